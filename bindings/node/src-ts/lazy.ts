// Cases as they are read: the addon keeps a read case decoded in Rust (a `Document`), and the
// object returned here converts one top-level field to JavaScript the first time it is read,
// then keeps it. Reading `c.phase` of a large case converts only the phase.
//
// To everything else the object is the case's plain JSON object: its prototype is
// Object.prototype, `Object.keys`, spreading, `for…in`, `JSON.stringify` and
// `assert.deepStrictEqual` see every field in the core's order, `util.inspect` (console.log)
// prints them, and fields can be set and deleted. Whatever looks at all of it converts the rest
// in one go. The only difference from a plain object: `structuredClone` (and `postMessage`)
// refuse it, as they refuse every Proxy; `{ ...c }` is a plain copy for them.

import { native, type Native } from './addon'

const INSPECT = Symbol.for('nodejs.util.inspect.custom')
/** The handler of a lazy object, asked for through the object itself. */
const STATE = Symbol('kring.lazy')

/** The names of the top-level fields of each shape the addon has reported, fetched once. */
const shapes: Array<ReadonlySet<string>> = []

type Target = Record<PropertyKey, unknown>

/** A plain copy of a lazy object's fields, every one converted. */
function plain(this: unknown): object {
  const state = (this as { [STATE]?: Lazy } | null)?.[STATE]
  if (!(state instanceof Lazy)) return this as object
  state.all()
  return { ...state.target }
}

/** The prototype of the target behind each lazy object (the object itself reports
 * Object.prototype): `toJSON` and the inspect hook, which see all of it. */
const LAZY_PROTO: object = Object.create(Object.prototype, {
  constructor: { value: Object, writable: true, configurable: true },
  toJSON: { value: plain, writable: true, configurable: true },
  [INSPECT]: { value: plain, writable: true, configurable: true },
})

class Lazy implements ProxyHandler<Target> {
  /** Whether every field has been converted (the document is then let go). */
  whole = false
  /** What the object reports as its prototype. */
  proto: object | null = Object.prototype

  constructor(
    private doc: Native.Document | null,
    private readonly shape: ReadonlySet<string>,
    readonly target: Target,
  ) {}

  /** Whether `k` is a field not converted yet. */
  private pending(t: Target, k: string | symbol): k is string {
    return !this.whole && typeof k === 'string' && this.shape.has(k) && !Object.hasOwn(t, k)
  }

  /** One field, converted now and kept. */
  private one(t: Target, k: string): unknown {
    const text = (this.doc as Native.Document).field(k)
    const value: unknown = text === null ? undefined : JSON.parse(text)
    t[k] = value
    return value
  }

  /** Every field, in the core's order; a field read (or set) before keeps its value. */
  all(): void {
    if (this.whole) return
    const t = this.target
    const full = JSON.parse((this.doc as Native.Document).json()) as Target
    const kept = Reflect.ownKeys(t).map((k) => [k, Reflect.getOwnPropertyDescriptor(t, k)] as const)
    for (const [k] of kept) Reflect.deleteProperty(t, k)
    Object.assign(t, full)
    for (const [k, d] of kept) if (d !== undefined) Reflect.defineProperty(t, k, d)
    this.whole = true
    this.doc = null
  }

  get(t: Target, k: string | symbol, receiver: unknown): unknown {
    if (k === STATE) return this
    if (this.pending(t, k)) return this.one(t, k)
    return Reflect.get(t, k, receiver)
  }

  has(t: Target, k: string | symbol): boolean {
    return (!this.whole && typeof k === 'string' && this.shape.has(k)) || Reflect.has(t, k)
  }

  getOwnPropertyDescriptor(t: Target, k: string | symbol): PropertyDescriptor | undefined {
    if (this.pending(t, k)) this.one(t, k)
    return Reflect.getOwnPropertyDescriptor(t, k)
  }

  ownKeys(t: Target): Array<string | symbol> {
    this.all()
    return Reflect.ownKeys(t)
  }

  deleteProperty(t: Target, k: string | symbol): boolean {
    this.all()
    return Reflect.deleteProperty(t, k)
  }

  getPrototypeOf(): object | null {
    return this.proto
  }

  setPrototypeOf(t: Target, proto: object | null): boolean {
    this.all()
    if (!Reflect.setPrototypeOf(t, proto)) return false
    this.proto = proto
    return true
  }

  preventExtensions(t: Target): boolean {
    this.all()
    Reflect.setPrototypeOf(t, this.proto)
    return Reflect.preventExtensions(t)
  }
}

/** The object for a document the addon read: typed as what the document holds (`Case`,
 * `CaseView`). */
export function lazy<T>(doc: Native.Document): T {
  const n = doc.shape()
  const shape = (shapes[n] ??= new Set(native.shapeKeys(n)))
  const target = Object.create(LAZY_PROTO) as Target
  return new Proxy(target, new Lazy(doc, shape, target)) as T
}
