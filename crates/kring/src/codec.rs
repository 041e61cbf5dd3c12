//! All encoding of stored values happens here, so that a later format can move to another
//! codec while old files stay readable.
//!
//! Every stored value is an **envelope**: `[format version: u16 LE][codec tag: u8][payload]`.
//! Codec tag 1 is bincode 2.0.1 (`config::standard()`: little-endian, variable-length
//! integers) over the serde form of the value. Decoding always sets a size limit, so a hostile
//! length prefix cannot make it allocate without bound.
//!
//! The formats differ in two ways, and what tells them apart lives only here (see
//! `docs/format.md`):
//!
//! - **Times and dates.** Format 1 stored them as the text chrono's serde writes, later formats
//!   as integers. In binary forms the domain passes a time or a date through serde as a
//!   newtype struct named [`wire::TIME`] or [`wire::DATE`] (bincode writes and reads only what
//!   is inside, so the name costs no bytes), and reads text inside it when the deserializer it
//!   is handed is human-readable.
//! - **Grown types.** A later format may append fields to a stored struct or to a struct
//!   variant of a stored enum, each with a serde default ([`GROWTH`] lists them). bincode
//!   records no field count, so a value of an earlier format simply ends before those fields.
//!
//! A payload of the current format is decoded by bincode alone. An older one is decoded
//! through [`Older`], a deserializer wrapped around bincode's that passes everything through
//! unchanged (it stays non-human-readable, so ids and the rest decode exactly as now) except:
//! in format 1 the two newtypes, for which it reads a string and hands the value a
//! human-readable deserializer over it; and every grown struct or variant, which it reads
//! with only the fields that format had, so that serde fills in the defaults of the rest.
//! There is no global state.

use std::cell::Cell;
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
pub const FORMAT_VERSION: u16 = 8;
/// The oldest format version this build reads.
pub const OLDEST_FORMAT: u16 = 1;
/// Codec tag of bincode 2.0.1 with the standard configuration.
pub const CODEC_BINCODE: u8 = 1;
/// The largest payload decoded, in bytes.
pub const MAX_VALUE: usize = 64 * 1024 * 1024;

const HEADER: usize = 3;

/// Fields appended to a stored type by a format: a value written by an earlier format holds
/// only the first `before` fields of `container` (a struct, or the struct variant `variant`
/// of an enum), and reads the rest as their serde default. Names are serde's: the Rust name
/// of the type and the snake_case name of the variant.
#[derive(Debug, Clone, Copy)]
pub struct Growth {
    /// The format that appended the fields.
    pub since: u16,
    pub container: &'static str,
    pub variant: Option<&'static str>,
    /// How many fields the type had before.
    pub before: usize,
}

const fn grew(since: u16, container: &'static str, before: usize) -> Growth {
    Growth {
        since,
        container,
        variant: None,
        before,
    }
}

const fn grew_variant(
    since: u16,
    container: &'static str,
    variant: &'static str,
    before: usize,
) -> Growth {
    Growth {
        since,
        container,
        variant: Some(variant),
        before,
    }
}

/// Every stored type that grew, in the order of the formats (see `docs/format.md`).
pub const GROWTH: &[Growth] = &[
    // Format 3: what the booklet's cases hold that formats 1 and 2 could not.
    grew(3, "Event", 5),
    grew(3, "Actor", 2),
    grew(3, "Case", 29),
    grew(3, "RequestConference", 9),
    grew(3, "NewNetworkMember", 5),
    grew(3, "NetworkMember", 8),
    grew(3, "Relation", 2),
    grew(3, "Professional", 3),
    grew(3, "Coordinator", 5),
    grew(3, "CoordinatorPreferences", 5),
    grew(3, "CoordinatorAssignment", 4),
    grew(3, "Agreement", 8),
    grew(3, "RequestedHelp", 4),
    grew(3, "Conference", 8),
    grew(3, "PlanVersion", 8),
    grew(3, "EvaluationRecord", 6),
    grew(3, "HeldEvaluation", 7),
    grew(3, "Evaluation", 4),
    grew(3, "Signal", 4),
    grew(3, "Satisfaction", 3),
    grew_variant(3, "Command", "assign_coordinator", 1),
    grew_variant(3, "Command", "raise_signal", 2),
    grew_variant(3, "Command", "revise_plan", 2),
    grew_variant(3, "Command", "record_satisfaction", 2),
    // Format 5: privacy. Whose details are withheld from whom.
    grew(5, "Case", 44),
];

/// How many fields of `container` (or of its struct variant `variant`) a value of `format`
/// holds, if the type grew after it.
fn fields_in(format: u16, container: &str, variant: Option<&str>) -> Option<usize> {
    GROWTH
        .iter()
        .filter(|g| g.since > format && g.container == container && g.variant == variant)
        .map(|g| g.before)
        .min()
}

/// Whether any stored type grew after `format`.
fn grew_since(format: u16) -> bool {
    format < 2 || GROWTH.iter().any(|g| g.since > format)
}

/// Encodes `value` in an envelope of the current format.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.push(CODEC_BINCODE);
    bincode::serde::encode_into_std_write(value, &mut out, bincode::config::standard())
        .map_err(|e| Error::Internal(format!("encoding failed: {e}")))?;
    Ok(out)
}

/// The format version of an envelope this kring reads.
fn version_of(bytes: &[u8]) -> Result<u16> {
    if bytes.len() < HEADER {
        return Err(Error::Corrupted(format!(
            "a stored value of {} bytes has no envelope",
            bytes.len()
        )));
    }
    let version = u16::from_le_bytes([bytes[0], bytes[1]]);
    // A store of a newer format is refused when it is opened (`upgrade_required`, from its
    // `meta`); a value of a newer format inside a store this kring opened is damage.
    if version > FORMAT_VERSION {
        return Err(Error::Corrupted(format!(
            "a value claims format {version}; this kring reads up to {FORMAT_VERSION}"
        )));
    }
    if version < OLDEST_FORMAT {
        return Err(Error::Corrupted(format!("format version {version}")));
    }
    Ok(version)
}

/// Decodes an envelope written by this or an earlier format version.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    let version = version_of(bytes)?;
    match bytes[2] {
        CODEC_BINCODE => {
            let config = bincode::config::standard().with_limit::<MAX_VALUE>();
            let payload = &bytes[HEADER..];
            // A value of a format after which no stored type grew reads as it is.
            let decoded = if version == FORMAT_VERSION || !grew_since(version) {
                bincode::serde::decode_from_slice(payload, config)
            } else {
                let seed = Older {
                    inner: PhantomData::<T>,
                    at: At::top(version),
                };
                bincode::serde::seed_decode_from_slice(seed, payload, config)
            };
            whole(decoded, payload.len())
        }
        tag => Err(Error::Corrupted(format!("unknown codec tag {tag}"))),
    }
}

/// The value bincode decoded from a payload of `len` bytes, which it must have read to the
/// end: an error, or bytes after the value, are damage.
fn whole<T>(
    decoded: std::result::Result<(T, usize), bincode::error::DecodeError>,
    len: usize,
) -> Result<T> {
    let (value, read) =
        decoded.map_err(|e| Error::Corrupted(format!("value does not decode: {e}")))?;
    if read != len {
        return Err(Error::Corrupted(format!(
            "{} trailing bytes after a value",
            len - read
        )));
    }
    Ok(value)
}

/// Decodes an envelope whose value borrows its text from `bytes` (`kring_domain::rows`):
/// no string is copied. Such a type has no older layout to read (it never grew: see
/// `GROWTH`), so a value of a format before `since`, when the type was first stored, is
/// damage.
pub fn decode_borrowed<'a, T: Deserialize<'a>>(bytes: &'a [u8], since: u16) -> Result<T> {
    let version = version_of(bytes)?;
    if version < since {
        return Err(Error::Corrupted(format!(
            "a value of format {version}, before its type was stored (format {since})"
        )));
    }
    match bytes[2] {
        CODEC_BINCODE => {
            let config = bincode::config::standard().with_limit::<MAX_VALUE>();
            let payload = &bytes[HEADER..];
            whole(
                bincode::serde::borrow_decode_from_slice(payload, config),
                payload.len(),
            )
        }
        tag => Err(Error::Corrupted(format!("unknown codec tag {tag}"))),
    }
}

/// Where in an older value the wrapper stands: the format it was written in and, inside an
/// enum, the enum's name and variants (and, once read, the variant).
#[derive(Clone, Copy)]
struct At {
    format: u16,
    enumeration: Option<(&'static str, &'static [&'static str])>,
    variant: Option<&'static str>,
}

impl At {
    fn top(format: u16) -> At {
        At {
            format,
            enumeration: None,
            variant: None,
        }
    }

    /// The same format, outside any enum: what nested values are read with.
    fn inner(self) -> At {
        At::top(self.format)
    }
}

/// The deserializer of older payloads around `D`, the payload's own deserializer; as a
/// [`DeserializeSeed`], the seed `S` read through it. See the module documentation.
///
/// Every visitor, seed and access it hands on is wrapped in turn (in [`Older`] or
/// [`Visit`]), so that the times, dates and grown types nested anywhere in a value are met.
struct Older<D> {
    inner: D,
    at: At,
}

/// A visitor or access whose deserializers are wrapped in [`Older`].
struct Visit<V> {
    inner: V,
    at: At,
}

fn older<D>(inner: D, at: At) -> Older<D> {
    Older {
        inner,
        at: at.inner(),
    }
}

fn visit<V>(inner: V, at: At) -> Visit<V> {
    Visit { inner, at }
}

impl<'de, D: Deserializer<'de>> Older<D> {
    /// Reads the text of a format-1 time or date and hands it to `visitor` as the content of
    /// the newtype, through a human-readable deserializer.
    fn text<V: Visitor<'de>>(self, visitor: V) -> std::result::Result<V::Value, D::Error> {
        let text = String::deserialize(self.inner)?;
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
            self.inner.$method($($arg,)* visit(visitor, self.at))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Older<D> {
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
        deserialize_identifier();
        deserialize_ignored_any();
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> std::result::Result<V::Value, D::Error> {
        if self.at.format == 1 && (name == wire::TIME || name == wire::DATE) {
            return self.text(visitor);
        }
        self.inner
            .deserialize_newtype_struct(name, visit(visitor, self.at))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> std::result::Result<V::Value, D::Error> {
        let fields = match fields_in(self.at.format, name, None) {
            Some(n) => &fields[..n.min(fields.len())],
            None => fields,
        };
        self.inner
            .deserialize_struct(name, fields, visit(visitor, self.at))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> std::result::Result<V::Value, D::Error> {
        let at = At {
            format: self.at.format,
            enumeration: Some((name, variants)),
            variant: None,
        };
        self.inner
            .deserialize_enum(name, variants, visit(visitor, at))
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// As a seed: `S` read through the older deserializer.
impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Older<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<S::Value, D::Error> {
        self.inner.deserialize(Older {
            inner: d,
            at: self.at,
        })
    }
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> std::result::Result<V::Value, E> {
            self.inner.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Visit<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.inner.expecting(f)
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
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> std::result::Result<V::Value, D::Error> {
        self.inner.visit_some(older(d, self.at))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(older(d, self.at))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<V::Value, A::Error> {
        self.inner.visit_seq(visit(seq, self.at))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<V::Value, A::Error> {
        self.inner.visit_map(visit(map, self.at))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> std::result::Result<V::Value, A::Error> {
        self.inner.visit_enum(visit(data, self.at))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Visit<A> {
    type Error = A::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> std::result::Result<Option<S::Value>, A::Error> {
        self.inner.next_element_seed(older(seed, self.at))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Visit<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> std::result::Result<Option<K::Value>, A::Error> {
        self.inner.next_key_seed(older(seed, self.at))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> std::result::Result<S::Value, A::Error> {
        self.inner.next_value_seed(older(seed, self.at))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Visit<A> {
    type Error = A::Error;
    type Variant = Visit<A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> std::result::Result<(S::Value, Self::Variant), A::Error> {
        // bincode names a variant by its index; note it on the way through, so that the
        // variant's own fields can be read as the format wrote them.
        let index = Cell::new(None);
        let (value, variant) = self.inner.variant_seed(VariantIndex {
            seed,
            index: &index,
        })?;
        let name = self
            .at
            .enumeration
            .zip(index.get())
            .and_then(|((_, variants), i)| variants.get(i as usize).copied());
        Ok((
            value,
            Visit {
                inner: variant,
                at: At {
                    variant: name,
                    ..self.at
                },
            },
        ))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Visit<A> {
    type Error = A::Error;

    fn unit_variant(self) -> std::result::Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> std::result::Result<S::Value, A::Error> {
        self.inner.newtype_variant_seed(older(seed, self.at))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> std::result::Result<V::Value, A::Error> {
        self.inner
            .tuple_variant(len, visit(visitor, self.at.inner()))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> std::result::Result<V::Value, A::Error> {
        let grown = self
            .at
            .enumeration
            .and_then(|(name, _)| fields_in(self.at.format, name, self.at.variant));
        let fields = match grown {
            Some(n) => &fields[..n.min(fields.len())],
            None => fields,
        };
        self.inner
            .struct_variant(fields, visit(visitor, self.at.inner()))
    }
}

/// The seed of a variant's identifier, noting the index bincode reads for it.
struct VariantIndex<'a, S> {
    seed: S,
    index: &'a Cell<Option<u64>>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for VariantIndex<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<S::Value, D::Error> {
        self.seed.deserialize(IndexDeserializer {
            inner: d,
            index: self.index,
        })
    }
}

/// The deserializer of a variant's identifier: bincode's, with the index noted.
struct IndexDeserializer<'a, D> {
    inner: D,
    index: &'a Cell<Option<u64>>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for IndexDeserializer<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> std::result::Result<V::Value, D::Error> {
        self.inner.deserialize_any(IndexVisitor {
            inner: v,
            index: self.index,
        })
    }

    fn deserialize_identifier<V: Visitor<'de>>(
        self,
        v: V,
    ) -> std::result::Result<V::Value, D::Error> {
        self.inner.deserialize_identifier(IndexVisitor {
            inner: v,
            index: self.index,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        ignored_any
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

struct IndexVisitor<'a, V> {
    inner: V,
    index: &'a Cell<Option<u64>>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for IndexVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_u32<E: de::Error>(self, v: u32) -> std::result::Result<V::Value, E> {
        self.index.set(Some(v.into()));
        self.inner.visit_u32(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<V::Value, E> {
        self.index.set(Some(v));
        self.inner.visit_u64(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<V::Value, E> {
        self.inner.visit_str(v)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> std::result::Result<V::Value, E> {
        self.inner.visit_bytes(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, NaiveDate, Utc};
    use kring_domain::{Case, Event, PersonId};
    use kring_testkit::example;

    /// Research rows decode borrowing their text from the stored bytes; a value of a format
    /// before they were stored, cut short, or with bytes after it is damage.
    #[test]
    fn research_rows_decode_borrowed_and_only_from_their_format() {
        use kring_domain::rows::CaseRows;
        let (s, _) = example::full_story();
        let case = s.case.unwrap();
        let rows = CaseRows::from(&case);
        let bytes = encode(&rows).unwrap();
        let read: CaseRows<'_> = decode_borrowed(&bytes, 8).unwrap();
        assert_eq!(read, rows);
        let range = bytes.as_ptr_range();
        assert!(
            range.contains(&read.description.as_ptr()),
            "borrowed, not copied"
        );
        let mut older = bytes.clone();
        older[..2].copy_from_slice(&7u16.to_le_bytes());
        let err = decode_borrowed::<CaseRows<'_>>(&older, 8).unwrap_err();
        assert!(
            err.to_string().contains("before its type was stored"),
            "{err}"
        );
        for damaged in [
            &bytes[..bytes.len() - 1],
            &[bytes.as_slice(), &[0]].concat(),
        ] {
            let err = decode_borrowed::<CaseRows<'_>>(damaged, 8).unwrap_err();
            assert_eq!(err.code(), "corrupted");
        }
        assert_eq!(
            decode_borrowed::<CaseRows<'_>>(&bytes[..2], 8)
                .unwrap_err()
                .code(),
            "corrupted"
        );
    }

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
        let err = decode::<u64>(&newer).unwrap_err();
        assert_eq!(err.code(), "corrupted");
        assert!(err.to_string().contains("claims format 9"), "{err}");
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

    /// A value of format 2 ends before the fields format 3 appended: here an event whose
    /// command is a struct variant that grew (`raise_signal` gained `subject`) inside a
    /// struct that grew (`Event` gained `rules`). Read as format 2 it takes the defaults; the
    /// same short bytes claimed as format 3 are refused, never filled in.
    #[test]
    fn older_values_of_grown_types_read_with_defaults() {
        let (s, _) = example::full_story();
        let event = Event {
            command: kring_domain::Command::RaiseSignal {
                id: kring_domain::SignalId::from_u128(77 << 90),
                about: "A worry".into(),
                subject: None,
            },
            ..s.events[3].clone()
        };
        assert_eq!(event.rules, kring_domain::RULES);
        let mut bytes = encode(&event).unwrap();
        // `subject: None` is one byte, `rules: 2` one more: format 2 had neither.
        assert_eq!(bytes[bytes.len() - 2..], [0, 2]);
        bytes.truncate(bytes.len() - 2);
        // Nor the actor's `on_behalf_of: None`, the byte after the actor's two fields.
        #[derive(serde::Serialize)]
        struct Head {
            case: kring_domain::CaseId,
            version: u64,
            #[serde(with = "wire::Time")]
            at: DateTime<Utc>,
            person: PersonId,
            role: kring_domain::Role,
        }
        let head = Head {
            case: event.case,
            version: event.version,
            at: event.at,
            person: event.actor.person,
            role: event.actor.role,
        };
        let at = HEADER
            + bincode::serde::encode_to_vec(&head, bincode::config::standard())
                .unwrap()
                .len();
        assert_eq!(bytes.remove(at), 0);
        let mut format_2 = bytes.clone();
        format_2[..2].copy_from_slice(&2u16.to_le_bytes());
        let read = decode::<Event>(&format_2).unwrap();
        assert_eq!(read, Event { rules: 1, ..event });
        assert!(matches!(decode::<Event>(&bytes), Err(Error::Corrupted(_))));
        assert!(fields_in(2, "Event", None) == Some(5) && fields_in(3, "Event", None).is_none());
        assert_eq!(fields_in(1, "Command", Some("raise_signal")), Some(2));
    }

    /// Every value of each golden store decodes, and encodes again to exactly its stored bytes
    /// if it was written by the current format (its encoding has not moved) or to a value of
    /// the current format that decodes to the same thing (an older one).
    #[test]
    fn golden_values_encode_as_their_format_did() {
        for version in OLDEST_FORMAT..=FORMAT_VERSION {
            golden_values_encode(version);
        }
    }

    fn golden_values_encode(version: u16) {
        use crate::tables::{CASES, EVENTS, HISTORY, split_history};
        use redb::{ReadableDatabase, ReadableTable};
        let golden = format!(
            "{}/../../tests/golden/format-v{version}.kring",
            env!("CARGO_MANIFEST_DIR")
        );
        // A copy: opening may touch the file.
        let tmp = std::env::temp_dir().join(format!(
            "kring-codec-{}-{version}.kring",
            std::process::id()
        ));
        std::fs::copy(golden, &tmp).unwrap();
        let db = redb::Database::open(&tmp).unwrap();
        let read = db.begin_read().unwrap();
        let (mut events, mut cases) = (0, 0);
        // Format 4 keeps events in `history`, after their sequence number.
        let stored: Vec<Vec<u8>> = if version >= 4 {
            let t = read.open_table(HISTORY).unwrap();
            let mut out = Vec::new();
            for e in t.iter().unwrap() {
                out.push(split_history(e.unwrap().1.value()).unwrap().1.to_vec());
            }
            out
        } else {
            let t = read.open_table(EVENTS).unwrap();
            let mut out = Vec::new();
            for e in t.iter().unwrap() {
                out.push(e.unwrap().1.value().to_vec());
            }
            out
        };
        for bytes in stored {
            let event = decode::<Event>(&bytes).unwrap();
            assert_eq!(u16::from_le_bytes([bytes[0], bytes[1]]), version);
            let again = encode(&event).unwrap();
            if version == FORMAT_VERSION {
                assert_eq!(again, bytes);
            } else {
                assert_eq!(decode::<Event>(&again).unwrap(), event);
            }
            events += 1;
        }
        for entry in read.open_table(CASES).unwrap().iter().unwrap() {
            let bytes = entry.unwrap().1.value().to_vec();
            let case = decode::<Case>(&bytes).unwrap();
            let again = encode(&case).unwrap();
            if version == FORMAT_VERSION {
                assert_eq!(again, bytes);
            } else {
                assert_eq!(decode::<Case>(&again).unwrap(), case);
            }
            cases += 1;
        }
        assert!(events > 100 && cases > 1, "{events} events, {cases} cases");
        // Research rows, from format 8: each encodes again to its stored bytes, and is the
        // rows of its case.
        if version >= crate::tables::ROWS_SINCE {
            use kring_domain::rows::CaseRows;
            let states = read.open_table(CASES).unwrap();
            let mut rows = 0;
            for entry in read
                .open_table(crate::tables::ROWS)
                .unwrap()
                .iter()
                .unwrap()
            {
                let (id, bytes) = entry.unwrap();
                let value: CaseRows<'_> =
                    decode_borrowed(bytes.value(), crate::tables::ROWS_SINCE).unwrap();
                assert_eq!(encode(&value).unwrap(), bytes.value());
                let case: Case = decode(states.get(id.value()).unwrap().unwrap().value()).unwrap();
                assert_eq!(value, CaseRows::from(&case));
                rows += 1;
            }
            assert_eq!(rows, cases);
        }
        drop(read);
        drop(db);
        let _ = std::fs::remove_file(&tmp);
    }
}
