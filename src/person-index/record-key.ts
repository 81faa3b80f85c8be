import { PERSON_IDENTIFIERS, type StandardisedRecord } from '../core/standardised.ts'

/** A record's person-level identifiers by kind, for the clustering's conflict check. */
export const personIdentifiersOf = (r: StandardisedRecord): Map<string, string> => {
  const ids = new Map<string, string>()
  for (const kind of PERSON_IDENTIFIERS) {
    const value = r[kind]
    if (value !== null) ids.set(kind, value)
  }
  return ids
}

/**
 * The names a record is known by, for clustering (whether a person is known under a forename, which forename a
 * group of records confirms): its forename first, then its name words and its aliases' words. Null without a
 * forename. (The engine's SQL, in src/batch/clustering.ts readRecordFacts, gives the same lists.)
 */
export const knownNamesOf = (r: StandardisedRecord): string[] | null => {
  if (r.forename === null) return null
  return [r.forename, ...r.nameTokens, ...r.aliasNames]
}
