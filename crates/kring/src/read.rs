//! Reads: a case now, as it was, its history; queries over cases; evaluations due; the
//! change feed. Every read runs in one read transaction, a consistent snapshot that a
//! concurrent commit does not disturb.

use chrono::{DateTime, NaiveDate, Utc};
use kring_domain::research::{Disclosure, Table, TableBuilder};
use kring_domain::*;
use redb::{ReadTransaction, ReadableDatabase, ReadableTable, ReadableTableMetadata};
use serde::{Deserialize, Serialize};

use crate::codec;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::tables::*;

/// An event with its place in the store's global log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "HistoryRecord"))]
pub struct Record {
    /// The global sequence number (1, 2, 3, … across all cases).
    pub seq: u64,
    pub event: Event,
}

/// An evaluation planned on or before a date and not yet held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DueEvaluation {
    pub case: CaseId,
    pub evaluation: EvaluationId,
    pub planned_on: NaiveDate,
}

/// The most events [`Store::events_since`] returns in one page.
pub const MAX_PAGE: usize = 100_000;

/// Filters for [`Store::query`]; every filter set must match. No filter: every case.
///
/// An unknown filter is refused (`invalid_input` naming it), never ignored: a misspelt
/// filter must not widen a query to every case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CaseQuery {
    pub phase: Option<Phase>,
    pub variant: Option<Variant>,
    pub legal_basis: Option<LegalBasis>,
    pub coordinator: Option<PersonId>,
    pub organisation: Option<OrganisationId>,
    pub person: Option<PersonId>,
    /// Requested at or after this moment.
    pub requested_from: Option<DateTime<Utc>>,
    /// Requested before this moment.
    pub requested_to: Option<DateTime<Utc>>,
}

impl Store {
    fn read(&self) -> Result<ReadTransaction> {
        Ok(self.db.begin_read()?)
    }

    /// The current state of a case.
    pub fn case(&self, id: CaseId) -> Result<Case> {
        crate::store::guard(|| {
            let r = self.read()?;
            let cases = r.open_table(CASES)?;
            let bytes = cases
                .get(id.as_u128())?
                .ok_or_else(|| Error::not_found("case", id))?;
            codec::decode(bytes.value())
        })
    }

    /// Whether a case exists.
    pub fn contains(&self, id: CaseId) -> Result<bool> {
        crate::store::guard(|| Ok(self.read()?.open_table(CASES)?.get(id.as_u128())?.is_some()))
    }

    fn records(r: &ReadTransaction, id: CaseId, up_to: u64) -> Result<Vec<Record>> {
        let by_case = r.open_table(CASE_EVENTS)?;
        let log = r.open_table(EVENTS)?;
        let mut out = Vec::new();
        for entry in by_case.range((id.as_u128(), 1)..=(id.as_u128(), up_to))? {
            let seq = entry?.1.value();
            let bytes = log
                .get(seq)?
                .ok_or_else(|| Error::Corrupted(format!("event {seq} is missing")))?;
            out.push(Record {
                seq,
                event: codec::decode(bytes.value())?,
            });
        }
        Ok(out)
    }

    /// Every change to a case, in order, with actor and time.
    pub fn history(&self, id: CaseId) -> Result<Vec<Record>> {
        crate::store::guard(|| {
            let records = Self::records(&self.read()?, id, u64::MAX)?;
            if records.is_empty() {
                return Err(Error::not_found("case", id));
            }
            Ok(records)
        })
    }

    /// The case as it was after `version` events (1 is the request).
    pub fn case_at_version(&self, id: CaseId, version: u64) -> Result<Case> {
        crate::store::guard(|| {
            let records = Self::records(&self.read()?, id, version)?;
            if records.len() as u64 != version || version == 0 {
                return Err(Error::not_found("case version", format!("{id}@{version}")));
            }
            Case::replay(records.iter().map(|r| &r.event))
                .ok_or_else(|| Error::Corrupted(format!("{id} does not replay")))
        })
    }

    /// The case as it was at moment `at` (after every change made at or before it).
    pub fn case_at(&self, id: CaseId, at: DateTime<Utc>) -> Result<Case> {
        crate::store::guard(|| {
            let records = Self::records(&self.read()?, id, u64::MAX)?;
            if records.is_empty() {
                return Err(Error::not_found("case", id));
            }
            Case::replay(records.iter().map(|r| &r.event).take_while(|e| e.at <= at))
                .ok_or_else(|| Error::not_found("case at that moment", format!("{id}@{at}")))
        })
    }

    /// The cases with `value` for `facet`, in id order (the order of the index's keys).
    fn facet(r: &ReadTransaction, facet: Facet, value: u128) -> Result<Vec<u128>> {
        let t = r.open_table(FACETS)?;
        let f = facet as u8;
        let mut out = Vec::new();
        for entry in t.range((f, value, 0)..=(f, value, u128::MAX))? {
            out.push(entry?.0.value().2);
        }
        Ok(out)
    }

    /// The ids of the cases matching every filter of `q`, in id order.
    pub fn query(&self, q: &CaseQuery) -> Result<Vec<CaseId>> {
        crate::store::guard(|| {
            let r = self.read()?;
            // Every set is sorted by id and without repeats.
            let mut sets: Vec<Vec<u128>> = Vec::new();
            let filters = [
                q.phase.map(|p| (Facet::Phase, phase_value(p))),
                q.variant.map(|v| (Facet::Variant, variant_value(v))),
                q.legal_basis
                    .map(|l| (Facet::LegalBasis, legal_basis_value(l))),
                q.coordinator.map(|c| (Facet::Coordinator, c.as_u128())),
                q.organisation.map(|o| (Facet::Organisation, o.as_u128())),
                q.person.map(|p| (Facet::Person, p.as_u128())),
            ];
            for (facet, value) in filters.into_iter().flatten() {
                sets.push(Self::facet(&r, facet, value)?);
            }
            if q.requested_from.is_some() || q.requested_to.is_some() {
                let t = r.open_table(REQUESTED)?;
                let from = q.requested_from.map_or(i64::MIN, |t| t.timestamp_millis());
                let to = q.requested_to.map_or(i64::MAX, |t| t.timestamp_millis());
                let mut set = Vec::new();
                if from < to {
                    for entry in t.range((from, 0)..(to, 0))? {
                        set.push(entry?.0.value().1);
                    }
                }
                // One request time per case: sorting is all it takes.
                set.sort_unstable();
                sets.push(set);
            }
            let ids: Vec<u128> = if sets.is_empty() {
                let cases = r.open_table(CASES)?;
                let mut all = Vec::new();
                for entry in cases.iter()? {
                    all.push(entry?.0.value());
                }
                all
            } else {
                sets.sort_by_key(|s| s.len());
                let (first, rest) = sets.split_first().expect("at least one filter");
                first
                    .iter()
                    .copied()
                    .filter(|id| rest.iter().all(|s| s.binary_search(id).is_ok()))
                    .collect()
            };
            Ok(ids.into_iter().map(CaseId::from_u128).collect())
        })
    }

    /// The current state of every case matching `q`.
    pub fn cases(&self, q: &CaseQuery) -> Result<Vec<Case>> {
        crate::store::guard(|| {
            let r = self.read()?;
            let cases = r.open_table(CASES)?;
            let ids = self.query(q)?;
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(bytes) = cases.get(id.as_u128())? {
                    out.push(codec::decode(bytes.value())?);
                }
            }
            Ok(out)
        })
    }

    /// Every case a person appears in, in any role.
    pub fn cases_of_person(&self, person: PersonId) -> Result<Vec<CaseId>> {
        self.query(&CaseQuery {
            person: Some(person),
            ..CaseQuery::default()
        })
    }

    /// Evaluations planned on or before `as_of` and not yet held, in cases still in
    /// follow-up, oldest first.
    pub fn evaluations_due(&self, as_of: NaiveDate) -> Result<Vec<DueEvaluation>> {
        crate::store::guard(|| {
            let r = self.read()?;
            let t = r.open_table(DUE)?;
            let mut out = Vec::new();
            for entry in t.range((i32::MIN, 0, 0)..=(day(as_of), u128::MAX, u128::MAX))? {
                let (d, case, evaluation) = entry?.0.value();
                let planned_on = NaiveDate::from_num_days_from_ce_opt(d)
                    .ok_or_else(|| Error::Corrupted(format!("date {d}")))?;
                out.push(DueEvaluation {
                    case: CaseId::from_u128(case),
                    evaluation: EvaluationId::from_u128(evaluation),
                    planned_on,
                });
            }
            Ok(out)
        })
    }

    /// Up to `limit` events after global sequence number `after`, in order: the change feed
    /// for replicas, sync and webhooks. Start with 0.
    ///
    /// `limit` is at most [`MAX_PAGE`] (`invalid_input` above): read a long feed page by
    /// page, each from the last `seq` of the one before.
    pub fn events_since(&self, after: u64, limit: usize) -> Result<Vec<Record>> {
        if limit > MAX_PAGE {
            return Err(Error::invalid(
                "limit",
                format!("expected a whole number from 0 to {MAX_PAGE}"),
            ));
        }
        crate::store::guard(|| {
            let r = self.read()?;
            let log = r.open_table(EVENTS)?;
            let mut out = Vec::new();
            for entry in log.range(after.saturating_add(1)..)?.take(limit) {
                let (k, v) = entry?;
                out.push(Record {
                    seq: k.value(),
                    event: codec::decode(v.value())?,
                });
            }
            Ok(out)
        })
    }

    /// The sequence number of the last event (0 in an empty store).
    pub fn last_seq(&self) -> Result<u64> {
        crate::store::guard(|| {
            Ok(self
                .read()?
                .open_table(EVENTS)?
                .last()?
                .map_or(0, |(k, _)| k.value()))
        })
    }

    /// The number of cases.
    pub fn len(&self) -> Result<u64> {
        crate::store::guard(|| Ok(self.read()?.open_table(CASES)?.len()?))
    }

    /// Whether the store holds no case.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// The research tables over every case (see [`kring_domain::research`]): pseudonymised
    /// unless `disclosure` is explicitly identifying.
    ///
    /// The cases are read in id order and turned into rows a batch at a time, never all
    /// decoded at once; with more than one core the batches are built on several threads and
    /// joined in order, so the tables are always those of [`research::tables`] over every case.
    pub fn research_tables(&self, disclosure: &Disclosure) -> Result<Vec<Table>> {
        crate::store::guard(|| {
            let r = self.read()?;
            let cases = r.open_table(CASES)?;
            let n = cases.len()? as usize;
            let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
            let workers = threads.min(n / RESEARCH_BATCH).min(RESEARCH_MAX_THREADS);
            if workers < 2 {
                let mut tables = TableBuilder::new(disclosure);
                for entry in cases.iter()? {
                    tables.add(&codec::decode::<Case>(entry?.1.value())?);
                }
                return Ok(tables.finish());
            }
            research_parallel(&cases, disclosure, workers, RESEARCH_BATCH)
        })
    }
}

/// Cases per batch handed to a thread building research tables.
const RESEARCH_BATCH: usize = 128;
/// Threads building research tables, at most.
const RESEARCH_MAX_THREADS: usize = 8;

/// Stored case states in id order, the `index`-th batch of them.
struct Batch<'a> {
    index: usize,
    states: Vec<redb::AccessGuard<'a, &'static [u8]>>,
}

/// Research tables on `workers` threads. This thread reads the stored states in id order and
/// hands them out in numbered batches of `batch` (without copying them); each worker decodes
/// the states of a batch and builds its rows; then the batches' rows are joined in batch
/// order, table by table, on the same threads.
fn research_parallel<'a>(
    cases: &'a redb::ReadOnlyTable<u128, &'static [u8]>,
    disclosure: &Disclosure,
    workers: usize,
    batch: usize,
) -> Result<Vec<Table>> {
    use std::sync::{Mutex, mpsc};

    let (send, receive) = mpsc::sync_channel::<Batch<'a>>(2 * workers);
    // Dropping the receiver (a worker failed) stops the reader and the other workers.
    let receive = Mutex::new(Some(receive));
    let next = || -> Option<Batch<'a>> {
        let guard = receive.lock().unwrap_or_else(|e| e.into_inner());
        guard.as_ref()?.recv().ok()
    };
    let stop = || {
        receive.lock().unwrap_or_else(|e| e.into_inner()).take();
    };
    let work = || -> Result<Vec<(usize, Vec<Table>)>> {
        let mut built = Vec::new();
        while let Some(b) = next() {
            let mut tables = TableBuilder::new(disclosure);
            for state in &b.states {
                tables.add(&codec::decode::<Case>(state.value())?);
            }
            built.push((b.index, tables.finish()));
        }
        Ok(built)
    };
    let (read, built) = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                research_thread(s, || {
                    let built = crate::store::guard(work);
                    if built.is_err() {
                        stop();
                    }
                    built
                })
            })
            .collect();
        let read = (|| -> Result<()> {
            let mut index = 0;
            let mut states = Vec::with_capacity(batch);
            for entry in cases.iter()? {
                states.push(entry?.1);
                if states.len() == batch {
                    let full = std::mem::replace(&mut states, Vec::with_capacity(batch));
                    if send
                        .send(Batch {
                            index,
                            states: full,
                        })
                        .is_err()
                    {
                        return Ok(()); // a worker failed: its error is returned below
                    }
                    index += 1;
                }
            }
            if !states.is_empty() {
                let _ = send.send(Batch { index, states });
            }
            Ok(())
        })();
        drop(send);
        if read.is_err() {
            stop();
        }
        let built: Vec<_> = handles.into_iter().map(joined).collect();
        (read, built)
    });
    read?;
    let mut parts = Vec::new();
    for b in built {
        parts.extend(b?);
    }
    if parts.is_empty() {
        return Ok(TableBuilder::new(disclosure).finish());
    }
    parts.sort_unstable_by_key(|(index, _)| *index);
    join_tables(parts.into_iter().map(|(_, t)| t).collect(), workers)
}

/// A scoped thread named after its job (as `Scope::spawn`, panics if it cannot be started).
fn research_thread<'scope, T: Send + 'scope>(
    s: &'scope std::thread::Scope<'scope, '_>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> std::thread::ScopedJoinHandle<'scope, T> {
    std::thread::Builder::new()
        .name("kring-research".into())
        .spawn_scoped(s, f)
        .expect("failed to spawn a thread")
}

/// What a scoped thread returned; a panic (already turned into an error inside) is internal.
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
                research_thread(s, move || {
                    crate::store::guard(|| {
                        Ok(job
                            .into_iter()
                            .map(|(t, p)| (t, join_one(p)))
                            .collect::<Vec<_>>())
                    })
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

    #[test]
    fn research_tables_on_threads_are_those_of_one_pass() {
        let store = Store::in_memory().unwrap();
        store.generate(11, 23).unwrap();
        let all = store.cases(&CaseQuery::default()).unwrap();
        for d in [
            Disclosure::pseudonymised(*b"research key 5 research key 5 re").unwrap(),
            Disclosure::Identifying,
        ] {
            let once = research::tables(&all, &d);
            assert_eq!(store.research_tables(&d).unwrap(), once);
            let r = store.read().unwrap();
            let cases = r.open_table(CASES).unwrap();
            for (workers, batch) in [(2, 1), (2, 4), (3, 5), (4, 23), (2, 100)] {
                assert_eq!(
                    research_parallel(&cases, &d, workers, batch).unwrap(),
                    once,
                    "{workers} workers, batches of {batch}"
                );
            }
        }
    }

    #[test]
    fn a_damaged_state_fails_research_tables_on_threads_without_hanging() {
        let store = Store::in_memory().unwrap();
        let ids = store.generate(12, 30).unwrap();
        let mut sorted: Vec<u128> = ids.iter().map(|id| id.as_u128()).collect();
        sorted.sort_unstable();
        let w = store.db.begin_write().unwrap();
        w.open_table(CASES)
            .unwrap()
            .insert(sorted[17], &[1u8, 0, 1, 0xFF][..])
            .unwrap();
        w.commit().unwrap();
        let d = Disclosure::pseudonymised(*b"research key 5 research key 5 re").unwrap();
        let r = store.read().unwrap();
        let cases = r.open_table(CASES).unwrap();
        for (workers, batch) in [(2, 1), (3, 4), (2, 64)] {
            let err = research_parallel(&cases, &d, workers, batch).unwrap_err();
            assert_eq!(
                err.code(),
                "corrupted",
                "{workers} workers, batches of {batch}"
            );
        }
    }

    #[test]
    fn research_tables_of_an_empty_store() {
        let store = Store::in_memory().unwrap();
        let d = Disclosure::Identifying;
        let r = store.read().unwrap();
        let cases = r.open_table(CASES).unwrap();
        assert_eq!(
            research_parallel(&cases, &d, 2, 8).unwrap(),
            research::tables([], &d)
        );
    }
}
