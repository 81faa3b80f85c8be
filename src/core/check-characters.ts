/**
 * Check characters of the Police National Computer (PNC) and Criminal Records Office (CRO) numbers. Both use the
 * same scheme: the two-digit year followed by the zero-padded serial, read as a number, modulo 23, indexes an
 * alphabet without the letters I, O and S. Kept here, apart from parsing, because the synthetic data generator
 * must produce valid numbers with the very same rule the standardiser checks.
 */
const CHECK_ALPHABET = 'ZABCDEFGHJKLMNPQRTUVWXY'

const checkCharacter = (year: number, serial: number, serialDigits: number): string => {
  // The number has at most nine digits here, exact in a double: far cheaper than BigInt, once per identifier read.
  if (
    Number.isInteger(year) &&
    year >= 0 &&
    Number.isInteger(serial) &&
    serial >= 0 &&
    serial < 10 ** serialDigits
  )
    return CHECK_ALPHABET[((year % 100) * 10 ** serialDigits + serial) % 23]!
  const yy = String(year % 100).padStart(2, '0')
  const digits = yy + String(serial).padStart(serialDigits, '0')
  return CHECK_ALPHABET[Number(BigInt(digits) % 23n)]!
}

/** PNC number: YYYY/NNNNNNNC (year, serial of up to 7 digits, check letter). */
export const pncCheckCharacter = (year: number, serial: number): string => checkCharacter(year, serial, 7)

/** CRO number: NNNNNN/YYC (serial of up to 6 digits, two-digit year, check letter). */
export const croCheckCharacter = (year: number, serial: number): string => checkCharacter(year, serial, 6)
