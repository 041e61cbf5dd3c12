// The errors of the store: one class per kind of refusal, chosen by the core's table of codes
// (`kring::ERROR_CLASSES`). The addon throws an `Error` whose `code`, `rule` and `ids` are
// properties set in Rust; it is raised here as the class of its code.

import type { Rule } from '../model'
import { native } from './addon'

/** An error of the store: every refusal, with the core's stable code. */
export class KringError extends Error {
  /** The core's stable error code, the same in Rust and Python. */
  readonly code: string
  /** The rule broken (for rule violations and some permission refusals). */
  readonly rule: Rule | null
  /** The ids involved. */
  readonly ids: string[]

  constructor(message: string, code: string, rule: Rule | null = null, ids: string[] = []) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.rule = rule
    this.ids = ids
  }
}
/** A command broke a rule of the model (`.rule` names it). */
export class RuleViolation extends KringError {}
/** The actor may not do this in their role. */
export class PermissionDenied extends KringError {}
/** No case (or person, or entry) with that id. */
export class NotFound extends KringError {}
/** A value the store cannot take; the message begins `invalid {field}:`. */
export class InvalidInput extends KringError {}
/** The case moved on since the caller read it (`expectedVersion`); nothing was written. */
export class Conflict extends KringError {}
/** The store file or its state. */
export class StoreError extends KringError {}
/** Another store has the file open (`already_open`), or another job holds what this one
 * needs (`busy`: another export of the same organisation into a Parquet dataset). */
export class AlreadyOpen extends StoreError {}
export class AlreadyExists extends StoreError {}
export class Corrupted extends StoreError {}
/** A store of an older format takes no writes until `upgrade()`. */
export class UpgradeRequired extends StoreError {}
export class NotAKringStore extends StoreError {}
export class Closed extends StoreError {}

type ErrorClass = new (message: string, code: string, rule?: Rule | null, ids?: string[]) => KringError

/** Every class of the core's table, by name. */
export const ERROR_CLASSES: Readonly<Record<string, ErrorClass>> = Object.freeze({
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
})

/** The class of each code, from the core's table: every class it names must be declared
 * above, with the parent it gives. */
const CLASS_OF_CODE = new Map<string, ErrorClass>()
for (const { name, parent, codes } of JSON.parse(native.errorClasses()) as Array<{ name: string; parent: string | null; codes: string[] }>) {
  const Class = Object.hasOwn(ERROR_CLASSES, name) ? ERROR_CLASSES[name] : undefined
  const Parent = parent === null ? Error : ERROR_CLASSES[parent]
  if (Class === undefined || Object.getPrototypeOf(Class) !== Parent) {
    throw new Error(`kring: the addon's error class ${name} (extending ${parent}) is not declared by this wrapper`)
  }
  for (const code of codes) CLASS_OF_CODE.set(code, Class)
}

/** An error the addon made for a refusal: its code, rule and ids are properties. */
interface Coded extends Error {
  code: string
  rule: Rule | null
  ids: string[]
}

function isCoded(e: unknown): e is Coded {
  if (!(e instanceof Error)) return false
  const { code, rule, ids } = e as Partial<Coded>
  return typeof code === 'string' && CLASS_OF_CODE.has(code) && (rule === null || typeof rule === 'string') && Array.isArray(ids)
}

/** The addon's error as a KringError of the class of its code. Anything else is a value
 * napi-rs could not convert (a number where a string was expected, …): its text can quote the
 * value, so it is redacted as the core's messages are. */
export function toKringError(e: unknown): KringError {
  if (e instanceof KringError) return e
  if (isCoded(e)) {
    const Class = CLASS_OF_CODE.get(e.code) ?? KringError
    return new Class(e.message, e.code, e.rule, e.ids)
  }
  const text = e instanceof Error ? e.message : String(e)
  return new InvalidInput(native.redact(`invalid input: ${text}`), 'invalid_input')
}

export function invalid(field: string, reason: string): InvalidInput {
  return new InvalidInput(`invalid ${field}: ${reason}`, 'invalid_input')
}
