/**
 * Load benchmark of eligibility checks: the real CLI serves the index in a child process, and autocannon drives
 * POST /v1/eligibility/<service>/checks with 50 connections for 20 s, cycling through the three example services
 * and about 2,000 subjects made from index records (as a caller would send them: names, date of birth, sex,
 * postcode). Then a shorter pass asking for a credential with each answer. Prints checks per second, latency, and
 * the share of each outcome (load the events first with `justid events load`, or every answer is
 * cannot_determine: no_event_history). Asserts nothing about time.
 *
 *   npm run bench eligibility -- --index PATH
 */

import type { StandardisedRecord } from '../src/core/standardised.ts'
import { openIndexStore } from '../src/person-index/store/open-store.ts'
import type { ApiScope } from '../src/person-index/types.ts'
import type { RecordInput } from '../src/realtime/types.ts'
import { createClient } from '../src/serve/clients.ts'
import { apiHeaders, load, startServer } from './http-load.ts'

const SUBJECTS = 2000
const SERVICES = ['recently-released', 'under-probation', 'not-in-custody']
const PURPOSE = 'eligibility load benchmark'

const subjectOf = (r: StandardisedRecord): RecordInput => ({
  forename: r.forename,
  middleNames: r.middleNames ? r.middleNames.split(' ') : [],
  surname: r.surname,
  dateOfBirth: r.dateOfBirth,
  sex: r.sex,
  postcode: r.postcode,
})

/** Subjects spread evenly over the index, and a client entitled to every example service at full speed. */
const sample = async (index: string): Promise<{ subjects: RecordInput[]; token: string }> => {
  const store = await openIndexStore(index, { create: false })
  try {
    const stride = Math.max(1, Math.floor((await store.recordCount()) / SUBJECTS))
    const subjects: RecordInput[] = []
    let n = 0
    for await (const chunk of store.records())
      for (const r of chunk)
        if (n++ % stride === 0 && subjects.length < SUBJECTS) subjects.push(subjectOf(r.record))
    const { token } = await createClient(store, {
      name: 'eligibility load benchmark',
      scopes: SERVICES.map((s) => `eligibility:${s}` as ApiScope),
      rateLimitPerMinute: 1_000_000_000,
    })
    return { subjects, token }
  } finally {
    // DuckDB lets one process at a time hold the file: the server opens it next.
    await store.close()
  }
}

const request = (subjects: RecordInput[], i: number, credential: boolean) => ({
  method: 'POST' as const,
  path: `/v1/eligibility/${SERVICES[i % SERVICES.length]}/checks`,
  body: JSON.stringify({
    subject: { record: subjects[i % subjects.length] },
    ...(credential ? { credential: {} } : {}),
  }),
})

/** Outcome shares over one pass of the subjects, sent one at a time: what the load below is made of. */
const outcomes = async (url: string, headers: Record<string, string>, subjects: RecordInput[]) => {
  const counts: Record<string, number> = {}
  const n = Math.min(300, subjects.length)
  for (let i = 0; i < n; i++) {
    const { method, path: route, body } = request(subjects, i, false)
    const res = await fetch(url + route, { method, headers, body })
    const json = (await res.json()) as { outcome?: string; reason?: string }
    const key = `${json.outcome ?? res.status}:${json.reason ?? ''}`
    counts[key] = (counts[key] ?? 0) + 1
  }
  process.stdout.write(`eligibility: outcomes over ${n} subjects: ${JSON.stringify(counts)}\n`)
}

/** Runs the benchmark against the index at `index`; returns one row of figures per pass. */
export const eligibilityLoad = async (
  index: string,
  seconds = { checks: 20, credentials: 5 },
): Promise<Record<string, string | number>[]> => {
  const { subjects, token } = await sample(index)
  process.stdout.write(`eligibility: ${subjects.length} subjects over ${SERVICES.length} services\n`)
  const { url, stop } = await startServer(index)
  const headers = apiHeaders(token, PURPOSE)
  try {
    await outcomes(url, headers, subjects)
    return [
      await load(
        'eligibility: POST checks',
        url,
        seconds.checks,
        (i) => request(subjects, i, false),
        headers,
      ),
      await load(
        'eligibility: POST checks with credential',
        url,
        seconds.credentials,
        (i) => request(subjects, i, true),
        headers,
      ),
    ]
  } finally {
    await stop()
  }
}
