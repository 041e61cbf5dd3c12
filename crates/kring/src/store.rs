//! The store: opening and creating files, and the write path. Reads are in `read.rs`,
//! integrity and operations in `ops.rs`.

use std::collections::hash_map::Entry;
use std::collections::hash_map::RandomState;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU16, Ordering};

use chrono::{DateTime, Utc};
use kring_domain::*;
use redb::{Database, ReadableDatabase, ReadableTable, TableHandle};

use crate::access::AccessEntry;
use crate::codec;
use crate::error::{Error, Result};
use crate::tables::{self, *};
use crate::wal::{self, Wal};

/// How commits reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// Every commit is on disk when it returns. The default. A store in a file (format 4)
    /// syncs the commit's events once, in its write-ahead log (`STORE.wal`), and its own
    /// file only at checkpoints (every few MiB of log, and when it is closed); commands
    /// that several threads execute at once share that sync.
    #[default]
    Durable,
    /// Commits are not synced; a crash may lose the most recent ones, never corrupt the
    /// store. For bulk import: call [`Store::sync`] (or drop the store) at the end.
    Fast,
}

/// When a command happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// The moment of the write: read from the clock once the write holds the store's write
    /// lock, so that concurrent writers to one case never refuse each other, and never
    /// before the case's last change (a clock that steps back does not refuse a command).
    Now,
    /// A moment the caller gives, checked as it is: a time before the case's last change
    /// is refused (`time_order`).
    Time(DateTime<Utc>),
}

impl From<DateTime<Utc>> for At {
    fn from(t: DateTime<Utc>) -> Self {
        At::Time(t)
    }
}

impl From<Option<DateTime<Utc>>> for At {
    /// `None` is [`At::Now`].
    fn from(t: Option<DateTime<Utc>>) -> Self {
        t.map_or(At::Now, At::Time)
    }
}

/// Options for opening or creating a store.
#[derive(Debug, Clone)]
pub struct StoreBuilder {
    durability: Durability,
    cache_size: Option<usize>,
    /// `None`: check every page, unless `trust_clean_close` and the file was closed cleanly
    /// and the engine's own tables check out (see `opencheck.rs`).
    check_integrity: Option<bool>,
    trust_clean_close: bool,
    checkpoint_after: u64,
    import_run: usize,
}

impl Default for StoreBuilder {
    fn default() -> Self {
        StoreBuilder {
            durability: Durability::Durable,
            cache_size: None,
            check_integrity: None,
            trust_clean_close: false,
            checkpoint_after: wal::CHECKPOINT_AFTER,
            import_run: crate::import::RUN_BYTES,
        }
    }
}

impl StoreBuilder {
    /// How commits reach the disk (default: durable).
    pub fn durability(mut self, durability: Durability) -> Self {
        self.durability = durability;
        self
    }

    /// Memory for the page cache, in bytes (default: redb's, 1 GiB at most, used lazily).
    pub fn cache_size(mut self, bytes: usize) -> Self {
        self.cache_size = Some(bytes);
        self
    }

    /// Whether opening checks the checksum of every page first (default: yes, unless
    /// [`StoreBuilder::trust_clean_close`] says otherwise). A damaged file is then refused as
    /// `corrupted` before anything trusts it; without the check the engine may abort the
    /// process on some damaged files, when it commits or closes them. `false` never checks:
    /// only for files that cannot have been damaged.
    pub fn check_integrity_on_open(mut self, check: bool) -> Self {
        self.check_integrity = Some(check);
        self
    }

    /// Opens in milliseconds a file that was closed cleanly (default: no). The header flags
    /// and every page of the engine's own bookkeeping (a few dozen pages) are checked against
    /// their checksums, and the rest of the file is trusted: damage there is found when it is
    /// read (`corrupted`) or by [`Store::verify`]. Any doubt, and an unclean shutdown, still
    /// check every page. This is not the default because fuzzing found damaged files that
    /// pass those checks and still make the engine abort the process when it closes them
    /// (`docs/reliability.md`); turn it on for files your own system wrote and keeps.
    pub fn trust_clean_close(mut self, trust: bool) -> Self {
        self.trust_clean_close = trust;
        self
    }

    /// How much write-ahead log a durable store gathers before a commit checkpoints it:
    /// syncs the store file and starts the log again (default: 4 MiB). Less makes the log
    /// smaller and checkpoints more frequent (each is one sync of the store file); at
    /// least one record is always logged between checkpoints.
    pub fn checkpoint_after(mut self, bytes: u64) -> Self {
        self.checkpoint_after = bytes;
        self
    }

    /// How many bytes of encoded events [`Store::import`] checks before handing them, as one
    /// sorted run, to the thread that writes them (default: 4 MiB). An import holds a few
    /// runs in memory at once, with the states of the cases they touch.
    pub fn import_run(mut self, bytes: usize) -> Self {
        self.import_run = bytes.max(1);
        self
    }

    /// Whether to check every page of the file `source` before opening it.
    fn check_all(&self, source: &impl redb::StorageBackend) -> bool {
        self.check_integrity.unwrap_or_else(|| {
            !(self.trust_clean_close && crate::opencheck::fast_open_is_safe(source))
        })
    }

    fn redb(&self, check_all: bool) -> redb::Builder {
        let mut b = Database::builder();
        b.set_check_integrity_on_open(check_all);
        if let Some(c) = self.cache_size {
            b.set_cache_size(c);
        }
        b
    }

    /// Creates a new store at `path`; fails with `already_exists` if the file holds data.
    pub fn create(&self, path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
            return Err(Error::AlreadyExists {
                path: path.display().to_string(),
            });
        }
        let db = guarded_open(path, || self.redb(false).create(path))?;
        let store = Store::init(db, Some(path.to_path_buf()), self)?;
        store.open_log()?;
        Ok(store)
    }

    /// Opens an existing store at `path`.
    pub fn open(&self, path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let mut head = [0u8; 9];
        let len = std::fs::metadata(path)?.len();
        if len < head.len() as u64 {
            return Err(Error::NotAKringStore(path.display().to_string()));
        }
        use std::io::Read;
        let mut file = std::fs::File::open(path)?;
        file.read_exact(&mut head)?;
        if head != REDB_MAGIC {
            return Err(Error::NotAKringStore(path.display().to_string()));
        }
        let check_all = self.check_all(&crate::wal::PlainFile(file));
        let db = guarded_open(path, || self.redb(check_all).open(path)).map_err(|e| match e {
            // A file cut short after the magic bytes: its header or its pages are missing.
            Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
                Error::Corrupted(format!("{} is cut short", path.display()))
            }
            other => other,
        })?;
        let store = corrupted_on_panic(|| Store::check(db, Some(path.to_path_buf()), self))?;
        store.open_log()?;
        Ok(store)
    }

    /// Opens the store at `path`, creating it if the file does not exist or is empty.
    pub fn open_or_create(&self, path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
            self.open(path)
        } else {
            self.create(path)
        }
    }

    /// A store on a custom redb storage backend (created if the backend is empty). For
    /// special storage, and for tests that inject I/O faults.
    pub fn with_backend(&self, backend: impl redb::StorageBackend) -> Result<Store> {
        let empty = backend.len().map_err(Error::Io)? == 0;
        let check_all = !empty && self.check_all(&backend);
        let db = guarded_open(Path::new("backend"), || {
            self.redb(check_all).create_with_backend(backend)
        })?;
        if empty {
            Store::init(db, None, self)
        } else {
            corrupted_on_panic(|| Store::check(db, None, self))
        }
    }

    /// A store on custom storage for both of its files: the store and its write-ahead log
    /// (see [`StoreBuilder::with_backend`]; both are created if empty). For tests that inject
    /// I/O faults into either.
    pub fn with_backends(
        &self,
        backend: impl redb::StorageBackend,
        log: impl redb::StorageBackend,
    ) -> Result<Store> {
        let store = self.with_backend(backend)?;
        *store.log.lock().unwrap_or_else(|p| p.into_inner()) = Some(Box::new(log));
        store.open_log()?;
        Ok(store)
    }

    /// A store that lives in memory only.
    pub fn in_memory(&self) -> Result<Store> {
        let db = self
            .redb(false)
            .create_with_backend(redb::backends::InMemoryBackend::new())?;
        Store::init(db, None, self)
    }
}

/// The first bytes of every redb file.
const REDB_MAGIC: [u8; 9] = [b'r', b'e', b'd', b'b', 0x1A, 0x0A, 0xA9, 0x0D, 0x0A];

/// The `internal` error of a caught panic, with the panic's message redacted (a panic may
/// format any value; see [`kring_domain::redact`]).
pub(crate) fn caught(p: Box<dyn std::any::Any + Send>) -> Error {
    Error::Internal(kring_domain::redact(panic_message(&*p).unwrap_or("panic")))
}

/// The message of a caught panic: pass the payload itself (`&*p`), not the box, which would
/// be an `Any` of its own.
pub(crate) fn panic_message(p: &(dyn std::any::Any + Send)) -> Option<&str> {
    p.downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| p.downcast_ref::<&str>().copied())
}

/// Runs a read of the file; a panic inside the engine on a damaged file becomes `corrupted`
/// (the engine panics on some impossible page contents rather than returning an error).
pub(crate) fn corrupted_on_panic<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| {
        Err(Error::Corrupted(format!(
            "the store file is damaged ({})",
            kring_domain::redact(panic_message(&*p).unwrap_or("unreadable page"))
        )))
    })
}

/// Opens a redb file, turning a panic inside the engine on a damaged file into `corrupted`.
fn guarded_open(
    path: &Path,
    open: impl FnOnce() -> Result<Database, redb::DatabaseError>,
) -> Result<Database> {
    match catch_unwind(AssertUnwindSafe(open)) {
        Ok(Ok(db)) => Ok(db),
        Ok(Err(redb::DatabaseError::DatabaseAlreadyOpen)) => Err(Error::AlreadyOpen {
            path: path.display().to_string(),
        }),
        Ok(Err(redb::DatabaseError::Storage(e))) => Err(e.into()),
        Ok(Err(e)) => Err(Error::Storage(e.to_string())),
        Err(_) => Err(Error::Corrupted(format!(
            "{} could not be read",
            path.display()
        ))),
    }
}

/// The engine's database, dropped by [`Store`]'s `Drop` under a guard: closing the engine
/// commits, and on a damaged file that commit can panic, which must not escape a close.
pub(crate) struct Engine(Option<Database>);

impl std::ops::Deref for Engine {
    type Target = Database;
    fn deref(&self) -> &Database {
        self.0
            .as_ref()
            .expect("the engine lives as long as the store")
    }
}

impl std::ops::DerefMut for Engine {
    fn deref_mut(&mut self) -> &mut Database {
        self.0
            .as_mut()
            .expect("the engine lives as long as the store")
    }
}

/// An embedded kring store: one file (or memory), one writer at a time, many readers.
///
/// `Store` is `Send + Sync`: share it between threads with an `Arc`.
pub struct Store {
    pub(crate) db: Engine,
    path: Option<PathBuf>,
    durability: Durability,
    store_id: u128,
    ids: Mutex<IdGenerator>,
    /// The format version recorded in the file. A store of an older format is read as it
    /// is and takes no writes until it is upgraded.
    format: AtomicU16,
    /// The queue of commands that [`Store::execute`] commits together.
    pub(crate) group: crate::group::Group,
    /// The write-ahead log of a store of the current format in a file (or on a backend
    /// given with [`StoreBuilder::with_backends`]), once opened.
    wal: Mutex<Option<Wal>>,
    /// A log backend not opened yet.
    log: Mutex<Option<Box<dyn redb::StorageBackend>>>,
    /// Whether a commit since the last sync of the store file was made without one.
    unsynced: AtomicBool,
    /// Bytes of log after which a commit checkpoints.
    checkpoint_after: u64,
    /// Bytes of encoded events an import checks before handing them to its writer.
    pub(crate) import_run: usize,
    /// Scoped reads not yet written to the access log.
    pub(crate) reads: Mutex<Vec<crate::access::AccessEntry>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("durability", &self.durability)
            .finish()
    }
}

fn entropy() -> u64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u128(Utc::now().timestamp_nanos_opt().unwrap_or_default() as u128);
    h.write_u32(std::process::id());
    h.finish()
}

impl Store {
    /// Options for opening or creating a store.
    pub fn builder() -> StoreBuilder {
        StoreBuilder::default()
    }

    /// Creates a new, durable store at `path`.
    pub fn create(path: impl AsRef<Path>) -> Result<Store> {
        Store::builder().create(path)
    }

    /// Opens the durable store at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::builder().open(path)
    }

    /// A store in memory.
    pub fn in_memory() -> Result<Store> {
        Store::builder().in_memory()
    }

    fn new(
        db: Database,
        path: Option<PathBuf>,
        options: &StoreBuilder,
        store_id: u128,
        format: u16,
    ) -> Store {
        Store {
            db: Engine(Some(db)),
            path,
            durability: options.durability,
            checkpoint_after: options.checkpoint_after,
            import_run: options.import_run,
            reads: Mutex::new(Vec::new()),
            store_id,
            ids: Mutex::new(IdGenerator::new(entropy())),
            format: AtomicU16::new(format),
            group: Default::default(),
            wal: Mutex::new(None),
            log: Mutex::new(None),
            unsynced: AtomicBool::new(false),
        }
    }

    /// The format version recorded in the file: the newest format any of its values may have.
    pub fn format_version(&self) -> u16 {
        self.format.load(Ordering::Relaxed)
    }

    fn init(db: Database, path: Option<PathBuf>, options: &StoreBuilder) -> Result<Store> {
        let store_id = (entropy() as u128) << 64 | entropy() as u128;
        let txn = db.begin_write()?;
        {
            let mut meta = txn.open_table(META)?;
            meta.insert(META_FORMAT, codec::FORMAT_VERSION.to_le_bytes().as_slice())?;
            meta.insert(META_STORE_ID, store_id.to_be_bytes().as_slice())?;
            meta.insert(
                META_CREATED,
                Utc::now().timestamp_millis().to_le_bytes().as_slice(),
            )?;
            txn.open_table(HISTORY)?;
            txn.open_table(FEED)?;
            txn.open_table(CASES)?;
            txn.open_table(SUMMARIES)?;
            txn.open_table(FIGURES)?;
            txn.open_table(ROWS)?;
            txn.open_table(FACETS)?;
            txn.open_table(DUE)?;
            txn.open_table(REQUESTED)?;
        }
        txn.commit()?;
        Ok(Store::new(
            db,
            path,
            options,
            store_id,
            codec::FORMAT_VERSION,
        ))
    }

    fn check(db: Database, path: Option<PathBuf>, options: &StoreBuilder) -> Result<Store> {
        let name = path
            .as_ref()
            .map_or("the store".into(), |p| p.display().to_string());
        let read = db.begin_read()?;
        let meta = match read.open_table(META) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Err(Error::NotAKringStore(name)),
            Err(e) => return Err(e.into()),
        };
        let version = meta
            .get(META_FORMAT)?
            .ok_or_else(|| Error::NotAKringStore(name.clone()))?;
        let version: [u8; 2] = version
            .value()
            .try_into()
            .map_err(|_| Error::Corrupted("format version".into()))?;
        let version = u16::from_le_bytes(version);
        if version < codec::OLDEST_FORMAT {
            return Err(Error::Corrupted(format!("format version {version}")));
        }
        if version > codec::FORMAT_VERSION {
            return Err(Error::UpgradeRequired {
                found: version,
                supported: codec::FORMAT_VERSION,
            });
        }
        let id = meta
            .get(META_STORE_ID)?
            .ok_or_else(|| Error::Corrupted("no store id".into()))?;
        let id: [u8; 16] = id
            .value()
            .try_into()
            .map_err(|_| Error::Corrupted("store id".into()))?;
        let logs: &[&str] = if version >= 4 {
            &["history", "feed", "summaries"]
        } else {
            &["events", "case_events"]
        };
        let figures: &[&str] = if version >= 7 { &["figures"] } else { &[] };
        let rows: &[&str] = if version >= ROWS_SINCE {
            &["rows"]
        } else {
            &[]
        };
        for name in
            logs.iter()
                .chain(figures)
                .chain(rows)
                .chain(&["cases", "facets", "due", "requested"])
        {
            if !read.list_tables()?.any(|t| t.name() == *name) {
                return Err(Error::Corrupted(format!("table {name} is missing")));
            }
        }
        drop(meta);
        drop(read);
        Ok(Store::new(
            db,
            path,
            options,
            u128::from_be_bytes(id),
            version,
        ))
    }

    /// The file this store lives in (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The random id given to this store when it was created (kept by backups).
    pub fn store_id(&self) -> u128 {
        self.store_id
    }

    /// The store's id as a typed id (`store_…`): the origin of the events it writes, and
    /// what a handover names (format 6).
    pub fn id(&self) -> StoreId {
        StoreId::from_u128(self.store_id)
    }

    /// A new, globally unique id of any kind, for the ids commands carry.
    pub fn new_id<K: IdKind>(&self) -> Id<K> {
        self.ids
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .next(Utc::now())
    }

    /// A new, globally unique id of the kind named `kind` (one of [`kring_domain::ID_KINDS`]:
    /// `case`, `person`, `org`, …), as text: for callers that name the kind at run time (the
    /// bindings). An unknown kind is `invalid_input`, naming the known kinds.
    pub fn new_id_text(&self, kind: &str) -> Result<String> {
        Ok(self
            .ids
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .next_text(kind, Utc::now())?)
    }

    /// Checks one command, made by `actor` at `at` (a time, or [`At::Now`]), against the
    /// case and commits it. Commands that several threads execute at the same time are
    /// committed together, with one sync (group commit): each call still returns only once
    /// its own command is committed or refused, and a refused command refuses only itself.
    pub fn execute(
        &self,
        case: CaseId,
        actor: Actor,
        at: impl Into<At>,
        command: Command,
    ) -> Result<Event> {
        self.writable()?;
        self.execute_in_group(case, actor, at.into(), command, None)
    }

    /// [`Store::execute`], made by a caller who read the case at `version` (0 for a case not
    /// requested yet). When the case has moved on since, the command is refused with
    /// `conflict` ([`Error::Conflict`]) and nothing is written: two people editing one case in
    /// a web front end do not overwrite each other unseen.
    pub fn execute_at_version(
        &self,
        case: CaseId,
        version: u64,
        actor: Actor,
        at: impl Into<At>,
        command: Command,
    ) -> Result<Event> {
        self.writable()?;
        self.execute_in_group(case, actor, at.into(), command, Some(version))
    }

    /// Runs `f` in one write transaction: either every command it executed is committed, or
    /// (when `f` returns an error or panics) none is. Readers see none of it until commit.
    pub fn transaction<R>(&self, f: impl FnOnce(&mut Transaction<'_>) -> Result<R>) -> Result<R> {
        self.writable()?;
        let run = || -> Result<R> {
            let mut txn = self.db.begin_write()?;
            let mut tx = Transaction::new(&txn, self.store_id)?;
            let out = f(&mut tx)?;
            let changes = tx.changes;
            self.write_changes(&txn, &changes)?;
            if self.commit(&mut txn, &changes.events)? {
                self.checkpoint(txn)?;
            } else {
                txn.commit()
                    .map_err(|e| self.break_log(Error::from(e), &changes.events))?;
            }
            Ok(out)
        };
        catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|p| Err(caught(p)))
    }

    /// Makes a transaction's `events` durable before it is committed: in the write-ahead
    /// log, with one sync, and the transaction itself without one (or, every few MiB of log,
    /// the transaction with a sync: a checkpoint, after which the log starts again). Without
    /// a log, the transaction syncs itself. In [`Durability::Fast`] nothing is synced.
    /// Returns whether the commit is a checkpoint (the log starts again once it succeeds).
    fn commit(&self, txn: &mut redb::WriteTransaction, events: &[Encoded]) -> Result<bool> {
        if self.durability == Durability::Fast {
            txn.set_durability(redb::Durability::None)?;
            self.unsynced.store(true, Ordering::Relaxed);
            return Ok(false);
        }
        let mut wal = self.wal.lock().unwrap_or_else(|p| p.into_inner());
        let Some(wal) = wal.as_mut() else {
            return Ok(false);
        };
        if let Some(why) = wal.broken() {
            return Err(Error::Storage(why.to_string()));
        }
        if wal.logged() >= self.checkpoint_after {
            // This commit syncs the store itself; everything logged so far is then in it.
            return Ok(true);
        }
        let Some((first, ..)) = events.first() else {
            return Ok(false);
        };
        txn.set_durability(redb::Durability::None)?;
        self.unsynced.store(true, Ordering::Relaxed);
        let envelopes: Vec<&[u8]> = events.iter().map(|e| e.3.as_slice()).collect();
        wal.append(*first, &envelopes)?;
        Ok(false)
    }

    /// Commits a transaction that bypasses the log (a bulk import): with a sync, as a
    /// checkpoint, or without one in [`Durability::Fast`]. A handle whose log failed writes
    /// nothing.
    pub(crate) fn commit_unlogged(&self, mut txn: redb::WriteTransaction) -> Result<()> {
        // With no events to log, `commit` only sets the durability and refuses a broken log.
        self.commit(&mut txn, &[])?;
        if self.durability == Durability::Fast {
            return Ok(txn.commit()?);
        }
        self.checkpoint(txn)
    }

    /// Commits `txn` with a sync (a checkpoint): everything logged so far is then in the
    /// store file, and the log starts again. The log stays locked from the commit to its
    /// reset, so that a writer who begins once this commit ends cannot log a record that the
    /// reset would then drop.
    pub(crate) fn checkpoint(&self, txn: redb::WriteTransaction) -> Result<()> {
        let mut wal = self.wal.lock().unwrap_or_else(|p| p.into_inner());
        txn.commit()?;
        if let Some(wal) = wal.as_mut() {
            wal.reset();
        }
        Ok(())
    }

    /// Commits `txn` with a sync, then zeroes the log's records and syncs it (an erasure):
    /// afterwards neither file holds what the transaction rewrote, except in pages the
    /// storage engine freed (see [`Store::compact`]).
    pub(crate) fn commit_wiping(&self, mut txn: redb::WriteTransaction) -> Result<()> {
        let mut wal = self.wal.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(why) = wal.as_ref().and_then(|w| w.broken()) {
            return Err(Error::Storage(why.to_string()));
        }
        txn.set_durability(redb::Durability::Immediate)?;
        txn.commit()?;
        self.unsynced.store(false, Ordering::Relaxed);
        if let Some(wal) = wal.as_mut() {
            wal.wipe()?;
        }
        Ok(())
    }

    /// A commit failed after its events were logged: the log may hold them, so this handle
    /// writes no more; opening the store again applies them or not, whole.
    fn break_log(&self, e: Error, events: &[Encoded]) -> Error {
        if events.is_empty() || self.durability == Durability::Fast {
            return e;
        }
        if let Some(wal) = self.wal.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
            wal.break_with(format!(
                "a commit failed after its commands were logged ({e}); open the store again: they are then either all there or none"
            ));
        }
        e
    }

    /// Opens the write-ahead log of a store of the current format, creating it if there is
    /// none, and applies the records the store does not hold yet (after a crash), with one
    /// durable commit. A store without a file and without a log backend has no log.
    fn open_log(&self) -> Result<()> {
        if self.format_version() < codec::FORMAT_VERSION {
            return Ok(());
        }
        let mut slot = self.wal.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_some() {
            return Ok(());
        }
        let backend = self.log.lock().unwrap_or_else(|p| p.into_inner()).take();
        let (wal, body) = match (backend, &self.path) {
            (Some(backend), _) => Wal::open(backend, self.store_id, "on its backend")?,
            // A new store replaces a log left by a store file that is gone: nothing could
            // apply it any more.
            (None, Some(path)) => {
                Wal::open_file(&wal::wal_path(path), self.store_id, self.last_seq()? == 0)?
            }
            (None, None) => return Ok(()),
        };
        let records = Wal::records(&body, self.last_seq()?);
        if !records.is_empty() {
            let txn = self.db.begin_write()?;
            let mut tx = Transaction::new(&txn, self.store_id)?;
            for r in records {
                for (i, bytes) in r.events.into_iter().enumerate() {
                    tx.replay(r.first + i as u64, bytes)?;
                }
            }
            self.write_changes(&txn, &tx.changes)?;
            txn.commit()?;
        }
        *slot = Some(wal);
        Ok(())
    }

    /// Writes go only to a store of the current format: an older one is upgraded first
    /// ([`Store::upgrade`]), never silently by a write.
    pub(crate) fn writable(&self) -> Result<()> {
        let found = self.format_version();
        if found < codec::FORMAT_VERSION {
            return Err(Error::OlderFormat {
                found,
                current: codec::FORMAT_VERSION,
            });
        }
        Ok(())
    }

    /// Records that the store holds values of the current format (after an upgrade).
    pub(crate) fn set_format(&self, txn: &redb::WriteTransaction) -> Result<()> {
        txn.open_table(META)?
            .insert(META_FORMAT, codec::FORMAT_VERSION.to_le_bytes().as_slice())?;
        Ok(())
    }

    /// The format version this handle now knows the file to have (after an upgrade commits).
    pub(crate) fn note_format(&self, version: u16) {
        self.format.store(version, Ordering::Relaxed);
    }

    /// Makes every commit so far durable (after a bulk import in [`Durability::Fast`]).
    /// With the write-ahead log, this is a checkpoint: the log starts again.
    pub fn sync(&self) -> Result<()> {
        let txn = self.db.begin_write()?;
        if self.writable().is_ok() {
            crate::access::write(self, &txn, &[])?;
        }
        self.checkpoint(txn)?;
        self.unsynced.store(false, Ordering::Relaxed);
        Ok(())
    }

    /// Writes `changes` into `txn` with their entries in the access log, and the reads
    /// waiting to be recorded: what every transaction that executes commands writes.
    pub(crate) fn write_changes(
        &self,
        txn: &redb::WriteTransaction,
        changes: &Changes,
    ) -> Result<()> {
        changes.write(txn)?;
        crate::access::write(self, txn, &changes.access)
    }

    /// Notes a commit made without a sync: closing syncs.
    pub(crate) fn note_unsynced(&self) {
        self.unsynced.store(true, Ordering::Relaxed);
    }

    /// Opens the log once the store has been upgraded to the current format.
    pub(crate) fn after_upgrade(&self) -> Result<()> {
        self.open_log()
    }
}

impl Drop for Store {
    /// Closing checkpoints: every commit is in the store file, and the log is not needed
    /// to open it again. A store that took no write since its last sync writes nothing.
    fn drop(&mut self) {
        // A damaged file can make the engine panic here: closing must not.
        let reads = !self
            .reads
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_empty();
        if reads || self.unsynced.load(Ordering::Relaxed) {
            let _ = catch_unwind(AssertUnwindSafe(|| self.sync()));
        }
        let db = self.db.0.take();
        let _ = catch_unwind(AssertUnwindSafe(move || drop(db)));
    }
}

/// A case touched in a transaction: its index entries before, and its state now.
pub(crate) struct Touched {
    before: Option<Entries>,
    pub(crate) state: Case,
    /// The store that writes the case, when another store does ([`HOLDERS`]), and whether
    /// this transaction changed it.
    pub(crate) holder: Option<u128>,
    pub(crate) holder_changed: bool,
}

/// A case as a transaction finds it stored: its state and, when another store writes it,
/// that store.
pub(crate) type Stored = Option<(Case, Option<u128>)>;

/// An encoded event of a transaction: (sequence number, case, case version, envelope).
pub(crate) type Encoded = (u64, CaseId, u64, Vec<u8>);

/// What a batch of commands changes, before it is written: the cases it touched and its
/// accepted events. Shared by transactions, the log's replay and bulk import, which differ
/// only in where a case not touched yet is read from.
pub(crate) struct Changes {
    pub(crate) touched: HashMap<CaseId, Touched>,
    /// Accepted events, already encoded.
    pub(crate) events: Vec<Encoded>,
    /// The access log's entries of the accepted events.
    pub(crate) access: Vec<AccessEntry>,
    /// Where each event brought from another store was written: (case, version, origin
    /// store, sequence number there).
    pub(crate) origins: Vec<(CaseId, u64, u128, u64)>,
    pub(crate) next_seq: u64,
    /// This store's id: a case handed over to it is written here again.
    pub(crate) store: u128,
}

impl Changes {
    pub(crate) fn new(next_seq: u64, store: u128) -> Self {
        Changes {
            touched: HashMap::new(),
            events: Vec::new(),
            access: Vec::new(),
            origins: Vec::new(),
            next_seq,
            store,
        }
    }

    /// The case as these changes left it; `stored` reads it when they have not touched it
    /// yet.
    pub(crate) fn load(
        &mut self,
        id: CaseId,
        stored: impl FnOnce(CaseId) -> Result<Stored>,
    ) -> Result<Option<&mut Touched>> {
        match self.touched.entry(id) {
            Entry::Occupied(t) => Ok(Some(t.into_mut())),
            Entry::Vacant(slot) => {
                let Some((state, holder)) = stored(id)? else {
                    return Ok(None);
                };
                Ok(Some(slot.insert(Touched {
                    before: Some(tables::entries(&state)),
                    state,
                    holder,
                    holder_changed: false,
                })))
            }
        }
    }

    /// Opens a case with the first event of its history, held by `holder` (`None`: this
    /// store).
    pub(crate) fn open(&mut self, event: &Event, holder: Option<u128>) -> Option<&mut Touched> {
        let state = Case::genesis(event)?;
        Some(
            self.touched
                .entry(event.case)
                .insert_entry(Touched {
                    before: None,
                    state,
                    holder,
                    holder_changed: holder.is_some(),
                })
                .into_mut(),
        )
    }

    /// Checks a command against the case and, when accepted, applies it and keeps its
    /// encoded event. A refused command changes nothing. With `expected`, the case must be
    /// at that version (0: not yet requested), or the command is a `conflict`.
    pub(crate) fn execute(
        &mut self,
        stored: impl FnOnce(CaseId) -> Result<Stored>,
        case: CaseId,
        actor: Actor,
        at: At,
        command: Command,
        expected: Option<u64>,
    ) -> Result<Event> {
        let seq = self.next_seq;
        let store = self.store;
        let touched = self.load(case, stored)?;
        if let Some(expected) = expected {
            let found = touched.as_ref().map_or(0, |t| t.state.version);
            if found != expected {
                return Err(Error::Conflict {
                    case: case.to_string(),
                    expected,
                    found,
                });
            }
        }
        let event = match touched {
            Some(t) => {
                if let Some(holder) = t.holder {
                    return Err(Error::ReadOnlyCopy {
                        case: case.to_string(),
                        holder: StoreId::from_u128(holder).to_string(),
                    });
                }
                let at = match at {
                    At::Time(t) => t,
                    At::Now => Utc::now().max(t.state.updated_at),
                };
                let event = decide(Some(&t.state), case, actor, at, command)?;
                if let Command::HandOver { to, .. } = &event.command {
                    if to.as_u128() == store {
                        return Err(Error::invalid(
                            "to",
                            "this store already writes the case: hand it over to another store",
                        ));
                    }
                    t.holder = Some(to.as_u128());
                    t.holder_changed = true;
                }
                t.state.apply(&event);
                event
            }
            None => {
                let at = match at {
                    At::Time(t) => t,
                    At::Now => Utc::now(),
                };
                let event = decide(None, case, actor, at, command)?;
                self.open(&event, None)
                    .expect("an accepted first command opens the case");
                event
            }
        };
        // Encoded now, so that the event is handed back without a copy.
        let bytes = codec::encode(&event)?;
        self.access.push(AccessEntry::command(&event, seq));
        self.next_seq += 1;
        self.events.push((seq, case, event.version, bytes));
        Ok(event)
    }

    /// Writes these changes into `txn`: events, states, summaries and index changes, the
    /// origins of events from other stores, and who writes each case.
    pub(crate) fn write(&self, txn: &redb::WriteTransaction) -> Result<()> {
        write(txn, &self.touched, &self.events)?;
        if !self.origins.is_empty() {
            let mut origins = txn.open_table(ORIGINS)?;
            for (case, version, store, seq) in &self.origins {
                origins.insert((case.as_u128(), *version), (*store, *seq))?;
            }
        }
        let moved: Vec<_> = self
            .touched
            .iter()
            .filter(|(_, t)| t.holder_changed)
            .collect();
        if !moved.is_empty() {
            let mut holders = txn.open_table(HOLDERS)?;
            for (case, t) in moved {
                match t.holder {
                    Some(h) => holders.insert(case.as_u128(), h)?,
                    None => holders.remove(case.as_u128())?,
                };
            }
        }
        Ok(())
    }

    /// Applies an event read back from the write-ahead log, with the sequence number it was
    /// logged with; it must continue its case.
    fn replay(
        &mut self,
        stored: impl FnOnce(CaseId) -> Result<Stored>,
        seq: u64,
        bytes: Vec<u8>,
    ) -> Result<()> {
        let event: Event = codec::decode(&bytes)?;
        let broken = || {
            Error::Corrupted(format!(
                "the log's event {seq} does not continue case {}",
                event.case
            ))
        };
        if seq != self.next_seq {
            return Err(broken());
        }
        let store = self.store;
        match self.load(event.case, stored)? {
            Some(t) if t.state.version + 1 == event.version => {
                if let Command::HandOver { to, .. } = &event.command {
                    t.holder = (to.as_u128() != store).then_some(to.as_u128());
                    t.holder_changed = true;
                }
                t.state.apply(&event)
            }
            None if event.version == 1 => {
                self.open(&event, None).ok_or_else(broken)?;
            }
            _ => return Err(broken()),
        }
        self.access.push(AccessEntry::command(&event, seq));
        self.next_seq += 1;
        self.events.push((seq, event.case, event.version, bytes));
        Ok(())
    }
}

/// A case as the write transaction `txn` holds it, if it exists.
pub(crate) fn stored_in_txn(txn: &redb::WriteTransaction, id: CaseId) -> Result<Stored> {
    stored_in(&txn.open_table(CASES)?, Some(&txn.open_table(HOLDERS)?), id)
}

/// A case in a table of states (and of holders, when the store has one), if it exists.
pub(crate) fn stored_in(
    cases: &impl ReadableTable<u128, &'static [u8]>,
    holders: Option<&impl ReadableTable<u128, u128>>,
    id: CaseId,
) -> Result<Stored> {
    let Some(bytes) = cases.get(id.as_u128())? else {
        return Ok(None);
    };
    let holder = match holders {
        Some(h) => h.get(id.as_u128())?.map(|v| v.value()),
        None => None,
    };
    Ok(Some((codec::decode(bytes.value())?, holder)))
}

/// The sequence number the next event of a store gets.
pub(crate) fn next_seq(feed: &impl ReadableTable<u64, (u128, u64)>) -> Result<u64> {
    Ok(feed.last()?.map_or(1, |(k, _)| k.value() + 1))
}

/// A write transaction: commands executed in it are committed together.
pub struct Transaction<'t> {
    txn: &'t redb::WriteTransaction,
    changes: Changes,
}

impl<'t> Transaction<'t> {
    fn new(txn: &'t redb::WriteTransaction, store: u128) -> Result<Self> {
        let next_seq = next_seq(&txn.open_table(FEED)?)?;
        Ok(Transaction {
            txn,
            changes: Changes::new(next_seq, store),
        })
    }

    fn replay(&mut self, seq: u64, bytes: Vec<u8>) -> Result<()> {
        let txn = self.txn;
        self.changes.replay(|id| stored_in_txn(txn, id), seq, bytes)
    }

    /// Checks a command, made by `actor` at `at` (a time, or [`At::Now`]), against the case
    /// as this transaction sees it; on success the event is part of the transaction. A
    /// refused command changes nothing.
    pub fn execute(
        &mut self,
        case: CaseId,
        actor: Actor,
        at: impl Into<At>,
        command: Command,
    ) -> Result<Event> {
        self.execute_expecting(case, None, actor, at.into(), command)
    }

    /// [`Transaction::execute`], made by a caller who read the case at `version` (0 for a
    /// case not requested yet): when the case has moved on (or this transaction moved it),
    /// the command is refused with `conflict` and changes nothing.
    pub fn execute_at_version(
        &mut self,
        case: CaseId,
        version: u64,
        actor: Actor,
        at: impl Into<At>,
        command: Command,
    ) -> Result<Event> {
        self.execute_expecting(case, Some(version), actor, at.into(), command)
    }

    fn execute_expecting(
        &mut self,
        case: CaseId,
        expected: Option<u64>,
        actor: Actor,
        at: At,
        command: Command,
    ) -> Result<Event> {
        let txn = self.txn;
        self.changes.execute(
            |id| stored_in_txn(txn, id),
            case,
            actor,
            at,
            command,
            expected,
        )
    }

    /// The case as this transaction sees it, including its own uncommitted commands.
    pub fn case(&mut self, id: CaseId) -> Result<Case> {
        let txn = self.txn;
        self.changes
            .load(id, |id| stored_in_txn(txn, id))?
            .map(|t| t.state.clone())
            .ok_or_else(|| Error::not_found("case", id))
    }
}

/// The values kept beside each case state and derived from it alone: its summary (format 4),
/// its figures (format 7) and its research rows (format 8). Every write of a state writes
/// them too (a commit, an upgrade); `verify` derives them again and compares.
pub(crate) struct Beside<'t> {
    summaries: redb::Table<'t, u128, &'static [u8]>,
    figures: redb::Table<'t, u128, &'static [u8]>,
    rows: redb::Table<'t, u128, &'static [u8]>,
}

impl<'t> Beside<'t> {
    pub(crate) fn open(txn: &'t redb::WriteTransaction) -> Result<Self> {
        Ok(Beside {
            summaries: txn.open_table(SUMMARIES)?,
            figures: txn.open_table(FIGURES)?,
            rows: txn.open_table(ROWS)?,
        })
    }

    /// Writes what is kept beside case `id` in `state`.
    pub(crate) fn write(&mut self, id: u128, state: &Case) -> Result<()> {
        let summary = crate::summary::CaseSummary::from(state);
        self.summaries
            .insert(id, codec::encode(&summary)?.as_slice())?;
        let figures = kring_domain::figures::CaseFigures::from(state);
        self.figures
            .insert(id, codec::encode(&figures)?.as_slice())?;
        let rows = kring_domain::rows::CaseRows::from(state);
        self.rows.insert(id, codec::encode(&rows)?.as_slice())?;
        Ok(())
    }
}

/// Writes the events, states and index changes of a transaction. Every table is written in
/// the order of its keys (the changes of all the transaction's cases sorted together, then
/// merged into the tree), so that a large transaction, as in a bulk import, fills each leaf
/// once instead of jumping from leaf to leaf.
fn write(
    txn: &redb::WriteTransaction,
    touched: &HashMap<CaseId, Touched>,
    events: &[Encoded],
) -> Result<()> {
    let changed: HashSet<CaseId> = events.iter().map(|e| e.1).collect();
    {
        let mut history = txn.open_table(HISTORY)?;
        let mut in_order: Vec<_> = events.iter().collect();
        in_order.sort_unstable_by_key(|e| (e.1, e.2));
        for (seq, case, version, bytes) in in_order {
            let key = (case.as_u128(), *version);
            history.insert(key, tables::history_value(*seq, bytes).as_slice())?;
        }
        let mut feed = txn.open_table(FEED)?;
        for (seq, case, version, _) in events {
            feed.insert(seq, (case.as_u128(), *version))?;
        }
    }
    let mut states = Vec::with_capacity(touched.len());
    let mut gone = Entries::default();
    let mut new = Entries::default();
    let none = Entries::default();
    for (id, t) in touched {
        let after = tables::entries(&t.state);
        let before = t.before.as_ref().unwrap_or(&none);
        if *before == after && !changed.contains(id) {
            continue;
        }
        gone.facets.extend(before.facets.difference(&after.facets));
        new.facets.extend(after.facets.difference(&before.facets));
        gone.due.extend(before.due.difference(&after.due));
        new.due.extend(after.due.difference(&before.due));
        gone.requested
            .extend(before.requested.difference(&after.requested));
        new.requested
            .extend(after.requested.difference(&before.requested));
        states.push((id.as_u128(), &t.state));
    }
    states.sort_unstable_by_key(|s| s.0);
    {
        let mut cases = txn.open_table(CASES)?;
        for (id, state) in &states {
            cases.insert(id, codec::encode(state)?.as_slice())?;
        }
        let mut beside = Beside::open(txn)?;
        for (id, state) in &states {
            beside.write(*id, state)?;
        }
    }
    // Each index: removals, then insertions, each in key order (the sets are sorted).
    let mut facets = txn.open_table(FACETS)?;
    for k in &gone.facets {
        facets.remove(k)?;
    }
    for k in &new.facets {
        facets.insert(k, ())?;
    }
    let mut due = txn.open_table(DUE)?;
    for k in &gone.due {
        due.remove(k)?;
    }
    for k in &new.due {
        due.insert(k, ())?;
    }
    let mut requested = txn.open_table(REQUESTED)?;
    for k in &gone.requested {
        requested.remove(k)?;
    }
    for k in &new.requested {
        requested.insert(k, ())?;
    }
    Ok(())
}
