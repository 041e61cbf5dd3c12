//! Erasing a person: after `erase_person` and a compaction, a unique marker given as the
//! person's name, phone number and address, and written into free text about them, is in no
//! read, no event, and no byte of the store file, its log, or a backup made afterwards.

use chrono::Duration;
use kring::domain::erasure::ERASED;
use kring::domain::*;
use kring::{At, Store};
use kring_testkit::example::{self, Cast};
use kring_testkit::{CaseDriver, add_member};

const MARKER: &str = "Kringmarker Zqxj";
const PHONE: &str = "kringmarker-06-31415926";
const ADDRESS: &str = "Kringmarkerstraat 27, Nergenshuizen";

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kring-erase-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The example case in follow-up, written into `store`, and a friend of the mother who
/// joins, gives her details, states her view, and is the subject of a worry and a note.
fn setup(store: &Store) -> (CaseDriver, Cast, PersonId) {
    let (full, cast) = example::full_story();
    let mut s = full.before("close_case");
    let friend = s.person(MARKER);
    let id = friend.id;
    let coordinator = cast.coordinator();
    let commands = vec![
        (
            coordinator,
            add_member(
                friend,
                cast.mother,
                RelationKind::Friend,
                Side::Own,
                Identified::WideningCircle,
            ),
        ),
        (
            Actor::new(id, Role::NetworkMember),
            Command::RecordContactDetails {
                person: id,
                details: ContactDetails {
                    phone: Some(PHONE.into()),
                    email: None,
                    address: Some(ADDRESS.into()),
                },
                consent: true,
            },
        ),
        (
            Actor::new(id, Role::NetworkMember),
            Command::RecordView {
                person: id,
                view: "I can take the boy on Wednesdays.".into(),
            },
        ),
        (
            coordinator,
            Command::RaiseSignal {
                id: s.new_id(),
                about: "She was not there on Wednesday.".into(),
                subject: Some(id),
            },
        ),
        (
            coordinator,
            Command::UpdateHelp {
                help: s.state().plan_in_force().unwrap().content.requested_help[0].id,
                status: HelpStatus::Started,
                note: Some(format!("Agreed with {MARKER} ({PHONE}).")),
            },
        ),
    ];
    for (actor, command) in commands {
        s.wait(Duration::hours(1));
        s.run(actor, command).unwrap();
    }
    for e in &s.events {
        store
            .execute(e.case, e.actor, At::Time(e.at), e.command.clone())
            .unwrap();
    }
    (s, cast, id)
}

fn holds_marker(bytes: &[u8]) -> bool {
    [MARKER, PHONE, ADDRESS, "Wednesday"]
        .iter()
        .any(|m| bytes.windows(m.len()).any(|w| w == m.as_bytes()))
}

#[test]
fn an_erased_person_is_in_no_read_no_event_and_no_byte_of_the_file() {
    let dir = tmp("whole");
    let path = dir.join("store.kring");
    let mut store = Store::create(&path).unwrap();
    let (s, cast, friend) = setup(&store);
    let case = s.id;
    let before = dir.join("before.kring");
    store.backup(&before).unwrap();
    assert!(
        holds_marker(&std::fs::read(&before).unwrap()),
        "the test's marker is in the store before"
    );
    let versions = store.case(case).unwrap().version;

    let admin = Actor::new(PersonId::from_u128(42), Role::Administrator);
    let report = store
        .erase_person(friend, None, admin, "At her request (AVG article 17).")
        .unwrap();
    assert_eq!(report.cases, vec![case]);
    assert_eq!(report.events, versions);

    // Every read: the state, every version, the history, the feed, a scoped read.
    let state = store.case(case).unwrap();
    let dump = serde_json::to_string(&kring_tests::dump(&store)).unwrap();
    assert!(!holds_marker(dump.as_bytes()), "{dump}");
    for v in 1..=state.version {
        let old = serde_json::to_string(&store.case_at_version(case, v).unwrap()).unwrap();
        assert!(!holds_marker(old.as_bytes()), "version {v}");
    }
    let feed = serde_json::to_string(&store.events_since(0, 100_000).unwrap()).unwrap();
    assert!(!holds_marker(feed.as_bytes()));
    let view = serde_json::to_string(&store.case_for(case, &cast.coordinator()).unwrap()).unwrap();
    assert!(!holds_marker(view.as_bytes()));

    // She is still in the circle, by id, under no name; the tombstone says who and why.
    assert_eq!(state.network[&friend].person.name, ERASED);
    assert!(!state.contacts.contains_key(&friend));
    let last = store.history(case).unwrap().pop().unwrap();
    assert!(matches!(last.event.command, Command::ErasePerson { person, .. } if person == friend));
    assert_eq!(last.event.actor, admin);
    assert_eq!(state.erasures.len(), 1);
    assert_eq!(state.erasures[0].by, admin.person);
    // Everyone else keeps their name, and the store verifies.
    assert_eq!(state.person(cast.mother), s.state().person(cast.mother));
    store.verify().unwrap();
    invariants::check(&state).unwrap();

    // The engine does not overwrite the pages it freed: the old bytes are still in the
    // file. After compaction, no byte of the file or its log, nor of a backup made now.
    assert!(holds_marker(&std::fs::read(&path).unwrap()));
    store.compact().unwrap();
    let after = dir.join("after.kring");
    store.backup(&after).unwrap();
    drop(store);
    for file in [&path, &after] {
        assert!(!holds_marker(&std::fs::read(file).unwrap()), "{file:?}");
    }
    let mut log = path.as_os_str().to_owned();
    log.push(".wal");
    assert!(!holds_marker(&std::fs::read(&log).unwrap()), "the log");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.case(case).unwrap(), state);
    store.verify().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_erasure_is_checked_like_a_command_and_a_refused_one_changes_nothing() {
    let store = Store::in_memory().unwrap();
    let (s, cast, friend) = setup(&store);
    let dump = kring_tests::dump(&store);
    let ground = "At her request.";
    // A professional does not erase; nor does anyone with an empty ground; nor is a
    // stranger found.
    let err = store
        .erase_person(friend, None, cast.professional(), ground)
        .unwrap_err();
    assert_eq!(err.code(), "permission_denied");
    let err = store
        .erase_person(friend, Some(s.id), cast.coordinator(), " ")
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    let err = store
        .erase_person(PersonId::from_u128(5), None, cast.coordinator(), ground)
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
    let err = store
        .erase_person(
            PersonId::from_u128(5),
            Some(s.id),
            cast.coordinator(),
            ground,
        )
        .unwrap_err();
    assert_eq!(
        err.domain().and_then(|e| e.rule()),
        Some(Rule::ReferencesResolve)
    );
    assert_eq!(kring_tests::dump(&store), dump, "nothing changed");

    // The coordinator erases her from the one case; the case goes on.
    store
        .erase_person(friend, Some(s.id), cast.coordinator(), ground)
        .unwrap();
    let state = store.case(s.id).unwrap();
    store
        .execute(
            s.id,
            cast.coordinator(),
            At::Time(state.updated_at + Duration::hours(1)),
            Command::RecordSatisfaction {
                group: ParticipantGroup::MainPerson,
                score: 8,
                person: Some(cast.mother),
            },
        )
        .unwrap();
    store.verify().unwrap();
}
