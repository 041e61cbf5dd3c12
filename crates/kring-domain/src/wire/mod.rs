//! How times and dates cross serde.
//!
//! In human-readable forms (the JSON the bindings speak) a time is RFC 3339 text and a date
//! is `YYYY-MM-DD`, exactly as chrono writes them. In binary forms (the store's payloads,
//! format 2 onwards) they are integers, which decode about a hundred times faster than text:
//!
//! - a time (`DateTime<Utc>`) is the tuple (seconds since the Unix epoch as `i64`,
//!   nanoseconds as `u32`), so every time chrono can hold round-trips exactly;
//! - a date (`NaiveDate`) is the `i32` number of days from the common era (chrono's
//!   `num_days_from_ce`: 0001-01-01 is day 1).
//!
//! In binary forms a time or a date goes through serde as a newtype struct named [`TIME`] or
//! [`DATE`] around its integers. A binary codec such as bincode writes and reads only the
//! integers, so the name costs no bytes; it lets a deserializer recognise the value. Inside
//! the newtype the value is read as text when the deserializer handed to it is human-readable
//! and as integers otherwise. That is how the store reads format 1, which wrote the text forms
//! in binary payloads: its codec (`crates/kring/src/codec.rs`) hands these newtypes a text
//! deserializer over the string it reads. Nothing in this module knows about formats.
//!
//! Fields use these through `#[serde(with = "wire::Time")]` and the like. Each `with` target
//! is also a type whose JSON Schema is that of the field's own type, so the schema the
//! bindings' types are generated from is unchanged.

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{Error as _, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::id::PersonId;

mod text;
use text::{ascii, date_text, time_text};
pub use text::{date_string, parse_date, parse_time, time_string};

/// The serde newtype-struct name of a time in binary forms.
pub const TIME: &str = "kring::wire::Time";
/// The serde newtype-struct name of a date in binary forms.
pub const DATE: &str = "kring::wire::Date";

/// Reads a string for a time or a date through `parse`, naming the form it expects.
fn from_text<'de, D: Deserializer<'de>, T>(
    d: D,
    parse: fn(&str) -> Option<T>,
    expected: &str,
) -> Result<T, D::Error> {
    let text = std::borrow::Cow::<str>::deserialize(d)?;
    parse(&text).ok_or_else(|| D::Error::custom(format!("expected {expected}")))
}

/// A time in its wire form.
struct WireTime(DateTime<Utc>);

const TIME_TEXT: &str = "an RFC 3339 time such as 2026-03-02T09:00:00Z";
const DATE_TEXT: &str = "a date written YYYY-MM-DD";

impl Serialize for WireTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            let mut buf = [0u8; 32];
            match time_text(&self.0, &mut buf, true) {
                Some(len) => s.serialize_str(ascii(&buf[..len])),
                None => self.0.serialize(s),
            }
        } else {
            let integers = (self.0.timestamp(), self.0.timestamp_subsec_nanos());
            s.serialize_newtype_struct(TIME, &integers)
        }
    }
}

impl<'de> Deserialize<'de> for WireTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            return from_text(d, parse_time, TIME_TEXT).map(WireTime);
        }
        d.deserialize_newtype_struct(TIME, TimeVisitor)
    }
}

struct TimeVisitor;

impl<'de> Visitor<'de> for TimeVisitor {
    type Value = WireTime;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a time")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<WireTime, D::Error> {
        if d.is_human_readable() {
            return from_text(d, parse_time, TIME_TEXT).map(WireTime);
        }
        let (secs, nanos) = <(i64, u32)>::deserialize(d)?;
        DateTime::from_timestamp(secs, nanos)
            .map(WireTime)
            .ok_or_else(|| D::Error::custom(format!("time out of range: {secs} s {nanos} ns")))
    }
}

/// A date in its wire form.
struct WireDate(NaiveDate);

impl Serialize for WireDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            let mut buf = [0u8; 10];
            match date_text(self.0, &mut buf) {
                Some(len) => s.serialize_str(ascii(&buf[..len])),
                None => self.0.serialize(s),
            }
        } else {
            s.serialize_newtype_struct(DATE, &chrono::Datelike::num_days_from_ce(&self.0))
        }
    }
}

impl<'de> Deserialize<'de> for WireDate {
    fn deserialize<De: Deserializer<'de>>(d: De) -> Result<Self, De::Error> {
        if d.is_human_readable() {
            return from_text(d, parse_date, DATE_TEXT).map(WireDate);
        }
        d.deserialize_newtype_struct(DATE, DateVisitor)
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = WireDate;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a date")
    }

    fn visit_newtype_struct<De: Deserializer<'de>>(self, d: De) -> Result<WireDate, De::Error> {
        if d.is_human_readable() {
            return from_text(d, parse_date, DATE_TEXT).map(WireDate);
        }
        let days = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(days)
            .map(WireDate)
            .ok_or_else(|| De::Error::custom(format!("date out of range: day {days}")))
    }
}

/// Gives a `with` target the JSON Schema of the field type it stands for, through schemars'
/// public trait methods only. The derive also asks a field's type whether it is an `Option`,
/// but only to decide whether a field without `default` may be left out; every `OptTime` and
/// `OptDate` field has `default` (serde needs it to accept a missing field), so that answer
/// never changes the schema.
macro_rules! schema_of {
    ($with:ty => $target:ty) => {
        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $with {
            fn inline_schema() -> bool {
                <$target as schemars::JsonSchema>::inline_schema()
            }
            fn schema_name() -> std::borrow::Cow<'static, str> {
                <$target as schemars::JsonSchema>::schema_name()
            }
            fn schema_id() -> std::borrow::Cow<'static, str> {
                <$target as schemars::JsonSchema>::schema_id()
            }
            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                <$target as schemars::JsonSchema>::json_schema(generator)
            }
        }
    };
}

/// `with` target for a `DateTime<Utc>` field.
pub struct Time;
schema_of!(Time => DateTime<Utc>);

impl Time {
    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        WireTime(*t).serialize(s)
    }
    pub fn deserialize<'de, De: Deserializer<'de>>(d: De) -> Result<DateTime<Utc>, De::Error> {
        WireTime::deserialize(d).map(|t| t.0)
    }
}

/// `with` target for an `Option<DateTime<Utc>>` field (pair it with `default`).
pub struct OptTime;
schema_of!(OptTime => Option<DateTime<Utc>>);

impl OptTime {
    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        t.map(WireTime).serialize(s)
    }
    pub fn deserialize<'de, De: Deserializer<'de>>(
        d: De,
    ) -> Result<Option<DateTime<Utc>>, De::Error> {
        Option::<WireTime>::deserialize(d).map(|t| t.map(|t| t.0))
    }
}

/// `with` target for a `NaiveDate` field.
pub struct Date;
schema_of!(Date => NaiveDate);

impl Date {
    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        WireDate(*d).serialize(s)
    }
    pub fn deserialize<'de, De: Deserializer<'de>>(d: De) -> Result<NaiveDate, De::Error> {
        WireDate::deserialize(d).map(|d| d.0)
    }
}

/// `with` target for an `Option<NaiveDate>` field (pair it with `default`).
pub struct OptDate;
schema_of!(OptDate => Option<NaiveDate>);

impl OptDate {
    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        d.map(WireDate).serialize(s)
    }
    pub fn deserialize<'de, De: Deserializer<'de>>(d: De) -> Result<Option<NaiveDate>, De::Error> {
        Option::<WireDate>::deserialize(d).map(|d| d.map(|d| d.0))
    }
}

/// `with` target for the contact shares of a case: (whose, to whom, when).
pub struct Shares;
schema_of!(Shares => Vec<(PersonId, PersonId, DateTime<Utc>)>);

impl Shares {
    pub fn serialize<S: Serializer>(
        v: &[(PersonId, PersonId, DateTime<Utc>)],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|&(a, b, t)| (a, b, WireTime(t))))
    }
    #[allow(clippy::type_complexity)]
    pub fn deserialize<'de, De: Deserializer<'de>>(
        d: De,
    ) -> Result<Vec<(PersonId, PersonId, DateTime<Utc>)>, De::Error> {
        Vec::<(PersonId, PersonId, WireTime)>::deserialize(d)
            .map(|v| v.into_iter().map(|(a, b, t)| (a, b, t.0)).collect())
    }
}

/// [`Shares`], when present ([`crate::CaseView`]).
pub struct OptShares;
schema_of!(OptShares => Option<Vec<(PersonId, PersonId, DateTime<Utc>)>>);

impl OptShares {
    #[allow(clippy::type_complexity)]
    pub fn serialize<S: Serializer>(
        v: &Option<Vec<(PersonId, PersonId, DateTime<Utc>)>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        v.as_ref()
            .map(|v| {
                v.iter()
                    .map(|&(a, b, t)| (a, b, WireTime(t)))
                    .collect::<Vec<_>>()
            })
            .serialize(s)
    }
    #[allow(clippy::type_complexity)]
    pub fn deserialize<'de, De: Deserializer<'de>>(
        d: De,
    ) -> Result<Option<Vec<(PersonId, PersonId, DateTime<Utc>)>>, De::Error> {
        Option::<Vec<(PersonId, PersonId, WireTime)>>::deserialize(d)
            .map(|v| v.map(|v| v.into_iter().map(|(a, b, t)| (a, b, t.0)).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Sample {
        #[serde(with = "Time")]
        at: DateTime<Utc>,
        #[serde(default, with = "OptTime")]
        ended: Option<DateTime<Utc>>,
        #[serde(with = "Date")]
        on: NaiveDate,
        #[serde(default, with = "OptDate")]
        due: Option<NaiveDate>,
    }

    fn sample() -> Sample {
        Sample {
            at: DateTime::from_timestamp(1_772_442_000, 123_456_789).unwrap(),
            ended: Some(DateTime::from_timestamp(-62_000_000_000, 0).unwrap()),
            on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            due: None,
        }
    }

    #[test]
    fn json_keeps_the_text_forms() {
        let json = serde_json::to_value(sample()).unwrap();
        assert_eq!(json["at"], "2026-03-02T09:00:00.123456789Z");
        assert_eq!(json["on"], "2026-03-02");
        assert_eq!(json["due"], serde_json::Value::Null);
        let back: Sample = serde_json::from_value(json).unwrap();
        assert_eq!(back, sample());
        // Optional fields may be left out.
        let short: Sample =
            serde_json::from_str(r#"{"at": "2026-03-02T09:00:00.123456789Z", "on": "2026-03-02"}"#)
                .unwrap();
        assert_eq!(short.ended, None);
    }

    #[test]
    fn binary_forms_are_integers_and_round_trip() {
        let config = bincode::config::standard();
        let bytes = bincode::serde::encode_to_vec(sample(), config).unwrap();
        let mut expected = bincode::serde::encode_to_vec(
            (
                (1_772_442_000i64, 123_456_789u32),
                Some((-62_000_000_000i64, 0u32)),
                739_677i32,
                None::<i32>,
            ),
            config,
        )
        .unwrap();
        assert_eq!(bytes, expected);
        let (back, _): (Sample, usize) = bincode::serde::decode_from_slice(&bytes, config).unwrap();
        assert_eq!(back, sample());
        // Out of range values are errors, not panics.
        expected = bincode::serde::encode_to_vec(((i64::MAX, 0u32),), config).unwrap();
        assert!(bincode::serde::decode_from_slice::<(WireTime,), _>(&expected, config).is_err());
        let days = bincode::serde::encode_to_vec(i32::MAX, config).unwrap();
        assert!(bincode::serde::decode_from_slice::<WireDate, _>(&days, config).is_err());
    }

    proptest! {
        /// The text forms are exactly chrono's, for every time and date chrono can hold.
        #[test]
        fn text_forms_are_chronos(
            secs in -70_000_000_000i64..300_000_000_000,
            nanos in prop_oneof![
                Just(0u32),
                (0u32..1000).prop_map(|m| m * 1_000_000),
                (0u32..1_000_000).prop_map(|u| u * 1_000),
                0u32..1_000_000_000,
                1_000_000_000u32..2_000_000_000,
            ],
        ) {
            if let Some(t) = DateTime::from_timestamp(secs, nanos) {
                let ours = serde_json::to_value(WireTime(t)).unwrap();
                prop_assert_eq!(ours, serde_json::to_value(t).unwrap());
                let day = t.date_naive();
                prop_assert_eq!(
                    serde_json::to_value(WireDate(day)).unwrap(),
                    serde_json::to_value(day).unwrap()
                );
            }
        }
    }

    #[test]
    fn dates_and_times_are_read_only_in_their_exact_forms() {
        assert_eq!(
            parse_date("2000-01-01"),
            NaiveDate::from_ymd_opt(2000, 1, 1)
        );
        for loose in [
            "2000-1-1",
            "+2000-01-01",
            " 2000-01-01",
            "2000-01-01 ",
            "2000/01/01",
            "2000-02-30",
            "２０００-01-01",
            "",
        ] {
            assert_eq!(parse_date(loose), None, "{loose:?}");
            let json = serde_json::to_string(loose).unwrap();
            assert!(
                serde_json::from_str::<Sample>(&format!(
                    r#"{{"at":"2026-03-02T09:00:00Z","on":{json},"due":null}}"#
                ))
                .is_err(),
                "{loose:?}"
            );
        }
        assert!(parse_time("2026-03-02T09:00:00Z").is_some());
        assert!(parse_time("2026-03-02T10:00:00+01:00").is_some());
        for loose in [
            " 2026-03-02T09:00:00Z",
            "2026-03-02",
            "+2026-03-02T09:00:00Z",
        ] {
            assert_eq!(parse_time(loose), None, "{loose:?}");
        }
    }
}
