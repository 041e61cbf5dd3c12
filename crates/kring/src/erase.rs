//! Erasing a person from a case or from the whole store (AVG/GDPR article 17): every event
//! of each case's history written again without them ([`kring_domain::erasure`]), the case
//! folded again from it, a tombstone event appended, and the write-ahead log zeroed, all in
//! one transaction. `docs/privacy.md` says what leaves and what stays.

use std::panic::{AssertUnwindSafe, catch_unwind};

use kring_domain::erasure::Eraser;
use kring_domain::{Actor, Case, CaseId, Command, Event, PersonId};
use serde::{Deserialize, Serialize};

use crate::codec;
use crate::error::{Error, Result};
use crate::read::{LoggedEvent, history_in};
use crate::shared::SharedStore;
use crate::store::{At, Changes, Store, caught, next_seq, stored_in_txn};
use crate::tables::{COORDINATORS, FACETS, FEED, Facet, HISTORY, cases_with, history_value};

/// What [`Store::erase_person`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErasureReport {
    pub person: PersonId,
    /// The cases the person was erased from; each has its tombstone event.
    pub cases: Vec<CaseId>,
    /// Events of their histories written again without the person (the tombstones not
    /// counted).
    pub events: u64,
    /// Whether the person's entry left the coordinator pool.
    pub pool: bool,
    /// Whether the store was compacted afterwards, so that the erased bytes left the file
    /// ([`SharedStore::erase_person`] and `kring erase` compact; [`Store::erase_person`]
    /// leaves it to [`Store::compact`]).
    pub compacted: bool,
}

impl Store {
    /// Erases `person` from case `case`, or (with `None`) from every case they appear in and
    /// from the coordinator pool. In each case, every event of the history is written again
    /// without their name, birth date, contact details, and the free text they wrote or that
    /// is about them ([`kring_domain::erasure`]); the state, the indexes, the change feed and
    /// every time-travel read follow. Each case gets a tombstone event, `erase_person`, made
    /// by `by` (who must hold their role in the case: the coordinator, a regional manager or
    /// an administrator) with `ground`, checked like any command. Then the write-ahead log is
    /// zeroed. All of it is committed, or nothing (a refused tombstone, an error, a panic).
    ///
    /// The storage engine does not overwrite the pages it frees: the erased bytes leave the
    /// file when the store is compacted ([`Store::compact`], `kring erase` does it) and are
    /// never in a backup made afterwards. Backups made before still hold them.
    ///
    /// A person who appears only as a former coordinator of a case is found in that case
    /// when it is named (`case`), not by a whole-store erasure.
    pub fn erase_person(
        &self,
        person: PersonId,
        case: Option<CaseId>,
        by: Actor,
        ground: &str,
    ) -> Result<ErasureReport> {
        self.writable()?;
        let run = || -> Result<ErasureReport> {
            let txn = self.db.begin_write()?;
            let cases: Vec<CaseId> = match case {
                Some(c) => vec![c],
                None => cases_with(&txn.open_table(FACETS)?, Facet::Person, person.as_u128())?
                    .into_iter()
                    .map(CaseId::from_u128)
                    .collect(),
            };
            let mut changes = Changes::new(next_seq(&txn.open_table(FEED)?)?, self.store_id());
            for &c in &cases {
                let tombstone = Command::ErasePerson {
                    person,
                    ground: ground.to_string(),
                };
                changes.execute(
                    |id| stored_in_txn(&txn, id),
                    c,
                    by,
                    At::Now,
                    tombstone,
                    None,
                )?;
            }
            let mut report = ErasureReport {
                person,
                cases: cases.clone(),
                events: 0,
                pool: false,
                compacted: false,
            };
            {
                let mut history = txn.open_table(HISTORY)?;
                for (i, &c) in cases.iter().enumerate() {
                    let stored = history_in(&history, c, u64::MAX)?;
                    let mut events: Vec<Event> = stored.iter().map(|l| l.event.clone()).collect();
                    // The tombstones are the changes' events, one per case, in order.
                    events.push(codec::decode(&changes.events[i].3)?);
                    let eraser = Eraser::from_events(person, &events);
                    let mut erased = write_erased(&mut history, c, &stored, &eraser)?;
                    report.events += stored.len() as u64;
                    erased.push(eraser.erase_event(events.last().expect("the tombstone"))?);
                    let state = Case::replay(&erased).ok_or_else(|| {
                        Error::Corrupted(format!("the history of case {c} does not replay"))
                    })?;
                    changes.events[i].3 = codec::encode(erased.last().expect("the tombstone"))?;
                    let touched = changes
                        .load(c, |_| Ok(None))?
                        .expect("the tombstone touched the case");
                    touched.state = state;
                }
            }
            self.write_changes(&txn, &changes)?;
            report.pool = txn
                .open_table(COORDINATORS)?
                .remove(person.as_u128())?
                .is_some();
            if cases.is_empty() && !report.pool {
                return Err(Error::not_found("person", person));
            }
            self.commit_wiping(txn)?;
            Ok(report)
        };
        catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|p| Err(caught(p)))
    }
}

/// Writes the stored events of case `c` (`stored`, from its history) again through `eraser`,
/// each keeping its place in the change feed; gives them as they are now.
pub(crate) fn write_erased(
    history: &mut redb::Table<(u128, u64), &[u8]>,
    c: CaseId,
    stored: &[LoggedEvent],
    eraser: &Eraser,
) -> Result<Vec<Event>> {
    let mut erased = Vec::with_capacity(stored.len());
    for logged in stored {
        let e = eraser.erase_event(&logged.event)?;
        let value = history_value(logged.seq, &codec::encode(&e)?);
        history.insert((c.as_u128(), e.version), value.as_slice())?;
        erased.push(e);
    }
    Ok(erased)
}

impl SharedStore {
    /// [`Store::erase_person`], then a compaction, with the store to itself (it waits for the
    /// calls in flight, and the next wait for it), so that the erased bytes leave the file.
    /// When the compaction cannot run (a read still open elsewhere), the erasure stands and
    /// the report says `compacted: false`: compact later.
    pub fn erase_person(
        &self,
        person: PersonId,
        case: Option<CaseId>,
        by: Actor,
        ground: &str,
    ) -> Result<ErasureReport> {
        self.with_mut(|store| {
            let mut report = store.erase_person(person, case, by, ground)?;
            report.compacted = store.compact().is_ok();
            Ok(report)
        })
    }
}
