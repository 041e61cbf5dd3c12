//! Who may make which command: the permission table, decided here and nowhere else.
//! `docs/domain.md` prints the same table; a test checks the two agree.

use crate::case::Case;
use crate::command::{Actor, Command, Role};
use crate::error::{Error, Result, Rule};

use Role::*;

/// Roles allowed to make each command, by command name. A role missing from a row may never
/// make that command.
pub const TABLE: &[(&str, &[Role])] = &[
    (
        "request_conference",
        &[MainPerson, Professional, RegionalManager, Administrator],
    ),
    (
        "register_organisation",
        &[Professional, Coordinator, RegionalManager, Administrator],
    ),
    (
        "add_professional",
        &[Professional, Coordinator, RegionalManager, Administrator],
    ),
    (
        "record_contact_details",
        &[MainPerson, NetworkMember, Coordinator, RegionalManager],
    ),
    ("share_contact_details", &[Coordinator, RegionalManager]),
    (
        "withdraw_contact_consent",
        &[
            MainPerson,
            NetworkMember,
            Professional,
            Coordinator,
            RegionalManager,
            Administrator,
        ],
    ),
    ("assign_coordinator", &[RegionalManager]),
    ("respond_to_coordinator", &[MainPerson]),
    (
        "add_network_member",
        &[MainPerson, NetworkMember, Coordinator, RegionalManager],
    ),
    ("update_invitation", &[Coordinator]),
    ("set_participation", &[Coordinator]),
    ("submit_framework", &[Professional]),
    ("schedule_conference", &[Coordinator]),
    ("start_conference", &[Coordinator]),
    ("begin_part", &[Coordinator, MainPerson, NetworkMember]),
    (
        "record_attendance",
        &[Coordinator, MainPerson, NetworkMember],
    ),
    ("submit_plan", &[MainPerson, NetworkMember, Coordinator]),
    ("assess_plan", &[Professional]),
    ("end_conference", &[Coordinator]),
    ("distribute_plan", &[Coordinator]),
    (
        "record_evaluation",
        &[MainPerson, NetworkMember, Coordinator],
    ),
    (
        "raise_signal",
        &[
            MainPerson,
            NetworkMember,
            Professional,
            Coordinator,
            RegionalManager,
        ],
    ),
    ("revise_plan", &[MainPerson, NetworkMember, Coordinator]),
    ("close_case", &[Coordinator, RegionalManager, Administrator]),
    (
        "withdraw",
        &[MainPerson, Coordinator, RegionalManager, Administrator],
    ),
    (
        "record_satisfaction",
        &[Coordinator, RegionalManager, Administrator],
    ),
];

/// The roles allowed to make the command with this name.
pub fn allowed_roles(command: &str) -> &'static [Role] {
    TABLE
        .iter()
        .find(|(name, _)| *name == command)
        .map_or(&[], |(_, roles)| roles)
}

fn denied(
    actor: &Actor,
    command: &Command,
    message: impl Into<String>,
    rule: Option<Rule>,
) -> Error {
    Error::PermissionDenied {
        role: actor.role.code().to_string(),
        command: command.name().to_string(),
        message: message.into(),
        rule,
    }
}

/// Checks the table and that the actor holds the role in the case. `case` is `None` only for
/// the request that opens a case.
pub fn authorize(case: Option<&Case>, actor: &Actor, command: &Command) -> Result<()> {
    if !allowed_roles(command.name()).contains(&actor.role) {
        // Rule 1 is the reason a professional may never write plan content; rule 4 the reason
        // only professionals assess.
        let rule = match command {
            Command::SubmitPlan { .. } | Command::RevisePlan { .. } => Some(Rule::PlanByCircle),
            Command::AssessPlan { .. } => Some(Rule::SafePlanAccepted),
            _ => None,
        };
        return Err(denied(actor, command, "not in the permission table", rule));
    }
    let Some(case) = case else {
        // Opening a case: a main person must be one of the main persons named, a
        // professional must be the referring professional.
        if let Command::RequestConference(req) = command {
            let ok = match actor.role {
                MainPerson => req.main_persons.iter().any(|m| m.person.id == actor.person),
                Professional => matches!(&req.referral,
                    crate::model::Referral::Professional { professional } if professional.person.id == actor.person),
                _ => true,
            };
            if !ok {
                return Err(denied(
                    actor,
                    command,
                    format!("{} is not named in the request in that role", actor.person),
                    None,
                ));
            }
        }
        return Ok(());
    };
    let holds = match actor.role {
        MainPerson => case.is_main_person(actor.person),
        NetworkMember => case.network.contains_key(&actor.person),
        Coordinator => case.is_coordinator(actor.person),
        Professional => case.professionals.contains_key(&actor.person),
        // Regional managers and administrators act for the organisation running conferences;
        // a regional manager must not also be in the circle or the coordinator.
        RegionalManager => !case.is_in_circle(actor.person) && !case.is_coordinator(actor.person),
        Administrator => true,
    };
    if !holds {
        return Err(denied(
            actor,
            command,
            format!(
                "{} does not hold the role {} in case {}",
                actor.person, actor.role, case.id
            ),
            None,
        ));
    }
    Ok(())
}
