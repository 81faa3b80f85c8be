import { createHash } from 'node:crypto'
import { writableAuditAction } from '../audit-actions.ts'
import type { AuditEntry, AuditEntryInput, AuditVerification } from '../types.ts'

/** The predecessor of the first entry. */
export const GENESIS_HASH = '0'.repeat(64)

/** An entry with its sequence number, as hashed; its action is a string, so entries read back verify too. */
type Hashed = Omit<AuditEntryInput, 'action'> & { action: string; seq: number }

/** The entry as hashed: a fixed key order, the sequence number included (renumbering shows), the hash left out. */
export const canonicalAuditJson = (entry: Hashed): string =>
  JSON.stringify({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    justiceIds: entry.justiceIds,
    purpose: entry.purpose,
    outcome: entry.outcome,
  })

export const auditHash = (prevHash: string, entry: Hashed): string =>
  createHash('sha256')
    .update(prevHash + canonicalAuditJson(entry))
    .digest('hex')

/**
 * Chains new entries onto the last stored one (or the genesis when the log is empty). The store's one way in, so an
 * unlisted action is refused here whoever wrote it.
 */
export const chainAudit = (
  last: { seq: number; hash: string } | null,
  inputs: readonly AuditEntryInput[],
): AuditEntry[] => {
  let seq = last?.seq ?? 0
  let prevHash = last?.hash ?? GENESIS_HASH
  return inputs.map((input) => {
    seq += 1
    const entry = { ...input, action: writableAuditAction(input.action), seq, prevHash }
    const hash = auditHash(prevHash, entry)
    prevHash = hash
    return { ...entry, hash }
  })
}

/**
 * Checks entries fed in seq order, a chunk at a time, stopping at the first fault. Each signed checkpoint given
 * (audit-checkpoint.ts) must be on the chain: the entry at its seq must exist and have its hash.
 */
export const auditVerifier = (checkpoints: readonly { seq: number; hash: string }[] = []) => {
  const signed = new Map(checkpoints.map((c) => [c.seq, c.hash]))
  let expectedSeq = 1
  let prevHash = GENESIS_HASH
  let entries = 0
  let fault: { seq: number; reason: string } | null = null
  const check = (entry: AuditEntry): { seq: number; reason: string } | null => {
    if (entry.seq > expectedSeq) return { seq: expectedSeq, reason: 'missing entry' }
    if (entry.seq < expectedSeq) return { seq: entry.seq, reason: 'entry out of order or repeated' }
    if (entry.prevHash !== prevHash) return { seq: entry.seq, reason: 'chain broken: previous hash differs' }
    if (auditHash(prevHash, entry) !== entry.hash) return { seq: entry.seq, reason: 'hash mismatch' }
    const want = signed.get(entry.seq)
    if (want !== undefined && want !== entry.hash)
      return {
        seq: entry.seq,
        reason: 'the chain differs from a signed checkpoint: entries up to here were changed and re-hashed',
      }
    return null
  }
  return {
    add(chunk: readonly AuditEntry[]): boolean {
      for (const entry of chunk) {
        if (fault) return false
        fault = check(entry)
        if (fault) return false
        entries += 1
        expectedSeq += 1
        prevHash = entry.hash
      }
      return true
    },
    result(): AuditVerification {
      const beyond = Math.max(0, ...signed.keys())
      if (!fault && beyond > entries)
        fault = {
          seq: entries + 1,
          reason: `a signed checkpoint holds ${beyond} entries but the log ends at ${entries}: entries were removed`,
        }
      return { ok: fault === null, entries, firstBadSeq: fault?.seq ?? null, reason: fault?.reason ?? null }
    },
  }
}

/**
 * Verifies a whole chain. Without checkpoints it cannot see entries cut from the end, nor a log edited and
 * re-hashed from the edit on: signed checkpoints of the head see both.
 */
export const verifyChain = (
  entries: readonly AuditEntry[],
  checkpoints: readonly { seq: number; hash: string }[] = [],
): AuditVerification => {
  const verifier = auditVerifier(checkpoints)
  verifier.add(entries)
  return verifier.result()
}
