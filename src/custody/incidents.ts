import { z } from 'zod'

/**
 * A violent incident in custody as the events file carries it: a `custody_incident` event on the day it happened,
 * its detail `<kind>:<role>`, keyed by the prison record of the custody period it happened in. The events store
 * keeps one event per record, type and day, so two incidents of one record on one day count once.
 */
export const INCIDENT_KINDS = ['assault_on_staff', 'assault_on_prisoner', 'fight', 'threat'] as const
export const INCIDENT_ROLES = ['perpetrator', 'victim', 'unclear'] as const

export type IncidentKind = (typeof INCIDENT_KINDS)[number]
export type IncidentRole = (typeof INCIDENT_ROLES)[number]

/** The rule in words, for errors that name the field and never its value. */
export const INCIDENT_DETAIL_RULE = `must be <kind>:<role>, kind one of ${INCIDENT_KINDS.join(', ')}, role one of ${INCIDENT_ROLES.join(', ')}`

export const incidentDetail = z
  .string()
  .regex(new RegExp(`^(${INCIDENT_KINDS.join('|')}):(${INCIDENT_ROLES.join('|')})$`), INCIDENT_DETAIL_RULE)

export const formatIncidentDetail = (kind: IncidentKind, role: IncidentRole): string => `${kind}:${role}`

export const parseIncidentDetail = (detail: string): { kind: IncidentKind; role: IncidentRole } | null => {
  if (!incidentDetail.safeParse(detail).success) return null
  const [kind, role] = detail.split(':') as [IncidentKind, IncidentRole]
  return { kind, role }
}
