//! Rule 7, the lifecycle: the phases in which each command may be made
//! ([`CommandKind::phases`]), defined here and nowhere else. `docs/domain.md` prints the phase
//! table; a test checks the two agree.

use crate::case::Case;
use crate::command::{Command, Phase};
use crate::error::{Error, Result, Rule};
use crate::kind::CommandKind;

impl CommandKind {
    /// The phases in which a command of this kind may be made (rule 7). Empty only for
    /// [`CommandKind::RequestConference`], which opens the case.
    pub const fn phases(self) -> &'static [Phase] {
        use CommandKind as K;
        use Phase::*;
        /// The phases of a running case.
        const OPEN: &[Phase] = &[Requested, Preparation, Conference, FollowUp];
        match self {
            K::RequestConference => &[],
            K::RegisterOrganisation
            | K::AddProfessional
            | K::RecordContactDetails
            | K::ShareContactDetails
            | K::AddNetworkMember => OPEN,
            // Withdrawing consent is always possible: it only ever removes personal data.
            K::WithdrawContactConsent => &[
                Requested,
                Preparation,
                Conference,
                FollowUp,
                Closed,
                Withdrawn,
            ],
            K::AssignCoordinator | K::RespondToCoordinator => &[Requested],
            K::UpdateInvitation | K::SetParticipation => &[Preparation, FollowUp],
            K::SubmitFramework => &[Requested, Preparation, FollowUp],
            K::ScheduleConference | K::StartConference => &[Preparation, FollowUp],
            K::BeginPart | K::RecordAttendance | K::SubmitPlan | K::EndConference => &[Conference],
            K::AssessPlan => &[Conference, FollowUp],
            K::DistributePlan
            | K::RecordEvaluation
            | K::RaiseSignal
            | K::RevisePlan
            | K::CloseCase => &[FollowUp],
            K::Withdraw => &[Requested, Preparation, Conference],
            K::RecordSatisfaction => &[Conference, FollowUp, Closed],
        }
    }
}

/// The phases in which `command` may be made (rule 7).
#[deprecated(note = "use `command.kind().phases()` (`CommandKind::phases`)")]
pub fn allowed_phases(command: &Command) -> &'static [Phase] {
    command.kind().phases()
}

/// Refuses a command made outside its phases (rule 7).
pub(crate) fn check_phase(case: &Case, kind: CommandKind) -> Result<()> {
    if kind.phases().contains(&case.phase) {
        return Ok(());
    }
    Err(Error::rule_violation(
        Rule::Lifecycle,
        format!("{} is not possible in phase {}", kind.name(), case.phase),
        [case.id.to_string()],
    ))
}
