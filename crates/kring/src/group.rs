//! Group commit: commands that [`Store::execute`] receives from several threads at once share
//! one write transaction and one sync.
//!
//! Each caller queues its command and waits. The first caller that finds no commit under way
//! becomes the leader: it takes every queued command, executes them one after the other in one
//! transaction, commits it once, and hands each caller its own result. A command the domain
//! refuses is refused alone (it changed nothing, so the others go on); a command that fails
//! otherwise (a panic, an error reading its case) is answered with that failure and the
//! others are executed again without it, in a new transaction. If the commit itself fails,
//! every command of the group is answered with the failure: none of them was acknowledged.
//! A caller returns only once its command is committed (with the store's durability) or
//! refused: every acknowledged command is as durable as one committed on its own.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use kring_domain::{Actor, CaseId, Command, Event};

use crate::error::{Error, Result};
use crate::store::{At, Store, caught};

/// One queued command and the ticket its caller waits on.
struct Pending {
    ticket: u64,
    case: CaseId,
    actor: Actor,
    at: At,
    command: Command,
    /// The version the caller expects the case to be at.
    expected: Option<u64>,
}

#[derive(Default)]
struct State {
    queue: Vec<Pending>,
    /// Whether a leader is committing a group now.
    committing: bool,
    next_ticket: u64,
    results: HashMap<u64, Result<Event>>,
    /// How many commands the last group held.
    last_group: usize,
}

/// The queue of a store's group commit.
#[derive(Default)]
pub(crate) struct Group {
    state: Mutex<State>,
    done: Condvar,
    /// Signalled when a command is queued, for a leader gathering its group.
    arrived: Condvar,
}

/// How long a leader waits for the writers of the last group to queue their next commands.
/// Only when the last group held several commands: a single writer never waits.
const GATHER: Duration = Duration::from_micros(100);

impl Group {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Store {
    /// Queues one command for the next group commit and waits for its result.
    pub(crate) fn execute_in_group(
        &self,
        case: CaseId,
        actor: Actor,
        at: At,
        command: Command,
        expected: Option<u64>,
    ) -> Result<Event> {
        let group = &self.group;
        let mut state = group.lock();
        let ticket = state.next_ticket;
        state.next_ticket += 1;
        state.queue.push(Pending {
            ticket,
            case,
            actor,
            at,
            command,
            expected,
        });
        group.arrived.notify_one();
        loop {
            if let Some(result) = state.results.remove(&ticket) {
                return result;
            }
            if !state.committing {
                state.committing = true;
                // The writers of the last group come back one by one as their answers reach
                // them: wait a moment for them, so that they share this group's sync rather
                // than each making one.
                let deadline = Instant::now() + GATHER;
                while state.queue.len() < state.last_group {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        break;
                    }
                    state = group
                        .arrived
                        .wait_timeout(state, left)
                        .unwrap_or_else(|p| p.into_inner())
                        .0;
                }
                let batch = std::mem::take(&mut state.queue);
                state.last_group = batch.len();
                drop(state);
                let results = self.commit_group(batch);
                state = group.lock();
                state.committing = false;
                state.results.extend(results);
                group.done.notify_all();
                continue;
            }
            state = group.done.wait(state).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Executes `batch` in one transaction and commits it; returns every command's result.
    fn commit_group(&self, mut batch: Vec<Pending>) -> Vec<(u64, Result<Event>)> {
        let mut out = Vec::with_capacity(batch.len());
        while !batch.is_empty() {
            let mut results = Vec::with_capacity(batch.len());
            let mut failed: Option<(usize, Error)> = None;
            let committed = self.transaction(|tx| {
                for (i, p) in batch.iter().enumerate() {
                    let run = || match p.expected {
                        Some(v) => {
                            tx.execute_at_version(p.case, v, p.actor, p.at, p.command.clone())
                        }
                        None => tx.execute(p.case, p.actor, p.at, p.command.clone()),
                    };
                    match catch_unwind(AssertUnwindSafe(run)) {
                        Ok(Ok(event)) => results.push((p.ticket, Ok(event))),
                        // A refusal changed nothing in the transaction.
                        Ok(Err(refused @ (Error::Domain(_) | Error::Conflict { .. }))) => {
                            results.push((p.ticket, Err(refused)))
                        }
                        Ok(Err(e)) => {
                            failed = Some((i, e));
                            return Err(Error::Internal("the group was abandoned".into()));
                        }
                        Err(p) => {
                            failed = Some((i, caught(p)));
                            return Err(Error::Internal("the group was abandoned".into()));
                        }
                    }
                }
                Ok(())
            });
            match (committed, failed) {
                (Ok(()), _) => {
                    out.extend(results);
                    break;
                }
                // One command failed: answer it, and run the others again without it.
                (Err(_), Some((i, e))) => {
                    out.push((batch.remove(i).ticket, Err(e)));
                }
                // The commit failed: no command of the group was acknowledged.
                (Err(e), None) => {
                    out.extend(batch.drain(..).map(|p| (p.ticket, Err(e.clone()))));
                }
            }
        }
        out
    }
}
