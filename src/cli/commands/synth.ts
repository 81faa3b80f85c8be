import { type Command, Option } from 'commander'
import { findProfile, profileHelp, profileNames } from '../../synth/profiles/index.ts'
import { integer, positiveInteger } from '../options.ts'
import { progressOnStderr } from '../progress.ts'

export const registerSynth = (program: Command): void => {
  program
    .command('synth')
    .description(
      'Write synthetic extracts with a truth file (no real people): justice extracts by default, or data shaped like that of other systems (--profile).',
    )
    .requiredOption('--people <n>', 'number of people to generate', positiveInteger('--people'))
    .option('--seed <s>', 'random seed: the same seed gives the same files', integer('--seed'), 1)
    .requiredOption('--out <dir>', 'folder to write the files into')
    .addOption(
      new Option('--profile <name>', 'the kind of data to write (see Profiles below)')
        .choices(profileNames)
        .default('justice'),
    )
    .addHelpText('after', `\nProfiles:\n${profileHelp()}\n`)
    .action(async (opts: { people: number; seed: number; out: string; profile: string }) => {
      // commander has checked the name against the choices.
      const profile = findProfile(opts.profile)!
      const progress = progressOnStderr()
      progress.stage('generating people', opts.people)
      const started = performance.now()
      const manifest = await profile.write({
        people: opts.people,
        seed: opts.seed,
        outDir: opts.out,
        onProgress: (n) => progress.update(n),
      })
      progress.end()
      const n = (x: number) => x.toLocaleString('en-GB')
      process.stdout.write(
        `Wrote ${n(manifest.records)} records for ${n(manifest.people)} people (profile ${profile.name}) ` +
          `in ${((performance.now() - started) / 1000).toFixed(1)} s:\n` +
          manifest.files.map((f) => `  ${f.source.padEnd(14)} ${n(f.records)} records\n`).join('') +
          `True pairs: ${n(manifest.truePairs)}; truth in truth.csv` +
          (manifest.truthColumn ? ` and the ${manifest.truthColumn} column` : '') +
          `; profile.json describes the files.\nFolder: ${opts.out}\n`,
      )
    })
}
