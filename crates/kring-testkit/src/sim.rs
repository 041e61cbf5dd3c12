//! A simulator that proposes plausible commands for any state of a case, driven by small
//! random inputs. Most proposals follow the lifecycle ("progress"); the rest are any command
//! at all, and some are deliberately broken (wrong actor, time going backwards, unknown ids,
//! missing safeguards) so that refusals are exercised too. Used by the property tests,
//! the store's tests and the fuzz targets; it only proposes, [`kring_domain::decide`] judges.
//!
//! Every command is proposed, also those of format 3 (measures, representatives acting for
//! a main person, consent, relations within the circle, views, interpreters, what was said in
//! the information part, the chair of private time, requested help and where it stands,
//! involvement that ends, meetings, signals weighed and resolved, a new coordinator,
//! arrangements, frameworks recorded as not tested) and their new fields now and then.

use chrono::{Duration, NaiveDate, TimeZone, Utc};

use kring_domain::*;

use crate::driver::{CaseDriver, TimedCommand};

/// One random input to the simulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Input {
    /// Below 160: the next step along the lifecycle; otherwise any command.
    pub kind: u8,
    /// Chooses among the candidates of a proposal (a person, an item, a part, …).
    pub a: u8,
    /// A second, independent choice.
    pub b: u8,
    /// Below 40 (of 256) breaks the proposal on purpose (see [`Sim::propose`]).
    pub mutate: u8,
    /// Minutes the clock moves on before the command (scaled by the phase).
    pub wait: u16,
}

impl Input {
    /// An input from raw bytes (for fuzzing).
    pub fn from_bytes(b: [u8; 6]) -> Self {
        Input {
            kind: b[0],
            a: b[1],
            b: b[2],
            mutate: b[3],
            wait: u16::from_le_bytes([b[4], b[5]]),
        }
    }
}

/// Proposes commands for one case and folds the accepted ones.
#[derive(Debug, Clone)]
pub struct Sim {
    /// The case being simulated.
    pub driver: CaseDriver,
    regional_manager: PersonId,
    administrator: PersonId,
    strangers: Vec<PersonId>,
}

fn pick<T: Copy>(items: &[T], n: u8) -> Option<T> {
    pick_ref(items, n).copied()
}

fn pick_ref<T>(items: &[T], n: u8) -> Option<&T> {
    (!items.is_empty()).then(|| &items[n as usize % items.len()])
}

impl Sim {
    /// A simulator for a new case, seeded.
    pub fn new(seed: u64) -> Self {
        let start = Utc.with_ymd_and_hms(2025, 1, 6, 9, 0, 0).unwrap()
            + Duration::hours((seed % 5000) as i64);
        let mut driver = CaseDriver::new(seed, start);
        let regional_manager = driver.new_id();
        let administrator = driver.new_id();
        let strangers = vec![driver.new_id(), driver.new_id()];
        Sim {
            driver,
            regional_manager,
            administrator,
            strangers,
        }
    }

    fn id<K: IdKind>(&mut self) -> Id<K> {
        self.driver.new_id()
    }

    fn person(&mut self, n: u8) -> Person {
        const NAMES: [&str; 8] = [
            "Sam", "Noor", "Lotte", "Milan", "Yara", "Bram", "Iris", "Jesse",
        ];
        let name = format!("{} {}", NAMES[n as usize % 8], n);
        self.driver.person_speaking(&name, Vec::new())
    }

    /// Proposes one command and runs it through the driver (which keeps it when the domain
    /// accepts it). Returns the proposal and the domain's answer.
    pub fn step(&mut self, input: Input) -> (TimedCommand, Result<Event>) {
        let p = self.propose(input);
        let result = self
            .driver
            .run_at(p.actor, p.at, p.command.clone())
            .cloned();
        (p, result)
    }

    /// A command for the current state. `input.mutate` below 40 breaks it: 0–9 the wrong
    /// actor, 10–19 a time before the last change, 20–29 a stranger's id, 30–39 a broken
    /// plan or text.
    pub fn propose(&mut self, input: Input) -> TimedCommand {
        let wait = match self.driver.case.as_ref().map(|c| c.phase) {
            Some(Phase::Conference) => Duration::minutes((input.wait % 60) as i64),
            Some(Phase::FollowUp) => Duration::hours((input.wait % 2000) as i64),
            _ => Duration::minutes(input.wait as i64 * 4),
        };
        self.driver.wait(wait);
        let broken = input.mutate < 40;
        let (mut actor, mut command) = match &self.driver.case {
            None => self.request(input),
            Some(_) if input.kind < 160 => self.progress(input),
            Some(_) => self.any(input),
        };
        let mut at = self.driver.now;
        if broken {
            match input.mutate / 10 {
                0 => actor = self.wrong_actor(input, actor),
                1 => {
                    at = self.driver.case.as_ref().map_or(at, |c| c.updated_at)
                        - Duration::days(1 + input.a as i64)
                }
                2 => command = self.with_stranger(command, input),
                _ => command = self.damage(command, input),
            }
        }
        TimedCommand { actor, at, command }
    }

    fn wrong_actor(&mut self, input: Input, actor: Actor) -> Actor {
        if input.b % 8 == 7 {
            // Someone who is not a registered representative acting for a main person.
            return Actor::on_behalf_of(self.strangers[0], actor.principal());
        }
        let role = Role::ALL[input.a as usize % Role::ALL.len()];
        let person = if input.b % 2 == 0 {
            actor.person
        } else {
            self.strangers[0]
        };
        Actor::new(person, role)
    }

    fn with_stranger(&mut self, command: Command, input: Input) -> Command {
        let s = self.strangers[input.a as usize % 2];
        match command {
            Command::UpdateInvitation { status, .. } => {
                Command::UpdateInvitation { person: s, status }
            }
            Command::RecordAttendance { mut present } => {
                present.push(s);
                Command::RecordAttendance { present }
            }
            Command::SubmitPlan { mut content } => {
                if let Some(a) = content.agreements.first_mut() {
                    a.carried_by.push(s);
                }
                Command::SubmitPlan { content }
            }
            Command::DistributePlan {
                mut recipients,
                frameworks_attached,
                version,
            } => {
                recipients.push(s);
                Command::DistributePlan {
                    version,
                    recipients,
                    frameworks_attached,
                }
            }
            Command::AssessPlan {
                version, verdicts, ..
            } => Command::AssessPlan {
                version,
                framework: FrameworkId::from_u128(s.as_u128()),
                verdicts,
            },
            Command::RecordEvaluation { mut record } => {
                record.convened_by = s;
                Command::RecordEvaluation { record }
            }
            Command::RecordNotTested {
                version, reason, ..
            } => Command::RecordNotTested {
                version,
                framework: FrameworkId::from_u128(s.as_u128()),
                reason,
            },
            // A measure about a stranger (or, for one already open, about other people).
            Command::RecordMeasure { mut measure } => {
                measure.concerns.push(s);
                Command::RecordMeasure { measure }
            }
            Command::AddRepresentative { mut representation } => {
                match input.b % 2 {
                    0 => representation.person = s,
                    _ => representation.for_person = s,
                }
                Command::AddRepresentative { representation }
            }
            Command::RecordConsent { matter, given, .. } => Command::RecordConsent {
                person: s,
                matter,
                given,
            },
            Command::AddRelation {
                person,
                mut relation,
            } => {
                relation.to = s;
                Command::AddRelation { person, relation }
            }
            Command::RecordInformation { mut information } => {
                information.given_by = s;
                Command::RecordInformation { information }
            }
            Command::RecordView { view, .. } => Command::RecordView { person: s, view },
            Command::AddInterpreter { mut interpreter } => {
                interpreter.for_persons.push(s);
                Command::AddInterpreter { interpreter }
            }
            Command::ChooseChair { .. } => Command::ChooseChair { person: s },
            Command::UpdateHelp { status, note, .. } => Command::UpdateHelp {
                help: HelpId::from_u128(s.as_u128()),
                status,
                note,
            },
            Command::EndInvolvement { reason, .. } => Command::EndInvolvement {
                involvement: Involvement::Professional { person: s },
                reason,
            },
            Command::RecordMeeting { mut meeting } => {
                meeting.present.push(s);
                Command::RecordMeeting { meeting }
            }
            Command::UpdateSignal {
                assessment,
                resolution,
                ..
            } => Command::UpdateSignal {
                signal: SignalId::from_u128(s.as_u128()),
                assessment,
                resolution,
            },
            // A stranger would be a valid new coordinator: someone of the circle is not.
            Command::ReplaceCoordinator {
                mut coordinator,
                reason,
            } => {
                if let Some(p) = pick(&self.people(), input.b) {
                    coordinator.person.id = p;
                }
                Command::ReplaceCoordinator {
                    coordinator,
                    reason,
                }
            }
            Command::RecordArrangement { mut arrangement } => {
                arrangement.carried_by.push(s);
                Command::RecordArrangement { arrangement }
            }
            Command::RevisePlan {
                content,
                evaluation,
                outside: Some(mut outside),
            } => {
                outside.by.push(s);
                Command::RevisePlan {
                    content,
                    evaluation,
                    outside: Some(outside),
                }
            }
            Command::RaiseSignal {
                id,
                about,
                subject: Some(_),
            } => Command::RaiseSignal {
                id,
                about,
                subject: Some(s),
            },
            Command::RecordSatisfaction {
                group,
                score,
                person: Some(_),
            } => Command::RecordSatisfaction {
                group,
                score,
                person: Some(s),
            },
            // Half the time the command stays as it is, so that not every stranger turns
            // into a contact share.
            other if input.b % 2 == 1 => other,
            _ => Command::ShareContactDetails {
                person: s,
                with: pick(&self.people(), input.b).unwrap_or(s),
            },
        }
    }

    fn damage(&mut self, command: Command, input: Input) -> Command {
        let today = self.driver.now.date_naive();
        match command {
            // A revision decided outside a meeting, recorded before it was decided, or
            // decided by professionals.
            Command::RevisePlan {
                content,
                evaluation,
                outside: Some(mut outside),
            } if input.b % 2 == 0 => {
                match input.a % 2 {
                    0 => outside.on = today + Duration::days(3),
                    _ => outside.by = self.professionals(),
                }
                Command::RevisePlan {
                    content,
                    evaluation,
                    outside: Some(outside),
                }
            }
            Command::SubmitPlan { mut content } | Command::RevisePlan { mut content, .. } => {
                match input.a % 4 {
                    0 => content.monitors.clear(),
                    1 => content.evaluations.clear(),
                    2 => content
                        .agreements
                        .iter_mut()
                        .for_each(|a| a.carried_by = self.professionals()),
                    _ => content.conveners = self.professionals(),
                }
                Command::SubmitPlan { content }
            }
            Command::AssessPlan {
                version,
                framework,
                mut verdicts,
            } => {
                match input.a % 2 {
                    0 => verdicts
                        .iter_mut()
                        .for_each(|v| v.1 = ConditionVerdict::NotMet { reason: " ".into() }),
                    _ => {
                        verdicts.pop();
                    }
                }
                Command::AssessPlan {
                    version,
                    framework,
                    verdicts,
                }
            }
            Command::RecordContactDetails {
                person, details, ..
            } => Command::RecordContactDetails {
                person,
                details,
                consent: false,
            },
            Command::Withdraw { .. } => Command::Withdraw {
                reason: String::new(),
            },
            Command::RaiseSignal { id, .. } => Command::RaiseSignal {
                id,
                about: "x".repeat(MAX_TEXT + 1),
                subject: Default::default(),
            },
            Command::RecordSatisfaction { group, .. } => Command::RecordSatisfaction {
                group,
                score: 11 + input.b % 10,
                person: Default::default(),
            },
            Command::RecordNotTested {
                version, framework, ..
            } => {
                // A framework that does not hold the version back (tested already, or
                // without conditions), or no reason.
                let case = self.case();
                let waiting = |f: &&SafetyFramework| {
                    !f.conditions.is_empty()
                        && case.latest_plan().is_some_and(|p| {
                            !p.assessments.iter().any(|a| a.framework == f.id)
                                && !p.not_tested.iter().any(|n| n.framework == f.id)
                        })
                };
                let settled: Vec<FrameworkId> = case
                    .frameworks
                    .values()
                    .filter(|f| !waiting(f))
                    .map(|f| f.id)
                    .collect();
                match pick(&settled, input.b).filter(|_| input.a % 2 == 0) {
                    Some(framework) => Command::RecordNotTested {
                        version,
                        framework,
                        reason: "Did not respond.".into(),
                    },
                    None => Command::RecordNotTested {
                        version,
                        framework,
                        reason: " ".into(),
                    },
                }
            }
            Command::RecordMeasure { mut measure } => {
                match input.a % 2 {
                    0 => {
                        measure.kind = MeasureKind::Other;
                        measure.label = None;
                    }
                    _ => measure.on = NaiveDate::from_ymd_opt(1800, 1, 1).expect("a date"),
                }
                Command::RecordMeasure { measure }
            }
            Command::AddRepresentative { mut representation } => {
                representation.person = representation.for_person;
                Command::AddRepresentative { representation }
            }
            Command::AddRelation {
                person,
                mut relation,
            } => {
                relation.to = person;
                Command::AddRelation { person, relation }
            }
            Command::RecordInformation { mut information } => {
                information.summary = String::new();
                Command::RecordInformation { information }
            }
            Command::RecordView { person, .. } => Command::RecordView {
                person,
                view: "\u{200b} ".into(),
            },
            Command::AddInterpreter { mut interpreter } => {
                interpreter.for_persons.clear();
                Command::AddInterpreter { interpreter }
            }
            // The chair of private time is someone of the circle, not a professional.
            Command::ChooseChair { .. } => Command::ChooseChair {
                person: pick(&self.professionals(), input.b).unwrap_or(self.coordinator().person),
            },
            Command::UpdateHelp { help, status, .. } => Command::UpdateHelp {
                help,
                status,
                note: Some("x".repeat(MAX_TEXT + 1)),
            },
            Command::EndInvolvement { involvement, .. } => Command::EndInvolvement {
                involvement,
                reason: "  ".into(),
            },
            // A meeting recorded before it is held.
            Command::RecordMeeting { mut meeting } => {
                meeting.on = today + Duration::days(2 + input.b as i64 % 5);
                Command::RecordMeeting { meeting }
            }
            Command::UpdateSignal { signal, .. } => Command::UpdateSignal {
                signal,
                assessment: None,
                resolution: None,
            },
            // A new coordinator from the circle (rule 3).
            Command::ReplaceCoordinator {
                mut coordinator,
                reason,
            } => {
                if let Some(p) = pick(&self.circle(), input.b) {
                    coordinator.person.id = p;
                }
                Command::ReplaceCoordinator {
                    coordinator,
                    reason,
                }
            }
            // An arrangement carried by professionals (rule 6), or ending before it starts.
            Command::RecordArrangement { mut arrangement } => {
                match input.a % 2 {
                    0 => arrangement.carried_by = self.professionals(),
                    _ => {
                        arrangement.from = Some(today);
                        arrangement.until = Some(today - Duration::days(1 + input.b as i64 % 9));
                    }
                }
                Command::RecordArrangement { arrangement }
            }
            other => other,
        }
    }

    fn case(&self) -> &Case {
        self.driver.case.as_ref().expect("a case exists")
    }

    fn people(&self) -> Vec<PersonId> {
        self.driver
            .case
            .as_ref()
            .map_or_else(Vec::new, |c| c.people())
    }

    fn main_persons(&self) -> Vec<PersonId> {
        self.case()
            .main_persons
            .iter()
            .map(|m| m.person.id)
            .collect()
    }

    fn network(&self) -> Vec<PersonId> {
        self.case().network.keys().copied().collect()
    }

    fn circle(&self) -> Vec<PersonId> {
        let mut c = self.main_persons();
        c.extend(self.network());
        c
    }

    fn professionals(&self) -> Vec<PersonId> {
        self.case().professionals.keys().copied().collect()
    }

    fn coordinator(&self) -> Actor {
        let id = self
            .case()
            .coordinator
            .as_ref()
            .map_or(self.strangers[1], |c| c.coordinator.person.id);
        Actor::new(id, Role::Coordinator)
    }

    fn circle_actor(&self, n: u8) -> Actor {
        let c = self.case();
        let net = self.network();
        if n % 3 != 0 && !net.is_empty() {
            Actor::new(net[n as usize % net.len()], Role::NetworkMember)
        } else {
            let main = pick(&self.main_persons(), n).unwrap_or(c.requested_by.person);
            // Now and then a registered representative acts for the main person.
            match c.representatives.iter().find(|r| r.for_person == main) {
                Some(r) if n % 2 == 1 => Actor::on_behalf_of(r.person, main),
                _ => Actor::new(main, Role::MainPerson),
            }
        }
    }

    /// Someone of the circle other than `person`.
    fn other_in_circle(&self, person: PersonId, n: u8) -> Option<PersonId> {
        let others: Vec<PersonId> = self.circle().into_iter().filter(|p| *p != person).collect();
        pick(&others, n)
    }

    /// A professional of the case acting for themselves, or else the coordinator.
    fn professional_or_coordinator(&self, n: u8) -> Actor {
        match pick(&self.professionals(), n) {
            Some(p) => Actor::new(p, Role::Professional),
            None => self.coordinator(),
        }
    }

    fn regional_manager_actor(&self) -> Actor {
        Actor::new(self.regional_manager, Role::RegionalManager)
    }

    fn request(&mut self, input: Input) -> (Actor, Command) {
        let variant = Variant::ALL[input.a as usize % 4];
        let n = 1 + input.b as usize % 3;
        let mut main_persons: Vec<MainPerson> = (0..n.max(if variant == Variant::Restorative {
            2
        } else {
            1
        }))
            .map(|i| MainPerson {
                person: self.person(input.b.wrapping_add(i as u8)),
                party: None,
            })
            .collect();
        if variant == Variant::Restorative {
            for (i, m) in main_persons.iter_mut().enumerate() {
                m.party = Some(if i == 0 {
                    Party::Harmed
                } else {
                    Party::Responsible
                });
            }
        }
        let org = Organisation {
            id: self.id(),
            name: "Youth care".into(),
            kind: OrganisationKind::CareProvider,
        };
        let prof = Professional {
            person: self.person(input.a),
            organisation: org.id,
            role: ProfessionalRole::ChildProtection,
            role_label: Default::default(),
        };
        let (actor, referral) = match input.b % 3 {
            0 => (
                Actor::new(prof.person.id, Role::Professional),
                Referral::Professional { professional: prof },
            ),
            1 => (
                Actor::new(main_persons[0].person.id, Role::MainPerson),
                Referral::Family,
            ),
            _ => (
                self.regional_manager_actor(),
                Referral::Municipality {
                    organisation: org.id,
                },
            ),
        };
        let req = RequestConference {
            variant,
            legal_basis: LegalBasis::ALL[input.b as usize % 4],
            description: "A family asks for a conference.".into(),
            questions: vec![CaseQuestion {
                id: self.id(),
                text: "Who helps at home?".into(),
            }],
            main_persons,
            referral,
            organisations: vec![org],
            consent_to_pass_contact: input.a % 2 == 0,
            preferences: CoordinatorPreferences::default(),
            antecedents: Default::default(),
            referral_path: Default::default(),
            subject: Default::default(),
            plan_deadline: Default::default(),
        };
        (actor, Command::RequestConference(Box::new(req)))
    }

    fn new_member(&mut self, input: Input, identified: Identified) -> Command {
        // Now and then related to a member of the network rather than a main person.
        let to = match pick(&self.network(), input.a) {
            Some(member) if input.b % 4 == 3 => member,
            _ => pick(&self.main_persons(), input.a).expect("main person"),
        };
        let person = self.person(input.b);
        Command::AddNetworkMember {
            member: NewNetworkMember {
                person,
                relations: vec![Relation {
                    to,
                    kind: RelationKind::ALL[input.a as usize % RelationKind::ALL.len()],
                    side: (input.b % 3 == 1).then(|| Side::ALL[input.a as usize % 3]),
                    label: Default::default(),
                }],
                side: Side::ALL[input.b as usize % 3],
                minor: input.a % 5 == 0,
                identified,
                also: Default::default(),
                organisation: Default::default(),
            },
        }
    }

    fn plan(&mut self, input: Input) -> PlanContent {
        let circle = self.circle();
        let network = self.network();
        let main_persons = self.main_persons();
        let professionals = self.professionals();
        let n = 1 + input.a as usize % 3;
        let agreements = (0..n)
            .map(|i| {
                let j = input.b.wrapping_add(i as u8);
                Agreement {
                    id: self.id(),
                    what: format!("Agreement {i}"),
                    carried_by: vec![pick(&circle, j).expect("circle")],
                    supporters: vec![],
                    start: Some(self.driver.now.date_naive()),
                    due: None,
                    frequency: None,
                    answers: vec![],
                    // Now and then for one main person, and paid for.
                    for_person: pick(&main_persons, j).filter(|_| input.a % 3 == 1),
                    funding: ((input.a ^ j) % 4 == 0)
                        .then(|| Funding::ALL[j as usize % Funding::ALL.len()]),
                }
            })
            .collect();
        // A third of the plans ask help of a professional (or of whoever can give it).
        let requested_help = if input.b % 3 == 0 {
            vec![RequestedHelp {
                id: self.id(),
                what: "Parenting support at weekends".into(),
                from: pick(&professionals, input.a).filter(|_| input.a % 4 != 3),
                answers: vec![],
                funding: (input.a % 2 == 0)
                    .then(|| Funding::ALL[input.b as usize % Funding::ALL.len()]),
            }]
        } else {
            vec![]
        };
        PlanContent {
            agreements,
            requested_help,
            monitors: pick(&network, input.a).into_iter().collect(),
            conveners: pick(&network, input.b).into_iter().collect(),
            evaluations: vec![EvaluationMoment {
                id: self.id(),
                planned_on: self.driver.now.date_naive() + Duration::days(90),
            }],
            contact_arrangement: None,
        }
    }

    fn assess(&self, input: Input) -> Option<(Actor, Command)> {
        let case = self.case();
        let plan = case.latest_plan()?;
        let f = case.frameworks.values().find(|f| {
            !plan.assessments.iter().any(|a| a.framework == f.id)
                && !plan.not_tested.iter().any(|n| n.framework == f.id)
        })?;
        let refuse = input.a % 4 == 0;
        let verdicts = f
            .conditions
            .iter()
            .map(|c| {
                (
                    c.id,
                    if refuse {
                        ConditionVerdict::NotMet {
                            reason: "Not addressed".into(),
                        }
                    } else {
                        ConditionVerdict::Met
                    },
                )
            })
            .collect();
        Some((
            Actor::new(f.professional, Role::Professional),
            Command::AssessPlan {
                version: plan.version,
                framework: f.id,
                verdicts,
            },
        ))
    }

    /// The coordinator records that a framework holding the latest version back was not
    /// tested against it (rule 4).
    fn not_tested(&self, input: Input) -> Option<(Actor, Command)> {
        let case = self.case();
        let plan = case.latest_plan()?;
        let waiting: Vec<FrameworkId> = case
            .frameworks
            .values()
            .filter(|f| {
                !f.conditions.is_empty()
                    && !plan.assessments.iter().any(|a| a.framework == f.id)
                    && !plan.not_tested.iter().any(|n| n.framework == f.id)
            })
            .map(|f| f.id)
            .collect();
        let framework = pick(&waiting, input.a)?;
        Some((
            self.coordinator(),
            Command::RecordNotTested {
                version: plan.version,
                framework,
                reason: "The professional did not come and did not respond.".into(),
            },
        ))
    }

    /// What a professional (or the coordinator) told the circle in the information part.
    fn information(&self, input: Input) -> (Actor, Command) {
        let actor = if input.b % 3 == 0 {
            self.coordinator()
        } else {
            self.professional_or_coordinator(input.a)
        };
        let given_by = match actor.role {
            Role::Professional => actor.person,
            _ => pick(&self.professionals(), input.a).unwrap_or(actor.person),
        };
        (
            actor,
            Command::RecordInformation {
                information: InformationGiven {
                    given_by,
                    summary: "What the supervision order asks of the parents.".into(),
                    documents: if input.a % 2 == 0 {
                        vec!["Visiting arrangement".into()]
                    } else {
                        vec![]
                    },
                },
            },
        )
    }

    /// Someone of the circle chooses the chair of private time.
    fn chair(&self, input: Input) -> (Actor, Command) {
        let person = pick(&self.circle(), input.b).expect("circle");
        (self.circle_actor(input.a), Command::ChooseChair { person })
    }

    /// Help asked in the plan in force moves along, if there is any.
    fn update_help(&self, input: Input) -> Option<(Actor, Command)> {
        let plan = self.case().plan_in_force()?;
        let help = pick_ref(&plan.content.requested_help, input.a)?;
        let actor = match (input.b % 3, help.from) {
            (0, Some(p)) => Actor::new(p, Role::Professional),
            (1, _) => self.circle_actor(input.a),
            _ => self.coordinator(),
        };
        Some((
            actor,
            Command::UpdateHelp {
                help: help.id,
                status: HelpStatus::ALL[input.b as usize % HelpStatus::ALL.len()],
                note: (input.a % 2 == 0).then(|| "Weekly sessions from next month.".into()),
            },
        ))
    }

    /// A signal that is not resolved yet is weighed, resolved, or both.
    fn update_signal(&self, input: Input) -> Option<(Actor, Command)> {
        let open: Vec<SignalId> = self
            .case()
            .signals
            .iter()
            .filter(|s| s.resolution.is_none())
            .map(|s| s.id)
            .collect();
        let signal = pick(&open, input.a)?;
        let actor = match input.a % 3 {
            0 => self.professional_or_coordinator(input.b),
            1 => self.circle_actor(input.b),
            _ => self.coordinator(),
        };
        Some((
            actor,
            Command::UpdateSignal {
                signal,
                assessment: (input.b % 3 != 1)
                    .then(|| "No cause for worry: she had a cold.".into()),
                resolution: (input.b % 3 != 0)
                    .then(|| "The aunt calls the coach if it happens again.".into()),
            },
        ))
    }

    fn schedule(&mut self) -> (Actor, Command) {
        let date = self.driver.now.date_naive() + Duration::days(10);
        let conference = ConferenceSchedule {
            id: self.id(),
            date,
            place: "Community centre".into(),
            language: "nl".into(),
            interpreter: false,
        };
        (
            self.coordinator(),
            Command::ScheduleConference { conference },
        )
    }

    /// The next sensible step along the lifecycle.
    fn progress(&mut self, input: Input) -> (Actor, Command) {
        let case = self.case().clone();
        match case.phase {
            Phase::Requested => match &case.coordinator {
                _ if input.a % 6 == 0 => (
                    self.circle_actor(input.b),
                    self.new_member(input, Identified::AtIntake),
                ),
                None => {
                    let mut coordinator = Coordinator {
                        person: self.person(input.a),
                        affiliations: vec![],
                        languages: vec![],
                        gender: None,
                        region: "Noord".into(),
                        cultures: Default::default(),
                        religion: Default::default(),
                    };
                    if input.b % 7 == 0 {
                        coordinator.affiliations = case.helping_organisations();
                    }
                    (
                        self.regional_manager_actor(),
                        Command::AssignCoordinator {
                            coordinator,
                            reason: Default::default(),
                        },
                    )
                }
                Some(_) => (
                    Actor::new(
                        pick(&self.main_persons(), input.b).expect("main"),
                        Role::MainPerson,
                    ),
                    Command::RespondToCoordinator {
                        accepted: input.a % 5 != 0,
                    },
                ),
            },
            Phase::Preparation => {
                if case.network.len() < 2 || (input.a % 3 == 0 && case.network.len() < 12) {
                    (
                        self.coordinator(),
                        self.new_member(input, Identified::WideningCircle),
                    )
                } else if case.frameworks.is_empty()
                    && input.b % 2 == 0
                    && !case.professionals.is_empty()
                {
                    self.framework(input)
                } else if case.open_conference().is_none() {
                    self.schedule()
                } else {
                    (self.coordinator(), Command::StartConference)
                }
            }
            Phase::Conference => {
                let this_conf_plan = case.latest_plan().filter(|p| {
                    case.open_conference().is_some_and(|c| {
                        p.decided_at == DecidedAt::Conference { number: c.number }
                            && p.submitted_at >= c.parts[0].started_at
                    })
                });
                match case.current_part() {
                    Some(ConferencePart::Information) if input.a % 4 == 0 => (
                        self.coordinator(),
                        Command::RecordAttendance {
                            present: case.people(),
                        },
                    ),
                    Some(ConferencePart::Information) if input.a % 4 == 1 && input.b % 2 == 0 => {
                        self.information(input)
                    }
                    Some(ConferencePart::Information) => (
                        self.coordinator(),
                        Command::BeginPart {
                            part: ConferencePart::PrivateTime,
                        },
                    ),
                    Some(ConferencePart::PrivateTime) => match this_conf_plan {
                        Some(p) if p.status != PlanStatus::NotAccepted => (
                            self.coordinator(),
                            Command::BeginPart {
                                part: ConferencePart::Presentation,
                            },
                        ),
                        _ if input.b % 5 == 0 => (
                            self.circle_actor(input.a),
                            Command::RecordAttendance {
                                present: self.circle(),
                            },
                        ),
                        _ if input.b % 5 == 1 && input.a % 2 == 0 => self.chair(input),
                        _ => {
                            let content = self.plan(input);
                            (self.circle_actor(input.a), Command::SubmitPlan { content })
                        }
                    },
                    _ => match this_conf_plan.map(|p| p.status) {
                        None => {
                            let content = self.plan(input);
                            (self.coordinator(), Command::SubmitPlan { content })
                        }
                        Some(PlanStatus::NotAccepted) => (
                            self.coordinator(),
                            Command::BeginPart {
                                part: ConferencePart::PrivateTime,
                            },
                        ),
                        Some(PlanStatus::Accepted) => (self.coordinator(), Command::EndConference),
                        // Now and then a professional does not test the plan, and the
                        // coordinator records it.
                        _ => self
                            .not_tested(input)
                            .filter(|_| input.b % 4 == 0)
                            .or_else(|| self.assess(input))
                            .unwrap_or((self.coordinator(), Command::EndConference)),
                    },
                }
            }
            Phase::FollowUp => self.follow_up(input, &case),
            Phase::Closed | Phase::Withdrawn => (
                self.regional_manager_actor(),
                Command::RecordSatisfaction {
                    group: ParticipantGroup::ALL[input.a as usize % 4],
                    score: 1 + input.b % 10,
                    person: Default::default(),
                },
            ),
        }
    }

    fn framework(&mut self, input: Input) -> (Actor, Command) {
        let prof = pick(&self.professionals(), input.a).expect("professional");
        let n_conditions = input.b as usize % 3;
        let framework = NewFramework {
            id: self.id(),
            concerns: vec![FrameworkItem {
                id: self.id(),
                text: "A concern".into(),
            }],
            conditions: (0..n_conditions)
                .map(|_| FrameworkItem {
                    id: self.id(),
                    text: "A condition".into(),
                })
                .collect(),
            questions: vec![],
            criteria: vec![],
        };
        (
            Actor::new(prof, Role::Professional),
            Command::SubmitFramework { framework },
        )
    }

    fn follow_up(&mut self, input: Input, case: &Case) -> (Actor, Command) {
        let latest = case.latest_plan().expect("follow-up has a plan");
        if latest.status == PlanStatus::Presented {
            let not_tested = self.not_tested(input).filter(|_| input.b % 4 == 0);
            if let Some(p) = not_tested.or_else(|| self.assess(input)) {
                return p;
            }
        }
        let in_force = case.plan_in_force().expect("accepted plan");
        if case.distributions.is_empty() {
            return (
                self.coordinator(),
                Command::DistributePlan {
                    version: in_force.version,
                    recipients: case.people(),
                    frameworks_attached: case.frameworks.keys().copied().collect(),
                },
            );
        }
        if let Some(open) = case.open_conference() {
            if open.parts.is_empty() {
                return (self.coordinator(), Command::StartConference);
            }
        }
        // Now and then a signal is weighed, or help asked of professionals moves along.
        let update = match input.b % 8 {
            1 => self.update_signal(input),
            2 => self.update_help(input),
            _ => None,
        };
        if let Some(p) = update {
            return p;
        }
        let last_held = case
            .evaluations
            .values()
            .filter_map(|e| e.held.as_ref().map(|h| (e.id, h)))
            .max_by_key(|(_, h)| h.recorded_at);
        if let Some((eid, h)) = last_held {
            let revised_since = latest.submitted_at >= h.recorded_at;
            let conf_since = case
                .conferences
                .last()
                .is_some_and(|c| c.ended_at.is_some_and(|e| e >= h.recorded_at));
            match h.next_step {
                NextStep::Revise if !revised_since => {
                    let content = self.plan(input);
                    return (
                        self.circle_actor(input.a),
                        Command::RevisePlan {
                            content,
                            evaluation: Some(eid),
                            outside: Default::default(),
                        },
                    );
                }
                NextStep::FollowUpConference if !conf_since && case.open_conference().is_none() => {
                    return self.schedule();
                }
                NextStep::Close => {
                    return (
                        self.regional_manager_actor(),
                        Command::CloseCase {
                            outcome: Outcome::ALL[input.a as usize % 5],
                            note: None,
                        },
                    );
                }
                _ => {}
            }
        }
        if let Some(e) = case.evaluations.values().find(|e| e.is_open()) {
            let reviews = in_force
                .content
                .agreements
                .iter()
                .enumerate()
                .map(|(i, a)| AgreementReview {
                    agreement: a.id,
                    status: AgreementStatus::ALL[(input.a as usize + i) % 6],
                    note: None,
                })
                .collect();
            let record = EvaluationRecord {
                evaluation: e.id,
                held_on: self.driver.now.date_naive(),
                convened_by: pick(&self.network(), input.b)
                    .unwrap_or(case.main_persons[0].person.id),
                present: self.circle(),
                reviews,
                next_step: NextStep::ALL[input.b as usize % 4],
                help_reviews: if input.a % 2 == 0 {
                    in_force
                        .content
                        .requested_help
                        .iter()
                        .map(|h| HelpReview {
                            help: h.id,
                            status: HelpStatus::ALL[input.b as usize % HelpStatus::ALL.len()],
                            note: None,
                        })
                        .collect()
                } else {
                    vec![]
                },
            };
            return (
                self.circle_actor(input.a),
                Command::RecordEvaluation { record },
            );
        }
        (
            self.regional_manager_actor(),
            Command::CloseCase {
                outcome: Outcome::ALL[input.a as usize % 5],
                note: Some("Ended".into()),
            },
        )
    }

    /// Any command at all, with plausible arguments: 0–15 the commands of the first
    /// formats, 16–30 those of format 3, 31 the new fields of older commands.
    fn any(&mut self, input: Input) -> (Actor, Command) {
        let people = self.people();
        let someone = pick(&people, input.a).unwrap_or(self.strangers[0]);
        let other = pick(&people, input.b).unwrap_or(self.strangers[1]);
        match input.kind % 32 {
            0 => {
                // Now and then the next step of a member's invitation; otherwise a member's
                // or anyone's, to any status.
                let case = self.case();
                let member = pick(&self.network(), input.a);
                let (person, status) = match member {
                    Some(m) if input.b % 3 == 1 => {
                        use InvitationStatus::*;
                        let next = match case.network[&m].invitation {
                            Identified | Declined | Unreachable => Invited,
                            Invited => [Confirmed, Declined, Unreachable][input.a as usize % 3],
                            Confirmed => Declined,
                        };
                        (m, next)
                    }
                    Some(m) if input.a % 2 == 0 => (m, InvitationStatus::ALL[input.b as usize % 5]),
                    _ => (someone, InvitationStatus::ALL[input.b as usize % 5]),
                };
                (
                    self.coordinator(),
                    Command::UpdateInvitation { person, status },
                )
            }
            1 => (
                self.coordinator(),
                Command::SetParticipation {
                    person: someone,
                    participation: if input.b % 2 == 0 {
                        Participation::NotAttendingForSafety {
                            reason: "Safety".into(),
                        }
                    } else {
                        Participation::Remote
                    },
                },
            ),
            2 => (
                Actor::new(self.regional_manager, Role::RegionalManager),
                Command::RecordContactDetails {
                    person: someone,
                    details: ContactDetails {
                        phone: Some("0000".into()),
                        ..Default::default()
                    },
                    consent: input.b % 3 != 0,
                },
            ),
            3 => {
                // Half the time someone whose details are held (the arm comes up half as
                // often as before format 3).
                let held: Vec<PersonId> = self.case().contacts.keys().copied().collect();
                let person = pick(&held, input.a)
                    .filter(|_| input.b % 2 == 0)
                    .unwrap_or(someone);
                (
                    self.coordinator(),
                    Command::ShareContactDetails {
                        person,
                        with: other,
                    },
                )
            }
            4 => match input.wait % 9 {
                0..=3 => (
                    Actor::new(self.administrator, Role::Administrator),
                    Command::WithdrawContactConsent { person: someone },
                ),
                4 | 5 => self.withhold(input, someone, other),
                6 => self.lift_withholding(input, someone, other),
                // The domain only checks the reason; which store may write is the store's.
                8 => (
                    self.coordinator(),
                    Command::HandOver {
                        to: StoreId::from_u128(u128::from(input.a) + 1),
                        reason: if input.b % 5 == 0 {
                            String::new()
                        } else {
                            "The family moved.".into()
                        },
                    },
                ),
                _ => (
                    if input.b % 2 == 0 {
                        self.coordinator()
                    } else {
                        Actor::new(self.administrator, Role::Administrator)
                    },
                    Command::ErasePerson {
                        person: someone,
                        ground: "At the person's request (AVG article 17).".into(),
                    },
                ),
            },
            5 => {
                let org = Organisation {
                    id: self.id(),
                    name: "School".into(),
                    kind: OrganisationKind::School,
                };
                (
                    self.regional_manager_actor(),
                    Command::RegisterOrganisation { organisation: org },
                )
            }
            6 => {
                let orgs: Vec<_> = self.case().organisations.keys().copied().collect();
                let organisation = pick(&orgs, input.a).expect("organisation");
                let person = self.person(input.b);
                (
                    self.regional_manager_actor(),
                    Command::AddProfessional {
                        professional: Professional {
                            person,
                            organisation,
                            role: ProfessionalRole::ALL[input.a as usize % 8],
                            role_label: Default::default(),
                        },
                    },
                )
            }
            7 => {
                let identified = Identified::ALL[input.a as usize % 3];
                (self.coordinator(), self.new_member(input, identified))
            }
            8 => (
                self.circle_actor(input.a),
                Command::Withdraw {
                    reason: "The family decided not to go ahead.".into(),
                },
            ),
            9 => {
                let id = self.id();
                let actor = if input.b % 2 == 0 {
                    self.circle_actor(input.a)
                } else {
                    Actor::new(
                        pick(&self.professionals(), input.a).unwrap_or(someone),
                        Role::Professional,
                    )
                };
                (
                    actor,
                    Command::RaiseSignal {
                        id,
                        about: "Worried about safety at home".into(),
                        subject: Default::default(),
                    },
                )
            }
            10 => {
                let present = people
                    .iter()
                    .copied()
                    .filter(|p| (p.as_u128() as u8 ^ input.b) % 2 == 0)
                    .collect();
                (self.coordinator(), Command::RecordAttendance { present })
            }
            11 => (
                self.coordinator(),
                Command::BeginPart {
                    part: ConferencePart::ALL[input.a as usize % 3],
                },
            ),
            12 => {
                if self.professionals().is_empty() {
                    self.schedule()
                } else {
                    self.framework(input)
                }
            }
            13 => (
                self.regional_manager_actor(),
                Command::RecordSatisfaction {
                    group: ParticipantGroup::ALL[input.a as usize % 4],
                    score: input.b % 12,
                    person: Default::default(),
                },
            ),
            14 => {
                let content = self.plan(input);
                let actor = if input.a % 2 == 0 {
                    Actor::new(
                        pick(&self.professionals(), input.b).unwrap_or(someone),
                        Role::Professional,
                    )
                } else {
                    self.circle_actor(input.b)
                };
                (
                    actor,
                    Command::RevisePlan {
                        content,
                        evaluation: None,
                        outside: Default::default(),
                    },
                )
            }
            15 => (
                self.regional_manager_actor(),
                Command::CloseCase {
                    outcome: Outcome::ALL[input.a as usize % 5],
                    note: None,
                },
            ),
            16 => self.not_tested(input).unwrap_or_else(|| {
                let case = self.case();
                let framework = pick(
                    &case.frameworks.keys().copied().collect::<Vec<_>>(),
                    input.a,
                )
                .unwrap_or(FrameworkId::from_u128(someone.as_u128()));
                (
                    self.coordinator(),
                    Command::RecordNotTested {
                        version: case.latest_plan().map_or(1, |p| p.version),
                        framework,
                        reason: "The professional was ill.".into(),
                    },
                )
            }),
            17 => self.measure(input),
            18 => {
                let for_person = pick(&self.main_persons(), input.a).expect("main person");
                let person = self.other_in_circle(for_person, input.b).unwrap_or(someone);
                let actor = if input.a % 3 == 0 {
                    // A main person registers their own representative.
                    Actor::new(for_person, Role::MainPerson)
                } else {
                    self.coordinator()
                };
                (
                    actor,
                    Command::AddRepresentative {
                        representation: Representation {
                            person,
                            for_person,
                            kind: RepresentativeKind::ALL
                                [input.b as usize % RepresentativeKind::ALL.len()],
                        },
                    },
                )
            }
            19 => {
                let representatives = self.case().representatives.clone();
                let (actor, person) = match pick_ref(&representatives, input.a) {
                    Some(r) if input.b % 2 == 0 => {
                        (Actor::on_behalf_of(r.person, r.for_person), r.for_person)
                    }
                    _ if input.b % 3 == 1 => (
                        self.coordinator(),
                        pick(&self.circle(), input.a).expect("circle"),
                    ),
                    _ => {
                        let actor = self.circle_actor(input.a);
                        (actor, actor.principal())
                    }
                };
                (
                    actor,
                    Command::RecordConsent {
                        person,
                        matter: ConsentMatter::ALL[input.a as usize % ConsentMatter::ALL.len()],
                        given: input.b % 5 != 0,
                    },
                )
            }
            20 => {
                let person = pick(&self.network(), input.a).unwrap_or(someone);
                let to = self.other_in_circle(person, input.b).unwrap_or(other);
                let actor = if input.b % 2 == 0 {
                    self.coordinator()
                } else {
                    Actor::new(person, Role::NetworkMember)
                };
                (
                    actor,
                    Command::AddRelation {
                        person,
                        relation: Relation {
                            to,
                            kind: RelationKind::ALL[input.b as usize % RelationKind::ALL.len()],
                            side: (input.a % 2 == 0).then(|| Side::ALL[input.b as usize % 3]),
                            label: (input.a % 5 == 0).then(|| "Godmother".into()),
                        },
                    },
                )
            }
            21 => self.information(input),
            22 => {
                let (actor, person) = if input.b % 3 == 0 {
                    (
                        self.coordinator(),
                        pick(&self.circle(), input.a).expect("circle"),
                    )
                } else {
                    let actor = self.circle_actor(input.a);
                    (actor, actor.principal())
                };
                (
                    actor,
                    Command::RecordView {
                        person,
                        view: "I want to stay at my school and see my father at weekends.".into(),
                    },
                )
            }
            23 => {
                const LANGUAGES: [&str; 4] = ["tr", "ar", "pl", "ti"];
                const NAMES: [&str; 4] = ["Deniz", "Amira", "Piotr", "Selam"];
                let language = LANGUAGES[input.b as usize % 4];
                let name = format!("{} {}", NAMES[input.b as usize % 4], input.a);
                let person = self
                    .driver
                    .person_speaking(&name, vec!["nl".into(), language.into()]);
                let circle = self.circle();
                let mut for_persons: Vec<PersonId> = pick(&circle, input.a).into_iter().collect();
                if let Some(p) = pick(&circle, input.b).filter(|p| !for_persons.contains(p)) {
                    for_persons.push(p);
                }
                (
                    self.coordinator(),
                    Command::AddInterpreter {
                        interpreter: Interpreter {
                            person,
                            language: language.into(),
                            for_persons,
                        },
                    },
                )
            }
            24 => self.chair(input),
            25 => self.update_help(input).unwrap_or_else(|| {
                let help = self.id();
                (
                    self.circle_actor(input.a),
                    Command::UpdateHelp {
                        help,
                        status: HelpStatus::ALL[input.b as usize % HelpStatus::ALL.len()],
                        note: None,
                    },
                )
            }),
            26 => {
                let organisations: Vec<OrganisationId> =
                    self.case().organisations.keys().copied().collect();
                let (actor, involvement) = match pick(&self.professionals(), input.b) {
                    // A professional ends their own involvement.
                    Some(person) if input.a % 2 == 0 => (
                        Actor::new(person, Role::Professional),
                        Involvement::Professional { person },
                    ),
                    _ => (
                        if input.b % 2 == 0 {
                            self.coordinator()
                        } else {
                            self.regional_manager_actor()
                        },
                        Involvement::Organisation {
                            organisation: pick(&organisations, input.b).expect("organisation"),
                        },
                    ),
                };
                (
                    actor,
                    Command::EndInvolvement {
                        involvement,
                        reason: "The help is no longer needed: the circle takes it from here."
                            .into(),
                    },
                )
            }
            27 => {
                let actor = match input.b % 3 {
                    0 => self.coordinator(),
                    1 => self.circle_actor(input.a),
                    _ => self.professional_or_coordinator(input.a),
                };
                let invited = self.circle();
                let present = invited
                    .iter()
                    .copied()
                    .filter(|p| (p.as_u128() as u8 ^ input.a) % 3 != 0)
                    .chain(Some(actor.person))
                    .collect();
                (
                    actor,
                    Command::RecordMeeting {
                        meeting: Meeting {
                            kind: MeetingKind::ALL[input.a as usize % MeetingKind::ALL.len()],
                            on: self.driver.now.date_naive() - Duration::days(input.b as i64 % 3),
                            convened_by: actor.person,
                            invited,
                            present,
                            note: (input.a % 2 == 0).then(|| "About the weekends.".into()),
                        },
                    },
                )
            }
            28 => self.update_signal(input).unwrap_or_else(|| {
                let signal = self.id();
                (
                    self.circle_actor(input.a),
                    Command::UpdateSignal {
                        signal,
                        assessment: Some("Not serious.".into()),
                        resolution: None,
                    },
                )
            }),
            29 => {
                let mut coordinator = Coordinator {
                    person: self.person(input.a.wrapping_add(100)),
                    affiliations: vec![],
                    languages: vec!["nl".into()],
                    gender: None,
                    region: "Zuid".into(),
                    cultures: Default::default(),
                    religion: Default::default(),
                };
                if input.b % 7 == 0 {
                    coordinator.affiliations = self.case().helping_organisations();
                }
                (
                    self.regional_manager_actor(),
                    Command::ReplaceCoordinator {
                        coordinator,
                        reason: "The family moved to another region.".into(),
                    },
                )
            }
            30 => {
                let actor = if input.b % 4 == 0 {
                    self.coordinator()
                } else {
                    self.circle_actor(input.a)
                };
                let carrier = if actor.role == Role::Coordinator {
                    pick(&self.circle(), input.a).expect("circle")
                } else {
                    actor.principal()
                };
                let mut carried_by = vec![carrier];
                carried_by.extend(
                    self.other_in_circle(carrier, input.b)
                        .filter(|_| input.a % 2 == 1),
                );
                let today = self.driver.now.date_naive();
                (
                    actor,
                    Command::RecordArrangement {
                        arrangement: Arrangement {
                            kind: ArrangementKind::ALL
                                [input.b as usize % ArrangementKind::ALL.len()],
                            what: "The children sleep at their grandmother's until the conference."
                                .into(),
                            carried_by,
                            from: Some(today),
                            until: (input.a % 3 == 0).then(|| today + Duration::days(30)),
                        },
                    },
                )
            }
            _ => self.new_fields(input),
        }
    }

    /// The person acting for themselves in their role in the circle, if they are in it.
    fn as_themselves(&self, person: PersonId) -> Option<Actor> {
        let case = self.case();
        if case.is_main_person(person) {
            Some(Actor::new(person, Role::MainPerson))
        } else if case.network.contains_key(&person) {
            Some(Actor::new(person, Role::NetworkMember))
        } else {
            None
        }
    }

    /// Who acts on a person's details: themselves when they are in the circle, the
    /// coordinator, or a professional (refused when lifting).
    fn about_details(&self, input: Input, person: PersonId) -> Actor {
        match input.b % 4 {
            0 | 1 => self
                .as_themselves(person)
                .unwrap_or_else(|| self.coordinator()),
            2 => self.coordinator(),
            _ => self.professional_or_coordinator(input.a),
        }
    }

    /// Withholding someone's details from one or two others, by themselves when they are in
    /// the circle, by the coordinator, or by a professional.
    fn withhold(&mut self, input: Input, someone: PersonId, other: PersonId) -> (Actor, Command) {
        // Half the time details already passed on, from the person they went to; else
        // anyone's (often someone whose details are held) from anyone.
        let case = self.case();
        let held: Vec<PersonId> = case.contacts.keys().copied().collect();
        let (person, first) = match pick_ref(&case.contact_shares, input.a) {
            Some(&(p, to, _)) if input.b % 2 == 0 => (p, to),
            _ => (
                pick(&held, input.a)
                    .filter(|_| input.b % 2 == 1)
                    .unwrap_or(someone),
                other,
            ),
        };
        let mut from = vec![first];
        from.extend(
            self.other_in_circle(person, input.b.wrapping_add(1))
                .filter(|p| input.a % 3 == 0 && *p != first),
        );
        let actor = self.about_details(input, person);
        (actor, Command::WithholdDetails { person, from })
    }

    /// Lifting a withholding in force (else any): by the person or by the coordinator, now
    /// and then by someone else, who is refused.
    fn lift_withholding(
        &mut self,
        input: Input,
        someone: PersonId,
        other: PersonId,
    ) -> (Actor, Command) {
        let (person, from) = pick_ref(&self.case().withheld, input.a)
            .map(|w| (w.person, w.from))
            .unwrap_or((someone, other));
        let actor = self.about_details(input, person);
        (
            actor,
            Command::LiftWithholding {
                person,
                from: vec![from],
            },
        )
    }

    /// A legal or protective measure: a new one, or one already open moving along (also
    /// after the case closed).
    fn measure(&mut self, input: Input) -> (Actor, Command) {
        let actor = match input.a % 4 {
            0 => self.professional_or_coordinator(input.b),
            1 => self.coordinator(),
            2 => self.regional_manager_actor(),
            _ => Actor::new(self.administrator, Role::Administrator),
        };
        let open: Vec<Measure> = self.case().measures.values().cloned().collect();
        let today = self.driver.now.date_naive();
        let status = MeasureStatus::ALL[input.b as usize % MeasureStatus::ALL.len()];
        let note = (input.b % 2 == 0).then(|| "Unless the family finds another way.".into());
        let measure = match pick_ref(&open, input.a) {
            Some(m) if input.b % 2 == 0 => MeasureUpdate {
                id: m.id,
                kind: m.kind,
                concerns: m.concerns.clone(),
                label: m.label.clone(),
                status,
                on: today,
                note,
            },
            _ => {
                let kind = MeasureKind::ALL[input.a as usize % MeasureKind::ALL.len()];
                MeasureUpdate {
                    id: self.id(),
                    kind,
                    concerns: vec![pick(&self.circle(), input.b).expect("circle")],
                    label: (kind == MeasureKind::Other).then(|| "Family supervision".into()),
                    status,
                    on: today - Duration::days(input.a as i64),
                    note,
                }
            }
        };
        (actor, Command::RecordMeasure { measure })
    }

    /// The new fields of older commands: a signal about someone, a score from one person, a
    /// revision the circle decided outside a meeting.
    fn new_fields(&mut self, input: Input) -> (Actor, Command) {
        let circle = self.circle();
        match input.a % 3 {
            0 => {
                let id = self.id();
                let actor = if input.b % 2 == 0 {
                    self.circle_actor(input.a)
                } else {
                    self.professional_or_coordinator(input.a)
                };
                (
                    actor,
                    Command::RaiseSignal {
                        id,
                        about: "Missed training twice".into(),
                        subject: pick(&circle, input.b),
                    },
                )
            }
            1 => {
                let person = pick(&circle, input.b).expect("circle");
                let group = if self.case().is_main_person(person) {
                    ParticipantGroup::MainPerson
                } else {
                    ParticipantGroup::ALL[input.b as usize % 4]
                };
                (
                    self.coordinator(),
                    Command::RecordSatisfaction {
                        group,
                        score: 1 + input.b % 10,
                        person: Some(person),
                    },
                )
            }
            _ => {
                let content = self.plan(input);
                let actor = if input.b % 4 == 0 {
                    self.coordinator()
                } else {
                    self.circle_actor(input.b)
                };
                let mut by: Vec<PersonId> = pick(&circle, input.a).into_iter().collect();
                if let Some(p) = pick(&circle, input.b).filter(|p| !by.contains(p)) {
                    by.push(p);
                }
                (
                    actor,
                    Command::RevisePlan {
                        content,
                        evaluation: None,
                        outside: Some(OutsideDecision {
                            on: self.driver.now.date_naive() - Duration::days(input.b as i64 % 4),
                            by,
                        }),
                    },
                )
            }
        }
    }
}
