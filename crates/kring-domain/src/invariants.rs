//! Structural invariants of a case state, checked after every step by the property tests
//! and by the store's `verify`.

use crate::Case;

/// Returns the first broken invariant, if any.
pub fn check(_case: &Case) -> Result<(), String> {
    Ok(())
}
