import { readFileSync } from 'node:fs'
import { Command, CommanderError } from 'commander'
import { exitCodeFor, isJustIdError } from '../core/errors.ts'

type Register = (program: Command) => void

interface CommandEntry {
  /** Its arguments and description as `justid --help` lists them; test/package.test.ts checks they match. */
  arguments?: string
  description: string
  load: () => Promise<Register>
}

/**
 * The sub-commands, each in its own module under src/cli/commands, imported only when it runs: most of them load
 * DuckDB or Fastify, so `justid --help` and `--version` would otherwise take seconds.
 */
export const commands: Record<string, CommandEntry> = {
  synth: {
    description:
      'Write synthetic extracts with a truth file (no real people): justice extracts by default, or data shaped like that of other systems (--profile).',
    load: async () => (await import('./commands/synth.ts')).registerSynth,
  },
  link: {
    arguments: '<source...>',
    description:
      'Link person records into persons. One source: de-duplicate it. Several: link them and de-duplicate each.',
    load: async () => (await import('./commands/link.ts')).registerLink,
  },
  profile: {
    arguments: '<source...>',
    description:
      'Show what JustID understands of each column of the sources, without linking: the role it will give it and why, how complete it is, its distinct and most frequent values, and what will be done with it.',
    load: async () => (await import('./commands/profile.ts')).registerProfile,
  },
  add: {
    arguments: '<source...>',
    description:
      'Link new or changed records into a person index with its stored model, without re-running the batch.',
    load: async () => (await import('./commands/add.ts')).registerAdd,
  },
  evaluate: {
    description:
      'Measure a link run against the truth: pairwise and B-cubed precision/recall/F1, false-match rate, accuracy per group, error analysis, and a precision-recall curve.',
    load: async () => (await import('./commands/evaluate.ts')).registerEvaluate,
  },
  transparency: {
    description:
      'Write the algorithmic transparency record (UK ATRS) of a link run: what the tool does, the model, the data, measured accuracy, and the fields the owner must complete.',
    load: async () => (await import('./commands/transparency.ts')).registerTransparency,
  },
  serve: {
    description:
      'Serve real-time matching and person lookup over HTTP, with access control and an audit log.',
    load: async () => (await import('./commands/serve.ts')).registerServe,
  },
  clients: {
    description: 'Manage the API clients allowed to call justid serve.',
    load: async () => (await import('./commands/clients.ts')).registerClients,
  },
  audit: {
    description: 'Check the tamper-evident audit log of API access.',
    load: async () => (await import('./commands/audit.ts')).registerAudit,
  },
  events: {
    description: 'Justice events of source records, for eligibility checks and the custody estimate.',
    load: async () => (await import('./commands/events.ts')).registerEvents,
  },
  risk: {
    description:
      'The custody violence estimate (docs/custody-estimate.md): train it on a person index, and evaluate it.',
    load: async () => (await import('./commands/risk.ts')).registerRisk,
  },
  credential: {
    description: 'Eligibility credentials (SD-JWT VC).',
    load: async () => (await import('./commands/credential.ts')).registerCredential,
  },
  users: {
    description: 'Manage the staff who sign in to the review app.',
    load: async () => (await import('./commands/users.ts')).registerUsers,
  },
}

// The same path from src/cli/main.ts and from the compiled dist/cli/main.js.
const version = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version

/**
 * Builds the `justid` command line for these arguments: the command they name is loaded in full, the others are
 * listed by name and description only.
 */
export const buildProgram = async (argv: readonly string[]): Promise<Command> => {
  const program = new Command('justid')
    .description('Link person records from courts, prisons and probation into persons with one Justice ID.')
    .version(version(), '-V, --version', 'print the version of justid')
    .exitOverride()
    .showHelpAfterError()
  const named = argv[0] === 'help' ? argv[1] : argv[0]
  for (const [name, entry] of Object.entries(commands)) {
    if (name === named) (await entry.load())(program)
    else program.command(entry.arguments ? `${name} ${entry.arguments}` : name).description(entry.description)
  }
  return program
}

/** Runs the CLI and returns the exit code; every error becomes one clear line on stderr, never a stack trace. */
export const run = async (argv: string[]): Promise<number> => {
  try {
    const program = await buildProgram(argv)
    await program.parseAsync(argv, { from: 'user' })
    return 0
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2
    if (isJustIdError(e)) {
      process.stderr.write(`justid: ${e.message}\n`)
    } else {
      // Only the first line: libraries (DuckDB's CSV reader, say) quote the offending data on the lines after it.
      const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]
      process.stderr.write(`justid: internal error: ${message}\n`)
    }
    return exitCodeFor(e)
  }
}
