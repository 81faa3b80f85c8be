/**
 * A small seeded pseudo-random generator (sfc32) so that the same seed always gives byte-identical output;
 * Math.random cannot be seeded.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform whole number in [min, max], both included. */
  int(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
}

export const createRandom = (seed: number): Random => {
  // splitmix32 spreads a small seed over the four state words, so seeds 1 and 2 give unrelated streams.
  let s = seed >>> 0
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) | 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
    return (z ^ (z >>> 15)) >>> 0
  }
  let a = splitmix()
  let b = splitmix()
  let c = splitmix()
  let d = splitmix()
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 12; i++) next()
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
  }
}

/** A list of values with weights, prepared once so each draw is a binary search. */
export interface Weighted<T> {
  values: readonly T[]
  cumulative: Float64Array
}

export const weighted = <T>(entries: readonly (readonly [T, number])[]): Weighted<T> => {
  const cumulative = new Float64Array(entries.length)
  let total = 0
  entries.forEach(([, w], i) => {
    total += w
    cumulative[i] = total
  })
  for (let i = 0; i < cumulative.length; i++) cumulative[i]! /= total
  return { values: entries.map(([v]) => v), cumulative }
}

/** Weights falling with rank like real name frequencies (Zipf); the offset flattens the head. */
export const zipf = <T>(ranked: readonly T[], offset = 20, exponent = 1): Weighted<T> =>
  weighted(ranked.map((v, i) => [v, 1 / (i + 1 + offset) ** exponent] as const))

export const draw = <T>(random: Random, w: Weighted<T>): T => {
  const r = random.next()
  let lo = 0
  let hi = w.cumulative.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (w.cumulative[mid]! > r) hi = mid
    else lo = mid + 1
  }
  return w.values[lo]!
}
