//! Erasing a person (AVG/GDPR article 17): what of them leaves a case, decided here and
//! nowhere else. An [`Eraser`] knows what identifies one person in a case, and rewrites an
//! event or a state without it:
//!
//! - **their person record**, wherever it appears (a main person, a member, a professional,
//!   an interpreter, the coordinator): the name becomes [`ERASED`], the birth date and the
//!   languages go; the id stays, so the case still holds together;
//! - **their contact details**: recorded ones are emptied, held ones removed;
//! - **free text they wrote or that is about them**: their views, the signals they raised or
//!   that are about them (with how each was weighed and resolved), what they told in the
//!   information part, the notes and label of a measure that concerns only them;
//! - **every other mention**: anywhere in free text (descriptions, plans, notes, reasons),
//!   each of their names, phone numbers, e-mail addresses and addresses as recorded becomes
//!   [`ERASED`], matched without regard to case, as whole words. Other people's person
//!   records and contact details are left as they are, even a name or a number they share.
//!
//! A mention by a part of a name only ("Sem" for "Sem Kramer") is not found: no rule can
//! tell a first name from the same word meaning something else. `docs/privacy.md` says so.
//!
//! The store rewrites a case's whole history with [`Eraser::from_events`] and folds it again,
//! so that the state, every time-travel read and the change feed agree; the event
//! [`Command::ErasePerson`] is the tombstone: who erased, when, and on what ground.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::case::Case;
use crate::command::{Command, Event};
use crate::id::*;
use crate::model::*;

/// What an erased text, name or note reads as.
pub const ERASED: &str = "[erased]";

/// Shorter needles would match inside ordinary words.
const MIN_NEEDLE: usize = 2;

/// What identifies one person in a case, and how to rewrite an event or a state without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eraser {
    person: PersonId,
    id: String,
    /// Names and contact details as recorded, longest first, lower-cased char by char.
    needles: Vec<Vec<char>>,
    /// Signals the person raised or that are about them.
    signals: BTreeSet<SignalId>,
    /// Measures that concern only them.
    measures: BTreeSet<MeasureId>,
}

impl Eraser {
    fn new(person: PersonId) -> Self {
        Eraser {
            person,
            id: person.to_string(),
            needles: Vec::new(),
            signals: BTreeSet::new(),
            measures: BTreeSet::new(),
        }
    }

    /// The person, as every event of the case's history recorded them.
    pub fn from_events(person: PersonId, events: &[Event]) -> Self {
        let mut e = Eraser::new(person);
        let mut texts = BTreeSet::new();
        for event in events {
            if let Ok(v) = serde_json::to_value(&event.command) {
                e.names_in(&v, &mut texts);
            }
            match &event.command {
                Command::RecordContactDetails {
                    person: p, details, ..
                } if *p == person => contact_texts(details, &mut texts),
                Command::RaiseSignal { id, subject, .. }
                    if *subject == Some(person) || event.actor.person == person =>
                {
                    e.signals.insert(*id);
                }
                Command::RecordMeasure { measure } if measure.concerns == [person] => {
                    e.measures.insert(measure.id);
                }
                _ => {}
            }
        }
        e.set_needles(texts);
        e
    }

    /// The person, as the state of a case holds them now.
    pub fn from_case(person: PersonId, case: &Case) -> Self {
        let mut e = Eraser::new(person);
        let mut texts = BTreeSet::new();
        if let Ok(v) = serde_json::to_value(case) {
            e.names_in(&v, &mut texts);
        }
        if let Some(c) = case.contacts.get(&person) {
            contact_texts(&c.details, &mut texts);
        }
        e.signals = case
            .signals
            .iter()
            .filter(|s| s.raised_by == person || s.subject == Some(person))
            .map(|s| s.id)
            .collect();
        e.measures = case
            .measures
            .values()
            .filter(|m| m.concerns == [person])
            .map(|m| m.id)
            .collect();
        e.set_needles(texts);
        e
    }

    /// The person erased.
    pub fn person(&self) -> PersonId {
        self.person
    }

    /// The names and contact details that are replaced wherever they appear in free text.
    pub fn needles(&self) -> Vec<String> {
        self.needles.iter().map(|n| n.iter().collect()).collect()
    }

    fn set_needles(&mut self, texts: BTreeSet<String>) {
        let mut needles: Vec<Vec<char>> = texts
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| t.chars().count() >= MIN_NEEDLE && t != ERASED)
            .map(|t| t.chars().map(lower).collect())
            .collect();
        needles.sort_by(|a: &Vec<char>, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        needles.dedup();
        self.needles = needles;
    }

    /// Collects the names of every person record of the person in `v`.
    fn names_in(&self, v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(map) => {
                if is_person(map) {
                    if map.get("id").and_then(Value::as_str) == Some(&self.id)
                        && let Some(name) = map.get("name").and_then(Value::as_str)
                    {
                        out.insert(name.to_string());
                    }
                    return;
                }
                map.values().for_each(|x| self.names_in(x, out));
            }
            Value::Array(items) => items.iter().for_each(|x| self.names_in(x, out)),
            _ => {}
        }
    }

    /// Rewrites `v`: the person's records erased, every other person's left as they are,
    /// every needle replaced in free text.
    fn scrub(&self, v: &mut Value) {
        match v {
            Value::Object(map) => {
                if is_person(map) {
                    if map.get("id").and_then(Value::as_str) == Some(&self.id) {
                        map.insert("name".into(), Value::String(ERASED.into()));
                        map.insert("birth_date".into(), Value::Null);
                        map.insert("languages".into(), Value::Array(Vec::new()));
                    }
                    return;
                }
                // Contact details are someone's own: the person's are emptied where they are
                // recorded; another's stay as they are, even a number the two share.
                if is_contact(map) {
                    return;
                }
                map.values_mut().for_each(|x| self.scrub(x));
            }
            Value::Array(items) => items.iter_mut().for_each(|x| self.scrub(x)),
            Value::String(s) if is_free_text(s) => {
                if let Some(clean) = self.replace(s) {
                    *s = clean;
                }
            }
            _ => {}
        }
    }

    /// `text` with every needle, as a whole word and without regard to case, replaced by
    /// [`ERASED`]; `None` when there is none.
    fn replace(&self, text: &str) -> Option<String> {
        if self.needles.is_empty() {
            return None;
        }
        let chars: Vec<char> = text.chars().collect();
        let lowered: Vec<char> = chars.iter().map(|&c| lower(c)).collect();
        let mut out = String::with_capacity(text.len());
        let mut found = false;
        let mut i = 0;
        'outer: while i < chars.len() {
            for n in &self.needles {
                let end = i + n.len();
                if end <= chars.len()
                    && lowered[i..end] == n[..]
                    && (i == 0 || !n[0].is_alphanumeric() || !chars[i - 1].is_alphanumeric())
                    && (end == chars.len()
                        || !n[n.len() - 1].is_alphanumeric()
                        || !chars[end].is_alphanumeric())
                {
                    out.push_str(ERASED);
                    found = true;
                    i = end;
                    continue 'outer;
                }
            }
            out.push(chars[i]);
            i += 1;
        }
        found.then_some(out)
    }

    /// `command` without the person. `None` only if the rewritten command no longer reads
    /// as a command, which scrubbing free text cannot cause.
    fn scrubbed<T: serde::Serialize + serde::de::DeserializeOwned>(&self, value: &T) -> Option<T> {
        let mut v = serde_json::to_value(value).ok()?;
        self.scrub(&mut v);
        serde_json::from_value(v).ok()
    }

    /// `event` without the person: its command rewritten, everything else kept. Fails (and
    /// an erasure then changes nothing) only if the rewritten command no longer reads as a
    /// command, which replacing free text cannot cause.
    pub fn erase_event(&self, event: &Event) -> crate::Result<Event> {
        let mut command = self.scrubbed(&event.command).ok_or_else(|| {
            crate::Error::invalid(
                "erasure",
                format!("event {} could not be written again", event.version),
            )
        })?;
        let p = self.person;
        let erased = || Some(ERASED.to_string());
        match &mut command {
            Command::RecordContactDetails {
                person, details, ..
            } if *person == p => *details = ContactDetails::default(),
            Command::RecordView { person, view } if *person == p => *view = ERASED.into(),
            Command::RaiseSignal { id, about, .. } if self.signals.contains(id) => {
                *about = ERASED.into()
            }
            Command::UpdateSignal {
                signal,
                assessment,
                resolution,
            } if self.signals.contains(signal) => {
                for t in [assessment, resolution] {
                    if t.is_some() {
                        *t = erased();
                    }
                }
            }
            Command::RecordInformation { information } if information.given_by == p => {
                information.summary = ERASED.into();
                information.documents.clear();
            }
            Command::RecordMeasure { measure } if self.measures.contains(&measure.id) => {
                for t in [&mut measure.label, &mut measure.note] {
                    if t.is_some() {
                        *t = erased();
                    }
                }
            }
            _ => {}
        }
        Ok(Event {
            command,
            ..event.clone()
        })
    }

    /// `case` without the person: their records, contact details, texts and every mention.
    pub fn erase_case(&self, case: &mut Case) {
        if let Some(clean) = self.scrubbed(case) {
            *case = clean;
        }
        let p = self.person;
        let erased = || Some(ERASED.to_string());
        case.contacts.remove(&p);
        for v in case.views.iter_mut().filter(|v| v.person == p) {
            v.view = ERASED.into();
        }
        for s in case
            .signals
            .iter_mut()
            .filter(|s| self.signals.contains(&s.id))
        {
            s.about = ERASED.into();
            for t in [&mut s.assessment, &mut s.resolution] {
                if t.is_some() {
                    *t = erased();
                }
            }
        }
        for i in case
            .conferences
            .iter_mut()
            .flat_map(|c| c.information.iter_mut())
            .filter(|i| i.given_by == p)
        {
            i.summary = ERASED.into();
            i.documents.clear();
        }
        for m in case
            .measures
            .values_mut()
            .filter(|m| self.measures.contains(&m.id))
        {
            if m.label.is_some() {
                m.label = erased();
            }
            for s in m.history.iter_mut().filter(|s| s.note.is_some()) {
                s.note = erased();
            }
        }
    }
}

fn contact_texts(details: &ContactDetails, out: &mut BTreeSet<String>) {
    for t in [&details.phone, &details.email, &details.address]
        .into_iter()
        .flatten()
    {
        out.insert(t.clone());
    }
}

/// A person record, as serde writes [`Person`].
fn is_person(map: &serde_json::Map<String, Value>) -> bool {
    map.len() == 4
        && ["id", "name", "birth_date", "languages"]
            .iter()
            .all(|k| map.contains_key(*k))
}

/// Contact details, as serde writes [`ContactDetails`].
fn is_contact(map: &serde_json::Map<String, Value>) -> bool {
    map.len() == 3
        && ["phone", "email", "address"]
            .iter()
            .all(|k| map.contains_key(*k))
}

/// A string that is not a code, an id, a time or a date: text someone wrote.
fn is_free_text(s: &str) -> bool {
    let code = s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let id = s.split_once('_').is_some_and(|(kind, rest)| {
        !kind.is_empty()
            && kind.chars().all(|c| c.is_ascii_lowercase())
            && rest.len() == 26
            && rest
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    });
    let time = chrono::DateTime::parse_from_rfc3339(s).is_ok()
        || chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok();
    !(code || id || time)
}

/// One character lower-cased, keeping the length of the text in characters.
fn lower(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eraser(needles: &[&str]) -> Eraser {
        let mut e = Eraser::new(PersonId::from_u128(1));
        e.set_needles(needles.iter().map(|s| s.to_string()).collect());
        e
    }

    #[test]
    fn needles_are_replaced_as_whole_words_without_regard_to_case() {
        let e = eraser(&["Sam 1", "06-1234"]);
        assert_eq!(
            e.replace("sam 1 called; Sam 17 did not. Call 06-1234.")
                .as_deref(),
            Some("[erased] called; Sam 17 did not. Call [erased].")
        );
        assert_eq!(e.replace("Samuel 1x"), None);
        assert_eq!(
            eraser(&["Ö"]).replace("Ö"),
            None,
            "too short to be a needle"
        );
        assert_eq!(
            eraser(&["Özlem"]).replace("ÖZLEM, özlem").as_deref(),
            Some("[erased], [erased]")
        );
    }

    #[test]
    fn another_persons_record_and_contact_details_stay_even_when_they_share_a_value() {
        let e = eraser(&["Jan Bos", "06-1234"]);
        let other = PersonId::from_u128(2).to_string();
        let mut v = serde_json::json!({
            "note": "Jan Bos shares 06-1234 with his wife.",
            "person": {"id": other, "name": "Jan Bos", "birth_date": null, "languages": []},
            "details": {"phone": "06-1234", "email": null, "address": null},
        });
        e.scrub(&mut v);
        assert_eq!(v["note"], "[erased] shares [erased] with his wife.");
        assert_eq!(v["person"]["name"], "Jan Bos");
        assert_eq!(v["details"]["phone"], "06-1234");
    }

    #[test]
    fn codes_ids_and_times_are_never_free_text() {
        for s in [
            "network_member",
            "person_01KJPWD6M0YYMA4HASEPY99RSZ",
            "2026-03-02T09:00:00Z",
            "2026-03-02",
        ] {
            assert!(!is_free_text(s), "{s}");
        }
        for s in [
            "Sam",
            "Sem (14) needs someone",
            "06-12345678",
            "0612345678",
            "a b",
        ] {
            assert!(is_free_text(s), "{s}");
        }
    }
}
