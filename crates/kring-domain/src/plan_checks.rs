//! The checks of plan content (rules 5 and 6), of assessments against a framework (rule 4)
//! and of evaluations: the part of [`crate::decide`] that changes with the plan.

use std::collections::BTreeSet;

use crate::command::*;
use crate::decide::{Checker, unique, unresolved};
use crate::error::{Error, Result, Rule};
use crate::id::*;
use crate::model::*;
use crate::validate::{date_in_range, list_within_limit, optional_text, required_text};

impl Checker<'_> {
    /// Rules 5 and 6, and every reference in the plan resolves.
    pub(crate) fn check_plan(&self, plan: &PlanContent) -> Result<()> {
        let case = self.case;
        if plan.agreements.is_empty() {
            return Err(Error::invalid(
                "agreements",
                "a plan has at least one agreement",
            ));
        }
        list_within_limit("agreements", &plan.agreements)?;
        list_within_limit("requested_help", &plan.requested_help)?;
        list_within_limit("evaluations", &plan.evaluations)?;
        list_within_limit("monitors", &plan.monitors)?;
        list_within_limit("conveners", &plan.conveners)?;
        optional_text("contact_arrangement", &plan.contact_arrangement)?;
        unique(plan.agreements.iter().map(|a| a.id))?;
        unique(plan.requested_help.iter().map(|h| h.id))?;
        unique(plan.evaluations.iter().map(|e| e.id))?;
        let item_known = |id: &ItemId| case.items().any(|(i, _)| i == *id);
        for a in &plan.agreements {
            required_text("agreements.what", &a.what)?;
            optional_text("agreements.frequency", &a.frequency)?;
            list_within_limit("agreements.carried_by", &a.carried_by)?;
            list_within_limit("agreements.supporters", &a.supporters)?;
            if a.carried_by.is_empty() {
                return Err(self.violation(
                    Rule::AgreementsCarriedByCircle,
                    "every agreement is carried by named members of the circle",
                    [a.id.to_string()],
                ));
            }
            if let Some(p) = a.carried_by.iter().find(|p| !case.is_in_circle(**p)) {
                return Err(self.violation(
                    Rule::AgreementsCarriedByCircle,
                    "an agreement is carried by the circle; help asked of professionals goes in requested_help",
                    [a.id.to_string(), p.to_string()],
                ));
            }
            for s in &a.supporters {
                self.known(*s)?;
            }
            for d in [a.start, a.due].into_iter().flatten() {
                date_in_range("agreements.date", d)?;
            }
            if let (Some(s), Some(d)) = (a.start, a.due) {
                if d < s {
                    return Err(self.violation(
                        Rule::TimeOrder,
                        "an agreement is due before it starts",
                        [a.id.to_string()],
                    ));
                }
            }
            if let Some(i) = a.answers.iter().find(|i| !item_known(i)) {
                return Err(unresolved("item", i));
            }
        }
        for h in &plan.requested_help {
            required_text("requested_help.what", &h.what)?;
            if let Some(p) = h.from {
                if !case.professionals.contains_key(&p) {
                    return Err(self.violation(
                        Rule::ReferencesResolve,
                        "help is asked of a professional in the case",
                        [p.to_string()],
                    ));
                }
            }
            if let Some(i) = h.answers.iter().find(|i| !item_known(i)) {
                return Err(unresolved("item", i));
            }
        }
        for (name, list) in [("monitor", &plan.monitors), ("convener", &plan.conveners)] {
            if list.is_empty() {
                return Err(self.violation(
                    Rule::PlanSafeguards,
                    format!("a plan names at least one {name} from the network"),
                    [],
                ));
            }
            if let Some(p) = list.iter().find(|p| !case.network.contains_key(p)) {
                return Err(self.violation(
                    Rule::PlanSafeguards,
                    format!("every {name} is a member of the network"),
                    [p.to_string()],
                ));
            }
        }
        if plan.evaluations.is_empty() {
            return Err(self.violation(
                Rule::PlanSafeguards,
                "a plan has at least one evaluation moment",
                [],
            ));
        }
        for e in &plan.evaluations {
            date_in_range("evaluations.planned_on", e.planned_on)?;
        }
        Ok(())
    }

    pub(crate) fn check_assessment(
        &self,
        version: u32,
        framework: FrameworkId,
        verdicts: &[(ItemId, ConditionVerdict)],
    ) -> Result<()> {
        let case = self.case;
        let f = case
            .frameworks
            .get(&framework)
            .ok_or_else(|| Error::not_found("framework", framework))?;
        if f.professional != self.actor.person {
            return Err(Error::PermissionDenied {
                role: self.actor.role.code().into(),
                command: "assess_plan".into(),
                message: format!(
                    "framework {framework} belongs to {}, not {}",
                    f.professional, self.actor.person
                ),
                rule: Some(Rule::SafePlanAccepted),
            });
        }
        let plan = case
            .plan(version)
            .ok_or_else(|| Error::not_found("plan version", version))?;
        if case.latest_plan().map(|p| p.version) != Some(version) {
            return Err(self.lifecycle(format!("plan version {version} has been superseded")));
        }
        if plan.status == PlanStatus::Accepted {
            return Err(self.lifecycle(format!("plan version {version} is already accepted")));
        }
        if case.phase == Phase::Conference
            && case.current_part() != Some(ConferencePart::Presentation)
        {
            return Err(
                self.lifecycle("a plan is tested against the frameworks in the presentation")
            );
        }
        list_within_limit("verdicts", verdicts)?;
        unique(verdicts.iter().map(|(i, _)| *i))?;
        let conditions: BTreeSet<ItemId> = f.conditions.iter().map(|c| c.id).collect();
        let given: BTreeSet<ItemId> = verdicts.iter().map(|(i, _)| *i).collect();
        let odd: Vec<String> = conditions
            .symmetric_difference(&given)
            .map(|i| i.to_string())
            .collect();
        if !odd.is_empty() {
            return Err(self.violation(
                Rule::AssessmentComplete,
                "an assessment gives one verdict for every condition of the framework, and nothing else",
                odd,
            ));
        }
        for (item, verdict) in verdicts {
            if let ConditionVerdict::NotMet { reason } = verdict {
                if reason.trim().is_empty() {
                    return Err(self.violation(
                        Rule::SafePlanAccepted,
                        "a condition is marked not met only with the reason the plan does not meet it",
                        [item.to_string()],
                    ));
                }
                required_text("verdicts.reason", reason)?;
            }
        }
        Ok(())
    }

    pub(crate) fn check_evaluation(&self, record: &EvaluationRecord) -> Result<()> {
        let case = self.case;
        let ev = case
            .evaluations
            .get(&record.evaluation)
            .ok_or_else(|| Error::not_found("evaluation", record.evaluation))?;
        if ev.held.is_some() {
            return Err(self.lifecycle(format!(
                "evaluation {} has already been held",
                record.evaluation
            )));
        }
        date_in_range("held_on", record.held_on)?;
        if record.held_on > self.at.date_naive() {
            return Err(self.violation(
                Rule::TimeOrder,
                "an evaluation is recorded after it was held",
                [record.evaluation.to_string()],
            ));
        }
        self.known(record.convened_by)?;
        list_within_limit("present", &record.present)?;
        unique(record.present.iter().copied())?;
        for p in &record.present {
            self.known(*p)?;
        }
        list_within_limit("reviews", &record.reviews)?;
        for r in &record.reviews {
            optional_text("reviews.note", &r.note)?;
        }
        unique(record.reviews.iter().map(|r| r.agreement))?;
        let plan = case
            .plan_in_force()
            .ok_or_else(|| self.lifecycle("no plan in force"))?;
        let agreements: BTreeSet<AgreementId> =
            plan.content.agreements.iter().map(|a| a.id).collect();
        let reviewed: BTreeSet<AgreementId> = record.reviews.iter().map(|r| r.agreement).collect();
        let odd: Vec<String> = agreements
            .symmetric_difference(&reviewed)
            .map(|i| i.to_string())
            .collect();
        if !odd.is_empty() {
            return Err(self.violation(
                Rule::EvaluationComplete,
                "an evaluation reviews every agreement of the plan in force, and nothing else",
                odd,
            ));
        }
        Ok(())
    }
}
