//! The exception tree, declared as the core's table [`kring::ERROR_CLASSES`] has it, and the
//! one mapping from a core error to a Python exception, chosen by that table. Every exception
//! carries `.code` (the core's stable code); rule violations also `.rule` and `.ids`.

use std::collections::HashMap;

use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyTuple, PyType};
use pyo3::{PyErr, create_exception};

create_exception!(
    _native,
    KringError,
    PyException,
    "Base of every kring error; `.code` is stable."
);
create_exception!(
    _native,
    RuleViolation,
    KringError,
    "A command breaks a rule of the model; see `.rule` and `.ids`."
);
create_exception!(
    _native,
    PermissionDenied,
    KringError,
    "The actor's role may not make this command."
);
create_exception!(
    _native,
    NotFound,
    KringError,
    "An id that should exist does not."
);
create_exception!(_native, InvalidInput, KringError, "A value is malformed.");
create_exception!(
    _native,
    Conflict,
    KringError,
    "The case moved on since the caller read it; nothing was written."
);
create_exception!(
    _native,
    StoreError,
    KringError,
    "The store cannot do what was asked."
);
create_exception!(
    _native,
    AlreadyOpen,
    StoreError,
    "Another store has the file open (`already_open`), or another job holds what this one needs (`busy`)."
);
create_exception!(
    _native,
    AlreadyExists,
    StoreError,
    "The file already holds data."
);
create_exception!(
    _native,
    Corrupted,
    StoreError,
    "The file holds something that was not written."
);
create_exception!(
    _native,
    UpgradeRequired,
    StoreError,
    "The file was written by a newer kring."
);
create_exception!(
    _native,
    NotAKringStore,
    StoreError,
    "The file is not a kring store."
);
create_exception!(_native, Closed, StoreError, "The store has been closed.");

/// The exception classes by name, looked up in the module for each class of the core's
/// table ([`kring::ERROR_CLASSES`]) when it is imported.
static CLASSES: PyOnceLock<HashMap<&'static str, Py<PyType>>> = PyOnceLock::new();

/// The exception class errors with `code` are raised as: the core chooses it
/// ([`kring::error_class`]).
fn class_of<'py>(py: Python<'py>, code: &str) -> Bound<'py, PyType> {
    CLASSES
        .get(py)
        .and_then(|classes| classes.get(kring::error_class(code).name))
        .map_or_else(|| py.get_type::<KringError>(), |ty| ty.bind(py).clone())
}

/// Builds the exception for a core error.
pub fn to_py(err: &kring::Error) -> PyErr {
    let rule = err.domain().and_then(|d| d.rule()).map(|r| r.code());
    let ids = err.domain().map(|d| d.ids()).unwrap_or_default();
    raised(err.code(), err.to_string(), rule, ids)
}

/// The exception of the class for `code`, with `.code`, `.rule` and `.ids` set. Its
/// message is redacted ([`kring::domain::redact`]): it names ids and codes, never a value
/// the caller passed in.
fn raised(code: &str, message: String, rule: Option<&str>, ids: Vec<String>) -> PyErr {
    Python::attach(|py| {
        let py_err = PyErr::from_type(class_of(py, code), kring::domain::redact(&message));
        let value = py_err.value(py);
        let _ = value.setattr("code", code);
        let _ = value.setattr("rule", rule);
        let _ = value.setattr("ids", ids);
        py_err
    })
}

/// An error raised by the binding itself, with a core code.
pub fn coded(code: &str, message: impl Into<String>) -> PyErr {
    raised(code, message.into(), None, Vec::new())
}

/// Adds the exception classes to the module, then reads the core's table: every class it
/// names must be one of them (else the import fails), and the table, as
/// `ERROR_CLASSES` (`(name, parent, codes)` tuples), chooses the class of each error.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    for (name, ty) in [
        ("KringError", py.get_type::<KringError>()),
        ("RuleViolation", py.get_type::<RuleViolation>()),
        ("PermissionDenied", py.get_type::<PermissionDenied>()),
        ("NotFound", py.get_type::<NotFound>()),
        ("InvalidInput", py.get_type::<InvalidInput>()),
        ("Conflict", py.get_type::<Conflict>()),
        ("StoreError", py.get_type::<StoreError>()),
        ("AlreadyOpen", py.get_type::<AlreadyOpen>()),
        ("AlreadyExists", py.get_type::<AlreadyExists>()),
        ("Corrupted", py.get_type::<Corrupted>()),
        ("UpgradeRequired", py.get_type::<UpgradeRequired>()),
        ("NotAKringStore", py.get_type::<NotAKringStore>()),
        ("Closed", py.get_type::<Closed>()),
    ] {
        m.add(name, ty)?;
    }
    let mut by_name = HashMap::new();
    let mut table = Vec::new();
    for class in kring::ERROR_CLASSES {
        let ty = m.getattr(class.name)?.cast_into::<PyType>()?;
        if let Some(parent) = class.parent {
            let parent = m.getattr(parent)?.cast_into::<PyType>()?;
            if !ty.is_subclass(&parent)? {
                return Err(pyo3::exceptions::PyImportError::new_err(format!(
                    "{} does not derive from {}",
                    class.name,
                    parent.name()?
                )));
            }
        }
        by_name.insert(class.name, ty.unbind());
        table.push((
            class.name,
            class.parent,
            PyTuple::new(py, class.codes.iter())?,
        ));
    }
    let _ = CLASSES.set(py, by_name);
    m.add("ERROR_CLASSES", PyTuple::new(py, table)?)?;
    Ok(())
}
