import path from 'node:path'
import { type ErrorRates, writeSyntheticData } from '../index.ts'
import { writeManifest } from '../profile-output.ts'
import { courtHeader, prisonHeader, probationHeader } from '../records.ts'
import type { Profile, ProfileOptions } from './profile.ts'

const schema = [
  { file: 'court.csv', columns: courtHeader },
  { file: 'prison.csv', columns: prisonHeader },
  { file: 'probation.csv', columns: probationHeader },
] as const

/** The justice generator with some rates replaced, and profile.json beside its files. */
const justiceLike = async (
  profile: Pick<Profile, 'name' | 'description' | 'linkType'>,
  rates: Partial<ErrorRates>,
  { people, seed, outDir, onProgress, custody }: ProfileOptions,
) => {
  const summary = await writeSyntheticData({ people, seed, outDir, rates, custody }, onProgress)
  const manifest = {
    profile: profile.name,
    description: profile.description,
    seed,
    people: summary.people,
    records: Object.values(summary.records).reduce((a, b) => a + b, 0),
    files: schema.map(({ file, columns }) => ({
      file,
      source: path.basename(file, '.csv'),
      records: summary.records[path.basename(file, '.csv') as keyof typeof summary.records],
      recordIdColumn: columns[0]!,
    })),
    truth: 'truth.csv' as const,
    truthColumn: null,
    truePairs: summary.truePairs,
    linkType: profile.linkType,
  }
  await writeManifest(outDir, manifest)
  return manifest
}

export const justice: Profile = {
  name: 'justice',
  description:
    'Court, prison and probation extracts in three justice schemas with PNC, CRO and NI numbers, about 2 ' +
    'records a person, light corruption and hard non-matches (twins, namesakes), as docs/synth.md describes.',
  schema,
  errors: {},
  linkType: 'link_and_dedupe',
  write: (opts) => justiceLike(justice, {}, opts),
}

/** Several records a person and about half of the name fields with an error. */
const heavyRates = {
  repeatCourtAppearance: 0.5,
  prisonReadmission: 0.4,
  probationDuplicate: 0.4,
  nameTypo: 0.35,
  namePhonetic: 0.1,
  nameOcr: 0.05,
  missingMiddleName: 0.5,
  nickname: 0.25,
  forenameSurnameSwap: 0.05,
  dobDayMonthSwap: 0.15,
  dobDigitTypo: 0.15,
  dobMissing: 0.1,
  sexMissing: 0.2,
  postcodeMissing: 0.3,
  addressMissing: 0.3,
  identifierTypo: 0.05,
  identifierJunk: 0.05,
  courtPnc: 0.2,
  prisonPnc: 0.5,
  probationPnc: 0.3,
} as const satisfies Partial<ErrorRates>

export const heavy: Profile = {
  name: 'heavy',
  description:
    'Justice extracts (court, prison, probation schemas) with several records a person and heavy corruption: ' +
    'typos in about half the name fields, day and month transposed, missing birth dates, postcodes and sex, ' +
    'fewer and more mistyped identifiers.',
  schema,
  errors: heavyRates,
  linkType: 'link_and_dedupe',
  write: (opts) => justiceLike(heavy, heavyRates, opts),
}
