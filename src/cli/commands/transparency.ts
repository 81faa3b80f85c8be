import type { Command } from 'commander'
import { writeTransparencyRecord } from '../../transparency/index.ts'

interface TransparencyOptions {
  out: string
  owner?: string
  contact?: string
  custodyModel?: string
  custodyEvaluation?: string
}

export const registerTransparency = (program: Command): void => {
  program
    .command('transparency')
    .description(
      'Write the algorithmic transparency record (UK ATRS) of a link run: what the tool does, the model, the data, measured accuracy, and the fields the owner must complete.',
    )
    .requiredOption(
      '--out <dir>',
      'the output folder of a `justid link` run (and of `justid evaluate`, if run)',
    )
    .option('--owner <name>', 'the organisation and team that own the tool')
    .option('--contact <email>', 'where the public can ask about or challenge a linkage')
    .option('--custody-model <file>', 'add a section for the custody violence estimate (justid risk train)')
    .option('--custody-evaluation <file>', 'with --custody-model: its live figures (justid risk evaluate)')
    .action(async (opts: TransparencyOptions) => {
      const result = await writeTransparencyRecord({
        ...(opts.custodyModel
          ? { custody: { model: opts.custodyModel, evaluation: opts.custodyEvaluation } }
          : {}),
        outDir: opts.out,
        ...(opts.owner !== undefined ? { owner: opts.owner } : {}),
        ...(opts.contact !== undefined ? { contact: opts.contact } : {}),
      })
      const n = result.toComplete.length
      process.stdout.write(
        `Wrote ${result.files.join(' and ')}\n` +
          (n === 0
            ? 'Every field is filled in.\n'
            : `${n} field${n === 1 ? '' : 's'} still to be completed by the owner:\n` +
              result.toComplete.map((f) => `  ${f.section}: ${f.label}\n`).join('')),
      )
    })
}
