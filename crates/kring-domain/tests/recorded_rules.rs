//! The commands of format 3 broken on purpose: each is refused with the typed error naming
//! the rule and the ids involved, and the state is exactly as it was.

use chrono::Duration;
use kring_domain::*;
use kring_testkit::CaseDriver;
use kring_testkit::recorded::{self, RecordedCast};

/// The recorded example up to (not including) its first command named `name`.
fn before(name: &str) -> (CaseDriver, RecordedCast) {
    let (full, cast) = recorded::recorded_story();
    (full.before(name), cast)
}

/// Runs a command that must be refused; checks nothing changed and returns the error.
fn refused(s: &mut CaseDriver, actor: Actor, command: Command) -> Error {
    s.refuse(actor, command)
}

/// The error is a violation of `rule` naming every id in `ids`.
fn violates(err: &Error, rule: Rule, ids: &[String]) {
    assert_eq!(err.rule(), Some(rule), "{err}");
    let text = err.to_string();
    for id in ids {
        assert!(text.contains(id.as_str()), "{err} does not name {id}");
    }
}

fn coordinator(c: &RecordedCast) -> Actor {
    Actor::new(c.coordinator, Role::Coordinator)
}

fn case_manager(c: &RecordedCast) -> Actor {
    Actor::new(c.case_manager, Role::Professional)
}

fn consent(person: PersonId) -> Command {
    Command::RecordConsent {
        person,
        matter: ConsentMatter::Conference,
        given: true,
    }
}

#[test]
fn only_a_registered_representative_acts_for_a_main_person() {
    let (mut s, c) = before("add_representative");
    // Not registered yet.
    let err = refused(
        &mut s,
        Actor::on_behalf_of(c.mother, c.child),
        consent(c.child),
    );
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
    let (mut s, c) = before("record_consent");
    s.run(Actor::on_behalf_of(c.mother, c.child), consent(c.child))
        .unwrap();
    assert_eq!(
        s.state()
            .consent(c.child, ConsentMatter::Conference)
            .unwrap()
            .given_by,
        c.mother
    );
    // The father represents no one; nor may a representative claim another role.
    let err = refused(
        &mut s,
        Actor::on_behalf_of(c.father, c.child),
        consent(c.child),
    );
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
    let as_member = Actor {
        role: Role::NetworkMember,
        ..Actor::on_behalf_of(c.mother, c.child)
    };
    let err = refused(&mut s, as_member, consent(c.child));
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
    // A representative acts as the child, not as someone else.
    let err = refused(
        &mut s,
        Actor::on_behalf_of(c.mother, c.child),
        consent(c.father),
    );
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
    // Representatives are of main persons, from the circle, and registered once.
    let add = |person, for_person| Command::AddRepresentative {
        representation: Representation {
            person,
            for_person,
            kind: RepresentativeKind::Other,
        },
    };
    let err = refused(&mut s, coordinator(&c), add(c.mother, c.case_manager));
    violates(&err, Rule::ReferencesResolve, &[c.case_manager.to_string()]);
    let err = refused(&mut s, coordinator(&c), add(c.case_manager, c.child));
    violates(&err, Rule::ReferencesResolve, &[c.case_manager.to_string()]);
    let err = refused(&mut s, coordinator(&c), add(c.child, c.child));
    violates(&err, Rule::ReferencesResolve, &[c.child.to_string()]);
    let err = refused(&mut s, coordinator(&c), add(c.mother, c.child));
    violates(&err, Rule::UniqueIds, &[c.mother.to_string()]);
}

#[test]
fn a_measure_keeps_its_kind_and_the_people_it_concerns() {
    let (mut s, c) = before("add_professional");
    let update = |kind, concerns: Vec<PersonId>, label: Option<String>| Command::RecordMeasure {
        measure: MeasureUpdate {
            id: c.supervision,
            kind,
            concerns,
            label,
            status: MeasureStatus::Extended,
            on: chrono::NaiveDate::from_ymd_opt(2026, 9, 7).unwrap(),
            note: None,
        },
    };
    let err = refused(
        &mut s,
        case_manager(&c),
        update(MeasureKind::Guardianship, vec![c.child], None),
    );
    violates(&err, Rule::ReferencesResolve, &[c.supervision.to_string()]);
    let err = refused(
        &mut s,
        case_manager(&c),
        update(MeasureKind::SupervisionOrder, vec![c.child, c.mother], None),
    );
    violates(&err, Rule::ReferencesResolve, &[c.supervision.to_string()]);
    let stranger: PersonId = s.new_id();
    let err = refused(
        &mut s,
        case_manager(&c),
        update(MeasureKind::SupervisionOrder, vec![stranger], None),
    );
    violates(&err, Rule::ReferencesResolve, &[stranger.to_string()]);
    // A new measure of kind `other` says what it is.
    let new = Command::RecordMeasure {
        measure: MeasureUpdate {
            id: s.new_id(),
            kind: MeasureKind::Other,
            concerns: vec![c.child],
            label: None,
            status: MeasureStatus::Considered,
            on: s.today(),
            note: None,
        },
    };
    let err = refused(&mut s, case_manager(&c), new);
    assert!(matches!(err, Error::InvalidInput { .. }), "{err}");
    // The family does not record measures.
    let err = refused(
        &mut s,
        Actor::new(c.mother, Role::MainPerson),
        update(MeasureKind::SupervisionOrder, vec![c.child], None),
    );
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
    s.run(
        case_manager(&c),
        update(MeasureKind::SupervisionOrder, vec![c.child], None),
    )
    .unwrap();
    assert_eq!(
        s.state().measures[&c.supervision].status(),
        Some(MeasureStatus::Extended)
    );
}

#[test]
fn relations_point_to_someone_else_in_the_circle() {
    let (mut s, c) = before("add_relation");
    let relate = |to| Command::AddRelation {
        person: c.grandmother,
        relation: Relation {
            to,
            kind: RelationKind::Other,
            side: None,
            label: Some("neighbour's godmother".into()),
        },
    };
    for to in [c.grandmother, c.case_manager] {
        let err = refused(&mut s, coordinator(&c), relate(to));
        violates(&err, Rule::ReferencesResolve, &[to.to_string()]);
    }
    // A member records only their own relations.
    let err = refused(
        &mut s,
        Actor::new(c.aunt, Role::NetworkMember),
        relate(c.aunt),
    );
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
    s.run(coordinator(&c), relate(c.aunt)).unwrap();
    let err = refused(&mut s, coordinator(&c), relate(c.aunt));
    violates(&err, Rule::UniqueIds, &[c.grandmother.to_string()]);
}

#[test]
fn the_information_part_chair_and_interpreter() {
    let (mut s, c) = before("record_information");
    let info = |given_by| Command::RecordInformation {
        information: InformationGiven {
            given_by,
            summary: "What the order asks.".into(),
            documents: vec![],
        },
    };
    // A professional records their own information, about no one else's.
    let err = refused(&mut s, case_manager(&c), info(c.school_doctor));
    violates(
        &err,
        Rule::ReferencesResolve,
        &[c.school_doctor.to_string()],
    );
    let err = refused(&mut s, coordinator(&c), info(c.aunt));
    violates(&err, Rule::ReferencesResolve, &[c.aunt.to_string()]);
    s.run(coordinator(&c), info(c.school_doctor)).unwrap();
    // Private time: no more information; the chair is someone of the circle.
    s.run(
        coordinator(&c),
        Command::BeginPart {
            part: ConferencePart::PrivateTime,
        },
    )
    .unwrap();
    let err = refused(&mut s, coordinator(&c), info(c.case_manager));
    violates(&err, Rule::PrivateTime, &[c.coordinator.to_string()]);
    let aunt = Actor::new(c.aunt, Role::NetworkMember);
    let err = refused(
        &mut s,
        aunt,
        Command::ChooseChair {
            person: c.interpreter,
        },
    );
    violates(&err, Rule::PlanByCircle, &[c.interpreter.to_string()]);
    // The interpreter may be in private time; a professional may not.
    s.run(
        aunt,
        Command::RecordAttendance {
            present: vec![c.grandmother, c.interpreter],
        },
    )
    .unwrap();
    let err = refused(
        &mut s,
        aunt,
        Command::RecordAttendance {
            present: vec![c.grandmother, c.case_manager],
        },
    );
    violates(&err, Rule::PrivateTime, &[c.case_manager.to_string()]);
}

#[test]
fn an_interpreter_is_a_new_person_for_the_circle() {
    let (mut s, c) = before("add_interpreter");
    let mut interpreter = Interpreter {
        person: s.person("Interpreter Two"),
        language: "tr".into(),
        for_persons: vec![],
    };
    let err = refused(
        &mut s,
        coordinator(&c),
        Command::AddInterpreter {
            interpreter: interpreter.clone(),
        },
    );
    assert!(matches!(err, Error::InvalidInput { .. }), "{err}");
    interpreter.for_persons = vec![c.case_manager];
    let err = refused(
        &mut s,
        coordinator(&c),
        Command::AddInterpreter {
            interpreter: interpreter.clone(),
        },
    );
    violates(&err, Rule::ReferencesResolve, &[c.case_manager.to_string()]);
    interpreter.for_persons = vec![c.grandmother];
    interpreter.person.id = c.aunt;
    let err = refused(
        &mut s,
        coordinator(&c),
        Command::AddInterpreter { interpreter },
    );
    violates(&err, Rule::UniqueIds, &[c.aunt.to_string()]);
}

#[test]
fn help_involvement_meetings_and_signals() {
    let (mut s, c) = before("raise_signal");
    // Help the plan does not ask, or asked of someone else.
    let unknown: HelpId = s.new_id();
    let help = |help| Command::UpdateHelp {
        help,
        status: HelpStatus::Stopped,
        note: None,
    };
    let err = refused(&mut s, case_manager(&c), help(unknown));
    violates(&err, Rule::ReferencesResolve, &[unknown.to_string()]);
    let err = refused(
        &mut s,
        Actor::new(c.coach, Role::Professional),
        help(c.help),
    );
    violates(&err, Rule::ReferencesResolve, &[c.help.to_string()]);
    // A meeting is recorded after it happened.
    let meeting = Command::RecordMeeting {
        meeting: Meeting {
            kind: MeetingKind::CircleMeeting,
            on: s.today() + Duration::days(2),
            convened_by: c.aunt,
            invited: vec![],
            present: vec![c.aunt],
            note: None,
        },
    };
    let err = refused(&mut s, Actor::new(c.aunt, Role::NetworkMember), meeting);
    violates(&err, Rule::TimeOrder, &[]);
    // A professional ends only their own involvement; an ended one ends once.
    let end = |person| Command::EndInvolvement {
        involvement: Involvement::Professional { person },
        reason: "Done".into(),
    };
    let err = refused(&mut s, case_manager(&c), end(c.coach));
    violates(&err, Rule::ReferencesResolve, &[c.coach.to_string()]);
    s.run(Actor::new(c.coach, Role::Professional), end(c.coach))
        .unwrap();
    let err = refused(&mut s, coordinator(&c), end(c.coach));
    violates(&err, Rule::Lifecycle, &[]);
    // A signal is resolved once, and is about someone in the case.
    let signal: SignalId = s.new_id();
    let stranger: PersonId = s.new_id();
    let raise = |subject| Command::RaiseSignal {
        id: signal,
        about: "A worry".into(),
        subject: Some(subject),
    };
    let aunt = Actor::new(c.aunt, Role::NetworkMember);
    let err = refused(&mut s, aunt, raise(stranger));
    violates(&err, Rule::ReferencesResolve, &[stranger.to_string()]);
    s.run(aunt, raise(c.child)).unwrap();
    let resolve = Command::UpdateSignal {
        signal,
        assessment: None,
        resolution: Some("Talked it through.".into()),
    };
    s.run(aunt, resolve.clone()).unwrap();
    let err = refused(&mut s, aunt, resolve);
    violates(&err, Rule::Lifecycle, &[signal.to_string()]);
}

#[test]
fn arrangements_are_carried_by_the_circle_and_a_new_coordinator_is_independent() {
    let (mut s, c) = before("record_arrangement");
    let err = refused(
        &mut s,
        coordinator(&c),
        Command::RecordArrangement {
            arrangement: Arrangement {
                kind: ArrangementKind::Support,
                what: "Homework help".into(),
                carried_by: vec![c.case_manager],
                from: None,
                until: None,
            },
        },
    );
    violates(
        &err,
        Rule::AgreementsCarriedByCircle,
        &[c.case_manager.to_string()],
    );
    let (mut s, c) = before("replace_coordinator");
    let rm = Actor::new(c.regional_manager, Role::RegionalManager);
    let replace = |person: Person| Command::ReplaceCoordinator {
        coordinator: Coordinator {
            person,
            affiliations: vec![],
            languages: vec!["nl".into()],
            gender: None,
            region: "Noord".into(),
            cultures: vec![],
            religion: None,
        },
        reason: "The family moved.".into(),
    };
    let aunt = s.state().person(c.aunt).unwrap().clone();
    let err = refused(&mut s, rm, replace(aunt));
    violates(&err, Rule::CoordinatorIndependent, &[c.aunt.to_string()]);
    let someone = s.person("Someone New");
    let err = refused(
        &mut s,
        Actor::new(c.coordinator, Role::Coordinator),
        replace(someone),
    );
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
}
