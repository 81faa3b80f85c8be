/** How a value fared in standardisation; only `ok` values are kept, the others become null and may be counted. */
export type ValueStatus = 'ok' | 'missing' | 'invalid' | 'placeholder' | 'junk'

export interface Parsed {
  value: string | null
  status: ValueStatus
}

export const MISSING: Parsed = Object.freeze({ value: null, status: 'missing' })
export const INVALID: Parsed = Object.freeze({ value: null, status: 'invalid' })
export const JUNK: Parsed = Object.freeze({ value: null, status: 'junk' })
export const ok = (value: string): Parsed => ({ value, status: 'ok' })
