'use strict'
// The coordinator pool from JavaScript: kept in the file, ranked by the family's wishes, checked.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const kring = require('..')
const { Store } = kring
const { Clock, walk, person } = require('./story.js')

const entry = (store, name, languages, available = true) => ({
  coordinator: {
    person: person(store, name),
    affiliations: [],
    languages,
    gender: 'female',
    region: 'Noord',
    cultures: [],
    religion: null,
  },
  available,
})

test('the pool ranks available coordinators by the family’s wishes, is checked, and is kept', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-pool-'))
  const file = path.join(dir, 'pool.kring')
  const store = Store.create(file)
  const { caseId } = await walk(store, new Clock(), 'request_conference')
  assert.equal((await store.case(caseId)).preferences.language, 'nl')
  const speaksDutch = entry(store, 'Lotte Vink', ['nl'])
  const speaksFrench = entry(store, 'Bram Eggink', ['fr'])
  const away = entry(store, 'Iris Wolters', ['nl'], false)
  for (const e of [speaksFrench, away, speaksDutch]) {
    assert.equal(await store.registerCoordinator(e), undefined)
  }
  assert.equal((await store.coordinatorPool()).length, 3)
  const ranked = await store.matchCoordinators(caseId)
  assert.deepEqual(ranked.map((m) => m.coordinator.person.name), ['Lotte Vink', 'Bram Eggink'])
  assert.deepEqual(ranked.map((m) => m.fits), [['language'], []])
  assert.ok(!ranked.some((m) => m.coordinator.person.id === away.coordinator.person.id))
  assert.deepEqual(await store.poolEntry(speaksDutch.coordinator.person.id), speaksDutch)
  // A profile with an empty name is refused, typed, and the pool is unchanged.
  const nameless = entry(store, '', ['nl'])
  await assert.rejects(store.registerCoordinator(nameless), (e) => e instanceof kring.InvalidInput && e.code === 'invalid_input')
  await assert.rejects(store.poolEntry(nameless.coordinator.person.id), (e) => e instanceof kring.NotFound && e.code === 'not_found')
  await assert.rejects(store.registerCoordinator(null), (e) => e instanceof kring.InvalidInput && e.code === 'invalid_input')
  const pool = await store.coordinatorPool()
  assert.equal(pool.length, 3)
  store.close()
  // The pool is kept in the file.
  const again = Store.open(file)
  assert.deepEqual(await again.coordinatorPool(), pool)
  assert.equal((await again.poolEntry(speaksDutch.coordinator.person.id)).available, true)
  assert.deepEqual((await again.matchCoordinators(caseId)).map((m) => m.coordinator.person.name), ['Lotte Vink', 'Bram Eggink'])
  again.close()
  fs.rmSync(dir, { recursive: true })
})
