'use strict'
// Defects found by using kring as a hostile or careless caller would, each with the test that
// failed before its fix (the rest are in the conformance suite, tests/conformance/).
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const kring = require('..')

const setup = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'tests', 'conformance', 'setup.json'), 'utf8'))
const cast = setup.cast
const uncle = { person: cast.uncle, role: 'network_member' }

function example(store) {
  for (const e of setup.events) store.executeSync(e.case, e.actor, e.command, undefined, { at: e.at })
}

test('defaulted times never refuse concurrent writers', async () => {
  // Without `at`, the time is taken inside the write (before, the wrapper took it first and
  // concurrent writes to one case were refused as `time_order`).
  const store = kring.Store.inMemory()
  example(store)
  const before = (await store.history(cast.case)).length
  const results = await Promise.allSettled(
    Array.from({ length: 400 }, () => store.execute(cast.case, uncle, 'record_attendance', { present: [cast.uncle] })),
  )
  assert.deepEqual(results.filter((r) => r.status === 'rejected').map((r) => r.reason.code), [])
  assert.equal((await store.history(cast.case)).length, before + 400)
  await store.verify()
  store.close()
})

test('a given time is still checked', async () => {
  const store = kring.Store.inMemory()
  example(store)
  await assert.rejects(store.execute(cast.case, uncle, 'record_attendance', { present: [cast.uncle] }, { at: '2001-01-01T00:00:00Z' }), (e) => e.rule === 'time_order')
  store.close()
})

test('close waits for a write in flight and releases the file at once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-close-'))
  for (let attempt = 0; attempt < 5; attempt++) {
    const file = path.join(dir, `cases-${attempt}.kring`)
    const store = kring.Store.create(file, { durability: 'fast' })
    const writing = store.generate({ seed: attempt, count: 200 }).then(
      (ids) => ids.length,
      (e) => {
        assert.ok(e instanceof kring.Closed, `${e}`)
        return 0
      },
    )
    await new Promise((resolve) => setTimeout(resolve, 40 * attempt))
    store.close()
    const again = kring.Store.open(file) // before: `already_open` while the write went on
    const written = await writing
    assert.equal((await again.verify()).cases, written)
    assert.equal(again.count(), written)
    again.close()
  }
})

test('bad calls print nothing and never abort the process', () => {
  const script = `
    const kring = require(${JSON.stringify(path.resolve(__dirname, '..'))})
    const s = kring.Store.inMemory()
    ;(async () => {
      for (const count of [-1, 2 ** 32 - 1, 2 ** 62, 1.5, Number.NaN]) {
        await s.generate({ seed: 1, count }).then(() => { throw new Error('accepted ' + count) }, (e) => { if (!(e instanceof kring.InvalidInput)) throw e })
      }
      console.log('alive')
    })()
  `
  const done = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120000 })
  assert.equal(done.status, 0, done.stderr.slice(-2000))
  assert.equal(done.stdout.trim(), 'alive')
  assert.equal(done.stderr, '')
})

test('limits are published', () => {
  assert.ok(kring.LIMITS.people >= 500)
  for (const name of ['events', 'people', 'plan_versions', 'signals']) assert.ok(name in kring.LIMITS)
})
