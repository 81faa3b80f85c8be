// `npm run justid -- ARGS`: the CLI from the TypeScript sources, without a build (development).
import { run } from '../src/cli/main.ts'

process.exitCode = await run(process.argv.slice(2))
