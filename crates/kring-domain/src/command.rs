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
    /// The main person this actor acts for, as their registered representative (a parent
    /// with authority for a child, a mentor for an adult). The actor then acts in the role
    /// `main_person` and the case checks the representation.
    #[serde(default)]
    pub on_behalf_of: Option<PersonId>,
}

impl Actor {
    /// An actor acting for themselves.
    pub fn new(person: PersonId, role: Role) -> Self {
        Actor {
            person,
            role,
            on_behalf_of: None,
        }
    }

    /// The person the actor acts as: the main person they represent, or themselves.
    pub fn principal(&self) -> PersonId {
        self.on_behalf_of.unwrap_or(self.person)
    }

    /// A representative acting for main person `represented`.
    pub fn on_behalf_of(person: PersonId, represented: PersonId) -> Self {
        Actor {
            person,
            role: Role::MainPerson,
            on_behalf_of: Some(represented),
        }
    }
}

/// The edition of the rules this build decides and folds under. Every event records the
/// edition it was decided under ([`Event::rules`]), and [`crate::Case::apply`] folds it by
/// that edition, so a stored history replays to exactly the state it had:
///
/// - 1: the rules of store formats 1 and 2;
/// - 2 (format 3): an evaluation moment the accepted plan no longer plans stops being due;
///   only frameworks with conditions hold a plan version back, and a framework the coordinator
///   recorded as not tested does not.
pub const RULES: u16 = 2;

/// The edition of every event stored before events recorded one.
pub(crate) const fn first_rules() -> u16 {
    1
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
    /// What led to the request (a report to the hotline, a police report).
    #[serde(default)]
    pub antecedents: Vec<Antecedent>,
    /// The way to the request when more than one organisation referred, in order.
    #[serde(default)]
    pub referral_path: Vec<ReferralStep>,
    /// What a community conference is about; only in the `community` variant.
    #[serde(default)]
    pub subject: Option<CommunitySubject>,
    /// The day the person's own plan of action must be ready (Wvggz).
    #[serde(default, with = "crate::wire::OptDate")]
    pub plan_deadline: Option<NaiveDate>,
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
    /// Roles the member also holds outside the circle.
    #[serde(default)]
    pub also: Vec<String>,
    /// The organisation the member takes part for.
    #[serde(default)]
    pub organisation: Option<OrganisationId>,
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
    /// Where the help asked of professionals stands (optional; each named once).
    #[serde(default)]
    pub help_reviews: Vec<HelpReview>,
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
    AssignCoordinator {
        coordinator: Coordinator,
        /// Why this coordinator fits the family.
        #[serde(default)]
        reason: Option<String>,
    },
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
    RaiseSignal {
        id: SignalId,
        about: String,
        /// The person the signal is about.
        #[serde(default)]
        subject: Option<PersonId>,
    },
    /// A new plan version during follow-up, after an evaluation or as an addition.
    RevisePlan {
        content: PlanContent,
        evaluation: Option<EvaluationId>,
        /// A revision the circle decided outside a conference or an evaluation.
        #[serde(default)]
        outside: Option<OutsideDecision>,
    },
    /// Close the case with an outcome.
    CloseCase {
        outcome: Outcome,
        note: Option<String>,
    },
    /// The family decides not to go ahead (until a plan is accepted).
    Withdraw { reason: String },
    /// A satisfaction score from one participant group.
    RecordSatisfaction {
        group: ParticipantGroup,
        score: u8,
        /// The person whose score it is.
        #[serde(default)]
        person: Option<PersonId>,
    },
    /// The coordinator records that a professional did not test a plan version against
    /// their framework (rule 4): the framework no longer holds that version back.
    RecordNotTested {
        version: u32,
        framework: FrameworkId,
        reason: String,
    },
    /// Open a legal or protective measure, or move it to a new status.
    RecordMeasure { measure: MeasureUpdate },
    /// Register someone who acts for a main person.
    AddRepresentative { representation: Representation },
    /// A person gives or refuses consent, themselves or through their representative.
    RecordConsent {
        person: PersonId,
        matter: ConsentMatter,
        given: bool,
    },
    /// A relation between a member and another person in the circle.
    AddRelation {
        person: PersonId,
        relation: Relation,
    },
    /// What a professional (or the coordinator) told the circle in the information part.
    RecordInformation { information: InformationGiven },
    /// A person's own view, in their words.
    RecordView { person: PersonId, view: String },
    /// An interpreter for people of the circle.
    AddInterpreter { interpreter: Interpreter },
    /// The member of the circle who chairs private time.
    ChooseChair { person: PersonId },
    /// Where help asked of professionals stands.
    UpdateHelp {
        help: HelpId,
        status: HelpStatus,
        note: Option<String>,
    },
    /// A professional's or an organisation's involvement in the case ends.
    EndInvolvement {
        involvement: Involvement,
        reason: String,
    },
    /// A meeting outside the conference and the planned evaluations.
    RecordMeeting { meeting: Meeting },
    /// How a signal was weighed, and how it was resolved.
    UpdateSignal {
        signal: SignalId,
        assessment: Option<String>,
        resolution: Option<String>,
    },
    /// The regional manager replaces the coordinator (the family moved region, say).
    ReplaceCoordinator {
        coordinator: Coordinator,
        reason: String,
    },
    /// Support or an interim arrangement the circle starts before its plan.
    RecordArrangement { arrangement: Arrangement },
    /// Withhold a person's contact details and whereabouts from named people in the case
    /// (rule 8, `details_withheld`; format 5): the address of a mother kept from the father.
    WithholdDetails {
        person: PersonId,
        from: Vec<PersonId>,
    },
    /// Lift a withholding: only the person, or the coordinator on their behalf (format 5).
    LiftWithholding {
        person: PersonId,
        from: Vec<PersonId>,
    },
    /// Erase a person from the case (AVG/GDPR article 17; format 5): their name, birth date,
    /// contact details and the free text they wrote or that is about them leave the case
    /// ([`crate::erasure`]). The store also rewrites the case's history; this event is the
    /// tombstone.
    ErasePerson { person: PersonId, ground: String },
    /// Hand the right to write the case to another store (format 6): the family moves to
    /// another region, or another organisation takes over the coordination. From this event
    /// on, only the store `to` takes commands for the case; every other copy is read-only.
    HandOver { to: StoreId, reason: String },
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
    /// The edition of the rules the command was decided under, and the event is folded by
    /// ([`RULES`]); 1 for every event stored before format 3.
    #[serde(default = "first_rules")]
    pub rules: u16,
}
