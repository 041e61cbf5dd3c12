'use strict'
// The documents people read from a case (crates/kring-documents): the family's plan as one
// self-contained HTML file and the network map as SVG, made through the binding. Every name
// is invented.
const { test } = require('node:test')
const assert = require('node:assert/strict')

const kring = require('..')
const { Store } = kring
const { Clock, walk, person } = require('./story.js')

const HOSTILE = '<script>alert(1)</script>'

/** The text of markup: the character references and named entities the documents use,
 * decoded. */
const decode = (markup) =>
  markup
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&(lt|gt|quot|apos|amp);/g, (_, e) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e])

/** Nothing in the document is fetched or run. */
function selfContained(html) {
  for (const bad of ['<script', 'http://', 'https://', '<link', 'src=']) assert.ok(!html.includes(bad), bad)
}

test('the plan holds what the family agreed, in Dutch and in English', async () => {
  const store = Store.inMemory()
  const { caseId, p } = await walk(store, new Clock())
  const nl = await store.planHtml(caseId)
  const en = await store.planHtml(caseId, { lang: 'en' })
  assert.equal(await store.planHtml(caseId, { lang: 'nl' }), nl)
  for (const [html, lang] of [
    [nl, 'nl'],
    [en, 'en'],
  ]) {
    assert.ok(html.startsWith('<!DOCTYPE html>'), lang)
    assert.ok(html.includes(`<html lang="${lang}"`), lang)
    for (const agreement of p.plan.agreements) assert.ok(html.includes(agreement.what), agreement.what)
    for (const name of ['Sem Kramer', 'Truus Kramer', 'Anouk Veen', 'Rik Dekker']) assert.ok(html.includes(name), name)
    selfContained(html)
  }
  assert.notEqual(nl, en)
  // The first version, before the evaluation revised it, is another document.
  const first = await store.planHtml(caseId, { version: 1 })
  assert.ok(first.startsWith('<!DOCTYPE html>'))
  assert.notEqual(first, nl)
  assert.equal(await store.planHtml(caseId, { version: 2 }), nl)
  assert.equal(await store.planHtml(caseId, { version: null, lang: null, reader: null }), nl)
})

test('a document printed for a reader is checked and logged as caseFor is', async () => {
  const store = Store.inMemory()
  const { caseId, p } = await walk(store, new Clock())
  const grandma = { person: p.grandma, role: 'network_member' }

  const html = await store.planHtml(caseId, { reader: grandma, lang: 'en' })
  assert.ok(html.startsWith('<!DOCTYPE html>') && html.includes('Truus Kramer'))
  let log = await store.accessLog({ case: caseId })
  assert.deepEqual([log.at(-1).what, log.at(-1).seq ?? null, log.at(-1).actor.person], ['case_for', null, p.grandma])

  const before = log.length
  const svg = await store.networkMap(caseId, { reader: grandma })
  assert.ok(svg.startsWith('<svg') && svg.includes('Truus Kramer'))
  log = await store.accessLog({ case: caseId })
  assert.equal(log.length, before + 1)
  assert.deepEqual([log.at(-1).what, log.at(-1).actor.person], ['case_for', p.grandma])

  // Without a reader nothing is logged: the document is the coordinator's.
  await store.planHtml(caseId)
  await store.networkMap(caseId)
  assert.equal((await store.accessLog({ case: caseId })).length, before + 1)

  const stranger = { person: store.newId('person'), role: 'network_member' }
  // Each call is made only when it is awaited: a rejected Promise nobody awaits yet is an
  // unhandled rejection, and fails the run depending on timing.
  for (const call of [() => store.planHtml(caseId, { reader: stranger }), () => store.networkMap(caseId, { reader: stranger })]) {
    await assert.rejects(call, (e) => {
      assert.ok(e instanceof kring.PermissionDenied)
      assert.equal(e.code, 'permission_denied')
      return true
    })
  }
  await assert.rejects(store.planHtml(caseId, { reader: { person: 'nope', role: 'coordinator' } }), kring.InvalidInput)
  await assert.rejects(store.networkMap(caseId, { reader: 'person_x' }), kring.InvalidInput)
})

test('the network map holds the circle, and a regional manager\'s leaves it out', async () => {
  const store = Store.inMemory()
  const { caseId } = await walk(store, new Clock())
  const nl = await store.networkMap(caseId)
  const en = await store.networkMap(caseId, { lang: 'en' })
  for (const svg of [nl, en]) {
    assert.ok(svg.startsWith('<svg'))
    for (const name of ['Sem Kramer', 'Nina Kramer', 'Truus Kramer', 'Anouk Veen', 'Rik Dekker']) assert.ok(svg.includes(name), name)
    assert.ok(!svg.includes('<script'))
  }
  assert.notEqual(nl, en)

  // The story's regional manager registers the school, second in the history.
  const manager = (await store.history(caseId))[1].event.actor
  assert.equal(manager.role, 'regional_manager')
  const theirs = await store.networkMap(caseId, { reader: manager })
  assert.ok(theirs.startsWith('<svg'))
  for (const name of ['Truus Kramer', 'Anouk Veen']) assert.ok(!theirs.includes(name), name)
  assert.ok(theirs.includes('Rik Dekker'), 'the coordinator is outside the circle')
  // A regional manager may not read the plan at all.
  await assert.rejects(store.planHtml(caseId, { reader: manager }), kring.PermissionDenied)
})

test('bad options reject with InvalidInput, a missing version with NotFound', async () => {
  const store = Store.inMemory()
  const { caseId } = await walk(store, new Clock())
  const rejects = async (call, cls, code) =>
    assert.rejects(call, (e) => {
      assert.ok(e instanceof cls, `${e}`)
      assert.equal(e.code, code)
      assert.ok(Array.isArray(e.ids))
      return true
    })

  for (const lang of ['de', 'NL', '', 5, {}]) {
    await rejects(store.planHtml(caseId, { lang }), kring.InvalidInput, 'invalid_input')
    await rejects(store.networkMap(caseId, { lang }), kring.InvalidInput, 'invalid_input')
  }
  for (const version of [-1, 0, 1.5, '1', Number.NaN, Infinity, 2 ** 32, 2 ** 64, true]) {
    await rejects(store.planHtml(caseId, { version }), kring.InvalidInput, 'invalid_input')
  }
  for (const options of ['en', 1, [], true]) {
    await rejects(store.planHtml(caseId, options), kring.InvalidInput, 'invalid_input')
    await rejects(store.networkMap(caseId, options), kring.InvalidInput, 'invalid_input')
  }
  await assert.rejects(store.planHtml(caseId, { lang: 'de' }), /lang/)
  await assert.rejects(store.planHtml(caseId, { version: 0 }), /version/)

  await assert.rejects(store.planHtml(caseId, { version: 9 }), (e) => {
    assert.ok(e instanceof kring.NotFound)
    assert.equal(e.code, 'not_found')
    // The core names the version and the case in one id: `9 of case_…`.
    assert.ok(e.ids.some((id) => id.includes(caseId)), `${e.ids}`)
    return true
  })
  for (const call of [() => store.planHtml('nonsense'), () => store.networkMap(42)]) await rejects(call, kring.InvalidInput, 'invalid_input')
  const unknown = store.newId('case')
  await rejects(store.planHtml(unknown), kring.NotFound, 'not_found')
  await rejects(store.networkMap(unknown), kring.NotFound, 'not_found')

  // A case without a plan yet has no plan document.
  const early = await walk(store, new Clock(), 'set_participation')
  await rejects(store.planHtml(early.caseId), kring.NotFound, 'not_found')
  assert.ok((await store.networkMap(early.caseId)).startsWith('<svg'))

  store.close()
  await rejects(store.planHtml(caseId), kring.Closed, 'closed')
  await rejects(store.networkMap(caseId), kring.Closed, 'closed')
})

test('a name or an agreement with markup comes out as text', async () => {
  // The story's names are fixed: a member with markup in their name joins after the
  // evaluation, and carries an agreement of the revised plan with markup in it.
  const store = Store.inMemory()
  const clock = new Clock()
  const { caseId, p } = await walk(store, clock, 'record_evaluation')
  const coordinator = { person: p.coord, role: 'coordinator' }
  const circle = { person: p.grandma, role: 'network_member' }
  const step = (actor, name, fields) => store.execute(caseId, actor, name, fields, { at: clock.tick() })
  const hostile = person(store, HOSTILE)
  await step(coordinator, 'add_network_member', {
    member: { person: hostile, relations: [{ to: p.youth, kind: 'aunt_uncle' }], side: 'fathers', minor: false, identified: 'widening_circle' },
  })
  const what = `Cooks on Sundays ${HOSTILE}`
  const agreement = { id: store.newId('agr'), what, carried_by: [hostile.id], supporters: [], start: clock.date(1), due: null, frequency: null, answers: [] }
  await step(circle, 'revise_plan', { content: { ...p.plan, agreements: [...p.plan.agreements, agreement] }, evaluation: p.evaluation })

  for (const lang of ['nl', 'en']) {
    // Escaped in the markup, and the same text once a reader's program decodes it.
    const html = await store.planHtml(caseId, { lang })
    selfContained(html)
    assert.ok(!html.includes('alert(1)</'), lang)
    assert.ok(decode(html).includes(`>${HOSTILE}<`), `${lang}: the name`)
    assert.ok(decode(html).includes(what), `${lang}: the agreement`)
    const svg = await store.networkMap(caseId, { lang })
    assert.ok(!svg.includes('<script') && !svg.includes('alert(1)</'), lang)
    assert.ok(decode(svg).includes(`>${HOSTILE}</text>`), `${lang}: the name on the map`)
  }
})

test('a case as a FHIR R5 bundle whose references all resolve', async () => {
  const store = Store.inMemory()
  const { caseId } = await walk(store, new Clock())
  const bundle = await store.fhirBundle(caseId)
  assert.equal(bundle.resourceType, 'Bundle')
  assert.deepEqual(await store.fhirBundle(caseId), bundle)
  const urls = new Set(bundle.entry.map((e) => e.fullUrl))
  assert.equal(urls.size, bundle.entry.length, 'every fullUrl once')
  const references = []
  const walkJson = (v) => {
    if (Array.isArray(v)) v.forEach(walkJson)
    else if (v && typeof v === 'object') {
      if (typeof v.reference === 'string') references.push(v.reference)
      Object.values(v).forEach(walkJson)
    }
  }
  walkJson(bundle.entry.map((e) => e.resource))
  assert.ok(references.length > 20)
  for (const r of references) assert.ok(urls.has(r), r)
  const kinds = bundle.entry.map((e) => e.resource.resourceType)
  assert.equal(kinds.filter((k) => k === 'CarePlan').length, 2)
  for (const k of ['Patient', 'RelatedPerson', 'CareTeam', 'Encounter', 'Task', 'Goal', 'Provenance', 'Consent']) assert.ok(kinds.includes(k), k)
  assert.ok(!JSON.stringify(bundle).includes('000-0000000'), 'no contact details leave the store')
  await assert.rejects(store.fhirBundle('not-an-id'), kring.InvalidInput)
  await assert.rejects(store.fhirBundle('case_00000000000000000000000001'), kring.NotFound)
  await assert.rejects(store.fhirBundle(42), kring.InvalidInput)
})
