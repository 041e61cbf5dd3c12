'use strict'
// A case read from the store converts a top-level field only when it is first read, and is
// otherwise its plain JSON object: keys, spreading, JSON, inspect, deep equality, changes.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')

const kring = require('..')
const { Document } = require('../kring.node')
const { Clock, walk } = require('./story.js')

/** Counts the addon's conversions of a document while `f` runs. */
function conversions(f) {
  const counts = { field: [], json: 0 }
  const { field, json } = Document.prototype
  Document.prototype.field = function (name) {
    counts.field.push(name)
    return field.call(this, name)
  }
  Document.prototype.json = function () {
    counts.json += 1
    return json.call(this)
  }
  try {
    f()
  } finally {
    Object.assign(Document.prototype, { field, json })
  }
  return counts
}

async function closedCase() {
  const store = kring.Store.inMemory()
  const { caseId, p } = await walk(store, new Clock())
  return { store, caseId, p }
}

test('reading a field converts that field only, once', async () => {
  const { store, caseId } = await closedCase()
  let c
  const counts = conversions(() => {
    c = store.caseSync(caseId)
    assert.equal(c.phase, 'closed')
    assert.equal(c.phase, 'closed')
    assert.equal(c.plans[1].status, 'accepted')
    assert.ok('network' in c && !('nonsense' in c))
    assert.ok(Object.hasOwn(c, 'id'))
  })
  assert.deepEqual(counts, { field: ['phase', 'plans', 'id'], json: 0 })
  // An await looks for `then`, which is not a field: nothing is converted.
  const awaited = conversions(() => Promise.resolve(store.caseSync(caseId)))
  assert.deepEqual(awaited, { field: [], json: 0 })
})

test('to everything else a case is its plain JSON object', async () => {
  const { store, caseId } = await closedCase()
  const c = await store.case(caseId)
  const plain = JSON.parse(JSON.stringify(store.caseSync(caseId)))
  assert.equal(Object.getPrototypeOf(c), Object.prototype)
  assert.ok(c instanceof Object && !Array.isArray(c))
  assert.equal(Object.prototype.toString.call(c), '[object Object]')
  assert.deepEqual(c, plain)
  assert.deepEqual(plain, c)
  assert.ok(util.isDeepStrictEqual(store.caseSync(caseId), c))
  assert.notDeepEqual(c, { ...plain, version: plain.version + 1 })
  // The fields in the core's order, whichever were read first.
  const partly = store.caseSync(caseId)
  void partly.ending
  void partly.id
  assert.deepEqual(Object.keys(partly), Object.keys(plain))
  assert.equal(JSON.stringify(partly), JSON.stringify(plain))
  const keys = []
  for (const k in store.caseSync(caseId)) keys.push(k)
  assert.deepEqual(keys, Object.keys(plain))
  assert.deepEqual(Object.entries(c), Object.entries(plain))
  // A spread is a plain copy, which structuredClone takes (the case itself is a Proxy).
  const copy = { ...store.caseSync(caseId) }
  assert.deepEqual(structuredClone(copy), plain)
  assert.deepEqual(c.toJSON(), plain)
  assert.equal(Object.getPrototypeOf(c.toJSON()), Object.prototype)
})

test('console.log and util.inspect print the content', async () => {
  const { store, caseId } = await closedCase()
  const plain = JSON.parse(JSON.stringify(store.caseSync(caseId)))
  assert.equal(util.inspect(store.caseSync(caseId)), util.inspect(plain))
  assert.equal(util.inspect(store.caseSync(caseId), { depth: 0 }), util.inspect(plain, { depth: 0 }))
  assert.equal(util.inspect({ nested: [store.caseSync(caseId)] }, { depth: 4 }), util.inspect({ nested: [plain] }, { depth: 4 }))
  assert.match(util.format('%s %j', store.caseSync(caseId).id, store.caseSync(caseId)), new RegExp(`^${caseId} \\{"id":"${caseId}"`))
})

test('fields can be set, added and deleted, and the changes are seen everywhere', async () => {
  const { store, caseId } = await closedCase()
  const c = store.caseSync(caseId)
  c.description = 'changed'
  c.extra = 1
  assert.equal(c.description, 'changed')
  const plans = c.plans
  plans.push('marker')
  assert.equal(c.plans, plans)
  delete c.ending
  assert.ok(!('ending' in c))
  const out = JSON.parse(JSON.stringify(c))
  assert.equal(out.description, 'changed')
  assert.equal(out.extra, 1)
  assert.equal(out.plans.at(-1), 'marker')
  assert.ok(!('ending' in out))
  assert.equal(Object.keys(out).at(-1), 'extra')
  // The store's case is unchanged.
  assert.notEqual(store.caseSync(caseId).description, 'changed')
  const frozen = Object.freeze(store.caseSync(caseId))
  assert.ok(Object.isFrozen(frozen))
  assert.equal(frozen.id, caseId)
  assert.equal(JSON.stringify(frozen), JSON.stringify(store.caseSync(caseId)))
  assert.throws(() => {
    'use strict'
    frozen.phase = 'requested'
  }, TypeError)
  const sealed = Object.seal(store.caseSync(caseId))
  sealed.description = 'sealed'
  assert.ok(Object.isSealed(sealed) && sealed.description === 'sealed')
  const fixed = store.caseSync(caseId)
  Object.defineProperty(fixed, 'phase', { value: 'fixed', configurable: false })
  assert.deepEqual([fixed.phase, Object.getOwnPropertyDescriptor(fixed, 'phase').configurable, fixed.id], ['fixed', false, caseId])
  class Mine {}
  const typed = Object.setPrototypeOf(store.caseSync(caseId), Mine.prototype)
  assert.ok(typed instanceof Mine)
  assert.equal(typed.id, caseId)
  assert.deepEqual(JSON.parse(JSON.stringify(typed)), JSON.parse(JSON.stringify(store.caseSync(caseId))))
})

test('every read of a case is lazy alike: at a version, at a time, many, and a reader\'s view', async () => {
  const { store, caseId, p } = await closedCase()
  const now = store.caseSync(caseId)
  assert.deepEqual(await store.caseAtVersion(caseId, now.version), now)
  assert.deepEqual(await store.caseAt(caseId, now.updated_at), now)
  assert.deepEqual(await store.cases({}), [now])
  const view = await store.caseFor(caseId, { person: p.grandma, role: 'network_member' })
  assert.equal(Object.getPrototypeOf(view), Object.prototype)
  assert.ok(!('description' in view))
  assert.ok(!Object.keys(view).includes('description'))
  assert.equal(view.description, undefined)
  assert.deepEqual(view.reader, { person: p.grandma, role: 'network_member', on_behalf_of: null })
  // A case stays readable after the store is closed: it was read whole.
  const kept = store.caseSync(caseId)
  store.close()
  assert.equal(kept.phase, 'closed')
  assert.deepEqual(kept, now)
})
