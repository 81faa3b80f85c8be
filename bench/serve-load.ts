/**
 * Load benchmark of `justid serve`: the real CLI serves the index in a child process (so the load generator does
 * not share its event loop), and autocannon drives POST /v1/match with 50 connections for 20 s, cycling through
 * about 2,000 probes made from index records with the errors real searches carry (a typo in the surname, a
 * dropped middle name). Then shorter passes over GET /v1/persons/:id and GET /v1/persons?name=. Prints, for each pass,
 * the server's and the load generator's CPU apart (both share this machine's cores), and the time, the server's CPU
 * and its resident memory from starting `justid serve` to its listening. Asserts nothing about time.
 *
 *   npm run bench serve -- --index PATH
 */

import { readFileSync } from 'node:fs'
import type { StandardisedRecord } from '../src/core/standardised.ts'
import { openIndexStore } from '../src/person-index/store/open-store.ts'
import type { JusticeId } from '../src/person-index/types.ts'
import type { RecordInput } from '../src/realtime/types.ts'
import { createClient } from '../src/serve/clients.ts'
import { apiHeaders, load, startServer } from './http-load.ts'

const PROBES = 2000
const PURPOSE = 'load benchmark'

/** A typo a clerk makes: two neighbouring letters swapped, or the last letter dropped. */
const typo = (s: string, i: number): string => {
  if (s.length < 4) return s
  const at = 1 + (i % (s.length - 2))
  return i % 3 === 0 ? s.slice(0, -1) : s.slice(0, at) + s[at + 1] + s[at] + s.slice(at + 2)
}

const probeOf = (r: StandardisedRecord, i: number): RecordInput => ({
  forename: r.forename,
  // Every other probe drops the middle names, as many systems never record them.
  middleNames: i % 2 === 0 || !r.middleNames ? [] : r.middleNames.split(' '),
  surname: r.surname ? typo(r.surname, i) : null,
  dateOfBirth: r.dateOfBirth,
  sex: r.sex,
  postcode: r.postcode,
})

interface Sample {
  probes: RecordInput[]
  ids: JusticeId[]
  names: string[]
  token: string
}

/** Probes and person IDs spread evenly over the index, and a client allowed to use them at full speed. */
const sample = async (index: string): Promise<Sample> => {
  const store = await openIndexStore(index, { create: false })
  try {
    const stride = Math.max(1, Math.floor((await store.recordCount()) / PROBES))
    const probes: RecordInput[] = []
    const ids = new Set<JusticeId>()
    const names: string[] = []
    let n = 0
    for await (const chunk of store.records()) {
      for (const r of chunk) {
        if (n++ % stride !== 0 || probes.length >= PROBES) continue
        probes.push(probeOf(r.record, probes.length))
        ids.add(r.justiceId)
        const name = [r.record.forename, r.record.surname].filter((v) => v !== null).join(' ')
        if (name !== '') names.push(name)
      }
    }
    const { token } = await createClient(store, {
      name: 'load benchmark',
      scopes: ['match', 'person:read'],
      rateLimitPerMinute: 1_000_000_000,
    })
    return { probes, ids: [...ids], names, token }
  } finally {
    // DuckDB lets one process at a time hold the file: the server opens it next.
    await store.close()
  }
}

/** CPU seconds (user and system) a process has used, from /proc: the server's, measured apart from ours. */
const cpuSecondsOf = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  // utime and stime are the 12th and 13th fields after the command name, in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** A process's resident memory in MiB, from /proc: the server's budget at 1M is stated in docs/person-index.md. */
const residentMiBOf = (pid: number): number =>
  Math.round(
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024,
  )

/** Runs one pass and adds the CPU the server and this process (the load generator) used, as cores busy. */
const measured = async (
  pid: number,
  seconds: number,
  pass: () => Promise<Record<string, string | number>>,
) => {
  const server = cpuSecondsOf(pid)
  const own = process.cpuUsage()
  const started = performance.now()
  const figures = await pass()
  const wall = (performance.now() - started) / 1000
  const used = process.cpuUsage(own)
  const cores = (cpu: number) => Math.round((cpu / wall) * 100) / 100
  const withCpu = {
    ...figures,
    serverCpuCores: cores(cpuSecondsOf(pid) - server),
    loadGeneratorCpuCores: cores((used.user + used.system) / 1e6),
  }
  process.stdout.write(`${JSON.stringify({ benchmark: figures.benchmark, seconds, ...withCpu })}\n`)
  return withCpu
}

/** Runs the benchmark against the index at `index`; returns one row of figures per pass. */
export const serveLoad = async (index: string): Promise<Record<string, string | number>[]> => {
  const { probes, ids, names, token } = await sample(index)
  process.stdout.write(`serve: ${probes.length} probes, ${ids.length} person IDs, ${names.length} names\n`)
  const starting = performance.now()
  const { url, pid, stop } = await startServer(index)
  const ready = {
    benchmark: 'serve: ready',
    seconds: Math.round((performance.now() - starting) / 100) / 10,
    serverCpuSeconds: Math.round(cpuSecondsOf(pid) * 10) / 10,
    residentMiB: residentMiBOf(pid),
  }
  process.stdout.write(`${JSON.stringify(ready)}\n`)
  const headers = apiHeaders(token, PURPOSE)
  try {
    const bodies = probes.map((record) => JSON.stringify({ record, limit: 5 }))
    const queries = names.map((name) => `/v1/persons?${new URLSearchParams({ name, limit: '5' })}`)
    return [
      ready,
      await measured(pid, 20, () =>
        load(
          'serve: POST /v1/match',
          url,
          20,
          (i) => ({ method: 'POST', path: '/v1/match', body: bodies[i % bodies.length]! }),
          headers,
        ),
      ),
      await measured(pid, 10, () =>
        load(
          'serve: GET /v1/persons/:id',
          url,
          10,
          (i) => ({ method: 'GET', path: `/v1/persons/${ids[i % ids.length]}` }),
          headers,
        ),
      ),
      await measured(pid, 10, () =>
        load(
          'serve: GET /v1/persons?name=',
          url,
          10,
          (i) => ({ method: 'GET', path: queries[i % queries.length]! }),
          headers,
        ),
      ),
    ]
  } finally {
    await stop()
  }
}

/** The value of `--index` among the benchmark arguments, or null. */
export const indexArg = (argv: readonly string[]): string | null => {
  const at = argv.indexOf('--index')
  return at >= 0 ? (argv[at + 1] ?? null) : null
}
