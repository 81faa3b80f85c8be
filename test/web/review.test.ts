/**
 * The review app's decisions, queue and error pages through app.inject, over a real embedded store and real-time
 * index holding synthetic people only (src/realtime/testing/seed.ts): a saved decision is confirmed and can be
 * changed with a reason (audited), "cannot tell" hands the pair to a second reviewer, the queue says why in plain
 * words with a count of what is shown, and an unknown page is a GOV.UK page, not API JSON (issue #17 items 3, 4, 7).
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { readAuditLog } from '../../src/person-index/store/testing/audit-log.ts'
import type { PersonIndexStore } from '../../src/person-index/types.ts'
import type { RealtimeIndex } from '../../src/realtime/types.ts'
import { buildApp } from '../../src/serve/app.ts'
import { NAMESAKE_PNC, seedReviewIndex } from '../../src/web/testing/review-fixture.ts'
import { addStaff, postSignIn, signIn as signInAs, TEST_PASSWORD_COST } from './helpers.ts'

let store: PersonIndexStore
let index: RealtimeIndex & { close(): Promise<void> }
let cleanup: () => Promise<void>
let app: FastifyInstance

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const PNC = NAMESAKE_PNC

const signIn = (username: string) => signInAs(app, username)

type Session = Awaited<ReturnType<typeof signIn>>

const get = (who: Session, url: string) => app.inject({ method: 'GET', url, headers: { cookie: who.cookie } })
const decide = (who: Session, fields: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url: '/review/decisions',
    headers: { ...FORM, cookie: who.cookie },
    payload: form({ _csrf: who.csrf, ...fields }),
  })

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1]?.trim()
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

before(async () => {
  ;({ store, index, cleanup } = await seedReviewIndex())
  await addStaff(store, 'rev1', 'reviewer')
  await addStaff(store, 'rev2', 'reviewer')
  app = await buildApp({ index, store, auditFlushMs: 1, web: { passwordCost: TEST_PASSWORD_COST } })
})

after(async () => {
  await app.close()
  await index.close()
  await cleanup()
})

describe('the review queue', () => {
  test('says why each item is there in plain words, with how many are shown', async () => {
    const rev1 = await signIn('rev1')
    const res = await get(rev1, '/review')
    assert.equal(res.statusCode, 200)
    const page = text(res.body)
    assert.match(page, /The model is unsure whether these are the same person/)
    assert.match(page, /Showing 1 to 2 of 2 items/)
    // What agrees and what differs, without the values.
    assert.match(page, /Different first name, surname, date of birth/)
    assert.doesNotMatch(page, /uncertain match|conflicting_identifier|\bbits\b/)
    assert.match(res.body, /href="\/review\/next"/)
    const next = await get(rev1, '/review/next')
    assert.equal(next.headers.location, '/review/pair?left=court%3Ac2&right=probation%3Ax1')
  })

  test('filters by reason and source, and says when nothing matches', async () => {
    const rev1 = await signIn('rev1')
    const filtered = text((await get(rev1, '/review?source=prison')).body)
    assert.match(filtered, /No items match the filters/)
    const byReason = text((await get(rev1, '/review?reason=uncertain&source=probation')).body)
    assert.match(byReason, /Showing 1 to 1 of 1 item\b/)
  })
})

describe('the pair page', () => {
  test('explains the score in words, with the chart drawn by vega-lite and missing values not called differences', async () => {
    const rev1 = await signIn('rev1')
    const res = await get(rev1, '/review/pair?left=court:c8&right=court:c9')
    assert.equal(res.statusCode, 200)
    const page = text(res.body)
    assert.match(page, /Same first name and surname, similar postcode, different date of birth/)
    assert.match(page, /Surname the same(, and rare)?: (strong )?evidence for/)
    assert.match(page, /Not recorded on one record or both, so no evidence: [a-z ,]*PNC number/)
    assert.doesNotMatch(page, /jaro-winkler|null|term frequency/)
    // A value one record lacks is "Not recorded", never marked as differing.
    assert.doesNotMatch(res.body, /Differs: <\/span><span class="govuk-hint">Not recorded/)
    assert.match(res.body, /<svg role="img" aria-label="Waterfall of the match weight/)
    assert.match(res.body, /joined at -?\d+\.\d bits/)
  })
})

describe('decisions', () => {
  test('a saved decision is confirmed, shown in force, and can be changed with a reason, audited', async () => {
    const rev1 = await signIn('rev1')
    const pair = { left: 'court:c2', right: 'probation:x1' }
    const saved = await decide(rev1, { ...pair, outcome: 'not_same_person', reason: '' })
    assert.equal(saved.statusCode, 303)
    assert.equal(saved.headers.location, '/review/pair?left=court%3Ac2&right=probation%3Ax1&saved=1')
    const shown = await get(rev1, String(saved.headers.location))
    const page = text(shown.body)
    assert.match(shown.body, /govuk-notification-banner--success/)
    assert.match(page, /Decision saved: not the same person/)
    assert.match(page, /Change decision/)
    assert.match(page, /Next item/)
    assert.match(
      page,
      /Decision in force Decision Not the same person Made by rev1 When \d{1,2} \w+ \d{4}, \d{1,2}(:\d\d)?[ap]m/,
    )
    assert.match(page, /Change the decision/)

    const unexplained = await decide(rev1, { ...pair, outcome: 'same_person', reason: '' })
    assert.equal(unexplained.statusCode, 400)
    assert.match(titleOf(unexplained.body) ?? '', /^Error: /)
    assert.match(text(unexplained.body), /There is a problem Enter why you are changing the decision/)

    const changed = await decide(rev1, {
      ...pair,
      outcome: 'same_person',
      reason: 'Same person per the court file',
    })
    assert.equal(changed.statusCode, 303)
    const [inForce] = (await store.decisions(['court:c2'])).filter((d) => d.right === 'probation:x1')
    assert.equal(inForce?.outcome, 'same_person')
    const actions = (await readAuditLog(store)).filter((e) => e.actor === 'staff:rev1').map((e) => e.action)
    assert.ok(actions.includes('web.review.decide'))
    assert.ok(actions.includes('web.review.change'), 'the change is audited as a change')
  })

  test('"cannot tell" needs a reason and hands the pair to a second reviewer', async () => {
    const [rev1, rev2] = [await signIn('rev1'), await signIn('rev2')]
    const pair = { left: 'court:c1', right: 'court:c2' }
    const bare = await decide(rev1, { ...pair, outcome: 'cannot_tell', reason: '' })
    assert.equal(bare.statusCode, 400)
    assert.match(text(bare.body), /Enter why you cannot tell, for the second reviewer/)
    const saved = await decide(rev1, {
      ...pair,
      outcome: 'cannot_tell',
      reason: 'Addresses are too old to compare',
    })
    assert.equal(saved.statusCode, 303)
    assert.match(
      text((await get(rev1, String(saved.headers.location))).body),
      /A second reviewer will decide/,
    )
    const link = 'href="/review/pair?left=court%3Ac1&amp;right=court%3Ac2"'
    assert.ok(!(await get(rev1, '/review')).body.includes(link), 'not offered again to the first reviewer')
    const forSecond = await get(rev2, '/review')
    assert.ok(forSecond.body.includes(link), 'offered to a second reviewer')
    assert.match(text(forSecond.body), /Second review: the first reviewer could not tell/)
  })
})

describe('search', () => {
  const justiceIdOf = async (key: string) => (await store.recordsByKey([key]))[0]!.justiceId

  test('a name with a date of birth lists the person born that day first, with how well each matches', async () => {
    const rev1 = await signIn('rev1')
    const res = await get(rev1, '/search?q=Imogen+Quist&dob-day=19&dob-month=7&dob-year=1981')
    assert.equal(res.statusCode, 200)
    const page = text(res.body)
    assert.match(page, /2 people found Born on 19 July 1981/)
    assert.match(page, /Name matches, date of birth matches/)
    assert.match(page, /Similar names, other dates of birth .* 3 February 1979/)
    const first = /<a class="govuk-link" href="\/persons\/([^"]+)">/.exec(
      res.body.slice(res.body.indexOf('id="matches"')),
    )
    assert.equal(first?.[1], await justiceIdOf('court:c9'))
  })

  test('a PNC number finds its person, written any common way', async () => {
    const rev1 = await signIn('rev1')
    for (const written of [PNC, PNC.replace('/00', '/').toLowerCase()]) {
      const res = await get(rev1, `/search?q=${encodeURIComponent(written)}`)
      const page = text(res.body)
      assert.match(page, /1 person found By PNC number/, written)
      assert.match(page, /PNC number matches/)
      assert.ok(res.body.includes(`/persons/${await justiceIdOf('court:c9')}`))
    }
  })

  test('an empty search says what to enter', async () => {
    const rev1 = await signIn('rev1')
    const res = await get(rev1, '/search?q=&dob-day=&dob-month=&dob-year=')
    assert.equal(res.statusCode, 400)
    assert.match(titleOf(res.body) ?? '', /^Error: /)
    assert.match(
      text(res.body),
      /There is a problem Enter a name, Justice ID, source record, PNC, CRO or National Insurance number/,
    )
  })
})

describe('person pages', () => {
  test('are headed by name and date of birth, with the status as a tag and the history as sentences', async () => {
    const rev1 = await signIn('rev1')
    const res = await get(rev1, '/persons/JID-ASHWORTH')
    assert.equal(res.statusCode, 200)
    assert.equal(titleOf(res.body), 'Robert Ashworth, born 12 April 1985 - JustID review')
    assert.match(res.body, /class="moj-identity-bar app-identity"/)
    const page = text(res.body)
    assert.match(page, /Robert Ashworth Born 12 April 1985 Justice ID JID-ASHWORTH/)
    assert.match(page, /Also recorded as Bob Ashworth/)
    assert.match(res.body, /govuk-tag--green[^>]*>\s*Active/)
    assert.match(page, /This person was created when their first records were linked\. /)
    assert.match(page, /1 January 2026, 12am/)
  })
})

describe('errors as pages', () => {
  test('an unknown page of the app is the GOV.UK "Page not found" page', async () => {
    const rev1 = await signIn('rev1')
    const res = await app.inject({
      method: 'GET',
      url: '/persons/JID-ASHWORTH/nothing-here',
      headers: { cookie: rev1.cookie, accept: 'text/html,application/xhtml+xml' },
    })
    assert.equal(res.statusCode, 404)
    assert.match(String(res.headers['content-type']), /^text\/html/)
    assert.equal(titleOf(res.body), 'Page not found - JustID review')
    assert.match(text(res.body), /If you typed the web address, check it is correct/)
  })

  test('a failed sign-in has an error summary and the "Error:" title', async () => {
    const { response: res } = await postSignIn(app, {
      username: 'rev1',
      password: 'not the password',
      next: '/search',
    })
    assert.match(titleOf(res.body) ?? '', /^Error: Sign in - /)
    assert.match(res.body, /govuk-error-summary/)
  })

  test('a search with a date that does not exist has an error summary and the "Error:" title', async () => {
    const rev1 = await signIn('rev1')
    const res = await get(rev1, '/search?q=Ashworth&dob-day=31&dob-month=2&dob-year=1985')
    assert.equal(res.statusCode, 400)
    assert.match(titleOf(res.body) ?? '', /^Error: /)
    assert.match(res.body, /govuk-error-summary/)
    assert.match(text(res.body), /Date of birth must be a real date/)
  })
})
