//! The research rows a store keeps of each case (format 8) are read with care: rows stored
//! under another case's id, or holding a moment out of any calendar, fail the research
//! tables and the Parquet export as `corrupted`, never with a panic, and the dataset stays
//! as it was.

use std::path::{Path, PathBuf};

use kring::domain::rows::CaseRows;
use kring::format;
use kring_research::Disclosure;
use redb::{ReadableDatabase, ReadableTable};

const ROWS: redb::TableDefinition<u128, &[u8]> = redb::TableDefinition::new("rows");

fn tmp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("kring-rows-{}-{name}", std::process::id()))
}

fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
    let mut log = path.as_os_str().to_owned();
    log.push(".wal");
    let _ = std::fs::remove_file(log);
}

/// A store file of 40 generated cases, and its case ids in order.
fn store(name: &str) -> (PathBuf, Vec<kring::CaseId>) {
    let path = tmp(name);
    remove(&path);
    let store = kring::Store::create(&path).unwrap();
    kring_testkit::generate(&store, 3, 40).unwrap();
    let ids = store.query(&Default::default()).unwrap();
    (path, ids)
}

/// Replaces, with the file closed, the stored rows of `id` by what `change` makes of them.
fn rewrite(path: &Path, id: kring::CaseId, change: impl FnOnce(&[u8]) -> Vec<u8>) {
    let db = redb::Database::open(path).unwrap();
    let w = db.begin_write().unwrap();
    {
        let mut t = w.open_table(ROWS).unwrap();
        let bytes = t.get(id.as_u128()).unwrap().unwrap().value().to_vec();
        t.insert(id.as_u128(), change(&bytes).as_slice()).unwrap();
    }
    w.commit().unwrap();
}

/// Every research read of the store at `path` fails as `corrupted` with `expected` in its
/// message, and the Parquet export leaves no dataset behind (in a directory of the store's
/// own, as the tests run at once).
fn every_read_is_corrupted(path: &Path, expected: &str) {
    let store = kring::Store::open(path).unwrap();
    let key = Disclosure::pseudonymised(*b"research key 9 research key 9 re").unwrap();
    let arrow = kring_research::arrow_tables(&store, &key).unwrap_err();
    let rows = kring_research::store_tables(&store, &key).unwrap_err();
    let dir = path.with_extension("dataset");
    let _ = std::fs::remove_dir_all(&dir);
    let parquet = kring_research::write_parquet(&store, &dir, &key, Some("north")).unwrap_err();
    for err in [arrow, rows, parquet] {
        assert_eq!(err.code(), "corrupted", "{err}");
        assert!(err.to_string().contains(expected), "{err}");
    }
    let left: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
    // `verify` tells which case.
    assert_eq!(store.verify().unwrap_err().code(), "inconsistent");
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn rows_with_a_time_out_of_range_are_corrupted() {
    let (path, ids) = store("time.kring");
    rewrite(&path, ids[7], |bytes| {
        let mut rows: CaseRows<'_> = format::decode_borrowed(bytes, format::ROWS_SINCE).unwrap();
        // Past the last day chrono knows (the year 262,143).
        rows.requested_at = 10_000_000_000_000;
        format::encode(&rows).unwrap()
    });
    every_read_is_corrupted(&path, &format!("{}: requested_at", ids[7]));
    rewrite(&path, ids[7], |bytes| {
        let mut rows: CaseRows<'_> = format::decode_borrowed(bytes, format::ROWS_SINCE).unwrap();
        rows.requested_at = 1_700_000_000;
        if let Some(e) = rows.evaluations.first_mut() {
            e.planned_on = i32::MAX;
        } else {
            rows.phases[0].at.at = i64::MIN;
        }
        format::encode(&rows).unwrap()
    });
    every_read_is_corrupted(&path, &format!("the research rows of {}", ids[7]));
    remove(&path);
}

#[test]
fn rows_stored_under_another_case_are_corrupted() {
    let (path, ids) = store("swapped.kring");
    let other = {
        let db = redb::Database::open(&path).unwrap();
        let r = db.begin_read().unwrap();
        let t = r.open_table(ROWS).unwrap();
        let bytes = t.get(ids[3].as_u128()).unwrap().unwrap().value().to_vec();
        drop(t);
        bytes
    };
    rewrite(&path, ids[12], |_| other);
    every_read_is_corrupted(
        &path,
        &format!(
            "the research rows stored for {} are those of {}",
            ids[12], ids[3]
        ),
    );
    remove(&path);
}
