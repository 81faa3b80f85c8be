import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { JustIdError } from '../core/errors.ts'
import { foldText } from './text.ts'

/**
 * Nickname, diminutive and transliteration groups: every spelling in a group maps to the group's canonical name. A
 * nickname may stand for several names ("sam" for Samuel and Samantha, "bert" for Robert and Albert): its first
 * group is its group, and it belongs to the others as well.
 */
export interface NameVariants {
  /** Group key (the canonical name) of a folded name: its first group, or null when the name is in no group. */
  groupOf(name: string): string | null
  /** Every group a folded name belongs to, its first group first; empty when it is in none. */
  groupsOf(name: string): readonly string[]
  /** Number of distinct spellings known. */
  readonly size: number
}

const SHIPPED = fileURLToPath(new URL('../../data/name-variants.csv', import.meta.url))
const LINE_BREAK = /\r?\n/

/**
 * Parses the `canonical,variant,...` format into a map from each spelling to the canonical names of its groups, in
 * the order read. Lines starting with `#` and blank lines are ignored. A spelling listed in a second group belongs to
 * both, the first staying its group; a line whose canonical name is already known extends that name's group, which is
 * how user files add spellings to shipped groups.
 */
export const parseNameVariants = (
  text: string,
  file: string,
  into: Map<string, string[]> = new Map(),
): Map<string, string[]> => {
  text.split(LINE_BREAK).forEach((line, i) => {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return
    const names = trimmed.split(',').map((n) => foldText(n))
    if (names.length < 2 || names.some((n) => n === '')) {
      throw new JustIdError(
        'invalid_settings',
        `${file}, line ${i + 1}: a name variant line must be "canonical,variant,..." with at least two ` +
          'comma-separated names and no empty ones',
      )
    }
    const canonical = into.get(names[0]!)?.[0] ?? names[0]!
    for (const n of names) {
      const groups = into.get(n)
      if (groups === undefined) into.set(n, [canonical])
      else if (!groups.includes(canonical)) groups.push(canonical)
    }
  })
  return into
}

const readText = (file: string): string => {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    throw new JustIdError(
      'file_not_found',
      `cannot read the name variants file ${file}: check the path given in the settings`,
    )
  }
}

/** Wraps a parsed table as `NameVariants`. */
export const nameVariantsOf = (groups: ReadonlyMap<string, readonly string[]>): NameVariants => ({
  groupOf: (name) => groups.get(name)?.[0] ?? null,
  groupsOf: (name) => groups.get(name) ?? [],
  size: groups.size,
})

/** The shipped table (data/name-variants.csv) extended by user files in the same format, in the order given. */
export const loadNameVariants = (extraFiles: readonly string[] = []): NameVariants => {
  const groups = parseNameVariants(readText(SHIPPED), SHIPPED)
  for (const f of extraFiles) parseNameVariants(readText(f), f, groups)
  return nameVariantsOf(groups)
}
