//! The values a case is made of: people, organisations, the network, professionals, the
//! coordinator, safety frameworks, conferences, plans, evaluations and outcomes.
//!
//! Dutch names are in the docs (`docs/domain.md`); the code speaks English.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::id::*;

/// Declares a fieldless enum with a stable snake_case code used in serde, `Display` and
/// `FromStr`, so that every binding spells the values the same way.
macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* #[serde(rename = $code)] $variant,)* }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];
            /// The stable code of this value.
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)* }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::error::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($code => Ok($name::$variant),)*
                    _ => Err(crate::error::Error::invalid(
                        stringify!($name),
                        format!("unknown value `{}`; expected one of: {}", s.chars().take(64).collect::<String>(),
                            [$($code),*].join(", ")),
                    )),
                }
            }
        }
    };
}
pub(crate) use code_enum;

code_enum! {
    /// The kind of conference (seed 002).
    Variant {
        /// Individuals and families.
        Family = "family",
        /// Harm between a responsible and a harmed party (formerly *Echt Recht*).
        Restorative = "restorative",
        /// A group, street, neighbourhood, school or organisation (formerly *Alle Hens*).
        Community = "community",
        /// A pupil's functioning at school or realising a dream (formerly *Leercirkel*).
        Learning = "learning",
    }
}

code_enum! {
    /// The legal basis of the plan.
    LegalBasis {
        /// Jeugdwet: familiegroepsplan.
        JeugdwetFamiliegroepsplan = "jeugdwet_familiegroepsplan",
        /// Wmo: persoonlijk plan.
        WmoPersoonlijkPlan = "wmo_persoonlijk_plan",
        /// Wvggz: eigen plan van aanpak.
        WvggzEigenPlanVanAanpak = "wvggz_eigen_plan_van_aanpak",
        /// Anything else, or none.
        Other = "other",
    }
}

code_enum! {
    /// The part a main person plays in a restorative case.
    Party {
        /// The harmed party.
        Harmed = "harmed",
        /// The responsible party.
        Responsible = "responsible",
    }
}

code_enum! {
    /// Kind of organisation.
    OrganisationKind {
        CareProvider = "care_provider",
        Municipality = "municipality",
        School = "school",
        PoliceJustice = "police_justice",
        Housing = "housing",
        Other = "other",
    }
}

code_enum! {
    /// A network member's relation to a main person.
    RelationKind {
        Parent = "parent",
        StepParent = "step_parent",
        Sibling = "sibling",
        Grandparent = "grandparent",
        AuntUncle = "aunt_uncle",
        Cousin = "cousin",
        OtherFamily = "other_family",
        Partner = "partner",
        Friend = "friend",
        Neighbour = "neighbour",
        FaithCommunity = "faith_community",
        School = "school",
        Colleague = "colleague",
        Volunteer = "volunteer",
        Other = "other",
    }
}

code_enum! {
    /// Which side of the family a network member comes from.
    Side {
        Mothers = "mothers",
        Fathers = "fathers",
        Own = "own",
    }
}

code_enum! {
    /// How a network member came into the circle.
    Identified {
        /// Named by the main person(s) or the referrer at intake.
        AtIntake = "at_intake",
        /// Found by the coordinator while widening the circle during preparation.
        WideningCircle = "widening_circle",
        /// Brought in at the conference itself.
        AtConference = "at_conference",
    }
}

code_enum! {
    /// Where an invitation stands.
    InvitationStatus {
        Identified = "identified",
        Invited = "invited",
        Confirmed = "confirmed",
        Declined = "declined",
        Unreachable = "unreachable",
    }
}

code_enum! {
    /// The role a professional plays in the case.
    ProfessionalRole {
        ChildProtection = "child_protection",
        YouthProbation = "youth_probation",
        FamilyCoach = "family_coach",
        MentalHealth = "mental_health",
        School = "school",
        Housing = "housing",
        Municipality = "municipality",
        Other = "other",
    }
}

code_enum! {
    /// The three parts of a conference.
    ConferencePart {
        /// Part 1: professionals and participants share information.
        Information = "information",
        /// Part 2: the circle alone makes the plan (rule 2).
        PrivateTime = "private_time",
        /// Part 3: the plan is presented, tested against the frameworks and accepted.
        Presentation = "presentation",
    }
}

code_enum! {
    /// How an agreement stands at an evaluation.
    AgreementStatus {
        Done = "done",
        OnTrack = "on_track",
        Partly = "partly",
        NotKept = "not_kept",
        Stopped = "stopped",
        NotYetDue = "not_yet_due",
    }
}

code_enum! {
    /// What the circle decides at an evaluation.
    NextStep {
        Continue = "continue",
        Revise = "revise",
        FollowUpConference = "follow_up_conference",
        Close = "close",
    }
}

code_enum! {
    /// How a case ended.
    Outcome {
        PlanCarriedOut = "plan_carried_out",
        SituationSafeMeasureEnded = "situation_safe_measure_ended",
        LivingArrangementWithinNetwork = "living_arrangement_within_network",
        PlacementOutsideNetwork = "placement_outside_network",
        Other = "other",
    }
}

code_enum! {
    /// Groups whose satisfaction may be scored.
    ParticipantGroup {
        MainPerson = "main_person",
        Child = "child",
        AdultNetworkMember = "adult_network_member",
        Professional = "professional",
    }
}

code_enum! {
    /// Gender, as far as a coordinator preference or profile needs it.
    Gender {
        Female = "female",
        Male = "male",
        Other = "other",
    }
}

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

/// A relation of a network member to one main person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Relation {
    pub to: PersonId,
    pub kind: RelationKind,
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
}

/// A professional involved in the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Professional {
    pub person: Person,
    pub organisation: OrganisationId,
    pub role: ProfessionalRole,
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
}

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DecidedAt {
    Conference { number: u32 },
    Evaluation { evaluation: EvaluationId },
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
