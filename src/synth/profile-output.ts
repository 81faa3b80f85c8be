import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { csvLine, openCsvFile } from './csv.ts'
import type { Person } from './person.ts'
import type { Profile } from './profiles/profile.ts'
import { createRandom } from './random.ts'

/** One extract a profile writes. */
export interface ProfileFile {
  /** File name; its stem is the source name in truth.csv, as `justid link` names sources. */
  file: string
  /** Every column, the record id first; the truth column, if any, last. */
  header: readonly string[]
  recordId: (n: number) => string
  /** Extracts made for testing linkage often carry the true person in a column (`cluster`). */
  truthColumn?: string
}

/** What a profile's data is, for whoever links and measures it (the benchmark reads it). */
export interface ProfileManifest {
  profile: string
  description: string
  seed: number
  people: number
  records: number
  files: { file: string; source: string; records: number; recordIdColumn: string }[]
  truth: 'truth.csv'
  truthColumn: string | null
  /** Pairs of records of the same person, over all files. */
  truePairs: number
  /** link_only: each person at most once per file, so true pairs are only across files. */
  linkType: 'link_and_dedupe' | 'link_only'
}

export const writeManifest = async (outDir: string, manifest: ProfileManifest): Promise<void> => {
  await writeFile(path.join(outDir, 'profile.json'), `${JSON.stringify(manifest, null, 2)}\n`)
}

/** Pairs among each person's records: sum of k(k-1)/2. */
export const pairsWithin = (recordsPerPerson: Iterable<number>): number => {
  let pairs = 0
  for (const k of recordsPerPerson) pairs += (k * (k - 1)) / 2
  return pairs
}

interface Row {
  person: Person
  body: readonly string[]
}

export interface ProfileOutput {
  /** A record of `person` for file number `file`: every column but the id and the truth column. */
  add(file: number, person: Person, body: readonly string[]): void
  /** Shuffles each file's rows, gives them ids, writes the files, truth.csv and profile.json. */
  close(): Promise<ProfileManifest>
}

/**
 * Rows are kept in memory until the end, then shuffled, so a person's records are not next to each other as in a
 * real extract. The profiles are for development sizes (thousands to a few hundred thousand records), unlike the
 * justice generator, which streams a million.
 */
export const createProfileOutput = async (
  outDir: string,
  files: readonly ProfileFile[],
  profile: Pick<Profile, 'name' | 'description' | 'linkType'>,
  { seed, people }: { seed: number; people: number },
): Promise<ProfileOutput> => {
  const meta = {
    profile: profile.name,
    description: profile.description,
    seed,
    people,
    linkType: profile.linkType,
  }
  await mkdir(outDir, { recursive: true })
  const rows: Row[][] = files.map(() => [])
  return {
    add(file, person, body) {
      const expected = files[file]!.header.length - 1 - (files[file]!.truthColumn ? 1 : 0)
      if (body.length !== expected)
        throw new RangeError(`${files[file]!.file}: a row of ${body.length} fields, not ${expected}`)
      rows[file]!.push({ person, body })
    },
    async close() {
      // A stream of its own, as in the justice generator, so the order never changes the people drawn.
      const order = createRandom(seed ^ 0x5bd1e995)
      const truth = openCsvFile(path.join(outDir, 'truth.csv'), [
        'source',
        'record_id',
        'person_id',
        'name_origin',
        'sex',
      ])
      const perPerson = new Map<string, number>()
      const written: ProfileManifest['files'] = []
      for (const [i, spec] of files.entries()) {
        const list = rows[i]!
        for (let j = list.length - 1; j > 0; j--) {
          const k = order.int(0, j)
          ;[list[j], list[k]] = [list[k]!, list[j]!]
        }
        const source = spec.file.replace(/\.csv$/, '')
        const out = openCsvFile(path.join(outDir, spec.file), spec.header)
        for (const [n, row] of list.entries()) {
          const id = spec.recordId(n)
          const p = row.person
          out.write(csvLine(spec.truthColumn ? [id, ...row.body, p.id] : [id, ...row.body]))
          truth.write(csvLine([source, id, p.id, p.origin, p.sex]))
          perPerson.set(p.id, (perPerson.get(p.id) ?? 0) + 1)
          await out.flushIfFull()
          await truth.flushIfFull()
        }
        await out.close()
        written.push({ file: spec.file, source, records: list.length, recordIdColumn: spec.header[0]! })
      }
      await truth.close()
      const manifest: ProfileManifest = {
        ...meta,
        records: written.reduce((a, f) => a + f.records, 0),
        files: written,
        truth: 'truth.csv',
        truthColumn: files.find((f) => f.truthColumn)?.truthColumn ?? null,
        truePairs: pairsWithin(perPerson.values()),
      }
      await writeManifest(outDir, manifest)
      return manifest
    },
  }
}
