/**
 * Dates as whole days since 1970-01-01: cheap to add to and compare, and formatted without Date objects, which
 * matters at a million records.
 */
export type Day = number

export interface CivilDate {
  year: number
  month: number
  day: number
}

// Howard Hinnant's days-from-civil and civil-from-days algorithms (proleptic Gregorian calendar).
export const dayFromCivil = (year: number, month: number, day: number): Day => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export const civilFromDay = (d: Day): CivilDate => {
  const z = d + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

export const parseIsoDay = (iso: string): Day | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return null
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const d = dayFromCivil(year, month, day)
  const back = civilFromDay(d)
  return back.month === month && back.day === day ? d : null
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n))

export const isoDate = (c: CivilDate): string => `${c.year}-${two(c.month)}-${two(c.day)}`
export const ukDate = (c: CivilDate): string => `${two(c.day)}/${two(c.month)}/${c.year}`
/** d/m/yy, as some older case systems wrote dates of birth. */
export const shortUkDate = (c: CivilDate): string => `${c.day}/${c.month}/${two(c.year % 100)}`

export const isoDay = (d: Day): string => isoDate(civilFromDay(d))
export const ukDay = (d: Day): string => ukDate(civilFromDay(d))

/** Whole years between a date of birth and a later day. */
export const ageOn = (dob: CivilDate, on: Day): number => {
  const t = civilFromDay(on)
  const before = t.month < dob.month || (t.month === dob.month && t.day < dob.day)
  return t.year - dob.year - (before ? 1 : 0)
}

export const ageBand = (age: number): string => {
  if (age < 25) return '18-24'
  if (age < 35) return '25-34'
  if (age < 45) return '35-44'
  if (age < 55) return '45-54'
  if (age < 65) return '55-64'
  return '65+'
}
