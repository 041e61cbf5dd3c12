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
  return { ...state.all() }
}

/** The prototype of the target behind each lazy object (the object itself reports
 * Object.prototype): `toJSON` and the inspect hook, which see all of it. */
const LAZY_PROTO: object = Object.create(Object.prototype, {
  constructor: { value: Object, writable: true, configurable: true },
  toJSON: { value: plain, writable: true, configurable: true },
  [INSPECT]: { value: plain, writable: true, configurable: true },
})

/** The handler of a lazy object. Its fields live in `data`: at first the fields converted so
 * far (and any set by the caller), then all of them. The Proxy's own target stays empty until
 * something needs the object to be what it reports (freezing, sealing, a non-configurable
 * property, a new prototype): it is then given every field, and is the data from there on. */
class Lazy implements ProxyHandler<Target> {
  /** Whether every field has been converted (the document is then let go). */
  private whole = false
  /** What the object reports as its prototype. */
  private proto: object | null = Object.prototype
  private data: Target = {}

  constructor(
    private doc: Native.Document | null,
    private readonly shape: ReadonlySet<string>,
    private readonly target: Target,
  ) {}

  /** Whether `k` is a field not converted yet. */
  private pending(k: string | symbol): k is string {
    return !this.whole && typeof k === 'string' && this.shape.has(k) && !Object.hasOwn(this.data, k)
  }

  /** One field, converted now and kept. */
  private one(k: string): unknown {
    const text = (this.doc as Native.Document).field(k)
    const value: unknown = text === null ? undefined : JSON.parse(text)
    this.data[k] = value
    return value
  }

  /** Every field, in the core's order; a field read (or set) before keeps its value, and one
   * the caller added comes after them. */
  all(): Target {
    if (this.whole) return this.data
    const full = JSON.parse((this.doc as Native.Document).json()) as Target
    for (const k of Reflect.ownKeys(this.data)) {
      Reflect.defineProperty(full, k, Reflect.getOwnPropertyDescriptor(this.data, k) as PropertyDescriptor)
    }
    this.data = full
    this.whole = true
    this.doc = null
    return full
  }

  /** Makes the target the data, with every field and the prototype reported. */
  private settle(): void {
    const t = this.target
    if (this.data === t) return
    const data = this.all()
    for (const k of Reflect.ownKeys(data)) Reflect.defineProperty(t, k, Reflect.getOwnPropertyDescriptor(data, k) as PropertyDescriptor)
    Reflect.setPrototypeOf(t, this.proto)
    this.data = t
  }

  get(t: Target, k: string | symbol, receiver: unknown): unknown {
    if (k === STATE) return this
    if (Object.hasOwn(this.data, k)) return this.data[k]
    if (this.pending(k)) return this.one(k)
    return Reflect.get(t, k, receiver)
  }

  has(t: Target, k: string | symbol): boolean {
    return Object.hasOwn(this.data, k) || this.pending(k) || Reflect.has(t, k)
  }

  getOwnPropertyDescriptor(_t: Target, k: string | symbol): PropertyDescriptor | undefined {
    if (this.pending(k)) this.one(k)
    return Reflect.getOwnPropertyDescriptor(this.data, k)
  }

  defineProperty(_t: Target, k: string | symbol, d: PropertyDescriptor): boolean {
    if (d.configurable === false) this.settle()
    return Reflect.defineProperty(this.data, k, d)
  }

  ownKeys(): Array<string | symbol> {
    return Reflect.ownKeys(this.all())
  }

  deleteProperty(_t: Target, k: string | symbol): boolean {
    return Reflect.deleteProperty(this.all(), k)
  }

  getPrototypeOf(): object | null {
    return this.proto
  }

  setPrototypeOf(t: Target, proto: object | null): boolean {
    this.settle()
    if (!Reflect.setPrototypeOf(t, proto)) return false
    this.proto = proto
    return true
  }

  preventExtensions(t: Target): boolean {
    this.settle()
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
