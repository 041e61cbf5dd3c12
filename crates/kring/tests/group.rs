//! Group commit: writers on several threads share commits, and every command is still
//! committed or refused on its own terms.

use std::sync::{Arc, Barrier};

use kring::domain::*;
use kring::{Durability, Store};
use kring_testkit::workload::{self, GeneratedCase};

fn path(name: &str) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("kring-group-{name}-{}.kring", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

/// Eight writers, each walking its own cases command by command with durable commits: every
/// command is accepted, every case ends as it would alone, and all of it is in the file.
#[test]
fn eight_writers_commit_every_command_durably() {
    let file = path("eight");
    let store = Arc::new(
        Store::builder()
            .durability(Durability::Durable)
            .create(&file)
            .unwrap(),
    );
    let per_thread: Vec<Vec<GeneratedCase>> = (0..8u64)
        .map(|t| workload::cases(100 + t, 2).collect())
        .collect();
    let total: usize = per_thread.iter().flatten().map(|g| g.commands.len()).sum();
    let start = Arc::new(Barrier::new(8));
    let handles: Vec<_> = per_thread
        .clone()
        .into_iter()
        .map(|cases| {
            let (store, start) = (store.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                for g in &cases {
                    for c in &g.commands {
                        store
                            .execute(g.id, c.actor, c.at, c.command.clone())
                            .unwrap_or_else(|e| panic!("refused: {e}"));
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(store.last_seq().unwrap(), total as u64);
    for g in per_thread.iter().flatten() {
        assert_eq!(store.case(g.id).unwrap(), g.state);
    }
    store.verify().unwrap();
    drop(store);
    let store = Store::open(&file).unwrap();
    assert_eq!(store.last_seq().unwrap(), total as u64);
    for g in per_thread.iter().flatten() {
        assert_eq!(store.case(g.id).unwrap(), g.state);
    }
    drop(store);
    let _ = std::fs::remove_file(&file);
}

/// While others commit, one writer's commands are refused (an unknown case, a command the
/// model forbids): each refusal is its own, typed, and the others' commands all land.
#[test]
fn a_refused_command_among_others_refuses_only_itself() {
    let store = Arc::new(Store::in_memory().unwrap());
    let cases: Vec<GeneratedCase> = workload::cases(7, 6).collect();
    let start = Arc::new(Barrier::new(cases.len() + 1));
    let handles: Vec<_> = cases
        .clone()
        .into_iter()
        .map(|g| {
            let (store, start) = (store.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                for c in &g.commands {
                    store
                        .execute(g.id, c.actor, c.at, c.command.clone())
                        .unwrap_or_else(|e| panic!("refused: {e}"));
                }
            })
        })
        .collect();
    let refuser = {
        let (store, start) = (store.clone(), start.clone());
        let first = cases[0].commands[0].clone();
        std::thread::spawn(move || {
            start.wait();
            let mut refusals = 0;
            for _ in 0..200 {
                let unknown: CaseId = store.new_id();
                let err = store
                    .execute(unknown, first.actor, first.at, Command::StartConference)
                    .unwrap_err();
                assert_eq!(err.code(), "not_found", "{err}");
                refusals += 1;
            }
            refusals
        })
    };
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(refuser.join().unwrap(), 200);
    let total: usize = cases.iter().map(|g| g.commands.len()).sum();
    assert_eq!(store.last_seq().unwrap(), total as u64);
    for g in &cases {
        assert_eq!(store.case(g.id).unwrap(), g.state);
    }
    store.verify().unwrap();
}
