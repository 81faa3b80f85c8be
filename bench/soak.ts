/**
 * Soak run of the API (#19): `justid serve` in a child process on a small synthetic person index (2,000 people,
 * about 4,000 records, their justice events loaded), on loopback only, driven for a stated time by autocannon with
 * a mix of requests: matches, person reads and searches, eligibility checks, requests with a wrong token and bodies
 * over the 64 KiB limit. Prints requests per second, latency percentiles, the count of each status, and the server's
 * resident memory at the start and end. Fails (exit 1) when any answer is a 5xx, a request errs or times out, or the
 * server's memory grows by more than the bound between the end of a warm-up and the end of the run.
 *
 *   npm run bench -- soak                          60 s, 20 connections, at most 64 MiB of growth
 *   npm run bench -- soak --seconds 1800           longer
 *   npm run bench -- soak --connections 50 --max-growth-mib 128
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import autocannon from 'autocannon'
import type { StandardisedRecord } from '../src/core/standardised.ts'
import { openIndexStore } from '../src/person-index/store/open-store.ts'
import type { ApiScope, JusticeId } from '../src/person-index/types.ts'
import type { RecordInput } from '../src/realtime/types.ts'
import { createClient } from '../src/serve/clients.ts'
import { apiHeaders, percentile, startServer } from './http-load.ts'

const root = path.resolve(import.meta.dirname, '..')
const PURPOSE = 'soak benchmark'
const SERVICES = ['recently-released', 'under-probation', 'not-in-custody']
const WARM_UP_SECONDS = 10

export interface SoakOptions {
  seconds: number
  connections: number
  maxGrowthMiB: number
}

/** `--seconds`, `--connections` and `--max-growth-mib` among the benchmark arguments, with the defaults. */
export const soakOptions = (argv: readonly string[]): SoakOptions => {
  const number = (flag: string, fallback: number): number => {
    const at = argv.indexOf(flag)
    if (at < 0) return fallback
    const value = Number(argv[at + 1])
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} needs a positive number`)
    return value
  }
  return {
    seconds: number('--seconds', 60),
    connections: number('--connections', 20),
    maxGrowthMiB: number('--max-growth-mib', 64),
  }
}

const justid = (...argv: string[]): void => {
  const run = spawnSync(process.execPath, [path.join(root, 'bin', 'justid.js'), ...argv], {
    cwd: root,
    encoding: 'utf8',
  })
  if (run.status !== 0) throw new Error(`justid ${argv[0]} failed (exit ${run.status}):\n${run.stderr}`)
}

/** A fresh index of synthetic people, linked and with its justice events loaded. */
const buildIndex = (work: string): string => {
  rmSync(work, { recursive: true, force: true })
  const data = path.join(work, 'data')
  const index = path.join(work, 'index.duckdb')
  justid('synth', '--people', '2000', '--seed', '19', '--out', data)
  const sources = ['court', 'prison', 'probation'].map((s) => path.join(data, `${s}.csv`))
  justid('link', '--index', index, '--out', path.join(work, 'out'), ...sources)
  justid('events', 'load', '--index', index, path.join(data, 'events.csv'))
  return index
}

const recordOf = (r: StandardisedRecord): RecordInput => ({
  forename: r.forename,
  surname: r.surname,
  dateOfBirth: r.dateOfBirth,
  sex: r.sex,
  postcode: r.postcode,
})

/** Records and person IDs of the index, and a client entitled to every route the mix uses, at full speed. */
const sample = async (index: string) => {
  const store = await openIndexStore(index, { create: false })
  try {
    const records: RecordInput[] = []
    const ids = new Set<JusticeId>()
    for await (const chunk of store.records())
      for (const r of chunk) {
        records.push(recordOf(r.record))
        ids.add(r.justiceId)
      }
    const { token } = await createClient(store, {
      name: 'soak benchmark',
      scopes: ['match', 'person:read', ...SERVICES.map((s) => `eligibility:${s}` as ApiScope)],
      rateLimitPerMinute: 1_000_000_000,
    })
    return { records, ids: [...ids], token }
  } finally {
    // DuckDB lets one process at a time hold the file: the server opens it next.
    await store.close()
  }
}

/** The server's resident memory in MiB, from /proc (Linux), else from ps. */
const rssMiB = (pid: number): number => {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    if (kb) return Number(kb) / 1024
  } catch {
    // Not Linux: ps below.
  }
  return Number(spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim()) / 1024
}

type Request = { method: 'GET' | 'POST'; path: string; body?: string; headers?: Record<string, string> }

/** The mix, by request number: out of 20, 8 matches, 4 person reads, 3 searches, 3 checks, 2 with a wrong token. */
const requestMix = (sampled: Awaited<ReturnType<typeof sample>>, headers: Record<string, string>) => {
  const { records, ids } = sampled
  const wrongToken = { ...headers, authorization: 'Bearer cSoakNoSuchClient.not-a-secret' }
  return (i: number): Request => {
    const record = records[(i * 7919) % records.length]!
    const slot = i % 20
    if (slot < 8) return { method: 'POST', path: '/v1/match', body: JSON.stringify({ record, limit: 5 }) }
    if (slot < 12) return { method: 'GET', path: `/v1/persons/${ids[i % ids.length]}` }
    if (slot < 15) {
      const name = encodeURIComponent(`${record.forename ?? ''} ${record.surname ?? ''}`.trim() || 'a')
      return { method: 'GET', path: `/v1/persons?name=${name}` }
    }
    if (slot < 18)
      return {
        method: 'POST',
        path: `/v1/eligibility/${SERVICES[i % SERVICES.length]}/checks`,
        body: JSON.stringify({ subject: { record } }),
      }
    return { method: 'GET', path: `/v1/persons/${ids[i % ids.length]}`, headers: wrongToken }
  }
}

/**
 * Bodies over the 64 KiB limit, five a second beside the load: the server answers 413 and closes the connection
 * before reading the rest, so they go on connections of their own (in autocannon's, the unread rest of the body
 * would reach the server as the next request).
 */
const oversizeStream = (url: string, headers: Record<string, string>, statuses: Map<number, number>) => {
  const body = JSON.stringify({ record: { forename: 'x'.repeat(100 * 1024) } })
  let running = true
  let errors = 0
  const done = (async () => {
    while (running) {
      try {
        const res = await fetch(`${url}/v1/match`, { method: 'POST', headers, body })
        await res.arrayBuffer()
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      } catch {
        errors++
      }
      await new Promise((r) => setTimeout(r, 200))
    }
  })()
  return {
    stop: async () => {
      running = false
      await done
      return errors
    },
  }
}

interface Pass {
  seconds: number
  latencies: number[]
  statuses: Map<number, number>
  errors: number
  timeouts: number
}

/** `connections` connections for `seconds`, each request from `next`; counts every answer's status and time. */
const drive = async (
  url: string,
  seconds: number,
  connections: number,
  headers: Record<string, string>,
  next: (i: number) => Request,
  statuses = new Map<number, number>(),
): Promise<Pass> => {
  let i = 0
  const latencies: number[] = []
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    headers,
    timeout: 10,
    // A fresh headers object each request: autocannon writes a POST's Content-Length into the one it is given,
    // which a GET sharing it would then send without a body.
    requests: [
      {
        setupRequest: (request) => {
          const r = next(i++)
          return { ...request, ...r, headers: { ...(r.headers ?? headers) } }
        },
      },
    ],
  })
  // autocannon emits (client, status, bytes, ms); its types leave out the client.
  ;(instance as unknown as NodeJS.EventEmitter).on(
    'response',
    (_client, status: number, _bytes, ms: number) => {
      latencies.push(ms)
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    },
  )
  const result = await instance
  latencies.sort((a, b) => a - b)
  return {
    seconds: result.duration,
    latencies,
    statuses,
    errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
  }
}

/** Runs the soak on a fresh index under `work`; returns its row of figures, and false in `passed` on a failure. */
export const soak = async (
  work: string,
  options: SoakOptions,
): Promise<{ figures: Record<string, string | number>; passed: boolean }> => {
  const index = buildIndex(work)
  const sampled = await sample(index)
  process.stdout.write(
    `soak: ${sampled.records.length} records, ${sampled.ids.length} persons; ${options.connections} connections ` +
      `for ${options.seconds} s after a ${WARM_UP_SECONDS} s warm-up\n`,
  )
  const server = await startServer(index)
  const headers = apiHeaders(sampled.token, PURPOSE)
  const next = requestMix(sampled, headers)
  try {
    const idle = rssMiB(server.pid)
    await drive(server.url, WARM_UP_SECONDS, options.connections, headers, next)
    const start = rssMiB(server.pid)
    let peak = start
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMiB(server.pid))
    }, 1000)
    const statuses = new Map<number, number>()
    const oversize = oversizeStream(server.url, headers, statuses)
    const pass = await drive(
      server.url,
      options.seconds,
      options.connections,
      headers,
      next,
      statuses,
    ).finally(() => clearInterval(sampler))
    pass.errors += await oversize.stop()
    const end = rssMiB(server.pid)
    peak = Math.max(peak, end)
    const byStatus = [...pass.statuses].sort(([a], [b]) => a - b)
    const serverErrors = byStatus.filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0)
    const growth = end - start
    const mib = (x: number) => Math.round(x * 10) / 10
    const figures = {
      benchmark: `soak: ${options.seconds} s mixed API load`,
      // Every answer, the oversize stream's included; the percentiles are of the mixed load's.
      requests: byStatus.reduce((n, [, c]) => n + c, 0),
      requestsPerSecond: Math.round(byStatus.reduce((n, [, c]) => n + c, 0) / pass.seconds),
      p50ms: percentile(pass.latencies, 50),
      p95ms: percentile(pass.latencies, 95),
      p99ms: percentile(pass.latencies, 99),
      statuses: byStatus.map(([s, c]) => `${s}:${c}`).join(' '),
      errors: pass.errors,
      timeouts: pass.timeouts,
      rssIdleMiB: mib(idle),
      rssStartMiB: mib(start),
      rssEndMiB: mib(end),
      rssPeakMiB: mib(peak),
      growthMiB: mib(growth),
    }
    process.stdout.write(`${JSON.stringify(figures)}\n`)
    const failures = [
      ...(serverErrors > 0 ? [`${serverErrors} answers with a 5xx status`] : []),
      ...(pass.errors + pass.timeouts > 0
        ? [`${pass.errors} request errors and ${pass.timeouts} timeouts`]
        : []),
      ...(growth > options.maxGrowthMiB
        ? [`the server's memory grew by ${mib(growth)} MiB, over the bound of ${options.maxGrowthMiB} MiB`]
        : []),
    ]
    for (const failure of failures) process.stdout.write(`soak FAILED: ${failure}\n`)
    if (failures.length === 0)
      process.stdout.write(
        `soak passed: no 5xx, no errors, memory grew by ${mib(growth)} MiB (bound ${options.maxGrowthMiB} MiB)\n`,
      )
    return { figures, passed: failures.length === 0 }
  } finally {
    await server.stop()
  }
}
