'use strict'
const { test } = require('node:test')
const assert = require('node:assert/strict')

const { Store } = require('..')
const { serve } = require('../examples/server.js')
const { Clock, walk } = require('./story.js')

test('the example service serves a case and its plan on a loopback port', async () => {
  const store = Store.inMemory()
  const { caseId, p } = await walk(store, new Clock())
  const server = serve(store)
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${server.address().port}`
  try {
    const c = await fetch(`${base}/cases/${caseId}`)
    assert.equal(c.status, 200)
    assert.equal((await c.json()).id, caseId)
    const plan = await (await fetch(`${base}/cases/${caseId}/plan`)).json()
    assert.equal(plan.version, 2)
    assert.deepEqual(plan.content.monitors, [p.grandma])
    assert.deepEqual(await (await fetch(`${base}/cases?phase=closed`)).json(), [caseId])
    const missing = await fetch(`${base}/cases/${store.newId('case')}`)
    assert.equal(missing.status, 404)
    assert.equal((await missing.json()).code, 'not_found')
    const bad = await fetch(`${base}/cases/not-an-id`)
    assert.equal(bad.status, 400)
    assert.equal((await bad.json()).code, 'invalid_input')
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
})
