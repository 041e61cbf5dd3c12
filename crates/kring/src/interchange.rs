//! The kring case file: one case with its whole history, as a JSON document another
//! organisation's store imports (`docs/interchange.md`), and who writes each case.
//!
//! Every event in a file carries where it was written: the store (its origin) and the
//! sequence number it has there. A store keeps both for the events it brings in
//! ([`crate::tables::ORIGINS`]), so that a case exported, imported elsewhere and exported
//! again gives the same bytes. One store writes a case at a time (its holder): the store
//! that opened it, until a `hand_over` event names another. A copy anywhere else is
//! read-only, and an import checks that every event was written by the store that held the
//! case when it was written.

use std::panic::{AssertUnwindSafe, catch_unwind};

use kring_domain::{CaseId, Command, Event, StoreId, decide};
use redb::{ReadableDatabase, ReadableTable};
use serde::{Deserialize, Serialize};

use crate::codec;
use crate::error::{Error, Result};
use crate::read::{history_in, open_if_there};
use crate::store::{Changes, Store, caught, next_seq, stored_in_txn};
use crate::tables::{CASES, FEED, HISTORY, HOLDERS, ORIGINS};

/// The version of the case file this build writes, and the newest it reads.
pub const CASE_FILE_VERSION: u32 = 1;

/// One case with its whole history, as it travels between stores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CaseFile {
    /// The version of the case file format ([`CASE_FILE_VERSION`]).
    pub kring_case_file: u32,
    pub case: CaseId,
    /// How much of the case the file holds. Only a full file can be imported.
    pub disclosure: Disclosure,
    /// Every event of the case, version 1 first.
    pub events: Vec<FiledEvent>,
}

/// How much of a case a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Disclosure {
    /// Everything: the history as the holder keeps it.
    Full,
}

/// An event of a case file: where it was written, and the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FiledEvent {
    /// The store that wrote the event.
    pub origin: StoreId,
    /// The event's sequence number in the change feed of that store.
    pub seq: u64,
    pub event: Event,
}

/// What an import of a case file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CaseImport {
    pub case: CaseId,
    /// Events added (0 when the store already had every event of the file).
    pub added: u64,
    /// The case's version in the store now.
    pub version: u64,
    /// The store that writes the case.
    pub holder: StoreId,
}

impl CaseFile {
    /// The file as one line of JSON (a case file; many of them are JSON Lines).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a case file serialises")
    }

    /// Reads a case file from JSON, checking its version first, so that a file from a newer
    /// kring is refused as such rather than as malformed.
    pub fn from_json(text: &str) -> Result<CaseFile> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| Error::invalid("case file", format!("not JSON: {e}")))?;
        match value.get("kring_case_file").and_then(|v| v.as_u64()) {
            Some(v) if v > u64::from(CASE_FILE_VERSION) => {
                return Err(Error::invalid(
                    "case file",
                    format!(
                        "version {v} is newer than this kring reads ({CASE_FILE_VERSION}): upgrade kring"
                    ),
                ));
            }
            Some(_) => {}
            None => {
                return Err(Error::invalid(
                    "case file",
                    "not a kring case file (no `kring_case_file` version)",
                ));
            }
        }
        serde_json::from_value(value).map_err(|e| Error::invalid("case file", e.to_string()))
    }
}

impl Store {
    /// The store that writes `case`: this store, unless the case is a copy of another
    /// store's case here.
    pub fn holder(&self, case: CaseId) -> Result<StoreId> {
        let r = self.db.begin_read()?;
        if r.open_table(CASES)?.get(case.as_u128())?.is_none() {
            return Err(Error::not_found("case", case));
        }
        let holder = match open_if_there(&r, HOLDERS)? {
            Some(h) => h.get(case.as_u128())?.map(|v| v.value()),
            None => None,
        };
        Ok(StoreId::from_u128(holder.unwrap_or(self.store_id())))
    }

    /// The case file of `case`: its whole history, each event with the store that wrote it
    /// and its sequence number there.
    pub fn export_case(&self, case: CaseId) -> Result<CaseFile> {
        let r = self.db.begin_read()?;
        let history = r.open_table(HISTORY)?;
        let logged = history_in(&history, case, u64::MAX)?;
        if logged.is_empty() {
            return Err(Error::not_found("case", case));
        }
        let origins = open_if_there(&r, ORIGINS)?;
        let mut events = Vec::with_capacity(logged.len());
        for l in logged {
            let (origin, seq) = match &origins {
                Some(o) => o
                    .get((case.as_u128(), l.event.version))?
                    .map(|v| v.value())
                    .unwrap_or((self.store_id(), l.seq)),
                None => (self.store_id(), l.seq),
            };
            events.push(FiledEvent {
                origin: StoreId::from_u128(origin),
                seq,
                event: l.event,
            });
        }
        Ok(CaseFile {
            kring_case_file: CASE_FILE_VERSION,
            case,
            disclosure: Disclosure::Full,
            events,
        })
    }

    /// Imports a case file, all of it or nothing. Events the store already has must be the
    /// same (else `diverged`, naming both); every new event is checked again by the domain,
    /// as a command made by its actor at its time, and must have been written by the store
    /// that held the case then. A case new to this store is a read-only copy unless the
    /// file hands it over to this store. Importing the same file twice changes nothing.
    pub fn import_case(&self, file: &CaseFile) -> Result<CaseImport> {
        self.writable()?;
        shape(file)?;
        let run = || -> Result<CaseImport> {
            let txn = self.db.begin_write()?;
            let case = file.case;
            let me = self.store_id();
            let ours = history_in(&txn.open_table(HISTORY)?, case, u64::MAX)?;
            // The events both have must be the same events, from the same stores.
            {
                let origins = txn.open_table(ORIGINS)?;
                for (l, f) in ours.iter().zip(&file.events) {
                    let (origin, seq) = origins
                        .get((case.as_u128(), l.event.version))?
                        .map(|v| v.value())
                        .unwrap_or((me, l.seq));
                    if (origin, seq) != (f.origin.as_u128(), f.seq) || l.event != f.event {
                        return Err(Error::Diverged {
                            case: case.to_string(),
                            version: l.event.version,
                            ours: format!("{}#{seq}", StoreId::from_u128(origin)),
                            theirs: format!("{}#{}", f.origin, f.seq),
                        });
                    }
                }
            }
            let mut changes = Changes::new(next_seq(&txn.open_table(FEED)?)?, me);
            for f in file.events.iter().skip(ours.len()) {
                self.bring(&txn, &mut changes, f)
                    .map_err(|e| Error::InEvent {
                        case: case.to_string(),
                        version: f.event.version,
                        command: f.event.command.name(),
                        source: Box::new(e),
                    })?;
            }
            let added = changes.events.len() as u64;
            let (version, holder) = match changes.touched.get(&case) {
                Some(t) => (t.state.version, t.holder),
                None => {
                    let (state, holder) =
                        stored_in_txn(&txn, case)?.ok_or_else(|| Error::not_found("case", case))?;
                    (state.version, holder)
                }
            };
            if added > 0 {
                self.write_changes(&txn, &changes)?;
                self.commit_unlogged(txn)?;
            }
            Ok(CaseImport {
                case,
                added,
                version,
                holder: StoreId::from_u128(holder.unwrap_or(me)),
            })
        };
        catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|p| Err(caught(p)))
    }

    /// One new event of a case file, checked and applied to `changes`.
    fn bring(
        &self,
        txn: &redb::WriteTransaction,
        changes: &mut Changes,
        f: &FiledEvent,
    ) -> Result<()> {
        let me = self.store_id();
        let e = &f.event;
        let origin = f.origin.as_u128();
        if origin == me {
            return Err(Error::invalid(
                "origin",
                format!(
                    "the event claims to be written by this store ({}), which has no such event",
                    f.origin
                ),
            ));
        }
        let touched = changes.load(e.case, |id| stored_in_txn(txn, id))?;
        // Who held the case when the event was written: the holder so far, or, for the
        // request, the store that wrote it.
        let holder = match &touched {
            Some(t) => t.holder.unwrap_or(me),
            None => origin,
        };
        if origin != holder {
            return Err(Error::invalid(
                "origin",
                format!(
                    "written by store {}, which did not write the case then (store {} did)",
                    f.origin,
                    StoreId::from_u128(holder)
                ),
            ));
        }
        let decided = decide(
            touched.as_ref().map(|t| &t.state),
            e.case,
            e.actor,
            e.at,
            e.command.clone(),
        )?;
        let rules = e.rules;
        if decided != (Event { rules, ..e.clone() }) || rules > kring_domain::RULES {
            return Err(Error::invalid(
                "event",
                "the event is not what its command, made by its actor at its time, gives",
            ));
        }
        let hand_over = match &e.command {
            Command::HandOver { to, .. } => Some(to.as_u128()),
            _ => None,
        };
        let t = match touched {
            Some(t) => {
                t.state.apply(e);
                t
            }
            None => changes
                .open(e, Some(origin))
                .ok_or_else(|| Error::invalid("event", "the first event does not open a case"))?,
        };
        if let Some(to) = hand_over {
            t.holder = (to != me).then_some(to);
            t.holder_changed = true;
        }
        let seq = changes.next_seq;
        changes.next_seq += 1;
        changes
            .events
            .push((seq, e.case, e.version, codec::encode(e)?));
        changes.origins.push((e.case, e.version, origin, f.seq));
        Ok(())
    }
}

/// What a case file must be before any event is looked at: full, not empty, every event of
/// its case, versions 1, 2, 3, … in order.
fn shape(file: &CaseFile) -> Result<()> {
    if file.kring_case_file > CASE_FILE_VERSION {
        return Err(Error::invalid(
            "case file",
            format!(
                "version {} is newer than this kring reads ({CASE_FILE_VERSION}): upgrade kring",
                file.kring_case_file
            ),
        ));
    }
    if file.events.is_empty() {
        return Err(Error::invalid("case file", "it holds no event"));
    }
    for (i, f) in file.events.iter().enumerate() {
        if f.event.case != file.case {
            return Err(Error::invalid(
                "case file",
                format!("event {} is of another case ({})", i + 1, f.event.case),
            ));
        }
        if f.event.version != i as u64 + 1 {
            return Err(Error::invalid(
                "case file",
                format!(
                    "the event at position {} has version {}: the events are not in order, or one is missing",
                    i + 1,
                    f.event.version
                ),
            ));
        }
    }
    Ok(())
}
