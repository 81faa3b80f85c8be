import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, test } from 'node:test'
import { type FlagReason, type ProposedMerge, REFUSAL_RULES, refusingRule } from './refusal-rules.ts'

/** A merge on which only the named facts hold. */
const mergeWhere = (...facts: (keyof ProposedMerge)[]): ProposedMerge => {
  const merge = {} as Record<keyof ProposedMerge, () => boolean>
  for (const rule of [
    'decidedSame',
    'strong',
    'identifiersConflict',
    'identifiersShared',
    'decidedApart',
    'keptApartByGuard',
    'keptApartAsRelatives',
    'generationsApartThroughUndated',
    'confirmDifferentBirthDates',
    'confirmDifferentForenames',
    'contradicted',
    'confirmDifferentSurnames',
  ] as const)
    merge[rule] = () => facts.includes(rule)
  return merge
}

const decide = (...facts: (keyof ProposedMerge)[]) => {
  const flags: FlagReason[] = []
  const rule = refusingRule(mergeWhere(...facts), (r) => flags.push(r))
  return { refusedBy: rule?.name ?? null, flags }
}

describe('refusal rules', () => {
  test('every refusing rule gives a reason to flag, and no joining rule does', () => {
    for (const rule of REFUSAL_RULES)
      assert.equal(rule.verdict === 'refuse', rule.reason !== undefined, rule.name)
    assert.equal(new Set(REFUSAL_RULES.map((r) => r.name)).size, REFUSAL_RULES.length)
  })

  test('a merge no rule speaks against goes ahead, unflagged', () => {
    assert.deepEqual(decide(), { refusedBy: null, flags: [] })
  })

  test("a reviewer's not-the-same-person outweighs their same-person and a shared identifier", () => {
    assert.deepEqual(decide('decidedApart', 'decidedSame', 'identifiersShared'), {
      refusedBy: 'decided apart',
      flags: ['decided_apart'],
    })
  })

  test("a reviewer's same-person joins over an identifier conflict, and the person is still flagged", () => {
    assert.deepEqual(decide('identifiersConflict', 'decidedSame'), {
      refusedBy: null,
      flags: ['conflicting_identifier'],
    })
    assert.deepEqual(decide('identifiersConflict', 'identifiersShared'), {
      refusedBy: 'different identifiers',
      flags: ['conflicting_identifier'],
    })
  })

  test('a shared identifier outweighs the likely-relatives guard and different birth dates', () => {
    assert.equal(
      decide('identifiersShared', 'keptApartAsRelatives', 'confirmDifferentBirthDates').refusedBy,
      null,
    )
    assert.equal(decide('keptApartAsRelatives').refusedBy, 'likely relatives')
  })

  test('a strong pair joins over different forenames or surnames and a contradiction; a weak one does not', () => {
    for (const [fact, reason] of [
      ['confirmDifferentForenames', 'conflicting_forename'],
      ['contradicted', 'contradicted_link'],
      ['confirmDifferentSurnames', 'conflicting_surname'],
    ] as const) {
      assert.deepEqual(decide(fact, 'strong'), { refusedBy: null, flags: [] }, fact)
      assert.deepEqual(decide(fact).flags, [reason], fact)
    }
  })

  test('a strong pair does not join birth dates a generation apart or two confirmed birth dates', () => {
    assert.deepEqual(decide('generationsApartThroughUndated', 'strong').flags, ['conflicting_birth_date'])
    assert.deepEqual(decide('confirmDifferentBirthDates', 'strong').flags, ['conflicting_birth_date'])
  })
})

test('docs/linkage.md lists the refusal rules as the table has them, in order', () => {
  const rows = REFUSAL_RULES.map(
    (r, i) =>
      `| ${i + 1} | ${r.name} | ${r.description} | ${r.verdict} | ${r.reason ? `\`${r.reason}\`` : ''} |`,
  )
  const docs = readFileSync(path.join(import.meta.dirname, '../../docs/linkage.md'), 'utf8')
  const table = `| # | rule | when | verdict | flag |\n|---|---|---|---|---|\n${rows.join('\n')}\n\n`
  assert.ok(docs.includes(table), `docs/linkage.md should hold, under Clustering:\n${table}`)
})
