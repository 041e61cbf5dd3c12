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
        Play::request_by(
            seed,
            variant,
            ProfessionalRole::ChildProtection,
            main,
            question,
        )
    }

    /// A request referred by a professional in `role`.
    fn request_by(
        seed: u64,
        variant: Variant,
        role: ProfessionalRole,
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
                    role,
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
        self.member_of(name, &[(kind, to)], side, how)
    }

    /// A member with a relation to each of several main persons.
    fn member_of(
        &mut self,
        name: &str,
        relations: &[(RelationKind, usize)],
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
        let relations = relations
            .iter()
            .map(|(kind, to)| Relation {
                to: self.main[*to],
                kind: *kind,
            })
            .collect();
        self.run(
            actor,
            Command::AddNetworkMember {
                member: NewNetworkMember {
                    person,
                    relations,
                    side,
                    minor: false,
                    identified: how,
                },
            },
        );
        id
    }

    /// Another professional joins the case, with their organisation.
    fn professional(
        &mut self,
        name: &str,
        role: ProfessionalRole,
        organisation: &str,
        kind: OrganisationKind,
    ) -> Actor {
        let id: OrganisationId = self.s.new_id();
        self.run(
            self.professional,
            Command::RegisterOrganisation {
                organisation: Organisation {
                    id,
                    name: organisation.into(),
                    kind,
                },
            },
        );
        let person = self.s.person(name);
        let actor = Actor::new(person.id, Role::Professional);
        self.run(
            self.professional,
            Command::AddProfessional {
                professional: Professional {
                    person,
                    organisation: id,
                    role,
                },
            },
        );
        actor
    }

    /// Records the main persons and the network as present in the current part.
    fn circle_present(&mut self) -> Vec<PersonId> {
        let case = self.s.state();
        let circle: Vec<PersonId> = self
            .main
            .iter()
            .chain(case.network.keys())
            .copied()
            .collect();
        // Only the circle acts in private time, so one of them records it.
        self.run(
            self.main_person(0),
            Command::RecordAttendance {
                present: circle.clone(),
            },
        );
        circle
    }

    /// Help the circle asks of a professional (or of no one in particular).
    fn ask(&mut self, plan: &mut PlanContent, what: &str, from: Option<Actor>) {
        plan.requested_help.push(RequestedHelp {
            id: self.s.new_id(),
            what: what.into(),
            from: from.map(|a| a.person),
            answers: vec![],
        });
    }

    /// What `person` carries in the plan in force.
    fn carried_by(&self, person: PersonId) -> Vec<String> {
        let plan = self.s.state().plan_in_force().expect("a plan in force");
        plan.content
            .agreements
            .iter()
            .filter(|a| a.carried_by.contains(&person))
            .map(|a| a.what.clone())
            .collect()
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

#[test]
fn najib_the_plan_averts_a_placement() {
    // Not yet in the model: the court measure the case runs under ("En zo krijgt hij een ondertoezichtstelling").
    let mut p = Play::request(
        1001,
        Variant::Family,
        &[
            ("Yassin Bouzid", None),
            ("Latifa Bouzid", None),
            ("Rachid Bouzid", None),
        ],
        "How can the boy stay at home instead of going to a closed institution?",
    );
    // Not yet in the model: the professional putting the conference to the juvenile judge ("Hij zal dat de kinderrechter voorleggen").
    // The aunt stood up with the parents against the placement; the coordinator finds more family.
    // Not yet in the model: a side of the family left unknown (the seed says only "een tante", "een neef", "een oom").
    let aunt = p.member(
        "Houda Bouzid",
        RelationKind::AuntUncle,
        0,
        Side::Mothers,
        Identified::AtIntake,
    );
    let cousin = p.member(
        "Karim Bouzid",
        RelationKind::Cousin,
        0,
        Side::Fathers,
        Identified::WideningCircle,
    );
    let uncle = p.member(
        "Mustafa Bouzid",
        RelationKind::AuntUncle,
        0,
        Side::Fathers,
        Identified::WideningCircle,
    );
    p.invite_all();
    let clinic = p.professional(
        "Ilse Verhoef",
        ProfessionalRole::MentalHealth,
        "Jeugdpsychiatrisch centrum",
        OrganisationKind::CareProvider,
    );
    // The family guardian's worries, as concrete as possible; the seed names no bottom line.
    let framework: FrameworkId = p.s.new_id();
    let concerns: Vec<FrameworkItem> = [
        "He uses drugs and gets into trouble with older friends; his parents do not know where he is.",
        "He threatens pupils and damages property at school.",
    ]
    .iter()
    .map(|t| FrameworkItem {
        id: p.s.new_id(),
        text: t.to_string(),
    })
    .collect();
    let concern_ids: Vec<ItemId> = concerns.iter().map(|c| c.id).collect();
    p.run(
        p.professional,
        Command::SubmitFramework {
            framework: NewFramework {
                id: framework,
                concerns,
                conditions: vec![],
                questions: vec![],
                criteria: vec![],
            },
        },
    );
    p.framework = Some((framework, vec![]));
    p.conference();
    let (najib, mother, father) = (p.main[0], p.main[1], p.main[2]);
    let mut plan = p.plan(
        &[
            (
                "The parents see to it that he takes part in his treatment.",
                &[mother, father],
            ),
            ("The cousin plays tennis with him every week.", &[cousin]),
            ("The uncle takes him to football.", &[uncle]),
            (
                "The aunt helps the mother with his upbringing.",
                &[aunt, mother],
            ),
            (
                "He agrees with his mother when he may go out; his friends may come home.",
                &[najib, mother],
            ),
        ],
        aunt,
        uncle,
    );
    plan.agreements[0].answers = vec![concern_ids[1]];
    for a in &mut plan.agreements[1..] {
        a.answers = vec![concern_ids[0]];
    }
    plan.agreements[1].frequency = Some("weekly".into());
    p.ask(
        &mut plan,
        "The treatment of his behaviour goes on.",
        Some(clinic),
    );
    p.ask(&mut plan, "A place at a new school.", None);
    p.submit(plan);
    // Today a framework without conditions still needs an assessment, even an empty one;
    // the process the seeds describe asks a verdict only against conditions (to be modelled).
    assert_eq!(
        p.s.state().latest_plan().unwrap().status,
        PlanStatus::Presented,
        "a case with a framework waits for its assessment"
    );
    p.present_and_end();
    // Not yet in the model: the placement already asked of the court, withdrawn because of the plan ("de uithuisplaatsing die al is aangevraagd, intrekt").
    let case = p.s.state();
    let v = case.plan_in_force().unwrap();
    assert_eq!(v.assessments.len(), 1);
    assert_eq!(v.assessments[0].professional, p.professional.person);
    assert!(v.assessments[0].accepted && v.assessments[0].verdicts.is_empty());
    // Every worry of the family guardian is answered by an agreement of the family.
    for c in &concern_ids {
        assert!(v.content.agreements.iter().any(|a| a.answers.contains(c)));
    }
    assert_eq!(v.content.requested_help[0].from, Some(clinic.person));
    assert_eq!(p.carried_by(cousin).len(), 1);
    assert_eq!(p.carried_by(mother).len(), 3);
    assert!(p.carried_by(najib)[0].contains("go out"));
    // He stays at home; the family keeps watch and evaluates in three months.
    assert_eq!(case.phase, Phase::FollowUp);
    assert!(case.ending.is_none());
    let today = p.s.today();
    assert_eq!(case.evaluations_due(today).count(), 0);
    assert_eq!(case.evaluations_due(today + Duration::days(90)).count(), 1);
    invariants::check(case).unwrap();
}

#[test]
fn dacia_in_private_time_mother_and_daughter_make_a_plan_they_both_carry() {
    // Not yet in the model: the mother's case before the court ("“Ik wil mijn dochter terug!” is de boodschap van de moeder aan de rechter").
    let mut p = Play::request(
        1101,
        Variant::Family,
        &[("Jill Mulder", None), ("Petra Mulder", None)],
        "How do the girl and her mother get back in touch?",
    );
    // Not yet in the model: each main person's own consent to the conference ("Toch stemmen ze beiden in met een Eigen Kracht-conferentie").
    let (girl, mother) = (p.main[0], p.main[1]);
    let boyfriend = p.member(
        "Thijs Hagen",
        RelationKind::Partner,
        0,
        Side::Own,
        Identified::AtIntake,
    );
    let relative = p.member(
        "Marga Mulder",
        RelationKind::OtherFamily,
        1,
        Side::Mothers,
        Identified::WideningCircle,
    );
    p.invite_all();
    let therapist = p.professional(
        "Sanne Roos",
        ProfessionalRole::MentalHealth,
        "Vrijwillige hulp",
        OrganisationKind::CareProvider,
    );
    // The professionals, the coordinator and the youth care agency introduce; then the circle is alone.
    p.conference();
    let info = p.s.state().conferences[0].parts[0].present.clone();
    assert!(info.contains(&therapist.person) && info.contains(&p.coordinator.person));
    let err = p.refuse(
        p.coordinator,
        Command::RecordAttendance {
            present: vec![girl, mother, therapist.person],
        },
    );
    assert_eq!(err.rule(), Some(Rule::PrivateTime));
    let err = p.refuse(
        Actor::new(relative, Role::NetworkMember),
        Command::RecordAttendance {
            present: vec![girl, mother, boyfriend, therapist.person],
        },
    );
    assert_eq!(err.rule(), Some(Rule::PrivateTime));
    let circle = p.circle_present();
    assert!(circle.contains(&boyfriend));
    // After about an hour there is laughter; the relative who chaired comes out: "We zijn eruit."
    // Not yet in the model: a chair of private time from the family ("het familielid die gespreksleider is").
    p.s.wait(Duration::hours(1));
    let mut plan = p.plan(
        &[
            (
                "The girl and her mother agree when and how they see each other.",
                &[girl, mother],
            ),
            (
                "When they do not understand each other, they ask the relative to help them talk.",
                &[girl, mother, relative],
            ),
        ],
        relative,
        relative,
    );
    p.ask(
        &mut plan,
        "Talks with mother and daughter together, as they asked for them.",
        Some(therapist),
    );
    p.run(
        Actor::new(relative, Role::NetworkMember),
        Command::SubmitPlan { content: plan },
    );
    // Not yet in the model: that every member of the family backs the plan ("een plan dat gedragen wordt door alle gezinsleden").
    let v = p.s.state().latest_plan().unwrap();
    assert_eq!(v.written_by, relative);
    assert!(!v.by_scribe);
    assert_eq!(
        v.status,
        PlanStatus::Accepted,
        "without a framework a plan is accepted as it is presented"
    );
    p.present_and_end();
    let case = p.s.state();
    let conference = &case.conferences[0];
    let private = &conference.parts[1];
    assert_eq!(private.part, ConferencePart::PrivateTime);
    assert_eq!(private.present, circle);
    assert!(private.ended_at.unwrap() - private.started_at >= Duration::hours(1));
    assert_eq!(
        conference.ended_at.unwrap().date_naive(),
        conference.date,
        "the same evening"
    );
    assert_eq!(p.carried_by(girl), p.carried_by(mother));
    assert_eq!(p.carried_by(girl).len(), 2);
    assert!(p.carried_by(boyfriend).is_empty());
    assert_eq!(case.phase, Phase::FollowUp);
    invariants::check(case).unwrap();
}

#[test]
fn trudy_the_family_takes_on_every_task_but_the_housing_urgency() {
    // Not yet in the model: the youth care worker's role ("Jeugdhulpverlener …"; the guide's "JB, JHV, JR of anders"), so it is recorded as other.
    // Not yet in the model: a request made by two professionals together ("Samen met de gezinscoach stelt [zij] een conferentie voor").
    let mut p = Play::request_by(
        1201,
        Variant::Family,
        ProfessionalRole::Other,
        &[
            ("Bianca Zwart", None),
            ("Kim Zwart", None),
            ("Jay Zwart", None),
            ("Lotte Meijer", None),
            ("Mees Meijer", None),
            ("Sem Meijer", None),
            ("Noor Meijer", None),
        ],
        "What can the network do for the mother and the children?",
    );
    let coach = p.professional(
        "Eva Dekker",
        ProfessionalRole::FamilyCoach,
        "Jeugd- en opvoedhulp",
        OrganisationKind::CareProvider,
    );
    // Four sisters, the grandmother, the father of the youngest four, friends of the mother.
    let sisters: Vec<PersonId> = ["Ellen", "Anouk", "Sandra", "Wendy"]
        .iter()
        .map(|n| {
            p.member(
                &format!("{n} Zwart"),
                RelationKind::Sibling,
                0,
                Side::Mothers,
                Identified::AtIntake,
            )
        })
        .collect();
    let grandmother = p.member(
        "Riet Zwart",
        RelationKind::Parent,
        0,
        Side::Mothers,
        Identified::AtIntake,
    );
    let father = p.member_of(
        "Dennis Meijer",
        &[
            (RelationKind::Parent, 3),
            (RelationKind::Parent, 4),
            (RelationKind::Parent, 5),
            (RelationKind::Parent, 6),
        ],
        Side::Fathers,
        Identified::WideningCircle,
    );
    let friends = [
        p.member(
            "Yvette Laan",
            RelationKind::Friend,
            0,
            Side::Own,
            Identified::WideningCircle,
        ),
        p.member(
            "Chantal Bos",
            RelationKind::Friend,
            0,
            Side::Own,
            Identified::WideningCircle,
        ),
    ];
    p.invite_all();
    p.conference();
    // The professionals wait two hours while the family makes its plan.
    p.s.wait(Duration::hours(2));
    let mut plan = p.plan(
        &[
            ("A sister helps with the administration.", &[sisters[0]]),
            ("A sister helps in the household.", &[sisters[1]]),
            (
                "The family and friends do fun things with the children.",
                &[sisters[2], sisters[3], friends[0], friends[1]],
            ),
        ],
        grandmother,
        sisters[0],
    );
    // Not yet in the model: how an agreement is paid for ("betaald uit een persoonsgebonden budget").
    plan.agreements[0].frequency = Some("weekly".into());
    let referrer = p.professional;
    // Not yet in the model: whether help asked of professionals was given ("alleen een urgentie voor een huis aanvragen bleef over voor de professionals").
    p.ask(
        &mut plan,
        "Apply for housing urgency for the family.",
        Some(referrer),
    );
    p.submit(plan);
    p.present_and_end();
    // Later the coordinator mails the plan to the professionals and the family.
    p.s.wait(Duration::days(3));
    let recipients = vec![referrer.person, coach.person, p.main[0], grandmother];
    let err = p.refuse(
        p.coordinator,
        Command::DistributePlan {
            version: 1,
            recipients: vec![],
            frameworks_attached: vec![],
        },
    );
    assert_eq!(err.code(), "invalid_input");
    p.run(
        p.coordinator,
        Command::DistributePlan {
            version: 1,
            recipients: recipients.clone(),
            frameworks_attached: vec![],
        },
    );
    let case = p.s.state();
    assert_eq!(case.distributions.len(), 1);
    assert_eq!(case.distributions[0].recipients, recipients);
    let v = case.plan_in_force().unwrap();
    assert_eq!(
        v.content.requested_help.len(),
        1,
        "one task for the professionals"
    );
    assert_eq!(v.content.requested_help[0].from, Some(referrer.person));
    // Everything else is carried by the circle, and the tasks are divided among the sisters.
    for a in &v.content.agreements {
        assert!(a.carried_by.iter().all(|c| case.is_in_circle(*c)));
        assert!(
            a.carried_by
                .iter()
                .all(|c| !case.professionals.contains_key(c))
        );
    }
    for s in &sisters {
        assert_eq!(p.carried_by(*s).len(), 1);
    }
    assert_eq!(case.network[&father].relations.len(), 4);
    assert_eq!(case.professionals.len(), 2);
    assert_eq!(case.phase, Phase::FollowUp);
    invariants::check(case).unwrap();
}

#[test]
fn alvares_the_help_moves_to_the_network_and_every_child_has_someone() {
    let children = [
        "Shanice", "Romano", "Giovanni", "Naomi", "Dwayne", "Xaviera", "Quincy",
    ];
    let mut main: Vec<(String, Option<Party>)> = vec![("Gloria Pinas".into(), None)];
    main.extend(children.iter().map(|c| (format!("{c} Pinas"), None)));
    let main: Vec<(&str, Option<Party>)> = main.iter().map(|(n, p)| (n.as_str(), *p)).collect();
    let mut p = Play::request(
        1301,
        Variant::Family,
        &main,
        "What does the mother still really need help with?",
    );
    // Not yet in the model: the court measure of the eldest, herself a mother ("Zij is zestien jaar en staat onder toezicht").
    // Not yet in the model: help already in place and its ending ("bij deze moeder te stoppen met de overbodige hulp").
    let grandmother = p.member(
        "Ilona Pinas",
        RelationKind::Parent,
        0,
        Side::Mothers,
        Identified::AtIntake,
    );
    // Two volunteers kept coming after their project or organisation stopped.
    let volunteers = [
        p.member(
            "Herman de Wit",
            RelationKind::Volunteer,
            0,
            Side::Own,
            Identified::AtIntake,
        ),
        p.member(
            "Priscilla Lont",
            RelationKind::Volunteer,
            0,
            Side::Own,
            Identified::AtIntake,
        ),
    ];
    let church: Vec<PersonId> = (1..=6)
        .map(|i| {
            p.member(
                &format!("Kerklid {i}"),
                RelationKind::FaithCommunity,
                0,
                Side::Own,
                Identified::WideningCircle,
            )
        })
        .collect();
    let friends: Vec<PersonId> = ["Ruth", "Marcia", "Jolanda", "Sheila"]
        .iter()
        .map(|n| {
            p.member(
                &format!("{n} Kooi"),
                RelationKind::Friend,
                0,
                Side::Own,
                Identified::WideningCircle,
            )
        })
        .collect();
    p.invite_all();
    p.conference();
    // The children are divided among the mother's friends.
    // Not yet in the model: whom an agreement is for (the children "verdeeld" onder vriendinnen).
    let per_child: Vec<(String, PersonId)> = children
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                format!("If something is the matter with {c}, the mother calls on this friend."),
                friends[i % friends.len()],
            )
        })
        .collect();
    let stay_over = [grandmother, volunteers[0], church[0], church[1]];
    let to_school = [church[2], church[3], friends[0]];
    let mut agreements: Vec<(&str, &[PersonId])> = per_child
        .iter()
        .map(|(what, f)| (what.as_str(), std::slice::from_ref(f)))
        .collect();
    agreements.push(("The children can stay over with any of them.", &stay_over));
    agreements.push((
        "Someone always goes with the mother when the school asks her to come.",
        &to_school,
    ));
    agreements.push((
        "The volunteer takes the children out for something fun.",
        &volunteers[..1],
    ));
    let plan = p.plan(&agreements, grandmother, church[0]);
    // Not yet in the model: each carrier's own commitment to an agreement ("Al die personen hebben duidelijk toegezegd").
    p.submit(plan);
    p.present_and_end();
    let case = p.s.state();
    let v = case.plan_in_force().unwrap();
    assert!(
        v.content.requested_help.is_empty(),
        "nothing is asked of professionals"
    );
    assert_eq!(v.content.agreements.len(), children.len() + 3);
    // The mother's list: every friend has children to look after, every child one friend.
    for f in &friends {
        let carried = p.carried_by(*f);
        assert!(carried.iter().any(|w| w.contains("calls on this friend")));
    }
    for c in &children {
        let carriers: Vec<&Vec<PersonId>> = v
            .content
            .agreements
            .iter()
            .filter(|a| a.what.contains(c))
            .map(|a| &a.carried_by)
            .collect();
        assert_eq!(carriers.len(), 1);
        assert_eq!(carriers[0].len(), 1);
        assert!(friends.contains(&carriers[0][0]));
    }
    let carrying: usize = case
        .network
        .keys()
        .filter(|m| !p.carried_by(**m).is_empty())
        .count();
    assert_eq!(
        carrying,
        4 + 1 + 1 + 4,
        "four friends, a volunteer, the grandmother, four church members"
    );
    assert_eq!(
        case.network
            .values()
            .filter(|m| m.relations[0].kind == RelationKind::FaithCommunity)
            .count(),
        6
    );
    assert_eq!(case.phase, Phase::FollowUp);
    invariants::check(case).unwrap();
}

#[test]
fn barandi_the_fathers_family_joins_thirty_people_who_write_their_own_plan() {
    // Not yet in the model: the youth care worker's role ("Jeugdhulpverlener …"), recorded as other.
    let mut p = Play::request_by(
        1401,
        Variant::Family,
        ProfessionalRole::Other,
        &[
            ("Wilma Hoefnagel", None),
            ("Kenan Yilmaz", None),
            ("Elif Yilmaz", None),
            ("Deniz Yilmaz", None),
        ],
        "How do the children get to school on time and to the school doctor?",
    );
    let doctor = p.professional(
        "Hanna Koopman",
        ProfessionalRole::Other,
        "GGD",
        OrganisationKind::Municipality,
    );
    // The mother's own world: people from the camp and a friend who sometimes went along.
    let camp: Vec<PersonId> = (1..=20)
        .map(|i| {
            p.member(
                &format!("Kampbewoner {i}"),
                RelationKind::Neighbour,
                0,
                Side::Own,
                Identified::AtIntake,
            )
        })
        .collect();
    let friend = p.member(
        "Dorien Vermeer",
        RelationKind::Friend,
        0,
        Side::Own,
        Identified::AtIntake,
    );
    // The father's side, whom the professionals had never met, is found by widening the circle.
    let kids = [1usize, 2, 3];
    let to_kids = |kind: RelationKind| kids.map(|k| (kind, k));
    let father = p.member_of(
        "Murat Yilmaz",
        &to_kids(RelationKind::Parent),
        Side::Fathers,
        Identified::WideningCircle,
    );
    // Not yet in the model: a relation between two non-main persons ("de Turkse vader van de kinderen, zijn ouders en zussen").
    let mut fathers_family = vec![];
    for (name, kind) in [
        ("Hasan Yilmaz", RelationKind::Grandparent),
        ("Ayse Yilmaz", RelationKind::Grandparent),
        ("Zeynep Yilmaz", RelationKind::AuntUncle),
        ("Emine Yilmaz", RelationKind::AuntUncle),
    ] {
        fathers_family.push(p.member_of(
            name,
            &to_kids(kind),
            Side::Fathers,
            Identified::WideningCircle,
        ));
    }
    p.invite_all();
    p.conference();
    let info = p.s.state().conferences[0].parts[0].present.clone();
    assert!(info.contains(&doctor.person) && info.contains(&p.professional.person));
    let circle = p.circle_present();
    assert_eq!(circle.len(), 30, "in the end there were some thirty people");
    let mother = p.main[0];
    let aunt = fathers_family[2];
    let plan = p.plan(
        &[
            (
                "The children are at school on time, with something to eat.",
                &[mother, camp[0]],
            ),
            (
                "A friend goes with the mother to the school doctor.",
                &[friend],
            ),
            ("The father takes part in the children's lives.", &[father]),
            (
                "The father's parents and sisters see the children often.",
                &fathers_family,
            ),
        ],
        aunt,
        camp[0],
    );
    // The family puts the plan on paper itself.
    p.run(
        Actor::new(aunt, Role::NetworkMember),
        Command::SubmitPlan { content: plan },
    );
    p.present_and_end();
    let v = p.s.state().plan_in_force().unwrap();
    assert_eq!(v.written_by, aunt);
    assert!(!v.by_scribe);
    assert_eq!(p.carried_by(father).len(), 1);
    // Two months on the mother moves, expecting again; the professional loses sight of the family.
    p.s.wait(Duration::days(60));
    let id: SignalId = p.s.new_id();
    p.run(
        p.professional,
        Command::RaiseSignal {
            id,
            about: "The mother has moved and is pregnant again; I have lost sight of the family."
                .into(),
        },
    );
    // Not yet in the model: a professional leaving the case, or the family moved out of view ("[zij] verliest de familie uit het oog").
    let case = p.s.state();
    assert_eq!(case.signals[0].raised_by, p.professional.person);
    assert_eq!(case.evaluations_due(p.s.today()).count(), 0);
    let later = p.s.today() + Duration::days(30);
    assert_eq!(case.evaluations_due(later).count(), 1, "nobody has held it");
    assert_eq!(
        case.network
            .values()
            .filter(|m| m.side == Side::Fathers)
            .count(),
        5
    );
    assert_eq!(case.phase, Phase::FollowUp);
    invariants::check(case).unwrap();
}

#[test]
fn hamed_and_nourya_four_professionals_inform_and_the_family_plans_who_calls_them_together() {
    // Not yet in the model: the case manager's role at the youth care agency ("De casemanager stelt ondertussen een Eigen Kracht-conferentie voor"), recorded as other.
    let mut p = Play::request_by(
        1501,
        Variant::Family,
        ProfessionalRole::Other,
        &[
            ("Youssef Tahiri", None),
            ("Hanane Tahiri", None),
            ("Ilham Tahiri", None),
            ("Salma Tahiri", None),
        ],
        "Can the family tackle the problems with their own people?",
    );
    let coach = p.professional(
        "Marloes Wijnands",
        ProfessionalRole::FamilyCoach,
        "MPG-gezinscoaching",
        OrganisationKind::CareProvider,
    );
    let mental_health = p.professional(
        "Bram Oosterhuis",
        ProfessionalRole::MentalHealth,
        "GGZ",
        OrganisationKind::CareProvider,
    );
    let housing = p.professional(
        "Tineke Smeets",
        ProfessionalRole::Housing,
        "Woningbouwvereniging",
        OrganisationKind::Housing,
    );
    // Ashamed, the parents finally invite two brothers, a sister and the mother of the mother.
    let invited: Vec<PersonId> = [
        ("Omar Amziane", RelationKind::Sibling),
        ("Bilal Amziane", RelationKind::Sibling),
        ("Nadia Amziane", RelationKind::Sibling),
        ("Fatima Amziane", RelationKind::Parent),
    ]
    .iter()
    .map(|(n, k)| p.member(n, *k, 1, Side::Mothers, Identified::AtIntake))
    .collect();
    let (brother, brother2, sister, grandmother) = (invited[0], invited[1], invited[2], invited[3]);
    // Not yet in the model: the information the family asks for at the conference ("niet goed weten hoe de hulpverlening is geregeld en waar zij recht op hebben").
    p.invite_all();
    // The family starts helping during the preparation.
    // Not yet in the model: support begun before there is a plan ("Al voor de Eigen Kracht-conferentie begint de familie met ondersteuning").
    let started = p.s.today();
    p.conference();
    let info = p.s.state().conferences[0].parts[0].present.clone();
    for pro in [p.professional, coach, mental_health, housing] {
        assert!(info.contains(&pro.person));
    }
    let circle = p.circle_present();
    assert_eq!(circle.len(), 8);
    let mut plan = p.plan(
        &[
            ("Her brother wakes the mother by phone.", &[brother]),
            (
                "Her sister calls a quarter of an hour later and reminds her of appointments.",
                &[sister],
            ),
            (
                "An uncle takes the children to school and back.",
                &[brother2],
            ),
        ],
        grandmother,
        sister,
    );
    for (a, often) in
        plan.agreements
            .iter_mut()
            .zip(["every morning", "every morning", "every school day"])
    {
        a.start = Some(started);
        a.frequency = Some(often.into());
    }
    p.ask(
        &mut plan,
        "Keep putting the finances in order and the rent arrears on hold.",
        Some(coach),
    );
    p.submit(plan);
    p.present_and_end();
    let case = p.s.state();
    let v = case.plan_in_force().unwrap();
    assert_eq!(v.content.conveners, vec![sister]);
    assert_eq!(v.content.monitors, vec![grandmother]);
    assert!(
        v.content
            .agreements
            .iter()
            .all(|a| a.start.unwrap() < case.conferences[0].date)
    );
    assert_eq!(v.content.requested_help[0].from, Some(coach.person));
    assert_eq!(p.carried_by(brother).len(), 1);
    assert_eq!(p.carried_by(sister).len(), 1);
    // The plan says when the family meets to evaluate; in the meantime nothing is due.
    let today = p.s.today();
    assert_eq!(case.evaluations_due(today + Duration::days(89)).count(), 0);
    assert_eq!(case.evaluations_due(today + Duration::days(90)).count(), 1);
    assert_eq!(case.phase, Phase::FollowUp);
    invariants::check(case).unwrap();
}
