'use strict'
// Every error path, including bad input from plain JavaScript: the right class and code,
// the store unchanged, the process alive.
const { test } = require('node:test')
const assert = require('node:assert/strict')

const kring = require('..')
const { Clock, walk } = require('./story.js')

async function setup(stop) {
  const store = kring.Store.inMemory()
  const clock = new Clock()
  const { caseId, p } = await walk(store, clock, stop)
  const snapshot = () => [store.caseSync(caseId), store.lastSeq()]
  return { store, clock, caseId, p, snapshot }
}

test('the error classes', () => {
  for (const C of [kring.RuleViolation, kring.PermissionDenied, kring.NotFound, kring.InvalidInput, kring.StoreError]) {
    assert.ok(C.prototype instanceof kring.KringError)
  }
  for (const C of [kring.AlreadyOpen, kring.AlreadyExists, kring.Corrupted, kring.UpgradeRequired, kring.NotAKringStore, kring.Closed]) {
    assert.ok(C.prototype instanceof kring.StoreError)
  }
  assert.ok(kring.KringError.prototype instanceof Error)
})

test('every class of the core\'s table exists, with its parent, and its codes choose it', () => {
  const table = JSON.parse(require('../kring.node').errorClasses())
  assert.equal(table[0].name, 'KringError')
  const codes = table.flatMap((c) => c.codes)
  assert.equal(new Set(codes).size, codes.length)
  for (const code of ['internal', 'closed', 'io', 'storage', 'inconsistent', 'rule_violation', 'invalid_input']) assert.ok(codes.includes(code), code)
  for (const { name, parent } of table) {
    const C = kring[name]
    assert.equal(typeof C, 'function', name)
    assert.equal(Object.getPrototypeOf(C), parent === null ? Error : kring[parent], name)
    assert.equal(new C('m', 'c').name, name)
  }
  const declared = Object.keys(kring).filter((k) => typeof kring[k] === 'function' && kring[k].prototype instanceof Error)
  assert.deepEqual(declared.sort(), table.map((c) => c.name).sort())
  const store = kring.Store.inMemory()
  store.close()
  assert.throws(() => store.count(), (e) => e instanceof kring.Closed && e.code === 'closed' && table.find((c) => c.name === 'Closed').codes.includes(e.code))
})

test('a rule violation names the rule and the ids', async () => {
  const { store, clock, caseId, p, snapshot } = await setup('begin_part')
  const before = snapshot()
  await assert.rejects(
    store.execute(caseId, { person: p.grandma, role: 'network_member' }, 'record_attendance', { present: [p.prof] }, { at: clock.tick() }),
    (e) => e instanceof kring.RuleViolation && e.code === 'rule_violation' && e.rule === 'private_time' && e.ids.includes(p.prof),
  )
  assert.deepEqual(snapshot(), before)
})

test('permission denied', async () => {
  const { store, clock, caseId, p, snapshot } = await setup('begin_part')
  const before = snapshot()
  await assert.rejects(
    store.execute(caseId, { person: p.prof, role: 'professional' }, 'submit_plan', { content: {} }, { at: clock.tick() }),
    (e) => e instanceof kring.PermissionDenied && e.code === 'permission_denied' && e.rule === 'plan_by_circle',
  )
  assert.throws(
    () => store.executeSync(caseId, { person: p.prof, role: 'professional' }, 'submit_plan', { content: {} }, { at: clock.tick() }),
    kring.PermissionDenied,
  )
  assert.deepEqual(snapshot(), before)
})

test('not found', async () => {
  const { store, clock, caseId, p, snapshot } = await setup('respond_to_coordinator')
  await assert.rejects(store.case(store.newId('case')), (e) => e instanceof kring.NotFound && e.code === 'not_found')
  const before = snapshot()
  await assert.rejects(
    store.execute(caseId, { person: p.coord, role: 'coordinator' }, 'update_invitation', { person: store.newId('person'), status: 'invited' }, { at: clock.tick() }),
    kring.NotFound,
  )
  assert.deepEqual(snapshot(), before)
})

const BAD = {
  'a malformed case id': (s, c, p, t) => s.execute('not-an-id', { person: p.coord, role: 'coordinator' }, 'start_conference', undefined, { at: t }),
  'a number for the case id': (s, c, p, t) => s.execute(42, { person: p.coord, role: 'coordinator' }, 'start_conference', undefined, { at: t }),
  'an unknown role': (s, c, p, t) => s.execute(c, { person: p.coord, role: 'wizard' }, 'start_conference', undefined, { at: t }),
  'a missing actor': (s, c, p, t) => s.execute(c, undefined, 'start_conference', undefined, { at: t }),
  'a time that is not a time': (s, c, p, t) => s.execute(c, { person: p.coord, role: 'coordinator' }, 'start_conference', undefined, { at: 'yesterday' }),
  'an invalid Date': (s, c, p, t) => s.execute(c, { person: p.coord, role: 'coordinator' }, 'start_conference', undefined, { at: new Date('nope') }),
  'an unknown command': (s, c, p, t) => s.execute(c, { person: p.coord, role: 'coordinator' }, 'no_such_command', undefined, { at: t }),
  'a wrong field type': (s, c, p, t) => s.execute(c, { person: p.coord, role: 'coordinator' }, 'update_invitation', { person: 42, status: 'invited' }, { at: t }),
  'a missing field': (s, c, p, t) => s.execute(c, { person: p.coord, role: 'coordinator' }, 'update_invitation', { status: 'invited' }, { at: t }),
  'an unknown code': (s, c, p, t) => s.execute(c, { person: p.coord, role: 'coordinator' }, 'update_invitation', { person: p.grandma, status: 'maybe' }, { at: t }),
  'a command of the wrong type': (s, c, p, t) => s.execute(c, { person: p.coord, role: 'coordinator' }, 3.5, undefined, { at: t }),
  'an empty name': (s, c, p, t) => s.execute(c, { person: p.coord, role: 'coordinator' }, 'add_network_member', { member: { person: { id: s.newId('person'), name: '', birth_date: null, languages: [] }, relations: [{ to: p.youth, kind: 'friend' }], side: 'own', minor: false, identified: 'widening_circle' } }, { at: t }),
  'a huge string': (s, c, p, t) => s.execute(c, { person: p.coord, role: 'coordinator' }, 'add_network_member', { member: { person: { id: s.newId('person'), name: 'x'.repeat(20000), birth_date: null, languages: [] }, relations: [{ to: p.youth, kind: 'friend' }], side: 'own', minor: false, identified: 'widening_circle' } }, { at: t }),
  'a far-past date': (s, c, p, t) => s.execute(c, { person: p.coord, role: 'coordinator' }, 'add_network_member', { member: { person: { id: s.newId('person'), name: 'Ok', birth_date: '1800-01-01', languages: [] }, relations: [{ to: p.youth, kind: 'friend' }], side: 'own', minor: false, identified: 'widening_circle' } }, { at: t }),
  'a date that is not a date': (s) => s.evaluationsDue('soon'),
  'an unknown id kind': async (s) => s.newId('planet'),
  'a number for an id kind': async (s) => s.newId(42),
}

for (const [name, bad] of Object.entries(BAD)) {
  test(`invalid input: ${name}`, async () => {
    const { store, clock, caseId, p, snapshot } = await setup('update_invitation')
    const before = snapshot()
    await assert.rejects(async () => bad(store, caseId, p, clock.tick()), (e) => e instanceof kring.InvalidInput && e.code === 'invalid_input')
    assert.deepEqual(snapshot(), before)
  })
}

test('times going backwards are a rule violation', async () => {
  const { store, caseId, p, snapshot } = await setup('update_invitation')
  const before = snapshot()
  await assert.rejects(
    store.execute(caseId, { person: p.coord, role: 'coordinator' }, 'update_invitation', { person: p.grandma, status: 'confirmed' }, { at: new Date(Date.UTC(2000, 0, 1)) }),
    (e) => e instanceof kring.RuleViolation && e.rule === 'time_order',
  )
  assert.deepEqual(snapshot(), before)
})

test('the addon throws its refusals with code, rule and ids as properties, not JSON in the message', async () => {
  const native = require('../kring.node')
  const { store, clock, caseId, p } = await setup('begin_part')
  const raw = native.Store.inMemory()
  const expectCoded = (e, code) => {
    assert.ok(e instanceof Error && !(e instanceof kring.KringError), `${e}`)
    assert.equal(e.code, code)
    assert.ok(Array.isArray(e.ids))
    assert.ok(!e.message.startsWith('{'), e.message)
    return true
  }
  // Thrown now, and rejected from the thread pool.
  assert.throws(() => raw.caseSync('case_nonsense'), (e) => expectCoded(e, 'invalid_input') && e.rule === null && e.message.startsWith('invalid case'))
  await assert.rejects(raw.case(store.newId('case')), (e) => expectCoded(e, 'not_found'))
  // Through the wrapper: the class of the code, the same message, rule and ids.
  const actor = { person: p.grandma, role: 'network_member' }
  const fields = { present: [p.prof] }
  let fromAddon
  try {
    store.executeSync(caseId, actor, 'record_attendance', fields, { at: clock.tick() })
  } catch (e) {
    fromAddon = e
  }
  assert.ok(fromAddon instanceof kring.RuleViolation)
  await assert.rejects(store.execute(caseId, actor, 'record_attendance', fields, { at: clock.tick() }), (e) => {
    assert.ok(e instanceof kring.RuleViolation && e.name === 'RuleViolation')
    assert.deepEqual([e.code, e.rule, e.ids, e.message], [fromAddon.code, fromAddon.rule, fromAddon.ids, fromAddon.message])
    assert.ok(e.stack.startsWith(`RuleViolation: ${e.message}`))
    return true
  })
})
