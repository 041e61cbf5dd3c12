'use strict'
// The bad-input conformance suite (tests/conformance/), as seen from Node: the same inputs
// as Rust and Python, the same error codes, an unchanged store, a live process.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const kring = require('..')

const dir = path.resolve(__dirname, '..', '..', '..', 'tests', 'conformance')
const setup = JSON.parse(fs.readFileSync(path.join(dir, 'setup.json'), 'utf8'))
const inputs = JSON.parse(fs.readFileSync(path.join(dir, 'bad_inputs.json'), 'utf8'))
const cast = setup.cast

const fill = (v) => {
  if (v === '$huge') return 'x'.repeat(20000)
  if (typeof v === 'string' && v.startsWith('$')) return cast[v.slice(1)]
  if (Array.isArray(v)) return v.map(fill)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]))
  return v
}

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kring-conformance-')), 'cases.kring')
const store = kring.Store.create(file)
for (const e of setup.events) store.executeSync(e.case, e.actor, e.command, undefined, { at: e.at })

for (const bad of inputs) {
  test(`bad input: ${bad.name}`, async () => {
    const before = [store.caseSync(cast.case), store.lastSeq()]
    const attempt = async () => {
      if (bad.special === 'second_writer') return kring.Store.open(file)
      if (bad.special === 'closed') {
        const s = kring.Store.inMemory()
        s.close()
        return s.case(cast.case)
      }
      let actor = fill(bad.actor ?? ['$uncle', 'network_member'])
      if (Array.isArray(actor)) actor = { person: actor[0], role: actor[1] }
      const command = fill('command' in bad ? bad.command : { record_attendance: { present: ['$uncle'] } })
      return store.execute(fill(bad.case ?? '$case'), actor, command, undefined, { at: fill(bad.at ?? setup.next_at) })
    }
    await assert.rejects(attempt, (e) => {
      assert.ok(e instanceof kring.KringError, `${e}`)
      assert.equal(e.code, bad.code, e.message)
      if (bad.rule) assert.equal(e.rule, bad.rule)
      return true
    })
    assert.deepEqual([store.caseSync(cast.case), store.lastSeq()], before)
  })
}
