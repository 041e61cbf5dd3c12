//! Cases to try kring with, built on one [`CaseDriver`] over the domain's `execute`:
//!
//! - [`example`]: one fictional case walked through its whole lifecycle (the docs, the
//!   `kring demo` command and many tests use it);
//! - [`sim`]: a simulator that proposes any command for any state, some deliberately
//!   broken, for the property tests and fuzz targets (`strategy` with the `proptest`
//!   feature);
//! - [`workload`]: a deterministic generator of realistic cases for benchmarks and
//!   examples (`generate` writes them into a store, with the `store` feature).
//!
//! Every name in them is invented.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod driver;
pub mod example;
pub mod recorded;
pub mod sim;
pub mod workload;

pub use driver::{CaseDriver, TimedCommand, add_member};

/// The proptest strategy of simulator inputs, used by every property test.
#[cfg(feature = "proptest")]
pub mod strategy {
    use proptest::prelude::*;

    use crate::sim::Input;

    /// Any simulator input.
    pub fn input() -> impl Strategy<Value = Input> {
        (
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<u16>(),
        )
            .prop_map(|(kind, a, b, mutate, wait)| Input {
                kind,
                a,
                b,
                mutate,
                wait,
            })
    }
}

/// The most cases [`generate`] adds in one call.
#[cfg(feature = "store")]
pub const MAX_GENERATE: u64 = 1_000_000;

/// Adds `count` realistic generated cases ([`workload`] with `seed`) to `store`, one
/// transaction per case; returns their ids. For trying the API, examples and tests: every
/// name is invented. At most [`MAX_GENERATE`] cases in one call (`invalid_input` above).
#[cfg(feature = "store")]
pub fn generate(
    store: &kring::Store,
    seed: u64,
    count: u64,
) -> kring::Result<Vec<kring_domain::CaseId>> {
    if count > MAX_GENERATE {
        return Err(kring::Error::invalid(
            "count",
            format!("expected a whole number from 0 to {MAX_GENERATE}"),
        ));
    }
    let mut ids = Vec::new();
    for g in workload::cases(seed, count) {
        store.transaction(|tx| {
            for c in &g.commands {
                tx.execute(g.id, c.actor, c.at, c.command.clone())?;
            }
            Ok(())
        })?;
        ids.push(g.id);
    }
    Ok(ids)
}
