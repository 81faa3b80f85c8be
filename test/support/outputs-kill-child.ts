import { copyFile } from 'node:fs/promises'
import path from 'node:path'
import { openStaging } from '../../src/core/staging.ts'

/**
 * Test helper for test/outputs-kill.test.ts: stages the outputs of the finished link run in argv[3] for the folder
 * argv[2], as a link run does, and kills itself with SIGKILL after argv[4] of them have been moved into place. The
 * outputs' names follow (the parent's LINK_OUTPUTS): importing them from run-link.ts would load the whole engine.
 */
const [out, from, after, ...outputs] = process.argv.slice(2)
if (!out || !from || after === undefined || outputs.length === 0)
  throw new Error('usage: outputs-kill-child.ts <out> <from> <moves> <output>...')
const staging = await openStaging(out)
for (const name of outputs) await copyFile(path.join(from, name), staging.file(name))
let moved = 0
await staging.commit(outputs, () => {
  if (++moved === Number(after)) process.kill(process.pid, 'SIGKILL')
})
process.stdout.write('finished\n')
