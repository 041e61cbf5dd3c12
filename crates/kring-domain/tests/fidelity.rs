//! The two defects of the model that the second edition of the rules fixes, each against
//! the first edition, which stored histories keep (`Event::rules`).

use chrono::{Duration, NaiveDate};
use kring_domain::*;
use kring_testkit::CaseDriver;
use kring_testkit::example::{self, Cast};

/// The example story up to (not including) the first command named `name`.
fn story_before(name: &str) -> (CaseDriver, Cast) {
    let (full, cast) = example::full_story();
    (full.before(name), cast)
}

/// The same history decided under edition `rules` of the rules.
fn under(events: &[Event], rules: u16) -> Case {
    let events: Vec<Event> = events
        .iter()
        .map(|e| Event { rules, ..e.clone() })
        .collect();
    Case::replay(&events).unwrap()
}

fn far() -> NaiveDate {
    NaiveDate::from_ymd_opt(2100, 1, 1).unwrap()
}

fn assess(s: &mut CaseDriver, cast: &Cast, version: u32) {
    s.run(
        cast.professional(),
        Command::AssessPlan {
            version,
            framework: cast.framework,
            verdicts: vec![(cast.condition, ConditionVerdict::Met)],
        },
    )
    .unwrap();
}

/// Defect 1: a revision that no longer plans a moment of an earlier version used to leave it
/// due forever. Now the moment is dropped when the revision is accepted: it is no longer due
/// and cannot be held; a moment already held keeps its record.
#[test]
fn a_moment_the_accepted_revision_no_longer_plans_stops_being_due() {
    let (mut s, cast) = story_before("revise_plan");
    let held = *s.state().evaluations.keys().next().unwrap();
    assert!(s.state().evaluations[&held].held.is_some());
    // Version 2 adds a second moment, three months on.
    let second = EvaluationMoment {
        id: s.new_id(),
        planned_on: s.today() + Duration::days(90),
    };
    let mut content = s.state().plan_in_force().unwrap().content.clone();
    content.evaluations.push(second);
    s.run(
        cast.uncle(),
        Command::RevisePlan {
            content: content.clone(),
            evaluation: Some(held),
            outside: None,
        },
    )
    .unwrap();
    assess(&mut s, &cast, 2);
    assert_eq!(s.state().evaluations_due(far()).count(), 1);
    // Version 3, decided a week later at home, plans no second moment.
    s.wait(Duration::days(7));
    content.evaluations.retain(|m| m.id != second.id);
    content.evaluations.push(EvaluationMoment {
        id: s.new_id(),
        planned_on: s.today() + Duration::days(30),
    });
    let on = s.today();
    s.run(
        cast.uncle(),
        Command::RevisePlan {
            content,
            evaluation: None,
            outside: Some(OutsideDecision {
                on,
                by: vec![cast.uncle, cast.youth],
            }),
        },
    )
    .unwrap();
    // Not yet accepted: the second moment is still planned by the plan in force.
    assert_eq!(s.state().evaluations[&second.id].dropped_in, None);
    assess(&mut s, &cast, 3);
    let case = s.state();
    assert_eq!(case.evaluations[&second.id].dropped_in, Some(3));
    assert!(
        case.evaluations[&held].held.is_some(),
        "a held moment stays held"
    );
    let due: Vec<EvaluationId> = case.evaluations_due(far()).map(|e| e.id).collect();
    assert_eq!(due.len(), 1);
    assert_ne!(due[0], second.id);
    assert!(matches!(
        case.plan(3).unwrap().decided_at,
        DecidedAt::Outside { .. }
    ));
    invariants::check(case).unwrap();
    // Holding the dropped moment is refused, naming it, and changes nothing.
    let before = s.state().clone();
    let err = s
        .run(
            cast.uncle(),
            Command::RecordEvaluation {
                record: EvaluationRecord {
                    evaluation: second.id,
                    held_on: s.today(),
                    convened_by: cast.grandmother,
                    present: vec![cast.uncle],
                    reviews: vec![],
                    next_step: NextStep::Continue,
                    help_reviews: vec![],
                },
            },
        )
        .unwrap_err();
    assert_eq!(err.rule(), Some(Rule::Lifecycle));
    assert!(err.to_string().contains(&second.id.to_string()), "{err}");
    assert!(err.to_string().contains("version 3"), "{err}");
    assert_eq!(s.state(), &before);
    // A history decided under the first edition keeps the moment due, as it was stored.
    let old = under(&s.events, 1);
    assert_eq!(old.evaluations[&second.id].dropped_in, None);
    assert_eq!(old.evaluations_due(far()).count(), 2);
    invariants::check(&old).unwrap();
}

/// Planning a dropped moment again brings it back.
#[test]
fn a_dropped_moment_planned_again_is_due_again() {
    let (mut s, cast) = story_before("revise_plan");
    let held = *s.state().evaluations.keys().next().unwrap();
    let second = EvaluationMoment {
        id: s.new_id(),
        planned_on: s.today() + Duration::days(90),
    };
    let mut content = s.state().plan_in_force().unwrap().content.clone();
    content.evaluations.push(second);
    let with_second = content.clone();
    content.evaluations.retain(|m| m.id != second.id);
    for (v, c) in [(2, with_second.clone()), (3, content), (4, with_second)] {
        s.run(
            cast.uncle(),
            Command::RevisePlan {
                content: c,
                evaluation: (v == 2).then_some(held),
                outside: None,
            },
        )
        .unwrap();
        assess(&mut s, &cast, v);
    }
    assert_eq!(s.state().evaluations[&second.id].dropped_in, None);
    assert_eq!(s.state().evaluations_due(far()).count(), 1);
}

/// Defect 4, first half: a framework with concerns and questions but no conditions does not
/// hold a plan back ("goede en veilige plannen altijd geaccepteerd"; the plan is tested
/// "zonodig", seed 001 step 10). Under the first edition it did, forever.
#[test]
fn a_framework_without_conditions_does_not_hold_a_plan_back() {
    let (mut s, cast) = story_before("revise_plan");
    let held = *s.state().evaluations.keys().next().unwrap();
    // A school joins in follow-up with a framework of concerns only.
    let school: OrganisationId = s.new_id();
    s.run(
        cast.coordinator(),
        Command::RegisterOrganisation {
            organisation: Organisation {
                id: school,
                name: "School".into(),
                kind: OrganisationKind::School,
            },
        },
    )
    .unwrap();
    let teacher = s.person("Mentor Teacher");
    let teacher_id = teacher.id;
    s.run(
        cast.coordinator(),
        Command::AddProfessional {
            professional: Professional {
                person: teacher,
                organisation: school,
                role: ProfessionalRole::School,
                role_label: None,
            },
        },
    )
    .unwrap();
    let concerns_only: FrameworkId = s.new_id();
    let concern = FrameworkItem {
        id: s.new_id(),
        text: "Daan is often late.".into(),
    };
    s.run(
        Actor::new(teacher_id, Role::Professional),
        Command::SubmitFramework {
            framework: NewFramework {
                id: concerns_only,
                concerns: vec![concern],
                conditions: vec![],
                questions: vec![],
                criteria: vec![],
            },
        },
    )
    .unwrap();
    let content = s.state().plan_in_force().unwrap().content.clone();
    s.run(
        cast.uncle(),
        Command::RevisePlan {
            content,
            evaluation: Some(held),
            outside: None,
        },
    )
    .unwrap();
    // It cannot be recorded as not tested: it holds nothing back.
    let err = s
        .clone()
        .run(
            cast.coordinator(),
            Command::RecordNotTested {
                version: 2,
                framework: concerns_only,
                reason: "Absent".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.rule(), Some(Rule::SafePlanAccepted), "{err}");
    assert!(
        err.to_string().contains(&concerns_only.to_string()),
        "{err}"
    );
    assess(&mut s, &cast, 2);
    assert_eq!(s.state().plan(2).unwrap().status, PlanStatus::Accepted);
    invariants::check(s.state()).unwrap();
    // Under the first edition the version waited for the teacher's empty assessment.
    let old = under(&s.events, 1);
    assert_eq!(old.plan(2).unwrap().status, PlanStatus::Presented);
    invariants::check(&old).unwrap();
}

/// Defect 4, second half: a professional who does not test the plan at the presentation no
/// longer keeps it `presented` forever. The coordinator records it, with the reason; the
/// framework then does not hold that version back, and its professional cannot assess that
/// version any more.
#[test]
fn the_coordinator_records_a_framework_not_tested_and_the_plan_is_accepted() {
    let (mut s, cast) = story_before("assess_plan");
    assert_eq!(
        s.state().latest_plan().unwrap().status,
        PlanStatus::Presented
    );
    let not_tested = Command::RecordNotTested {
        version: 1,
        framework: cast.framework,
        reason: "The youth probation officer left before the presentation.".into(),
    };
    // Only the coordinator records it.
    let err = s
        .clone()
        .run(cast.professional(), not_tested.clone())
        .unwrap_err();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
    // With a reason.
    let err = s
        .clone()
        .run(
            cast.coordinator(),
            Command::RecordNotTested {
                version: 1,
                framework: cast.framework,
                reason: " ".into(),
            },
        )
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err}");
    s.run(cast.coordinator(), not_tested.clone()).unwrap();
    let plan = s.state().latest_plan().unwrap();
    assert_eq!(plan.status, PlanStatus::Accepted);
    assert_eq!(plan.not_tested.len(), 1);
    assert_eq!(plan.not_tested[0].recorded_by, cast.coordinator);
    invariants::check(s.state()).unwrap();
    // The professional can no longer assess that version; nor is it recorded twice.
    let err = s
        .clone()
        .run(
            cast.professional(),
            Command::AssessPlan {
                version: 1,
                framework: cast.framework,
                verdicts: vec![(cast.condition, ConditionVerdict::Met)],
            },
        )
        .unwrap_err();
    assert_eq!(err.rule(), Some(Rule::Lifecycle), "already accepted: {err}");
    let err = s.clone().run(cast.coordinator(), not_tested).unwrap_err();
    assert_eq!(err.rule(), Some(Rule::Lifecycle), "{err}");
    // The conference can end.
    s.run(cast.coordinator(), Command::EndConference).unwrap();
}

/// Recording a framework as not tested belongs to the presentation, not to private time, and
/// not to a framework that already tested the version.
#[test]
fn not_tested_only_in_the_presentation_and_only_before_a_test() {
    let (s, cast) = story_before("begin_part");
    // Still in the information part: no plan yet.
    let err = s
        .clone()
        .run(
            cast.coordinator(),
            Command::RecordNotTested {
                version: 1,
                framework: cast.framework,
                reason: "Absent".into(),
            },
        )
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
    let (mut s2, _) = story_before("assess_plan");
    s2.run(
        cast.professional(),
        Command::AssessPlan {
            version: 1,
            framework: cast.framework,
            verdicts: vec![(
                cast.condition,
                ConditionVerdict::NotMet {
                    reason: "Daan would sleep at home.".into(),
                },
            )],
        },
    )
    .unwrap();
    // A refused plan was tested: it is not `presented` and cannot be marked untested.
    let err = s2
        .run(
            cast.coordinator(),
            Command::RecordNotTested {
                version: 1,
                framework: cast.framework,
                reason: "Absent".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.rule(), Some(Rule::Lifecycle), "{err}");
}
