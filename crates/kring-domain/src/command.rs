//! Commands: every change to a case, made by an actor at a moment. A command is checked
//! against the current state ([`crate::decide`]); an accepted command becomes an [`Event`].

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::id::*;
use crate::model::*;

code_enum! {
    /// The role an actor acts in.
    Role {
        MainPerson = "main_person",
        NetworkMember = "network_member",
        Coordinator = "coordinator",
        RegionalManager = "regional_manager",
        Professional = "professional",
        Administrator = "administrator",
    }
}

/// Who makes a command: a person in a role. The domain checks that the person holds that
/// role in the case (see [`crate::permission`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Actor {
    pub person: PersonId,
    pub role: Role,
}

impl Actor {
    /// An actor.
    pub fn new(person: PersonId, role: Role) -> Self {
        Actor { person, role }
    }
}

code_enum! {
    /// Where a case stands in its lifecycle. During [`Phase::Conference`] the current part
    /// is [`crate::Case::current_part`].
    Phase {
        Requested = "requested",
        Preparation = "preparation",
        Conference = "conference",
        FollowUp = "follow_up",
        Closed = "closed",
        Withdrawn = "withdrawn",
    }
}

/// The request that opens a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequestConference {
    pub variant: Variant,
    pub legal_basis: LegalBasis,
    /// A short description of the situation.
    pub description: String,
    /// The question(s) the conference must answer: at least one.
    pub questions: Vec<CaseQuestion>,
    /// At least one; in a restorative case a harmed and a responsible party.
    pub main_persons: Vec<MainPerson>,
    pub referral: Referral,
    /// Organisations referred to by the referral and professionals (may be empty).
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    /// Consent to pass the main persons' contact details on (guide step 1).
    pub consent_to_pass_contact: bool,
    #[serde(default)]
    pub preferences: CoordinatorPreferences,
}

/// A new member of the circle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewNetworkMember {
    pub person: Person,
    /// At least one relation, each to a main person.
    pub relations: Vec<Relation>,
    pub side: Side,
    pub minor: bool,
    pub identified: Identified,
}

/// A safety framework as the professional hands it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewFramework {
    pub id: FrameworkId,
    pub concerns: Vec<FrameworkItem>,
    pub conditions: Vec<FrameworkItem>,
    pub questions: Vec<FrameworkItem>,
    pub criteria: Vec<FrameworkItem>,
}

/// A conference to be held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConferenceSchedule {
    pub id: ConferenceId,
    #[serde(with = "crate::wire::Date")]
    pub date: NaiveDate,
    pub place: String,
    pub language: String,
    pub interpreter: bool,
}

/// The record of an evaluation as the circle holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EvaluationRecord {
    pub evaluation: EvaluationId,
    #[serde(with = "crate::wire::Date")]
    pub held_on: NaiveDate,
    pub convened_by: PersonId,
    pub present: Vec<PersonId>,
    pub reviews: Vec<AgreementReview>,
    pub next_step: NextStep,
}

/// Every change to a case. See `docs/domain.md` for who may make each one and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Command {
    /// Open a case: the request for a conference.
    RequestConference(Box<RequestConference>),
    /// Register an organisation involved in the case.
    RegisterOrganisation { organisation: Organisation },
    /// Register a professional involved in the case.
    AddProfessional { professional: Professional },
    /// Store someone's contact details; `consent` must be true (rule 8).
    RecordContactDetails {
        person: PersonId,
        details: ContactDetails,
        consent: bool,
    },
    /// Pass someone's contact details on to another person in the case (rule 8).
    ShareContactDetails { person: PersonId, with: PersonId },
    /// Withdraw consent: the stored contact details are erased.
    WithdrawContactConsent { person: PersonId },
    /// A regional manager assigns a coordinator.
    AssignCoordinator { coordinator: Coordinator },
    /// The family accepts (the case moves into preparation) or declines the coordinator.
    RespondToCoordinator { accepted: bool },
    /// Add a member to the circle.
    AddNetworkMember { member: NewNetworkMember },
    /// Move a member's invitation along.
    UpdateInvitation {
        person: PersonId,
        status: InvitationStatus,
    },
    /// How a member will take part.
    SetParticipation {
        person: PersonId,
        participation: Participation,
    },
    /// A professional hands in their safety framework.
    SubmitFramework { framework: NewFramework },
    /// Set date, place and language of the next conference.
    ScheduleConference { conference: ConferenceSchedule },
    /// Open the scheduled conference with its information part.
    StartConference,
    /// Move the running conference to its next part: private time or presentation. Going
    /// back to private time after a plan was not accepted is allowed (rule 4 loop).
    BeginPart { part: ConferencePart },
    /// Record who was present in the current part of the running conference.
    RecordAttendance { present: Vec<PersonId> },
    /// The circle's plan, decided at the running conference.
    SubmitPlan { content: PlanContent },
    /// A professional tests a plan version against their framework (rule 4).
    AssessPlan {
        version: u32,
        framework: FrameworkId,
        verdicts: Vec<(ItemId, ConditionVerdict)>,
    },
    /// Close the running conference once its plan is accepted.
    EndConference,
    /// Send the accepted plan, with the frameworks attached, to the people involved.
    DistributePlan {
        version: u32,
        recipients: Vec<PersonId>,
        frameworks_attached: Vec<FrameworkId>,
    },
    /// The circle reviews every agreement at a planned evaluation.
    RecordEvaluation { record: EvaluationRecord },
    /// A worry raised between evaluations.
    RaiseSignal { id: SignalId, about: String },
    /// A new plan version during follow-up, after an evaluation or as an addition.
    RevisePlan {
        content: PlanContent,
        evaluation: Option<EvaluationId>,
    },
    /// Close the case with an outcome.
    CloseCase {
        outcome: Outcome,
        note: Option<String>,
    },
    /// The family decides not to go ahead (until a plan is accepted).
    Withdraw { reason: String },
    /// A satisfaction score from one participant group.
    RecordSatisfaction { group: ParticipantGroup, score: u8 },
}

/// An accepted command: what changed, in which case, by whom and when. The state of a case
/// is the fold of its events ([`crate::Case::apply`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Event {
    pub case: CaseId,
    /// 1 for the request, then one more for every accepted command.
    pub version: u64,
    #[serde(with = "crate::wire::Time")]
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub command: Command,
}
