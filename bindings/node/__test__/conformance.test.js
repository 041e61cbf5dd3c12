'use strict'
// The conformance suite (tests/conformance/), as seen from Node: the same bad inputs as Rust
// and Python, the same error codes, an unchanged store, a live process; and the same good
// inputs, accepted with the same event and state.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const kring = require('..')

const dir = path.resolve(__dirname, '..', '..', '..', 'tests', 'conformance')
const setup = JSON.parse(fs.readFileSync(path.join(dir, 'setup.json'), 'utf8'))
const inputs = JSON.parse(fs.readFileSync(path.join(dir, 'bad_inputs.json'), 'utf8')).filter((i) => !i.only || i.only.includes('node'))
const good = JSON.parse(fs.readFileSync(path.join(dir, 'good_inputs.json'), 'utf8'))
const cast = setup.cast

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-conformance-'))
const file = path.join(folder, 'cases.kring')

// An invented person's name, phone number and address in one: no error may repeat any part.
const MARKER = 'Zeeman Marker 06-12345678 Dorpsstraat 7'
const NEVER_SHOWN = ['Zeeman', 'Marker', '12345678', 'Dorpsstraat', 'x'.repeat(20)]

const markers = {
  $huge: 'x'.repeat(20000),
  $marker: MARKER,
  $nan: Number.NaN,
  $lone: 'Ann\ud800',
  $zeros16: Buffer.alloc(16),
  $text_key: 'a research key of 32 characters',
  $bytes_path: Buffer.from(path.join(folder, 'copy.kring')),
  $cut9: path.join(folder, 'cut9.kring'),
  $cut100: path.join(folder, 'cut100.kring'),
}

const fill = (v) => {
  if (typeof v === 'string' && v in markers) return markers[v]
  if (typeof v === 'string' && v.startsWith('$')) return cast[v.slice(1)]
  if (Array.isArray(v)) return v.map(fill)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k === '$marker' ? MARKER : k, fill(x)]))
  return v
}

/** An actor of the file: `[person, role]`, or an object (`{ person, role, on_behalf_of }`) as it is. */
const actorOf = (a) => (Array.isArray(a) ? { person: a[0], role: a[1] } : a)

function replay(store) {
  for (const e of setup.events) store.executeSync(e.case, e.actor, e.command, undefined, { at: e.at })
}

/** Executes one entry of the file (its case, actor, time and command, or the defaults). */
function run(store, entry) {
  const actor = actorOf(fill(entry.actor ?? ['$uncle', 'network_member']))
  const command = fill('command' in entry ? entry.command : { record_attendance: { present: ['$uncle'] } })
  return store.execute(fill(entry.case ?? '$case'), actor, command, undefined, { at: fill(entry.at ?? setup.next_at), expectedVersion: entry.expected_version })
}

/** A store in memory with the setup replayed, then the entry's `given` commands. */
async function givenStore(entry) {
  const s = kring.Store.inMemory()
  replay(s)
  for (const step of entry.given ?? []) await run(s, step)
  return s
}

/** Whether `actual` holds `expected`: every key of an expected object, every item of an
 * expected array in order (and no more), any other value equal. */
function holds(actual, expected) {
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => holds(actual[i], e))
  if (expected && typeof expected === 'object') return !!actual && typeof actual === 'object' && Object.entries(expected).every(([k, e]) => k in actual && holds(actual[k], e))
  return actual === expected
}

const store = kring.Store.create(file)
replay(store)

/** Fills the example circle up to its limit in one batch, then adds one more. */
async function circleLimit() {
  const s = kring.Store.inMemory()
  try {
    replay(s)
    const c = s.caseSync(cast.case)
    const people = c.main_persons.length + Object.keys(c.network).length + Object.keys(c.professionals).length + (c.coordinator ? 1 : 0)
    const member = (n) => ({
      case: cast.case,
      actor: { person: cast.uncle, role: 'network_member' },
      command: {
        add_network_member: {
          member: {
            person: { id: s.newId('person'), name: `Invented Person ${n}`, birth_date: null, languages: [] },
            relations: [{ to: cast.youth, kind: 'friend' }],
            side: 'own',
            minor: false,
            identified: 'at_conference',
          },
        },
      },
    })
    const room = kring.LIMITS.people - people
    await s.executeMany(Array.from({ length: room }, (_, n) => member(n)))
    await s.executeMany([member(room)])
  } finally {
    s.close()
  }
}

/** The key an entry gives as `key_hex`, as a Buffer. */
const keyOf = (args) => (args.key_hex === undefined ? undefined : Buffer.from(args.key_hex, 'hex'))

async function attempt(store, bad) {
  const args = fill(bad.args ?? {})
  if (bad.special === 'second_writer') return kring.Store.open(file)
  if (bad.special === 'closed') {
    const s = kring.Store.inMemory()
    s.close()
    return s.case(cast.case)
  }
  if (bad.special === 'circle_limit') return circleLimit()
  switch (bad.op) {
    case 'generate':
      return store.generate({ seed: args.seed, count: args.count })
    case 'query':
      return store.query(args.filters)
    case 'cases':
      return store.cases(args.filters)
    case 'summary':
      return store.summary(args.case)
    case 'summaries':
      return store.summaries(args.filters)
    case 'export_case':
      return store.exportCase(args.case, {
        reader: args.reader === undefined ? undefined : actorOf(args.reader),
        key: args.key_hex === undefined ? undefined : Buffer.from(args.key_hex, 'hex'),
      })
    case 'import_case':
      return store.importCase(args.file)
    case 'follow':
      return store.follow(args.entries)
    case 'access_log':
      return store.accessLog({ case: args.case, person: args.person })
    case 'case_for':
      return store.caseFor(cast.case, actorOf(args.reader))
    case 'case_at_version':
      return store.caseAtVersion(cast.case, args.version)
    case 'events_since':
      return store.eventsSince(args.after, args.limit)
    case 'execute_many':
    case 'import_commands': {
      const items = Array.isArray(args.items)
        ? args.items.map((i) => (i && typeof i === 'object' && 'actor' in i ? { ...i, actor: actorOf(i.actor), expectedVersion: i.expected_version } : i))
        : args.items
      return bad.op === 'execute_many' ? store.executeMany(items) : store.importCommands(items)
    }
    case 'research_tables':
      return store.researchTables({ key: 'key' in args ? args.key : keyOf(args), identifying: args.identifying, tables: args.tables })
    case 'research_arrow':
      return store.researchArrow({ key: keyOf(args), identifying: args.identifying, tables: args.tables })
    case 'measures':
      return store.measures({ key: keyOf(args), identifying: args.identifying, from: args.from, to: args.to, groupBy: args.group_by })
    case 'export_parquet': {
      const dataset = path.join(folder, 'parquet')
      if (args.claimed) {
        // Another export of this organisation under way: its claim in the dataset.
        fs.mkdirSync(dataset, { recursive: true })
        fs.writeFileSync(path.join(dataset, `.kring-parquet-${args.organisation}.lock`), 'another export\n')
      }
      return store.exportParquet(dataset, { key: keyOf(args), organisation: args.organisation })
    }
    case 'report_html':
      return store.reportHtml({ key: keyOf(args), identifying: args.identifying, from: args.from, to: args.to, groupBy: args.group_by, lang: args.lang, madeOn: args.made_on })
    case 'plan_html':
      return store.planHtml(args.case, { lang: args.lang, version: args.version, reader: args.reader === undefined ? undefined : actorOf(args.reader) })
    case 'network_map':
      return store.networkMap(args.case, { lang: args.lang, reader: args.reader === undefined ? undefined : actorOf(args.reader) })
    case 'fhir_bundle':
      return store.fhirBundle(args.case)
    case 'open':
      return kring.Store.open(args.path, { trustCleanClose: args.trust_clean_close })
    case 'new_id':
      return store.newId(args.kind)
    case 'evaluations_due':
      return store.evaluationsDue(args.as_of)
    case undefined:
      return run(store, bad)
    default:
      throw new Error(`unknown op ${bad.op}`)
  }
}

test('setup: copies of the store, whole and cut short', async () => {
  await store.backup(path.join(folder, 'copy.kring'))
  for (const n of [9, 100]) {
    const cut = path.join(folder, `cut${n}.kring`)
    fs.copyFileSync(path.join(folder, 'copy.kring'), cut)
    fs.truncateSync(cut, n)
  }
})

for (const bad of inputs) {
  test(`bad input: ${bad.name}`, async () => {
    // An entry with `given` commands is tried on its own copy of the setup.
    const target = bad.given ? await givenStore(bad) : store
    const before = [target.caseSync(cast.case), target.lastSeq()]
    await assert.rejects(
      async () => attempt(target, bad),
      (e) => {
        assert.ok(e instanceof kring.KringError, `${e}`)
        assert.equal(e.code, bad.code, e.message.slice(0, 300))
        if (bad.rule) assert.equal(e.rule, bad.rule)
        if (e.code === 'invalid_input') assert.match(e.message, /^invalid /)
        // The message, and the error as Node prints it, name ids and codes, never what was
        // passed in, and stay short.
        for (const text of [e.message, require('node:util').inspect(e)]) {
          assert.deepEqual(NEVER_SHOWN.filter((p) => text.includes(p)), [], text.slice(0, 300))
        }
        assert.ok(e.message.length <= 700, `${e.message.length} characters`)
        return true
      },
    )
    assert.deepEqual([target.caseSync(cast.case), target.lastSeq()], before)
    if (target !== store) target.close()
  })
}

for (const entry of good) {
  test(`good input: ${entry.name}`, async () => {
    const s = await givenStore(entry)
    try {
      const { version } = s.caseSync(cast.case)
      const event = await run(s, entry)
      assert.equal(event.version, version + 1)
      assert.deepEqual(event.actor, { on_behalf_of: null, ...actorOf(fill(entry.actor ?? ['$uncle', 'network_member'])) })
      if (entry.expect) {
        const expect = fill(entry.expect)
        assert.ok(holds(s.caseSync(cast.case), expect), JSON.stringify(expect))
      }
      await s.verify()
    } finally {
      s.close()
    }
  })
}
