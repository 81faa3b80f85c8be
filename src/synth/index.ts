import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { formatIncidentDetail } from '../custody/incidents.ts'
import { type DrawnIncident, drawCustodyIncidents } from '../custody/process.ts'
import { EVENT_COLUMNS } from '../eligibility/events-csv.ts'
import { type CsvFile, csvLine, openCsvFile } from './csv.ts'
import { ageBand, ageOn, type Day, dayFromCivil, isoDay, parseIsoDay } from './dates.ts'
import { drawHistory, drawSourceCounts, type HistoryEvent } from './history.ts'
import { crn, prisonNumber } from './identifiers.ts'
import type { NameOrigin } from './names/origin.ts'
import { drawPerson, namesakeChildOf, namesakes, type Person, twinOf } from './person.ts'
import { createRandom, type Random } from './random.ts'
import { defaultErrorRates, type ErrorRates } from './rates.ts'
import {
  courtHeader,
  courtRow,
  prisonHeader,
  prisonRow,
  probationHeader,
  probationRow,
  type RowBody,
} from './records.ts'

export { defaultErrorRates, type ErrorRates } from './rates.ts'

export interface SynthOptions {
  people: number
  seed: number
  outDir: string
  rates?: Partial<ErrorRates>
  /** ISO date the histories end at; fixed by default so output is deterministic. */
  today?: string
  /**
   * Also write custody-events.csv (incidents in custody) and custody-truth.csv (true and recorded counts per
   * person-year) from the stated process of src/custody/process.ts; the other files are unchanged by it.
   */
  custody?: CustodyOptions
}

export interface CustodyOptions {
  /** The documented recording bias: incidents of this group recorded `factor` times as often as they happen. */
  recordingBias?: { group: NameOrigin; factor: number }
}

export type SourceName = 'court' | 'prison' | 'probation'

export interface SynthSummary {
  people: number
  records: Record<SourceName, number>
  files: string[]
  /** Pairs of records of the same person, over all sources. */
  truePairs: number
  seconds: number
}

/** A source row waiting in the shuffle window for its record id. */
interface PendingRow {
  body: RowBody
  /** person_id,name_origin,sex,age_band for truth.csv, made once per person. */
  truth: PendingTruth
  event: HistoryEvent
  /** Incidents recorded against this custody period's record (with --custody). */
  incidents?: readonly DrawnIncident[]
}

interface PendingTruth {
  personId: string
  attributes: readonly string[]
}

/**
 * Rows leave each source through a window of this many rows, in random order, so a person's records are not
 * adjacent in the file (real extracts are ordered by when records were made, not by person) while memory stays
 * bounded.
 */
const SHUFFLE_WINDOW = 4096

const eventDetail = (e: HistoryEvent): string => {
  switch (e.type) {
    case 'court_case':
      return `${e.offence}; ${e.outcome}`
    case 'custody':
      return e.establishment
    case 'probation_supervision':
      return e.duplicate ? `${e.outcome}; duplicate case record` : e.outcome
  }
}

interface Outputs {
  sources: Record<SourceName, CsvFile>
  truth: CsvFile
  events: CsvFile
  custodyEvents?: CsvFile
}

const recordIdFor = (source: SourceName, n: number): string => {
  switch (source) {
    case 'court':
      return `CD${String(10_000_000 + n)}`
    case 'prison':
      return `BK${String(1_000_000 + n)}`
    case 'probation':
      return crn(n)
  }
}

const createSink = (source: SourceName, out: Outputs, random: Random) => {
  const window: PendingRow[] = []
  let written = 0
  const emit = (row: PendingRow): void => {
    const id = recordIdFor(source, written++)
    const e = row.event
    out.sources[source].write(csvLine([id, ...row.body]))
    out.truth.write(csvLine([source, id, row.truth.personId, ...row.truth.attributes]))
    out.events.write(
      csvLine([
        row.truth.personId,
        e.type,
        isoDay(e.start),
        e.end === null ? '' : isoDay(e.end),
        source,
        id,
        eventDetail(e),
      ]),
    )
    for (const incident of row.incidents ?? []) {
      const day = isoDay(incident.day)
      out.custodyEvents?.write(
        csvLine([
          row.truth.personId,
          'custody_incident',
          day,
          day,
          source,
          id,
          formatIncidentDetail(incident.kind, incident.role),
        ]),
      )
    }
  }
  return {
    count: () => written,
    add(row: PendingRow): void {
      if (window.length < SHUFFLE_WINDOW) {
        window.push(row)
        return
      }
      const at = random.int(0, SHUFFLE_WINDOW - 1)
      const leaving = window[at]!
      window[at] = row
      emit(leaving)
    },
    drain(): void {
      while (window.length > 0) {
        const at = random.int(0, window.length - 1)
        const leaving = window[at]!
        window[at] = window[window.length - 1]!
        window.pop()
        emit(leaving)
      }
    },
  }
}

/** People in groups: mostly one, sometimes a pair that is hard to tell apart (twins, namesakes). */
function* population(random: Random, people: number, today: Day, rates: ErrorRates): Generator<Person> {
  let i = 0
  while (i < people) {
    const r = random.next()
    const room = i + 1 < people
    if (room && r < rates.twins) {
      const first = drawPerson(random, i, today, rates)
      yield first
      yield twinOf(random, first, i + 1, today, rates)
      i += 2
    } else if (room && r < rates.twins + rates.parentChildSameName) {
      const parent = drawPerson(random, i, today, rates)
      const child = namesakeChildOf(random, parent, i + 1, today, rates)
      yield parent
      i++
      if (child) {
        yield child
        i++
      }
    } else if (room && r < rates.twins + rates.parentChildSameName + rates.commonNamesakes) {
      yield* namesakes(random, i, today, rates)
      i += 2
    } else {
      yield drawPerson(random, i, today, rates)
      i++
    }
  }
}

/**
 * Writes court.csv, prison.csv, probation.csv, truth.csv and events.csv for a synthetic population into outDir.
 * The same options always give byte-identical files.
 */
export async function writeSyntheticData(
  opts: SynthOptions,
  onProgress?: (peopleDone: number) => void,
): Promise<SynthSummary> {
  const started = performance.now()
  const rates: ErrorRates = { ...defaultErrorRates, ...opts.rates }
  const todayIso = opts.today ?? '2026-11-01'
  const today = parseIsoDay(todayIso)
  if (today === null) throw new RangeError(`today must be an ISO date yyyy-mm-dd (got "${todayIso}")`)
  if (!Number.isInteger(opts.people) || opts.people < 1)
    throw new RangeError('people must be a whole number of at least 1')
  await mkdir(opts.outDir, { recursive: true })
  const file = (name: string): string => path.join(opts.outDir, name)
  const out: Outputs = {
    sources: {
      court: openCsvFile(file('court.csv'), courtHeader),
      prison: openCsvFile(file('prison.csv'), prisonHeader),
      probation: openCsvFile(file('probation.csv'), probationHeader),
    },
    truth: openCsvFile(file('truth.csv'), [
      'source',
      'record_id',
      'person_id',
      'name_origin',
      'sex',
      'age_band',
    ]),
    // The layout `justid events load` reads, with the generator's truth about who is who in front.
    events: openCsvFile(file('events.csv'), ['person_id', ...EVENT_COLUMNS]),
  }
  const custodyTruth = opts.custody
    ? openCsvFile(file('custody-truth.csv'), [
        'person_id',
        'name_origin',
        'year_start',
        'custody_days',
        'expected_incidents',
        'true_incidents',
        'recorded_incidents',
      ])
    : null
  if (opts.custody)
    out.custodyEvents = openCsvFile(file('custody-events.csv'), ['person_id', ...EVENT_COLUMNS])
  const files = [...Object.values(out.sources), out.truth, out.events]
  if (out.custodyEvents && custodyTruth) files.push(out.custodyEvents, custodyTruth)
  // Its own stream, so that drawing incidents never changes the people, records or order of the other files.
  const custodyRandom = createRandom(opts.seed ^ 0x2c1b3c6d)
  const bias = opts.custody?.recordingBias
  const random = createRandom(opts.seed)
  // A separate stream for row order, so changing the shuffle never changes the people drawn.
  const order = createRandom(opts.seed ^ 0x5bd1e995)
  const sinks = {
    court: createSink('court', out, order),
    prison: createSink('prison', out, order),
    probation: createSink('probation', out, order),
  }
  let prisonNumbers = 0
  let done = 0
  let truePairs = 0
  for (const person of population(random, opts.people, today, rates)) {
    const counts = drawSourceCounts(random, rates)
    const events = drawHistory(random, person, counts, today)
    truePairs += (events.length * (events.length - 1)) / 2
    let number = prisonNumber(prisonNumbers++)
    let firstBooking = true
    const truth = {
      personId: person.id,
      attributes: [person.origin, person.sex, ageBand(ageOn(person.dob, today))],
    }
    const incidents = new Map<HistoryEvent, DrawnIncident[]>()
    if (custodyTruth) {
      const periods = events.filter((e) => e.type === 'custody')
      const drawn = drawCustodyIncidents(
        custodyRandom.next,
        dayFromCivil(person.dob.year, person.dob.month, person.dob.day),
        periods,
        today,
        bias && bias.group === person.origin ? bias.factor : 1,
      )
      for (const incident of drawn.recorded) {
        const period = periods[incident.period]!
        incidents.set(period, [...(incidents.get(period) ?? []), incident])
      }
      for (const y of drawn.years)
        custodyTruth.write(
          csvLine([
            person.id,
            person.origin,
            isoDay(y.start),
            String(y.custodyDays),
            y.expected.toFixed(4),
            String(y.trueIncidents),
            String(y.recordedIncidents),
          ]),
        )
    }
    for (const event of events) {
      if (event.type === 'court_case')
        sinks.court.add({ body: courtRow(random, person, event, rates), truth, event })
      else if (event.type === 'custody') {
        if (!firstBooking && random.chance(rates.newPrisonNumber)) number = prisonNumber(prisonNumbers++)
        firstBooking = false
        sinks.prison.add({
          body: prisonRow(random, person, event, number, rates),
          truth,
          event,
          incidents: incidents.get(event),
        })
      } else sinks.probation.add({ body: probationRow(random, person, event, rates), truth, event })
    }
    done++
    for (const f of files) await f.flushIfFull()
    if (onProgress && done % 1000 === 0) onProgress(done)
  }
  for (const sink of Object.values(sinks)) sink.drain()
  for (const f of files) await f.close()
  onProgress?.(done)
  return {
    people: done,
    records: { court: sinks.court.count(), prison: sinks.prison.count(), probation: sinks.probation.count() },
    files: files.map((f) => f.path),
    truePairs,
    seconds: (performance.now() - started) / 1000,
  }
}
