import { contact } from './contact.ts'
import { historic } from './historic.ts'
import { heavy, justice } from './justice.ts'
import { nodob } from './nodob.ts'
import { parts } from './parts.ts'
import type { Profile } from './profile.ts'
import { registers } from './registers.ts'

export type { Profile, ProfileOptions } from './profile.ts'

/** Every kind of data `justid synth --profile NAME` writes; justice is the default. */
export const profiles: readonly Profile[] = [justice, heavy, historic, contact, parts, nodob, registers]

export const profileNames = profiles.map((p) => p.name)

export const findProfile = (name: string): Profile | undefined => profiles.find((p) => p.name === name)

/** The profiles as `justid synth --help` lists them. */
export const profileHelp = (): string =>
  profiles.map((p) => `  ${p.name.padEnd(10)} ${p.description}`).join('\n')
