import { existsSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { JustIdError } from '../core/errors.ts'
import { readJsonFile } from '../core/json-file.ts'
import { settleOutputs } from '../core/staging.ts'
import type { LinkageModel } from '../model/index.ts'
import { parseModel } from '../model/index.ts'

/*
 * Only the parts of run.json and evaluation.json the record reports are read; the rest (file paths above all, which
 * may name people or places) is dropped by the schemas, so it cannot leak into a published record.
 */
const runSchema = z.object({
  summary: z.object({
    sources: z.array(
      z.object({ name: z.string(), records: z.number(), unknownColumns: z.array(z.string()).default([]) }),
    ),
    records: z.number(),
    candidatePairs: z.number(),
    blocking: z.array(z.object({ rule: z.string(), pairs: z.number() })).default([]),
    training: z.discriminatedUnion('trained', [
      z.object({
        trained: z.literal(true),
        sessions: z.array(z.object({ rule: z.string(), iterations: z.number(), converged: z.boolean() })),
        neverTrained: z.array(z.string()).default([]),
      }),
      z.object({ trained: z.literal(false) }),
    ]),
    matchThreshold: z.number(),
    matches: z.number(),
    reviewPairs: z.number(),
    persons: z.number(),
    flagged: z.array(z.object({ reason: z.string(), clusters: z.number() })).default([]),
  }),
})

const interval = z.object({ low: z.number(), high: z.number() })

const groupMetricsSchema = z.object({
  group: z.string(),
  records: z.number(),
  truePairs: z.number(),
  recall: z.number(),
  recallInterval: interval,
  falseMatchRate: z.number(),
  falseMatchRateInterval: interval.optional(),
})

const ratesSchema = z.object({ precision: z.number(), recall: z.number(), f1: z.number() })

const evaluationSchema = z.object({
  matchThreshold: z.number(),
  records: z.number(),
  truePairs: z.number(),
  pairwise: ratesSchema,
  bCubed: ratesSchema,
  falseMatchRate: z.number(),
  groups: z
    .array(
      z.object({
        attribute: z.string(),
        overall: groupMetricsSchema,
        groups: z.array(groupMetricsSchema),
        gaps: z.array(z.string()),
      }),
    )
    .optional(),
})

/** What the record needs from run.json. */
export type TransparencyRun = z.output<typeof runSchema>
/** What the record needs from evaluation.json. */
export type TransparencyEvaluation = z.output<typeof evaluationSchema>

export interface LinkRunFiles {
  model: LinkageModel
  run: TransparencyRun
  evaluation?: TransparencyEvaluation
}

const required = (outDir: string, name: string, hint: string): string => {
  const file = path.join(outDir, name)
  if (!existsSync(file)) {
    throw new JustIdError('file_not_found', `${file} does not exist: ${hint}`)
  }
  return file
}

/**
 * Reads the link run in `outDir`: model.json and run.json must be there (written by `justid link`), evaluation.json
 * is read when `justid evaluate` has been run.
 */
export const readLinkRunFiles = async (outDir: string): Promise<LinkRunFiles> => {
  // A move of outputs a killed run began is finished, and files of two runs refused, before anything is read.
  await settleOutputs(outDir)
  const linkFirst = `is ${outDir} the output folder of a link run? Run \`justid link --out ${outDir} ...\` first`
  const modelFile = required(outDir, 'model.json', linkFirst)
  const runFile = required(outDir, 'run.json', linkFirst)
  const model = parseModel(await readJsonFile(modelFile, z.unknown(), 'model'), modelFile)
  const run = await readJsonFile(runFile, runSchema, `contents of ${runFile}`)
  const evaluationFile = path.join(outDir, 'evaluation.json')
  if (!existsSync(evaluationFile)) return { model, run }
  const evaluation = await readJsonFile(evaluationFile, evaluationSchema, `contents of ${evaluationFile}`)
  return { model, run, evaluation }
}
