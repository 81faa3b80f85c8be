#!/usr/bin/env node
// The CLI compiled to dist/ by `npm run build` (which `npm ci` and `npm install` run through the prepare script).
import { existsSync } from 'node:fs'

const main = new URL('../dist/cli/main.js', import.meta.url)
if (!existsSync(main)) {
  process.stderr.write('justid: the compiled CLI (dist/) is missing: run `npm run build` in the justid folder\n')
  process.exit(1)
}
const { run } = await import(main.href)
process.exitCode = await run(process.argv.slice(2))
