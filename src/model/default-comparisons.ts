import { CHECKED_IDENTIFIER, type PersonIdentifier } from '../core/standardised.ts'
import { ATTRIBUTE_PREFIX, type Condition, NOTHING } from './conditions.ts'
import type { Comparison, ComparisonLevel, TermFrequency } from './model.ts'

const tf = (column: string): TermFrequency => ({ column, weight: 1, minU: 1e-6 })
const exact = (column: string): Condition => ({ kind: 'exact', column })
const jw = (column: string, atLeast: number): Condition => ({ kind: 'jaroWinkler', column, atLeast })
const ELSE: Condition = { kind: 'else' }

/** Forenames that may be one name misspelt: Jaro-Winkler at least 0.8 and the same first letter. */
export const similarForename: Condition = {
  kind: 'and',
  all: [jw('forename', 0.8), exact('forename_initial')],
}

/**
 * Forenames of one nickname or variant group, including a nickname's other groups: "Sammy" (group Samuel) beside
 * "Samantha".
 */
export const sameForenameGroup: Condition = {
  kind: 'or',
  any: [
    exact('forename_group'),
    { kind: 'inTokens', column: 'forename_group', list: 'forename_other_groups' },
  ],
}

/** Muhammad in the spellings of South Asian and Arabic names; not the Turkish Mehmet, the name its bearers go by. */
const MUHAMMAD = [
  'muhammad',
  'mohammed',
  'mohammad',
  'mohamed',
  'muhammed',
  'mohamad',
  'muhamad',
  'mohd',
  'md',
]
/**
 * One forename is Muhammad and the other is not: many people registered "Mohammed Asif Khan" go by Asif, so one
 * record gives "KHAN, Mohammed" and another "Asif Khan". Twins and brothers may also differ so; training weighs the
 * level.
 */
export const leadingMuhammad: Condition = { kind: 'eitherIn', column: 'forename', values: MUHAMMAD }

/**
 * One record's given names are Muhammad alone: it does not say which name the person goes by. (With a middle name it
 * does, and a forename that is not among them is another person's.)
 */
export const onlyMuhammad: Condition = { kind: 'eitherIn', column: 'given_names', values: MUHAMMAD }

/**
 * Names written before the name a person goes by and never gone by alone: Muhammad, and the Vietnamese middle names
 * Văn (men's) and Thị (women's), which a form's first given-name box receives ("NGUYEN, Van Minh" is Minh).
 */
const BEFORE_THE_NAME = [...MUHAMMAD, 'van', 'thi']

/**
 * A name written before the name the person goes by: one forename is Muhammad (or Van, Thi) and the other record's
 * forename is among its given names ("Mohammed Asif Khan" beside "Asif Khan"). More than a middle name used as the
 * forename: a person registered so is known by the next name throughout.
 */
export const beforeTheName: Condition = {
  kind: 'and',
  all: [
    { kind: 'eitherIn', column: 'forename', values: BEFORE_THE_NAME },
    { kind: 'inTokens', column: 'forename', list: 'name_tokens', except: 'surname' },
  ],
}

/**
 * The same name words, split another way or with the family name first: the whole name written as one word is the
 * same, or one record's written surname first is the other's ("XIAOMING, Wang", "Wang Xiao Ming" and "Xiaoming Wang"
 * beside "Xiao Ming Wang"; "Abdul Rahman" and "Abdulrahman"; "Ji-ho" and "Jiho"). Clerks write a given name of two
 * syllables as one word, two, or hyphenated, and a name family name first or last. Names of the same letters in
 * another order ("Amir", "Rami") are other names.
 */
export const sameNameJoined: Condition = {
  kind: 'or',
  any: [exact('name_joined'), { kind: 'inTokens', column: 'name_joined', list: 'name_joined_family_first' }],
}

/** Forenames the forename comparison counts as agreeing: the same, variants of one name, or one misspelt. */
const forenamesAgree: Condition = {
  kind: 'or',
  any: [exact('forename'), sameForenameGroup, jw('forename', 0.92), similarForename],
}

/**
 * The surname is among the other record's name words (or, with `atMost`, within that many edits of one), counted
 * once: a patronymic or second given name recorded as the surname in one source and as a middle name in another. Not
 * where the word found is the other's forename and the forenames agree: the forename comparison weighed that word
 * already ("MOHAMMED, Muhammed" beside "Mohammed Shah", "SAMIR, Sami" beside "Sami Hussein"), and a given name
 * written twice in one record is no second agreement. Where the forenames disagree it is the forename of a name
 * written family name first, the surname comparison's evidence.
 */
const surnameAmongOtherWords = (atMost?: number): Condition => {
  // Keys in the model file's order, so that a model read back serialises to the same text.
  const among = (except?: string): Condition => ({
    kind: 'inTokens',
    column: 'surname',
    list: 'name_tokens',
    ...(except === undefined ? {} : { except }),
    ...(atMost === undefined ? {} : { atMost }),
  })
  return {
    kind: 'and',
    all: [
      among(),
      {
        kind: 'or',
        any: [{ kind: 'not', condition: forenamesAgree }, among('forename')],
      },
    ],
  }
}

/**
 * One record's forename is among the other's alias names ("Michael" listed as an alias of "Tao Yang"), or one letter
 * mistyped or two transposed from one, in names of four letters or more: an alias list is keyed by hand as any name
 * field is, and so is the forename that uses the alias ("MANN, Jaosn" beside "Kamaljit Singh", alias "Jason Mann").
 */
export const aliasForename: Condition = {
  kind: 'inTokens',
  column: 'forename',
  list: 'alias_names',
  atMost: 1,
}

/** One record's email local part is only its names (and perhaps an initial): "gemmabennett", "jwood". */
const nameOnlyEmail: Condition = { kind: 'eitherIn', column: 'email_extra', values: [NOTHING] }

/** Both records give a whole birth date: the date comparison weighs them, not the year alone. */
const bothDatesOfBirth: Condition = { kind: 'not', condition: { kind: 'null', columns: ['date_of_birth'] } }

/** Levels with starting m and u (EM refines m, random pairs give u); the last is "anything else". */
const comparison = (
  name: string,
  description: string,
  nullColumns: string[],
  levels: [string, Condition, number, number, TermFrequency?][],
  /** Also no evidence here: the case another comparison weighs. */
  countedElsewhere?: Condition,
  /** Set aside there only when scoring: trained on all pairs, its levels weigh what they weigh everywhere else. */
  setAsideWhenScoring?: Condition,
): Comparison => {
  const missing: Condition = { kind: 'null', columns: nullColumns }
  const trained: Condition = countedElsewhere ? { kind: 'or', any: [missing, countedElsewhere] } : missing
  return {
    name,
    description,
    levels: [
      {
        label: 'null',
        condition: setAsideWhenScoring ? { kind: 'or', any: [trained, setAsideWhenScoring] } : trained,
        isNull: true,
        ...(setAsideWhenScoring ? { trainingCondition: trained } : {}),
      },
      ...levels.map(
        ([label, condition, m, u, t]): ComparisonLevel => ({
          label,
          condition,
          m,
          u,
          ...(t ? { tf: t } : {}),
        }),
      ),
    ],
  }
}

/**
 * One character mistyped or two transposed: keyed by hand, a number is often so wrong, and relatives' numbers, issued
 * apart, differ throughout. Not strong evidence against, as plain disagreement is.
 */
const identifierTypo = (column: string): Condition => ({ kind: 'damerauLevenshtein', column, atMost: 1 })

/**
 * An identifier's comparison. A number with check characters (PNC, CRO) mistyped almost always fails its check and
 * is set aside in standardisation, so two valid numbers one typo apart are two numbers: no typo level, and any
 * disagreement is strong evidence against.
 */
const identifier = (column: string, label: string, kind: 'checked' | 'person' | 'local'): Comparison =>
  comparison(
    column,
    kind === 'checked'
      ? `${label}: agreement is near-certain evidence; disagreement of a number its check characters validate is strong evidence against`
      : kind === 'person'
        ? `${label}: agreement is near-certain evidence; a one-character typo or transposition weak evidence; other disagreement strong evidence against`
        : `${label}: a source-local key, so disagreement is weak evidence; a one-character typo or transposition is some evidence for`,
    [column],
    kind === 'checked'
      ? [
          ['exact', exact(column), 0.9, 1e-5],
          ['different', ELSE, 0.1, 1 - 1e-5],
        ]
      : [
          ['exact', exact(column), 0.9, 1e-5],
          ['one character mistyped or two transposed', identifierTypo(column), 0.03, 1e-4],
          ['different', ELSE, 0.07, 1 - 1.1e-4],
        ],
  )

/**
 * Forename and surname recorded the wrong way round, each spelt as a variant of the other record's ("TING, Chang"
 * and "Ting Cheung": Chang and Cheung are both Zhang), or one a variant and the other one letter mistyped or two
 * transposed ("HABBI, Abdallah" and "Habib Abdullah"): a name written family name first by one hand and in another
 * spelling by another is mistyped as often as any.
 */
const swappedVariants: Condition = {
  kind: 'swapped',
  columns: ['surname_group', 'forename_group'],
  atMost: 1,
}

/** Forename and surname recorded the wrong way round, one of them mistyped (`nearName`) or both spelt as variants. */
const swappedWhole = (has: (c: string) => boolean): Condition => {
  const withTypo: Condition = { kind: 'swapped', columns: ['surname', 'forename'], atMost: 1 }
  return has('surname_group') && has('forename_group')
    ? { kind: 'or', any: [withTypo, swappedVariants] }
    : withTypo
}

/**
 * The whole name the same but the surnames different: its words split or ordered another way ("XIAOMING, Wang"
 * beside "Xiao Ming Wang"). The surname comparison weighs it; the forename comparison counts it neither again nor as
 * a disagreement.
 */
const reorderedWhole: Condition = {
  kind: 'and',
  all: [sameNameJoined, { kind: 'not', condition: exact('surname') }],
}

/** What the forename comparison leaves to the surname comparison: names swapped or reordered whole. */
const forenameCountedElsewhere = (has: (c: string) => boolean): Condition =>
  has('name_joined') ? { kind: 'or', any: [swappedWhole(has), reorderedWhole] } : swappedWhole(has)

/** A level (label, condition, m, u) that stands only where the columns it reads hold data: else none. */
const levelIf = (
  present: boolean,
  level: [string, Condition, number, number],
): [string, Condition, number, number][] => (present ? [level] : [])

/**
 * The out-of-the-box comparisons, for the columns that hold data (`available`: snake_case column names of the
 * records table).
 */
export const defaultComparisons = (available: ReadonlySet<string>): Comparison[] => {
  const has = (c: string) => available.has(c)
  const out: Comparison[] = []
  if (has('forename')) {
    // An alias list is evidence only where a source keeps one; without it the level would never be reached.
    const alias = levelIf(has('alias_names'), ['a listed alias of the other', aliasForename, 0.02, 0.0002])
    // With the surname the same (else the surname comparison weighs it), the given names written as one word or two.
    const joined = levelIf(has('name_joined'), [
      'the same given names, written as one word or two',
      sameNameJoined,
      0.02,
      0.0002,
    ])
    out.push(
      comparison(
        'forename',
        'First forename: exact (term-frequency adjusted), the given names written as one word or two, nickname or variant, listed alias, fuzzy, Muhammad (or Vietnamese Van, Thi) before the name gone by, middle name used, initial (a swap with the surname, or the name reordered, counts in the surname comparison)',
        ['forename'],
        [
          ['exact', exact('forename'), 0.82, 0.01, tf('forename')],
          ...joined,
          ['same nickname/variant group', sameForenameGroup, 0.05, 0.002],
          ...alias,
          ['jaro-winkler >= 0.92', jw('forename', 0.92), 0.04, 0.004],
          ['Muhammad (or Van, Thi) before the name the other gives', beforeTheName, 0.01, 0.001],
          // Not the other's surname: a word that is one record's forename and the other's surname (names swapped,
          // whole or half) is the surname comparison's evidence, counted there once.
          [
            'found among the other given names',
            { kind: 'inTokens', column: 'forename', list: 'name_tokens', except: 'surname' },
            0.02,
            0.002,
          ],
          // With the same first letter: Punjabi names share endings ("Harjinder", "Ravinder"; "Manpreet",
          // "Jaspreet") that Jaro-Winkler alone scores as near-misses.
          ['jaro-winkler >= 0.8, same first letter', similarForename, 0.02, 0.03],
          ['initial only', { kind: 'initial', column: 'forename' }, 0.01, 0.01],
          ['one is a leading Muhammad', leadingMuhammad, 0.01, 0.01],
          ['different', ELSE, 0.03, 0.94],
        ],
        // Forename and surname swapped whole (a typo or variant spellings allowed), or the name's words split or
        // ordered another way: the surname comparison weighs it, so the forename comparison neither counts it again
        // nor calls the forenames "different".
        has('surname') ? forenameCountedElsewhere(has) : undefined,
      ),
    )
  }
  if (has('surname')) {
    // A hyphenated given name recorded as a surname ("JI-HO, Wang" and "Ji-ho Wang") is swapped with the forename
    // and middle names together.
    const plainSwap: Condition = { kind: 'swapped', columns: ['surname', 'forename'] }
    // A swap with one letter mistyped or transposed in one of the names ("ZHENG, Toyn" and "Zheng Tony").
    const swappedWithTypo: Condition = { ...plainSwap, atMost: 1 }
    const swappedNames: Condition = has('given_names')
      ? { kind: 'or', any: [plainSwap, { kind: 'swapped', columns: ['surname', 'given_names'] }] }
      : plainSwap
    // A surname the other record lists as an alias (a maiden name). With the forename among the other's names it is
    // a whole name recorded family name first against a record listing it as an alias ("GANG, Hu" and "Jason Hu",
    // alias "Gang Hu"), as strong as a plain swap.
    const surnameAlias: Condition = { kind: 'inTokens', column: 'surname', list: 'alias_names' }
    const swappedAlias = levelIf(has('alias_names'), [
      'swapped, with a listed alias',
      { kind: 'and', all: [surnameAlias, { kind: 'inTokens', column: 'forename', list: 'name_tokens' }] },
      0.005,
      0.00005,
    ])
    const alias = levelIf(has('alias_names'), ['a listed alias of the other', surnameAlias, 0.01, 0.0002])
    // A name recorded family name first with a transliteration in it ("TING, Chang" and "Ting Cheung").
    const swappedVariant = levelIf(has('surname_group') && has('forename_group'), [
      'swapped, with a variant spelling',
      swappedVariants,
      0.005,
      0.00005,
    ])
    // The whole name's words split or ordered another way, family name first ("XIAOMING, Wang" and "Xiao Ming Wang").
    const reordered = levelIf(has('name_joined'), [
      'the same name words, split or ordered another way',
      sameNameJoined,
      0.005,
      0.00005,
    ])
    out.push(
      comparison(
        'surname',
        'Surname: exact (term-frequency adjusted), swapped, swapped with a listed alias, swapped with a typo or a variant spelling, the same name words split or ordered another way, shared part (double-barrelled, al- prefix), variant group, found among the other name words (patronymics), listed alias, fuzzy, near one of the other name words, sounds alike',
        ['surname'],
        [
          ['exact', exact('surname'), 0.85, 0.005, tf('surname')],
          ['swapped with forename', swappedNames, 0.01, 0.0001],
          ...swappedAlias,
          ['swapped, with a typo', swappedWithTypo, 0.005, 0.00005],
          ...swappedVariant,
          ...reordered,
          ['shared surname part', { kind: 'listOverlap', column: 'surname_parts' }, 0.03, 0.001],
          ['same variant group', exact('surname_group'), 0.02, 0.001],
          // A patronymic or second given name recorded as the surname in one source and as a middle name in another.
          ['found among the other name words', surnameAmongOtherWords(), 0.02, 0.001],
          ...alias,
          ['jaro-winkler >= 0.92', jw('surname', 0.92), 0.04, 0.003],
          // A patronymic recorded as the surname in one source and, mistyped or spelt another way, as a middle name in
          // another ("EL-SAYED, Omar Mrwan" and "Omar Marwan").
          ['near one of the other name words', surnameAmongOtherWords(1), 0.01, 0.0005],
          ['same sound (double metaphone)', exact('surname_metaphone'), 0.01, 0.005],
          ['jaro-winkler >= 0.8', jw('surname', 0.8), 0.02, 0.03],
          ['different', ELSE, 0.02, 0.95],
        ],
      ),
    )
  }
  if (has('middle_names')) {
    // Twins and namesakes are told apart by middle names as often as by anything else; many records omit them, so a
    // missing middle name is no evidence.
    out.push(
      comparison(
        'middle_names',
        'Middle names: exact (term-frequency adjusted), fuzzy, found among the other name words, else',
        ['middle_names'],
        [
          // Term-frequency adjusted: "Singh" or "Kaur" as a middle name is shared by many.
          ['exact', exact('middle_names'), 0.7, 0.005, tf('middle_names')],
          ['jaro-winkler >= 0.9', jw('middle_names', 0.9), 0.1, 0.005],
          [
            'found among the other name words',
            { kind: 'inTokens', column: 'middle_names', list: 'name_tokens' },
            0.1,
            0.02,
          ],
          ['different', ELSE, 0.1, 0.97],
        ],
      ),
    )
  }
  if (has('date_of_birth')) {
    const dob = 'date_of_birth'
    out.push(
      comparison(
        'date_of_birth',
        'Date of birth: exact, day and month swapped, one-character typo, within a month, within a year, the same day and month in another year',
        [dob],
        [
          ['exact', exact(dob), 0.88, 0.00005],
          ['day and month swapped', { kind: 'dayMonthSwapped', column: dob }, 0.01, 0.000005],
          ['one character different', { kind: 'levenshtein', column: dob, atMost: 1 }, 0.05, 0.0005],
          ['within 31 days', { kind: 'dateWithinDays', column: dob, days: 31 }, 0.02, 0.002],
          ['within 365 days', { kind: 'dateWithinDays', column: dob, days: 365 }, 0.02, 0.02],
          // The year wrong, the day and month right: a year mistyped or recorded wrong, which a birth date a
          // generation away from the other's is not taken for (the generations-apart guard).
          ['same day and month, another year', exact('dob_month_day'), 0.02, 0.003],
          ['different', ELSE, 0.02, 0.977],
        ],
      ),
    )
  }
  if (has('postcode_district')) {
    const levels: [string, Condition, number, number, TermFrequency?][] = [
      ['full postcode', exact('postcode'), 0.6, 0.0005, tf('postcode')],
    ]
    if (has('postcode_sector')) levels.push(['same sector', exact('postcode_sector'), 0.05, 0.002])
    levels.push(['same district', exact('postcode_district'), 0.05, 0.01])
    if (has('postcode_area')) levels.push(['same area', exact('postcode_area'), 0.05, 0.05])
    levels.push(['different', ELSE, 0.25, 0.94])
    out.push(
      comparison(
        'postcode',
        'Postcode: full (term-frequency adjusted), sector, district, area',
        ['postcode_district'],
        levels,
      ),
    )
  }
  // Where a person lives is one fact, which the postcode, the address words and the town each record. Beside the
  // same postcode the same street and town are what any two of its residents share, not new evidence: there the
  // address words are weighed by their own comparison (one home or a neighbour's) and the town not at all. Elsewhere
  // both weigh as before, trained on all pairs: weighing a move once given the postcode raised the false-match rate
  // of every group at 1,000,000 justice records (docs/linkage.md, "Location as one fact").
  const samePostcode = has('postcode') ? exact('postcode') : undefined
  if (has('address_tokens')) {
    const at = 'address_tokens'
    const sameAddress: Condition = { kind: 'tokenJaccard', column: at, atLeast: 0.7 }
    const what = 'Address words (house number, street, locality)'
    out.push(
      comparison(
        'address',
        `${what}${samePostcode ? ', beside postcodes that are not the same' : ''}: share of words in common`,
        [at],
        [
          ['jaccard >= 0.7', sameAddress, 0.6, 0.001],
          ['jaccard >= 0.4', { kind: 'tokenJaccard', column: at, atLeast: 0.4 }, 0.1, 0.005],
          ['some words shared', { kind: 'listOverlap', column: at }, 0.1, 0.1],
          ['different', ELSE, 0.2, 0.894],
        ],
        undefined,
        samePostcode,
      ),
    )
    // A UK postcode covers about 15 addresses: there the same address words tell one home from a neighbour's, a few
    // bits, not the many the same street anywhere is worth. Random pairs seldom share a postcode, so u here is
    // mostly its starting value.
    if (samePostcode)
      out.push(
        comparison(
          'address_at_postcode',
          `${what}, beside the same postcode: the same address (jaccard >= 0.7), else`,
          [at],
          [
            ['the same address', sameAddress, 0.9, 0.1],
            ['another address at the postcode', ELSE, 0.1, 0.9],
          ],
          { kind: 'not', condition: samePostcode },
        ),
      )
  }
  if (has('town')) {
    // A postcode district names its town.
    const district = has('postcode_district')
    out.push(
      comparison(
        'town',
        `Town or city${district ? ', beside postcode districts that are not the same' : ''}: exact (term-frequency adjusted), Jaro-Winkler >= 0.9 (a misspelt place name), else`,
        ['town'],
        [
          ['exact', exact('town'), 0.7, 0.05, tf('town')],
          ['jaro-winkler >= 0.9', jw('town', 0.9), 0.1, 0.01],
          ['different', ELSE, 0.2, 0.94],
        ],
        undefined,
        district ? exact('postcode_district') : undefined,
      ),
    )
  }
  const personIdentifiers: readonly [PersonIdentifier, string][] = [
    ['pnc', 'PNC number'],
    ['cro', 'CRO number'],
    ['nino', 'National Insurance number'],
  ]
  for (const [column, label] of personIdentifiers)
    if (has(column)) out.push(identifier(column, label, CHECKED_IDENTIFIER[column] ? 'checked' : 'person'))
  if (has('prison_number')) out.push(identifier('prison_number', 'Prison number', 'local'))
  if (has('crn')) out.push(identifier('crn', 'Probation case reference (CRN)', 'local'))
  for (const column of [...available].filter((c) => c.startsWith('other_')).sort()) {
    out.push(
      comparison(
        column,
        `Identifier column ${column.slice(6)}: exact, one character mistyped or two transposed, else`,
        [column],
        [
          ['exact', exact(column), 0.85, 1e-5],
          ['one character mistyped or two transposed', identifierTypo(column), 0.05, 1e-4],
          ['different', ELSE, 0.1, 1 - 1.1e-4],
        ],
      ),
    )
  }
  if (has('sex'))
    out.push(
      comparison(
        'sex',
        'Sex',
        ['sex'],
        [
          ['exact', exact('sex'), 0.97, 0.5],
          ['different', ELSE, 0.03, 0.5],
        ],
      ),
    )
  if (has('email'))
    out.push(
      comparison(
        'email',
        'Email address: exact, the same local part at another provider, one character mistyped or two transposed with the same digits, a misspelt local part (Jaro-Winkler >= 0.88) with the same digits, else; two local parts that are only the names and spell the same ones are compared by the names',
        ['email'],
        [
          ['exact', exact('email'), 0.6, 1e-5],
          ['same local part', exact('email_local'), 0.1, 1e-4],
          // At one provider an address names one mailbox: one a keystroke away with the same digits is that mailbox
          // mistyped ("gemmabennett@x.com" and "gemmabennwtt@x.com"). Not two that are only names, each spelling
          // its own ("ajohnson", "cjohnson"): those are two people's names.
          [
            'one character mistyped or two transposed, the same digits',
            {
              kind: 'and',
              all: [
                { kind: 'damerauLevenshtein', column: 'email', atMost: 1 },
                exact('email_digits'),
                { kind: 'null', columns: ['email_names'] },
              ],
            },
            0.05,
            1e-4,
          ],
          [
            'local part jaro-winkler >= 0.88, the same digits',
            {
              kind: 'and',
              all: [
                jw('email_local', 0.88),
                exact('email_digits'),
                { kind: 'not', condition: nameOnlyEmail },
              ],
            },
            0.1,
            1e-3,
          ],
          ['different', ELSE, 0.2, 1 - 1.1e-3],
        ],
        // "gemmabennett@x.com" beside "gemma.bennett@y.net" says the names again: two namesakes' addresses agree as
        // often, so two such addresses are weighed by the names alone. The same address is one mailbox, and one
        // holding more than the name ("gavin.foster93" beside "davidfoster") is the email's own evidence. So are two
        // that spell different names ("hall.darren" beside "darren_ball"): each confirms its own record's name, so
        // the names' difference is no typo in one record. One local part at two providers that is only one record's
        // names ("ross.lloyd" beside a "Ross Loyd" whose name was mistyped) is the name again too.
        {
          kind: 'and',
          all: [
            { kind: 'not', condition: exact('email') },
            {
              kind: 'or',
              any: [exact('email_names'), { kind: 'and', all: [exact('email_local'), nameOnlyEmail] }],
            },
          ],
        },
      ),
    )
  if (has('phone'))
    out.push(
      comparison(
        'phone',
        'Phone number: exact, the same last 8 digits (written with or without a country or area code), one character different, else',
        ['phone'],
        [
          ['exact', exact('phone'), 0.5, 1e-5],
          ['same last 8 digits', exact('phone_last8'), 0.1, 2e-5],
          ['one character different', { kind: 'levenshtein', column: 'phone', atMost: 1 }, 0.05, 1e-4],
          ['different', ELSE, 0.35, 1 - 1.3e-4],
        ],
      ),
    )
  // A year of birth alone (a source giving no whole date): evidence only where the whole dates cannot be compared.
  if (has('birth_year'))
    out.push(
      comparison(
        'birth_year',
        'Year of birth, where a whole birth date is missing on either side: exact, within 1 year, within 5 years, else',
        ['birth_year'],
        [
          ['exact', exact('birth_year'), 0.8, 0.015],
          ['within 1 year', { kind: 'numberWithin', column: 'birth_year', atMost: 1 }, 0.1, 0.03],
          ['within 5 years', { kind: 'numberWithin', column: 'birth_year', atMost: 5 }, 0.06, 0.12],
          ['different', ELSE, 0.04, 0.835],
        ],
        has('date_of_birth') ? bothDatesOfBirth : undefined,
      ),
    )
  // A day and month of birth without the year (a register's year column left empty): evidence only where the whole
  // dates cannot be compared, and read from the whole date on the side that has one.
  if (has('birth_month_day'))
    out.push(
      comparison(
        'birth_month_day',
        'Day and month of birth, where a whole birth date is missing on either side: exact, else',
        ['dob_month_day'],
        [
          ['exact', exact('dob_month_day'), 0.9, 1 / 365],
          ['different', ELSE, 0.1, 364 / 365],
        ],
        has('date_of_birth') ? bothDatesOfBirth : undefined,
      ),
    )
  // Any other attribute a source gives (a place of birth, an occupation): compared as text, its weight trained.
  for (const column of [...available].filter((c) => c.startsWith(ATTRIBUTE_PREFIX)).sort()) {
    out.push(
      comparison(
        column,
        `Attribute ${column.slice(ATTRIBUTE_PREFIX.length)}: exact (term-frequency adjusted), Jaro-Winkler >= 0.9, else`,
        [column],
        [
          ['exact', exact(column), 0.8, 0.05, tf(column)],
          ['jaro-winkler >= 0.9', jw(column, 0.9), 0.1, 0.02],
          ['different', ELSE, 0.1, 0.93],
        ],
      ),
    )
  }
  return out
}
