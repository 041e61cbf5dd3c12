'use strict'
// The research tables as a Parquet dataset from Node (`exportParquet`): two stores exported
// under two organisation codes into one directory, in the hive layout, as Parquet files, with
// the rows the research tables have; and the refusals, which leave the dataset as it was.
// (No Parquet reader is among the package's dependencies: the files are checked by their
// layout, their magic bytes and the summary's row counts.)
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { tableFromIPC } = require('apache-arrow')

const kring = require('..')

const key = Buffer.from('the project key, 32 random bytes')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-parquet-'))
const north = kring.Store.inMemory()
const south = kring.Store.inMemory()
const generated = Promise.all([north.generate({ seed: 5, count: 40 }), south.generate({ seed: 6, count: 25 })])

/** Every file under `root`, relative to it, sorted. */
function files(root) {
  return fs.readdirSync(root, { recursive: true }).filter((f) => fs.statSync(path.join(root, f)).isFile()).sort()
}

/** Whether a file is Parquet by its magic bytes: `PAR1` at its start and its end. */
function isParquet(file) {
  const bytes = fs.readFileSync(file)
  return bytes.length > 8 && bytes.subarray(0, 4).toString('latin1') === 'PAR1' && bytes.subarray(-4).toString('latin1') === 'PAR1'
}

/** Exports `store` as `organisation` and checks the summary against its research tables. */
async function exported(store, organisation, cases) {
  const summary = await store.exportParquet(dir, { key, organisation })
  assert.deepEqual(Object.keys(summary).sort(), ['cases', 'files', 'organisation', 'rows'])
  assert.equal(summary.organisation, organisation)
  assert.equal(summary.cases, cases)
  // The rows per table, in the order of the tables: those of the research tables.
  const tables = await store.researchTables({ key })
  assert.deepEqual(Object.keys(summary.rows), Object.keys(tables))
  const arrow = await store.researchArrow({ key })
  for (const [table, rows] of Object.entries(tables)) {
    assert.equal(summary.rows[table], rows.length, table)
    assert.equal(summary.rows[table], tableFromIPC(arrow[table]).numRows, table)
  }
  assert.equal(summary.rows.cases, cases)
  // The files: the hive layout, each one Parquet, each table with rows in at least one year.
  const layout = new RegExp(`^([a-z_]+)/organisation=${organisation}/year=(\\d{4})/part-00000\\.parquet$`)
  const byTable = new Map()
  for (const file of summary.files) {
    const m = layout.exec(file)
    assert.ok(m, file)
    assert.ok(isParquet(path.join(dir, file)), file)
    byTable.set(m[1], [...(byTable.get(m[1]) ?? []), Number(m[2])])
  }
  for (const [table, rows] of Object.entries(summary.rows)) {
    assert.equal(byTable.has(table), rows > 0, table)
  }
  // Every row of a case is in the year of its request (the Monday of its week, as the
  // pseudonymised tables give it).
  const years = new Set(tables.cases.map((c) => Number(c.requested_at.slice(0, 4))))
  assert.deepEqual([...new Set(byTable.get('cases'))].sort(), [...years].sort())
  return summary
}

test('two stores under two organisation codes in one dataset', async () => {
  await generated
  const a = await exported(north, 'north', 40)
  const b = await exported(south, 'south', 25)
  // The dataset holds the files of both, and nothing else (no staging directory left).
  assert.deepEqual(files(dir), [...a.files, ...b.files].sort())
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('.')), [])
  assert.deepEqual(fs.readdirSync(path.join(dir, 'cases')).sort(), ['organisation=north', 'organisation=south'])
  // Exporting one again replaces its own partitions and leaves the other's alone.
  const before = Object.fromEntries(b.files.map((f) => [f, fs.readFileSync(path.join(dir, f))]))
  const again = await north.exportParquet(dir, { key: new Uint8Array(key), organisation: 'north' })
  assert.deepEqual(again, a)
  for (const [f, bytes] of Object.entries(before)) assert.deepEqual(fs.readFileSync(path.join(dir, f)), bytes, f)
  assert.deepEqual(files(dir), [...a.files, ...b.files].sort())
})

test('without an organisation code, the store is named by its pseudonym under the key', async () => {
  await generated
  const own = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-parquet-default-'))
  try {
    const summary = await north.exportParquet(own, { key })
    assert.match(summary.organisation, /^store_[0-9a-f]+$/)
    assert.equal(summary.organisation, (await north.exportParquet(own, { key })).organisation)
    assert.ok(summary.files.every((f) => f.includes(`/organisation=${summary.organisation}/`)))
  } finally {
    fs.rmSync(own, { recursive: true, force: true })
  }
})

test('refusals are InvalidInput, and leave the dataset as it was', async () => {
  await generated
  const cases = [
    [{}, /^invalid key:.*pseudonymised/],
    [{ organisation: 'north' }, /^invalid key:/],
    [{ key, organisation: 'Bad Code!' }, /^invalid organisation:/],
    [{ key, organisation: '1north' }, /^invalid organisation:/],
    [{ key, organisation: 'n'.repeat(41) }, /^invalid organisation:/],
    [{ key, organisation: 3 }, /^invalid organisation:/],
    [{ identifying: true }, /^invalid disclosure:.*pseudonymised/],
    [{ key, identifying: true, organisation: 'north' }, /^invalid disclosure:.*pseudonymised/],
    [{ key: Buffer.alloc(32), organisation: 'north' }, /^invalid key:/],
    [{ key: 'the project key, 32 random bytes' }, /^invalid key:/],
    [{ key, identifying: 'no' }, /^invalid identifying:/],
    [[], /^invalid options:/],
  ]
  const before = files(dir)
  for (const [options, message] of cases) {
    await assert.rejects(north.exportParquet(dir, options), (e) => {
      assert.ok(e instanceof kring.InvalidInput, `${e}`)
      assert.equal(e.code, 'invalid_input')
      assert.match(e.message, message)
      return true
    }, JSON.stringify(options))
  }
  await assert.rejects(north.exportParquet(Buffer.from(dir), { key }), (e) => e instanceof kring.InvalidInput && /^invalid dir:/.test(e.message))
  assert.deepEqual(files(dir), before)
  const closed = kring.Store.inMemory()
  closed.close()
  await assert.rejects(closed.exportParquet(dir, { key, organisation: 'west' }), (e) => e instanceof kring.Closed && e.code === 'closed')
  assert.deepEqual(files(dir), before)
})

test('an export of an organisation already under way is refused as busy, and its claim left alone', async () => {
  await generated
  const own = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-parquet-busy-'))
  try {
    // Another export of `north` holds its claim (as a process exporting into the dataset does).
    const claim = path.join(own, '.kring-parquet-north.lock')
    fs.writeFileSync(claim, 'another export\n')
    await assert.rejects(north.exportParquet(own, { key, organisation: 'north' }), (e) => {
      assert.ok(e instanceof kring.AlreadyOpen && e instanceof kring.StoreError, `${e}`)
      assert.equal(e.code, 'busy')
      assert.match(e.message, /another export of the organisation `north`/)
      return true
    })
    assert.deepEqual(fs.readdirSync(own), ['.kring-parquet-north.lock'], 'nothing written')
    assert.equal(fs.readFileSync(claim, 'utf8'), 'another export\n')
    // Other organisations are not held up.
    assert.equal((await north.exportParquet(own, { key, organisation: 'west' })).cases, 40)
  } finally {
    fs.rmSync(own, { recursive: true, force: true })
  }
})

test.after(() => {
  north.close()
  south.close()
  fs.rmSync(dir, { recursive: true, force: true })
})
