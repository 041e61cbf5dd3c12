//! The access log (format 5): who read which case through a scoped read, and who made which
//! command, when, and what. Kept in the store, beside the history, in two tables keyed so
//! that the log of one case and the log of one person are each one range of keys.
//!
//! A command's entry is written in the transaction that commits the command, so it is as
//! durable as the command. A read's entry waits in memory and is written with the next
//! transaction of any kind: the next command, a checkpoint, closing the store, a query of the
//! log, a backup, or, every [`READS_BUFFERED`] reads, a transaction of its own without a sync.
//! A read recorded after the last of those may be lost in a crash; a command never is.
//!
//! The log names ids, roles, times and command names: no names, contact details or free
//! text. Research tables and exports leave it out.

use chrono::{DateTime, Utc};
use kring_domain::{Actor, CaseId, CaseView, PersonId};
use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

use crate::codec;
use crate::error::Result;
use crate::store::Store;
use crate::tables::META;

/// `access` (format 5): (case, entry number) → envelope(AccessEntry).
pub const ACCESS: TableDefinition<(u128, u64), &[u8]> = TableDefinition::new("access");
/// `access_by_person` (format 5): (person, entry number) → case. The same entries, by who.
pub const ACCESS_BY_PERSON: TableDefinition<(u128, u64), u128> =
    TableDefinition::new("access_by_person");
/// Meta key: the number the next entry of the access log gets.
const META_ACCESS_NEXT: &str = "access_next";

/// How many reads wait in memory before they are written on their own.
pub const READS_BUFFERED: usize = 4096;

/// What an entry of the access log says was done.
pub const READ_VIEW: &str = "case_for";

/// One entry of the access log: who did what to which case, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AccessEntry {
    pub case: CaseId,
    /// Who, in which role (and for whom, as a representative).
    pub actor: Actor,
    #[serde(with = "kring_domain::wire::Time")]
    pub at: DateTime<Utc>,
    /// `case_for` for a scoped read (the view is the one `actor.role` gets); otherwise the
    /// name of the command.
    pub what: String,
    /// A command's event in the change feed (its sequence number); none for a read.
    pub seq: Option<u64>,
}

impl AccessEntry {
    /// The entry of an accepted command.
    pub(crate) fn command(event: &kring_domain::Event, seq: u64) -> Self {
        AccessEntry {
            case: event.case,
            actor: event.actor,
            at: event.at,
            what: event.command.name().to_string(),
            seq: Some(seq),
        }
    }
}

/// Writes `entries` and the reads waiting in `store` into `txn`, numbered on from the last.
pub(crate) fn write(
    store: &Store,
    txn: &redb::WriteTransaction,
    entries: &[AccessEntry],
) -> Result<()> {
    let reads = std::mem::take(&mut *store.reads.lock().unwrap_or_else(|p| p.into_inner()));
    if entries.is_empty() && reads.is_empty() {
        return Ok(());
    }
    let mut meta = txn.open_table(META)?;
    let mut n = match meta.get(META_ACCESS_NEXT)? {
        Some(v) => u64::from_le_bytes(v.value().try_into().map_err(|_| {
            crate::Error::Corrupted("the access log's next number is not 8 bytes".into())
        })?),
        None => 0,
    };
    // Numbered in the order given, then written to each table in the order of its keys.
    let mut rows = Vec::with_capacity(entries.len() + reads.len());
    for e in entries.iter().chain(&reads) {
        rows.push((
            e.case.as_u128(),
            n,
            e.actor.person.as_u128(),
            codec::encode(e)?,
        ));
        n += 1;
    }
    meta.insert(META_ACCESS_NEXT, n.to_le_bytes().as_slice())?;
    let mut by_case = txn.open_table(ACCESS)?;
    rows.sort_unstable_by_key(|r| (r.0, r.1));
    for (case, n, _, bytes) in &rows {
        by_case.insert((*case, *n), bytes.as_slice())?;
    }
    let mut by_person = txn.open_table(ACCESS_BY_PERSON)?;
    rows.sort_unstable_by_key(|r| (r.2, r.1));
    for (case, n, person, _) in &rows {
        by_person.insert((*person, *n), *case)?;
    }
    Ok(())
}

impl Store {
    /// Records a scoped read ([`Store::case_for`]) in the access log: in memory, and written
    /// once [`READS_BUFFERED`] reads wait.
    pub(crate) fn record_read(&self, view: &CaseView) -> Result<()> {
        let full = {
            let mut reads = self.reads.lock().unwrap_or_else(|p| p.into_inner());
            reads.push(AccessEntry {
                case: view.id,
                actor: view.reader,
                at: Utc::now(),
                what: READ_VIEW.to_string(),
                seq: None,
            });
            reads.len() >= READS_BUFFERED
        };
        if full {
            self.flush_reads()?;
        }
        Ok(())
    }

    /// Writes the reads waiting in memory, in a transaction of their own without a sync (the
    /// next sync makes them durable). Nothing waiting, nothing written.
    pub(crate) fn flush_reads(&self) -> Result<()> {
        if self
            .reads
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_empty()
        {
            return Ok(());
        }
        let mut txn = self.db.begin_write()?;
        txn.set_durability(redb::Durability::None)?;
        write(self, &txn, &[])?;
        txn.commit()?;
        self.note_unsynced();
        Ok(())
    }

    /// The access log of one case, oldest first: every scoped read and every command since
    /// the store had format 5.
    pub fn access_log(&self, case: CaseId) -> Result<Vec<AccessEntry>> {
        self.writable()?;
        self.flush_reads()?;
        let r = self.db.begin_read()?;
        let Ok(table) = r.open_table(ACCESS) else {
            return Ok(Vec::new());
        };
        let id = case.as_u128();
        table
            .range((id, 0)..=(id, u64::MAX))?
            .map(|e| codec::decode(e?.1.value()))
            .collect()
    }

    /// The access log of `case` or of `person`, whichever is named: exactly one of them, or
    /// `invalid_input`. What the bindings and `kring access-log` call.
    pub fn access_log_for(
        &self,
        case: Option<CaseId>,
        person: Option<PersonId>,
    ) -> Result<Vec<AccessEntry>> {
        match (case, person) {
            (Some(case), None) => self.access_log(case),
            (None, Some(person)) => self.access_log_of(person),
            _ => Err(crate::Error::invalid(
                "access_log",
                "name a case or a person, one of them",
            )),
        }
    }

    /// The access log of one person: every scoped read they made and every command, oldest
    /// first.
    pub fn access_log_of(&self, person: PersonId) -> Result<Vec<AccessEntry>> {
        self.writable()?;
        self.flush_reads()?;
        let r = self.db.begin_read()?;
        let (Ok(by_person), Ok(by_case)) = (r.open_table(ACCESS_BY_PERSON), r.open_table(ACCESS))
        else {
            return Ok(Vec::new());
        };
        let id = person.as_u128();
        by_person
            .range((id, 0)..=(id, u64::MAX))?
            .map(|e| {
                let (k, case) = e?;
                let bytes = by_case.get((case.value(), k.value().1))?.ok_or_else(|| {
                    crate::Error::Corrupted("an access entry has no record by case".into())
                })?;
                codec::decode(bytes.value())
            })
            .collect()
    }
}
