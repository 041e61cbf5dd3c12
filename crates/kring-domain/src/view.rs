//! Reads scoped to who asks: [`Case::view_for`] gives a person, in their role, the parts of a
//! case they may see ([`Section::access`]), decided here and nowhere else. `docs/domain.md`
//! prints the same table; a test checks the two agree.
//!
//! A part a reader may not see is absent from the view (`None` in Rust, missing from a
//! Python dict or a JS object), never an empty value that could be mistaken for "nothing
//! recorded". A part read as [`Access::Own`] holds only what is the reader's own (see each
//! [`Section`]). Whatever the table says, contact details withheld from the reader (rule 8,
//! `details_withheld`) are never in their view.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::case::{Case, PhaseChange};
use crate::command::{Actor, Phase, Role};
use crate::error::{Error, Result};
use crate::id::*;
use crate::model::*;

code_enum! {
    /// A part of a case, as scoped reads give it out.
    Section {
        /// Id, version, times, phase and phases, variant, legal basis, the questions, the
        /// subject, the plan deadline and the ending: what everyone in the case works on.
        Case = "case",
        /// Who asked and how: the description, the requester, the referral and its path,
        /// what led to the request, consent to pass details on, the wishes for the
        /// coordinator. Own: all of it when the reader made or referred the request.
        Request = "request",
        /// The main persons, the network, representatives, interpreters, how main persons
        /// take part.
        Circle = "circle",
        /// Organisations, professionals and whose involvement ended.
        Professionals = "professionals",
        /// The coordinator and former coordinators.
        Coordinator = "coordinator",
        /// Contact details and where they were passed on. Own: the reader's own details,
        /// details passed on to the reader, and where the reader's own went.
        Contacts = "contacts",
        /// Whose details are withheld from whom. Own: the withholdings of the reader's own
        /// details.
        Withholdings = "withholdings",
        /// Safety frameworks, the professionals' assessments of plan versions, and
        /// frameworks recorded as not tested. Own: the reader's own frameworks, and only
        /// their assessments.
        Frameworks = "frameworks",
        /// Conferences: dates, places, parts, attendance, the chair, what was told.
        Conferences = "conferences",
        /// Plan versions (agreements, requested help, monitors, evaluation moments) and
        /// their distribution.
        Plan = "plan",
        /// Where requested help stands.
        Help = "help",
        /// Evaluations, signals, meetings and arrangements.
        FollowUp = "follow_up",
        /// People's views in their own words. Own: the reader's own views.
        Views = "views",
        /// Legal and protective measures.
        Measures = "measures",
        /// Consent given or refused. Own: the reader's own.
        Consents = "consents",
        /// Satisfaction scores. Own: the reader's own.
        Satisfaction = "satisfaction",
        /// Who was erased from the case, by whom, when and on what ground.
        Erasures = "erasures",
    }
}

code_enum! {
    /// How much of a [`Section`] a role reads.
    Access {
        /// All of it.
        All = "all",
        /// Only what is the reader's own (see the section).
        Own = "own",
        /// Nothing: the section is absent.
        Hidden = "hidden",
    }
}

impl Section {
    /// How much of this section `role` reads. Derived from the seeds (`docs/domain.md`,
    /// "Who reads what"): the coordinator sees everything; the circle sees the plan, the
    /// circle and the frameworks it must answer, but of others' contact details only what
    /// was passed on to them; a professional sees their own framework, the plan and its
    /// requested help, and not what other professionals handed in; the regional manager
    /// what assigning and coaching a coordinator needs; an administrator what closing and
    /// counting cases needs.
    pub const fn access(self, role: Role) -> Access {
        use Access::*;
        use Role::*;
        use Section as S;
        match (self, role) {
            (_, Coordinator) => All,
            (S::Case | S::Professionals | S::Coordinator, _) => All,
            (S::Request, MainPerson | RegionalManager | Administrator) => All,
            (S::Request, Professional) => Own,
            (S::Request, NetworkMember) => Hidden,
            (
                S::Circle | S::Conferences | S::Plan | S::Help | S::FollowUp,
                MainPerson | NetworkMember | Professional,
            ) => All,
            (
                S::Circle | S::Conferences | S::Plan | S::Help | S::FollowUp,
                RegionalManager | Administrator,
            ) => Hidden,
            (S::Contacts | S::Withholdings, MainPerson | NetworkMember | Professional) => Own,
            (S::Contacts | S::Withholdings, RegionalManager) => All,
            (S::Contacts | S::Withholdings, Administrator) => Hidden,
            (S::Frameworks, MainPerson | NetworkMember | RegionalManager) => All,
            (S::Frameworks, Professional) => Own,
            (S::Frameworks, Administrator) => Hidden,
            (S::Views | S::Consents, MainPerson | NetworkMember) => Own,
            (S::Views, Professional | RegionalManager | Administrator) => Hidden,
            (S::Consents, Professional) => Own,
            (S::Consents, RegionalManager | Administrator) => Hidden,
            (S::Measures, MainPerson | Professional) => All,
            (S::Measures, NetworkMember | RegionalManager | Administrator) => Hidden,
            (S::Satisfaction, RegionalManager | Administrator) => All,
            (S::Satisfaction, MainPerson | NetworkMember | Professional) => Own,
            (S::Erasures, RegionalManager | Administrator) => All,
            (S::Erasures, MainPerson | NetworkMember | Professional) => Hidden,
        }
    }
}

/// A case as one reader may see it ([`Case::view_for`]): the fields of [`Case`], each
/// present only when the reader's role may read its [`Section`]. The fields of the `case`
/// section are always present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CaseView {
    /// Who the view was made for.
    pub reader: Actor,
    /// How much of each section the reader was given.
    pub access: BTreeMap<Section, Access>,
    // Section `case`.
    pub id: CaseId,
    pub version: u64,
    #[serde(with = "crate::wire::Time")]
    pub requested_at: DateTime<Utc>,
    #[serde(with = "crate::wire::Time")]
    pub updated_at: DateTime<Utc>,
    pub phase: Phase,
    pub phases: Vec<PhaseChange>,
    pub variant: Variant,
    pub legal_basis: LegalBasis,
    pub questions: Vec<CaseQuestion>,
    pub subject: Option<CommunitySubject>,
    #[serde(with = "crate::wire::OptDate")]
    pub plan_deadline: Option<NaiveDate>,
    pub ending: Option<Ending>,
    // Section `request`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<Actor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral: Option<Referral>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral_path: Option<Vec<ReferralStep>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub antecedents: Option<Vec<Antecedent>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_to_pass_contact: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferences: Option<CoordinatorPreferences>,
    // Section `circle`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_persons: Option<Vec<MainPerson>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<BTreeMap<PersonId, NetworkMember>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representatives: Option<Vec<Representation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpreters: Option<BTreeMap<PersonId, Interpreter>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_participation: Option<BTreeMap<PersonId, Participation>>,
    // Section `professionals`.
    pub organisations: BTreeMap<OrganisationId, Organisation>,
    pub professionals: BTreeMap<PersonId, Professional>,
    pub involvement_ended: Vec<InvolvementEnd>,
    // Section `coordinator`.
    pub coordinator: Option<CoordinatorAssignment>,
    pub former_coordinators: Vec<FormerCoordinator>,
    // Section `contacts`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<BTreeMap<PersonId, ContactRecord>>,
    /// Every time contact details were passed on: (whose, to whom, when).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::wire::OptShares"
    )]
    pub contact_shares: Option<Vec<(PersonId, PersonId, DateTime<Utc>)>>,
    // Section `withholdings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld: Option<Vec<Withholding>>,
    // Section `frameworks`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frameworks: Option<BTreeMap<FrameworkId, SafetyFramework>>,
    // Section `conferences`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conferences: Option<Vec<Conference>>,
    // Section `plan`. A plan version's `assessments` and `not_tested` belong to section
    // `frameworks`: they are empty unless the reader reads those, and hold only the
    // reader's own when they read their own frameworks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plans: Option<Vec<PlanVersion>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distributions: Option<Vec<Distribution>>,
    // Section `help`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Vec<HelpUpdate>>,
    // Section `follow_up`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluations: Option<BTreeMap<EvaluationId, Evaluation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signals: Option<Vec<Signal>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meetings: Option<Vec<Meeting>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrangements: Option<Vec<Arrangement>>,
    // Section `views`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub views: Option<Vec<View>>,
    // Section `measures`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<BTreeMap<MeasureId, Measure>>,
    // Section `consents`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consents: Option<Vec<ConsentRecord>>,
    // Section `satisfaction`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<Vec<Satisfaction>>,
    // Section `erasures`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erasures: Option<Vec<Erasure>>,
}

/// The reader: who asks, and the person they read for (themselves, or the main person they
/// represent).
struct Reader {
    actor: Actor,
    me: BTreeSet<PersonId>,
}

impl Reader {
    fn own(&self, person: PersonId) -> bool {
        self.me.contains(&person)
    }
}

/// All of `items`, the reader's own (what `own` accepts), or nothing.
fn scoped<T>(access: Access, mut items: Vec<T>, own: impl Fn(&T) -> bool) -> Option<Vec<T>> {
    match access {
        Access::All => Some(items),
        Access::Own => {
            items.retain(own);
            Some(items)
        }
        Access::Hidden => None,
    }
}

/// [`scoped`] for a map.
fn scoped_map<K: Ord, V>(
    access: Access,
    mut items: BTreeMap<K, V>,
    own: impl Fn(&V) -> bool,
) -> Option<BTreeMap<K, V>> {
    match access {
        Access::All => Some(items),
        Access::Own => {
            items.retain(|_, v| own(v));
            Some(items)
        }
        Access::Hidden => None,
    }
}

/// The whole of a section, or nothing.
fn whole<T>(access: Access, value: T) -> Option<T> {
    (access != Access::Hidden).then_some(value)
}

impl Case {
    /// The case as `reader` may see it, in their role ([`Section::access`]). The reader must
    /// hold the role in the case, as for a command (`permission_denied` otherwise; an
    /// administrator always does, a regional manager when not in the circle).
    ///
    /// # Examples
    ///
    /// A member of the circle sees the plan, but not the request's description:
    ///
    /// ```
    /// # use kring_domain::*;
    /// # let (case, cast) = kring_testkit::example::case_in_private_time();
    /// let member = Actor::new(cast.uncle, Role::NetworkMember);
    /// let view = case.view_for(&member).unwrap();
    /// assert!(view.network.is_some());
    /// assert!(view.description.is_none());
    /// ```
    pub fn view_for(&self, reader: &Actor) -> Result<CaseView> {
        self.clone().into_view_for(reader)
    }

    /// [`Case::view_for`], taking the case: what the reader may see is moved into the view,
    /// not copied.
    pub fn into_view_for(self, reader: &Actor) -> Result<CaseView> {
        crate::permission::role_held(&self, reader).map_err(|message| Error::PermissionDenied {
            role: reader.role.code().to_string(),
            command: "read".to_string(),
            message,
            rule: None,
        })?;
        let r = Reader {
            actor: *reader,
            me: [reader.person, reader.principal()].into_iter().collect(),
        };
        let a = |s: Section| s.access(reader.role);
        // Rule 8, `details_withheld`: whatever the table says, these never reach the reader.
        let withheld_from_me: BTreeSet<PersonId> = self
            .withheld
            .iter()
            .filter(|w| r.own(w.from))
            .map(|w| w.person)
            .collect();
        let passed_to_me: BTreeSet<PersonId> = self
            .contact_shares
            .iter()
            .filter(|s| r.own(s.1))
            .map(|s| s.0)
            .collect();
        let referred = match &self.referral {
            Referral::Professional { professional } => r.own(professional.person.id),
            _ => false,
        };
        let request = match a(Section::Request) {
            Access::Own if !(referred || r.own(self.requested_by.person)) => Access::Hidden,
            other => other,
        };
        let contact_access = a(Section::Contacts);
        let follow_up = a(Section::FollowUp);
        let Case {
            id,
            version,
            requested_at,
            updated_at,
            requested_by,
            phase,
            phases,
            variant,
            legal_basis,
            description,
            questions,
            main_persons,
            referral,
            consent_to_pass_contact,
            preferences,
            organisations,
            professionals,
            network,
            coordinator,
            contacts,
            contact_shares,
            frameworks,
            conferences,
            plans,
            distributions,
            evaluations,
            signals,
            satisfaction,
            ending,
            antecedents,
            referral_path,
            subject,
            plan_deadline,
            measures,
            representatives,
            consents,
            views,
            interpreters,
            help,
            involvement_ended,
            meetings,
            arrangements,
            former_coordinators,
            main_participation,
            withheld,
            erasures,
        } = self;

        let frameworks = scoped_map(a(Section::Frameworks), frameworks, |f| {
            r.own(f.professional)
        });
        let plans = whole(a(Section::Plan), plans).map(|mut plans| {
            for p in &mut plans {
                match &frameworks {
                    None => {
                        p.assessments.clear();
                        p.not_tested.clear();
                    }
                    Some(mine) => {
                        p.assessments.retain(|x| mine.contains_key(&x.framework));
                        p.not_tested.retain(|x| mine.contains_key(&x.framework));
                    }
                }
            }
            plans
        });
        let contacts = scoped_map(contact_access, contacts, |_| true).map(|mut c| {
            c.retain(|p, _| {
                let mine = contact_access == Access::All || r.own(*p) || passed_to_me.contains(p);
                mine && !withheld_from_me.contains(p)
            });
            c
        });
        let contact_shares = scoped(contact_access, contact_shares, |s| r.own(s.0) || r.own(s.1))
            .map(|mut s| {
                s.retain(|(p, _, _)| !withheld_from_me.contains(p));
                s
            });

        Ok(CaseView {
            reader: r.actor,
            access: Section::ALL
                .iter()
                .map(|&s| (s, if s == Section::Request { request } else { a(s) }))
                .collect(),
            id,
            version,
            requested_at,
            updated_at,
            phase,
            phases,
            variant,
            legal_basis,
            questions,
            subject,
            plan_deadline,
            ending,
            requested_by: whole(request, requested_by),
            description: whole(request, description),
            referral: whole(request, referral),
            referral_path: whole(request, referral_path),
            antecedents: whole(request, antecedents),
            consent_to_pass_contact: whole(request, consent_to_pass_contact),
            preferences: whole(request, preferences),
            main_persons: whole(a(Section::Circle), main_persons),
            network: whole(a(Section::Circle), network),
            representatives: whole(a(Section::Circle), representatives),
            interpreters: whole(a(Section::Circle), interpreters),
            main_participation: whole(a(Section::Circle), main_participation),
            organisations,
            professionals,
            involvement_ended,
            coordinator,
            former_coordinators,
            contacts,
            contact_shares,
            withheld: scoped(a(Section::Withholdings), withheld, |w| r.own(w.person)),
            frameworks,
            conferences: whole(a(Section::Conferences), conferences),
            plans,
            distributions: whole(a(Section::Plan), distributions),
            help: whole(a(Section::Help), help),
            evaluations: whole(follow_up, evaluations),
            signals: whole(follow_up, signals),
            meetings: whole(follow_up, meetings),
            arrangements: whole(follow_up, arrangements),
            views: scoped(a(Section::Views), views, |v| r.own(v.person)),
            measures: whole(a(Section::Measures), measures),
            consents: scoped(a(Section::Consents), consents, |c| r.own(c.person)),
            satisfaction: scoped(a(Section::Satisfaction), satisfaction, |s| {
                s.person.is_some_and(|p| r.own(p))
            }),
            erasures: whole(a(Section::Erasures), erasures),
        })
    }
}
