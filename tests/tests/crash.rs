//! Crash safety: a child process executing durable commands is killed with SIGKILL at
//! random moments, many times. After each kill the store opens, `verify()` passes, and every
//! command whose `execute` returned before the kill is there, in order.
//! `KRING_CRASH_RUNS` sets the number of kills (default 30 in each of the first two tests, a
//! third of it for the import: 70 in the suite). The first test checkpoints every 64 KiB of
//! log, so that kills land in checkpoints too; the second kills four writer threads that share
//! group commits; the third kills bulk imports.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How many kills each test makes: `KRING_CRASH_RUNS`, or 30.
fn kill_runs() -> usize {
    std::env::var("KRING_CRASH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(30)
}

/// A fresh directory for one test, and the store path in it (no file yet).
fn scratch(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("kring-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("crash.kring");
    let _ = std::fs::remove_file(&path);
    (dir, path)
}

#[test]
fn sigkill_never_loses_a_committed_command() {
    let runs = kill_runs();
    let (dir, path) = scratch("crash");
    let cases = 60;
    let work = kring_tests::crash_workload(cases);
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let mut kills = 0;
    for _ in 0..runs {
        // Checkpoints every 64 KiB of log (about 150 commands), so that kills also land in
        // checkpoints and in the log's restarts.
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash_writer"))
            .arg(&path)
            .arg(cases.to_string())
            .env("KRING_CHECKPOINT_AFTER", (64 << 10).to_string())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let wait = Duration::from_millis(20 + rng % 400);
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let started = Instant::now();
        let mut acknowledged = 0usize;
        let mut finished = false;
        let mut line = String::new();
        while started.elapsed() < wait {
            line.clear();
            if reader.read_line(&mut line).unwrap() == 0 {
                break;
            }
            if let Some(n) = line.trim().strip_prefix("committed ") {
                acknowledged = n.parse().unwrap();
            }
            if line.trim() == "done" {
                finished = true;
                break;
            }
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
        // Lines the child printed before it died were acknowledged too.
        for l in reader.lines().map_while(Result::ok) {
            if let Some(n) = l.trim().strip_prefix("committed ") {
                acknowledged = n.parse().unwrap();
            }
        }
        let store =
            kring::Store::open(&path).unwrap_or_else(|e| panic!("open after kill {kills}: {e}"));
        store
            .verify()
            .unwrap_or_else(|e| panic!("verify after kill {kills}: {e}"));
        let last = store.last_seq().unwrap() as usize;
        assert!(
            last >= acknowledged,
            "kill {kills}: {acknowledged} acknowledged but only {last} in the store"
        );
        // The log holds exactly the workload's first `last` commands, in order.
        let records = store.events_since(0, kring::MAX_PAGE).unwrap();
        for (r, (case, step)) in records.iter().zip(&work) {
            assert_eq!(
                (r.event.case, &r.event.command, r.event.at),
                (*case, &step.command, step.at)
            );
        }
        eprintln!("kill {kills}: {acknowledged} acknowledged, {last} in the store");
        if finished {
            // The whole workload is in: start again on a new file.
            drop(store);
            std::fs::remove_file(&path).unwrap();
        }
    }
    assert_eq!(kills, runs);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The same with four writer threads sharing group commits: after each kill, every command
/// a thread saw acknowledged is in the store, each case is a prefix of its own workload, and
/// the store verifies. `KRING_CRASH_RUNS` sets the number of kills here too.
#[test]
fn sigkill_never_loses_a_command_committed_in_a_group() {
    let runs = kill_runs();
    let (dir, path) = scratch("crash-group");
    let cases = 40;
    let generated: std::collections::HashMap<
        kring::CaseId,
        kring_testkit::workload::GeneratedCase,
    > = kring_testkit::workload::cases(77, cases)
        .map(|g| (g.id, g))
        .collect();
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    for kill in 1..=runs {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash_writer"))
            .arg(&path)
            .arg(cases.to_string())
            .arg("4")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        std::thread::sleep(Duration::from_millis(20 + rng % 400));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let mut acknowledged: std::collections::HashMap<String, u64> = Default::default();
        let mut finished = false;
        for l in BufReader::new(child.stdout.take().unwrap())
            .lines()
            .map_while(Result::ok)
        {
            if let Some(rest) = l.trim().strip_prefix("committed ") {
                let (case, version) = rest.split_once(' ').unwrap();
                let v = acknowledged.entry(case.to_string()).or_default();
                *v = (*v).max(version.parse().unwrap());
            }
            finished |= l.trim() == "done";
        }
        let store =
            kring::Store::open(&path).unwrap_or_else(|e| panic!("open after kill {kill}: {e}"));
        store
            .verify()
            .unwrap_or_else(|e| panic!("verify after kill {kill}: {e}"));
        for (case, version) in &acknowledged {
            let id: kring::CaseId = case.parse().unwrap();
            let stored = store.case(id).unwrap().version;
            assert!(
                stored >= *version,
                "kill {kill}: {case} acknowledged at version {version}, stored at {stored}"
            );
        }
        for id in store.query(&Default::default()).unwrap() {
            let history = store.history(id).unwrap();
            let g = &generated[&id];
            for (r, c) in history.iter().zip(&g.commands) {
                assert_eq!((&r.event.command, r.event.at), (&c.command, c.at));
            }
        }
        eprintln!(
            "kill {kill}: commands acknowledged in {} cases; {} events in the store",
            acknowledged.len(),
            store.last_seq().unwrap()
        );
        if finished {
            drop(store);
            std::fs::remove_file(&path).unwrap();
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A bulk import killed at random moments: after each kill the store opens and verifies,
/// and holds either none of the import or all of it (all once `import` returned).
#[test]
fn sigkill_leaves_an_import_whole_or_absent() {
    let runs = kill_runs().div_ceil(3);
    let (dir, path) = scratch("crash-import");
    let cases = 100;
    let total = kring_tests::crash_workload(cases).len() as u64;
    let child = || {
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(path.with_extension("kring.wal"));
        Command::new(env!("CARGO_BIN_EXE_crash_writer"))
            .arg(&path)
            .arg(cases.to_string())
            .arg("import")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap()
    };
    // One import left alone, to time it: the kills then spread over 1.2 times that.
    let started = Instant::now();
    let out = child().wait_with_output().unwrap();
    let took = started.elapsed().as_millis() as u64;
    eprintln!("an import of {total} commands, unkilled, took {took} ms");
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("imported {total}")));
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let (mut whole, mut absent) = (0, 0);
    for kill in 1..=runs {
        let mut child = child();
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        std::thread::sleep(Duration::from_millis(rng % (took * 6 / 5 + 1)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let mut said = String::new();
        let _ = std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut said);
        let Ok(store) = kring::Store::open(&path) else {
            // Killed before the store file was created whole: nothing to open is fine only
            // when the import had not returned.
            assert!(!said.contains("imported"), "kill {kill}: {said}");
            absent += 1;
            continue;
        };
        store
            .verify()
            .unwrap_or_else(|e| panic!("verify after kill {kill}: {e}"));
        let last = store.last_seq().unwrap();
        assert!(
            last == 0 || last == total,
            "kill {kill}: {last} of {total} imported commands in the store"
        );
        if said.contains("imported") {
            assert_eq!(last, total, "kill {kill}: acknowledged import lost");
        }
        if last == 0 {
            absent += 1
        } else {
            whole += 1
        }
        eprintln!("kill {kill}: {last} of {total} commands");
    }
    eprintln!("{whole} kills after the import, {absent} before or during it");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_second_process_gets_already_open() {
    let dir = std::env::temp_dir().join(format!("kring-second-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("held.kring");
    let _ = std::fs::remove_file(&path);
    let mut child = Command::new(env!("CARGO_BIN_EXE_crash_writer"))
        .arg(&path)
        .arg("400")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("committed"), "{line}");
    let err = kring::Store::open(&path).unwrap_err();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(err.code(), "already_open", "{err}");
    assert!(err.to_string().contains("already open"));
    // Once the other process is gone the store opens and verifies.
    kring::Store::open(&path).unwrap().verify().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
