//! The variants of seeds 002 and 004 walked to an accepted plan: a community conference
//! (formerly *Alle Hens*), a learning circle (*Leercirkel*), a restorative case (*Echt
//! Recht*), a personal plan under the Wmo for an adult with dementia, and a person's own plan
//! of action under the Wvggz. Every person, street and organisation in them is invented.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use kring_domain::*;
use kring_testkit::CaseDriver;

/// A case being played out: the driver, the regional manager and the coordinator.
struct Story {
    s: CaseDriver,
    regional_manager: Actor,
    coordinator: Actor,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn rel(to: PersonId, kind: RelationKind) -> Relation {
    Relation {
        to,
        kind,
        side: None,
        label: None,
    }
}

fn organisation(s: &mut CaseDriver, name: &str, kind: OrganisationKind) -> Organisation {
    Organisation {
        id: s.new_id(),
        name: name.into(),
        kind,
    }
}

/// A request with everything a variant leaves out empty.
fn request(
    variant: Variant,
    legal_basis: LegalBasis,
    question: CaseQuestion,
    main_persons: Vec<MainPerson>,
    referral: Referral,
    organisations: Vec<Organisation>,
) -> RequestConference {
    RequestConference {
        variant,
        legal_basis,
        description: "Invented case after a variant in seeds 002 and 004.".into(),
        questions: vec![question],
        main_persons,
        referral,
        organisations,
        consent_to_pass_contact: true,
        preferences: Default::default(),
        antecedents: Default::default(),
        referral_path: Default::default(),
        subject: Default::default(),
        plan_deadline: Default::default(),
    }
}

fn main_person(person: &Person, party: Option<Party>) -> MainPerson {
    MainPerson {
        person: person.clone(),
        party,
    }
}

impl Story {
    /// A driver for a case whose first command happens on 2026-02-02.
    fn driver(seed: u64) -> CaseDriver {
        CaseDriver::new(seed, Utc.with_ymd_and_hms(2026, 2, 2, 9, 0, 0).unwrap())
    }

    /// Makes the request, then a regional manager assigns a coordinator. The family has not
    /// answered yet.
    fn open(mut s: CaseDriver, by: Actor, req: RequestConference) -> Story {
        s.run(by, Command::RequestConference(Box::new(req)))
            .unwrap_or_else(|e| panic!("request_conference: {e}"));
        let regional_manager = if by.role == Role::RegionalManager {
            by
        } else {
            Actor::new(s.new_id(), Role::RegionalManager)
        };
        let person = s.person("Hetty Vermaat");
        let coordinator = Actor::new(person.id, Role::Coordinator);
        let mut story = Story {
            s,
            regional_manager,
            coordinator,
        };
        story.s.wait(Duration::days(2));
        story.run(
            regional_manager,
            Command::AssignCoordinator {
                coordinator: Coordinator {
                    person,
                    affiliations: vec![],
                    languages: vec!["nl".into()],
                    gender: Some(Gender::Female),
                    region: "Midden".into(),
                    cultures: vec![],
                    religion: None,
                },
                reason: Some("Works in the region.".into()),
            },
        );
        story
    }

    fn run(&mut self, actor: Actor, c: Command) -> &Event {
        self.s.wait(Duration::minutes(10));
        let name = c.name();
        self.s
            .run(actor, c)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn refuse(&mut self, actor: Actor, c: Command) -> Error {
        self.s.refuse(actor, c)
    }

    /// The family (or who acts for it) accepts the coordinator: preparation begins.
    fn accept(&mut self, by: Actor) {
        self.s.wait(Duration::days(1));
        self.run(by, Command::RespondToCoordinator { accepted: true });
        assert_eq!(self.s.state().phase, Phase::Preparation);
    }

    /// Adds a member of the circle, taking part for `organisation` if given; invites and
    /// confirms them once the case is in preparation.
    fn member(
        &mut self,
        by: Actor,
        person: Person,
        relations: Vec<Relation>,
        identified: Identified,
        organisation: Option<OrganisationId>,
    ) -> PersonId {
        let id = person.id;
        self.run(
            by,
            Command::AddNetworkMember {
                member: NewNetworkMember {
                    person,
                    relations,
                    side: Side::Own,
                    minor: false,
                    identified,
                    also: vec![],
                    organisation,
                },
            },
        );
        if self.s.state().phase == Phase::Preparation {
            for status in [InvitationStatus::Invited, InvitationStatus::Confirmed] {
                self.run(
                    self.coordinator,
                    Command::UpdateInvitation { person: id, status },
                );
            }
        }
        id
    }

    /// A new member found while widening the circle, with one relation.
    fn widened(&mut self, by: Actor, name: &str, to: PersonId, kind: RelationKind) -> PersonId {
        let person = self.s.person(name);
        self.member(
            by,
            person,
            vec![rel(to, kind)],
            Identified::WideningCircle,
            None,
        )
    }

    fn measure(&mut self, by: Actor, update: MeasureUpdate) {
        self.run(by, Command::RecordMeasure { measure: update });
    }

    /// Schedules and starts the conference; `information` runs in its information part;
    /// then the circle goes into private time and records who is there.
    fn conference(&mut self, information: impl FnOnce(&mut Story)) {
        let id: ConferenceId = self.s.new_id();
        let day = self.s.today() + Duration::days(7);
        self.run(
            self.coordinator,
            Command::ScheduleConference {
                conference: ConferenceSchedule {
                    id,
                    date: day,
                    place: "Wijkcentrum".into(),
                    language: "nl".into(),
                    interpreter: false,
                },
            },
        );
        self.s.now = day.and_hms_opt(14, 0, 0).unwrap().and_utc().max(self.s.now);
        self.run(self.coordinator, Command::StartConference);
        let everyone = self.s.state().people();
        self.run(
            self.coordinator,
            Command::RecordAttendance { present: everyone },
        );
        information(self);
        self.run(
            self.coordinator,
            Command::BeginPart {
                part: ConferencePart::PrivateTime,
            },
        );
        let case = self.s.state();
        let circle: Vec<PersonId> = case
            .main_persons
            .iter()
            .map(|m| m.person.id)
            .chain(case.network.keys().copied())
            .collect();
        let by = Actor::new(circle[0], Role::MainPerson);
        self.run(by, Command::RecordAttendance { present: circle });
    }

    /// A framework handed in by `by`: one condition, and a concern if given. Returns the
    /// framework and its condition.
    fn framework(
        &mut self,
        by: Actor,
        condition: &str,
        concern: Option<&str>,
    ) -> (FrameworkId, ItemId) {
        let framework: FrameworkId = self.s.new_id();
        let condition = FrameworkItem {
            id: self.s.new_id(),
            text: condition.into(),
        };
        let condition_id = condition.id;
        let concerns = concern
            .map(|text| FrameworkItem {
                id: self.s.new_id(),
                text: text.into(),
            })
            .into_iter()
            .collect();
        self.run(
            by,
            Command::SubmitFramework {
                framework: NewFramework {
                    id: framework,
                    concerns,
                    conditions: vec![condition],
                    questions: vec![],
                    criteria: vec![],
                },
            },
        );
        (framework, condition_id)
    }

    fn inform(&mut self, by: Actor, summary: &str) {
        self.run(
            by,
            Command::RecordInformation {
                information: InformationGiven {
                    given_by: by.person,
                    summary: summary.into(),
                    documents: vec![],
                },
            },
        );
    }

    fn agreement(
        &mut self,
        what: &str,
        by: &[PersonId],
        for_person: Option<PersonId>,
    ) -> Agreement {
        Agreement {
            id: self.s.new_id(),
            what: what.into(),
            carried_by: by.to_vec(),
            supporters: vec![],
            start: Some(self.s.today()),
            due: None,
            frequency: None,
            answers: vec![],
            for_person,
            funding: None,
        }
    }

    fn plan(
        &mut self,
        agreements: Vec<Agreement>,
        monitor: PersonId,
        convener: PersonId,
    ) -> PlanContent {
        PlanContent {
            agreements,
            requested_help: vec![],
            monitors: vec![monitor],
            conveners: vec![convener],
            evaluations: vec![EvaluationMoment {
                id: self.s.new_id(),
                planned_on: self.s.today() + Duration::days(60),
            }],
            contact_arrangement: None,
        }
    }

    fn present(&mut self) {
        self.run(
            self.coordinator,
            Command::BeginPart {
                part: ConferencePart::Presentation,
            },
        );
    }

    /// Ends the conference once its plan is accepted, and checks the case.
    fn end(&mut self) {
        assert_eq!(
            self.s.state().latest_plan().unwrap().status,
            PlanStatus::Accepted
        );
        self.run(self.coordinator, Command::EndConference);
        assert_eq!(self.s.state().phase, Phase::FollowUp);
        self.check();
    }

    fn check(&self) {
        let case = self.s.state();
        invariants::check(case).unwrap();
        assert_eq!(Case::replay(&self.s.events).as_ref(), Some(case));
    }
}

#[test]
fn a_community_conference_about_a_street_with_the_shop_and_the_mosque_in_the_circle() {
    let mut s = Story::driver(7001);
    let municipality = organisation(&mut s, "Gemeente Lindendal", OrganisationKind::Municipality);
    let shop = organisation(&mut s, "Buurtsuper De Hoek", OrganisationKind::Business);
    let mosque = organisation(&mut s, "Moskee Vrede", OrganisationKind::FaithCommunity);
    let police = organisation(&mut s, "Politie Lindendal", OrganisationKind::PoliceJustice);
    // Two residents speak for the street.
    let residents = [s.person("Fleur Hendriks"), s.person("Bilal Tahar")];
    let question = CaseQuestion {
        id: s.new_id(),
        text: "How do we live together safely in our street again?".into(),
    };
    let mut req = request(
        Variant::Community,
        LegalBasis::Other,
        question,
        residents.iter().map(|p| main_person(p, None)).collect(),
        Referral::Municipality {
            organisation: municipality.id,
        },
        vec![
            municipality.clone(),
            shop.clone(),
            mosque.clone(),
            police.clone(),
        ],
    );
    req.subject = Some(CommunitySubject {
        kind: SubjectKind::Street,
        name: "Zwaluwstraat".into(),
    });
    req.antecedents.push(Antecedent {
        kind: AntecedentKind::Other,
        on: Some(date(2026, 1, 12)),
        note: Some("Complaints to the municipality about nuisance at night.".into()),
    });
    // The regional manager takes the municipality's request.
    let rm = Actor::new(s.new_id(), Role::RegionalManager);
    let mut st = Story::open(s, rm, req);
    let (fleur, bilal) = (residents[0].id, residents[1].id);
    st.accept(Actor::new(fleur, Role::MainPerson));
    let co = st.coordinator;
    // The circle: the shopkeeper for the shop, a board member for the mosque, neighbours and
    // a young man from the street.
    let p = st.s.person("Hakan Demir");
    let shopkeeper = st.member(
        co,
        p,
        vec![
            rel(fleur, RelationKind::Neighbour),
            rel(bilal, RelationKind::Neighbour),
        ],
        Identified::WideningCircle,
        Some(shop.id),
    );
    let p = st.s.person("Abdel Ouali");
    let board = st.member(
        co,
        p,
        vec![rel(bilal, RelationKind::FaithCommunity)],
        Identified::WideningCircle,
        Some(mosque.id),
    );
    let neighbour = st.widened(co, "Truus Akkerman", fleur, RelationKind::Neighbour);
    let young = st.widened(co, "Jordy Mast", bilal, RelationKind::Neighbour);
    // The community police officer hands in a framework with one bottom line.
    let officer = st.s.person("Sven Lemmens");
    let officer_actor = Actor::new(officer.id, Role::Professional);
    st.run(
        rm,
        Command::AddProfessional {
            professional: Professional {
                person: officer,
                organisation: police.id,
                role: ProfessionalRole::Police,
                role_label: None,
            },
        },
    );
    let (framework, condition_id) = st.framework(
        officer_actor,
        "No one in the street is threatened.",
        Some("Young people block the shop entrance at night."),
    );
    st.conference(|st| {
        st.inform(officer_actor, "What the police see in the street at night.");
    });
    st.run(
        Actor::new(neighbour, Role::NetworkMember),
        Command::ChooseChair { person: neighbour },
    );
    // The shop's and the mosque's commitments are agreements of the circle.
    let mut agreements = vec![
        st.agreement(
            "The shop keeps the bench at its door lit and calls the young people by name, not the police.",
            &[shopkeeper],
            None,
        ),
        st.agreement(
            "The mosque opens its hall to the young people of the street on Friday evenings.",
            &[board, young],
            None,
        ),
        st.agreement(
            "The residents hold a street meal every month.",
            &[fleur, bilal, neighbour],
            None,
        ),
        st.agreement(
            "The young people keep the shop entrance free after ten.",
            &[young],
            None,
        ),
    ];
    for a in &mut agreements {
        a.answers = vec![condition_id];
    }
    let mut plan = st.plan(agreements, neighbour, board);
    plan.requested_help.push(RequestedHelp {
        id: st.s.new_id(),
        what: "More street lighting at the corner.".into(),
        from: None,
        answers: vec![],
        funding: None,
    });
    st.run(
        Actor::new(fleur, Role::MainPerson),
        Command::SubmitPlan { content: plan },
    );
    st.present();
    assert_eq!(
        st.s.state().latest_plan().unwrap().status,
        PlanStatus::Presented,
        "the officer's bottom line holds the plan back"
    );
    st.run(
        officer_actor,
        Command::AssessPlan {
            version: 1,
            framework,
            verdicts: vec![(condition_id, ConditionVerdict::Met)],
        },
    );
    st.end();
    let case = st.s.state();
    assert_eq!(case.variant, Variant::Community);
    let subject = case.subject.as_ref().unwrap();
    assert_eq!(
        (subject.kind, subject.name.as_str()),
        (SubjectKind::Street, "Zwaluwstraat")
    );
    assert_eq!(case.network[&shopkeeper].organisation, Some(shop.id));
    assert_eq!(case.network[&board].organisation, Some(mosque.id));
    assert_eq!(case.network[&neighbour].organisation, None);
    assert_eq!(
        case.organisations[&shop.id].kind,
        OrganisationKind::Business
    );
    assert_eq!(
        case.organisations[&mosque.id].kind,
        OrganisationKind::FaithCommunity
    );
    let v = case.plan_in_force().unwrap();
    for member in [shopkeeper, board] {
        assert!(
            v.content
                .agreements
                .iter()
                .any(|a| a.carried_by.contains(&member)),
            "an organisation's commitment is an agreement its member carries"
        );
    }
    assert_eq!(v.content.requested_help.len(), 1);
    assert!(!case.professionals.contains_key(&shopkeeper));
    assert_eq!(case.conferences[0].chair, Some(neighbour));
    // Only a community conference has a subject.
    let mut s = Story::driver(7011);
    let person = s.person("Kees Blom");
    let question = CaseQuestion {
        id: s.new_id(),
        text: "Who helps?".into(),
    };
    let mut req = request(
        Variant::Family,
        LegalBasis::Other,
        question,
        vec![main_person(&person, None)],
        Referral::Family,
        vec![],
    );
    req.subject = case.subject.clone();
    let err = s
        .run(
            Actor::new(person.id, Role::MainPerson),
            Command::RequestConference(Box::new(req)),
        )
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
}

#[test]
fn a_learning_circle_where_the_school_commits_through_its_member_of_the_circle() {
    let mut s = Story::driver(7002);
    let school = organisation(
        &mut s,
        "Scholengemeenschap Het Baken",
        OrganisationKind::School,
    );
    let club = organisation(&mut s, "Judoclub Sterk", OrganisationKind::Other);
    let pupil = Person {
        birth_date: Some(date(2010, 5, 14)),
        ..s.person("Daan Verbeek")
    };
    // How to combine school with an international sports career (seed 002).
    let question = CaseQuestion {
        id: s.new_id(),
        text: "How does he combine school with judo tournaments abroad?".into(),
    };
    let req = request(
        Variant::Learning,
        LegalBasis::Other,
        question,
        vec![main_person(&pupil, None)],
        Referral::Family,
        vec![school.clone(), club.clone()],
    );
    let me = Actor::new(pupil.id, Role::MainPerson);
    let mut st = Story::open(s, me, req);
    st.accept(me);
    let co = st.coordinator;
    let p = st.s.person("Marieke Verbeek");
    let mother = st.member(
        co,
        p,
        vec![rel(pupil.id, RelationKind::Parent)],
        Identified::WideningCircle,
        None,
    );
    let p = st.s.person("Ger Verbeek");
    let grandfather = st.member(
        co,
        p,
        vec![
            rel(pupil.id, RelationKind::Grandparent),
            rel(mother, RelationKind::Parent),
        ],
        Identified::WideningCircle,
        None,
    );
    // His mentor takes part for the school; his trainer for the club.
    let p = st.s.person("Sandra Wijers");
    let mentor = st.member(
        co,
        p,
        vec![rel(pupil.id, RelationKind::School)],
        Identified::WideningCircle,
        Some(school.id),
    );
    let p = st.s.person("Rik Sterk");
    let trainer = st.member(
        co,
        p,
        vec![Relation {
            label: Some("his judo trainer".into()),
            ..rel(pupil.id, RelationKind::Other)
        }],
        Identified::WideningCircle,
        Some(club.id),
    );
    st.run(
        me,
        Command::RecordView {
            person: pupil.id,
            view: "I want to fight at the European championships and still pass my exams.".into(),
        },
    );
    st.conference(|st| {
        st.inform(
            co,
            "How the conference works: the circle makes the plan alone.",
        );
    });
    let agreements = vec![
        st.agreement(
            "The school gives him a flexible timetable and lets him sit tests after tournaments.",
            &[mentor],
            Some(pupil.id),
        ),
        st.agreement(
            "The mentor and he go over his homework planning every Monday.",
            &[mentor, pupil.id],
            Some(pupil.id),
        ),
        st.agreement(
            "The trainer plans tournaments around the school's test weeks.",
            &[trainer],
            Some(pupil.id),
        ),
        st.agreement(
            "His grandfather drives him to training twice a week.",
            &[grandfather],
            Some(pupil.id),
        ),
    ];
    let plan = st.plan(agreements, mother, mentor);
    st.run(me, Command::SubmitPlan { content: plan });
    assert_eq!(
        st.s.state().latest_plan().unwrap().status,
        PlanStatus::Accepted,
        "no framework: accepted as it is submitted"
    );
    st.present();
    st.end();
    let case = st.s.state();
    assert_eq!(case.variant, Variant::Learning);
    assert!(
        case.professionals.is_empty(),
        "the school is in the circle, not a professional"
    );
    assert_eq!(case.network[&mentor].organisation, Some(school.id));
    assert_eq!(case.network[&trainer].organisation, Some(club.id));
    let v = case.plan_in_force().unwrap();
    assert!(v.content.requested_help.is_empty());
    let schools: Vec<&Agreement> = v
        .content
        .agreements
        .iter()
        .filter(|a| a.carried_by.contains(&mentor))
        .collect();
    assert_eq!(schools.len(), 2, "the school's commitments are agreements");
    assert!(schools[0].what.starts_with("The school"));
    assert!(
        v.content
            .agreements
            .iter()
            .all(|a| a.for_person == Some(pupil.id))
    );
    assert_eq!(v.written_by, pupil.id);
    assert_eq!(case.views[0].recorded_by, pupil.id);
}

#[test]
fn a_restorative_case_where_the_harmed_party_accepts_and_justice_follows() {
    let mut s = Story::driver(7003);
    let police = organisation(&mut s, "Politie Midden", OrganisationKind::PoliceJustice);
    let harmed = s.person("Wilhelmina Brouwer");
    let responsible = Person {
        birth_date: Some(date(2010, 9, 3)),
        ..s.person("Niels de Graaf")
    };
    let officer = s.person("Ronald Kuijpers");
    let officer_actor = Actor::new(officer.id, Role::Professional);
    let question = CaseQuestion {
        id: s.new_id(),
        text: "How is the harm to her shed put right, and how does she feel safe again?".into(),
    };
    let mut req = request(
        Variant::Restorative,
        LegalBasis::JuvenileCriminalLaw,
        question,
        vec![
            main_person(&harmed, Some(Party::Harmed)),
            main_person(&responsible, Some(Party::Responsible)),
        ],
        Referral::Professional {
            professional: Professional {
                person: officer,
                organisation: police.id,
                role: ProfessionalRole::Police,
                role_label: None,
            },
        },
        vec![police],
    );
    req.antecedents.push(Antecedent {
        kind: AntecedentKind::PoliceReport,
        on: Some(date(2026, 1, 20)),
        note: Some("Her garden shed was set alight; he admitted it.".into()),
    });
    let mut st = Story::open(s, officer_actor, req);
    let (her, him) = (harmed.id, responsible.id);
    let prosecution: MeasureId = st.s.new_id();
    let halt: MeasureId = st.s.new_id();
    let update = |id, kind, status, on, note: &str| MeasureUpdate {
        id,
        kind,
        concerns: vec![him],
        label: None,
        status,
        on,
        note: Some(note.into()),
    };
    st.measure(
        officer_actor,
        update(
            prosecution,
            MeasureKind::Prosecution,
            MeasureStatus::Considered,
            date(2026, 1, 27),
            "The prosecutor weighs a prosecution for arson.",
        ),
    );
    st.measure(
        officer_actor,
        update(
            halt,
            MeasureKind::Halt,
            MeasureStatus::Considered,
            date(2026, 1, 27),
            "A referral to Halt instead.",
        ),
    );
    st.accept(Actor::new(her, Role::MainPerson));
    // Each party agrees to meet, and each brings a circle.
    for p in [her, him] {
        st.run(
            Actor::new(p, Role::MainPerson),
            Command::RecordConsent {
                person: p,
                matter: ConsentMatter::Conference,
                given: true,
            },
        );
    }
    let co = st.coordinator;
    let daughter = st.widened(co, "Joke Brouwer", her, RelationKind::Child);
    let neighbour = st.widened(co, "Cor Dijkman", her, RelationKind::Neighbour);
    let mother = st.widened(co, "Carla de Graaf", him, RelationKind::Parent);
    let uncle = st.widened(co, "Ruud de Graaf", him, RelationKind::AuntUncle);
    let (framework, condition_id) = st.framework(
        officer_actor,
        "He does not come to her house uninvited.",
        None,
    );
    st.conference(|st| {
        st.inform(
            officer_actor,
            "What happened that night, and what the prosecutor will do with a plan.",
        );
    });
    let mut agreements =
        vec![
        st.agreement("He rebuilds the shed with his uncle on Saturdays.", &[him, uncle], Some(her)),
        st.agreement(
            "He apologises to her in person, with his mother there.",
            &[him, mother],
            Some(her),
        ),
        st.agreement(
            "Her daughter and the neighbour look in on her every other day until she feels safe.",
            &[daughter, neighbour],
            Some(her),
        ),
        st.agreement(
            "He comes to her house only when she invites him.",
            &[him],
            Some(her),
        ),
    ];
    agreements[3].answers = vec![condition_id];
    let plan = st.plan(agreements, daughter, mother);
    st.run(
        Actor::new(him, Role::MainPerson),
        Command::SubmitPlan { content: plan },
    );
    st.present();
    // The harmed party accepts the agreement; the officer tests it against the bottom line.
    st.run(
        Actor::new(her, Role::MainPerson),
        Command::RecordConsent {
            person: her,
            matter: ConsentMatter::RestorativeAgreement,
            given: true,
        },
    );
    // Only she accepts it for herself.
    let err = st.refuse(
        Actor::new(him, Role::MainPerson),
        Command::RecordConsent {
            person: her,
            matter: ConsentMatter::RestorativeAgreement,
            given: true,
        },
    );
    assert_eq!(err.code(), "permission_denied");
    st.run(
        officer_actor,
        Command::AssessPlan {
            version: 1,
            framework,
            verdicts: vec![(condition_id, ConditionVerdict::Met)],
        },
    );
    st.end();
    // The justice outcome: no prosecution; Halt, carried out.
    let today = st.s.today();
    st.measure(
        officer_actor,
        update(
            prosecution,
            MeasureKind::Prosecution,
            MeasureStatus::Dismissed,
            today,
            "Dropped: the restorative agreement and Halt settle it.",
        ),
    );
    st.measure(
        officer_actor,
        update(
            halt,
            MeasureKind::Halt,
            MeasureStatus::InForce,
            today,
            "Twenty hours of work at the community garden.",
        ),
    );
    // Its kind and the person it concerns stay as it opened.
    let err = st.refuse(
        officer_actor,
        Command::RecordMeasure {
            measure: MeasureUpdate {
                kind: MeasureKind::Prosecution,
                ..update(halt, MeasureKind::Halt, MeasureStatus::Ended, today, "x")
            },
        },
    );
    assert_eq!(err.rule(), Some(Rule::ReferencesResolve));
    st.s.wait(Duration::days(60));
    let case = st.s.state();
    let evaluation = *case.evaluations.keys().next().unwrap();
    let reviews = case
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
    let held_on = st.s.today();
    st.run(
        Actor::new(mother, Role::NetworkMember),
        Command::RecordEvaluation {
            record: EvaluationRecord {
                evaluation,
                held_on,
                convened_by: mother,
                present: vec![her, him, daughter, mother],
                reviews,
                next_step: NextStep::Close,
                help_reviews: vec![],
            },
        },
    );
    st.run(
        co,
        Command::CloseCase {
            outcome: Outcome::PlanCarriedOut,
            note: None,
        },
    );
    // A measure may change after the case closed.
    st.s.wait(Duration::days(20));
    let today = st.s.today();
    st.measure(
        officer_actor,
        update(
            halt,
            MeasureKind::Halt,
            MeasureStatus::CarriedOut,
            today,
            "He finished his Halt assignment.",
        ),
    );
    st.check();
    let case = st.s.state();
    assert_eq!(case.phase, Phase::Closed);
    let acceptance = case
        .consent(her, ConsentMatter::RestorativeAgreement)
        .unwrap();
    assert!(acceptance.given);
    assert_eq!(acceptance.given_by, her);
    assert!(
        case.consent(him, ConsentMatter::RestorativeAgreement)
            .is_none()
    );
    assert_eq!(
        case.measures[&prosecution].status(),
        Some(MeasureStatus::Dismissed)
    );
    let halt_states: Vec<MeasureStatus> = case.measures[&halt]
        .history
        .iter()
        .map(|h| h.status)
        .collect();
    assert_eq!(
        halt_states,
        [
            MeasureStatus::Considered,
            MeasureStatus::InForce,
            MeasureStatus::CarriedOut
        ]
    );
    assert!(case.measures[&halt].history[2].at > case.phases.last().unwrap().at);
    assert_eq!(case.legal_basis, LegalBasis::JuvenileCriminalLaw);
    assert_eq!(case.main_persons[0].party, Some(Party::Harmed));
}

#[test]
fn a_wmo_plan_where_a_daughter_with_power_of_attorney_acts_for_her_mother_with_dementia() {
    let mut s = Story::driver(7004);
    let municipality = organisation(&mut s, "Wmo-loket Beekdal", OrganisationKind::Municipality);
    let mother = Person {
        birth_date: Some(date(1941, 3, 8)),
        ..s.person("Johanna Kuiper")
    };
    let consultant = s.person("Esther Jacobs");
    let consultant_actor = Actor::new(consultant.id, Role::Professional);
    let question = CaseQuestion {
        id: s.new_id(),
        text: "How can she keep living in her own home?".into(),
    };
    let req = request(
        Variant::Family,
        LegalBasis::WmoPersoonlijkPlan,
        question,
        vec![main_person(&mother, None)],
        Referral::Professional {
            professional: Professional {
                person: consultant,
                organisation: municipality.id,
                role: ProfessionalRole::Municipality,
                role_label: None,
            },
        },
        vec![municipality],
    );
    let mut st = Story::open(s, consultant_actor, req);
    let rm = st.regional_manager;
    let her = mother.id;
    // The daughter, with a power of attorney, is named at intake and registered as the one
    // who acts for her mother.
    let p = st.s.person("Annet Kuiper");
    let daughter = st.member(
        rm,
        p,
        vec![rel(her, RelationKind::Child)],
        Identified::AtIntake,
        None,
    );
    // Before she is registered she cannot act for her mother.
    let acting = Actor::on_behalf_of(daughter, her);
    let err = st.refuse(acting, Command::RespondToCoordinator { accepted: true });
    assert_eq!(err.code(), "permission_denied");
    st.run(
        rm,
        Command::AddRepresentative {
            representation: Representation {
                person: daughter,
                for_person: her,
                kind: RepresentativeKind::PowerOfAttorney,
            },
        },
    );
    // She accepts the coordinator, consents and says what her mother wants, as her mother.
    st.accept(acting);
    for matter in [ConsentMatter::Conference, ConsentMatter::SharePlan] {
        st.run(
            acting,
            Command::RecordConsent {
                person: her,
                matter,
                given: true,
            },
        );
    }
    st.run(
        acting,
        Command::RecordView {
            person: her,
            view: "She wants to stay in her own home, with her cat.".into(),
        },
    );
    // She acts only as her mother, not as someone else.
    let err = st.refuse(
        acting,
        Command::RecordConsent {
            person: daughter,
            matter: ConsentMatter::Conference,
            given: true,
        },
    );
    assert_eq!(err.code(), "permission_denied");
    let co = st.coordinator;
    let son = st.widened(co, "Wouter Kuiper", her, RelationKind::Child);
    let p = st.s.person("Loes Kuiper");
    let granddaughter = st.member(
        co,
        p,
        vec![
            rel(her, RelationKind::Grandchild),
            rel(son, RelationKind::Child),
        ],
        Identified::WideningCircle,
        None,
    );
    let neighbour = st.widened(co, "Gerrit Smit", her, RelationKind::Neighbour);
    st.conference(|st| {
        st.inform(
            consultant_actor,
            "What the Wmo can offer: day care, household help, a personal budget.",
        );
    });
    let mut agreements = vec![
        st.agreement(
            "The daughter arranges household help every week.",
            &[daughter],
            Some(her),
        ),
        st.agreement(
            "The neighbour looks in every morning.",
            &[neighbour],
            Some(her),
        ),
        st.agreement(
            "Her son takes her to day care on Tuesdays and Thursdays.",
            &[son],
            Some(her),
        ),
        st.agreement(
            "Her granddaughter does the shopping with her on Saturdays.",
            &[granddaughter],
            Some(her),
        ),
    ];
    agreements[0].funding = Some(Funding::PersonalBudget);
    let mut plan = st.plan(agreements, son, daughter);
    let day_care: HelpId = st.s.new_id();
    plan.requested_help.push(RequestedHelp {
        id: day_care,
        what: "A place at a day-care centre two days a week.".into(),
        from: Some(consultant_actor.person),
        answers: vec![],
        funding: Some(Funding::InKind),
    });
    // The daughter writes the plan down for her mother.
    st.run(acting, Command::SubmitPlan { content: plan });
    st.present();
    st.end();
    st.run(
        consultant_actor,
        Command::UpdateHelp {
            help: day_care,
            status: HelpStatus::Agreed,
            note: Some("From next month.".into()),
        },
    );
    let case = st.s.state();
    assert_eq!(case.legal_basis, LegalBasis::WmoPersoonlijkPlan);
    assert!(case.represents(daughter, her));
    assert_eq!(
        case.representatives[0].kind,
        RepresentativeKind::PowerOfAttorney
    );
    assert!(case.coordinator.as_ref().unwrap().accepted_at.is_some());
    assert_eq!(case.phases[1].phase, Phase::Preparation);
    for matter in [ConsentMatter::Conference, ConsentMatter::SharePlan] {
        let c = case.consent(her, matter).unwrap();
        assert!(c.given);
        assert_eq!(c.given_by, daughter, "given by her representative");
    }
    assert_eq!(case.views[0].person, her);
    assert_eq!(case.views[0].recorded_by, daughter);
    let v = case.plan_in_force().unwrap();
    assert_eq!(v.written_by, daughter);
    assert!(!v.by_scribe);
    assert_eq!(
        v.content.agreements[0].funding,
        Some(Funding::PersonalBudget)
    );
    assert!(
        v.content
            .agreements
            .iter()
            .all(|a| a.for_person == Some(her))
    );
    assert_eq!(case.help_status(day_care), Some(HelpStatus::Agreed));
}

#[test]
fn a_wvggz_plan_of_action_made_before_its_deadline_averts_compulsory_care() {
    let mut s = Story::driver(7005);
    let ggz = organisation(&mut s, "GGZ Rivierenland", OrganisationKind::CareProvider);
    let man = Person {
        birth_date: Some(date(1991, 11, 23)),
        ..s.person("Sander Wouters")
    };
    let psychiatrist = s.person("Laura Mertens");
    let psychiatrist_actor = Actor::new(psychiatrist.id, Role::Professional);
    let question = CaseQuestion {
        id: s.new_id(),
        text: "How does he stay well at home without compulsory care?".into(),
    };
    // He has two weeks to hand in his own plan of action.
    let deadline = s.today() + Duration::days(14);
    let mut req = request(
        Variant::Family,
        LegalBasis::WvggzEigenPlanVanAanpak,
        question,
        vec![main_person(&man, None)],
        Referral::Professional {
            professional: Professional {
                person: psychiatrist,
                organisation: ggz.id,
                role: ProfessionalRole::MentalHealth,
                role_label: None,
            },
        },
        vec![ggz],
    );
    req.plan_deadline = Some(deadline);
    req.antecedents.push(Antecedent {
        kind: AntecedentKind::Other,
        on: Some(date(2026, 1, 25)),
        note: Some(
            "A psychotic episode; the prosecutor prepares a request for a care order.".into(),
        ),
    });
    let mut st = Story::open(s, psychiatrist_actor, req);
    let him = man.id;
    let compulsory: MeasureId = st.s.new_id();
    let care = |status, on, note: &str| MeasureUpdate {
        id: compulsory,
        kind: MeasureKind::CompulsoryCare,
        concerns: vec![him],
        label: None,
        status,
        on,
        note: Some(note.into()),
    };
    st.measure(
        psychiatrist_actor,
        care(
            MeasureStatus::Requested,
            date(2026, 1, 30),
            "A care authorisation is being prepared.",
        ),
    );
    let me = Actor::new(him, Role::MainPerson);
    st.accept(me);
    st.run(
        me,
        Command::RecordConsent {
            person: him,
            matter: ConsentMatter::Conference,
            given: true,
        },
    );
    let co = st.coordinator;
    let sister = st.widened(co, "Ellen Wouters", him, RelationKind::Sibling);
    let father = st.widened(co, "Theo Wouters", him, RelationKind::Parent);
    let friend = st.widened(co, "Mehmet Kaya", him, RelationKind::Friend);
    let (framework, condition_id) = st.framework(
        psychiatrist_actor,
        "He takes his medication and sees the psychiatrist every two weeks.",
        Some("He stops his medication when he feels well."),
    );
    st.conference(|st| {
        st.inform(
            psychiatrist_actor,
            "What a care authorisation would mean, and what the plan must say for it to be withdrawn.",
        );
    });
    let mut agreements = vec![
        st.agreement(
            "He takes his medication every evening; his sister checks by phone.",
            &[him, sister],
            None,
        ),
        st.agreement(
            "His father drives him to the psychiatrist every other Wednesday.",
            &[father],
            None,
        ),
        st.agreement(
            "When he sleeps badly three nights in a row, his friend calls the crisis team.",
            &[friend],
            None,
        ),
    ];
    agreements[0].answers = vec![condition_id];
    agreements[1].answers = vec![condition_id];
    let plan = st.plan(agreements, sister, father);
    st.run(me, Command::SubmitPlan { content: plan });
    st.present();
    st.run(
        psychiatrist_actor,
        Command::AssessPlan {
            version: 1,
            framework,
            verdicts: vec![(condition_id, ConditionVerdict::Met)],
        },
    );
    st.end();
    let today = st.s.today();
    st.measure(
        psychiatrist_actor,
        care(
            MeasureStatus::Averted,
            today,
            "The request is withdrawn: his own plan of action is accepted.",
        ),
    );
    st.check();
    let case = st.s.state();
    assert_eq!(case.legal_basis, LegalBasis::WvggzEigenPlanVanAanpak);
    assert_eq!(case.plan_deadline, Some(deadline));
    let v = case.plan_in_force().unwrap();
    assert!(
        v.submitted_at.date_naive() <= deadline,
        "ready before the deadline"
    );
    assert!(
        case.conferences[0].ended_at.unwrap().date_naive() <= deadline,
        "accepted before the deadline"
    );
    assert_eq!(
        case.measures[&compulsory].status(),
        Some(MeasureStatus::Averted)
    );
    assert_eq!(case.measures[&compulsory].kind, MeasureKind::CompulsoryCare);
    assert!(case.consent(him, ConsentMatter::Conference).unwrap().given);
}
