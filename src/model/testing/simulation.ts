import type { Comparison } from '../model.ts'

/** A seeded PRNG (mulberry32), so a simulation is the same on every run. */
export const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** A comparison on one column with a null level and one level per given m and u (levels 1, 2, …). */
export const comparison = (name: string, m: number[], u: number[]): Comparison => ({
  name,
  description: name,
  levels: [
    { label: 'null', condition: { kind: 'null', columns: [name] }, isNull: true },
    ...m.map((mi, i) => ({ label: `level ${i + 1}`, condition: { kind: 'else' as const }, m: mi, u: u[i]! })),
  ],
})

/** The index of the share a random draw falls in (shares summing to 1; the last if rounding leaves a gap). */
export const draw = (shares: number[], random: () => number): number => {
  let x = random()
  for (let i = 0; i < shares.length; i++) {
    x -= shares[i]!
    if (x < 0) return i
  }
  return shares.length - 1
}
