import {
  CHECKED_IDENTIFIER,
  PERSON_IDENTIFIERS,
  type PersonIdentifier,
  type StandardisedRecord,
} from '../core/standardised.ts'

/**
 * What deciding persons weighs of one record besides its pairs. Built by `evidenceOf` from a record in memory (real
 * time, add) and by the batch engine's one SQL reader of its `records` table (src/batch/clustering.ts
 * `readRecordEvidence`); a parity test holds the two together.
 */
export interface RecordEvidence {
  /** Person-level identifiers (pnc, cro, nino) by kind, for the conflict check. */
  identifiers: ReadonlyMap<string, string>
  /**
   * The names the record is known by (whether a person is known under a forename, which forename a group of records
   * confirms): its forename first, then its name words and its aliases' words. Null without a forename.
   */
  knownNames: readonly string[] | null
  /** ISO text. */
  birthDate: string | null
  surname: string | null
}

/** A record's evidence, in memory. */
export const evidenceOf = (r: StandardisedRecord): RecordEvidence => {
  const identifiers = new Map<string, string>()
  for (const kind of PERSON_IDENTIFIERS) {
    const value = r[kind]
    if (value !== null) identifiers.set(kind, value)
  }
  return {
    identifiers,
    knownNames: r.forename === null ? null : [r.forename, ...r.nameTokens, ...r.aliasNames],
    birthDate: r.dateOfBirth,
    surname: r.surname,
  }
}

/**
 * Many records' evidence by record slot, as clustering reads it: typed arrays by slot and one list of each kind's
 * distinct values, not an object or map entry per record, so that ten million records fit V8's heap (issue #20).
 */
export interface EvidenceBySlot {
  records: number
  /** The distinct names records are known by (`RecordEvidence.knownNames`) and the distinct surnames. */
  names: readonly string[]
  surnames: readonly string[]
  /** The distinct birth dates, ISO text. */
  dates: readonly string[]
  /**
   * Slot s's known names are `names[nameOf[nameAt[s] + i]]` for i below `nameCount[s]`, its forename first; a
   * record without a forename has none.
   */
  nameAt: Int32Array
  nameCount: Int32Array
  nameOf: Int32Array
  /** Each slot's surname and birth date as an index into `surnames` and `dates`; -1 for none. */
  surname: Int32Array
  birthDate: Int32Array
  /**
   * One array per kind of `PERSON_IDENTIFIERS`, in that order: each slot's value as a number, equal values as equal
   * numbers; -1 for none.
   */
  identifiers: readonly Int32Array[]
  /**
   * For each kind without check characters (`CHECKED_IDENTIFIER`), the values the numbers stand for, to tell a
   * mistyped number from another; null for a checked kind, whose values are not needed to tell a conflict.
   */
  identifierValues: readonly (readonly string[] | null)[]
}

export interface EvidenceCollector {
  /** A record's names, surname and birth date, each slot once. */
  names(
    slot: number,
    knownNames: readonly string[] | null,
    surname: string | null,
    birthDate: string | null,
  ): void
  /**
   * A record's identifier of the kind `PERSON_IDENTIFIERS[kind]` with check characters, as a number: equal values,
   * equal numbers.
   */
  identifier(slot: number, kind: number, value: number): void
  /** A record's identifier of the kind `PERSON_IDENTIFIERS[kind]`, as text. */
  identifierText(slot: number, kind: number, value: string): void
  done(): EvidenceBySlot
}

/** Collects the evidence of `records` slots, given in any order of slots. */
export const collectEvidence = (records: number): EvidenceCollector => {
  const names = distinctValues()
  const surnames = distinctValues()
  const dates = distinctValues()
  const nameAt = new Int32Array(records)
  const nameCount = new Int32Array(records)
  let nameOf = new Int32Array(Math.max(16, 2 * records))
  let used = 0
  const surname = new Int32Array(records).fill(-1)
  const birthDate = new Int32Array(records).fill(-1)
  const identifiers = PERSON_IDENTIFIERS.map(() => new Int32Array(records).fill(-1))
  const identifierValues = PERSON_IDENTIFIERS.map(() => distinctValues())
  return {
    names(slot, knownNames, surnameGiven, birthDateGiven) {
      if (knownNames !== null) {
        if (used + knownNames.length > nameOf.length) {
          const grown = new Int32Array(2 * (used + knownNames.length))
          grown.set(nameOf.subarray(0, used))
          nameOf = grown
        }
        nameAt[slot] = used
        nameCount[slot] = knownNames.length
        for (const n of knownNames) nameOf[used++] = names.indexOf(n)
      }
      if (surnameGiven !== null) surname[slot] = surnames.indexOf(surnameGiven)
      if (birthDateGiven !== null) birthDate[slot] = dates.indexOf(birthDateGiven)
    },
    identifier(slot, kind, value) {
      identifiers[kind]![slot] = value
    },
    identifierText(slot, kind, value) {
      identifiers[kind]![slot] = identifierValues[kind]!.indexOf(value)
    },
    done: () => ({
      records,
      names: names.values,
      surnames: surnames.values,
      dates: dates.values,
      nameAt,
      nameCount,
      nameOf: nameOf.slice(0, used),
      surname,
      birthDate,
      identifiers,
      identifierValues: PERSON_IDENTIFIERS.map((kind, k) =>
        CHECKED_IDENTIFIER[kind] ? null : identifierValues[k]!.values,
      ),
    }),
  }
}

/** Each value's index in a list of the distinct values, in the order first given. */
const distinctValues = () => {
  const values: string[] = []
  const index = new Map<string, number>()
  return {
    values,
    indexOf(value: string): number {
      let i = index.get(value)
      if (i === undefined) {
        i = values.length
        values.push(value)
        index.set(value, i)
      }
      return i
    },
  }
}

/** The evidence of records in memory by slot (`evidenceOf`'s), undefined for a slot without any. */
export const evidenceBySlot = (
  records: number,
  evidenceAt: (slot: number) => RecordEvidence | undefined,
): EvidenceBySlot => {
  const into = collectEvidence(records)
  for (let slot = 0; slot < records; slot++) {
    const e = evidenceAt(slot)
    if (e === undefined) continue
    into.names(slot, e.knownNames, e.surname, e.birthDate)
    for (const [kind, value] of e.identifiers) {
      const k = PERSON_IDENTIFIERS.indexOf(kind as PersonIdentifier)
      if (k < 0) throw new Error(`evidence: ${kind} is not a person identifier`)
      into.identifierText(slot, k, value)
    }
  }
  return into.done()
}
