/**
 * The HTTP load generator the server benchmarks share: `justid serve` in a child process, autocannon with 50
 * connections, and latency percentiles from every response.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'

const root = path.resolve(import.meta.dirname, '..')

/** Stops the server and waits for it to finish its requests in flight and their audit entries. */
const stopServer = async (child: ChildProcess): Promise<void> => {
  child.removeAllListeners('exit')
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/**
 * Starts `justid serve` on the index in a child process, so the load generator does not share its event loop; `pid`
 * lets a benchmark read the server's memory.
 */
export const startServer = (
  index: string,
): Promise<{ url: string; pid: number; stop: () => Promise<void> }> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        // Node's own flags for the server, to profile it under load: BENCH_SERVER_NODE_FLAGS="--cpu-prof".
        ...(process.env.BENCH_SERVER_NODE_FLAGS?.split(' ').filter((f) => f !== '') ?? []),
        path.join(root, 'bin', 'justid.js'),
        'serve',
        '--index',
        index,
        '--port',
        '0',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )
    let stderr = ''
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      stderr += text
      const url = /API docs at (http:\/\/\S+)\/docs/.exec(stderr)?.[1]
      if (url) resolve({ url, pid: child.pid!, stop: () => stopServer(child) })
    })
    child.on('exit', (code) => reject(new Error(`justid serve exited (${code}):\n${stderr}`)))
  })

/** The p-th percentile of sorted latencies, in ms to one decimal. */
export const percentile = (sorted: number[], p: number): number =>
  Math.round(
    (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN) * 10,
  ) / 10

/** 50 connections against the server for `seconds`, each request from `next`; prints and returns the figures. */
export const load = async (
  title: string,
  url: string,
  seconds: number,
  next: (i: number) => { method: 'GET' | 'POST'; path: string; body?: string },
  headers: Record<string, string>,
) => {
  let i = 0
  const latencies: number[] = []
  const instance = autocannon({
    url,
    connections: 50,
    duration: seconds,
    headers,
    requests: [{ setupRequest: (request) => ({ ...request, ...next(i++) }) }],
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

/** The headers every benchmark request carries: the client's token and a stated purpose. */
export const apiHeaders = (token: string, purpose: string): Record<string, string> => ({
  authorization: `Bearer ${token}`,
  'x-purpose': purpose,
  'content-type': 'application/json',
})
