import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { JustIdError } from '../core/errors.ts'
import { readJusticeEvents } from '../eligibility/events-csv.ts'
import type { JusticeEvent } from '../person-index/types.ts'
import { parseIncidentDetail } from './incidents.ts'

describe('custody incidents in an events file', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'justid-incidents-'))
  after(() => rm(dir, { recursive: true, force: true }))
  const HEADER = 'person_id,event_type,start_date,end_date,source,record_id,detail\n'
  const file = async (name: string, body: string): Promise<string> => {
    const p = path.join(dir, name)
    await writeFile(p, HEADER + body)
    return p
  }
  const readAll = async (p: string): Promise<JusticeEvent[]> => {
    const all: JusticeEvent[] = []
    for await (const batch of readJusticeEvents(p)) all.push(...batch)
    return all
  }

  test('an incident is read with its kind and role in the detail', async () => {
    const events = await readAll(
      await file('ok.csv', 'P1,custody_incident,2024-02-03,,prison,A1,fight:victim\n'),
    )
    assert.equal(events[0]!.eventType, 'custody_incident')
    assert.deepEqual(parseIncidentDetail(events[0]!.detail), { kind: 'fight', role: 'victim' })
  })

  test('a bad kind, role or end date is refused naming file, line and field, never the value', async () => {
    for (const [name, row, field] of [
      ['kind.csv', 'P1,custody_incident,2024-02-03,,prison,A1,stabbing:victim\n', 'detail'],
      ['role.csv', 'P1,custody_incident,2024-02-03,,prison,A1,fight:bystander\n', 'detail'],
      ['end.csv', 'P1,custody_incident,2024-02-03,2024-02-05,prison,A1,fight:victim\n', 'end_date'],
    ] as const) {
      await assert.rejects(readAll(await file(name, row)), (e: unknown) => {
        assert.ok(e instanceof JustIdError)
        assert.match(e.message, new RegExp(`${name.replace('.', '\\.')} line 2: field ${field} must`))
        for (const value of ['stabbing', 'bystander', '2024-02-05']) assert.ok(!e.message.includes(value))
        return true
      })
    }
  })
})
