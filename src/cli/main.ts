import { Command, CommanderError } from 'commander'
import { exitCodeFor, isJustIdError } from '../core/errors.ts'
import { registerAdd } from './commands/add.ts'
import { registerAudit } from './commands/audit.ts'
import { registerClients } from './commands/clients.ts'
import { registerCredential } from './commands/credential.ts'
import { registerEvaluate } from './commands/evaluate.ts'
import { registerEvents } from './commands/events.ts'
import { registerLink } from './commands/link.ts'
import { registerProfile } from './commands/profile.ts'
import { registerServe } from './commands/serve.ts'
import { registerSynth } from './commands/synth.ts'
import { registerTransparency } from './commands/transparency.ts'
import { registerUsers } from './commands/users.ts'

/** Builds the `justid` command line. Each sub-command lives in its own module under src/cli/commands. */
export const buildProgram = (): Command => {
  const program = new Command('justid')
    .description('Link person records from courts, prisons and probation into persons with one Justice ID.')
    .exitOverride()
    .showHelpAfterError()
  registerSynth(program)
  registerLink(program)
  registerProfile(program)
  registerAdd(program)
  registerEvaluate(program)
  registerTransparency(program)
  registerServe(program)
  registerClients(program)
  registerAudit(program)
  registerEvents(program)
  registerCredential(program)
  registerUsers(program)
  return program
}

/** Runs the CLI and returns the exit code; every error becomes one clear line on stderr, never a stack trace. */
export const run = async (argv: string[]): Promise<number> => {
  const program = buildProgram()
  try {
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
