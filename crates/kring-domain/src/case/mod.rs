//! The state of one case: a fold of its events, and the questions asked of it. How each event
//! changes it is in `apply`, which never decides anything; every rule is checked before an
//! event exists (see [`crate::decide`]).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::command::*;
use crate::id::*;
use crate::model::*;

mod apply;
pub(crate) use apply::{derive_status, holds_back};

/// A phase the case entered, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PhaseChange {
    pub phase: Phase,
    #[serde(with = "crate::wire::Time")]
    pub at: DateTime<Utc>,
}

/// The current state of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Case {
    pub id: CaseId,
    /// The number of events folded into this state.
    pub version: u64,
    #[serde(with = "crate::wire::Time")]
    pub requested_at: DateTime<Utc>,
    #[serde(with = "crate::wire::Time")]
    pub updated_at: DateTime<Utc>,
    /// Who made the request.
    pub requested_by: Actor,
    pub phase: Phase,
    /// Every phase the case entered, in order (the first is `requested`).
    pub phases: Vec<PhaseChange>,
    pub variant: Variant,
    pub legal_basis: LegalBasis,
    pub description: String,
    pub questions: Vec<CaseQuestion>,
    pub main_persons: Vec<MainPerson>,
    pub referral: Referral,
    pub consent_to_pass_contact: bool,
    pub preferences: CoordinatorPreferences,
    pub organisations: BTreeMap<OrganisationId, Organisation>,
    pub professionals: BTreeMap<PersonId, Professional>,
    pub network: BTreeMap<PersonId, NetworkMember>,
    pub coordinator: Option<CoordinatorAssignment>,
    /// Contact details, present only with consent (rule 8).
    pub contacts: BTreeMap<PersonId, ContactRecord>,
    /// Every time contact details were passed on: (whose, to whom, when).
    #[serde(with = "crate::wire::Shares")]
    pub contact_shares: Vec<(PersonId, PersonId, DateTime<Utc>)>,
    pub frameworks: BTreeMap<FrameworkId, SafetyFramework>,
    pub conferences: Vec<Conference>,
    /// Every plan version ever submitted; none is lost (rule 7).
    pub plans: Vec<PlanVersion>,
    pub distributions: Vec<Distribution>,
    pub evaluations: BTreeMap<EvaluationId, Evaluation>,
    pub signals: Vec<Signal>,
    pub satisfaction: Vec<Satisfaction>,
    pub ending: Option<Ending>,
    /// What led to the request.
    #[serde(default)]
    pub antecedents: Vec<Antecedent>,
    /// The way to the request through several organisations.
    #[serde(default)]
    pub referral_path: Vec<ReferralStep>,
    /// What a community conference is about.
    #[serde(default)]
    pub subject: Option<CommunitySubject>,
    /// The day the person's own plan of action must be ready (Wvggz).
    #[serde(default, with = "crate::wire::OptDate")]
    pub plan_deadline: Option<NaiveDate>,
    /// Legal and protective measures around the family, each with its status over time.
    #[serde(default)]
    pub measures: BTreeMap<MeasureId, Measure>,
    /// Who acts for which main person.
    #[serde(default)]
    pub representatives: Vec<Representation>,
    /// Each person's consent to each matter, as given over time (the latest counts).
    #[serde(default)]
    pub consents: Vec<ConsentRecord>,
    /// People's own views, in their words.
    #[serde(default)]
    pub views: Vec<View>,
    #[serde(default)]
    pub interpreters: BTreeMap<PersonId, Interpreter>,
    /// Every status the help asked of professionals had, in order.
    #[serde(default)]
    pub help: Vec<HelpUpdate>,
    #[serde(default)]
    pub involvement_ended: Vec<InvolvementEnd>,
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    /// Support and interim arrangements the circle made before its plan.
    #[serde(default)]
    pub arrangements: Vec<Arrangement>,
    #[serde(default)]
    pub former_coordinators: Vec<FormerCoordinator>,
    /// How main persons take part, where the coordinator recorded it (a mother who does not
    /// attend for safety; a parent taking part from abroad).
    #[serde(default)]
    pub main_participation: BTreeMap<PersonId, Participation>,
    /// Whose contact details and whereabouts are withheld from whom (rule 8,
    /// `details_withheld`; format 5).
    #[serde(default)]
    pub withheld: Vec<Withholding>,
    /// Every person erased from the case: the tombstones (format 5).
    #[serde(default)]
    pub erasures: Vec<Erasure>,
}

impl Case {
    /// The conference currently running or scheduled and not yet ended.
    pub fn open_conference(&self) -> Option<&Conference> {
        self.conferences.last().filter(|c| c.ended_at.is_none())
    }

    /// The part of the running conference, if one is running.
    pub fn current_part(&self) -> Option<ConferencePart> {
        if self.phase != Phase::Conference {
            return None;
        }
        self.open_conference()
            .and_then(|c| c.parts.last())
            .map(|p| p.part)
    }

    /// The latest plan version.
    pub fn latest_plan(&self) -> Option<&PlanVersion> {
        self.plans.last()
    }

    /// The plan in force: the latest accepted version.
    pub fn plan_in_force(&self) -> Option<&PlanVersion> {
        self.plans
            .iter()
            .rev()
            .find(|p| p.status == PlanStatus::Accepted)
    }

    /// A plan version by number.
    pub fn plan(&self, version: u32) -> Option<&PlanVersion> {
        self.plans.iter().find(|p| p.version == version)
    }

    /// Whether any plan was ever accepted (withdrawal is possible only before).
    pub fn has_accepted_plan(&self) -> bool {
        self.plans.iter().any(|p| p.status == PlanStatus::Accepted)
    }

    /// Whether `person` is a main person.
    pub fn is_main_person(&self, person: PersonId) -> bool {
        self.main_persons.iter().any(|m| m.person.id == person)
    }

    /// Whether `person` is in the circle: a main person or a network member.
    pub fn is_in_circle(&self, person: PersonId) -> bool {
        self.is_main_person(person) || self.network.contains_key(&person)
    }

    /// Whether `person` is the assigned coordinator.
    pub fn is_coordinator(&self, person: PersonId) -> bool {
        self.coordinator
            .as_ref()
            .is_some_and(|c| c.coordinator.person.id == person)
    }

    /// Whether `person` represents main person `for_person`.
    pub fn represents(&self, person: PersonId, for_person: PersonId) -> bool {
        self.representatives
            .iter()
            .any(|r| r.person == person && r.for_person == for_person)
    }

    /// The latest consent `person` gave or refused to `matter`, if any was recorded.
    pub fn consent(&self, person: PersonId, matter: ConsentMatter) -> Option<&ConsentRecord> {
        self.consents
            .iter()
            .rev()
            .find(|c| c.person == person && c.matter == matter)
    }

    /// The current status of a requested help item: its latest update, else `asked` if the
    /// plan in force asks it.
    pub fn help_status(&self, help: HelpId) -> Option<HelpStatus> {
        self.help
            .iter()
            .rev()
            .find(|h| h.help == help)
            .map(|h| h.status)
            .or_else(|| {
                self.plan_in_force()
                    .filter(|p| p.content.requested_help.iter().any(|r| r.id == help))
                    .map(|_| HelpStatus::Asked)
            })
    }

    /// Whether the involvement of a professional (or of their organisation) has ended.
    pub fn involvement_ended(&self, professional: PersonId) -> bool {
        let org = self
            .professionals
            .get(&professional)
            .map(|p| p.organisation);
        self.involvement_ended.iter().any(|e| match e.involvement {
            Involvement::Professional { person } => person == professional,
            Involvement::Organisation { organisation } => Some(organisation) == org,
        })
    }

    /// Whether `person` appears anywhere in the case.
    pub fn knows(&self, person: PersonId) -> bool {
        self.is_in_circle(person)
            || self.professionals.contains_key(&person)
            || self.interpreters.contains_key(&person)
            || self.is_coordinator(person)
            || self
                .coordinator
                .as_ref()
                .is_some_and(|c| c.regional_manager == person)
    }

    /// Every person in the case (main persons, network, professionals, coordinator), sorted.
    pub fn people(&self) -> Vec<PersonId> {
        let mut all: Vec<PersonId> = self
            .main_persons
            .iter()
            .map(|m| m.person.id)
            .chain(self.network.keys().copied())
            .chain(self.professionals.keys().copied())
            .chain(self.coordinator.iter().map(|c| c.coordinator.person.id))
            .chain(self.interpreters.keys().copied())
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// A person's record, wherever they appear in the case.
    pub fn person(&self, id: PersonId) -> Option<&Person> {
        self.main_persons
            .iter()
            .map(|m| &m.person)
            .find(|p| p.id == id)
            .or_else(|| self.network.get(&id).map(|m| &m.person))
            .or_else(|| self.professionals.get(&id).map(|p| &p.person))
            .or_else(|| self.interpreters.get(&id).map(|i| &i.person))
            .or_else(|| {
                self.former_coordinators
                    .iter()
                    .map(|f| &f.assignment.coordinator.person)
                    .find(|p| p.id == id)
            })
            .or_else(|| {
                self.coordinator
                    .as_ref()
                    .map(|c| &c.coordinator.person)
                    .filter(|p| p.id == id)
            })
    }

    /// Whether `person`'s contact details and whereabouts are withheld from `from`.
    pub fn is_withheld(&self, person: PersonId, from: PersonId) -> bool {
        self.withheld
            .iter()
            .any(|w| w.person == person && w.from == from)
    }

    /// Contact details: only ever present with consent (rule 8).
    pub fn contact_details(&self, person: PersonId) -> Option<&ContactDetails> {
        self.contacts.get(&person).map(|c| &c.details)
    }

    /// Every organisation giving help in the case: those of its professionals.
    pub fn helping_organisations(&self) -> Vec<OrganisationId> {
        let mut orgs: Vec<OrganisationId> = self
            .professionals
            .values()
            .map(|p| p.organisation)
            .collect();
        orgs.sort();
        orgs.dedup();
        orgs
    }

    /// Evaluations planned on or before `date`, not yet held, and still planned.
    pub fn evaluations_due(&self, date: NaiveDate) -> impl Iterator<Item = &Evaluation> {
        self.evaluations
            .values()
            .filter(move |e| e.is_open() && e.planned_on <= date)
    }

    /// Frameworks belonging to a professional.
    pub fn frameworks_of(&self, professional: PersonId) -> impl Iterator<Item = &SafetyFramework> {
        self.frameworks
            .values()
            .filter(move |f| f.professional == professional)
    }

    /// Every item id (case questions and framework items) with a kind label.
    pub fn items(&self) -> impl Iterator<Item = (ItemId, &'static str)> + '_ {
        self.questions
            .iter()
            .map(|q| (q.id, "case_question"))
            .chain(self.frameworks.values().flat_map(|f| {
                f.concerns
                    .iter()
                    .map(|i| (i.id, "concern"))
                    .chain(f.conditions.iter().map(|i| (i.id, "condition")))
                    .chain(f.questions.iter().map(|i| (i.id, "question")))
                    .chain(f.criteria.iter().map(|i| (i.id, "criterion")))
            }))
    }
}
