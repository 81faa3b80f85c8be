import { z } from 'zod'
import { JustIdError } from '../core/errors.ts'

export const COLUMN_ROLES = [
  'recordId', 'forename', 'middleNames', 'surname', 'fullName', 'alias', 'dateOfBirth', 'sex', 'addressLine', 'town',
  'postcode', 'pnc', 'cro', 'prisonNumber', 'crn', 'nino', 'email', 'phone', 'otherId', 'truth', 'extra',
] as const
export type ColumnRole = (typeof COLUMN_ROLES)[number]

export const sourceSettingsSchema = z
  .object({
    /** The column holding the record id. */
    recordId: z.string().min(1).optional(),
    /** Header name → role, overriding detection; 'ignore' leaves a column out entirely. */
    columns: z.record(z.string(), z.enum([...COLUMN_ROLES, 'ignore'])).optional(),
  })
  .strict()
export type SourceSettings = z.infer<typeof sourceSettingsSchema>

export interface ColumnMapping {
  index: number
  header: string
  role: ColumnRole | 'ignore'
}

export interface SourceLayout {
  columns: ColumnMapping[]
  recordIdColumn: string
  /** Columns whose role was not recognised: carried as extra attributes, never used as evidence. */
  unknownColumns: string[]
  /** Columns that hold the true person (test data): never used as evidence. */
  truthColumns: string[]
}

const key = (header: string): string => header.trim().toLowerCase().replace(/[^a-z0-9]/g, '')

const RECORD_ID_HEADERS = ['recordid', 'recid', 'id', 'casedefendantid', 'bookingid', 'caseref', 'caseid', 'sourceid']

/** Common header names of each role, compared without case, spaces or punctuation. */
const ROLE_HEADERS: Record<string, ColumnRole> = {}
const known = (role: ColumnRole, ...headers: string[]) => {
  for (const h of headers) ROLE_HEADERS[h] = role
}
known('forename', 'forename', 'firstname', 'givenname', 'forenames', 'first', 'fname', 'givennames')
known('middleNames', 'middlename', 'middlenames', 'middle', 'secondname')
known('surname', 'surname', 'lastname', 'familyname', 'last', 'lname')
known('fullName', 'name', 'fullname', 'defendantname', 'personname', 'offendername')
known('alias', 'alias', 'aliases', 'aka', 'alsoknownas')
known('dateOfBirth', 'dob', 'dateofbirth', 'birthdate', 'birthdate', 'dateofbirthdob')
known('sex', 'sex', 'gender')
known('addressLine', 'address', 'address1', 'address2', 'address3', 'addressline1', 'addressline2', 'addressline3',
  'street', 'streetnumber', 'streetaddress', 'locality', 'housenumber')
known('town', 'town', 'city', 'suburb', 'posttown')
known('postcode', 'postcode', 'postalcode', 'zip', 'zipcode', 'postcodezip')
known('pnc', 'pnc', 'pncnumber', 'pncid')
known('cro', 'cro', 'cronumber')
known('prisonNumber', 'prisonnumber', 'nomsnumber', 'nomisnumber', 'nomsid', 'offenderno', 'prisonerno')
known('crn', 'crn', 'casereferencenumber')
known('nino', 'nino', 'nationalinsurancenumber', 'ninumber')
known('email', 'email', 'emailaddress')
known('phone', 'phone', 'telephone', 'phonenumber', 'mobile', 'tel')
known('otherId', 'socsecid', 'ssn', 'nhsnumber', 'passportnumber', 'drivinglicencenumber')
known('truth', 'truth', 'trueperson', 'truepersonid', 'truthid', 'goldpersonid')

/**
 * Works out what each column holds from its header, with settings overriding. Throws when a settings file names a
 * column the file does not have, or no record id column can be found.
 */
export const detectLayout = (headers: string[], file: string, settings: SourceSettings = {}): SourceLayout => {
  const trimmed = headers.map((h) => h.trim())
  const byName = new Map(trimmed.map((h, i) => [h.toLowerCase(), i]))
  for (const name of [...Object.keys(settings.columns ?? {}), ...(settings.recordId ? [settings.recordId] : [])]) {
    if (!byName.has(name.trim().toLowerCase())) {
      throw new JustIdError(
        'unknown_column',
        `the settings name a column "${name}" that ${file} does not have (its columns: ${trimmed.join(', ')})`,
      )
    }
  }
  const override = new Map(Object.entries(settings.columns ?? {}).map(([h, r]) => [h.trim().toLowerCase(), r]))
  const columns: ColumnMapping[] = trimmed.map((header, index) => ({
    index,
    header,
    role: override.get(header.toLowerCase()) ?? ROLE_HEADERS[key(header)] ?? (RECORD_ID_HEADERS.includes(key(header)) ? 'recordId' : 'extra'),
  }))
  const recordIdColumn =
    settings.recordId?.trim() ??
    columns.find((c) => c.role === 'recordId')?.header ??
    columns.find((c) => c.role === 'crn' || c.role === 'prisonNumber')?.header
  if (!recordIdColumn) {
    throw new JustIdError(
      'no_record_id',
      `${file}: no record id column found (looked for ${RECORD_ID_HEADERS.join(', ')}); ` +
        'name it in the settings: "sources": {"<name>": {"recordId": "<column>"}}',
    )
  }
  return {
    columns,
    recordIdColumn,
    unknownColumns: columns.filter((c) => c.role === 'extra').map((c) => c.header),
    truthColumns: columns.filter((c) => c.role === 'truth').map((c) => c.header),
  }
}
