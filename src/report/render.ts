import type { ErrorAnalysis, ErrorGroup } from '../evaluate/index.ts'
import type { ReviewerAgreement } from '../evaluate/reviewer-labels.ts'
import type { SourceMapping } from '../sources/column-mapping.ts'
import { useOf } from '../sources/column-mapping.ts'
import {
  clusterSizesSpec,
  levelWeightsSpec,
  mAndUSpec,
  precisionRecallSpec,
  trainingSpec,
  waterfallSpec,
  weightHistogramSpec,
} from './charts.ts'
import { renderFairnessSection } from './fairness.ts'
import {
  escapeHtml,
  figuresTable,
  formatCount,
  formatProbability,
  formatRate,
  formatWeight,
  table,
  weightOfProbability,
} from './format.ts'
import type { LinkReportData } from './link-report-data.ts'
import { REPORT_STYLE } from './style.ts'
import { renderSvgChart } from './svg-chart.ts'

type Section = { id: string; heading: string; body: string }

/** A chart with its caption; the table or text beneath carries the same figures for screen readers and print. */
const figure = async (spec: Parameters<typeof renderSvgChart>[0], caption: string, beneath: string) =>
  `<figure>\n${await renderSvgChart(spec, caption)}\n<figcaption>${escapeHtml(caption)}</figcaption>\n</figure>\n${beneath}`

const paragraph = (text: string): string => `<p>${escapeHtml(text)}</p>`

const summarySection = (d: LinkReportData): Section => {
  const s = d.summary
  const body = [
    figuresTable('The run in figures', [
      ['Records', formatCount(s.records)],
      ['Candidate pairs scored', formatCount(s.candidatePairs)],
      ['Pairs at or above the threshold', formatCount(s.matches)],
      ['Persons (clusters)', formatCount(s.persons)],
      ['Match threshold (probability)', formatProbability(s.threshold)],
      ['Match threshold (match weight)', formatWeight(weightOfProbability(s.threshold))],
      ['Time taken (seconds)', s.seconds.toFixed(1)],
    ]),
    table(
      'Records by source',
      [
        { heading: 'Source', cell: (r) => r.name },
        { heading: 'Records', cell: (r) => formatCount(r.records), numeric: true },
      ],
      s.sources,
    ),
    table(
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
    ),
  ]
  return { id: 'summary', heading: 'Summary', body: body.join('\n') }
}

/** What each column was taken to hold and why, so a user can see what was understood and settle any guess. */
const columnsSection = (mapping: readonly SourceMapping[]): Section => ({
  id: 'columns',
  heading: 'Columns',
  body: [
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
  ].join('\n'),
})

const modelSection = async (d: LinkReportData): Promise<Section> => {
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
  const [weights, mu] = await Promise.all([
    figure(levelWeightsSpec(d.comparisons), 'Match weight of each comparison level', ''),
    figure(
      mAndUSpec(d.comparisons),
      'm (share of true matches) and u (share of non-matches) at each comparison level',
      paragraph('The figures of both charts are in the tables of each comparison below.'),
    ),
  ])
  return {
    id: 'model',
    heading: 'The model',
    body: [paragraph(priorText), weights, mu, ...levelTables].join('\n'),
  }
}

const trainingSection = async (d: LinkReportData): Promise<Section> => {
  const t = d.training
  if (t === null) {
    return {
      id: 'training',
      heading: 'Training',
      body: paragraph(
        'The model was not trained in this run: its parameters were loaded from a saved model.',
      ),
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
  const notes = [
    paragraph(`u probabilities were estimated from ${formatCount(t.uSampleSize)} random pairs of records.`),
    t.neverTrained.length > 0
      ? paragraph(
          `Never trained, so left at their starting values (treat their weights with care): ${t.neverTrained.join(', ')}.`,
        )
      : paragraph('Every comparison level was estimated by at least one training session.'),
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
  const chart = t.sessions.some((s) => s.iterations.some((i) => i.maxMChange > 0))
    ? await figure(
        trainingSpec(t.sessions),
        'Training convergence: largest change in any m probability per iteration',
        sessions,
      )
    : sessions
  return { id: 'training', heading: 'Training', body: [...notes, chart].join('\n') }
}

const weightsSection = async (d: LinkReportData): Promise<Section> => {
  const thresholdWeight = weightOfProbability(d.summary.threshold)
  const bins = table(
    'Scored pairs by match weight',
    [
      { heading: 'Match weight from', cell: (b) => formatWeight(b.binStart), numeric: true },
      { heading: 'to', cell: (b) => formatWeight(b.binEnd), numeric: true },
      { heading: 'Pairs', cell: (b) => formatCount(b.count), numeric: true },
    ],
    d.weightHistogram,
  )
  const body = await figure(
    weightHistogramSpec(d.weightHistogram, thresholdWeight),
    `Distribution of match weights; the dashed line is the threshold (${formatWeight(thresholdWeight)})`,
    bins,
  )
  return { id: 'weights', heading: 'Match weights of candidate pairs', body }
}

const clustersSection = async (d: LinkReportData): Promise<Section> => {
  const sizes = table(
    'Clusters by number of records',
    [
      { heading: 'Records in the cluster', cell: (c) => formatCount(c.size), numeric: true },
      { heading: 'Clusters', cell: (c) => formatCount(c.clusters), numeric: true },
    ],
    d.clusterSizes,
  )
  const parts = [
    await figure(clusterSizesSpec(d.clusterSizes), 'Cluster sizes (clusters on a log scale)', sizes),
  ]
  if (d.flagged !== undefined) {
    parts.push(
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
  return { id: 'clusters', heading: 'Clusters', body: parts.join('\n') }
}

const waterfallsSection = async (d: LinkReportData): Promise<Section> => {
  const thresholdWeight = weightOfProbability(d.summary.threshold)
  if (d.waterfalls.length === 0) {
    return { id: 'pairs', heading: 'Pairs near the threshold', body: paragraph('No pairs were scored.') }
  }
  const pairs = await Promise.all(
    d.waterfalls.map(async (w, i) => {
      const heading = `<h3>Pair ${i + 1}: ${escapeHtml(w.left)} and ${escapeHtml(w.right)}</h3>`
      const verdict = paragraph(
        `Final match weight ${formatWeight(w.final)}, match probability ${formatProbability(w.probability)}: ` +
          `${w.probability >= d.summary.threshold ? 'linked' : 'not linked'}.`,
      )
      const rows = table(
        `How the match weight of pair ${i + 1} adds up`,
        [
          { heading: 'Term', cell: (r) => r.label },
          { heading: 'Match weight', cell: (r) => formatWeight(r.weight), numeric: true },
        ],
        [...w.rows, { label: 'final match weight', weight: w.final }],
      )
      return `<section class="pair">\n${heading}\n${verdict}\n${await figure(
        waterfallSpec(w, thresholdWeight),
        `Waterfall of pair ${i + 1}: each term's match weight added in turn; the dashed line is the threshold`,
        rows,
      )}\n</section>`
    }),
  )
  const intro = paragraph(
    'A sample of scored pairs closest to the threshold, each term of the match weight shown in turn. Records are ' +
      'named by source and record id only.',
  )
  return { id: 'pairs', heading: 'Pairs near the threshold', body: [intro, ...pairs].join('\n') }
}

const reviewersSection = (a: ReviewerAgreement): Section => ({
  id: 'reviewers',
  heading: 'Accuracy against reviewers',
  body: [
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
  ].join('\n'),
})

const evaluationSection = async (e: NonNullable<LinkReportData['evaluation']>): Promise<Section> => {
  const p = e.pairwise
  const figures = figuresTable('Accuracy of the clusters against the truth', [
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
  ])
  const parts = [figures]
  if (e.curve.length > 0) {
    const best = e.curve.reduce((b, c) => (c.f1 > b.f1 ? c : b))
    const summary = paragraph(
      `Over ${formatCount(e.curve.length)} match-weight thresholds of the scored pairs, the best pairwise F1 is ` +
        `${formatRate(best.f1)} at a match weight of ${formatWeight(best.threshold)} (precision ` +
        `${formatRate(best.precision)}, recall ${formatRate(best.recall)}). Recall counts true pairs that blocking ` +
        'never proposed as missed.',
    )
    parts.push(
      await figure(
        precisionRecallSpec(e.curve),
        'Pairwise precision against recall over match-weight thresholds',
        summary,
      ),
    )
  }
  return { id: 'evaluation', heading: 'Accuracy against the truth', body: parts.join('\n') }
}

const errorGroupsTable = (caption: string, groups: ErrorGroup[]): string =>
  table(
    caption,
    [
      { heading: 'Comparison level that weighed most', cell: (g: ErrorGroup) => g.driver },
      { heading: 'Pairs', cell: (g) => formatCount(g.pairs), numeric: true },
      {
        heading: 'Examples (record keys, match weight)',
        cell: (g) =>
          g.examples.map((e) => `${e.left} – ${e.right} (${formatWeight(e.matchWeight)})`).join('; '),
      },
    ],
    groups,
  )

/** Which comparison drives the errors: where a data scientist should look first. */
const errorsSection = (e: ErrorAnalysis): Section => ({
  id: 'errors',
  heading: 'Error analysis',
  body: [
    paragraph(
      'Each scored pair that the model got wrong, attributed to the comparison level that weighed most in the wrong ' +
        `direction. ${formatCount(e.missedNeverBlocked)} true pairs were never proposed by blocking and are not in these tables.`,
    ),
    errorGroupsTable('False matches (linked, but different people)', e.falseMatches),
    errorGroupsTable('Missed matches (one person, scored below the threshold)', e.missedMatches),
  ].join('\n'),
})

/**
 * One self-contained HTML page: inline CSS and inline SVG charts, no external resources, readable offline and
 * printable. Only record keys, rule and level labels and counts appear: no personal data.
 */
export const renderLinkReport = async (data: LinkReportData): Promise<string> => {
  const sections = await Promise.all([
    summarySection(data),
    ...(data.summary.mapping ? [columnsSection(data.summary.mapping)] : []),
    modelSection(data),
    trainingSection(data),
    weightsSection(data),
    clustersSection(data),
    waterfallsSection(data),
    ...(data.evaluation ? [evaluationSection(data.evaluation)] : []),
    ...(data.evaluation?.errors ? [errorsSection(data.evaluation.errors)] : []),
    ...(data.evaluation?.reviewers ? [reviewersSection(data.evaluation.reviewers)] : []),
  ])
  const fairness = data.evaluation?.groups ? await renderFairnessSection(data.evaluation.groups) : ''
  const contents = [
    ...sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.heading)}</a></li>`),
    ...(fairness ? ['<li><a href="#fairness">Accuracy by group</a></li>'] : []),
  ].join('\n')
  const body = sections
    .map(
      (s) =>
        `<section id="${s.id}" aria-labelledby="${s.id}-heading">\n<h2 id="${s.id}-heading">${escapeHtml(s.heading)}</h2>\n${s.body}\n</section>`,
    )
    .join('\n')
    .concat(fairness ? `\n${fairness}` : '')
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(data.title)}</h1>
<p class="meta">Generated ${escapeHtml(data.generatedAt)} by JustID ${escapeHtml(data.justidVersion)}.</p>
<nav aria-label="Contents">
<h2 class="contents">Contents</h2>
<ol>
${contents}
</ol>
</nav>
${body}
</main>
</body>
</html>
`
}
