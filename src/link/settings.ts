import { z } from 'zod'
import { LINK_TYPES } from '../batch/pair-scope.ts'
import { JustIdError } from '../core/errors.ts'
import { readJsonFile } from '../core/json-file.ts'
import {
  LEVEL_PHRASES,
  LIBRARY_COMPARISON_NAMES,
  levelOf,
  libraryComparison,
} from '../model/comparison-library.ts'
import type { Comparison } from '../model/index.ts'
import { sourceSettingsSchema } from '../sources/index.ts'

/** A comparison from the library for a column of the records table, with its levels chosen by phrase. */
const comparisonSettingsSchema = z
  .object({
    /** The records-table column compared (as blocking rules name them: surname, email, attr_birth_place). */
    column: z.string().min(1),
    comparison: z.enum(LIBRARY_COMPARISON_NAMES),
    /** The comparison's name; a default comparison of that name is replaced. The column by default. */
    name: z.string().min(1).optional(),
    levels: z
      .array(
        z.string().refine((phrase) => levelOf(phrase, 'column') !== undefined, {
          error: `not a comparison level; levels are written as: ${LEVEL_PHRASES.join('; ')} (N a number)`,
        }),
      )
      .min(1)
      .optional(),
  })
  .strict()

/**
 * The settings file of `justid link`: everything optional, so that no file at all gives good results from the
 * detected column roles. Unknown keys are rejected, so a misspelt setting is an error rather than silently ignored.
 */
export const linkSettingsSchema = z
  .object({
    sources: z.record(z.string(), sourceSettingsSchema).optional(),
    nameVariants: z.array(z.string()).optional(),
    /** Comparisons added to the defaults, or replacing the default of the same name. */
    comparisons: z.array(comparisonSettingsSchema).optional(),
    blockingRules: z
      .array(z.object({ name: z.string().optional(), keys: z.array(z.string().min(1)).min(1) }).strict())
      .min(1)
      .optional(),
    maxPairsPerRule: z.number().int().positive().optional(),
    /** Pairs across sources and within each (default), only across sources, or only within each source. */
    linkType: z.enum(LINK_TYPES).optional(),
    /** Match probability at or above which a pair joins two records into one person. */
    matchThreshold: z.number().gt(0).lt(1).optional(),
    /** Match probability from which a pair below the match threshold goes to human review. */
    reviewThreshold: z.number().gt(0).lt(1).optional(),
    seed: z.number().int().optional(),
    /**
     * Give a record with no sex the sex its forename bears in the run's records (src/model/sex-from-forename.ts);
     * true by default. Read when a model is trained: a reused model keeps its own.
     */
    sexFromForename: z.boolean().optional(),
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
  .refine(
    (s) =>
      s.reviewThreshold === undefined ||
      s.matchThreshold === undefined ||
      s.reviewThreshold <= s.matchThreshold,
    {
      path: ['reviewThreshold'],
      error: 'reviewThreshold must not be above matchThreshold (pairs between the two go to review)',
    },
  )

export type LinkSettings = z.infer<typeof linkSettingsSchema>

export const loadLinkSettings = (file: string | undefined): Promise<LinkSettings> =>
  file ? readJsonFile(file, linkSettingsSchema, 'settings') : Promise.resolve({})

/**
 * The thresholds a run will use, once the settings, a model and the defaults are combined: a review threshold above
 * the match threshold would be stored in the model and make the index unusable, so it is refused before any work.
 */
export const checkThresholds = (
  match: { value: number; from: string },
  review: { value: number; from: string },
): void => {
  if (review.value > match.value)
    throw new JustIdError(
      'invalid_settings',
      `reviewThreshold (${review.value}, ${review.from}) is above matchThreshold (${match.value}, ${match.from}): ` +
        'the review threshold must be at or below the match threshold',
    )
}

/**
 * The settings file's comparisons as model comparisons, once the records table's columns are known: a column the
 * records do not have is an error naming the file and the key, with the columns that can be compared.
 */
export const settingsComparisons = (
  settings: LinkSettings,
  columns: ReadonlySet<string>,
  file: string | undefined,
): Comparison[] =>
  (settings.comparisons ?? []).map((spec, i) => {
    if (!columns.has(spec.column)) {
      const usable = [...columns].filter((c) => !['rid', 'source', 'record_id'].includes(c)).sort()
      throw new JustIdError(
        'invalid_settings',
        `${file}: comparisons.${i}.column: the records have no column "${spec.column}"; columns that can be compared: ${usable.join(', ')}`,
      )
    }
    return libraryComparison(spec)
  })
