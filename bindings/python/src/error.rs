//! The exception tree, mirroring the core's errors, and the one mapping from a core error
//! to a Python exception. Every exception carries `.code` (the core's stable code); rule
//! violations also `.rule` and `.ids`.

use pyo3::exceptions::PyException;
use pyo3::prelude::*;
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
    StoreError,
    KringError,
    "The store cannot do what was asked."
);
create_exception!(
    _native,
    AlreadyOpen,
    StoreError,
    "Another store has the file open."
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

/// Builds the exception for a core error.
pub fn to_py(err: &kring::Error) -> PyErr {
    let msg = err.to_string();
    let py_err = match err.code() {
        "rule_violation" => RuleViolation::new_err(msg),
        "permission_denied" => PermissionDenied::new_err(msg),
        "not_found" => NotFound::new_err(msg),
        "invalid_input" => InvalidInput::new_err(msg),
        "already_open" => AlreadyOpen::new_err(msg),
        "already_exists" => AlreadyExists::new_err(msg),
        "corrupted" => Corrupted::new_err(msg),
        "upgrade_required" => UpgradeRequired::new_err(msg),
        "not_a_kring_store" => NotAKringStore::new_err(msg),
        "closed" => Closed::new_err(msg),
        "internal" => KringError::new_err(msg),
        _ => StoreError::new_err(msg),
    };
    let rule = err.domain().and_then(|d| d.rule()).map(|r| r.code());
    let ids = err.domain().map(|d| d.ids()).unwrap_or_default();
    with_fields(py_err, err.code(), rule, ids)
}

/// Sets `.code`, `.rule` and `.ids` on the exception.
fn with_fields(py_err: PyErr, code: &str, rule: Option<&str>, ids: Vec<String>) -> PyErr {
    Python::attach(|py| {
        let value = py_err.value(py);
        let _ = value.setattr("code", code);
        let _ = value.setattr("rule", rule);
        let _ = value.setattr("ids", ids);
    });
    py_err
}

/// An error raised by the binding itself, with a core code.
pub fn coded(code: &str, message: impl Into<String>) -> PyErr {
    let message = message.into();
    let py_err = match code {
        "invalid_input" => InvalidInput::new_err(message),
        "closed" => Closed::new_err(message),
        "not_found" => NotFound::new_err(message),
        _ => KringError::new_err(message),
    };
    with_fields(py_err, code, None, Vec::new())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    for (name, ty) in [
        ("KringError", py.get_type::<KringError>()),
        ("RuleViolation", py.get_type::<RuleViolation>()),
        ("PermissionDenied", py.get_type::<PermissionDenied>()),
        ("NotFound", py.get_type::<NotFound>()),
        ("InvalidInput", py.get_type::<InvalidInput>()),
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
    Ok(())
}
