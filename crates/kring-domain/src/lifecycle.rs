//! Rule 7, the lifecycle: the graph of phases ([`Phase::successors`]) and the phases in which
//! each command may be made ([`CommandKind::phases`]). Both are defined here and nowhere else:
//! the checker refuses a command outside its phases, [`crate::invariants`] checks every phase
//! history against the graph, and a test checks that every command that moves a case moves it
//! along an edge of the graph. `docs/domain.md` prints the phase table; a test checks the two
//! agree.

use crate::case::Case;
use crate::command::{Command, Phase};
use crate::error::{Error, Result, Rule};
use crate::kind::CommandKind;

impl Phase {
    /// The phases a case may move to from this one (rule 7):
    ///
    /// - requested → preparation (the family accepts the coordinator) or withdrawn;
    /// - preparation → conference (the conference starts) or withdrawn;
    /// - conference → follow-up (the conference ends with an accepted plan) or withdrawn;
    /// - follow-up → conference (a follow-up conference) or closed;
    /// - closed and withdrawn are final.
    pub const fn successors(self) -> &'static [Phase] {
        use Phase::*;
        match self {
            Requested => &[Preparation, Withdrawn],
            Preparation => &[Conference, Withdrawn],
            Conference => &[FollowUp, Withdrawn],
            FollowUp => &[Conference, Closed],
            Closed | Withdrawn => &[],
        }
    }

    /// Whether the lifecycle allows going from this phase to `to` (rule 7).
    pub fn can_go_to(self, to: Phase) -> bool {
        self.successors().contains(&to)
    }
}

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
            // Withdrawing consent, keeping details from someone and erasing a person are
            // always possible: the personal data stays in the record after the case ends.
            K::WithdrawContactConsent
            | K::WithholdDetails
            | K::LiftWithholding
            | K::ErasePerson
            | K::HandOver => Phase::ALL,
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
            K::RecordNotTested => &[Conference, FollowUp],
            // A measure can change after the case closed (a supervision order ends).
            K::RecordMeasure => &[Requested, Preparation, Conference, FollowUp, Closed],
            K::AddRepresentative
            | K::RecordConsent
            | K::AddRelation
            | K::RecordView
            | K::EndInvolvement
            | K::RecordMeeting => OPEN,
            K::RecordInformation | K::ChooseChair => &[Conference],
            K::AddInterpreter | K::ReplaceCoordinator => &[Preparation, Conference, FollowUp],
            K::UpdateHelp | K::UpdateSignal => &[FollowUp],
            K::RecordArrangement => &[Requested, Preparation, Conference],
        }
    }

    /// The phase an accepted command of this kind moves the case into, if it moves it at all
    /// ([`CommandKind::RespondToCoordinator`] only when the family accepts).
    pub const fn enters(self) -> Option<Phase> {
        use CommandKind as K;
        match self {
            K::RespondToCoordinator => Some(Phase::Preparation),
            K::StartConference => Some(Phase::Conference),
            K::EndConference => Some(Phase::FollowUp),
            K::CloseCase => Some(Phase::Closed),
            K::Withdraw => Some(Phase::Withdrawn),
            // A request opens a case in `requested`: it enters no phase from another.
            K::RequestConference
            | K::RegisterOrganisation
            | K::AddProfessional
            | K::RecordContactDetails
            | K::ShareContactDetails
            | K::WithdrawContactConsent
            | K::AssignCoordinator
            | K::AddNetworkMember
            | K::UpdateInvitation
            | K::SetParticipation
            | K::SubmitFramework
            | K::ScheduleConference
            | K::BeginPart
            | K::RecordAttendance
            | K::SubmitPlan
            | K::AssessPlan
            | K::DistributePlan
            | K::RecordEvaluation
            | K::RaiseSignal
            | K::RevisePlan
            | K::RecordSatisfaction
            | K::RecordNotTested
            | K::RecordMeasure
            | K::AddRepresentative
            | K::RecordConsent
            | K::AddRelation
            | K::RecordInformation
            | K::RecordView
            | K::AddInterpreter
            | K::ChooseChair
            | K::UpdateHelp
            | K::EndInvolvement
            | K::RecordMeeting
            | K::UpdateSignal
            | K::ReplaceCoordinator
            | K::RecordArrangement
            | K::WithholdDetails
            | K::LiftWithholding
            | K::ErasePerson
            | K::HandOver => None,
        }
    }
}

impl Command {
    /// The phase this command moves the case into once accepted, if any: the
    /// [`CommandKind::enters`] of its kind, except that a family declining the coordinator
    /// stays in `requested`.
    pub(crate) fn enters(&self) -> Option<Phase> {
        match self {
            Command::RespondToCoordinator { accepted: false } => None,
            command => command.kind().enters(),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_that_moves_a_case_moves_it_along_the_graph() {
        for &kind in CommandKind::ALL {
            let Some(to) = kind.enters() else { continue };
            for &from in kind.phases() {
                assert!(
                    from.can_go_to(to),
                    "{kind} in phase {from} would enter {to}, which the lifecycle does not allow"
                );
            }
        }
    }

    #[test]
    fn every_phase_is_reached_and_only_the_endings_are_final() {
        for &phase in Phase::ALL {
            let reached = phase == Phase::Requested
                || Phase::ALL.iter().any(|p| p.successors().contains(&phase));
            assert!(reached, "{phase} is never reached");
            let is_final = matches!(phase, Phase::Closed | Phase::Withdrawn);
            assert_eq!(phase.successors().is_empty(), is_final, "{phase}");
        }
    }
}
