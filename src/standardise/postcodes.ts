export interface ParsedPostcode {
  postcode: string | null
  area: string | null
  district: string | null
  sector: string | null
  status: 'ok' | 'missing' | 'invalid'
}

const FULL = /^([a-z]{1,2}[0-9][a-z0-9]?) ?([0-9])([a-z]{2})$/
const OUTWARD = /^([a-z]{1,2})[0-9][a-z0-9]?$/
const NUMERIC = /^[0-9]{3,5}$/
const NONE: ParsedPostcode = { postcode: null, area: null, district: null, sector: null, status: 'missing' }

/**
 * UK postcodes normalised to "sw1a 1aa" and split into area, district and sector. An outward code alone gives area
 * and district. All-digit postcodes (other countries', e.g. the Australian ones of the FEBRL data) are kept whole
 * as postcode and district, with no area or sector.
 */
export const parsePostcode = (raw: string | null | undefined): ParsedPostcode => {
  const s = (raw ?? '').toLowerCase().replace(/\s+/g, '')
  if (s === '') return NONE
  if (s === 'gir0aa') return { postcode: 'gir 0aa', area: 'gir', district: 'gir', sector: 'gir 0', status: 'ok' }
  if (NUMERIC.test(s)) return { postcode: s, area: null, district: s, sector: null, status: 'ok' }
  const full = FULL.exec(s)
  if (full) {
    const outward = full[1]!
    return {
      postcode: `${outward} ${full[2]}${full[3]}`,
      area: /^[a-z]+/.exec(outward)![0],
      district: outward,
      sector: `${outward} ${full[2]}`,
      status: 'ok',
    }
  }
  const outward = OUTWARD.exec(s)
  if (outward) return { postcode: null, area: outward[1]!, district: s, sector: null, status: 'ok' }
  return { ...NONE, status: 'invalid' }
}
