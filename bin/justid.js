#!/usr/bin/env node
// The CLI is written in TypeScript and run through tsx's loader, so there is no separate build step to forget.
import { register } from 'tsx/esm/api'

register()
const { run } = await import('../src/cli/main.ts')
process.exitCode = await run(process.argv.slice(2))
