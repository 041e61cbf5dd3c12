//! Every rule broken on purpose: the command is refused with the typed error naming the rule
//! and the ids involved, and the state is exactly as it was.

use chrono::Duration;
use kring_domain::*;
use kring_testkit::example::{self, Cast};
use kring_testkit::{CaseDriver, add_member};

/// The example story up to (not including) the first command named `name`, or whole.
fn story_before(name: &str) -> (CaseDriver, Cast) {
    let (full, cast) = example::full_story();
    (full.before(name), cast)
}

/// Runs a command that must be refused; checks nothing changed and returns the error.
fn refused(s: &mut CaseDriver, actor: Actor, command: Command) -> Error {
    s.refuse(actor, command)
}

fn assert_rule(err: &Error, code: &str, rule: Rule, ids: &[String]) {
    assert_eq!(err.code(), code, "{err}");
    assert_eq!(err.rule(), Some(rule), "{err}");
    for id in ids {
        assert!(
            err.ids().contains(id) || err.to_string().contains(id.as_str()),
            "{err} should name {id}"
        );
    }
}

fn plan(s: &mut CaseDriver, cast: &Cast) -> PlanContent {
    example::example_plan(s, cast)
}

#[test]
fn rule_1_a_professional_never_writes_the_plan() {
    let (mut s, cast) = story_before("assess_plan");
    let content = plan(&mut s, &cast);
    let err = refused(
        &mut s,
        cast.professional(),
        Command::SubmitPlan {
            content: content.clone(),
        },
    );
    assert_rule(&err, "permission_denied", Rule::PlanByCircle, &[]);
    // The coordinator may write it down on the circle's behalf, and is recorded as scribe.
    s.run(cast.coordinator(), Command::SubmitPlan { content })
        .unwrap();
    let v = s.state().latest_plan().unwrap();
    assert!(v.by_scribe);
    assert_eq!(v.written_by, cast.coordinator);
    // In follow-up too: no revision by a professional.
    let (mut s, cast) = story_before("record_evaluation");
    let content = plan(&mut s, &cast);
    let err = refused(
        &mut s,
        cast.professional(),
        Command::RevisePlan {
            content,
            evaluation: None,
            outside: Default::default(),
        },
    );
    assert_rule(&err, "permission_denied", Rule::PlanByCircle, &[]);
}

#[test]
fn rule_2_private_time_is_for_the_circle_alone() {
    let (mut s, cast) = example::story_to_private_time();
    let err = refused(
        &mut s,
        cast.uncle(),
        Command::RecordAttendance {
            present: vec![cast.uncle, cast.professional],
        },
    );
    assert_rule(
        &err,
        "rule_violation",
        Rule::PrivateTime,
        &[cast.professional.to_string()],
    );
    let err = refused(
        &mut s,
        cast.uncle(),
        Command::RecordAttendance {
            present: vec![cast.coordinator],
        },
    );
    assert_rule(
        &err,
        "rule_violation",
        Rule::PrivateTime,
        &[cast.coordinator.to_string()],
    );
    // Neither the professional nor the coordinator can act during private time.
    let content = plan(&mut s, &cast);
    let err = refused(&mut s, cast.coordinator(), Command::SubmitPlan { content });
    assert_rule(
        &err,
        "rule_violation",
        Rule::PrivateTime,
        &[cast.coordinator.to_string()],
    );
    let err = refused(
        &mut s,
        cast.professional(),
        Command::AssessPlan {
            version: 1,
            framework: cast.framework,
            verdicts: vec![],
        },
    );
    assert_rule(
        &err,
        "rule_violation",
        Rule::PrivateTime,
        &[cast.professional.to_string()],
    );
    // Nor anyone else from outside the circle: the regional manager cannot widen the circle
    // or withdraw the case while the circle is alone, nor can an administrator.
    let aunt = s.person("Invented Aunt");
    let widen = add_member(
        aunt,
        cast.youth,
        RelationKind::AuntUncle,
        Side::Mothers,
        Identified::AtConference,
    );
    let administrator = Actor::new(s.new_id(), Role::Administrator);
    let withdraw = Command::Withdraw {
        reason: "The family moved away.".into(),
    };
    for (actor, command) in [
        (cast.regional_manager(), widen.clone()),
        (cast.regional_manager(), withdraw.clone()),
        (administrator, withdraw),
    ] {
        {
            let err = refused(&mut s, actor, command);
            assert_rule(
                &err,
                "rule_violation",
                Rule::PrivateTime,
                &[actor.person.to_string()],
            );
        }
    }
    // The circle itself can still call someone in.
    s.run(cast.uncle(), widen).unwrap();
    // The coordinator only calls the presentation.
    s.run(
        cast.coordinator(),
        Command::BeginPart {
            part: ConferencePart::Presentation,
        },
    )
    .unwrap();
}

#[test]
fn rule_3_the_coordinator_is_independent() {
    let (mut s, cast) = story_before("assign_coordinator");
    let mut coordinator = Coordinator {
        person: s.person("Dirk Mol"),
        affiliations: vec![cast.organisation],
        languages: vec![],
        gender: None,
        region: "Oost".into(),
        cultures: Default::default(),
        religion: Default::default(),
    };
    let err = refused(
        &mut s,
        cast.regional_manager(),
        Command::AssignCoordinator {
            coordinator: coordinator.clone(),
            reason: Default::default(),
        },
    );
    assert_rule(
        &err,
        "rule_violation",
        Rule::CoordinatorIndependent,
        &[
            coordinator.person.id.to_string(),
            cast.organisation.to_string(),
        ],
    );
    // Nor someone from the circle.
    coordinator.affiliations.clear();
    coordinator.person = s.state().person(cast.uncle).unwrap().clone();
    let err = refused(
        &mut s,
        cast.regional_manager(),
        Command::AssignCoordinator {
            coordinator,
            reason: Default::default(),
        },
    );
    assert_rule(
        &err,
        "rule_violation",
        Rule::CoordinatorIndependent,
        &[cast.uncle.to_string()],
    );

    // Once assigned, the coordinator cannot join the circle, and no helping organisation
    // the coordinator is affiliated with can join the case.
    let (mut s, cast) = story_before("schedule_conference");
    let me = s.state().person(cast.coordinator).unwrap().clone();
    let err = refused(
        &mut s,
        cast.coordinator(),
        Command::AddNetworkMember {
            member: NewNetworkMember {
                person: me,
                relations: vec![Relation {
                    to: cast.youth,
                    kind: RelationKind::Friend,
                    side: Default::default(),
                    label: Default::default(),
                }],
                side: Side::Own,
                minor: false,
                identified: Identified::WideningCircle,
                also: Default::default(),
                organisation: Default::default(),
            },
        },
    );
    assert_rule(
        &err,
        "rule_violation",
        Rule::CoordinatorIndependent,
        &[cast.coordinator.to_string()],
    );
}

#[test]
fn rule_3_a_helping_organisation_of_the_coordinator_cannot_join() {
    let (mut s, cast) = story_before("assign_coordinator");
    let org: OrganisationId = s.new_id();
    s.run(
        cast.regional_manager(),
        Command::RegisterOrganisation {
            organisation: Organisation {
                id: org,
                name: "Buurtteam".into(),
                kind: OrganisationKind::Municipality,
            },
        },
    )
    .unwrap();
    let coordinator = Coordinator {
        person: s.person("Dirk Mol"),
        affiliations: vec![org],
        languages: vec![],
        gender: None,
        region: "Oost".into(),
        cultures: Default::default(),
        religion: Default::default(),
    };
    // Affiliated with an organisation that gives no help in the case: allowed.
    s.run(
        cast.regional_manager(),
        Command::AssignCoordinator {
            coordinator: coordinator.clone(),
            reason: Default::default(),
        },
    )
    .unwrap();
    let person = s.person("Sara Vos");
    let err = refused(
        &mut s,
        cast.regional_manager(),
        Command::AddProfessional {
            professional: Professional {
                person,
                organisation: org,
                role: ProfessionalRole::Municipality,
                role_label: Default::default(),
            },
        },
    );
    assert_rule(
        &err,
        "rule_violation",
        Rule::CoordinatorIndependent,
        &[coordinator.person.id.to_string(), org.to_string()],
    );
}

#[test]
fn rule_4_a_good_and_safe_plan_is_always_accepted() {
    let (mut s, cast) = story_before("assess_plan");
    // Refusing without a reason is not possible.
    let err = refused(
        &mut s,
        cast.professional(),
        Command::AssessPlan {
            version: 1,
            framework: cast.framework,
            verdicts: vec![(
                cast.condition,
                ConditionVerdict::NotMet {
                    reason: "  ".into(),
                },
            )],
        },
    );
    assert_rule(
        &err,
        "rule_violation",
        Rule::SafePlanAccepted,
        &[cast.condition.to_string()],
    );
    // Only the professional who handed in the framework assesses against it.
    let err = refused(
        &mut s,
        cast.coordinator(),
        Command::AssessPlan {
            version: 1,
            framework: cast.framework,
            verdicts: vec![(cast.condition, ConditionVerdict::Met)],
        },
    );
    assert_rule(&err, "permission_denied", Rule::SafePlanAccepted, &[]);
    // Every condition met: the plan is accepted; the professional does not get to decide otherwise.
    s.run(
        cast.professional(),
        Command::AssessPlan {
            version: 1,
            framework: cast.framework,
            verdicts: vec![(cast.condition, ConditionVerdict::Met)],
        },
    )
    .unwrap();
    assert_eq!(
        s.state().latest_plan().unwrap().status,
        PlanStatus::Accepted
    );
    assert!(s.state().latest_plan().unwrap().assessments[0].accepted);
}

#[test]
fn rule_5_a_plan_names_a_monitor_a_convener_and_an_evaluation() {
    let (mut s, cast) = example::story_to_private_time();
    let good = plan(&mut s, &cast);
    let mut p = good.clone();
    p.monitors.clear();
    assert_rule(
        &refused(&mut s, cast.uncle(), Command::SubmitPlan { content: p }),
        "rule_violation",
        Rule::PlanSafeguards,
        &[],
    );
    let mut p = good.clone();
    p.conveners = vec![cast.youth]; // a main person, not a network member
    assert_rule(
        &refused(&mut s, cast.uncle(), Command::SubmitPlan { content: p }),
        "rule_violation",
        Rule::PlanSafeguards,
        &[cast.youth.to_string()],
    );
    let mut p = good.clone();
    p.evaluations.clear();
    assert_rule(
        &refused(&mut s, cast.uncle(), Command::SubmitPlan { content: p }),
        "rule_violation",
        Rule::PlanSafeguards,
        &[],
    );
    s.run(cast.uncle(), Command::SubmitPlan { content: good })
        .unwrap();
}

#[test]
fn rule_6_agreements_are_carried_by_the_circle() {
    let (mut s, cast) = example::story_to_private_time();
    let good = plan(&mut s, &cast);
    let mut p = good.clone();
    p.agreements[0].carried_by.clear();
    let id = p.agreements[0].id.to_string();
    assert_rule(
        &refused(&mut s, cast.uncle(), Command::SubmitPlan { content: p }),
        "rule_violation",
        Rule::AgreementsCarriedByCircle,
        std::slice::from_ref(&id),
    );
    let mut p = good.clone();
    p.agreements[0].carried_by = vec![cast.professional];
    assert_rule(
        &refused(&mut s, cast.uncle(), Command::SubmitPlan { content: p }),
        "rule_violation",
        Rule::AgreementsCarriedByCircle,
        &[id, cast.professional.to_string()],
    );
    // Help asked of professionals is its own list, and only of professionals in the case.
    let mut p = good;
    p.requested_help[0].from = Some(cast.uncle);
    assert_rule(
        &refused(&mut s, cast.uncle(), Command::SubmitPlan { content: p }),
        "rule_violation",
        Rule::ReferencesResolve,
        &[cast.uncle.to_string()],
    );
}

#[test]
fn rule_7_phases_move_only_along_the_lifecycle() {
    let (mut s, cast) = story_before("respond_to_coordinator");
    assert_rule(
        &refused(&mut s, cast.coordinator(), Command::StartConference),
        "rule_violation",
        Rule::Lifecycle,
        &[s.id.to_string()],
    );
    // Ending the conference needs an accepted plan.
    let (mut s, cast) = story_before("assess_plan");
    assert_rule(
        &refused(&mut s, cast.coordinator(), Command::EndConference),
        "rule_violation",
        Rule::Lifecycle,
        &[],
    );
    // Back to private time only after the plan was not accepted.
    assert_rule(
        &refused(
            &mut s,
            cast.coordinator(),
            Command::BeginPart {
                part: ConferencePart::PrivateTime,
            },
        ),
        "rule_violation",
        Rule::Lifecycle,
        &[],
    );
    // No withdrawal once a plan is accepted.
    let (mut s, cast) = story_before("end_conference");
    assert_rule(
        &refused(
            &mut s,
            cast.youth(),
            Command::Withdraw {
                reason: "We stop.".into(),
            },
        ),
        "rule_violation",
        Rule::Lifecycle,
        &[],
    );
    // Nothing but consent withdrawal and satisfaction after closure.
    let (mut s, cast) = example::full_story();
    assert_rule(
        &refused(
            &mut s,
            cast.uncle(),
            Command::RaiseSignal {
                id: SignalId::from_u128(9),
                about: "x".into(),
                subject: Default::default(),
            },
        ),
        "rule_violation",
        Rule::Lifecycle,
        &[],
    );
    // Every version stays: the revision did not replace version 1.
    let c = s.state();
    assert_eq!(c.plans.len(), 2);
    assert_eq!(c.plans[0].version, 1);
    assert_eq!(c.plans[0].status, PlanStatus::Accepted);
}

#[test]
fn rule_8_contact_details_only_with_consent() {
    let (mut s, cast) = story_before("assign_coordinator");
    let details = ContactDetails {
        phone: Some("000-0000000".into()),
        ..Default::default()
    };
    let err = refused(
        &mut s,
        cast.youth(),
        Command::RecordContactDetails {
            person: cast.youth,
            details: details.clone(),
            consent: false,
        },
    );
    assert_rule(
        &err,
        "rule_violation",
        Rule::ContactConsent,
        &[cast.youth.to_string()],
    );
    let err = refused(
        &mut s,
        cast.regional_manager(),
        Command::ShareContactDetails {
            person: cast.youth,
            with: cast.professional,
        },
    );
    assert_rule(
        &err,
        "rule_violation",
        Rule::ContactConsent,
        &[cast.youth.to_string()],
    );
    // Someone may record only their own details.
    let err = refused(
        &mut s,
        cast.youth(),
        Command::RecordContactDetails {
            person: cast.mother,
            details: details.clone(),
            consent: true,
        },
    );
    assert_eq!(err.code(), "permission_denied");
    s.run(
        cast.youth(),
        Command::RecordContactDetails {
            person: cast.youth,
            details: details.clone(),
            consent: true,
        },
    )
    .unwrap();
    assert_eq!(s.state().contact_details(cast.youth), Some(&details));
    s.run(
        cast.regional_manager(),
        Command::ShareContactDetails {
            person: cast.youth,
            with: cast.professional,
        },
    )
    .unwrap();
    // Withdrawing consent erases them.
    s.run(
        cast.youth(),
        Command::WithdrawContactConsent { person: cast.youth },
    )
    .unwrap();
    assert_eq!(s.state().contact_details(cast.youth), None);
    let err = refused(
        &mut s,
        cast.regional_manager(),
        Command::ShareContactDetails {
            person: cast.youth,
            with: cast.professional,
        },
    );
    assert_rule(&err, "rule_violation", Rule::ContactConsent, &[]);
}

#[test]
fn structural_rules() {
    let (mut s, cast) = story_before("schedule_conference");
    // unique_ids: a person already in the case.
    let uncle = s.state().person(cast.uncle).unwrap().clone();
    let member = |person: Person, to: PersonId| Command::AddNetworkMember {
        member: NewNetworkMember {
            person,
            relations: vec![Relation {
                to,
                kind: RelationKind::Cousin,
                side: Default::default(),
                label: Default::default(),
            }],
            side: Side::Own,
            minor: false,
            identified: Identified::WideningCircle,
            also: Default::default(),
            organisation: Default::default(),
        },
    };
    assert_rule(
        &refused(&mut s, cast.coordinator(), member(uncle, cast.youth)),
        "rule_violation",
        Rule::UniqueIds,
        &[cast.uncle.to_string()],
    );
    // references_resolve: a relation to someone who is not in the circle (the professional).
    let p = s.person("Kees Kok");
    assert_rule(
        &refused(&mut s, cast.coordinator(), member(p, cast.professional)),
        "rule_violation",
        Rule::ReferencesResolve,
        &[cast.professional.to_string()],
    );
    // time_order: a command dated before the last change.
    let now = s.now;
    s.now = now - Duration::days(1);
    let p = s.person("Kees Kok");
    assert_rule(
        &refused(&mut s, cast.coordinator(), member(p, cast.youth)),
        "rule_violation",
        Rule::TimeOrder,
        &[s.id.to_string()],
    );
    s.now = now;
    // invitation_flow: from identified straight to confirmed.
    let p = s.person("Kees Kok");
    let id = p.id;
    s.run(cast.coordinator(), member(p, cast.youth)).unwrap();
    assert_rule(
        &refused(
            &mut s,
            cast.coordinator(),
            Command::UpdateInvitation {
                person: id,
                status: InvitationStatus::Confirmed,
            },
        ),
        "rule_violation",
        Rule::InvitationFlow,
        &[id.to_string()],
    );
    // not_found: an unknown member.
    let err = refused(
        &mut s,
        cast.coordinator(),
        Command::UpdateInvitation {
            person: PersonId::from_u128(5),
            status: InvitationStatus::Invited,
        },
    );
    assert_eq!(err.code(), "not_found");
    // invalid_input: empty names, far-past dates, huge text.
    let mut p = s.person(" ");
    assert_eq!(
        refused(&mut s, cast.coordinator(), member(p.clone(), cast.youth)).code(),
        "invalid_input"
    );
    p.name = "Ok".into();
    p.birth_date = chrono::NaiveDate::from_ymd_opt(1800, 1, 1);
    assert_eq!(
        refused(&mut s, cast.coordinator(), member(p.clone(), cast.youth)).code(),
        "invalid_input"
    );
    p.birth_date = None;
    p.name = "x".repeat(MAX_TEXT + 1);
    assert_eq!(
        refused(&mut s, cast.coordinator(), member(p, cast.youth)).code(),
        "invalid_input"
    );
}

#[test]
fn structural_rules_of_assessment_evaluation_and_distribution() {
    let (mut s, cast) = story_before("assess_plan");
    let err = refused(
        &mut s,
        cast.professional(),
        Command::AssessPlan {
            version: 1,
            framework: cast.framework,
            verdicts: vec![],
        },
    );
    assert_rule(
        &err,
        "rule_violation",
        Rule::AssessmentComplete,
        &[cast.condition.to_string()],
    );
    let (mut s, cast) = story_before("distribute_plan");
    let err = refused(
        &mut s,
        cast.coordinator(),
        Command::DistributePlan {
            version: 1,
            recipients: vec![cast.youth],
            frameworks_attached: vec![],
        },
    );
    assert_rule(
        &err,
        "rule_violation",
        Rule::FrameworksAttached,
        &[cast.framework.to_string()],
    );
    let (mut s, cast) = story_before("record_evaluation");
    let evaluation = *s.state().evaluations.keys().next().unwrap();
    let today = s.today();
    let held_on = |held_on| Command::RecordEvaluation {
        record: EvaluationRecord {
            evaluation,
            held_on,
            convened_by: cast.grandmother,
            present: vec![],
            reviews: vec![],
            next_step: NextStep::Continue,
            help_reviews: Default::default(),
        },
    };
    let err = refused(&mut s, cast.uncle(), held_on(today));
    assert_eq!(err.rule(), Some(Rule::EvaluationComplete));
    assert_eq!(err.ids().len(), 4, "three agreements and the case: {err}");
    // Recorded before it was held.
    let err = refused(&mut s, cast.uncle(), held_on(today + Duration::days(3)));
    assert_rule(
        &err,
        "rule_violation",
        Rule::TimeOrder,
        &[evaluation.to_string()],
    );
    // Dated before the plan that planned it was made.
    let made = s.state().plan(1).unwrap().submitted_at.date_naive();
    let err = refused(&mut s, cast.uncle(), held_on(made - Duration::days(1)));
    assert_rule(
        &err,
        "rule_violation",
        Rule::TimeOrder,
        &[evaluation.to_string()],
    );
    assert!(err.to_string().contains("version 1"), "{err}");
}

#[test]
fn case_parties_fit_the_variant() {
    let (full, cast) = example::full_story();
    let Command::RequestConference(req) = &full.events[0].command else {
        unreachable!()
    };
    let mut restorative = (**req).clone();
    restorative.variant = Variant::Restorative;
    let mut state = None;
    let err = execute(
        &mut state,
        full.id,
        cast.professional(),
        full.events[0].at,
        Command::RequestConference(Box::new(restorative.clone())),
    )
    .unwrap_err();
    assert_rule(
        &err,
        "rule_violation",
        Rule::CaseParties,
        &[cast.youth.to_string()],
    );
    assert!(state.is_none());
    restorative.main_persons[0].party = Some(Party::Harmed);
    restorative.main_persons[1].party = Some(Party::Responsible);
    execute(
        &mut state,
        full.id,
        cast.professional(),
        full.events[0].at,
        Command::RequestConference(Box::new(restorative)),
    )
    .unwrap();
}

#[test]
fn rule_8_withheld_details_are_never_passed_on_nor_read() {
    let (mut s, cast) = story_before("distribute_plan");
    let mother = Actor::new(cast.mother, Role::MainPerson);
    let uncle = Actor::new(cast.uncle, Role::NetworkMember);
    let grandmother = Actor::new(cast.grandmother, Role::NetworkMember);
    let marker = "kring-marker-7f3a";
    s.run(
        mother,
        Command::RecordContactDetails {
            person: cast.mother,
            details: ContactDetails {
                phone: Some(format!("{marker}-phone")),
                email: None,
                address: Some(format!("{marker}-address")),
            },
            consent: true,
        },
    )
    .unwrap();
    let reads = |s: &CaseDriver, reader: &Actor| {
        serde_json::to_string(&s.state().view_for(reader).unwrap())
            .unwrap()
            .contains(marker)
    };
    let share = Command::ShareContactDetails {
        person: cast.mother,
        with: cast.uncle,
    };
    s.run(cast.coordinator(), share.clone()).unwrap();
    assert!(
        reads(&s, &uncle),
        "passed on with consent: the uncle reads it"
    );
    assert!(!reads(&s, &grandmother), "never passed to the grandmother");
    assert!(reads(&s, &cast.coordinator()));

    // A professional keeps the mother's whereabouts from the uncle.
    s.run(
        cast.professional(),
        Command::WithholdDetails {
            person: cast.mother,
            from: vec![cast.uncle],
        },
    )
    .unwrap();
    assert!(!reads(&s, &uncle), "withheld: gone from the uncle's reads");
    let view = s.state().view_for(&uncle).unwrap();
    assert!(view.contact_shares.unwrap().is_empty());
    assert_eq!(
        view.withheld.unwrap(),
        vec![],
        "he does not learn of it either"
    );
    assert!(
        reads(&s, &cast.coordinator()),
        "the coordinator still reaches her"
    );
    assert_eq!(
        s.state().view_for(&mother).unwrap().withheld.unwrap().len(),
        1
    );

    let err = refused(&mut s, cast.coordinator(), share.clone());
    assert_rule(
        &err,
        "rule_violation",
        Rule::DetailsWithheld,
        &[cast.mother.to_string(), cast.uncle.to_string()],
    );
    assert_eq!(err.rule().and_then(Rule::number), Some(8));
    let err = refused(
        &mut s,
        mother,
        Command::WithholdDetails {
            person: cast.mother,
            from: vec![cast.coordinator],
        },
    );
    assert_rule(&err, "rule_violation", Rule::DetailsWithheld, &[]);
    let err = refused(
        &mut s,
        mother,
        Command::WithholdDetails {
            person: cast.mother,
            from: vec![cast.uncle],
        },
    );
    assert_rule(&err, "rule_violation", Rule::UniqueIds, &[]);
    // Lifted only by the mother, or the coordinator for her.
    let lift = Command::LiftWithholding {
        person: cast.mother,
        from: vec![cast.uncle],
    };
    assert_eq!(
        refused(&mut s, uncle, lift.clone()).code(),
        "permission_denied"
    );
    assert_eq!(
        refused(&mut s, cast.professional(), lift.clone()).code(),
        "permission_denied"
    );
    let not_withheld = Command::LiftWithholding {
        person: cast.mother,
        from: vec![cast.grandmother],
    };
    assert_eq!(refused(&mut s, mother, not_withheld).code(), "not_found");
    s.run(mother, lift).unwrap();
    assert!(reads(&s, &uncle), "lifted: what was passed on reads again");
    assert!(s.state().withheld.is_empty());
}
