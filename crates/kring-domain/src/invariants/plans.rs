//! The invariants of plans (rules 1, 4, 5 and 6) and of follow-up: evaluations,
//! distributions, satisfaction scores and signals.

use std::collections::BTreeSet;

use super::Broken;
use crate::case::{Case, derive_status};
use crate::error::Rule;
use crate::model::*;

pub(super) fn check_plans(case: &Case) -> Result<(), Broken> {
    for (i, p) in case.plans.iter().enumerate() {
        ensure!(
            p.version as usize == i + 1,
            Rule::Lifecycle,
            "plan versions out of order"
        );
        // The coordinator then, who may since have been replaced, as scribe.
        let was_coordinator = case.is_coordinator(p.written_by)
            || case
                .former_coordinators
                .iter()
                .any(|f| f.assignment.coordinator.person.id == p.written_by);
        let scribe = was_coordinator && p.by_scribe;
        ensure!(
            case.is_in_circle(p.written_by) || scribe,
            Rule::PlanByCircle,
            "version {} written by {}",
            p.version,
            p.written_by
        );
        let c = &p.content;
        ensure!(
            !c.monitors.is_empty() && !c.conveners.is_empty() && !c.evaluations.is_empty(),
            Rule::PlanSafeguards,
            "version {}",
            p.version
        );
        ensure!(
            c.monitors
                .iter()
                .chain(&c.conveners)
                .all(|m| case.network.contains_key(m)),
            Rule::PlanSafeguards,
            "monitor or convener outside the network in version {}",
            p.version
        );
        for a in &c.agreements {
            ensure!(
                !a.carried_by.is_empty() && a.carried_by.iter().all(|m| case.is_in_circle(*m)),
                Rule::AgreementsCarriedByCircle,
                "agreement {} in version {}",
                a.id,
                p.version
            );
        }
        for a in &p.assessments {
            let all_met = a
                .verdicts
                .values()
                .all(|v| matches!(v, ConditionVerdict::Met));
            ensure!(
                a.accepted == all_met,
                Rule::SafePlanAccepted,
                "assessment of version {} decided against its verdicts",
                p.version
            );
            for v in a.verdicts.values() {
                if let ConditionVerdict::NotMet { reason } = v {
                    ensure!(
                        !reason.trim().is_empty(),
                        Rule::SafePlanAccepted,
                        "refusal without a reason"
                    );
                }
            }
        }
        if p.status == PlanStatus::Accepted {
            ensure!(
                p.assessments.iter().all(|a| a.accepted),
                Rule::SafePlanAccepted,
                "accepted over a refusal"
            );
        }
        if p.status != PlanStatus::Superseded
            && i + 1 == case.plans.len()
            && p.status != PlanStatus::Accepted
        {
            // Only the latest, live version is compared: frameworks may be added later.
            let expected = derive_status(p, &case.frameworks);
            ensure!(
                p.status == expected,
                Rule::SafePlanAccepted,
                "version {} is {} but should be {}",
                p.version,
                p.status,
                expected
            );
        }
    }
    Ok(())
}

pub(super) fn check_follow_up(case: &Case) -> Result<(), Broken> {
    for e in case.evaluations.values() {
        ensure!(
            case.plan(e.planned_in).is_some_and(|p| p
                .content
                .evaluations
                .iter()
                .any(|m| m.id == e.id)),
            Rule::ReferencesResolve,
            "evaluation {} not planned in version {}",
            e.id,
            e.planned_in
        );
        if let Some(v) = e.dropped_in {
            ensure!(
                e.held.is_none()
                    && v > e.planned_in
                    && case
                        .plan(v)
                        .is_some_and(|p| p.status == PlanStatus::Accepted
                            && !p.content.evaluations.iter().any(|m| m.id == e.id)),
                Rule::Lifecycle,
                "evaluation {} dropped by version {v}, which does not drop it",
                e.id
            );
        }
        if let Some(h) = &e.held {
            let plan = case.plan(h.plan_version);
            ensure!(
                plan.is_some(),
                Rule::ReferencesResolve,
                "evaluation of unknown version"
            );
            let agreements: BTreeSet<_> = plan
                .unwrap()
                .content
                .agreements
                .iter()
                .map(|a| a.id)
                .collect();
            let reviewed: BTreeSet<_> = h.reviews.iter().map(|r| r.agreement).collect();
            ensure!(
                agreements == reviewed,
                Rule::EvaluationComplete,
                "evaluation {} does not review every agreement",
                e.id
            );
        }
    }
    for d in &case.distributions {
        ensure!(
            case.plan(d.version)
                .is_some_and(|p| p.status == PlanStatus::Accepted),
            Rule::Lifecycle,
            "distributed a plan that is not accepted"
        );
    }
    ensure!(
        case.satisfaction
            .iter()
            .all(|s| (1..=10).contains(&s.score)),
        Rule::Lifecycle,
        "satisfaction score out of range"
    );
    ensure!(
        case.signals
            .iter()
            .all(|s| s.resolution.is_some() == s.resolved_at.is_some()),
        Rule::Lifecycle,
        "a signal is resolved exactly when it has a resolution"
    );
    let asked: BTreeSet<_> = case
        .plans
        .iter()
        .flat_map(|p| p.content.requested_help.iter().map(|h| h.id))
        .collect();
    ensure!(
        case.help.iter().all(|h| asked.contains(&h.help)),
        Rule::ReferencesResolve,
        "an update of help no plan asked"
    );
    let signals: BTreeSet<_> = case.signals.iter().map(|s| s.id).collect();
    ensure!(
        signals.len() == case.signals.len(),
        Rule::UniqueIds,
        "signal ids not unique"
    );
    Ok(())
}
