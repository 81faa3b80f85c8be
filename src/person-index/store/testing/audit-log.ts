import type { AuditEntry, AuditLogStore } from '../../types.ts'

/** The whole audit log, in order: for tests that look for the entries a request wrote. */
export const readAuditLog = async (store: Pick<AuditLogStore, 'auditEntries'>): Promise<AuditEntry[]> => {
  const all: AuditEntry[] = []
  for await (const chunk of store.auditEntries()) all.push(...chunk)
  return all
}
