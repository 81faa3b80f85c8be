import type { ColumnRole } from './roles.ts'

/**
 * Header hints: what the words of a header suggest when the header is not one of the exact names in roles.ts
 * (`FAM_NM`, `fname_c1`, `forename_1`, `dob_year`, `place_of_birth`). A header is split into words, abbreviations
 * are spelt out, and the hint whose words are all present with the highest weight wins. Hints are weaker than exact
 * names: content that plainly contradicts one sets it aside (layout.ts).
 */
export interface HeaderHint {
  /** The words that must all be in the header (after spelling out abbreviations). */
  words: readonly string[]
  role: ColumnRole
  /** Higher wins when several hints match: a more specific hint outweighs a general one. */
  weight: number
  /**
   * A birth date part named by a word that means little alone (`by`, `bm`, `bd`, `year`, `day`): taken only beside
   * another birth date part and when the values fit (layout.ts).
   */
  birthPartAlone?: boolean
}

/** Abbreviations and run-together words, spelt out as the words the hints use. */
const SPELT_OUT: Record<string, readonly string[]> = {
  nm: ['name'],
  nme: ['name'],
  dt: ['date'],
  dte: ['date'],
  // A date column exported with its time of day ("birth_datetime", "DOB_DTTM", "BirthDateTime").
  datetime: ['date', 'time'],
  dttm: ['date', 'time'],
  fname: ['forename'],
  fnm: ['forename'],
  firstname: ['forename'],
  forenames: ['forename'],
  gname: ['given'],
  giv: ['given'],
  givenname: ['given'],
  lname: ['surname'],
  sname: ['surname'],
  snm: ['surname'],
  lastname: ['surname'],
  surnm: ['surname'],
  fam: ['family'],
  familyname: ['surname'],
  mname: ['middle'],
  mid: ['middle'],
  midl: ['middle'],
  sufx: ['suffix'],
  sfx: ['suffix'],
  middl: ['middle'],
  fullname: ['full', 'name'],
  dob: ['birth', 'date'],
  birthdate: ['birth', 'date'],
  dateofbirth: ['birth', 'date'],
  birthday: ['birth', 'date'],
  bdate: ['birth', 'date'],
  born: ['birth', 'date'],
  yob: ['birth', 'year'],
  birthyear: ['birth', 'year'],
  birthplace: ['birth', 'place'],
  pob: ['birth', 'place'],
  yr: ['year'],
  mth: ['month'],
  mon: ['month'],
  mo: ['month'],
  dy: ['day'],
  cd: ['code'],
  // The commonest words of German, French and Spanish extracts, then of others (below).
  vorname: ['forename'],
  nachname: ['surname'],
  familienname: ['surname'],
  geburtsdatum: ['birth', 'date'],
  geburtsjahr: ['birth', 'year'],
  geburtsort: ['birth', 'place'],
  geburtsmonat: ['birth', 'month'],
  // Beside a birth year and month, the day; holding whole dates, the values make it the birth date.
  geburtstag: ['birth', 'day'],
  geschlecht: ['sex'],
  prenom: ['forename'],
  nom: ['surname'],
  naissance: ['birth'],
  sexe: ['sex'],
  nombre: ['forename'],
  apellido: ['surname'],
  apellidos: ['surname'],
  fecha: ['date'],
  nacimiento: ['birth'],
  sexo: ['sex'],
  // Where the person lives, in those languages and in Italian, Dutch, Portuguese and the Scandinavian ones.
  strasse: ['street'],
  hausnummer: ['house', 'number'],
  ort: ['town'],
  wohnort: ['town'],
  stadt: ['town'],
  gemeinde: ['town'],
  plz: ['postcode'],
  postleitzahl: ['postcode'],
  adresse: ['address'],
  anschrift: ['address'],
  telefon: ['phone'],
  rue: ['street'],
  ville: ['town'],
  commune: ['town'],
  direccion: ['address'],
  domicilio: ['address'],
  calle: ['street'],
  ciudad: ['town'],
  localidad: ['town'],
  municipio: ['town'],
  telefono: ['phone'],
  cognome: ['surname'],
  indirizzo: ['address'],
  citta: ['town'],
  comune: ['town'],
  cap: ['postcode'],
  sesso: ['sex'],
  nascita: ['birth'],
  data: ['date'],
  luogo: ['place'],
  voornaam: ['forename'],
  achternaam: ['surname'],
  geboortedatum: ['birth', 'date'],
  adres: ['address'],
  straat: ['street'],
  woonplaats: ['town'],
  plaats: ['town'],
  geslacht: ['sex'],
  sobrenome: ['surname'],
  endereco: ['address'],
  rua: ['street'],
  cidade: ['town'],
  cep: ['postcode'],
  nascimento: ['birth'],
  fornavn: ['forename'],
  fornamn: ['forename'],
  efternavn: ['surname'],
  efternamn: ['surname'],
  etternavn: ['surname'],
  fodselsdato: ['birth', 'date'],
  fodelsedatum: ['birth', 'date'],
  postnummer: ['postcode'],
  postnr: ['postcode'],
  // Year, month and day, for a birth date in parts ("annee_naissance", "mes", "giorno").
  jahr: ['year'],
  monat: ['month'],
  tag: ['day'],
  annee: ['year'],
  mois: ['month'],
  jour: ['day'],
  ano: ['year'],
  mes: ['month'],
  dia: ['day'],
  anno: ['year'],
  mese: ['month'],
  giorno: ['day'],
  jaar: ['year'],
  maand: ['month'],
  dag: ['day'],
  pc: ['postcode'],
  zipcode: ['postcode'],
  zip: ['postcode'],
  postal: ['postcode'],
  tel: ['phone'],
  telephone: ['phone'],
  mobile: ['phone'],
  addr: ['address'],
  // Shortest forms of data dictionaries: the ONS postcode directory's PCD, German Str. and Hnr., house no. as HNO.
  adr: ['address'],
  pcd: ['postcode'],
  pcode: ['postcode'],
  str: ['street'],
  hno: ['house', 'number'],
  hnr: ['house', 'number'],
  gndr: ['gender'],
  rec: ['record'],
  no: ['number'],
  num: ['number'],
  nbr: ['number'],
  nomis: ['noms'],
}

const hint = (role: ColumnRole, weight: number, ...words: string[]): HeaderHint => ({ words, role, weight })
const birthPart = (role: ColumnRole, word: string): HeaderHint => ({
  words: [word],
  role,
  weight: 2,
  birthPartAlone: true,
})

/** The hints, as data. Weights: 9 the truth, 8 identifiers, 7 specific pairs of words, 4-6 single words. */
export const HEADER_HINTS: readonly HeaderHint[] = [
  // Test data names the true person so: never evidence.
  hint('truth', 9, 'cluster'),
  hint('truth', 9, 'identity'),
  hint('truth', 9, 'truth'),
  hint('truth', 9, 'true', 'id'),
  hint('truth', 9, 'entity', 'id'),
  hint('truth', 9, 'person', 'id'),
  hint('truth', 9, 'match', 'id'),
  hint('truth', 9, 'group', 'id'),
  hint('recordId', 8, 'record', 'id'),
  hint('recordId', 8, 'row', 'id'),
  hint('pnc', 8, 'pnc'),
  hint('cro', 8, 'cro'),
  hint('nino', 8, 'nino'),
  hint('nino', 8, 'ni', 'number'),
  hint('nino', 8, 'national', 'insurance'),
  hint('prisonNumber', 8, 'noms'),
  hint('prisonNumber', 8, 'prison', 'number'),
  hint('prisonNumber', 8, 'prisoner', 'number'),
  hint('crn', 8, 'crn'),
  hint('email', 7, 'email'),
  hint('email', 7, 'e', 'mail'),
  hint('phone', 7, 'phone'),
  hint('birthYear', 7, 'birth', 'year'),
  hint('birthMonth', 7, 'birth', 'month'),
  hint('birthDay', 7, 'birth', 'day'),
  hint('dateOfBirth', 6, 'birth', 'date'),
  hint('age', 6, 'age'),
  // Where someone was born is worth comparing, not a date.
  hint('attribute', 7, 'birth', 'place'),
  hint('attribute', 7, 'birth', 'town'),
  hint('attribute', 7, 'birth', 'city'),
  hint('attribute', 7, 'birth', 'country'),
  hint('attribute', 5, 'occupation'),
  hint('attribute', 5, 'profession'),
  hint('attribute', 5, 'job'),
  hint('attribute', 4, 'state'),
  hint('attribute', 4, 'county'),
  hint('attribute', 4, 'region'),
  hint('attribute', 4, 'province'),
  hint('attribute', 4, 'country'),
  hint('attribute', 4, 'nationality'),
  // "first_and_surname", "forename_surname": the whole name in one column.
  hint('fullName', 7, 'first', 'surname'),
  hint('fullName', 7, 'forename', 'surname'),
  hint('fullName', 7, 'given', 'family'),
  hint('fullName', 6, 'full', 'name'),
  hint('middleNames', 6, 'middle'),
  hint('middleNames', 6, 'second', 'name'),
  hint('alias', 6, 'alias'),
  hint('alias', 6, 'aka'),
  hint('alias', 6, 'maiden'),
  hint('alias', 6, 'nickname'),
  hint('alias', 6, 'known', 'as'),
  hint('alias', 6, 'preferred'),
  // A surname or name the person had before is another name they are known by, not the one compared.
  hint('alias', 7, 'previous', 'surname'),
  hint('alias', 7, 'former', 'surname'),
  hint('alias', 7, 'birth', 'surname'),
  hint('alias', 7, 'previous', 'name'),
  hint('alias', 7, 'former', 'name'),
  // "Other forenames" on UK forms are the middle names.
  hint('middleNames', 6, 'other', 'forename'),
  hint('forename', 5, 'forename'),
  hint('forename', 5, 'given'),
  hint('forename', 5, 'christian'),
  hint('forename', 4, 'first'),
  hint('surname', 5, 'surname'),
  hint('surname', 5, 'family'),
  hint('surname', 4, 'last'),
  // "name_sufx", "NameSuffix", "SFX": a generational suffix (Jr, Sr, III) kept apart from the names.
  hint('nameSuffix', 6, 'suffix'),
  hint('sex', 6, 'sex'),
  hint('sex', 6, 'gender'),
  hint('postcode', 6, 'postcode'),
  hint('postcode', 6, 'post', 'code'),
  hint('town', 5, 'town'),
  hint('town', 5, 'city'),
  hint('town', 5, 'suburb'),
  hint('town', 5, 'locality'),
  hint('town', 5, 'village'),
  hint('addressLine', 4, 'address'),
  hint('addressLine', 4, 'street'),
  hint('addressLine', 4, 'house'),
  // Birth date parts in short or bare words: only together, and only when the values fit.
  birthPart('birthYear', 'by'),
  birthPart('birthMonth', 'bm'),
  birthPart('birthDay', 'bd'),
  // "mob" is a month of birth or a mobile number: the values tell.
  birthPart('birthMonth', 'mob'),
  birthPart('birthYear', 'year'),
  birthPart('birthMonth', 'month'),
  birthPart('birthDay', 'day'),
]

export interface HeaderWords {
  words: string[]
  /** A number ending the header (`forename_2`, `lname_c2`, `surname2`): which of several such columns this is. */
  ordinal: number | null
}

/** The words of a header: accents dropped, camelCase, initialisms and digits split off, abbreviations spelt out. */
export const headerWords = (header: string): HeaderWords => {
  const raw = header
    .trim()
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    // An initialism before a word ("NHSNumber", "PNCNo").
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    // Letters no accent-stripping spells in ASCII ("Straße", "Fødselsdato", "Efternamn").
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[æÆ]/g, 'ae')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+|(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])/)
    .filter((w) => w !== '')
  const last = raw.at(-1)
  const ordinal = last !== undefined && /^\d$/.test(last) ? Number(last) : null
  return { words: raw.flatMap((w) => SPELT_OUT[w] ?? [w]), ordinal }
}

/** Words saying a column describes someone other than the person ("mothers_maiden_name", "officer_surname"). */
const SOMEONE_ELSE = new Set(
  [
    'mother',
    'father',
    'parent',
    'spouse',
    'partner',
    'officer',
    'victim',
    'kin',
    'guardian',
    'child',
    'sibling',
  ].flatMap((w) => [w, `${w}s`]),
)

/** Whether a header names a column about someone other than the person: no hint or content makes it evidence. */
export const aboutSomeoneElse = (header: string): boolean =>
  headerWords(header).words.some((w) => SOMEONE_ELSE.has(w))

/**
 * Words of headers about an event rather than the person: a case, a hearing, a sentence, a stay in custody. Such
 * facts differ between one person's records and agree between strangers at one court or prison, so a column the
 * hints do not otherwise explain is not evidence of who the person is.
 */
const EVENT = new Set(
  [
    'offence',
    'offense',
    'charge',
    'outcome',
    'sentence',
    'disposal',
    'verdict',
    'plea',
    'hearing',
    'court',
    'establishment',
    // The prison or institution a stay was in, as custody extracts head it ("PRISON", "Institution").
    'prison',
    'institution',
    'arrest',
    'incident',
    'custody',
    'release',
    'reception',
    'admission',
    'discharge',
    'appointment',
  ].flatMap((w) => [w, `${w}s`]),
)

/**
 * Words of headers naming a protected characteristic. Systems record these differently (self-declared or observed,
 * with their own code lists), so disagreement would fall hardest on the groups recorded least consistently; they
 * are compared only where the settings name them, and are there to measure fairness by.
 */
const PROTECTED = new Set([
  'ethnicity',
  'ethnic',
  'race',
  'religion',
  'faith',
  'sexuality',
  'orientation',
  'disability',
])

/**
 * Words of headers naming a household or a place in a document (census schedules and registers: "household_id",
 * "line_no", "page", "folio"): shared by several people, or a position that changes from one list to the next, they
 * say nothing of who the person is, though their numbers look like identifiers.
 */
const GROUP_OR_PLACE = new Set(['household', 'hh', 'dwelling', 'schedule', 'line', 'page', 'folio', 'piece'])

/** Why a header names a household or a place in a document rather than the person, or undefined. */
export const groupOrPlace = (header: string): string | undefined =>
  headerWords(header).words.some((w) => GROUP_OR_PLACE.has(w))
    ? 'a household or a place in the document, not the person'
    : undefined

/**
 * Words of headers naming a sum of money or a score (fines, costs, a risk score), as case and finance extracts carry
 * them: they change from one record to the next, and strangers share round sums, so they are no evidence of who the
 * person is, though their numbers look like codes.
 */
const AMOUNT = new Set(
  [
    'amount',
    'cost',
    'fine',
    'fee',
    'compensation',
    'balance',
    'payment',
    'arrear',
    'debt',
    'price',
    'salary',
    'income',
    'score',
  ].flatMap((w) => [w, `${w}s`]),
)

/** Headers whose values say nothing of who the person is, by their words, each with why; the first that fits wins. */
const NOT_THE_PERSON: readonly { words: ReadonlySet<string>; why: string }[] = [
  { words: SOMEONE_ELSE, why: 'about someone else' },
  { words: PROTECTED, why: 'a protected characteristic, compared only where the settings say so' },
  { words: EVENT, why: 'about an event, not the person' },
  { words: AMOUNT, why: 'an amount or a score, not the person' },
]

/**
 * Why a header's column is no evidence of who the person is (about someone else, a protected characteristic, an
 * event), or undefined: no hint or value makes such a column evidence, though the settings may.
 */
export const notAboutThePerson = (header: string): string | undefined => {
  const { words } = headerWords(header)
  return NOT_THE_PERSON.find((r) => words.some((w) => r.words.has(w)))?.why
}

/** The words of a header naming an event ("age_at_hearing": hearing), to tie a column to that event's date. */
export const eventWordsOf = (header: string): string[] =>
  headerWords(header).words.filter((w) => EVENT.has(w))

/** The strongest hint a header's words match, if any. */
export const headerHint = (header: string): { hint: HeaderHint; ordinal: number | null } | undefined => {
  const { words, ordinal } = headerWords(header)
  if (words.some((w) => SOMEONE_ELSE.has(w))) return undefined
  const present = new Set(words)
  let best: HeaderHint | undefined
  for (const h of HEADER_HINTS) {
    // A bare "year" or "by" is a birth date part only as the whole header, never inside "arrest_year".
    if (h.birthPartAlone && words.length !== 1) continue
    if (h.words.every((w) => present.has(w)) && (best === undefined || h.weight > best.weight)) best = h
  }
  return best && { hint: best, ordinal }
}
