//! How large a case may grow. Real circles are small (the largest booklet case has 30
//! people); community conferences around a street or a school bring more. Every limit here
//! is generous for those, and keeps what one case costs to store, read and change bounded,
//! so that a careless or hostile caller cannot make every later command on a case slow.
//!
//! A command that would take a case past a limit is refused with the rule
//! [`Rule::CaseLimits`] (code `case_limits`), naming the case; nothing changes. Each list a
//! single command carries is limited separately ([`crate::validate::MAX_ITEMS`]).

use crate::case::Case;
use crate::command::Command;
use crate::error::{Error, Result, Rule};

/// Events in one case's history.
pub const MAX_EVENTS: u64 = 20_000;
/// People with a role in one case: main persons, the network, professionals and the
/// coordinator together.
pub const MAX_PEOPLE: usize = 1_000;
/// Organisations registered in one case.
pub const MAX_ORGANISATIONS: usize = 200;
/// Safety frameworks handed in for one case.
pub const MAX_FRAMEWORKS: usize = 200;
/// Conferences of one case (the first and follow-up conferences).
pub const MAX_CONFERENCES: usize = 100;
/// Parts of one conference (private time can be gone back to).
pub const MAX_PARTS: usize = 100;
/// Plan versions of one case.
pub const MAX_PLAN_VERSIONS: usize = 200;
/// Evaluation moments planned over all plan versions of one case.
pub const MAX_EVALUATIONS: usize = 2_000;
/// Signals raised in one case.
pub const MAX_SIGNALS: usize = 2_000;
/// Times contact details were passed on in one case.
pub const MAX_CONTACT_SHARES: usize = 10_000;
/// Times a plan version was handed out in one case.
pub const MAX_DISTRIBUTIONS: usize = 2_000;
/// Satisfaction scores recorded in one case.
pub const MAX_SATISFACTION: usize = 2_000;

/// Every limit, by name, for the docs.
pub const ALL: &[(&str, usize)] = &[
    ("events", MAX_EVENTS as usize),
    ("people", MAX_PEOPLE),
    ("organisations", MAX_ORGANISATIONS),
    ("frameworks", MAX_FRAMEWORKS),
    ("conferences", MAX_CONFERENCES),
    ("parts of a conference", MAX_PARTS),
    ("plan versions", MAX_PLAN_VERSIONS),
    ("evaluation moments", MAX_EVALUATIONS),
    ("signals", MAX_SIGNALS),
    ("contact shares", MAX_CONTACT_SHARES),
    ("distributions", MAX_DISTRIBUTIONS),
    ("satisfaction scores", MAX_SATISFACTION),
];

/// Every limit by its key, the name with underscores for spaces (`parts_of_a_conference`):
/// the names the bindings export (`kring.LIMITS`, `LIMITS`).
pub fn by_key() -> impl Iterator<Item = (String, usize)> {
    ALL.iter().map(|(name, max)| (name.replace(' ', "_"), *max))
}

/// People with a role in the case (without sorting them: this runs for every command).
fn people(case: &Case) -> usize {
    case.main_persons.len()
        + case.network.len()
        + case.professionals.len()
        + usize::from(case.coordinator.is_some())
}

/// Refuses `command` when it would take `case` past one of its limits.
pub(crate) fn check(case: &Case, command: &Command) -> Result<()> {
    let full = |what: &str, limit: usize| {
        Err(Error::rule_violation(
            Rule::CaseLimits,
            format!("the case already has {limit} {what}, the most one case may hold"),
            [case.id.to_string()],
        ))
    };
    if case.version >= MAX_EVENTS {
        return full("events", MAX_EVENTS as usize);
    }
    let (what, now, adds, limit) = match command {
        Command::AddNetworkMember { .. }
        | Command::AddProfessional { .. }
        | Command::AssignCoordinator { .. } => ("people", people(case), 1, MAX_PEOPLE),
        Command::RegisterOrganisation { .. } => (
            "organisations",
            case.organisations.len(),
            1,
            MAX_ORGANISATIONS,
        ),
        Command::SubmitFramework { .. } => ("frameworks", case.frameworks.len(), 1, MAX_FRAMEWORKS),
        Command::ScheduleConference { .. } => {
            ("conferences", case.conferences.len(), 1, MAX_CONFERENCES)
        }
        Command::BeginPart { .. } => (
            "parts in this conference",
            case.conferences.last().map_or(0, |c| c.parts.len()),
            1,
            MAX_PARTS,
        ),
        Command::SubmitPlan { content } | Command::RevisePlan { content, .. } => {
            if case.plans.len() >= MAX_PLAN_VERSIONS {
                return full("plan versions", MAX_PLAN_VERSIONS);
            }
            (
                "evaluation moments",
                case.evaluations.len(),
                content.evaluations.len(),
                MAX_EVALUATIONS,
            )
        }
        Command::RaiseSignal { .. } => ("signals", case.signals.len(), 1, MAX_SIGNALS),
        Command::ShareContactDetails { .. } => (
            "contact shares",
            case.contact_shares.len(),
            1,
            MAX_CONTACT_SHARES,
        ),
        Command::DistributePlan { .. } => (
            "distributions",
            case.distributions.len(),
            1,
            MAX_DISTRIBUTIONS,
        ),
        Command::RecordSatisfaction { .. } => (
            "satisfaction scores",
            case.satisfaction.len(),
            1,
            MAX_SATISFACTION,
        ),
        _ => return Ok(()),
    };
    if now + adds > limit {
        return full(what, limit);
    }
    Ok(())
}
