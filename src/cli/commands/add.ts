import type { Command } from 'commander'
import { runAdd } from '../../link/run-add.ts'
import { formatIndexSummary } from '../../link/summary.ts'
import { parseSourceArg } from '../../sources/index.ts'
import { positiveInteger } from '../options.ts'
import { progressOnStderr } from '../progress.ts'

interface AddOptions {
  index: string
  settings?: string
  threads?: number
  memoryLimit?: string
}

export const registerAdd = (program: Command): void => {
  program
    .command('add')
    .description(
      'Link new or changed records into a person index with its stored model, without re-running the batch.',
    )
    .argument(
      '<source...>',
      'FILE or NAME=FILE (CSV or Parquet); NAME defaults to the file name without extension',
    )
    .requiredOption(
      '--index <path-or-url>',
      'the person index (a file or a postgres:// URL) written by justid link',
    )
    .option('--settings <file>', 'settings file (JSON): column roles of the sources, name variants')
    .option('--threads <n>', 'DuckDB worker threads (default: all cores)', positiveInteger('--threads'))
    .option('--memory-limit <size>', 'DuckDB memory limit before it spills to disk, e.g. 4GB', '4GB')
    .action(async (sourceArgs: string[], opts: AddOptions) => {
      const summary = await runAdd({
        sources: sourceArgs.map(parseSourceArg),
        index: opts.index,
        settingsFile: opts.settings,
        threads: opts.threads,
        memoryLimit: opts.memoryLimit,
        progress: progressOnStderr(),
      })
      const lines = [
        `Added ${summary.records.toLocaleString('en-GB')} records (${summary.updated.toLocaleString('en-GB')} replacing earlier copies) in ${summary.seconds.toFixed(1)} s`,
        `Candidate pairs scored: ${summary.candidatePairs.toLocaleString('en-GB')}`,
        ...formatIndexSummary(summary.index),
      ]
      process.stdout.write(`${lines.join('\n')}\n`)
    })
}
