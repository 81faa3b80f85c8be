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
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'
import type { StandardisedRecord } from '../src/core/standardised.ts'
import { openIndexStore } from '../src/index/store/open-store.ts'
import type { ApiScope } from '../src/index/types.ts'
import type { RecordInput } from '../src/realtime/types.ts'
import { createClient } from '../src/serve/clients.ts'

const root = path.resolve(import.meta.dirname, '..')
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

const startServer = (index: string): Promise<{ child: ChildProcess; url: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'bin', 'justid.js'), 'serve', '--index', index, '--port', '0'],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let stderr = ''
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      stderr += text
      const url = /API docs at (http:\/\/\S+)\/docs/.exec(stderr)?.[1]
      if (url) resolve({ child, url })
    })
    child.on('exit', (code) => reject(new Error(`justid serve exited (${code}):\n${stderr}`)))
  })

const percentile = (sorted: number[], p: number): number =>
  Math.round(
    (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN) * 10,
  ) / 10

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

const load = async (
  title: string,
  url: string,
  seconds: number,
  next: (i: number) => object,
  headers: Record<string, string>,
) => {
  let i = 0
  const latencies: number[] = []
  const instance = autocannon({
    url,
    connections: 50,
    duration: seconds,
    headers,
    requests: [{ setupRequest: (req) => ({ ...req, ...next(i++) }) }],
  })
  // autocannon emits (client, status, bytes, ms); its types leave out the client.
  ;(instance as unknown as NodeJS.EventEmitter).on('response', (_client, _status, _bytes, ms: number) => {
    latencies.push(ms)
  })
  const result = await instance
  latencies.sort((a, b) => a - b)
  const figures = {
    benchmark: title,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50ms: percentile(latencies, 50),
    p95ms: percentile(latencies, 95),
    p99ms: percentile(latencies, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
  process.stdout.write(`${JSON.stringify(figures)}\n`)
  return figures
}

/** Runs the benchmark against the index at `index`; returns one row of figures per pass. */
export const eligibilityLoad = async (
  index: string,
  seconds = { checks: 20, credentials: 5 },
): Promise<Record<string, string | number>[]> => {
  const { subjects, token } = await sample(index)
  process.stdout.write(`eligibility: ${subjects.length} subjects over ${SERVICES.length} services\n`)
  const { child, url } = await startServer(index)
  const headers = {
    authorization: `Bearer ${token}`,
    'x-purpose': PURPOSE,
    'content-type': 'application/json',
  }
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
    child.removeAllListeners('exit')
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
}
