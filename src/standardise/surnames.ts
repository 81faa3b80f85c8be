/** Polish-style feminine endings and their masculine forms: kowalska → kowalski, nowicka → nowicki. */
const SLAVIC_FEMININE = /^([a-z]{2,}(?:sk|ck|dzk))a$/

/**
 * Masculine form of a Slavic feminine surname, for the variant group when the table does not know the name:
 * -ska → -ski, -cka → -cki, -dzka → -dzki, and Czech -ová dropped (novaková → novak). -ová is recognised only
 * when the source kept the accent: without it, "-ova" is as likely the Russian ending (ivanova, ivanov).
 */
export const slavicMasculine = (surname: string, rawSurname: string | null): string | null => {
  const m = SLAVIC_FEMININE.exec(surname)
  if (m) return `${m[1]}i`
  if (surname.length > 5 && surname.endsWith('ova') && rawSurname?.toLowerCase().includes('ová')) {
    return surname.slice(0, -3)
  }
  return null
}
