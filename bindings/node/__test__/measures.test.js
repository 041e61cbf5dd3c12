'use strict'
// The standard measures from Node: for every query of tests/conformance/measures.json, the
// same numbers as Rust, Python and the command line (the file's), compared exactly; the
// options checked by the core; and the TypeScript types hold the measures as they come.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const kring = require('..')

const root = path.resolve(__dirname, '..')
const golden = JSON.parse(fs.readFileSync(path.resolve(root, '..', '..', 'tests', 'conformance', 'measures.json'), 'utf8'))
const key = Buffer.from(golden.key)

const store = kring.Store.inMemory()
const generated = store.generate({ seed: golden.seed, count: golden.cases })

/** The options of a query of the file, as a Node caller passes them. */
function optionsOf(q) {
  const options = q.identifying ? { identifying: true } : { key }
  if (q.from !== null) options.from = q.from
  if (q.to !== null) options.to = q.to
  return { ...options, groupBy: q.group_by }
}

test('every query of the file gives the same measures as Rust, Python and the CLI', async () => {
  await generated
  assert.ok(golden.queries.length >= 8)
  for (const q of golden.queries) {
    assert.deepStrictEqual(await store.measures(optionsOf(q)), q.measures, JSON.stringify(optionsOf(q)))
  }
})

test('days are taken as Dates (their UTC day) or YYYY-MM-DD; groupBy defaults to none', async () => {
  await generated
  const q = golden.queries.find((q) => q.identifying && q.from !== null && q.to !== null)
  const got = await store.measures({ identifying: true, from: new Date(`${q.from}T00:00:00Z`), to: new Date(`${q.to}T00:00:00Z`), groupBy: q.group_by })
  assert.deepStrictEqual(got, q.measures)
  const all = golden.queries.find((q) => !q.identifying && q.from === null && q.group_by === 'none')
  assert.deepStrictEqual(await store.measures({ key }), all.measures)
  assert.equal(all.measures.groups[0].uptake.requests, golden.cases)
})

test('pseudonymised measures withhold small cells; identifying ones show every value', async () => {
  await generated
  const org = await store.measures({ key: new Uint8Array(key), groupBy: 'organisation' })
  assert.equal(org.min_cell, 5)
  const small = org.groups.filter((g) => g.suppressed)
  assert.ok(small.length > 0)
  for (const g of small) assert.equal(g.uptake.requests, null)
  for (const g of org.groups.filter((g) => !g.suppressed)) assert.ok(g.uptake.requests >= 5)
  const named = await store.measures({ identifying: true, groupBy: 'organisation' })
  assert.equal(named.groups.length, org.groups.length)
  assert.ok(named.groups.every((g) => !g.suppressed && g.cells_suppressed === 0))
  assert.ok(named.groups.some((g) => typeof g.label === 'string'))
})

test('bad options reject with InvalidInput naming the option', async () => {
  const cases = [
    [{ identifying: true, groupBy: 'municipality' }, /group_by/],
    [{ identifying: true, groupBy: 3 }, /groupBy/],
    [{ identifying: true, from: '2016-02-30' }, /from/],
    [{ identifying: true, to: new Date(Number.NaN) }, /to/],
    [{ identifying: true, from: '2016-02-01', to: '2016-01-01' }, /period/],
    [{ identifying: true, from: '2016-02-01', to: '2016-02-01' }, /period/],
    [{}, /key/],
    [{ key: Buffer.alloc(32) }, /weak key/],
    [{ key: 'a research key of 32 characters' }, /key/],
    [{ identifying: 'yes' }, /identifying/],
    [[], /options/],
  ]
  for (const [options, message] of cases) {
    await assert.rejects(store.measures(options), (e) => {
      assert.ok(e instanceof kring.InvalidInput, `${e}`)
      assert.equal(e.code, 'invalid_input')
      assert.match(e.message, message)
      return true
    }, JSON.stringify(options))
  }
})

test('a closed store rejects with Closed', async () => {
  const s = kring.Store.inMemory()
  s.close()
  await assert.rejects(s.measures({ identifying: true }), kring.Closed)
})

test('the TypeScript types hold the measures as they come, and no more', () => {
  // The queries of the file as object literals typed `Measures` (those of a few groups: the
  // groups all have one shape): tsc refuses a missing field, an extra one (a field the core
  // added) and a value of the wrong type; the marked line proves that it can refuse.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-measures-types-'))
  try {
    const file = path.join(dir, 'measures.ts')
    const few = golden.queries.filter((q) => q.measures.groups.length <= 6)
    const lines = [
      `import type { Measures } from ${JSON.stringify(path.join(root, 'dist', 'index.js'))}`,
      ...few.map((q, i) => `export const m${i}: Measures = ${JSON.stringify(q.measures)}`),
      '// @ts-expect-error: a field the types do not know',
      `export const extra: Measures = ${JSON.stringify({ ...few[0].measures, unknown_field: 1 })}`,
    ]
    fs.writeFileSync(file, lines.join('\n') + '\n')
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    const args = ['--strict', '--noEmit', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--typeRoots', path.join(root, 'node_modules', '@types'), '--types', 'node', file]
    const done = spawnSync(process.execPath, [tsc, ...args], { cwd: root, encoding: 'utf8' })
    assert.equal(done.status, 0, (done.stdout + done.stderr).slice(0, 2000))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test.after(() => store.close())
