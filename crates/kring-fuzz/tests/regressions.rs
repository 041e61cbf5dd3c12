//! Replays every input saved under `regressions/<target>/` (crashes the fuzzers found, and
//! seeds) through the same logic the fuzz targets run.

use std::fs;
use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("regressions")
        .join(target);
    let mut n = 0;
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        run(&fs::read(&path).unwrap());
        n += 1;
    }
    n
}

#[test]
fn commands() {
    assert!(replay("commands", kring_fuzz::commands) > 0);
}

#[test]
fn command_json() {
    assert!(replay("command_json", kring_fuzz::command_json) > 0);
}
