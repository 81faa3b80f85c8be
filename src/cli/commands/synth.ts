import type { Command } from 'commander'
import { writeSyntheticData } from '../../synth/index.ts'
import { integer, positiveInteger } from '../options.ts'
import { progressOnStderr } from '../progress.ts'

export const registerSynth = (program: Command): void => {
  program
    .command('synth')
    .description('Write synthetic court, prison and probation extracts with a truth file (no real people).')
    .requiredOption('--people <n>', 'number of people to generate', positiveInteger('--people'))
    .option('--seed <s>', 'random seed: the same seed gives the same files', integer('--seed'), 1)
    .requiredOption('--out <dir>', 'folder to write the files into')
    .action(async (opts: { people: number; seed: number; out: string }) => {
      const progress = progressOnStderr()
      progress.stage('generating people', opts.people)
      const summary = await writeSyntheticData(
        { people: opts.people, seed: opts.seed, outDir: opts.out },
        (n) => progress.update(n),
      )
      progress.end()
      const total = Object.values(summary.records).reduce((a, b) => a + b, 0)
      process.stdout.write(
        `Wrote ${total.toLocaleString('en-GB')} records for ${summary.people.toLocaleString('en-GB')} people ` +
          `in ${summary.seconds.toFixed(1)} s:\n` +
          Object.entries(summary.records)
            .map(([source, n]) => `  ${source.padEnd(10)} ${n.toLocaleString('en-GB')} records\n`)
            .join('') +
          `Files: ${summary.files.join(', ')}\n`,
      )
    })
}
