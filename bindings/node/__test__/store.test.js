'use strict'
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const kring = require('..')
const { Store } = kring
const { Clock, walk, person } = require('./story.js')

// The commands of a case's lifecycle, from the request to its closure, which one walk uses;
// the commands that record more about a case (store format 3) are walked in records.test.js.
const LIFECYCLE = new Set([
  'request_conference', 'register_organisation', 'add_professional', 'record_contact_details',
  'share_contact_details', 'withdraw_contact_consent', 'assign_coordinator', 'respond_to_coordinator',
  'add_network_member', 'update_invitation', 'set_participation', 'submit_framework',
  'schedule_conference', 'start_conference', 'begin_part', 'record_attendance', 'submit_plan',
  'assess_plan', 'end_conference', 'distribute_plan', 'record_evaluation', 'raise_signal',
  'revise_plan', 'close_case', 'withdraw', 'record_satisfaction',
])

const names = (history) => history.map((r) => (typeof r.event.command === 'string' ? r.event.command : Object.keys(r.event.command)[0]))

test('a whole case from JavaScript uses every command of the lifecycle', async () => {
  const store = Store.inMemory()
  const clock = new Clock()
  const { caseId, p } = await walk(store, clock)
  const c = await store.case(caseId)
  assert.equal(c.phase, 'closed')
  assert.match(c.requested_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  assert.equal(c.plans[1].status, 'accepted')
  assert.deepEqual(c.plans[0].content.monitors, [p.grandma])
  assert.deepEqual(c.contacts, {})
  const other = await walk(store, clock, 'respond_to_coordinator')
  const mp = (await store.case(other.caseId)).main_persons[0].person.id
  await store.execute(other.caseId, { person: mp, role: 'main_person' }, 'withdraw', { reason: 'We stop here.' }, { at: clock.tick() })
  const used = new Set([...names(await store.history(caseId)), ...names(await store.history(other.caseId))])
  assert.deepEqual(used, LIFECYCLE)
  assert.equal((await store.verify()).cases, 2)
  store.close()
})

test('reads, history, time travel and the change feed', async () => {
  const store = Store.inMemory()
  const { caseId } = await walk(store, new Clock())
  const history = await store.history(caseId)
  assert.deepEqual(history.map((r) => r.seq), history.map((_, i) => i + 1))
  assert.equal((await store.caseAtVersion(caseId, 1)).phase, 'requested')
  const middle = history[Math.floor(history.length / 2)].event.at
  assert.ok((await store.caseAt(caseId, middle)).updated_at <= middle)
  assert.ok((await store.caseAt(caseId, new Date(middle))).version >= 1)
  assert.deepEqual(await store.caseAtVersion(caseId, history.length), store.caseSync(caseId))
  assert.deepEqual((await store.eventsSince(0, 5)).map((r) => r.seq), [1, 2, 3, 4, 5])
  assert.equal(store.lastSeq(), history.length)
})

test('queries', async () => {
  const store = Store.inMemory()
  const ids = await store.generate({ seed: 5, count: 40 })
  const { caseId, p } = await walk(store, new Clock())
  assert.equal(store.count(), 41)
  const closed = await store.query({ phase: 'closed' })
  assert.ok(closed.includes(caseId))
  assert.ok(closed.every((id) => ids.includes(id) || id === caseId))
  assert.deepEqual(await store.casesOfPerson(p.grandma), [caseId])
  assert.deepEqual(await store.query({ coordinator: p.coord }), [caseId])
  assert.deepEqual(store.querySync({ organisation: p.org }), [caseId])
  const all = await store.cases({})
  assert.deepEqual(await store.query({ legal_basis: 'wmo_persoonlijk_plan' }), all.filter((c) => c.legal_basis === 'wmo_persoonlijk_plan').map((c) => c.id).sort())
  const c = await store.case(caseId)
  assert.deepEqual(await store.query({ requested_from: c.requested_at, requested_to: new Date(Date.parse(c.requested_at) + 1000).toISOString() }), [caseId])
})

test('evaluations due', async () => {
  const store = Store.inMemory()
  const { caseId, p } = await walk(store, new Clock(), 'distribute_plan')
  const planned = p.plan.evaluations[0].planned_on
  const dayBefore = new Date(Date.parse(planned) - 86400000)
  assert.deepEqual(await store.evaluationsDue(dayBefore), [])
  const due = await store.evaluationsDue(planned)
  assert.deepEqual(due, [{ case: caseId, evaluation: p.evaluation, planned_on: planned }])
})

test('summaries without the whole case', async () => {
  const store = Store.inMemory()
  const { caseId, p } = await walk(store, new Clock(), 'distribute_plan')
  const s = await store.summary(caseId)
  const full = await store.case(caseId)
  assert.deepEqual([s.id, s.version, s.phase, s.updated_at], [caseId, full.version, 'follow_up', full.updated_at])
  assert.equal(s.plan_in_force, 1)
  assert.deepEqual(s.latest_plan, { version: 1, status: 'accepted' })
  assert.deepEqual(s.open_evaluations, [{ id: p.evaluation, planned_on: p.plan.evaluations[0].planned_on }])
  assert.deepEqual(store.summarySync(caseId), s)
  assert.deepEqual(await store.summaries({ phase: 'follow_up' }), [s])
  assert.deepEqual(await store.summaries({ phase: 'closed' }), [])
  await assert.rejects(store.summary('case_00000000000000000000000000'), kring.NotFound)
})

test('executeMany commits all or nothing', async () => {
  const store = Store.inMemory()
  const clock = new Clock()
  const { caseId, p } = await walk(store, clock, 'respond_to_coordinator')
  const coordinator = { person: p.coord, role: 'coordinator' }
  const before = [store.caseSync(caseId), store.lastSeq()]
  const member = { person: person(store, 'Bert Maas'), relations: [{ to: p.youth, kind: 'friend' }], side: 'own', minor: false, identified: 'widening_circle' }
  await assert.rejects(
    store.executeMany([
      { case: caseId, actor: coordinator, command: 'add_network_member', fields: { member }, at: clock.tick() },
      { case: caseId, actor: coordinator, command: 'start_conference', at: clock.tick() },
    ]),
    (e) => e instanceof kring.RuleViolation && e.rule === 'lifecycle',
  )
  assert.deepEqual([store.caseSync(caseId), store.lastSeq()], before)
  const events = await store.executeMany([{ case: caseId, actor: coordinator, command: { add_network_member: { member } }, at: clock.tick() }])
  assert.equal(events.length, 1)
})

test('importCommands rebuilds another store\'s cases, all or nothing', async () => {
  const store = Store.inMemory()
  const ids = await store.generate({ seed: 9, count: 12 })
  const feed = await store.eventsSince(0, 100000)
  const items = feed.map((r) => ({ case: r.event.case, actor: r.event.actor, command: r.event.command, at: r.event.at }))
  const copy = Store.inMemory()
  const report = await copy.importCommands(items)
  assert.deepEqual(report, { commands: items.length, cases: 12, first_seq: 1, last_seq: items.length })
  for (const id of ids) assert.deepEqual(copy.caseSync(id), store.caseSync(id))
  // The same commands again repeat each case's request: the whole import is refused.
  await assert.rejects(copy.importCommands(items), (e) => e instanceof kring.RuleViolation)
  assert.equal(copy.lastSeq(), items.length)
  await assert.rejects(copy.importCommands('not a list'), (e) => e instanceof kring.InvalidInput)
})

test('executeMany names the bad part of an item and changes nothing', async () => {
  const store = Store.inMemory()
  const clock = new Clock()
  const { caseId, p } = await walk(store, clock, 'respond_to_coordinator')
  const coordinator = { person: p.coord, role: 'coordinator' }
  const before = [store.caseSync(caseId), store.lastSeq()]
  const good = { case: caseId, actor: coordinator, command: 'raise_signal', fields: { id: store.newId('signal'), about: 'x' }, at: clock.tick() }
  const cases = [
    [{ ...good, case: 42 }, /invalid case/],
    [{ ...good, case: 'case_nonsense' }, /invalid case/],
    [{ ...good, actor: { person: p.coord } }, /invalid actor/],
    [{ ...good, actor: undefined }, /invalid actor/],
    [{ ...good, command: 'no_such_command' }, /invalid command/],
    [{ ...good, command: { raise_signal: { about: 'x', extra: 1 } } }, /invalid command/],
    [{ ...good, at: 'yesterday' }, /invalid at/],
    [{ ...good, fields: { id: 1n } }, /BigInt/],
  ]
  for (const [item, message] of cases) {
    await assert.rejects(store.executeMany([good, item]), (e) => e instanceof kring.InvalidInput && e.code === 'invalid_input' && message.test(e.message), JSON.stringify(item, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)))
  }
  await assert.rejects(store.executeMany('not a list'), (e) => e instanceof kring.KringError)
  assert.deepEqual([store.caseSync(caseId), store.lastSeq()], before)
})

test('concurrent Promises on one store', async () => {
  const store = Store.inMemory()
  const clock = new Clock()
  const ids = await store.generate({ seed: 7, count: 20 })
  const walks = [1, 2, 3, 4].map(() => {
    const c = new Clock()
    c.now = new Date(clock.now)
    return walk(store, c)
  })
  const reads = []
  for (let i = 0; i < 50; i++) reads.push(store.case(ids[i % ids.length]))
  const [done, got] = await Promise.all([Promise.all(walks), Promise.all(reads)])
  assert.equal(done.length, 4)
  assert.ok(got.every((c) => ids.includes(c.id)))
  assert.equal(store.count(), 24)
  assert.equal((await store.verify()).cases, 24)
})

test('files: create, open, already open, backup, closed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-node-'))
  const file = path.join(dir, 'cases.kring')
  const store = Store.create(file)
  const { caseId } = await walk(store, new Clock())
  assert.throws(() => Store.open(file), (e) => e instanceof kring.AlreadyOpen && e.code === 'already_open')
  assert.throws(() => Store.create(file), (e) => e instanceof kring.AlreadyExists)
  await store.backup(path.join(dir, 'copy.kring'))
  const state = await store.case(caseId)
  store.close()
  assert.ok(store.closed)
  assert.throws(() => store.caseSync(caseId), (e) => e instanceof kring.Closed && e.code === 'closed')
  await assert.rejects(store.case(caseId), kring.Closed)
  for (const f of [file, path.join(dir, 'copy.kring')]) {
    const again = Store.open(f)
    assert.deepEqual(await again.case(caseId), state)
    again.close()
  }
  fs.writeFileSync(path.join(dir, 'junk.kring'), 'not a store at all, just text')
  assert.throws(() => Store.open(path.join(dir, 'junk.kring')), (e) => e instanceof kring.NotAKringStore && e.code === 'not_a_kring_store')
  fs.rmSync(dir, { recursive: true })
})

test('trustCleanClose opens without checking every page, and damage is found when read', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-node-'))
  const file = path.join(dir, 'cases.kring')
  const store = Store.create(file)
  const { caseId } = await walk(store, new Clock())
  const state = await store.case(caseId)
  store.close()
  for (const trustCleanClose of [true, false, undefined, null]) {
    const again = Store.open(file, { trustCleanClose })
    assert.deepEqual(await again.case(caseId), state)
    again.close()
  }
  for (const bad of ['yes', 1, 0, {}]) {
    assert.throws(
      () => Store.open(file, { trustCleanClose: bad }),
      (e) => e instanceof kring.InvalidInput && e.code === 'invalid_input' && /trustCleanClose/.test(e.message),
    )
  }
  // The story's invented name is stored as written: make every copy of it invalid UTF-8.
  // The default open checks every page and refuses the file; the trusting one opens it and
  // finds the damage when the case is read.
  const data = fs.readFileSync(file)
  const needle = Buffer.from('Truus Kramer')
  let damaged = 0
  for (let at = data.indexOf(needle); at >= 0; at = data.indexOf(needle, at + 1)) {
    data[at] = 0xff
    damaged++
  }
  assert.ok(damaged > 0)
  fs.writeFileSync(file, data)
  assert.throws(() => Store.open(file), (e) => e instanceof kring.Corrupted && e.code === 'corrupted')
  const trusting = Store.open(file, { trustCleanClose: true })
  await assert.rejects(() => trusting.case(caseId), kring.Corrupted)
  await assert.rejects(() => trusting.verify(), kring.Corrupted)
  trusting.close()
  fs.rmSync(dir, { recursive: true })
})

test('research tables are pseudonymised unless asked otherwise', async () => {
  const store = Store.inMemory()
  const { caseId, p } = await walk(store, new Clock())
  const t = await store.researchTables({ key: Buffer.from('a research key, 32 bytes long!!') })
  assert.equal(Object.keys(t).length, 11)
  const text = JSON.stringify(t)
  for (const secret of [caseId, p.grandma, 'Truus Kramer', 'Sem Kramer']) assert.ok(!text.includes(secret), secret)
  const again = await store.researchTables({ key: Buffer.from('a research key, 32 bytes long!!') })
  assert.equal(again.cases[0].case, t.cases[0].case)
  const named = await store.researchTables({ identifying: true })
  assert.equal(named.cases[0].case, caseId)
  await assert.rejects(store.researchTables({ key: Buffer.from('short') }), kring.InvalidInput)
  await assert.rejects(store.researchTables(), kring.InvalidInput)
})

test('ESM import works: the same exports as require, and the module as the default', async () => {
  const m = await import('kring')
  assert.equal(m.Store, Store)
  assert.equal(m.default, kring)
  assert.equal(m.default.RuleViolation, kring.RuleViolation)
  assert.equal(m.ID_KINDS, kring.ID_KINDS)
  assert.equal(m.ROLES, kring.ROLES)
  // `__esModule` is the marker of compiled CommonJS, which Node passes on to the namespace.
  assert.deepEqual(Object.keys(m).filter((k) => k !== 'default' && k !== '__esModule').sort(), Object.keys(kring).sort())
  for (const k of Object.keys(kring)) assert.equal(m[k], kring[k], k)
})

test('the roles and id kinds are the core\'s, and the IdKind type lists the same kinds', () => {
  assert.deepEqual(kring.ROLES, ['main_person', 'network_member', 'coordinator', 'regional_manager', 'professional', 'administrator'])
  assert.deepEqual(kring.ID_KINDS, ['case', 'person', 'org', 'framework', 'item', 'conf', 'agr', 'help', 'eval', 'signal', 'measure', 'store'])
  assert.ok(Object.isFrozen(kring.ROLES) && Object.isFrozen(kring.ID_KINDS))
  const types = fs.readFileSync(path.join(__dirname, '..', 'dist', 'index.d.ts'), 'utf8')
  const union = types.match(/^export type IdKind = (.*?);?$/m)
  assert.ok(union, 'index.d.ts declares IdKind')
  assert.deepEqual(union[1].split('|').map((k) => k.trim().replace(/^'(.*)'$/, '$1')), [...kring.ID_KINDS])
  const store = Store.inMemory()
  for (const kind of kring.ID_KINDS) assert.ok(store.newId(kind).startsWith(`${kind}_`))
  assert.throws(() => store.newId('planet'), (e) => e instanceof kring.InvalidInput && e.message.includes(kring.ID_KINDS.join(', ')))
})
