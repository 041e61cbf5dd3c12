//! The research tables of a store as a Parquet dataset, hive-partitioned by organisation and
//! year, pseudonymised: what several organisations export with one project key and a
//! researcher reads with one query (DuckDB, Spark, pyarrow, polars).
//!
//! Layout: `DIR/<table>/organisation=<code>/year=<yyyy>/part-00000.parquet`, one directory
//! per table of [`crate::TABLES`]. The `year` is that of the case's request as the
//! pseudonymised tables give it (the Monday of its week), so every row of a case, in every
//! table, is in the same year. Each file is one table's rows of one year, in case id order,
//! in row groups of one batch of cases each, compressed with Snappy; every file of a table
//! has the table's Arrow schema ([`crate::arrow_schema`]), and the partition columns are
//! only in the paths, as hive readers expect.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use arrow_array::RecordBatch;
use chrono::Datelike;
use kring::{Error, Result, RowBatch, Store};
use kring_domain::StoreId;
use parquet::arrow::ArrowSchemaConverter;
use parquet::arrow::arrow_writer::{ArrowColumnChunk, ArrowRowGroupWriterFactory, compute_leaves};
use parquet::basic::Compression;
use parquet::file::properties::{WriterProperties, WriterPropertiesPtr};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::TypePtr;

use crate::builder::TableBuilder;
use crate::disclosure::{Disclosure, Pseudonymiser};
use crate::parallel::{in_parallel, row_batches};
use crate::table::TABLES;

/// Cases per batch handed to a thread: each batch becomes one row group per table and year.
const BATCH: usize = 8192;
/// The longest organisation code.
pub const MAX_ORGANISATION_LEN: usize = 40;
/// The name of the one file of each partition.
const PART: &str = "part-00000.parquet";

/// What [`ParquetExport::write`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParquetSummary {
    /// The organisation code the partitions are under (given, or the store's pseudonym).
    pub organisation: String,
    /// The cases exported.
    pub cases: u64,
    /// The files written, relative to the dataset's directory, in table and year order.
    pub files: Vec<PathBuf>,
    /// The rows written per table, in the order of [`crate::TABLES`] (0 for a table without
    /// rows, which then has no partition of this organisation).
    pub rows: Vec<(String, u64)>,
}

/// Writes the research tables of a store into a hive-partitioned Parquet dataset;
/// [`write_parquet`] for the common case.
///
/// Layout: `DIR/<table>/organisation=<code>/year=<yyyy>/part-00000.parquet`, one directory
/// per table of [`crate::TABLES`], each file with the table's Arrow schema
/// ([`crate::arrow_schema`]), compressed with Snappy; `organisation` and `year` are only in
/// the paths, as hive readers (DuckDB, Spark, pyarrow) expect. The year is that of the
/// case's request as the pseudonymised tables give it (the Monday of its week), so every
/// row of a case, in every table, is in the same year.
///
/// Only pseudonymised: a dataset meant to be pooled with other organisations' and read by
/// researchers never holds names, real ids or free text. The organisation code names the
/// partitions: `[a-z][a-z0-9_-]*`, at most [`MAX_ORGANISATION_LEN`] characters (starting
/// with a letter, so that readers take the column as text); by default the store's id
/// pseudonymised under the key (`store_…`), the same for every export of the store with
/// that key. Re-exporting an organisation replaces all its partitions, table by table; the
/// files are written under a hidden directory (`DIR/.kring-parquet-…`, which Spark, Hive
/// and `*.parquet` globs pass over) and renamed into place only when all are written, so a
/// failed export leaves the dataset as it was.
///
/// ```
/// use kring_research::{Disclosure, ParquetExport, TABLES};
///
/// let store = kring::Store::in_memory()?;
/// kring_testkit::generate(&store, 1, 30)?;
/// let key = Disclosure::pseudonymised(*b"research key 7 research key 7 re")?;
/// let dir = std::env::temp_dir().join(format!("kring-parquet-doc-{}", std::process::id()));
/// let summary = ParquetExport::new()
///     .organisation("north")
///     .write(&store, &dir, &key)?;
/// assert_eq!(summary.cases, 30);
/// assert_eq!(summary.rows.len(), TABLES.len());
/// assert_eq!(summary.rows[0], ("cases".to_string(), 30));
/// let first = &summary.files[0];
/// assert!(first.starts_with("cases/organisation=north"), "{}", first.display());
/// assert!(dir.join(first).is_file());
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Default)]
pub struct ParquetExport<'a> {
    organisation: Option<String>,
    progress: Option<Box<dyn Fn(u64) + Sync + 'a>>,
    /// Cases per batch (row group); 0 for [`BATCH`].
    batch: usize,
}

impl std::fmt::Debug for ParquetExport<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetExport")
            .field("organisation", &self.organisation)
            .finish_non_exhaustive()
    }
}

/// Writes the research tables of `store` into the Parquet dataset at `dir`, pseudonymised
/// under `disclosure`, under the organisation code `organisation` (or the store's
/// pseudonym): [`ParquetExport`].
pub fn write_parquet(
    store: &Store,
    dir: impl AsRef<Path>,
    disclosure: &Disclosure,
    organisation: Option<&str>,
) -> Result<ParquetSummary> {
    let mut export = ParquetExport::new();
    if let Some(code) = organisation {
        export = export.organisation(code);
    }
    export.write(store, dir, disclosure)
}

/// Why a Parquet dataset takes only the project's key.
const ALWAYS_PSEUDONYMISED: &str =
    "a Parquet dataset is always pseudonymised: give the project's key (random, at least 16 bytes)";

/// The disclosure of a Parquet export from the options every binding offers: the project's
/// `key` is required, and `identifying` is refused (`invalid_input`, fields `key` and
/// `disclosure`), as a dataset meant to be pooled is always pseudonymised.
pub fn parquet_disclosure(key: Option<Vec<u8>>, identifying: bool) -> Result<Disclosure> {
    match (key, identifying) {
        (_, true) => Err(Error::invalid("disclosure", ALWAYS_PSEUDONYMISED)),
        (None, false) => Err(Error::invalid("key", ALWAYS_PSEUDONYMISED)),
        (Some(key), false) => Ok(Disclosure::pseudonymised(key)?),
    }
}

/// Checks an organisation code: `[a-z][a-z0-9_-]*`, at most [`MAX_ORGANISATION_LEN`].
pub fn check_organisation(code: &str) -> Result<()> {
    let ok = code.len() <= MAX_ORGANISATION_LEN
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if ok {
        return Ok(());
    }
    Err(Error::invalid(
        "organisation",
        format!(
            "`{}` is not an organisation code: a lowercase letter, then lowercase letters, digits, `_` or `-`, {MAX_ORGANISATION_LEN} characters at most",
            code.escape_debug()
        ),
    ))
}

impl<'a> ParquetExport<'a> {
    /// An export under the store's pseudonym, without progress.
    pub fn new() -> Self {
        Self::default()
    }

    /// The organisation code the partitions are under (checked by [`ParquetExport::write`]).
    pub fn organisation(mut self, code: impl Into<String>) -> Self {
        self.organisation = Some(code.into());
        self
    }

    /// Calls `progress` with the number of cases of each batch written, as it is written.
    pub fn on_progress(mut self, progress: impl Fn(u64) + Sync + 'a) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    /// Writes the research tables of every case of `store`, from one snapshot, into the
    /// dataset at `dir` (created if missing), pseudonymised under `disclosure`; an
    /// identifying disclosure is refused (`invalid_input`), as is a bad organisation code.
    pub fn write(
        &self,
        store: &Store,
        dir: impl AsRef<Path>,
        disclosure: &Disclosure,
    ) -> Result<ParquetSummary> {
        if !matches!(disclosure, Disclosure::Pseudonymised(_)) {
            return Err(Error::invalid("disclosure", ALWAYS_PSEUDONYMISED));
        }
        let organisation = match &self.organisation {
            Some(code) => {
                check_organisation(code)?;
                code.clone()
            }
            None => Pseudonymiser::new(disclosure)
                .other(StoreId::from_u128(store.store_id()))
                .to_string(),
        };
        let dir = dir.as_ref();
        fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        // Dropped in reverse order: the staging directory is removed before the claim.
        let _claim = Claim::take(dir, &organisation)?;
        let staging = Staging::new(dir, &organisation)?;
        let Staged { cases, rows, years } = self.write_staged(store, disclosure, &staging.path)?;
        staging.swap_into(dir, &organisation)?;
        let mut files = Vec::new();
        for (table, year) in years {
            files.push(
                [
                    table,
                    &format!("organisation={organisation}"),
                    &format!("year={year}"),
                    PART,
                ]
                .iter()
                .collect(),
            );
        }
        Ok(ParquetSummary {
            organisation,
            cases,
            files,
            rows: TABLES.iter().map(|t| t.to_string()).zip(rows).collect(),
        })
    }

    /// Writes the partitions under `staging` (`<table>/year=<yyyy>/part-00000.parquet`).
    fn write_staged(
        &self,
        store: &Store,
        disclosure: &Disclosure,
        staging: &Path,
    ) -> Result<Staged> {
        let encoders = Encoders::new()?;
        let files = Mutex::new(Files {
            staging: staging.to_path_buf(),
            next: 0,
            waiting: BTreeMap::new(),
            open: BTreeMap::new(),
            rows: vec![0; TABLES.len()],
            cases: 0,
            failed: false,
        });
        let done = |index: usize, cases: usize, groups: Vec<RowGroup>| -> Result<()> {
            let mut files = files.lock().unwrap_or_else(|e| e.into_inner());
            let written = files.add(index, cases, groups, &encoders);
            if let (Ok(cases), Some(progress)) = (&written, &self.progress) {
                if *cases > 0 {
                    progress(*cases);
                }
            }
            written.map(|_| ())
        };
        let size = if self.batch == 0 { BATCH } else { self.batch };
        let (batches, workers) = row_batches(store, size)?;
        if workers < 2 {
            let mut shape = Vec::new();
            for (index, batch) in batches.enumerate() {
                let batch = batch?;
                let groups = encode(&batch, disclosure, &encoders, &mut shape)?;
                done(index, batch.len(), groups)?;
            }
        } else {
            in_parallel(
                batches,
                workers,
                Vec::new,
                |shape, index, batch: RowBatch| {
                    let groups = encode(&batch, disclosure, &encoders, shape)?;
                    done(index, batch.len(), groups)
                },
            )?;
        }
        let files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        debug_assert!(files.waiting.is_empty(), "every batch written in order");
        let years = files.open.keys().map(|&(t, y)| (TABLES[t], y)).collect();
        for ((t, year), file) in files.open {
            let path = files
                .staging
                .join(TABLES[t])
                .join(format!("year={year}"))
                .join(PART);
            // The footer, then the bytes on disk before the file is renamed into place.
            let file = file.into_inner().map_err(parquet_error)?;
            file.sync_all().map_err(|e| io(&path, e))?;
        }
        Ok(Staged {
            cases: files.cases,
            rows: files.rows,
            years,
        })
    }
}

/// What was written under the staging directory.
struct Staged {
    cases: u64,
    /// Per table, in the order of [`TABLES`].
    rows: Vec<u64>,
    /// The partitions: table and year.
    years: Vec<(&'static str, i32)>,
}

/// One table's rows of one year of one batch, encoded: a row group to append.
struct RowGroup {
    table: usize,
    year: i32,
    columns: Vec<ArrowColumnChunk>,
}

/// Turns one batch of cases into encoded row groups: a set of tables per year, each table
/// with rows encoded column by column (on the calling thread; batches are encoded on
/// several threads at once). `shape` is the largest year's tables this thread has built
/// yet: each year's tables start with room for it, rather than growing their columns, and
/// copying each whole, as they go.
fn encode(
    batch: &RowBatch,
    disclosure: &Disclosure,
    encoders: &Encoders,
    shape: &mut Vec<(usize, Vec<usize>)>,
) -> Result<Vec<RowGroup>> {
    let mut years: BTreeMap<i32, TableBuilder> = BTreeMap::new();
    batch.for_each(|case| {
        years
            .entry(request_year(case.requested_at))
            .or_insert_with(|| {
                let mut tables = TableBuilder::new(disclosure);
                tables.reserve(shape);
                tables
            })
            .add_rows(case);
    })?;
    years.values().for_each(|tables| tables.widen(shape));
    let mut groups = Vec::new();
    for (year, tables) in years {
        for (t, table) in tables.finish_arrow()?.into_iter().enumerate() {
            for batch in &table.batches {
                groups.push(RowGroup {
                    table: t,
                    year,
                    columns: encoders.encode(t, batch)?,
                });
            }
        }
    }
    Ok(groups)
}

/// The year of the case's request as the pseudonymised tables give it: that of the Monday
/// of its week (`requested_at` in the `cases` table).
fn request_year(requested_at: i64) -> i32 {
    let monday = crate::columns::monday_of_time(requested_at);
    crate::columns::date_of(i32::try_from(monday).expect("rows are checked as they are read"))
        .year()
}

/// What every file of a table is written with: its Parquet schema and properties, and the
/// column writers' factory.
struct Encoders {
    tables: Vec<(TypePtr, WriterPropertiesPtr, ArrowRowGroupWriterFactory)>,
}

impl Encoders {
    fn new() -> Result<Self> {
        let mut tables = Vec::new();
        for name in TABLES {
            let schema = crate::arrow_schema(name).expect("every table has a schema");
            let mut props = WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .build();
            // The Arrow schema travels in the file's metadata, as Arrow's own writer puts it,
            // so Arrow readers get back exactly the types of `arrow_tables`.
            parquet::arrow::add_encoded_arrow_schema_to_metadata(&schema, &mut props);
            let props = Arc::new(props);
            let root = ArrowSchemaConverter::new()
                .with_coerce_types(props.coerce_types())
                .convert(&schema)
                .map_err(parquet_error)?
                .root_schema_ptr();
            // The factory only reads the schema and properties of the writer it is made from.
            let probe = SerializedFileWriter::new(std::io::sink(), root.clone(), props.clone())
                .map_err(parquet_error)?;
            let factory = ArrowRowGroupWriterFactory::new(&probe, schema);
            tables.push((root, props, factory));
        }
        Ok(Encoders { tables })
    }

    /// The columns of `batch`, a batch of table `t`, encoded as one row group.
    fn encode(&self, t: usize, batch: &RecordBatch) -> Result<Vec<ArrowColumnChunk>> {
        let (_, _, factory) = &self.tables[t];
        let mut writers = factory.create_column_writers(0).map_err(parquet_error)?;
        let mut writer = writers.iter_mut();
        for (array, field) in batch.columns().iter().zip(batch.schema().fields()) {
            for leaf in compute_leaves(field, array).map_err(parquet_error)? {
                let w = writer.next().expect("one writer per leaf column");
                w.write(&leaf).map_err(parquet_error)?;
            }
        }
        writers
            .into_iter()
            .map(|w| w.close().map_err(parquet_error))
            .collect()
    }
}

/// The files being written, and the encoded batches waiting for their turn: row groups are
/// appended in batch order, so a file's rows are in case id order and the same store gives
/// the same files, whichever thread encoded what.
struct Files {
    staging: PathBuf,
    /// The next batch to append.
    next: usize,
    /// Batches encoded ahead of their turn: cases and row groups.
    waiting: BTreeMap<usize, (usize, Vec<RowGroup>)>,
    /// By table and year.
    open: BTreeMap<(usize, i32), SerializedFileWriter<File>>,
    rows: Vec<u64>,
    cases: u64,
    /// A write failed: nothing more is written.
    failed: bool,
}

impl Files {
    /// Takes batch `index` and appends every batch now in turn; returns the cases appended.
    fn add(
        &mut self,
        index: usize,
        cases: usize,
        groups: Vec<RowGroup>,
        encoders: &Encoders,
    ) -> Result<u64> {
        if self.failed {
            return Ok(0);
        }
        self.waiting.insert(index, (cases, groups));
        let mut appended = 0;
        while let Some((cases, groups)) = self.waiting.remove(&self.next) {
            self.next += 1;
            if let Err(e) = self.append(groups, encoders) {
                self.failed = true;
                return Err(e);
            }
            appended += cases as u64;
        }
        self.cases += appended;
        Ok(appended)
    }

    fn append(&mut self, groups: Vec<RowGroup>, encoders: &Encoders) -> Result<()> {
        for group in groups {
            let dir = self
                .staging
                .join(TABLES[group.table])
                .join(format!("year={}", group.year));
            let file = match self.open.entry((group.table, group.year)) {
                std::collections::btree_map::Entry::Occupied(file) => file.into_mut(),
                std::collections::btree_map::Entry::Vacant(slot) => {
                    fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
                    let path = dir.join(PART);
                    let file = File::create(&path).map_err(|e| io(&path, e))?;
                    let (root, props, _) = &encoders.tables[group.table];
                    // (The writer buffers its output.)
                    let writer = SerializedFileWriter::new(file, root.clone(), props.clone())
                        .map_err(parquet_error)?;
                    slot.insert(writer)
                }
            };
            let mut rows = file.next_row_group().map_err(parquet_error)?;
            for column in group.columns {
                column
                    .append_to_row_group(&mut rows)
                    .map_err(parquet_error)?;
            }
            let written = rows.close().map_err(parquet_error)?;
            self.rows[group.table] += written.num_rows() as u64;
        }
        Ok(())
    }
}

/// A hidden directory beside the dataset's tables where an export is written before it is
/// renamed into place; removed when dropped (whatever is left of a failed export with it).
struct Staging {
    path: PathBuf,
}

impl Staging {
    fn new(dir: &Path, organisation: &str) -> Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = dir.join(format!(
            ".kring-parquet-{organisation}-{}-{nanos}",
            std::process::id()
        ));
        fs::create_dir(&path).map_err(|e| io(&path, e))?;
        Ok(Staging { path })
    }

    /// Puts the staged partitions of `organisation` in place of its old ones: each table's
    /// old directory is moved aside and the new one in (directory renames, so a reader sees
    /// a table's old partitions or its new ones, never half of them); the old ones are
    /// removed with the staging directory. The tables' directories are made first, and a
    /// rename that fails puts back what was moved, so a failure leaves the dataset as it was.
    fn swap_into(&self, dir: &Path, organisation: &str) -> Result<()> {
        let aside = self.path.join(".replaced");
        fs::create_dir(&aside).map_err(|e| io(&aside, e))?;
        let partition = format!("organisation={organisation}");
        for table in TABLES {
            let parent = dir.join(table);
            fs::create_dir_all(&parent).map_err(|e| io(&parent, e))?;
        }
        // The renames made so far, to undo in reverse order if one fails.
        let mut done: Vec<(PathBuf, PathBuf)> = Vec::new();
        let mut rename = |from: PathBuf, to: PathBuf| match fs::rename(&from, &to) {
            Ok(()) => {
                done.push((from, to));
                Ok(())
            }
            Err(e) => Err(io(&to, e)),
        };
        let swapped = TABLES.iter().try_for_each(|table| {
            let target = dir.join(table).join(&partition);
            if fs::symlink_metadata(&target).is_ok() {
                rename(target.clone(), aside.join(table))?;
            }
            let new = self.path.join(table);
            if new.exists() {
                rename(new, target)?;
            }
            Ok(())
        });
        if swapped.is_err() {
            for (from, to) in done.into_iter().rev() {
                let _ = fs::rename(to, from);
            }
        }
        swapped
    }
}

/// Held while an export of one organisation writes into a dataset, so that a second export
/// of the same organisation into the same directory, from this process or another, is
/// refused rather than raced (each would move the other's partitions aside): the file
/// `DIR/.kring-parquet-<organisation>.lock`, made only if it is not there (as git guards its
/// index) and removed when the export is done, whether it wrote or failed. A process that
/// dies while exporting leaves it behind; the error says to remove it. The file holds the
/// process id and a time, and an export removes it only if it still holds its own: a file
/// removed by hand while its export still ran, and made again by another, stays that
/// other's.
struct Claim {
    path: PathBuf,
    token: String,
}

impl Claim {
    fn take(dir: &Path, organisation: &str) -> Result<Self> {
        let name = format!(".kring-parquet-{organisation}.lock");
        let path = dir.join(&name);
        let made = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        match made {
            Ok(mut file) => {
                // Which process holds it, for whoever finds it left behind, and when.
                let since = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default();
                let token = format!(
                    "process {} since {}.{:09}\n",
                    std::process::id(),
                    since.as_secs(),
                    since.subsec_nanos()
                );
                file.write_all(token.as_bytes())
                    .and_then(|()| file.sync_all())
                    .map_err(|e| {
                        let _ = fs::remove_file(&path);
                        io(&path, e)
                    })?;
                Ok(Claim { path, token })
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::Busy(format!(
                "{}: another export of the organisation `{organisation}` into this dataset is under way (it holds {name}); nothing was written: try again when it is done. If none is, one stopped before it finished: remove that file",
                dir.display()
            ))),
            Err(e) => Err(io(&path, e)),
        }
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if fs::read_to_string(&self.path).is_ok_and(|held| held == self.token) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

fn io(path: &Path, e: std::io::Error) -> Error {
    Error::Io(std::io::Error::new(
        e.kind(),
        format!("{}: {e}", path.display()),
    ))
}

fn parquet_error(e: parquet::errors::ParquetError) -> Error {
    match e {
        parquet::errors::ParquetError::External(e) => match e.downcast::<std::io::Error>() {
            Ok(e) => Error::Io(*e),
            Err(e) => Error::Internal(format!("parquet: {e}")),
        },
        e => Error::Internal(format!("parquet: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Table, tables};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    fn key() -> Disclosure {
        Disclosure::pseudonymised(*b"research key p1 research key p1 ").unwrap()
    }

    fn store(seed: u64, n: u64) -> Store {
        let store = Store::in_memory().unwrap();
        kring_testkit::generate(&store, seed, n).unwrap();
        store
    }

    /// Generated cases requested over four years (a case is requested every 53 minutes
    /// from 2016-01-04, so case 10,000 is a year on), `per_year` of each, and the cases
    /// requested around new year 2017, some in the last week of 2016 as the tables give it.
    fn store_over_years(seed: u64, per_year: u64) -> Store {
        let store = Store::in_memory().unwrap();
        let indices = (0..4)
            .flat_map(|y| (y * 10_000..).take(per_year as usize))
            .chain(9_820..9_900);
        for g in indices.map(|i| kring_testkit::workload::case(seed, i)) {
            store
                .transaction(|tx| {
                    for c in &g.commands {
                        tx.execute(g.id, c.actor, c.at, c.command.clone())?;
                    }
                    Ok(())
                })
                .unwrap();
        }
        store
    }

    /// A fresh directory under the system's temporary one.
    struct TempDir(PathBuf);
    impl TempDir {
        fn new(name: &str) -> Self {
            let path = std::env::temp_dir().join(format!(
                "kring-parquet-{name}-{}-{}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos()
            ));
            fs::create_dir_all(&path).unwrap();
            TempDir(path)
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    /// Every file under `dir`, relative to it, sorted.
    fn files(dir: &Path) -> Vec<PathBuf> {
        fn walk(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, base, out);
                } else {
                    out.push(path.strip_prefix(base).unwrap().to_path_buf());
                }
            }
        }
        let mut out = Vec::new();
        walk(dir, dir, &mut out);
        out.sort();
        out
    }

    /// The hidden entries of `dir` (staging directories, claims).
    fn hidden(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect()
    }

    /// Every file under `dir` with its bytes, in path order.
    fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        files(dir)
            .into_iter()
            .map(|f| {
                let bytes = fs::read(dir.join(&f)).unwrap();
                (f, bytes)
            })
            .collect()
    }

    /// The batches of one Parquet file, read back with the parquet crate's Arrow reader.
    fn read(path: &Path) -> Vec<RecordBatch> {
        let file = File::open(path).unwrap();
        ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .with_batch_size(1 << 20)
            .build()
            .unwrap()
            .map(|b| b.unwrap())
            .collect()
    }

    /// The cells of `batches`, row by row, each a one-row slice of its Arrow column (so
    /// that batches cut differently compare equal when their cells do).
    fn cells(batches: &[RecordBatch]) -> Vec<Vec<arrow_array::ArrayRef>> {
        batches
            .iter()
            .flat_map(|b| {
                (0..b.num_rows()).map(move |r| b.columns().iter().map(|c| c.slice(r, 1)).collect())
            })
            .collect()
    }

    #[test]
    fn the_dataset_holds_the_tables_of_each_year_cell_for_cell() {
        let store = store_over_years(3, 60);
        let d = key();
        let dir = TempDir::new("cells");
        // Small batches: several row groups per file, built on threads where there are cores.
        let summary = ParquetExport {
            batch: 64,
            ..ParquetExport::new().organisation("north")
        }
        .write(&store, &dir.0, &d)
        .unwrap();
        assert_eq!(summary.organisation, "north");
        assert_eq!(summary.cases, 320);
        let mut written = summary.files.clone();
        written.sort();
        assert_eq!(files(&dir.0), written, "nothing else is left");
        let cases = store.cases(&kring::CaseQuery::default()).unwrap();
        let mut by_year: BTreeMap<i32, Vec<&kring_domain::Case>> = BTreeMap::new();
        for case in &cases {
            by_year
                .entry(request_year(case.requested_at.timestamp()))
                .or_default()
                .push(case);
        }
        assert_eq!(by_year.len(), 4, "cases over several years");
        let whole: Vec<Table> = tables(&cases, &d);
        for (t, name) in TABLES.iter().enumerate() {
            assert_eq!(
                summary.rows[t],
                (name.to_string(), whole[t].rows.len() as u64)
            );
            let mut rows = 0;
            for (year, in_year) in &by_year {
                let mut expected = TableBuilder::new(&d);
                in_year.iter().for_each(|c| expected.add(c));
                let expected = expected.finish_arrow().unwrap().swap_remove(t);
                let path = dir
                    .0
                    .join(name)
                    .join("organisation=north")
                    .join(format!("year={year}"))
                    .join(PART);
                if expected.num_rows() == 0 {
                    assert!(!path.exists(), "{}", path.display());
                    continue;
                }
                let got = read(&path);
                assert!(
                    got.iter().all(|b| b.schema() == expected.schema),
                    "{name}: the Arrow schema, types and nullability"
                );
                assert_eq!(cells(&got), cells(&expected.batches), "{name} {year}");
                rows += expected.num_rows();
            }
            assert_eq!(rows, whole[t].rows.len(), "{name}");
        }
    }

    #[test]
    fn the_year_is_that_of_the_request_in_the_cases_table() {
        use arrow_array::cast::AsArray;
        use arrow_array::types::TimestampMicrosecondType;
        let store = store_over_years(5, 20);
        let dir = TempDir::new("years");
        let summary = write_parquet(&store, &dir.0, &key(), Some("north")).unwrap();
        let (mut checked, mut new_year) = (0, 0);
        for file in summary.files.iter().filter(|f| f.starts_with("cases")) {
            let year: i32 = file
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .strip_prefix("year=")
                .unwrap()
                .parse()
                .unwrap();
            for batch in read(&dir.0.join(file)) {
                let at = batch.column_by_name("requested_at").unwrap();
                for micros in at.as_primitive::<TimestampMicrosecondType>().values() {
                    let day = crate::columns::time_of(*micros).date_naive();
                    assert_eq!(day.year(), year, "{}", file.display());
                    assert_eq!(day.weekday(), chrono::Weekday::Mon);
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 160);
        // Requests on the first days of 2017 are in the week of Monday 26 December 2016.
        let cases = store.cases(&kring::CaseQuery::default()).unwrap();
        for case in &cases {
            if case.requested_at.year() == 2017
                && request_year(case.requested_at.timestamp()) == 2016
            {
                new_year += 1;
            }
        }
        assert!(new_year > 0, "a request in 2017 counted in 2016");
    }

    #[test]
    fn the_same_store_gives_the_same_files() {
        let store = store(7, 200);
        let (a, b) = (TempDir::new("same-a"), TempDir::new("same-b"));
        for (dir, batch) in [(&a, 16), (&b, 16)] {
            ParquetExport {
                batch,
                ..ParquetExport::new()
            }
            .write(&store, &dir.0, &key())
            .unwrap();
        }
        let listed = files(&a.0);
        assert_eq!(listed, files(&b.0));
        for f in &listed {
            assert_eq!(
                fs::read(a.0.join(f)).unwrap(),
                fs::read(b.0.join(f)).unwrap(),
                "{}",
                f.display()
            );
        }
    }

    #[test]
    fn organisations_land_side_by_side_and_a_re_export_replaces_its_own() {
        let dir = TempDir::new("side");
        let (big, small) = (store(11, 150), store(12, 20));
        let d = key();
        let north = write_parquet(&big, &dir.0, &d, Some("north")).unwrap();
        let south = write_parquet(&small, &dir.0, &d, None).unwrap();
        // The default code is the store's pseudonym: the same for the same key, not another.
        assert!(
            south.organisation.starts_with("store_"),
            "{}",
            south.organisation
        );
        check_organisation(&south.organisation).unwrap();
        let other = Disclosure::pseudonymised(*b"research key p2 research key p2 ").unwrap();
        assert_eq!(
            write_parquet(&small, TempDir::new("other").0.as_path(), &d, None)
                .unwrap()
                .organisation,
            south.organisation
        );
        assert_ne!(
            write_parquet(&small, TempDir::new("other").0.as_path(), &other, None)
                .unwrap()
                .organisation,
            south.organisation
        );
        let mut both: Vec<PathBuf> = north.files.iter().chain(&south.files).cloned().collect();
        both.sort();
        assert_eq!(files(&dir.0), both);
        // North again, from the smaller store: its partitions are those of this export
        // alone (years it no longer has are gone); south's are untouched.
        let south_bytes: Vec<Vec<u8>> = south
            .files
            .iter()
            .map(|f| fs::read(dir.0.join(f)).unwrap())
            .collect();
        let again = write_parquet(&small, &dir.0, &d, Some("north")).unwrap();
        assert_eq!(again.cases, 20);
        let mut both: Vec<PathBuf> = again.files.iter().chain(&south.files).cloned().collect();
        both.sort();
        assert_eq!(files(&dir.0), both);
        for (f, bytes) in south.files.iter().zip(south_bytes) {
            assert_eq!(fs::read(dir.0.join(f)).unwrap(), bytes);
        }
        let rows: usize = again
            .files
            .iter()
            .filter(|f| f.starts_with("cases"))
            .flat_map(|f| read(&dir.0.join(f)))
            .map(|b| b.num_rows())
            .sum();
        assert_eq!(rows, 20);
    }

    #[test]
    fn identifying_exports_and_bad_codes_are_refused() {
        let store = store(1, 3);
        let dir = TempDir::new("refused");
        let err = write_parquet(&store, &dir.0, &Disclosure::Identifying, Some("north"));
        let err = err.unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(err.to_string().contains("pseudonymised"), "{err}");
        for bad in [
            "",
            "North",
            "9north",
            "_north",
            "no rth",
            "north/../x",
            "noord-holland=1",
            "ñorth",
            &"n".repeat(MAX_ORGANISATION_LEN + 1),
        ] {
            let err = write_parquet(&store, &dir.0, &key(), Some(bad)).unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{bad}");
            assert!(err.to_string().contains("lowercase letter"), "{err}");
        }
        for good in [
            "north",
            "ggd-amsterdam_2",
            &"n".repeat(MAX_ORGANISATION_LEN),
        ] {
            check_organisation(good).unwrap();
        }
        assert_eq!(files(&dir.0), Vec::<PathBuf>::new(), "nothing written");
    }

    #[test]
    fn a_failed_export_leaves_the_dataset_as_it_was() {
        let dir = TempDir::new("failed");
        let first = write_parquet(&store(1, 40), &dir.0, &key(), Some("north")).unwrap();
        // A file where a table's directory must go: that table cannot be put in place.
        let blocked = dir.0.join("satisfaction");
        fs::remove_dir_all(&blocked).unwrap();
        fs::write(&blocked, b"not a directory").unwrap();
        let before = contents(&dir.0);
        assert_eq!(before.len(), first.files.len()); // the tables but satisfaction, and the file
        for organisation in ["north", "south"] {
            let err = write_parquet(&store(2, 30), &dir.0, &key(), Some(organisation)).unwrap_err();
            assert_eq!(err.code(), "io", "{err}");
            assert!(err.to_string().contains("satisfaction"), "{err}");
            let after = contents(&dir.0);
            assert!(after == before, "{organisation}: the dataset changed");
            assert_eq!(
                hidden(&dir.0),
                Vec::<String>::new(),
                "no staging directory is left"
            );
        }
    }

    #[test]
    fn an_empty_store_writes_nothing_and_removes_its_old_partitions() {
        let dir = TempDir::new("empty");
        write_parquet(&store(1, 10), &dir.0, &key(), Some("north")).unwrap();
        let summary = write_parquet(&store(1, 0), &dir.0, &key(), Some("north")).unwrap();
        assert_eq!(summary.cases, 0);
        assert!(summary.files.is_empty());
        assert!(summary.rows.iter().all(|(_, n)| *n == 0));
        assert!(files(&dir.0).is_empty(), "{:?}", files(&dir.0));
    }

    #[test]
    fn a_second_export_of_an_organisation_under_way_is_refused_and_writes_nothing() {
        let dir = TempDir::new("claimed");
        write_parquet(&store(1, 20), &dir.0, &key(), Some("north")).unwrap();
        // An export of `north` under way.
        let under_way = Claim::take(&dir.0, "north").unwrap();
        let before = contents(&dir.0);
        let err = write_parquet(&store(2, 30), &dir.0, &key(), Some("north")).unwrap_err();
        assert_eq!(err.code(), "busy", "{err}");
        assert!(err.to_string().contains("another export"), "{err}");
        assert!(contents(&dir.0) == before, "the dataset changed");
        let lock = dir.0.join(".kring-parquet-north.lock");
        assert!(
            lock.exists(),
            "the refused export left the other's claim alone"
        );
        // Another organisation is not held up; once the first is done, north goes too.
        write_parquet(&store(3, 10), &dir.0, &key(), Some("south")).unwrap();
        // A claim removed by hand while its export runs, then made again by another export:
        // the first, when it ends, leaves the second's claim alone.
        fs::remove_file(&lock).unwrap();
        let second = Claim::take(&dir.0, "north").unwrap();
        drop(under_way);
        assert!(lock.exists(), "the second export's claim is still there");
        drop(second);
        let summary = write_parquet(&store(2, 30), &dir.0, &key(), Some("north")).unwrap();
        assert_eq!(summary.cases, 30);
        assert_eq!(
            hidden(&dir.0),
            Vec::<String>::new(),
            "nothing is left behind"
        );
    }

    #[test]
    fn progress_counts_every_case_once() {
        let store = store(2, 100);
        let dir = TempDir::new("progress");
        let seen = std::sync::atomic::AtomicU64::new(0);
        ParquetExport {
            batch: 8,
            ..ParquetExport::new().on_progress(|n| {
                seen.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
            })
        }
        .write(&store, &dir.0, &key())
        .unwrap();
        assert_eq!(seen.into_inner(), 100);
    }
}
