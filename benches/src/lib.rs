//! Shared pieces of the benchmarks: the workload as both engines see it.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use kring::domain::*;
use kring_testkit::{TimedCommand, workload};

/// One command as both engines take it.
pub type Cmd = (CaseId, Actor, DateTime<Utc>, Command);

/// The benchmark workload: `n` generated cases (every tenth left open in follow-up, with an
/// evaluation due), their commands in order, and the final states.
pub struct Workload {
    pub commands: Vec<Cmd>,
    pub states: Vec<Case>,
    /// Cases kept apart for the one-durable-command measurement.
    pub extra: Vec<Cmd>,
}

fn truncate_open(g: &workload::GeneratedCase) -> Vec<TimedCommand> {
    // Everything up to and including the distribution of the plan: the case stays in follow-up.
    match g
        .commands
        .iter()
        .position(|c| matches!(c.command, Command::DistributePlan { .. }))
    {
        Some(i) => g.commands[..=i].to_vec(),
        None => g.commands.clone(),
    }
}

/// Imports `commands` into `store` in transactions of `batch` commands each (each command
/// cloned, as a caller keeping its own copy would).
pub fn import_in_transactions(store: &kring::Store, commands: &[Cmd], batch: usize) {
    for chunk in commands.chunks(batch) {
        store
            .transaction(|tx| {
                for (c, actor, at, cmd) in chunk {
                    tx.execute(*c, *actor, *at, cmd.clone())?;
                }
                Ok(())
            })
            .expect("import");
    }
}

/// The workload's cases one at a time, each with its commands in order, without keeping any
/// in memory (for runs too large to hold: `kring-scale`).
pub fn case_stream(seed: u64, n: u64) -> impl Iterator<Item = (CaseId, Vec<TimedCommand>)> {
    workload::cases(seed, n).enumerate().map(|(i, g)| {
        let steps = if i % 10 == 3 {
            truncate_open(&g)
        } else {
            g.commands
        };
        (g.id, steps)
    })
}

/// The cases kept apart for durable commands, as commands in order.
pub fn extra(seed: u64) -> Vec<Cmd> {
    // Enough for the durable commands and the writers' to pass a checkpoint of the log.
    workload::cases(seed ^ 0xE, 400)
        .flat_map(|g| {
            g.commands
                .into_iter()
                .map(move |s| (g.id, s.actor, s.at, s.command))
        })
        .collect()
}

pub fn workload(seed: u64, n: u64) -> Workload {
    let mut commands = Vec::new();
    let mut states = Vec::with_capacity(n as usize);
    for (id, steps) in case_stream(seed, n) {
        let mut state = None;
        for s in &steps {
            execute(&mut state, id, s.actor, s.at, s.command.clone()).expect("valid workload");
            commands.push((id, s.actor, s.at, s.command.clone()));
        }
        states.push(state.expect("requested"));
    }
    Workload {
        commands,
        states,
        extra: extra(seed),
    }
}

/// The median of some durations.
pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The 99th percentile of some durations.
pub fn p99(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[(v.len() * 99 / 100).min(v.len() - 1)]
}

/// A duration in microseconds.
pub fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// What `f` returned, and how long it took.
pub fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed())
}

/// How long `f` took for each item, one call each (its result kept from the optimiser).
pub fn each<I, T>(items: impl IntoIterator<Item = I>, mut f: impl FnMut(I) -> T) -> Vec<Duration> {
    items
        .into_iter()
        .map(|i| {
            let (out, d) = time(|| f(i));
            std::hint::black_box(out);
            d
        })
        .collect()
}
