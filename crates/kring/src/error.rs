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
}

impl Error {
    /// The stable code of this error. Domain errors keep their domain code
    /// (`rule_violation`, `permission_denied`, `not_found`, `invalid_input`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Domain(e) => e.code(),
            Error::NotFound { .. } => "not_found",
            Error::AlreadyOpen { .. } => "already_open",
            Error::AlreadyExists { .. } => "already_exists",
            Error::Corrupted(_) => "corrupted",
            Error::UpgradeRequired { .. } => "upgrade_required",
            Error::NotAKringStore(_) => "not_a_kring_store",
            Error::Io(_) => "io",
            Error::Storage(_) => "storage",
            Error::Inconsistent(_) => "inconsistent",
            Error::Internal(_) => "internal",
            Error::Closed => "closed",
        }
    }

    /// The domain error, when the model refused the command.
    pub fn domain(&self) -> Option<&domain::Error> {
        match self {
            Error::Domain(e) => Some(e),
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
