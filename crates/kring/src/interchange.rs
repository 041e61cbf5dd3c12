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

use kring_domain::erasure::Eraser;
use kring_domain::{Actor, Case, CaseId, CaseView, Command, Event, PersonId, StoreId, decide};
use redb::{ReadableDatabase, ReadableTable};
use serde::{Deserialize, Serialize};

use crate::codec;
use crate::erase::write_erased;
use crate::error::{Error, Result};
use crate::read::{history_in, open_if_there};
use crate::store::{Changes, Store, caught, next_seq, stored_in_txn};
use crate::tables::{CASES, CURSORS, FEED, HISTORY, HOLDERS, ORIGINS, split_history};

/// The version of the case file this build writes, and the newest it reads.
pub const CASE_FILE_VERSION: u32 = 1;
/// The version of the feed entry this build writes, and the newest it reads.
pub const FEED_VERSION: u32 = 1;

/// One entry of a store's change feed, as another store follows it (`kring feed`, one JSON
/// line each): the event, where it stands in the feed of `store`, and where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedEntry {
    /// The version of the feed entry format ([`FEED_VERSION`]).
    pub kring_feed: u32,
    /// The store whose change feed this is.
    pub store: StoreId,
    /// The entry's sequence number in that feed (1, 2, 3, … across all its cases).
    pub seq: u64,
    /// The store that wrote the event (`store` itself, or the store it came from).
    pub origin: StoreId,
    /// The event's sequence number in the feed of its origin.
    pub origin_seq: u64,
    pub event: Event,
}

impl FeedEntry {
    /// The entry as one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a feed entry serialises")
    }

    /// Reads an entry from one line of JSON, refusing an entry of a newer format as such.
    pub fn from_json(text: &str) -> Result<FeedEntry> {
        versioned(text, "feed entry", "kring_feed", FEED_VERSION, |_| Ok(()))
    }
}

/// What [`Store::follow`] did with a batch of another store's feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FollowReport {
    /// The store followed.
    pub store: StoreId,
    /// Events added to this store.
    pub added: u64,
    /// Entries passed over: taken before, already here, or of cases not followed.
    pub skipped: u64,
    /// The sequence number of the last entry of the followed feed taken, now and after
    /// every later call: the next batch starts after it.
    pub cursor: u64,
    /// Erasures taken (`erase_person` events): each person is gone from this store's copy
    /// of the case as from the holder's; compact the store so that the bytes leave the file
    /// ([`Store::compact`]; `kring follow` does).
    pub erasures: u64,
}

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
    /// Everything: the history as the holder keeps it ([`CaseFile`]). The only one that
    /// imports.
    Full,
    /// The case now, as one reader may see it in their role ([`ScopedCaseFile`]).
    Scoped,
    /// The case's research tables under a key: ids as keyed hashes, no names, contact
    /// details or free text, times as weeks (`kring_research::PseudonymisedCaseFile`).
    Pseudonymised,
}

impl Disclosure {
    /// The name the files use.
    pub fn name(self) -> &'static str {
        match self {
            Disclosure::Full => "full",
            Disclosure::Scoped => "scoped",
            Disclosure::Pseudonymised => "pseudonymised",
        }
    }
}

/// A case as one reader may see it, for a party that may not see the whole case (the
/// family's own plan app, a professional's system): the state of the case through the
/// scoped read of the privacy rules ([`Store::case_for`], recorded in the access log), and
/// no history. It does not import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScopedCaseFile {
    /// The version of the case file format ([`CASE_FILE_VERSION`]).
    pub kring_case_file: u32,
    pub case: CaseId,
    /// Always `scoped`.
    pub disclosure: Disclosure,
    /// The store that made the view (the case's holder or a copy).
    pub store: StoreId,
    /// What the reader may see; the reader is in it.
    pub view: CaseView,
}

impl ScopedCaseFile {
    /// The file as one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a case file serialises")
    }

    /// Reads a scoped case file from JSON, checking its version and its disclosure first.
    pub fn from_json(text: &str) -> Result<ScopedCaseFile> {
        versioned(
            text,
            "case file",
            "kring_case_file",
            CASE_FILE_VERSION,
            |v| disclosed(v, Disclosure::Scoped),
        )
    }
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
    /// Erasures taken, as for [`FollowReport::erasures`] (`kring import` compacts).
    pub erasures: u64,
}

impl CaseFile {
    /// The file as one line of JSON (a case file; many of them are JSON Lines).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a case file serialises")
    }

    /// Reads a case file from JSON, checking its version first, so that a file from a newer
    /// kring is refused as such rather than as malformed.
    pub fn from_json(text: &str) -> Result<CaseFile> {
        versioned(
            text,
            "case file",
            "kring_case_file",
            CASE_FILE_VERSION,
            |v| disclosed(v, Disclosure::Full),
        )
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
            let (origin, seq) = origin_of(
                origins.as_ref(),
                case,
                l.event.version,
                self.store_id(),
                l.seq,
            )?;
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

    /// The case file of `case` as `reader` may see it: the state through
    /// [`Store::case_for`] (which checks that the reader holds their role in the case and
    /// records the read in the access log), without the history. For a party outside the
    /// organisation that may see only part of the case.
    pub fn export_case_for(&self, case: CaseId, reader: &Actor) -> Result<ScopedCaseFile> {
        let view = self.case_for(case, reader)?;
        Ok(ScopedCaseFile {
            kring_case_file: CASE_FILE_VERSION,
            case,
            disclosure: Disclosure::Scoped,
            store: self.id(),
            view,
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
            // Each event the store has must be the same event from the same store; each
            // new one is checked and added.
            let mut changes = Changes::new(next_seq(&txn.open_table(FEED)?)?, me);
            erase_before_comparing(&txn, file)?;
            let mut erasures = 0;
            for f in &file.events {
                let added = self
                    .take(&txn, &mut changes, f)
                    .map_err(|e| in_event(&f.event, e))?;
                erasures += u64::from(added && is_erasure(&f.event));
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
                self.commit_taken(txn, erasures)?;
            }
            Ok(CaseImport {
                case,
                added,
                version,
                holder: StoreId::from_u128(holder.unwrap_or(me)),
                erasures,
            })
        };
        catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|p| Err(caught(p)))
    }

    /// The change feed from sequence number `after` on, at most `limit` entries, as another
    /// store follows it: each event with its place in this store's feed and its origin.
    pub fn feed(&self, after: u64, limit: usize) -> Result<Vec<FeedEntry>> {
        let logged = self.events_since(after, limit)?;
        let r = self.db.begin_read()?;
        let origins = open_if_there(&r, ORIGINS)?;
        let me = self.id();
        let mut out = Vec::with_capacity(logged.len());
        for l in logged {
            let (origin, origin_seq) = origin_of(
                origins.as_ref(),
                l.event.case,
                l.event.version,
                me.as_u128(),
                l.seq,
            )?;
            out.push(FeedEntry {
                kring_feed: FEED_VERSION,
                store: me,
                seq: l.seq,
                origin: StoreId::from_u128(origin),
                origin_seq,
                event: l.event,
            });
        }
        Ok(out)
    }

    /// Where following `store` stands: the sequence number of the last entry of its feed
    /// taken (0 before the first).
    pub fn cursor(&self, store: StoreId) -> Result<u64> {
        let r = self.db.begin_read()?;
        Ok(match open_if_there(&r, CURSORS)? {
            Some(c) => c.get(store.as_u128())?.map_or(0, |v| v.value()),
            None => 0,
        })
    }

    /// Takes a batch of another store's change feed ([`Store::feed`], `kring feed`), in
    /// order, all of it or none: the events of the cases followed (`cases`, or every case)
    /// are checked and added as an import adds them, and the cursor of the followed store
    /// moves to the last entry, in the same transaction. Entries at or before the cursor are
    /// passed over, so that a batch taken twice, or again after a crash at any point, changes
    /// nothing twice. A case followed from its middle must first be imported from its case
    /// file.
    pub fn follow(
        &self,
        entries: &[FeedEntry],
        cases: Option<&std::collections::HashSet<CaseId>>,
    ) -> Result<FollowReport> {
        self.writable()?;
        let Some(first) = entries.first() else {
            return Err(Error::invalid("feed", "the batch holds no entry"));
        };
        let store = first.store;
        if store == self.id() {
            return Err(Error::invalid("feed", "a store does not follow itself"));
        }
        let run = || -> Result<FollowReport> {
            let txn = self.db.begin_write()?;
            let mut cursor = txn
                .open_table(CURSORS)?
                .get(store.as_u128())?
                .map_or(0, |v| v.value());
            let (mut skipped, mut last, mut erasures) = (0, 0, 0);
            let mut changes = Changes::new(next_seq(&txn.open_table(FEED)?)?, self.store_id());
            // The batch's shape first, before any event is looked at.
            for (i, entry) in entries.iter().enumerate() {
                if entry.kring_feed > FEED_VERSION {
                    return Err(newer("feed entry", entry.kring_feed.into(), FEED_VERSION));
                }
                if entry.store != store {
                    return Err(Error::invalid(
                        "feed",
                        format!(
                            "entry {} is from the feed of another store ({})",
                            i + 1,
                            entry.store
                        ),
                    ));
                }
                if entry.seq <= last {
                    return Err(Error::invalid(
                        "feed",
                        format!("entry {} (seq {}) is out of order", i + 1, entry.seq),
                    ));
                }
                last = entry.seq;
            }
            for entry in entries {
                let wanted = cases.is_none_or(|c| c.contains(&entry.event.case));
                if entry.seq <= cursor || !wanted {
                    skipped += 1;
                    continue;
                }
                let filed = FiledEvent {
                    origin: entry.origin,
                    seq: entry.origin_seq,
                    event: entry.event.clone(),
                };
                let added = self
                    .take(&txn, &mut changes, &filed)
                    .map_err(|e| in_event(&entry.event, e))?;
                if !added {
                    skipped += 1;
                }
                erasures += u64::from(added && is_erasure(&entry.event));
            }
            cursor = cursor.max(last);
            txn.open_table(CURSORS)?.insert(store.as_u128(), cursor)?;
            let added = changes.events.len() as u64;
            self.write_changes(&txn, &changes)?;
            self.commit_taken(txn, erasures)?;
            Ok(FollowReport {
                store,
                added,
                skipped,
                cursor,
                erasures,
            })
        };
        catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|p| Err(caught(p)))
    }

    /// One event from another store: already here (the same event from the same store:
    /// `false`), the next of its case (checked and added: `true`), or refused.
    fn take(
        &self,
        txn: &redb::WriteTransaction,
        changes: &mut Changes,
        f: &FiledEvent,
    ) -> Result<bool> {
        let e = &f.event;
        let have = changes
            .load(e.case, |id| stored_in_txn(txn, id))?
            .map_or(0, |t| t.state.version);
        if e.version > have + 1 {
            return Err(Error::invalid(
                "event",
                format!("the store has the case up to version {have}: import the case file first"),
            ));
        }
        if e.version <= have {
            let (origin, seq, ours) = self.stored_event(txn, changes, e.case, e.version)?;
            if (origin, seq) != (f.origin.as_u128(), f.seq) || ours != *e {
                return Err(Error::Diverged {
                    case: e.case.to_string(),
                    version: e.version,
                    ours: format!("{}#{seq}", StoreId::from_u128(origin)),
                    theirs: format!("{}#{}", f.origin, f.seq),
                });
            }
            return Ok(false);
        }
        self.bring(txn, changes, f)?;
        Ok(true)
    }

    /// An event this store has (committed, or added by `changes`), with its origin and its
    /// sequence number there.
    fn stored_event(
        &self,
        txn: &redb::WriteTransaction,
        changes: &Changes,
        case: CaseId,
        version: u64,
    ) -> Result<(u128, u64, Event)> {
        if let Some(i) = changes
            .events
            .iter()
            .position(|e| e.1 == case && e.2 == version)
        {
            let (_, _, origin, seq) = changes
                .origins
                .iter()
                .find(|o| o.0 == case && o.1 == version)
                .copied()
                .unwrap_or((case, version, self.store_id(), changes.events[i].0));
            return Ok((origin, seq, codec::decode(&changes.events[i].3)?));
        }
        let history = txn.open_table(HISTORY)?;
        let value = history.get((case.as_u128(), version))?.ok_or_else(|| {
            Error::Corrupted(format!("event {version} of case {case} is missing"))
        })?;
        let (local, envelope) = split_history(value.value())?;
        let event = codec::decode(envelope)?;
        let origins = txn.open_table(ORIGINS)?;
        let (origin, seq) = origin_of(Some(&origins), case, version, self.store_id(), local)?;
        Ok((origin, seq, event))
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
        if let Command::ErasePerson { person, .. } = &e.command {
            take_erasure(txn, changes, e.case, *person)?;
        }
        Ok(())
    }

    /// Commits what an import or a batch of a feed took: as any import, or, when it took an
    /// erasure, with the log zeroed afterwards, as [`Store::erase_person`] commits.
    fn commit_taken(&self, txn: redb::WriteTransaction, erasures: u64) -> Result<()> {
        if erasures > 0 {
            self.commit_wiping(txn)
        } else {
            self.commit_unlogged(txn)
        }
    }
}

fn is_erasure(event: &Event) -> bool {
    matches!(event.command, Command::ErasePerson { .. })
}

/// An erasure the holder made, taken by a copy (its tombstone, the last event of `case` in
/// `changes`): every event of the case this store has, committed or added by `changes`, is
/// written again without the person, as the holder wrote its own ([`crate::Store::erase_person`]),
/// and the case is folded again from them. The eraser is made from the same events the
/// holder made it from, so the copy's history is the holder's, byte for byte.
fn take_erasure(
    txn: &redb::WriteTransaction,
    changes: &mut Changes,
    case: CaseId,
    person: PersonId,
) -> Result<()> {
    let mut history = txn.open_table(HISTORY)?;
    let stored = history_in(&history, case, u64::MAX)?;
    let pending: Vec<usize> = (0..changes.events.len())
        .filter(|&i| changes.events[i].1 == case)
        .collect();
    let mut events: Vec<Event> = stored.iter().map(|l| l.event.clone()).collect();
    for &i in &pending {
        events.push(codec::decode(&changes.events[i].3)?);
    }
    let eraser = Eraser::from_events(person, &events);
    let mut erased = write_erased(&mut history, case, &stored, &eraser)?;
    for &i in &pending {
        let e = eraser.erase_event(&codec::decode(&changes.events[i].3)?)?;
        changes.events[i].3 = codec::encode(&e)?;
        erased.push(e);
    }
    let state = Case::replay(&erased)
        .ok_or_else(|| Error::Corrupted(format!("the history of case {case} does not replay")))?;
    let touched = changes
        .load(case, |_| Ok(None))?
        .expect("the tombstone touched the case");
    touched.state = state;
    Ok(())
}

/// Before a case file's events are compared with the store's: for each erasure in the file
/// that this store has not taken yet, the store's events of the case are written again
/// without the person first. The holder wrote its whole history again when it erased, so
/// the file's earlier events are the erased ones; compared with the store's as they were,
/// they would read as a forked history. The eraser is made from the store's events and the
/// file's up to the erasure, the history the holder made it from. (Writing again what the
/// erasure then reaches changes nothing: it is idempotent.)
fn erase_before_comparing(txn: &redb::WriteTransaction, file: &CaseFile) -> Result<()> {
    let Some((state, _)) = stored_in_txn(txn, file.case)? else {
        return Ok(());
    };
    let have = state.version;
    let mut history = txn.open_table(HISTORY)?;
    for (i, f) in file.events.iter().enumerate().skip(have as usize) {
        let Command::ErasePerson { person, .. } = &f.event.command else {
            continue;
        };
        let stored = history_in(&history, file.case, have)?;
        let mut known: Vec<Event> = stored.iter().map(|l| l.event.clone()).collect();
        known.extend(
            file.events[have as usize..=i]
                .iter()
                .map(|f| f.event.clone()),
        );
        write_erased(
            &mut history,
            file.case,
            &stored,
            &Eraser::from_events(*person, &known),
        )?;
    }
    Ok(())
}

/// A value of a versioned interchange format (`what`, whose version is under `key`) read from
/// JSON: its version is checked first, so that a value from a newer kring is refused as such
/// rather than as malformed.
/// `check` looks at the value once its version is known to be read, before it is decoded.
fn versioned<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &str,
    key: &str,
    supported: u32,
    check: impl FnOnce(&serde_json::Value) -> Result<()>,
) -> Result<T> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| Error::invalid(what, format!("not JSON: {e}")))?;
    match value.get(key).and_then(|v| v.as_u64()) {
        Some(v) if v > u64::from(supported) => Err(newer(what, v, supported)),
        Some(_) => {
            check(&value)?;
            serde_json::from_value(value).map_err(|e| Error::invalid(what, e.to_string()))
        }
        None => Err(Error::invalid(
            what,
            format!("not a kring {what} (no `{key}` version)"),
        )),
    }
}

/// Checks that a case file (as JSON) discloses as `wanted`, so that a scoped or pseudonymised
/// file given to an import is refused as what it is, not as malformed.
fn disclosed(file: &serde_json::Value, wanted: Disclosure) -> Result<()> {
    let found = file.get("disclosure").and_then(|d| d.as_str());
    match found {
        Some(d) if d == wanted.name() => Ok(()),
        Some(d @ ("full" | "scoped" | "pseudonymised")) => Err(Error::invalid(
            "case file",
            match wanted {
                Disclosure::Full => {
                    format!("it discloses `{d}`, not the whole case: only a full case file imports")
                }
                _ => format!("it discloses `{d}`, not `{}`", wanted.name()),
            },
        )),
        Some(d) => Err(Error::invalid(
            "case file",
            format!("unknown disclosure `{d}`"),
        )),
        None => Err(Error::invalid("case file", "it names no disclosure")),
    }
}

/// A value of a newer version of an interchange format than this build reads.
fn newer(what: &str, found: u64, supported: u32) -> Error {
    Error::invalid(
        what,
        format!("version {found} is newer than this kring reads ({supported}): upgrade kring"),
    )
}

/// Where event `version` of `case` was written: its origin store and sequence number there
/// ([`ORIGINS`]), or, for an event this store wrote, this store (`me`) and its sequence number
/// here (`local`).
fn origin_of(
    origins: Option<&impl ReadableTable<(u128, u64), (u128, u64)>>,
    case: CaseId,
    version: u64,
    me: u128,
    local: u64,
) -> Result<(u128, u64)> {
    let found = match origins {
        Some(o) => o.get((case.as_u128(), version))?.map(|v| v.value()),
        None => None,
    };
    Ok(found.unwrap_or((me, local)))
}

/// An error of one event of a case file or a feed, naming the event.
fn in_event(event: &Event, e: Error) -> Error {
    Error::InEvent {
        case: event.case.to_string(),
        version: event.version,
        command: event.command.name(),
        source: Box::new(e),
    }
}

/// What a case file must be before any event is looked at: full, not empty, every event of
/// its case, versions 1, 2, 3, … in order.
fn shape(file: &CaseFile) -> Result<()> {
    if file.kring_case_file > CASE_FILE_VERSION {
        return Err(newer(
            "case file",
            file.kring_case_file.into(),
            CASE_FILE_VERSION,
        ));
    }
    if file.disclosure != Disclosure::Full {
        return Err(Error::invalid(
            "case file",
            format!(
                "it discloses `{}`, not the whole case: only a full case file imports",
                file.disclosure.name()
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
