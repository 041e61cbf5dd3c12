//! Structural invariants of a case state. They hold after every accepted command; the
//! property tests check them after every step and the store's `verify` on every case.
//! Each check names the rule it protects.

use std::collections::BTreeSet;

use crate::case::Case;
use crate::command::Phase;
use crate::model::*;

/// A broken invariant: the rule it protects and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub rule: &'static str,
    pub detail: String,
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.rule, self.detail)
    }
}

macro_rules! ensure {
    ($cond:expr, $rule:expr, $($fmt:tt)*) => {
        if !$cond {
            return Err(Broken { rule: $rule.code(), detail: format!($($fmt)*) });
        }
    };
}

use crate::error::Rule;

mod plans;
use plans::{check_follow_up, check_plans};

/// Checks every invariant; returns the first broken one.
pub fn check(case: &Case) -> Result<(), Broken> {
    check_lifecycle(case)?;
    check_people(case)?;
    check_conferences(case)?;
    check_plans(case)?;
    check_follow_up(case)?;
    Ok(())
}

fn check_lifecycle(case: &Case) -> Result<(), Broken> {
    ensure!(
        case.version >= 1,
        Rule::Lifecycle,
        "version {} < 1",
        case.version
    );
    ensure!(
        case.updated_at >= case.requested_at,
        Rule::TimeOrder,
        "updated before requested"
    );
    ensure!(
        case.phases.first().map(|p| p.phase) == Some(Phase::Requested),
        Rule::Lifecycle,
        "the first phase is not requested"
    );
    ensure!(
        case.phases.last().map(|p| p.phase) == Some(case.phase),
        Rule::Lifecycle,
        "phase differs from the phase history"
    );
    for w in case.phases.windows(2) {
        ensure!(
            w[0].phase.can_go_to(w[1].phase),
            Rule::Lifecycle,
            "{} → {}",
            w[0].phase,
            w[1].phase
        );
        ensure!(
            w[0].at <= w[1].at,
            Rule::TimeOrder,
            "phase times go backwards"
        );
    }
    ensure!(
        case.phases.iter().all(|p| p.at <= case.updated_at),
        Rule::TimeOrder,
        "phase after the last change"
    );
    match (&case.ending, case.phase) {
        (None, p) => ensure!(
            !matches!(p, Phase::Closed | Phase::Withdrawn),
            Rule::Lifecycle,
            "ended without an ending"
        ),
        (Some(Ending::Closed { .. }), p) => {
            ensure!(p == Phase::Closed, Rule::Lifecycle, "closing in phase {p}")
        }
        (Some(Ending::Withdrawn { .. }), p) => {
            ensure!(
                p == Phase::Withdrawn,
                Rule::Lifecycle,
                "withdrawal in phase {p}"
            );
            ensure!(
                !case.has_accepted_plan(),
                Rule::Lifecycle,
                "withdrawn after a plan was accepted"
            );
        }
    }
    if matches!(case.phase, Phase::FollowUp | Phase::Closed) {
        ensure!(
            case.has_accepted_plan(),
            Rule::Lifecycle,
            "follow-up without an accepted plan"
        );
    }
    ensure!(
        case.coordinator.is_some()
            || case.phase == Phase::Requested
            || case.phase == Phase::Withdrawn,
        Rule::Lifecycle,
        "past the request without a coordinator"
    );
    Ok(())
}

fn check_people(case: &Case) -> Result<(), Broken> {
    let main: BTreeSet<_> = case.main_persons.iter().map(|m| m.person.id).collect();
    ensure!(
        main.len() == case.main_persons.len() && !main.is_empty(),
        Rule::UniqueIds,
        "main persons not unique"
    );
    for id in case.network.keys() {
        ensure!(
            !main.contains(id),
            Rule::UniqueIds,
            "{id} is main person and network member"
        );
        ensure!(
            !case.professionals.contains_key(id),
            Rule::UniqueIds,
            "{id} is network member and professional"
        );
    }
    for id in case.professionals.keys() {
        ensure!(
            !main.contains(id),
            Rule::UniqueIds,
            "{id} is main person and professional"
        );
    }
    for (id, m) in &case.network {
        ensure!(
            m.person.id == *id,
            Rule::UniqueIds,
            "network key {id} differs from person"
        );
        ensure!(
            !m.relations.is_empty(),
            Rule::ReferencesResolve,
            "{id} has no relation"
        );
        for r in &m.relations {
            ensure!(
                r.to != *id && case.is_in_circle(r.to),
                Rule::ReferencesResolve,
                "{id} relates to {} who is not someone else in the circle",
                r.to
            );
        }
    }
    for (id, i) in &case.interpreters {
        ensure!(
            i.person.id == *id,
            Rule::UniqueIds,
            "interpreter key {id} differs from person"
        );
        ensure!(
            !case.is_in_circle(*id)
                && !case.professionals.contains_key(id)
                && !case.is_coordinator(*id),
            Rule::UniqueIds,
            "interpreter {id} holds another role"
        );
    }
    for r in &case.representatives {
        ensure!(
            main.contains(&r.for_person) && case.is_in_circle(r.person) && r.person != r.for_person,
            Rule::ReferencesResolve,
            "{} cannot represent {}",
            r.person,
            r.for_person
        );
    }
    for id in case.main_participation.keys() {
        ensure!(
            main.contains(id),
            Rule::ReferencesResolve,
            "participation of {id}, who is not a main person"
        );
    }
    for c in &case.consents {
        ensure!(
            case.is_in_circle(c.person),
            Rule::ReferencesResolve,
            "consent of {} who is not in the circle",
            c.person
        );
    }
    for (id, m) in &case.measures {
        ensure!(
            m.id == *id
                && !m.history.is_empty()
                && m.concerns.iter().all(|p| case.is_in_circle(*p)),
            Rule::ReferencesResolve,
            "measure {id} is incomplete or concerns someone outside the circle"
        );
    }
    for (id, p) in &case.professionals {
        ensure!(
            p.person.id == *id,
            Rule::UniqueIds,
            "professional key {id} differs from person"
        );
        ensure!(
            case.organisations.contains_key(&p.organisation),
            Rule::ReferencesResolve,
            "{} unknown",
            p.organisation
        );
    }
    if let Some(c) = &case.coordinator {
        let id = c.coordinator.person.id;
        ensure!(
            !case.is_in_circle(id) && !case.professionals.contains_key(&id),
            Rule::CoordinatorIndependent,
            "coordinator {id} holds another role"
        );
        let helping = case.helping_organisations();
        ensure!(
            c.coordinator
                .affiliations
                .iter()
                .all(|a| !helping.contains(a)),
            Rule::CoordinatorIndependent,
            "coordinator affiliated with a helping organisation"
        );
    }
    for id in case.contacts.keys() {
        ensure!(
            case.knows(*id),
            Rule::ContactConsent,
            "contact details of unknown {id}"
        );
    }
    let variant_ok = if case.variant == Variant::Restorative {
        case.main_persons.iter().all(|m| m.party.is_some())
            && case
                .main_persons
                .iter()
                .any(|m| m.party == Some(Party::Harmed))
            && case
                .main_persons
                .iter()
                .any(|m| m.party == Some(Party::Responsible))
    } else {
        case.main_persons.iter().all(|m| m.party.is_none())
    };
    ensure!(
        variant_ok,
        Rule::CaseParties,
        "parties do not fit the variant"
    );
    let mut items = BTreeSet::new();
    for (id, _) in case.items() {
        ensure!(items.insert(id), Rule::UniqueIds, "item {id} appears twice");
    }
    for f in case.frameworks.values() {
        ensure!(
            case.professionals.contains_key(&f.professional),
            Rule::ReferencesResolve,
            "framework of unknown professional"
        );
    }
    Ok(())
}

fn check_conferences(case: &Case) -> Result<(), Broken> {
    let n = case.conferences.len();
    for (i, c) in case.conferences.iter().enumerate() {
        ensure!(
            c.number as usize == i + 1,
            Rule::Lifecycle,
            "conference numbers out of order"
        );
        ensure!(
            i + 1 == n || c.ended_at.is_some(),
            Rule::Lifecycle,
            "an earlier conference never ended"
        );
        if let Some(first) = c.parts.first() {
            ensure!(
                first.part == ConferencePart::Information,
                Rule::Lifecycle,
                "conference {} starts with {}",
                c.number,
                first.part
            );
        }
        for w in c.parts.windows(2) {
            use ConferencePart::*;
            let ok = matches!(
                (w[0].part, w[1].part),
                (Information, PrivateTime)
                    | (PrivateTime, Presentation)
                    | (Presentation, PrivateTime)
            );
            ensure!(ok, Rule::Lifecycle, "{} → {}", w[0].part, w[1].part);
            ensure!(
                w[0].ended_at == Some(w[1].started_at),
                Rule::TimeOrder,
                "parts overlap"
            );
        }
        for p in &c.parts {
            if p.part == ConferencePart::PrivateTime {
                ensure!(
                    p.present.iter().all(|id| !case.professionals.contains_key(id) && !case.is_coordinator(*id)),
                    Rule::PrivateTime,
                    "a professional or the coordinator present in private time"
                );
            }
        }
        if c.ended_at.is_some() {
            ensure!(
                c.parts.last().map(|p| p.part) == Some(ConferencePart::Presentation),
                Rule::Lifecycle,
                "ended outside the presentation"
            );
        }
    }
    if case.phase == Phase::Conference {
        ensure!(
            case.open_conference().is_some_and(|c| !c.parts.is_empty()),
            Rule::Lifecycle,
            "in conference with none running"
        );
    }
    Ok(())
}
