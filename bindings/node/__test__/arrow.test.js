'use strict'
// The research tables as Arrow IPC streams, read with apache-arrow: the same tables, rows and
// cells as `researchTables`, with typed columns (timestamps in UTC, days, 64-bit integers,
// booleans), pseudonymised or identifying.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { tableFromIPC, Type, TimeUnit } = require('apache-arrow')

const kring = require('..')

const key = Buffer.from('a research key of 32 bytes long!')
const store = kring.Store.inMemory()
const generated = store.generate({ seed: 3, count: 30 })

/** A cell as `researchTables` gives it, from the Arrow value of a column of `type`. */
function asJson(value, type) {
  if (value === null) return null
  switch (type.typeId) {
    case Type.Timestamp:
      return new Date(value).toISOString().replace('.000Z', 'Z')
    case Type.Date:
      return new Date(value).toISOString().slice(0, 10)
    case Type.Int:
      return Number(value)
    default:
      return value
  }
}

for (const [name, options] of [
  ['identifying', { identifying: true }],
  ['pseudonymised', { key }],
]) {
  test(`${name}: every table as Arrow holds the rows and cells of researchTables`, async () => {
    await generated
    const ipc = await store.researchArrow(options)
    const rows = await store.researchTables(options)
    assert.deepEqual(Object.keys(ipc), Object.keys(rows))
    const kinds = new Set()
    let cells = 0
    for (const [table, bytes] of Object.entries(ipc)) {
      assert.ok(Buffer.isBuffer(bytes), table)
      const arrow = tableFromIPC(bytes)
      assert.equal(arrow.numRows, rows[table].length, table)
      const fields = arrow.schema.fields
      for (const f of fields) {
        kinds.add(f.type.typeId)
        if (f.type.typeId === Type.Timestamp) {
          assert.equal(f.type.unit, TimeUnit.MICROSECOND, `${table}.${f.name}`)
          assert.equal(f.type.timezone, 'UTC', `${table}.${f.name}`)
        }
        if (f.type.typeId === Type.Int) assert.equal(f.type.bitWidth, 64, `${table}.${f.name}`)
      }
      for (let i = 0; i < arrow.numRows; i++) {
        const row = arrow.get(i)
        const expected = rows[table][i]
        assert.deepEqual(fields.map((f) => f.name), Object.keys(expected), table)
        for (const f of fields) {
          assert.deepStrictEqual(asJson(row[f.name], f.type), expected[f.name], `${table}[${i}].${f.name}`)
          cells++
        }
      }
    }
    // Every kind of column came through typed, and there was plenty to compare.
    for (const kind of [Type.Utf8, Type.Int, Type.Bool, Type.Date, Type.Timestamp]) assert.ok(kinds.has(kind), Type[kind])
    assert.ok(cells > 10000, `${cells} cells`)
  })
}

test('pseudonymised Arrow holds the pseudonyms researchTables gives with the same key', async () => {
  await generated
  const a = tableFromIPC((await store.researchArrow({ key })).cases)
  const b = tableFromIPC((await store.researchArrow({ key: new Uint8Array(Buffer.from('another research key of 32 byte')) })).cases)
  const identifying = tableFromIPC((await store.researchArrow({ identifying: true })).cases)
  const ids = (t) => t.getChild('case').toArray()
  assert.deepEqual(ids(a), (await store.researchTables({ key })).cases.map((r) => r.case))
  assert.notDeepEqual(ids(a), ids(b))
  assert.equal(ids(a).filter((id) => ids(identifying).includes(id)).length, 0)
  // Identifying tables keep free text; pseudonymised ones leave it out (the same columns,
  // null).
  const descriptions = (t) => t.getChild('description').toArray()
  assert.ok(descriptions(identifying).every((d) => typeof d === 'string'))
  assert.ok(descriptions(a).every((d) => d === null))
})

test('an empty store gives every table, with its columns and no rows', async () => {
  const empty = kring.Store.inMemory()
  try {
    const ipc = await empty.researchArrow({ identifying: true })
    assert.ok(Object.keys(ipc).length >= 10)
    for (const bytes of Object.values(ipc)) {
      const t = tableFromIPC(bytes)
      assert.equal(t.numRows, 0)
      assert.ok(t.schema.fields.length > 0)
    }
  } finally {
    empty.close()
  }
})

test('a missing, weak or mistyped key rejects with InvalidInput, as researchTables does', async () => {
  for (const options of [{}, { key: Buffer.alloc(16) }, { key: Buffer.from('short') }, { key: 'a research key of 32 characters' }, { identifying: 'yes' }]) {
    await assert.rejects(store.researchArrow(options), (e) => e instanceof kring.InvalidInput && e.code === 'invalid_input', JSON.stringify(options))
  }
})

test('the research tables are the core\'s, and the ResearchTableName type lists the same names', () => {
  assert.deepEqual(kring.RESEARCH_TABLES, ['cases', 'phases', 'network', 'attendance', 'frameworks', 'plan_items', 'agreement_reviews', 'evaluations', 'acceptance', 'outcomes', 'satisfaction'])
  assert.ok(Object.isFrozen(kring.RESEARCH_TABLES))
  const types = fs.readFileSync(path.join(__dirname, '..', 'dist', 'index.d.ts'), 'utf8')
  const union = types.match(/^export type ResearchTableName = (.*?);?$/m)
  assert.ok(union, 'index.d.ts declares ResearchTableName')
  assert.deepEqual(union[1].split('|').map((k) => k.trim().replace(/^'(.*)'$/, '$1')), [...kring.RESEARCH_TABLES])
})

for (const [name, options] of [
  ['identifying', { identifying: true }],
  ['pseudonymised', { key }],
]) {
  test(`${name}: a choice of tables gives only those, in the order of the tables, the same as the whole set`, async () => {
    await generated
    const ipc = await store.researchArrow(options)
    const rows = await store.researchTables(options)
    for (const chosen of [['satisfaction', 'cases'], ['network'], ['outcomes', 'phases', 'outcomes'], [...kring.RESEARCH_TABLES].reverse()]) {
      const expected = kring.RESEARCH_TABLES.filter((t) => chosen.includes(t))
      const someIpc = await store.researchArrow({ ...options, tables: chosen })
      assert.deepEqual(Object.keys(someIpc), expected, chosen.join())
      for (const t of expected) {
        // The same table: the same schema and the same rows (the IPC bytes may be batched
        // alike, so compare what apache-arrow reads).
        const [a, b] = [tableFromIPC(someIpc[t]), tableFromIPC(ipc[t])]
        assert.deepEqual(a.schema.fields.map(String), b.schema.fields.map(String), t)
        assert.deepEqual(a.toArray().map((r) => r.toJSON()), b.toArray().map((r) => r.toJSON()), t)
      }
      const someRows = await store.researchTables({ ...options, tables: chosen })
      assert.deepEqual(someRows, Object.fromEntries(expected.map((t) => [t, rows[t]])), chosen.join())
    }
    assert.deepEqual(Object.keys(await store.researchArrow({ ...options, tables: null })), Object.keys(ipc))
  })
}

test('an unknown table, no table, or tables not given as an array of names reject with InvalidInput', async () => {
  await generated
  for (const call of [(o) => store.researchArrow(o), (o) => store.researchTables(o)]) {
    await assert.rejects(call({ key, tables: ['cases', 'agreements'] }), (e) => e instanceof kring.InvalidInput && e.code === 'invalid_input' && e.message.includes('`agreements`') && e.message.includes('plan_items'))
    for (const tables of [[], 'cases', ['cases', 1], [null], 7, { cases: true }]) {
      await assert.rejects(call({ key, tables }), (e) => e instanceof kring.InvalidInput && e.code === 'invalid_input' && e.message.includes('tables'), JSON.stringify(tables))
    }
  }
})

test.after(() => store.close())
