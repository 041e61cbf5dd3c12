//! Cases from seed 001 walked end to end. The stories are named after the seed's chapters;
//! every person in them is invented.

use chrono::{Duration, TimeZone, Utc};
use kring_domain::*;
use kring_testkit::CaseDriver;

/// A case being played out, with the usual cast.
struct Play {
    s: CaseDriver,
    main: Vec<PersonId>,
    professional: Actor,

    regional_manager: Actor,
    coordinator: Actor,
    framework: Option<(FrameworkId, Vec<ItemId>)>,
}

fn new_main_person(s: &mut CaseDriver, name: &str, party: Option<Party>) -> MainPerson {
    MainPerson {
        person: s.person(name),
        party,
    }
}

impl Play {
    fn request(
        seed: u64,
        variant: Variant,
        main: &[(&str, Option<Party>)],
        question: &str,
    ) -> Play {
        let mut s = CaseDriver::new(seed, Utc.with_ymd_and_hms(2025, 9, 1, 9, 0, 0).unwrap());
        let main_persons: Vec<MainPerson> = main
            .iter()
            .map(|(n, p)| new_main_person(&mut s, n, *p))
            .collect();
        let org: OrganisationId = s.new_id();
        let professional = s.person("Lieke Dam");
        let professional_actor = Actor::new(professional.id, Role::Professional);
        let question = CaseQuestion {
            id: s.new_id(),
            text: question.into(),
        };
        let req = RequestConference {
            variant,
            legal_basis: LegalBasis::JeugdwetFamiliegroepsplan,
            description: "Invented case after a story in seed 001.".into(),
            questions: vec![question],
            main_persons: main_persons.clone(),
            referral: Referral::Professional {
                professional: Professional {
                    person: professional,
                    organisation: org,
                    role: ProfessionalRole::ChildProtection,
                },
            },
            organisations: vec![Organisation {
                id: org,
                name: "Jeugdzorg".into(),
                kind: OrganisationKind::CareProvider,
            }],
            consent_to_pass_contact: true,
            preferences: CoordinatorPreferences::default(),
        };
        s.run(
            professional_actor,
            Command::RequestConference(Box::new(req)),
        )
        .unwrap();
        let regional_manager = Actor::new(s.new_id(), Role::RegionalManager);
        let coordinator_person = s.person("Wim Brink");
        let coordinator = Actor::new(coordinator_person.id, Role::Coordinator);
        s.wait(Duration::days(3));
        s.run(
            regional_manager,
            Command::AssignCoordinator {
                coordinator: Coordinator {
                    person: coordinator_person,
                    affiliations: vec![],
                    languages: vec!["nl".into()],
                    gender: None,
                    region: "West".into(),
                },
            },
        )
        .unwrap();
        let main: Vec<PersonId> = main_persons.iter().map(|m| m.person.id).collect();
        s.wait(Duration::days(2));
        s.run(
            Actor::new(main[0], Role::MainPerson),
            Command::RespondToCoordinator { accepted: true },
        )
        .unwrap();
        Play {
            s,
            main,
            professional: professional_actor,
            regional_manager,
            coordinator,
            framework: None,
        }
    }

    fn main_person(&self, i: usize) -> Actor {
        Actor::new(self.main[i], Role::MainPerson)
    }

    fn run(&mut self, actor: Actor, c: Command) -> &Event {
        self.s.wait(Duration::minutes(10));
        let name = c.name();
        self.s
            .run(actor, c)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn refuse(&mut self, actor: Actor, c: Command) -> Error {
        let before = self.s.case.clone();
        let err = self.s.run(actor, c).unwrap_err();
        assert_eq!(self.s.case, before);
        err
    }

    fn member(
        &mut self,
        name: &str,
        kind: RelationKind,
        to: usize,
        side: Side,
        how: Identified,
    ) -> PersonId {
        let person = self.s.person(name);
        let id = person.id;
        let actor = if how == Identified::AtIntake {
            self.main_person(0)
        } else {
            self.coordinator
        };
        let to = self.main[to];
        self.run(
            actor,
            Command::AddNetworkMember {
                member: NewNetworkMember {
                    person,
                    relations: vec![Relation { to, kind }],
                    side,
                    minor: false,
                    identified: how,
                },
            },
        );
        id
    }

    fn invite_all(&mut self) {
        let ids: Vec<PersonId> = self.s.state().network.keys().copied().collect();
        for p in ids {
            if self.s.state().network[&p].invitation == InvitationStatus::Identified {
                self.run(
                    self.coordinator,
                    Command::UpdateInvitation {
                        person: p,
                        status: InvitationStatus::Invited,
                    },
                );
                self.run(
                    self.coordinator,
                    Command::UpdateInvitation {
                        person: p,
                        status: InvitationStatus::Confirmed,
                    },
                );
            }
        }
    }

    fn framework(&mut self, conditions: &[&str]) -> Vec<ItemId> {
        let id: FrameworkId = self.s.new_id();
        let items: Vec<FrameworkItem> = conditions
            .iter()
            .map(|t| FrameworkItem {
                id: self.s.new_id(),
                text: t.to_string(),
            })
            .collect();
        let ids: Vec<ItemId> = items.iter().map(|i| i.id).collect();
        let concern = FrameworkItem {
            id: self.s.new_id(),
            text: "A concrete worry.".into(),
        };
        self.run(
            self.professional,
            Command::SubmitFramework {
                framework: NewFramework {
                    id,
                    concerns: vec![concern],
                    conditions: items,
                    questions: vec![],
                    criteria: vec![],
                },
            },
        );
        self.framework = Some((id, ids.clone()));
        ids
    }

    /// Schedules and starts a conference, records attendance, goes into private time.
    fn conference(&mut self) {
        let id: ConferenceId = self.s.new_id();
        let date = self.s.today() + Duration::days(10);
        self.run(
            self.coordinator,
            Command::ScheduleConference {
                conference: ConferenceSchedule {
                    id,
                    date,
                    place: "Buurthuis".into(),
                    language: "nl".into(),
                    interpreter: false,
                },
            },
        );
        self.s.now = date
            .and_hms_opt(10, 0, 0)
            .unwrap()
            .and_utc()
            .max(self.s.now);
        self.run(self.coordinator, Command::StartConference);
        let everyone = self.s.state().people();
        self.run(
            self.coordinator,
            Command::RecordAttendance { present: everyone },
        );
        self.run(
            self.coordinator,
            Command::BeginPart {
                part: ConferencePart::PrivateTime,
            },
        );
    }

    fn circle_actor(&self) -> Actor {
        let m = *self
            .s
            .state()
            .network
            .keys()
            .next()
            .expect("a network member");
        Actor::new(m, Role::NetworkMember)
    }

    fn plan(
        &mut self,
        agreements: &[(&str, &[PersonId])],
        monitor: PersonId,
        convener: PersonId,
    ) -> PlanContent {
        let today = self.s.today();
        PlanContent {
            agreements: agreements
                .iter()
                .map(|(what, by)| Agreement {
                    id: self.s.new_id(),
                    what: what.to_string(),
                    carried_by: by.to_vec(),
                    supporters: vec![],
                    start: Some(today),
                    due: None,
                    frequency: None,
                    answers: vec![],
                })
                .collect(),
            requested_help: vec![],
            monitors: vec![monitor],
            conveners: vec![convener],
            evaluations: vec![EvaluationMoment {
                id: self.s.new_id(),
                planned_on: today + Duration::days(90),
            }],
            contact_arrangement: None,
        }
    }

    fn submit(&mut self, content: PlanContent) -> u32 {
        let a = self.circle_actor();
        self.run(a, Command::SubmitPlan { content });
        self.s.state().latest_plan().unwrap().version
    }

    fn assess(&mut self, met: bool) {
        let (framework, conditions) = self.framework.clone().expect("framework");
        let version = self.s.state().latest_plan().unwrap().version;
        let verdicts = conditions
            .iter()
            .map(|c| {
                (
                    *c,
                    if met {
                        ConditionVerdict::Met
                    } else {
                        ConditionVerdict::NotMet {
                            reason: "The plan does not say this.".into(),
                        }
                    },
                )
            })
            .collect();
        self.run(
            self.professional,
            Command::AssessPlan {
                version,
                framework,
                verdicts,
            },
        );
    }

    /// Presentation, assessment (if there is a framework), end of the conference.
    fn present_and_end(&mut self) {
        self.run(
            self.coordinator,
            Command::BeginPart {
                part: ConferencePart::Presentation,
            },
        );
        if self.framework.is_some() {
            self.assess(true);
        }
        assert_eq!(
            self.s.state().latest_plan().unwrap().status,
            PlanStatus::Accepted
        );
        self.run(self.coordinator, Command::EndConference);
        assert_eq!(self.s.state().phase, Phase::FollowUp);
    }

    fn evaluate(&mut self, statuses: &[AgreementStatus], next_step: NextStep) -> EvaluationId {
        self.s.wait(Duration::days(90));
        let case = self.s.state();
        let evaluation = case
            .evaluations
            .values()
            .find(|e| e.held.is_none())
            .expect("an evaluation to hold")
            .id;
        let plan = case.plan_in_force().unwrap();
        let reviews = plan
            .content
            .agreements
            .iter()
            .zip(statuses.iter().cycle())
            .map(|(a, st)| AgreementReview {
                agreement: a.id,
                status: *st,
                note: None,
            })
            .collect();
        let convened_by = plan.content.conveners[0];
        let present = case.network.keys().copied().collect();
        let today = self.s.today();
        self.run(
            Actor::new(convened_by, Role::NetworkMember),
            Command::RecordEvaluation {
                record: EvaluationRecord {
                    evaluation,
                    held_on: today,
                    convened_by,
                    present,
                    reviews,
                    next_step,
                },
            },
        );
        evaluation
    }

    fn close(&mut self, outcome: Outcome) {
        self.run(
            self.regional_manager,
            Command::CloseCase {
                outcome,
                note: None,
            },
        );
        let case = self.s.state();
        assert_eq!(case.phase, Phase::Closed);
        invariants::check(case).unwrap();
        assert_eq!(Case::replay(&self.s.events).as_ref(), Some(case));
    }
}

#[test]
fn ruben_the_circle_is_widened_and_a_distant_cousin_appears_at_the_conference() {
    let mut p = Play::request(
        101,
        Variant::Family,
        &[
            ("Jesse Hoek", None),
            ("Mirjam Hoek", None),
            ("Frank Hoek", None),
        ],
        "Who backs up the mother so that the boy is safe?",
    );
    // The parents say they have no network; the coordinator finds two acquaintances and a teacher.
    p.member(
        "Ans Wolters",
        RelationKind::Friend,
        1,
        Side::Mothers,
        Identified::WideningCircle,
    );
    p.member(
        "Gerda Kuipers",
        RelationKind::Friend,
        1,
        Side::Mothers,
        Identified::WideningCircle,
    );
    p.member(
        "Erik Bakx",
        RelationKind::School,
        0,
        Side::Own,
        Identified::WideningCircle,
    );
    p.invite_all();
    let id: ConferenceId = p.s.new_id();
    let date = p.s.today() + Duration::days(10);
    p.run(
        p.coordinator,
        Command::ScheduleConference {
            conference: ConferenceSchedule {
                id,
                date,
                place: "School".into(),
                language: "nl".into(),
                interpreter: false,
            },
        },
    );
    p.run(p.coordinator, Command::StartConference);
    // At the conference a distant cousin turns up, acceptable to both parents.
    let cousin = p.member(
        "Bas Hoek",
        RelationKind::Cousin,
        2,
        Side::Fathers,
        Identified::AtConference,
    );
    assert_eq!(
        p.s.state().network[&cousin].invitation,
        InvitationStatus::Confirmed
    );
    // Widening the circle belongs to the preparation, not to the conference.
    let person = p.s.person("Late Name");
    let err = p.refuse(
        p.coordinator,
        Command::AddNetworkMember {
            member: NewNetworkMember {
                person,
                relations: vec![Relation {
                    to: p.main[0],
                    kind: RelationKind::Friend,
                }],
                side: Side::Own,
                minor: false,
                identified: Identified::WideningCircle,
            },
        },
    );
    assert_eq!(err.rule(), Some(Rule::Lifecycle));
    p.run(
        p.coordinator,
        Command::BeginPart {
            part: ConferencePart::PrivateTime,
        },
    );
    // The boy is there the whole conference; the cousin will keep an eye on him.
    let boy = p.main[0];
    let plan = p.plan(&[("The cousin does something fun with the boy every other week; the boy may always call him.", &[cousin, boy])], cousin, cousin);
    p.submit(plan);
    p.present_and_end();
    // The circle holds its own evaluations.
    p.evaluate(&[AgreementStatus::OnTrack], NextStep::Continue);
    p.close(Outcome::PlanCarriedOut);
    let case = p.s.state();
    assert_eq!(
        case.network
            .values()
            .filter(|m| m.identified == Identified::WideningCircle)
            .count(),
        3
    );
    assert_eq!(
        case.network
            .values()
            .filter(|m| m.identified == Identified::AtConference)
            .count(),
        1
    );
    assert_eq!(
        case.network
            .values()
            .filter(|m| m.identified == Identified::AtIntake)
            .count(),
        0
    );
}

#[test]
fn bakker_the_plan_is_not_accepted_until_the_missing_topic_is_added() {
    let mut p = Play::request(
        201,
        Variant::Family,
        &[("Noa Smits", None), ("Karin Smits", None)],
        "Where does the girl live?",
    );
    let aunt = p.member(
        "Wilma Smits",
        RelationKind::AuntUncle,
        1,
        Side::Mothers,
        Identified::AtIntake,
    );
    let uncle = p.member(
        "Henk Smits",
        RelationKind::AuntUncle,
        1,
        Side::Mothers,
        Identified::WideningCircle,
    );
    p.invite_all();
    let conditions = p.framework(&["The plan says where the girl lives."]);
    p.conference();
    let plan = p.plan(
        &[("The aunt helps with the household.", &[aunt])],
        uncle,
        aunt,
    );
    p.submit(plan.clone());
    p.run(
        p.coordinator,
        Command::BeginPart {
            part: ConferencePart::Presentation,
        },
    );
    // The plan does not say where she lives: the professional names the unmet condition.
    p.assess(false);
    let v1 = p.s.state().latest_plan().unwrap().clone();
    assert_eq!(v1.status, PlanStatus::NotAccepted);
    assert!(matches!(
        v1.assessments[0].verdicts[&conditions[0]],
        ConditionVerdict::NotMet { .. }
    ));
    let err = p.refuse(p.coordinator, Command::EndConference);
    assert_eq!(err.rule(), Some(Rule::Lifecycle));
    // Back to private time; version 2 adds it.
    p.run(
        p.coordinator,
        Command::BeginPart {
            part: ConferencePart::PrivateTime,
        },
    );
    let mut v2 = plan;
    let noa = p.main[0];
    v2.agreements.push(Agreement {
        id: p.s.new_id(),
        what: "The girl lives with her aunt for now.".into(),
        carried_by: vec![aunt, noa],
        supporters: vec![],
        start: None,
        due: None,
        frequency: None,
        answers: conditions.clone(),
    });
    p.submit(v2);
    p.present_and_end();
    assert_eq!(p.s.state().plans[0].status, PlanStatus::Superseded);
    // A week later a friend's mother offers a home; the coordinator adds it to the plan as scribe.
    p.s.wait(Duration::days(7));
    let host = p.member(
        "Ria de Lange",
        RelationKind::Friend,
        0,
        Side::Own,
        Identified::WideningCircle,
    );
    let mut v3 = p.s.state().plan_in_force().unwrap().content.clone();
    v3.agreements.push(Agreement {
        id: p.s.new_id(),
        what: "The girl lives with her friend's mother for a few months.".into(),
        carried_by: vec![host],
        supporters: vec![aunt],
        start: None,
        due: None,
        frequency: None,
        answers: conditions,
    });
    p.run(
        p.coordinator,
        Command::RevisePlan {
            content: v3,
            evaluation: None,
        },
    );
    p.assess(true);
    let v = p.s.state().plan_in_force().unwrap();
    assert_eq!(v.version, 3);
    assert!(v.by_scribe, "the coordinator wrote it down");
    assert_eq!(v.written_by, p.coordinator.person);
    p.evaluate(&[AgreementStatus::Done], NextStep::Close);
    p.close(Outcome::LivingArrangementWithinNetwork);
    assert_eq!(p.s.state().plans.len(), 3, "every version stays readable");
}

#[test]
fn miranda_a_bottom_line_is_not_negotiable_and_a_safe_plan_cannot_be_refused() {
    let mut p = Play::request(
        301,
        Variant::Family,
        &[("Fenna Vos", None), ("Rob Vos", None), ("Linda Maas", None)],
        "How can the girl be a child again?",
    );
    let uncle = p.member(
        "Jan Vos",
        RelationKind::AuntUncle,
        0,
        Side::Fathers,
        Identified::AtIntake,
    );
    let aunt = p.member(
        "Els Vos",
        RelationKind::AuntUncle,
        0,
        Side::Fathers,
        Identified::AtIntake,
    );
    p.invite_all();
    let conditions =
        p.framework(&["No negotiation about the foster placement with the uncle and aunt."]);
    p.conference();
    let girl = p.main[0];
    let plan = p.plan(
        &[
            ("The girl stays with her uncle and aunt.", &[uncle, aunt]),
            ("She stays with a parent one weekend a month.", &[girl]),
            (
                "Visits to her mother only with a family member present.",
                &[aunt],
            ),
        ],
        aunt,
        uncle,
    );
    p.submit(plan);
    p.run(
        p.coordinator,
        Command::BeginPart {
            part: ConferencePart::Presentation,
        },
    );
    let (framework, _) = p.framework.clone().unwrap();
    // An assessment that leaves out the condition is not an assessment.
    let err = p.refuse(
        p.professional,
        Command::AssessPlan {
            version: 1,
            framework,
            verdicts: vec![],
        },
    );
    assert_eq!(err.rule(), Some(Rule::AssessmentComplete));
    // Every condition met: the decision is "accepted"; there is no way to refuse it.
    p.run(
        p.professional,
        Command::AssessPlan {
            version: 1,
            framework,
            verdicts: vec![(conditions[0], ConditionVerdict::Met)],
        },
    );
    let v = p.s.state().latest_plan().unwrap();
    assert_eq!(v.status, PlanStatus::Accepted);
    assert!(v.assessments.iter().all(|a| a.accepted));
    // A second assessment of an accepted version is refused.
    let err = p.refuse(
        p.professional,
        Command::AssessPlan {
            version: 1,
            framework,
            verdicts: vec![(
                conditions[0],
                ConditionVerdict::NotMet {
                    reason: "I changed my mind.".into(),
                },
            )],
        },
    );
    assert_eq!(err.rule(), Some(Rule::Lifecycle));
    p.run(p.coordinator, Command::EndConference);
    p.evaluate(
        &[AgreementStatus::Done, AgreementStatus::OnTrack],
        NextStep::Close,
    );
    p.close(Outcome::LivingArrangementWithinNetwork);
}

#[test]
fn samir_the_plan_falters_and_a_follow_up_conference_makes_a_new_one() {
    let mut p = Play::request(
        401,
        Variant::Family,
        &[("Ayoub Amrani", None), ("Naima Amrani", None)],
        "How does the boy get to school and back to his foster parents?",
    );
    let aunt = p.member(
        "Khadija Amrani",
        RelationKind::AuntUncle,
        1,
        Side::Mothers,
        Identified::AtIntake,
    );
    let foster = p.member(
        "Joke Hendriks",
        RelationKind::Other,
        0,
        Side::Own,
        Identified::WideningCircle,
    );
    let neighbour = p.member(
        "Piet Vink",
        RelationKind::Neighbour,
        1,
        Side::Own,
        Identified::WideningCircle,
    );
    p.invite_all();
    p.conference();
    let plan = p.plan(
        &[
            (
                "The aunt takes the boy back to his foster parents.",
                &[aunt],
            ),
            (
                "Neighbours help the mother with the household.",
                &[neighbour],
            ),
        ],
        foster,
        aunt,
    );
    p.submit(plan);
    p.present_and_end();
    // It goes wrong quickly: at the evaluation the agreements were not kept.
    p.evaluate(
        &[AgreementStatus::NotKept, AgreementStatus::Stopped],
        NextStep::FollowUpConference,
    );
    p.conference();
    assert_eq!(p.s.state().conferences.len(), 2);
    assert_eq!(p.s.state().conferences[1].number, 2);
    let plan = p.plan(
        &[(
            "The foster mother brings the boy to school; the aunt calls every evening.",
            &[foster, aunt],
        )],
        foster,
        aunt,
    );
    let v = p.submit(plan);
    assert_eq!(v, 2);
    assert_eq!(
        p.s.state().latest_plan().unwrap().decided_at,
        DecidedAt::Conference { number: 2 }
    );
    p.present_and_end();
    p.evaluate(&[AgreementStatus::OnTrack], NextStep::Close);
    p.close(Outcome::PlanCarriedOut);
}

#[test]
fn daryl_the_plan_falters_is_revised_and_the_case_closes() {
    let mut p = Play::request(
        501,
        Variant::Family,
        &[("Kevin Pool", None), ("Sandra Pool", None)],
        "Who helps him into a vocational course and a moped licence?",
    );
    let sister = p.member(
        "Demi Pool",
        RelationKind::Sibling,
        0,
        Side::Own,
        Identified::AtIntake,
    );
    let cousin = p.member(
        "Yvonne Pool",
        RelationKind::Cousin,
        0,
        Side::Fathers,
        Identified::WideningCircle,
    );
    let father = p.member(
        "Ronald Pool",
        RelationKind::Parent,
        0,
        Side::Fathers,
        Identified::WideningCircle,
    );
    p.invite_all();
    p.framework(&["Nobody hits the children."]);
    p.conference();
    let plan = p.plan(
        &[
            ("The sister helps him sign up for a course.", &[sister]),
            (
                "The father gives pocket money at the weekly visit.",
                &[father],
            ),
            ("The cousin supports the moped licence.", &[cousin]),
        ],
        cousin,
        sister,
    );
    p.submit(plan);
    p.present_and_end();
    // Between evaluations the professional and the family raise worries.
    let id: SignalId = p.s.new_id();
    p.run(
        p.professional,
        Command::RaiseSignal {
            id,
            about: "The children no longer go to their father's.".into(),
        },
    );
    let eval = p.evaluate(
        &[
            AgreementStatus::Partly,
            AgreementStatus::NotKept,
            AgreementStatus::OnTrack,
        ],
        NextStep::Revise,
    );
    let mut v2 = p.s.state().plan_in_force().unwrap().content.clone();
    v2.agreements.remove(1);
    v2.evaluations.push(EvaluationMoment {
        id: p.s.new_id(),
        planned_on: p.s.today() + Duration::days(60),
    });
    let a = p.circle_actor();
    p.run(
        a,
        Command::RevisePlan {
            content: v2,
            evaluation: Some(eval),
        },
    );
    assert_eq!(
        p.s.state().latest_plan().unwrap().status,
        PlanStatus::Presented,
        "a revision is tested against the framework again"
    );
    p.assess(true);
    assert_eq!(
        p.s.state().plan_in_force().unwrap().decided_at,
        DecidedAt::Evaluation { evaluation: eval }
    );
    p.evaluate(
        &[AgreementStatus::Stopped, AgreementStatus::Partly],
        NextStep::Close,
    );
    p.close(Outcome::Other);
    assert_eq!(p.s.state().signals.len(), 1);
}

#[test]
fn wesley_where_can_he_live() {
    let mut p = Play::request(
        601,
        Variant::Family,
        &[("Milan Berg", None), ("Sonja Berg", None)],
        "Where can he live, for as long as he wants?",
    );
    let uncle = p.member(
        "Gert Berg",
        RelationKind::AuntUncle,
        0,
        Side::Fathers,
        Identified::AtIntake,
    );
    let host = p.member(
        "Hanneke Post",
        RelationKind::Friend,
        0,
        Side::Own,
        Identified::WideningCircle,
    );
    for i in 0..16 {
        p.member(
            &format!("Kring Lid {i}"),
            RelationKind::ALL[i % RelationKind::ALL.len()],
            0,
            Side::Own,
            Identified::WideningCircle,
        );
    }
    p.invite_all();
    // The mother does not attend: she is against professional help; the coordinator records why.
    let mother = p.main[1];
    p.run(
        p.coordinator,
        Command::SetParticipation {
            person: host,
            participation: Participation::InPerson,
        },
    );
    let err = p.refuse(
        p.coordinator,
        Command::SetParticipation {
            person: mother,
            participation: Participation::Remote,
        },
    );
    assert_eq!(
        err.code(),
        "not_found",
        "participation is recorded for network members"
    );
    p.run(
        p.coordinator,
        Command::SetParticipation {
            person: uncle,
            participation: Participation::NotAttendingForSafety {
                reason: "Takes part by letter; meets the mother separately.".into(),
            },
        },
    );
    p.framework(&["He has a home for as long as he needs one."]);
    p.conference();
    let youth = p.main[0];
    let plan = p.plan(
        &[(
            "He lives with his friend's mother for as long as he needs.",
            &[host, youth],
        )],
        uncle,
        uncle,
    );
    p.submit(plan);
    p.present_and_end();
    assert!(p.s.state().network.len() >= 18, "about twenty people");
    p.evaluate(&[AgreementStatus::OnTrack], NextStep::Close);
    p.close(Outcome::LivingArrangementWithinNetwork);
}

#[test]
fn williams_signals_about_safety_between_evaluations() {
    let mut p = Play::request(
        701,
        Variant::Family,
        &[("Romy Wit", None), ("Esther Wit", None)],
        "What can the family do for the mother?",
    );
    let barbara = p.member(
        "Tante Bep",
        RelationKind::AuntUncle,
        1,
        Side::Mothers,
        Identified::AtIntake,
    );
    let john = p.member(
        "Oom Jos",
        RelationKind::AuntUncle,
        1,
        Side::Mothers,
        Identified::AtIntake,
    );
    p.invite_all();
    p.conference();
    let plan = p.plan(
        &[
            ("The aunt takes the middle child to school.", &[barbara]),
            ("The uncle takes two children to swimming lessons.", &[john]),
        ],
        barbara,
        john,
    );
    p.submit(plan);
    p.present_and_end();
    // Three months on: the practical side works.
    p.evaluate(
        &[AgreementStatus::OnTrack, AgreementStatus::Done],
        NextStep::Continue,
    );
    // Then family members call: is it safe at home? The professional raises it too.
    for (who, about) in [
        (
            Actor::new(john, Role::NetworkMember),
            "A friend of the mother stayed the night.",
        ),
        (
            p.professional,
            "Family members report worries about safety.",
        ),
    ] {
        let id: SignalId = p.s.new_id();
        p.run(
            who,
            Command::RaiseSignal {
                id,
                about: about.into(),
            },
        );
    }
    let case = p.s.state();
    assert_eq!(case.signals.len(), 2);
    assert_eq!(case.signals[1].raised_by, p.professional.person);
    assert_eq!(case.phase, Phase::FollowUp);
}

#[test]
fn the_family_withdraws_before_a_plan_is_accepted() {
    let mut p = Play::request(
        801,
        Variant::Family,
        &[("Lars Stam", None)],
        "How can the family help?",
    );
    p.member(
        "Ineke Stam",
        RelationKind::Grandparent,
        0,
        Side::Mothers,
        Identified::AtIntake,
    );
    let err = p.refuse(
        p.main_person(0),
        Command::Withdraw {
            reason: "  ".into(),
        },
    );
    assert_eq!(err.code(), "invalid_input");
    p.run(
        p.main_person(0),
        Command::Withdraw {
            reason: "The family decided not to go ahead.".into(),
        },
    );
    let case = p.s.state();
    assert_eq!(case.phase, Phase::Withdrawn);
    assert!(matches!(case.ending, Some(Ending::Withdrawn { .. })));
    invariants::check(case).unwrap();
    // Nothing more happens in a withdrawn case.
    let err = p.refuse(p.coordinator, Command::StartConference);
    assert_eq!(err.rule(), Some(Rule::Lifecycle));
}

#[test]
fn a_restorative_case_has_a_harmed_and_a_responsible_party_each_with_a_circle() {
    let mut p = Play::request(
        901,
        Variant::Restorative,
        &[
            ("Tim Kramer", Some(Party::Harmed)),
            ("Sven Boer", Some(Party::Responsible)),
        ],
        "How is the harm put right?",
    );
    let tims_mother = p.member(
        "Anja Kramer",
        RelationKind::Parent,
        0,
        Side::Own,
        Identified::AtIntake,
    );
    let svens_coach = p.member(
        "Marco Boer",
        RelationKind::Other,
        1,
        Side::Own,
        Identified::WideningCircle,
    );
    p.invite_all();
    p.conference();
    let sven = p.main[1];
    let plan = p.plan(
        &[
            (
                "Sven repairs the damage with his coach.",
                &[sven, svens_coach],
            ),
            (
                "Tim's mother and Sven's coach meet monthly.",
                &[tims_mother, svens_coach],
            ),
        ],
        svens_coach,
        tims_mother,
    );
    p.submit(plan);
    p.present_and_end();
    p.evaluate(&[AgreementStatus::Done], NextStep::Close);
    p.close(Outcome::PlanCarriedOut);
    let case = p.s.state();
    assert_eq!(case.network[&tims_mother].relations[0].to, p.main[0]);
    assert_eq!(case.network[&svens_coach].relations[0].to, p.main[1]);
}
