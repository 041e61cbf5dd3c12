//! A worked example: one fictional case walked through the whole lifecycle with a
//! [`CaseDriver`]. Used by the docs, the `kring demo` command and the tests.
//! Every name here is invented.

use chrono::{Duration, NaiveDate, TimeZone, Utc};

use kring_domain::*;

use crate::driver::{CaseDriver, add_member};

/// Runs one command of the example now; the example is valid, so a refusal is a bug.
fn run_now(s: &mut CaseDriver, actor: Actor, command: Command) {
    if let Err(e) = s.run(actor, command) {
        panic!("the example was refused: {e}");
    }
}

/// Moves the clock on by `days`, then runs one command of the example.
fn run_after_days(s: &mut CaseDriver, days: i64, actor: Actor, command: Command) {
    s.wait(Duration::days(days));
    run_now(s, actor, command);
}

/// The people of the example case.
#[derive(Debug, Clone, Copy)]
pub struct Cast {
    /// Daan, the youth the case is about: a main person.
    pub youth: PersonId,
    /// His mother: the other main person.
    pub mother: PersonId,
    /// His uncle, the plan's monitor.
    pub uncle: PersonId,
    /// His friend's mother, who offers him a home.
    pub friends_mother: PersonId,
    /// His grandmother, the plan's convener.
    pub grandmother: PersonId,
    /// A neighbour found while widening the circle.
    pub neighbour: PersonId,
    /// The youth probation officer who asked for the conference.
    pub professional: PersonId,
    /// The professional's organisation.
    pub organisation: OrganisationId,
    /// The regional manager who assigns the coordinator.
    pub regional_manager: PersonId,
    /// The independent coordinator.
    pub coordinator: PersonId,
    /// The professional's safety framework.
    pub framework: FrameworkId,
    /// The framework's one condition.
    pub condition: ItemId,
    /// The case's question.
    pub question: ItemId,
}

impl Cast {
    /// The coordinator, acting as coordinator.
    pub fn coordinator(&self) -> Actor {
        Actor::new(self.coordinator, Role::Coordinator)
    }
    /// The professional, acting as professional.
    pub fn professional(&self) -> Actor {
        Actor::new(self.professional, Role::Professional)
    }
    /// The regional manager, acting as regional manager.
    pub fn regional_manager(&self) -> Actor {
        Actor::new(self.regional_manager, Role::RegionalManager)
    }
    /// The youth, acting as main person.
    pub fn youth(&self) -> Actor {
        Actor::new(self.youth, Role::MainPerson)
    }
    /// The uncle, acting as network member.
    pub fn uncle(&self) -> Actor {
        Actor::new(self.uncle, Role::NetworkMember)
    }
}

/// The example case up to the moment the circle goes into private time: requested by a youth
/// probation officer ("where can Daan live?"), coordinator assigned and accepted, the circle
/// widened, a framework with one condition, conference 1 in its information part, then
/// private time.
pub fn story_to_private_time() -> (CaseDriver, Cast) {
    story_to_private_time_with(2026)
}

/// [`story_to_private_time`] with other ids: the same story for another case.
pub fn story_to_private_time_with(seed: u64) -> (CaseDriver, Cast) {
    let start = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let mut s = CaseDriver::new(seed, start);
    let youth = Person {
        birth_date: NaiveDate::from_ymd_opt(2010, 5, 14),
        ..s.person("Daan Verhoef")
    };
    let mother = s.person("Ilse Verhoef");
    let organisation: OrganisationId = s.new_id();
    let prof = s.person("Femke Jansen");
    let question: ItemId = s.new_id();
    let cast_professional = prof.id;
    let req = RequestConference {
        variant: Variant::Family,
        legal_basis: LegalBasis::JeugdwetFamiliegroepsplan,
        description:
            "Daan (15) cannot stay at home for now; the family wants to decide where he lives."
                .into(),
        questions: vec![CaseQuestion {
            id: question,
            text: "Where can Daan live, for as long as he needs?".into(),
        }],
        main_persons: vec![
            MainPerson {
                person: youth.clone(),
                party: None,
            },
            MainPerson {
                person: mother.clone(),
                party: None,
            },
        ],
        referral: Referral::Professional {
            professional: Professional {
                person: prof,
                organisation,
                role: ProfessionalRole::YouthProbation,
                role_label: Default::default(),
            },
        },
        organisations: vec![Organisation {
            id: organisation,
            name: "Jeugdbescherming Voorbeeldstad".into(),
            kind: OrganisationKind::CareProvider,
        }],
        consent_to_pass_contact: true,
        preferences: CoordinatorPreferences {
            language: Some("nl".into()),
            ..Default::default()
        },
        antecedents: Default::default(),
        referral_path: Default::default(),
        subject: Default::default(),
        plan_deadline: Default::default(),
    };
    let professional = Actor::new(cast_professional, Role::Professional);
    s.run(professional, Command::RequestConference(Box::new(req)))
        .expect("request");
    let rm = s.person("Jorien Bakkum");
    let coord = s.person("Karim El Amrani");
    let framework: FrameworkId = s.new_id();
    let condition: ItemId = s.new_id();
    let uncle = s.person("Ruud Verhoef");
    let friends_mother = s.person("Petra Smit");
    let grandmother = s.person("Annie de Wit");
    let neighbour = s.person("Tom Bos");
    let cast = Cast {
        youth: youth.id,
        mother: mother.id,
        uncle: uncle.id,
        friends_mother: friends_mother.id,
        grandmother: grandmother.id,
        neighbour: neighbour.id,
        professional: cast_professional,
        organisation,
        regional_manager: rm.id,
        coordinator: coord.id,
        framework,
        condition,
        question,
    };
    run_after_days(
        &mut s,
        0,
        cast.youth(),
        add_member(
            uncle,
            cast.youth,
            RelationKind::AuntUncle,
            Side::Fathers,
            Identified::AtIntake,
        ),
    );
    run_after_days(
        &mut s,
        2,
        cast.regional_manager(),
        Command::AssignCoordinator {
            coordinator: Coordinator {
                person: coord,
                affiliations: vec![],
                languages: vec!["nl".into(), "ar".into()],
                gender: Some(Gender::Male),
                region: "Utrecht".into(),
                cultures: Default::default(),
                religion: Default::default(),
            },
            reason: Default::default(),
        },
    );
    run_after_days(
        &mut s,
        1,
        Actor::new(cast.mother, Role::MainPerson),
        Command::RespondToCoordinator { accepted: true },
    );
    run_after_days(
        &mut s,
        5,
        cast.coordinator(),
        add_member(
            grandmother,
            cast.mother,
            RelationKind::Parent,
            Side::Mothers,
            Identified::WideningCircle,
        ),
    );
    run_after_days(
        &mut s,
        0,
        cast.coordinator(),
        add_member(
            friends_mother,
            cast.youth,
            RelationKind::Friend,
            Side::Own,
            Identified::WideningCircle,
        ),
    );
    run_after_days(
        &mut s,
        1,
        cast.coordinator(),
        add_member(
            neighbour,
            cast.mother,
            RelationKind::Neighbour,
            Side::Own,
            Identified::WideningCircle,
        ),
    );
    for p in [
        cast.uncle,
        cast.grandmother,
        cast.friends_mother,
        cast.neighbour,
    ] {
        run_after_days(
            &mut s,
            0,
            cast.coordinator(),
            Command::UpdateInvitation {
                person: p,
                status: InvitationStatus::Invited,
            },
        );
        run_after_days(
            &mut s,
            1,
            cast.coordinator(),
            Command::UpdateInvitation {
                person: p,
                status: InvitationStatus::Confirmed,
            },
        );
    }
    let (c1, c2, q1) = (s.new_id(), s.new_id(), s.new_id());
    run_after_days(
        &mut s,
        3,
        cast.professional(),
        Command::SubmitFramework {
            framework: NewFramework {
                id: framework,
                concerns: vec![FrameworkItem {
                    id: c1,
                    text: "Fights at home have hurt Daan and his mother.".into(),
                }],
                conditions: vec![FrameworkItem {
                    id: condition,
                    text: "Daan does not live at home for at least six months.".into(),
                }],
                questions: vec![FrameworkItem {
                    id: q1,
                    text: "Who takes Daan to school every day?".into(),
                }],
                criteria: vec![FrameworkItem {
                    id: c2,
                    text: "A named adult is responsible for Daan day and night.".into(),
                }],
            },
        },
    );
    let conference: ConferenceId = s.new_id();
    let date = s.today() + Duration::days(14);
    run_after_days(
        &mut s,
        0,
        cast.coordinator(),
        Command::ScheduleConference {
            conference: ConferenceSchedule {
                id: conference,
                date,
                place: "Community centre, Voorbeeldstad".into(),
                language: "nl".into(),
                interpreter: false,
            },
        },
    );
    s.now = date.and_hms_opt(13, 0, 0).unwrap().and_utc();
    let everyone = vec![
        cast.youth,
        cast.mother,
        cast.uncle,
        cast.grandmother,
        cast.friends_mother,
        cast.neighbour,
        cast.professional,
        cast.coordinator,
    ];
    run_after_days(&mut s, 0, cast.coordinator(), Command::StartConference);
    run_after_days(
        &mut s,
        0,
        cast.coordinator(),
        Command::RecordAttendance { present: everyone },
    );
    s.wait(Duration::minutes(50));
    run_after_days(
        &mut s,
        0,
        cast.coordinator(),
        Command::BeginPart {
            part: ConferencePart::PrivateTime,
        },
    );
    let circle = vec![
        cast.youth,
        cast.mother,
        cast.uncle,
        cast.grandmother,
        cast.friends_mother,
        cast.neighbour,
    ];
    run_after_days(
        &mut s,
        0,
        cast.uncle(),
        Command::RecordAttendance { present: circle },
    );
    (s, cast)
}

/// The example case in private time, and its cast.
pub fn case_in_private_time() -> (Case, Cast) {
    let (s, cast) = story_to_private_time();
    (s.case.expect("requested"), cast)
}

/// The plan the example circle makes.
pub fn example_plan(s: &mut CaseDriver, cast: &Cast) -> PlanContent {
    let first_eval = s.today() + Duration::days(91);
    PlanContent {
        agreements: vec![
            Agreement {
                id: s.new_id(),
                what: "Daan lives with Petra Smit, his friend's mother, for as long as he needs."
                    .into(),
                carried_by: vec![cast.friends_mother],
                supporters: vec![cast.youth],
                start: Some(s.today() + Duration::days(1)),
                due: None,
                frequency: None,
                answers: vec![cast.question, cast.condition],
                for_person: Default::default(),
                funding: Default::default(),
            },
            Agreement {
                id: s.new_id(),
                what: "Grandmother takes Daan to school on Mondays and Thursdays.".into(),
                carried_by: vec![cast.grandmother],
                supporters: vec![],
                start: Some(s.today() + Duration::days(3)),
                due: Some(s.today() + Duration::days(180)),
                frequency: Some("twice a week".into()),
                answers: vec![],
                for_person: Default::default(),
                funding: Default::default(),
            },
            Agreement {
                id: s.new_id(),
                what: "Daan and his mother have dinner together every Sunday at the uncle's house."
                    .into(),
                carried_by: vec![cast.youth, cast.mother, cast.uncle],
                supporters: vec![],
                start: None,
                due: None,
                frequency: Some("weekly".into()),
                answers: vec![],
                for_person: Default::default(),
                funding: Default::default(),
            },
        ],
        requested_help: vec![RequestedHelp {
            id: s.new_id(),
            what: "Arrange a foster-care allowance for the host family.".into(),
            from: Some(cast.professional),
            answers: vec![],
            funding: Default::default(),
        }],
        monitors: vec![cast.uncle],
        conveners: vec![cast.grandmother],
        evaluations: vec![EvaluationMoment {
            id: s.new_id(),
            planned_on: first_eval,
        }],
        contact_arrangement: Some(
            "The uncle calls the youth probation officer every month.".into(),
        ),
    }
}

/// The example case walked through its whole lifecycle: conference, plan accepted,
/// distributed, one evaluation, a revision and closure.
pub fn full_story() -> (CaseDriver, Cast) {
    full_story_with(2026)
}

/// [`full_story`] with other ids: the same story for another case.
pub fn full_story_with(seed: u64) -> (CaseDriver, Cast) {
    let (mut s, cast) = story_to_private_time_with(seed);
    s.wait(Duration::minutes(90));
    let plan = example_plan(&mut s, &cast);
    let agreements: Vec<AgreementId> = plan.agreements.iter().map(|a| a.id).collect();
    let evaluation = plan.evaluations[0].id;
    run_now(
        &mut s,
        cast.uncle(),
        Command::SubmitPlan {
            content: plan.clone(),
        },
    );
    s.wait(Duration::minutes(5));
    run_now(
        &mut s,
        cast.coordinator(),
        Command::BeginPart {
            part: ConferencePart::Presentation,
        },
    );
    let everyone = s.state().people();
    run_now(
        &mut s,
        cast.coordinator(),
        Command::RecordAttendance { present: everyone },
    );
    run_now(
        &mut s,
        cast.professional(),
        Command::AssessPlan {
            version: 1,
            framework: cast.framework,
            verdicts: vec![(cast.condition, ConditionVerdict::Met)],
        },
    );
    s.wait(Duration::minutes(30));
    run_now(&mut s, cast.coordinator(), Command::EndConference);
    s.wait(Duration::days(2));
    let recipients = s.state().people();
    run_now(
        &mut s,
        cast.coordinator(),
        Command::DistributePlan {
            version: 1,
            recipients,
            frameworks_attached: vec![cast.framework],
        },
    );
    s.wait(Duration::days(91));
    let reviews = vec![
        AgreementReview {
            agreement: agreements[0],
            status: AgreementStatus::OnTrack,
            note: None,
        },
        AgreementReview {
            agreement: agreements[1],
            status: AgreementStatus::Partly,
            note: Some("Thursdays are hard for grandmother.".into()),
        },
        AgreementReview {
            agreement: agreements[2],
            status: AgreementStatus::OnTrack,
            note: None,
        },
    ];
    let today = s.today();
    run_now(
        &mut s,
        cast.uncle(),
        Command::RecordEvaluation {
            record: EvaluationRecord {
                evaluation,
                held_on: today,
                convened_by: cast.grandmother,
                present: vec![
                    cast.youth,
                    cast.mother,
                    cast.uncle,
                    cast.grandmother,
                    cast.friends_mother,
                ],
                reviews,
                next_step: NextStep::Revise,
                help_reviews: Default::default(),
            },
        },
    );
    let mut revised = plan;
    revised.agreements[1].what =
        "Grandmother takes Daan to school on Mondays; the neighbour on Thursdays.".into();
    revised.agreements[1].carried_by = vec![cast.grandmother, cast.neighbour];
    let second = EvaluationMoment {
        id: s.new_id(),
        planned_on: s.today() + Duration::days(91),
    };
    revised.evaluations.push(second);
    run_now(
        &mut s,
        cast.uncle(),
        Command::RevisePlan {
            content: revised,
            evaluation: Some(evaluation),
            outside: Default::default(),
        },
    );
    run_now(
        &mut s,
        cast.professional(),
        Command::AssessPlan {
            version: 2,
            framework: cast.framework,
            verdicts: vec![(cast.condition, ConditionVerdict::Met)],
        },
    );
    s.wait(Duration::days(92));
    let reviews = s
        .state()
        .plan_in_force()
        .unwrap()
        .content
        .agreements
        .iter()
        .map(|a| AgreementReview {
            agreement: a.id,
            status: AgreementStatus::Done,
            note: None,
        })
        .collect();
    let today = s.today();
    run_now(
        &mut s,
        cast.uncle(),
        Command::RecordEvaluation {
            record: EvaluationRecord {
                evaluation: second.id,
                held_on: today,
                convened_by: cast.grandmother,
                present: vec![cast.youth, cast.mother, cast.uncle, cast.grandmother],
                reviews,
                next_step: NextStep::Close,
                help_reviews: Default::default(),
            },
        },
    );
    run_now(
        &mut s,
        cast.regional_manager(),
        Command::CloseCase {
            outcome: Outcome::LivingArrangementWithinNetwork,
            note: None,
        },
    );
    for (group, score) in [
        (ParticipantGroup::MainPerson, 8),
        (ParticipantGroup::AdultNetworkMember, 9),
        (ParticipantGroup::Professional, 7),
    ] {
        run_now(
            &mut s,
            cast.regional_manager(),
            Command::RecordSatisfaction {
                group,
                score,
                person: Default::default(),
            },
        );
    }
    (s, cast)
}
