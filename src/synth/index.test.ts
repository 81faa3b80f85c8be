import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { croCheckCharacter, pncCheckCharacter } from '../core/check-characters.ts'
import { type SynthOptions, writeSyntheticData } from './index.ts'

const read = async (dir: string, name: string): Promise<Record<string, string>[]> =>
  parse(await readFile(path.join(dir, name), 'utf8'), { columns: true }) as Record<string, string>[]

const validPnc = (v: string): boolean => {
  const m = /^(\d{4})\/(\d{7})([A-Z])$/.exec(v)
  return m !== null && pncCheckCharacter(Number(m[1]), Number(m[2])) === m[3]
}
const validCro = (v: string): boolean => {
  const m = /^(\d{6})\/(\d{2})([A-Z])$/.exec(v)
  return m !== null && croCheckCharacter(Number(m[2]), Number(m[1])) === m[3]
}

const sources = [
  ['court', 'court.csv', 'case_defendant_id'],
  ['prison', 'prison.csv', 'booking_id'],
  ['probation', 'probation.csv', 'crn'],
] as const

let root: string
const run = async (name: string, opts: Omit<SynthOptions, 'outDir'>): Promise<string> => {
  const outDir = path.join(root, name)
  await writeSyntheticData({ ...opts, outDir })
  return outDir
}

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'justid-synth-test-'))
})
after(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('writeSyntheticData', () => {
  test('the same seed gives byte-identical files and another seed different ones', async () => {
    const a = await run('a', { people: 300, seed: 7 })
    const b = await run('b', { people: 300, seed: 7 })
    const c = await run('c', { people: 300, seed: 8 })
    for (const name of ['court.csv', 'prison.csv', 'probation.csv', 'truth.csv', 'events.csv']) {
      const bytes = await readFile(path.join(a, name))
      assert.ok(bytes.equals(await readFile(path.join(b, name))), `${name} differs for the same seed`)
      assert.ok(!bytes.equals(await readFile(path.join(c, name))), `${name} is the same for another seed`)
    }
  })

  test('writes every file with its header, leaves no .tmp file, and creates the folder', async () => {
    const dir = await run('nested/deeper', { people: 50, seed: 1 })
    assert.deepEqual((await readdir(dir)).sort(), [
      'court.csv',
      'events.csv',
      'prison.csv',
      'probation.csv',
      'truth.csv',
    ])
    const header = async (name: string): Promise<string> =>
      (await readFile(path.join(dir, name), 'utf8')).split('\n')[0]!
    assert.equal(
      await header('court.csv'),
      'case_defendant_id,defendant_name,date_of_birth,sex,address_line_1,address_line_2,town,postcode,pnc,hearing_date,offence,outcome',
    )
    assert.equal(
      await header('prison.csv'),
      'booking_id,prison_number,first_name,middle_names,last_name,date_of_birth,gender,pnc,cro,reception_date,release_date,establishment,aliases',
    )
    assert.equal(
      await header('probation.csv'),
      'crn,forename,middle_name,surname,dob,sex,postcode,pnc,cro,nino,supervision_start,supervision_end,aliases',
    )
    assert.equal(await header('truth.csv'), 'source,record_id,person_id,name_origin,sex,age_band')
    assert.equal(
      await header('events.csv'),
      'person_id,event_type,start_date,end_date,source,record_id,detail',
    )
  })

  describe('on 5,000 people', () => {
    let dir: string
    let truth: Record<string, string>[]
    const rows: Record<string, Record<string, string>[]> = {}
    before(async () => {
      dir = await run('large', { people: 5000, seed: 3 })
      truth = await read(dir, 'truth.csv')
      for (const [source, file] of sources) rows[source] = await read(dir, file)
    })

    test('every record appears exactly once in truth.csv, and record ids are unique per file', () => {
      const truthKeys = new Map<string, number>()
      for (const t of truth)
        truthKeys.set(`${t.source}|${t.record_id}`, (truthKeys.get(`${t.source}|${t.record_id}`) ?? 0) + 1)
      let total = 0
      for (const [source, , idColumn] of sources) {
        const ids = rows[source]!.map((r) => r[idColumn]!)
        assert.equal(new Set(ids).size, ids.length, `${source} record ids are not unique`)
        for (const id of ids)
          assert.equal(truthKeys.get(`${source}|${id}`), 1, `${source} ${id} not once in truth`)
        total += ids.length
      }
      assert.equal(truth.length, total)
      assert.equal(new Set(truth.map((t) => t.person_id)).size, 5000)
    })

    test('every record reflects one event of its person in events.csv', async () => {
      const events = await read(dir, 'events.csv')
      assert.equal(events.length, truth.length)
      const personOf = new Map(truth.map((t) => [`${t.source}|${t.record_id}`, t.person_id]))
      for (const e of events) {
        assert.equal(personOf.get(`${e.source}|${e.record_id}`), e.person_id)
        assert.match(e.start_date!, /^\d{4}-\d{2}-\d{2}$/)
        assert.ok(e.end_date === '' || e.end_date! >= e.start_date!, 'an event ends before it starts')
        assert.ok(e.start_date! <= '2026-11-01', 'an event starts after today')
      }
      const custody = events.filter((e) => e.event_type === 'custody')
      const inCustody = custody.filter((e) => e.end_date === '').length
      assert.ok(inCustody > 0 && inCustody < custody.length, 'some but not all people are in custody now')
    })

    test('about the intended shares of people are in two or more sources, and records per person', () => {
      const sourcesOf = new Map<string, Set<string>>()
      for (const t of truth) {
        const s = sourcesOf.get(t.person_id!) ?? new Set()
        s.add(t.source!)
        sourcesOf.set(t.person_id!, s)
      }
      const multi = [...sourcesOf.values()].filter((s) => s.size >= 2).length / sourcesOf.size
      // With the default rates (court 0.80, prison 0.45, probation 0.55, anyone in none put in court): 0.65.
      assert.ok(Math.abs(multi - 0.65) < 0.03, `share in 2+ sources ${multi}`)
      const perPerson = truth.length / 5000
      assert.ok(perPerson >= 1.7 && perPerson <= 2.05, `records per person ${perPerson}`)
      const inPrison = [...sourcesOf.values()].filter((s) => s.has('prison')).length / sourcesOf.size
      assert.ok(Math.abs(inPrison - 0.45) < 0.03, `share in prison ${inPrison}`)
    })

    test('PNC and CRO numbers pass their check character, except about the deliberate error rate', () => {
      const values = [
        ...rows.court!.map((r) => ['pnc', r.pnc!] as const),
        ...rows.prison!.flatMap((r) => [['pnc', r.pnc!] as const, ['cro', r.cro!] as const]),
        ...rows.probation!.flatMap((r) => [['pnc', r.pnc!] as const, ['cro', r.cro!] as const]),
      ].filter(([, v]) => v !== '')
      const bad = values.filter(([kind, v]) => !(kind === 'pnc' ? validPnc(v) : validCro(v))).length
      // identifierTypo 0.01 + identifierJunk 0.01
      assert.ok(
        bad / values.length > 0.01 && bad / values.length < 0.035,
        `bad identifiers ${bad / values.length}`,
      )
    })

    test('name origins follow the population mix', () => {
      const originOf = new Map(truth.map((t) => [t.person_id, t.name_origin]))
      const british = [...originOf.values()].filter((o) => o === 'british').length / originOf.size
      assert.ok(Math.abs(british - 0.6) < 0.03, `british share ${british}`)
      const origins = new Set(originOf.values())
      assert.equal(origins.size, 9)
    })

    test('court names are "SURNAME, Forenames" and dates are in each source format', () => {
      for (const r of rows.court!) {
        assert.match(r.defendant_name!, /^[^,a-z]+, \S/)
        assert.match(r.hearing_date!, /^\d{2}\/\d{2}\/\d{4}$/)
      }
      for (const r of rows.prison!) assert.match(r.reception_date!, /^\d{4}-\d{2}-\d{2}$/)
      for (const r of rows.prison!) assert.match(r.prison_number!, /^[A-Z]\d{4}[A-Z]{2}$/)
      const dobFormats = new Set(
        rows.probation!.map((r) => (r.dob!.includes('-') ? 'iso' : r.dob!.length < 10 ? 'short' : 'uk')),
      )
      assert.ok(dobFormats.has('iso') && dobFormats.has('short') && dobFormats.has('uk'))
    })
  })

  test('with identifier error rates at zero, every PNC and CRO is valid', async () => {
    const dir = await run('clean', { people: 1000, seed: 5, rates: { identifierTypo: 0, identifierJunk: 0 } })
    const prison = await read(dir, 'prison.csv')
    const probation = await read(dir, 'probation.csv')
    for (const r of [...prison, ...probation]) {
      if (r.pnc) assert.ok(validPnc(r.pnc), r.pnc)
      if (r.cro) assert.ok(validCro(r.cro), r.cro)
    }
  })
})
