export { renderFairnessSection } from './fairness.ts'
export type { LinkReportData } from './link-report-data.ts'
export { renderLinkReport } from './render.ts'
