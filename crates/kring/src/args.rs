//! Arguments as the bindings receive them, checked in one place so that Python and Node
//! refuse the same values with the same error: whole numbers from a language whose numbers
//! may be negative, fractional, NaN or larger than any store holds, and named options.
//!
//! Every refusal is `invalid_input` with the message `invalid {field}: {reason}`.

use crate::error::{Error, Result};
use crate::store::Durability;

/// The largest whole number a caller may pass anywhere: 2^53 − 1, the largest integer a
/// JavaScript number holds exactly, so that both bindings accept the same range.
pub const MAX_WHOLE: u64 = (1 << 53) - 1;

/// A number as a binding received it, before it is checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// An integer (Python `int`), or `None` when it does not fit 128 bits.
    Integer(Option<i128>),
    /// A floating-point number (a JavaScript number, a Python `float`).
    Float(f64),
    /// Something that is not a number (a string, a boolean, `None`).
    NotANumber,
}

/// Checks a whole number in `min..=max` (and never above [`MAX_WHOLE`]).
pub fn whole(field: &str, n: Number, min: u64, max: u64) -> Result<u64> {
    let max = max.min(MAX_WHOLE);
    let refuse = || {
        Error::invalid(
            field,
            format!("expected a whole number from {min} to {max}"),
        )
    };
    let value: i128 = match n {
        Number::Integer(Some(i)) => i,
        Number::Float(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 2f64.powi(64) => {
            f as i128
        }
        _ => return Err(refuse()),
    };
    if value < i128::from(min) || value > i128::from(max) {
        return Err(refuse());
    }
    Ok(value as u64)
}

impl std::str::FromStr for Durability {
    type Err = Error;

    /// `durable` or `fast`.
    fn from_str(name: &str) -> Result<Self> {
        match name {
            "durable" => Ok(Durability::Durable),
            "fast" => Ok(Durability::Fast),
            _ => Err(Error::invalid("durability", "expected `durable` or `fast`")),
        }
    }
}

thread_local! {
    /// Where the last panic on this thread happened, recorded by [`quiet_panics`].
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Makes panics silent: instead of printing to the host's stderr, a panic records where it
/// happened (a source file and line, never a value), for [`catch`] to report. For bindings,
/// whose host (a Python or Node process) must never see a Rust backtrace: call it once when
/// the module loads. Every panic is still caught at the boundary and becomes `internal`.
pub fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            LAST_PANIC.with(|c| *c.borrow_mut() = at);
        }))
    });
}

/// The `internal` error for a panic just caught on this thread: it says where the panic
/// happened (when [`quiet_panics`] recorded it) and that nothing was changed (every write runs
/// in one transaction, which a panic aborts).
pub fn panic_error() -> Error {
    let place = LAST_PANIC
        .with(|c| c.borrow_mut().take())
        .map(|at| format!(" at {at}"))
        .unwrap_or_default();
    Error::Internal(format!("a panic was caught{place}; nothing was changed"))
}

/// Runs `f`; a panic becomes [`panic_error`].
pub fn catch<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| Err(panic_error()))
}
