import path from 'node:path'
import type { Database } from '../batch/database.ts'
import { sqlString } from '../batch/database.ts'
import { gammaColumn, weightColumn } from '../batch/scoring.ts'
import { recordKeyOf } from '../core/record-key.ts'
import type { ErrorAnalysis, ErrorGroup } from '../evaluate/index.ts'
import type { LinkageModel } from '../model/index.ts'
import { priorWeight } from '../model/index.ts'

const EXAMPLES = 3
const GROUPS = 8

/**
 * Error analysis over the scored pairs of a run, which also returns every scored pair's weight and truth: each false match is attributed to the comparison level with the
 * largest positive weight, each missed match to the one with the largest negative weight, so a data scientist sees
 * which comparison (day/month swaps, transliterated names, …) drives the errors.
 */
export const analyseErrors = async (
  db: Database,
  outDir: string,
  model: LinkageModel,
  truth: ReadonlyMap<string, string>,
  threshold: number,
  truePairs: number,
): Promise<{ errors: ErrorAnalysis; scored: { weight: number; isMatch: boolean }[] }> => {
  const gammas = model.comparisons.map(gammaColumn)
  const weights = model.comparisons.map(weightColumn)
  const file = sqlString(path.join(outDir, 'pairs.parquet'))
  const falseMatches = new Map<string, ErrorGroup>()
  const missedMatches = new Map<string, ErrorGroup>()
  // The same pass gives the precision-recall curve its scored pairs, so the file is read once.
  const scored: { weight: number; isMatch: boolean }[] = []
  let truePositivesScored = 0
  const prior = priorWeight(model.prior)
  for await (const rows of db.chunks(
    `SELECT source_l, record_id_l, source_r, record_id_r, match_weight, ${[...gammas, ...weights].join(', ')} FROM read_parquet(${file})`,
  )) {
    for (const row of rows) {
      const [sl, il, sr, ir, w] = row
      const a = truth.get(recordKeyOf(String(sl), String(il)))
      const b = truth.get(recordKeyOf(String(sr), String(ir)))
      scored.push({ weight: Number(w), isMatch: a !== undefined && a === b })
      if (a === undefined || b === undefined) continue
      const same = a === b
      const linked = Number(w) >= threshold
      if (same) truePositivesScored++
      if (same === linked) continue
      const levels = model.comparisons.map((c, k) => {
        const gamma = Number(row[5 + k])
        const weight = Number(row[5 + gammas.length + k])
        return { label: `${c.name}: ${gamma < 0 ? 'null' : (c.levels[gamma]?.label ?? gamma)}`, weight }
      })
      const driver = levels.reduce((best, l) =>
        (linked ? l.weight > best.weight : l.weight < best.weight) ? l : best,
      )
      const groups = linked ? falseMatches : missedMatches
      const group = groups.get(driver.label) ?? { driver: driver.label, pairs: 0, examples: [] }
      group.pairs++
      if (group.examples.length < EXAMPLES) {
        group.examples.push({
          left: `${sl}:${il}`,
          right: `${sr}:${ir}`,
          matchWeight: Number(w),
          rows: [{ label: 'prior', weight: prior }, ...levels.filter((l) => l.weight !== 0)],
        })
      }
      groups.set(driver.label, group)
    }
  }
  const top = (m: Map<string, ErrorGroup>) =>
    [...m.values()].sort((x, y) => y.pairs - x.pairs).slice(0, GROUPS)
  return {
    errors: {
      falseMatches: top(falseMatches),
      missedMatches: top(missedMatches),
      missedNeverBlocked: Math.max(0, truePairs - truePositivesScored),
    },
    scored,
  }
}
