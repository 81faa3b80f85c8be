/**
 * The fixed text of the transparency record: what JustID is for and how it is meant to be used. It is the same for
 * every run, so it lives here, in one place, where a reviewer can read it without the code around it.
 */

export const PURPOSE =
  'JustID links records of people held by courts, prisons and probation, so that records of one person in ' +
  'different systems (or several times in one) carry one Justice ID. It compares names, dates of birth, ' +
  'addresses and identifiers of pairs of records and estimates the probability that they are the same person. ' +
  'It does not decide anything about a person: it does not assess risk, predict behaviour, or recommend a ' +
  'sentence, a placement or an intervention. It does not add information to a record; it only says which records ' +
  'belong together, and sends the uncertain cases to people to decide.'

export const TRAINING_METHOD =
  'Unsupervised: the match probabilities (m) of each comparison level are estimated by expectation-maximisation ' +
  'on candidate pairs, one session per blocking rule; the chances of agreement by coincidence (u) are estimated ' +
  'from random pairs of records. No labelled matches are used in training.'

export const TRUTH_COLUMNS_NEVER_USED =
  'Columns that hold a known answer (person_id, cluster, true_id, entity_id, match_id and similar) are recognised ' +
  'and never used as evidence for linking. They are read only by `justid evaluate`, to measure accuracy.'

export const humanOversight = (thresholds: { match: number; reviewLow: number }): string =>
  `Pairs with a match probability of ${thresholds.match} or more are linked automatically. Pairs between ` +
  `${thresholds.reviewLow} and ${thresholds.match} are uncertain: they are not linked, and go to trained staff to ` +
  'decide. Persons whose records conflict (two different identifiers of one kind), look like relatives, or are held ' +
  'together by one weak link are flagged for review rather than trusted. Every link can be explained field by ' +
  'field, and a reviewer can split or join persons.'

export const RISKS_AND_MITIGATIONS = [
  {
    risk: 'False match: another person’s record (and its convictions or sentences) is attached to someone.',
    mitigation:
      'The match threshold favours precision; uncertain pairs go to a person; false-match rates are measured ' +
      'overall and per group before use.',
  },
  {
    risk: 'Missed match: one person’s history is split across several Justice IDs, and part of it is not seen.',
    mitigation:
      'Several blocking rules, so one mistyped field does not stop a pair being compared; name variants, nicknames ' +
      'and swapped day and month in dates are recognised; recall is measured overall and per group.',
  },
  {
    risk: 'Relatives linked as one person: twins, siblings, a parent and child with the same name.',
    mitigation:
      'Guards cap the weight of pairs that share a surname, birth date and address but not a forename, or differ ' +
      'in a generational suffix; such persons are flagged for review.',
  },
  {
    risk: 'Two different identifiers of one kind (e.g. two PNC numbers) joined into one person.',
    mitigation: 'Merges that would join conflicting identifiers are refused, and the person is flagged.',
  },
  {
    risk: 'Lower accuracy for some groups, for example people whose names are often transliterated or reordered.',
    mitigation:
      'Accuracy is monitored per group (recall within 2 points of overall, false-match rate at most twice overall) ' +
      'with confidence intervals, and gaps are reported in this record.',
  },
]
