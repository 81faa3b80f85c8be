export interface ParsedPostcode {
  /** Full postcode "sw1a 1aa"; for all-digit (non-UK) postcodes the digits. */
  postcode: string | null
  area: string | null
  district: string | null
  sector: string | null
  status: 'ok' | 'missing' | 'invalid'
}

/** The UK forms A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA and AA9A 9AA, with spaces removed. */
const FULL = /^(([a-z]{1,2})[0-9][a-z0-9]?)([0-9][a-z]{2})$/
const OUTWARD = /^([a-z]{1,2})[0-9][a-z0-9]?$/
const NUMERIC = /^[0-9]{3,5}$/
const SPACES = /\s+/g
const NONE: ParsedPostcode = Object.freeze({
  postcode: null,
  area: null,
  district: null,
  sector: null,
  status: 'missing',
})
const INVALID: ParsedPostcode = Object.freeze({ ...NONE, status: 'invalid' })

/**
 * UK postcodes normalised to "sw1a 1aa" (any case and spacing accepted) and split into area "sw", district "sw1a"
 * and sector "sw1a 1". An outward code alone ("SW1A") gives area and district only.
 *
 * All-digit postcodes of 3 to 5 digits (other countries', e.g. the Australian ones of the FEBRL data) are kept as
 * postcode and district, with no area or sector, so that they still count as evidence.
 */
export const parsePostcode = (raw: string | null | undefined): ParsedPostcode => {
  const s = (raw ?? '').toLowerCase().replace(SPACES, '')
  if (s === '') return NONE
  if (s === 'gir0aa')
    return { postcode: 'gir 0aa', area: 'gir', district: 'gir', sector: 'gir 0', status: 'ok' }
  if (NUMERIC.test(s)) return { postcode: s, area: null, district: s, sector: null, status: 'ok' }
  const full = FULL.exec(s)
  if (full) {
    const outward = full[1]!
    const inward = full[3]!
    return {
      postcode: `${outward} ${inward}`,
      area: full[2]!,
      district: outward,
      sector: `${outward} ${inward[0]}`,
      status: 'ok',
    }
  }
  const outward = OUTWARD.exec(s)
  if (outward) return { postcode: null, area: outward[1]!, district: s, sector: null, status: 'ok' }
  return INVALID
}
