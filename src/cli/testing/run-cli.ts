import { run } from '../main.ts'

/**
 * Runs the CLI in this process, capturing the text it writes. The test runner's own output (binary chunks) still
 * goes through, so results are not swallowed.
 */
export const runCli = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  const captured = { out: '', err: '' }
  const original = { out: process.stdout.write, err: process.stderr.write }
  const capture = (stream: NodeJS.WriteStream, key: 'out' | 'err') => {
    const write = stream.write.bind(stream)
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'string') return (write as (...a: unknown[]) => boolean)(chunk, ...rest)
      captured[key] += chunk
      return true
    }) as typeof stream.write
  }
  capture(process.stdout, 'out')
  capture(process.stderr, 'err')
  try {
    return { code: await run(argv), ...captured }
  } finally {
    process.stdout.write = original.out
    process.stderr.write = original.err
  }
}
