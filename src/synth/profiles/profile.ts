import type { CustodyOptions } from '../index.ts'
import type { ProfileManifest } from '../profile-output.ts'

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
