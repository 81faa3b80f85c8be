import { type Command, InvalidArgumentError } from 'commander'
import { readJsonFile } from '../../core/json-file.ts'
import { custodyModelSchema } from '../../custody/model.ts'
import { startServer } from '../../serve/server.ts'
import { integer } from '../options.ts'

interface ServeOptions {
  index: string
  host: string
  port: number
  log?: boolean
  rules?: string
  keys?: string
  issuer?: string
  secureCookies?: boolean
  auditCheckpoints?: string
  custodyModel?: string
}

const port = (value: string): number => {
  const n = integer('--port')(value)
  if (n < 0 || n > 65535) throw new InvalidArgumentError('--port takes a number from 0 to 65535')
  return n
}

/** Resolves when the process is asked to stop. */
const stopSignal = (): Promise<string> =>
  new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })

export const registerServe = (program: Command): void => {
  program
    .command('serve')
    .description(
      'Serve real-time matching and person lookup over HTTP, with access control and an audit log.',
    )
    .requiredOption(
      '--index <path-or-url>',
      'the person index (a file or a postgres:// URL) written by justid link',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: any free port)', port, 8080)
    .option('--log', 'write a redacted access log to stderr: method, route, status, ms, client id')
    .option('--rules <dir>', 'eligibility service rules (JSON files); the shipped examples by default')
    .option(
      '--keys <dir>',
      'issuer keys and credential status lists; without it keys live in memory and credentials die with the process',
    )
    .option('--issuer <url>', 'the public base URL of this service, the issuer of eligibility credentials')
    .option(
      '--secure-cookies',
      'mark the review app session cookie Secure (behind HTTPS); its signing secret comes from JUSTID_SESSION_SECRET',
    )
    .option(
      '--audit-checkpoints <dir>',
      'where the audit log head is signed (key and checkpoints): keep it apart from the index; ' +
        'by default <index file>.audit-checkpoints',
    )
    .option(
      '--custody-model <file>',
      'the custody violence estimate of justid risk train, for custody staff and the custody:read scope',
    )
    .action(async (opts: ServeOptions) => {
      const custodyModel = opts.custodyModel
        ? await readJsonFile(opts.custodyModel, custodyModelSchema, 'custody estimate model')
        : undefined
      const stopped = stopSignal()
      const server = await startServer({
        index: opts.index,
        host: opts.host,
        port: opts.port,
        accessLog: opts.log ? (line) => process.stderr.write(line) : undefined,
        auditCheckpoints: opts.auditCheckpoints,
        custodyModel,
        onLoad: (message) => process.stderr.write(`justid: ${message}\n`),
        eligibility: { rulesFolder: opts.rules, keysFolder: opts.keys, issuer: opts.issuer },
        web: {
          secureCookies: opts.secureCookies === true,
          ...(process.env.JUSTID_SESSION_SECRET ? { sessionSecret: process.env.JUSTID_SESSION_SECRET } : {}),
        },
      })
      process.stderr.write(
        `justid: serving ${server.records.toLocaleString('en-GB')} records of ` +
          `${server.persons.toLocaleString('en-GB')} persons from ${server.store.location}\n` +
          `justid: API docs at ${server.url}/docs (OpenAPI at ${server.url}/openapi.json)\n` +
          `justid: review app at ${server.url}/ (staff accounts: justid users add)\n`,
      )
      const signal = await stopped
      process.stderr.write(`justid: ${signal}: finishing requests in flight and stopping\n`)
      await server.stop()
    })
}
