import { type Interval, wilsonInterval } from './groups.ts'
import { precisionOf, recallOf } from './ratios.ts'

/** One pair a reviewer judged, and whether the model, on its own, called it a match. */
export interface LabelledPair {
  /** The reviewer's verdict: true for "same person", false for "not the same person". */
  samePerson: boolean
  /** The model's verdict: the pair's match weight reached the join weight. */
  modelMatch: boolean
}

export interface ReviewerAgreement {
  labels: number
  truePositives: number
  falsePositives: number
  falseNegatives: number
  trueNegatives: number
  /** Share of labelled pairs where the model and the reviewer agree, with a 95% Wilson interval. */
  agreement: number
  agreementInterval: Interval
  /** Of the pairs the model matched, the share reviewers confirmed. */
  precision: number
  /** Of the pairs reviewers said were one person, the share the model matched. */
  recall: number
}

/**
 * The model measured against reviewers' decisions. The pairs reviewers see are the uncertain ones, so these figures
 * describe the model where it is least sure, not its accuracy overall: the two should be read together.
 */
export const reviewerAgreement = (pairs: readonly LabelledPair[]): ReviewerAgreement => {
  let tp = 0
  let fp = 0
  let fn = 0
  let tn = 0
  for (const p of pairs) {
    if (p.samePerson && p.modelMatch) tp++
    else if (!p.samePerson && p.modelMatch) fp++
    else if (p.samePerson) fn++
    else tn++
  }
  const agreed = tp + tn
  return {
    labels: pairs.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    agreement: pairs.length === 0 ? 0 : agreed / pairs.length,
    agreementInterval: wilsonInterval(agreed, pairs.length),
    precision: precisionOf(tp, tp + fp),
    recall: recallOf(tp, tp + fn),
  }
}
