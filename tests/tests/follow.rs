//! Following another store across processes: a second process takes a store's change feed
//! (the JSON Lines `kring feed` writes) and is killed with SIGKILL at random moments during
//! its catch-up. After each kill the follower opens, verifies, holds exactly the events up to
//! its cursor, each case a prefix of the origin's; started again it goes on from its cursor,
//! and at the end every case is the origin's, case by case.
//!
//! `KRING_FOLLOW_CASES` (default 150), `KRING_FOLLOW_KILLS` (default 15) and
//! `KRING_FOLLOW_WAIT_MS` (the longest a run goes before the kill, default 300) set the size; the
//! figures of a run with 10,000 cases and 100 kills are in `docs/reliability.md`.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kring::Store;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

#[test]
fn a_follower_killed_during_catch_up_always_converges() {
    let (cases, kills) = (
        env("KRING_FOLLOW_CASES", 150),
        env("KRING_FOLLOW_KILLS", 15),
    );
    // How long a run may go before it is killed, at most (ms).
    let wait = env("KRING_FOLLOW_WAIT_MS", 300);
    let dir = std::env::temp_dir().join(format!("kring-follow-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (origin_path, follower, feed_path) = (
        dir.join("origin.kring"),
        dir.join("follower.kring"),
        dir.join("feed.jsonl"),
    );
    let origin = Store::builder()
        .durability(kring::Durability::Fast)
        .create(&origin_path)
        .unwrap();
    let ids = kring_testkit::generate(&origin, 2027, cases).unwrap();
    // The feed, as `kring feed` writes it.
    let mut seqs = Vec::new();
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&feed_path).unwrap());
        let mut after = 0;
        loop {
            let page = origin.feed(after, 10_000).unwrap();
            let Some(last) = page.last() else { break };
            after = last.seq;
            for e in &page {
                writeln!(out, "{}", e.to_json()).unwrap();
                seqs.push(e.seq);
            }
        }
    }
    let total = seqs.len() as u64;
    let fresh = || {
        let _ = std::fs::remove_file(&follower);
        let _ = std::fs::remove_file(dir.join("follower.kring.wal"));
        drop(Store::create(&follower).unwrap());
    };
    fresh();
    let started = Instant::now();
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let (mut killed, mut completed) = (0, 0);
    while killed < kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_follower"))
            .arg(&follower)
            .arg(&feed_path)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        std::thread::sleep(Duration::from_millis(5 + rng % wait));
        let finished = child.try_wait().unwrap().is_some();
        if !finished {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        let status = child.wait().unwrap();
        let store =
            Store::open(&follower).unwrap_or_else(|e| panic!("open after kill {killed}: {e}"));
        store
            .verify()
            .unwrap_or_else(|e| panic!("verify after kill {killed}: {e}"));
        // Exactly the events up to the cursor: the cursor moves in the same transaction.
        let cursor = store.cursor(origin.id()).unwrap();
        assert_eq!(store.last_seq().unwrap(), cursor, "kill {killed}");
        for &c in &ids {
            if let Ok(copy) = store.case(c) {
                assert_eq!(
                    copy,
                    origin.case_at_version(c, copy.version).unwrap(),
                    "kill {killed}"
                );
            }
        }
        if finished {
            assert!(status.success());
            assert_eq!(cursor, total);
            completed += 1;
            for &c in &ids {
                assert_eq!(store.case(c).unwrap(), origin.case(c).unwrap());
            }
            drop(store);
            // Catch up again from nothing, to be killed again.
            fresh();
        }
    }
    // The last run goes to the end.
    let status = Command::new(env!("CARGO_BIN_EXE_follower"))
        .arg(&follower)
        .arg(&feed_path)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let store = Store::open(&follower).unwrap();
    store.verify().unwrap();
    assert_eq!(store.cursor(origin.id()).unwrap(), total);
    for &c in &ids {
        assert_eq!(store.case(c).unwrap(), origin.case(c).unwrap());
        assert_eq!(
            store.export_case(c).unwrap().to_json(),
            origin.export_case(c).unwrap().to_json()
        );
    }
    eprintln!(
        "{cases} cases, {total} events: {killed} kills during catch-up, {completed} catch-ups completed between them, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    drop(store);
    drop(origin);
    let _ = std::fs::remove_dir_all(&dir);
}
