import type { ErrorAnalysis, ErrorGroup } from '../evaluate/index.ts'
import type { ReviewerAgreement } from '../evaluate/reviewer-labels.ts'
import type { SourceMapping } from '../sources/column-mapping.ts'
import { useOf } from '../sources/column-mapping.ts'
import {
  blockingSpec,
  clusterSizesSpec,
  completenessSpec,
  largestBlocksSpec,
  levelWeightsSpec,
  mAndUSpec,
  precisionRecallSpec,
  selfMatchSpec,
  sessionEstimatesSpec,
  termFrequencySpec,
  trainingSpec,
  waterfallSpec,
  weightHistogramSpec,
} from './charts.ts'
import { chartLibraries, EMBED_OPTIONS } from './embed.ts'
import { fairnessSection } from './fairness.ts'
import {
  type Block,
  chart,
  figuresTable,
  formatCount,
  formatPercent,
  formatProbability,
  formatRate,
  formatWeight,
  paragraph,
  type SectionView,
  table,
  weightOfProbability,
} from './format.ts'
import type { LinkReportData, PairValue } from './link-report-data.ts'
import { CHART_STYLE, REPORT_STYLE } from './style.ts'
import { createRenderer, REPORT_VIEWS } from './templates.ts'

const blockingBlocks = (d: LinkReportData): Block[] => {
  const s = d.summary
  const rules = table(
    'Candidate pairs by blocking rule (each pair counted under the first rule that proposes it)',
    [
      { heading: 'Blocking rule', cell: (r) => r.rule },
      { heading: 'Pairs', cell: (r) => formatCount(r.pairs), numeric: true },
      {
        heading: 'Matches no other rule found',
        cell: (r) => (r.matchesAlone === undefined ? '' : formatCount(r.matchesAlone)),
        numeric: true,
      },
    ],
    s.pairsByBlockingRule,
  )
  const blocks: Block[] = [
    s.pairsByBlockingRule.length > 0
      ? chart(
          'chart-blocking',
          blockingSpec(s.pairsByBlockingRule),
          'Candidate pairs each blocking rule added (bars) and the running total (line)',
          [rules],
        )
      : rules,
  ]
  if (d.largestBlocks && d.largestBlocks.length > 0) {
    blocks.push(
      chart(
        'chart-largest-blocks',
        largestBlocksSpec(d.largestBlocks),
        'The largest blocks over all blocking rules: key values shared by the most records',
        [
          table(
            'Largest blocks',
            [
              { heading: 'Blocking rule', cell: (b) => b.rule },
              { heading: 'Key', cell: (b) => b.key },
              { heading: 'Records', cell: (b) => formatCount(b.records), numeric: true },
              {
                heading: 'Pairs within',
                cell: (b) => formatCount((b.records * (b.records - 1)) / 2),
                numeric: true,
              },
            ],
            d.largestBlocks,
          ),
        ],
      ),
    )
  }
  return blocks
}

const summarySection = (d: LinkReportData): SectionView => {
  const s = d.summary
  const completeness = d.completeness ?? []
  return {
    id: 'summary',
    heading: 'Summary',
    blocks: [
      figuresTable('The run in figures', [
        ['Records', formatCount(s.records)],
        ['Candidate pairs scored', formatCount(s.candidatePairs)],
        ['Pairs at or above the threshold', formatCount(s.matches)],
        ['Persons (clusters)', formatCount(s.persons)],
        ['Match threshold (probability)', formatProbability(s.threshold)],
        ['Match threshold (match weight)', formatWeight(weightOfProbability(s.threshold))],
        ...(s.reviewThreshold === undefined
          ? []
          : ([['Review from (probability)', formatProbability(s.reviewThreshold)]] as [string, string][])),
        ['Time taken (seconds)', s.seconds.toFixed(1)],
      ]),
      ...(s.sexFromForename
        ? [
            paragraph(
              `Sex read from the forename: ${formatCount(s.sexFromForename.records)} records that give no sex were ` +
                `compared with the sex their forename bears, from ${formatCount(s.sexFromForename.forenames)} ` +
                'forenames that the records giving a sex (a sex column or a title) show borne by one sex only ' +
                '(model.json lists them). The records as entered are unchanged.',
            ),
          ]
        : []),
      table(
        'Records by source',
        [
          { heading: 'Source', cell: (r) => r.name },
          { heading: 'Records', cell: (r) => formatCount(r.records), numeric: true },
        ],
        s.sources,
      ),
      ...(completeness.length > 0
        ? [
            chart(
              'chart-completeness',
              completenessSpec(completeness),
              'Completeness: the share of each source’s records with a value in each column the model compares',
              [
                table(
                  'Records with a value, by source and column',
                  [
                    { heading: 'Source', cell: (r) => r.source },
                    { heading: 'Column', cell: (r) => r.column },
                    { heading: 'With a value', cell: (r) => formatCount(r.filled), numeric: true },
                    {
                      heading: 'Share',
                      cell: (r) => formatPercent(r.records === 0 ? 0 : r.filled / r.records),
                      numeric: true,
                    },
                  ],
                  completeness,
                ),
              ],
            ),
          ]
        : []),
      { kind: 'heading', text: 'Blocking' },
      ...blockingBlocks(d),
    ],
  }
}

/** What each column was taken to hold and why, so a user can see what was understood and settle any guess. */
const columnsSection = (mapping: readonly SourceMapping[]): SectionView => ({
  id: 'columns',
  heading: 'Columns',
  blocks: [
    paragraph(
      'How each column of each source was read: its role, whether the settings, the header or the values decided it ' +
        '(a guess where neither was sure), and what the run did with it. Name a column in a settings file to change it.',
    ),
    ...mapping.map((m) =>
      table(
        `${m.source} (${m.file}): record ids from ${m.recordId ?? 'the row number'}`,
        [
          { heading: 'Column', cell: (c) => c.header },
          { heading: 'Role', cell: (c) => c.role },
          { heading: 'Decided by', cell: (c) => `${c.reason}${c.guess ? ' (a guess)' : ''}` },
          { heading: 'What JustID does with it', cell: (c) => useOf(m, c) },
        ],
        m.columns,
      ),
    ),
  ],
})

const modelSection = (d: LinkReportData): SectionView => {
  const priorText =
    `Prior: the chance that two records drawn at random are the same person is ${formatProbability(d.prior)}, ` +
    `a starting match weight of ${formatWeight(weightOfProbability(d.prior))}. Each comparison then adds its level's ` +
    'match weight, log2(m / u): positive is evidence for a match, negative against.'
  const levelTables = d.comparisons.map((c) =>
    table(
      `${c.name}: ${c.description}`,
      [
        { heading: 'Level', cell: (l) => l.label },
        { heading: 'm', cell: (l) => formatProbability(l.m), numeric: true },
        { heading: 'u', cell: (l) => formatProbability(l.u), numeric: true },
        { heading: 'Match weight', cell: (l) => formatWeight(l.weight), numeric: true },
        { heading: 'Candidate pairs', cell: (l) => formatCount(l.pairs), numeric: true },
      ],
      c.levels,
    ),
  )
  const tf = d.termFrequencies ?? []
  return {
    id: 'model',
    heading: 'The model',
    blocks: [
      paragraph(priorText),
      chart('chart-match-weights', levelWeightsSpec(d.comparisons), 'Match weight of each comparison level', [
        paragraph('The match weights are in the tables under the next chart.'),
      ]),
      chart(
        'chart-m-u',
        mAndUSpec(d.comparisons),
        'm (share of true matches) and u (share of non-matches) at each comparison level, on a log scale',
        levelTables,
      ),
      ...(tf.length > 0
        ? [
            chart(
              'chart-term-frequencies',
              termFrequencySpec(tf),
              'Term-frequency adjustments: the match weight of an agreement on each of the commonest values; ' +
                'the dashed line is the level’s weight before the adjustment',
              tf.map((t) =>
                table(
                  `${t.comparison}: ${t.level} (${formatWeight(t.weight)} before the adjustment)`,
                  [
                    { heading: 'Value', cell: (v) => v.value },
                    { heading: 'Share of records', cell: (v) => formatProbability(v.tf), numeric: true },
                    { heading: 'Match weight', cell: (v) => formatWeight(v.weight), numeric: true },
                  ],
                  t.values,
                ),
              ),
            ),
          ]
        : []),
    ],
  }
}

const trainingSection = (d: LinkReportData): SectionView => {
  const t = d.training
  if (t === null) {
    return {
      id: 'training',
      heading: 'Training',
      blocks: [
        paragraph('The model was not trained in this run: its parameters were loaded from a saved model.'),
      ],
    }
  }
  const sessions = table(
    'Training sessions',
    [
      { heading: 'Session', cell: (s) => String(t.sessions.indexOf(s) + 1) },
      { heading: 'Blocked on', cell: (s) => s.rule },
      { heading: 'Iterations', cell: (s) => String(s.iterations.length), numeric: true },
      {
        heading: 'Last largest m change',
        cell: (s) => formatProbability(s.iterations.at(-1)?.maxMChange ?? null),
        numeric: true,
      },
      { heading: 'Converged', cell: (s) => (s.converged ? 'yes' : 'no') },
    ],
    t.sessions,
  )
  const notes: Block[] = [
    paragraph(`u probabilities were estimated from ${formatCount(t.uSampleSize)} random pairs of records.`),
    t.neverTrained.length > 0
      ? paragraph(
          `Never trained, so left at their starting values (treat their weights with care): ${t.neverTrained.join(', ')}.`,
        )
      : paragraph('Every comparison level was estimated by at least one training session.'),
    ...(t.relatives
      ? [paragraph(`Relatives guards, learned from pairs at one address: ${t.relatives}.`)]
      : []),
    ...(t.learnedVariants ?? []).map((l) =>
      paragraph(
        `Name variants learned for ${l.comparison} from records sharing a PNC, CRO or NI number ` +
          `(${formatCount(l.pairs.length)}; each weighed as the level "a variant learned from identifier-linked records"): ` +
          `${l.pairs
            .slice(0, 50)
            .map((p) => p.replace('|', ' ~ '))
            .join(', ')}${l.pairs.length > 50 ? ', …' : ''}.`,
      ),
    ),
  ]
  const convergence = t.sessions.some((s) => s.iterations.some((i) => i.maxMChange > 0))
    ? chart(
        'chart-training',
        trainingSpec(t.sessions),
        'Training convergence: largest change in any m probability per iteration',
        [sessions],
      )
    : sessions
  const estimates = t.sessions.flatMap((s, i) =>
    (s.m ?? []).map((e) => ({ ...e, session: `${i + 1}: ${s.rule}` })),
  )
  const perSession =
    estimates.length > 0
      ? [
          chart(
            'chart-session-estimates',
            sessionEstimatesSpec(t.sessions, d.comparisons),
            'm of each level as each training session estimated it, beside the average the model kept',
            [
              table(
                'm by training session',
                [
                  { heading: 'Session', cell: (e) => e.session },
                  { heading: 'Comparison', cell: (e) => e.comparison },
                  { heading: 'Level', cell: (e) => e.level },
                  { heading: 'm', cell: (e) => formatProbability(e.m), numeric: true },
                ],
                estimates,
              ),
            ],
          ),
        ]
      : []
  return { id: 'training', heading: 'Training', blocks: [...notes, convergence, ...perSession] }
}

const weightsSection = (d: LinkReportData): SectionView => {
  const thresholdWeight = weightOfProbability(d.summary.threshold)
  const reviewWeight =
    d.summary.reviewThreshold === undefined ? undefined : weightOfProbability(d.summary.reviewThreshold)
  const bins = table(
    'Scored pairs by match weight',
    [
      { heading: 'Match weight from', cell: (b) => formatWeight(b.binStart), numeric: true },
      { heading: 'to', cell: (b) => formatWeight(b.binEnd), numeric: true },
      { heading: 'Pairs', cell: (b) => formatCount(b.count), numeric: true },
    ],
    d.weightHistogram,
  )
  const blocks: Block[] = [
    chart(
      'chart-weight-histogram',
      weightHistogramSpec(d.weightHistogram, thresholdWeight, reviewWeight),
      `Distribution of match weights; dashed lines mark the link threshold (${formatWeight(thresholdWeight)})` +
        (reviewWeight === undefined ? '' : ` and where review starts (${formatWeight(reviewWeight)})`),
      [bins],
    ),
  ]
  const self = d.selfMatch
  if (self && self.sampled > 0) {
    const below = self.weights.filter((w) => w.weight < thresholdWeight).reduce((a, w) => a + w.records, 0)
    blocks.push(
      { kind: 'heading', text: 'Records that could not be linked' },
      paragraph(
        `Each of ${formatCount(self.sampled)} records was compared with itself. ${formatCount(below)} ` +
          `(${formatPercent(below / self.sampled)}) score below the threshold even so: they lack the fields to be ` +
          'linked to anything, however alike their other records are.',
      ),
      chart(
        'chart-self-match',
        selfMatchSpec(self, thresholdWeight),
        'Share of records whose match weight against an exact copy of themselves is at or below each weight',
        [
          table(
            'Records by their match weight against themselves',
            [
              { heading: 'Match weight', cell: (w) => formatWeight(w.weight), numeric: true },
              { heading: 'Records', cell: (w) => formatCount(w.records), numeric: true },
            ],
            self.weights,
          ),
        ],
      ),
    )
  }
  return { id: 'weights', heading: 'Match weights of candidate pairs', blocks }
}

const clustersSection = (d: LinkReportData): SectionView => {
  const sizes = table(
    'Clusters by number of records',
    [
      { heading: 'Records in the cluster', cell: (c) => formatCount(c.size), numeric: true },
      { heading: 'Clusters', cell: (c) => formatCount(c.clusters), numeric: true },
    ],
    d.clusterSizes,
  )
  const blocks: Block[] = [
    chart(
      'chart-cluster-sizes',
      clusterSizesSpec(d.clusterSizes),
      'Cluster sizes (clusters on a log scale)',
      [sizes],
    ),
  ]
  if (d.flagged !== undefined) {
    blocks.push(
      d.flagged.length === 0
        ? paragraph('No clusters were split or flagged for review.')
        : table(
            'Clusters split or flagged for review',
            [
              { heading: 'Reason', cell: (f) => f.reason },
              { heading: 'Clusters', cell: (f) => formatCount(f.clusters), numeric: true },
            ],
            d.flagged,
          ),
    )
  }
  return { id: 'clusters', heading: 'Clusters', blocks }
}

/** The two records' values side by side, under their keys as column headings. */
const valuesTable = (caption: string, left: string, right: string, values: readonly PairValue[]): Block =>
  table(
    caption,
    [
      { heading: 'Field', cell: (v) => v.column },
      { heading: left, cell: (v) => v.left },
      { heading: right, cell: (v) => v.right },
    ],
    values,
  )

const waterfallsSection = (d: LinkReportData): SectionView => {
  const thresholdWeight = weightOfProbability(d.summary.threshold)
  if (d.waterfalls.length === 0) {
    return { id: 'pairs', heading: 'Pairs near the threshold', blocks: [paragraph('No pairs were scored.')] }
  }
  const pairs = d.waterfalls.map(
    (w, i): Block => ({
      kind: 'group',
      class: 'pair',
      blocks: [
        { kind: 'heading', text: `Pair ${i + 1}: ${w.left} and ${w.right}` },
        paragraph(
          `Final match weight ${formatWeight(w.final)}, match probability ${formatProbability(w.probability)}: ` +
            `${w.probability >= d.summary.threshold ? 'linked' : 'not linked'}.`,
        ),
        ...(w.values && w.values.length > 0
          ? [valuesTable(`The values of pair ${i + 1} the model compared`, w.left, w.right, w.values)]
          : []),
        chart(
          `chart-waterfall-${i + 1}`,
          waterfallSpec(w, thresholdWeight),
          `Waterfall of pair ${i + 1}: each term's match weight added in turn; the dashed line is the threshold`,
          [
            table(
              `How the match weight of pair ${i + 1} adds up`,
              [
                { heading: 'Term', cell: (r) => r.label },
                { heading: 'Match weight', cell: (r) => formatWeight(r.weight), numeric: true },
              ],
              [...w.rows, { label: 'final match weight', weight: w.final }],
            ),
          ],
        ),
      ],
    }),
  )
  return {
    id: 'pairs',
    heading: 'Pairs near the threshold',
    blocks: [
      paragraph(
        'A sample of scored pairs closest to the threshold, each term of the match weight shown in turn, beside ' +
          'the standardised values the model compared.',
      ),
      ...pairs,
    ],
  }
}

const reviewersSection = (a: ReviewerAgreement): SectionView => ({
  id: 'reviewers',
  heading: 'Accuracy against reviewers',
  blocks: [
    paragraph(
      "Reviewers' decisions are labels too, but not a random sample: they are the pairs the model was least sure of. " +
        'These figures say how the model does there, and are kept apart from the accuracy against the truth.',
    ),
    figuresTable("The model's verdict against reviewers' decisions", [
      ['Decisions (same / not the same person)', formatCount(a.labels)],
      [
        'Agreement',
        `${formatRate(a.agreement)} (95% interval ${formatRate(a.agreementInterval.low)} to ${formatRate(a.agreementInterval.high)})`,
      ],
      ['Precision (model matches reviewers confirmed)', formatRate(a.precision)],
      ['Recall (reviewer joins the model matched)', formatRate(a.recall)],
      ['Model matched, reviewer said different people', formatCount(a.falsePositives)],
      ['Reviewer joined, model did not', formatCount(a.falseNegatives)],
    ]),
  ],
})

const evaluationSection = (e: NonNullable<LinkReportData['evaluation']>, threshold: number): SectionView => {
  const p = e.pairwise
  const blocks: Block[] = [
    figuresTable('Accuracy of the clusters against the truth', [
      ['Pairwise precision', formatRate(p.precision)],
      ['Pairwise recall', formatRate(p.recall)],
      ['Pairwise F1', formatRate(p.f1)],
      ['True positive pairs', formatCount(p.truePositives)],
      ['False positive pairs', formatCount(p.falsePositives)],
      ['False negative pairs', formatCount(p.falseNegatives)],
      ['Records without truth (left out)', formatCount(p.recordsWithoutTruth)],
      ['B-cubed precision', formatRate(e.bCubed.precision)],
      ['B-cubed recall', formatRate(e.bCubed.recall)],
      ['B-cubed F1', formatRate(e.bCubed.f1)],
    ]),
  ]
  if (e.curve.length > 0) {
    const best = e.curve.reduce((b, c) => (c.f1 > b.f1 ? c : b))
    blocks.push(
      paragraph(
        `Over ${formatCount(e.curve.length)} match-weight thresholds of the scored pairs, the best pairwise F1 is ` +
          `${formatRate(best.f1)} at a match weight of ${formatWeight(best.threshold)} (precision ` +
          `${formatRate(best.precision)}, recall ${formatRate(best.recall)}). Recall counts true pairs that blocking ` +
          'never proposed as missed.',
      ),
      chart(
        'chart-precision-recall',
        precisionRecallSpec(e.curve, weightOfProbability(threshold)),
        'Pairwise precision against recall over match-weight thresholds, zoomed to where the curve bends; ' +
          'the diamond is the run’s threshold',
        [
          table(
            'Precision and recall at each match-weight threshold',
            [
              { heading: 'Match weight threshold', cell: (c) => formatWeight(c.threshold), numeric: true },
              { heading: 'Precision', cell: (c) => formatRate(c.precision), numeric: true },
              { heading: 'Recall', cell: (c) => formatRate(c.recall), numeric: true },
              { heading: 'F1', cell: (c) => formatRate(c.f1), numeric: true },
            ],
            e.curve,
          ),
        ],
      ),
    )
  }
  return { id: 'evaluation', heading: 'Accuracy against the truth', blocks }
}

const errorGroupBlocks = (
  heading: string,
  kind: string,
  groups: ErrorGroup[],
  threshold: number,
): Block[] => [
  { kind: 'heading', text: heading },
  table(
    `${heading}: pairs by the comparison level that weighed most`,
    [
      { heading: 'Comparison level that weighed most', cell: (g: ErrorGroup) => g.driver },
      { heading: 'Pairs', cell: (g) => formatCount(g.pairs), numeric: true },
    ],
    groups,
  ),
  ...groups.flatMap((g, gi) =>
    g.examples.map(
      (e, ei): Block => ({
        kind: 'group',
        class: 'pair',
        blocks: [
          paragraph(
            `${g.driver}: ${e.left} and ${e.right}, match weight ${formatWeight(e.matchWeight)}.`,
            'pair-title',
          ),
          ...(e.values && e.values.length > 0
            ? [valuesTable(`The values of ${e.left} and ${e.right}`, e.left, e.right, e.values)]
            : []),
          chart(
            `chart-${kind}-${gi + 1}-${ei + 1}`,
            waterfallSpec({ rows: e.rows, final: e.matchWeight }, threshold),
            `Waterfall of ${e.left} and ${e.right}`,
            [
              table(
                `How the match weight of ${e.left} and ${e.right} adds up`,
                [
                  { heading: 'Term', cell: (r) => r.label },
                  { heading: 'Match weight', cell: (r) => formatWeight(r.weight), numeric: true },
                ],
                e.rows,
              ),
            ],
          ),
        ],
      }),
    ),
  ),
]

/** Which comparison drives the errors: where a data scientist should look first, with examples to read. */
const errorsSection = (e: ErrorAnalysis, threshold: number): SectionView => {
  const w = weightOfProbability(threshold)
  return {
    id: 'errors',
    heading: 'Error analysis',
    blocks: [
      paragraph(
        'Each scored pair that the model got wrong, attributed to the comparison level that weighed most in the ' +
          `wrong direction. ${formatCount(e.missedNeverBlocked)} true pairs were never proposed by blocking and are ` +
          'not in these tables. A few examples of each follow, with their values where the sources could be read.',
      ),
      ...errorGroupBlocks('False matches (linked, but different people)', 'false-match', e.falseMatches, w),
      ...errorGroupBlocks(
        'Missed matches (one person, scored below the threshold)',
        'missed',
        e.missedMatches,
        w,
      ),
    ],
  }
}

const render = createRenderer([REPORT_VIEWS])

/** The report's sections in their order; the evaluation's only when the run was evaluated. */
export const reportSections = (data: LinkReportData): SectionView[] => [
  summarySection(data),
  ...(data.summary.mapping ? [columnsSection(data.summary.mapping)] : []),
  modelSection(data),
  trainingSection(data),
  weightsSection(data),
  clustersSection(data),
  waterfallsSection(data),
  ...(data.evaluation ? [evaluationSection(data.evaluation, data.summary.threshold)] : []),
  ...(data.evaluation?.errors ? [errorsSection(data.evaluation.errors, data.summary.threshold)] : []),
  ...(data.evaluation?.reviewers ? [reviewersSection(data.evaluation.reviewers)] : []),
  ...(data.evaluation?.groups ? [fairnessSection(data.evaluation.groups)] : []),
]

/**
 * One self-contained HTML page: inline CSS, the chart libraries inlined and each chart's spec beside it, so it
 * opens offline. Holds record values (pairs explained, commonest values, largest blocks): personal data.
 */
export const renderLinkReport = async (data: LinkReportData): Promise<string> => {
  const sections = reportSections(data)
  return render('report.njk', {
    title: data.title,
    meta: `Generated ${data.generatedAt} by JustID ${data.justidVersion}.`,
    style: `${REPORT_STYLE}${CHART_STYLE}`,
    sections,
    libraries: chartLibraries(),
    embedOptions: EMBED_OPTIONS,
  })
}
