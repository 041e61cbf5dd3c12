//! What the stages share: the [`Checker`], the errors it builds, and the rules that more than
//! one command must keep, each checked by one function here: rule 2 ([`private_time`]), rule
//! 3 ([`Checker::coordinator_independent`]) and rule 8 ([`Checker::contact_consent`]).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::case::Case;
use crate::command::*;
use crate::error::{Error, Result, Rule};
use crate::id::*;
use crate::kind::CommandKind;
use crate::model::*;
use crate::validate::person_fields;

/// A command checked against one case: who makes it and when.
pub(super) struct Checker<'a> {
    pub(super) case: &'a Case,
    pub(super) actor: Actor,
    pub(super) at: DateTime<Utc>,
}

/// Refuses an id that is not part of the case.
pub(super) fn unresolved(kind: &str, id: impl ToString) -> Error {
    Error::rule_violation(
        Rule::ReferencesResolve,
        format!("{kind} is not part of the case"),
        [id.to_string()],
    )
}

/// Refuses the first id that appears twice.
pub(super) fn unique<T: Ord + ToString + Copy>(ids: impl IntoIterator<Item = T>) -> Result<()> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(Error::rule_violation(
                Rule::UniqueIds,
                "the same id appears twice",
                [id.to_string()],
            ));
        }
    }
    Ok(())
}

/// Who a private-time check (rule 2) is about.
pub(super) enum Presence<'a> {
    /// The actor making a command.
    Acting(&'a Actor, &'a Command),
    /// The people recorded as present in the current part.
    Recorded(&'a [PersonId]),
}

/// Rule 2: while the circle is in private time, no professional and no coordinator takes
/// part; the coordinator only calls the presentation.
pub(super) fn private_time(case: &Case, presence: Presence<'_>) -> Result<()> {
    if case.current_part() != Some(ConferencePart::PrivateTime) {
        return Ok(());
    }
    match presence {
        Presence::Acting(actor, command) => {
            // Only the circle acts while it is alone; of those outside it, only the
            // coordinator, called back in to begin the presentation.
            let outsider = !matches!(actor.role, Role::MainPerson | Role::NetworkMember);
            let calls_presentation = matches!(
                command,
                Command::BeginPart {
                    part: ConferencePart::Presentation
                }
            );
            if outsider && !(actor.role == Role::Coordinator && calls_presentation) {
                return Err(Error::rule_violation(
                    Rule::PrivateTime,
                    format!(
                        "{} is not present during private time: only the circle acts",
                        actor.role
                    ),
                    [actor.person.to_string(), case.id.to_string()],
                ));
            }
        }
        Presence::Recorded(present) => {
            let mut outsiders: Vec<String> = present
                .iter()
                .filter(|p| case.professionals.contains_key(p) || case.is_coordinator(**p))
                .map(|p| p.to_string())
                .collect();
            if !outsiders.is_empty() {
                outsiders.push(case.id.to_string());
                return Err(Error::rule_violation(
                    Rule::PrivateTime,
                    "no professional and no coordinator is present during private time",
                    outsiders,
                ));
            }
        }
    }
    Ok(())
}

/// What a check of the coordinator's independence (rule 3) is about.
pub(super) enum Independence<'a> {
    /// A person joining the case in another role.
    NewPerson(PersonId),
    /// The organisation of a professional joining the case: it gives help in the case.
    HelpingOrganisation(OrganisationId),
    /// The coordinator being assigned.
    Assigned(&'a Coordinator),
}

/// What a check of consent for contact details (rule 8) is about.
pub(super) enum ContactUse {
    /// Storing a person's details, with or without their consent.
    Store { person: PersonId, consent: bool },
    /// Passing a person's stored details on to `with`.
    Share { person: PersonId, with: PersonId },
}

impl Checker<'_> {
    /// A rule violation naming `ids` and the case.
    pub(super) fn violation(
        &self,
        rule: Rule,
        message: impl Into<String>,
        ids: impl IntoIterator<Item = String>,
    ) -> Error {
        let mut all: Vec<String> = ids.into_iter().collect();
        all.push(self.case.id.to_string());
        Error::rule_violation(rule, message, all)
    }

    /// A violation of rule 7 that depends on the state of the case rather than its phase.
    pub(super) fn lifecycle(&self, message: impl Into<String>) -> Error {
        self.violation(Rule::Lifecycle, message, [])
    }

    /// A main person or network member may act only on their own behalf.
    pub(super) fn self_only(&self, person: PersonId, kind: CommandKind) -> Result<()> {
        if matches!(self.actor.role, Role::MainPerson | Role::NetworkMember)
            && person != self.actor.principal()
        {
            return Err(Error::PermissionDenied {
                role: self.actor.role.code().into(),
                command: kind.name().into(),
                message: format!(
                    "{} may act only for themselves, not for {person}",
                    self.actor.person
                ),
                rule: None,
            });
        }
        Ok(())
    }

    /// The person has a role in the case.
    pub(super) fn known(&self, person: PersonId) -> Result<()> {
        if self.case.knows(person) {
            Ok(())
        } else {
            Err(unresolved("person", person))
        }
    }

    /// Rule 3 and unique people: a new person must not already hold a role in the case.
    pub(super) fn new_person(&self, person: &Person) -> Result<()> {
        person_fields("person", person, self.at)?;
        self.coordinator_independent(Independence::NewPerson(person.id))?;
        if self.case.knows(person.id) {
            return Err(self.violation(
                Rule::UniqueIds,
                "this person already has a role in the case",
                [person.id.to_string()],
            ));
        }
        Ok(())
    }

    /// Rule 3: the coordinator is not in the circle, not a professional in the case, and not
    /// affiliated with an organisation giving help in the case.
    pub(super) fn coordinator_independent(&self, check: Independence<'_>) -> Result<()> {
        let case = self.case;
        match check {
            Independence::NewPerson(id) if case.is_coordinator(id) => Err(self.violation(
                Rule::CoordinatorIndependent,
                "the coordinator cannot also be in the circle or a professional in the case",
                [id.to_string()],
            )),
            Independence::HelpingOrganisation(org) => match &case.coordinator {
                Some(c) if c.coordinator.affiliations.contains(&org) => Err(self.violation(
                    Rule::CoordinatorIndependent,
                    "the coordinator is affiliated with the organisation of this professional, which gives help in the case",
                    [c.coordinator.person.id.to_string(), org.to_string()],
                )),
                _ => Ok(()),
            },
            Independence::Assigned(coordinator) => {
                let id = coordinator.person.id;
                if case.is_in_circle(id)
                    || case.professionals.contains_key(&id)
                    || case.interpreters.contains_key(&id)
                    || id == self.actor.person
                {
                    return Err(self.violation(
                        Rule::CoordinatorIndependent,
                        "the coordinator may not be in the circle, a professional or an interpreter in the case, or the assigning regional manager",
                        [id.to_string()],
                    ));
                }
                let helping = case.helping_organisations();
                match coordinator
                    .affiliations
                    .iter()
                    .find(|o| helping.contains(o))
                {
                    Some(org) => Err(self.violation(
                        Rule::CoordinatorIndependent,
                        "the coordinator is affiliated with an organisation giving help in the case",
                        [id.to_string(), org.to_string()],
                    )),
                    None => Ok(()),
                }
            }
            Independence::NewPerson(_) => Ok(()),
        }
    }

    /// Rule 8: contact details are stored only with the person's consent, passed on only
    /// when they are held with consent, and never to someone they are withheld from.
    pub(super) fn contact_consent(&self, contact: ContactUse) -> Result<()> {
        match contact {
            ContactUse::Store { person, consent } if !consent => Err(self.violation(
                Rule::ContactConsent,
                "contact details are stored only with the person's consent",
                [person.to_string()],
            )),
            ContactUse::Share { person, .. } if !self.case.contacts.contains_key(&person) => {
                Err(self.violation(
                    Rule::ContactConsent,
                    "no contact details held with consent for this person",
                    [person.to_string()],
                ))
            }
            ContactUse::Share { person, with } if self.case.is_withheld(person, with) => Err(self
                .violation(
                    Rule::DetailsWithheld,
                    "these contact details are withheld from the person they would go to",
                    [person.to_string(), with.to_string()],
                )),
            _ => Ok(()),
        }
    }
}
