//! How a case changes: [`Case::genesis`] from the request, [`Case::apply`] for every later
//! event, [`Case::replay`] for a whole history. Nothing here decides anything; every rule was
//! checked before the event existed.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{Case, PhaseChange};
use crate::command::*;
use crate::id::*;
use crate::model::*;

impl Case {
    /// The state after the first event (a `request_conference`), or `None` for any other.
    pub fn genesis(event: &Event) -> Option<Case> {
        let Command::RequestConference(req) = &event.command else {
            return None;
        };
        let mut case = Case {
            id: event.case,
            version: event.version,
            requested_at: event.at,
            updated_at: event.at,
            requested_by: event.actor,
            phase: Phase::Requested,
            phases: vec![PhaseChange {
                phase: Phase::Requested,
                at: event.at,
            }],
            variant: req.variant,
            legal_basis: req.legal_basis,
            description: req.description.clone(),
            questions: req.questions.clone(),
            main_persons: req.main_persons.clone(),
            referral: req.referral.clone(),
            consent_to_pass_contact: req.consent_to_pass_contact,
            preferences: req.preferences.clone(),
            organisations: req
                .organisations
                .iter()
                .map(|o| (o.id, o.clone()))
                .collect(),
            professionals: BTreeMap::new(),
            network: BTreeMap::new(),
            coordinator: None,
            contacts: BTreeMap::new(),
            contact_shares: Vec::new(),
            frameworks: BTreeMap::new(),
            conferences: Vec::new(),
            plans: Vec::new(),
            distributions: Vec::new(),
            evaluations: BTreeMap::new(),
            signals: Vec::new(),
            satisfaction: Vec::new(),
            ending: None,
            antecedents: req.antecedents.clone(),
            referral_path: req.referral_path.clone(),
            subject: req.subject.clone(),
            plan_deadline: req.plan_deadline,
            measures: BTreeMap::new(),
            representatives: Vec::new(),
            consents: Vec::new(),
            views: Vec::new(),
            interpreters: BTreeMap::new(),
            help: Vec::new(),
            involvement_ended: Vec::new(),
            meetings: Vec::new(),
            arrangements: Vec::new(),
            former_coordinators: Vec::new(),
            main_participation: BTreeMap::new(),
            withheld: Vec::new(),
            erasures: Vec::new(),
        };
        if let Referral::Professional { professional } = &req.referral {
            case.professionals
                .insert(professional.person.id, professional.clone());
        }
        Some(case)
    }

    /// Replays events from the first: `None` if there are none or the first is not a request.
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> Option<Case> {
        let mut events = events.into_iter();
        let mut case = Case::genesis(events.next()?)?;
        for e in events {
            case.apply(e);
        }
        Some(case)
    }

    /// Moves the case into `phase`. For an event that [`crate::decide`] accepted this is an
    /// edge of the lifecycle ([`Phase::successors`]): the command's phases allow only those.
    /// A stored history that breaks it is reported by [`crate::invariants::check`] (and so by
    /// the store's `verify`) rather than panicking here.
    fn enter(&mut self, phase: Phase, at: DateTime<Utc>) {
        if self.phase != phase {
            self.phase = phase;
            self.phases.push(PhaseChange { phase, at });
        }
    }

    /// Folds one accepted event into the state. Events come from [`crate::decide`], so every
    /// reference resolves; `apply` still never panics on a reference that does not.
    pub fn apply(&mut self, event: &Event) {
        let at = event.at;
        let by = event.actor.person;
        self.version = event.version;
        self.updated_at = at;
        match &event.command {
            Command::RequestConference(_) => {}
            Command::RegisterOrganisation { organisation } => {
                self.organisations
                    .insert(organisation.id, organisation.clone());
            }
            Command::AddProfessional { professional } => {
                self.professionals
                    .insert(professional.person.id, professional.clone());
            }
            Command::RecordContactDetails {
                person, details, ..
            } => {
                self.contacts.insert(
                    *person,
                    ContactRecord {
                        details: details.clone(),
                        consent_given_by: event.actor.person,
                        consent_at: at,
                    },
                );
            }
            Command::ShareContactDetails { person, with } => {
                self.contact_shares.push((*person, *with, at));
            }
            Command::WithdrawContactConsent { person } => {
                self.contacts.remove(person);
            }
            Command::AssignCoordinator {
                coordinator,
                reason,
            } => {
                self.coordinator = Some(CoordinatorAssignment {
                    coordinator: coordinator.clone(),
                    regional_manager: by,
                    assigned_at: at,
                    accepted_at: None,
                    reason: reason.clone(),
                });
            }
            Command::RespondToCoordinator { accepted } => {
                if *accepted {
                    if let Some(c) = self.coordinator.as_mut() {
                        c.accepted_at = Some(at);
                    }
                } else if let Some(declined) = self.coordinator.take() {
                    // A declined coordinator leaves the case: nothing personal of theirs stays.
                    self.contacts.remove(&declined.coordinator.person.id);
                }
            }
            Command::AddNetworkMember { member } => {
                self.network.insert(
                    member.person.id,
                    NetworkMember {
                        person: member.person.clone(),
                        relations: member.relations.clone(),
                        side: member.side,
                        minor: member.minor,
                        identified: member.identified,
                        identified_at: at,
                        // Someone brought in at the conference is there: confirmed.
                        invitation: if member.identified == Identified::AtConference {
                            InvitationStatus::Confirmed
                        } else {
                            InvitationStatus::Identified
                        },
                        participation: None,
                        also: member.also.clone(),
                        organisation: member.organisation,
                    },
                );
            }
            Command::UpdateInvitation { person, status } => {
                if let Some(m) = self.network.get_mut(person) {
                    m.invitation = *status;
                }
            }
            Command::SetParticipation {
                person,
                participation,
            } => {
                if let Some(m) = self.network.get_mut(person) {
                    m.participation = Some(participation.clone());
                } else if self.is_main_person(*person) {
                    self.main_participation
                        .insert(*person, participation.clone());
                }
            }
            Command::SubmitFramework { framework } => {
                self.frameworks.insert(
                    framework.id,
                    SafetyFramework {
                        id: framework.id,
                        professional: event.actor.person,
                        concerns: framework.concerns.clone(),
                        conditions: framework.conditions.clone(),
                        questions: framework.questions.clone(),
                        criteria: framework.criteria.clone(),
                        submitted_at: at,
                    },
                );
            }
            Command::ScheduleConference { conference } => {
                let conf = Conference {
                    id: conference.id,
                    number: 0,
                    date: conference.date,
                    place: conference.place.clone(),
                    language: conference.language.clone(),
                    interpreter: conference.interpreter,
                    parts: Vec::new(),
                    ended_at: None,
                    chair: None,
                    information: Vec::new(),
                };
                // Rescheduling a conference that has not started replaces it.
                if self.open_conference().is_some() {
                    self.conferences.pop();
                }
                let number = self.conferences.len() as u32 + 1;
                self.conferences.push(Conference { number, ..conf });
            }
            Command::StartConference => {
                if let Some(c) = self.conferences.last_mut() {
                    c.parts.push(PartRecord {
                        part: ConferencePart::Information,
                        started_at: at,
                        ended_at: None,
                        present: Vec::new(),
                    });
                }
            }
            Command::BeginPart { part } => {
                if let Some(c) = self.conferences.last_mut() {
                    if let Some(last) = c.parts.last_mut() {
                        last.ended_at = Some(at);
                    }
                    c.parts.push(PartRecord {
                        part: *part,
                        started_at: at,
                        ended_at: None,
                        present: Vec::new(),
                    });
                }
            }
            Command::RecordAttendance { present } => {
                if let Some(p) = self.conferences.last_mut().and_then(|c| c.parts.last_mut()) {
                    p.present = present.clone();
                }
            }
            Command::SubmitPlan { content } => {
                let number = self.conferences.last().map_or(1, |c| c.number);
                self.push_plan(content, event, DecidedAt::Conference { number });
            }
            Command::RevisePlan {
                content,
                evaluation,
                outside,
            } => {
                let decided_at = match (evaluation, outside) {
                    (Some(evaluation), _) => DecidedAt::Evaluation {
                        evaluation: *evaluation,
                    },
                    (None, Some(o)) => DecidedAt::Outside {
                        on: o.on,
                        by: o.by.clone(),
                    },
                    (None, None) => DecidedAt::Conference {
                        number: self.conferences.last().map_or(1, |c| c.number),
                    },
                };
                self.push_plan(content, event, decided_at);
            }
            Command::AssessPlan {
                version,
                framework,
                verdicts,
            } => {
                let accepted = verdicts
                    .iter()
                    .all(|(_, v)| matches!(v, ConditionVerdict::Met));
                if let Some(plan) = self.plans.iter_mut().find(|p| p.version == *version) {
                    plan.assessments.retain(|a| a.framework != *framework);
                    plan.assessments.push(Assessment {
                        framework: *framework,
                        professional: by,
                        verdicts: verdicts.iter().cloned().collect(),
                        accepted,
                        at,
                    });
                }
                self.rederive(*version, event.rules);
            }
            Command::EndConference => {
                if let Some(c) = self.conferences.last_mut() {
                    if let Some(last) = c.parts.last_mut() {
                        last.ended_at = Some(at);
                    }
                    c.ended_at = Some(at);
                }
            }
            Command::DistributePlan {
                version,
                recipients,
                frameworks_attached,
            } => self.distributions.push(Distribution {
                version: *version,
                recipients: recipients.clone(),
                frameworks_attached: frameworks_attached.clone(),
                at,
            }),
            Command::RecordEvaluation { record } => {
                let plan_version = self.plan_in_force().map_or(0, |p| p.version);
                if let Some(e) = self.evaluations.get_mut(&record.evaluation) {
                    e.held = Some(HeldEvaluation {
                        held_on: record.held_on,
                        convened_by: record.convened_by,
                        present: record.present.clone(),
                        plan_version,
                        reviews: record.reviews.clone(),
                        next_step: record.next_step,
                        recorded_at: at,
                        help_reviews: record.help_reviews.clone(),
                    });
                }
                for r in &record.help_reviews {
                    self.help.push(HelpUpdate {
                        help: r.help,
                        status: r.status,
                        note: r.note.clone(),
                        recorded_by: by,
                        at,
                    });
                }
            }
            Command::RaiseSignal { id, about, subject } => self.signals.push(Signal {
                id: *id,
                raised_by: by,
                about: about.clone(),
                at,
                subject: *subject,
                assessment: None,
                resolution: None,
                resolved_at: None,
            }),
            Command::CloseCase { outcome, note } => {
                self.ending = Some(Ending::Closed {
                    outcome: *outcome,
                    note: note.clone(),
                    at,
                });
            }
            Command::Withdraw { reason } => {
                self.ending = Some(Ending::Withdrawn {
                    reason: reason.clone(),
                    at,
                });
            }
            Command::RecordSatisfaction {
                group,
                score,
                person,
            } => self.satisfaction.push(Satisfaction {
                group: *group,
                score: *score,
                at,
                person: *person,
            }),
            Command::RecordNotTested {
                version,
                framework,
                reason,
            } => {
                if let Some(plan) = self.plans.iter_mut().find(|p| p.version == *version) {
                    plan.not_tested.push(NotTested {
                        framework: *framework,
                        reason: reason.clone(),
                        recorded_by: by,
                        at,
                    });
                }
                self.rederive(*version, event.rules);
            }
            Command::RecordMeasure { measure } => {
                let state = MeasureState {
                    status: measure.status,
                    on: measure.on,
                    note: measure.note.clone(),
                    recorded_by: by,
                    at,
                };
                self.measures
                    .entry(measure.id)
                    .or_insert_with(|| Measure {
                        id: measure.id,
                        kind: measure.kind,
                        concerns: measure.concerns.clone(),
                        label: measure.label.clone(),
                        history: Vec::new(),
                    })
                    .history
                    .push(state);
            }
            Command::AddRepresentative { representation } => {
                self.representatives.push(representation.clone());
            }
            Command::RecordConsent {
                person,
                matter,
                given,
            } => self.consents.push(ConsentRecord {
                person: *person,
                matter: *matter,
                given: *given,
                given_by: by,
                at,
            }),
            Command::AddRelation { person, relation } => {
                if let Some(m) = self.network.get_mut(person) {
                    m.relations.push(relation.clone());
                }
            }
            Command::RecordInformation { information } => {
                if let Some(c) = self.conferences.last_mut() {
                    c.information.push(information.clone());
                }
            }
            Command::RecordView { person, view } => self.views.push(View {
                person: *person,
                view: view.clone(),
                recorded_by: by,
                at,
            }),
            Command::AddInterpreter { interpreter } => {
                self.interpreters
                    .insert(interpreter.person.id, interpreter.clone());
            }
            Command::ChooseChair { person } => {
                if let Some(c) = self.conferences.last_mut() {
                    c.chair = Some(*person);
                }
            }
            Command::UpdateHelp { help, status, note } => self.help.push(HelpUpdate {
                help: *help,
                status: *status,
                note: note.clone(),
                recorded_by: by,
                at,
            }),
            Command::EndInvolvement {
                involvement,
                reason,
            } => self.involvement_ended.push(InvolvementEnd {
                involvement: *involvement,
                reason: reason.clone(),
                recorded_by: by,
                at,
            }),
            Command::RecordMeeting { meeting } => self.meetings.push(meeting.clone()),
            Command::UpdateSignal {
                signal,
                assessment,
                resolution,
            } => {
                if let Some(s) = self.signals.iter_mut().find(|s| s.id == *signal) {
                    if assessment.is_some() {
                        s.assessment = assessment.clone();
                    }
                    if resolution.is_some() {
                        s.resolution = resolution.clone();
                        s.resolved_at = Some(at);
                    }
                }
            }
            Command::ReplaceCoordinator {
                coordinator,
                reason,
            } => {
                if let Some(old) = self.coordinator.take() {
                    // The new coordinator takes over where the old one stood: accepted if the
                    // family had accepted the first.
                    let accepted_at = old.accepted_at.map(|_| at);
                    self.contacts.remove(&old.coordinator.person.id);
                    self.former_coordinators.push(FormerCoordinator {
                        assignment: old,
                        reason: reason.clone(),
                        ended_at: at,
                    });
                    self.coordinator = Some(CoordinatorAssignment {
                        coordinator: coordinator.clone(),
                        regional_manager: by,
                        assigned_at: at,
                        accepted_at,
                        reason: Some(reason.clone()),
                    });
                }
            }
            Command::RecordArrangement { arrangement } => {
                self.arrangements.push(arrangement.clone());
            }
            Command::WithholdDetails { person, from } => {
                self.withheld.extend(from.iter().map(|&f| Withholding {
                    person: *person,
                    from: f,
                    by,
                    since: at,
                }));
            }
            Command::LiftWithholding { person, from } => {
                self.withheld
                    .retain(|w| w.person != *person || !from.contains(&w.from));
            }
            Command::ErasePerson { person, ground } => {
                self.erasures.push(Erasure {
                    person: *person,
                    by,
                    at,
                    ground: ground.clone(),
                });
                crate::erasure::Eraser::from_case(*person, self).erase_case(self);
            }
            // Which store writes the case is the store's to keep (`docs/interchange.md`).
            Command::HandOver { .. } => {}
        }
        if let Some(phase) = event.command.enters() {
            self.enter(phase, at);
        }
    }

    fn push_plan(&mut self, content: &PlanContent, event: &Event, decided_at: DecidedAt) {
        for p in &mut self.plans {
            if matches!(p.status, PlanStatus::Presented | PlanStatus::NotAccepted) {
                p.status = PlanStatus::Superseded;
            }
        }
        let plan = PlanVersion {
            version: self.plans.len() as u32 + 1,
            content: content.clone(),
            written_by: event.actor.person,
            by_scribe: event.actor.role == Role::Coordinator,
            decided_at,
            submitted_at: event.at,
            assessments: Vec::new(),
            status: PlanStatus::Presented,
            not_tested: Vec::new(),
            rules: event.rules,
        };
        let version = plan.version;
        self.plans.push(plan);
        self.rederive(version, event.rules);
    }

    /// Derives the status of plan `version` again under edition `rules` of the rules (rule 4),
    /// and tracks its evaluations once it is accepted.
    fn rederive(&mut self, version: u32, rules: u16) {
        let frameworks = &self.frameworks;
        let Some(plan) = self.plans.iter_mut().find(|p| p.version == version) else {
            return;
        };
        plan.rules = rules;
        plan.status = derive_status(plan, frameworks);
        if plan.status == PlanStatus::Accepted {
            self.track_evaluations(version, rules);
        }
    }

    /// Once a version is accepted, its evaluation moments become evaluations to hold.
    /// Moments already known keep what happened at them. From the second edition of the
    /// rules, a moment still open that the accepted version no longer plans is dropped.
    fn track_evaluations(&mut self, version: u32, rules: u16) {
        let Some(plan) = self.plan(version) else {
            return;
        };
        let moments = plan.content.evaluations.clone();
        if rules >= 2 {
            for e in self.evaluations.values_mut() {
                if e.is_open() && !moments.iter().any(|m| m.id == e.id) {
                    e.dropped_in = Some(version);
                }
            }
        }
        for m in moments {
            let e = self.evaluations.entry(m.id).or_insert(Evaluation {
                id: m.id,
                planned_on: m.planned_on,
                planned_in: version,
                held: None,
                dropped_in: None,
            });
            if e.held.is_none() {
                e.planned_on = m.planned_on;
                e.dropped_in = None;
            }
        }
    }
}

/// Rule 4: a version is accepted when every framework that holds it back accepted it (a case
/// without such frameworks accepts at once), not accepted as soon as one refused it.
///
/// Under the first edition of the rules ([`PlanVersion::rules`]) every framework holds a
/// version back. From the second, only a framework with conditions does, and not one the
/// coordinator recorded as not tested for the version: a good and safe plan is always
/// accepted.
pub(crate) fn derive_status(
    plan: &PlanVersion,
    frameworks: &BTreeMap<FrameworkId, SafetyFramework>,
) -> PlanStatus {
    if plan.assessments.iter().any(|a| !a.accepted) {
        return PlanStatus::NotAccepted;
    }
    let all = frameworks
        .values()
        .filter(|f| holds_back(plan, f))
        .all(|f| plan.assessments.iter().any(|a| a.framework == f.id));
    if all {
        PlanStatus::Accepted
    } else {
        PlanStatus::Presented
    }
}

/// Whether framework `f` must accept `plan` before it is accepted (see [`derive_status`]).
pub(crate) fn holds_back(plan: &PlanVersion, f: &SafetyFramework) -> bool {
    plan.rules < 2
        || (!f.conditions.is_empty() && !plan.not_tested.iter().any(|n| n.framework == f.id))
}
