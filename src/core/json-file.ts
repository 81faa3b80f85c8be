import { readFile } from 'node:fs/promises'
import { visit } from 'jsonc-parser'
import type { z } from 'zod'
import { JustIdError } from './errors.ts'

/** Line and column (1-based) of a character offset, for pointing at a JSON syntax error. */
const lineAndColumn = (text: string, offset: number): string => {
  const before = text.slice(0, offset).split('\n')
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`
}

/** Where a JSON.parse error is, whichever way this Node version words it ("at position 12", "(line 2 column 3)"). */
const syntaxErrorPlace = (text: string, message: string): string => {
  const lineColumn = /line (\d+) column (\d+)/.exec(message)
  if (lineColumn) return `line ${lineColumn[1]}, column ${lineColumn[2]}`
  const position = /position (\d+)/.exec(message)
  if (position) return lineAndColumn(text, Number(position[1]))
  return /end of JSON input/i.test(message) ? 'the end (it is cut short)' : 'an unknown place'
}

/**
 * The first key that occurs twice in one object, with its place: JSON.parse keeps the last silently, so a setting
 * written twice would be half ignored.
 */
export const firstDuplicateKey = (text: string): { path: string; place: string } | null => {
  const open: Set<string>[] = []
  let found: { path: string; place: string } | null = null
  visit(text, {
    onObjectBegin: () => {
      open.push(new Set())
    },
    onObjectEnd: () => {
      open.pop()
    },
    onObjectProperty: (property, _offset, _length, line, character, pathSupplier) => {
      const keys = open.at(-1)
      if (found || !keys) return
      if (keys.has(property))
        found = {
          path: [...pathSupplier(), property].join('.'),
          place: `line ${line + 1}, column ${character + 1}`,
        }
      keys.add(property)
    },
  })
  return found
}

const describeIssue = (issue: z.core.$ZodIssue, input: unknown): string => {
  const got = issue.path.reduce<unknown>(
    (value, key) =>
      value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined,
    input,
  )
  switch (issue.code) {
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')} (got ${JSON.stringify(got)})`
    case 'unrecognized_keys':
      return `unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`
    case 'invalid_type':
      return `expected ${issue.expected} (got ${got === undefined ? 'nothing' : JSON.stringify(got)})`
    default:
      return issue.message
  }
}

/**
 * Text that should be JSON of the schema (a file JustID wrote, read back; a key set fetched): its data, or null for
 * the caller to refuse naming where the text came from, never the text, which may hold a key.
 */
export const jsonAs = <T>(text: string, schema: z.ZodType<T>): T | null => {
  try {
    const parsed = schema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/**
 * Reads and validates a JSON file given by a user (`what` says what it holds, e.g. "settings"). Every failure is
 * an `invalid_settings` error naming the file and, for schema failures, the path of each bad field, so the user can
 * fix it without reading code.
 */
export const readJsonFile = async <T>(file: string, schema: z.ZodType<T>, what: string): Promise<T> => {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new JustIdError(
      'invalid_settings',
      code === 'ENOENT'
        ? `${file}: no such file (the ${what} file)`
        : `${file}: the ${what} file cannot be read (${code ?? 'unknown error'})`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    throw new JustIdError(
      'invalid_settings',
      `${file}: not valid JSON, at ${syntaxErrorPlace(text, message)}; check for a missing comma, quote or bracket`,
    )
  }
  const duplicate = firstDuplicateKey(text.replace(/^\uFEFF/, ''))
  if (duplicate) {
    throw new JustIdError(
      'invalid_settings',
      `${file}: ${duplicate.path} is given twice (the second at ${duplicate.place}); keep one`,
    )
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) =>
        `${file}: ${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${describeIssue(issue, json)}`,
    )
    throw new JustIdError('invalid_settings', `the ${what} are not valid:\n${problems.join('\n')}`)
  }
  return parsed.data
}
