//! Conflicts: a command made by a caller who read the case at one version is refused with
//! `conflict` when the case has moved on, and nothing is written. Two people editing one case
//! from a web front end do not overwrite each other unseen.

use std::sync::Arc;

use chrono::Duration;
use kring::domain::*;
use kring::{At, Store};
use kring_testkit::example;

fn score(score: u8) -> Command {
    Command::RecordSatisfaction {
        group: ParticipantGroup::MainPerson,
        score,
        person: None,
    }
}

#[test]
fn a_command_on_a_case_that_moved_on_is_a_conflict_and_writes_nothing() {
    let store = Store::in_memory().unwrap();
    let (story, cast) = example::full_story();
    let first = &story.events[0];
    // A new case is at version 0.
    let err = store
        .execute_at_version(
            first.case,
            1,
            first.actor,
            At::Time(first.at),
            first.command.clone(),
        )
        .unwrap_err();
    assert_eq!(err.code(), "conflict");
    store
        .execute_at_version(
            first.case,
            0,
            first.actor,
            At::Time(first.at),
            first.command.clone(),
        )
        .unwrap();
    for e in &story.events[1..] {
        store
            .execute(e.case, e.actor, At::Time(e.at), e.command.clone())
            .unwrap();
    }
    let read = store.case(story.id).unwrap();
    let at = read.updated_at + Duration::hours(1);

    // Two people read version v; the first to write wins, the second is told.
    store
        .execute_at_version(
            story.id,
            read.version,
            cast.coordinator(),
            At::Time(at),
            score(8),
        )
        .unwrap();
    let before = kring_tests::dump(&store);
    let err = store
        .execute_at_version(
            story.id,
            read.version,
            cast.regional_manager(),
            At::Time(at),
            score(6),
        )
        .unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert_eq!(
        err.to_string(),
        format!(
            "case `{}` is at version {}, not {}: read it again",
            story.id,
            read.version + 1,
            read.version
        )
    );
    assert_eq!(kring::error_class(err.code()).name, "Conflict");
    assert_eq!(kring_tests::dump(&store), before, "nothing was written");
    // Read again, and it goes through.
    let again = store.case(story.id).unwrap().version;
    store
        .execute_at_version(
            story.id,
            again,
            cast.regional_manager(),
            At::Time(at),
            score(6),
        )
        .unwrap();

    // In a transaction, the version counts the transaction's own commands.
    let v = store.case(story.id).unwrap().version;
    store
        .transaction(|tx| {
            tx.execute_at_version(story.id, v, cast.coordinator(), At::Time(at), score(7))?;
            tx.execute_at_version(story.id, v + 1, cast.coordinator(), At::Time(at), score(7))
        })
        .unwrap();
    let err = store
        .transaction(|tx| {
            tx.execute_at_version(story.id, v + 2, cast.coordinator(), At::Time(at), score(7))?;
            tx.execute_at_version(story.id, v + 2, cast.coordinator(), At::Time(at), score(7))
        })
        .unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert_eq!(
        store.case(story.id).unwrap().version,
        v + 2,
        "all of it, or none"
    );
}

#[test]
fn of_many_writers_who_read_the_same_version_exactly_one_wins() {
    let store = Arc::new(Store::in_memory().unwrap());
    let (story, cast) = example::full_story();
    for e in &story.events {
        store
            .execute(e.case, e.actor, At::Time(e.at), e.command.clone())
            .unwrap();
    }
    let version = store.case(story.id).unwrap().version;
    let handles: Vec<_> = (0..8u8)
        .map(|i| {
            let store = Arc::clone(&store);
            let actor = cast.coordinator();
            let case = story.id;
            std::thread::spawn(move || {
                store
                    .execute_at_version(
                        case,
                        version,
                        actor,
                        At::Now,
                        Command::RecordSatisfaction {
                            group: ParticipantGroup::MainPerson,
                            score: i + 1,
                            person: None,
                        },
                    )
                    .map_err(|e| e.code())
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    assert!(
        results
            .iter()
            .filter(|r| r.is_err())
            .all(|r| *r == Err("conflict"))
    );
    assert_eq!(store.case(story.id).unwrap().version, version + 1);
}
