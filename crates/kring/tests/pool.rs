//! The coordinator pool: kept across cases and reopenings, and ranked for a case by the
//! family's wishes, leaving out who is not independent of the case (rule 3) or not available.

use kring::Store;
use kring::domain::pool::{Fit, PoolEntry};
use kring::domain::*;
use kring_testkit::example;

fn entry(
    s: &mut kring_testkit::CaseDriver,
    name: &str,
    languages: &[&str],
    region: &str,
) -> PoolEntry {
    PoolEntry {
        coordinator: Coordinator {
            person: s.person(name),
            affiliations: vec![],
            languages: languages.iter().map(|l| l.to_string()).collect(),
            gender: Some(Gender::Female),
            region: region.into(),
            cultures: vec![],
            religion: None,
        },
        available: true,
    }
}

#[test]
fn the_pool_ranks_independent_available_coordinators_by_the_familys_wishes() {
    let path = std::env::temp_dir().join(format!("kring-pool-{}.kring", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let store = Store::create(&path).unwrap();
    let (mut story, cast) = example::story_to_private_time();
    // The request only: the family wishes for a Dutch speaker (the example's preference).
    store
        .execute(
            story.id,
            story.events[0].actor,
            story.events[0].at,
            story.events[0].command.clone(),
        )
        .unwrap();
    let case = store.case(story.id).unwrap();
    assert_eq!(case.preferences.language.as_deref(), Some("nl"));
    let speaks_dutch = entry(&mut story, "Coordinator Dutch", &["nl"], "Noord");
    let speaks_arabic = entry(&mut story, "Coordinator Arabic", &["ar"], "Oost");
    let mut away = entry(&mut story, "Coordinator Away", &["nl"], "Noord");
    away.available = false;
    let mut affiliated = entry(&mut story, "Coordinator Affiliated", &["nl"], "Noord");
    affiliated.coordinator.affiliations = vec![cast.organisation];
    // The referring professional is in the case: never their coordinator.
    let mut in_case = entry(&mut story, "x", &["nl"], "Noord");
    in_case.coordinator.person = case.person(cast.professional).unwrap().clone();
    for e in [&speaks_arabic, &away, &affiliated, &in_case, &speaks_dutch] {
        store.register_coordinator(e).unwrap();
    }
    assert_eq!(store.coordinator_pool().unwrap().len(), 5);
    let ranked = store.match_coordinators(story.id).unwrap();
    let names: Vec<&str> = ranked
        .iter()
        .map(|m| m.coordinator.person.name.as_str())
        .collect();
    assert_eq!(names, ["Coordinator Dutch", "Coordinator Arabic"]);
    assert_eq!(ranked[0].fits, [Fit::Language]);
    assert!(ranked[1].fits.is_empty());
    // Registering again replaces the entry: the one away comes back.
    away.available = true;
    store.register_coordinator(&away).unwrap();
    assert_eq!(store.match_coordinators(story.id).unwrap().len(), 3);
    // A profile is checked as an assignment checks it.
    let mut nameless = entry(&mut story, " ", &["nl"], "Noord");
    nameless.coordinator.person.name = " ".into();
    assert_eq!(
        store.register_coordinator(&nameless).unwrap_err().code(),
        "invalid_input"
    );
    // The pool is kept in the file.
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.coordinator_pool().unwrap().len(), 5);
    assert_eq!(
        store
            .pool_entry(speaks_dutch.coordinator.person.id)
            .unwrap(),
        speaks_dutch
    );
    store.verify().unwrap();
    // A backup keeps the pool.
    let backup = path.with_extension("backup");
    let _ = std::fs::remove_file(&backup);
    store.backup(&backup).unwrap();
    assert_eq!(
        Store::open(&backup).unwrap().coordinator_pool().unwrap(),
        store.coordinator_pool().unwrap()
    );
    drop(store);
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(&backup);
}

#[test]
fn a_store_without_a_pool_has_an_empty_one() {
    let store = Store::in_memory().unwrap();
    assert!(store.coordinator_pool().unwrap().is_empty());
    let unknown: PersonId = store.new_id();
    assert_eq!(store.pool_entry(unknown).unwrap_err().code(), "not_found");
}
