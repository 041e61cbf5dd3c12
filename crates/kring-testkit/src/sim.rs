//! A simulator that proposes plausible commands for any state of a case, driven by small
//! random inputs. Most proposals follow the lifecycle ("progress"); the rest are any command
//! at all, and some are deliberately broken (wrong actor, time going backwards, unknown ids,
//! missing safeguards) so that refusals are exercised too. Used by the property tests,
//! the store's tests and the fuzz targets; it only proposes, [`kring_domain::decide`] judges.

use chrono::{Duration, TimeZone, Utc};

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
    (!items.is_empty()).then(|| items[n as usize % items.len()])
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
        match command {
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
            },
            Command::RecordSatisfaction { group, .. } => Command::RecordSatisfaction {
                group,
                score: 11 + input.b % 10,
            },
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
            Actor::new(
                pick(&self.main_persons(), n).unwrap_or(c.requested_by.person),
                Role::MainPerson,
            )
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
        };
        (actor, Command::RequestConference(Box::new(req)))
    }

    fn new_member(&mut self, input: Input, identified: Identified) -> Command {
        let to = pick(&self.main_persons(), input.a).expect("main person");
        let person = self.person(input.b);
        Command::AddNetworkMember {
            member: NewNetworkMember {
                person,
                relations: vec![Relation {
                    to,
                    kind: RelationKind::ALL[input.a as usize % RelationKind::ALL.len()],
                }],
                side: Side::ALL[input.b as usize % 3],
                minor: input.a % 5 == 0,
                identified,
            },
        }
    }

    fn plan(&mut self, input: Input) -> PlanContent {
        let circle = self.circle();
        let network = self.network();
        let n = 1 + input.a as usize % 3;
        let agreements = (0..n)
            .map(|i| Agreement {
                id: self.id(),
                what: format!("Agreement {i}"),
                carried_by: vec![pick(&circle, input.b.wrapping_add(i as u8)).expect("circle")],
                supporters: vec![],
                start: Some(self.driver.now.date_naive()),
                due: None,
                frequency: None,
                answers: vec![],
            })
            .collect();
        PlanContent {
            agreements,
            requested_help: vec![],
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
        let f = case
            .frameworks
            .values()
            .find(|f| !plan.assessments.iter().any(|a| a.framework == f.id))?;
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
                    };
                    if input.b % 7 == 0 {
                        coordinator.affiliations = case.helping_organisations();
                    }
                    (
                        self.regional_manager_actor(),
                        Command::AssignCoordinator { coordinator },
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
                        _ => self
                            .assess(input)
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
            if let Some(p) = self.assess(input) {
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
        if let Some(e) = case.evaluations.values().find(|e| e.held.is_none()) {
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

    /// Any command at all, with plausible arguments.
    fn any(&mut self, input: Input) -> (Actor, Command) {
        let people = self.people();
        let someone = pick(&people, input.a).unwrap_or(self.strangers[0]);
        let other = pick(&people, input.b).unwrap_or(self.strangers[1]);
        match input.kind % 16 {
            0 => (
                self.coordinator(),
                Command::UpdateInvitation {
                    person: someone,
                    status: InvitationStatus::ALL[input.b as usize % 5],
                },
            ),
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
            3 => (
                self.coordinator(),
                Command::ShareContactDetails {
                    person: someone,
                    with: other,
                },
            ),
            4 => (
                Actor::new(self.administrator, Role::Administrator),
                Command::WithdrawContactConsent { person: someone },
            ),
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
                    },
                )
            }
            _ => (
                self.regional_manager_actor(),
                Command::CloseCase {
                    outcome: Outcome::ALL[input.a as usize % 5],
                    note: None,
                },
            ),
        }
    }
}
