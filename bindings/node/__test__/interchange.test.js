// Cases between stores from Node (docs/interchange.md): a case file exported, imported
// elsewhere and exported again is the same text; the copy is read-only; a follower takes the
// feed in batches; bad input is a typed error that changes nothing.
'use strict'
const { test } = require('node:test')
const assert = require('node:assert/strict')
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
