//! [`CommandKind`]: which command, without its content. The typed key of every table about
//! commands: who may make one ([`CommandKind::roles`], in [`crate::permission`]) and in which
//! phases ([`CommandKind::phases`], in [`crate::lifecycle`]). Each of those is an exhaustive
//! `match`, so a new command does not compile until it has a row in both.

use serde::{Deserialize, Serialize};

use crate::command::Command;
use crate::model::code_enum;

code_enum! {
    /// The kind of a [`Command`], in the order of its variants. The code is the command's
    /// stable snake_case name, which is also its serde tag.
    CommandKind {
        /// [`Command::RequestConference`]
        RequestConference = "request_conference",
        /// [`Command::RegisterOrganisation`]
        RegisterOrganisation = "register_organisation",
        /// [`Command::AddProfessional`]
        AddProfessional = "add_professional",
        /// [`Command::RecordContactDetails`]
        RecordContactDetails = "record_contact_details",
        /// [`Command::ShareContactDetails`]
        ShareContactDetails = "share_contact_details",
        /// [`Command::WithdrawContactConsent`]
        WithdrawContactConsent = "withdraw_contact_consent",
        /// [`Command::AssignCoordinator`]
        AssignCoordinator = "assign_coordinator",
        /// [`Command::RespondToCoordinator`]
        RespondToCoordinator = "respond_to_coordinator",
        /// [`Command::AddNetworkMember`]
        AddNetworkMember = "add_network_member",
        /// [`Command::UpdateInvitation`]
        UpdateInvitation = "update_invitation",
        /// [`Command::SetParticipation`]
        SetParticipation = "set_participation",
        /// [`Command::SubmitFramework`]
        SubmitFramework = "submit_framework",
        /// [`Command::ScheduleConference`]
        ScheduleConference = "schedule_conference",
        /// [`Command::StartConference`]
        StartConference = "start_conference",
        /// [`Command::BeginPart`]
        BeginPart = "begin_part",
        /// [`Command::RecordAttendance`]
        RecordAttendance = "record_attendance",
        /// [`Command::SubmitPlan`]
        SubmitPlan = "submit_plan",
        /// [`Command::AssessPlan`]
        AssessPlan = "assess_plan",
        /// [`Command::EndConference`]
        EndConference = "end_conference",
        /// [`Command::DistributePlan`]
        DistributePlan = "distribute_plan",
        /// [`Command::RecordEvaluation`]
        RecordEvaluation = "record_evaluation",
        /// [`Command::RaiseSignal`]
        RaiseSignal = "raise_signal",
        /// [`Command::RevisePlan`]
        RevisePlan = "revise_plan",
        /// [`Command::CloseCase`]
        CloseCase = "close_case",
        /// [`Command::Withdraw`]
        Withdraw = "withdraw",
        /// [`Command::RecordSatisfaction`]
        RecordSatisfaction = "record_satisfaction",
        /// [`Command::RecordNotTested`]
        RecordNotTested = "record_not_tested",
        /// [`Command::RecordMeasure`]
        RecordMeasure = "record_measure",
        /// [`Command::AddRepresentative`]
        AddRepresentative = "add_representative",
        /// [`Command::RecordConsent`]
        RecordConsent = "record_consent",
        /// [`Command::AddRelation`]
        AddRelation = "add_relation",
        /// [`Command::RecordInformation`]
        RecordInformation = "record_information",
        /// [`Command::RecordView`]
        RecordView = "record_view",
        /// [`Command::AddInterpreter`]
        AddInterpreter = "add_interpreter",
        /// [`Command::ChooseChair`]
        ChooseChair = "choose_chair",
        /// [`Command::UpdateHelp`]
        UpdateHelp = "update_help",
        /// [`Command::EndInvolvement`]
        EndInvolvement = "end_involvement",
        /// [`Command::RecordMeeting`]
        RecordMeeting = "record_meeting",
        /// [`Command::UpdateSignal`]
        UpdateSignal = "update_signal",
        /// [`Command::ReplaceCoordinator`]
        ReplaceCoordinator = "replace_coordinator",
        /// [`Command::RecordArrangement`]
        RecordArrangement = "record_arrangement",
        /// [`Command::WithholdDetails`]
        WithholdDetails = "withhold_details",
        /// [`Command::LiftWithholding`]
        LiftWithholding = "lift_withholding",
        /// [`Command::ErasePerson`]
        ErasePerson = "erase_person",
        /// [`Command::HandOver`]
        HandOver = "hand_over",
    }
}

impl CommandKind {
    /// The stable snake_case name of the command (the same as [`CommandKind::code`] and the
    /// command's serde tag). Parse one back with [`str::parse`].
    pub const fn name(self) -> &'static str {
        self.code()
    }
}

impl Command {
    /// The kind of this command.
    pub const fn kind(&self) -> CommandKind {
        use CommandKind as K;
        match self {
            Command::RequestConference(_) => K::RequestConference,
            Command::RegisterOrganisation { .. } => K::RegisterOrganisation,
            Command::AddProfessional { .. } => K::AddProfessional,
            Command::RecordContactDetails { .. } => K::RecordContactDetails,
            Command::ShareContactDetails { .. } => K::ShareContactDetails,
            Command::WithdrawContactConsent { .. } => K::WithdrawContactConsent,
            Command::AssignCoordinator { .. } => K::AssignCoordinator,
            Command::RespondToCoordinator { .. } => K::RespondToCoordinator,
            Command::AddNetworkMember { .. } => K::AddNetworkMember,
            Command::UpdateInvitation { .. } => K::UpdateInvitation,
            Command::SetParticipation { .. } => K::SetParticipation,
            Command::SubmitFramework { .. } => K::SubmitFramework,
            Command::ScheduleConference { .. } => K::ScheduleConference,
            Command::StartConference => K::StartConference,
            Command::BeginPart { .. } => K::BeginPart,
            Command::RecordAttendance { .. } => K::RecordAttendance,
            Command::SubmitPlan { .. } => K::SubmitPlan,
            Command::AssessPlan { .. } => K::AssessPlan,
            Command::EndConference => K::EndConference,
            Command::DistributePlan { .. } => K::DistributePlan,
            Command::RecordEvaluation { .. } => K::RecordEvaluation,
            Command::RaiseSignal { .. } => K::RaiseSignal,
            Command::RevisePlan { .. } => K::RevisePlan,
            Command::CloseCase { .. } => K::CloseCase,
            Command::Withdraw { .. } => K::Withdraw,
            Command::RecordSatisfaction { .. } => K::RecordSatisfaction,
            Command::RecordNotTested { .. } => K::RecordNotTested,
            Command::RecordMeasure { .. } => K::RecordMeasure,
            Command::AddRepresentative { .. } => K::AddRepresentative,
            Command::RecordConsent { .. } => K::RecordConsent,
            Command::AddRelation { .. } => K::AddRelation,
            Command::RecordInformation { .. } => K::RecordInformation,
            Command::RecordView { .. } => K::RecordView,
            Command::AddInterpreter { .. } => K::AddInterpreter,
            Command::ChooseChair { .. } => K::ChooseChair,
            Command::UpdateHelp { .. } => K::UpdateHelp,
            Command::EndInvolvement { .. } => K::EndInvolvement,
            Command::RecordMeeting { .. } => K::RecordMeeting,
            Command::UpdateSignal { .. } => K::UpdateSignal,
            Command::ReplaceCoordinator { .. } => K::ReplaceCoordinator,
            Command::RecordArrangement { .. } => K::RecordArrangement,
            Command::WithholdDetails { .. } => K::WithholdDetails,
            Command::LiftWithholding { .. } => K::LiftWithholding,
            Command::ErasePerson { .. } => K::ErasePerson,
            Command::HandOver { .. } => K::HandOver,
        }
    }

    /// The stable snake_case name of the command (also its serde tag).
    pub const fn name(&self) -> &'static str {
        self.kind().name()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The variants of [`Command`] as serde knows them, in order: the names it lists when it
    /// refuses an unknown one.
    fn command_variants() -> Vec<String> {
        let err = serde_json::from_str::<Command>(r#"{"no_such_command": null}"#)
            .unwrap_err()
            .to_string();
        let list = err
            .split_once("expected one of ")
            .unwrap_or_else(|| panic!("unexpected serde error: {err}"))
            .1;
        list.split(", ")
            .map(|s| s.split('`').nth(1).unwrap().to_string())
            .collect()
    }

    #[test]
    fn every_command_has_exactly_one_kind_in_the_same_order() {
        let names: Vec<&str> = CommandKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(
            names,
            command_variants(),
            "CommandKind::ALL follows Command"
        );
        let unique: BTreeSet<_> = names.iter().collect();
        assert_eq!(unique.len(), CommandKind::ALL.len(), "names are unique");
        for &kind in CommandKind::ALL {
            assert_eq!(kind.name().parse::<CommandKind>().unwrap(), kind);
            assert_eq!(kind.to_string(), kind.name());
        }
        assert!("no_such_command".parse::<CommandKind>().is_err());
    }

    #[test]
    fn a_command_names_its_kind() {
        assert_eq!(
            Command::StartConference.kind(),
            CommandKind::StartConference
        );
        assert_eq!(Command::EndConference.name(), "end_conference");
        let revise = Command::RevisePlan {
            content: Default::default(),
            evaluation: None,
            outside: None,
        };
        assert_eq!(revise.kind(), CommandKind::RevisePlan);
        assert_eq!(revise.name(), "revise_plan");
    }
}
