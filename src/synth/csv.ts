import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import { rename } from 'node:fs/promises'
import { stringify } from 'csv-stringify/sync'

/** A CSV line, each field quoted as RFC 4180 requires when it holds a comma, quote or line break. */
export const csvLine = (values: readonly string[]): string => stringify([values])

const FLUSH_AT = 1 << 20

/**
 * A CSV file written in batches of about 1 MB to `<name>.tmp` and renamed on close, so a killed run never leaves a
 * file that looks complete.
 */
export interface CsvFile {
  path: string
  /** Buffers a line; call flushIfFull at a convenient point so writing waits for the disk when it must. */
  write(line: string): void
  flushIfFull(): Promise<void>
  close(): Promise<void>
}

export const openCsvFile = (path: string, header: readonly string[]): CsvFile => {
  const tmp = `${path}.tmp`
  const stream: WriteStream = createWriteStream(tmp, { encoding: 'utf8' })
  let pending: string[] = [csvLine(header)]
  let size = 0
  const flush = async (): Promise<void> => {
    const chunk = pending.join('')
    pending = []
    size = 0
    if (!stream.write(chunk)) await once(stream, 'drain')
  }
  return {
    path,
    write(line) {
      pending.push(line)
      size += line.length
    },
    async flushIfFull() {
      if (size >= FLUSH_AT) await flush()
    },
    async close() {
      await flush()
      await new Promise<void>((resolve, reject) =>
        stream.end((e?: Error | null) => (e ? reject(e) : resolve())),
      )
      await rename(tmp, path)
    },
  }
}
