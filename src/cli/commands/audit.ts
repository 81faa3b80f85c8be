import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { JustIdError } from '../../core/errors.ts'
import {
  type AuditHead,
  checkpointPublicKey,
  defaultCheckpointFolder,
  latestCheckpoint,
  readCheckpoint,
} from '../../index/store/audit-checkpoint.ts'
import { openIndexStore } from '../../index/store/open-store.ts'

interface VerifyOpts {
  index: string
  checkpoints?: string
  checkpoint?: string
}

/** The signed heads to check the chain against: the folder's latest, and the one named on the command line. */
const checkpointsFor = async (opts: VerifyOpts): Promise<{ heads: AuditHead[]; note: string | null }> => {
  const folder = opts.checkpoints ?? defaultCheckpointFolder(opts.index)
  const publicKey = folder ? checkpointPublicKey(folder) : null
  if (!folder || !publicKey) {
    if (opts.checkpoint)
      throw new JustIdError(
        'usage',
        `--checkpoint needs the checkpoint key: name its folder with --checkpoints (none found at ${folder ?? '(none)'})`,
      )
    return {
      heads: [],
      note: 'no signed checkpoint to check against: entries cut from the end would not show (see --checkpoints)',
    }
  }
  const latest = await latestCheckpoint(folder, publicKey)
  if (!latest)
    throw new JustIdError(
      'internal',
      `the checkpoint folder ${folder} has its key but no checkpoint: it was removed, or the server never wrote one`,
    )
  const heads: AuditHead[] = [latest]
  if (opts.checkpoint) {
    let text: string
    try {
      text = readFileSync(opts.checkpoint, 'utf8')
    } catch {
      throw new JustIdError('file_not_found', `cannot read the checkpoint file ${opts.checkpoint}`)
    }
    const given = await readCheckpoint(text, publicKey)
    if (typeof given === 'string')
      throw new JustIdError('internal', `the checkpoint ${opts.checkpoint}: ${given}`)
    heads.push(given)
  }
  return { heads, note: null }
}

export const registerAudit = (program: Command): void => {
  const audit = program.command('audit').description('Check the tamper-evident audit log of API access.')
  audit
    .command('verify')
    .description(
      'Recompute the hash chain of the audit log and check it reaches every signed checkpoint. Exit 0 when ' +
        'intact, 1 at the first bad entry or a checkpoint the log no longer reaches.',
    )
    .requiredOption('--index <path-or-url>', 'the person index (a file or a postgres:// URL)')
    .option(
      '--checkpoints <dir>',
      'the folder of the checkpoint key and latest checkpoint (justid serve --audit-checkpoints); ' +
        'by default <index file>.audit-checkpoints',
    )
    .option('--checkpoint <file>', 'also check against this checkpoint, e.g. a copy kept elsewhere')
    .action(async (opts: VerifyOpts) => {
      const { heads, note } = await checkpointsFor(opts)
      const store = await openIndexStore(opts.index, { create: false })
      const result = await store.verifyAudit(heads).finally(() => store.close())
      if (!result.ok)
        // The code that maps to exit 1: a broken chain is a finding, not a usage or data-file error.
        throw new JustIdError(
          'internal',
          `audit log broken at entry ${result.firstBadSeq}: ${result.reason ?? 'hash mismatch'} ` +
            `(${result.entries.toLocaleString('en-GB')} entries checked)`,
        )
      if (note) process.stderr.write(`justid: ${note}\n`)
      const checked =
        heads.length > 0 ? `, reaching signed checkpoint entry ${Math.max(...heads.map((h) => h.seq))}` : ''
      process.stdout.write(`audit log intact: ${result.entries.toLocaleString('en-GB')} entries${checked}\n`)
    })
}
