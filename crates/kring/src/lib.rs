#![doc = include_str!("../../../README.md")]
#![forbid(unsafe_code)]

mod access;
pub mod args;
mod codec;
mod erase;
mod error;
mod figures;
mod group;
mod import;
mod interchange;
mod opencheck;
mod ops;
mod pool;
mod read;
mod shared;
mod store;
mod summary;
mod tables;
mod upgrade;
mod wal;

pub use access::{AccessEntry, READ_VIEW, READS_BUFFERED};
pub use codec::{CODEC_BINCODE, FORMAT_VERSION, MAX_VALUE};
pub use erase::ErasureReport;
pub use error::{ERROR_CLASSES, Error, ErrorClass, Result, error_class};
pub use figures::Figures;
pub use import::ImportReport;
pub use interchange::{
    CASE_FILE_VERSION, CaseFile, CaseImport, Disclosure, FEED_VERSION, FeedEntry, FiledEvent,
    FollowReport, ScopedCaseFile,
};
pub use kring_domain::figures::CaseFigures;
pub use ops::{VerifyProgress, VerifyReport};
pub use read::MAX_PAGE;
pub use read::{
    CaseBatch, CaseBatches, CaseQuery, DueEvaluation, LoggedEvent, RowBatch, RowBatches,
};
pub use shared::SharedStore;
pub use store::{At, Durability, Store, StoreBuilder, Transaction};
pub use summary::{CaseSummary, OpenEvaluation, PlanRef};
pub use upgrade::{UpgradeProgress, UpgradeReport};

/// The storage backend trait of the engine underneath, for [`StoreBuilder::with_backend`].
pub use redb::StorageBackend;

/// An empty in-memory backend, to fill with bytes and open with [`StoreBuilder::with_backend`].
pub fn redb_in_memory() -> redb::backends::InMemoryBackend {
    redb::backends::InMemoryBackend::new()
}

/// The domain model: every type a command or a read uses.
pub use kring_domain as domain;
pub use kring_domain::{
    Actor, Case, CaseId, Command, Event, Id, IdKind, OrganisationId, PersonId, Phase, Role, Rule,
    StoreId,
};

/// Encodes and decodes stored values (for tools that read a store file directly).
pub mod format {
    pub use crate::codec::{decode, decode_borrowed, encode};
    /// The format that first stored each case's research rows (`kring_domain::rows`).
    pub use crate::tables::ROWS_SINCE;
}
