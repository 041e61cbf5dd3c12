//! The people of a case: `Patient`, `Group`, `RelatedPerson`, `Organization`, `Practitioner`,
//! `PractitionerRole`, and the circle as a `CareTeam`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use kring_domain::erasure::ERASED;
use kring_domain::{Involvement, OrganisationId, Party, PersonId, PlanStatus, Variant};
use serde_json::{Value, json};

use super::{Export, identifier, related_key};
use crate::codes::{indirect_relationship, kring_concept, relationship, side_words, words};
use crate::json::{date, human_name, language, period, reference, time};

impl Export<'_> {
    pub(super) fn people(&mut self) {
        self.patients();
        self.related_persons();
        self.organisations();
        self.practitioners();
        self.practitioner_roles();
    }

    fn patients(&mut self) {
        let case = self.case;
        for m in &case.main_persons {
            let p = &m.person;
            self.push(
                "Patient",
                p.id,
                json!({
                    "identifier": [identifier("person", p.id)],
                    "name": human_name(&p.name),
                    "birthDate": p.birth_date.map(date),
                    "communication": languages(&p.languages),
                }),
            );
        }
        if case.main_persons.len() > 1 {
            let members: Vec<Value> = case
                .main_persons
                .iter()
                .map(|m| json!({ "entity": self.who_ref(m.person.id) }))
                .collect();
            self.push(
                "Group",
                "main-persons",
                json!({
                    "type": "person",
                    "membership": "enumerated",
                    "name": "Main persons (hoofdpersonen)",
                    "quantity": members.len(),
                    "member": members,
                }),
            );
        }
    }

    fn related_persons(&mut self) {
        let case = self.case;
        for (id, member) in &case.network {
            let p = &member.person;
            for (i, patient) in self.patients_of(member).into_iter().enumerate() {
                let mut relationships: Vec<Value> = member
                    .relations
                    .iter()
                    .filter(|r| r.to == patient)
                    .map(relationship)
                    .collect();
                if i == 0 {
                    // Relations to other members of the circle, in words, on the first.
                    relationships.extend(
                        member
                            .relations
                            .iter()
                            .filter(|r| !case.is_main_person(r.to))
                            .map(|r| indirect_relationship(r, &self.name_in_words(r.to))),
                    );
                }
                self.push(
                    "RelatedPerson",
                    related_key(*id, patient, i),
                    json!({
                        "identifier": [identifier("person", id)],
                        "patient": self.who_ref(patient),
                        "relationship": relationships,
                        "name": human_name(&p.name),
                        "birthDate": p.birth_date.map(date),
                        "communication": languages(&p.languages),
                    }),
                );
            }
        }
    }

    /// A person's name for a text, or what they are when it is erased or unknown.
    fn name_in_words(&self, person: PersonId) -> String {
        match self.case.person(person).map(|p| p.name.trim()) {
            Some(name) if !name.is_empty() && name != ERASED => name.to_string(),
            _ => "another member of the circle".to_string(),
        }
    }

    fn organisations(&mut self) {
        for (id, org) in &self.case.organisations {
            self.push(
                "Organization",
                id,
                json!({
                    "identifier": [identifier("org", id)],
                    "active": true,
                    "type": [kring_concept("organisation-kind", org.kind.code(), words(org.kind.code()))],
                    "name": org.name.trim(),
                }),
            );
        }
    }

    /// A reference to an organisation registered in the case, else a logical one.
    pub(super) fn org_ref(&self, id: OrganisationId) -> Value {
        if self.case.organisations.contains_key(&id) {
            reference(&self.url("Organization", id))
        } else {
            json!({ "identifier": identifier("org", id) })
        }
    }

    fn practitioners(&mut self) {
        let case = self.case;
        let ids: Vec<PersonId> = self.practitioners.keys().copied().collect();
        for id in ids {
            let record = case.person(id);
            let mut langs: Vec<String> = record.map(|p| p.languages.clone()).unwrap_or_default();
            let profiles = case
                .coordinator
                .iter()
                .chain(case.former_coordinators.iter().map(|f| &f.assignment))
                .filter(|a| a.coordinator.person.id == id);
            for a in profiles {
                for l in &a.coordinator.languages {
                    if !langs.contains(l) {
                        langs.push(l.clone());
                    }
                }
            }
            self.push(
                "Practitioner",
                id,
                json!({
                    "identifier": [identifier("person", id)],
                    "name": record.and_then(|p| human_name(&p.name)),
                    "birthDate": record.and_then(|p| p.birth_date).map(date),
                    "communication": languages(&langs),
                }),
            );
        }
    }

    /// When the involvement of a professional (or their organisation) ended.
    pub(super) fn involvement_ended_at(&self, professional: PersonId) -> Option<DateTime<Utc>> {
        let org = self
            .case
            .professionals
            .get(&professional)
            .map(|p| p.organisation);
        self.case
            .involvement_ended
            .iter()
            .filter(|e| match e.involvement {
                Involvement::Professional { person } => person == professional,
                Involvement::Organisation { organisation } => Some(organisation) == org,
            })
            .map(|e| e.at)
            .min()
    }

    fn practitioner_roles(&mut self) {
        let case = self.case;
        for (id, prof) in &case.professionals {
            let ended = self.involvement_ended_at(*id);
            let role_text = prof
                .role_label
                .as_deref()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| words(prof.role.code()));
            let role = kring_concept("professional-role", prof.role.code(), role_text);
            let body = json!({
                "active": ended.is_none(),
                "period": period(None, ended.map(time)),
                "practitioner": reference(&self.practitioners[id]),
                "organization": self.org_ref(prof.organisation),
                "code": [role],
            });
            self.push("PractitionerRole", format!("professional/{id}"), body);
        }
        let coordinator_role = kring_concept(
            "case-role",
            "coordinator",
            "Eigen Kracht coordinator (Eigen Kracht-coördinator)",
        );
        if let Some(c) = &case.coordinator {
            let id = c.coordinator.person.id;
            let body = json!({
                "active": true,
                "period": period(Some(time(c.assigned_at)), None),
                "practitioner": reference(&self.practitioners[&id]),
                "code": [coordinator_role.clone()],
            });
            self.push("PractitionerRole", format!("coordinator/{id}"), body);
        }
        for (i, f) in case.former_coordinators.iter().enumerate() {
            let id = f.assignment.coordinator.person.id;
            let body = json!({
                "active": false,
                "period": period(Some(time(f.assignment.assigned_at)), Some(time(f.ended_at))),
                "practitioner": reference(&self.practitioners[&id]),
                "code": [coordinator_role.clone()],
            });
            self.push(
                "PractitionerRole",
                format!("coordinator/{id}/former/{i}"),
                body,
            );
        }
        for id in self.regional_managers() {
            let body = json!({
                "active": true,
                "practitioner": reference(&self.practitioners[&id]),
                "code": [kring_concept("case-role", "regional_manager", "regional manager (regiomanager)")],
            });
            self.push("PractitionerRole", format!("regional-manager/{id}"), body);
        }
    }

    /// The circle: main persons, network members, the monitors and conveners of each plan in
    /// force, the professionals and the coordinators, each with their role and period.
    pub(super) fn care_team(&mut self) {
        let case = self.case;
        let mut participants = Vec::new();
        for m in &case.main_persons {
            let text = match (case.variant, m.party) {
                (Variant::Restorative, Some(Party::Harmed)) => {
                    "main person, harmed party (hoofdpersoon, benadeelde)"
                }
                (Variant::Restorative, Some(Party::Responsible)) => {
                    "main person, responsible party (hoofdpersoon, veroorzaker)"
                }
                _ => "main person (hoofdpersoon)",
            };
            participants.push(json!({
                "role": kring_concept("circle-role", "main_person", text),
                "member": self.who_ref(m.person.id),
            }));
        }
        for (id, member) in &case.network {
            participants.push(json!({
                "role": kring_concept(
                    "circle-role",
                    "network_member",
                    format!("network member (netwerklid), {}", side_words(member.side)),
                ),
                "member": self.who_ref(*id),
                "coveragePeriod": period(Some(time(member.identified_at)), None),
            }));
        }
        for (person, role, (start, end)) in self.plan_roles() {
            let text = match role {
                "monitor" => "monitor of the plan (bewaker van het plan)",
                _ => "convener of the circle (wie de mensen bij elkaar roept)",
            };
            participants.push(json!({
                "role": kring_concept("circle-role", role, text),
                "member": self.who_ref(person),
                "coveragePeriod": period(Some(time(start)), end.map(time)),
            }));
        }
        for id in case.professionals.keys() {
            let ended = self.involvement_ended_at(*id);
            participants.push(json!({
                "role": kring_concept("circle-role", "professional", "professional (hulpverlener)"),
                "member": reference(&self.url("PractitionerRole", format!("professional/{id}"))),
                "coveragePeriod": period(None, ended.map(time)),
            }));
        }
        let coordinator = |url: String, start: DateTime<Utc>, end: Option<DateTime<Utc>>| {
            json!({
                "role": kring_concept("circle-role", "coordinator", "Eigen Kracht coordinator (Eigen Kracht-coördinator)"),
                "member": reference(&url),
                "coveragePeriod": period(Some(time(start)), end.map(time)),
            })
        };
        for (i, f) in case.former_coordinators.iter().enumerate() {
            let id = f.assignment.coordinator.person.id;
            let url = self.url("PractitionerRole", format!("coordinator/{id}/former/{i}"));
            participants.push(coordinator(url, f.assignment.assigned_at, Some(f.ended_at)));
        }
        if let Some(c) = &case.coordinator {
            let id = c.coordinator.person.id;
            let url = self.url("PractitionerRole", format!("coordinator/{id}"));
            participants.push(coordinator(url, c.assigned_at, None));
        }
        let body = json!({
            "identifier": [identifier("case", case.id)],
            "status": if self.is_over() { "inactive" } else { "active" },
            "name": "Circle (sociale kring)",
            "subject": reference(&self.subject),
            "period": period(Some(time(case.requested_at)), self.ended_at().map(time)),
            "participant": participants,
        });
        self.push("CareTeam", "circle", body);
    }

    /// Who monitored and who convened under each accepted plan version, from the moment it
    /// was accepted until the next accepted version or the end of the case; consecutive
    /// periods of the same person in the same role are merged.
    fn plan_roles(&self) -> Vec<(PersonId, &'static str, Span)> {
        let accepted: Vec<_> = self
            .case
            .plans
            .iter()
            .filter(|p| p.status == PlanStatus::Accepted)
            .collect();
        let mut spans: BTreeMap<(PersonId, &'static str), Vec<Span>> = BTreeMap::new();
        let mut order: Vec<(PersonId, &'static str)> = Vec::new();
        for (i, plan) in accepted.iter().enumerate() {
            let start = super::plan::accepted_at(plan);
            let end = accepted
                .get(i + 1)
                .map(|next| super::plan::accepted_at(next))
                .or_else(|| self.ended_at());
            let roles = plan
                .content
                .monitors
                .iter()
                .map(|p| (*p, "monitor"))
                .chain(plan.content.conveners.iter().map(|p| (*p, "convener")));
            for key in roles {
                let list = spans.entry(key).or_default();
                match list.last_mut() {
                    Some(last) if last.1 == Some(start) => last.1 = end,
                    _ => list.push((start, end)),
                }
                if !order.contains(&key) {
                    order.push(key);
                }
            }
        }
        order
            .into_iter()
            .flat_map(|key| {
                spans[&key]
                    .iter()
                    .map(move |span| (key.0, key.1, *span))
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}

/// A period of time: from, and until when it ended.
type Span = (DateTime<Utc>, Option<DateTime<Utc>>);

/// Languages as `communication` entries.
fn languages(langs: &[String]) -> Vec<Value> {
    langs
        .iter()
        .filter_map(|l| language(l))
        .map(|l| json!({ "language": l }))
        .collect()
}
