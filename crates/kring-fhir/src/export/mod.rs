//! The export of one case: the references every resource needs are worked out first (who is
//! which resource), then each part of the case adds its entries in a fixed order.

use std::collections::BTreeMap;
use std::fmt::Display;

use chrono::{DateTime, Utc};
use kring_domain::{Case, Ending, Error, PersonId, Phase, Result};
use serde_json::{Value, json};

use crate::ids::uuid;
use crate::json::{prune, reference, time};

mod conference; // Location, Encounter
mod consent; // Consent
mod people; // Patient, Group, RelatedPerson, Organization, Practitioner(Role), CareTeam
mod plan; // Goal, CarePlan, Task, ServiceRequest, Provenance

/// One case being exported.
pub(crate) struct Export<'a> {
    case: &'a Case,
    entries: Vec<Value>,
    /// The resource that stands for each person where they act in the case (a participant, an
    /// owner, an agent): `Patient`, their first `RelatedPerson`, their `PractitionerRole`, or
    /// the `Practitioner` of an interpreter.
    who: BTreeMap<PersonId, String>,
    /// The `RelatedPerson` of each member for each main person they are related to.
    related: BTreeMap<(PersonId, PersonId), String>,
    /// The `Practitioner` of everyone there by job (professionals, coordinators, interpreters,
    /// regional managers).
    practitioners: BTreeMap<PersonId, String>,
    /// The `Patient`, or the `Group` of the main persons when there are several.
    subject: String,
    /// The `CareTeam` of the circle.
    care_team: String,
}

impl<'a> Export<'a> {
    pub(crate) fn new(case: &'a Case) -> Result<Self> {
        let Some(first) = case.main_persons.first() else {
            return Err(Error::invalid(
                "case",
                "a case without a main person has nothing to export",
            ));
        };
        let mut e = Export {
            case,
            entries: Vec::new(),
            who: BTreeMap::new(),
            related: BTreeMap::new(),
            practitioners: BTreeMap::new(),
            subject: String::new(),
            care_team: String::new(),
        };
        e.subject = if case.main_persons.len() > 1 {
            e.url("Group", "main-persons")
        } else {
            e.url("Patient", first.person.id)
        };
        e.care_team = e.url("CareTeam", "circle");
        e.index_people();
        Ok(e)
    }

    /// Works out which resource stands for whom; the first role found wins.
    fn index_people(&mut self) {
        let case = self.case;
        for m in &case.main_persons {
            let url = self.url("Patient", m.person.id);
            self.who.entry(m.person.id).or_insert(url);
        }
        for (id, member) in &case.network {
            for (i, patient) in self.patients_of(member).into_iter().enumerate() {
                let url = self.url("RelatedPerson", related_key(*id, patient, i));
                self.related.insert((*id, patient), url.clone());
                self.who.entry(*id).or_insert(url);
            }
        }
        for id in case.professionals.keys() {
            let url = self.url("PractitionerRole", format!("professional/{id}"));
            self.who.entry(*id).or_insert(url);
            self.add_practitioner(*id);
        }
        if let Some(c) = &case.coordinator {
            let id = c.coordinator.person.id;
            let url = self.url("PractitionerRole", format!("coordinator/{id}"));
            self.who.entry(id).or_insert(url);
            self.add_practitioner(id);
        }
        for (i, f) in case.former_coordinators.iter().enumerate().rev() {
            let id = f.assignment.coordinator.person.id;
            let url = self.url("PractitionerRole", format!("coordinator/{id}/former/{i}"));
            self.who.entry(id).or_insert(url);
            self.add_practitioner(id);
        }
        for id in case.interpreters.keys() {
            let url = self.url("Practitioner", id);
            self.who.entry(*id).or_insert(url);
            self.add_practitioner(*id);
        }
        for id in self.regional_managers() {
            let url = self.url("PractitionerRole", format!("regional-manager/{id}"));
            self.who.entry(id).or_insert(url);
            self.add_practitioner(id);
        }
    }

    fn add_practitioner(&mut self, id: PersonId) {
        let url = self.url("Practitioner", id);
        self.practitioners.entry(id).or_insert(url);
    }

    /// The main persons a member has a `RelatedPerson` for: those their relations point at, in
    /// the order recorded, or the first main person when none does (a member related only to
    /// another member, "the aunt's friend").
    fn patients_of(&self, member: &kring_domain::NetworkMember) -> Vec<PersonId> {
        let mut out: Vec<PersonId> = Vec::new();
        for r in &member.relations {
            if self.case.is_main_person(r.to) && !out.contains(&r.to) {
                out.push(r.to);
            }
        }
        if out.is_empty() {
            out.push(self.case.main_persons[0].person.id);
        }
        out
    }

    /// The regional managers of the current and the former coordinators, without repeats.
    fn regional_managers(&self) -> Vec<PersonId> {
        let mut out = Vec::new();
        let all = self
            .case
            .coordinator
            .iter()
            .chain(self.case.former_coordinators.iter().map(|f| &f.assignment));
        for a in all {
            if !out.contains(&a.regional_manager) {
                out.push(a.regional_manager);
            }
        }
        out
    }

    /// The `fullUrl` of the resource of `resource_type` with `key` in this case.
    fn url(&self, resource_type: &str, key: impl Display) -> String {
        format!(
            "urn:uuid:{}",
            uuid(self.case.id, resource_type, &key.to_string())
        )
    }

    /// Adds a resource as an entry; its `id` is the UUID of its `fullUrl`. Returns the
    /// `fullUrl`.
    fn push(&mut self, resource_type: &str, key: impl Display, mut resource: Value) -> String {
        let url = self.url(resource_type, key);
        if let Value::Object(map) = &mut resource {
            map.insert("resourceType".into(), resource_type.into());
            map.insert("id".into(), url["urn:uuid:".len()..].into());
        }
        prune(&mut resource);
        self.entries
            .push(json!({ "fullUrl": url, "resource": resource }));
        url
    }

    /// A reference to the resource that stands for `person` where they act; a logical
    /// reference by identifier when the case holds no record of them.
    fn who_ref(&self, person: PersonId) -> Value {
        match self.who.get(&person) {
            Some(url) => reference(url),
            None => json!({ "identifier": identifier("person", person) }),
        }
    }

    /// The `RelatedPerson` of `member` for main person `patient`, else the member's own.
    fn who_for(&self, person: PersonId, patient: Option<PersonId>) -> Value {
        patient
            .and_then(|p| self.related.get(&(person, p)))
            .map(|url| reference(url))
            .unwrap_or_else(|| self.who_ref(person))
    }

    /// The reference of the main person `person`, or the subject when `person` is none or not
    /// a main person.
    fn patient_or_subject(&self, person: Option<PersonId>) -> Value {
        match person.filter(|p| self.case.is_main_person(*p)) {
            Some(p) => self.who_ref(p),
            None => reference(&self.subject),
        }
    }

    /// When the case ended (closed or withdrawn).
    fn ended_at(&self) -> Option<DateTime<Utc>> {
        match &self.case.ending {
            Some(Ending::Closed { at, .. } | Ending::Withdrawn { at, .. }) => Some(*at),
            None => None,
        }
    }

    fn is_over(&self) -> bool {
        matches!(self.case.phase, Phase::Closed | Phase::Withdrawn)
    }

    /// The whole bundle.
    pub(crate) fn bundle(mut self) -> Result<Value> {
        self.people();
        self.care_team();
        self.goals();
        self.conferences();
        self.plans();
        self.consents();
        let case = self.case;
        let mut bundle = json!({
            "resourceType": "Bundle",
            "id": uuid(case.id, "Bundle", "bundle"),
            "identifier": identifier("case", case.id),
            "type": "collection",
            "timestamp": time(case.updated_at),
            "entry": std::mem::take(&mut self.entries),
        });
        prune(&mut bundle);
        Ok(bundle)
    }
}

/// The key of a member's `RelatedPerson` for a main person: the member's id for the first, the
/// pair for the others.
fn related_key(member: PersonId, patient: PersonId, index: usize) -> String {
    if index == 0 {
        member.to_string()
    } else {
        format!("{member}/{patient}")
    }
}

/// An `Identifier` with system `urn:kring:<kind>` and the kring id (or key) as value.
pub(crate) fn identifier(kind: &str, value: impl Display) -> Value {
    json!({ "system": format!("urn:kring:{kind}"), "value": value.to_string() })
}
