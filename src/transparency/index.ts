export type { LinkRunFiles, TransparencyEvaluation, TransparencyRun } from './inputs.ts'
export { readLinkRunFiles } from './inputs.ts'
export type {
  FieldSource,
  FieldToComplete,
  FieldValue,
  TransparencyField,
  TransparencyInput,
  TransparencyRecord,
  TransparencySection,
} from './record.ts'
export { buildTransparencyRecord, fieldsToComplete } from './record.ts'
export { renderTransparencyHtml } from './render.ts'
export type { TransparencyRequest, TransparencyResult } from './write.ts'
export { TRANSPARENCY_OUTPUTS, writeTransparencyRecord } from './write.ts'
