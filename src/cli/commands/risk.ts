import { rename, writeFile } from 'node:fs/promises'
import { type Command, InvalidArgumentError } from 'commander'
import { JustIdError } from '../../core/errors.ts'
import { readJsonFile } from '../../core/json-file.ts'
import { DEFAULT_EVALUATION_SETTINGS } from '../../custody/evaluate.ts'
import { dayOf } from '../../custody/features.ts'
import { formatCustodyEvaluation, formatCustodyModel } from '../../custody/format.ts'
import { custodyModelSchema } from '../../custody/model.ts'
import { readPersonCustody } from '../../custody/person-histories.ts'
import { defaultAsOf, evaluateCustodyModel, trainCustodyModel } from '../../custody/run.ts'
import { readCustodyTruth, readTruthGroups } from '../../custody/truth.ts'
import { withIndexStore } from '../index-store.ts'
import { INDEX_OPTION, positiveInteger } from '../options.ts'

const isoDate = (value: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(dayOf(value)))
    throw new InvalidArgumentError('--as-of takes a date as yyyy-mm-dd')
  return value
}

const positiveNumber =
  (flag: string) =>
  (value: string): number => {
    const n = Number(value)
    if (!(n > 0)) throw new InvalidArgumentError(`${flag} takes a number above 0`)
    return n
  }

/** Written beside, then renamed: a reader never sees half a file. */
const writeJson = async (file: string, value: unknown): Promise<void> => {
  await writeFile(`${file}.tmp`, `${JSON.stringify(value, null, 2)}\n`)
  await rename(`${file}.tmp`, file)
}

export const registerRisk = (program: Command): void => {
  const risk = program
    .command('risk')
    .description(
      'The custody violence estimate (docs/custody-estimate.md): train it on a person index, and evaluate it.',
    )
  risk
    .command('train')
    .description(
      'Fit the estimate (a Poisson regression, or negative binomial when overdispersed) on the custody periods and incidents of every person of the index, ' +
        'on the 5 years before the last one, which is kept for evaluate.',
    )
    .requiredOption(...INDEX_OPTION)
    .option(
      '--as-of <date>',
      'the day after the data to use (default: the day after the latest custody event)',
      isoDate,
    )
    .option('--model <file>', 'where to write the model', 'custody-model.json')
    .action(async (opts: { index: string; asOf?: string; model: string }) => {
      const people = await withIndexStore(opts.index, readPersonCustody)
      const asOf = opts.asOf ? dayOf(opts.asOf) : defaultAsOf(people)
      if (asOf === null)
        throw new JustIdError(
          'usage',
          `${opts.index} holds no custody events: load them with justid events load`,
        )
      const model = trainCustodyModel(people, asOf)
      await writeJson(opts.model, model)
      process.stdout.write(`${formatCustodyModel(model)}Model written to ${opts.model}\n`)
    })
  risk
    .command('evaluate')
    .description(
      'Measure the estimate on the year it was not trained on: calibration overall and per group, AUC, and the ' +
        'flag, false-positive and false-negative rates and precision at the cut-off, per group with intervals.',
    )
    .requiredOption(...INDEX_OPTION)
    .option('--model <file>', 'the model of justid risk train', 'custody-model.json')
    .option('--truth <file>', 'the generator truth.csv: groups by name origin')
    .option(
      '--custody-truth <file>',
      "the generator's custody-truth.csv (with --truth): check for recording bias",
    )
    .option(
      '--cut-off <n>',
      'flag for review at this many expected incidents a year',
      positiveNumber('--cut-off'),
      DEFAULT_EVALUATION_SETTINGS.cutOff,
    )
    .option(
      '--min-cell <n>',
      'suppress groups with fewer person-years',
      positiveInteger('--min-cell'),
      DEFAULT_EVALUATION_SETTINGS.minCell,
    )
    .option('--out <file>', 'where to write the figures as JSON', 'custody-evaluation.json')
    .action(
      async (opts: {
        index: string
        model: string
        truth?: string
        custodyTruth?: string
        cutOff: number
        minCell: number
        out: string
      }) => {
        if (opts.custodyTruth && !opts.truth)
          throw new JustIdError('usage', '--custody-truth needs --truth, which says who is in which group')
        const model = await readJsonFile(opts.model, custodyModelSchema, 'custody estimate model')
        const people = await withIndexStore(opts.index, readPersonCustody)
        const truth = opts.truth
          ? {
              groups: await readTruthGroups(opts.truth),
              expectedByGroup: opts.custodyTruth ? await readCustodyTruth(opts.custodyTruth) : null,
            }
          : null
        const report = evaluateCustodyModel(
          model,
          people,
          { cutOff: opts.cutOff, minCell: opts.minCell },
          truth,
        )
        await writeJson(opts.out, report)
        process.stdout.write(`${formatCustodyEvaluation(report)}Figures written to ${opts.out}\n`)
      },
    )
}
