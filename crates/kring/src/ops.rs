//! Integrity and operations: verify, backup, compact.

use std::collections::BTreeSet;
use std::path::Path;

use kring_domain::*;
use redb::{ReadableDatabase, ReadableTable, ReadableTableMetadata, TableHandle};
use serde::{Deserialize, Serialize};

use crate::codec;
use crate::error::{Error, Result};
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

impl Store {
    /// Replays every case's events and compares the result with the stored state and with
    /// every index; checks the model's invariants and that the log has no gaps. Returns what
    /// was checked, or `inconsistent` listing every discrepancy (at most 100).
    pub fn verify(&self) -> Result<VerifyReport> {
        crate::store::corrupted_on_panic(|| {
            let r = self.db.begin_read()?;
            let log = r.open_table(EVENTS)?;
            let by_case = r.open_table(CASE_EVENTS)?;
            let cases = r.open_table(CASES)?;
            let mut problems = Vec::new();
            let mut expected = Entries::default();
            let mut seen = BTreeSet::new();
            let mut n_cases = 0;
            for entry in cases.iter()? {
                let (k, v) = entry?;
                n_cases += 1;
                let id = CaseId::from_u128(k.value());
                let stored: Case = codec::decode(v.value())?;
                let mut events = Vec::new();
                for e in by_case.range((id.as_u128(), 0)..=(id.as_u128(), u64::MAX))? {
                    let (key, seq) = e?;
                    let (seq, version) = (seq.value(), key.value().1);
                    seen.insert(seq);
                    let bytes = log
                        .get(seq)?
                        .ok_or_else(|| Error::Corrupted(format!("event {seq} is missing")))?;
                    let event: Event = codec::decode(bytes.value())?;
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
                let e = tables::entries(&stored);
                expected.facets.extend(e.facets);
                expected.due.extend(e.due);
                expected.requested.extend(e.requested);
            }
            let n_events = log.len()?;
            if seen.len() as u64 != n_events || by_case.len()? != n_events {
                problems.push(format!(
                    "{n_events} events in the log, {} reached from cases",
                    seen.len()
                ));
            }
            if let Some((last, _)) = log.last()? {
                if last.value() != n_events {
                    problems.push(format!(
                        "the log ends at {} but holds {n_events} events",
                        last.value()
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
                copy!(META);
                copy!(EVENTS);
                copy!(CASE_EVENTS);
                copy!(CASES);
                copy!(FACETS);
                copy!(DUE);
                copy!(REQUESTED);
                // The coordinator pool, in a store that has one.
                if r.list_tables()?.any(|t| t.name() == "coordinators") {
                    copy!(COORDINATORS);
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
