//! The measures of a whole store, read through [`Store::case_batches`] and counted a batch
//! at a time on several threads, as `parallel.rs` builds the research tables. Tallies add in
//! any order, so the threads' tallies are simply added up at the end.

use kring::{CaseBatch, Result, Store};

use super::tally::Tally;
use super::{MeasureQuery, Measures, report};
use crate::disclosure::Disclosure;
use crate::parallel::{case_batches, in_parallel};

/// Cases per batch handed to a thread.
const BATCH: usize = 256;

/// The standard measures ([`super::measures`]) over every case of `store`, from one snapshot.
/// The cases are decoded a batch at a time, never all at once; with more than one core the
/// batches are counted on several threads. The result is that of [`super::measures`] over
/// every case of the store.
///
/// A period whose `to` is not after its `from` is refused ([`MeasureQuery::check`]) before
/// the store is read.
pub fn store_measures(
    store: &Store,
    query: &MeasureQuery,
    disclosure: &Disclosure,
) -> Result<Measures> {
    query.check()?;
    let (batches, workers) = case_batches(store, BATCH)?;
    let tally = if workers < 2 {
        let mut tally = Tally::new(query, disclosure);
        for batch in batches {
            count(&batch?, &mut tally)?;
        }
        tally
    } else {
        count_in_parallel(batches, count, || Tally::new(query, disclosure), workers)?
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

/// Counts batches on `workers` threads ([`in_parallel`]): each worker counts into a tally of
/// its own, and the tallies are added up.
fn count_in_parallel<B: Send>(
    batches: impl Iterator<Item = Result<B>>,
    count: impl Fn(&B, &mut Tally) -> Result<()> + Sync,
    empty: impl Fn() -> Tally + Sync,
    workers: usize,
) -> Result<Tally> {
    let tallies = in_parallel(batches, workers, &empty, |tally, _, batch| {
        count(&batch, tally)
    })?;
    let mut total = empty();
    for tally in tallies {
        total.merge(tally);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kring::Error;
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
                let tally = count_in_parallel(
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
            let err = count_in_parallel(
                damaged.into_iter(),
                count,
                || Tally::new(&query, &d),
                workers,
            )
            .unwrap_err();
            assert_eq!(err.code(), "corrupted");
            let mut unread = batches(&all, size);
            unread[at] = Err(Error::Corrupted("an unreadable page".into()));
            let err = count_in_parallel(
                unread.into_iter(),
                count,
                || Tally::new(&query, &d),
                workers,
            )
            .unwrap_err();
            assert_eq!(err.code(), "corrupted");
            let panics = |_: &Batch, _: &mut Tally| -> Result<()> { panic!("a bug") };
            let err = count_in_parallel(
                batches(&all, size).into_iter(),
                panics,
                || Tally::new(&query, &d),
                workers,
            )
            .unwrap_err();
            assert_eq!(err.code(), "internal");
        }
    }

    #[test]
    fn an_empty_period_is_refused_before_the_store_is_read() {
        let store = Store::in_memory().unwrap();
        kring_testkit::generate(&store, 3, 2).unwrap();
        let day = |d| chrono::NaiveDate::from_ymd_opt(2016, 1, d).unwrap();
        for (from, to) in [(day(10), day(10)), (day(10), day(3))] {
            let query = MeasureQuery {
                from: Some(from),
                to: Some(to),
                ..MeasureQuery::default()
            };
            let err = store_measures(&store, &query, &Disclosure::Identifying).unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{err}");
            assert!(err.to_string().contains("period"), "{err}");
        }
        let query = MeasureQuery {
            from: Some(day(3)),
            to: Some(day(10)),
            ..MeasureQuery::default()
        };
        assert!(store_measures(&store, &query, &Disclosure::Identifying).is_ok());
    }
}
