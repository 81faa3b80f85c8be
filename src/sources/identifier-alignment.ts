import { normaliseOtherId } from '../standardise/identifiers.ts'
import { headerWords } from './header-hints.ts'
import { type ColumnMapping, otherIdKey, type SourceLayout } from './layout.ts'
import type { OpenSource } from './open-source.ts'

/**
 * An identifier no known role covers (a social security number, an NHS number, a member number) is compared between
 * records by the key its column gives, its header. Two systems seldom name one identifier alike: "soc_sec_id" in
 * one file and "SVNR" in the other, "nhs_number" beside "NHS No". Compared by header, such a pair of columns is
 * never compared at all. So the columns of two sources are taken for one identifier, under the first one's key, when
 * their headers say the same once the words every identifier's name carries are set aside ("number", "no", "id") and
 * their codes have one form (length, digits or not), or when their values meet: codes long enough to tell people
 * apart, shared between the two columns' samples far more often than chance would share them.
 */

/** Codes shorter than this (in the middle) come from too small a space: unrelated ones would meet by chance. */
const MIN_CODE_LENGTH = 6
/** Of the smaller column's sampled codes, the share the other must hold too. */
const SHARED_SHARE = 0.05
/** And at least this many, so a handful of coincidences in small files decides nothing. */
const MIN_SHARED = 10

const IDENTIFIER_WORDS = new Set([
  'id',
  'ids',
  'no',
  'nos',
  'nr',
  'num',
  'number',
  'numbers',
  'ref',
  'reference',
  'code',
])

/** A header without the words any identifier's name may carry: "NHS No", "nhs_number" and "NHSNumber" are "nhs". */
export const identifierStem = (header: string): string => {
  const { words } = headerWords(header)
  const kept = words.filter((w) => !IDENTIFIER_WORDS.has(w))
  return (kept.length > 0 ? kept : words).join('_')
}

/** An identifier the records already held give (an index's): its key and some of its values. */
export interface KnownIdentifier {
  key: string
  values: readonly string[]
}

interface IdColumn {
  /** The source's place in the run, or -1 for a known identifier. */
  source: number
  column: ColumnMapping
  stem: string
  codes: Set<string>
  longEnough: boolean
  /** The codes' form: the middle length, and whether all are digits. */
  shape: string
}

const codesOf = (values: readonly string[]): Pick<IdColumn, 'codes' | 'longEnough' | 'shape'> => {
  const codes = new Set<string>()
  for (const v of values) {
    const parsed = normaliseOtherId(v)
    if (parsed.status === 'ok' && parsed.value !== null) codes.add(parsed.value)
  }
  const lengths = [...codes].map((c) => c.length).sort((a, b) => a - b)
  const middle = lengths[lengths.length >> 1] ?? 0
  const digits = [...codes].every((c) => /^\d+$/.test(c))
  return { codes, longEnough: middle >= MIN_CODE_LENGTH, shape: `${middle}${digits ? ' digits' : ''}` }
}

const sharedEnough = (a: IdColumn, b: IdColumn): boolean => {
  if (!a.longEnough || !b.longEnough) return false
  const [small, large] = a.codes.size <= b.codes.size ? [a.codes, b.codes] : [b.codes, a.codes]
  let shared = 0
  for (const code of small) if (large.has(code)) shared++
  return shared >= MIN_SHARED && shared >= SHARED_SHARE * small.size
}

/**
 * Each source's layout, with the identifier columns of different sources that hold one identifier given one key
 * (each column's `identifierKey`, with a note saying whose column it was taken for), and those that hold an
 * identifier the records already held give (`known`, an index's) given its key. A column is taken for at most
 * one of another source's, and never for another column of its own source.
 */
export const alignOtherIdentifiers = (
  sources: readonly Pick<OpenSource, 'spec' | 'layout' | 'identifierValues'>[],
  known: readonly KnownIdentifier[] = [],
): SourceLayout[] => {
  // Known identifiers first: a source's column is taken for one of them before another source's.
  const columns: IdColumn[] = known.map((k, i) => ({
    source: -1,
    column: { index: i, header: k.key, role: 'otherId', reason: 'settings', guess: false },
    stem: identifierStem(k.key),
    ...codesOf(k.values),
  }))
  for (const [i, s] of sources.entries()) {
    for (const column of s.layout.columns.filter((c) => c.role === 'otherId'))
      columns.push({
        source: i,
        column,
        stem: identifierStem(column.header),
        // The values detection read (its first rows): enough to see two columns share codes.
        ...codesOf(s.identifierValues.get(column.index) ?? []),
      })
  }
  const keyOf = new Map<IdColumn, { key: string; from: IdColumn }>()
  // The key a column is compared under so far, folded as the records table's column names are.
  const keyFor = (c: IdColumn): string => (keyOf.get(c)?.key ?? c.column.header).toLowerCase()
  for (const [k, later] of columns.entries()) {
    // The keys the source's other columns are compared under: two columns of one record never share one.
    const takenBySource = new Set(columns.filter((c) => c.source === later.source && c !== later).map(keyFor))
    const others = columns.slice(0, k).filter((c) => c.source !== later.source)
    // Under a header another source (or the index) has, the column is compared with that one's already.
    if (others.some((c) => c.column.header.toLowerCase() === later.column.header.toLowerCase())) continue
    const earlier = others.find(
      (c) =>
        !takenBySource.has(keyFor(c)) &&
        ((c.stem === later.stem && c.shape === later.shape) || sharedEnough(c, later)),
    )
    if (earlier === undefined) continue
    keyOf.set(later, keyOf.get(earlier) ?? { key: otherIdKey(earlier.column), from: earlier })
  }
  return sources.map((s, i) => {
    const aligned = [...keyOf].filter(([c]) => c.source === i)
    if (aligned.length === 0) return s.layout
    const columnsOfSource = s.layout.columns.map((c) => {
      const found = aligned.find(([a]) => a.column === c)
      if (!found) return c
      const { key, from } = found[1]
      const whose =
        from.source < 0
          ? `the index's "${from.column.header}"`
          : `${sources[from.source]!.spec.name}'s "${from.column.header}"`
      return { ...c, identifierKey: key, note: `the same identifier as ${whose}, compared with it` }
    })
    return { ...s.layout, columns: columnsOfSource }
  })
}
