import { isAscii } from 'node:buffer'
import { open } from 'node:fs/promises'

/**
 * How a CSV file's bytes are read. UTF-8 unless the file shows it is not: Windows-1252 (the "ANSI" of Excel and of
 * older Western European systems, and a superset of ISO 8859-1) maps every byte to one character, so reading a file
 * written so loses nothing, where reading it as UTF-8 would refuse it or replace its accented letters.
 */
export type FileEncoding = 'utf-8' | 'windows-1252'

/** Bytes read at a time while looking for the first that is not ASCII. */
const CHUNK = 1 << 20

/**
 * Counts, among the bytes above ASCII, the well-formed UTF-8 sequences and the bytes that cannot start or continue
 * one. A Windows-1252 text's accented letter stands alone between ASCII bytes and is never well-formed UTF-8; a
 * UTF-8 text's letters always are.
 */
export const utf8Evidence = (bytes: Uint8Array): { sequences: number; invalid: number } => {
  let sequences = 0
  let invalid = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b < 0x80) continue
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1
    // A letter cut off by the end of what was read is neither.
    if (need > 0 && i + need >= bytes.length) break
    let ok = need > 0
    for (let k = 1; ok && k <= need; k++) ok = (bytes[i + k]! & 0xc0) === 0x80
    if (ok) {
      sequences++
      i += need
    } else invalid++
  }
  return { sequences, invalid }
}

/**
 * The encoding a file's own bytes show, from the first stretch of it that holds anything but ASCII: Windows-1252
 * where that stretch holds bytes UTF-8 cannot read and no well-formed UTF-8 letter; else UTF-8, so that a UTF-8
 * file with one damaged byte is still refused where the damage is (never read as another encoding around it).
 */
export const detectEncoding = async (file: string): Promise<FileEncoding> => {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(CHUNK)
    for (let position = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position)
      if (bytesRead === 0) return 'utf-8'
      const bytes = buffer.subarray(0, bytesRead)
      if (!isAscii(bytes)) {
        const { sequences, invalid } = utf8Evidence(bytes)
        return invalid > 0 && sequences === 0 ? 'windows-1252' : 'utf-8'
      }
      position += bytesRead
    }
  } finally {
    await handle.close()
  }
}

/** Decodes text of a single-byte encoding; one decoder serves every chunk, since no character spans two. */
export const windows1252 = new TextDecoder('windows-1252')
