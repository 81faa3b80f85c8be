import { type ReviewerAgreement, reviewerAgreement } from '../evaluate/reviewer-labels.ts'
import { openIndexStore } from '../person-index/store/open-store.ts'

/**
 * Reviewers' decisions in a person index as labels: each decided pair (same / not the same person; "cannot tell" is
 * no label) against the model's verdict — its match weight when the reviewer decided, else the stored pair's, and
 * no stored pair means the model scored it below the fracture weight, a non-match.
 */
export const evaluateAgainstReviewers = async (location: string): Promise<ReviewerAgreement> => {
  const store = await openIndexStore(location, { create: false })
  try {
    const meta = await store.meta()
    const join = meta?.thresholds.join ?? 0
    const decisions = (await store.decisions()).filter((d) => d.outcome !== 'cannot_tell')
    const stored = new Map<string, number>()
    for (const e of await store.edges(decisions.flatMap((d) => [d.left, d.right])))
      if (e.guard === null) stored.set(`${e.left}\n${e.right}`, e.weight)
    return reviewerAgreement(
      decisions.map((d) => {
        const weight = d.matchWeight ?? stored.get(`${d.left}\n${d.right}`) ?? Number.NEGATIVE_INFINITY
        return { samePerson: d.outcome === 'same_person', modelMatch: weight >= join }
      }),
    )
  } finally {
    await store.close()
  }
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`

export const formatReviewerAgreement = (a: ReviewerAgreement): string =>
  a.labels === 0
    ? 'Reviewer labels: none yet (decisions of "cannot tell" are not labels)\n'
    : [
        `Against ${a.labels.toLocaleString('en-GB')} reviewer decisions (the uncertain pairs, not a random sample):`,
        `  agreement ${pct(a.agreement)} (95% CI ${pct(a.agreementInterval.low)}–${pct(a.agreementInterval.high)})`,
        `  precision ${pct(a.precision)}, recall ${pct(a.recall)}`,
        `  model matched, reviewer said different people: ${a.falsePositives}; reviewer joined, model did not: ${a.falseNegatives}`,
        '',
      ].join('\n')
