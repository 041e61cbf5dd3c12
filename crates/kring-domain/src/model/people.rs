//! The people of a case and their roles: main persons, the network, professionals, the
//! coordinator, organisations and contact details.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::codes::*;
use crate::id::*;

/// Contact details. Only ever stored, read or passed on with consent (rule 8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ContactDetails {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

/// A person as they appear in a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    #[serde(default, with = "crate::wire::OptDate")]
    pub birth_date: Option<NaiveDate>,
    #[serde(default)]
    pub languages: Vec<String>,
}

/// An organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
}

/// Who asked for the conference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Referral {
    /// A professional referred; they are registered in the case as a professional.
    Professional { professional: Professional },
    /// The family (a main person) asked for it themselves.
    Family,
    /// The municipality referred.
    Municipality { organisation: OrganisationId },
}

/// Wishes for the coordinator (guide, step "Voorbereiding").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CoordinatorPreferences {
    pub gender: Option<Gender>,
    pub language: Option<String>,
    pub culture: Option<String>,
    pub religion: Option<String>,
    pub other: Option<String>,
    /// The region the family lives in, for a coordinator who works there.
    #[serde(default)]
    pub region: Option<String>,
}

/// A question the conference must answer ("where can Wesley live?").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CaseQuestion {
    pub id: ItemId,
    pub text: String,
}

/// A main person of the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MainPerson {
    pub person: Person,
    /// Required in a restorative case, absent otherwise.
    pub party: Option<Party>,
}

/// A relation of a network member to another person in the circle: a main person, or
/// (from format 3) another member ("the mother's friend", "the partner's father").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Relation {
    pub to: PersonId,
    /// What the member is to `to`: `parent` means the member is `to`'s parent.
    pub kind: RelationKind,
    /// The side of the family, relative to `to` when `to` is a main person.
    #[serde(default)]
    pub side: Option<Side>,
    /// The relation in words, where no kind fits ("football coach", "godmother").
    #[serde(default)]
    pub label: Option<String>,
}

/// How a network member takes part in a conference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Participation {
    InPerson,
    Remote,
    WrittenContribution,
    Represented {
        by: PersonId,
    },
    /// Takes no part, so that everyone can take part safely; the reason is required.
    NotAttendingForSafety {
        reason: String,
    },
    /// Takes no part, by their own choice (format 3); the reason, as they gave it.
    NotAttending {
        reason: Option<String>,
    },
}

/// A member of the circle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NetworkMember {
    pub person: Person,
    pub relations: Vec<Relation>,
    pub side: Side,
    pub minor: bool,
    pub identified: Identified,
    #[serde(with = "crate::wire::Time")]
    pub identified_at: DateTime<Utc>,
    pub invitation: InvitationStatus,
    pub participation: Option<Participation>,
    /// Roles the member also holds outside the circle ("teacher", "volunteer through a care
    /// provider").
    #[serde(default)]
    pub also: Vec<String>,
    /// The organisation the member takes part for (a shop or a mosque in a community
    /// conference, the school in a learning circle).
    #[serde(default)]
    pub organisation: Option<OrganisationId>,
}

/// A professional involved in the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Professional {
    pub person: Person,
    pub organisation: OrganisationId,
    pub role: ProfessionalRole,
    /// The role in words, required with `other` ("buurtsportcoach").
    #[serde(default)]
    pub role_label: Option<String>,
}

/// The independent coordinator's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Coordinator {
    pub person: Person,
    /// Organisations the coordinator is affiliated with (rule 3: none may give help in the case).
    pub affiliations: Vec<OrganisationId>,
    pub languages: Vec<String>,
    pub gender: Option<Gender>,
    pub region: String,
    /// Cultures the coordinator knows from within.
    #[serde(default)]
    pub cultures: Vec<String>,
    #[serde(default)]
    pub religion: Option<String>,
}

/// The coordinator as assigned in a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CoordinatorAssignment {
    pub coordinator: Coordinator,
    /// The regional manager who assigned and coaches the coordinator.
    pub regional_manager: PersonId,
    #[serde(with = "crate::wire::Time")]
    pub assigned_at: DateTime<Utc>,
    /// Whether the family accepted the coordinator (moves the case into preparation).
    #[serde(default, with = "crate::wire::OptTime")]
    pub accepted_at: Option<DateTime<Utc>>,
    /// Why this coordinator was chosen (their language, their region, …).
    #[serde(default)]
    pub reason: Option<String>,
}

/// One person's contact details and whereabouts withheld from another person in the case
/// (rule 8, `details_withheld`; format 5): reads made for `from` never contain them, and
/// they are never passed on to `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Withholding {
    /// Whose details are withheld.
    pub person: PersonId,
    /// From whom.
    pub from: PersonId,
    /// Who withheld them.
    pub by: PersonId,
    #[serde(with = "crate::wire::Time")]
    pub since: DateTime<Utc>,
}

/// A person erased from the case (format 5): who erased them, when, and on what ground. The
/// tombstone of [`crate::Command::ErasePerson`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Erasure {
    pub person: PersonId,
    pub by: PersonId,
    #[serde(with = "crate::wire::Time")]
    pub at: DateTime<Utc>,
    /// The ground, in words ("request of the person, AVG article 17").
    pub ground: String,
}

/// Consent to store and pass on someone's contact details (rule 8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ContactRecord {
    pub details: ContactDetails,
    pub consent_given_by: PersonId,
    #[serde(with = "crate::wire::Time")]
    pub consent_at: DateTime<Utc>,
}
