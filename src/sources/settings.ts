import { z } from 'zod'
import { COLUMN_ROLES } from './roles.ts'

/** Per-source settings: which column is the record id, and roles for columns that detection gets wrong. */
export const sourceSettingsSchema = z
  .object({
    /** The header of the column holding the record id, unique per row. */
    recordId: z.string().min(1).optional(),
    /** Header → role, overriding detection; 'ignore' leaves a column out of the records entirely. */
    columns: z.record(z.string(), z.enum([...COLUMN_ROLES, 'ignore'])).optional(),
    /**
     * How the source writes its birth dates when the values cannot show it (every day 12 or less in the rows
     * sampled): day first (dd/mm/yyyy, as the UK writes them) or month first (mm/dd/yyyy, as US systems do).
     */
    dateOrder: z.enum(['dayFirst', 'monthFirst']).optional(),
  })
  .strict()

export type SourceSettings = z.infer<typeof sourceSettingsSchema>
