//! Intake: the request that opens a case, the organisations and professionals involved,
//! contact details, and the coordinator the regional manager assigns and the family answers.

use chrono::{DateTime, Utc};

use super::common::{Checker, ContactUse, Independence, unique, unresolved};
use crate::command::*;
use crate::error::{Error, Result, Rule};
use crate::id::*;
use crate::kind::CommandKind;
use crate::model::*;
use crate::validate::{
    contact_details, date_in_range, list_within_limit, optional_text, person_fields, required_text,
};

/// The request that opens a case: its questions, main persons (and their parties in a
/// restorative case), organisations and referral.
pub(super) fn check_request(req: &RequestConference, at: DateTime<Utc>) -> Result<()> {
    required_text("description", &req.description)?;
    if req.questions.is_empty() {
        return Err(Error::invalid(
            "questions",
            "at least one question the conference must answer",
        ));
    }
    list_within_limit("questions", &req.questions)?;
    for q in &req.questions {
        required_text("questions.text", &q.text)?;
    }
    unique(req.questions.iter().map(|q| q.id))?;
    if req.main_persons.is_empty() {
        return Err(Error::invalid("main_persons", "at least one main person"));
    }
    list_within_limit("main_persons", &req.main_persons)?;
    for m in &req.main_persons {
        person_fields("main_persons", &m.person, at)?;
    }
    unique(req.main_persons.iter().map(|m| m.person.id))?;
    case_parties(req)?;
    list_within_limit("organisations", &req.organisations)?;
    for o in &req.organisations {
        required_text("organisations.name", &o.name)?;
    }
    unique(req.organisations.iter().map(|o| o.id))?;
    let org_known = |id: OrganisationId| req.organisations.iter().any(|o| o.id == id);
    match &req.referral {
        Referral::Professional { professional } => {
            person_fields("referral.professional", &professional.person, at)?;
            professional_role(professional)?;
            if !org_known(professional.organisation) {
                return Err(unresolved("organisation", professional.organisation));
            }
            if req
                .main_persons
                .iter()
                .any(|m| m.person.id == professional.person.id)
            {
                return Err(Error::rule_violation(
                    Rule::UniqueIds,
                    "the referring professional is also a main person",
                    [professional.person.id.to_string()],
                ));
            }
        }
        Referral::Municipality { organisation } => {
            if !org_known(*organisation) {
                return Err(unresolved("organisation", *organisation));
            }
        }
        Referral::Family => {}
    }
    let p = &req.preferences;
    for (name, t) in [
        ("language", &p.language),
        ("culture", &p.culture),
        ("religion", &p.religion),
        ("other", &p.other),
        ("region", &p.region),
    ] {
        optional_text(&format!("preferences.{name}"), t)?;
    }
    list_within_limit("antecedents", &req.antecedents)?;
    for a in &req.antecedents {
        optional_text("antecedents.note", &a.note)?;
        if let Some(d) = a.on {
            date_in_range("antecedents.on", d)?;
            if d > at.date_naive() {
                return Err(Error::rule_violation(
                    Rule::TimeOrder,
                    "what led to the request happened before it",
                    [d.to_string()],
                ));
            }
        }
    }
    list_within_limit("referral_path", &req.referral_path)?;
    for step in &req.referral_path {
        optional_text("referral_path.note", &step.note)?;
        if !org_known(step.organisation) {
            return Err(unresolved("organisation", step.organisation));
        }
    }
    match (&req.subject, req.variant) {
        (Some(s), Variant::Community) => required_text("subject.name", &s.name)?,
        (Some(_), _) => {
            return Err(Error::invalid(
                "subject",
                "only a community conference is about a street, a square or a school",
            ));
        }
        (None, _) => {}
    }
    if let Some(d) = req.plan_deadline {
        date_in_range("plan_deadline", d)?;
    }
    Ok(())
}

/// A professional's role in words, where the codes do not say it (with `other`).
fn professional_role(p: &Professional) -> Result<()> {
    optional_text("professional.role_label", &p.role_label)
}

/// A restorative case names a harmed and a responsible party, and every main person is one
/// of them; the other variants have no parties.
fn case_parties(req: &RequestConference) -> Result<()> {
    let ids = || req.main_persons.iter().map(|m| m.person.id.to_string());
    if req.variant == Variant::Restorative {
        let has = |p| req.main_persons.iter().any(|m| m.party == Some(p));
        if !has(Party::Harmed)
            || !has(Party::Responsible)
            || req.main_persons.iter().any(|m| m.party.is_none())
        {
            return Err(Error::rule_violation(
                Rule::CaseParties,
                "a restorative case names a harmed and a responsible party, and every main person is one of them",
                ids(),
            ));
        }
    } else if req.main_persons.iter().any(|m| m.party.is_some()) {
        return Err(Error::rule_violation(
            Rule::CaseParties,
            "only a restorative case has parties",
            ids(),
        ));
    }
    Ok(())
}

impl Checker<'_> {
    pub(super) fn register_organisation(&self, organisation: &Organisation) -> Result<()> {
        required_text("organisation.name", &organisation.name)?;
        if self.case.organisations.contains_key(&organisation.id) {
            return Err(self.violation(
                Rule::UniqueIds,
                "organisation already registered",
                [organisation.id.to_string()],
            ));
        }
        Ok(())
    }

    pub(super) fn add_professional(&self, professional: &Professional) -> Result<()> {
        self.new_person(&professional.person)?;
        professional_role(professional)?;
        if !self
            .case
            .organisations
            .contains_key(&professional.organisation)
        {
            return Err(unresolved("organisation", professional.organisation));
        }
        self.coordinator_independent(Independence::HelpingOrganisation(professional.organisation))
    }

    pub(super) fn record_contact_details(
        &self,
        kind: CommandKind,
        person: PersonId,
        details: &ContactDetails,
        consent: bool,
    ) -> Result<()> {
        self.known(person)?;
        self.self_only(person, kind)?;
        contact_details(details)?;
        self.contact_consent(ContactUse::Store { person, consent })
    }

    pub(super) fn share_contact_details(&self, person: PersonId, with: PersonId) -> Result<()> {
        self.known(person)?;
        self.known(with)?;
        self.contact_consent(ContactUse::Share { person, with })
    }

    pub(super) fn withdraw_contact_consent(
        &self,
        kind: CommandKind,
        person: PersonId,
    ) -> Result<()> {
        self.known(person)?;
        self.self_only(person, kind)?;
        if !self.case.contacts.contains_key(&person) {
            return Err(Error::not_found("contact details", person));
        }
        Ok(())
    }

    /// Withholding: the person and everyone named are in the case, and the details are not
    /// yet withheld from them. The coordinator must be able to reach everyone, so nothing is
    /// withheld from the coordinator.
    pub(super) fn withhold_details(
        &self,
        kind: CommandKind,
        person: PersonId,
        from: &[PersonId],
    ) -> Result<()> {
        self.withholding(kind, person, from)?;
        for &f in from {
            if self.case.is_coordinator(f) {
                return Err(self.violation(
                    Rule::DetailsWithheld,
                    "nothing is withheld from the coordinator, who must reach everyone",
                    [person.to_string(), f.to_string()],
                ));
            }
            if self.case.is_withheld(person, f) {
                return Err(self.violation(
                    Rule::UniqueIds,
                    "these details are already withheld from this person",
                    [person.to_string(), f.to_string()],
                ));
            }
        }
        Ok(())
    }

    /// Lifting: only the person (or their representative), or the coordinator for them, and
    /// only what is withheld.
    pub(super) fn lift_withholding(
        &self,
        kind: CommandKind,
        person: PersonId,
        from: &[PersonId],
    ) -> Result<()> {
        self.withholding(kind, person, from)?;
        match from.iter().find(|&&f| !self.case.is_withheld(person, f)) {
            Some(f) => Err(Error::not_found("withholding", f)),
            None => Ok(()),
        }
    }

    /// Erasure: a person who appears in the case (also a former coordinator), and a ground.
    pub(super) fn erase_person(&self, person: PersonId, ground: &str) -> Result<()> {
        required_text("ground", ground)?;
        if self.case.person(person).is_none() {
            return Err(unresolved("person", person));
        }
        Ok(())
    }

    /// A handover names why: the store it goes to is the store's to check.
    pub(super) fn hand_over(&self, reason: &str) -> Result<()> {
        required_text("reason", reason)
    }

    /// A withholding, made or lifted: the person is in the case, and a member of the circle
    /// acts only for themselves; the people named are at least one, each once, each in the
    /// case, and not the person themselves.
    fn withholding(&self, kind: CommandKind, person: PersonId, from: &[PersonId]) -> Result<()> {
        self.known(person)?;
        self.self_only(person, kind)?;
        if from.is_empty() {
            return Err(Error::invalid("from", "name at least one person"));
        }
        list_within_limit("from", from)?;
        unique(from.iter().copied())?;
        for &f in from {
            self.known(f)?;
            if f == person {
                return Err(self.violation(
                    Rule::ReferencesResolve,
                    "a person's details are not withheld from themselves",
                    [person.to_string()],
                ));
            }
        }
        Ok(())
    }

    pub(super) fn assign_coordinator(
        &self,
        coordinator: &Coordinator,
        reason: &Option<String>,
    ) -> Result<()> {
        if self
            .case
            .coordinator
            .as_ref()
            .is_some_and(|c| c.accepted_at.is_some())
        {
            return Err(self.lifecycle("the family already accepted a coordinator"));
        }
        optional_text("reason", reason)?;
        self.coordinator_profile(coordinator)?;
        self.coordinator_independent(Independence::Assigned(coordinator))
    }

    pub(super) fn respond_to_coordinator(&self) -> Result<()> {
        match &self.case.coordinator {
            Some(c) if c.accepted_at.is_none() => Ok(()),
            Some(_) => Err(self.lifecycle("the coordinator was already accepted")),
            None => Err(self.lifecycle("no coordinator has been assigned")),
        }
    }
}
