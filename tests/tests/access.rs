//! The access log: every scoped read and every command, per case and per person, kept
//! across closing, and left out of what research sees.

use chrono::Duration;
use kring::domain::*;
use kring::{At, Store};
use kring_testkit::example;

#[test]
fn every_command_and_every_scoped_read_is_in_the_access_log() {
    let dir = std::env::temp_dir().join(format!("kring-access-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.kring");
    let (story, cast) = example::full_story();
    let case = story.id;
    let uncle = Actor::new(cast.uncle, Role::NetworkMember);
    {
        let store = Store::create(&path).unwrap();
        for e in &story.events {
            store
                .execute(e.case, e.actor, At::Time(e.at), e.command.clone())
                .unwrap();
        }
        store.case_for(case, &uncle).unwrap();
        store.case_for(case, &cast.professional()).unwrap();
        // A read the role is refused is not a read.
        let stranger = Actor::new(PersonId::from_u128(3), Role::Professional);
        assert!(store.case_for(case, &stranger).is_err());
        // Closed with two reads waiting in memory: closing writes them.
    }
    let store = Store::open(&path).unwrap();
    let log = store.access_log(case).unwrap();
    let history = store.history(case).unwrap();
    assert_eq!(log.len(), history.len() + 2);
    for (entry, logged) in log.iter().zip(&history) {
        assert_eq!(
            (entry.actor, entry.at, entry.what.as_str(), entry.seq),
            (
                logged.event.actor,
                logged.event.at,
                logged.event.command.name(),
                Some(logged.seq)
            )
        );
    }
    let reads: Vec<_> = log[history.len()..].iter().collect();
    assert_eq!(reads[0].actor, uncle);
    assert_eq!(reads[1].actor, cast.professional());
    assert!(
        reads
            .iter()
            .all(|r| r.what == kring::READ_VIEW && r.seq.is_none())
    );

    // Per person: the uncle's reads and commands, nobody else's.
    let of_uncle = store.access_log_of(cast.uncle).unwrap();
    let made = history
        .iter()
        .filter(|l| l.event.actor.person == cast.uncle)
        .count();
    assert_eq!(of_uncle.len(), made + 1);
    assert!(of_uncle.iter().all(|e| e.actor.person == cast.uncle));
    assert_eq!(of_uncle.last().unwrap().what, "case_for");

    // More reads than wait in memory, then a backup: the copy holds them all.
    for _ in 0..kring::READS_BUFFERED + 3 {
        store.case_for(case, &uncle).unwrap();
    }
    let copy = dir.join("copy.kring");
    store.backup(&copy).unwrap();
    let n = store.access_log(case).unwrap().len();
    assert_eq!(n, history.len() + 2 + kring::READS_BUFFERED + 3);
    drop(store);
    assert_eq!(
        Store::open(&copy).unwrap().access_log(case).unwrap().len(),
        n
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn imports_erasures_and_transactions_are_logged_too() {
    let store = Store::in_memory().unwrap();
    let (story, cast) = example::full_story();
    let items = story
        .events
        .iter()
        .map(|e| (e.case, e.actor, At::Time(e.at), e.command.clone()));
    store.import(items).unwrap();
    assert_eq!(
        store.access_log(story.id).unwrap().len(),
        story.events.len()
    );
    let at = story.state().updated_at + Duration::hours(1);
    store
        .transaction(|tx| {
            tx.execute(
                story.id,
                cast.coordinator(),
                At::Time(at),
                Command::RecordSatisfaction {
                    group: ParticipantGroup::MainPerson,
                    score: 7,
                    person: Some(cast.mother),
                },
            )
        })
        .unwrap();
    let admin = Actor::new(PersonId::from_u128(99), Role::Administrator);
    store
        .erase_person(cast.neighbour, None, admin, "At his request.")
        .unwrap();
    let log = store.access_log(story.id).unwrap();
    assert_eq!(log.len(), story.events.len() + 2);
    assert_eq!(log.last().unwrap().what, "erase_person");
    assert_eq!(store.access_log_of(admin.person).unwrap().len(), 1);
    assert!(
        store
            .access_log_of(PersonId::from_u128(98))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_store_of_an_older_format_takes_no_scoped_read() {
    let dir = std::env::temp_dir().join(format!("kring-access-old-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("v4.kring");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/golden/format-v4.kring"),
        &path,
    )
    .unwrap();
    let store = Store::open(&path).unwrap();
    let case = store.query(&Default::default()).unwrap()[0];
    let coordinator = store
        .case(case)
        .unwrap()
        .coordinator
        .unwrap()
        .coordinator
        .person
        .id;
    let err = store
        .case_for(case, &Actor::new(coordinator, Role::Coordinator))
        .unwrap_err();
    assert_eq!(err.code(), "upgrade_required");
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}
