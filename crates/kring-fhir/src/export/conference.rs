//! Conferences: each one an `Encounter` at a `Location`, with its parts (information, private
//! time, presentation) as `Encounter`s `partOf` it, and attendance as `participant`.

use kring_domain::{Conference, ConferencePart, PersonId, Phase};
use serde_json::{Value, json};

use super::{Export, identifier};
use crate::codes::{PARTICIPATION_TYPE, SPECIAL_ARRANGEMENTS, kring_concept};
use crate::json::{coding, concept, date, period, reference, time};

impl Export<'_> {
    /// The `Encounter` of conference `number`, if the case holds it.
    pub(super) fn conference_url(&self, number: u32) -> Option<String> {
        self.case
            .conferences
            .iter()
            .find(|c| c.number == number)
            .map(|c| self.url("Encounter", c.id))
    }

    /// The `Location` of conference `number`, if the case holds it.
    pub(super) fn location_url(&self, number: u32) -> Option<String> {
        self.case
            .conferences
            .iter()
            .find(|c| c.number == number && !c.place.trim().is_empty())
            .map(|c| self.url("Location", format!("{}/location", c.id)))
    }

    pub(super) fn conferences(&mut self) {
        let case = self.case;
        for (i, conf) in case.conferences.iter().enumerate() {
            let last = i + 1 == case.conferences.len();
            self.conference(conf, last);
        }
    }

    fn conference(&mut self, conf: &Conference, last: bool) {
        let case = self.case;
        let running = last && conf.ended_at.is_none() && case.phase == Phase::Conference;
        let location = self.location_url(conf.number).map(|_| {
            self.push(
                "Location",
                format!("{}/location", conf.id),
                json!({ "name": conf.place.trim(), "mode": "instance" }),
            )
        });
        let status = if conf.ended_at.is_some() {
            "completed"
        } else if conf.parts.is_empty() {
            if self.is_over() {
                "cancelled"
            } else {
                "planned"
            }
        } else if running {
            "in-progress"
        } else {
            "discontinued"
        };
        let (kind, text) = if conf.number <= 1 {
            (
                "conference",
                "family group conference (Eigen Kracht-conferentie)".to_string(),
            )
        } else {
            (
                "follow_up_conference",
                format!(
                    "follow-up conference (vervolgconferentie), number {}",
                    conf.number
                ),
            )
        };
        let mut everyone: Vec<PersonId> = Vec::new();
        for p in conf.parts.iter().flat_map(|p| &p.present) {
            if !everyone.contains(p) {
                everyone.push(*p);
            }
        }
        let locations = |loc: &Option<String>| {
            loc.as_ref()
                .map(|l| vec![json!({ "location": reference(l) })])
                .unwrap_or_default()
        };
        let special = conf.interpreter.then(|| {
            vec![concept(
                coding(SPECIAL_ARRANGEMENTS, "int", "Interpreter"),
                "interpreter",
            )]
        });
        let body = json!({
            "identifier": [identifier("conf", conf.id)],
            "status": status,
            "type": [kring_concept("encounter-type", kind, text)],
            "subject": reference(&self.subject),
            "careTeam": [reference(&self.care_team)],
            "participant": self.participants(&everyone),
            "actualPeriod": period(conf.parts.first().map(|p| time(p.started_at)), conf.ended_at.map(time)),
            "plannedStartDate": date(conf.date),
            "specialArrangement": special,
            "location": locations(&location),
        });
        let conference = self.push("Encounter", conf.id, body);
        for (i, part) in conf.parts.iter().enumerate() {
            let status = if part.ended_at.is_some() {
                "completed"
            } else if running && i + 1 == conf.parts.len() {
                "in-progress"
            } else {
                "discontinued"
            };
            let text = match part.part {
                ConferencePart::Information => "information part (informatiedeel)",
                ConferencePart::PrivateTime => "private time (besloten tijd)",
                ConferencePart::Presentation => {
                    "presentation of the plan (presentatie van het plan)"
                }
            };
            let body = json!({
                "status": status,
                "type": [kring_concept("encounter-type", part.part.code(), text)],
                "subject": reference(&self.subject),
                "partOf": reference(&conference),
                "participant": self.participants(&part.present),
                "actualPeriod": period(Some(time(part.started_at)), part.ended_at.map(time)),
                "location": locations(&location),
            });
            self.push("Encounter", format!("{}/part/{i}", conf.id), body);
        }
    }

    /// Attendance as `participant`s: a main person without a type (`enc-2`), an interpreter
    /// as translator, everyone else as participant.
    fn participants(&self, present: &[PersonId]) -> Vec<Value> {
        present
            .iter()
            .filter(|p| self.who.contains_key(p))
            .map(|p| {
                let kind = if self.case.is_main_person(*p) {
                    None
                } else if self.case.interpreters.contains_key(p) {
                    Some(coding(PARTICIPATION_TYPE, "TRANS", "Translator"))
                } else {
                    Some(coding(PARTICIPATION_TYPE, "PART", "Participation"))
                };
                json!({
                    "type": kind.map(|c| vec![json!({ "coding": [c] })]),
                    "actor": self.who_ref(*p),
                })
            })
            .collect()
    }
}
