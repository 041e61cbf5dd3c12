//! Checks on the shape of values, independent of the case: text lengths, dates in range,
//! scores in range. Every failure is an `invalid_input` error naming the field.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::error::{Error, Result};
use crate::model::{ContactDetails, Person};

/// Longest text accepted in any field, in characters.
pub const MAX_TEXT: usize = 10_000;
/// Longest list accepted in any field.
pub const MAX_ITEMS: usize = 1_000;
/// Earliest year accepted in any date or time.
pub const MIN_YEAR: i32 = 1900;
/// Latest year accepted in any date or time.
pub const MAX_YEAR: i32 = 2200;

/// Characters that show nothing on their own: a text made only of these and white space is
/// empty. (Inside a name they are fine: Persian writes the zero-width non-joiner.)
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}' // soft hyphen
            | '\u{034F}' // combining grapheme joiner
            | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers
            | '\u{180E}' // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}' // zero-width space, joiners, direction marks
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{FE00}'..='\u{FE0F}' // variation selectors
            | '\u{FEFF}' // zero-width no-break space
        )
}

/// Bidirectional embeddings, overrides and isolates: they make a text display in another
/// order than it is stored ("Trojan source"), and a name or a note never needs them.
fn bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A text that must say something: not empty (nor only invisible characters), and within the
/// limits of [`text_may_be_empty`].
pub(crate) fn required_text(field: &str, value: &str) -> Result<()> {
    if value.chars().all(invisible) {
        return Err(Error::invalid(field, "must not be empty"));
    }
    text_may_be_empty(field, value)
}

/// A text that may be empty, but is at most [`MAX_TEXT`] characters and has no control
/// characters (other than new lines and tabs) and no bidirectional controls.
pub(crate) fn text_may_be_empty(field: &str, value: &str) -> Result<()> {
    let n = value.chars().count();
    if n > MAX_TEXT {
        return Err(Error::invalid(
            field,
            format!("{n} characters; at most {MAX_TEXT}"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(Error::invalid(field, "contains control characters"));
    }
    if value.chars().any(bidi_control) {
        return Err(Error::invalid(
            field,
            "contains bidirectional override or isolate characters",
        ));
    }
    Ok(())
}

/// A text that may be left out; when given, it is a [`required_text`].
pub(crate) fn optional_text(field: &str, value: &Option<String>) -> Result<()> {
    value.as_deref().map_or(Ok(()), |v| required_text(field, v))
}

/// A list of at most [`MAX_ITEMS`] items.
pub(crate) fn list_within_limit<T>(field: &str, items: &[T]) -> Result<()> {
    if items.len() > MAX_ITEMS {
        return Err(Error::invalid(
            field,
            format!("{} items; at most {MAX_ITEMS}", items.len()),
        ));
    }
    Ok(())
}

/// A date within the years [`MIN_YEAR`]–[`MAX_YEAR`].
pub(crate) fn date_in_range(field: &str, value: NaiveDate) -> Result<()> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&value.year()) {
        return Err(Error::invalid(
            field,
            format!("the year is outside {MIN_YEAR}–{MAX_YEAR}"),
        ));
    }
    Ok(())
}

/// A time whose date is within the years [`MIN_YEAR`]–[`MAX_YEAR`].
pub(crate) fn time_in_range(field: &str, value: DateTime<Utc>) -> Result<()> {
    date_in_range(field, value.date_naive())
}

/// A person's own fields: a name, a birth date in range and not after `at`, and their
/// languages. Errors name the field inside the person (`{field}.name`, …).
pub(crate) fn person_fields(field: &str, p: &Person, at: DateTime<Utc>) -> Result<()> {
    // The field names are only built when a check fails: this runs for every person added.
    let within = |name: &str, e: Error| match e {
        Error::InvalidInput { message, .. } => Error::invalid(format!("{field}.{name}"), message),
        other => other,
    };
    required_text("", &p.name).map_err(|e| within("name", e))?;
    if let Some(b) = p.birth_date {
        date_in_range("", b).map_err(|e| within("birth_date", e))?;
        if b > at.date_naive() {
            return Err(Error::invalid(
                format!("{field}.birth_date"),
                "the birth date is after the time of the command",
            ));
        }
    }
    list_within_limit("", &p.languages).map_err(|e| within("languages", e))?;
    for l in &p.languages {
        required_text("", l).map_err(|e| within("languages", e))?;
    }
    Ok(())
}

/// Contact details: at least one of phone, email and address, each a [`required_text`] when
/// given.
pub(crate) fn contact_details(details: &ContactDetails) -> Result<()> {
    for (name, v) in [
        ("phone", &details.phone),
        ("email", &details.email),
        ("address", &details.address),
    ] {
        optional_text(&format!("details.{name}"), v)?;
    }
    if details.phone.is_none() && details.email.is_none() && details.address.is_none() {
        return Err(Error::invalid(
            "details",
            "at least one of phone, email, address",
        ));
    }
    Ok(())
}

/// Whether someone born on `birth` is a minor on `on`.
pub(crate) fn is_minor(birth: NaiveDate, on: NaiveDate) -> bool {
    on.years_since(birth).is_none_or(|y| y < 18)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::PersonId;

    fn field(r: Result<()>) -> String {
        match r {
            Err(Error::InvalidInput { field, .. }) => field,
            other => panic!("expected invalid input, got {other:?}"),
        }
    }

    #[test]
    fn invisible_text_is_empty_and_bidi_controls_are_refused() {
        for empty in [
            "\u{200B}\u{200B}",
            " \u{FEFF}\u{2060} ",
            "\u{00AD}",
            "\u{200D}\u{200C}",
        ] {
            assert_eq!(field(required_text("name", empty)), "name", "{empty:?}");
        }
        for bidi in ["Ann\u{202E}eL", "\u{2066}Ann\u{2069}", "a\u{202A}b"] {
            assert_eq!(field(required_text("name", bidi)), "name", "{bidi:?}");
            assert_eq!(field(text_may_be_empty("note", bidi)), "note", "{bidi:?}");
        }
        // Joiners inside a name are fine (Persian writes the zero-width non-joiner).
        assert!(required_text("name", "Nima\u{200C}ye").is_ok());
        assert!(required_text("name", "Ana Lucía").is_ok());
    }

    #[test]
    fn a_bad_person_names_the_field_inside_it() {
        let at = DateTime::from_timestamp(1_772_442_000, 0).unwrap();
        let ok = Person {
            id: PersonId::from_u128(1),
            name: "Invented Name".into(),
            birth_date: NaiveDate::from_ymd_opt(2010, 5, 1),
            languages: vec!["nl".into()],
        };
        assert!(person_fields("member.person", &ok, at).is_ok());
        let empty_name = Person {
            name: " ".into(),
            ..ok.clone()
        };
        assert_eq!(
            field(person_fields("member.person", &empty_name, at)),
            "member.person.name"
        );
        let old = Person {
            birth_date: NaiveDate::from_ymd_opt(1850, 1, 1),
            ..ok.clone()
        };
        assert_eq!(
            field(person_fields("member.person", &old, at)),
            "member.person.birth_date"
        );
        let unborn = Person {
            birth_date: NaiveDate::from_ymd_opt(2027, 1, 1),
            ..ok.clone()
        };
        assert_eq!(field(person_fields("p", &unborn, at)), "p.birth_date");
        let bad_language = Person {
            languages: vec!["nl".into(), "".into()],
            ..ok
        };
        assert_eq!(field(person_fields("p", &bad_language, at)), "p.languages");
    }
}
