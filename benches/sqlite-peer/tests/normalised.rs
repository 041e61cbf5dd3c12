//! The normalised peer gives back exactly the state of the pure fold: after every command of
//! the worked examples (which record every kind of value format 3 added) and of simulated
//! cases (every command, refusals included), and when commands go in batches.

use chrono::{DateTime, NaiveDate, Utc};
use kring::domain::*;
use kring_sqlite_peer::NormalisedPeer;
use kring_testkit::CaseDriver;
use kring_testkit::sim::{Input, Sim};

type Cmd = (CaseId, Actor, DateTime<Utc>, Command);

fn fresh(name: &str) -> (NormalisedPeer, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!(
        "kring-normalised-{}-{name}.sqlite",
        std::process::id()
    ));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    (NormalisedPeer::open(&path, false).expect("open"), path)
}

fn remove(path: &std::path::Path) {
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
}

fn commands(d: &CaseDriver) -> Vec<Cmd> {
    d.commands
        .iter()
        .map(|c| (d.id, c.actor, c.at, c.command.clone()))
        .collect()
}

/// Runs `driver`'s commands one transaction each, comparing the whole case after each.
fn one_by_one(name: &str, driver: &CaseDriver) {
    let (mut peer, path) = fresh(name);
    let mut state = None;
    for cmd in commands(driver) {
        execute(&mut state, cmd.0, cmd.1, cmd.2, cmd.3.clone()).expect("accepted");
        peer.execute_batch(std::slice::from_ref(&cmd))
            .expect("peer accepts");
        assert_eq!(
            &peer.case(cmd.0).expect("case"),
            state.as_ref().expect("state"),
            "after {}",
            cmd.3.name()
        );
    }
    assert_eq!(&peer.case(driver.id).unwrap(), driver.state());
    assert_eq!(peer.history(driver.id).unwrap(), driver.events);
    remove(&path);
}

#[test]
fn the_worked_examples_round_trip_after_every_command() {
    one_by_one("full", &kring_testkit::example::full_story().0);
    one_by_one("recorded", &kring_testkit::recorded::recorded_story().0);
}

fn inputs(seed: u64) -> impl FnMut() -> Input {
    let mut s = seed;
    move || {
        s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let b = z.to_le_bytes();
        Input::from_bytes([b[0], b[1], b[2], b[3], b[4], b[5]])
    }
}

#[test]
fn simulated_cases_round_trip_one_by_one_and_in_batches() {
    let (mut single, p1) = fresh("sim-single");
    let (mut batched, p2) = fresh("sim-batched");
    let mut sims: Vec<Sim> = (0..40).map(|s| Sim::new(1000 + s)).collect();
    let mut next = inputs(7);
    let mut all: Vec<Cmd> = Vec::new();
    for round in 0..8000 {
        let sim = &mut sims[round % 40];
        let input = next();
        let (p, result) = sim.step(input);
        let cmd = (sim.driver.id, p.actor, p.at, p.command);
        let peer = single.execute_batch(std::slice::from_ref(&cmd));
        assert_eq!(result.is_ok(), peer.is_ok(), "{}: {peer:?}", cmd.3.name());
        if result.is_ok() {
            assert_eq!(
                single.case(cmd.0).as_ref().ok(),
                sim.driver.case.as_ref(),
                "after {}",
                cmd.3.name()
            );
            all.push(cmd);
        }
    }
    for chunk in all.chunks(50) {
        batched.execute_batch(chunk).expect("batch");
    }
    let mut due = 0;
    for sim in &sims {
        if let Some(c) = &sim.driver.case {
            assert_eq!(&batched.case(c.id).unwrap(), c);
            assert_eq!(batched.history(c.id).unwrap(), sim.driver.events);
            for p in c.people() {
                assert!(batched.cases_of_person(p).unwrap().contains(&c.id));
            }
            due +=
                usize::from(c.phase == Phase::FollowUp) * c.evaluations_due(NaiveDate::MAX).count();
        }
    }
    assert_eq!(batched.evaluations_due(NaiveDate::MAX).unwrap().len(), due);
    remove(&p1);
    remove(&p2);
}
