//! Golden files: stores written by earlier versions of kring stay readable, forever.
//!
//! `golden/format-v1.kring` was written by format version 1 (see `docs/format.md`) with
//! `cargo run -p kring-tests --bin make_golden -- golden/format-v1` and is never regenerated
//! by the test suite; `golden/format-v1.json` holds what it must read as. A later format adds
//! its own pair and keeps this one.

use std::path::Path;

fn check(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("golden");
    // Open a copy: opening for writing may touch the file.
    let tmp =
        std::env::temp_dir().join(format!("kring-golden-{}-{name}.kring", std::process::id()));
    std::fs::copy(dir.join(format!("{name}.kring")), &tmp).unwrap();
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(format!("{name}.json"))).unwrap()).unwrap();
    let store = kring::Store::open(&tmp).unwrap();
    let report = store.verify().unwrap();
    assert_eq!(report.events, expected["last_seq"].as_u64().unwrap());
    let actual = kring_tests::dump(&store);
    assert_eq!(actual, expected, "{name} no longer reads as it was written");
    drop(store);
    let _ = std::fs::remove_file(&tmp);
}

#[test]
fn format_v1_reads_as_written() {
    check("format-v1");
}
