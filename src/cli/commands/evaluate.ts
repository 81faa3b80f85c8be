import type { Command } from 'commander'
import { JustIdError } from '../../core/errors.ts'
import { evaluateLinkRun, formatEvaluation } from '../../link/evaluate-run.ts'
import { evaluateAgainstReviewers, formatReviewerAgreement } from '../../link/reviewer-evaluation.ts'

interface EvaluateOptions {
  out?: string
  reviewerLabels?: string
  truth?: string
  febrlIds?: boolean
  groupBy?: string
}

export const registerEvaluate = (program: Command): void => {
  program
    .command('evaluate')
    .description(
      'Measure a link run against the truth: pairwise and B-cubed precision/recall/F1, false-match rate, accuracy per group, error analysis, and a precision-recall curve.',
    )
    .option('--out <dir>', 'the output folder of a `justid link` run')
    .option(
      '--reviewer-labels <index>',
      "a person index (file or postgres:// URL): measure the model against its reviewers' decisions",
    )
    .option(
      '--truth <file-or-column>',
      'a CSV file with source,record_id,person_id columns, or the name of a column of the sources that holds the true person',
    )
    .option(
      '--group-by <columns>',
      'truth-file columns to break accuracy down by, comma-separated (default: every column but source, record_id and person_id)',
    )
    .option(
      '--febrl-ids',
      'derive the truth from FEBRL-style record ids: rec-N-org and rec-N-dup-K are person N',
    )
    .action(async (opts: EvaluateOptions) => {
      const reviewers = opts.reviewerLabels ? await evaluateAgainstReviewers(opts.reviewerLabels) : undefined
      if (reviewers) {
        process.stdout.write(formatReviewerAgreement(reviewers))
        if (!opts.out || (!opts.truth && !opts.febrlIds)) return
      }
      if (!opts.out)
        throw new JustIdError('usage', 'give --out (a link run folder) or --reviewer-labels INDEX')
      if (!opts.truth && !opts.febrlIds) {
        throw new JustIdError('usage', 'say where the truth is: --truth FILE_OR_COLUMN, or --febrl-ids')
      }
      const evaluation = await evaluateLinkRun({
        outDir: opts.out,
        truth: opts.febrlIds ? { kind: 'febrl-ids' } : { kind: 'file-or-column', value: opts.truth! },
        ...(opts.groupBy ? { groupBy: opts.groupBy.split(',').map((c) => c.trim()) } : {}),
        ...(reviewers ? { reviewers } : {}),
      })
      process.stdout.write(formatEvaluation(evaluation))
    })
}
