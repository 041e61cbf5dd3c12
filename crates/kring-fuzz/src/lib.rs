//! What the fuzz targets in `fuzz/` check, as plain functions that panic when a property
//! fails. The targets are a few lines each; every crash they find is saved under
//! `regressions/<target>/` and replayed by this crate's tests in the normal suite.

#![forbid(unsafe_code)]

use kring_domain::*;
use kring_testkit::example;
use kring_testkit::sim::{Input, Sim};

/// Arbitrary bytes drive a sequence of commands (valid and broken) through the pure model.
/// After every step: an accepted command keeps every invariant; a refused one changes
/// nothing and, if it names a rule, names ids too; an erased person is gone from the state and
/// their rewritten history replays; details withheld are in no read of whom they are withheld
/// from. At the end the events replay to the same state, and state and events round-trip
/// through JSON.
pub fn commands(data: &[u8]) {
    let Some((seed, rest)) = data.split_first_chunk::<8>() else {
        return;
    };
    let mut sim = Sim::new(u64::from_le_bytes(*seed));
    for chunk in rest.chunks_exact(6).take(2_000) {
        let input = Input::from_bytes(chunk.try_into().expect("six bytes"));
        let before = sim.driver.case.clone();
        let (proposal, result) = sim.step(input);
        match result {
            Ok(_) => {
                let case = sim
                    .driver
                    .case
                    .as_ref()
                    .expect("state after an accepted command");
                if let Err(broken) = invariants::check(case) {
                    panic!("invariant broken: {broken}\nafter {proposal:?}");
                }
                privacy(case, &proposal.command, &sim.driver.events);
            }
            Err(err) => {
                assert_eq!(
                    sim.driver.case, before,
                    "a refused command changed the state: {err}"
                );
                if let Error::RuleViolation { ids, .. } = &err {
                    assert!(!ids.is_empty(), "a rule violation without ids: {err}");
                }
            }
        }
    }
    if let Some(case) = &sim.driver.case {
        assert_eq!(
            Case::replay(&sim.driver.events).as_ref(),
            Some(case),
            "replay differs"
        );
        let json = serde_json::to_string(case).expect("serialise");
        assert_eq!(
            &serde_json::from_str::<Case>(&json).expect("deserialise"),
            case
        );
    }
}

/// Arbitrary bytes as a JSON command: parsing either fails cleanly or gives a command that
/// `decide` judges without panicking, against a case in every phase of the example.
pub fn command_json(data: &[u8]) {
    let Ok(command) = serde_json::from_slice::<Command>(data) else {
        return;
    };
    let (s, cast) = example::full_story();
    for n in [1, s.events.len() / 3, s.events.len() / 2, s.events.len()] {
        let case = Case::replay(&s.events[..n]).expect("replay");
        for actor in [
            cast.coordinator(),
            cast.professional(),
            cast.uncle(),
            cast.youth(),
            cast.regional_manager(),
        ] {
            let _ = decide(
                Some(&case),
                case.id,
                actor,
                case.updated_at,
                command.clone(),
            );
        }
    }
    let _ = decide(None, s.id, cast.youth(), s.now, command);
}

/// Arbitrary bytes as a stored value: decoding is an error or a value, never a panic, and a
/// value that decodes encodes back to bytes that decode to the same value.
pub fn decode_value(data: &[u8]) {
    use kring::format::{decode, encode};
    if let Ok(case) = decode::<Case>(data) {
        let again: Case = decode(&encode(&case).expect("encode")).expect("re-decode");
        assert_eq!(again, case);
    }
    if let Ok(event) = decode::<Event>(data) {
        let again: Event = decode(&encode(&event).expect("encode")).expect("re-decode");
        assert_eq!(again, event);
    }
    if let Ok(figures) = decode::<kring::CaseFigures>(data) {
        let again: kring::CaseFigures =
            decode(&encode(&figures).expect("encode")).expect("re-decode");
        assert_eq!(again, figures);
    }
    use kring::domain::rows::CaseRows;
    use kring::format::{ROWS_SINCE, decode_borrowed};
    if let Ok(rows) = decode_borrowed::<CaseRows<'_>>(data, ROWS_SINCE) {
        let bytes = encode(&rows).expect("encode");
        let again: CaseRows<'_> = decode_borrowed(&bytes, ROWS_SINCE).expect("re-decode");
        assert_eq!(again, rows);
    }
}

/// Arbitrary bytes as a store file: opening gives a store or a typed error, never a panic;
/// an opened store answers reads and `verify()` with values or typed errors, takes a write
/// (a durable commit) or refuses it with one, and closes without aborting.
pub fn open_store(data: &[u8]) {
    use kring::StorageBackend;
    let backend = kring::redb_in_memory();
    if backend.set_len(data.len() as u64).is_err() || backend.write(0, data).is_err() {
        return;
    }
    let Ok(store) = kring::Store::builder().with_backend(backend) else {
        return;
    };
    let _ = store.verify();
    let _ = store.last_seq();
    let _ = store.events_since(0, 50);
    if let Ok(ids) = store.query(&kring::CaseQuery::default()) {
        for id in ids.into_iter().take(20) {
            let _ = store.case(id);
            let _ = store.history(id);
        }
    }
    let _ = store.evaluations_due(chrono_date());
    let _ = kring_testkit::generate(&store, 3, 1);
    let _ = store.summaries(&kring::CaseQuery::default());
    if let Ok(figures) = store.figures() {
        figures.take(50).for_each(drop);
    }
}

fn chrono_date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2030, 1, 1).expect("valid date")
}

/// After an erasure: the person is gone from the state, and their history, rewritten as the
/// store rewrites it, replays and keeps the invariants. After a withholding: no read made for
/// the people named holds the details.
fn privacy(case: &Case, command: &Command, events: &[Event]) {
    use kring_domain::erasure::{ERASED, Eraser};
    match command {
        Command::ErasePerson { person, .. } => {
            let record = case
                .person(*person)
                .expect("an erased person keeps their id");
            assert_eq!((record.name.as_str(), record.birth_date), (ERASED, None));
            assert!(!case.contacts.contains_key(person));
            let eraser = Eraser::from_events(*person, events);
            let rewritten: Vec<Event> = events
                .iter()
                .map(|e| eraser.erase_event(e).expect("an event rewritten"))
                .collect();
            let state = Case::replay(&rewritten).expect("a rewritten history replays");
            if let Err(broken) = invariants::check(&state) {
                panic!("invariant broken after rewriting the history: {broken}");
            }
        }
        Command::WithholdDetails { person, from } => {
            for f in from {
                let role = if case.is_main_person(*f) {
                    Role::MainPerson
                } else if case.network.contains_key(f) {
                    Role::NetworkMember
                } else if case.professionals.contains_key(f) {
                    Role::Professional
                } else {
                    continue;
                };
                let view = case
                    .view_for(&Actor::new(*f, role))
                    .expect("a reader in the case");
                assert!(!view.contacts.unwrap_or_default().contains_key(person));
            }
        }
        _ => {}
    }
}
