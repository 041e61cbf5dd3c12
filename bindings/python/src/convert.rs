//! Python values ⇄ the core's types, through serde but without an intermediate JSON value:
//! `view.rs` gives the core's values out as records that convert what is read of them,
//! `ser.rs` builds plain Python objects from the core's types, `de.rs` reads the core's types
//! from Python objects. All give and take exactly the JSON shape of the core's types, with
//! dates and times as Python `date` and timezone-aware `datetime` where the types have them
//! (`types.rs`).

use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyTuple};

use crate::error::coded;
use crate::pytime::{self, Moment};

fn invalid(field: &str, message: impl std::fmt::Display) -> PyErr {
    coded("invalid_input", format!("invalid {field}: {message}"))
}

/// A timezone-aware datetime, as UTC.
pub fn utc(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<DateTime<Utc>> {
    match pytime::moment(obj) {
        Moment::Aware(t) => Ok(t),
        Moment::Naive => Err(invalid(
            field,
            "a naive datetime; use a timezone-aware one (UTC)",
        )),
        Moment::OutOfRange => Err(invalid(field, "a time out of range")),
        Moment::Other => Err(invalid(field, "expected a timezone-aware datetime")),
    }
}

/// Runs a conversion; a panic in it (say, a dict changed while it was read) becomes a
/// `KringError` with code `internal` rather than crossing into Python.
fn guarded<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(coded(
            "internal",
            "a panic was caught while converting a value",
        ))
    })
}

/// A core value as a plain Python value (dicts and lists).
pub fn out<'py, T: serde::Serialize + 'static>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| crate::ser::to_py(py, value, crate::types::root::<T>()))
}

/// A Python value as a core value, read as its JSON form would be.
pub fn input<T: serde::de::DeserializeOwned + 'static>(
    obj: &Bound<'_, PyAny>,
    field: &str,
) -> PyResult<T> {
    input_at(obj, field, crate::types::root::<T>())
}

/// A Python value as a core value whose place in the type table is `node`.
pub fn input_at<T: serde::de::DeserializeOwned>(
    obj: &Bound<'_, PyAny>,
    field: &str,
    node: crate::types::NodeId,
) -> PyResult<T> {
    guarded(|| {
        T::deserialize(crate::de::De::new(obj, field, node)).map_err(|e| match e {
            crate::de::Error::Serde(m) => invalid(field, m),
            crate::de::Error::Input(m) => coded("invalid_input", m),
        })
    })
}

/// A research table as `{"name", "columns": [(name, type)], "rows": [tuple]}`, with date and
/// time columns as Python `date` and `datetime`.
pub fn table<'py>(py: Python<'py>, t: &kring_research::Table) -> PyResult<Bound<'py, PyAny>> {
    use kring_research::{ColumnType, Value as Cell};
    let rows = PyList::empty(py);
    for row in &t.rows {
        let mut cells = Vec::with_capacity(row.len());
        for (cell, (_, ty)) in row.iter().zip(&t.columns) {
            let v = match (cell, ty) {
                (Cell::Null, _) => py.None().into_bound(py),
                (Cell::Bool(b), _) => PyBool::new(py, *b).to_owned().into_any(),
                (Cell::Int(i), _) => i.into_pyobject(py)?.into_any(),
                (Cell::Text(s), ColumnType::Date) => pytime::date_from_text(py, s)?,
                (Cell::Text(s), ColumnType::Time) => pytime::time_from_text(py, s)?,
                (Cell::Text(s), _) => s.into_pyobject(py)?.into_any(),
            };
            cells.push(v);
        }
        rows.append(PyTuple::new(py, cells)?)?;
    }
    let columns: Vec<(String, String)> = t
        .columns
        .iter()
        .map(|(n, ty)| {
            (
                n.clone(),
                serde_json::to_value(ty)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
            )
        })
        .collect();
    let d = PyDict::new(py);
    d.set_item("name", &t.name)?;
    d.set_item("columns", columns)?;
    d.set_item("rows", rows)?;
    Ok(d.into_any())
}
