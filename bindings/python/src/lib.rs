//! `kring._native`: the Python binding of the kring store. Thin: values cross in the JSON
//! shape of the core's types (given out as records that convert only what is read of them,
//! `view.rs`; converted straight to and from Python objects in `convert.rs`, `ser.rs` and
//! `de.rs`, with times and dates where the types have them, `types.rs`), errors are mapped in
//! `error.rs` by the core's table, the roles, id kinds and research tables are the core's
//! lists, and every rule, default and validation lives in the core.

mod arrow;
mod convert;
mod de;
mod error;
mod pytime;
mod ser;
mod store;
mod types;
mod view;

use pyo3::prelude::*;

/// mimalloc for the module's own allocations (Python's objects keep their allocator): a read
/// case is about a hundred small allocations, records keep their cases alive, and with
/// thousands alive the system allocator made a read a few microseconds slower
/// (`docs/benchmarks.md`). Built without transparent huge pages (`no_thp`): the research
/// tables write hundreds of megabytes into fresh memory, and a huge page is zeroed whole at
/// its first touch.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // No Rust panic message may reach the host's stderr; each is caught and raised.
    kring::args::quiet_panics();
    m.add_class::<store::Store>()?;
    m.add_class::<arrow::ArrowTable>()?;
    view::register(m)?;
    error::register(m)?;
    m.add("FORMAT_VERSION", kring::FORMAT_VERSION)?;
    let limits = pyo3::types::PyDict::new(m.py());
    for (key, limit) in kring::domain::limits::by_key() {
        limits.set_item(key, limit)?;
    }
    m.add("LIMITS", limits)?;
    let roles = kring::Role::ALL.iter().map(|r| r.code());
    m.add("ROLES", pyo3::types::PyTuple::new(m.py(), roles)?)?;
    m.add(
        "ID_KINDS",
        pyo3::types::PyTuple::new(m.py(), kring::domain::ID_KINDS)?,
    )?;
    m.add(
        "RESEARCH_TABLES",
        pyo3::types::PyTuple::new(m.py(), kring_research::TABLES)?,
    )?;
    Ok(())
}
