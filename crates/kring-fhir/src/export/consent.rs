//! Consent to pass contact details on (rule 8), one `Consent` per person the case records it
//! for: the latest of the request's consent for the main persons, the consent under which
//! their contact details are stored, and the consents given or refused since (the latest
//! counts). The contact details themselves are never exported.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use kring_domain::{ConsentMatter, PersonId};
use serde_json::json;

use super::Export;
use crate::codes::{CONSENT_ACTION, kring_concept};
use crate::json::{coding, concept, date, reference};

/// One statement of consent: when, given or refused, and by whom (`None`: the request).
#[derive(Clone, Copy)]
struct Statement {
    at: DateTime<Utc>,
    given: bool,
    by: Option<PersonId>,
}

impl Export<'_> {
    pub(super) fn consents(&mut self) {
        let case = self.case;
        let mut latest: BTreeMap<PersonId, Statement> = BTreeMap::new();
        // Later statements replace earlier ones; at the same moment the later source wins.
        let mut offer = |person: PersonId, s: Statement| {
            let keep = latest.get(&person).is_none_or(|old| s.at >= old.at);
            if keep {
                latest.insert(person, s);
            }
        };
        for m in &case.main_persons {
            offer(
                m.person.id,
                Statement {
                    at: case.requested_at,
                    given: case.consent_to_pass_contact,
                    by: None,
                },
            );
        }
        for (person, record) in &case.contacts {
            offer(
                *person,
                Statement {
                    at: record.consent_at,
                    given: true,
                    by: Some(record.consent_given_by),
                },
            );
        }
        for c in case
            .consents
            .iter()
            .filter(|c| c.matter == ConsentMatter::PassContact)
        {
            offer(
                c.person,
                Statement {
                    at: c.at,
                    given: c.given,
                    by: Some(c.given_by),
                },
            );
        }
        for (person, s) in latest {
            let Some(resource) = self.own_resource(person) else {
                continue;
            };
            let subject = if case.is_main_person(person) || self.practitioners.contains_key(&person)
            {
                Some(reference(&resource))
            } else {
                None
            };
            let grantor = match s.by {
                Some(by) => self.who_ref(by),
                None => reference(&resource),
            };
            let body = json!({
                "status": "active",
                "category": [kring_concept("consent-matter", ConsentMatter::PassContact.code(), "passing contact details on (contactgegevens doorgeven)")],
                "subject": subject,
                "date": date(s.at.date_naive()),
                "grantor": [grantor],
                "grantee": [reference(&self.care_team)],
                "decision": if s.given { "permit" } else { "deny" },
                "provision": [{
                    "action": [concept(coding(CONSENT_ACTION, "disclose", "Disclose"), "pass contact details on to the people of the case")],
                    "data": [{ "meaning": "instance", "reference": reference(&resource) }],
                }],
            });
            self.push("Consent", format!("pass-contact/{person}"), body);
        }
    }

    /// The resource that holds a person's own record: their `Patient`, their first
    /// `RelatedPerson` or their `Practitioner`.
    fn own_resource(&self, person: PersonId) -> Option<String> {
        if self.case.is_main_person(person) {
            return self.who.get(&person).cloned();
        }
        if self.case.network.contains_key(&person) {
            return self.who.get(&person).cloned();
        }
        self.practitioners.get(&person).cloned()
    }
}
