//! Reads: a case now, as it was, its history; queries over cases; evaluations due; the
//! change feed. Every read runs in one read transaction, a consistent snapshot that a
//! concurrent commit does not disturb.

use chrono::{DateTime, NaiveDate, Utc};
use kring_domain::*;
use redb::{ReadTransaction, ReadableDatabase, ReadableTable, ReadableTableMetadata};
use serde::{Deserialize, Serialize};

use crate::codec;
use crate::error::{Error, Result};
use crate::store::{Store, corrupted_on_panic};
use crate::tables::*;

/// An event with its place in the store's global log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "HistoryRecord"))]
pub struct LoggedEvent {
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

/// A case's events up to version `up_to` in a `history` table (format 4 and later), of a
/// read or a write transaction.
pub(crate) fn history_in(
    history: &impl ReadableTable<(u128, u64), &'static [u8]>,
    id: CaseId,
    up_to: u64,
) -> Result<Vec<LoggedEvent>> {
    let mut out = Vec::new();
    for entry in history.range((id.as_u128(), 1)..=(id.as_u128(), up_to))? {
        let (_, value) = entry?;
        let (seq, envelope) = split_history(value.value())?;
        out.push(LoggedEvent {
            seq,
            event: codec::decode(envelope)?,
        });
    }
    Ok(out)
}

impl Store {
    fn read(&self) -> Result<ReadTransaction> {
        Ok(self.db.begin_read()?)
    }

    /// The current state of a case.
    pub fn case(&self, id: CaseId) -> Result<Case> {
        corrupted_on_panic(|| {
            let r = self.read()?;
            let cases = r.open_table(CASES)?;
            let bytes = cases
                .get(id.as_u128())?
                .ok_or_else(|| Error::not_found("case", id))?;
            codec::decode(bytes.value())
        })
    }

    /// The current state of a case as `reader` may see it, in their role
    /// ([`Case::view_for`]; the table is in `docs/domain.md`, "Who reads what"). A reader
    /// who does not hold the role in the case is refused with `permission_denied`. Every
    /// scoped read is recorded in the access log ([`Store::access_log`]), so a store of an
    /// older format, which takes no writes, refuses it with `upgrade_required`.
    pub fn case_for(&self, id: CaseId, reader: &Actor) -> Result<CaseView> {
        self.writable()?;
        let view = self.case(id)?.into_view_for(reader)?;
        self.record_read(&view)?;
        Ok(view)
    }

    /// Whether a case exists.
    pub fn contains(&self, id: CaseId) -> Result<bool> {
        corrupted_on_panic(|| Ok(self.read()?.open_table(CASES)?.get(id.as_u128())?.is_some()))
    }

    fn logged_events(r: &ReadTransaction, id: CaseId, up_to: u64) -> Result<Vec<LoggedEvent>> {
        let Some(history) = open_if_there(r, HISTORY)? else {
            return Self::logged_events_v3(r, id, up_to);
        };
        history_in(&history, id, up_to)
    }

    /// A case's events in a store of format 1 to 3, found through `case_events`.
    fn logged_events_v3(r: &ReadTransaction, id: CaseId, up_to: u64) -> Result<Vec<LoggedEvent>> {
        let by_case = r.open_table(CASE_EVENTS)?;
        let log = r.open_table(EVENTS)?;
        let mut out = Vec::new();
        for entry in by_case.range((id.as_u128(), 1)..=(id.as_u128(), up_to))? {
            let seq = entry?.1.value();
            let bytes = log
                .get(seq)?
                .ok_or_else(|| Error::Corrupted(format!("event {seq} is missing")))?;
            out.push(LoggedEvent {
                seq,
                event: codec::decode(bytes.value())?,
            });
        }
        Ok(out)
    }

    /// Every change to a case, in order, with actor and time.
    pub fn history(&self, id: CaseId) -> Result<Vec<LoggedEvent>> {
        corrupted_on_panic(|| {
            let records = Self::logged_events(&self.read()?, id, u64::MAX)?;
            if records.is_empty() {
                return Err(Error::not_found("case", id));
            }
            Ok(records)
        })
    }

    /// The case as it was after `version` events (1 is the request).
    pub fn case_at_version(&self, id: CaseId, version: u64) -> Result<Case> {
        corrupted_on_panic(|| {
            let records = Self::logged_events(&self.read()?, id, version)?;
            if records.len() as u64 != version || version == 0 {
                return Err(Error::not_found("case version", format!("{id}@{version}")));
            }
            Case::replay(records.iter().map(|r| &r.event))
                .ok_or_else(|| Error::Corrupted(format!("{id} does not replay")))
        })
    }

    /// The case as it was at moment `at` (after every change made at or before it).
    pub fn case_at(&self, id: CaseId, at: DateTime<Utc>) -> Result<Case> {
        corrupted_on_panic(|| {
            let records = Self::logged_events(&self.read()?, id, u64::MAX)?;
            if records.is_empty() {
                return Err(Error::not_found("case", id));
            }
            Case::replay(records.iter().map(|r| &r.event).take_while(|e| e.at <= at))
                .ok_or_else(|| Error::not_found("case at that moment", format!("{id}@{at}")))
        })
    }

    /// The cases with `value` for `facet`, in id order (the order of the index's keys).
    fn facet(r: &ReadTransaction, facet: Facet, value: u128) -> Result<Vec<u128>> {
        cases_with(&r.open_table(FACETS)?, facet, value)
    }

    /// The ids of the cases matching every filter of `q`, in id order.
    pub fn query(&self, q: &CaseQuery) -> Result<Vec<CaseId>> {
        corrupted_on_panic(|| {
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
        corrupted_on_panic(|| {
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
        corrupted_on_panic(|| {
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
    pub fn events_since(&self, after: u64, limit: usize) -> Result<Vec<LoggedEvent>> {
        if limit > MAX_PAGE {
            return Err(Error::invalid(
                "limit",
                format!("expected a whole number from 0 to {MAX_PAGE}"),
            ));
        }
        corrupted_on_panic(|| {
            let r = self.read()?;
            let mut out = Vec::new();
            if let Some(feed) = open_if_there(&r, FEED)? {
                let history = r.open_table(HISTORY)?;
                for entry in feed.range(after.saturating_add(1)..)?.take(limit) {
                    let (k, key) = entry?;
                    let value = history.get(key.value())?.ok_or_else(|| {
                        Error::Corrupted(format!("event {} is missing", k.value()))
                    })?;
                    let (seq, envelope) = split_history(value.value())?;
                    if seq != k.value() {
                        return Err(Error::Corrupted(format!("event {seq} is out of place")));
                    }
                    out.push(LoggedEvent {
                        seq,
                        event: codec::decode(envelope)?,
                    });
                }
                return Ok(out);
            }
            let log = r.open_table(EVENTS)?;
            for entry in log.range(after.saturating_add(1)..)?.take(limit) {
                let (k, v) = entry?;
                out.push(LoggedEvent {
                    seq: k.value(),
                    event: codec::decode(v.value())?,
                });
            }
            Ok(out)
        })
    }

    /// The sequence number of the last event (0 in an empty store).
    pub fn last_seq(&self) -> Result<u64> {
        corrupted_on_panic(|| {
            let r = self.read()?;
            Ok(match open_if_there(&r, FEED)? {
                Some(feed) => feed.last()?.map_or(0, |(k, _)| k.value()),
                None => r.open_table(EVENTS)?.last()?.map_or(0, |(k, _)| k.value()),
            })
        })
    }

    /// The number of cases.
    pub fn len(&self) -> Result<u64> {
        corrupted_on_panic(|| Ok(self.read()?.open_table(CASES)?.len()?))
    }

    /// Whether the store holds no case.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Every case's stored state from one snapshot, in id order, in batches of `size`
    /// (at least 1). Only the iteration happens on the calling thread: each [`CaseBatch`]
    /// decodes its cases where it is used, so batches can be handed to other threads. The
    /// snapshot stays open while the iterator lives; commits made meanwhile are not seen.
    pub fn case_batches(&self, size: usize) -> Result<CaseBatches> {
        corrupted_on_panic(|| self.batches_of(&self.read()?, CASES, size))
    }

    /// Every case's research rows ([`CaseRows`](kring_domain::rows::CaseRows)) from one
    /// snapshot, in id order, in batches of `size` (at least 1), as [`Store::case_batches`]
    /// gives the states: format 8 keeps them beside each case, so that the research tables
    /// decode about two kilobytes per case, borrowing its text, instead of the case. In a
    /// store of an older format (read before it is upgraded), they are made from each case
    /// as it is read.
    pub fn row_batches(&self, size: usize) -> Result<RowBatches> {
        corrupted_on_panic(|| {
            let r = self.read()?;
            let stored = open_if_there(&r, ROWS)?.is_some();
            let table = if stored { ROWS } else { CASES };
            Ok(RowBatches {
                batches: self.batches_of(&r, table, size)?,
                stored,
            })
        })
    }

    /// The values of `table` (keyed by case) in batches of `size`.
    fn batches_of(
        &self,
        r: &ReadTransaction,
        table: redb::TableDefinition<u128, &[u8]>,
        size: usize,
    ) -> Result<CaseBatches> {
        let table = r.open_table(table)?;
        let len = table.len()?;
        let range = table.range::<u128>(..)?;
        // The range keeps the read transaction alive until it is dropped.
        Ok(CaseBatches {
            range,
            size: size.max(1),
            len,
        })
    }
}

/// Every case's research rows in batches: see [`Store::row_batches`].
#[derive(Debug)]
pub struct RowBatches {
    /// From the `rows` table, or in a store of an older format the `cases` table.
    batches: CaseBatches,
    stored: bool,
}

impl RowBatches {
    /// The number of cases in the snapshot.
    pub fn cases(&self) -> u64 {
        self.batches.cases()
    }
}

impl Iterator for RowBatches {
    type Item = Result<RowBatch>;

    fn next(&mut self) -> Option<Result<RowBatch>> {
        let stored = self.stored;
        Some(self.batches.next()?.map(|batch| RowBatch { batch, stored }))
    }
}

/// Stored research rows of cases (or, in a store of an older format, case states), in id
/// order, not yet decoded. `Send`: decode it on any thread.
#[derive(Debug)]
pub struct RowBatch {
    batch: CaseBatch,
    stored: bool,
}

impl RowBatch {
    /// The number of cases in the batch.
    pub fn len(&self) -> usize {
        self.batch.len()
    }

    /// Whether the batch is empty (never, for a batch [`RowBatches`] yields).
    pub fn is_empty(&self) -> bool {
        self.batch.is_empty()
    }

    /// Decodes the rows of each case in turn, in id order, and hands them to `each`; stops
    /// at the first value that does not decode, is stored under another case's id, or holds
    /// a moment or date out of range (`corrupted`). The rows' text borrows the stored bytes.
    pub fn for_each(&self, mut each: impl FnMut(&kring_domain::rows::CaseRows<'_>)) -> Result<()> {
        use kring_domain::rows::CaseRows;
        for (key, state) in &self.batch.states {
            let bytes = state.value();
            if self.stored {
                let rows = corrupted_on_panic(|| {
                    codec::decode_borrowed::<CaseRows<'_>>(bytes, ROWS_SINCE)
                })?;
                let id = CaseId::from_u128(*key);
                if rows.id != id {
                    return Err(Error::Corrupted(format!(
                        "the research rows stored for {id} are those of {}",
                        rows.id
                    )));
                }
                rows.check()
                    .map_err(|e| Error::Corrupted(format!("the research rows of {id}: {e}")))?;
                each(&rows);
            } else {
                let case = corrupted_on_panic(|| codec::decode::<Case>(bytes))?;
                each(&CaseRows::from(&case));
            }
        }
        Ok(())
    }
}

/// Every case's stored state in batches: see [`Store::case_batches`].
pub struct CaseBatches {
    range: redb::Range<'static, u128, &'static [u8]>,
    size: usize,
    len: u64,
}

impl CaseBatches {
    /// The number of cases in the snapshot.
    pub fn cases(&self) -> u64 {
        self.len
    }
}

impl std::fmt::Debug for CaseBatches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaseBatches")
            .field("cases", &self.len)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl Iterator for CaseBatches {
    type Item = Result<CaseBatch>;

    fn next(&mut self) -> Option<Result<CaseBatch>> {
        let mut states = Vec::new();
        let read = corrupted_on_panic(|| {
            for entry in self.range.by_ref() {
                let (key, value) = entry?;
                states.push((key.value(), value));
                if states.len() == self.size {
                    break;
                }
            }
            Ok(())
        });
        match read {
            Err(e) => Some(Err(e)),
            Ok(()) if states.is_empty() => None,
            Ok(()) => Some(Ok(CaseBatch { states })),
        }
    }
}

/// Stored case states, in id order, not yet decoded. `Send`: decode it on any thread.
pub struct CaseBatch {
    /// Each case's id (the key) and stored value.
    states: Vec<(u128, redb::AccessGuard<'static, &'static [u8]>)>,
}

impl CaseBatch {
    /// The number of cases in the batch.
    pub fn len(&self) -> usize {
        self.states.len()
    }

    /// Whether the batch is empty (never, for a batch [`CaseBatches`] yields).
    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }

    /// Decodes the cases, one at a time, in id order.
    pub fn decode(&self) -> impl Iterator<Item = Result<Case>> + '_ {
        self.states
            .iter()
            .map(|(_, state)| corrupted_on_panic(|| codec::decode::<Case>(state.value())))
    }
}

impl std::fmt::Debug for CaseBatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaseBatch")
            .field("cases", &self.states.len())
            .finish_non_exhaustive()
    }
}

/// A table of the snapshot, or `None` if the store's format has no such table.
pub(crate) fn open_if_there<K: redb::Key + 'static, V: redb::Value + 'static>(
    r: &ReadTransaction,
    table: redb::TableDefinition<K, V>,
) -> Result<Option<redb::ReadOnlyTable<K, V>>> {
    match r.open_table(table) {
        Ok(t) => Ok(Some(t)),
        Err(redb::TableError::TableDoesNotExist(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` copies of the example case, with other ids.
    fn store_with_examples(n: u64) -> (Store, Vec<CaseId>) {
        let store = Store::in_memory().unwrap();
        let mut ids = Vec::new();
        for seed in 0..n {
            let (story, _) = kring_testkit::example::full_story_with(seed);
            for e in &story.events {
                store
                    .execute(e.case, e.actor, e.at, e.command.clone())
                    .unwrap();
            }
            ids.push(story.id);
        }
        ids.sort_unstable();
        (store, ids)
    }

    #[test]
    fn case_batches_give_every_case_in_id_order() {
        let (store, ids) = store_with_examples(7);
        for size in [0, 1, 3, 7, 100] {
            let batches = store.case_batches(size).unwrap();
            assert_eq!(batches.cases(), 7);
            let mut seen = Vec::new();
            for batch in batches {
                let batch = batch.unwrap();
                assert!(!batch.is_empty() && batch.len() <= size.max(1));
                for case in batch.decode() {
                    let case = case.unwrap();
                    assert_eq!(store.case(case.id).unwrap(), case);
                    seen.push(case.id);
                }
            }
            assert_eq!(seen, ids, "batches of {size}");
        }
        assert_eq!(
            Store::in_memory().unwrap().case_batches(4).unwrap().count(),
            0
        );
    }

    #[test]
    fn a_damaged_state_in_a_batch_is_corrupted() {
        let (store, ids) = store_with_examples(5);
        let w = store.db.begin_write().unwrap();
        w.open_table(CASES)
            .unwrap()
            .insert(ids[3].as_u128(), &[1u8, 0, 1, 0xFF][..])
            .unwrap();
        w.commit().unwrap();
        let decoded: Vec<Result<Case>> = store
            .case_batches(2)
            .unwrap()
            .flat_map(|b| b.unwrap().decode().collect::<Vec<_>>())
            .collect();
        assert_eq!(decoded.len(), 5);
        for (i, d) in decoded.iter().enumerate() {
            match d {
                Ok(case) => assert_ne!(i, 3, "{}", case.id),
                Err(e) => {
                    assert_eq!(i, 3);
                    assert_eq!(e.code(), "corrupted");
                }
            }
        }
    }
}
