import { type Command, InvalidArgumentError, Option } from 'commander'
import { JustIdError } from '../../core/errors.ts'
import type { CustodyOptions } from '../../synth/index.ts'
import { originMix } from '../../synth/names/origin.ts'
import { findProfile, profileHelp, profileNames } from '../../synth/profiles/index.ts'
import { integer, positiveInteger } from '../options.ts'
import { progressOnStderr } from '../progress.ts'

interface SynthCliOptions {
  people: number
  seed: number
  out: string
  profile: string
  custody?: boolean
  custodyRecordingBias?: NonNullable<CustodyOptions['recordingBias']>
}

/** The profiles whose people have custody periods to draw incidents in. */
const CUSTODY_PROFILES = ['justice', 'heavy']

const recordingBias = (value: string): NonNullable<CustodyOptions['recordingBias']> => {
  const [group, factor] = value.split(':')
  const groups = originMix.map(([g]) => g)
  const f = Number(factor)
  if (!groups.includes(group as (typeof groups)[number]) || !(f >= 1 && f <= 10))
    throw new InvalidArgumentError(
      `--custody-recording-bias takes GROUP:FACTOR, GROUP one of ${groups.join(', ')} and FACTOR from 1 to 10`,
    )
  return { group: group as (typeof groups)[number], factor: f }
}

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
    .option(
      '--custody',
      'also write incidents in custody (custody-events.csv) and their truth (custody-truth.csv)',
    )
    .option(
      '--custody-recording-bias <group:factor>',
      'with --custody: record the incidents of one name-origin group factor times as often as they happen',
      recordingBias,
    )
    .addHelpText('after', `\nProfiles:\n${profileHelp()}\n`)
    .action(async (opts: SynthCliOptions) => {
      // commander has checked the name against the choices.
      const profile = findProfile(opts.profile)!
      const custody: CustodyOptions | undefined =
        opts.custody || opts.custodyRecordingBias ? { recordingBias: opts.custodyRecordingBias } : undefined
      if (custody && !CUSTODY_PROFILES.includes(profile.name))
        throw new JustIdError('usage', `--custody works with the profiles ${CUSTODY_PROFILES.join(', ')}`)
      const progress = progressOnStderr()
      progress.stage('generating people', opts.people)
      const started = performance.now()
      const manifest = await profile.write({
        people: opts.people,
        seed: opts.seed,
        outDir: opts.out,
        onProgress: (n) => progress.update(n),
        custody,
      })
      progress.end()
      const n = (x: number) => x.toLocaleString('en-GB')
      process.stdout.write(
        `Wrote ${n(manifest.records)} records for ${n(manifest.people)} people (profile ${profile.name}) ` +
          `in ${((performance.now() - started) / 1000).toFixed(1)} s:\n` +
          manifest.files.map((f) => `  ${f.source.padEnd(14)} ${n(f.records)} records\n`).join('') +
          `True pairs: ${n(manifest.truePairs)}; truth in truth.csv` +
          (manifest.truthColumn ? ` and the ${manifest.truthColumn} column` : '') +
          `; profile.json describes the files.\n` +
          (custody
            ? 'Incidents in custody in custody-events.csv (load with justid events load), their truth in custody-truth.csv.\n'
            : '') +
          `Folder: ${opts.out}\n`,
      )
    })
}
