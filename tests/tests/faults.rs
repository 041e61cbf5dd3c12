//! I/O fault injection: a storage backend that fails the n-th write, read or sync, on the
//! store file or on its write-ahead log. For every fault point, the command reports a typed
//! error (or succeeds), and after reopening — from what was synced (a crash right after the
//! call), from everything written (no crash), and after the store was closed — the store
//! holds either the whole command or none of it, an acknowledged command is there, and
//! `verify()` passes.
//! `KRING_FAULT_POINTS` sets how many fault points are tried (default 600).

use std::sync::atomic::Ordering;

use kring::Store;
use kring_tests::disk::{Disk, Faulty, Op};

/// The files of a store: the store file, and its write-ahead log if it has one.
#[derive(Debug, Clone)]
struct Image {
    store: Vec<u8>,
    log: Option<Vec<u8>>,
}

/// Which file a fault hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum File {
    Store,
    Log,
}

/// Opens a store on `image` with fault-injecting backends.
fn open(image: &Image) -> kring::Result<(Store, Faulty, Option<Faulty>)> {
    let disk = |bytes: &Vec<u8>| {
        Faulty::new(Disk {
            data: bytes.clone(),
            synced: bytes.clone(),
        })
    };
    let store = disk(&image.store);
    let log = image.log.as_ref().map(disk);
    let s = match &log {
        Some(l) => Store::builder().with_backends(store.clone(), l.clone())?,
        None => Store::builder().with_backend(store.clone())?,
    };
    Ok((s, store, log))
}

/// The base store: a few cases committed durably; returns its files and the cases.
fn base(extra: u64, with_log: bool) -> (Image, Vec<kring_testkit::workload::GeneratedCase>) {
    let empty = Image {
        store: Vec::new(),
        log: with_log.then(Vec::new),
    };
    let cases: Vec<_> = kring_testkit::workload::cases(31, 5 + extra).collect();
    let (store, s, l) = open(&empty).unwrap();
    for g in &cases[..5] {
        store
            .transaction(|tx| {
                for st in &g.commands {
                    tx.execute(g.id, st.actor, st.at, st.command.clone())?;
                }
                Ok(())
            })
            .unwrap();
    }
    let image = Image {
        store: s.images().0,
        log: l.map(|l| l.images().0),
    };
    drop(store);
    (image, cases)
}

fn reopen(image: &Image) -> Store {
    open(image).unwrap_or_else(|e| panic!("reopen: {e}")).0
}

/// Faults every I/O operation on `file` of one unit of work (`steps` of case `g`, in one
/// transaction, on top of `image`); returns (fault points tried, commands that reported an
/// error).
fn fault_unit(
    image: &Image,
    file: File,
    g: &kring_testkit::workload::GeneratedCase,
    steps: std::ops::Range<usize>,
) -> (u64, u64) {
    let prefix = {
        let s = reopen(image);
        (s.last_seq().unwrap(), s.case(g.id).ok())
    };
    let (before_seq, before_case) = prefix;
    let n = steps.len() as u64;
    let expected_after = kring::Case::replay(
        g.commands[..steps.end]
            .iter()
            .enumerate()
            .map(|(i, st)| {
                // Rebuild the events of the case up to the end of the unit, to compare states.
                kring::Event {
                    case: g.id,
                    version: i as u64 + 1,
                    at: st.at,
                    actor: st.actor,
                    command: st.command.clone(),
                    rules: kring::domain::RULES,
                }
            })
            .collect::<Vec<_>>()
            .iter(),
    );
    let (mut tried, mut failed) = (0, 0);
    for op in [Op::Write, Op::Sync, Op::Read] {
        for at in 1.. {
            let (store, s, l) =
                open(image).unwrap_or_else(|e| panic!("opening a healthy image: {e}"));
            let mut target = match file {
                File::Store => s.clone(),
                File::Log => l.clone().expect("a log"),
            };
            target.arm(op, at);
            let result = store.transaction(|tx| {
                for st in &g.commands[steps.clone()] {
                    tx.execute(g.id, st.actor, st.at, st.command.clone())?;
                }
                Ok(())
            });
            let reached = target.count.load(Ordering::SeqCst) >= at;
            if let Err(e) = &result {
                assert!(
                    ["io", "storage", "corrupted", "internal"].contains(&e.code()),
                    "{file:?} {op:?}@{at}: untyped error {e}"
                );
                failed += 1;
            }
            tried += 1;
            // A crash right after the call, the files as written (no crash), and the files
            // after the store was closed.
            let now = |synced: bool| {
                let pick = |f: &Faulty| {
                    let (s, w) = f.images();
                    if synced { s } else { w }
                };
                Image {
                    store: pick(&s),
                    log: l.as_ref().map(pick),
                }
            };
            let crash = now(true);
            let written = now(false);
            drop(store);
            let closed = now(false);
            for (name, img) in [("crash", crash), ("no crash", written), ("closed", closed)] {
                let s = reopen(&img);
                s.verify()
                    .unwrap_or_else(|e| panic!("{file:?} {op:?}@{at} {name}: verify: {e}"));
                let seq = s.last_seq().unwrap();
                assert!(
                    seq == before_seq || seq == before_seq + n,
                    "{file:?} {op:?}@{at} {name}: a partial command: {seq}"
                );
                let state = s.case(g.id).ok();
                if seq == before_seq {
                    assert_eq!(
                        state, before_case,
                        "{file:?} {op:?}@{at} {name}: changed without its events"
                    );
                } else {
                    assert_eq!(state, expected_after, "{file:?} {op:?}@{at} {name}");
                }
                if result.is_ok() {
                    assert_eq!(
                        seq,
                        before_seq + n,
                        "{file:?} {op:?}@{at} {name}: acknowledged but lost"
                    );
                }
            }
            if !reached {
                break; // this kind of operation ran fewer than `at` times
            }
        }
    }
    (tried, failed)
}

/// Faults every I/O operation of each unit of work on the files named, for a store with or
/// without its write-ahead log.
fn every_fault_point(with_log: bool, files: &[File]) {
    // KRING_FAULT_CASES: how many cases are faulted, each as one transaction and command by
    // command (default 4: several hundred fault points; 100 gives thousands more).
    let extra: u64 = std::env::var("KRING_FAULT_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4);
    let (image, cases) = base(extra, with_log);
    let (mut tried, mut failed) = (0, 0);
    for &file in files {
        for g in &cases[5..] {
            // The whole case in one transaction.
            let (t, f) = fault_unit(&image, file, g, 0..g.commands.len());
            tried += t;
            failed += f;
            // Its first commands one by one, each durable on its own.
            let mut img = image.clone();
            for i in 0..g.commands.len().min(6) {
                let (t, f) = fault_unit(&img, file, g, i..i + 1);
                tried += t;
                failed += f;
                let st = &g.commands[i];
                // Carry the healthy state forward, as a crash right after it would leave it.
                let (s, store, log) = open(&img).unwrap();
                s.execute(g.id, st.actor, st.at, st.command.clone())
                    .unwrap();
                img = Image {
                    store: store.images().0,
                    log: log.map(|l| l.images().0),
                };
            }
        }
    }
    assert!(
        tried >= 100 && failed >= 50,
        "tried {tried} fault points, {failed} failed"
    );
    eprintln!(
        "{files:?} with log {with_log}: fault points tried: {tried}; commands that reported an error: {failed}"
    );
}

#[test]
fn every_fault_point_leaves_the_whole_command_or_none() {
    every_fault_point(false, &[File::Store]);
}

/// The same with the write-ahead log: every write, read and sync of the store file and of
/// the log fails in turn.
#[test]
fn every_fault_point_in_either_file_leaves_the_whole_command_or_none() {
    every_fault_point(true, &[File::Store, File::Log]);
}
