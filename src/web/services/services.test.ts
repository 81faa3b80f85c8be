import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { newJusticeId } from '../../person-index/justice-id.ts'
import { AuditWriter } from '../../person-index/store/audit-writer.ts'
import { readAuditLog } from '../../person-index/store/testing/audit-log.ts'
import type { PersonIndexStore, PersonView } from '../../person-index/types.ts'
import type { OpenRealtimeIndex } from '../../realtime/memory-index.ts'
import { testThresholds } from '../../realtime/testing/seed.ts'
import { hashPassword } from '../passwords.ts'
import { credentialOf } from '../sessions.ts'
import { MAX_FAILURES } from '../sign-in-guard.ts'
import { TEST_PASSWORD_COST } from '../testing/password-cost.ts'
import { NAMESAKE_PNC, seedReviewIndex } from '../testing/review-fixture.ts'
import { createWebServices, type WebServices } from './index.ts'
import { MAX_REASON, type PairEvidence } from './review.ts'

/** Synthetic people and staff only (src/realtime/testing/seed.ts). */
const PASSWORD = 'correct horse battery'
const NOW = new Date('2026-03-01T10:00:00.000Z')
const PNC = NAMESAKE_PNC

let store: PersonIndexStore
let cleanup: () => Promise<void>
let index: OpenRealtimeIndex
let writer: AuditWriter
let services: WebServices

before(async () => {
  ;({ store, index, cleanup } = await seedReviewIndex())
  writer = new AuditWriter(store)
  services = createWebServices({
    index,
    store,
    audit: writer,
    now: () => NOW,
    custodyModel: null,
    passwordCost: TEST_PASSWORD_COST,
  })
})

after(async () => {
  await writer.flush()
  await index.close()
  await cleanup()
})

const personOf = async (id: string): Promise<PersonView> => {
  const view = await services.persons.person(id)
  assert.ok(view, id)
  return view
}

describe('the person service', () => {
  test('a Justice ID or a source record goes to its person; an unknown record is searched as a name', async () => {
    // A well-formed Justice ID goes to its page, which says whether anyone holds it.
    const id = newJusticeId()
    assert.deepEqual(await services.persons.search(id.toLowerCase(), null), { kind: 'person', justiceId: id })
    assert.deepEqual(await services.persons.search('prison:p1', null), {
      kind: 'person',
      justiceId: 'JID-ASHWORTH',
    })
    const unknown = await services.persons.search('prison:none', null)
    assert.equal(unknown.kind, 'results')
  })

  test('a PNC number finds only the person holding exactly that number, not namesakes', async () => {
    const found = await services.persons.search(PNC, null)
    assert.equal(found.kind, 'results')
    if (found.kind !== 'results') return
    assert.equal(found.identifier?.label, 'PNC number')
    const holder = (await store.recordsByKey(['court:c9']))[0]!.justiceId
    assert.deepEqual(
      found.persons.map((p) => p.justiceId),
      [holder],
    )
    const byName = await services.persons.search('Imogen Quist', null)
    assert.equal(byName.kind === 'results' && byName.persons.length, 2)
  })

  test("a person's links are the pairs within the person, not those reaching other persons", async () => {
    const links = await services.persons.links(await personOf('JID-ASHWORTH'))
    assert.deepEqual(
      links.edges.map((e) => `${e.left}|${e.right}`),
      ['court:c1|prison:p1'],
    )
    assert.deepEqual(
      links.weak,
      links.edges.filter((e) => e.weight < testThresholds.strong),
    )
  })
})

describe('the review service', () => {
  const pair = async (left: string, right: string): Promise<PairEvidence> => {
    const found = await services.review.pair(left, right)
    assert.ok(found)
    return found
  }

  test('a pair not held by the index is null', async () => {
    assert.equal(await services.review.pair('court:c1', 'court:none'), null)
  })

  test('a reason is asked for where the decision needs one, and only there', async () => {
    const uncertain = await pair('court:c2', 'probation:x1')
    const { reasonError } = services.review
    assert.equal(
      reasonError(uncertain, 'same_person', 'x'.repeat(MAX_REASON + 1)),
      `Reason must be ${MAX_REASON} characters or fewer`,
    )
    assert.equal(
      reasonError(uncertain, 'cannot_tell', ''),
      'Enter why you cannot tell, for the second reviewer',
    )
    // Below the join weight: "same person" goes against the model, "not the same" agrees with it.
    assert.equal(
      reasonError(uncertain, 'same_person', ''),
      'Enter a reason: your decision goes against the model',
    )
    assert.equal(reasonError(uncertain, 'not_same_person', ''), null)
    const decided = {
      ...uncertain,
      decision: { ...decisionOf(uncertain), outcome: 'not_same_person' as const },
    }
    assert.equal(reasonError(decided, 'same_person', ''), 'Enter why you are changing the decision')
    assert.equal(reasonError(decided, 'same_person', 'new evidence'), null)
    // After "cannot tell" a second reviewer decides: not a change, so only the model's view asks for a reason.
    const waiting = { ...uncertain, decision: { ...decisionOf(uncertain), outcome: 'cannot_tell' as const } }
    assert.equal(
      reasonError(waiting, 'same_person', ''),
      'Enter a reason: your decision goes against the model',
    )
  })

  test('a decision leaves the queue, and changing it is told apart from making it', async () => {
    const before = await services.review.page({ reviewer: 'rev1' }, 1)
    assert.ok(before.rows.some((r) => r.kind === 'pair' && r.left === 'court:c1' && r.right === 'court:c2'))
    const first = await services.review.decide(
      await pair('court:c1', 'court:c2'),
      'not_same_person',
      'rev1',
      '',
    )
    assert.equal(first?.changed, false)
    assert.ok(first.touched.includes('JID-ASHWORTH'))
    const after = await services.review.page({ reviewer: 'rev1' }, 1)
    assert.ok(!after.rows.some((r) => r.kind === 'pair' && r.left === 'court:c1' && r.right === 'court:c2'))
    assert.equal(after.total, before.total - 1)
    const again = await services.review.decide(await pair('court:c1', 'court:c2'), 'same_person', 'rev1', 'x')
    assert.equal(again?.changed, true)
  })

  test('a page past the last is the last page; the next item skips the pair on screen', async () => {
    const listed = await services.review.page({ reviewer: 'rev2' }, 99)
    assert.equal(listed.page, listed.pages)
    const first = await services.review.next('rev2')
    assert.ok(first?.kind === 'pair')
    const other = await services.review.next('rev2', [first.left, first.right])
    assert.ok(!(other?.kind === 'pair' && other.left === first.left && other.right === first.right))
  })
})

const decisionOf = (pair: PairEvidence) => ({
  id: 'd-synthetic',
  left: pair.left.key,
  right: pair.right.key,
  outcome: 'same_person' as const,
  reviewer: 'rev9',
  reason: '',
  matchWeight: pair.weight,
  at: NOW.toISOString(),
})

describe('the staff service', () => {
  before(async () => {
    const hash = await hashPassword(PASSWORD, TEST_PASSWORD_COST)
    for (const [username, role] of [
      ['admin1', 'admin'],
      ['rev7', 'reviewer'],
      ['off1', 'reviewer'],
    ] as const)
      await store.addStaffUser(
        { username, displayName: `Test ${role}`, role, createdAt: NOW.toISOString(), disabled: false },
        hash,
      )
    await store.updateStaffUser('off1', { disabled: true })
  })

  test('wrong passwords lock an account; a locked or disabled account is refused even with its password', async () => {
    const { staff } = services
    for (let i = 1; i < MAX_FAILURES; i++)
      assert.deepEqual(await staff.signIn('rev7', 'wrong password'), {
        kind: 'refused',
        outcome: '401',
        lockedNow: false,
      })
    assert.deepEqual(await staff.signIn('rev7', 'wrong password'), {
      kind: 'refused',
      outcome: '401',
      lockedNow: true,
    })
    assert.deepEqual(await staff.signIn('rev7', PASSWORD), {
      kind: 'refused',
      outcome: 'locked',
      lockedNow: false,
    })
    assert.match((await staff.users('admin1')).find((u) => u.username === 'rev7')!.status, /^locked until/)
    assert.equal(await staff.change('rev7', 'unlock', 'admin1'), 'unlock')
    assert.equal((await staff.signIn('rev7', PASSWORD)).kind, 'signed-in')
    assert.deepEqual(await staff.signIn('off1', PASSWORD), {
      kind: 'refused',
      outcome: 'disabled',
      lockedNow: false,
    })
    // Only existing accounts are counted: names typed at random leave nothing behind.
    for (let i = 0; i < MAX_FAILURES; i++)
      assert.deepEqual(await staff.signIn('nobody', PASSWORD), {
        kind: 'refused',
        outcome: '401',
        lockedNow: false,
      })
    assert.equal(await store.signInState('nobody'), null)
  })

  test('an admin cannot disable themselves, and only the listed changes exist', async () => {
    const { staff } = services
    assert.equal(await staff.change('admin1', 'disable', 'admin1'), 'self')
    assert.equal(await staff.change('rev7', 'delete', 'admin1'), 'not_found')
    assert.equal(await staff.change('no-such-user', 'disable', 'admin1'), 'not_found')
    assert.deepEqual((await staff.users('admin1')).find((u) => u.username === 'admin1')?.actions, [])
  })

  test('a session ends when its user is given a new password', async () => {
    const signedIn = await services.staff.signIn('admin1', PASSWORD)
    assert.equal(signedIn.kind, 'signed-in')
    if (signedIn.kind !== 'signed-in') return
    const credential = credentialOf(signedIn.passwordHash)
    assert.equal((await services.staff.stillSignedIn('admin1', credential))?.username, 'admin1')
    await store.updateStaffUser('admin1', {
      passwordHash: await hashPassword('another synthetic pass', TEST_PASSWORD_COST),
    })
    assert.equal(await services.staff.stillSignedIn('admin1', credential), null)
  })
})

describe('the audit and custody services', () => {
  test('a malformed username tried at sign-in is never written to the log', async () => {
    const before = (await readAuditLog(store)).length
    await services.audit.signInAttempt('Robert Ashworth <script>', 'web.sign-in', '401')
    await services.audit.staff('rev1', 'web.person.view', ['JID-ASHWORTH', 'JID-ASHWORTH'])
    const added = (await readAuditLog(store)).slice(before)
    assert.deepEqual(
      added.map((e) => [e.actor, e.action, e.justiceIds, e.purpose]),
      [
        ['staff:(invalid username)', 'web.sign-in', [], 'case review'],
        ['staff:rev1', 'web.person.view', ['JID-ASHWORTH'], 'case review'],
      ],
    )
  })

  test('without a custody model there is no estimate', async () => {
    assert.equal(services.custody.available, false)
    assert.equal(await services.custody.estimate(await personOf('JID-ASHWORTH')), null)
  })
})
