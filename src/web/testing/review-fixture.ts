import { pncCheckCharacter } from '../../core/check-characters.ts'
import type { PersonIndexStore } from '../../person-index/types.ts'
import { type OpenRealtimeIndex, openRealtimeIndex } from '../../realtime/memory-index.ts'
import { addEdges, seedStore, testThresholds } from '../../realtime/testing/seed.ts'

/** The PNC number one of the two synthetic namesakes holds. */
export const NAMESAKE_PNC = `2012/0052834${pncCheckCharacter(2012, 52834)}`

/**
 * The seeded index the staff app's tests share: two uncertain pairs across persons for the review queue, and two
 * synthetic people of one name told apart by their dates of birth, one holding `NAMESAKE_PNC`.
 */
export const seedReviewIndex = async (): Promise<{
  store: PersonIndexStore
  index: OpenRealtimeIndex
  cleanup: () => Promise<void>
}> => {
  const { fracture, join } = testThresholds
  const { store, cleanup } = await seedStore()
  await addEdges(store, [
    { left: 'court:c2', right: 'probation:x1', weight: join - 0.5, guard: null },
    { left: 'court:c1', right: 'court:c2', weight: fracture + 0.5, guard: null },
  ])
  const index = await openRealtimeIndex(store)
  await index.upsert('court', 'c8', {
    forename: 'Imogen',
    surname: 'Quist',
    dateOfBirth: '1979-02-03',
    postcode: 'BS1 5TT',
  })
  await index.upsert('court', 'c9', {
    forename: 'Imogen',
    surname: 'Quist',
    dateOfBirth: '1981-07-19',
    postcode: 'BS8 1AA',
    identifiers: { pnc: NAMESAKE_PNC },
  })
  return { store, index, cleanup }
}
