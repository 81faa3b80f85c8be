/** The name origins the generator draws from, used for fairness analysis in truth.csv. */
export type NameOrigin =
  | 'british'
  | 'irish'
  | 'south_asian'
  | 'west_african'
  | 'caribbean'
  | 'eastern_european'
  | 'arabic'
  | 'east_asian'
  | 'other'

/**
 * Names of one origin. Lists are ranked, commonest first, and weighted by rank (Zipf); the morphemes build a long
 * tail of rarer surnames, as real populations have far more surnames than any list.
 */
export interface OriginNames {
  male: readonly string[]
  female: readonly string[]
  surnames: readonly string[]
  tail: { starts: readonly string[]; ends: readonly string[]; share: number }
}

/** Splits a space-separated list; lists are kept as strings because hundreds of quoted literals read badly. */
export const words = (list: string): string[] => list.trim().split(/\s+/)

/** Population mix of origins (roughly a justice population in England and Wales). */
export const originMix: readonly (readonly [NameOrigin, number])[] = [
  ['british', 0.6],
  ['irish', 0.05],
  ['south_asian', 0.1],
  ['west_african', 0.05],
  ['caribbean', 0.04],
  ['eastern_european', 0.06],
  ['arabic', 0.05],
  ['east_asian', 0.03],
  ['other', 0.02],
]
