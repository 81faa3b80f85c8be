import { createRandom } from '../../synth/random.ts'
import { type CustodyHistory, type CustodyPeriod, type Day, dayOf, YEAR } from '../features.ts'
import { drawCustodyIncidents, type TruthYear } from '../process.ts'

/** Synthetic people for the custody tests and benchmark: custody periods drawn simply, incidents by the process. */
export interface TestPerson {
  id: number
  /** A made-up group, for per-group checks; `biased` is the one over-recorded when a bias is asked for. */
  group: 'biased' | 'other'
  sex: 'm' | 'f'
  history: CustodyHistory
  years: TruthYear[]
}

export const TEST_TODAY: Day = dayOf('2026-01-01')

export const testPeople = (n: number, seed: number, biasFactor = 1): TestPerson[] => {
  const random = createRandom(seed)
  const people: TestPerson[] = []
  for (let id = 0; id < n; id++) {
    const birth = TEST_TODAY - Math.floor((18 + random.next() * 45) * YEAR)
    const periods: CustodyPeriod[] = []
    let at = TEST_TODAY - Math.floor(random.next() * 8 * YEAR)
    const stays = random.int(1, 3)
    for (let s = 0; s < stays && at < TEST_TODAY; s++) {
      const length = random.int(30, 900)
      const end = at + length
      periods.push({ start: at, end: end >= TEST_TODAY ? null : end })
      at = end + random.int(30, 700)
    }
    const group = random.chance(0.3) ? 'biased' : 'other'
    const drawn = drawCustodyIncidents(
      random.next,
      birth,
      periods,
      TEST_TODAY,
      group === 'biased' ? biasFactor : 1,
    )
    people.push({
      id,
      group,
      sex: random.chance(0.8) ? 'm' : 'f',
      history: { birth, periods, incidents: drawn.recorded.map((r) => r.day) },
      years: drawn.years,
    })
  }
  return people
}
