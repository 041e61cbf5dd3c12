//! Who may make which command ([`CommandKind::roles`]), and whether the actor holds that role
//! in the case ([`authorize`]): decided here and nowhere else.
//! `docs/domain.md` prints the same table; a test checks the two agree.

use crate::case::Case;
use crate::command::{Actor, Command, Role};
use crate::error::{Error, Result, Rule};
use crate::kind::CommandKind;

use Role::*;

impl CommandKind {
    /// The roles that may make a command of this kind. A role missing here may never make it;
    /// [`authorize`] also checks that the actor holds the role in the case.
    pub const fn roles(self) -> &'static [Role] {
        use CommandKind as K;
        match self {
            K::RequestConference => &[MainPerson, Professional, RegionalManager, Administrator],
            K::RegisterOrganisation | K::AddProfessional => {
                &[Professional, Coordinator, RegionalManager, Administrator]
            }
            K::RecordContactDetails | K::AddNetworkMember => {
                &[MainPerson, NetworkMember, Coordinator, RegionalManager]
            }
            K::ShareContactDetails => &[Coordinator, RegionalManager],
            K::WithdrawContactConsent => &[
                MainPerson,
                NetworkMember,
                Professional,
                Coordinator,
                RegionalManager,
                Administrator,
            ],
            K::AssignCoordinator => &[RegionalManager],
            K::RespondToCoordinator => &[MainPerson],
            K::UpdateInvitation
            | K::SetParticipation
            | K::ScheduleConference
            | K::StartConference
            | K::EndConference
            | K::DistributePlan => &[Coordinator],
            K::SubmitFramework | K::AssessPlan => &[Professional],
            K::BeginPart
            | K::RecordAttendance
            | K::SubmitPlan
            | K::RecordEvaluation
            | K::RevisePlan => &[Coordinator, MainPerson, NetworkMember],
            K::RaiseSignal => &[
                MainPerson,
                NetworkMember,
                Professional,
                Coordinator,
                RegionalManager,
            ],
            K::CloseCase | K::RecordSatisfaction => &[Coordinator, RegionalManager, Administrator],
            K::Withdraw => &[MainPerson, Coordinator, RegionalManager, Administrator],
            K::RecordNotTested | K::AddInterpreter => &[Coordinator],
            K::ReplaceCoordinator => &[RegionalManager],
            K::RecordMeasure | K::EndInvolvement => {
                &[Professional, Coordinator, RegionalManager, Administrator]
            }
            K::AddRepresentative => &[MainPerson, Coordinator, RegionalManager, Administrator],
            K::RecordConsent
            | K::AddRelation
            | K::RecordView
            | K::ChooseChair
            | K::RecordArrangement => &[MainPerson, NetworkMember, Coordinator],
            K::RecordInformation => &[Professional, Coordinator],
            K::UpdateHelp | K::RecordMeeting | K::UpdateSignal => {
                &[MainPerson, NetworkMember, Coordinator, Professional]
            }
            // Anyone who knows of a danger may keep a person's whereabouts from someone; only
            // the person, or the coordinator for them, gives them free again.
            K::WithholdDetails => &[
                MainPerson,
                NetworkMember,
                Coordinator,
                RegionalManager,
                Professional,
            ],
            K::LiftWithholding => &[MainPerson, NetworkMember, Coordinator],
            // The organisation that holds the record answers an erasure request.
            K::ErasePerson => &[Coordinator, RegionalManager, Administrator],
            // Who coordinates, or the manager who assigns coordinators, moves the case.
            K::HandOver => &[Coordinator, RegionalManager],
        }
    }

    /// Whether `role` may make a command of this kind.
    pub fn allows(self, role: Role) -> bool {
        self.roles().contains(&role)
    }
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
    if !command.kind().allows(actor.role) {
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
        if actor.on_behalf_of.is_some() {
            return Err(denied(
                actor,
                command,
                "a representative is registered in the case before acting for someone",
                None,
            ));
        }
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
    role_held(case, actor).map_err(|message| denied(actor, command, message, None))
}

/// Whether the actor holds their role in the case: a representative is registered for the
/// main person they act for, a main person is one, a network member is in the network, the
/// coordinator is the assigned one, a professional is registered; a regional manager is
/// neither in the circle nor the coordinator. The reason, when not.
pub(crate) fn role_held(case: &Case, actor: &Actor) -> std::result::Result<(), String> {
    if let Some(represented) = actor.on_behalf_of {
        // A representative acts as the main person they represent, and only as that.
        if actor.role != MainPerson
            || !case.is_main_person(represented)
            || !case.represents(actor.person, represented)
        {
            return Err(format!(
                "{} is not a registered representative of main person {represented} in case {}",
                actor.person, case.id
            ));
        }
        return Ok(());
    }
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
        return Err(format!(
            "{} does not hold the role {} in case {}",
            actor.person, actor.role, case.id
        ));
    }
    Ok(())
}
