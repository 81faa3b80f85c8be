import { openIndexStore } from '../open-store.ts'
import { linkBatch } from './synthetic-batch.ts'

/**
 * Test helper for kill.test.ts: applies one large synthetic batch to the index at argv[2], announcing "writing"
 * just before the transaction starts so the parent can kill the process in the middle of it.
 */
const [location, count] = process.argv.slice(2)
if (!location || !count) throw new Error('usage: kill-child.ts <index location> <record count>')
const store = await openIndexStore(location, { create: false })
const batch = linkBatch('large', 'k', Number(count))
process.stdout.write('writing\n')
await store.applyBatch(batch)
process.stdout.write('done\n')
await store.close()
