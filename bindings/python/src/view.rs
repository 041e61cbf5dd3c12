//! `kring.Record`: an immutable view of a value the core gave out (a case, an event, a
//! summary, …), which converts only what is asked for.
//!
//! A record holds the decoded Rust value (shared, behind an `Arc`) and a path into it. Reading
//! a field walks the value with a serde `Serializer` that passes over every other field and
//! element without converting it (nothing is allocated until the field is reached) and makes
//! the field's value: a scalar becomes its Python value (a time a UTC `datetime`, a date a
//! `date`, as the type table of `types.rs` says), an object (a struct, a map, an enum variant
//! with data) a new record, a sequence a `list` of those. `to_dict()` converts the whole value
//! at once (`ser.rs`); `to_json()` gives the core's JSON.

use std::borrow::Cow;
use std::fmt::{self, Display};
use std::sync::Arc;

use pyo3::exceptions::{PyAttributeError, PyKeyError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyList, PyString};
use serde::ser::{self, Impossible, Serialize};

use crate::error::coded;
use crate::types::{self, Kind, NodeId};

/// A value a record can be a view of: any serializable core value.
pub trait Root: Send + Sync + 'static {
    fn walk<'py>(&self, at: &Leaf<'_, 'py>) -> Result<Got<'py>>;
}

impl<T: Serialize + Send + Sync + 'static> Root for T {
    fn walk<'py>(&self, at: &Leaf<'_, 'py>) -> Result<Got<'py>> {
        descend(self, at.path, at)
    }
}

/// One step of a path: a key of an object (a field, a map key, an enum variant) or an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(Box<str>),
    Index(usize),
}

/// What to make of the value at the end of a path.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// A scalar as itself, an object as a record, a sequence as a list of those.
    Shallow,
    /// Plain Python values all the way down (`to_dict`).
    Deep,
    /// The keys of an object.
    Keys,
    /// The core's JSON text.
    Json,
    /// A JSON value, to compare two records by.
    Value,
}

/// A key: a field or variant name as the type has it, or a map key made as text.
pub type Name = Cow<'static, str>;

pub enum Got<'py> {
    Py(Bound<'py, PyAny>),
    Keys(Vec<Name>),
    Json(String),
    Value(serde_json::Value),
}

/// Where a walk goes and what it makes there.
pub struct Leaf<'a, 'py> {
    py: Python<'py>,
    root: &'a Arc<dyn Root>,
    path: &'a [Step],
    node: NodeId,
    want: Want,
}

pub enum Error {
    /// Nothing at that path.
    Missing,
    Py(PyErr),
    Other(String),
}

type Result<T> = std::result::Result<T, Error>;

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Error::Py(e)
    }
}

impl From<std::convert::Infallible> for Error {
    fn from(e: std::convert::Infallible) -> Self {
        match e {}
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Display::fmt(self, f)
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Missing => f.write_str("no such key"),
            Error::Py(e) => Display::fmt(e, f),
            Error::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::Other(msg.to_string())
    }
}

impl Error {
    fn into_py(self, missing: impl FnOnce() -> PyErr) -> PyErr {
        match self {
            Error::Missing => missing(),
            Error::Py(e) => e,
            Error::Other(m) => coded("internal", m),
        }
    }
}

fn key_text<K: Serialize + ?Sized>(key: &K) -> Result<String> {
    key.serialize(crate::ser::KeySer)
        .map_err(|e| Error::Other(e.to_string()))
}

/// The value at `path` below `value`, made as `at` wants.
fn descend<'py, T: Serialize + ?Sized>(
    value: &T,
    path: &[Step],
    at: &Leaf<'_, 'py>,
) -> Result<Got<'py>> {
    match path.split_first() {
        None => make(value, at),
        Some((step, rest)) => value.serialize(Nav { step, rest, at }),
    }
}

/// The value at the end of the path, made.
fn make<'py, T: Serialize + ?Sized>(value: &T, at: &Leaf<'_, 'py>) -> Result<Got<'py>> {
    Ok(match at.want {
        Want::Shallow => Got::Py(value.serialize(Shallow {
            at,
            path: at.path.to_vec(),
            node: at.node,
        })?),
        Want::Deep => Got::Py(crate::ser::to_py(at.py, value, at.node)?),
        Want::Keys => Got::Keys(value.serialize(Keys)?),
        Want::Json => {
            Got::Json(serde_json::to_string(value).map_err(|e| Error::Other(e.to_string()))?)
        }
        Want::Value => {
            Got::Value(serde_json::to_value(value).map_err(|e| Error::Other(e.to_string()))?)
        }
    })
}

fn record<'py>(at: &Leaf<'_, 'py>, path: Vec<Step>, node: NodeId) -> Result<Bound<'py, PyAny>> {
    let r = Record {
        root: at.root.clone(),
        path,
        node,
    };
    Ok(Bound::new(at.py, r)?.into_any())
}

macro_rules! missing_scalars {
    ($($method:ident($($ty:ty),*);)*) => {$(
        fn $method(self, $(_: $ty),*) -> Result<Self::Ok> {
            Err(Error::Missing)
        }
    )*};
}

/// Walks one step of a path into a value.
struct Nav<'s, 'a, 'py> {
    step: &'s Step,
    rest: &'s [Step],
    at: &'s Leaf<'a, 'py>,
}

impl<'s, 'a, 'py> ser::Serializer for Nav<'s, 'a, 'py> {
    type Ok = Got<'py>;
    type Error = Error;
    type SerializeSeq = Find<'s, 'a, 'py>;
    type SerializeTuple = Find<'s, 'a, 'py>;
    type SerializeTupleStruct = Find<'s, 'a, 'py>;
    type SerializeTupleVariant = Impossible<Got<'py>, Error>;
    type SerializeMap = Find<'s, 'a, 'py>;
    type SerializeStruct = Find<'s, 'a, 'py>;
    type SerializeStructVariant = Find<'s, 'a, 'py>;

    fn is_human_readable(&self) -> bool {
        true
    }

    missing_scalars! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_i128(i128); serialize_u8(u8); serialize_u16(u16);
        serialize_u32(u32); serialize_u64(u64); serialize_u128(u128); serialize_f32(f32);
        serialize_f64(f64); serialize_char(char); serialize_str(&str); serialize_bytes(&[u8]);
        serialize_none(); serialize_unit(); serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn collect_str<T: Display + ?Sized>(self, _value: &T) -> Result<Self::Ok> {
        Err(Error::Missing)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        match self.step {
            Step::Key(k) if &**k == variant => descend(value, self.rest, self.at),
            _ => Err(Error::Missing),
        }
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Ok(Find::new(self, Mode::Find))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Ok(Find::new(self, Mode::Find))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Ok(Find::new(self, Mode::Find))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Error::Other("tuple variants are not supported".into()))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Ok(Find::new(self, Mode::Find))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Ok(Find::new(self, Mode::Find))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        // `{variant: {fields}}`: the step names the variant; the rest goes into its fields.
        let mode = match self.step {
            Step::Key(k) if &**k == variant => match self.rest.split_first() {
                None => Mode::Body(Body::default()),
                Some(_) => Mode::Inner,
            },
            _ => Mode::Skip,
        };
        Ok(Find::new(self, mode))
    }
}

enum Mode<'py> {
    /// Looking for the step among the fields, keys or elements.
    Find,
    /// In a struct variant's fields, looking for the step after the variant.
    Inner,
    /// Making a struct variant's fields, which the path ends at.
    Body(Body<'py>),
    /// Not the variant the path names.
    Skip,
}

/// A struct variant's fields, as they are made.
#[derive(Default)]
struct Body<'py> {
    deep: Vec<(&'static str, Bound<'py, PyAny>)>,
    keys: Vec<Name>,
    json: String,
    value: serde_json::Map<String, serde_json::Value>,
}

/// Looks for one field, key or element.
struct Find<'s, 'a, 'py> {
    step: &'s Step,
    rest: &'s [Step],
    at: &'s Leaf<'a, 'py>,
    mode: Mode<'py>,
    index: usize,
    matched: bool,
    found: Option<Got<'py>>,
}

impl<'s, 'a, 'py> Find<'s, 'a, 'py> {
    fn new(nav: Nav<'s, 'a, 'py>, mode: Mode<'py>) -> Self {
        Find {
            step: nav.step,
            rest: nav.rest,
            at: nav.at,
            mode,
            index: 0,
            matched: false,
            found: None,
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        if self.found.is_none() && *self.step == Step::Index(self.index) {
            self.found = Some(descend(value, self.rest, self.at)?);
        }
        self.index += 1;
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        let (step, rest) = match &mut self.mode {
            Mode::Find => (self.step, self.rest),
            Mode::Inner => match self.rest.split_first() {
                Some((s, r)) => (s, r),
                None => return Ok(()),
            },
            Mode::Skip => return Ok(()),
            Mode::Body(body) => {
                let at = self.at;
                match at.want {
                    Want::Shallow => {}
                    Want::Deep => {
                        let node = types::table().key(at.node, key);
                        body.deep
                            .push((key, crate::ser::to_py(at.py, value, node)?));
                    }
                    Want::Keys => body.keys.push(Cow::Borrowed(key)),
                    Want::Json => {
                        let text = serde_json::to_string(value)
                            .map_err(|e| Error::Other(e.to_string()))?;
                        let key =
                            serde_json::to_string(key).map_err(|e| Error::Other(e.to_string()))?;
                        body.json
                            .push_str(if body.json.is_empty() { "{" } else { "," });
                        body.json.push_str(&key);
                        body.json.push(':');
                        body.json.push_str(&text);
                    }
                    Want::Value => {
                        let v =
                            serde_json::to_value(value).map_err(|e| Error::Other(e.to_string()))?;
                        body.value.insert(key.to_owned(), v);
                    }
                }
                return Ok(());
            }
        };
        if self.found.is_none() && matches!(step, Step::Key(k) if &**k == key) {
            self.found = Some(descend(value, rest, self.at)?);
        }
        Ok(())
    }

    fn finish(self) -> Result<Got<'py>> {
        let at = self.at;
        match self.mode {
            Mode::Body(body) => Ok(match at.want {
                Want::Shallow => Got::Py(record(at, at.path.to_vec(), at.node)?),
                Want::Deep => {
                    let mut fields = body.deep;
                    fields.sort_by(|a, b| a.0.cmp(b.0));
                    let d = PyDict::new(at.py);
                    for (k, v) in fields {
                        d.set_item(k, v)?;
                    }
                    Got::Py(d.into_any())
                }
                Want::Keys => Got::Keys(body.keys),
                Want::Json => Got::Json(if body.json.is_empty() {
                    "{}".into()
                } else {
                    body.json + "}"
                }),
                Want::Value => Got::Value(serde_json::Value::Object(body.value)),
            }),
            _ => self.found.ok_or(Error::Missing),
        }
    }
}

macro_rules! find_seq {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<'py> ser::$trait for Find<'_, '_, 'py> {
            type Ok = Got<'py>;
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
                self.element(value)
            }
            fn end(self) -> Result<Got<'py>> {
                self.finish()
            }
        }
    )*};
}

find_seq!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

macro_rules! find_struct {
    ($($trait:ident),*) => {$(
        impl<'py> ser::$trait for Find<'_, '_, 'py> {
            type Ok = Got<'py>;
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<()> {
                self.field(key, value)
            }
            fn end(self) -> Result<Got<'py>> {
                self.finish()
            }
        }
    )*};
}

find_struct!(SerializeStruct, SerializeStructVariant);

impl<'py> ser::SerializeMap for Find<'_, '_, 'py> {
    type Ok = Got<'py>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.matched = self.found.is_none()
            && match self.step {
                Step::Key(k) => key_text(key)? == **k,
                Step::Index(_) => false,
            };
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        if std::mem::take(&mut self.matched) {
            self.found = Some(descend(value, self.rest, self.at)?);
        }
        Ok(())
    }
    fn end(self) -> Result<Got<'py>> {
        self.finish()
    }
}

/// Makes a value as a record shows it: scalars as themselves, objects as records, sequences
/// as lists.
struct Shallow<'s, 'a, 'py> {
    at: &'s Leaf<'a, 'py>,
    /// The value's path.
    path: Vec<Step>,
    node: NodeId,
}

impl<'s, 'a, 'py> Shallow<'s, 'a, 'py> {
    fn text(&self, s: &str) -> Result<Bound<'py, PyAny>> {
        let py = self.at.py;
        Ok(match types::table().kind(self.node) {
            Kind::Any | Kind::Text => PyString::new(py, s).into_any(),
            Kind::Time => crate::pytime::time_from_text(py, s)?,
            Kind::Date => crate::pytime::date_from_text(py, s)?,
        })
    }

    fn view(self) -> Result<Bound<'py, PyAny>> {
        record(self.at, self.path, self.node)
    }
}

/// An object, as a record: its contents are not looked at.
struct Object<'s, 'a, 'py>(Shallow<'s, 'a, 'py>);

/// A sequence's elements, each made as a record shows it.
struct Elements<'s, 'a, 'py> {
    of: Shallow<'s, 'a, 'py>,
    items: Vec<Bound<'py, PyAny>>,
}

impl<'py> Elements<'_, '_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let index = self.items.len();
        let mut path = self.of.path.clone();
        path.push(Step::Index(index));
        let node = types::table().index(self.of.node, index);
        let v = value.serialize(Shallow {
            at: self.of.at,
            path,
            node,
        })?;
        self.items.push(v);
        Ok(())
    }
    fn list(self) -> Result<Bound<'py, PyAny>> {
        Ok(PyList::new(self.of.at.py, self.items)?.into_any())
    }
}

impl<'s, 'a, 'py> ser::Serializer for Shallow<'s, 'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = Elements<'s, 'a, 'py>;
    type SerializeTuple = Elements<'s, 'a, 'py>;
    type SerializeTupleStruct = Elements<'s, 'a, 'py>;
    type SerializeTupleVariant = Object<'s, 'a, 'py>;
    type SerializeMap = Object<'s, 'a, 'py>;
    type SerializeStruct = Object<'s, 'a, 'py>;
    type SerializeStructVariant = Object<'s, 'a, 'py>;

    fn is_human_readable(&self) -> bool {
        true
    }
    fn serialize_bool(self, v: bool) -> Result<Self::Ok> {
        Ok(PyBool::new(self.at.py, v).to_owned().into_any())
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok> {
        Ok(v.into_pyobject(self.at.py)?.into_any())
    }
    fn serialize_i128(self, v: i128) -> Result<Self::Ok> {
        Ok(v.into_pyobject(self.at.py)?.into_any())
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok> {
        Ok(v.into_pyobject(self.at.py)?.into_any())
    }
    fn serialize_u128(self, v: u128) -> Result<Self::Ok> {
        Ok(v.into_pyobject(self.at.py)?.into_any())
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok> {
        if v.is_finite() {
            Ok(v.into_pyobject(self.at.py)?.into_any())
        } else {
            self.serialize_unit()
        }
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok> {
        self.text(v)
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        self.text(&value.to_string())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok> {
        Ok(PyList::new(self.at.py, v)?.into_any())
    }
    fn serialize_none(self) -> Result<Self::Ok> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok> {
        Ok(self.at.py.None().into_bound(self.at.py))
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok> {
        Ok(PyString::new(self.at.py, variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<Self::Ok> {
        self.view()
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq> {
        Ok(Elements {
            of: self,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Ok(Object(self))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Ok(Object(self))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Ok(Object(self))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Ok(Object(self))
    }
}

macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<'py> ser::$trait for Elements<'_, '_, 'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
                self.push(value)
            }
            fn end(self) -> Result<Self::Ok> {
                self.list()
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

macro_rules! object {
    (fields: $($trait:ident),*) => {$(
        impl<'py> ser::$trait for Object<'_, '_, 'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, _: &T) -> Result<()> {
                Ok(())
            }
            fn end(self) -> Result<Self::Ok> {
                self.0.view()
            }
        }
    )*};
}

object!(fields: SerializeStruct, SerializeStructVariant);

impl<'py> ser::SerializeTupleVariant for Object<'_, '_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<()> {
        Ok(())
    }
    fn end(self) -> Result<Self::Ok> {
        self.0.view()
    }
}

impl<'py> ser::SerializeMap for Object<'_, '_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<()> {
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<()> {
        Ok(())
    }
    fn end(self) -> Result<Self::Ok> {
        self.0.view()
    }
}

/// The keys of an object: a struct's fields, a map's keys, an enum variant's name.
struct Keys;

fn not_an_object() -> Error {
    Error::Other("not an object".into())
}

macro_rules! not_object {
    ($($method:ident($($ty:ty),*);)*) => {$(
        fn $method(self, $(_: $ty),*) -> Result<Self::Ok> {
            Err(not_an_object())
        }
    )*};
}

/// Collects the keys of a struct or a map.
struct KeyList(Vec<Name>);

impl ser::Serializer for Keys {
    type Ok = Vec<Name>;
    type Error = Error;
    type SerializeSeq = Impossible<Vec<Name>, Error>;
    type SerializeTuple = Impossible<Vec<Name>, Error>;
    type SerializeTupleStruct = Impossible<Vec<Name>, Error>;
    type SerializeTupleVariant = KeyList;
    type SerializeMap = KeyList;
    type SerializeStruct = KeyList;
    type SerializeStructVariant = KeyList;

    fn is_human_readable(&self) -> bool {
        true
    }

    not_object! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_i128(i128); serialize_u8(u8); serialize_u16(u16);
        serialize_u32(u32); serialize_u64(u64); serialize_u128(u128); serialize_f32(f32);
        serialize_f64(f64); serialize_char(char); serialize_str(&str); serialize_bytes(&[u8]);
        serialize_none(); serialize_unit(); serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn collect_str<T: Display + ?Sized>(self, _value: &T) -> Result<Self::Ok> {
        Err(not_an_object())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _value: &T,
    ) -> Result<Self::Ok> {
        Ok(vec![Cow::Borrowed(variant)])
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(not_an_object())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(not_an_object())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(not_an_object())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Ok(KeyList(vec![Cow::Borrowed(variant)]))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap> {
        Ok(KeyList(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Self::SerializeStruct> {
        Ok(KeyList(Vec::with_capacity(len)))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Ok(KeyList(vec![Cow::Borrowed(variant)]))
    }
}

impl ser::SerializeStruct for KeyList {
    type Ok = Vec<Name>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, _: &T) -> Result<()> {
        self.0.push(Cow::Borrowed(key));
        Ok(())
    }
    fn end(self) -> Result<Vec<Name>> {
        Ok(self.0)
    }
}

impl ser::SerializeStructVariant for KeyList {
    type Ok = Vec<Name>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, _: &T) -> Result<()> {
        Ok(())
    }
    fn end(self) -> Result<Vec<Name>> {
        Ok(self.0)
    }
}

impl ser::SerializeTupleVariant for KeyList {
    type Ok = Vec<Name>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<()> {
        Ok(())
    }
    fn end(self) -> Result<Vec<Name>> {
        Ok(self.0)
    }
}

impl ser::SerializeMap for KeyList {
    type Ok = Vec<Name>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.0.push(Cow::Owned(key_text(key)?));
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<()> {
        Ok(())
    }
    fn end(self) -> Result<Vec<Name>> {
        Ok(self.0)
    }
}

/// A value the core gave out, as a read-only view: a mapping of its keys (the core's JSON
/// field names) to their values, with attribute access.
#[pyclass(frozen, mapping, module = "kring._native", name = "Record")]
pub struct Record {
    root: Arc<dyn Root>,
    path: Vec<Step>,
    node: NodeId,
}

/// A core value as a record.
pub fn view<T: Serialize + Send + Sync + 'static>(
    py: Python<'_>,
    value: T,
) -> PyResult<Bound<'_, PyAny>> {
    let r = Record {
        root: Arc::new(value),
        path: Vec::new(),
        node: types::root::<T>(),
    };
    Ok(Bound::new(py, r)?.into_any())
}

/// Core values as a list of records, each its own.
pub fn views<T: Serialize + Send + Sync + 'static>(
    py: Python<'_>,
    values: Vec<T>,
) -> PyResult<Bound<'_, PyAny>> {
    let node = types::root::<T>();
    let records = values
        .into_iter()
        .map(|v| {
            Bound::new(
                py,
                Record {
                    root: Arc::new(v),
                    path: Vec::new(),
                    node,
                },
            )
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyList::new(py, records)?.into_any())
}

fn guarded<T>(f: impl FnOnce() -> T) -> PyResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .map_err(|_| coded("internal", "a panic was caught while reading a record"))
}

impl Record {
    fn walk<'py>(
        &self,
        py: Python<'py>,
        path: &[Step],
        node: NodeId,
        want: Want,
    ) -> Result<Got<'py>> {
        let at = Leaf {
            py,
            root: &self.root,
            path,
            node,
            want,
        };
        guarded(|| self.root.walk(&at)).map_err(Error::Py)?
    }

    /// The value under `key`; `Missing` if there is none.
    fn child<'py>(&self, py: Python<'py>, key: &str) -> Result<Bound<'py, PyAny>> {
        let mut path = Vec::with_capacity(self.path.len() + 1);
        path.extend_from_slice(&self.path);
        path.push(Step::Key(key.into()));
        let node = types::table().key(self.node, key);
        match self.walk(py, &path, node, Want::Shallow)? {
            Got::Py(v) => Ok(v),
            _ => Err(Error::Other("unexpected result".into())),
        }
    }

    fn here<'py>(&self, py: Python<'py>, want: Want) -> PyResult<Got<'py>> {
        self.walk(py, &self.path, self.node, want)
            .map_err(|e| e.into_py(|| coded("internal", "a record's value is gone")))
    }

    fn keys_of(&self, py: Python<'_>) -> PyResult<Vec<Name>> {
        match self.here(py, Want::Keys)? {
            Got::Keys(mut k) => {
                k.sort_unstable();
                k.dedup();
                Ok(k)
            }
            _ => Err(coded("internal", "unexpected result")),
        }
    }

    fn deep<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.here(py, Want::Deep)? {
            Got::Py(v) => Ok(v),
            _ => Err(coded("internal", "unexpected result")),
        }
    }

    fn json(&self, py: Python<'_>) -> PyResult<String> {
        match self.here(py, Want::Json)? {
            Got::Json(s) => Ok(s),
            _ => Err(coded("internal", "unexpected result")),
        }
    }

    fn value(&self, py: Python<'_>) -> PyResult<serde_json::Value> {
        match self.here(py, Want::Value)? {
            Got::Value(v) => Ok(v),
            _ => Err(coded("internal", "unexpected result")),
        }
    }
}

fn abc<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    static ABC: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    ABC.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("collections.abc")?.unbind())
    })?
    .bind(py)
    .getattr(name)
}

/// Registers `Record` as a `collections.abc.Mapping`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Record>()?;
    let cls = m.py().get_type::<Record>();
    abc(m.py(), "Mapping")?.call_method1("register", (cls,))?;
    Ok(())
}

/// The methods of a record, which a field of the same name would not hide.
const METHODS: [&str; 6] = ["get", "items", "keys", "to_dict", "to_json", "values"];

const READ_ONLY: &str = "records are read-only; change a case with a command";

#[pymethods]
impl Record {
    /// Records compare by content (with each other, and with plain dicts): they are not
    /// hashable, as dicts are not.
    #[classattr]
    const __hash__: Option<Py<PyAny>> = None;

    /// A field as an attribute (`None` for a field of the type the value leaves out). The
    /// methods (and every name beginning with `_`) come first,
    /// as they would before a `__getattr__`; a field is looked up without raising and
    /// catching an `AttributeError` first, which costs more than reading the field.
    fn __getattribute__<'py>(
        slf: &Bound<'py, Self>,
        name: &Bound<'py, PyString>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let text = name.to_str()?;
        if !text.starts_with('_') && !METHODS.contains(&text) {
            match slf.get().child(py, text) {
                Ok(v) => return Ok(v),
                // A field of the type that this value leaves out (a part of a scoped read
                // the reader may not see) reads as None, as its type says; it is still not
                // among the keys.
                Err(Error::Missing) if crate::types::table().declares(slf.get().node, text) => {
                    return Ok(py.None().into_bound(py));
                }
                Err(Error::Missing) => {}
                Err(e) => return Err(e.into_py(|| coded("internal", "unreachable"))),
            }
        }
        static GENERIC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        GENERIC
            .get_or_try_init(py, || {
                py.get_type::<pyo3::types::PyAny>()
                    .getattr("__getattribute__")
                    .map(Bound::unbind)
            })?
            .bind(py)
            .call1((slf, name))
    }

    fn __setattr__(&self, _name: &str, _value: &Bound<'_, PyAny>) -> PyResult<()> {
        Err(PyAttributeError::new_err(READ_ONLY))
    }

    fn __delattr__(&self, _name: &str) -> PyResult<()> {
        Err(PyAttributeError::new_err(READ_ONLY))
    }

    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let missing = || PyKeyError::new_err(key.clone().unbind());
        let Ok(k) = key.cast::<PyString>() else {
            return Err(missing());
        };
        self.child(py, k.to_str()?).map_err(|e| e.into_py(missing))
    }

    #[pyo3(signature = (key, default = None))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'py, PyAny>,
        default: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let default = || default.unwrap_or_else(|| py.None().into_bound(py));
        let Ok(k) = key.cast::<PyString>() else {
            return Ok(default());
        };
        match self.child(py, k.to_str()?) {
            Ok(v) => Ok(v),
            Err(Error::Missing) => Ok(default()),
            Err(e) => Err(e.into_py(|| coded("internal", "unreachable"))),
        }
    }

    fn __contains__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(k) = key.cast::<PyString>() else {
            return Ok(false);
        };
        let k = k.to_str()?;
        Ok(self.keys_of(py)?.iter().any(|x| x == k))
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyList::new(py, self.keys_of(py)?)?.try_iter()?.into_any())
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.keys_of(py)?.len())
    }

    fn keys<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        abc(slf.py(), "KeysView")?.call1((slf,))
    }

    fn items<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        abc(slf.py(), "ItemsView")?.call1((slf,))
    }

    fn values<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        abc(slf.py(), "ValuesView")?.call1((slf,))
    }

    fn __eq__<'py>(&self, py: Python<'py>, other: &Bound<'py, PyAny>) -> PyResult<Py<PyAny>> {
        if let Ok(o) = other.cast::<Record>() {
            let o = o.get();
            // The same JSON text is the same value (the core's maps are ordered); texts that
            // differ may still be one value with its keys in another order.
            let (a, b) = (self.json(py)?, o.json(py)?);
            let same = a == b || (a.len() == b.len() && self.value(py)? == o.value(py)?);
            return Ok(PyBool::new(py, same).to_owned().into_any().unbind());
        }
        if other.is_instance_of::<PyDict>() {
            let same = self.deep(py)?.eq(other)?;
            return Ok(PyBool::new(py, same).to_owned().into_any().unbind());
        }
        Ok(py.NotImplemented())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("Record({})", self.deep(py)?.repr()?))
    }

    fn __dir__(slf: &Bound<'_, Self>) -> PyResult<Vec<String>> {
        let mut names: Vec<String> = slf
            .get()
            .keys_of(slf.py())?
            .into_iter()
            .map(Cow::into_owned)
            .collect();
        for n in slf.get_type().dir()? {
            names.push(n.extract()?);
        }
        names.sort_unstable();
        names.dedup();
        Ok(names)
    }

    /// A plain, deep copy as dicts and lists (times as `datetime`, dates as `date`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.deep(py)
    }

    /// The core's JSON of the value (times and dates as RFC 3339 text), as Node and the
    /// command line give it.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        self.json(py)
    }
}
