//! Integrity and operations: verify, backup, compact.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use kring_domain::*;
use redb::{ReadableDatabase, ReadableTable, ReadableTableMetadata, TableHandle};
use serde::{Deserialize, Serialize};

use crate::codec;
use crate::error::{Error, Result};
use crate::read::open_if_there;
use crate::store::Store;
use crate::tables::{self, *};

/// What [`Store::verify`] checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VerifyReport {
    pub cases: u64,
    pub events: u64,
    pub index_entries: u64,
}

/// How far [`Store::verify_with`] has come: cases checked so far, of how many.
pub type VerifyProgress = crate::upgrade::UpgradeProgress;

impl Store {
    /// Replays every case's events and compares the result with the stored state and with
    /// every index; checks the model's invariants and that the log has no gaps. Returns what
    /// was checked, or `inconsistent` listing every discrepancy (at most 100).
    pub fn verify(&self) -> Result<VerifyReport> {
        self.verify_with(|_| Ok(()))
    }

    /// [`Store::verify`], reporting its progress to `progress` (cases checked, of how many)
    /// every thousand cases and once at the end; when `progress` returns an error, the check
    /// stops there and returns it.
    pub fn verify_with(
        &self,
        mut progress: impl FnMut(VerifyProgress) -> Result<()>,
    ) -> Result<VerifyReport> {
        crate::store::corrupted_on_panic(|| {
            let r = self.db.begin_read()?;
            // Format 4 keeps events by case; formats 1 to 3 by sequence number.
            let history = open_if_there(&r, HISTORY)?;
            let (log, by_case) = match history {
                Some(_) => (None, None),
                None => (
                    Some(r.open_table(EVENTS)?),
                    Some(r.open_table(CASE_EVENTS)?),
                ),
            };
            let cases = r.open_table(CASES)?;
            let summaries = open_if_there(&r, SUMMARIES)?;
            let figures = open_if_there(&r, FIGURES)?;
            let rows = open_if_there(&r, ROWS)?;
            let mut problems = Vec::new();
            let mut expected = Entries::default();
            // Sequence number → (case, version), of every event reached from a case.
            let mut seen = BTreeMap::new();
            let mut n_cases = 0;
            let total = cases.len()?;
            for entry in cases.iter()? {
                let (k, v) = entry?;
                if n_cases % 1000 == 0 {
                    progress(VerifyProgress {
                        done: n_cases,
                        total,
                    })?;
                }
                n_cases += 1;
                let id = CaseId::from_u128(k.value());
                let stored: Case = codec::decode(v.value())?;
                // (version in the key, sequence number, event)
                let mut found: Vec<(u64, u64, Event)> = Vec::new();
                let range = (id.as_u128(), 0)..=(id.as_u128(), u64::MAX);
                if let Some(history) = &history {
                    for e in history.range(range)? {
                        let (key, value) = e?;
                        let (seq, envelope) = split_history(value.value())?;
                        found.push((key.value().1, seq, codec::decode(envelope)?));
                    }
                } else if let (Some(log), Some(by_case)) = (&log, &by_case) {
                    for e in by_case.range(range)? {
                        let (key, seq) = e?;
                        let seq = seq.value();
                        let bytes = log
                            .get(seq)?
                            .ok_or_else(|| Error::Corrupted(format!("event {seq} is missing")))?;
                        found.push((key.value().1, seq, codec::decode(bytes.value())?));
                    }
                }
                let mut events = Vec::with_capacity(found.len());
                for (version, seq, event) in found {
                    seen.insert(seq, (id.as_u128(), version));
                    if event.case != id
                        || event.version != version
                        || version != events.len() as u64 + 1
                    {
                        problems.push(format!("{id}: event {seq} is out of place"));
                    }
                    events.push(event);
                }
                match Case::replay(&events) {
                    Some(replayed) if replayed == stored => {}
                    Some(_) => problems.push(format!(
                        "{id}: stored state differs from its replayed events"
                    )),
                    None => problems.push(format!("{id}: events do not replay")),
                }
                if let Err(broken) = invariants::check(&stored) {
                    problems.push(format!("{id}: {broken}"));
                }
                if let Some(t) = &summaries {
                    if !kept(t, id, &crate::summary::CaseSummary::from(&stored))? {
                        problems.push(format!("{id}: its summary differs from the case"));
                    }
                }
                if let Some(t) = &figures {
                    if !kept(t, id, &kring_domain::figures::CaseFigures::from(&stored))? {
                        problems.push(format!("{id}: its figures differ from the case"));
                    }
                }
                if let Some(t) = &rows {
                    let expected = kring_domain::rows::CaseRows::from(&stored);
                    let found = t.get(id.as_u128())?;
                    let found = found
                        .as_ref()
                        .map(|b| codec::decode_borrowed(b.value(), ROWS_SINCE))
                        .transpose()?;
                    if found.as_ref() != Some(&expected) {
                        problems.push(format!("{id}: its research rows differ from the case"));
                    }
                }
                let e = tables::entries(&stored);
                expected.facets.extend(e.facets);
                expected.due.extend(e.due);
                expected.requested.extend(e.requested);
            }
            // The global order: every event once, numbered 1, 2, 3, … without gaps.
            let (n_events, last) = match (&history, &log, &by_case) {
                (Some(history), ..) => {
                    let feed = r.open_table(FEED)?;
                    for e in feed.iter()? {
                        let (seq, key) = e?;
                        if seen.get(&seq.value()) != Some(&key.value()) {
                            problems.push(format!(
                                "the feed's event {} is not the case's",
                                seq.value()
                            ));
                        }
                    }
                    if history.len()? != feed.len()? {
                        problems.push(format!(
                            "{} events in the history, {} in the feed",
                            history.len()?,
                            feed.len()?
                        ));
                    }
                    (feed.len()?, feed.last()?.map(|(k, _)| k.value()))
                }
                (None, Some(log), Some(by_case)) => {
                    if by_case.len()? != log.len()? {
                        problems.push("the case index and the log differ in length".into());
                    }
                    (log.len()?, log.last()?.map(|(k, _)| k.value()))
                }
                _ => unreachable!("one of the two layouts"),
            };
            if seen.len() as u64 != n_events {
                problems.push(format!(
                    "{n_events} events in the log, {} reached from cases",
                    seen.len()
                ));
            }
            if let Some(last) = last {
                if last != n_events {
                    problems.push(format!(
                        "the log ends at {last} but holds {n_events} events"
                    ));
                }
            }
            let mut facets = BTreeSet::new();
            for e in r.open_table(FACETS)?.iter()? {
                facets.insert(e?.0.value());
            }
            let mut due = BTreeSet::new();
            for e in r.open_table(DUE)?.iter()? {
                due.insert(e?.0.value());
            }
            let mut requested = BTreeSet::new();
            for e in r.open_table(REQUESTED)?.iter()? {
                requested.insert(e?.0.value());
            }
            for (name, same) in [
                ("facets", facets == expected.facets),
                ("due", due == expected.due),
                ("requested", requested == expected.requested),
            ] {
                if !same {
                    problems.push(format!("index {name} differs from the cases"));
                }
            }
            if r.list_tables()?.any(|t| t.name() == "coordinators") {
                for entry in r.open_table(COORDINATORS)?.iter()? {
                    let (k, v) = entry?;
                    let e: pool::PoolEntry = codec::decode(v.value())?;
                    if e.coordinator.person.id.as_u128() != k.value()
                        || pool::check_entry(&e).is_err()
                    {
                        problems.push(format!(
                            "coordinator pool entry {} is not a valid profile under its id",
                            PersonId::from_u128(k.value())
                        ));
                    }
                }
            }
            for (table, name) in [
                (&summaries, "summaries"),
                (&figures, "figures"),
                (&rows, "rows"),
            ] {
                if let Some(t) = table {
                    if t.len()? != n_cases {
                        problems.push(format!("{} {name} for {n_cases} cases", t.len()?));
                    }
                }
            }
            progress(VerifyProgress {
                done: n_cases,
                total,
            })?;
            if !problems.is_empty() {
                problems.truncate(100);
                return Err(Error::Inconsistent(problems));
            }
            Ok(VerifyReport {
                cases: n_cases,
                events: n_events,
                index_entries: (facets.len() + due.len() + requested.len()) as u64,
            })
        })
    }

    /// Writes a consistent copy of the store to a new file at `path`, while the store stays
    /// open for reads and writes. The copy keeps the store id.
    pub fn backup(&self, path: impl AsRef<Path>) -> Result<()> {
        if self.writable().is_ok() {
            // Reads recorded in memory go into the copy too.
            self.flush_reads()?;
        }
        crate::store::corrupted_on_panic(|| {
            let path = path.as_ref();
            if std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
                return Err(Error::AlreadyExists {
                    path: path.display().to_string(),
                });
            }
            let target = redb::Database::create(path).map_err(|e| match e {
                redb::DatabaseError::DatabaseAlreadyOpen => Error::AlreadyOpen {
                    path: path.display().to_string(),
                },
                other => Error::Storage(other.to_string()),
            })?;
            let r = self.db.begin_read()?;
            let w = target.begin_write()?;
            {
                macro_rules! copy {
                    ($def:expr) => {{
                        let src = r.open_table($def)?;
                        let mut dst = w.open_table($def)?;
                        for entry in src.iter()? {
                            let (k, v) = entry?;
                            dst.insert(k.value(), v.value())?;
                        }
                    }};
                }
                // Tables a store has only from some format on, or once it needed them.
                let there: Vec<String> = r.list_tables()?.map(|t| t.name().to_string()).collect();
                macro_rules! copy_if_there {
                    ($($def:expr),+) => {{
                        $(if there.iter().any(|name| name == $def.name()) {
                            copy!($def);
                        })+
                    }};
                }
                copy!(META);
                // The events, in the layout of the store's format.
                if there.iter().any(|name| name == HISTORY.name()) {
                    copy!(HISTORY);
                    copy!(FEED);
                    copy!(SUMMARIES);
                } else {
                    copy!(EVENTS);
                    copy!(CASE_EVENTS);
                }
                copy!(CASES);
                copy_if_there!(FIGURES, ROWS);
                copy!(FACETS);
                copy!(DUE);
                copy!(REQUESTED);
                // The coordinator pool, in a store that has one.
                copy_if_there!(COORDINATORS);
                // Who wrote each event brought from another store, which cases are another
                // store's read-only copies, and how far each store was followed (format 6):
                // without them a restored copy could be written to.
                copy_if_there!(ORIGINS, HOLDERS, CURSORS);
                // The access log: a backup is the record, not an export.
                if there
                    .iter()
                    .any(|name| name == crate::access::ACCESS.name())
                {
                    copy!(crate::access::ACCESS);
                    copy!(crate::access::ACCESS_BY_PERSON);
                }
            }
            w.commit()?;
            Ok(())
        })
    }

    /// Gives free space in the file back to the operating system. Needs exclusive access.
    pub fn compact(&mut self) -> Result<bool> {
        Ok(self.db.compact()?)
    }
}

/// Whether the value kept for case `id` in `table` (beside its state) is `expected`, the one
/// derived from the state.
fn kept<T: serde::de::DeserializeOwned + PartialEq>(
    table: &redb::ReadOnlyTable<u128, &'static [u8]>,
    id: CaseId,
    expected: &T,
) -> Result<bool> {
    let found = table
        .get(id.as_u128())?
        .map(|b| codec::decode::<T>(b.value()))
        .transpose()?;
    Ok(found.as_ref() == Some(expected))
}
