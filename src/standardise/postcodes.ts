export interface ParsedPostcode {
  /** Full postcode "sw1a 1aa"; for other countries' postcodes the letters and digits ("2615", "1012ab"). */
  postcode: string | null
  area: string | null
  district: string | null
  sector: string | null
  status: 'ok' | 'missing' | 'invalid'
}

/** The UK forms A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA and AA9A 9AA, with spaces removed. */
const FULL = /^(([a-z]{1,2})[0-9][a-z0-9]?)([0-9][a-z]{2})$/
const OUTWARD = /^([a-z]{1,2})[0-9][a-z0-9]?$/
/**
 * Letters then a digit, as a UK postcode starts: a code that begins so but is no UK form is taken for a mistyped
 * UK one. Ireland's ("D02 X285") lose them; Canada's have a form of their own (below).
 */
const UK_START = /^[a-z]+[0-9]/
/** Other countries' forms: letters and digits, hyphens allowed between ("01310-100"); 3 to 10 with a digit. */
const OTHER_COUNTRY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const OTHER_COUNTRY_CODE = /^(?=[a-z]*[0-9])[a-z0-9]{3,10}$/
/**
 * Canada's A9A 9A9 (never D F I O Q U; W and Z never first), which no UK form is: the first three are the forward
 * sortation area, the district.
 */
const CANADA = /^([abceghj-nprstvxy]\d[abceghj-nprstv-z])(\d[abceghj-nprstv-z]\d)$/
/** A US ZIP+4 ("27601-1234"): the ZIP is its district, so it meets the same ZIP written without the extension. */
const ZIP_PLUS_4 = /^(\d{5})-\d{4}$/
const HYPHENS = /-/g
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
 * The pseudo-postcodes of NHS and ONS data, all in the district ZZ99: ZZ99 3VZ for no fixed abode, ZZ99 3WZ for not
 * known, ZZ99 3CZ and the like for a country with no address in it. Justice extracts copy them, and many homeless
 * people share one, so they say nothing of who the person is. Only that district: other ZZ codes are invented ones
 * (test and training data), which are as good as real ones for telling people apart.
 */
const PSEUDO = /^zz99/

/**
 * UK postcodes normalised to "sw1a 1aa" (any case and spacing accepted) and split into area "sw", district "sw1a"
 * and sector "sw1a 1". An outward code alone ("SW1A") gives area and district only.
 *
 * Other countries' postcodes (the Australian "2615" of the FEBRL data, the Dutch "1012 AB") are kept as letters
 * and digits, whole as both postcode and district (a US ZIP+4's district is its ZIP, a Canadian code's its first
 * three characters), with no area or sector: equal codes still count
 * as evidence, and neither a shared area nor a sector is claimed where the country's code has none. A code that
 * starts like a UK one but is not one ("SW1A 1A", "SWW1 1AA") stays invalid: kept whole it would disagree with
 * the district it does share. Pseudo-postcodes (ZZ99 3VZ, no fixed abode) are no postcode.
 */
export const parsePostcode = (raw: string | null | undefined): ParsedPostcode => {
  const s = (raw ?? '').toLowerCase().replace(SPACES, '')
  if (s === '') return NONE
  if (s === 'gir0aa')
    return { postcode: 'gir 0aa', area: 'gir', district: 'gir', sector: 'gir 0', status: 'ok' }
  if (PSEUDO.test(s)) return NONE
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
  const canada = CANADA.exec(s)
  if (canada)
    return {
      postcode: `${canada[1]} ${canada[2]}`,
      area: null,
      district: canada[1]!,
      sector: null,
      status: 'ok',
    }
  const zip = ZIP_PLUS_4.exec(s)
  if (zip) return { postcode: s, area: null, district: zip[1]!, sector: null, status: 'ok' }
  if (UK_START.test(s) || !OTHER_COUNTRY.test(s)) return INVALID
  const code = s.replace(HYPHENS, '')
  if (!OTHER_COUNTRY_CODE.test(code)) return INVALID
  return { postcode: code, area: null, district: code, sector: null, status: 'ok' }
}
