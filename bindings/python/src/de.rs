//! A serde `Deserializer` over Python objects, reading the core's types straight from them
//! as `serde_json` would read the same value in its JSON form:
//!
//! - `None` is null (as is a NaN or infinite float), `bool`, `int` (64-bit) and `float` are
//!   themselves, `str` is text, a `dict` with string keys is an object, a `list` or `tuple`
//!   is an array;
//! - where the type takes a time (see `types.rs`: the type table follows the value as it is
//!   read), an aware `datetime` is its RFC 3339 text in UTC, and where it takes a date, a
//!   `date` is `YYYY-MM-DD`; times and dates may also be given as text. A `datetime` or a
//!   `date` anywhere else is refused, and so is a naive `datetime`;
//! - anything with a `to_dict()` method (a `kring.Record`) is what that returns;
//! - an enum is its variant name, or a dict with one key: the variant, and its data.
//!
//! Errors: what serde reports (an unknown field, a missing one, a wrong type) becomes
//! `invalid {field}: {message}` with the name of the argument; a value that has no JSON form
//! names the key it was found under.

use std::fmt::{self, Display};

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Unexpected, Visitor};

use crate::pytime::{self, Moment};
use crate::types::{Kind, NodeId, table};

pub enum Error {
    /// From serde (the derived `Deserialize` impls): to be prefixed with the argument.
    Serde(String),
    /// A value without a JSON form; the message is complete.
    Input(String),
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Serde(m) | Error::Input(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::Serde(msg.to_string())
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Error::Serde(format!("invalid type: {}, expected {exp}", Json(unexp)))
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Error::Serde(format!("invalid value: {}, expected {exp}", Json(unexp)))
    }
}

/// An unexpected value named as `serde_json` names it (`null` rather than `unit value`).
struct Json<'a>(Unexpected<'a>);

impl Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Unit => f.write_str("null"),
            other => Display::fmt(&other, f),
        }
    }
}

type Result<T> = std::result::Result<T, Error>;

fn invalid(field: &str, message: impl Display) -> Error {
    Error::Input(format!("invalid {field}: {message}"))
}

/// One Python value, found under `field` (a dict key, or the argument's name).
pub struct De<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
    field: &'a str,
    /// Where the value is in the type table.
    node: NodeId,
}

impl<'a, 'py> De<'a, 'py> {
    pub fn new(obj: &'a Bound<'py, PyAny>, field: &'a str, node: NodeId) -> Self {
        De { obj, field, node }
    }
}

fn text<'a>(s: &'a Bound<'_, PyString>, field: &str) -> Result<&'a str> {
    s.to_str()
        .map_err(|_| invalid(field, "text that is not valid Unicode"))
}

/// What a Python value is, for serde.
enum Value<'a, 'py> {
    Null,
    Bool(bool),
    Int(Bound<'py, PyAny>),
    Float(f64),
    Str(&'a str),
    Dict(&'a Bound<'py, PyDict>),
    List(&'a Bound<'py, PyAny>),
    /// A time or a date, as text.
    Text(String),
    /// What `to_dict()` gave.
    Converted(Bound<'py, PyAny>),
}

impl<'a, 'py> De<'a, 'py> {
    fn value(&self) -> Result<Value<'a, 'py>> {
        let (obj, field) = (self.obj, self.field);
        // The common types first; none of these overlaps another (bool before int).
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(Value::Str(text(s, field)?));
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            return Ok(Value::Dict(d));
        }
        if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            return Ok(Value::List(obj));
        }
        if obj.is_none() {
            return Ok(Value::Null);
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            return Ok(Value::Bool(b.is_true()));
        }
        if obj.is_instance_of::<PyInt>() {
            return Ok(Value::Int(obj.clone()));
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let v = f.value();
            return Ok(if v.is_finite() {
                Value::Float(v)
            } else {
                Value::Null
            });
        }
        let kind = table().kind(self.node);
        match pytime::moment(obj) {
            Moment::Aware(_) if !matches!(kind, Kind::Time | Kind::Any) => {
                return Err(invalid(field, misplaced("a datetime", kind)));
            }
            Moment::Aware(t) => {
                return Ok(Value::Text(
                    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                ));
            }
            Moment::Naive => {
                return Err(invalid(
                    field,
                    "a naive datetime; use a timezone-aware one (UTC)",
                ));
            }
            Moment::OutOfRange => return Err(invalid(field, "a time out of range")),
            Moment::Other => {}
        }
        if let Some(d) = pytime::date_text(obj) {
            if !matches!(kind, Kind::Date | Kind::Any) {
                return Err(invalid(field, misplaced("a date", kind)));
            }
            return Ok(Value::Text(d));
        }
        if let Ok(m) = obj.call_method0(pyo3::intern!(obj.py(), "to_dict")) {
            return Ok(Value::Converted(m));
        }
        let kind = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        Err(invalid(field, format!("cannot use a value of type {kind}")))
    }
}

/// A `datetime` or `date` where the type takes something else.
fn misplaced(what: &str, kind: Kind) -> String {
    let expected = match kind {
        Kind::Time => "a timezone-aware datetime",
        Kind::Date => "a date",
        Kind::Any | Kind::Text => "text",
    };
    format!(
        "{what} where the type takes no {}; expected {expected}",
        &what[2..]
    )
}

fn int<'de, V: Visitor<'de>>(i: &Bound<'_, PyAny>, field: &str, visitor: V) -> Result<V::Value> {
    if let Ok(v) = i.extract::<i64>() {
        return if v < 0 {
            visitor.visit_i64(v)
        } else {
            visitor.visit_u64(v as u64)
        };
    }
    match i.extract::<u64>() {
        Ok(v) => visitor.visit_u64(v),
        Err(_) => Err(invalid(field, "integer out of range")),
    }
}

fn unexpected<'b>(v: &'b Value<'_, '_>) -> Unexpected<'b> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Int(i) => match i.extract::<i64>() {
            Ok(n) if n < 0 => Unexpected::Signed(n),
            Ok(n) => Unexpected::Unsigned(n as u64),
            Err(_) => Unexpected::Other("integer"),
        },
        Value::Float(f) => Unexpected::Float(*f),
        Value::Str(s) => Unexpected::Str(s),
        Value::Text(s) => Unexpected::Str(s),
        Value::Dict(_) | Value::Converted(_) => Unexpected::Map,
        Value::List(_) => Unexpected::Seq,
    }
}

impl<'de> de::Deserializer<'de> for De<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.value()? {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Int(i) => int(&i, self.field, visitor),
            Value::Float(f) => visitor.visit_f64(f),
            Value::Str(s) => visitor.visit_str(s),
            Value::Text(s) => visitor.visit_string(s),
            Value::Dict(d) => visit_dict(d, self.field, self.node, visitor),
            Value::List(l) => visit_list(l, self.field, self.node, visitor),
            Value::Converted(c) => De::new(&c, self.field, self.node).deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let obj = self.obj;
        if obj.is_none() {
            return visitor.visit_none();
        }
        if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyDict>() {
            return visitor.visit_some(self);
        }
        match self.value()? {
            Value::Null => visitor.visit_none(),
            Value::Converted(c) => De::new(&c, self.field, self.node).deserialize_option(visitor),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let value = self.value()?;
        match &value {
            Value::Str(s) => visitor.visit_enum(Enum {
                variant: s,
                value: None,
                node: self.node,
            }),
            Value::Text(s) => visitor.visit_enum(Enum {
                variant: s.as_str(),
                value: None,
                node: self.node,
            }),
            Value::Dict(d) => {
                let mut items = d.iter();
                let (Some((k, v)), None) = (items.next(), items.next()) else {
                    return Err(de::Error::invalid_value(
                        Unexpected::Map,
                        &"map with a single key",
                    ));
                };
                let k = k
                    .cast_into::<PyString>()
                    .map_err(|_| invalid(self.field, "dictionary keys must be strings"))?;
                let k = text(&k, self.field)?;
                visitor.visit_enum(Enum {
                    variant: k,
                    value: Some(&v),
                    node: self.node,
                })
            }
            Value::Converted(c) => {
                De::new(c, self.field, self.node).deserialize_enum(_name, _variants, visitor)
            }
            other => Err(de::Error::invalid_type(unexpected(other), &"string or map")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // Still refuse values without a JSON form, as converting the whole value would.
        self.deserialize_any(de::IgnoredAny)?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

fn visit_dict<'de, V: Visitor<'de>>(
    d: &Bound<'_, PyDict>,
    field: &str,
    node: NodeId,
    visitor: V,
) -> Result<V::Value> {
    let len = d.len();
    let mut access = DictAccess {
        items: d.iter(),
        value: None,
        key: None,
        remaining: len,
        field,
        node,
    };
    let out = visitor.visit_map(&mut access)?;
    if access.remaining == 0 {
        Ok(out)
    } else {
        Err(de::Error::invalid_length(len, &"fewer elements in map"))
    }
}

fn visit_list<'de, V: Visitor<'de>>(
    l: &Bound<'_, PyAny>,
    field: &str,
    node: NodeId,
    visitor: V,
) -> Result<V::Value> {
    let len = l
        .len()
        .map_err(|_| invalid(field, "a sequence without a length"))?;
    let mut access = ListAccess {
        list: l,
        index: 0,
        len,
        field,
        node,
    };
    let out = visitor.visit_seq(&mut access)?;
    if access.index == len {
        Ok(out)
    } else {
        Err(de::Error::invalid_length(len, &"fewer elements in array"))
    }
}

struct ListAccess<'a, 'py> {
    list: &'a Bound<'py, PyAny>,
    index: usize,
    len: usize,
    field: &'a str,
    node: NodeId,
}

impl<'de> de::SeqAccess<'de> for ListAccess<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.index >= self.len {
            return Ok(None);
        }
        let item = match self.list.cast::<PyList>() {
            Ok(l) => l.get_item(self.index),
            Err(_) => self.list.get_item(self.index),
        }
        .map_err(|_| invalid(self.field, "a sequence that changed while it was read"))?;
        let node = table().index(self.node, self.index);
        self.index += 1;
        seed.deserialize(De::new(&item, self.field, node)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.len - self.index)
    }
}

struct DictAccess<'a, 'py> {
    items: pyo3::types::iter::BoundDictIterator<'py>,
    value: Option<Bound<'py, PyAny>>,
    /// The current key: the field name in errors about its value.
    key: Option<Bound<'py, PyString>>,
    remaining: usize,
    field: &'a str,
    node: NodeId,
}

impl<'de> de::MapAccess<'de> for DictAccess<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some((k, v)) = self.items.next() else {
            return Ok(None);
        };
        self.remaining = self.remaining.saturating_sub(1);
        let k = k
            .cast_into::<PyString>()
            .map_err(|_| invalid(self.field, "dictionary keys must be strings"))?;
        let key = seed.deserialize(Key(text(&k, self.field)?))?;
        self.key = Some(k);
        self.value = Some(v);
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let (Some(k), Some(v)) = (self.key.take(), self.value.take()) else {
            return Err(de::Error::custom("a value asked for before its key"));
        };
        // Lent, not copied.
        let field = text(&k, self.field)?;
        seed.deserialize(De::new(&v, field, table().key(self.node, field)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.remaining)
    }
}

/// A dict key: text, or a number or an enum variant written as text (as in JSON).
struct Key<'a>(&'a str);

impl<'a> Key<'a> {
    fn parse<T: std::str::FromStr>(&self, expected: &str) -> Result<T> {
        self.0
            .parse()
            .map_err(|_| de::Error::invalid_value(Unexpected::Str(self.0), &expected))
    }
}

macro_rules! key_number {
    ($($method:ident $ty:ty => $visit:ident,)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            visitor.$visit(self.parse::<$ty>(stringify!($ty))?)
        })*
    };
}

impl<'de> de::Deserializer<'de> for Key<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_str(self.0)
    }

    key_number! {
        deserialize_i8 i8 => visit_i8,
        deserialize_i16 i16 => visit_i16,
        deserialize_i32 i32 => visit_i32,
        deserialize_i64 i64 => visit_i64,
        deserialize_u8 u8 => visit_u8,
        deserialize_u16 u16 => visit_u16,
        deserialize_u32 u32 => visit_u32,
        deserialize_u64 u64 => visit_u64,
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        bool i128 u128 f32 f64 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

/// An enum: its variant's name, and its data when given as `{variant: data}`.
struct Enum<'a, 'py> {
    variant: &'a str,
    value: Option<&'a Bound<'py, PyAny>>,
    /// The enum's node; the variant's data is under the variant's name.
    node: NodeId,
}

impl<'de, 'a, 'py> de::EnumAccess<'de> for Enum<'a, 'py> {
    type Error = Error;
    type Variant = Variant<'a, 'py>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant)> {
        let v = seed.deserialize(Key(self.variant))?;
        Ok((
            v,
            Variant {
                variant: self.variant,
                value: self.value,
                node: table().key(self.node, self.variant),
            },
        ))
    }
}

struct Variant<'a, 'py> {
    variant: &'a str,
    value: Option<&'a Bound<'py, PyAny>>,
    /// The node of the variant's data.
    node: NodeId,
}

impl<'de> de::VariantAccess<'de> for Variant<'_, '_> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        match self.value {
            Some(v) => de::Deserialize::deserialize(De::new(v, self.variant, self.node)),
            None => Ok(()),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        match self.value {
            Some(v) => seed.deserialize(De::new(v, self.variant, self.node)),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"newtype variant",
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        let Some(v) = self.value else {
            return Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"tuple variant",
            ));
        };
        let de = De::new(v, self.variant, self.node);
        match de.value()? {
            Value::List(l) => visit_list(l, self.variant, self.node, visitor),
            other => Err(de::Error::invalid_type(
                unexpected(&other),
                &"tuple variant",
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let Some(v) = self.value else {
            return Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"struct variant",
            ));
        };
        let de = De::new(v, self.variant, self.node);
        match de.value()? {
            Value::Dict(d) => visit_dict(d, self.variant, self.node, visitor),
            Value::Converted(c) => match c.cast::<PyDict>() {
                Ok(d) => visit_dict(d, self.variant, self.node, visitor),
                Err(_) => Err(de::Error::invalid_type(Unexpected::Map, &"struct variant")),
            },
            other => Err(de::Error::invalid_type(
                unexpected(&other),
                &"struct variant",
            )),
        }
    }
}
