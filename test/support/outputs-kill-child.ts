import { copyFile } from 'node:fs/promises'
import path from 'node:path'
import { openStaging } from '../../src/core/staging.ts'
import { LINK_OUTPUTS } from '../../src/link/run-link.ts'

/**
 * Test helper for test/outputs-kill.test.ts: stages the outputs of the finished link run in argv[3] for the folder
 * argv[2], as a link run does, and kills itself with SIGKILL after argv[4] of them have been moved into place.
 */
const [out, from, after] = process.argv.slice(2)
if (!out || !from || after === undefined) throw new Error('usage: outputs-kill-child.ts <out> <from> <moves>')
const staging = await openStaging(out)
for (const name of LINK_OUTPUTS) await copyFile(path.join(from, name), staging.file(name))
let moved = 0
await staging.commit(LINK_OUTPUTS, () => {
  if (++moved === Number(after)) process.kill(process.pid, 'SIGKILL')
})
process.stdout.write('finished\n')
