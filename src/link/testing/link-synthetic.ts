import path from 'node:path'
import type { Progress } from '../progress.ts'
import { runLink } from '../run-link.ts'

/** Progress that prints nothing, for runs inside tests. */
export const quiet: Progress = { stage: () => {}, update: () => {}, end: () => {} }

/** Links the court, prison and probation extracts `justid synth` wrote in `data`, quietly; into `index` when given. */
export const linkSynthExtracts = (data: string, outDir: string, index?: string) =>
  runLink({
    sources: ['court', 'prison', 'probation'].map((name) => ({ name, file: path.join(data, `${name}.csv`) })),
    ...(index ? { index } : {}),
    outDir,
    progress: quiet,
    onWarning: () => {},
  })
