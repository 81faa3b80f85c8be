import type { Command } from 'commander'
import { readJusticeEvents } from '../../eligibility/events-csv.ts'
import { withIndexStore } from '../index-store.ts'
import { INDEX_OPTION } from '../options.ts'

export const registerEvents = (program: Command): void => {
  const events = program
    .command('events')
    .description('Justice events of source records, for eligibility checks and the custody estimate.')
  events
    .command('load')
    .description(
      'Load events (person_id,event_type,start_date,end_date,source,record_id,detail) keyed by source and ' +
        'record id; person_id is ignored. Reloading replaces events with the same record, type and start date. ' +
        'A custody_incident (docs/custody-estimate.md) has the detail <kind>:<role>.',
    )
    .requiredOption(...INDEX_OPTION)
    .argument('<events.csv>', 'the events file')
    .action(async (file: string, opts: { index: string }) => {
      const { loaded, location } = await withIndexStore(opts.index, async (store) => {
        let count = 0
        for await (const batch of readJusticeEvents(file)) {
          await store.addJusticeEvents(batch)
          count += batch.length
        }
        return { loaded: count, location: store.location }
      })
      process.stdout.write(`loaded ${loaded.toLocaleString('en-GB')} events into ${location}\n`)
    })
}
