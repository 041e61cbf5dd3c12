//! The plan: the bottom lines of the safety frameworks as `Goal`s, each plan version as a
//! `CarePlan` (chained with `replaces`) with a `Provenance`, its agreements and evaluation
//! moments as `Task`s, and the help it asks of professionals as `ServiceRequest`s.

use chrono::{DateTime, Utc};
use kring_domain::{
    AgreementReview, AgreementStatus, ConditionVerdict, DecidedAt, EvaluationMoment, HelpStatus,
    ItemId, PersonId, Phase, PlanStatus, PlanVersion, RequestedHelp,
};
use serde_json::{Value, json};

use super::{Export, identifier};
use crate::codes::{
    DATA_OPERATION, GOAL_ACHIEVEMENT, PROVENANCE_AGENT, kring, kring_concept, words,
};
use crate::json::{coding, concept, date, period, reference, text_concept, time};

/// Where a plan version stands, as the export reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Presented, waiting for its assessments.
    Draft,
    /// The plan in force.
    InForce,
    /// The plan in force when the case was closed.
    Completed,
    /// Accepted, then replaced by a later accepted version.
    Replaced,
    /// Never in force: not accepted, superseded before acceptance, or withdrawn with the case.
    Revoked,
}

/// When a version became accepted: its last assessment (or the record that a framework was
/// not tested), else its submission.
pub(super) fn accepted_at(plan: &PlanVersion) -> DateTime<Utc> {
    plan.assessments
        .iter()
        .map(|a| a.at)
        .chain(plan.not_tested.iter().map(|n| n.at))
        .chain(std::iter::once(plan.submitted_at))
        .max()
        .unwrap_or(plan.submitted_at)
}

impl<'a> Export<'a> {
    fn state(&self, plan: &PlanVersion) -> State {
        match plan.status {
            PlanStatus::Presented if self.case.phase == Phase::Withdrawn => State::Revoked,
            PlanStatus::Presented => State::Draft,
            PlanStatus::NotAccepted | PlanStatus::Superseded => State::Revoked,
            PlanStatus::Accepted => {
                if self.case.plan_in_force().map(|p| p.version) != Some(plan.version) {
                    State::Replaced
                } else if self.case.phase == Phase::Closed {
                    State::Completed
                } else {
                    State::InForce
                }
            }
        }
    }

    /// Every condition (bottom line) of every framework, with the framework's professional
    /// and the time it was handed in.
    fn conditions(&self) -> Vec<(ItemId, &'a str, PersonId, DateTime<Utc>)> {
        let case: &'a kring_domain::Case = self.case;
        case.frameworks
            .values()
            .flat_map(|f| {
                f.conditions
                    .iter()
                    .map(move |c| (c.id, c.text.as_str(), f.professional, f.submitted_at))
            })
            .collect()
    }

    /// The text of a case question or a framework item.
    fn item_text(&self, item: ItemId) -> Option<&'a str> {
        let case = self.case;
        case.questions
            .iter()
            .find(|q| q.id == item)
            .map(|q| q.text.as_str())
            .or_else(|| {
                case.frameworks.values().find_map(|f| {
                    f.concerns
                        .iter()
                        .chain(&f.conditions)
                        .chain(&f.questions)
                        .chain(&f.criteria)
                        .find(|i| i.id == item)
                        .map(|i| i.text.as_str())
                })
            })
    }

    fn is_condition(&self, item: ItemId) -> bool {
        self.case
            .frameworks
            .values()
            .any(|f| f.conditions.iter().any(|c| c.id == item))
    }

    pub(super) fn goals(&mut self) {
        let lifecycle = match self.case.phase {
            Phase::Closed => "completed",
            Phase::Withdrawn => "cancelled",
            _ => "active",
        };
        for (item, text, professional, submitted) in self.conditions() {
            // The latest verdict on the condition, from the latest version tested against it.
            let verdict = self.case.plans.iter().rev().find_map(|p| {
                p.assessments
                    .iter()
                    .find_map(|a| a.verdicts.get(&item).map(|v| (v, a.at, p.version)))
            });
            let (achievement, status_date, reason) = match verdict {
                Some((ConditionVerdict::Met, at, v)) => (
                    Some(concept(
                        coding(GOAL_ACHIEVEMENT, "sustaining", "Sustaining"),
                        format!("met by plan version {v}"),
                    )),
                    Some(at),
                    None,
                ),
                Some((ConditionVerdict::NotMet { reason }, at, v)) => (
                    Some(concept(
                        coding(GOAL_ACHIEVEMENT, "not-achieved", "Not Achieved"),
                        format!("not met by plan version {v}"),
                    )),
                    Some(at),
                    Some(reason.as_str()),
                ),
                None => (None, None, None),
            };
            let body = json!({
                "identifier": [identifier("item", item)],
                "lifecycleStatus": lifecycle,
                "achievementStatus": achievement,
                "category": [kring_concept("framework-item", "condition", "bottom line of a safety framework (voorwaarde, ondergrens)")],
                "description": text_concept(text.trim()),
                "subject": reference(&self.subject),
                "startDate": date(submitted.date_naive()),
                "statusDate": status_date.map(|t| date(t.date_naive())),
                "statusReason": reason,
                "source": self.who_ref(professional),
            });
            self.push("Goal", item, body);
        }
    }

    pub(super) fn plans(&mut self) {
        let case = self.case;
        for (i, plan) in case.plans.iter().enumerate() {
            let previous = i.checked_sub(1).map(|j| &case.plans[j]);
            let next_accepted = case.plans[i + 1..]
                .iter()
                .find(|p| p.status == PlanStatus::Accepted);
            self.plan(plan, previous, next_accepted);
        }
    }

    fn plan(
        &mut self,
        plan: &PlanVersion,
        previous: Option<&PlanVersion>,
        next: Option<&PlanVersion>,
    ) {
        let case = self.case;
        let v = plan.version;
        let state = self.state(plan);
        let care_plan = self.url("CarePlan", format!("plan/{v}"));
        let (status, intent) = match state {
            State::Draft => ("draft", "proposal"),
            State::InForce => ("active", "plan"),
            State::Completed => ("completed", "plan"),
            State::Replaced => ("revoked", "plan"),
            State::Revoked => ("revoked", "proposal"),
        };
        let in_force_period = match state {
            State::InForce | State::Completed | State::Replaced => period(
                Some(time(accepted_at(plan))),
                match state {
                    State::Replaced => next.map(|n| time(accepted_at(n))),
                    State::Completed => self.ended_at().map(time),
                    _ => None,
                },
            ),
            _ => None,
        };
        let encounter = match plan.decided_at {
            DecidedAt::Conference { number } => self.conference_url(number),
            _ => None,
        };
        // What it answers: the case's questions and the concerns of the frameworks.
        let mut addresses: Vec<Value> = case
            .questions
            .iter()
            .map(|q| json!({ "concept": text_concept(q.text.trim()) }))
            .collect();
        addresses.extend(
            case.frameworks
                .values()
                .flat_map(|f| &f.concerns)
                .map(|c| json!({ "concept": text_concept(c.text.trim()) })),
        );
        let goals: Vec<Value> = self
            .conditions()
            .iter()
            .map(|(item, ..)| reference(&self.url("Goal", item)))
            .collect();

        // The activities, added after the care plan so that the bundle reads in order.
        let mut activities = Vec::new();
        let mut tasks = Vec::new();
        for a in &plan.content.agreements {
            let (url, body) = self.agreement(plan, state, a, &care_plan);
            activities.push(json!({ "plannedActivityReference": reference(&url) }));
            tasks.push(("Task", format!("{}/plan/{v}", a.id), body));
        }
        for m in &plan.content.evaluations {
            let (url, body) = self.evaluation(plan, state, m, &care_plan);
            activities.push(json!({ "plannedActivityReference": reference(&url) }));
            tasks.push(("Task", format!("{}/plan/{v}", m.id), body));
        }
        for h in &plan.content.requested_help {
            let (url, body) = self.help(plan, state, h, &care_plan);
            activities.push(json!({ "plannedActivityReference": reference(&url) }));
            tasks.push(("ServiceRequest", format!("{}/plan/{v}", h.id), body));
        }
        let body = json!({
            "identifier": [identifier("plan", format!("{}/{v}", case.id))],
            "replaces": previous.map(|p| vec![reference(&self.url("CarePlan", format!("plan/{}", p.version)))]),
            "status": status,
            "intent": intent,
            "category": [kring_concept("legal-basis", case.legal_basis.code(), words(case.legal_basis.code()))],
            "title": format!("Family group plan (familiegroepsplan), version {v}"),
            "subject": reference(&self.subject),
            "encounter": encounter.as_deref().map(reference),
            "period": in_force_period,
            "created": time(plan.submitted_at),
            "custodian": reference(&self.care_team),
            "contributor": self.contributors(plan),
            "careTeam": [reference(&self.care_team)],
            "addresses": addresses,
            "goal": goals,
            "activity": activities,
            "note": plan.content.contact_arrangement.as_deref().map(|t| vec![json!({ "text": t.trim() })]),
        });
        self.push("CarePlan", format!("plan/{v}"), body);
        for (resource_type, key, body) in tasks {
            self.push(resource_type, key, body);
        }
        self.provenance(plan, &care_plan, encounter.as_deref());
    }

    /// Who decided a version: the members of the circle present in the private time it came
    /// from, at the evaluation it came from, or named as deciding outside; the circle as a
    /// whole when none is recorded.
    fn contributors(&self, plan: &PlanVersion) -> Vec<Value> {
        let case = self.case;
        let people: Vec<PersonId> = match &plan.decided_at {
            DecidedAt::Conference { number } => case
                .conferences
                .iter()
                .find(|c| c.number == *number)
                .and_then(|c| {
                    c.parts
                        .iter()
                        .rev()
                        .find(|p| {
                            p.part == kring_domain::ConferencePart::PrivateTime
                                && p.started_at <= plan.submitted_at
                        })
                        .map(|p| p.present.clone())
                })
                .unwrap_or_default(),
            DecidedAt::Evaluation { evaluation } => case
                .evaluations
                .get(evaluation)
                .and_then(|e| e.held.as_ref())
                .map(|h| h.present.clone())
                .unwrap_or_default(),
            DecidedAt::Outside { by, .. } => by.clone(),
        };
        let mut out: Vec<Value> = people
            .into_iter()
            .filter(|p| case.is_in_circle(*p) && self.who.contains_key(p))
            .map(|p| self.who_ref(p))
            .collect();
        if out.is_empty() {
            out.push(reference(&self.care_team));
        }
        out
    }

    /// The latest review of `agreement` at an evaluation of version `version`, with when it
    /// was recorded.
    fn review(
        &self,
        version: u32,
        agreement: kring_domain::AgreementId,
    ) -> Option<(&AgreementReview, DateTime<Utc>)> {
        self.case
            .evaluations
            .values()
            .filter_map(|e| e.held.as_ref())
            .filter(|h| h.plan_version == version)
            .flat_map(|h| {
                h.reviews
                    .iter()
                    .filter(move |r| r.agreement == agreement)
                    .map(move |r| (r, h.recorded_at))
            })
            .max_by_key(|(_, at)| *at)
    }

    fn agreement(
        &self,
        plan: &PlanVersion,
        state: State,
        a: &kring_domain::Agreement,
        care_plan: &str,
    ) -> (String, Value) {
        let url = self.url("Task", format!("{}/plan/{}", a.id, plan.version));
        let review = self.review(plan.version, a.id);
        let reviewed = review.map(|(r, _)| match r.status {
            AgreementStatus::Done => "completed",
            AgreementStatus::OnTrack | AgreementStatus::Partly => "in-progress",
            AgreementStatus::NotKept => "failed",
            AgreementStatus::Stopped => "cancelled",
            AgreementStatus::NotYetDue => "ready",
        });
        let status = match state {
            State::Draft => "draft",
            State::Revoked => "cancelled",
            State::InForce | State::Completed => reviewed.unwrap_or("ready"),
            // A replaced version keeps an agreement's outcome, and is cancelled otherwise.
            State::Replaced => match reviewed {
                Some("completed") => "completed",
                Some("failed") => "failed",
                _ => "cancelled",
            },
        };
        let owner = a
            .carried_by
            .iter()
            .find(|p| self.who.contains_key(p))
            .map(|p| self.who_for(*p, a.for_person))
            .unwrap_or_else(|| reference(&self.care_team));
        let performers: Vec<Value> = a
            .carried_by
            .iter()
            .map(|p| json!({ "reference": self.who_for(*p, a.for_person) }))
            .collect();
        let mut inputs: Vec<Value> = a
            .supporters
            .iter()
            .map(|p| {
                json!({
                    "type": kring_concept("task-input", "supporter", "supports the agreement"),
                    "valueReference": self.who_for(*p, a.for_person),
                })
            })
            .collect();
        if let Some(f) = a
            .frequency
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
        {
            inputs.push(json!({
                "type": kring_concept("task-input", "frequency", "how often"),
                "valueString": f,
            }));
        }
        if let Some(f) = a.funding {
            inputs.push(json!({
                "type": kring_concept("task-input", "funding", "how it is paid for"),
                "valueCodeableConcept": kring_concept("funding", f.code(), words(f.code())),
            }));
        }
        let last_modified = review
            .map(|(_, at)| at)
            .filter(|at| *at >= plan.submitted_at)
            .map(time);
        let body = json!({
            "identifier": [identifier("agr", a.id)],
            "basedOn": [reference(care_plan)],
            "status": status,
            "businessStatus": review.map(|(r, _)| {
                json!({ "coding": [kring("agreement-status", r.status.code())], "text": words(r.status.code()) })
            }),
            "intent": "plan",
            "code": kring_concept("task-kind", "agreement", "agreement (afspraak)"),
            "description": a.what.trim(),
            "for": self.patient_or_subject(a.for_person),
            "requestedPeriod": period(a.start.map(date), a.due.map(date)),
            "authoredOn": time(plan.submitted_at),
            "lastModified": last_modified,
            "requestedPerformer": performers,
            "owner": owner,
            "reason": self.reasons(&a.answers, true),
            "note": review.and_then(|(r, at)| {
                r.note.as_deref().map(str::trim).filter(|n| !n.is_empty())
                    .map(|n| vec![json!({ "time": time(at), "text": n })])
            }),
            "input": inputs,
        });
        (url, body)
    }

    /// What an item of the plan answers: the `Goal` of a condition where `goals` allows it,
    /// the text of any other item.
    fn reasons(&self, answers: &[ItemId], goals: bool) -> Vec<Value> {
        answers
            .iter()
            .filter_map(|item| {
                if goals && self.is_condition(*item) {
                    Some(json!({ "reference": reference(&self.url("Goal", item)) }))
                } else {
                    self.item_text(*item)
                        .map(|t| json!({ "concept": text_concept(t.trim()) }))
                }
            })
            .collect()
    }

    fn evaluation(
        &self,
        plan: &PlanVersion,
        state: State,
        m: &EvaluationMoment,
        care_plan: &str,
    ) -> (String, Value) {
        let url = self.url("Task", format!("{}/plan/{}", m.id, plan.version));
        let record = self.case.evaluations.get(&m.id);
        let held = record.and_then(|e| e.held.as_ref());
        let dropped = record.is_some_and(|e| e.dropped_in.is_some());
        let status = match state {
            State::Draft => "draft",
            State::Revoked => "cancelled",
            _ if held.is_some() => "completed",
            _ if dropped => "cancelled",
            State::InForce => "ready",
            State::Completed | State::Replaced => "cancelled",
        };
        let c = &plan.content;
        let owner = c
            .conveners
            .iter()
            .chain(&c.monitors)
            .find(|p| self.who.contains_key(p))
            .map(|p| self.who_ref(*p))
            .unwrap_or_else(|| reference(&self.care_team));
        let body = json!({
            "identifier": [identifier("eval", m.id)],
            "basedOn": [reference(care_plan)],
            "status": status,
            "intent": "plan",
            "code": kring_concept("task-kind", "evaluation", "evaluation of the plan (evaluatie)"),
            "description": "The circle reviews every agreement of the plan.",
            "for": reference(&self.subject),
            "requestedPeriod": period(Some(date(m.planned_on)), None),
            "executionPeriod": held.map(|h| json!({ "start": date(h.held_on), "end": date(h.held_on) })),
            "authoredOn": time(plan.submitted_at),
            "owner": owner,
            "businessStatus": held.map(|h| {
                json!({ "coding": [kring("next-step", h.next_step.code())], "text": words(h.next_step.code()) })
            }),
        });
        (url, body)
    }

    fn help(
        &self,
        plan: &PlanVersion,
        state: State,
        h: &RequestedHelp,
        care_plan: &str,
    ) -> (String, Value) {
        let url = self.url("ServiceRequest", format!("{}/plan/{}", h.id, plan.version));
        let current = matches!(state, State::InForce | State::Completed);
        let status = match state {
            State::Draft => "draft",
            State::Revoked | State::Replaced => "revoked",
            State::InForce | State::Completed => match self.case.help_status(h.id) {
                Some(HelpStatus::Stopped) => "completed",
                Some(HelpStatus::Refused) => "revoked",
                _ => "active",
            },
        };
        let updates: Vec<Value> = if current {
            self.case
                .help
                .iter()
                .filter(|u| u.help == h.id)
                .map(|u| {
                    let note = u.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
                    let text = match note {
                        Some(n) => format!("{}: {n}", words(u.status.code())),
                        None => words(u.status.code()),
                    };
                    json!({ "time": time(u.at), "text": text })
                })
                .collect()
        } else {
            Vec::new()
        };
        let funding = h.funding.map(|f| {
            vec![json!({
                "parameter": [{
                    "code": kring_concept("task-input", "funding", "how it is paid for"),
                    "valueCodeableConcept": kring_concept("funding", f.code(), words(f.code())),
                }],
            })]
        });
        let requester = self.case.main_persons[0].person.id;
        let body = json!({
            "identifier": [identifier("help", h.id)],
            "basedOn": [reference(care_plan)],
            "status": status,
            "intent": "proposal",
            "category": [kring_concept("plan-item", "requested_help", "help asked of professionals (gevraagde hulp)")],
            "code": { "concept": text_concept(h.what.trim()) },
            "orderDetail": funding,
            "subject": reference(&self.subject),
            "authoredOn": time(plan.submitted_at),
            "requester": self.who_ref(requester),
            "performer": h.from.map(|p| vec![self.who_ref(p)]),
            "reason": self.reasons(&h.answers, false),
            "note": updates,
        });
        (url, body)
    }

    /// Who wrote a version down and for whom: the circle is always its author (rule 1); the
    /// member or the coordinator who wrote it down is the enterer, on the circle's behalf.
    fn provenance(&mut self, plan: &PlanVersion, care_plan: &str, encounter: Option<&str>) {
        let (code, display) = if plan.version == 1 {
            ("CREATE", "create")
        } else {
            ("UPDATE", "revise")
        };
        let occurred = match &plan.decided_at {
            DecidedAt::Conference { .. } => time(plan.submitted_at),
            DecidedAt::Evaluation { evaluation } => self
                .case
                .evaluations
                .get(evaluation)
                .and_then(|e| e.held.as_ref())
                .map(|h| date(h.held_on))
                .unwrap_or_else(|| time(plan.submitted_at)),
            DecidedAt::Outside { on, .. } => date(*on),
        };
        let writer_role = if plan.by_scribe {
            "the coordinator wrote it down on the circle's behalf"
        } else {
            "a member of the circle wrote it down"
        };
        let location = match plan.decided_at {
            DecidedAt::Conference { number } => self.location_url(number),
            _ => None,
        };
        let body = json!({
            "target": [reference(care_plan)],
            "occurredDateTime": occurred,
            "recorded": time(plan.submitted_at),
            "activity": concept(coding(DATA_OPERATION, code, display), format!("plan version {} submitted", plan.version)),
            "encounter": encounter.map(reference),
            "location": location.as_deref().map(reference),
            "agent": [
                {
                    "type": concept(coding(PROVENANCE_AGENT, "author", "Author"), "the circle (rule 1)"),
                    "who": reference(&self.care_team),
                },
                {
                    "type": concept(coding(PROVENANCE_AGENT, "enterer", "Enterer"), "wrote it down"),
                    "role": [text_concept(writer_role)],
                    "who": self.who_ref(plan.written_by),
                    "onBehalfOf": reference(&self.care_team),
                },
            ],
        });
        self.push("Provenance", format!("plan/{}", plan.version), body);
    }
}
