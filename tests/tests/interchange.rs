//! The kring case file between two stores (`docs/interchange.md`): a case travels with its
//! whole history and keeps who wrote each event; the copy is read-only until the case is
//! handed over; histories that forked are refused, naming both events; a bad file changes
//! nothing.

use chrono::Duration;
use kring::domain::*;
use kring::{At, CaseFile, Store};
use kring_testkit::example;
use kring_tests::dump;

/// A store holding the example case (closed, after follow-up), and the case's cast.
fn origin() -> (Store, CaseId, example::Cast) {
    let store = Store::in_memory().unwrap();
    let (story, cast) = example::full_story();
    for e in &story.events {
        store
            .execute(e.case, e.actor, At::Time(e.at), e.command.clone())
            .unwrap();
    }
    (store, story.events[0].case, cast)
}

fn later(store: &Store, case: CaseId) -> At {
    At::Time(store.case(case).unwrap().updated_at + Duration::minutes(1))
}

fn hand_over(store: &Store, case: CaseId, cast: &example::Cast, to: StoreId) -> Event {
    let at = later(store, case);
    store
        .execute(
            case,
            cast.coordinator(),
            at,
            Command::HandOver {
                to,
                reason: "the family moved to another region".into(),
            },
        )
        .unwrap()
}

fn satisfaction(score: u8) -> Command {
    Command::RecordSatisfaction {
        group: ParticipantGroup::MainPerson,
        score,
        person: None,
    }
}

#[test]
fn a_case_travels_with_its_history_and_comes_back_as_the_same_bytes() {
    let (a, case, _) = origin();
    let file = a.export_case(case).unwrap();
    assert_eq!(file.events.len() as u64, a.case(case).unwrap().version);
    assert!(file.events.iter().all(|f| f.origin == a.id()));
    let text = file.to_json();

    let b = Store::in_memory().unwrap();
    let report = b.import_case(&CaseFile::from_json(&text).unwrap()).unwrap();
    assert_eq!(report.added, file.events.len() as u64);
    assert_eq!(report.holder.as_u128(), a.store_id());
    assert_eq!(b.case(case).unwrap(), a.case(case).unwrap());
    assert_eq!(b.holder(case).unwrap().as_u128(), a.store_id());
    // Exported again from the copy: the same bytes, every event still from the origin.
    assert_eq!(b.export_case(case).unwrap().to_json(), text);
    // And once more through a third store.
    let c = Store::in_memory().unwrap();
    c.import_case(&file).unwrap();
    assert_eq!(c.export_case(case).unwrap().to_json(), text);
    b.verify().unwrap();
}

#[test]
fn importing_a_file_twice_changes_nothing() {
    let (a, case, _) = origin();
    let file = a.export_case(case).unwrap();
    let b = Store::in_memory().unwrap();
    b.import_case(&file).unwrap();
    let before = (dump(&b), b.last_seq().unwrap());
    let again = b.import_case(&file).unwrap();
    assert_eq!((again.added, again.version), (0, file.events.len() as u64));
    assert_eq!((dump(&b), b.last_seq().unwrap()), before);
    // An older file of the same case (a prefix of its history) changes nothing either.
    let mut older = file.clone();
    older.events.truncate(5);
    assert_eq!(b.import_case(&older).unwrap().added, 0);
    assert_eq!((dump(&b), b.last_seq().unwrap()), before);
}

#[test]
fn a_copy_is_read_only_and_follows_its_holder() {
    let (a, case, cast) = origin();
    let b = Store::in_memory().unwrap();
    b.import_case(&a.export_case(case).unwrap()).unwrap();
    let before = dump(&b);
    let err = b
        .execute(case, cast.coordinator(), later(&b, case), satisfaction(8))
        .unwrap_err();
    assert_eq!(err.code(), "read_only_copy");
    assert!(err.to_string().contains(&a.id().to_string()), "{err}");
    assert_eq!(dump(&b), before);
    // The holder writes on; the copy takes the new events from the next file.
    a.execute(case, cast.coordinator(), later(&a, case), satisfaction(8))
        .unwrap();
    let report = b.import_case(&a.export_case(case).unwrap()).unwrap();
    assert_eq!(report.added, 1);
    assert_eq!(b.case(case).unwrap(), a.case(case).unwrap());
}

/// A backup keeps who wrote each event brought from another store, which cases are another
/// store's read-only copies, and how far another store was followed: the restored copy is
/// still read-only, and exports the same file.
#[test]
fn a_backup_keeps_origins_holders_and_cursors() {
    let (a, case, cast) = origin();
    let dir = std::env::temp_dir().join(format!("kring-backup-origins-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let b = Store::create(dir.join("b.kring")).unwrap();
    b.import_case(&a.export_case(case).unwrap()).unwrap();
    let other = Store::in_memory().unwrap();
    let followed = kring_testkit::generate(&other, 4, 3).unwrap();
    b.follow(&other.feed(0, 1000).unwrap(), None).unwrap();
    let copy = dir.join("copy.kring");
    b.backup(&copy).unwrap();
    let restored = Store::open(&copy).unwrap();
    assert_eq!(restored.holder(case).unwrap(), a.id());
    assert!(
        followed
            .iter()
            .all(|&c| restored.holder(c).unwrap() == other.id())
    );
    assert_eq!(
        restored.cursor(other.id()).unwrap(),
        b.cursor(other.id()).unwrap()
    );
    assert_eq!(
        restored.export_case(case).unwrap().to_json(),
        b.export_case(case).unwrap().to_json()
    );
    let err = restored
        .execute(
            case,
            cast.coordinator(),
            later(&restored, case),
            satisfaction(8),
        )
        .unwrap_err();
    assert_eq!(err.code(), "read_only_copy");
    restored.verify().unwrap();
    drop((b, restored));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_handover_moves_the_pen() {
    let (a, case, cast) = origin();
    let b = Store::in_memory().unwrap();
    hand_over(&a, case, &cast, b.id());
    assert_eq!(a.holder(case).unwrap(), b.id());
    // The old holder's copy is read-only at once.
    let err = a
        .execute(case, cast.coordinator(), later(&a, case), satisfaction(7))
        .unwrap_err();
    assert_eq!(err.code(), "read_only_copy");
    // The new holder takes the file and writes.
    let report = b.import_case(&a.export_case(case).unwrap()).unwrap();
    assert_eq!(report.holder, b.id());
    b.execute(case, cast.coordinator(), later(&b, case), satisfaction(7))
        .unwrap();
    // The old holder follows: the new event is from the new holder.
    let file = b.export_case(case).unwrap();
    assert_eq!(file.events.last().unwrap().origin, b.id());
    assert_eq!(a.import_case(&file).unwrap().added, 1);
    assert_eq!(a.case(case).unwrap(), b.case(case).unwrap());
    assert_eq!(a.export_case(case).unwrap().to_json(), file.to_json());
    // A store cannot hand a case over to itself.
    let at = later(&b, case);
    let err = b
        .execute(
            case,
            cast.coordinator(),
            at,
            Command::HandOver {
                to: b.id(),
                reason: "x".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
}

#[test]
fn two_stores_that_wrote_one_case_are_refused_naming_both_events() {
    let dir = std::env::temp_dir().join(format!("kring-interchange-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (a, case, cast) = origin();
    // A copy of the origin made before it wrote on (a backup keeps the store's id), which
    // then writes a different event at the same version: the histories fork.
    a.backup(dir.join("restored.kring")).unwrap();
    let restored = Store::open(dir.join("restored.kring")).unwrap();
    a.execute(case, cast.coordinator(), later(&a, case), satisfaction(8))
        .unwrap();
    restored
        .execute(
            case,
            cast.coordinator(),
            later(&restored, case),
            satisfaction(3),
        )
        .unwrap();
    let b = Store::in_memory().unwrap();
    b.import_case(&a.export_case(case).unwrap()).unwrap();
    let before = dump(&b);
    let err = b
        .import_case(&restored.export_case(case).unwrap())
        .unwrap_err();
    assert_eq!(err.code(), "diverged");
    let version = a.case(case).unwrap().version;
    let message = err.to_string();
    assert!(message.contains(&format!("version {version}")), "{message}");
    let ours = a.export_case(case).unwrap().events.last().unwrap().seq;
    let theirs = restored
        .export_case(case)
        .unwrap()
        .events
        .last()
        .unwrap()
        .seq;
    assert!(message.contains(&format!("#{ours}")), "{message}");
    assert!(message.contains(&format!("#{theirs}")), "{message}");
    assert_eq!(dump(&b), before);
    drop(restored);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_file_gets_a_typed_error_and_changes_nothing() {
    let (a, case, _) = origin();
    let file = a.export_case(case).unwrap();
    let text = file.to_json();
    let b = Store::in_memory().unwrap();
    let (other, _) = kring_testkit::generate(&b, 7, 1)
        .map(|ids| (ids[0], ()))
        .unwrap();
    let before = (dump(&b), b.last_seq().unwrap());
    let refused = |file: &CaseFile| b.import_case(file).unwrap_err();

    // Truncated: not JSON any more.
    let err = CaseFile::from_json(&text[..text.len() / 2]).unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    // From a newer kring.
    let newer = text.replacen("\"kring_case_file\":1", "\"kring_case_file\":2", 1);
    let err = CaseFile::from_json(&newer).unwrap_err();
    assert!(err.to_string().contains("newer"), "{err}");
    // Reordered events.
    let mut reordered = file.clone();
    reordered.events.swap(3, 4);
    let err = refused(&reordered);
    assert!(err.to_string().contains("position 4"), "{err}");
    // An event of another case.
    let mut mixed = file.clone();
    mixed.events[2].event.case = other;
    assert_eq!(refused(&mixed).code(), "invalid_input");
    // A forged origin: an event claimed by a store that did not hold the case.
    let mut forged = file.clone();
    forged.events[6].origin = StoreId::from_u128(42);
    let err = refused(&forged);
    assert!(err.to_string().contains("event 7"), "{err}");
    assert!(err.to_string().contains("did not write the case"), "{err}");
    // An event that breaks a rule: a professional writing the plan (rule 1).
    let mut broken = file.clone();
    let at = broken
        .events
        .iter()
        .position(|f| matches!(f.event.command, Command::SubmitPlan { .. }))
        .unwrap();
    broken.events[at].event.actor =
        Actor::new(broken.events[0].event.actor.person, Role::Professional);
    let err = refused(&broken);
    assert_eq!(err.code(), "permission_denied");
    assert_eq!(err.domain().unwrap().rule(), Some(Rule::PlanByCircle));
    assert!(
        err.to_string()
            .contains(&format!("event {} (submit_plan)", at + 1)),
        "{err}"
    );
    // An event whose recorded outcome is not what its command gives.
    let mut tampered = file.clone();
    tampered.events[1].event.version = 2;
    tampered.events[1].event.at += Duration::days(-400);
    assert!(b.import_case(&tampered).is_err());
    // Nothing was written by any of them.
    assert_eq!((dump(&b), b.last_seq().unwrap()), before);
    // And the good file still imports.
    b.import_case(&file).unwrap();
}

fn same_cases(a: &Store, b: &Store, cases: &[CaseId]) {
    for &c in cases {
        assert_eq!(a.case(c).unwrap(), b.case(c).unwrap(), "case {c}");
        assert_eq!(
            a.export_case(c).unwrap().to_json(),
            b.export_case(c).unwrap().to_json(),
            "case {c}"
        );
    }
}

#[test]
fn a_store_follows_another_through_its_feed_in_batches() {
    let a = Store::in_memory().unwrap();
    let mut cases = kring_testkit::generate(&a, 11, 30).unwrap();
    let b = Store::in_memory().unwrap();
    let mut after = 0;
    loop {
        let batch = a.feed(after, 97).unwrap();
        if batch.is_empty() {
            break;
        }
        let report = b.follow(&batch, None).unwrap();
        assert_eq!(report.cursor, batch.last().unwrap().seq);
        after = report.cursor;
    }
    assert_eq!(b.cursor(a.id()).unwrap(), a.last_seq().unwrap());
    same_cases(&a, &b, &cases);
    b.verify().unwrap();
    // The same batch again changes nothing; so does a batch from before the cursor.
    let before = (dump(&b), b.last_seq().unwrap());
    let again = b.follow(&a.feed(0, 500).unwrap(), None).unwrap();
    assert_eq!((again.added, again.skipped), (0, 500));
    assert_eq!((dump(&b), b.last_seq().unwrap()), before);
    // The origin writes on; the follower catches up from its cursor.
    cases.extend(kring_testkit::generate(&a, 12, 5).unwrap());
    let report = b
        .follow(&a.feed(b.cursor(a.id()).unwrap(), 100_000).unwrap(), None)
        .unwrap();
    assert!(report.added > 0 && report.skipped == 0);
    same_cases(&a, &b, &cases);
    // Every case followed is a read-only copy.
    assert!(cases.iter().all(|&c| b.holder(c).unwrap() == a.id()));
    // A follower's feed passes the events on with their origin: a third store follows it.
    let c = Store::in_memory().unwrap();
    c.follow(&b.feed(0, 100_000).unwrap(), None).unwrap();
    same_cases(&a, &c, &cases);
    assert!(cases.iter().all(|&k| c.holder(k).unwrap() == a.id()));
}

#[test]
fn a_store_follows_only_the_cases_it_chose() {
    let a = Store::in_memory().unwrap();
    let cases = kring_testkit::generate(&a, 13, 6).unwrap();
    let b = Store::in_memory().unwrap();
    let chosen: std::collections::HashSet<CaseId> = cases[..2].iter().copied().collect();
    let report = b
        .follow(&a.feed(0, 100_000).unwrap(), Some(&chosen))
        .unwrap();
    assert_eq!(report.cursor, a.last_seq().unwrap());
    assert_eq!(b.query(&Default::default()).unwrap().len(), 2);
    same_cases(&a, &b, &cases[..2]);
    // A case chosen later, whose beginning the cursor has passed, is imported from its case
    // file; the feed then keeps it up to date.
    b.import_case(&a.export_case(cases[3]).unwrap()).unwrap();
    assert_eq!(b.case(cases[3]).unwrap(), a.case(cases[3]).unwrap());
}

#[test]
fn a_bad_feed_batch_changes_nothing() {
    let a = Store::in_memory().unwrap();
    kring_testkit::generate(&a, 14, 3).unwrap();
    let b = Store::in_memory().unwrap();
    let feed = a.feed(0, 100_000).unwrap();
    let before = (dump(&b), b.cursor(a.id()).unwrap());
    let mut reordered = feed.clone();
    reordered.swap(5, 6);
    assert!(
        b.follow(&reordered, None)
            .unwrap_err()
            .to_string()
            .contains("out of order")
    );
    // A gap in a case: an event missing.
    let mut gap = feed.clone();
    gap.remove(3);
    let err = b.follow(&gap, None).unwrap_err();
    assert!(
        err.to_string().contains("import the case file first"),
        "{err}"
    );
    // A store's own feed.
    assert_eq!(a.follow(&feed, None).unwrap_err().code(), "invalid_input");
    // A newer format.
    let newer = feed[0]
        .to_json()
        .replacen("\"kring_feed\":1", "\"kring_feed\":2", 1);
    assert!(
        kring::FeedEntry::from_json(&newer)
            .unwrap_err()
            .to_string()
            .contains("newer")
    );
    assert_eq!((dump(&b), b.cursor(a.id()).unwrap()), before);
}

/// The texts of the example case a party outside it must not learn: every name, the
/// request's description, and the ids of its people.
fn identifying_texts(a: &Store, case: CaseId) -> Vec<String> {
    let state = a.case(case).unwrap();
    let mut texts = vec![state.description.clone()];
    for p in state.people() {
        texts.push(p.to_string());
        texts.push(state.person(p).unwrap().name.clone());
    }
    texts
}

#[test]
fn a_scoped_file_holds_what_its_reader_may_see_and_is_logged() {
    let (a, case, cast) = origin();
    let file = a.export_case_for(case, &cast.uncle()).unwrap();
    assert_eq!(file.disclosure, kring::Disclosure::Scoped);
    assert_eq!((file.case, file.store), (case, a.id()));
    // A network member does not see the request: its description is not in the file.
    assert_eq!(file.view.description, None);
    let text = file.to_json();
    assert!(!text.contains(&a.case(case).unwrap().description));
    assert!(
        !text.contains("\"events\""),
        "a scoped file holds no history"
    );
    assert_eq!(kring::ScopedCaseFile::from_json(&text).unwrap(), file);
    // The same view a scoped read gives, and the read is in the access log.
    assert_eq!(file.view, a.case_for(case, &cast.uncle()).unwrap());
    let log = a.access_log(case).unwrap();
    let reads = log
        .iter()
        .filter(|e| e.what == "case_for" && e.actor == cast.uncle())
        .count();
    assert_eq!(reads, 2);
    // Someone without a role in the case gets nothing.
    let stranger = Actor::new(PersonId::from_u128(7), Role::NetworkMember);
    assert_eq!(
        a.export_case_for(case, &stranger).unwrap_err().code(),
        "permission_denied"
    );
    // It does not import, as what it is.
    let b = Store::in_memory().unwrap();
    let err = CaseFile::from_json(&text).unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert!(
        err.to_string().contains("only a full case file imports"),
        "{err}"
    );
    let mut full = a.export_case(case).unwrap();
    full.disclosure = kring::Disclosure::Scoped;
    let err = b.import_case(&full).unwrap_err();
    assert!(err.to_string().contains("discloses `scoped`"), "{err}");
    assert_eq!(b.len().unwrap(), 0);
}

#[test]
fn a_pseudonymised_file_names_nobody_and_joins_the_research_tables() {
    use kring_research::{Disclosure, PseudonymisedCaseFile, Value};
    let (a, case, _) = origin();
    let key = Disclosure::pseudonymised(*b"an exchange key, 32 bytes long!!").unwrap();
    let file = kring_research::export_case_pseudonymised(&a, case, &key).unwrap();
    assert_eq!(file.disclosure, kring::Disclosure::Pseudonymised);
    let text = file.to_json();
    for secret in identifying_texts(&a, case) {
        assert!(!text.contains(&secret), "the file leaks {secret}");
    }
    assert!(!text.contains(&case.to_string()));
    assert!(!text.contains(&a.id().to_string()), "it names no store");
    // The case's pseudonym is the one the research tables give with the same key, so the
    // two join; another key gives another.
    let tables = kring_research::store_tables(&a, &key).unwrap();
    let cases = tables.iter().find(|t| t.name == "cases").unwrap();
    assert_eq!(cases.rows.len(), 1);
    assert_eq!(cases.rows[0][0], Value::Text(file.case.clone()));
    assert_eq!(file.tables, tables);
    let other = Disclosure::pseudonymised(*b"another key of 32 bytes, random!").unwrap();
    assert_ne!(
        PseudonymisedCaseFile::of(&a.case(case).unwrap(), &other)
            .unwrap()
            .case,
        file.case
    );
    // It needs a key.
    let err =
        kring_research::export_case_pseudonymised(&a, case, &Disclosure::Identifying).unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    // It does not import.
    let err = CaseFile::from_json(&text).unwrap_err();
    assert!(
        err.to_string().contains("discloses `pseudonymised`"),
        "{err}"
    );
}

#[test]
fn an_erasure_reaches_the_copies_through_the_feed_and_the_case_file() {
    let (a, case, cast) = origin();
    let name = a
        .case(case)
        .unwrap()
        .person(cast.neighbour)
        .unwrap()
        .name
        .clone();
    // A follower and a store that imported the case file, both before the erasure.
    let follower = Store::in_memory().unwrap();
    follower.follow(&a.feed(0, 100_000).unwrap(), None).unwrap();
    let copy = Store::in_memory().unwrap();
    copy.import_case(&a.export_case(case).unwrap()).unwrap();
    assert!(dump(&copy).to_string().contains(&name));

    a.erase_person(
        cast.neighbour,
        Some(case),
        cast.coordinator(),
        "the neighbour asked to be forgotten",
    )
    .unwrap();
    let erased = a.export_case(case).unwrap();
    assert!(!erased.to_json().contains(&name));

    // The follower takes the tombstone and writes its history again as the holder did.
    let after = follower.cursor(a.id()).unwrap();
    let report = follower.follow(&a.feed(after, 100).unwrap(), None).unwrap();
    assert_eq!((report.added, report.erasures), (1, 1));
    assert_eq!(follower.export_case(case).unwrap(), erased);
    assert_eq!(follower.case(case).unwrap(), a.case(case).unwrap());
    assert!(!dump(&follower).to_string().contains(&name));
    follower.verify().unwrap();

    // The copy takes the holder's new file, whose earlier events are already erased.
    let report = copy.import_case(&erased).unwrap();
    assert_eq!((report.added, report.erasures), (1, 1));
    assert_eq!(copy.export_case(case).unwrap(), erased);
    assert!(!dump(&copy).to_string().contains(&name));
    copy.verify().unwrap();
    // Again: nothing changes.
    assert_eq!(copy.import_case(&erased).unwrap().added, 0);

    // Both go on following the holder after the erasure.
    let more = a
        .execute(case, cast.coordinator(), later(&a, case), satisfaction(4))
        .unwrap();
    let after = follower.cursor(a.id()).unwrap();
    follower.follow(&a.feed(after, 100).unwrap(), None).unwrap();
    copy.import_case(&a.export_case(case).unwrap()).unwrap();
    assert_eq!(follower.case(case).unwrap().version, more.version);
    assert_eq!(
        copy.export_case(case).unwrap(),
        a.export_case(case).unwrap()
    );
}
