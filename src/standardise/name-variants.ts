import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { JustIdError } from '../core/errors.ts'
import { foldText } from './text.ts'

/** Nickname, diminutive and transliteration groups: every spelling in a group maps to the group's canonical name. */
export interface NameVariants {
  groupOf(name: string): string | null
  readonly size: number
}

const SHIPPED = fileURLToPath(new URL('../../data/name-variants.csv', import.meta.url))

/** Parses the `canonical,variant,...` format: one group per line, `#` starts a comment line. */
export const parseNameVariants = (text: string, file: string, into = new Map<string, string>()): Map<string, string> => {
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return
    const names = trimmed.split(',').map((n) => foldText(n))
    if (names.length < 2 || names.some((n) => n === '')) {
      throw new JustIdError(
        'invalid_settings',
        `${file}, line ${i + 1}: a name variant line is "canonical,variant,..." with at least two non-empty names`,
      )
    }
    const canonical = into.get(names[0]!) ?? names[0]!
    for (const n of names) if (!into.has(n)) into.set(n, canonical)
  })
  return into
}

const readText = (file: string): string => {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    throw new JustIdError('file_not_found', `cannot read the name variants file ${file}`)
  }
}

/** The shipped table plus any user files in the same format (later files extend earlier groups). */
export const loadNameVariants = (extraFiles: readonly string[] = []): NameVariants => {
  const groups = parseNameVariants(readText(SHIPPED), SHIPPED)
  for (const f of extraFiles) parseNameVariants(readText(f), f, groups)
  return { groupOf: (name) => groups.get(name) ?? null, size: groups.size }
}
