// Cases between stores from Node (docs/interchange.md): a case file exported, imported
// elsewhere and exported again is the same text; the copy is read-only; a follower takes the
// feed in batches; bad input is a typed error that changes nothing. A case file scoped to one
// reader, or pseudonymised with a key, tells only what it should and does not import.
'use strict'
const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const kring = require('..')
const { Clock, walk } = require('./story.js')

test('a case file travels and comes back as the same text', async () => {
  const a = kring.Store.inMemory()
  const b = kring.Store.inMemory()
  const [id] = await a.generate({ seed: 3, count: 1 })
  const text = await a.exportCase(id)
  const report = await b.importCase(text)
  assert.equal(report.case, id)
  assert.equal(report.holder, a.id())
  assert.equal(report.added, (await a.case(id)).version)
  assert.equal(await b.exportCase(id), text)
  assert.equal((await b.importCase(text)).added, 0)
  assert.equal(b.holder(id), a.id())
  const last = (await b.history(id)).at(-1).event
  await assert.rejects(b.execute(id, last.actor, 'withdraw', { reason: 'x' }), (e) => {
    assert.ok(e instanceof kring.PermissionDenied)
    assert.equal(e.code, 'read_only_copy')
    return true
  })
  assert.deepEqual((await b.case(id)).toJSON(), (await a.case(id)).toJSON())
})

test('a follower takes the feed in batches, and each batch once', async () => {
  const a = kring.Store.inMemory()
  const b = kring.Store.inMemory()
  const ids = await a.generate({ seed: 4, count: 4 })
  let after = 0
  for (;;) {
    const page = await a.feed(after, 40)
    if (page.length === 0) break
    const report = await b.follow(page)
    assert.equal(report.store, a.id())
    after = report.cursor
  }
  assert.equal(b.cursor(a.id()), a.lastSeq())
  for (const id of ids) assert.deepEqual((await b.case(id)).toJSON(), (await a.case(id)).toJSON())
  assert.equal((await b.follow(await a.feed(0, 1000))).added, 0)
  const only = kring.Store.inMemory()
  await only.follow(await a.feed(0, 100000), { cases: [ids[0]] })
  assert.equal(only.count(), 1)
})

test('bad input is a typed error and changes nothing', async () => {
  const a = kring.Store.inMemory()
  const b = kring.Store.inMemory()
  const [id] = await a.generate({ seed: 5, count: 1 })
  const text = await a.exportCase(id)
  await assert.rejects(b.importCase(text.slice(0, text.length / 2)), kring.InvalidInput)
  await assert.rejects(b.importCase(text.replace('"kring_case_file":1', '"kring_case_file":2')), /newer/)
  await assert.rejects(a.follow(await a.feed(0, 10)), kring.InvalidInput)
  assert.throws(() => b.holder('case_x'), kring.InvalidInput)
  assert.equal(b.count(), 0)
})

test('two stores that wrote one case are a conflict, naming both events', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-interchange-'))
  const clock = new Clock()
  const a = kring.Store.create(path.join(dir, 'a.kring'))
  const { caseId, p } = await walk(a, clock, 'set_participation')
  const coordinator = { person: p.coord, role: 'coordinator' }
  await a.backup(path.join(dir, 'restored.kring'))
  await a.execute(caseId, coordinator, 'update_invitation', { person: p.grandma, status: 'declined' }, { at: clock.tick() })
  const ours = await a.exportCase(caseId)
  a.close()
  const restored = kring.Store.open(path.join(dir, 'restored.kring'))
  await restored.execute(caseId, coordinator, 'update_invitation', { person: p.neighbour, status: 'declined' }, { at: clock.tick() })
  const theirs = await restored.exportCase(caseId)
  restored.close()
  const b = kring.Store.inMemory()
  await b.importCase(ours)
  await assert.rejects(b.importCase(theirs), (e) => {
    assert.ok(e instanceof kring.Conflict)
    assert.equal(e.code, 'diverged')
    assert.equal(e.message.split('#').length, 3)
    return true
  })
  assert.equal(await b.exportCase(caseId), ours)
  fs.rmSync(dir, { recursive: true, force: true })
})

test('a case file scoped to a reader holds their view, is logged, and does not import', async () => {
  const store = kring.Store.inMemory()
  const { caseId, p } = await walk(store, new Clock(), 'set_participation')
  const grandma = { person: p.grandma, role: 'network_member' }
  const description = (await store.case(caseId)).description
  assert.ok(description.length > 0)

  const text = await store.exportCase(caseId, { reader: grandma })
  assert.ok(!text.includes('\n'))
  const file = JSON.parse(text)
  assert.equal(file.kring_case_file, 1)
  assert.equal(file.case, caseId)
  assert.equal(file.disclosure, 'scoped')
  assert.equal(file.store, store.id())
  assert.ok(!('events' in file))
  assert.equal(file.view.reader.person, p.grandma)
  assert.equal(file.view.access.request, 'hidden')
  assert.ok(!text.includes(description), 'the request is hidden from a member of the circle')

  const log = await store.accessLog({ case: caseId })
  assert.deepEqual([log.at(-1).what, log.at(-1).seq, log.at(-1).actor.person], ['case_for', null, p.grandma])
  assert.equal(log.length, (await store.history(caseId)).length + 1)
  assert.deepEqual(file.view, JSON.parse(JSON.stringify(await store.caseFor(caseId, grandma))))

  const stranger = { person: store.newId('person'), role: 'professional' }
  await assert.rejects(store.exportCase(caseId, { reader: stranger }), (e) => {
    assert.ok(e instanceof kring.PermissionDenied)
    assert.equal(e.code, 'permission_denied')
    return true
  })
  await assert.rejects(store.exportCase(caseId, { reader: { person: 'nope', role: 'coordinator' } }), kring.InvalidInput)

  const other = kring.Store.inMemory()
  await assert.rejects(other.importCase(text), (e) => {
    assert.ok(e instanceof kring.InvalidInput)
    assert.equal(e.code, 'invalid_input')
    assert.match(e.message, /only a full case file imports/)
    return true
  })
  assert.equal(other.count(), 0)
})

test('a pseudonymised case file names nobody, joins the research tables, and does not import', async () => {
  const store = kring.Store.inMemory()
  const { caseId } = await walk(store, new Clock())
  const full = await store.exportCase(caseId)
  const people = new Set(full.match(/person_[0-9A-Z]{26}/g))
  assert.ok(people.size >= 7)
  const key = new Uint8Array(crypto.randomBytes(32))

  const text = await store.exportCase(caseId, { key })
  assert.ok(!text.includes('\n'))
  const file = JSON.parse(text)
  assert.equal(file.kring_case_file, 1)
  assert.equal(file.disclosure, 'pseudonymised')
  assert.match(file.case, /^case_[0-9a-f]+$/)
  assert.ok(Array.isArray(file.tables) && file.tables.length > 0)
  assert.ok(!('store' in file) && !('events' in file))
  assert.ok(!text.includes(caseId))
  for (const person of people) assert.ok(!text.includes(person), person)
  for (const name of ['Sem Kramer', 'Truus Kramer']) assert.ok(!text.includes(name), name)

  const tables = await store.researchTables({ key })
  assert.equal(tables.cases[0].case, file.case)
  assert.equal(await store.exportCase(caseId, { key: Buffer.from(key) }), text)
  assert.notEqual(JSON.parse(await store.exportCase(caseId, { key: crypto.randomBytes(32) })).case, file.case)

  const other = kring.Store.inMemory()
  await assert.rejects(other.importCase(text), (e) => {
    assert.ok(e instanceof kring.InvalidInput)
    assert.match(e.message, /only a full case file imports/)
    return true
  })
  assert.equal(other.count(), 0)
})

test('a weak key, or a reader and a key together, is InvalidInput before anything runs', async () => {
  const store = kring.Store.inMemory()
  const { caseId, p } = await walk(store, new Clock(), 'set_participation')
  const grandma = { person: p.grandma, role: 'network_member' }
  const stranger = { person: store.newId('person'), role: 'professional' }
  const logged = (await store.accessLog({ case: caseId })).length
  const invalidInput = (e) => {
    assert.ok(e instanceof kring.InvalidInput)
    assert.equal(e.code, 'invalid_input')
    return true
  }
  await assert.rejects(store.exportCase(caseId, { key: new Uint8Array(32) }), invalidInput)
  await assert.rejects(store.exportCase(caseId, { key: Buffer.from('short') }), invalidInput)
  await assert.rejects(store.exportCase(caseId, { key: 'a string is not a key' }), invalidInput)
  await assert.rejects(store.exportCase(caseId, { reader: grandma, key: crypto.randomBytes(32) }), (e) => invalidInput(e) && /not both/.test(e.message))
  await assert.rejects(store.exportCase(caseId, { reader: stranger, key: crypto.randomBytes(32) }), invalidInput)
  await assert.rejects(store.exportCase(caseId, 'scoped'), invalidInput)
  await assert.rejects(store.exportCase('case_x', { reader: grandma }), invalidInput)
  assert.equal((await store.accessLog({ case: caseId })).length, logged, 'nothing was read')
  assert.equal(JSON.parse(await store.exportCase(caseId, { reader: null, key: undefined })).disclosure, 'full')
})
