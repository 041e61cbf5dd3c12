// kring for Node: a thin wrapper over the native addon. It raises the addon's errors as
// KringError subclasses with the core's stable `.code` (the class of each code is the core's
// choice, read from the addon), accepts Date or RFC 3339 strings for times, and offers
// Promises for everything that touches the store. Every check lives in the Rust core.
//
// The types of commands, events, cases and query results are the generated `model.d.ts`;
// this file is compiled by `tsc --strict` into the package's JavaScript and its declarations.

import type {
  AccessEntry,
  Actor,
  Case,
  CaseImport,
  CaseQuery,
  CaseSummary,
  CaseView,
  Command,
  CoordinatorMatch,
  DueEvaluation,
  ErasureReport,
  Event,
  FeedEntry,
  FollowReport,
  HistoryRecord,
  PoolEntry,
  Role,
  UpgradeReport,
  VerifyReport,
} from '../model'
import { native, type Native } from './addon'
import { KringError, invalid, toKringError } from './errors'
import { lazy } from './lazy'

export type * from '../model'
export {
  AlreadyExists,
  AlreadyOpen,
  Closed,
  Conflict,
  Corrupted,
  InvalidInput,
  KringError,
  NotAKringStore,
  NotFound,
  PermissionDenied,
  RuleViolation,
  StoreError,
  UpgradeRequired,
} from './errors'

/** A moment: a Date, or an RFC 3339 string such as `2026-03-02T09:00:00Z`. */
export type Moment = Date | string
/** A plain date: a Date (its UTC day), or `YYYY-MM-DD`. */
export type Day = Date | string

/** A command name: the key of a command object, or a command without fields. */
export type CommandName = Command extends infer C ? (C extends string ? C : keyof C) : never

/** The fields of the command called `N`. */
export type FieldsOf<N extends CommandName> =
  Extract<Command, { [K in N]: unknown }> extends infer C ? (C extends { [K in N]: infer F } ? F : never) : never

export interface ExecuteOptions {
  /** When the command happens (default: the moment of the write). */
  at?: Moment
  /** The version of the case the caller read (`case.version`; 0 for a case not requested
   * yet): when the case has moved on since, the command rejects with `Conflict` and nothing
   * is written. */
  expectedVersion?: number
}

export interface ManyItem {
  case: string
  actor: Actor
  command: CommandName | Command
  fields?: unknown
  at?: Moment
  /** As in `ExecuteOptions`; not taken by `importCommands`. */
  expectedVersion?: number
}

/** What `importCommands` did. */
export interface ImportReport {
  /** Commands accepted and committed. */
  commands: number
  /** Distinct cases they changed or opened. */
  cases: number
  /** The sequence numbers of the first and last event written (both 0 for none). */
  first_seq: number
  last_seq: number
}

/** What `exportCase` gives: the full case file (no options), the file scoped to `reader`, or
 * the file pseudonymised with `key`; not both. */
export interface ExportCaseOptions {
  /** The actor the file is for: the case as they may see it in their role (as `caseFor`). */
  reader?: Actor
  /** A Buffer or Uint8Array of random bytes (at least 16; 32 from crypto.randomBytes is
   * good): the case's research tables pseudonymised with it. */
  key?: Uint8Array
}

/** The language of a document: Dutch (`nl`, the default) or English (`en`). */
export type Lang = 'nl' | 'en'

/** What `planHtml` prints: which plan version, in which language, for whom. */
export interface PlanOptions {
  /** `nl` (default) or `en`. */
  lang?: Lang
  /** The plan version (1, 2, …); the latest when absent. */
  version?: number
  /** The actor the document is for: only what they may see in their role (as `caseFor`;
   * the read is checked and logged as it is). Absent: as the coordinator distributes it. */
  reader?: Actor
}

/** What `networkMap` draws: in which language, for whom. */
export interface MapOptions {
  /** `nl` (default) or `en`. */
  lang?: Lang
  /** The actor the map is for: only what they may see in their role (as `caseFor`; the
   * read is checked and logged as it is). Absent: as the coordinator sees the case. */
  reader?: Actor
}

/** A FHIR R5 resource: its type, its id and its elements (docs/fhir.md). */
export interface FhirResource {
  resourceType: string
  id: string
  [element: string]: unknown
}

/** A case as a FHIR R5 `Bundle` of type `collection`. */
export interface FhirBundle {
  resourceType: 'Bundle'
  type: string
  entry: Array<{ fullUrl: string; resource: FhirResource }>
  [element: string]: unknown
}

/** How `measures` groups the cases: one group `all`, or one per variant, legal basis or
 * requesting organisation. */
export type GroupBy = 'none' | 'variant' | 'legal_basis' | 'organisation'

/** What `measures` counts, and how it shows it. */
export interface MeasuresOptions {
  /** A Buffer or Uint8Array of random bytes (at least 16): pseudonymised with it, small cells
   * withheld and organisations named by pseudonym. Required unless `identifying`. */
  key?: Uint8Array
  /** Every value, and organisations by id and name: only inside the organisation that holds
   * the records. */
  identifying?: boolean
  /** Only cases requested on or after this day (a Date's UTC day, or `YYYY-MM-DD`). */
  from?: Day
  /** Only cases requested before this day: the period is `[from, to)`, and `to` must come
   * after `from`. */
  to?: Day
  /** `none` (default), `variant`, `legal_basis` or `organisation`. */
  groupBy?: GroupBy
}

/** What `reportHtml` writes: the measures of `MeasuresOptions`, in which language, and the
 * day it was made. */
export interface ReportOptions extends MeasuresOptions {
  /** `nl` (default) or `en`. */
  lang?: Lang
  /** The day the report was made (a Date's UTC day, or `YYYY-MM-DD`), printed under the
   * title; absent, no day is printed, so the same store gives the same text. */
  madeOn?: Day
}

/** Where `exportParquet` puts the research tables, and under which key. */
export interface ParquetOptions {
  /** A Buffer or Uint8Array of random bytes (at least 16): the project's key, so that the
   * pseudonyms of several organisations' exports join. Required. */
  key?: Uint8Array
  /** The code the partitions of this store are under: a lowercase letter, then lowercase
   * letters, digits, `_` or `-`, at most 40 characters. Default: the store's pseudonym
   * under the key. */
  organisation?: string
  /** A dataset is never identifying: `true` rejects with InvalidInput. */
  identifying?: false
}

/** What `exportParquet` wrote. */
export interface ParquetSummary {
  /** The organisation code of the partitions (given, or the store's pseudonym). */
  organisation: string
  /** The cases exported. */
  cases: number
  /** The files written, relative to the dataset's directory, in table and year order:
   * `<table>/organisation=<code>/year=<yyyy>/part-00000.parquet`. */
  files: string[]
  /** The rows written per table, in the order of the tables (0 for a table without rows,
   * which then has no partition of this organisation). */
  rows: { [table: string]: number }
}

// The standard measures, as the core's `Measures` serialises them (docs/research.md defines
// each). `null` is a value withheld as a small cell, or one that does not exist (the median
// of no cases).

/** A whole-number variable over cases: how many, the mean, and quartiles by nearest rank. */
export interface Quartiles { count: number | null; mean: number | null; p25: number | null; median: number | null; p75: number | null }
export interface Uptake {
  requests: number | null
  conferences_held: number | null
  conference_share: number | null
  withdrawn: number | null
  withdrawn_share: number | null
  withdrawn_in_phase: { [phase: string]: number | null }
  /** Identifying only (free text): `null` when pseudonymised. */
  withdrawal_reasons: { [reason: string]: number } | null
  closed: number | null
  closed_by_outcome: { [outcome: string]: number | null }
  open: number | null
}
export interface Timing { days_to_coordinator: Quartiles; days_to_conference: Quartiles }
export interface Circle {
  cases: number | null
  circle_size: Quartiles
  network_members: Quartiles
  main_persons: Quartiles
  identified_at_intake: number | null
  identified_widening_circle: number | null
  identified_at_conference: number | null
  share_at_intake: number | null
  share_widening_circle: number | null
  share_at_conference: number | null
  cases_widened: number | null
}
export interface PartAttendance { conferences: number | null; persons_present: Quartiles; circle_present: Quartiles; circle_share: number | null }
export interface Attendance { information: PartAttendance; private_time: PartAttendance; presentation: PartAttendance }
export interface PlanItems { plans: number | null; agreements: number | null; requested_help: number | null; network_share: number | null; items_per_plan: Quartiles }
export interface PlanAcceptance {
  conferences_held: number | null
  accepted: number | null
  accepted_share: number | null
  first_time: number | null
  after_private_time: number | null
  first_time_share: number | null
}
export interface Kept { cases: number | null; reviews: { [status: string]: number | null }; kept: number | null; not_kept: number | null; kept_share: number | null }
export interface AgreementsKept { first_evaluation: Kept; three_months: Kept }
export interface FollowUp {
  conferences_held: number | null
  cases_with_follow_up_conference: number | null
  follow_up_conferences: number | null
  follow_up_share: number | null
  cases_evaluated: number | null
  cases_revised: number | null
  cases_met_again: number | null
}
export interface Score { scores: number | null; cases: number | null; mean: number | null }
/** The measures of one group. */
export interface GroupMeasures {
  /** `all`, a variant or legal-basis code, an organisation's id (identifying) or pseudonym,
   * or `family` for requests the family made themselves. */
  group: string
  /** The organisation's name, identifying only. */
  label: string | null
  /** Fewer than `min_cell` cases, pseudonymised: nothing of the group is shown. */
  suppressed: boolean
  /** How many values of the group were withheld as small cells. */
  cells_suppressed: number
  uptake: Uptake
  timing: Timing
  circle: Circle
  attendance: Attendance
  plan_items: PlanItems
  acceptance: PlanAcceptance
  agreements_kept: AgreementsKept
  follow_up: FollowUp
  /** Per participant group, by its code. */
  satisfaction: { [group: string]: Score }
}
/** The standard measures of the cases requested in a period, one entry per group. */
export interface Measures {
  /** The period (days as `YYYY-MM-DD`) and grouping asked for. */
  query: { from: string | null; to: string | null; group_by: GroupBy }
  pseudonymised: boolean
  /** The fewest cases a shown value rests on: 5 when pseudonymised, else 0. */
  min_cell: number
  groups: GroupMeasures[]
}

/** One tidy research table: an array of rows. */
export type ResearchTable = Array<{ [column: string]: string | number | boolean | null }>

/** The name of a research table; the same list as RESEARCH_TABLES (a test checks). */
export type ResearchTableName = 'cases' | 'phases' | 'network' | 'attendance' | 'frameworks' | 'plan_items' | 'agreement_reviews' | 'evaluations' | 'acceptance' | 'outcomes' | 'satisfaction'

/** The options of `researchTables` and `researchArrow`. */
export interface ResearchOptions {
  /** The key of the pseudonyms (random, at least 16 bytes); the same key gives the same
   * pseudonyms, so the tables of several exports join. Required unless `identifying`. */
  key?: Uint8Array
  /** Real ids, names and free text: only for use inside the organisation holding the
   * records. */
  identifying?: boolean
  /** The tables to build, by name (in any order): only those are built and given, in the
   * order of the tables. Absent: every table. */
  tables?: readonly ResearchTableName[]
}

/** A kind of id `newId` makes; the same list as ID_KINDS (a test checks). */
export type IdKind = 'case' | 'person' | 'org' | 'framework' | 'item' | 'conf' | 'agr' | 'help' | 'eval' | 'signal' | 'measure' | 'store'

export type Durability = 'durable' | 'fast'

/** The roles an actor can act in (the core's list). */
export const ROLES: readonly Role[] = Object.freeze(native.roles() as Role[])
/** The kinds of id `newId` makes (the core's list). */
export const ID_KINDS: readonly IdKind[] = Object.freeze(native.idKinds() as IdKind[])
/** The research tables, in their order (the core's list). */
export const RESEARCH_TABLES: readonly ResearchTableName[] = Object.freeze(native.researchTableNames() as ResearchTableName[])
/** The store format version this build writes. */
export const FORMAT_VERSION: number = native.formatVersion()
/** How large one case may grow (people, plan_versions, signals, …); a command past a limit
 * rejects with RuleViolation, rule `case_limits`. */
export const LIMITS: Readonly<{ [name: string]: number }> = Object.freeze(JSON.parse(native.limits()) as { [name: string]: number })

/** Calls the addon now; its error is thrown as a KringError. */
function callNative<T>(f: () => T): T {
  try {
    return f()
  } catch (e) {
    throw toKringError(e)
  }
}

/** Calls the addon for a Promise; it rejects with a KringError, as does a call that throws. */
function callNativeAsync<T>(f: () => Promise<T>): Promise<T> {
  try {
    return f().catch((e: unknown) => {
      throw toKringError(e)
    })
  } catch (e) {
    return Promise.reject(toKringError(e))
  }
}

// Results other than cases cross from the addon as JSON text (parsed here, far faster than
// building them through N-API value by value).
function callNativeJson<T>(f: () => string): T {
  return JSON.parse(callNative(f)) as T
}

function callNativeAsyncJson<T>(f: () => Promise<string>): Promise<T> {
  return callNativeAsync(f).then((text) => JSON.parse(text) as T)
}

/** A string argument: anything else, or a string with a lone surrogate (which N-API would
 * silently turn into U+FFFD), is refused. */
function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(field, 'expected a string')
  if (!value.isWellFormed()) throw invalid(field, 'not well-formed text (a lone surrogate)')
  return value
}

/** An optional string argument: absent (undefined or null) is none. */
function optionalText(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : text(value, field)
}

/** A whole-number argument: non-numbers cross as NaN, which the core refuses with the same
 * message as any other bad number (as Python's binding does). */
function whole(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN
}

/** An optional expected case version: absent is no check. */
function version(value: unknown): number | null {
  return value === undefined || value === null ? null : whole(value)
}

/** An optional time: absent is the moment of the write, taken by the store inside it. */
function time(at: unknown, field = 'at'): string | null {
  if (at === undefined || at === null) return null
  if (at instanceof Date) {
    if (Number.isNaN(at.getTime())) throw invalid(field, 'an invalid Date')
    return at.toISOString()
  }
  return text(at, field)
}

function day(d: unknown, field = 'asOf'): string {
  if (d instanceof Date) {
    if (Number.isNaN(d.getTime())) throw invalid(field, 'an invalid Date')
    return d.toISOString().slice(0, 10)
  }
  return text(d, field)
}

/** An optional day: absent (undefined or null) is none. */
function optionalDay(d: unknown, field: string): string | null {
  return d === undefined || d === null ? null : day(d, field)
}

/** A boolean option such as `identifying`: absent (undefined or null) is false; anything
 * but a boolean is refused. */
function flagOf(value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false
  if (typeof value !== 'boolean') throw invalid(field, 'expected a boolean')
  return value
}

/** A value as JSON text for the addon. Numbers JSON cannot hold (NaN, Infinity) are refused
 * here, naming the field, instead of turning into null; lone surrogates stay escapes, which
 * the core refuses. */
function json(value: unknown, field: string): string {
  let out: string | undefined
  try {
    out = JSON.stringify(value, (key: string, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) throw invalid(key ? `${field}.${key}` : field, `${v} is not a finite number`)
      return v
    }) as string | undefined
  } catch (e) {
    if (e instanceof KringError) throw e
    throw invalid(field, `cannot be written as JSON (${e instanceof Error ? e.message : String(e)})`)
  }
  if (out === undefined) throw invalid(field, 'expected a value')
  return out
}

function filters(f: unknown): string {
  if (f === null || typeof f !== 'object' || Array.isArray(f)) throw invalid('filters', 'expected an object')
  return json(f, 'filters')
}

/** The core's JSON shape: "name" for a command without fields, else { name: fields }. */
function command(c: unknown, fields: unknown): unknown {
  if (typeof c === 'string') return fields === undefined || fields === null ? c : { [c]: fields }
  return c
}

/** The items of `executeMany` and `importCommands`, as one JSON text for the addon. */
function manyItems(items: unknown): string {
  if (!Array.isArray(items)) throw invalid('items', 'expected an array')
  const plain = items.map((i: unknown, n) => {
    if (i === null || typeof i !== 'object' || !('case' in i) || !('actor' in i) || !('command' in i)) {
      throw invalid(`items[${n}]`, 'expected an object with case, actor and command')
    }
    const item = i as Partial<ManyItem>
    return { case: item.case, actor: item.actor, at: time(item.at), command: command(item.command, item.fields), expected_version: version(item.expectedVersion) }
  })
  return json(plain, 'items')
}

/** An optional pseudonymisation key: absent (undefined or null) is none; a Uint8Array crosses
 * as a Buffer, whose bytes the core checks (at least 16, not a weak pattern). */
function keyBytes(key: unknown): Buffer | null {
  if (key === undefined || key === null) return null
  if (!(key instanceof Uint8Array)) throw invalid('key', 'expected a Buffer or Uint8Array (random, at least 16 bytes)')
  return Buffer.isBuffer(key) ? key : Buffer.from(key)
}

/** The options object of a call: absent (undefined or null) is none; anything
 * but a plain object is refused. */
function optionsOf(value: unknown, expected: string): { [name: string]: unknown } {
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('options', `expected an object with ${expected}`)
  return value as { [name: string]: unknown }
}

/** The options `measures` and `reportHtml` share, checked and in the addon's order: key,
 * identifying, from, to, groupBy. */
function measureArgs(o: { [name: string]: unknown }): [Buffer | undefined, boolean, string | null, string | null, string | null] {
  return [keyBytes(o.key) ?? undefined, flagOf(o.identifying, 'identifying'), optionalDay(o.from, 'from'), optionalDay(o.to, 'to'), optionalText(o.groupBy, 'groupBy')]
}

/** The `tables` option: absent (undefined or null) is every table; else an array of names,
 * which the core checks (an unknown name or none at all is refused). */
function tablesOf(value: unknown): string[] | null {
  if (value === undefined || value === null) return null
  if (!Array.isArray(value)) throw invalid('tables', 'expected an array of table names')
  return value.map((name: unknown) => text(name, 'tables'))
}

/** The options of `researchTables` and `researchArrow`, checked in the addon's order (and
 * the core's): tables, then key and identifying. */
function researchArgs(options: unknown): [Buffer | undefined, boolean, string[] | null] {
  const o = optionsOf(options, 'key, identifying or tables')
  const tables = tablesOf(o.tables)
  return [keyBytes(o.key) ?? undefined, flagOf(o.identifying, 'identifying'), tables]
}

/** An optional actor as JSON text for the addon: absent (undefined or null) is none. */
function optionalActor(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : json(value, field)
}

/** A store file (or a store in memory), open. */
export class Store {
  readonly #native: Native.Store

  private constructor(handle: Native.Store) {
    this.#native = handle
  }

  /** Creates a new store file; `durability` is "durable" (default) or "fast" (bulk import). */
  static create(path: string, { durability }: { durability?: Durability } = {}): Store {
    return new Store(callNative(() => native.Store.create(text(path, 'path'), durability)))
  }

  /** Opens an existing store file. By default every page's checksum is checked first, which
   * takes seconds for a large store. `trustCleanClose: true` opens a file that was closed
   * cleanly in milliseconds, checking only the engine's own bookkeeping: for files your own
   * system wrote and keeps. Damage elsewhere is then found when it is read (`Corrupted`) or
   * by `verify`; a file that was not closed cleanly is still checked whole. */
  static open(
    path: string,
    { durability, trustCleanClose }: { durability?: Durability; trustCleanClose?: boolean } = {},
  ): Store {
    const trust = flagOf(trustCleanClose, 'trustCleanClose')
    return new Store(callNative(() => native.Store.open(text(path, 'path'), durability, trust)))
  }

  /** A store in memory. */
  static inMemory(): Store {
    return new Store(callNative(() => native.Store.inMemory()))
  }

  /** Closes the store: waits for calls in flight, then releases the file, so that it can be
   * opened again at once. Later calls reject with `Closed`. */
  close(): void {
    this.#native.close()
  }

  get closed(): boolean {
    return this.#native.closed
  }

  /** A new unique id of `kind`, one of ID_KINDS; an unknown kind throws InvalidInput naming them. */
  newId(kind: IdKind = 'case'): string {
    return callNative(() => this.#native.newId(text(kind, 'kind')))
  }

  /** Checks a command against the case and commits it; resolves to the event. `at` defaults
   * to the moment of the write, taken while it holds the store's write lock; a given `at` is
   * checked as it is. */
  execute<N extends CommandName>(caseId: string, actor: Actor, command: N, fields?: FieldsOf<N>, options?: ExecuteOptions): Promise<Event>
  execute(caseId: string, actor: Actor, command: Command, fields?: undefined, options?: ExecuteOptions): Promise<Event>
  execute(caseId: string, actor: Actor, cmd: CommandName | Command, fields?: unknown, { at, expectedVersion }: ExecuteOptions = {}): Promise<Event> {
    return callNativeAsyncJson(() =>
      this.#native.execute(text(caseId, 'case'), json(actor, 'actor'), time(at), json(command(cmd, fields), 'command'), version(expectedVersion)),
    )
  }

  executeSync<N extends CommandName>(caseId: string, actor: Actor, command: N, fields?: FieldsOf<N>, options?: ExecuteOptions): Event
  executeSync(caseId: string, actor: Actor, command: Command, fields?: undefined, options?: ExecuteOptions): Event
  executeSync(caseId: string, actor: Actor, cmd: CommandName | Command, fields?: unknown, { at, expectedVersion }: ExecuteOptions = {}): Event {
    return callNativeJson(() =>
      this.#native.executeSync(text(caseId, 'case'), json(actor, 'actor'), time(at), json(command(cmd, fields), 'command'), version(expectedVersion)),
    )
  }

  /** Many commands in one transaction, all or none: items `{ case, actor, command, fields?, at? }`. */
  executeMany(items: ManyItem[]): Promise<Event[]> {
    return callNativeAsyncJson(() => this.#native.executeMany(manyItems(items)))
  }

  /** Imports many commands, all or none, as a migration does: faster than `executeMany` for
   * thousands (checked and written on two threads, one sync). Items as for `executeMany`;
   * resolves to `{ commands, cases, first_seq, last_seq }`. */
  importCommands(items: ManyItem[]): Promise<ImportReport> {
    return callNativeAsyncJson(() => this.#native.importCommands(manyItems(items)))
  }

  /** The case. Each top-level field is converted from the store's decoded case when it is
   * first read; to everything else it is the plain object. */
  case(id: string): Promise<Case> {
    return callNativeAsync(() => this.#native.case(text(id, 'case'))).then((doc) => lazy<Case>(doc))
  }

  caseSync(id: string): Case {
    return lazy<Case>(callNative(() => this.#native.caseSync(text(id, 'case'))))
  }

  /** The case as `reader` may see it, in their role (the read table of the domain guide):
   * a part the role may not read is absent from the object, and details withheld from the
   * reader are never in it. Rejects with PermissionDenied when the reader does not hold the
   * role in the case. */
  caseFor(id: string, reader: Actor): Promise<CaseView> {
    return callNativeAsync(() => this.#native.caseFor(text(id, 'case'), json(reader, 'reader'))).then((doc) => lazy<CaseView>(doc))
  }

  /** The access log of one case or of one person (name exactly one), oldest first: every
   * scoped read (`what` is `case_for`) and every command (`what` its name, `seq` its event). */
  accessLog(options: { case: string } | { person: string }): Promise<AccessEntry[]> {
    const { case: caseId, person } = (options ?? {}) as { case?: unknown; person?: unknown }
    return callNativeAsyncJson(() => this.#native.accessLog(optionalText(caseId, 'case'), optionalText(person, 'person')))
  }

  /** Erases a person (AVG/GDPR article 17) from `options.case`, or from every case they appear
   * in and from the coordinator pool; each case gets a tombstone event made by `by` with
   * `ground`, and the store is then compacted. Resolves to the report. */
  erasePerson(person: string, by: Actor, ground: string, { case: caseId }: { case?: string } = {}): Promise<ErasureReport> {
    return callNativeAsyncJson(() => this.#native.erasePerson(text(person, 'person'), json(by, 'by'), text(ground, 'ground'), optionalText(caseId, 'case')))
  }

  /** The case as it was after `version` events. */
  caseAtVersion(id: string, version: number): Promise<Case> {
    return callNativeAsync(() => this.#native.caseAtVersion(text(id, 'case'), whole(version))).then((doc) => lazy<Case>(doc))
  }

  /** The case as it was at a moment. */
  caseAt(id: string, at: Moment): Promise<Case> {
    return callNativeAsync(() => {
      const t = time(at)
      if (t === null) throw invalid('at', 'expected a Date or an RFC 3339 string')
      return this.#native.caseAt(text(id, 'case'), t)
    }).then((doc) => lazy<Case>(doc))
  }

  history(id: string): Promise<HistoryRecord[]> {
    return callNativeAsyncJson(() => this.#native.history(text(id, 'case')))
  }

  /** Case ids matching every filter: phase, variant, legal_basis, coordinator, organisation,
   * person, requested_from, requested_to. An unknown filter rejects with InvalidInput. */
  query(f: Partial<CaseQuery> = {}): Promise<string[]> {
    return callNativeAsyncJson(() => this.#native.query(filters(f)))
  }

  querySync(f: Partial<CaseQuery> = {}): string[] {
    return callNativeJson(() => this.#native.querySync(filters(f)))
  }

  /** The cases matching every filter, each read as `case` reads one. */
  cases(f: Partial<CaseQuery> = {}): Promise<Case[]> {
    return callNativeAsync(() => this.#native.cases(filters(f))).then((docs) => docs.map((doc) => lazy<Case>(doc)))
  }

  /** What work lists need of a case (phase, plan in force, evaluations still to hold), without
   * reading all of it. */
  summary(id: string): Promise<CaseSummary> {
    return callNativeAsyncJson(() => this.#native.summary(text(id, 'case')))
  }

  summarySync(id: string): CaseSummary {
    return callNativeJson(() => this.#native.summarySync(text(id, 'case')))
  }

  summaries(f: Partial<CaseQuery> = {}): Promise<CaseSummary[]> {
    return callNativeAsyncJson(() => this.#native.summaries(filters(f)))
  }

  casesOfPerson(person: string): Promise<string[]> {
    return callNativeAsyncJson(() => this.#native.casesOfPerson(text(person, 'person')))
  }

  evaluationsDue(asOf: Day): Promise<DueEvaluation[]> {
    return callNativeAsyncJson(() => this.#native.evaluationsDue(day(asOf)))
  }

  /** Adds a coordinator to the pool, or replaces their entry: `{ coordinator, available }`,
   * the profile as `assign_coordinator` takes it. A bad profile rejects with InvalidInput. */
  registerCoordinator(entry: PoolEntry): Promise<void> {
    return callNativeAsync(() => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw invalid('entry', 'expected an object')
      return this.#native.registerCoordinator(json(entry, 'entry'))
    }).then(() => undefined)
  }

  /** Every entry of the coordinator pool, by person id. */
  coordinatorPool(): Promise<PoolEntry[]> {
    return callNativeAsyncJson(() => this.#native.coordinatorPool())
  }

  /** One coordinator's entry in the pool; rejects with NotFound if they are not in it. */
  poolEntry(person: string): Promise<PoolEntry> {
    return callNativeAsyncJson(() => this.#native.poolEntry(text(person, 'person')))
  }

  /** The coordinators of the pool who may be assigned to a case, best fit first, each with
   * `fits`, the family's wishes they meet. Nobody is assigned by this. */
  matchCoordinators(caseId: string): Promise<CoordinatorMatch[]> {
    return callNativeAsyncJson(() => this.#native.matchCoordinators(text(caseId, 'case')))
  }

  /** The change feed: the events after sequence number `after`, at most `limit` (and at most
   * 100,000) of them. */
  eventsSince(after = 0, limit = 1000): Promise<HistoryRecord[]> {
    return callNativeAsyncJson(() => this.#native.eventsSince(whole(after), whole(limit)))
  }

  /** The store's id (`store_…`): the origin of the events it writes, and what a
   * `hand_over` names to give a case to this store. */
  id(): string {
    return callNative(() => this.#native.id())
  }

  /** The id of the store that writes `caseId`: this store's, unless the case is a read-only
   * copy here (a command on it rejects with PermissionDenied, code `read_only_copy`). */
  holder(caseId: string): string {
    return callNative(() => this.#native.holder(text(caseId, 'case')))
  }

  /** The case file of a case (docs/interchange.md), as one line of JSON. Without options, the
   * full file: the case with its whole history, each event with the store that wrote it, as
   * `importCase` takes it. With `reader`, the scoped file (`disclosure` `scoped`): the case
   * now as that reader may see it (`view`, as `caseFor` gives it; rejects with
   * PermissionDenied as it does, and the read is in the access log as `case_for`), without
   * the history. With `key`, the pseudonymised file (`disclosure` `pseudonymised`): the
   * case's research tables under the key, as `researchTables({ key })` makes them (the same
   * key gives the same pseudonyms). Neither of the two imports; both options together reject
   * with InvalidInput. */
  exportCase(caseId: string, options: ExportCaseOptions = {}): Promise<string> {
    return callNativeAsync(() => {
      if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
        throw invalid('options', 'expected an object with reader or key')
      }
      const { reader, key } = (options ?? {}) as { reader?: unknown; key?: unknown }
      return this.#native.exportCase(text(caseId, 'case'), reader === undefined || reader === null ? null : json(reader, 'reader'), keyBytes(key))
    })
  }

  /** The family's plan as one self-contained HTML document (a string starting with
   * `<!DOCTYPE html>`) that loads nothing and prints on A4: a plan version (the latest unless
   * `version`), in Dutch (`lang: 'nl'`, the default) or English (`'en'`). With `reader` (an
   * `Actor` in the case) it is printed for them: what their role may not see is left out,
   * the read is checked and logged as `caseFor` is (rejects with PermissionDenied as it
   * does). Every text from the case is escaped. Rejects with NotFound when the case has no
   * plan, or not that version; with InvalidInput for an unknown `lang` or a `version` that is
   * not a whole number from 1. */
  planHtml(caseId: string, options: PlanOptions = {}): Promise<string> {
    return callNativeAsync(() => {
      const { lang, version: v, reader } = optionsOf(options, 'lang, version or reader')
      return this.#native.planHtml(text(caseId, 'case'), optionalText(lang, 'lang'), version(v), optionalActor(reader, 'reader'))
    })
  }

  /** The network map (ecogram) of the case's circle as one standalone SVG (a string starting
   * with `<svg`), in Dutch (`lang: 'nl'`, the default) or English (`'en'`). With `reader` (an
   * `Actor` in the case) it is drawn for them, leaving out what their role may not see (a
   * regional manager's map shows no members of the circle); the read is checked and logged
   * as `caseFor` is. Every text from the case is escaped. */
  networkMap(caseId: string, options: MapOptions = {}): Promise<string> {
    return callNativeAsync(() => {
      const { lang, reader } = optionsOf(options, 'lang or reader')
      return this.#native.networkMap(text(caseId, 'case'), optionalText(lang, 'lang'), optionalActor(reader, 'reader'))
    })
  }

  /** The case as an HL7 FHIR R5 `Bundle` (docs/fhir.md): main persons as Patients,
   * the network as RelatedPersons, professionals and the coordinator as Practitioners with
   * their roles and organisations, the circle as a CareTeam, conferences as Encounters with
   * their parts, plan versions as CarePlans chained with `replaces`, agreements as Tasks,
   * requested help as ServiceRequests, conditions as Goals, Provenance and Consent. No
   * contact details leave the store. */
  fhirBundle(caseId: string): Promise<FhirBundle> {
    return callNativeAsyncJson(() => this.#native.fhirBundle(text(caseId, 'case')))
  }

  /** Imports a case file (its JSON text), all of it or nothing; the same file twice changes
   * nothing, and a history that forked from this store's rejects with Conflict (code
   * `diverged`). */
  importCase(file: string): Promise<CaseImport> {
    return callNativeAsyncJson(() => this.#native.importCase(text(file, 'case file')))
  }

  /** The change feed after sequence number `after`, at most `limit` entries: what another
   * store takes with `follow`. */
  feed(after = 0, limit = 1000): Promise<FeedEntry[]> {
    return callNativeAsyncJson(() => this.#native.feed(whole(after), whole(limit)))
  }

  /** Takes a batch of another store's feed, all of it or nothing, with that store's cursor
   * in the same transaction (a batch taken twice changes nothing twice); `cases` limits it
   * to those cases. */
  follow(entries: FeedEntry[], { cases }: { cases?: string[] } = {}): Promise<FollowReport> {
    return callNativeAsyncJson(() =>
      this.#native.follow(json(entries, 'entries'), cases === undefined ? null : json(cases, 'cases')),
    )
  }

  /** How far this store has followed `store`: the last sequence number taken. */
  cursor(store: string): number {
    return callNative(() => this.#native.cursor(text(store, 'store')))
  }

  lastSeq(): number {
    return callNative(() => this.#native.lastSeq())
  }

  count(): number {
    return callNative(() => this.#native.count())
  }

  verify(): Promise<VerifyReport> {
    return callNativeAsyncJson(() => this.#native.verify())
  }

  /** The format version recorded in the store file: FORMAT_VERSION, or an older one, which
   * takes no writes (UpgradeRequired) until `upgrade()` converts it. */
  formatVersion(): number {
    return callNative(() => this.#native.formatVersion())
  }

  /** Converts a store of an older format to the current one, in one transaction: all of it is
   * committed or nothing is. Resolves to the report `{ from, to, events, cases }`; a store of
   * the current format is left as it is. An older kring cannot open the store afterwards:
   * `backup` it first. */
  upgrade(): Promise<UpgradeReport> {
    return callNativeAsyncJson(() => this.#native.upgrade())
  }

  backup(path: string): Promise<null> {
    return callNativeAsyncJson(() => this.#native.backup(text(path, 'path')))
  }

  /** Adds `count` realistic generated cases (invented people); resolves to their ids. */
  generate({ seed, count }: { seed: number; count: number }): Promise<string[]> {
    return callNativeAsyncJson(() => this.#native.generate(whole(seed), whole(count)))
  }

  /**
   * Tidy research tables by name, each an array of row objects. Pseudonymised with `key`
   * (a Buffer or Uint8Array of at least 16 random bytes) unless `identifying: true`.
   * `tables` chooses the tables (names of RESEARCH_TABLES): only those are built, and the
   * result holds only those, in the order of the tables. Rejects with InvalidInput for an
   * unknown table or an empty `tables`.
   */
  researchTables(options: ResearchOptions = {}): Promise<{ [name: string]: ResearchTable }> {
    return callNativeAsyncJson<Array<{ name: string; columns: Array<[string, ...unknown[]]>; rows: unknown[][] }>>(() =>
      this.#native.researchTables(...researchArgs(options)),
    ).then((tables) => {
      const out: { [name: string]: ResearchTable } = {}
      for (const t of tables) {
        const names = t.columns.map((c) => c[0])
        out[t.name] = t.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])) as ResearchTable[number])
      }
      return out
    })
  }

  /**
   * The research tables as Arrow IPC streams, by name (in the order of the tables), one
   * Buffer each, for `apache-arrow`: `tableFromIPC(tables.cases)`. The columns are typed:
   * `Bool`, `Int64` (read as BigInt), `Utf8`, `DateDay` and `Timestamp` (microseconds, UTC),
   * nullable where a cell can be absent. Pseudonymised with `key` unless `identifying: true`,
   * and only the `tables` chosen, as `researchTables`.
   */
  researchArrow(options: ResearchOptions = {}): Promise<{ [name: string]: Buffer }> {
    return callNativeAsync(() => this.#native.researchArrow(...researchArgs(options))).then((tables) =>
      Object.fromEntries(tables.map((t) => [t.name, t.ipc])),
    )
  }

  /**
   * The standard measures (docs/research.md) of the cases requested in `[from, to)`, one
   * entry per group of `groupBy`: uptake, timing, the circle and its widening, attendance,
   * plan items, acceptance, agreements kept, follow-up and satisfaction. Pseudonymised with
   * `key` unless `identifying: true`: every value resting on fewer than five cases is `null`,
   * a group of fewer than five cases is `suppressed`, organisations are named by pseudonym.
   * The same numbers as Python's `measures` and `kring measures`. Rejects with InvalidInput
   * for an unknown `groupBy`, a malformed day, `to` not after `from`, or a missing or weak key.
   */
  measures(options: MeasuresOptions = {}): Promise<Measures> {
    return callNativeAsyncJson(() => this.#native.measures(...measureArgs(optionsOf(options, 'key, identifying, from, to or groupBy'))))
  }

  /**
   * The standard measures of `measures` (the same options, checked the same way) as one
   * self-contained HTML report with charts (docs/documents.md, "The report"), in Dutch
   * (`lang: 'nl'`, the default) or English (`'en'`): what `kring report` writes, for a
   * regional manager to open in a browser or print on A4. It loads nothing: its charts are
   * inline SVG, and each reads without the picture. Pseudonymised with `key` (withheld values
   * show as `—`, organisations by pseudonym, no names) unless `identifying: true`. `madeOn`
   * is printed under the title as the day it was made; absent, no day is printed. Rejects
   * with InvalidInput as `measures` does, and for an unknown `lang` or a malformed `madeOn`.
   */
  reportHtml(options: ReportOptions = {}): Promise<string> {
    return callNativeAsync(() => {
      const o = optionsOf(options, 'key, identifying, from, to, groupBy, lang or madeOn')
      return this.#native.reportHtml(...measureArgs(o), optionalText(o.lang, 'lang'), optionalDay(o.madeOn, 'madeOn'))
    })
  }

  /**
   * Writes the research tables of every case, pseudonymised with `key` (required: the
   * project's key, so that several organisations' pseudonyms join), into the Parquet dataset
   * at `dir`, hive-partitioned as `<table>/organisation=<code>/year=<yyyy>/part-00000.parquet`
   * (docs/research.md). `organisation` names this store's partitions (by default its
   * pseudonym under the key): exporting again replaces them, other organisations' stay.
   * Runs on the thread pool; resolves to `{ organisation, cases, files, rows }`. Rejects with
   * InvalidInput for a missing or weak key, `identifying: true`, or a bad organisation code;
   * the dataset is then as it was.
   */
  exportParquet(dir: string, options: ParquetOptions = {}): Promise<ParquetSummary> {
    return callNativeAsyncJson(() => {
      const { key, identifying, organisation } = optionsOf(options, 'key or organisation')
      return this.#native.exportParquet(text(dir, 'dir'), keyBytes(key) ?? undefined, flagOf(identifying, 'identifying'), optionalText(organisation, 'organisation'))
    })
  }
}
