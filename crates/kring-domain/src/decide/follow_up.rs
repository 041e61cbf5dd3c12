//! Follow-up and the ending: the accepted plan goes out with every framework, evaluations
//! review it, signals are raised between them; the case closes, or the family withdraws
//! before a plan is accepted; satisfaction is scored.

use std::collections::BTreeSet;

use super::common::{Checker, unique, unresolved};
use crate::command::*;
use crate::error::{Error, Result, Rule};
use crate::id::*;
use crate::model::*;
use crate::validate::{date_in_range, list_within_limit, optional_text, required_text};

impl Checker<'_> {
    pub(super) fn distribute_plan(
        &self,
        version: u32,
        recipients: &[PersonId],
        frameworks_attached: &[FrameworkId],
    ) -> Result<()> {
        let case = self.case;
        let plan = case
            .plan(version)
            .ok_or_else(|| Error::not_found("plan version", version))?;
        if plan.status != PlanStatus::Accepted {
            return Err(self.lifecycle(format!("plan version {version} is not accepted")));
        }
        if recipients.is_empty() {
            return Err(Error::invalid("recipients", "at least one recipient"));
        }
        list_within_limit("recipients", recipients)?;
        unique(recipients.iter().copied())?;
        for r in recipients {
            self.known(*r)?;
        }
        for f in frameworks_attached {
            if !case.frameworks.contains_key(f) {
                return Err(unresolved("framework", f));
            }
        }
        let missing: Vec<String> = case
            .frameworks
            .keys()
            .filter(|f| !frameworks_attached.contains(f))
            .map(|f| f.to_string())
            .collect();
        if !missing.is_empty() {
            return Err(self.violation(
                Rule::FrameworksAttached,
                "the plan goes out with every safety framework attached",
                missing,
            ));
        }
        Ok(())
    }

    pub(super) fn record_evaluation(&self, record: &EvaluationRecord) -> Result<()> {
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
        if let Some(v) = ev.dropped_in {
            return Err(self.lifecycle(format!(
                "evaluation {} is no longer planned: plan version {v} dropped it",
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
        // Nor held before the plan that planned it was made.
        if let Some(plan) = case.plan(ev.planned_in)
            && record.held_on < plan.submitted_at.date_naive()
        {
            return Err(self.violation(
                Rule::TimeOrder,
                format!(
                    "an evaluation is held on or after the day its plan (version {}) was made",
                    plan.version
                ),
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
        list_within_limit("help_reviews", &record.help_reviews)?;
        unique(record.help_reviews.iter().map(|r| r.help))?;
        for r in &record.help_reviews {
            optional_text("help_reviews.note", &r.note)?;
            self.help_in_force(r.help)?;
        }
        Ok(())
    }

    pub(super) fn raise_signal(
        &self,
        id: SignalId,
        about: &str,
        subject: Option<PersonId>,
    ) -> Result<()> {
        required_text("about", about)?;
        if let Some(p) = subject {
            self.known(p)?;
        }
        if self.case.signals.iter().any(|s| s.id == id) {
            return Err(self.violation(
                Rule::UniqueIds,
                "signal id already used",
                [id.to_string()],
            ));
        }
        Ok(())
    }

    pub(super) fn close_case(&self, note: &Option<String>) -> Result<()> {
        optional_text("note", note)
    }

    pub(super) fn withdraw(&self, reason: &str) -> Result<()> {
        required_text("reason", reason)?;
        if self.case.has_accepted_plan() {
            return Err(self.lifecycle("a case can be withdrawn only until a plan is accepted"));
        }
        Ok(())
    }

    pub(super) fn record_satisfaction(&self, score: u8, person: Option<PersonId>) -> Result<()> {
        if let Some(p) = person {
            self.known(p)?;
        }
        if !(1..=10).contains(&score) {
            return Err(Error::invalid(
                "score",
                format!("{score} is not between 1 and 10"),
            ));
        }
        Ok(())
    }
}
