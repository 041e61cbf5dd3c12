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

/// The seeds of every format decode to what they were written from (the story's state and
/// first event), so the fuzzers start from values of every format ever written.
#[test]
fn seeds_of_every_format_decode() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions/decode_value");
    let (story, _) = kring_testkit::example::full_story();
    for version in 1..=kring::FORMAT_VERSION {
        // Events stored before format 3 were decided under the first edition of the rules.
        let rules = if version < 3 { 1 } else { kring::domain::RULES };
        let events: Vec<kring::Event> = story
            .events
            .iter()
            .map(|e| kring::Event { rules, ..e.clone() })
            .collect();
        let case = fs::read(dir.join(format!("case-v{version}"))).unwrap();
        assert_eq!(u16::from_le_bytes([case[0], case[1]]), version);
        let case: kring::Case = kring::format::decode(&case).unwrap();
        assert_eq!(Some(case), kring::Case::replay(&events), "case-v{version}");
        let event = fs::read(dir.join(format!("event-v{version}"))).unwrap();
        let event: kring::Event = kring::format::decode(&event).unwrap();
        assert_eq!(event, events[0], "event-v{version}");
    }
    // Figures are kept from format 7.
    let figures = fs::read(dir.join("figures-v7")).unwrap();
    let figures: kring::CaseFigures = kring::format::decode(&figures).unwrap();
    assert_eq!(figures, kring::CaseFigures::from(story.state()));
    // Research rows are kept from format 8.
    let rows = fs::read(dir.join("rows-v8")).unwrap();
    let rows: kring::domain::rows::CaseRows<'_> =
        kring::format::decode_borrowed(&rows, kring::format::ROWS_SINCE).unwrap();
    assert_eq!(rows, kring::domain::rows::CaseRows::from(story.state()));
}

/// Writes the seed inputs of the store targets in the current format:
/// `KRING_WRITE_SEEDS=1 cargo test -p kring-fuzz seeds`. Seeds of earlier formats are kept.
#[test]
fn seeds() {
    if std::env::var_os("KRING_WRITE_SEEDS").is_none() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let (story, _) = kring_testkit::example::full_story();
    let case = story.case.clone().unwrap();
    fs::write(
        dir.join(format!("decode_value/case-v{}", kring::FORMAT_VERSION)),
        kring::format::encode(&case).unwrap(),
    )
    .unwrap();
    fs::write(
        dir.join(format!("decode_value/event-v{}", kring::FORMAT_VERSION)),
        kring::format::encode(&story.events[0]).unwrap(),
    )
    .unwrap();
    fs::write(
        dir.join(format!("decode_value/figures-v{}", kring::FORMAT_VERSION)),
        kring::format::encode(&kring::CaseFigures::from(&case)).unwrap(),
    )
    .unwrap();
    fs::write(
        dir.join(format!("decode_value/rows-v{}", kring::FORMAT_VERSION)),
        kring::format::encode(&kring::domain::rows::CaseRows::from(&case)).unwrap(),
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
    fs::write(
        dir.join(format!("open_store/small-store-v{}", kring::FORMAT_VERSION)),
        fs::read(&path).unwrap(),
    )
    .unwrap();
    let _ = fs::remove_file(&path);
}
