import type { Random } from './random.ts'

/**
 * The spelling errors found in keyed and scanned records. Each function changes a name in one place and keeps its
 * case pattern; a name too short to change safely is returned as it is.
 */
const rows = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm']
const neighbours = new Map<string, string>()
rows.forEach((row, r) => {
  for (let i = 0; i < row.length; i++) {
    let near = (row[i - 1] ?? '') + (row[i + 1] ?? '')
    const above = rows[r - 1]
    const below = rows[r + 1]
    if (above) near += (above[i] ?? '') + (above[i + 1] ?? '')
    if (below) near += (below[i] ?? '') + (below[i - 1] ?? '')
    neighbours.set(row[i]!, near)
  }
})

const matchCase = (like: string, c: string): string => (like === like.toUpperCase() ? c.toUpperCase() : c)

/** Keyboard typo: neighbour substitution, transposition, deletion or insertion, never on the first letter. */
export const typo = (random: Random, name: string): string => {
  if (name.length < 4) return name
  const at = random.int(1, name.length - 2)
  const ch = name[at]!
  const near = neighbours.get(ch.toLowerCase())
  switch (random.int(0, 3)) {
    case 0:
      return near ? name.slice(0, at) + matchCase(ch, random.pick([...near])) + name.slice(at + 1) : name
    case 1:
      return name.slice(0, at) + name[at + 1] + ch + name.slice(at + 2)
    case 2:
      return name.slice(0, at) + name.slice(at + 1)
    default:
      return name.slice(0, at) + matchCase(ch, near ? random.pick([...near]) : ch) + name.slice(at)
  }
}

const ocrPairs: readonly (readonly [RegExp, string])[] = [
  [/rn/, 'm'],
  [/m/, 'rn'],
  [/O/, '0'],
  [/o/, '0'],
  [/l/, '1'],
  [/I/, '1'],
  [/S/, '5'],
  [/s/, '5'],
  [/cl/, 'd'],
  [/B/, '8'],
]

/** Scanning confusion of look-alike characters (rn→m, O→0, l→1, S→5). */
export const ocr = (random: Random, name: string): string => {
  const applicable = ocrPairs.filter(([from]) => from.test(name))
  if (applicable.length === 0) return name
  const [from, to] = random.pick(applicable)
  return name.replace(from, to)
}

const phoneticPairs: readonly (readonly [RegExp, string])[] = [
  [/ph/i, 'f'],
  [/f(?!f)/, 'ph'],
  [/ck/, 'k'],
  [/(?<=[aeiou])k/, 'ck'],
  [/ie$/, 'y'],
  [/y$/, 'ie'],
  [/ey$/, 'y'],
  [/([bdglmnprst])\1/, '$1'],
  [/(?<=[aeiou])([lnrt])(?=[aeiouy])/, '$1$1'],
  [/ou/, 'ow'],
  [/ei/, 'ie'],
  [/ae/, 'a'],
  [/z/, 's'],
  [/(?<=[aeiou])s(?=[aeiou])/, 'z'],
]

/** Respelling by sound: ph↔f, ck↔k, ie↔y, double↔single letters. */
export const phonetic = (random: Random, name: string): string => {
  const lower = name.toLowerCase()
  const applicable = phoneticPairs.filter(([from]) => from.test(lower.slice(1)))
  if (applicable.length === 0) return name
  const [from, to] = random.pick(applicable)
  const head = name[0]!
  const changed = name.slice(1).replace(from, to)
  return name === name.toUpperCase() ? (head + changed).toUpperCase() : head + changed
}
