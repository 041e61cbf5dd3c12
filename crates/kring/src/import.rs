//! Bulk import: many commands, each checked against its case as it comes, written to the
//! store in sorted runs on a second thread, and committed once. Checking the commands and
//! writing the trees overlap, so an import keeps both of a machine's cores busy, and each
//! run's rows go into the trees in key order.

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use kring_domain::{Actor, CaseId, Command};
use redb::ReadableDatabase;

use crate::error::{Error, Result};
use crate::store::{At, Changes, Store, Stored, caught, next_seq, stored_in, stored_in_txn};
use crate::tables::{CASES, FEED, HOLDERS};

/// How many bytes of encoded events a run holds before it goes to the writer, unless the
/// store was opened with another [`crate::StoreBuilder::import_run`]. A few runs at most
/// are in memory at once (one being checked, one queued, one being written), plus the
/// states of the cases they touched.
pub(crate) const RUN_BYTES: usize = 4 << 20;

/// What a finished import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportReport {
    /// Commands accepted and committed.
    pub commands: u64,
    /// Distinct cases they changed or opened.
    pub cases: u64,
    /// The sequence numbers of the first and last event written (both 0 for no command).
    pub first_seq: u64,
    pub last_seq: u64,
}

/// Work for the writer thread, in order.
enum Job {
    /// A run of checked changes to write.
    Run(Changes),
    /// The state of a case an earlier run wrote (the checker needs it again).
    Load(CaseId, SyncSender<Result<Stored>>),
    /// Every run is written: commit.
    Commit,
}

impl Store {
    /// Imports many commands at once, as a migration from another system does: each
    /// command, made by its actor at its time ([`At::Now`] or a moment), is checked against
    /// its case as the commands before it left it, and either every command is committed,
    /// with one sync at the end, or (at the first refused command, which is returned) none
    /// is.
    ///
    /// Faster than transactions of a thousand commands: checking commands and writing the
    /// store's trees run on two threads, and the rows of each run (about 4 MiB of events,
    /// [`crate::StoreBuilder::import_run`]) go into each tree in key order. The store takes
    /// no other write until the import ends; readers go on, and see none of it until then.
    /// Memory stays bounded: a few runs, and the ids of the cases already imported.
    pub fn import<T: Into<At>>(
        &self,
        commands: impl IntoIterator<Item = (CaseId, Actor, T, Command)>,
    ) -> Result<ImportReport> {
        self.writable()?;
        let run = || {
            std::thread::scope(|scope| {
                let (jobs, queue) = sync_channel::<Job>(1);
                let (begun, started) = sync_channel::<Result<()>>(1);
                let (spent, written) = channel::<Changes>();
                let writer = scope.spawn(move || self.write_runs(queue, begun, spent));
                let checked = match started.recv() {
                    Ok(Ok(())) => self.check_runs(commands, &jobs, &written),
                    Ok(Err(e)) => Err(e),
                    Err(_) => Err(Error::Internal("the import's writer stopped".into())),
                };
                if checked.is_ok() {
                    // A writer that stopped is reported by its join below.
                    let _ = jobs.send(Job::Commit);
                }
                // Without a commit job, the writer drops its transaction: nothing is written.
                drop(jobs);
                let written = writer.join().unwrap_or_else(|p| Err(caught(p)));
                match (checked, written) {
                    (Ok(report), Ok(())) => Ok(report),
                    // The checker's error first: a refused command, or a writer that failed.
                    (Err(Error::Internal(_)), Err(e)) => Err(e),
                    (Err(e), _) | (Ok(_), Err(e)) => Err(e),
                }
            })
        };
        catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|p| Err(caught(p)))
    }

    /// The writer: one write transaction, the runs written into it as they come, committed
    /// when the checker says so. Each run written goes back to the checker, whose thread
    /// allocated it, to be freed there: freeing it here would contend with the checker's
    /// allocations.
    fn write_runs(
        &self,
        queue: Receiver<Job>,
        begun: SyncSender<Result<()>>,
        spent: Sender<Changes>,
    ) -> Result<()> {
        let txn = match self.db.begin_write() {
            Ok(txn) => txn,
            Err(e) => {
                let _ = begun.send(Err(e.into()));
                return Ok(());
            }
        };
        let _ = begun.send(Ok(()));
        for job in queue {
            match job {
                Job::Run(run) => {
                    self.write_changes(&txn, &run)?;
                    let _ = spent.send(run);
                }
                Job::Load(id, reply) => {
                    let _ = reply.send(stored_in_txn(&txn, id));
                }
                Job::Commit => return self.commit_unlogged(txn),
            }
        }
        Ok(())
    }

    /// The checker: every command decided against its case, in runs handed to the writer.
    fn check_runs<T: Into<At>>(
        &self,
        commands: impl IntoIterator<Item = (CaseId, Actor, T, Command)>,
        jobs: &SyncSender<Job>,
        written_runs: &Receiver<Changes>,
    ) -> Result<ImportReport> {
        let stopped = || Error::Internal("the import's writer stopped".into());
        // The writer holds the store's write lock: this snapshot is what it writes onto.
        let snapshot = self.db.begin_read()?;
        let cases = snapshot.open_table(CASES)?;
        let mut changes = Changes::new(next_seq(&snapshot.open_table(FEED)?)?, self.store_id());
        // A store that never held a copy of another store's case has no `holders` table.
        let holders = match snapshot.open_table(HOLDERS) {
            Ok(t) => Some(t),
            Err(redb::TableError::TableDoesNotExist(_)) => None,
            Err(e) => return Err(e.into()),
        };
        let first_seq = changes.next_seq;
        // Cases that a run already handed to the writer: their state is read back from it.
        let mut written: HashSet<CaseId> = HashSet::new();
        let mut bytes = 0;
        for (case, actor, at, command) in commands {
            let stored = |id: CaseId| {
                if !written.contains(&id) {
                    return stored_in(&cases, holders.as_ref(), id);
                }
                let (reply, answer) = sync_channel(1);
                jobs.send(Job::Load(id, reply)).map_err(|_| stopped())?;
                answer.recv().map_err(|_| stopped())?
            };
            changes.execute(stored, case, actor, at.into(), command, None)?;
            bytes += changes.events.last().map_or(0, |e| e.3.len());
            if bytes >= self.import_run {
                bytes = 0;
                written.extend(changes.touched.keys().copied());
                let next = Changes::new(changes.next_seq, self.store_id());
                jobs.send(Job::Run(std::mem::replace(&mut changes, next)))
                    .map_err(|_| stopped())?;
                written_runs.try_iter().for_each(drop);
            }
        }
        written.extend(changes.touched.keys().copied());
        let last_seq = changes.next_seq - 1;
        jobs.send(Job::Run(changes)).map_err(|_| stopped())?;
        let commands = last_seq + 1 - first_seq;
        Ok(ImportReport {
            commands,
            cases: written.len() as u64,
            first_seq: if commands == 0 { 0 } else { first_seq },
            last_seq: if commands == 0 { 0 } else { last_seq },
        })
    }
}
