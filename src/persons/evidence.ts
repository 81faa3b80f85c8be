import { PERSON_IDENTIFIERS, type StandardisedRecord } from '../core/standardised.ts'

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
 * Many records' evidence by record slot, as clustering reads it: a record without a value is absent from that map.
 * Maps per kind of evidence rather than an object per record, so a million records cost only what they give.
 */
export interface EvidenceBySlot {
  identifiers: Map<number, ReadonlyMap<string, string>>
  knownNames: Map<number, readonly string[]>
  birthDates: Map<number, string>
  surnames: Map<number, string>
}

export const emptyEvidence = (): EvidenceBySlot => ({
  identifiers: new Map(),
  knownNames: new Map(),
  birthDates: new Map(),
  surnames: new Map(),
})

/** Sets a record's evidence, replacing what its slot held before. */
export const setEvidence = (into: EvidenceBySlot, slot: number, e: RecordEvidence): void => {
  const put = <V>(values: Map<number, V>, value: V | null) => {
    if (value === null) values.delete(slot)
    else values.set(slot, value)
  }
  put(into.identifiers, e.identifiers.size > 0 ? e.identifiers : null)
  put(into.knownNames, e.knownNames)
  put(into.birthDates, e.birthDate)
  put(into.surnames, e.surname)
}
