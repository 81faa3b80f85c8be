import { z } from 'zod'
import { readJsonFile } from '../core/json-file.ts'
import { sourceSettingsSchema } from '../sources/index.ts'

/**
 * The settings file of `justid link`: everything optional, so that no file at all gives good results from the
 * detected column roles. Unknown keys are rejected, so a misspelt setting is an error rather than silently ignored.
 */
export const linkSettingsSchema = z
  .object({
    sources: z.record(z.string(), sourceSettingsSchema).optional(),
    nameVariants: z.array(z.string()).optional(),
    blockingRules: z
      .array(z.object({ name: z.string().optional(), keys: z.array(z.string().min(1)).min(1) }).strict())
      .min(1)
      .optional(),
    maxPairsPerRule: z.number().int().positive().optional(),
    /** Match probability at or above which a pair joins two records into one person. */
    matchThreshold: z.number().gt(0).lt(1).optional(),
    /** Match probability from which a pair below the match threshold goes to human review. */
    reviewThreshold: z.number().gt(0).lt(1).optional(),
    seed: z.number().int().optional(),
    training: z
      .object({
        uSamplePairs: z.number().int().positive().optional(),
        emMaxIterations: z.number().int().positive().optional(),
        emTolerance: z.number().positive().optional(),
        emPairsPerSession: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()

export type LinkSettings = z.infer<typeof linkSettingsSchema>

export const loadLinkSettings = (file: string | undefined): Promise<LinkSettings> =>
  file ? readJsonFile(file, linkSettingsSchema, 'settings') : Promise.resolve({})
