//! The measures of a whole store, read through [`Store::case_batches`] and counted a batch
//! at a time on several threads, as `parallel.rs` builds the research tables. Tallies add in
//! any order, so the threads' tallies are simply added up at the end.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

use kring::{CaseBatch, Error, Result, Store};

use super::tally::Tally;
use super::{MeasureQuery, Measures, report};
use crate::disclosure::Disclosure;

/// Cases per batch handed to a thread.
const BATCH: usize = 256;
/// Threads counting, at most.
const MAX_THREADS: usize = 8;

/// The standard measures ([`super::measures`]) over every case of `store`, from one snapshot.
/// The cases are decoded a batch at a time, never all at once; with more than one core the
/// batches are counted on several threads. The result is that of [`super::measures`] over
/// every case of the store.
pub fn store_measures(
    store: &Store,
    query: &MeasureQuery,
    disclosure: &Disclosure,
) -> Result<Measures> {
    let batches = store.case_batches(BATCH)?;
    let cases = usize::try_from(batches.cases()).unwrap_or(usize::MAX);
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    let workers = threads.min(cases / BATCH).min(MAX_THREADS);
    let tally = if workers < 2 {
        let mut tally = Tally::new(query, disclosure);
        for batch in batches {
            count(&batch?, &mut tally)?;
        }
        tally
    } else {
        in_parallel(batches, count, || Tally::new(query, disclosure), workers)?
    };
    Ok(report::report(tally, disclosure))
}

/// Counts the cases of one stored batch.
fn count(batch: &CaseBatch, tally: &mut Tally) -> Result<()> {
    for case in batch.decode() {
        tally.add(&case?);
    }
    Ok(())
}

/// Counts batches on `workers` threads: this thread reads batches and hands them out, each
/// worker counts into a tally of its own, and the tallies are added up. The first error (or
/// panic) stops the reading and the other workers, and is returned.
fn in_parallel<B: Send>(
    batches: impl Iterator<Item = Result<B>>,
    count: impl Fn(&B, &mut Tally) -> Result<()> + Sync,
    empty: impl Fn() -> Tally + Sync,
    workers: usize,
) -> Result<Tally> {
    let (send, receive) = mpsc::sync_channel::<B>(2 * workers);
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
    let work = || -> Result<Tally> {
        let mut tally = empty();
        while let Some(batch) = next() {
            if failed.load(Ordering::Relaxed) {
                break;
            }
            count(&batch, &mut tally)?;
        }
        Ok(tally)
    };
    let (read, counted) = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                std::thread::Builder::new()
                    .name("kring-measures".into())
                    .spawn_scoped(s, || {
                        // A panic is a failure like any other: it must stop the reader too.
                        let counted = catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|_| {
                            Err(Error::Internal("a measures thread stopped".into()))
                        });
                        if counted.is_err() {
                            stop();
                        }
                        counted
                    })
                    .expect("failed to spawn a thread")
            })
            .collect();
        let read = (|| -> Result<()> {
            for batch in batches {
                if failed.load(Ordering::Relaxed) {
                    return Ok(()); // a worker failed: its error is returned below
                }
                if send.send(batch?).is_err() {
                    return Ok(()); // a worker failed: its error is returned below
                }
            }
            Ok(())
        })();
        drop(send);
        if read.is_err() {
            stop();
        }
        let counted: Vec<Result<Tally>> = handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Internal("a measures thread stopped".into())))
            })
            .collect();
        (read, counted)
    });
    read?;
    let mut total = empty();
    for tally in counted {
        total.merge(tally?);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kring_domain::Case;

    /// Cases, `None` for one that does not decode.
    type Batch = Vec<Option<Case>>;

    fn count(batch: &Batch, tally: &mut Tally) -> Result<()> {
        for case in batch {
            tally.add(
                case.as_ref()
                    .ok_or_else(|| Error::Corrupted("a damaged state".into()))?,
            );
        }
        Ok(())
    }

    fn batches(cases: &[Case], size: usize) -> Vec<Result<Batch>> {
        cases
            .chunks(size)
            .map(|c| Ok(c.iter().cloned().map(Some).collect()))
            .collect()
    }

    #[test]
    fn measures_on_threads_are_those_of_one_pass() {
        let all: Vec<Case> = kring_testkit::workload::cases(17, 60)
            .map(|g| g.state)
            .collect();
        let query = MeasureQuery {
            group_by: super::super::GroupBy::Organisation,
            ..MeasureQuery::default()
        };
        for d in [
            Disclosure::Identifying,
            Disclosure::pseudonymised(*b"research key 9 research key 9 re").unwrap(),
        ] {
            let once = super::super::measures(&all, &query, &d);
            for (workers, size) in [(2, 1), (2, 7), (3, 5), (4, 64)] {
                let tally = in_parallel(
                    batches(&all, size).into_iter(),
                    count,
                    || Tally::new(&query, &d),
                    workers,
                )
                .unwrap();
                assert_eq!(
                    report::report(tally, &d),
                    once,
                    "{workers} workers, batches of {size}"
                );
            }
        }
    }

    #[test]
    fn a_damaged_case_or_a_panic_fails_without_hanging() {
        let all: Vec<Case> = kring_testkit::workload::cases(17, 30)
            .map(|g| g.state)
            .collect();
        let query = MeasureQuery::default();
        let d = Disclosure::Identifying;
        for (workers, size) in [(2, 1), (3, 4), (2, 64)] {
            let mut damaged = batches(&all, size);
            let at = 17 / size;
            if let Ok(batch) = &mut damaged[at] {
                batch[17 % size] = None;
            }
            let err = in_parallel(
                damaged.into_iter(),
                count,
                || Tally::new(&query, &d),
                workers,
            )
            .unwrap_err();
            assert_eq!(err.code(), "corrupted");
            let mut unread = batches(&all, size);
            unread[at] = Err(Error::Corrupted("an unreadable page".into()));
            let err = in_parallel(
                unread.into_iter(),
                count,
                || Tally::new(&query, &d),
                workers,
            )
            .unwrap_err();
            assert_eq!(err.code(), "corrupted");
            let panics = |_: &Batch, _: &mut Tally| -> Result<()> { panic!("a bug") };
            let err = in_parallel(
                batches(&all, size).into_iter(),
                panics,
                || Tally::new(&query, &d),
                workers,
            )
            .unwrap_err();
            assert_eq!(err.code(), "internal");
        }
    }
}
