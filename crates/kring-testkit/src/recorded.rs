//! A second worked example that records everything format 3 added: what led to the request,
//! measures over time, a representative and each person's consent, relations between members,
//! a view, an interpreter, what was said in the information part, the chair of private time,
//! a framework without conditions and one its professional did not test, help and funding,
//! meetings, a signal weighed and resolved, a revision decided outside a meeting that drops
//! an evaluation moment, involvement that ends, a new coordinator, and scores per person;
//! and from format 5, contact details withheld from a parent.
//! Every name here is invented.

use chrono::{Duration, NaiveDate, TimeZone, Utc};

use kring_domain::*;

use crate::driver::CaseDriver;

/// The people and ids of the recorded example.
#[derive(Debug, Clone, Copy)]
pub struct RecordedCast {
    /// Noor, 13, the child the case is about: a main person.
    pub child: PersonId,
    /// Her mother, a main person with authority, who also represents her.
    pub mother: PersonId,
    /// Her father, a main person; his view of the plan differs from the mother's.
    pub father: PersonId,
    /// The mother's sister, the plan's monitor.
    pub aunt: PersonId,
    /// The aunt's friend: related to the aunt, not to a main person.
    pub aunts_friend: PersonId,
    /// The father's mother, who speaks Turkish; the plan's convener.
    pub grandmother: PersonId,
    /// Her interpreter.
    pub interpreter: PersonId,
    /// The case manager who referred (framework with conditions).
    pub case_manager: PersonId,
    /// The school doctor (framework with conditions; absent at the presentation).
    pub school_doctor: PersonId,
    /// A neighbourhood sports coach (framework with concerns only).
    pub coach: PersonId,
    /// The case manager's organisation.
    pub care: OrganisationId,
    /// The school doctor's organisation.
    pub ggd: OrganisationId,
    /// The coach's organisation.
    pub sport: OrganisationId,
    /// The first coordinator.
    pub coordinator: PersonId,
    /// The coordinator who takes over when the family moves.
    pub second_coordinator: PersonId,
    /// The regional manager.
    pub regional_manager: PersonId,
    /// The case manager's framework, with a condition.
    pub framework: FrameworkId,
    /// The school doctor's framework, with a condition; not tested.
    pub doctors_framework: FrameworkId,
    /// The coach's framework, without conditions.
    pub coachs_framework: FrameworkId,
    /// The supervision order.
    pub supervision: MeasureId,
    /// The placement on the table, averted.
    pub placement: MeasureId,
    /// The help asked of the case manager.
    pub help: HelpId,
    /// The first plan's first evaluation moment, held.
    pub first_evaluation: EvaluationId,
    /// The first plan's second moment, dropped by the revision.
    pub dropped_evaluation: EvaluationId,
}

fn run(s: &mut CaseDriver, actor: Actor, command: Command) {
    if let Err(e) = s.run(actor, command) {
        panic!("the recorded example was refused: {e}");
    }
}

/// Runs a command now (built before the driver is borrowed, so it may read the clock).
macro_rules! act {
    ($s:ident, $actor:expr, $command:expr $(,)?) => {{
        let (actor, command) = ($actor, $command);
        run(&mut $s, actor, command)
    }};
}

/// Moves the clock on by a number of days, then builds and runs a command.
macro_rules! after {
    ($s:ident, $days:expr, $actor:expr, $command:expr $(,)?) => {{
        $s.wait(Duration::days($days));
        act!($s, $actor, $command)
    }};
}

fn member(person: Person, relations: Vec<Relation>, side: Side, also: Vec<String>) -> Command {
    Command::AddNetworkMember {
        member: NewNetworkMember {
            person,
            relations,
            side,
            minor: false,
            identified: Identified::WideningCircle,
            also,
            organisation: None,
        },
    }
}

fn relation(to: PersonId, kind: RelationKind, side: Option<Side>) -> Relation {
    Relation {
        to,
        kind,
        side,
        label: None,
    }
}

fn framework(id: FrameworkId, s: &mut CaseDriver, concern: &str, conditions: &[&str]) -> Command {
    Command::SubmitFramework {
        framework: NewFramework {
            id,
            concerns: vec![FrameworkItem {
                id: s.new_id(),
                text: concern.into(),
            }],
            conditions: conditions
                .iter()
                .map(|c| FrameworkItem {
                    id: s.new_id(),
                    text: (*c).into(),
                })
                .collect(),
            questions: vec![],
            criteria: vec![],
        },
    }
}

/// The recorded example, from the request to closure.
pub fn recorded_story() -> (CaseDriver, RecordedCast) {
    recorded_story_with(3003)
}

/// [`recorded_story`] with other ids.
pub fn recorded_story_with(seed: u64) -> (CaseDriver, RecordedCast) {
    let start = Utc.with_ymd_and_hms(2026, 9, 7, 10, 0, 0).unwrap();
    let mut s = CaseDriver::new(seed, start);
    let child = Person {
        birth_date: NaiveDate::from_ymd_opt(2013, 4, 2),
        ..s.person("Noor Akgül")
    };
    let mother = s.person("Sanne de Wit");
    let father = s.person("Emre Akgül");
    let (care, ggd, sport): (OrganisationId, OrganisationId, OrganisationId) =
        (s.new_id(), s.new_id(), s.new_id());
    let case_manager = s.person("Joost Hendriks");
    let question: ItemId = s.new_id();
    let req = RequestConference {
        variant: Variant::Family,
        legal_basis: LegalBasis::JeugdwetFamiliegroepsplan,
        description: "Noor's parents live apart; a placement is being considered.".into(),
        questions: vec![CaseQuestion {
            id: question,
            text: "How does Noor grow up safely, and where?".into(),
        }],
        main_persons: vec![
            MainPerson {
                person: child.clone(),
                party: None,
            },
            MainPerson {
                person: mother.clone(),
                party: None,
            },
            MainPerson {
                person: father.clone(),
                party: None,
            },
        ],
        referral: Referral::Professional {
            professional: Professional {
                person: case_manager.clone(),
                organisation: care,
                role: ProfessionalRole::CaseManager,
                role_label: None,
            },
        },
        organisations: vec![
            Organisation {
                id: care,
                name: "Jeugdteam Oost".into(),
                kind: OrganisationKind::CareProvider,
            },
            Organisation {
                id: ggd,
                name: "GGD Regio".into(),
                kind: OrganisationKind::CareProvider,
            },
            Organisation {
                id: sport,
                name: "Buurtsport".into(),
                kind: OrganisationKind::Other,
            },
        ],
        consent_to_pass_contact: true,
        preferences: CoordinatorPreferences {
            language: Some("tr".into()),
            ..Default::default()
        },
        antecedents: vec![Antecedent {
            kind: AntecedentKind::ReportToHotline,
            on: NaiveDate::from_ymd_opt(2026, 6, 20),
            note: Some("A neighbour reported shouting at night.".into()),
        }],
        referral_path: vec![
            ReferralStep {
                organisation: ggd,
                note: Some("The school doctor saw Noor first.".into()),
            },
            ReferralStep {
                organisation: care,
                note: None,
            },
        ],
        subject: None,
        plan_deadline: None,
    };
    act!(
        s,
        Actor::new(case_manager.id, Role::Professional),
        Command::RequestConference(Box::new(req)),
    );
    let cm = Actor::new(case_manager.id, Role::Professional);
    let supervision: MeasureId = s.new_id();
    let placement: MeasureId = s.new_id();
    act!(
        s,
        cm,
        Command::RecordMeasure {
            measure: MeasureUpdate {
                id: supervision,
                kind: MeasureKind::SupervisionOrder,
                concerns: vec![child.id],
                label: None,
                status: MeasureStatus::InForce,
                on: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
                note: None,
            },
        },
    );
    act!(
        s,
        cm,
        Command::RecordMeasure {
            measure: MeasureUpdate {
                id: placement,
                kind: MeasureKind::Placement,
                concerns: vec![child.id],
                label: None,
                status: MeasureStatus::Considered,
                on: s.today(),
                note: Some("Unless the family finds another way.".into()),
            },
        },
    );
    let school_doctor = s.person("Ria Smeets");
    let coach = s.person("Bas Kok");
    for (p, org, role, label) in [
        (&school_doctor, ggd, ProfessionalRole::SchoolDoctor, None),
        (
            &coach,
            sport,
            ProfessionalRole::Other,
            Some("neighbourhood sports coach".to_string()),
        ),
    ] {
        act!(
            s,
            cm,
            Command::AddProfessional {
                professional: Professional {
                    person: p.clone(),
                    organisation: org,
                    role,
                    role_label: label,
                },
            },
        );
    }
    let rm = s.person("Hanna Vos");
    let regional_manager = Actor::new(rm.id, Role::RegionalManager);
    let coordinator = Coordinator {
        person: s.person_speaking("Aylin Kaya", vec!["nl".into(), "tr".into()]),
        affiliations: vec![],
        languages: vec!["nl".into(), "tr".into()],
        gender: Some(Gender::Female),
        region: "Oost".into(),
        cultures: vec!["Turkish-Dutch".into()],
        religion: None,
    };
    let coordinator_id = coordinator.person.id;
    after!(
        s,
        2,
        regional_manager,
        Command::AssignCoordinator {
            coordinator,
            reason: Some("Speaks Turkish with the grandmother; works in the region.".into()),
        },
    );
    let co = Actor::new(coordinator_id, Role::Coordinator);
    after!(
        s,
        1,
        Actor::new(mother.id, Role::MainPerson),
        Command::RespondToCoordinator { accepted: true },
    );
    // The mother acts for Noor; Noor gives her own assent later.
    act!(
        s,
        co,
        Command::AddRepresentative {
            representation: Representation {
                person: mother.id,
                for_person: child.id,
                kind: RepresentativeKind::ParentWithAuthority,
            },
        },
    );
    act!(
        s,
        Actor::on_behalf_of(mother.id, child.id),
        Command::RecordConsent {
            person: child.id,
            matter: ConsentMatter::Conference,
            given: true,
        },
    );
    act!(
        s,
        Actor::new(father.id, Role::MainPerson),
        Command::RecordConsent {
            person: father.id,
            matter: ConsentMatter::Conference,
            given: true,
        },
    );
    // The circle.
    let aunt = s.person("Lotte de Wit");
    let aunts_friend = s.person("Kim Bos");
    let grandmother = s.person_speaking("Ayşe Akgül", vec!["tr".into()]);
    after!(
        s,
        3,
        co,
        member(
            aunt.clone(),
            vec![relation(
                child.id,
                RelationKind::AuntUncle,
                Some(Side::Mothers),
            )],
            Side::Mothers,
            vec![],
        ),
    );
    act!(
        s,
        co,
        member(
            aunts_friend.clone(),
            vec![Relation {
                to: aunt.id,
                kind: RelationKind::Friend,
                side: None,
                label: None,
            }],
            Side::Mothers,
            vec!["volunteer at the football club".into()],
        ),
    );
    act!(
        s,
        co,
        member(
            grandmother.clone(),
            vec![relation(
                child.id,
                RelationKind::Grandparent,
                Some(Side::Fathers),
            )],
            Side::Fathers,
            vec![],
        ),
    );
    act!(
        s,
        co,
        Command::AddRelation {
            person: grandmother.id,
            relation: Relation {
                to: father.id,
                kind: RelationKind::Parent,
                side: None,
                label: None,
            },
        },
    );
    let interpreter = s.person_speaking("Deniz Yıldız", vec!["nl".into(), "tr".into()]);
    act!(
        s,
        co,
        Command::AddInterpreter {
            interpreter: Interpreter {
                person: interpreter.clone(),
                language: "tr".into(),
                for_persons: vec![grandmother.id],
            },
        },
    );
    act!(
        s,
        Actor::new(aunt.id, Role::NetworkMember),
        Command::RecordArrangement {
            arrangement: Arrangement {
                kind: ArrangementKind::InterimLiving,
                what: "Noor sleeps at her aunt's on school nights until the conference.".into(),
                carried_by: vec![aunt.id],
                from: Some(s.today()),
                until: None,
            },
        },
    );
    // The father works abroad on weekdays: he takes part from there.
    act!(
        s,
        co,
        Command::SetParticipation {
            person: father.id,
            participation: Participation::Remote,
        }
    );
    act!(
        s,
        co,
        Command::RecordView {
            person: child.id,
            view: "I want to stay at my school and see my father at weekends.".into(),
        },
    );
    act!(
        s,
        Actor::new(child.id, Role::MainPerson),
        Command::RecordConsent {
            person: child.id,
            matter: ConsentMatter::Conference,
            given: true,
        },
    );
    // The frameworks: the case manager's and the doctor's with conditions, the coach's
    // with a concern only.
    let (fw, dfw, cfw): (FrameworkId, FrameworkId, FrameworkId) =
        (s.new_id(), s.new_id(), s.new_id());
    let c = framework(
        fw,
        &mut s,
        "Nights are not calm.",
        &["Noor sleeps in a calm home."],
    );
    after!(s, 2, cm, c);
    let c = framework(
        dfw,
        &mut s,
        "Noor misses school.",
        &["Someone takes Noor to school."],
    );
    act!(s, Actor::new(school_doctor.id, Role::Professional), c);
    let c = framework(cfw, &mut s, "Noor stopped training.", &[]);
    act!(s, Actor::new(coach.id, Role::Professional), c);
    let condition = s.state().frameworks[&fw].conditions[0].id;
    // The conference.
    let conf: ConferenceId = s.new_id();
    after!(
        s,
        7,
        co,
        Command::ScheduleConference {
            conference: ConferenceSchedule {
                id: conf,
                date: s.today() + Duration::days(10),
                place: "Community centre".into(),
                language: "nl".into(),
                interpreter: true,
            },
        },
    );
    after!(s, 10, co, Command::StartConference);
    act!(
        s,
        cm,
        Command::RecordInformation {
            information: InformationGiven {
                given_by: case_manager.id,
                summary: "What the supervision order asks, and what a placement would mean.".into(),
                documents: vec!["Visiting arrangement".into()],
            },
        },
    );
    s.wait(Duration::minutes(45));
    act!(
        s,
        co,
        Command::BeginPart {
            part: ConferencePart::PrivateTime,
        },
    );
    act!(
        s,
        Actor::new(aunt.id, Role::NetworkMember),
        Command::ChooseChair { person: aunt.id },
    );
    act!(
        s,
        Actor::new(aunt.id, Role::NetworkMember),
        Command::RecordAttendance {
            present: vec![
                child.id,
                mother.id,
                father.id,
                aunt.id,
                aunts_friend.id,
                grandmother.id,
                interpreter.id,
            ],
        },
    );
    s.wait(Duration::minutes(80));
    let help: HelpId = s.new_id();
    let (first_evaluation, dropped_evaluation): (EvaluationId, EvaluationId) =
        (s.new_id(), s.new_id());
    let to_school: AgreementId = s.new_id();

    let plan = PlanContent {
        agreements: vec![
            Agreement {
                id: s.new_id(),
                what: "Noor lives with her mother; her aunt stays over on hard nights.".into(),
                carried_by: vec![mother.id, aunt.id],
                supporters: vec![],
                start: Some(s.today()),
                due: None,
                frequency: None,
                answers: vec![question, condition],
                for_person: Some(child.id),
                funding: None,
            },
            Agreement {
                id: to_school,
                what: "Grandmother takes Noor to school; a taxi on rainy days.".into(),
                carried_by: vec![grandmother.id],
                supporters: vec![],
                start: Some(s.today()),
                due: None,
                frequency: Some("school days".into()),
                answers: vec![],
                for_person: Some(child.id),
                funding: Some(Funding::PersonalBudget),
            },
        ],
        requested_help: vec![RequestedHelp {
            id: help,
            what: "Parenting support for the father at weekends.".into(),
            from: Some(case_manager.id),
            answers: vec![],
            funding: Some(Funding::InKind),
        }],
        monitors: vec![aunt.id],
        conveners: vec![grandmother.id],
        evaluations: vec![
            EvaluationMoment {
                id: first_evaluation,
                planned_on: s.today() + Duration::days(42),
            },
            EvaluationMoment {
                id: dropped_evaluation,
                planned_on: s.today() + Duration::days(120),
            },
        ],
        contact_arrangement: Some("The aunt calls the case manager every month.".into()),
    };
    act!(
        s,
        Actor::new(aunt.id, Role::NetworkMember),
        Command::SubmitPlan {
            content: plan.clone(),
        },
    );
    act!(
        s,
        co,
        Command::BeginPart {
            part: ConferencePart::Presentation,
        },
    );
    act!(
        s,
        cm,
        Command::AssessPlan {
            version: 1,
            framework: fw,
            verdicts: vec![(condition, ConditionVerdict::Met)],
        },
    );
    // The school doctor did not come; the coach's framework has no conditions.
    act!(
        s,
        co,
        Command::RecordNotTested {
            version: 1,
            framework: dfw,
            reason: "The school doctor was ill and did not respond.".into(),
        },
    );
    act!(s, co, Command::EndConference);
    // Both parents say they back the plan.
    for parent in [mother.id, father.id] {
        act!(
            s,
            Actor::new(parent, Role::MainPerson),
            Command::RecordConsent {
                person: parent,
                matter: ConsentMatter::Plan,
                given: true,
            }
        );
    }
    let frameworks = s.state().frameworks.keys().copied().collect();
    let everyone = vec![child.id, mother.id, father.id, aunt.id, grandmother.id];
    after!(
        s,
        1,
        co,
        Command::DistributePlan {
            version: 1,
            recipients: everyone.clone(),
            frameworks_attached: frameworks,
        },
    );
    let (by, averted) =
        placement_update(cm, placement, child.id, MeasureStatus::Averted, s.today());
    act!(s, by, averted);
    after!(
        s,
        5,
        cm,
        Command::UpdateHelp {
            help,
            status: HelpStatus::Started,
            note: Some("Weekly sessions from next month.".into()),
        },
    );
    let signal: SignalId = s.new_id();
    after!(
        s,
        10,
        Actor::new(aunt.id, Role::NetworkMember),
        Command::RaiseSignal {
            id: signal,
            about: "Noor was not at training twice.".into(),
            subject: Some(child.id),
        },
    );
    act!(
        s,
        Actor::new(coach.id, Role::Professional),
        Command::UpdateSignal {
            signal,
            assessment: Some("No worry: she had a cold.".into()),
            resolution: Some("The coach calls the aunt if she misses again.".into()),
        },
    );
    act!(
        s,
        cm,
        Command::RecordMeeting {
            meeting: Meeting {
                kind: MeetingKind::ProfessionalsWithCircle,
                on: s.today(),
                convened_by: case_manager.id,
                invited: vec![mother.id, father.id, aunt.id],
                present: vec![mother.id, aunt.id, case_manager.id],
                note: Some("About the weekends with the father.".into()),
            },
        },
    );
    // The first evaluation.
    s.wait(Duration::days(28));
    let agreements: Vec<AgreementId> = plan.agreements.iter().map(|a| a.id).collect();
    act!(
        s,
        Actor::new(grandmother.id, Role::NetworkMember),
        Command::RecordEvaluation {
            record: EvaluationRecord {
                evaluation: first_evaluation,
                held_on: s.today(),
                convened_by: grandmother.id,
                present: everyone.clone(),
                reviews: agreements
                    .iter()
                    .map(|a| AgreementReview {
                        agreement: *a,
                        status: AgreementStatus::OnTrack,
                        note: None,
                    })
                    .collect(),
                next_step: NextStep::Revise,
                help_reviews: vec![HelpReview {
                    help,
                    status: HelpStatus::Started,
                    note: None,
                }],
            },
        },
    );
    // A week later the parents and the aunt decide, at home, to drop the second evaluation.
    s.wait(Duration::days(7));
    let revised = PlanContent {
        evaluations: vec![EvaluationMoment {
            id: first_evaluation,
            planned_on: plan.evaluations[0].planned_on,
        }],
        ..plan.clone()
    };
    act!(
        s,
        co,
        Command::RevisePlan {
            content: revised,
            evaluation: None,
            outside: Some(OutsideDecision {
                on: s.today() - Duration::days(1),
                by: vec![mother.id, father.id, aunt.id],
            }),
        },
    );
    act!(
        s,
        cm,
        Command::AssessPlan {
            version: 2,
            framework: fw,
            verdicts: vec![(condition, ConditionVerdict::Met)],
        },
    );
    act!(
        s,
        co,
        Command::RecordNotTested {
            version: 2,
            framework: dfw,
            reason: "The school doctor left the case before the revision.".into(),
        },
    );
    act!(
        s,
        Actor::new(coach.id, Role::Professional),
        Command::EndInvolvement {
            involvement: Involvement::Organisation {
                organisation: sport,
            },
            reason: "Noor trains again; the circle takes it from here.".into(),
        },
    );
    // The family moves; a coordinator of the new region takes over.
    let second = Coordinator {
        person: s.person("Marieke Dijkstra"),
        affiliations: vec![],
        languages: vec!["nl".into()],
        gender: Some(Gender::Female),
        region: "Noord".into(),
        cultures: vec![],
        religion: None,
    };
    let second_coordinator = second.person.id;
    after!(
        s,
        30,
        regional_manager,
        Command::ReplaceCoordinator {
            coordinator: second,
            reason: "The family moved to the northern region.".into(),
        },
    );
    let co2 = Actor::new(second_coordinator, Role::Coordinator);
    after!(
        s,
        60,
        cm,
        Command::RecordMeasure {
            measure: MeasureUpdate {
                id: supervision,
                kind: MeasureKind::SupervisionOrder,
                concerns: vec![child.id],
                label: None,
                status: MeasureStatus::Ended,
                on: s.today(),
                note: Some("Not extended: the plan works.".into()),
            },
        },
    );
    // Format 5: the mother's new address is kept from the father. Her details go to the
    // aunt; she keeps them from the grandmother too, then lifts that again.
    let mother_acts = Actor::new(mother.id, Role::MainPerson);
    act!(
        s,
        mother_acts,
        Command::RecordContactDetails {
            person: mother.id,
            details: ContactDetails {
                phone: Some("06-00000000".into()),
                email: None,
                address: Some("Verzonnenstraat 1, Nergenshuizen".into()),
            },
            consent: true,
        },
    );
    act!(
        s,
        co2,
        Command::ShareContactDetails {
            person: mother.id,
            with: aunt.id,
        },
    );
    act!(
        s,
        mother_acts,
        Command::WithholdDetails {
            person: mother.id,
            from: vec![father.id, grandmother.id],
        },
    );
    act!(
        s,
        co2,
        Command::LiftWithholding {
            person: mother.id,
            from: vec![grandmother.id],
        },
    );
    act!(
        s,
        co2,
        Command::CloseCase {
            outcome: Outcome::PlacementAverted,
            note: None,
        },
    );
    for (person, score) in [(mother.id, 9), (father.id, 6)] {
        act!(
            s,
            co2,
            Command::RecordSatisfaction {
                group: ParticipantGroup::MainPerson,
                score,
                person: Some(person),
            },
        );
    }
    let cast = RecordedCast {
        child: child.id,
        mother: mother.id,
        father: father.id,
        aunt: aunt.id,
        aunts_friend: aunts_friend.id,
        grandmother: grandmother.id,
        interpreter: interpreter.id,
        case_manager: case_manager.id,
        school_doctor: school_doctor.id,
        coach: coach.id,
        care,
        ggd,
        sport,
        coordinator: coordinator_id,
        second_coordinator,
        regional_manager: rm.id,
        framework: fw,
        doctors_framework: dfw,
        coachs_framework: cfw,
        supervision,
        placement,
        help,
        first_evaluation,
        dropped_evaluation,
    };
    (s, cast)
}

/// The command moving the placement to `status`, by the case manager.
fn placement_update(
    by: Actor,
    placement: MeasureId,
    child: PersonId,
    status: MeasureStatus,
    on: NaiveDate,
) -> (Actor, Command) {
    (
        by,
        Command::RecordMeasure {
            measure: MeasureUpdate {
                id: placement,
                kind: MeasureKind::Placement,
                concerns: vec![child],
                label: None,
                status,
                on,
                note: Some("The plan makes it unnecessary.".into()),
            },
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command of format 3 appears in the recorded example, and it replays.
    #[test]
    fn the_recorded_example_uses_every_new_command_and_replays() {
        let (s, cast) = recorded_story();
        let case = s.state();
        assert_eq!(Case::replay(&s.events).as_ref(), Some(case));
        invariants::check(case).unwrap();
        for kind in [
            CommandKind::RecordNotTested,
            CommandKind::RecordMeasure,
            CommandKind::AddRepresentative,
            CommandKind::RecordConsent,
            CommandKind::AddRelation,
            CommandKind::RecordInformation,
            CommandKind::RecordView,
            CommandKind::AddInterpreter,
            CommandKind::ChooseChair,
            CommandKind::UpdateHelp,
            CommandKind::EndInvolvement,
            CommandKind::RecordMeeting,
            CommandKind::UpdateSignal,
            CommandKind::ReplaceCoordinator,
            CommandKind::RecordArrangement,
            CommandKind::WithholdDetails,
            CommandKind::LiftWithholding,
        ] {
            assert!(
                s.events.iter().any(|e| e.command.kind() == kind),
                "{kind} is not in the example"
            );
        }
        assert!(s.events.iter().all(|e| e.rules == RULES));
        assert_eq!(case.phase, Phase::Closed);
        assert_eq!(
            case.measures[&cast.placement].status(),
            Some(MeasureStatus::Averted)
        );
        assert_eq!(
            case.measures[&cast.supervision].status(),
            Some(MeasureStatus::Ended)
        );
        assert_eq!(case.measures[&cast.supervision].history.len(), 2);
        // The revision dropped the second moment: it is no longer due, ever.
        assert_eq!(
            case.evaluations[&cast.dropped_evaluation].dropped_in,
            Some(2)
        );
        let far = NaiveDate::from_ymd_opt(2100, 1, 1).unwrap();
        assert_eq!(case.evaluations_due(far).count(), 0);
        // Version 1 was accepted without the untested doctor's and the coach's verdicts.
        assert_eq!(case.plan(1).unwrap().status, PlanStatus::Accepted);
        assert_eq!(case.plan(1).unwrap().not_tested.len(), 1);
        assert_eq!(case.plan(2).unwrap().status, PlanStatus::Accepted);
        assert!(matches!(
            case.plan(2).unwrap().decided_at,
            DecidedAt::Outside { .. }
        ));
        assert_eq!(case.help_status(cast.help), Some(HelpStatus::Started));
        assert!(case.involvement_ended(cast.coach));
        assert!(!case.involvement_ended(cast.case_manager));
        assert!(case.is_coordinator(cast.second_coordinator));
        assert_eq!(case.former_coordinators.len(), 1);
        assert_eq!(case.conferences[0].chair, Some(cast.aunt));
        assert!(case.represents(cast.mother, cast.child));
        let assent = case.consent(cast.child, ConsentMatter::Conference).unwrap();
        assert_eq!(
            assent.given_by, cast.child,
            "Noor's own assent is the latest"
        );
        assert_eq!(case.satisfaction.len(), 2);
        assert_eq!(
            case.main_participation.get(&cast.father),
            Some(&Participation::Remote)
        );
        assert!(
            case.consent(cast.father, ConsentMatter::Plan)
                .is_some_and(|c| c.given)
        );
        assert!(case.knows(cast.interpreter));
        assert!(case.is_withheld(cast.mother, cast.father));
        assert!(!case.is_withheld(cast.mother, cast.grandmother));
        assert_eq!(case.withheld.len(), 1);
    }
}
