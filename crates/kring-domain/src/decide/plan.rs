//! The plan: its content (rules 5 and 6, and every reference in it resolves), submitting it
//! at the conference, revising it in follow-up, and assessing it against a safety framework
//! (rule 4).

use std::collections::BTreeSet;

use super::common::{Checker, unique, unresolved};
use crate::command::*;
use crate::error::{Error, Result, Rule};
use crate::id::*;
use crate::kind::CommandKind;
use crate::model::*;
use crate::validate::{date_in_range, list_within_limit, optional_text, required_text};

impl Checker<'_> {
    pub(super) fn submit_plan(&self, content: &PlanContent) -> Result<()> {
        if self.case.current_part() == Some(ConferencePart::Information) {
            return Err(
                self.lifecycle("the plan is made in private time, after the information part")
            );
        }
        if self
            .plan_of_running_conference()
            .is_some_and(|p| p.status == PlanStatus::Accepted)
        {
            return Err(self
                .lifecycle("this conference's plan is already accepted; revise it in follow-up"));
        }
        self.plan_content(content)
    }

    pub(super) fn revise_plan(
        &self,
        content: &PlanContent,
        evaluation: Option<EvaluationId>,
        outside: Option<&OutsideDecision>,
    ) -> Result<()> {
        if let Some(o) = outside {
            if evaluation.is_some() {
                return Err(Error::invalid(
                    "outside",
                    "a revision is decided at an evaluation or outside one, not both",
                ));
            }
            date_in_range("outside.on", o.on)?;
            if o.on > self.at.date_naive() {
                return Err(self.violation(
                    Rule::TimeOrder,
                    "a revision is recorded after it was decided",
                    [],
                ));
            }
            if o.by.is_empty() {
                return Err(self.violation(
                    Rule::PlanByCircle,
                    "a revision outside a meeting names who of the circle decided it",
                    [],
                ));
            }
            list_within_limit("outside.by", &o.by)?;
            if let Some(p) = o.by.iter().find(|p| !self.case.is_in_circle(**p)) {
                return Err(self.violation(
                    Rule::PlanByCircle,
                    "only the circle decides what is in the plan",
                    [p.to_string()],
                ));
            }
        }
        if let Some(e) = evaluation {
            let ev = self
                .case
                .evaluations
                .get(&e)
                .ok_or_else(|| Error::not_found("evaluation", e))?;
            if ev.held.is_none() {
                return Err(self.lifecycle(format!("evaluation {e} has not been held")));
            }
        }
        self.plan_content(content)
    }

    /// The content of a plan version: rules 5 and 6, and every reference resolves.
    fn plan_content(&self, plan: &PlanContent) -> Result<()> {
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
            self.carried_by_circle(a)?;
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
            if let Some(p) = a.for_person.filter(|p| !case.is_main_person(*p)) {
                return Err(self.violation(
                    Rule::ReferencesResolve,
                    "an agreement is for a main person",
                    [a.id.to_string(), p.to_string()],
                ));
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
        self.safeguards(plan)?;
        for e in &plan.evaluations {
            date_in_range("evaluations.planned_on", e.planned_on)?;
        }
        Ok(())
    }

    /// Rule 6: an agreement is carried by named members of the circle.
    fn carried_by_circle(&self, a: &Agreement) -> Result<()> {
        if a.carried_by.is_empty() {
            return Err(self.violation(
                Rule::AgreementsCarriedByCircle,
                "every agreement is carried by named members of the circle",
                [a.id.to_string()],
            ));
        }
        if let Some(p) = a.carried_by.iter().find(|p| !self.case.is_in_circle(**p)) {
            return Err(self.violation(
                Rule::AgreementsCarriedByCircle,
                "an agreement is carried by the circle; help asked of professionals goes in requested_help",
                [a.id.to_string(), p.to_string()],
            ));
        }
        Ok(())
    }

    /// Rule 5: a plan names a monitor and a convener from the network, and at least one
    /// evaluation moment.
    fn safeguards(&self, plan: &PlanContent) -> Result<()> {
        for (name, list) in [("monitor", &plan.monitors), ("convener", &plan.conveners)] {
            if list.is_empty() {
                return Err(self.violation(
                    Rule::PlanSafeguards,
                    format!("a plan names at least one {name} from the network"),
                    [],
                ));
            }
            if let Some(p) = list.iter().find(|p| !self.case.network.contains_key(p)) {
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
        Ok(())
    }

    /// A professional tests the latest plan version against their own framework, in the
    /// presentation or in follow-up: one verdict for every condition (rule 4).
    pub(super) fn assess_plan(
        &self,
        kind: CommandKind,
        version: u32,
        framework: FrameworkId,
        verdicts: &[(ItemId, ConditionVerdict)],
    ) -> Result<()> {
        let case = self.case;
        let f = case
            .frameworks
            .get(&framework)
            .ok_or_else(|| Error::not_found("framework", framework))?;
        self.safe_plan_accepted(kind, Assessing::Framework(framework, f))?;
        let plan = case
            .plan(version)
            .ok_or_else(|| Error::not_found("plan version", version))?;
        if case.latest_plan().map(|p| p.version) != Some(version) {
            return Err(self.lifecycle(format!("plan version {version} has been superseded")));
        }
        if plan.status == PlanStatus::Accepted {
            return Err(self.lifecycle(format!("plan version {version} is already accepted")));
        }
        if plan.not_tested.iter().any(|n| n.framework == framework) {
            return Err(self.violation(
                Rule::SafePlanAccepted,
                format!("framework {framework} was recorded as not tested for version {version}"),
                [framework.to_string()],
            ));
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
        self.safe_plan_accepted(kind, Assessing::Verdicts(verdicts))
    }

    /// Rule 4 in an assessment: only the professional who handed in the framework assesses
    /// against it, and a condition is marked not met only with the reason. (That only
    /// professionals assess is in the permission table.)
    fn safe_plan_accepted(&self, kind: CommandKind, assessing: Assessing<'_>) -> Result<()> {
        match assessing {
            Assessing::Framework(id, f) if f.professional != self.actor.person => {
                Err(Error::PermissionDenied {
                    role: self.actor.role.code().into(),
                    command: kind.name().into(),
                    message: format!(
                        "framework {id} belongs to {}, not {}",
                        f.professional, self.actor.person
                    ),
                    rule: Some(Rule::SafePlanAccepted),
                })
            }
            Assessing::Framework(..) => Ok(()),
            Assessing::Verdicts(verdicts) => {
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
        }
    }
}

impl Checker<'_> {
    /// Rule 4: the coordinator records that a professional did not test the version in
    /// force at the presentation (absent, or silent); from then on that framework does not
    /// hold the version back. Only a framework that would hold it back is recorded.
    pub(super) fn record_not_tested(
        &self,
        version: u32,
        framework: FrameworkId,
        reason: &str,
    ) -> Result<()> {
        let case = self.case;
        let f = case
            .frameworks
            .get(&framework)
            .ok_or_else(|| Error::not_found("framework", framework))?;
        let plan = case
            .plan(version)
            .ok_or_else(|| Error::not_found("plan version", version))?;
        if case.latest_plan().map(|p| p.version) != Some(version) {
            return Err(self.lifecycle(format!("plan version {version} has been superseded")));
        }
        if plan.status != PlanStatus::Presented {
            return Err(self.lifecycle(format!(
                "plan version {version} is {}, not waiting for a test",
                plan.status
            )));
        }
        if case.phase == Phase::Conference
            && case.current_part() != Some(ConferencePart::Presentation)
        {
            return Err(
                self.lifecycle("a plan is tested against the frameworks in the presentation")
            );
        }
        if plan.assessments.iter().any(|a| a.framework == framework) {
            return Err(self.violation(
                Rule::SafePlanAccepted,
                format!("framework {framework} has tested version {version}"),
                [framework.to_string()],
            ));
        }
        if !crate::case::holds_back(plan, f) {
            return Err(self.violation(
                Rule::SafePlanAccepted,
                format!("framework {framework} does not hold version {version} back: it has no conditions"),
                [framework.to_string()],
            ));
        }
        required_text("reason", reason)
    }
}

/// What a check of rule 4 in an assessment is about.
enum Assessing<'a> {
    /// Whose framework it is.
    Framework(FrameworkId, &'a SafetyFramework),
    /// The verdicts given.
    Verdicts(&'a [(ItemId, ConditionVerdict)]),
}
