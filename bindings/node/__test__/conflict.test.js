'use strict'
// Two people edit one case: the second, who read it before the first wrote, is refused with
// Conflict and nothing is written; reading again lets them through.
const { test } = require('node:test')
const assert = require('node:assert/strict')

const kring = require('..')
const { Store } = kring
const { Clock, walk } = require('./story.js')

test('a command on a case that moved on is a conflict', async () => {
  const store = Store.inMemory()
  const clock = new Clock()
  const { caseId, p } = await walk(store, clock, 'set_participation')
  const coordinator = { person: p.coord, role: 'coordinator' }
  const invite = (person, status, expectedVersion) =>
    store.execute(caseId, coordinator, 'update_invitation', { person, status }, { at: clock.tick(), expectedVersion })
  const read = await store.case(caseId)
  await invite(p.grandma, 'declined', read.version)
  const before = await store.case(caseId)
  await assert.rejects(invite(p.neighbour, 'declined', read.version), (e) => {
    assert.ok(e instanceof kring.Conflict && e instanceof kring.KringError)
    assert.equal(e.code, 'conflict')
    assert.ok(e.message.includes(caseId))
    return true
  })
  assert.deepEqual(await store.case(caseId), before)
  await invite(p.neighbour, 'declined', before.version)

  const v = (await store.case(caseId)).version
  const item = (person) => ({ case: caseId, actor: coordinator, command: 'update_invitation', fields: { person, status: 'invited' }, expectedVersion: v })
  await assert.rejects(store.executeMany([item(p.grandma), item(p.neighbour)]), kring.Conflict)
  assert.equal((await store.case(caseId)).version, v)
  await assert.rejects(invite(p.grandma, 'invited', -1), kring.InvalidInput)
  await assert.rejects(store.importCommands([item(p.grandma)]), kring.InvalidInput)
  const { Conflict } = await import('kring')
  assert.equal(Conflict, kring.Conflict)
})
