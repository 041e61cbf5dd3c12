//! What else a coordinator writes down about a case (format 3): the measures around the
//! family, who acts for whom and who consented to what, what was said at the conference,
//! meetings and arrangements outside it, where requested help stands, whose involvement
//! ended, and what led to the request.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::codes::*;
use super::people::{CoordinatorAssignment, Person};
use crate::id::*;

/// A change to a legal or protective measure, as a command carries it: the first one for an id
/// opens the measure, later ones move its status along.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MeasureUpdate {
    pub id: MeasureId,
    pub kind: MeasureKind,
    /// The people the measure concerns (the child under supervision, the parent with custody).
    pub concerns: Vec<PersonId>,
    /// The measure in words, required with `other`.
    #[serde(default)]
    pub label: Option<String>,
    pub status: MeasureStatus,
    /// The day the status took effect (or, for `scheduled`, the day planned).
    #[serde(with = "crate::wire::Date")]
    pub on: NaiveDate,
    #[serde(default)]
    pub note: Option<String>,
}

/// A legal or protective measure and its status over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Measure {
    pub id: MeasureId,
    pub kind: MeasureKind,
    pub concerns: Vec<PersonId>,
    pub label: Option<String>,
    /// Every status it had, in the order recorded; the last is the current one.
    pub history: Vec<MeasureState>,
}

impl Measure {
    /// The current status.
    pub fn status(&self) -> Option<MeasureStatus> {
        self.history.last().map(|s| s.status)
    }
}

/// One status of a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MeasureState {
    pub status: MeasureStatus,
    #[serde(with = "crate::wire::Date")]
    pub on: NaiveDate,
    pub note: Option<String>,
    pub recorded_by: PersonId,
    #[serde(with = "crate::wire::Time")]
    pub at: DateTime<Utc>,
}

/// Someone who acts for a person who cannot, or may not yet, act alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Representation {
    /// The representative: a main person or a member of the circle.
    pub person: PersonId,
    /// The main person they act for.
    pub for_person: PersonId,
    pub kind: RepresentativeKind,
}

/// One person's consent (or its refusal) to one matter, given by themselves or by their
/// representative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConsentRecord {
    pub person: PersonId,
    pub matter: ConsentMatter,
    pub given: bool,
    /// Who gave it: the person, their representative, or the coordinator writing it down.
    pub given_by: PersonId,
    #[serde(with = "crate::wire::Time")]
    pub at: DateTime<Utc>,
}

/// A person's own view, in their words ("she wants to stay with her uncle and aunt").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct View {
    pub person: PersonId,
    pub view: String,
    pub recorded_by: PersonId,
    #[serde(with = "crate::wire::Time")]
    pub at: DateTime<Utc>,
}

/// What someone told the circle in the information part, and the documents handed out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InformationGiven {
    /// A professional of the case, or the coordinator.
    pub given_by: PersonId,
    pub summary: String,
    /// Titles of documents handed out ("visiting arrangement").
    #[serde(default)]
    pub documents: Vec<String>,
}

/// An interpreter: not in the circle and not a professional of the case; present for the
/// people they translate for, also in private time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Interpreter {
    pub person: Person,
    pub language: String,
    /// The people of the circle they translate for.
    pub for_persons: Vec<PersonId>,
}

/// A meeting outside the conference and the planned evaluations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Meeting {
    pub kind: MeetingKind,
    #[serde(with = "crate::wire::Date")]
    pub on: NaiveDate,
    pub convened_by: PersonId,
    pub invited: Vec<PersonId>,
    pub present: Vec<PersonId>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Something the circle arranged before its plan: support it started, or where someone lives
/// in the meantime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Arrangement {
    pub kind: ArrangementKind,
    pub what: String,
    /// Members of the circle who carry it.
    pub carried_by: Vec<PersonId>,
    #[serde(default, with = "crate::wire::OptDate")]
    pub from: Option<NaiveDate>,
    #[serde(default, with = "crate::wire::OptDate")]
    pub until: Option<NaiveDate>,
}

/// A status of help asked of professionals, with when and by whom it was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HelpUpdate {
    pub help: HelpId,
    pub status: HelpStatus,
    pub note: Option<String>,
    pub recorded_by: PersonId,
    #[serde(with = "crate::wire::Time")]
    pub at: DateTime<Utc>,
}

/// Whose involvement in a case ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Involvement {
    Professional { person: PersonId },
    Organisation { organisation: OrganisationId },
}

/// The end of a professional's or an organisation's involvement ("home help stops: the plan
/// replaces it").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InvolvementEnd {
    pub involvement: Involvement,
    pub reason: String,
    pub recorded_by: PersonId,
    #[serde(with = "crate::wire::Time")]
    pub at: DateTime<Utc>,
}

/// An event that led to the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Antecedent {
    pub kind: AntecedentKind,
    #[serde(default, with = "crate::wire::OptDate")]
    pub on: Option<NaiveDate>,
    #[serde(default)]
    pub note: Option<String>,
}

/// One step of the way to the request, when more than one organisation referred.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReferralStep {
    /// An organisation registered in the request.
    pub organisation: OrganisationId,
    pub note: Option<String>,
}

/// What a community conference is about: a street, a square, a school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CommunitySubject {
    pub kind: SubjectKind,
    pub name: String,
}

/// A coordinator who was replaced, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FormerCoordinator {
    pub assignment: CoordinatorAssignment,
    pub reason: String,
    #[serde(with = "crate::wire::Time")]
    pub ended_at: DateTime<Utc>,
}

/// A revision decided outside a conference or an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OutsideDecision {
    #[serde(with = "crate::wire::Date")]
    pub on: NaiveDate,
    /// Who decided: members of the circle.
    pub by: Vec<PersonId>,
}
