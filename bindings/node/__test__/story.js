'use strict'
// A whole case written from JavaScript, one command of every kind, with invented people.

class Clock {
  constructor() {
    this.now = new Date(Date.UTC(2026, 2, 2, 9, 0, 0))
  }
  tick(hours = 1) {
    this.now = new Date(this.now.getTime() + hours * 3600 * 1000)
    return this.now
  }
  days(n) {
    return this.tick(24 * n)
  }
  date(offsetDays = 0) {
    return new Date(this.now.getTime() + offsetDays * 86400000).toISOString().slice(0, 10)
  }
}

const person = (store, name) => ({ id: store.newId('person'), name, birth_date: null, languages: ['nl'] })

async function walk(store, clock, stopAfter) {
  const p = {}
  const caseId = store.newId('case')
  const org = store.newId('org')
  const youth = person(store, 'Sem Kramer')
  const mother = person(store, 'Nina Kramer')
  const prof = person(store, 'Ellen Smit')
  Object.assign(p, { youth: youth.id, mother: mother.id, prof: prof.id, org })
  const professional = { person: prof.id, role: 'professional' }
  const STOP = Symbol('stop')
  const step = async (actor, name, fields) => {
    const e = await store.execute(caseId, actor, name, fields, { at: clock.tick() })
    if (stopAfter === name) throw STOP
    return e
  }
  try {
    await step(professional, 'request_conference', {
      variant: 'family',
      legal_basis: 'jeugdwet_familiegroepsplan',
      description: 'Sem (14) and his mother want a plan for after school.',
      questions: [{ id: store.newId('item'), text: 'Who is there for Sem after school?' }],
      main_persons: [{ person: youth, party: null }, { person: mother, party: null }],
      referral: { professional: { professional: { person: prof, organisation: org, role: 'family_coach' } } },
      organisations: [{ id: org, name: 'Gezinscoaching', kind: 'care_provider' }],
      consent_to_pass_contact: true,
      preferences: { gender: null, language: 'nl', culture: null, religion: null, other: null },
    })
    const school = store.newId('org')
    const rm = { person: store.newId('person'), role: 'regional_manager' }
    await step(rm, 'register_organisation', { organisation: { id: school, name: 'Basisschool', kind: 'school' } })
    const teacher = person(store, 'Joost Baan')
    p.teacher = teacher.id
    await step(rm, 'add_professional', { professional: { person: teacher, organisation: school, role: 'school' } })
    const youthActor = { person: youth.id, role: 'main_person' }
    await step(youthActor, 'record_contact_details', { person: youth.id, details: { phone: '000-0000000', email: null, address: null }, consent: true })
    await step(rm, 'share_contact_details', { person: youth.id, with: prof.id })
    await step(youthActor, 'withdraw_contact_consent', { person: youth.id })
    const grandma = person(store, 'Truus Kramer')
    p.grandma = grandma.id
    await step({ person: mother.id, role: 'main_person' }, 'add_network_member', {
      member: { person: grandma, relations: [{ to: youth.id, kind: 'grandparent' }], side: 'mothers', minor: false, identified: 'at_intake' },
    })
    const coord = person(store, 'Rik Dekker')
    p.coord = coord.id
    const coordinator = { person: coord.id, role: 'coordinator' }
    await step(rm, 'assign_coordinator', { coordinator: { person: coord, affiliations: [], languages: ['nl'], gender: 'male', region: 'Noord' } })
    await step({ person: mother.id, role: 'main_person' }, 'respond_to_coordinator', { accepted: true })
    const neighbour = person(store, 'Anouk Veen')
    p.neighbour = neighbour.id
    await step(coordinator, 'add_network_member', {
      member: { person: neighbour, relations: [{ to: mother.id, kind: 'neighbour' }], side: 'own', minor: false, identified: 'widening_circle' },
    })
    for (const who of [grandma.id, neighbour.id]) {
      await step(coordinator, 'update_invitation', { person: who, status: 'invited' })
      await step(coordinator, 'update_invitation', { person: who, status: 'confirmed' })
    }
    await step(coordinator, 'set_participation', { person: neighbour.id, participation: 'in_person' })
    const framework = store.newId('framework')
    const condition = store.newId('item')
    Object.assign(p, { framework, condition })
    await step(professional, 'submit_framework', {
      framework: {
        id: framework,
        concerns: [{ id: store.newId('item'), text: 'Sem is alone after school.' }],
        conditions: [{ id: condition, text: 'An adult is there after school every day.' }],
        questions: [],
        criteria: [],
      },
    })
    const day = clock.date(10)
    await step(coordinator, 'schedule_conference', { conference: { id: store.newId('conf'), date: day, place: 'Buurthuis', language: 'nl', interpreter: false } })
    await step(coordinator, 'start_conference')
    await step(coordinator, 'record_attendance', { present: [youth.id, mother.id, grandma.id, neighbour.id, prof.id, coord.id] })
    await step(coordinator, 'begin_part', { part: 'private_time' })
    const circle = { person: grandma.id, role: 'network_member' }
    await step(circle, 'record_attendance', { present: [youth.id, mother.id, grandma.id, neighbour.id] })
    const evaluation = store.newId('eval')
    p.evaluation = evaluation
    const plan = {
      agreements: [
        { id: store.newId('agr'), what: 'Grandma is at home when Sem comes from school on Mondays to Wednesdays.', carried_by: [grandma.id], supporters: [], start: day, due: null, frequency: 'three times a week', answers: [condition] },
        { id: store.newId('agr'), what: 'Sem goes to the neighbour on Thursdays and Fridays.', carried_by: [neighbour.id, youth.id], supporters: [mother.id], start: day, due: null, frequency: null, answers: [condition] },
      ],
      requested_help: [{ id: store.newId('help'), what: 'Help with homework at school.', from: teacher.id, answers: [] }],
      monitors: [grandma.id],
      conveners: [neighbour.id],
      evaluations: [{ id: evaluation, planned_on: clock.date(100) }],
      contact_arrangement: 'Grandma calls the family coach monthly.',
    }
    p.plan = plan
    await step(circle, 'submit_plan', { content: plan })
    await step(coordinator, 'begin_part', { part: 'presentation' })
    await step(professional, 'assess_plan', { version: 1, framework, verdicts: [[condition, 'met']] })
    await step(coordinator, 'end_conference')
    await step(coordinator, 'distribute_plan', { version: 1, recipients: [youth.id, mother.id, grandma.id, neighbour.id, prof.id], frameworks_attached: [framework] })
    await step(circle, 'raise_signal', { id: store.newId('signal'), about: 'Sem was alone twice last week.' })
    clock.days(90)
    await step(circle, 'record_evaluation', {
      record: {
        evaluation,
        held_on: clock.date(0),
        convened_by: neighbour.id,
        present: [youth.id, mother.id, grandma.id, neighbour.id],
        reviews: [
          { agreement: plan.agreements[0].id, status: 'on_track', note: null },
          { agreement: plan.agreements[1].id, status: 'partly', note: 'Fridays are hard.' },
        ],
        next_step: 'revise',
      },
    })
    const revised = { ...plan, evaluations: [...plan.evaluations, { id: store.newId('eval'), planned_on: clock.date(60) }] }
    await step(circle, 'revise_plan', { content: revised, evaluation })
    await step(professional, 'assess_plan', { version: 2, framework, verdicts: [[condition, 'met']] })
    await step(rm, 'close_case', { outcome: 'plan_carried_out', note: null })
    await step(rm, 'record_satisfaction', { group: 'main_person', score: 8 })
  } catch (e) {
    if (e !== STOP) throw e
  }
  return { caseId, p }
}

module.exports = { Clock, walk, person }
