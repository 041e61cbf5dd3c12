//! The store's errors. Domain errors pass through unchanged; every error has a stable
//! `code()` that the Python and Node bindings expose as is.

use kring_domain as domain;

/// Everything the store can refuse or fail at. `#[non_exhaustive]`: match on
/// [`Error::code`] for a stable answer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The model refused the command (rule violation, permission, unknown id, bad input).
    #[error(transparent)]
    Domain(#[from] domain::Error),
    /// Something looked up by id does not exist in the store.
    #[error("{kind} `{id}` not found")]
    NotFound { kind: &'static str, id: String },
    /// Another `Store` (in this or another process) has the file open.
    #[error("the store at {path} is already open")]
    AlreadyOpen { path: String },
    /// Another job holds what this one needs (another export of the same organisation into
    /// the same Parquet dataset): nothing was done; try again when it is done. What is held
    /// and by what, in words.
    #[error("{0}")]
    Busy(String),
    /// `create` was asked for a file that already holds data.
    #[error("{path} already exists")]
    AlreadyExists { path: String },
    /// The file holds something that is not what was written: a checksum, envelope or
    /// value that does not decode.
    #[error("the store is corrupted: {0}")]
    Corrupted(String),
    /// The file was written by a newer version of kring.
    #[error(
        "the store has format version {found}; this version of kring reads up to {supported}: upgrade kring"
    )]
    UpgradeRequired { found: u16, supported: u16 },
    /// The file was written by an older version of kring: it reads as it is, but takes no
    /// writes until it is upgraded ([`crate::Store::upgrade`], `kring upgrade STORE`), so
    /// that the software that wrote it can still open it until then.
    #[error(
        "the store has format version {found}; this version of kring writes {current}: upgrade the store first (`kring upgrade STORE`), which keeps a backup"
    )]
    OlderFormat { found: u16, current: u16 },
    /// The file is not a kring store (not a database, or a database without kring's tables).
    #[error("{0} is not a kring store")]
    NotAKringStore(String),
    /// An I/O error from the operating system.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The storage engine failed.
    #[error("storage error: {0}")]
    Storage(String),
    /// `verify` found the stored state disagreeing with the event log.
    #[error("verification failed: {}", .0.join("; "))]
    Inconsistent(Vec<String>),
    /// A panic was caught inside the store; nothing was committed.
    #[error("internal error (nothing was changed): {0}")]
    Internal(String),
    /// The store was closed ([`crate::SharedStore::close`]); nothing was done.
    #[error("the store is closed")]
    Closed,
    /// The case moved on since the caller read it: a command made expecting one version of
    /// the case found another. Nothing was written; read the case again.
    #[error("case `{case}` is at version {found}, not {expected}: read it again")]
    Conflict {
        case: String,
        expected: u64,
        found: u64,
    },
    /// The case is a read-only copy here: another store writes it (format 6). Commands go
    /// to that store; this copy follows it.
    #[error("case `{case}` is a read-only copy here: store `{holder}` writes it")]
    ReadOnlyCopy { case: String, holder: String },
    /// Two stores wrote the same version of a case: the histories met and differ. Nothing
    /// was merged and nothing overwritten; the two events are named by their origin store
    /// and sequence number there.
    #[error(
        "case `{case}` diverged at version {version}: this store has the event {ours}, the incoming history {theirs}"
    )]
    Diverged {
        case: String,
        version: u64,
        ours: String,
        theirs: String,
    },
    /// An event of a case file (or a followed feed) was refused: which one, and why (the
    /// error's code, rule and ids are those of the reason).
    #[error("event {version} ({command}) of case `{case}`: {source}")]
    InEvent {
        case: String,
        version: u64,
        command: &'static str,
        source: Box<Error>,
    },
}

impl Clone for Error {
    /// The same error: same variant, code and message (an I/O error keeps its kind and text).
    fn clone(&self) -> Self {
        match self {
            Error::Domain(e) => Error::Domain(e.clone()),
            Error::NotFound { kind, id } => Error::NotFound {
                kind,
                id: id.clone(),
            },
            Error::AlreadyOpen { path } => Error::AlreadyOpen { path: path.clone() },
            Error::Busy(s) => Error::Busy(s.clone()),
            Error::AlreadyExists { path } => Error::AlreadyExists { path: path.clone() },
            Error::Corrupted(s) => Error::Corrupted(s.clone()),
            Error::UpgradeRequired { found, supported } => Error::UpgradeRequired {
                found: *found,
                supported: *supported,
            },
            Error::OlderFormat { found, current } => Error::OlderFormat {
                found: *found,
                current: *current,
            },
            Error::NotAKringStore(s) => Error::NotAKringStore(s.clone()),
            Error::Io(e) => Error::Io(std::io::Error::new(e.kind(), e.to_string())),
            Error::Storage(s) => Error::Storage(s.clone()),
            Error::Inconsistent(v) => Error::Inconsistent(v.clone()),
            Error::Internal(s) => Error::Internal(s.clone()),
            Error::Closed => Error::Closed,
            Error::Conflict {
                case,
                expected,
                found,
            } => Error::Conflict {
                case: case.clone(),
                expected: *expected,
                found: *found,
            },
            Error::ReadOnlyCopy { case, holder } => Error::ReadOnlyCopy {
                case: case.clone(),
                holder: holder.clone(),
            },
            Error::Diverged {
                case,
                version,
                ours,
                theirs,
            } => Error::Diverged {
                case: case.clone(),
                version: *version,
                ours: ours.clone(),
                theirs: theirs.clone(),
            },
            Error::InEvent {
                case,
                version,
                command,
                source,
            } => Error::InEvent {
                case: case.clone(),
                version: *version,
                command,
                source: source.clone(),
            },
        }
    }
}

impl Error {
    /// The stable code of this error. Domain errors keep their domain code
    /// (`rule_violation`, `permission_denied`, `not_found`, `invalid_input`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Domain(e) => e.code(),
            Error::NotFound { .. } => "not_found",
            Error::AlreadyOpen { .. } => "already_open",
            Error::Busy(_) => "busy",
            Error::AlreadyExists { .. } => "already_exists",
            Error::Corrupted(_) => "corrupted",
            Error::UpgradeRequired { .. } | Error::OlderFormat { .. } => "upgrade_required",
            Error::NotAKringStore(_) => "not_a_kring_store",
            Error::Io(_) => "io",
            Error::Storage(_) => "storage",
            Error::Inconsistent(_) => "inconsistent",
            Error::Internal(_) => "internal",
            Error::Closed => "closed",
            Error::Conflict { .. } => "conflict",
            Error::ReadOnlyCopy { .. } => "read_only_copy",
            Error::Diverged { .. } => "diverged",
            Error::InEvent { source, .. } => source.code(),
        }
    }

    /// The domain error, when the model refused the command (also one event of a case
    /// file).
    pub fn domain(&self) -> Option<&domain::Error> {
        match self {
            Error::Domain(e) => Some(e),
            Error::InEvent { source, .. } => source.domain(),
            _ => None,
        }
    }

    /// An `invalid_input` error naming the field, as the domain reports bad values.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Domain(domain::Error::invalid(field, message))
    }

    pub(crate) fn not_found(kind: &'static str, id: impl ToString) -> Self {
        Error::NotFound {
            kind,
            id: id.to_string(),
        }
    }
}

/// One class of the exception tree the bindings raise (Python's `kring.KringError` and its
/// subclasses, Node's the same): its name, its parent's name, and the error codes raised
/// as it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorClass {
    /// The class name, e.g. `RuleViolation`.
    pub name: &'static str,
    /// The name of the class it extends; `None` for the root, `KringError`.
    pub parent: Option<&'static str>,
    /// The codes ([`Error::code`]) raised as this class; empty for none.
    pub codes: &'static [&'static str],
}

/// The exception tree of the bindings, parents before children: every code [`Error::code`]
/// gives is raised as exactly one class. `KringError` is the root (and the class of
/// `internal`); `StoreError` is the parent of the store's own errors (and the class of
/// `io`, `storage` and `inconsistent`).
pub const ERROR_CLASSES: &[ErrorClass] = &[
    ErrorClass {
        name: "KringError",
        parent: None,
        codes: &["internal"],
    },
    ErrorClass {
        name: "RuleViolation",
        parent: Some("KringError"),
        codes: &["rule_violation"],
    },
    ErrorClass {
        name: "PermissionDenied",
        parent: Some("KringError"),
        codes: &["permission_denied", "read_only_copy"],
    },
    ErrorClass {
        name: "NotFound",
        parent: Some("KringError"),
        codes: &["not_found"],
    },
    ErrorClass {
        name: "InvalidInput",
        parent: Some("KringError"),
        codes: &["invalid_input"],
    },
    ErrorClass {
        name: "Conflict",
        parent: Some("KringError"),
        codes: &["conflict", "diverged"],
    },
    ErrorClass {
        name: "StoreError",
        parent: Some("KringError"),
        codes: &["io", "storage", "inconsistent"],
    },
    ErrorClass {
        name: "AlreadyOpen",
        parent: Some("StoreError"),
        codes: &["already_open", "busy"],
    },
    ErrorClass {
        name: "AlreadyExists",
        parent: Some("StoreError"),
        codes: &["already_exists"],
    },
    ErrorClass {
        name: "Corrupted",
        parent: Some("StoreError"),
        codes: &["corrupted"],
    },
    ErrorClass {
        name: "UpgradeRequired",
        parent: Some("StoreError"),
        codes: &["upgrade_required"],
    },
    ErrorClass {
        name: "NotAKringStore",
        parent: Some("StoreError"),
        codes: &["not_a_kring_store"],
    },
    ErrorClass {
        name: "Closed",
        parent: Some("StoreError"),
        codes: &["closed"],
    },
];

/// The class in [`ERROR_CLASSES`] that errors with `code` are raised as. A code not in the
/// table (none that [`Error::code`] gives: a test checks) is a `StoreError`.
pub fn error_class(code: &str) -> &'static ErrorClass {
    ERROR_CLASSES
        .iter()
        .find(|c| c.codes.contains(&code))
        .or_else(|| ERROR_CLASSES.iter().find(|c| c.name == "StoreError"))
        .expect("the table has a StoreError")
}

/// Every redb error becomes a storage error, except corruption, which keeps its meaning.
fn storage(e: redb::StorageError) -> Error {
    match e {
        redb::StorageError::Corrupted(m) => Error::Corrupted(m),
        redb::StorageError::Io(io) => Error::Io(io),
        other => Error::Storage(other.to_string()),
    }
}

impl From<redb::StorageError> for Error {
    fn from(e: redb::StorageError) -> Self {
        storage(e)
    }
}

impl From<redb::Error> for Error {
    fn from(e: redb::Error) -> Self {
        match e {
            redb::Error::Corrupted(m) => Error::Corrupted(m),
            redb::Error::Io(io) => Error::Io(io),
            other => Error::Storage(other.to_string()),
        }
    }
}

macro_rules! via_storage {
    ($($t:ty),*) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Self {
                Error::from(redb::Error::from(e))
            }
        }
    )*};
}
via_storage!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::CommitError,
    redb::CompactionError,
    redb::SetDurabilityError
);

/// Shorthand for the store's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// One error of every variant (the match below fails to compile when a variant is added
    /// and not listed here), and every code of the domain's errors.
    fn one_of_each() -> Vec<Error> {
        let all = vec![
            Error::Domain(domain::Error::RuleViolation {
                rule: domain::Rule::ALL[0],
                message: String::new(),
                ids: Vec::new(),
            }),
            Error::Domain(domain::Error::PermissionDenied {
                role: String::new(),
                command: String::new(),
                message: String::new(),
                rule: None,
            }),
            Error::Domain(domain::Error::NotFound {
                kind: String::new(),
                id: String::new(),
            }),
            Error::Domain(domain::Error::invalid("field", "message")),
            Error::not_found("case", "x"),
            Error::AlreadyOpen {
                path: String::new(),
            },
            Error::Busy(String::new()),
            Error::AlreadyExists {
                path: String::new(),
            },
            Error::Corrupted(String::new()),
            Error::UpgradeRequired {
                found: 2,
                supported: 1,
            },
            Error::OlderFormat {
                found: 1,
                current: 2,
            },
            Error::NotAKringStore(String::new()),
            Error::Io(std::io::Error::other("x")),
            Error::Storage(String::new()),
            Error::Inconsistent(Vec::new()),
            Error::Internal(String::new()),
            Error::Closed,
            Error::Conflict {
                case: String::new(),
                expected: 1,
                found: 2,
            },
            Error::ReadOnlyCopy {
                case: String::new(),
                holder: String::new(),
            },
            Error::Diverged {
                case: String::new(),
                version: 1,
                ours: String::new(),
                theirs: String::new(),
            },
            Error::InEvent {
                case: String::new(),
                version: 1,
                command: "withdraw",
                source: Box::new(Error::Closed),
            },
        ];
        for e in &all {
            match e {
                Error::Domain(_)
                | Error::NotFound { .. }
                | Error::AlreadyOpen { .. }
                | Error::Busy(_)
                | Error::AlreadyExists { .. }
                | Error::Corrupted(_)
                | Error::UpgradeRequired { .. }
                | Error::OlderFormat { .. }
                | Error::NotAKringStore(_)
                | Error::Io(_)
                | Error::Storage(_)
                | Error::Inconsistent(_)
                | Error::Internal(_)
                | Error::Closed
                | Error::Conflict { .. }
                | Error::ReadOnlyCopy { .. }
                | Error::Diverged { .. }
                | Error::InEvent { .. } => {}
            }
        }
        all
    }

    /// A clone answers with the same code and message (a failed group commit gives every
    /// caller the same error).
    #[test]
    fn a_clone_is_the_same_error() {
        for e in one_of_each() {
            let c = e.clone();
            assert_eq!((c.code(), c.to_string()), (e.code(), e.to_string()));
        }
    }

    #[test]
    fn every_code_has_exactly_one_class() {
        for e in one_of_each() {
            let classes: Vec<_> = ERROR_CLASSES
                .iter()
                .filter(|c| c.codes.contains(&e.code()))
                .map(|c| c.name)
                .collect();
            assert_eq!(classes.len(), 1, "{}: {classes:?}", e.code());
            assert_eq!(error_class(e.code()).name, classes[0]);
        }
        assert_eq!(error_class("internal").name, "KringError");
        assert_eq!(error_class("no_such_code").name, "StoreError");
    }

    #[test]
    fn the_tree_has_one_root_and_parents_come_first() {
        let roots: Vec<_> = ERROR_CLASSES
            .iter()
            .filter(|c| c.parent.is_none())
            .collect();
        assert_eq!(roots.len(), 1);
        assert_eq!(roots[0].name, "KringError");
        for (i, c) in ERROR_CLASSES.iter().enumerate() {
            assert_eq!(
                ERROR_CLASSES.iter().filter(|d| d.name == c.name).count(),
                1,
                "{} twice",
                c.name
            );
            if let Some(parent) = c.parent {
                assert!(
                    ERROR_CLASSES[..i].iter().any(|p| p.name == parent),
                    "{}: parent {parent} not listed before it",
                    c.name
                );
            }
        }
    }
}
