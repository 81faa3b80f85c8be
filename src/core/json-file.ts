import { readFile } from 'node:fs/promises'
import type { z } from 'zod'
import { JustIdError } from './errors.ts'

/**
 * Reads and validates a JSON file given by a user. Every failure names the file and, for schema failures, the path
 * of each bad field, so the user can fix it without reading code.
 */
export const readJsonFile = async <T>(file: string, schema: z.ZodType<T>, what: string): Promise<T> => {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    throw new JustIdError('invalid_settings', `cannot read the ${what} file ${file}: check the path`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new JustIdError(
      'invalid_settings',
      `${file} is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
    )
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const keys = i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : ''
      return `${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}${keys}`
    })
    throw new JustIdError('invalid_settings', `${file}: the ${what} are not valid: ${problems.join('; ')}`)
  }
  return parsed.data
}
