// The native addon (napi-rs), typed by the declarations napi-rs writes from the Rust code.
import type * as Native from '../native'

export type { Native }

/** The addon: the Rust store and the core's tables. */
export const native: typeof Native = require('../kring.node')
