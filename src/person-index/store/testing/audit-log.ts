import type { AuditEntry, AuditEntryInput, AuditLogStore } from '../../types.ts'

/** A synthetic entry of a match, told apart by its purpose: for tests that need entries to write. */
export const matchEntry = (i: number): AuditEntryInput => ({
  at: '2026-01-01T00:00:00.000Z',
  actor: 'c1',
  action: 'match',
  justiceIds: [],
  purpose: `purpose ${i}`,
  outcome: '200',
})

/** The whole audit log, in order: for tests that look for the entries a request wrote. */
export const readAuditLog = async (store: Pick<AuditLogStore, 'auditEntries'>): Promise<AuditEntry[]> => {
  const all: AuditEntry[] = []
  for await (const chunk of store.auditEntries()) all.push(...chunk)
  return all
}
