'use strict'
// What else is written down about a case (store format 3), from JavaScript: a measure over
// time, a representative and the consent they give for a child, an interpreter; read back
// from the case. Every name is invented.
const { test } = require('node:test')
const assert = require('node:assert/strict')

const kring = require('..')
const { Store } = kring
const { Clock, person } = require('./story.js')

test('a measure, a representative\'s consent and an interpreter', async () => {
  const store = Store.inMemory()
  const clock = new Clock()
  const caseId = store.newId('case')
  const org = store.newId('org')
  const child = { ...person(store, 'Lotte Brink'), birth_date: '2014-06-03' }
  const mother = person(store, 'Mirjam Brink')
  const prof = person(store, 'Hanneke Vos')
  const professional = { person: prof.id, role: 'professional' }
  const step = (actor, name, fields) => store.execute(caseId, actor, name, fields, { at: clock.tick() })
  await step(professional, 'request_conference', {
    variant: 'family',
    legal_basis: 'jeugdwet_familiegroepsplan',
    description: 'Lotte (11) is under supervision; the family wants its own plan.',
    questions: [{ id: store.newId('item'), text: 'How does Lotte stay safe at home?' }],
    main_persons: [{ person: child, party: null }, { person: mother, party: null }],
    referral: { professional: { professional: { person: prof, organisation: org, role: 'case_manager' } } },
    organisations: [{ id: org, name: 'Jeugdbescherming Oost', kind: 'care_provider' }],
    consent_to_pass_contact: true,
    preferences: {},
  })
  // A supervision order, in force since before the request.
  const measure = store.newId('measure')
  const supervision = { id: measure, kind: 'supervision_order', concerns: [child.id] }
  await step(professional, 'record_measure', { measure: { ...supervision, status: 'in_force', on: '2026-01-15' } })
  const rm = { person: store.newId('person'), role: 'regional_manager' }
  const coord = person(store, 'Pieter Stam')
  const coordinator = { person: coord.id, role: 'coordinator' }
  await step(rm, 'assign_coordinator', { coordinator: { person: coord, affiliations: [], languages: ['nl'], gender: 'male', region: 'Oost' } })
  await step({ person: mother.id, role: 'main_person' }, 'respond_to_coordinator', { accepted: true })

  // The mother is registered as Lotte's representative, and gives consent for her.
  await step(coordinator, 'add_representative', { representation: { person: mother.id, for_person: child.id, kind: 'parent_with_authority' } })
  const forLotte = { person: mother.id, role: 'main_person', on_behalf_of: child.id }
  const event = await step(forLotte, 'record_consent', { person: child.id, matter: 'conference', given: true })
  assert.deepEqual(event.actor, forLotte)

  // Her grandfather, who speaks Turkish, joins the circle with an interpreter; he does not
  // represent Lotte, so he cannot act for her.
  const grandfather = person(store, 'Kemal Brink')
  await step(coordinator, 'add_network_member', {
    member: { person: grandfather, relations: [{ to: child.id, kind: 'grandparent', side: 'fathers' }], side: 'fathers', minor: false, identified: 'widening_circle' },
  })
  const before = store.caseSync(caseId)
  await assert.rejects(
    step({ person: grandfather.id, role: 'main_person', on_behalf_of: child.id }, 'record_consent', { person: child.id, matter: 'conference', given: false }),
    (e) => e instanceof kring.PermissionDenied && e.code === 'permission_denied',
  )
  assert.deepEqual(store.caseSync(caseId), before)
  const interpreter = person(store, 'Deniz Aydin')
  await step(coordinator, 'add_interpreter', { interpreter: { person: interpreter, language: 'tr', for_persons: [grandfather.id] } })

  // The measure moves on: the same kind and people, a new status.
  const extendedOn = clock.date(0)
  await step(professional, 'record_measure', { measure: { ...supervision, status: 'extended', on: extendedOn, note: 'Extended by a year.' } })
  await assert.rejects(
    step(professional, 'record_measure', { measure: { ...supervision, kind: 'custody', status: 'ended', on: extendedOn } }),
    (e) => e instanceof kring.RuleViolation && e.rule === 'references_resolve' && e.ids.includes(measure),
  )

  const c = await store.case(caseId)
  const m = c.measures[measure]
  assert.deepEqual([m.kind, m.concerns, m.label], ['supervision_order', [child.id], null])
  assert.deepEqual(m.history.map((s) => [s.status, s.on, s.recorded_by]), [['in_force', '2026-01-15', prof.id], ['extended', extendedOn, prof.id]])
  assert.equal(m.history[1].note, 'Extended by a year.')
  assert.deepEqual(c.representatives, [{ person: mother.id, for_person: child.id, kind: 'parent_with_authority' }])
  assert.equal(c.consents.length, 1)
  const [consent] = c.consents
  assert.deepEqual([consent.person, consent.matter, consent.given, consent.given_by], [child.id, 'conference', true, mother.id])
  assert.equal(c.interpreters[interpreter.id].language, 'tr')
  assert.deepEqual(c.interpreters[interpreter.id].for_persons, [grandfather.id])
  assert.equal(c.interpreters[interpreter.id].person.name, 'Deniz Aydin')
  assert.equal((await store.verify()).cases, 1)
  store.close()
})
