//! Small JSON builders for FHIR datatypes, and the pruning that keeps every element non-empty
//! (FHIR's `ele-1`: no element without a value or children).

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use kring_domain::erasure::ERASED;
use serde_json::{Value, json};

/// A FHIR `instant` / `dateTime` with seconds and the `Z` zone; fractions only when present.
pub(crate) fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// A FHIR `date`.
pub(crate) fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A `Period`; `None` when neither end is known.
pub(crate) fn period(start: Option<String>, end: Option<String>) -> Option<Value> {
    (start.is_some() || end.is_some()).then(|| json!({ "start": start, "end": end }))
}

/// A `Coding`.
pub(crate) fn coding(system: &str, code: &str, display: &str) -> Value {
    json!({ "system": system, "code": code, "display": display })
}

/// A `CodeableConcept` of one coding and a text.
pub(crate) fn concept(coding: Value, text: impl Into<String>) -> Value {
    json!({ "coding": [coding], "text": text.into() })
}

/// A `CodeableConcept` of text only.
pub(crate) fn text_concept(text: impl Into<String>) -> Value {
    json!({ "text": text.into() })
}

/// A literal `Reference` to an entry's `fullUrl`.
pub(crate) fn reference(full_url: &str) -> Value {
    json!({ "reference": full_url })
}

/// A `HumanName` list of one name as text; `None` for an erased or empty name.
pub(crate) fn human_name(name: &str) -> Option<Value> {
    let name = name.trim();
    (!name.is_empty() && name != ERASED).then(|| json!([{ "text": name }]))
}

/// A language as a `CodeableConcept`: coded in BCP 47 when it looks like a language tag
/// (`nl`, `ar`, `pt-BR`), text otherwise.
pub(crate) fn language(tag: &str) -> Option<Value> {
    let tag = tag.trim();
    if tag.is_empty() {
        return None;
    }
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    let looks_like_tag = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    Some(if looks_like_tag {
        json!({ "coding": [{ "system": "urn:ietf:bcp:47", "code": tag }] })
    } else {
        text_concept(tag)
    })
}

/// Removes every `null`, empty string, empty array and empty object, bottom-up; returns
/// whether `v` itself is now empty.
pub(crate) fn prune(v: &mut Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(items) => {
            items.retain_mut(|x| !prune(x));
            items.is_empty()
        }
        Value::Object(map) => {
            map.retain(|_, x| !prune(x));
            map.is_empty()
        }
        Value::Bool(_) | Value::Number(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prune_removes_empty_elements() {
        let mut v = json!({"a": null, "b": [], "c": {"d": ""}, "e": [{"f": null}, 1], "g": false});
        assert!(!prune(&mut v));
        assert_eq!(v, json!({"e": [1], "g": false}));
    }

    #[test]
    fn languages() {
        assert_eq!(language("nl").unwrap()["coding"][0]["code"], "nl");
        assert_eq!(language("pt-BR").unwrap()["coding"][0]["code"], "pt-BR");
        assert_eq!(
            language("Tamazight (Berber)").unwrap()["text"],
            "Tamazight (Berber)"
        );
        assert!(language(" ").is_none());
    }

    #[test]
    fn erased_names_are_left_out() {
        assert!(human_name(ERASED).is_none());
        assert_eq!(
            human_name("Ilse Verhoef").unwrap()[0]["text"],
            "Ilse Verhoef"
        );
    }
}
