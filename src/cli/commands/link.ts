import { type Command, Option } from 'commander'
import { LINK_TYPES } from '../../batch/pair-scope.ts'
import { JustIdError } from '../../core/errors.ts'
import { type DryRun, type LinkRequest, runLink } from '../../link/run-link.ts'
import { formatLinkSummary } from '../../link/summary.ts'
import { parseSourceArg } from '../../sources/index.ts'
import { positiveInteger } from '../options.ts'
import { progressOnStderr } from '../progress.ts'

/** The options as commander names them: the request's own, and the three files under their flag names. */
type LinkOptions = Omit<
  LinkRequest,
  'sources' | 'settingsFile' | 'modelFile' | 'outDir' | 'progress' | 'onWarning'
> & {
  settings?: string
  model?: string
  out: string
}

export const registerLink = (program: Command): void => {
  program
    .command('link')
    .description(
      'Link person records into persons. One source: de-duplicate it. Several: link them and de-duplicate each.',
    )
    .argument(
      '<source...>',
      'FILE or NAME=FILE (CSV or Parquet); NAME defaults to the file name without extension',
    )
    .option('--settings <file>', 'settings file (JSON): column roles, blocking rules, thresholds, training')
    .option('--model <file>', 'a trained model.json to reuse, skipping training')
    .requiredOption('--out <dir>', 'folder for clusters.csv, pairs.parquet, model.json and report.html')
    .option(
      '--index <path-or-url>',
      'person index to link into (a file, created if missing, or a postgres:// URL): Justice IDs persist across runs',
    )
    .option('--retrain', 'with --index: train a new model instead of reusing the one the index holds')
    .option(
      '--allow-removals',
      'with --index: let the run remove a whole source or more than 5% of the records the index holds',
    )
    .option(
      '--dry-run',
      'with --index: print the person events the run would write (tab-separated), and write nothing',
    )
    .option('--threads <n>', 'DuckDB worker threads (default: all cores)', positiveInteger('--threads'))
    .option(
      '--memory-limit <size>',
      "DuckDB memory limit before it spills to disk, e.g. 4GB (default: half the machine's memory)",
    )
    .option(
      '--max-temp-size <size>',
      'most temporary files DuckDB may write in --out, e.g. 20GB (default: half the free disk)',
    )
    .addOption(
      new Option(
        '--link-type <type>',
        'which pairs to compare: across sources and within each (default), only across sources (link_only), ' +
          'or only within each source (dedupe_only)',
      ).choices(LINK_TYPES),
    )
    .action(async (sourceArgs: string[], { settings, model, out, ...opts }: LinkOptions) => {
      if (sourceArgs.length === 0) throw new JustIdError('usage', 'give at least one source file to link')
      const summary = await runLink({
        ...opts,
        sources: sourceArgs.map(parseSourceArg),
        settingsFile: settings,
        modelFile: model,
        outDir: out,
        progress: progressOnStderr(),
        onWarning: (message) => process.stderr.write(`justid: warning: ${message}\n`),
      })
      if (summary.dryRun) {
        const { events, summary: said } = formatDryRun(summary.dryRun)
        process.stdout.write(events)
        process.stderr.write(said)
        return
      }
      process.stdout.write(formatLinkSummary(summary))
    })
}

/**
 * A dry run's events, one a line, tab-separated, for stdout; and what the run would remove, for stderr. Record
 * keys and reasons, never values.
 */
const formatDryRun = (dry: DryRun): { events: string; summary: string } => {
  const n = (x: number) => x.toLocaleString('en-GB')
  const lines = ['justice_id\tevent\trecord\tother_justice_id\treason']
  for (const e of dry.events)
    lines.push([e.justiceId, e.kind, e.recordKey ?? '', e.otherJusticeId ?? '', e.reason].join('\t'))
  const { removals } = dry
  const bySource = removals.bySource.map((s) => `${s.source}: ${n(s.removed)} of ${n(s.held)}`).join('; ')
  return {
    events: `${lines.join('\n')}\n`,
    summary:
      `dry run: ${n(dry.events.length)} person events would be written and ${n(removals.removed)} of ` +
      `${n(removals.held)} records removed${bySource ? ` (${bySource})` : ''}; nothing was written\n`,
  }
}
