export { fairnessSection } from './fairness.ts'
export type { LinkReportData, PairValue } from './link-report-data.ts'
export { renderLinkReport } from './render.ts'
