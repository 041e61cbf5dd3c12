//! Bulk import: the same result as the same commands in transactions, whole or not at all,
//! durable when it returns, and a store that goes on as before afterwards.

use chrono::NaiveDate;
use kring::{At, CaseId, Command, Store};
use kring_tests::disk::{Disk, Faulty};

type Item = (CaseId, kring::Actor, At, Command);

/// The crash workload's commands (interleaved across cases), as `import` takes them.
fn items(cases: u64) -> Vec<Item> {
    kring_tests::crash_workload(cases)
        .into_iter()
        .map(|(case, s)| (case, s.actor, At::Time(s.at), s.command))
        .collect()
}

/// The same commands, in transactions of 100, on a second store.
fn in_transactions(items: &[Item]) -> Store {
    let store = Store::in_memory().unwrap();
    for chunk in items.chunks(100) {
        store
            .transaction(|tx| {
                for (c, a, at, cmd) in chunk {
                    tx.execute(*c, *a, *at, cmd.clone())?;
                }
                Ok(())
            })
            .unwrap();
    }
    store
}

/// What the queries answer, beside the cases and their histories.
fn answers(store: &Store) -> serde_json::Value {
    let as_of = NaiveDate::from_ymd_opt(2100, 1, 1).unwrap();
    serde_json::json!({
        "dump": kring_tests::dump(store),
        "due": store.evaluations_due(as_of).unwrap(),
        "summaries": store.summaries(&Default::default()).unwrap(),
    })
}

/// A store in memory, importing in runs of 4 KiB, holding the first `n` items; and its
/// answers then.
fn first_imported(items: &[Item], n: usize) -> (Store, serde_json::Value) {
    let store = Store::builder().import_run(4096).in_memory().unwrap();
    store.import(items[..n].to_vec()).unwrap();
    let answers = answers(&store);
    (store, answers)
}

#[test]
fn an_import_in_many_small_runs_equals_the_same_commands_in_transactions() {
    let items = items(40);
    // Runs of 4 KiB: dozens of runs, and cases whose commands span runs, so that the
    // checker reads back states the writer already wrote.
    let store = Store::builder().import_run(4096).in_memory().unwrap();
    let report = store.import(items.clone()).unwrap();
    assert_eq!(report.commands, items.len() as u64);
    assert_eq!(report.cases, 40);
    assert_eq!((report.first_seq, report.last_seq), (1, items.len() as u64));
    store.verify().unwrap();
    assert_eq!(answers(&store), answers(&in_transactions(&items)));
}

#[test]
fn an_import_continues_the_cases_a_store_already_holds() {
    let items = items(20);
    let (first, rest) = items.split_at(items.len() / 3);
    let store = Store::builder().import_run(8192).in_memory().unwrap();
    for (c, a, at, cmd) in first {
        store.execute(*c, *a, *at, cmd.clone()).unwrap();
    }
    let report = store.import(rest.to_vec()).unwrap();
    assert_eq!(report.first_seq, first.len() as u64 + 1);
    assert_eq!(report.last_seq, items.len() as u64);
    store.verify().unwrap();
    assert_eq!(answers(&store), answers(&in_transactions(&items)));
    // Writes go on after it.
    let next = kring_testkit::workload::cases(3, 1).next().unwrap();
    for s in &next.commands[..3] {
        store
            .execute(next.id, s.actor, s.at, s.command.clone())
            .unwrap();
    }
}

#[test]
fn a_refused_command_refuses_the_whole_import_and_names_its_rule() {
    let items = items(30);
    let (store, before) = first_imported(&items, 50);
    let rest = &items[50..];
    // The same request again, late in the import, after many runs were written.
    let mut bad = rest.to_vec();
    let position = bad.len() - 10;
    bad.insert(position, items[0].clone());
    let err = store.import(bad).unwrap_err();
    assert_eq!(err.code(), "rule_violation", "{err}");
    assert!(err.to_string().contains(&items[0].0.to_string()), "{err}");
    assert_eq!(
        answers(&store),
        before,
        "nothing of the refused import is written"
    );
    store.verify().unwrap();
    // The store takes writes again: the import without the bad command goes in whole.
    store.import(rest.to_vec()).unwrap();
    assert_eq!(answers(&store), answers(&in_transactions(&items)));
}

#[test]
fn an_empty_import_changes_nothing() {
    let store = Store::in_memory().unwrap();
    let report = store.import(Vec::<Item>::new()).unwrap();
    assert_eq!(
        (
            report.commands,
            report.cases,
            report.first_seq,
            report.last_seq
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(store.last_seq().unwrap(), 0);
}

#[test]
fn an_import_is_durable_in_the_store_file_when_it_returns() {
    let (db, log) = (Faulty::new(Disk::default()), Faulty::new(Disk::default()));
    let store = Store::builder()
        .import_run(8192)
        .with_backends(db.clone(), log.clone())
        .unwrap();
    let items = items(15);
    let (imported, after) = items.split_at(items.len() - 20);
    store.import(imported.to_vec()).unwrap();
    // What a crash now would leave: the store file alone holds the whole import.
    let synced = |f: &Faulty| {
        let synced = f.images().0;
        Faulty::new(Disk {
            data: synced.clone(),
            synced,
        })
    };
    let crashed = Store::builder().with_backend(synced(&db)).unwrap();
    assert_eq!(crashed.last_seq().unwrap(), imported.len() as u64);
    crashed.verify().unwrap();
    // Durable commands after it go through the log as before, and survive a crash too.
    for (c, a, at, cmd) in after {
        store.execute(*c, *a, *at, cmd.clone()).unwrap();
    }
    let crashed = Store::builder()
        .with_backends(synced(&db), synced(&log))
        .unwrap();
    assert_eq!(crashed.last_seq().unwrap(), items.len() as u64);
    crashed.verify().unwrap();
    assert_eq!(answers(&crashed), answers(&in_transactions(&items)));
}

#[test]
fn an_older_store_refuses_an_import_until_it_is_upgraded() {
    let dir = std::env::temp_dir().join(format!("kring-import-old-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("v3.kring");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/golden/format-v3.kring"),
        &path,
    )
    .unwrap();
    let store = Store::open(&path).unwrap();
    let before = store.last_seq().unwrap();
    let err = store.import(items(2)).unwrap_err();
    assert_eq!(err.code(), "upgrade_required", "{err}");
    assert_eq!(store.last_seq().unwrap(), before);
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_import_whose_input_panics_writes_nothing_and_the_store_goes_on() {
    let items = items(20);
    let (store, before) = first_imported(&items, 30);
    let rest = &items[30..];
    // The caller's iterator fails after many runs were handed to the writer.
    let failing = rest.iter().cloned().enumerate().map(|(i, item)| {
        assert!(i < 400, "the caller's input failed");
        item
    });
    let err = store.import(failing).unwrap_err();
    assert_eq!(err.code(), "internal", "{err}");
    assert_eq!(answers(&store), before);
    store.verify().unwrap();
    store.import(rest.to_vec()).unwrap();
    assert_eq!(answers(&store), answers(&in_transactions(&items)));
}
