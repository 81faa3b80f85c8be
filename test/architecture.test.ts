/**
 * docs/architecture.md's folder table says what each folder depends on; this holds that column to the imports of
 * the production code, so the table stays true as the code moves.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'

const root = path.resolve(import.meta.dirname, '..')
const src = path.join(root, 'src')

/** Production source files (not tests, not test helpers) under src, relative to it. */
const sourceFiles = (): string[] =>
  (readdirSync(src, { recursive: true }) as string[]).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.split(path.sep).includes('testing'),
  )

test('docs/architecture.md names what each folder depends on, as the imports say', () => {
  const docs = readFileSync(path.join(root, 'docs', 'architecture.md'), 'utf8')
  const rows = [...docs.matchAll(/^\| `src\/([a-z/-]+)` \|.*\| ([^|]+) \|$/gm)].map(
    (m) => [m[1]!, m[2]!.trim()] as const,
  )
  const folders = rows.map(([f]) => f)
  // A file belongs to the most specific folder the table lists (src/person-index/store before src/person-index).
  const folderOf = (file: string): string | undefined =>
    folders.filter((f) => file === f || file.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0]
  const actual = new Map<string, Set<string>>(folders.map((f) => [f, new Set()]))
  for (const file of sourceFiles()) {
    const from = folderOf(file.split(path.sep).join('/'))
    if (!from) continue
    for (const [, spec] of readFileSync(path.join(src, file), 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const target = path.relative(src, path.resolve(path.dirname(path.join(src, file)), spec!))
      const to = folderOf(target.split(path.sep).join('/'))
      if (to && to !== from) actual.get(from)!.add(to)
    }
  }
  const problems: string[] = []
  for (const [folder, cell] of rows) {
    if (!actual.has(folder) || !cell) continue
    const said = new Set(cell === 'nothing' ? [] : cell.split(', '))
    const real = actual.get(folder)!
    const missing = [...real].filter((f) => !said.has(f)).sort()
    const extra = [...said].filter((f) => !real.has(f)).sort()
    if (missing.length > 0 || extra.length > 0)
      problems.push(
        `src/${folder}: say ${[...real].sort().join(', ') || 'nothing'} (not listed: ${missing.join(', ') || '-'}; not imported: ${extra.join(', ') || '-'})`,
      )
  }
  assert.deepEqual(problems, [])
})
