'use strict'
// kring for Node: a thin wrapper over the native addon. It turns the addon's errors into
// KringError subclasses with the core's stable `.code` (the class of each code is the core's
// choice, read from the addon), accepts Date or RFC 3339 strings for times, and offers
// Promises for everything that touches the store. Every check lives in the Rust core.

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
class Conflict extends KringError {}
class StoreError extends KringError {}
class AlreadyOpen extends StoreError {}
class AlreadyExists extends StoreError {}
class Corrupted extends StoreError {}
class UpgradeRequired extends StoreError {}
class NotAKringStore extends StoreError {}
class Closed extends StoreError {}

const CLASSES_BY_NAME = {
  KringError,
  RuleViolation,
  PermissionDenied,
  NotFound,
  InvalidInput,
  Conflict,
  StoreError,
  AlreadyOpen,
  AlreadyExists,
  Corrupted,
  UpgradeRequired,
  NotAKringStore,
  Closed,
}

/** The core's table of error classes (`kring::ERROR_CLASSES`): every class it names must be
 * declared above, with the parent it gives; the addon names the class of each error. */
for (const { name, parent } of JSON.parse(native.errorClasses())) {
  const Class = Object.hasOwn(CLASSES_BY_NAME, name) ? CLASSES_BY_NAME[name] : undefined
  const Parent = parent === null ? Error : CLASSES_BY_NAME[parent]
  if (Class === undefined || Object.getPrototypeOf(Class) !== Parent) {
    throw new Error(`kring: the addon's error class ${name} (extending ${parent}) is not declared by this wrapper`)
  }
}

/** The addon's error as a KringError: coded by the core, or a value the addon could not take. */
function toKringError(err) {
  if (err instanceof KringError) return err
  let body = null
  try {
    body = JSON.parse(err && err.message)
  } catch {
    body = null
  }
  if (body && typeof body.code === 'string') {
    const Class = Object.hasOwn(CLASSES_BY_NAME, body.class) ? CLASSES_BY_NAME[body.class] : KringError
    return new Class(body.message, body.code, body.rule, body.ids || [])
  }
  // Conversions napi-rs refused (a number where a string id was expected, …); their text
  // can quote the value, so it is redacted as the core's messages are.
  return new InvalidInput(native.redact(`invalid input: ${err && err.message}`), 'invalid_input')
}

/** Calls the addon now; its error is thrown as a KringError. */
function callNative(f) {
  try {
    return f()
  } catch (e) {
    throw toKringError(e)
  }
}

/** Calls the addon for a Promise; it rejects with a KringError, as does a call that throws. */
function callNativeAsync(f) {
  try {
    return f().catch((e) => {
      throw toKringError(e)
    })
  } catch (e) {
    return Promise.reject(toKringError(e))
  }
}

// The addon returns results as JSON text (parsed here, far faster than building them through
// N-API value by value).
function callNativeJson(f) {
  return JSON.parse(callNative(f))
}

function callNativeAsyncJson(f) {
  return callNativeAsync(f).then((text) => JSON.parse(text))
}

function invalid(field, reason) {
  return new InvalidInput(`invalid ${field}: ${reason}`, 'invalid_input')
}

/** A string argument: anything else, or a string with a lone surrogate (which N-API would
 * silently turn into U+FFFD), is refused. */
function text(value, field) {
  if (typeof value !== 'string') throw invalid(field, 'expected a string')
  if (!value.isWellFormed()) throw invalid(field, 'not well-formed text (a lone surrogate)')
  return value
}

/** A whole-number argument: non-numbers cross as NaN, which the core refuses with the same
 * message as any other bad number (as Python's binding does). */
function whole(value) {
  return typeof value === 'number' ? value : Number.NaN
}

/** An optional expected case version: absent is no check. */
function version(value) {
  return value === undefined || value === null ? null : whole(value)
}

/** An optional time: absent is the moment of the write, taken by the store inside it. */
function time(at, field = 'at') {
  if (at === undefined || at === null) return null
  if (at instanceof Date) {
    if (Number.isNaN(at.getTime())) throw invalid(field, 'an invalid Date')
    return at.toISOString()
  }
  return text(at, field)
}

function day(d) {
  if (d instanceof Date) {
    if (Number.isNaN(d.getTime())) throw invalid('asOf', 'an invalid Date')
    return d.toISOString().slice(0, 10)
  }
  return text(d, 'asOf')
}

/** A value as JSON text for the addon. Numbers JSON cannot hold (NaN, Infinity) are refused
 * here, naming the field, instead of turning into null; lone surrogates stay escapes, which
 * the core refuses. */
function json(value, field) {
  let out
  try {
    out = JSON.stringify(value, (key, v) => {
      if (typeof v === 'number' && !Number.isFinite(v)) throw invalid(key ? `${field}.${key}` : field, `${v} is not a finite number`)
      return v
    })
  } catch (e) {
    if (e instanceof KringError) throw e
    throw invalid(field, `cannot be written as JSON (${e.message})`)
  }
  if (out === undefined) throw invalid(field, 'expected a value')
  return out
}

function filters(f) {
  if (f === null || typeof f !== 'object' || Array.isArray(f)) throw invalid('filters', 'expected an object')
  return json(f, 'filters')
}

/** The core's JSON shape: "name" for a command without fields, else { name: fields }. */
function command(c, fields) {
  if (typeof c === 'string') return fields === undefined || fields === null ? c : { [c]: fields }
  return c
}

/** The roles an actor can act in, and the kinds of id `newId` makes: the core's lists. */
const ROLES = Object.freeze(native.roles())
const ID_KINDS = Object.freeze(native.idKinds())

/** The items of `executeMany` and `importCommands`, as one JSON text for the addon. */
function manyItems(items) {
  if (!Array.isArray(items)) throw invalid('items', 'expected an array')
  const plain = items.map((i, n) => {
    if (i === null || typeof i !== 'object' || !('case' in i) || !('actor' in i) || !('command' in i)) {
      throw invalid(`items[${n}]`, 'expected an object with case, actor and command')
    }
    return { case: i.case, actor: i.actor, at: time(i.at), command: command(i.command, i.fields), expected_version: version(i.expectedVersion) }
  })
  return json(plain, 'items')
}

class Store {
  #native
  constructor(handle) {
    this.#native = handle
  }

  /** Creates a new store file; `durability` is "durable" (default) or "fast" (bulk import). */
  static create(path, { durability } = {}) {
    return new Store(callNative(() => native.Store.create(text(path, 'path'), durability)))
  }

  /** Opens an existing store file. */
  static open(path, { durability } = {}) {
    return new Store(callNative(() => native.Store.open(text(path, 'path'), durability)))
  }

  /** A store in memory. */
  static inMemory() {
    return new Store(callNative(() => native.Store.inMemory()))
  }

  /** Closes the store: waits for calls in flight, then releases the file, so that it can be
   * opened again at once. Later calls reject with `Closed`. */
  close() {
    this.#native.close()
  }

  get closed() {
    return this.#native.closed
  }

  /** A new unique id of `kind`, one of ID_KINDS; an unknown kind throws InvalidInput naming them. */
  newId(kind = 'case') {
    return callNative(() => this.#native.newId(text(kind, 'kind')))
  }

  /** Checks a command against the case and commits it; resolves to the event. `at` defaults
   * to the moment of the write, taken while it holds the store's write lock; a given `at` is
   * checked as it is. */
  execute(caseId, actor, cmd, fields, { at, expectedVersion } = {}) {
    return callNativeAsyncJson(() =>
      this.#native.execute(text(caseId, 'case'), json(actor, 'actor'), time(at), json(command(cmd, fields), 'command'), version(expectedVersion)),
    )
  }

  executeSync(caseId, actor, cmd, fields, { at, expectedVersion } = {}) {
    return callNativeJson(() =>
      this.#native.executeSync(text(caseId, 'case'), json(actor, 'actor'), time(at), json(command(cmd, fields), 'command'), version(expectedVersion)),
    )
  }

  /** Many commands in one transaction, all or none: items `{ case, actor, command, fields?, at? }`. */
  executeMany(items) {
    return callNativeAsyncJson(() => this.#native.executeMany(manyItems(items)))
  }

  /** Imports many commands, all or none, as a migration does: faster than `executeMany` for
   * thousands (checked and written on two threads, one sync). Items as for `executeMany`;
   * resolves to `{ commands, cases, first_seq, last_seq }`. */
  importCommands(items) {
    return callNativeAsyncJson(() => this.#native.importCommands(manyItems(items)))
  }

  case(id) {
    return callNativeAsyncJson(() => this.#native.case(text(id, 'case')))
  }

  caseSync(id) {
    return callNativeJson(() => this.#native.caseSync(text(id, 'case')))
  }

  /** The case as `reader` may see it, in their role (the read table of the domain guide):
   * a part the role may not read is absent from the object, and details withheld from the
   * reader are never in it. Rejects with PermissionDenied when the reader does not hold the
   * role in the case. */
  caseFor(id, reader) {
    return callNativeAsyncJson(() => this.#native.caseFor(text(id, 'case'), json(reader, 'reader')))
  }

  /** The access log of one case or of one person (name exactly one), oldest first: every
   * scoped read (`what` is `case_for`) and every command (`what` its name, `seq` its event). */
  accessLog({ case: caseId, person } = {}) {
    return callNativeAsyncJson(() =>
      this.#native.accessLog(caseId === undefined || caseId === null ? null : text(caseId, 'case'), person === undefined || person === null ? null : text(person, 'person')),
    )
  }

  /** Erases a person (AVG/GDPR article 17) from `options.case`, or from every case they appear
   * in and from the coordinator pool; each case gets a tombstone event made by `by` with
   * `ground`, and the store is then compacted. Resolves to the report. */
  erasePerson(person, by, ground, { case: caseId } = {}) {
    return callNativeAsyncJson(() =>
      this.#native.erasePerson(text(person, 'person'), json(by, 'by'), text(ground, 'ground'), caseId === undefined || caseId === null ? null : text(caseId, 'case')),
    )
  }

  caseAtVersion(id, version) {
    return callNativeAsyncJson(() => this.#native.caseAtVersion(text(id, 'case'), whole(version)))
  }

  caseAt(id, at) {
    return callNativeAsyncJson(() => {
      const t = time(at)
      if (t === null) throw invalid('at', 'expected a Date or an RFC 3339 string')
      return this.#native.caseAt(text(id, 'case'), t)
    })
  }

  history(id) {
    return callNativeAsyncJson(() => this.#native.history(text(id, 'case')))
  }

  /** Case ids matching every filter: phase, variant, legal_basis, coordinator, organisation,
   * person, requested_from, requested_to. An unknown filter rejects with InvalidInput. */
  query(f = {}) {
    return callNativeAsyncJson(() => this.#native.query(filters(f)))
  }

  querySync(f = {}) {
    return callNativeJson(() => this.#native.querySync(filters(f)))
  }

  cases(f = {}) {
    return callNativeAsyncJson(() => this.#native.cases(filters(f)))
  }

  /** What work lists need of a case (phase, plan in force, evaluations still to hold), without
   * reading all of it. */
  summary(id) {
    return callNativeAsyncJson(() => this.#native.summary(text(id, 'case')))
  }

  summarySync(id) {
    return callNativeJson(() => this.#native.summarySync(text(id, 'case')))
  }

  summaries(f = {}) {
    return callNativeAsyncJson(() => this.#native.summaries(filters(f)))
  }

  casesOfPerson(person) {
    return callNativeAsyncJson(() => this.#native.casesOfPerson(text(person, 'person')))
  }

  evaluationsDue(asOf) {
    return callNativeAsyncJson(() => this.#native.evaluationsDue(day(asOf)))
  }

  /** Adds a coordinator to the pool, or replaces their entry: `{ coordinator, available }`,
   * the profile as `assign_coordinator` takes it. A bad profile rejects with InvalidInput. */
  registerCoordinator(entry) {
    return callNativeAsyncJson(() => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw invalid('entry', 'expected an object')
      return this.#native.registerCoordinator(json(entry, 'entry'))
    }).then(() => undefined)
  }

  /** Every entry of the coordinator pool, by person id. */
  coordinatorPool() {
    return callNativeAsyncJson(() => this.#native.coordinatorPool())
  }

  /** One coordinator's entry in the pool; rejects with NotFound if they are not in it. */
  poolEntry(person) {
    return callNativeAsyncJson(() => this.#native.poolEntry(text(person, 'person')))
  }

  /** The coordinators of the pool who may be assigned to a case, best fit first, each with
   * `fits`, the family's wishes they meet. Nobody is assigned by this. */
  matchCoordinators(caseId) {
    return callNativeAsyncJson(() => this.#native.matchCoordinators(text(caseId, 'case')))
  }

  eventsSince(after = 0, limit = 1000) {
    return callNativeAsyncJson(() => this.#native.eventsSince(whole(after), whole(limit)))
  }

  lastSeq() {
    return callNative(() => this.#native.lastSeq())
  }

  count() {
    return callNative(() => this.#native.count())
  }

  verify() {
    return callNativeAsyncJson(() => this.#native.verify())
  }

  /** The format version recorded in the store file: FORMAT_VERSION, or an older one, which
   * takes no writes (UpgradeRequired) until `upgrade()` converts it. */
  formatVersion() {
    return callNative(() => this.#native.formatVersion())
  }

  /** Converts a store of an older format to the current one, in one transaction: all of it is
   * committed or nothing is. Resolves to the report `{ from, to, events, cases }`; a store of
   * the current format is left as it is. An older kring cannot open the store afterwards:
   * `backup` it first. */
  upgrade() {
    return callNativeAsyncJson(() => this.#native.upgrade())
  }

  backup(path) {
    return callNativeAsyncJson(() => this.#native.backup(text(path, 'path')))
  }

  /** Adds `count` realistic generated cases (invented people); resolves to their ids. */
  generate({ seed, count } = {}) {
    return callNativeAsyncJson(() => this.#native.generate(whole(seed), whole(count)))
  }

  /**
   * Tidy research tables by name, each an array of row objects. Pseudonymised with `key`
   * (a Buffer or Uint8Array of at least 16 random bytes) unless `identifying: true`.
   */
  researchTables({ key, identifying = false } = {}) {
    return callNativeAsyncJson(() => {
      if (key !== undefined && key !== null && !(key instanceof Uint8Array)) {
        throw invalid('key', 'expected a Buffer or Uint8Array (random, at least 16 bytes)')
      }
      if (typeof identifying !== 'boolean') throw invalid('identifying', 'expected a boolean')
      const k = key instanceof Uint8Array && !Buffer.isBuffer(key) ? Buffer.from(key) : key
      return this.#native.researchTables(k ?? undefined, identifying)
    }).then((tables) => {
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
  ID_KINDS,
  FORMAT_VERSION: native.formatVersion(),
  LIMITS: Object.freeze(JSON.parse(native.limits())),
  ...CLASSES_BY_NAME,
}
