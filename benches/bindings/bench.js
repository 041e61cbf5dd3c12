'use strict'
// Node overhead: reading a whole case and a bulk import through the binding.
// Run from the repository root with the addon built in release mode (and the wrapper by tsc):
//   (cd bindings/node && npm run build) && node benches/bindings/bench.js
// An optional argument sets the number of cases (default 2000; the test suite runs 20).
// A read case stays decoded in the addon and converts a top-level field when it is first
// read, so the second line gives what reading one field, and converting all of it, adds.
const assert = require('node:assert/strict')
const kring = require('../../bindings/node')

async function main() {
  const N = Number(process.argv[2] ?? 2000)
  const source = kring.Store.inMemory()
  const ids = await source.generate({ seed: 2026, count: N })
  const sync = []
  const expected = new Map()
  for (const id of ids) {
    const t = process.hrtime.bigint()
    const c = source.caseSync(id)
    sync.push(Number(process.hrtime.bigint() - t) / 1000)
    expected.set(id, c)
  }
  const asyncReads = []
  for (const id of ids) {
    const t = process.hrtime.bigint()
    await source.case(id)
    asyncReads.push(Number(process.hrtime.bigint() - t) / 1000)
  }
  const timed = (f) => ids.map((id) => {
    const t = process.hrtime.bigint()
    f(id)
    return Number(process.hrtime.bigint() - t) / 1000
  })
  const oneField = timed((id) => source.caseSync(id).phase)
  const allFields = timed((id) => source.caseSync(id).toJSON())
  const feed = []
  for (let page = await source.eventsSince(0, 100000); page.length > 0; page = await source.eventsSince(page[page.length - 1].seq, 100000)) for (const r of page) feed.push(r)
  const items = feed.map((r) => ({ case: r.event.case, actor: r.event.actor, command: r.event.command, at: r.event.at }))
  const target = kring.Store.inMemory()
  const t = process.hrtime.bigint()
  for (let k = 0; k < items.length; k += 1000) await target.executeMany(items.slice(k, k + 1000))
  const secs = Number(process.hrtime.bigint() - t) / 1e9
  // The import must have rebuilt every case exactly (this is also the test suite's smoke run).
  for (const id of ids) assert.deepEqual(target.caseSync(id), expected.get(id), `case ${id} differs after the import`)
  const median = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)]
  console.log(`node: read a whole case median ${median(sync).toFixed(1)} µs (sync), ${median(asyncReads).toFixed(1)} µs (Promise) over ${N} cases; bulk import ${Math.round(items.length / secs).toLocaleString('en')} commands/s (${items.length} commands, batches of 1000)`)
  console.log(`node: read a case and one field (phase) median ${median(oneField).toFixed(1)} µs; read a case and convert all of it (toJSON) median ${median(allFields).toFixed(1)} µs (sync)`)
}
main()
