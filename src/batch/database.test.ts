import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { isJustIdError } from '../core/errors.ts'
import { openDatabase } from './database.ts'

test('a query spilling past the temporary-file limit is stopped with the message given, and the peak is kept', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'justid-spill-'))
  // DuckDB is told the limit too, but writes an in-memory table past it: the watchdog is what stops the query.
  const db = await openDatabase({
    tempDirectory: path.join(dir, 'spill'),
    memoryLimit: '40MB',
    threads: 1,
    maxTempBytes: 20 * 1024 ** 2,
    tempExceededMessage: 'over the limit (--max-temp-size)',
  })
  try {
    await assert.rejects(
      async () => {
        for (let i = 0; i < 40; i++)
          await db.run(
            `CREATE TABLE t${i} AS SELECT range AS a, md5(range::VARCHAR) AS b FROM range(1000000)`,
          )
      },
      (e: unknown) =>
        isJustIdError(e) &&
        e.code === 'resources_exceeded' &&
        e.message === 'over the limit (--max-temp-size)',
    )
    assert.ok(db.peakTempBytes() > 20 * 1024 ** 2, `peak ${db.peakTempBytes()}`)
    // Every later query fails the same way: the run cannot carry on as if nothing happened.
    await assert.rejects(db.scalar('SELECT 1'), /over the limit/)
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('without a limit, the same work runs, and the memory in use counts what DuckDB spilled', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'justid-spill-'))
  const db = await openDatabase({ tempDirectory: path.join(dir, 'spill'), memoryLimit: '40MB', threads: 1 })
  try {
    for (let i = 0; i < 3; i++)
      await db.run(`CREATE TABLE t${i} AS SELECT range AS a, md5(range::VARCHAR) AS b FROM range(1000000)`)
    assert.ok((await db.memoryInUse()) > 40 * 1024 ** 2)
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('columnChunks reads what chunks reads, column by column, NULLs included', async () => {
  const db = await openDatabase()
  try {
    const sql = `SELECT range::INTEGER AS i, range / 4 AS d, CASE WHEN range % 3 = 0 THEN NULL ELSE range::VARCHAR END AS s
      FROM range(5000) ORDER BY range`
    const byRow: unknown[][] = []
    for await (const rows of db.chunks(sql)) byRow.push(...rows)
    const byColumn: unknown[][] = []
    for await (const { rows, columns } of db.columnChunks(sql))
      for (let r = 0; r < rows; r++) byColumn.push(columns.map((c) => c.getItem(r)))
    assert.equal(byColumn.length, 5000)
    assert.deepEqual(byColumn, byRow)
  } finally {
    db.close()
  }
})
