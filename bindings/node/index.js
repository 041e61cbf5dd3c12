'use strict'
// kring for Node: a thin wrapper over the native addon. It turns the addon's errors into
// KringError subclasses with the core's stable `.code`, accepts Date or RFC 3339 strings for
// times, and offers Promises for everything that touches the store. Every check lives in the
// Rust core.

const native = require('./kring.node')

class KringError extends Error {
  constructor(message, code, rule = null, ids = []) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.rule = rule
    this.ids = ids
  }
}
class RuleViolation extends KringError {}
class PermissionDenied extends KringError {}
class NotFound extends KringError {}
class InvalidInput extends KringError {}
class StoreError extends KringError {}
class AlreadyOpen extends StoreError {}
class AlreadyExists extends StoreError {}
class Corrupted extends StoreError {}
class UpgradeRequired extends StoreError {}
class NotAKringStore extends StoreError {}
class Closed extends StoreError {}

const CLASSES = {
  rule_violation: RuleViolation,
  permission_denied: PermissionDenied,
  not_found: NotFound,
  invalid_input: InvalidInput,
  already_open: AlreadyOpen,
  already_exists: AlreadyExists,
  corrupted: Corrupted,
  upgrade_required: UpgradeRequired,
  not_a_kring_store: NotAKringStore,
  closed: Closed,
}

/** The addon's error as a KringError: coded by the core, or a value the addon could not take. */
function raise(err) {
  if (err instanceof KringError) return err
  let body = null
  try {
    body = JSON.parse(err && err.message)
  } catch {
    body = null
  }
  if (body && typeof body.code === 'string') {
    const Class = CLASSES[body.code] || (body.code === 'internal' ? KringError : StoreError)
    return new Class(body.message, body.code, body.rule, body.ids || [])
  }
  // Conversions napi-rs refused (a number where a string id was expected, …).
  return new InvalidInput(`invalid input: ${err && err.message}`, 'invalid_input')
}

function sync(f) {
  try {
    return f()
  } catch (e) {
    throw raise(e)
  }
}

function later(f) {
  try {
    return f().catch((e) => {
      throw raise(e)
    })
  } catch (e) {
    return Promise.reject(raise(e))
  }
}

// The addon returns results as JSON text (parsed here, far faster than building them through
// N-API value by value).
function syncJson(f) {
  return JSON.parse(sync(f))
}

function laterJson(f) {
  return later(f).then((text) => JSON.parse(text))
}

function time(at) {
  if (at === undefined || at === null) return new Date().toISOString()
  if (at instanceof Date) {
    if (Number.isNaN(at.getTime())) throw new InvalidInput('invalid at: an invalid Date', 'invalid_input')
    return at.toISOString()
  }
  return at
}

function day(d) {
  return d instanceof Date ? d.toISOString().slice(0, 10) : d
}

/** The core's JSON shape: "name" for a command without fields, else { name: fields }. */
function command(c, fields) {
  if (typeof c === 'string') return fields === undefined || fields === null ? c : { [c]: fields }
  return c
}

const ROLES = Object.freeze(['main_person', 'network_member', 'coordinator', 'regional_manager', 'professional', 'administrator'])

class Store {
  #native
  constructor(handle) {
    this.#native = handle
  }

  /** Creates a new store file; `durability` is "durable" (default) or "fast" (bulk import). */
  static create(path, { durability } = {}) {
    return new Store(sync(() => native.Store.create(path, durability)))
  }

  /** Opens an existing store file. */
  static open(path, { durability } = {}) {
    return new Store(sync(() => native.Store.open(path, durability)))
  }

  /** A store in memory. */
  static inMemory() {
    return new Store(sync(() => native.Store.inMemory()))
  }

  close() {
    this.#native.close()
  }

  get closed() {
    return this.#native.closed
  }

  newId(kind = 'case') {
    return sync(() => this.#native.newId(kind))
  }

  /** Checks a command against the case and commits it; resolves to the event. */
  execute(caseId, actor, cmd, fields, { at } = {}) {
    return laterJson(() => this.#native.execute(caseId, actor, time(at), command(cmd, fields)))
  }

  executeSync(caseId, actor, cmd, fields, { at } = {}) {
    return syncJson(() => this.#native.executeSync(caseId, actor, time(at), command(cmd, fields)))
  }

  /** Many commands in one transaction, all or none: items `{ case, actor, command, fields?, at? }`. */
  executeMany(items) {
    return laterJson(() =>
      this.#native.executeMany(
        JSON.stringify(items.map((i) => ({ case: i.case, actor: i.actor, at: time(i.at), command: command(i.command, i.fields) }))),
      ),
    )
  }

  case(id) {
    return laterJson(() => this.#native.case(id))
  }

  caseSync(id) {
    return syncJson(() => this.#native.caseSync(id))
  }

  caseAtVersion(id, version) {
    return laterJson(() => this.#native.caseAtVersion(id, version))
  }

  caseAt(id, at) {
    return laterJson(() => this.#native.caseAt(id, time(at)))
  }

  history(id) {
    return laterJson(() => this.#native.history(id))
  }

  /** Case ids matching every filter: phase, variant, legal_basis, coordinator, organisation, person, requested_from, requested_to. */
  query(filters = {}) {
    return laterJson(() => this.#native.query(filters))
  }

  querySync(filters = {}) {
    return syncJson(() => this.#native.querySync(filters))
  }

  cases(filters = {}) {
    return laterJson(() => this.#native.cases(filters))
  }

  casesOfPerson(person) {
    return laterJson(() => this.#native.casesOfPerson(person))
  }

  evaluationsDue(asOf) {
    return laterJson(() => this.#native.evaluationsDue(day(asOf)))
  }

  eventsSince(after = 0, limit = 1000) {
    return laterJson(() => this.#native.eventsSince(after, limit))
  }

  lastSeq() {
    return sync(() => this.#native.lastSeq())
  }

  count() {
    return sync(() => this.#native.count())
  }

  verify() {
    return laterJson(() => this.#native.verify())
  }

  backup(path) {
    return laterJson(() => this.#native.backup(path))
  }

  /** Adds `count` realistic generated cases (invented people); resolves to their ids. */
  generate({ seed, count }) {
    return laterJson(() => this.#native.generate(seed, count))
  }

  /**
   * Tidy research tables by name, each an array of row objects. Pseudonymised with `key`
   * (at least 16 bytes) unless `identifying: true`.
   */
  researchTables({ key, identifying = false } = {}) {
    const k = typeof key === 'string' ? Buffer.from(key) : key
    return laterJson(() => this.#native.researchTables(k, identifying)).then((tables) => {
      const out = {}
      for (const t of tables) {
        const names = t.columns.map((c) => c[0])
        out[t.name] = t.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])))
      }
      return out
    })
  }
}

module.exports = {
  Store,
  ROLES,
  FORMAT_VERSION: native.formatVersion(),
  KringError,
  RuleViolation,
  PermissionDenied,
  NotFound,
  InvalidInput,
  StoreError,
  AlreadyOpen,
  AlreadyExists,
  Corrupted,
  UpgradeRequired,
  NotAKringStore,
  Closed,
}
