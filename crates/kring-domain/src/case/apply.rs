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
            Command::AssignCoordinator { coordinator } => {
                self.coordinator = Some(CoordinatorAssignment {
                    coordinator: coordinator.clone(),
                    regional_manager: event.actor.person,
                    assigned_at: at,
                    accepted_at: None,
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
            } => {
                let decided_at = match evaluation {
                    Some(evaluation) => DecidedAt::Evaluation {
                        evaluation: *evaluation,
                    },
                    None => DecidedAt::Conference {
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
                let required: Vec<FrameworkId> = self.frameworks.keys().copied().collect();
                if let Some(plan) = self.plans.iter_mut().find(|p| p.version == *version) {
                    plan.assessments.retain(|a| a.framework != *framework);
                    plan.assessments.push(Assessment {
                        framework: *framework,
                        professional: event.actor.person,
                        verdicts: verdicts.iter().cloned().collect(),
                        accepted,
                        at,
                    });
                    plan.status = derive_status(plan, &required);
                    if plan.status == PlanStatus::Accepted {
                        self.track_evaluations(*version);
                    }
                }
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
                    });
                }
            }
            Command::RaiseSignal { id, about } => self.signals.push(Signal {
                id: *id,
                raised_by: event.actor.person,
                about: about.clone(),
                at,
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
            Command::RecordSatisfaction { group, score } => self.satisfaction.push(Satisfaction {
                group: *group,
                score: *score,
                at,
            }),
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
        let required: Vec<FrameworkId> = self.frameworks.keys().copied().collect();
        let mut plan = PlanVersion {
            version: self.plans.len() as u32 + 1,
            content: content.clone(),
            written_by: event.actor.person,
            by_scribe: event.actor.role == Role::Coordinator,
            decided_at,
            submitted_at: event.at,
            assessments: Vec::new(),
            status: PlanStatus::Presented,
        };
        plan.status = derive_status(&plan, &required);
        let version = plan.version;
        let accepted = plan.status == PlanStatus::Accepted;
        self.plans.push(plan);
        if accepted {
            self.track_evaluations(version);
        }
    }

    /// Once a version is accepted, its evaluation moments become evaluations to hold.
    /// Moments already known keep what happened at them.
    fn track_evaluations(&mut self, version: u32) {
        let Some(plan) = self.plan(version) else {
            return;
        };
        let moments = plan.content.evaluations.clone();
        for m in moments {
            let e = self.evaluations.entry(m.id).or_insert(Evaluation {
                id: m.id,
                planned_on: m.planned_on,
                planned_in: version,
                held: None,
            });
            if e.held.is_none() {
                e.planned_on = m.planned_on;
            }
        }
    }
}

/// Rule 4: a version is accepted when every framework of the case accepted it (a case
/// without frameworks accepts at once), not accepted as soon as one refused it.
pub(crate) fn derive_status(plan: &PlanVersion, frameworks: &[FrameworkId]) -> PlanStatus {
    if plan.assessments.iter().any(|a| !a.accepted) {
        return PlanStatus::NotAccepted;
    }
    let all = frameworks
        .iter()
        .all(|f| plan.assessments.iter().any(|a| a.framework == *f));
    if all {
        PlanStatus::Accepted
    } else {
        PlanStatus::Presented
    }
}
