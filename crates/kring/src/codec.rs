//! All encoding of stored values happens here, so that a later format can move to another
//! codec while old files stay readable.
//!
//! Every stored value is an **envelope**: `[format version: u16 LE][codec tag: u8][payload]`.
//! Codec tag 1 is bincode 2.0.1 (`config::standard()`: little-endian, variable-length
//! integers) over the serde form of the value. Decoding always sets a size limit, so a hostile
//! length prefix cannot make it allocate without bound.
//!
//! Format 2 stores times and dates as integers, format 1 stored them as the text chrono's
//! serde writes; everything else is laid out the same (see `docs/format.md`). Both are read
//! with the same types, and what tells them apart lives only here. In binary forms the domain
//! passes a time or a date through serde as a newtype struct named [`wire::TIME`] or
//! [`wire::DATE`] (bincode writes and reads only what is inside, so the name costs no bytes),
//! and reads text inside it when the deserializer it is handed is human-readable. A format-1
//! payload is decoded through [`Format1`], a deserializer wrapped around bincode's that passes
//! everything through unchanged (it stays non-human-readable, so ids and the rest decode
//! exactly as in format 2) except those two newtypes: for them it reads a string from the
//! payload and hands the value a human-readable deserializer over that string, which
//! [`wire::parse_time`] or [`wire::parse_date`] then reads. There is no global state: a
//! format-2 payload is decoded by bincode alone.

use std::fmt;
use std::marker::PhantomData;

use kring_domain::wire;
use serde::Serialize;
use serde::de::value::StringDeserializer;
use serde::de::{
    self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess,
    SeqAccess, VariantAccess, Visitor,
};

use crate::error::{Error, Result};

/// The format version this build writes, and the newest it reads.
pub const FORMAT_VERSION: u16 = 2;
/// The oldest format version this build reads.
pub const OLDEST_FORMAT: u16 = 1;
/// Codec tag of bincode 2.0.1 with the standard configuration.
pub const CODEC_BINCODE: u8 = 1;
/// The largest payload decoded, in bytes.
pub const MAX_VALUE: usize = 64 * 1024 * 1024;

const HEADER: usize = 3;

/// Encodes `value` in an envelope of the current format.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.push(CODEC_BINCODE);
    bincode::serde::encode_into_std_write(value, &mut out, bincode::config::standard())
        .map_err(|e| Error::Internal(format!("encoding failed: {e}")))?;
    Ok(out)
}

/// Decodes an envelope written by this or an earlier format version.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    if bytes.len() < HEADER {
        return Err(Error::Corrupted(format!(
            "a stored value of {} bytes has no envelope",
            bytes.len()
        )));
    }
    let version = u16::from_le_bytes([bytes[0], bytes[1]]);
    if version > FORMAT_VERSION {
        return Err(Error::UpgradeRequired {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    if version < OLDEST_FORMAT {
        return Err(Error::Corrupted(format!("format version {version}")));
    }
    match bytes[2] {
        CODEC_BINCODE => {
            let config = bincode::config::standard().with_limit::<MAX_VALUE>();
            let payload = &bytes[HEADER..];
            let decoded = if version == 1 {
                bincode::serde::seed_decode_from_slice(Format1(PhantomData::<T>), payload, config)
            } else {
                bincode::serde::decode_from_slice(payload, config)
            };
            let (value, read) =
                decoded.map_err(|e| Error::Corrupted(format!("value does not decode: {e}")))?;
            if read != bytes.len() - HEADER {
                return Err(Error::Corrupted(format!(
                    "{} trailing bytes after a value",
                    bytes.len() - HEADER - read
                )));
            }
            Ok(value)
        }
        tag => Err(Error::Corrupted(format!("unknown codec tag {tag}"))),
    }
}

/// The deserializer of format-1 payloads around `D`, the payload's own deserializer; as a
/// [`DeserializeSeed`], the seed `S` read through it. See the module documentation.
///
/// Every visitor, seed and access it hands on is wrapped in turn (in [`Format1`] or
/// [`Visit`]), so that the times and dates nested anywhere in a value are met.
struct Format1<D>(D);

/// A visitor whose deserializers and accesses are wrapped in [`Format1`].
struct Visit<V>(V);

impl<'de, D: Deserializer<'de>> Format1<D> {
    /// Reads the text of a format-1 time or date and hands it to `visitor` as the content of
    /// the newtype, through a human-readable deserializer.
    fn text<V: Visitor<'de>>(self, visitor: V) -> std::result::Result<V::Value, D::Error> {
        let text = String::deserialize(self.0)?;
        visitor.visit_newtype_struct(StringDeserializer::<D::Error>::new(text))
    }
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(
            self,
            $($arg: $ty,)*
            visitor: V,
        ) -> std::result::Result<V::Value, D::Error> {
            self.0.$method($($arg,)* Visit(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Format1<D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> std::result::Result<V::Value, D::Error> {
        if name == wire::TIME || name == wire::DATE {
            return self.text(visitor);
        }
        self.0.deserialize_newtype_struct(name, Visit(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// As a seed: `S` read through the format-1 deserializer.
impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Format1<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<S::Value, D::Error> {
        self.0.deserialize(Format1(d))
    }
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> std::result::Result<V::Value, E> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Visit<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    forward_visit! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
        visit_str(&str);
        visit_borrowed_str(&'de str);
        visit_string(String);
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
        visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: de::Error>(self) -> std::result::Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> std::result::Result<V::Value, D::Error> {
        self.0.visit_some(Format1(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Format1(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<V::Value, A::Error> {
        self.0.visit_seq(Visit(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<V::Value, A::Error> {
        self.0.visit_map(Visit(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> std::result::Result<V::Value, A::Error> {
        self.0.visit_enum(Visit(data))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Visit<A> {
    type Error = A::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> std::result::Result<Option<S::Value>, A::Error> {
        self.0.next_element_seed(Format1(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Visit<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> std::result::Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Format1(seed))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> std::result::Result<S::Value, A::Error> {
        self.0.next_value_seed(Format1(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Visit<A> {
    type Error = A::Error;
    type Variant = Visit<A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> std::result::Result<(S::Value, Self::Variant), A::Error> {
        let (value, variant) = self.0.variant_seed(Format1(seed))?;
        Ok((value, Visit(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Visit<A> {
    type Error = A::Error;

    fn unit_variant(self) -> std::result::Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> std::result::Result<S::Value, A::Error> {
        self.0.newtype_variant_seed(Format1(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> std::result::Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Visit(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> std::result::Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Visit(visitor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, NaiveDate, Utc};
    use kring_domain::{Case, Event, PersonId};
    use kring_testkit::example;

    #[test]
    fn every_stored_type_round_trips() {
        let (s, _) = example::full_story();
        for e in &s.events {
            assert_eq!(&decode::<Event>(&encode(e).unwrap()).unwrap(), e);
        }
        let case = s.case.unwrap();
        assert_eq!(decode::<Case>(&encode(&case).unwrap()).unwrap(), case);
    }

    #[test]
    fn bad_envelopes_are_typed_errors() {
        let good = encode(&42u64).unwrap();
        assert!(matches!(decode::<u64>(&[1]), Err(Error::Corrupted(_))));
        let mut newer = good.clone();
        newer[0] = 9;
        assert!(matches!(
            decode::<u64>(&newer),
            Err(Error::UpgradeRequired { found: 9, .. })
        ));
        let mut codec = good.clone();
        codec[2] = 7;
        assert!(matches!(decode::<u64>(&codec), Err(Error::Corrupted(_))));
        let mut trailing = good;
        trailing.push(0);
        assert!(matches!(decode::<u64>(&trailing), Err(Error::Corrupted(_))));
        // A hostile length prefix: a string claiming 2^60 bytes.
        let mut hostile = vec![1, 0, 1, 0xFF];
        hostile.extend_from_slice(&(1u64 << 60).to_le_bytes());
        assert!(matches!(
            decode::<String>(&hostile),
            Err(Error::Corrupted(_))
        ));
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Sample {
        who: PersonId,
        #[serde(with = "wire::Time")]
        at: DateTime<Utc>,
        #[serde(default, with = "wire::OptTime")]
        ended: Option<DateTime<Utc>>,
        #[serde(with = "wire::Date")]
        on: NaiveDate,
        #[serde(default, with = "wire::OptDate")]
        due: Option<NaiveDate>,
        #[serde(with = "wire::Shares")]
        shares: Vec<(PersonId, PersonId, DateTime<Utc>)>,
    }

    fn envelope(version: u16, payload: &impl Serialize) -> Vec<u8> {
        let mut out = version.to_le_bytes().to_vec();
        out.push(CODEC_BINCODE);
        bincode::serde::encode_into_std_write(payload, &mut out, bincode::config::standard())
            .unwrap();
        out
    }

    #[test]
    fn format_1_text_times_decode_in_text_mode() {
        let (a, b) = (PersonId::from_u128(7 << 100), PersonId::from_u128(300));
        let s = Sample {
            who: a,
            at: DateTime::from_timestamp(1_772_442_000, 123_456_789).unwrap(),
            ended: Some(DateTime::from_timestamp(-62_000_000_000, 0).unwrap()),
            on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            due: None,
            shares: vec![(a, b, DateTime::from_timestamp(1_772_443_000, 0).unwrap())],
        };
        // Format 1: chrono's own serde form, which is text even in binary; ids as integers.
        let format_1 = (
            s.who,
            s.at,
            s.ended,
            s.on,
            None::<NaiveDate>,
            s.shares.clone(),
        );
        let text = envelope(1, &format_1);
        assert_eq!(decode::<Sample>(&text).unwrap(), s);
        // Only format 1 reads text.
        let mut as_2 = text.clone();
        as_2[0] = 2;
        assert!(matches!(decode::<Sample>(&as_2), Err(Error::Corrupted(_))));
        // Format 2 reads its own bytes, and they are not text.
        assert_eq!(decode::<Sample>(&encode(&s).unwrap()).unwrap(), s);
        let mut as_1 = encode(&s).unwrap();
        as_1[0] = 1;
        assert!(decode::<Sample>(&as_1).is_err());
        // Text is read as strictly as in JSON.
        let loose = (
            s.who,
            s.at,
            s.ended,
            "2026-3-2",
            None::<NaiveDate>,
            s.shares.clone(),
        );
        assert!(matches!(
            decode::<Sample>(&envelope(1, &loose)),
            Err(Error::Corrupted(_))
        ));
    }

    /// Every value of the format-2 golden store encodes again to exactly its stored bytes:
    /// the encoding of format 2 has not moved.
    #[test]
    fn format_2_golden_values_encode_to_their_stored_bytes() {
        use crate::tables::{CASES, EVENTS};
        use redb::{ReadableDatabase, ReadableTable};
        let golden = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/golden/format-v2.kring"
        );
        // A copy: opening may touch the file.
        let tmp = std::env::temp_dir().join(format!("kring-codec-{}.kring", std::process::id()));
        std::fs::copy(golden, &tmp).unwrap();
        let db = redb::Database::open(&tmp).unwrap();
        let read = db.begin_read().unwrap();
        let (mut events, mut cases) = (0, 0);
        for entry in read.open_table(EVENTS).unwrap().iter().unwrap() {
            let bytes = entry.unwrap().1.value().to_vec();
            assert_eq!(encode(&decode::<Event>(&bytes).unwrap()).unwrap(), bytes);
            events += 1;
        }
        for entry in read.open_table(CASES).unwrap().iter().unwrap() {
            let bytes = entry.unwrap().1.value().to_vec();
            assert_eq!(encode(&decode::<Case>(&bytes).unwrap()).unwrap(), bytes);
            cases += 1;
        }
        assert!(events > 100 && cases > 1, "{events} events, {cases} cases");
        drop(read);
        drop(db);
        let _ = std::fs::remove_file(&tmp);
    }
}
