//! `kring._native`: the Python binding of the kring store. Thin: values cross in the JSON
//! shape of the core's types (converted in `convert.rs`), errors are mapped in `error.rs`,
//! and every rule, default and validation lives in the core.

mod convert;
mod error;
mod store;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<store::Store>()?;
    error::register(m)?;
    m.add("FORMAT_VERSION", kring::FORMAT_VERSION)?;
    Ok(())
}
