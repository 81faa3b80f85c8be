import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { JustIdError } from '../../core/errors.ts'
import {
  defaultCheckpointFolder,
  type GivenCheckpoint,
  verifyAuditLog,
} from '../../person-index/store/audit-checkpoint.ts'
import { withIndexStore } from '../index-store.ts'
import { INDEX_OPTION } from '../options.ts'

interface VerifyOpts {
  index: string
  checkpoints?: string
  checkpoint?: string
}

/** The checkpoint file named on the command line, to check the chain against besides the folder's latest. */
const givenCheckpoint = (file: string | undefined): GivenCheckpoint | undefined => {
  if (!file) return undefined
  try {
    return { jws: readFileSync(file, 'utf8'), name: file }
  } catch {
    throw new JustIdError('file_not_found', `cannot read the checkpoint file ${file}`)
  }
}

export const registerAudit = (program: Command): void => {
  const audit = program.command('audit').description('Check the tamper-evident audit log of API access.')
  audit
    .command('verify')
    .description(
      'Recompute the hash chain of the audit log and check it reaches every signed checkpoint. Exit 0 when ' +
        'intact, 1 at the first bad entry or a checkpoint the log no longer reaches.',
    )
    .requiredOption(...INDEX_OPTION)
    .option(
      '--checkpoints <dir>',
      'the folder of the checkpoint key and latest checkpoint (justid serve --audit-checkpoints); ' +
        'by default <index file>.audit-checkpoints',
    )
    .option('--checkpoint <file>', 'also check against this checkpoint, e.g. a copy kept elsewhere')
    .action(async (opts: VerifyOpts) => {
      const given = givenCheckpoint(opts.checkpoint)
      const folder = opts.checkpoints ?? defaultCheckpointFolder(opts.index)
      const result = await withIndexStore(opts.index, (store) => verifyAuditLog(store, folder, given))
      const checked = `(${result.entries.toLocaleString('en-GB')} entries checked)`
      if (!result.ok)
        // The code that maps to exit 1: a broken chain is a finding, not a usage or data-file error.
        throw new JustIdError(
          'internal',
          result.firstBadSeq === null
            ? `audit log not verified: ${result.reason} ${checked}`
            : `audit log broken at entry ${result.firstBadSeq}: ${result.reason ?? 'hash mismatch'} ${checked}`,
        )
      if (!result.checkpoint)
        process.stderr.write(
          'justid: no signed checkpoint to check against: entries cut from the end would not show (see --checkpoints)\n',
        )
      const reached = result.checkpoint ? `, reaching signed checkpoint entry ${result.checkpoint.seq}` : ''
      process.stdout.write(`audit log intact: ${result.entries.toLocaleString('en-GB')} entries${reached}\n`)
    })
}
