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

#[test]
fn decode_value() {
    assert!(replay("decode_value", kring_fuzz::decode_value) > 0);
}

#[test]
fn open_store() {
    assert!(replay("open_store", kring_fuzz::open_store) > 0);
}

/// Writes the seed inputs of the store targets: `KRING_WRITE_SEEDS=1 cargo test -p kring-fuzz seeds`.
#[test]
fn seeds() {
    if std::env::var_os("KRING_WRITE_SEEDS").is_none() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let (story, _) = kring::example::full_story();
    let case = story.case.clone().unwrap();
    fs::write(
        dir.join("decode_value/case"),
        kring::format::encode(&case).unwrap(),
    )
    .unwrap();
    fs::write(
        dir.join("decode_value/event"),
        kring::format::encode(&story.events[0]).unwrap(),
    )
    .unwrap();
    let path = std::env::temp_dir().join(format!("kring-seed-{}.kring", std::process::id()));
    let _ = fs::remove_file(&path);
    {
        let store = kring::Store::create(&path).unwrap();
        for e in &story.events[..6] {
            store
                .execute(e.case, e.actor, e.at, e.command.clone())
                .unwrap();
        }
    }
    kring::Store::open(&path).unwrap().compact().unwrap();
    fs::write(dir.join("open_store/small-store"), fs::read(&path).unwrap()).unwrap();
    let _ = fs::remove_file(&path);
}
