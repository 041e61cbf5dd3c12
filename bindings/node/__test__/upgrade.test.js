'use strict'
// A store of an older format takes no write until it is upgraded, and only when asked
// (`store.upgrade()`).
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const kring = require('..')
const { Store } = kring

const GOLDEN = path.resolve(__dirname, '..', '..', '..', 'tests', 'golden')

/** A copy of the golden format-2 store (opening may touch the file). */
function copyOfV2() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-upgrade-'))
  const file = path.join(dir, 'format-v2.kring')
  fs.copyFileSync(path.join(GOLDEN, 'format-v2.kring'), file)
  return { dir, file }
}

/** A satisfaction score for a closed case of the store by its coordinator: a valid write once
 * the store takes writes. */
async function score(store) {
  const [closed] = await store.query({ phase: 'closed' })
  const c = await store.case(closed)
  const actor = { person: c.coordinator.coordinator.person.id, role: 'coordinator' }
  const at = new Date(Date.parse(c.updated_at) + 24 * 3600 * 1000)
  return { caseId: closed, version: c.version, write: () => store.execute(closed, actor, 'record_satisfaction', { group: 'main_person', score: 8 }, { at }) }
}

const isUpgradeRequired = (e) => e instanceof kring.UpgradeRequired && e instanceof kring.StoreError && e.code === 'upgrade_required' && /upgrade the store first/.test(e.message)

test('an older store takes writes only once upgraded', async () => {
  const { dir, file } = copyOfV2()
  let store = Store.open(file)
  assert.equal(store.formatVersion(), 2)
  assert.equal(kring.FORMAT_VERSION, 8)
  const { caseId, version, write } = await score(store)
  const seq = store.lastSeq()
  const feed = await store.eventsSince(0, 100000)
  await assert.rejects(write(), isUpgradeRequired)
  await assert.rejects(store.generate({ seed: 7, count: 1 }), isUpgradeRequired)
  assert.equal(store.lastSeq(), seq)
  assert.deepEqual(await store.eventsSince(0, 100000), feed)
  assert.equal((await store.case(caseId)).version, version)
  assert.equal(store.formatVersion(), 2)

  const report = await store.upgrade()
  assert.deepEqual(Object.keys(report).sort(), ['cases', 'events', 'from', 'to'])
  assert.equal(report.from, 2)
  assert.equal(report.to, kring.FORMAT_VERSION)
  assert.equal(report.events, seq)
  assert.equal(store.formatVersion(), kring.FORMAT_VERSION)
  assert.deepEqual(await store.eventsSince(0, 100000), feed)
  await store.verify()

  const event = await write()
  assert.equal(event.command.record_satisfaction.score, 8)
  assert.equal((await store.case(caseId)).version, version + 1)
  assert.equal((await store.generate({ seed: 7, count: 2 })).length, 2)
  assert.equal((await store.verify()).events, store.lastSeq())
  // Upgrading again does nothing.
  assert.deepEqual(await store.upgrade(), {
    from: kring.FORMAT_VERSION,
    to: kring.FORMAT_VERSION,
    events: 0,
    cases: 0,
  })
  store.close()

  store = Store.open(file)
  assert.equal(store.formatVersion(), kring.FORMAT_VERSION)
  await store.verify()
  store.close()
  fs.rmSync(dir, { recursive: true })
})

test('upgrade and formatVersion on a current store, and on a closed one', async () => {
  const store = Store.inMemory()
  assert.equal(store.formatVersion(), kring.FORMAT_VERSION)
  assert.deepEqual(await store.upgrade(), { from: kring.FORMAT_VERSION, to: kring.FORMAT_VERSION, events: 0, cases: 0 })
  store.close()
  await assert.rejects(store.upgrade(), (e) => e instanceof kring.Closed && e.code === 'closed')
  assert.throws(() => store.formatVersion(), kring.Closed)
})
