import { z } from 'zod'
import { JustIdError } from '../core/errors.ts'
import type { Condition } from './conditions.ts'
import type { GuardConstraint, LinkageModel } from './model.ts'

const column = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a column name: lower case letters, digits and _')

const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('null'), columns: z.array(column).min(1) }).strict(),
    z.object({ kind: z.literal('exact'), column }).strict(),
    z.object({ kind: z.literal('jaroWinkler'), column, atLeast: z.number().min(0).max(1) }).strict(),
    z.object({ kind: z.literal('levenshtein'), column, atMost: z.number().int().min(0) }).strict(),
    z.object({ kind: z.literal('damerauLevenshtein'), column, atMost: z.number().int().min(0) }).strict(),
    z.object({ kind: z.literal('tokenJaccard'), column, atLeast: z.number().min(0).max(1) }).strict(),
    z.object({ kind: z.literal('listOverlap'), column }).strict(),
    z
      .object({
        kind: z.literal('swapped'),
        columns: z.tuple([column, column]),
        atMost: z.number().int().nonnegative().optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('inTokens'),
        column,
        list: column,
        except: column.optional(),
        atMost: z.number().int().nonnegative().optional(),
      })
      .strict(),
    z.object({ kind: z.literal('initial'), column }).strict(),
    z.object({ kind: z.literal('eitherIn'), column, values: z.array(z.string()).min(1) }).strict(),
    z.object({ kind: z.literal('pairIn'), column, pairs: z.array(z.string().includes('|')) }).strict(),
    z.object({ kind: z.literal('dayMonthSwapped'), column }).strict(),
    z.object({ kind: z.literal('numberWithin'), column, atMost: z.number().min(0) }).strict(),
    z.object({ kind: z.literal('dateWithinDays'), column, days: z.number().int().min(0) }).strict(),
    z.object({ kind: z.literal('dateWithinYears'), column, years: z.number().int().min(0) }).strict(),
    z.object({ kind: z.literal('and'), all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ kind: z.literal('or'), any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ kind: z.literal('not'), condition: conditionSchema }).strict(),
    z.object({ kind: z.literal('else') }).strict(),
  ]),
)

const constraintOfEarlierModels = (name: string): GuardConstraint =>
  name === 'likely_relatives' ? 'likely_relatives' : name === 'generations_apart' ? 'none' : 'cannot_link'

const probability = z.number().gt(0).lt(1)
/** m and u may be 0 or 1 in a hand-written model: the arithmetic clamps them (see fellegi-sunter.ts). */
const share = z.number().min(0).max(1)

const levelSchema = z
  .object({
    label: z.string().min(1),
    condition: conditionSchema,
    isNull: z.boolean().optional(),
    trainingCondition: conditionSchema.optional(),
    m: share.optional(),
    u: share.optional(),
    tf: z
      .object({ column, weight: z.number().min(0).max(1).default(1), minU: share.default(1e-6) })
      .strict()
      .optional(),
  })
  .strict()

export const modelSchema = z
  .object({
    version: z.literal(1),
    prior: probability,
    comparisons: z
      .array(
        z
          .object({ name: z.string().min(1), description: z.string(), levels: z.array(levelSchema).min(2) })
          .strict()
          .refine(
            (c) => c.levels[0]?.isNull === true,
            'the first level of a comparison must be its null level',
          )
          .refine(
            (c) => c.levels.slice(1).every((l) => !l.isNull),
            'only the first level may be the null level',
          )
          .refine(
            (c) => c.levels.slice(1).every((l) => l.m !== undefined && l.u !== undefined),
            'every level but the null level needs m and u',
          ),
      )
      .min(1),
    guards: z.array(
      z
        .object({
          name: z.string().min(1),
          description: z.string(),
          when: conditionSchema,
          unless: conditionSchema.optional(),
          capWeight: z.number(),
          constraint: z.enum(['cannot_link', 'likely_relatives', 'none']).optional(),
          relatives: z.enum(['twins', 'parent_and_child']).optional(),
        })
        .strict()
        // Model files written before guards declared their constraint: as clustering then read it from the name.
        .transform((g) => ({ ...g, constraint: g.constraint ?? constraintOfEarlierModels(g.name) })),
    ),
    // A rule without keys proposes every pair: a model with no keyed rule, or one written before allPairsWhenFew.
    blockingRules: z
      .array(
        z
          .object({
            name: z.string(),
            keys: z.array(column),
            undatedOnly: z.boolean().optional(),
            maxBlock: z.number().int().min(2).optional(),
          })
          .strict(),
      )
      .min(1),
    allPairsWhenFew: z.boolean().optional(),
    thresholds: z
      .object({ match: probability, reviewLow: probability })
      .strict()
      .refine((t) => t.reviewLow <= t.match, 'reviewLow must not be above match'),
    sexFromForename: z
      .object({ male: z.array(z.string().min(1)), female: z.array(z.string().min(1)) })
      .strict()
      .optional(),
    training: z.unknown().optional(),
  })
  .strict()

/** Validates a model file's JSON, naming the path of every bad field. */
export const parseModel = (json: unknown, file: string): LinkageModel => {
  const parsed = modelSchema.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`)
    throw new JustIdError('invalid_model', `${file} is not a valid JustID model: ${problems.join('; ')}`)
  }
  return parsed.data as LinkageModel
}

/** Six significant digits, unless that would round a share onto 0 or 1 (which a reload would read as certainty). */
const round = (x: number): number => {
  const rounded = Number(x.toPrecision(6))
  return (rounded >= 1 && x < 1) || (rounded <= 0 && x > 0) ? x : rounded
}

/** Stable, readable JSON: two-space indent, m and u to six significant digits. */
export const serialiseModel = (model: LinkageModel): string =>
  `${JSON.stringify(
    {
      ...model,
      prior: round(model.prior),
      comparisons: model.comparisons.map((c) => ({
        ...c,
        levels: c.levels.map((l) => ({
          ...l,
          ...(l.m !== undefined ? { m: round(l.m) } : {}),
          ...(l.u !== undefined ? { u: round(l.u) } : {}),
        })),
      })),
    },
    null,
    2,
  )}\n`
