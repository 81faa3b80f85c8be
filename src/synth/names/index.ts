import { draw, type Random, type Weighted, weighted, zipf } from '../random.ts'
import { arabic } from './arabic.ts'
import { british } from './british.ts'
import { caribbean } from './caribbean.ts'
import { eastAsian } from './east-asian.ts'
import { easternEuropean } from './eastern-european.ts'
import { irish } from './irish.ts'
import { type NameOrigin, type OriginNames, originMix } from './origin.ts'
import { other } from './other.ts'
import { southAsian } from './south-asian.ts'
import { westAfrican } from './west-african.ts'

export { anglicisedFemale, anglicisedMale } from './east-asian.ts'
export { feminineSurname } from './eastern-european.ts'
export type { NameOrigin } from './origin.ts'
export { sikhFamilyNames, sikhForenames } from './south-asian.ts'

const byOrigin: Record<NameOrigin, OriginNames> = {
  british,
  irish,
  south_asian: southAsian,
  west_african: westAfrican,
  caribbean,
  eastern_european: easternEuropean,
  arabic,
  east_asian: eastAsian,
  other,
}

/** Name lists turned into rank-weighted draws once, at module load. */
interface PreparedNames {
  male: Weighted<string>
  female: Weighted<string>
  surnames: Weighted<string>
  tail: OriginNames['tail']
}

const prepared = Object.fromEntries(
  Object.entries(byOrigin).map(([origin, names]) => [
    origin,
    {
      male: zipf(names.male, 8),
      female: zipf(names.female, 8),
      surnames: zipf(names.surnames, 20),
      tail: names.tail,
    },
  ]),
) as Record<NameOrigin, PreparedNames>

const origins = weighted(originMix)

export const drawOrigin = (random: Random): NameOrigin => draw(random, origins)

export const drawForename = (random: Random, origin: NameOrigin, sex: 'm' | 'f'): string =>
  draw(random, sex === 'm' ? prepared[origin].male : prepared[origin].female)

export const drawSurname = (random: Random, origin: NameOrigin): string => {
  const p = prepared[origin]
  if (random.chance(p.tail.share)) return random.pick(p.tail.starts) + random.pick(p.tail.ends)
  return draw(random, p.surnames)
}

/** One of the commonest forenames and surnames of an origin, for namesakes born close together. */
export const commonName = (
  random: Random,
  origin: NameOrigin,
  sex: 'm' | 'f',
): { forename: string; surname: string } => ({
  forename: random.pick((sex === 'm' ? byOrigin[origin].male : byOrigin[origin].female).slice(0, 4)),
  surname: random.pick(byOrigin[origin].surnames.slice(0, 3)),
})
