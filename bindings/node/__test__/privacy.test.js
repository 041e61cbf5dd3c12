'use strict'
// Reads scoped to who asks, and details withheld from a named person (store format 5), from
// JavaScript. Every name, number and address is invented; the marker string must never reach
// a reader it is withheld from.
const { test } = require('node:test')
const assert = require('node:assert/strict')

const kring = require('..')
const { Store } = kring
const { Clock, walk } = require('./story.js')

const MARKER = 'kring-marker-c41d'

test('a mother\'s address is kept from a member of the circle', async () => {
  const store = Store.inMemory()
  const clock = new Clock()
  const { caseId, p } = await walk(store, clock, 'set_participation')
  const mother = { person: p.mother, role: 'main_person' }
  const grandma = { person: p.grandma, role: 'network_member' }
  const neighbour = { person: p.neighbour, role: 'network_member' }
  const coordinator = { person: p.coord, role: 'coordinator' }
  const teacher = { person: p.teacher, role: 'professional' }
  const step = (actor, name, fields) => store.execute(caseId, actor, name, fields, { at: clock.tick() })
  const reads = async (reader) => JSON.stringify(await store.caseFor(caseId, reader)).includes(MARKER)

  await step(mother, 'record_contact_details', {
    person: p.mother,
    details: { phone: `${MARKER}-phone`, email: null, address: `${MARKER}-address` },
    consent: true,
  })
  for (const member of [p.grandma, p.neighbour]) {
    await step(coordinator, 'share_contact_details', { person: p.mother, with: member })
  }
  assert.ok(await reads(neighbour))

  // The teacher knows of the danger and keeps her whereabouts from the neighbour.
  await step(teacher, 'withhold_details', { person: p.mother, from: [p.neighbour] })
  assert.ok(!(await reads(neighbour)))
  const view = await store.caseFor(caseId, neighbour)
  assert.deepEqual([view.contacts, view.contact_shares, view.withheld], [{}, [], []])
  assert.ok(await reads(grandma), 'the grandmother still has them')
  assert.ok(await reads(coordinator))

  const before = await store.case(caseId)
  await assert.rejects(step(coordinator, 'share_contact_details', { person: p.mother, with: p.neighbour }), (e) => {
    assert.ok(e instanceof kring.RuleViolation)
    assert.equal(e.rule, 'details_withheld')
    assert.ok(e.ids.includes(p.mother) && e.ids.includes(p.neighbour))
    assert.ok(!String(e).includes(MARKER) && !e.stack.includes(MARKER))
    return true
  })
  await assert.rejects(step(teacher, 'lift_withholding', { person: p.mother, from: [p.neighbour] }), kring.PermissionDenied)
  assert.deepEqual(await store.case(caseId), before)

  // Only the mother (or the coordinator for her) lifts it.
  await step(mother, 'lift_withholding', { person: p.mother, from: [p.neighbour] })
  assert.ok(await reads(neighbour))
})

test('each role reads its part', async () => {
  const store = Store.inMemory()
  const clock = new Clock()
  const { caseId, p } = await walk(store, clock, 'submit_framework')
  const whole = await store.case(caseId)
  const { reader, access, ...rest } = await store.caseFor(caseId, { person: p.coord, role: 'coordinator' })
  assert.deepEqual(rest, whole)
  assert.deepEqual(reader, { person: p.coord, role: 'coordinator', on_behalf_of: null })
  assert.deepEqual(new Set(Object.values(access)), new Set(['all']))

  const member = await store.caseFor(caseId, { person: p.grandma, role: 'network_member' })
  assert.equal(member.access.request, 'hidden')
  assert.ok(!('description' in member))
  assert.deepEqual(Object.keys(member.frameworks), [p.framework])
  const teacher = await store.caseFor(caseId, { person: p.teacher, role: 'professional' })
  assert.deepEqual(teacher.frameworks, {})
  assert.ok(!('views' in teacher))

  await assert.rejects(store.caseFor(caseId, { person: store.newId('person'), role: 'professional' }), kring.PermissionDenied)
  await assert.rejects(store.caseFor(caseId, { person: 'nope', role: 'coordinator' }), kring.InvalidInput)
})

test('an erased person leaves every read and the file', async () => {
  const fs = require('node:fs')
  const os = require('node:os')
  const path = require('node:path')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-erase-'))
  const file = path.join(dir, 's.kring')
  const store = Store.create(file)
  const clock = new Clock()
  const { caseId, p } = await walk(store, clock, 'set_participation')
  const neighbour = { person: p.neighbour, role: 'network_member' }
  const step = (actor, name, fields) => store.execute(caseId, actor, name, fields, { at: clock.tick() })
  await step(neighbour, 'record_contact_details', {
    person: p.neighbour,
    details: { phone: `${MARKER}-phone`, email: null, address: `${MARKER}-street 1` },
    consent: true,
  })
  await step(neighbour, 'record_view', { person: p.neighbour, view: `Call me on ${MARKER}-phone after six.` })
  const before = await store.case(caseId)
  const admin = { person: store.newId('person'), role: 'administrator' }

  await assert.rejects(store.erasePerson(p.neighbour, { person: p.teacher, role: 'professional' }, 'At her request.'), kring.PermissionDenied)
  await assert.rejects(store.erasePerson(p.neighbour, admin, ''), kring.InvalidInput)
  assert.deepEqual(await store.case(caseId), before)

  const report = await store.erasePerson(p.neighbour, admin, 'At her request (AVG article 17).', { case: caseId })
  assert.deepEqual([report.cases, report.events, report.compacted], [[caseId], before.version, true])
  const after = await store.case(caseId)
  assert.equal(after.network[p.neighbour].person.name, '[erased]')
  const everything = JSON.stringify([after, await store.history(caseId), await store.eventsSince(0, 1000)])
  assert.ok(!everything.includes(MARKER))
  await store.verify()
  store.close()
  assert.ok(!fs.readFileSync(file).includes(MARKER))
  assert.ok(!fs.readFileSync(`${file}.wal`).includes(MARKER))
  fs.rmSync(dir, { recursive: true, force: true })
})

test('the access log records scoped reads and commands', async () => {
  const store = Store.inMemory()
  const clock = new Clock()
  const { caseId, p } = await walk(store, clock, 'set_participation')
  const grandma = { person: p.grandma, role: 'network_member' }
  await store.caseFor(caseId, grandma)
  const log = await store.accessLog({ case: caseId })
  assert.equal(log[0].what, 'request_conference')
  assert.equal(log[0].seq, 1)
  assert.deepEqual([log.at(-1).what, log.at(-1).seq, log.at(-1).actor.person], ['case_for', null, p.grandma])
  assert.equal(log.length, (await store.history(caseId)).length + 1)
  const hers = await store.accessLog({ person: p.grandma })
  assert.deepEqual(hers.map((e) => e.what), log.filter((e) => e.actor.person === p.grandma).map((e) => e.what))
  await assert.rejects(store.accessLog({}), kring.InvalidInput)
  await assert.rejects(store.accessLog({ case: caseId, person: p.grandma }), kring.InvalidInput)
})
