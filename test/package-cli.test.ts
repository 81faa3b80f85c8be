/**
 * `justid --help` lists every command without loading any of them (so it answers at once instead of loading DuckDB
 * and Fastify), and what it lists is what each command's own module defines.
 */

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, test } from 'node:test'
import { Command } from 'commander'
import { buildProgram, commands } from '../src/cli/main.ts'

const main = path.resolve(import.meta.dirname, '..', 'src', 'cli', 'main.ts')

// A module hook that refuses DuckDB and Fastify, so a run that loads either fails.
const refuseHeavy = `data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === '@duckdb/node-api' || specifier === 'fastify') throw new Error('loaded ' + specifier)
  return next(specifier, context)
}`)}`
const hooks = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(refuseHeavy)})`,
)}`

const runWithoutHeavyModules = (...argv: string[]) => {
  const script = `const { run } = await import(${JSON.stringify(main)}); process.exitCode = await run(${JSON.stringify(argv)})`
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', hooks, '--input-type=module', '-e', script],
    { encoding: 'utf8' },
  )
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('justid --help', () => {
  test('lists each command as its module defines it: name, arguments and description', async () => {
    for (const [name, entry] of Object.entries(commands)) {
      const full = new Command('justid')
      ;(await entry.load())(full)
      const real = full.commands.find((c) => c.name() === name)
      assert.ok(real, `src/cli/commands defines no command ${name}`)
      assert.equal(full.commands.length, 1, `the module of ${name} registers one command`)
      assert.equal(entry.description, real.description(), name)
      const args = real.registeredArguments.map((a) => {
        const term = `${a.name()}${a.variadic ? '...' : ''}`
        return a.required ? `<${term}>` : `[${term}]`
      })
      assert.equal(entry.arguments ?? '', args.join(' '), name)
    }
  })

  test('loads the command that runs in full, with its options', async () => {
    const program = await buildProgram(['link', '--help'])
    const link = program.commands.find((c) => c.name() === 'link')
    assert.ok(link?.options.some((o) => o.long === '--out'))
    const listed = (await buildProgram(['--help'])).commands.find((c) => c.name() === 'link')
    assert.equal(listed?.options.length, 0)
  })

  test('--help and --version answer without loading DuckDB or Fastify', () => {
    const help = runWithoutHeavyModules('--help')
    assert.equal(help.code, 0, help.stderr)
    for (const name of Object.keys(commands)) assert.match(help.stdout, new RegExp(`^ {2}${name}\\b`, 'm'))
    const version = runWithoutHeavyModules('--version')
    assert.equal(version.code, 0, version.stderr)
    assert.match(version.stdout, /^\d+\.\d+\.\d+/)
    // The hook does refuse them: a command that needs DuckDB fails under it.
    const link = runWithoutHeavyModules('link', '--help')
    assert.notEqual(link.code, 0)
    assert.match(link.stderr, /loaded @duckdb\/node-api/)
  })
})
