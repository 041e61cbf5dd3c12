//! The write-ahead log: a durable command is synced once, in the log; the store file is
//! synced only at checkpoints; a crash loses nothing acknowledged; a failed log write stops
//! writes until the store is opened again.

use kring::Store;
use kring_tests::disk::{Disk, Faulty, Op};

/// A durable store on two simulated disks.
fn store() -> (Store, Faulty, Faulty) {
    let (db, log) = (Faulty::new(Disk::default()), Faulty::new(Disk::default()));
    let s = Store::builder()
        .with_backends(db.clone(), log.clone())
        .unwrap();
    (s, db, log)
}

/// The store as a crash right now would leave it: what each disk has synced.
fn after_crash(db: &Faulty, log: Option<&Faulty>) -> Store {
    let disk = |f: &Faulty| {
        let synced = f.images().0;
        Faulty::new(Disk {
            data: synced.clone(),
            synced,
        })
    };
    match log {
        Some(log) => Store::builder().with_backends(disk(db), disk(log)),
        None => Store::builder().with_backend(disk(db)),
    }
    .unwrap_or_else(|e| panic!("open after a crash: {e}"))
}

/// Executes every command of `cases` generated cases, one durable command at a time.
fn run(store: &Store, seed: u64, cases: u64) -> u64 {
    let mut n = 0;
    for g in kring_testkit::workload::cases(seed, cases) {
        for s in &g.commands {
            store
                .execute(g.id, s.actor, s.at, s.command.clone())
                .unwrap();
            n += 1;
        }
    }
    n
}

#[test]
fn acknowledged_commands_are_in_the_log_and_survive_a_crash() {
    let (store, db, log) = store();
    let before = store.last_seq().unwrap();
    let n = run(&store, 5, 8);
    let expected = kring_tests::dump(&store);
    // The store file was not synced for them: without its log, a crash would lose them.
    assert_eq!(after_crash(&db, None).last_seq().unwrap(), before);
    // With the log they are all there, exactly as acknowledged.
    let recovered = after_crash(&db, Some(&log));
    assert_eq!(recovered.last_seq().unwrap(), before + n);
    assert_eq!(kring_tests::dump(&recovered), expected);
    recovered.verify().unwrap();
    // Replay made them durable in the store file: opened again, nothing is replayed twice.
    drop(recovered);
    drop(store);
    let again = Store::builder().with_backends(db, log).unwrap();
    assert_eq!(kring_tests::dump(&again), expected);
    again.verify().unwrap();
}

#[test]
fn checkpoints_keep_the_log_small_and_lose_nothing() {
    let (store, db, log) = store();
    // Enough commands for several checkpoints (one every 4 MiB of log).
    let n = run(&store, 6, 600);
    assert!(n > 15_000, "{n} commands");
    let log_len = log.images().1.len();
    assert!(
        log_len <= 4096 + 8 * (1 << 20),
        "the log grew to {log_len} bytes"
    );
    let expected = kring_tests::dump(&store);
    let recovered = after_crash(&db, Some(&log));
    assert_eq!(recovered.last_seq().unwrap(), n);
    assert_eq!(kring_tests::dump(&recovered), expected);
    recovered.verify().unwrap();
}

#[test]
fn a_failed_log_sync_stops_writes_until_the_store_is_opened_again() {
    let (store, db, mut log) = store();
    run(&store, 7, 2);
    let g = kring_testkit::workload::cases(8, 1).next().unwrap();
    let step = |i: usize| {
        let s = &g.commands[i];
        store.execute(g.id, s.actor, s.at, s.command.clone())
    };
    step(0).unwrap();
    log.arm(Op::Sync, 1);
    let err = step(1).unwrap_err();
    assert_eq!(err.code(), "io", "{err}");
    // The record may be on the disk: this handle writes no more, and says why.
    let err = step(1).unwrap_err();
    assert_eq!(err.code(), "storage", "{err}");
    assert!(err.to_string().contains("open the store again"), "{err}");
    // Reads go on, and see nothing of the failed command.
    assert_eq!(store.case(g.id).unwrap().version, 1);
    drop(store);
    // Opened again, the command is there whole or not at all, and writes go on.
    let store = Store::builder().with_backends(db, log).unwrap();
    store.verify().unwrap();
    let version = store.case(g.id).unwrap().version;
    assert!(version == 1 || version == 2, "version {version}");
    for i in version as usize..g.commands.len().min(5) {
        let s = &g.commands[i];
        store
            .execute(g.id, s.actor, s.at, s.command.clone())
            .unwrap();
    }
}

#[test]
fn a_log_that_belongs_to_another_store_is_refused() {
    let dir = std::env::temp_dir().join(format!("kring-wal-owner-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("a.kring"), dir.join("b.kring"));
    for p in [&a, &b] {
        let _ = std::fs::remove_file(p);
        let _ = std::fs::remove_file(p.with_extension("kring.wal"));
        let s = Store::create(p).unwrap();
        run(&s, 9, 1);
    }
    // b's log beside a: a must not apply another store's commands, nor lose its own log.
    std::fs::copy(b.with_extension("kring.wal"), a.with_extension("kring.wal")).unwrap();
    let err = Store::open(&a).unwrap_err();
    assert_eq!(err.code(), "corrupted", "{err}");
    assert!(err.to_string().contains("another store"), "{err}");
    // Creating a store where only a stale log is left replaces that log.
    std::fs::remove_file(&a).unwrap();
    let s = Store::create(&a).unwrap();
    run(&s, 10, 1);
    drop(s);
    Store::open(&a).unwrap().verify().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn summaries_follow_their_cases() {
    let (store, ..) = store();
    // Cases stopped at different points of their lives, so that some are in follow-up.
    for (i, g) in kring_testkit::workload::cases(11, 60).enumerate() {
        let upto = g.commands.len() * (i % 4 + 1) / 4;
        for s in &g.commands[..upto.max(1)] {
            store
                .execute(g.id, s.actor, s.at, s.command.clone())
                .unwrap();
        }
    }
    let all = store.query(&Default::default()).unwrap();
    let summaries = store.summaries(&Default::default()).unwrap();
    assert_eq!(summaries.len(), all.len());
    let mut open = 0;
    for (id, summary) in all.iter().zip(&summaries) {
        let case = store.case(*id).unwrap();
        assert_eq!(summary, &kring::CaseSummary::from(&case));
        assert_eq!(&store.summary(*id).unwrap(), summary);
        assert_eq!(
            summary.plan_in_force,
            case.plan_in_force().map(|p| p.version)
        );
        let as_of = chrono::NaiveDate::from_ymd_opt(2100, 1, 1).unwrap();
        assert_eq!(
            summary.due(as_of).count(),
            case.evaluations_due(as_of).count()
        );
        open += summary.open_evaluations.len();
    }
    assert!(open > 0, "the workload leaves evaluations to hold");
    let missing = kring::CaseId::from_u128(1);
    assert_eq!(store.summary(missing).unwrap_err().code(), "not_found");
}
