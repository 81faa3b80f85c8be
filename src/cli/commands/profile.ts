import type { Command } from 'commander'
import { JustIdError } from '../../core/errors.ts'
import { loadLinkSettings } from '../../link/settings.ts'
import { KIND_IN_WORDS } from '../../sources/column-content.ts'
import { parseSourceArg } from '../../sources/index.ts'
import type { SourceProfile } from '../../sources/profile-source.ts'
import { profileSources } from '../../sources/profile-source.ts'
import { positiveInteger } from '../options.ts'

interface ProfileOptions {
  settings?: string
  json?: boolean
  rows: number
}

const n = (x: number): string => x.toLocaleString('en-GB')
const percent = (x: number): string => `${(100 * x).toFixed(1)}%`

const formatProfile = (p: SourceProfile): string[] => {
  const lines = [
    `${p.source} (${p.file}): ${n(p.rows)} rows${p.wholeFile ? '' : ' read (the first; --rows reads more)'}, ` +
      `record ids: ${p.recordId === null ? 'the row number' : `${p.recordId} (${p.recordIdReason})`}`,
  ]
  for (const c of p.columns) {
    const reason = `${c.reason}${c.guess ? ', a guess' : ''}`
    const kind = c.content ? `, values look like ${KIND_IN_WORDS[c.content]}` : ''
    lines.push(`  ${c.header}: ${c.role} (${reason}${kind})`)
    lines.push(`    ${c.use}`)
    lines.push(`    complete ${percent(c.completeness)}, ${n(c.distinct)} distinct values`)
    if (c.top.length > 0)
      lines.push(`    top: ${c.top.map((t) => `${JSON.stringify(t.value)} ${n(t.count)}`).join(', ')}`)
  }
  return lines
}

export const registerProfile = (program: Command): void => {
  program
    .command('profile')
    .description(
      'Show what JustID understands of each column of the sources, without linking: the role it will give it and why, how complete it is, its distinct and most frequent values, and what will be done with it.',
    )
    .argument('<source...>', 'FILE or NAME=FILE (CSV or Parquet), as for `justid link`')
    .option('--settings <file>', 'settings file (JSON), as for `justid link`: its column roles apply')
    .option('--json', 'machine-readable output')
    .option('--rows <n>', 'rows of each file to read for the figures', positiveInteger('--rows'), 100_000)
    .action(async (sourceArgs: string[], opts: ProfileOptions) => {
      if (sourceArgs.length === 0) throw new JustIdError('usage', 'give at least one source file to profile')
      const settings = await loadLinkSettings(opts.settings)
      const profiles = await profileSources(
        sourceArgs.map(parseSourceArg),
        (name) => settings.sources?.[name],
        opts.rows,
      )
      process.stdout.write(
        opts.json
          ? `${JSON.stringify({ sources: profiles }, null, 2)}\n`
          : `${profiles.flatMap(formatProfile).join('\n')}\n`,
      )
    })
}
