//! Python values ⇄ the JSON form of the core's types. Dates and times cross as Python
//! `date` and timezone-aware `datetime`: on the way out, a string field whose name is a time
//! (`at`, `…_at`) or a date (`date`, `start`, `due`, `birth_date`, `…_on`) becomes one.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Value};

use crate::error::coded;

fn invalid(field: &str, message: impl std::fmt::Display) -> PyErr {
    coded("invalid_input", format!("invalid {field}: {message}"))
}

/// A timezone-aware datetime, as UTC.
pub fn utc(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<DateTime<Utc>> {
    if let Ok(t) = obj.extract::<DateTime<FixedOffset>>() {
        return Ok(t.with_timezone(&Utc));
    }
    if obj.extract::<NaiveDateTime>().is_ok() {
        return Err(invalid(
            field,
            "a naive datetime; use a timezone-aware one (UTC)",
        ));
    }
    Err(invalid(field, "expected a timezone-aware datetime"))
}

/// A Python value as JSON.
pub fn to_json(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if obj.is_instance_of::<PyBool>() {
        return Ok(Value::Bool(obj.extract()?));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        return obj
            .extract::<u64>()
            .map(Value::from)
            .map_err(|_| invalid(field, "integer out of range"));
    }
    if obj.is_instance_of::<PyFloat>() {
        return Ok(Value::from(obj.extract::<f64>()?));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let key: String = k
                .extract()
                .map_err(|_| invalid(field, "dictionary keys must be strings"))?;
            let value = to_json(&v, &key)?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for item in obj.try_iter()? {
            out.push(to_json(&item?, field)?);
        }
        return Ok(Value::Array(out));
    }
    // datetime before date: a datetime is also a date.
    if let Ok(t) = obj.extract::<DateTime<FixedOffset>>() {
        return Ok(Value::String(
            t.with_timezone(&Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        ));
    }
    if obj.extract::<NaiveDateTime>().is_ok() {
        return Err(invalid(
            field,
            "a naive datetime; use a timezone-aware one (UTC)",
        ));
    }
    if let Ok(d) = obj.extract::<NaiveDate>() {
        return Ok(Value::String(d.to_string()));
    }
    if let Ok(m) = obj.call_method0("to_dict") {
        return to_json(&m, field);
    }
    Err(invalid(
        field,
        format!("cannot use a value of type {}", obj.get_type().name()?),
    ))
}

fn is_time(key: &str) -> bool {
    key == "at" || key.ends_with("_at")
}

fn is_date(key: &str) -> bool {
    matches!(key, "date" | "start" | "due" | "birth_date") || key.ends_with("_on")
}

/// JSON as a Python value.
pub fn to_py<'py>(py: Python<'py>, value: &Value, key: &str) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) if is_time(key) => match DateTime::parse_from_rfc3339(s) {
            Ok(t) => t.with_timezone(&Utc).into_pyobject(py)?.into_any(),
            Err(_) => s.into_pyobject(py)?.into_any(),
        },
        Value::String(s) if is_date(key) => match s.parse::<NaiveDate>() {
            Ok(d) => d.into_pyobject(py)?.into_any(),
            Err(_) => s.into_pyobject(py)?.into_any(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item, key)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v, k)?)?;
            }
            dict.into_any()
        }
    })
}

/// A core value as a Python value.
pub fn out<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value).map_err(|e| coded("internal", e.to_string()))?;
    to_py(py, &json, "")
}

/// A Python value as a core value, through its JSON form.
pub fn input<T: serde::de::DeserializeOwned>(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<T> {
    let json = to_json(obj, field)?;
    serde_json::from_value(json).map_err(|e| invalid(field, e))
}

/// A research table as `{"name", "columns": [(name, type)], "rows": [tuple]}`, with date and
/// time columns as Python `date` and `datetime`.
pub fn table<'py>(py: Python<'py>, t: &kring::research::Table) -> PyResult<Bound<'py, PyAny>> {
    use kring::research::{ColumnType, Value as Cell};
    let rows = PyList::empty(py);
    for row in &t.rows {
        let mut cells = Vec::with_capacity(row.len());
        for (cell, (_, ty)) in row.iter().zip(&t.columns) {
            let v = match (cell, ty) {
                (Cell::Null, _) => py.None().into_bound(py),
                (Cell::Bool(b), _) => PyBool::new(py, *b).to_owned().into_any(),
                (Cell::Int(i), _) => i.into_pyobject(py)?.into_any(),
                (Cell::Text(s), ColumnType::Date) => match s.parse::<NaiveDate>() {
                    Ok(d) => d.into_pyobject(py)?.into_any(),
                    Err(_) => s.into_pyobject(py)?.into_any(),
                },
                (Cell::Text(s), ColumnType::Time) => match DateTime::parse_from_rfc3339(s) {
                    Ok(d) => d.with_timezone(&Utc).into_pyobject(py)?.into_any(),
                    Err(_) => s.into_pyobject(py)?.into_any(),
                },
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
