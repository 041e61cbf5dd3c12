use std::sync::Arc;

use chrono::Duration;
use kring::domain::*;
use kring::*;
use kring_testkit::{example, workload};

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kring-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&dir);
    dir
}

/// Executes every event of the example story through the store.
fn load_story(store: &Store) -> (kring_testkit::CaseDriver, example::Cast) {
    let (s, cast) = example::full_story();
    for e in &s.events {
        store
            .execute(e.case, e.actor, e.at, e.command.clone())
            .unwrap();
    }
    (s, cast)
}

#[test]
fn a_case_through_the_store_is_the_pure_fold() {
    let store = Store::in_memory().unwrap();
    let (s, _) = load_story(&store);
    let case = store.case(s.id).unwrap();
    assert_eq!(&case, s.state());
    let history = store.history(s.id).unwrap();
    assert_eq!(
        history.iter().map(|r| r.event.clone()).collect::<Vec<_>>(),
        s.events
    );
    assert_eq!(
        history.iter().map(|r| r.seq).collect::<Vec<_>>(),
        (1..=s.events.len() as u64).collect::<Vec<_>>()
    );
    store.verify().unwrap();
}

#[test]
fn time_travel_by_version_and_moment() {
    let store = Store::in_memory().unwrap();
    let (s, _) = load_story(&store);
    for v in [1u64, 5, 20, s.events.len() as u64] {
        let expected = Case::replay(&s.events[..v as usize]).unwrap();
        assert_eq!(store.case_at_version(s.id, v).unwrap(), expected);
        let at = s.events[v as usize - 1].at;
        let upto = s.events.iter().take_while(|e| e.at <= at).count();
        assert_eq!(
            store.case_at(s.id, at).unwrap(),
            Case::replay(&s.events[..upto]).unwrap()
        );
    }
    assert_eq!(
        store.case_at_version(s.id, 0).unwrap_err().code(),
        "not_found"
    );
    assert_eq!(
        store.case_at_version(s.id, 10_000).unwrap_err().code(),
        "not_found"
    );
    assert_eq!(
        store
            .case_at(s.id, s.events[0].at - Duration::seconds(1))
            .unwrap_err()
            .code(),
        "not_found"
    );
}

#[test]
fn queries_find_cases_by_every_index() {
    let store = Store::builder()
        .durability(Durability::Fast)
        .in_memory()
        .unwrap();
    let generated: Vec<_> = workload::cases(3, 120).collect();
    store
        .transaction(|tx| {
            for g in &generated {
                for st in &g.commands {
                    tx.execute(g.id, st.actor, st.at, st.command.clone())?;
                }
            }
            Ok(())
        })
        .unwrap();
    assert_eq!(store.len().unwrap(), 120);
    let all: Vec<Case> = generated.iter().map(|g| g.state.clone()).collect();
    let expect = |f: &dyn Fn(&Case) -> bool| {
        let mut ids: Vec<CaseId> = all.iter().filter(|c| f(c)).map(|c| c.id).collect();
        ids.sort();
        ids
    };
    let q = |q: CaseQuery| store.query(&q).unwrap();
    for phase in Phase::ALL {
        assert_eq!(
            q(CaseQuery {
                phase: Some(*phase),
                ..Default::default()
            }),
            expect(&|c| c.phase == *phase)
        );
    }
    for v in domain::Variant::ALL {
        assert_eq!(
            q(CaseQuery {
                variant: Some(*v),
                ..Default::default()
            }),
            expect(&|c| c.variant == *v)
        );
    }
    let coord = workload::coordinator_id(7);
    let coord_cases = expect(&|c| {
        c.coordinator
            .as_ref()
            .is_some_and(|a| a.coordinator.person.id == coord)
    });
    assert_eq!(
        q(CaseQuery {
            coordinator: Some(coord),
            ..Default::default()
        }),
        coord_cases
    );
    let org = workload::organisation_id(4);
    let org_cases = expect(&|c| c.organisations.contains_key(&org));
    assert!(!org_cases.is_empty());
    assert_eq!(
        q(CaseQuery {
            organisation: Some(org),
            ..Default::default()
        }),
        org_cases
    );
    let person = all[5].main_persons[0].person.id;
    assert_eq!(
        store.cases_of_person(person).unwrap(),
        expect(&|c| c.people().contains(&person))
    );
    let from = all[30].requested_at;
    let to = all[60].requested_at;
    assert_eq!(
        q(CaseQuery {
            requested_from: Some(from),
            requested_to: Some(to),
            phase: Some(Phase::Closed),
            ..Default::default()
        }),
        expect(&|c| c.requested_at >= from && c.requested_at < to && c.phase == Phase::Closed)
    );
    assert_eq!(q(CaseQuery::default()).len(), 120);
    // Evaluations due: none in a workload whose cases are all closed or withdrawn.
    let due = store
        .evaluations_due(chrono::NaiveDate::from_ymd_opt(2100, 1, 1).unwrap())
        .unwrap();
    let expected_due: usize = all
        .iter()
        .filter(|c| c.phase == Phase::FollowUp)
        .map(|c| c.evaluations.values().filter(|e| e.held.is_none()).count())
        .sum();
    assert_eq!(due.len(), expected_due);
    store.verify().unwrap();
}

#[test]
fn evaluations_due_as_of_a_date() {
    let store = Store::in_memory().unwrap();
    let (s, _) = example::full_story();
    // Stop just after the plan was distributed: one evaluation is planned.
    let upto = s
        .events
        .iter()
        .position(|e| matches!(e.command, Command::DistributePlan { .. }))
        .unwrap()
        + 1;
    for e in &s.events[..upto] {
        store
            .execute(e.case, e.actor, e.at, e.command.clone())
            .unwrap();
    }
    let case = store.case(s.id).unwrap();
    let planned = case.evaluations.values().next().unwrap().planned_on;
    assert!(
        store
            .evaluations_due(planned - Duration::days(1))
            .unwrap()
            .is_empty()
    );
    let due = store.evaluations_due(planned).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].case, s.id);
    assert_eq!(due[0].planned_on, planned);
    // Once held it is no longer due.
    for e in &s.events[upto..] {
        store
            .execute(e.case, e.actor, e.at, e.command.clone())
            .unwrap();
    }
    assert!(
        store
            .evaluations_due(planned + Duration::days(400))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_refused_command_and_a_failed_transaction_change_nothing() {
    let store = Store::in_memory().unwrap();
    let (s, cast) = load_story(&store);
    let before = (store.case(s.id).unwrap(), store.last_seq().unwrap());
    let err = store
        .execute(
            s.id,
            cast.professional(),
            s.now,
            Command::RevisePlan {
                content: Default::default(),
                evaluation: None,
                outside: Default::default(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "permission_denied");
    // A batch in which the last command fails commits nothing, not even the first ones.
    let other: CaseId = store.new_id();
    let g = workload::case(1, 1);
    let err = store
        .transaction(|tx| {
            for st in &g.commands[..3] {
                tx.execute(other, st.actor, st.at, st.command.clone())?;
            }
            tx.execute(
                s.id,
                cast.youth(),
                s.now - Duration::days(999),
                Command::Withdraw { reason: "x".into() },
            )?;
            Ok(())
        })
        .unwrap_err();
    assert_eq!(err.code(), "rule_violation");
    assert_eq!(
        (store.case(s.id).unwrap(), store.last_seq().unwrap()),
        before
    );
    assert_eq!(store.case(other).unwrap_err().code(), "not_found");
    // A panic inside a transaction is caught and commits nothing.
    let err = store
        .transaction(|tx| {
            tx.execute(
                other,
                g.commands[0].actor,
                g.commands[0].at,
                g.commands[0].command.clone(),
            )?;
            panic!("boom, after {:?}", "Zeeman Marker");
            #[allow(unreachable_code)]
            Ok(())
        })
        .unwrap_err();
    assert_eq!(err.code(), "internal");
    // The panic's message, with what it quoted redacted.
    assert_eq!(
        err.to_string(),
        r#"internal error (nothing was changed): boom, after "…""#
    );
    assert_eq!(store.last_seq().unwrap(), before.1);
    store.verify().unwrap();
}

#[test]
fn change_feed_pages_through_every_event() {
    let store = Store::in_memory().unwrap();
    let (s, _) = load_story(&store);
    let mut seen = Vec::new();
    let mut after = 0;
    loop {
        let page = store.events_since(after, 7).unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().unwrap().seq;
        seen.extend(page.into_iter().map(|r| r.event));
    }
    assert_eq!(seen, s.events);
    assert_eq!(store.last_seq().unwrap(), s.events.len() as u64);
}

#[test]
fn files_reopen_back_up_and_refuse_a_second_writer() {
    let path = tmp("reopen.kring");
    let backup = tmp("backup.kring");
    let _ = std::fs::remove_file(&backup);
    let (id, state, id_store) = {
        let store = Store::create(&path).unwrap();
        let (s, _) = load_story(&store);
        assert_eq!(Store::open(&path).unwrap_err().code(), "already_open");
        assert_eq!(Store::create(&path).unwrap_err().code(), "already_exists");
        store.backup(&backup).unwrap();
        assert_eq!(store.backup(&backup).unwrap_err().code(), "already_exists");
        (s.id, s.state().clone(), store.store_id())
    };
    for p in [&path, &backup] {
        let mut store = Store::open(p).unwrap();
        assert_eq!(store.case(id).unwrap(), state);
        assert_eq!(store.store_id(), id_store);
        assert_eq!(store.verify().unwrap().cases, 1);
        store.compact().unwrap();
        assert_eq!(store.case(id).unwrap(), state);
    }
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(&backup);
}

#[test]
fn files_that_are_not_kring_stores_give_typed_errors() {
    let path = tmp("garbage.kring");
    std::fs::write(&path, b"this is not a database at all, just some text").unwrap();
    assert_eq!(Store::open(&path).unwrap_err().code(), "not_a_kring_store");
    std::fs::write(&path, b"").unwrap();
    assert_eq!(Store::open(&path).unwrap_err().code(), "not_a_kring_store");
    // A redb database without kring's tables.
    std::fs::remove_file(&path).unwrap();
    {
        let db = redb::Database::create(&path).unwrap();
        let w = db.begin_write().unwrap();
        w.open_table(redb::TableDefinition::<u64, u64>::new("other"))
            .unwrap()
            .insert(1, 2)
            .unwrap();
        w.commit().unwrap();
    }
    assert_eq!(Store::open(&path).unwrap_err().code(), "not_a_kring_store");
    let _ = std::fs::remove_file(&path);
    assert_eq!(Store::open(tmp("missing.kring")).unwrap_err().code(), "io");
}

#[test]
fn a_store_from_a_newer_format_asks_for_an_upgrade() {
    let path = tmp("newer.kring");
    drop(Store::create(&path).unwrap());
    {
        let db = redb::Database::open(&path).unwrap();
        let w = db.begin_write().unwrap();
        w.open_table(redb::TableDefinition::<&str, &[u8]>::new("meta"))
            .unwrap()
            .insert("format_version", [99u8, 0].as_slice())
            .unwrap();
        w.commit().unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "upgrade_required", "{err}");
    let _ = std::fs::remove_file(&path);
}

/// Each case's figures are kept with the case (format 7) and read by `Store::figures`;
/// `verify` finds figures that differ from their case, and a case without figures.
#[test]
fn figures_are_kept_with_each_case_and_verified() {
    use redb::ReadableTable;
    let path = tmp("figures.kring");
    let figures = redb::TableDefinition::<u128, &[u8]>::new("figures");
    let ids = {
        let store = Store::create(&path).unwrap();
        load_story(&store);
        kring_testkit::generate(&store, 5, 3).unwrap();
        let ids = store.query(&Default::default()).unwrap();
        let read: Vec<CaseFigures> = store.figures().unwrap().map(|f| f.unwrap()).collect();
        let made: Vec<CaseFigures> = ids
            .iter()
            .map(|id| CaseFigures::from(&store.case(*id).unwrap()))
            .collect();
        assert_eq!(read, made);
        ids
    };
    {
        let db = redb::Database::open(&path).unwrap();
        let w = db.begin_write().unwrap();
        {
            let mut t = w.open_table(figures).unwrap();
            let mut changed: CaseFigures =
                format::decode(t.get(ids[0].as_u128()).unwrap().unwrap().value()).unwrap();
            changed.days_to_coordinator = Some(changed.days_to_coordinator.unwrap_or(0) + 1);
            t.insert(
                ids[0].as_u128(),
                format::encode(&changed).unwrap().as_slice(),
            )
            .unwrap();
            t.remove(ids[1].as_u128()).unwrap();
        }
        w.commit().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let err = store.verify().unwrap_err();
    assert_eq!(err.code(), "inconsistent", "{err}");
    let text = err.to_string();
    assert!(
        text.contains(&format!("{}: its figures differ from the case", ids[0])),
        "{text}"
    );
    assert!(
        text.contains(&format!("{}: its figures differ from the case", ids[1])),
        "{text}"
    );
    assert!(text.contains("3 figures for 4 cases"), "{text}");
    drop(store);
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(tmp("figures.kring.wal"));
}

/// Each case's research rows are kept with the case (format 8) and read by
/// `Store::row_batches`; `verify` finds rows that differ from their case, and a case without
/// rows; rows that do not decode fail the read as `corrupted`.
#[test]
fn research_rows_are_kept_with_each_case_and_verified() {
    use kring::domain::rows::CaseRows;
    use redb::ReadableTable;
    let path = tmp("rows.kring");
    let rows = redb::TableDefinition::<u128, &[u8]>::new("rows");
    // Whether each case's rows read are those of the case, in id order.
    let read_all = |store: &Store| -> kring::Result<Vec<(CaseId, bool)>> {
        let mut seen = Vec::new();
        for batch in store.row_batches(3)? {
            batch?.for_each(|r| {
                seen.push((r.id, *r == CaseRows::from(&store.case(r.id).unwrap())));
            })?;
        }
        Ok(seen)
    };
    let ids = {
        let store = Store::create(&path).unwrap();
        load_story(&store);
        kring_testkit::generate(&store, 5, 3).unwrap();
        let ids = store.query(&Default::default()).unwrap();
        let all_kept: Vec<(CaseId, bool)> = ids.iter().map(|&id| (id, true)).collect();
        assert_eq!(read_all(&store).unwrap(), all_kept);
        ids
    };
    {
        let db = redb::Database::open(&path).unwrap();
        let w = db.begin_write().unwrap();
        {
            let mut t = w.open_table(rows).unwrap();
            let bytes = t.get(ids[0].as_u128()).unwrap().unwrap().value().to_vec();
            let mut changed: CaseRows<'_> =
                format::decode_borrowed(&bytes, format::ROWS_SINCE).unwrap();
            changed.counts.signals += 1;
            t.insert(
                ids[0].as_u128(),
                format::encode(&changed).unwrap().as_slice(),
            )
            .unwrap();
            t.remove(ids[1].as_u128()).unwrap();
            // A value cut short.
            let bytes = t.get(ids[2].as_u128()).unwrap().unwrap().value().to_vec();
            t.insert(ids[2].as_u128(), &bytes[..bytes.len() / 2])
                .unwrap();
        }
        w.commit().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let err = store.verify().unwrap_err();
    assert_eq!(err.code(), "corrupted", "{err}");
    let err = read_all(&store).unwrap_err();
    assert_eq!(err.code(), "corrupted", "{err}");
    drop(store);
    {
        // The value cut short made whole again: the other two are inconsistencies.
        let db = redb::Database::open(&path).unwrap();
        let w = db.begin_write().unwrap();
        {
            let mut t = w.open_table(rows).unwrap();
            let store_case = {
                let s = redb::TableDefinition::<u128, &[u8]>::new("cases");
                let c = w.open_table(s).unwrap();
                let bytes = c.get(ids[2].as_u128()).unwrap().unwrap().value().to_vec();
                format::decode::<kring::Case>(&bytes).unwrap()
            };
            t.insert(
                ids[2].as_u128(),
                format::encode(&CaseRows::from(&store_case))
                    .unwrap()
                    .as_slice(),
            )
            .unwrap();
        }
        w.commit().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let err = store.verify().unwrap_err();
    assert_eq!(err.code(), "inconsistent", "{err}");
    let text = err.to_string();
    for id in &ids[..2] {
        assert!(
            text.contains(&format!("{id}: its research rows differ from the case")),
            "{text}"
        );
    }
    assert!(text.contains("3 rows for 4 cases"), "{text}");
    drop(store);
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(tmp("rows.kring.wal"));
}

#[test]
fn corrupted_files_give_typed_errors_not_panics() {
    let path = tmp("corrupt.kring");
    {
        let store = Store::create(&path).unwrap();
        load_story(&store);
    }
    let good = std::fs::read(&path).unwrap();
    // Flip bytes all over the file (keeping the magic); every open or read is an error or a
    // verified store, never a panic.
    for i in 0..40usize {
        let mut bytes = good.clone();
        let at = 16 + (i * 7919) % (bytes.len() - 16);
        for b in &mut bytes[at..(at + 64).min(good.len())] {
            *b ^= 0x5A;
        }
        std::fs::write(&path, &bytes).unwrap();
        let outcome = std::panic::catch_unwind(|| match Store::open(&path) {
            Ok(store) => store.verify().map(|_| ()).map_err(|e| e.code()),
            Err(e) => Err(e.code()),
        });
        let outcome = outcome.unwrap_or_else(|_| panic!("panic on a file damaged at byte {at}"));
        if let Err(code) = outcome {
            assert!(
                [
                    "corrupted",
                    "not_a_kring_store",
                    "storage",
                    "inconsistent",
                    "io"
                ]
                .contains(&code),
                "{code}"
            );
        }
    }
    let _ = std::fs::remove_file(&path);
}

#[test]
fn many_readers_see_consistent_snapshots_while_a_writer_commits() {
    let store = Arc::new(Store::in_memory().unwrap());
    let generated: Vec<_> = workload::cases(11, 40).collect();
    let writer = {
        let store = store.clone();
        let generated = generated.clone();
        std::thread::spawn(move || {
            for g in &generated {
                store
                    .transaction(|tx| {
                        for st in &g.commands {
                            tx.execute(g.id, st.actor, st.at, st.command.clone())?;
                        }
                        Ok(())
                    })
                    .unwrap();
            }
        })
    };
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let store = store.clone();
            let generated = generated.clone();
            std::thread::spawn(move || {
                for _ in 0..200 {
                    for g in generated.iter().step_by(7) {
                        // A case is either absent or complete: a transaction is never half seen.
                        if let Ok(c) = store.case(g.id) {
                            assert_eq!(c, g.state);
                        }
                    }
                }
            })
        })
        .collect();
    writer.join().unwrap();
    for r in readers {
        r.join().unwrap();
    }
    assert_eq!(store.len().unwrap(), 40);
    store.verify().unwrap();
}

#[test]
fn ids_by_kind_and_generated_cases_for_the_bindings() {
    let store = Store::in_memory().unwrap();
    for kind in kring::domain::ID_KINDS {
        assert!(
            store
                .new_id_text(kind)
                .unwrap()
                .starts_with(&format!("{kind}_"))
        );
    }
    assert!(store.new_id_text("case").unwrap().parse::<CaseId>().is_ok());
    assert_eq!(
        store.new_id_text("planet").unwrap_err().code(),
        "invalid_input"
    );
    let ids = kring_testkit::generate(&store, 3, 12).unwrap();
    assert_eq!(
        ids,
        workload::cases(3, 12).map(|g| g.id).collect::<Vec<_>>()
    );
    assert_eq!(store.len().unwrap(), 12);
    store.verify().unwrap();
}

/// Defaulted times are read inside the write: eight threads writing one case never refuse
/// each other as `time_order` (they did when the time was read before the write lock).
#[test]
fn defaulted_times_never_refuse_concurrent_writers() {
    let store = Arc::new(Store::in_memory().unwrap());
    let (story, cast) = example::story_to_private_time();
    for e in &story.events {
        store
            .execute(e.case, e.actor, e.at, e.command.clone())
            .unwrap();
    }
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let store = Arc::clone(&store);
            std::thread::spawn(move || {
                (0..100)
                    .filter_map(|_| {
                        let present = vec![cast.uncle];
                        store
                            .execute(
                                story.id,
                                cast.uncle(),
                                At::Now,
                                Command::RecordAttendance { present },
                            )
                            .err()
                    })
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), Vec::<String>::new());
    }
    assert_eq!(
        store.history(story.id).unwrap().len(),
        story.events.len() + 800
    );
    store.verify().unwrap();
    // A time the caller gives is still checked as it is.
    let err = store
        .execute(
            story.id,
            cast.uncle(),
            story.now,
            Command::RecordAttendance {
                present: vec![cast.uncle],
            },
        )
        .unwrap_err();
    assert_eq!(err.domain().and_then(|d| d.rule()), Some(Rule::TimeOrder));
}

/// `SharedStore::close` waits for a write in flight, then releases the file at once.
#[test]
fn closing_a_shared_store_waits_for_writes_and_releases_the_file() {
    let path = tmp("shared-close.kring");
    for attempt in 0..4u64 {
        let shared = Arc::new(SharedStore::new(
            Store::builder()
                .durability(Durability::Fast)
                .create(&path)
                .unwrap(),
        ));
        let writer = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || shared.with(|s| kring_testkit::generate(s, attempt, 100)))
        };
        std::thread::sleep(std::time::Duration::from_millis(20 * attempt));
        shared.close();
        assert!(shared.is_closed());
        let again = Store::open(&path).expect("the file is released when close returns");
        let written = match writer.join().unwrap() {
            Ok(ids) => ids.len() as u64,
            Err(e) => {
                assert_eq!(e.code(), "closed");
                0
            }
        };
        assert_eq!(again.verify().unwrap().cases, written);
        assert_eq!(
            shared.with(|s| s.len()).unwrap_err().code(),
            "closed",
            "calls after close are refused"
        );
        drop(again);
        std::fs::remove_file(&path).unwrap();
    }
}

/// A case is bounded: past its limit of people a command is refused with `case_limits`
/// naming the case, and nothing changes.
#[test]
fn a_case_past_its_limit_is_refused() {
    let store = Store::builder()
        .durability(Durability::Fast)
        .in_memory()
        .unwrap();
    let (mut story, cast) = example::story_to_private_time();
    for e in &story.events {
        store
            .execute(e.case, e.actor, e.at, e.command.clone())
            .unwrap();
    }
    let member = |story: &mut kring_testkit::CaseDriver| Command::AddNetworkMember {
        member: NewNetworkMember {
            person: story.person("Invented Person"),
            relations: vec![Relation {
                to: cast.youth,
                kind: RelationKind::Friend,
                side: Default::default(),
                label: Default::default(),
            }],
            side: Side::Own,
            minor: false,
            identified: Identified::AtConference,
            also: Default::default(),
            organisation: Default::default(),
        },
    };
    let c = store.case(story.id).unwrap();
    let people = c.main_persons.len()
        + c.network.len()
        + c.professionals.len()
        + usize::from(c.coordinator.is_some());
    store
        .transaction(|tx| {
            for _ in people..limits::MAX_PEOPLE {
                tx.execute(story.id, cast.uncle(), At::Now, member(&mut story))?;
            }
            Ok(())
        })
        .unwrap();
    let before = store.case(story.id).unwrap();
    let err = store
        .execute(story.id, cast.uncle(), At::Now, member(&mut story))
        .unwrap_err();
    let domain = err.domain().unwrap();
    assert_eq!(domain.rule(), Some(Rule::CaseLimits));
    assert_eq!(domain.ids(), vec![story.id.to_string()]);
    assert_eq!(store.case(story.id).unwrap(), before);
}
