'use strict'
// The report of the standard measures from Node (`reportHtml`): one HTML page whose figures
// are those `measures` gives for the same options, in Dutch or English, the day it was made
// printed only when given, and its options checked as `measures` checks them.
const { test } = require('node:test')
const assert = require('node:assert/strict')

const kring = require('..')

const key = Buffer.from('report key for the node tests!!!')
const store = kring.Store.inMemory()
const generated = store.generate({ seed: 11, count: 150 })

/** The rows of the summary table (the first table of the page): the group's name and its
 * cells as text. */
function summaryRows(html) {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'))
  return [...body.matchAll(/<tr><th scope="row">([^<]*)<\/th>(.*?)<\/tr>/g)].map((m) => ({
    name: m[1],
    cells: [...m[2].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]),
  }))
}

/** A share as the report writes it: a whole percentage, rounded; `—` where there is none. */
function percent(cell, share) {
  if (share === null) return assert.equal(cell, '—')
  const m = /^(\d+)%$/.exec(cell)
  assert.ok(m, cell)
  assert.ok(Math.abs(Number(m[1]) - share * 100) <= 0.5 + 1e-9, `${cell} for ${share}`)
}

const queries = [
  { key, groupBy: 'variant' },
  { identifying: true, groupBy: 'legal_basis' },
  { identifying: true, from: '2016-01-01', to: new Date('2016-07-01T00:00:00Z') },
]

for (const options of queries) {
  test(`the report holds the key figures of the measures: ${JSON.stringify(options)}`, async () => {
    await generated
    const measures = await store.measures(options)
    for (const [lang, requestsLabel] of [
      ['en', 'Requests in the period'],
      ['nl', 'Aanvragen in de periode'],
    ]) {
      const html = await store.reportHtml({ ...options, lang })
      assert.ok(html.startsWith('<!DOCTYPE html>'), html.slice(0, 100))
      assert.ok(html.includes(`<html lang="${lang}">`))
      assert.ok(html.includes('<svg'))
      const total = measures.groups.reduce((n, g) => n + g.uptake.requests, 0)
      assert.ok(html.includes(`<dt>${requestsLabel}</dt><dd>${total}</dd>`), `${requestsLabel} ${total}`)
      // A row per group in the summary, in the order of the measures: requests, conferences
      // held with their share, and (fifth) the share of the plan carried by the circle.
      const rows = summaryRows(html)
      assert.ok(rows.length >= measures.groups.length)
      measures.groups.forEach((g, i) => {
        const { cells } = rows[i]
        assert.equal(cells[0], String(g.uptake.requests), `${g.group}: requests`)
        // Held, with its share of the requests when there is one (none of no requests).
        const [held, share] = /^(\d+)(?: \((\d+%)\))?$/.exec(cells[1])?.slice(1) ?? []
        assert.equal(held, String(g.uptake.conferences_held), `${g.group}: held`)
        if (g.uptake.conference_share === null) assert.equal(share, undefined)
        else percent(share, g.uptake.conference_share)
        percent(cells[4], g.plan_items.network_share)
      })
    }
  })
}

test('Dutch by default, English on request; the day made printed only when given', async () => {
  await generated
  const nl = await store.reportHtml({ key, groupBy: 'variant' })
  const en = await store.reportHtml({ key, groupBy: 'variant', lang: 'en' })
  assert.equal(nl, await store.reportHtml({ key, groupBy: 'variant', lang: 'nl' }))
  assert.notEqual(nl, en)
  assert.deepEqual(
    summaryRows(en).slice(0, 4).map((r) => r.name),
    ['Family', 'Restorative', 'Community', 'Learning'],
  )
  assert.ok(summaryRows(nl)[0].name.startsWith('Familie'))
  // The same store and options give the same text; no day unless one is given.
  assert.equal(en, await store.reportHtml({ key, groupBy: 'variant', lang: 'en' }))
  assert.ok(!nl.includes('Gemaakt op') && !en.includes('Made on'))
  assert.ok((await store.reportHtml({ key, madeOn: '2026-01-02' })).includes('<dt>Gemaakt op</dt><dd>2 januari 2026</dd>'))
  const made = await store.reportHtml({ key, lang: 'en', madeOn: new Date('2026-01-02T00:00:00Z') })
  assert.ok(made.includes('<dt>Made on</dt><dd>2 January 2026</dd>'))
  // Pseudonymised, no organisation is named; identifying, they are.
  const named = await store.measures({ identifying: true, groupBy: 'organisation' })
  const names = named.groups.map((g) => g.label).filter((l) => typeof l === 'string')
  assert.ok(names.length > 0)
  const pseudonymised = await store.reportHtml({ key, groupBy: 'organisation' })
  assert.deepEqual(names.filter((n) => pseudonymised.includes(n)), [])
  const identifying = await store.reportHtml({ identifying: true, groupBy: 'organisation' })
  assert.ok(names.some((n) => identifying.includes(n)))
})

test('bad options reject with InvalidInput naming the option', async () => {
  const cases = [
    [{ identifying: true, lang: 'fr' }, /^invalid lang:/],
    [{ identifying: true, lang: 3 }, /^invalid lang:/],
    [{ identifying: true, from: '2016-02-01', to: '2016-01-01' }, /^invalid period:/],
    [{ identifying: true, from: '2016-02-01', to: '2016-02-01' }, /^invalid period:/],
    [{ identifying: true, from: '2016-02-30' }, /^invalid from:/],
    [{ identifying: true, groupBy: 'municipality' }, /^invalid group_by:/],
    [{}, /^invalid key:/],
    [{ lang: 'en', groupBy: 'variant' }, /^invalid key:/],
    [{ key: Buffer.alloc(32) }, /^invalid key:/],
    [{ key: 'a research key of 32 characters' }, /^invalid key:/],
    [{ identifying: 'yes' }, /^invalid identifying:/],
    [{ identifying: true, madeOn: '2026-13-01' }, /^invalid made_on:/],
    [{ identifying: true, madeOn: new Date(Number.NaN) }, /^invalid madeOn:/],
    [{ identifying: true, madeOn: 20260101 }, /^invalid madeOn:/],
    [[], /^invalid options:/],
  ]
  for (const [options, message] of cases) {
    await assert.rejects(store.reportHtml(options), (e) => {
      assert.ok(e instanceof kring.InvalidInput, `${e}`)
      assert.equal(e.code, 'invalid_input')
      assert.match(e.message, message)
      return true
    }, JSON.stringify(options))
  }
})

test('a closed store rejects with Closed', async () => {
  const s = kring.Store.inMemory()
  s.close()
  await assert.rejects(s.reportHtml({ identifying: true }), (e) => e instanceof kring.Closed && e.code === 'closed')
})

test.after(() => store.close())
