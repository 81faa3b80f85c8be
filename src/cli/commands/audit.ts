import type { Command } from 'commander'
import { JustIdError } from '../../core/errors.ts'
import { openIndexStore } from '../../index/store/open-store.ts'

export const registerAudit = (program: Command): void => {
  const audit = program.command('audit').description('Check the tamper-evident audit log of API access.')
  audit
    .command('verify')
    .description('Recompute the hash chain of the audit log. Exit 0 when intact, 1 at the first bad entry.')
    .requiredOption('--index <path-or-url>', 'the person index (a file or a postgres:// URL)')
    .action(async (opts: { index: string }) => {
      const store = await openIndexStore(opts.index, { create: false })
      const result = await store.verifyAudit().finally(() => store.close())
      if (!result.ok)
        // The code that maps to exit 1: a broken chain is a finding, not a usage or data-file error.
        throw new JustIdError(
          'internal',
          `audit log broken at entry ${result.firstBadSeq}: ${result.reason ?? 'hash mismatch'} ` +
            `(${result.entries.toLocaleString('en-GB')} entries checked)`,
        )
      process.stdout.write(`audit log intact: ${result.entries.toLocaleString('en-GB')} entries\n`)
    })
}
