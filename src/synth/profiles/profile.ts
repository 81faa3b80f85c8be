import { citizens, type Population, type Relatives } from '../citizen.ts'
import type { CustodyOptions } from '../index.ts'
import type { Person } from '../person.ts'
import {
  createProfileOutput,
  type ProfileFile,
  type ProfileManifest,
  type ProfileOutput,
} from '../profile-output.ts'
import { createRandom, type Random } from '../random.ts'

export interface ProfileOptions {
  people: number
  seed: number
  outDir: string
  onProgress?: (peopleDone: number) => void
  /** Incidents in custody too (justice-like profiles only). */
  custody?: CustodyOptions
}

/**
 * A kind of data `justid synth --profile NAME` writes: extracts shaped like those of a system other than ours, so
 * the defaults are developed and judged on more than one shape of data.
 */
export interface Profile {
  name: string
  /** One sentence for `justid synth --help` and docs/synth.md. */
  description: string
  /** The files written and their columns (record id first). */
  schema: readonly { file: string; columns: readonly string[] }[]
  /** The rates that make records differ from the truth, by name, as documented. */
  errors: Readonly<Record<string, number>>
  /** Which pairs a linkage of these files should compare: two clean registers are linked only across files. */
  linkType: ProfileManifest['linkType']
  write(opts: ProfileOptions): Promise<ProfileManifest>
}

/** A profile whose people are drawn one after another from one population, each writing its own records. */
export interface PeopleProfile extends Omit<Profile, 'schema' | 'write' | 'errors'> {
  /** The files, each with its header (record id first), record ids and truth column. */
  files: readonly ProfileFile[]
  /** The rates, by name; they also say how often relatives appear (`Relatives`). */
  errors: Readonly<Record<string, number>> & Relatives
  population: Population
  /** Adds one person's records to the output, drawing from the run's one random stream. */
  recordsOf(random: Random, person: Person, out: ProfileOutput): void
}

/** Progress is told every this many people. */
const PROGRESS_EVERY = 1000

/** A profile of people drawn from one population: the seeded stream, the files and progress are the same for all. */
export const peopleProfile = (definition: PeopleProfile): Profile => {
  const { files, population, recordsOf, ...described } = definition
  const profile: Profile = {
    ...described,
    schema: files.map((f) => ({ file: f.file, columns: f.header })),
    async write({ people, seed, outDir, onProgress }) {
      const random = createRandom(seed)
      const out = await createProfileOutput(outDir, files, profile, { seed, people })
      let done = 0
      for (const person of citizens(random, people, population, definition.errors)) {
        recordsOf(random, person, out)
        done++
        if (onProgress && done % PROGRESS_EVERY === 0) onProgress(done)
      }
      return out.close()
    },
  }
  return profile
}
