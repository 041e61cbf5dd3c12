//! What happens to a case: safety frameworks, conferences, plan versions and their
//! assessments, distributions, evaluations, signals, satisfaction scores and the ending.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::codes::*;
use super::record::InformationGiven;
use crate::id::*;

/// One item of a safety framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FrameworkItem {
    pub id: ItemId,
    pub text: String,
}

/// What a professional writes before the conference (informatieformulier voor hulpverleners).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SafetyFramework {
    pub id: FrameworkId,
    pub professional: PersonId,
    /// Concrete worries.
    pub concerns: Vec<FrameworkItem>,
    /// Non-negotiable bottom lines: the only grounds on which a plan may be refused (rule 4).
    pub conditions: Vec<FrameworkItem>,
    /// Questions the plan must answer.
    pub questions: Vec<FrameworkItem>,
    /// Criteria the plan will be tested against.
    pub criteria: Vec<FrameworkItem>,
    #[serde(with = "crate::wire::Time")]
    pub submitted_at: DateTime<Utc>,
}

/// Attendance and timing of one conference part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PartRecord {
    pub part: ConferencePart,
    #[serde(with = "crate::wire::Time")]
    pub started_at: DateTime<Utc>,
    #[serde(default, with = "crate::wire::OptTime")]
    pub ended_at: Option<DateTime<Utc>>,
    pub present: Vec<PersonId>,
}

/// A conference (number 1, or a follow-up conference 2, 3, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Conference {
    pub id: ConferenceId,
    pub number: u32,
    #[serde(with = "crate::wire::Date")]
    pub date: NaiveDate,
    pub place: String,
    pub language: String,
    pub interpreter: bool,
    /// Parts in the order they happened; private time may occur more than once when a
    /// plan is not accepted and the circle goes back to it.
    pub parts: Vec<PartRecord>,
    #[serde(default, with = "crate::wire::OptTime")]
    pub ended_at: Option<DateTime<Utc>>,
    /// The member of the circle who chaired private time (not necessarily who wrote the plan).
    #[serde(default)]
    pub chair: Option<PersonId>,
    /// What the professionals (and the coordinator) told the circle in the information part.
    #[serde(default)]
    pub information: Vec<InformationGiven>,
}

/// An agreement: who from the circle does what, when and how often (rule 6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Agreement {
    pub id: AgreementId,
    pub what: String,
    /// Members of the circle who carry it: at least one (rule 6).
    pub carried_by: Vec<PersonId>,
    #[serde(default)]
    pub supporters: Vec<PersonId>,
    #[serde(default, with = "crate::wire::OptDate")]
    pub start: Option<NaiveDate>,
    #[serde(default, with = "crate::wire::OptDate")]
    pub due: Option<NaiveDate>,
    pub frequency: Option<String>,
    /// The concerns, conditions or questions it answers.
    #[serde(default)]
    pub answers: Vec<ItemId>,
    /// The main person the agreement is for, when the case has several.
    #[serde(default)]
    pub for_person: Option<PersonId>,
    /// How it is paid for (a personal budget, for example).
    #[serde(default)]
    pub funding: Option<Funding>,
}

/// Help the circle asks of professionals: a separate list (rule 6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequestedHelp {
    pub id: HelpId,
    pub what: String,
    /// The professional asked, if one is named.
    pub from: Option<PersonId>,
    #[serde(default)]
    pub answers: Vec<ItemId>,
    /// How it is paid for.
    #[serde(default)]
    pub funding: Option<Funding>,
}

/// A planned evaluation moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EvaluationMoment {
    pub id: EvaluationId,
    #[serde(with = "crate::wire::Date")]
    pub planned_on: NaiveDate,
}

/// What the circle decided: the content of one plan version. Missing fields are empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct PlanContent {
    pub agreements: Vec<Agreement>,
    pub requested_help: Vec<RequestedHelp>,
    /// Network members who watch whether the plan works (rule 5).
    pub monitors: Vec<PersonId>,
    /// Network members who call the circle together when the plan falters (rule 5).
    pub conveners: Vec<PersonId>,
    /// At least one (rule 5).
    pub evaluations: Vec<EvaluationMoment>,
    /// How the circle and the professionals keep in touch about progress (guide step 10).
    pub contact_arrangement: Option<String>,
}

/// Where a plan version was decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DecidedAt {
    Conference {
        number: u32,
    },
    Evaluation {
        evaluation: EvaluationId,
    },
    /// Outside a conference or an evaluation: on a day, by the people named.
    Outside {
        #[serde(with = "crate::wire::Date")]
        on: NaiveDate,
        by: Vec<PersonId>,
    },
}

/// One professional's test of a plan version against one condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConditionVerdict {
    Met,
    NotMet { reason: String },
}

/// One professional's assessment of a plan version against their framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Assessment {
    pub framework: FrameworkId,
    pub professional: PersonId,
    pub verdicts: BTreeMap<ItemId, ConditionVerdict>,
    /// Derived, never chosen: accepted exactly when every condition is met (rule 4).
    pub accepted: bool,
    #[serde(with = "crate::wire::Time")]
    pub at: DateTime<Utc>,
}

code_enum! {
    /// Where a plan version stands.
    PlanStatus {
        /// Waiting for the assessment of every framework.
        Presented = "presented",
        /// Every framework accepted it (or the case has none).
        Accepted = "accepted",
        /// At least one framework named a condition it does not meet.
        NotAccepted = "not_accepted",
        /// A later version took its place before it was accepted.
        Superseded = "superseded",
    }
}

/// One version of the plan. The circle is always its author (rule 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanVersion {
    pub version: u32,
    pub content: PlanContent,
    /// Who wrote it down: a member of the circle, or the coordinator as scribe.
    pub written_by: PersonId,
    /// True when the coordinator wrote it down on the circle's behalf.
    pub by_scribe: bool,
    pub decided_at: DecidedAt,
    #[serde(with = "crate::wire::Time")]
    pub submitted_at: DateTime<Utc>,
    pub assessments: Vec<Assessment>,
    pub status: PlanStatus,
    /// Frameworks whose professional did not test this version, as the coordinator recorded.
    #[serde(default)]
    pub not_tested: Vec<NotTested>,
    /// The edition of the rules `status` was last derived under (see [`crate::RULES`]).
    #[serde(default = "crate::command::first_rules")]
    pub rules: u16,
}

/// A framework whose professional did not test a plan version at its presentation (they were
/// absent, or did not respond): it does not hold the version back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NotTested {
    pub framework: FrameworkId,
    pub reason: String,
    pub recorded_by: PersonId,
    #[serde(with = "crate::wire::Time")]
    pub at: DateTime<Utc>,
}

/// Who received the plan, with which frameworks attached, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Distribution {
    pub version: u32,
    pub recipients: Vec<PersonId>,
    pub frameworks_attached: Vec<FrameworkId>,
    #[serde(with = "crate::wire::Time")]
    pub at: DateTime<Utc>,
}

/// The review of one agreement at an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AgreementReview {
    pub agreement: AgreementId,
    pub status: AgreementStatus,
    pub note: Option<String>,
}

/// What happened at an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HeldEvaluation {
    #[serde(with = "crate::wire::Date")]
    pub held_on: NaiveDate,
    pub convened_by: PersonId,
    pub present: Vec<PersonId>,
    /// The plan version that was reviewed.
    pub plan_version: u32,
    pub reviews: Vec<AgreementReview>,
    pub next_step: NextStep,
    #[serde(with = "crate::wire::Time")]
    pub recorded_at: DateTime<Utc>,
    /// Where the help asked of professionals stood at the evaluation.
    #[serde(default)]
    pub help_reviews: Vec<HelpReview>,
}

/// The state of one requested help item at an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HelpReview {
    pub help: HelpId,
    pub status: HelpStatus,
    pub note: Option<String>,
}

/// An evaluation moment and, once held, what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Evaluation {
    pub id: EvaluationId,
    #[serde(with = "crate::wire::Date")]
    pub planned_on: NaiveDate,
    /// The plan version that planned it.
    pub planned_in: u32,
    pub held: Option<HeldEvaluation>,
    /// The plan version that stopped planning this moment before it was held: it is no
    /// longer due.
    #[serde(default)]
    pub dropped_in: Option<u32>,
}

impl Evaluation {
    /// Whether the moment is still to be held: not held, and not dropped by a later plan.
    pub fn is_open(&self) -> bool {
        self.held.is_none() && self.dropped_in.is_none()
    }
}

/// A worry raised between evaluations (the Williams case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Signal {
    pub id: SignalId,
    pub raised_by: PersonId,
    pub about: String,
    #[serde(with = "crate::wire::Time")]
    pub at: DateTime<Utc>,
    /// The person the signal is about.
    #[serde(default)]
    pub subject: Option<PersonId>,
    /// How the circle or a professional weighed it.
    #[serde(default)]
    pub assessment: Option<String>,
    /// How it was resolved; a resolved signal is closed.
    #[serde(default)]
    pub resolution: Option<String>,
    #[serde(default, with = "crate::wire::OptTime")]
    pub resolved_at: Option<DateTime<Utc>>,
}

/// A satisfaction score (1–10) given by one participant group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Satisfaction {
    pub group: ParticipantGroup,
    pub score: u8,
    #[serde(with = "crate::wire::Time")]
    pub at: DateTime<Utc>,
    /// The person who gave the score, when it is one person's (two main persons may differ).
    #[serde(default)]
    pub person: Option<PersonId>,
}

/// How a case ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Ending {
    Closed {
        outcome: Outcome,
        note: Option<String>,
        #[serde(with = "crate::wire::Time")]
        at: DateTime<Utc>,
    },
    Withdrawn {
        reason: String,
        #[serde(with = "crate::wire::Time")]
        at: DateTime<Utc>,
    },
}
