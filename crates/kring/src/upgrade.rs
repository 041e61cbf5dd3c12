//! Upgrading a store of an older format to the current one: never silently (a write to an
//! older store is refused with `upgrade_required`), only when asked for.

use std::panic::{AssertUnwindSafe, catch_unwind};

use kring_domain::{Case, Event};
use redb::{ReadableDatabase, ReadableTable, ReadableTableMetadata};
use serde::{Deserialize, Serialize};

use crate::codec;
use crate::error::Result;
use crate::store::{Beside, Store, caught};
use crate::tables::{CASE_EVENTS, CASES, EVENTS, FEED, HISTORY, history_value};

/// How far an upgrade has come: values converted so far, of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpgradeProgress {
    pub done: u64,
    pub total: u64,
}

/// What [`Store::upgrade`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpgradeReport {
    /// The format the store had.
    pub from: u16,
    /// The format it has now.
    pub to: u16,
    /// Events and case states written again in the current format.
    pub events: u64,
    pub cases: u64,
}

/// How often an upgrade reports its progress, in values.
const PROGRESS_EVERY: u64 = 1000;

impl Store {
    /// Converts a store of an older format to the current one, in one transaction: every
    /// event and every case state is read as its format wrote it and written again in the
    /// current one (events into format 4's tables, keyed by case; each case with its summary
    /// its figures and its research rows beside it), and the store then records
    /// the current format. Either all of it is
    /// committed or nothing is (an error, a panic, a crash). Reports its progress to
    /// `progress`, every thousand values and once all are converted, before the commit;
    /// when `progress` returns an error, the upgrade stops there, commits nothing and
    /// returns that error. A store of the current format is left as it is.
    ///
    /// An older kring cannot open the store afterwards: make a backup first
    /// ([`Store::backup`]; `kring upgrade STORE` does).
    pub fn upgrade(
        &self,
        mut progress: impl FnMut(UpgradeProgress) -> Result<()>,
    ) -> Result<UpgradeReport> {
        let from = self.format_version();
        let mut report = UpgradeReport {
            from,
            to: codec::FORMAT_VERSION,
            events: 0,
            cases: 0,
        };
        if from == codec::FORMAT_VERSION {
            return Ok(report);
        }
        let run = || -> Result<UpgradeReport> {
            // The write transaction first: the snapshot read next is the state it starts from.
            let txn = self.db.begin_write()?;
            let read = self.db.begin_read()?;
            let events = if from < 4 {
                read.open_table(EVENTS)?.len()?
            } else {
                0
            };
            let total = events + read.open_table(CASES)?.len()?;
            let mut done = 0;
            let mut step = |done: u64| -> Result<()> {
                if done % PROGRESS_EVERY == 0 {
                    progress(UpgradeProgress { done, total })?;
                }
                Ok(())
            };
            // Format 4 keeps each event under (case, version) with its sequence number, and
            // the sequence in `feed`; the tables of formats 1 to 3 go. Events of format 4
            // stay as they were written: no event grew since.
            if from < 4 {
                let src = read.open_table(EVENTS)?;
                let mut history = txn.open_table(HISTORY)?;
                let mut feed = txn.open_table(FEED)?;
                for entry in src.iter()? {
                    let (k, v) = entry?;
                    let seq = k.value();
                    let event: Event = codec::decode(v.value())?;
                    let key = (event.case.as_u128(), event.version);
                    history.insert(key, history_value(seq, &codec::encode(&event)?).as_slice())?;
                    feed.insert(seq, key)?;
                    report.events += 1;
                    done += 1;
                    step(done)?;
                }
            }
            if from < 4 {
                txn.delete_table(EVENTS)?;
                txn.delete_table(CASE_EVENTS)?;
            }
            // Every case state read as its format wrote it and written again, with the
            // summary format 4 keeps beside it, the figures format 7 keeps and the research
            // rows format 8 keeps.
            {
                let src = read.open_table(CASES)?;
                let mut cases = txn.open_table(CASES)?;
                let mut beside = Beside::open(&txn)?;
                for entry in src.iter()? {
                    let (k, v) = entry?;
                    let case: Case = codec::decode(v.value())?;
                    cases.insert(k.value(), codec::encode(&case)?.as_slice())?;
                    beside.write(k.value(), &case)?;
                    report.cases += 1;
                    done += 1;
                    step(done)?;
                }
            }
            self.set_format(&txn)?;
            progress(UpgradeProgress { done, total })?;
            txn.commit()?;
            self.note_format(codec::FORMAT_VERSION);
            self.after_upgrade()?;
            Ok(report)
        };
        catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|p| Err(caught(p)))
    }
}

impl crate::SharedStore {
    /// [`Store::upgrade`], then a compaction, with the store to itself (it waits for the
    /// calls in flight, and the next wait for it). Every value was written again, copy on
    /// write, so the pages of the old ones are free space inside the file, which compacting
    /// gives back (a store of 100,000 cases: 4,097 MiB after the upgrade, 2,400 MiB
    /// compacted). When the compaction cannot run, the upgrade stands and the space is
    /// reused by later writes. A store of the current format is left as it is.
    pub fn upgrade(
        &self,
        progress: impl FnMut(UpgradeProgress) -> Result<()>,
    ) -> Result<UpgradeReport> {
        self.with_mut(|store| {
            let report = store.upgrade(progress)?;
            if report.from != report.to {
                let _ = store.compact();
            }
            Ok(report)
        })
    }
}
