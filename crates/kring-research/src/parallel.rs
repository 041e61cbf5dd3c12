//! The research tables of a whole store, built a batch of cases at a time on several threads.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

use kring::{Error, Result, Store};

use crate::arrow::ArrowTable;
use crate::builder::TableBuilder;
use crate::disclosure::Disclosure;
use crate::table::{Table, TableSet};

/// Cases per batch handed to a thread, for row tables.
const BATCH: usize = 128;
/// Cases per batch handed to a thread, for Arrow tables: each batch of cases becomes one
/// record batch of each table, so larger batches make fewer, longer Arrow chunks.
const ARROW_BATCH: usize = 2048;
/// Threads building tables, at most.
const MAX_THREADS: usize = 8;

/// The research tables over every case of `store`, from one snapshot: pseudonymised unless
/// `disclosure` is explicitly identifying.
///
/// The cases are read in id order and turned into rows a batch at a time, never all decoded
/// at once; with more than one core the batches are built on several threads and joined in
/// order, so the tables are always those of [`crate::tables`] over every case in id order.
pub fn store_tables(store: &Store, disclosure: &Disclosure) -> Result<Vec<Table>> {
    store_tables_only(store, disclosure, TableSet::ALL)
}

/// [`store_tables`] building only the tables in `wanted` (in the order of
/// [`crate::TABLES`]); the others cost nothing.
pub fn store_tables_only(
    store: &Store,
    disclosure: &Disclosure,
    wanted: TableSet,
) -> Result<Vec<Table>> {
    let (batches, workers) = row_batches(store, BATCH)?;
    let new = || TableBuilder::only(disclosure, wanted);
    if workers < 2 {
        let mut tables = new();
        for batch in batches {
            add(&batch?, &mut tables)?;
        }
        return Ok(tables.finish());
    }
    let parts = build_in_parallel(batches, add, new, workers, |t| Ok(t.finish()))?;
    if parts.is_empty() {
        return Ok(new().finish());
    }
    join_tables(parts, workers)
}

/// The research tables over every case of `store` as Arrow record batches, from one
/// snapshot: pseudonymised unless `disclosure` is explicitly identifying. One
/// [`ArrowTable`] per table, in the order of [`crate::TABLES`], with the same cells as
/// [`store_tables`] (and [`crate::tables`]) gives, typed.
///
/// The cases are read in id order and built a batch of a few thousand at a time, on several
/// threads when there are enough of them; each batch becomes one record batch of each table
/// (so a table comes in chunks, in case order), its columns built straight into Arrow
/// buffers, never as rows of values.
///
/// ```
/// use kring_research::{Disclosure, arrow_tables, TABLES};
///
/// let store = kring::Store::in_memory()?;
/// kring_testkit::generate(&store, 1, 20)?;
/// let d = Disclosure::pseudonymised(*b"research key 7 research key 7 re")?;
/// let tables = arrow_tables(&store, &d)?;
/// assert_eq!(tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), TABLES);
/// assert_eq!(tables[0].num_rows(), 20);
/// let ipc: Vec<u8> = kring_research::arrow_ipc(&tables[0])?;
/// assert!(!ipc.is_empty());
/// # Ok::<(), kring::Error>(())
/// ```
pub fn arrow_tables(store: &Store, disclosure: &Disclosure) -> Result<Vec<ArrowTable>> {
    arrow_tables_only(store, disclosure, TableSet::ALL)
}

/// [`arrow_tables`] building only the tables in `wanted` (in the order of
/// [`crate::TABLES`]); the others cost nothing. Every case is still read and decoded.
///
/// ```
/// use kring_research::{Disclosure, TableSet, arrow_tables_only};
///
/// let store = kring::Store::in_memory()?;
/// kring_testkit::generate(&store, 1, 20)?;
/// let d = Disclosure::pseudonymised(*b"research key 7 research key 7 re")?;
/// let tables = arrow_tables_only(&store, &d, TableSet::of(["cases"])?)?;
/// assert_eq!(tables.len(), 1);
/// assert_eq!((tables[0].name.as_str(), tables[0].num_rows()), ("cases", 20));
/// # Ok::<(), kring::Error>(())
/// ```
pub fn arrow_tables_only(
    store: &Store,
    disclosure: &Disclosure,
    wanted: TableSet,
) -> Result<Vec<ArrowTable>> {
    arrow_tables_in_batches(store, disclosure, wanted, ARROW_BATCH)
}

/// [`arrow_tables_only`] with batches of `size` cases.
pub(crate) fn arrow_tables_in_batches(
    store: &Store,
    disclosure: &Disclosure,
    wanted: TableSet,
    size: usize,
) -> Result<Vec<ArrowTable>> {
    let (batches, workers) = row_batches(store, size)?;
    let new = || TableBuilder::only(disclosure, wanted);
    if workers < 2 {
        let mut tables = new();
        for batch in batches {
            add(&batch?, &mut tables)?;
        }
        return tables.finish_arrow();
    }
    let parts = build_in_parallel(batches, add, new, workers, TableBuilder::finish_arrow)?;
    let mut parts = parts.into_iter();
    let Some(mut tables) = parts.next() else {
        return new().finish_arrow();
    };
    for part in parts {
        for (table, more) in tables.iter_mut().zip(part) {
            table.append(more);
        }
    }
    Ok(tables)
}

/// The cases of `store` in batches of `size`, and how many threads to work on them with
/// (fewer than 2: work on this thread).
pub(crate) fn row_batches(store: &Store, size: usize) -> Result<(kring::RowBatches, usize)> {
    let batches = store.row_batches(size)?;
    let cases = usize::try_from(batches.cases()).unwrap_or(usize::MAX);
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    let workers = threads.min(cases / size).min(MAX_THREADS);
    Ok((batches, workers))
}

/// Adds the cases of a stored batch.
fn add(batch: &kring::RowBatch, tables: &mut TableBuilder) -> Result<()> {
    batch.for_each(|case| tables.add_rows(case))
}

/// Builds tables on `workers` threads (see [`in_parallel`]): each worker adds the cases of a
/// batch (`add`) to a builder of its own (`new`) and turns it into tables (`finish`).
/// Returns the tables of every batch, in batch order.
fn build_in_parallel<B: Send, T: Send>(
    batches: impl Iterator<Item = Result<B>>,
    add: impl Fn(&B, &mut TableBuilder) -> Result<()> + Sync,
    new: impl Fn() -> TableBuilder + Sync,
    workers: usize,
    finish: impl Fn(TableBuilder) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    // Each worker's tables by batch number, and the largest shape its batches' tables have
    // had: batches are alike, so each builder starts with room for the largest one (and a
    // quarter more), rather than growing its columns, and copying each whole, as it goes.
    let start = || (Vec::new(), Vec::new());
    let work = |(built, shape): &mut (Vec<(usize, T)>, Vec<_>), index, batch: B| {
        let mut tables = new();
        tables.reserve(shape);
        add(&batch, &mut tables)?;
        tables.widen(shape);
        built.push((index, finish(tables)?));
        Ok(())
    };
    let mut parts: Vec<(usize, T)> = in_parallel(batches, workers, start, work)?
        .into_iter()
        .flat_map(|(built, _)| built)
        .collect();
    parts.sort_unstable_by_key(|(index, _)| *index);
    Ok(parts.into_iter().map(|(_, t)| t).collect())
}

/// Works through `batches` on `workers` threads. This thread reads the batches and hands
/// them out, numbered from 0 in the order read; each worker folds the batches it takes into
/// a state of its own, made by `start`, with `work(state, number, batch)`. Returns every
/// worker's state (in no particular order: a batch's number says where its part belongs).
/// The first error, or a panic, stops the reading and the other workers, and is returned.
///
/// The one fan-out of the crate: the research tables (row and Arrow), the measures and the
/// Parquet export all go through it.
pub(crate) fn in_parallel<B: Send, S: Send>(
    batches: impl Iterator<Item = Result<B>>,
    workers: usize,
    start: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize, B) -> Result<()> + Sync,
) -> Result<Vec<S>> {
    let (send, receive) = mpsc::sync_channel::<(usize, B)>(2 * workers);
    // Set by the first failure: the reader sends nothing more and the workers take nothing
    // more. Dropping the receiver as well wakes a reader blocked on a full channel.
    let failed = AtomicBool::new(false);
    let receive = Mutex::new(Some(receive));
    let next = || {
        let lock = receive.lock().unwrap_or_else(|e| e.into_inner());
        lock.as_ref()?.recv().ok()
    };
    let stop = || {
        failed.store(true, Ordering::Relaxed);
        receive.lock().unwrap_or_else(|e| e.into_inner()).take();
    };
    let run = || -> Result<S> {
        let mut state = start();
        while let Some((index, batch)) = next() {
            if failed.load(Ordering::Relaxed) {
                break;
            }
            work(&mut state, index, batch)?;
        }
        Ok(state)
    };
    let (read, done) = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                spawn(s, || {
                    // A panic is a failure like any other: it must stop the reader too.
                    let done = catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|_| {
                        Err(Error::Internal("a research thread stopped".into()))
                    });
                    if done.is_err() {
                        stop();
                    }
                    done
                })
            })
            .collect();
        let read = (|| -> Result<()> {
            for (index, batch) in batches.enumerate() {
                if failed.load(Ordering::Relaxed) {
                    return Ok(()); // a worker failed: its error is returned below
                }
                if send.send((index, batch?)).is_err() {
                    return Ok(()); // a worker failed: its error is returned below
                }
            }
            Ok(())
        })();
        drop(send);
        if read.is_err() {
            stop();
        }
        let done: Vec<_> = handles.into_iter().map(joined).collect();
        (read, done)
    });
    read?;
    done.into_iter().collect()
}

/// A scoped thread named after its job (as `Scope::spawn`, panics if it cannot be started).
fn spawn<'scope, T: Send + 'scope>(
    s: &'scope std::thread::Scope<'scope, '_>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> std::thread::ScopedJoinHandle<'scope, T> {
    std::thread::Builder::new()
        .name("kring-research".into())
        .spawn_scoped(s, f)
        .expect("failed to spawn a thread")
}

/// What a scoped thread returned; a thread that panicked is an internal error.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, Result<T>>) -> Result<T> {
    handle
        .join()
        .unwrap_or_else(|_| Err(Error::Internal("a research thread stopped".into())))
}

/// Joins the tables of consecutive batches into one set, each table's rows in batch order.
/// Tables are independent, so they are joined on up to `threads` threads, the largest first.
fn join_tables(parts: Vec<Vec<Table>>, threads: usize) -> Result<Vec<Table>> {
    let count = parts.first().map_or(0, Vec::len);
    // pieces[t]: table t of every batch, in order.
    let mut pieces: Vec<Vec<Table>> = (0..count)
        .map(|_| Vec::with_capacity(parts.len()))
        .collect();
    for part in parts {
        for (t, table) in part.into_iter().enumerate() {
            pieces[t].push(table);
        }
    }
    let rows = |p: &[Table]| p.iter().map(|t| t.rows.len()).sum::<usize>();
    // Largest table first, each to the least loaded thread.
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by_key(|&t| std::cmp::Reverse(rows(&pieces[t])));
    let mut load = vec![0usize; threads.max(1)];
    let mut jobs: Vec<Vec<(usize, Vec<Table>)>> = vec![Vec::new(); load.len()];
    let mut pieces: Vec<Option<Vec<Table>>> = pieces.into_iter().map(Some).collect();
    for t in order {
        let p = pieces[t].take().expect("each table once");
        let (thread, _) = load
            .iter()
            .enumerate()
            .min_by_key(|(_, l)| **l)
            .expect("at least one thread");
        load[thread] += rows(&p);
        jobs[thread].push((t, p));
    }
    let join_one = |pieces: Vec<Table>| -> Table {
        let total = rows(&pieces);
        let mut pieces = pieces.into_iter();
        let mut table = pieces.next().expect("one piece per batch");
        table.rows.reserve_exact(total - table.rows.len());
        for mut p in pieces {
            table.rows.append(&mut p.rows);
        }
        table
    };
    let done = std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .into_iter()
            .map(|job| {
                spawn(s, move || {
                    Ok(job
                        .into_iter()
                        .map(|(t, p)| (t, join_one(p)))
                        .collect::<Vec<_>>())
                })
            })
            .collect();
        handles.into_iter().map(joined).collect::<Vec<_>>()
    });
    let mut tables: Vec<Option<Table>> = (0..count).map(|_| None).collect();
    for d in done {
        for (t, table) in d? {
            tables[t] = Some(table);
        }
    }
    Ok(tables
        .into_iter()
        .map(|t| t.expect("every table joined"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kring_domain::Case;

    /// Cases, `None` for one that does not decode.
    type Batch = Vec<Option<Case>>;

    fn add(batch: &Batch, tables: &mut TableBuilder) -> Result<()> {
        for case in batch {
            let case = case.as_ref();
            tables.add(case.ok_or_else(|| Error::Corrupted("a damaged state".into()))?);
        }
        Ok(())
    }

    fn cases(n: u64) -> Vec<Case> {
        kring_testkit::workload::cases(11, n)
            .map(|g| g.state)
            .collect()
    }

    /// Row tables built on threads, as `store_tables` builds them.
    fn rows_in_parallel(
        batches: impl Iterator<Item = Result<Batch>>,
        add: impl Fn(&Batch, &mut TableBuilder) -> Result<()> + Sync,
        d: &Disclosure,
        workers: usize,
    ) -> Result<Vec<Table>> {
        let new = || TableBuilder::new(d);
        let parts = build_in_parallel(batches, add, new, workers, |t| Ok(t.finish()))?;
        if parts.is_empty() {
            return Ok(TableBuilder::new(d).finish());
        }
        join_tables(parts, workers)
    }

    fn batches(cases: &[Case], size: usize) -> Vec<Result<Batch>> {
        cases
            .chunks(size)
            .map(|c| Ok(c.iter().cloned().map(Some).collect()))
            .collect()
    }

    #[test]
    fn tables_on_threads_are_those_of_one_pass() {
        let all = cases(23);
        for d in [
            Disclosure::Identifying,
            Disclosure::pseudonymised(*b"research key 5 research key 5 re").unwrap(),
        ] {
            let once = crate::tables(&all, &d);
            for (workers, size) in [(2, 1), (2, 5), (3, 7), (4, 64)] {
                let built = rows_in_parallel(batches(&all, size).into_iter(), add, &d, workers);
                assert_eq!(built.unwrap(), once, "{workers} workers, batches of {size}");
            }
        }
    }

    #[test]
    fn a_damaged_case_fails_the_tables_on_threads_without_hanging() {
        let all = cases(30);
        let d = Disclosure::pseudonymised(*b"research key 5 research key 5 re").unwrap();
        for (workers, size) in [(2, 1), (3, 4), (2, 64)] {
            let mut damaged = batches(&all, size);
            let at = 17 / size;
            if let Ok(batch) = &mut damaged[at] {
                batch[17 % size] = None;
            }
            let err = rows_in_parallel(damaged.into_iter(), add, &d, workers).unwrap_err();
            assert_eq!(
                err.code(),
                "corrupted",
                "{workers} workers, batches of {size}"
            );
            // A batch that cannot be read stops the reading too.
            let mut unread = batches(&all, size);
            unread[at] = Err(Error::Corrupted("an unreadable page".into()));
            let err = rows_in_parallel(unread.into_iter(), add, &d, workers).unwrap_err();
            assert_eq!(
                err.code(),
                "corrupted",
                "{workers} workers, batches of {size}"
            );
        }
    }

    #[test]
    fn a_panic_while_building_fails_the_tables_without_hanging() {
        let all = cases(40);
        let d = Disclosure::Identifying;
        for (workers, size) in [(2, 1), (3, 2), (2, 8)] {
            // Every batch panics: no worker is left to take batches from the reader.
            let panics = |_: &Batch, _: &mut TableBuilder| -> Result<()> { panic!("a bug") };
            let err = rows_in_parallel(batches(&all, size).into_iter(), panics, &d, workers);
            assert_eq!(err.unwrap_err().code(), "internal", "{workers} workers");
            // One batch panics.
            let one = |b: &Batch, t: &mut TableBuilder| -> Result<()> {
                if b.iter().flatten().any(|c| c.id == all[17].id) {
                    panic!("a bug");
                }
                add(b, t)
            };
            let err = rows_in_parallel(batches(&all, size).into_iter(), one, &d, workers);
            assert_eq!(err.unwrap_err().code(), "internal", "{workers} workers");
        }
    }

    #[test]
    fn tables_of_no_cases() {
        let d = Disclosure::Identifying;
        let none: Vec<Result<Batch>> = Vec::new();
        assert_eq!(
            rows_in_parallel(none.into_iter(), add, &d, 2).unwrap(),
            crate::tables([], &d)
        );
    }

    #[test]
    fn tables_of_a_store_are_those_of_its_cases() {
        let store = Store::in_memory().unwrap();
        kring_testkit::generate(&store, 13, 300).unwrap();
        let d = Disclosure::pseudonymised(*b"research key 6 research key 6 re").unwrap();
        let all = store.cases(&kring::CaseQuery::default()).unwrap();
        assert_eq!(store_tables(&store, &d).unwrap(), crate::tables(&all, &d));
    }
}
