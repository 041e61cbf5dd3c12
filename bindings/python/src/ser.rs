//! A serde `Serializer` that builds Python objects straight from the core's types, giving
//! exactly what going through `serde_json::Value` gave:
//!
//! - the human-readable forms (ids, enum values, times and dates as text);
//! - structs and maps as `dict`s with their keys in sorted order (as `serde_json::Map`
//!   sorts them), sequences and tuples as `list`s, `None`/unit as `None`, an enum variant
//!   with data as `{variant: data}`, a non-finite float as `None`;
//! - a string that the type makes a time or a date (see `types.rs`: the type table follows
//!   the value as it is serialized) as a `datetime` (UTC) or a `date`, when it parses as one.
//!
//! Values are built on one stack and each container is made once, at its full size. For each
//! struct type the key strings (interned) and a template dict (its keys in sorted
//! order) are worked out once per thread and kept; a struct's dict is a copy of its template.
//! Within one conversion, short texts (ids, times, dates) are made once and shared: a
//! person's id appears wherever the person does.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt::{self, Display, Write as _};
use std::hash::{BuildHasherDefault, Hasher};
use std::mem::ManuallyDrop;
use std::rc::Rc;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString};
use serde::ser::{self, Serialize};

use crate::error::coded;
use crate::pytime;
use crate::types::{Kind, NodeId, Table};

/// An error while building: a Python error, or a serde error (an `internal` one).
pub struct Error(pub PyErr);

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Error(e)
    }
}

impl From<std::convert::Infallible> for Error {
    fn from(e: std::convert::Infallible) -> Self {
        match e {}
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error(coded("internal", msg.to_string()))
    }
}

type Result<T> = std::result::Result<T, Error>;

/// A hasher for addresses: they are already well spread.
#[derive(Default)]
struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(29) ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type AddrMap<V> = HashMap<(usize, usize), V, BuildHasherDefault<AddrHasher>>;

fn addr(s: &'static str) -> usize {
    s.as_ptr() as usize
}

/// What is known of one struct type (or struct variant): its field names as serialized, the
/// interned key strings, and a template: a dict with every key, in sorted
/// order, and `None` values. A struct's dict is a copy of its template with the values set,
/// which is cheaper than inserting the keys one by one (no resizing, no new slots).
struct Layout {
    fields: Vec<&'static str>,
    /// Never dropped: kept for the life of the thread, and a thread may end without the GIL.
    keys: ManuallyDrop<Vec<Py<PyString>>>,
    /// Never dropped, as `keys`.
    template: ManuallyDrop<Py<PyDict>>,
}

/// What a thread keeps between conversions: struct layouts and interned names for good,
/// and (emptied after each conversion) the short texts made in the current one.
#[derive(Default)]
struct Cache {
    layouts: AddrMap<Rc<Layout>>,
    /// Never dropped, as `Layout::keys`.
    names: AddrMap<ManuallyDrop<Py<PyString>>>,
    texts: HashMap<Short, Py<PyAny>, BuildHasherDefault<AddrHasher>>,
}

thread_local! {
    static CACHE: std::cell::Cell<Option<Box<Cache>>> = const { std::cell::Cell::new(None) };
}

/// The most short texts whose table is kept between conversions (emptied, not freed).
const KEEP_TEXTS: usize = 4096;

/// The longest text that is looked up in (and kept in) the texts of a conversion: ids, times,
/// dates and short values repeat within a result (a person's id appears wherever they do).
const SHORT: usize = 48;

/// A short text and how it was given to Python.
#[derive(PartialEq, Eq)]
struct Short {
    kind: Kind,
    len: u8,
    bytes: [u8; SHORT],
}

impl Short {
    fn new(kind: Kind, s: &str) -> Short {
        let mut bytes = [0; SHORT];
        bytes[..s.len()].copy_from_slice(s.as_bytes());
        Short {
            kind,
            len: s.len() as u8,
            bytes,
        }
    }
}

impl std::hash::Hash for Short {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut h = (self.len as u64) << 8 | self.kind as u64;
        for chunk in self.bytes[..(self.len as usize).div_ceil(8) * 8].chunks_exact(8) {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            h = (h.rotate_left(5) ^ word).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
        state.write_u64(h);
    }
}

fn same(a: &'static str, b: &'static str) -> bool {
    std::ptr::eq(a, b) || a == b
}

/// State shared by one conversion: the value stack, a text buffer, the thread's cache.
pub struct Ctx<'py> {
    py: Python<'py>,
    table: &'static Table,
    stack: Vec<Bound<'py, PyAny>>,
    buf: String,
    cache: Box<Cache>,
}

/// A core value as a Python value; `node` is its place in the type table.
pub fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
    node: NodeId,
) -> PyResult<Bound<'py, PyAny>> {
    // Taken out of the thread's slot for the conversion (a nested one would start afresh).
    let cache = CACHE.with(|c| c.take()).unwrap_or_default();
    let mut ctx = Ctx {
        py,
        table: crate::types::table(),
        stack: Vec::with_capacity(64),
        buf: String::new(),
        cache,
    };
    let out = value.serialize(Ser {
        ctx: &mut ctx,
        node,
    });
    let mut cache = ctx.cache;
    if cache.texts.capacity() > KEEP_TEXTS {
        // A large result (the change feed, say): do not hold on to its table.
        cache.texts = HashMap::default();
    } else {
        cache.texts.clear();
    }
    CACHE.with(|c| c.set(Some(cache)));
    out.map_err(|e| e.0)
}

impl<'py> Ctx<'py> {
    fn make(py: Python<'py>, kind: Kind, s: &str) -> Result<Bound<'py, PyAny>> {
        Ok(match kind {
            Kind::Any | Kind::Text => PyString::new(py, s).into_any(),
            Kind::Time => pytime::time_from_text(py, s)?,
            Kind::Date => pytime::date_from_text(py, s)?,
        })
    }

    fn text(&mut self, kind: Kind, s: &str) -> Result<Bound<'py, PyAny>> {
        let py = self.py;
        if s.len() > SHORT {
            return Self::make(py, kind, s);
        }
        Ok(match self.cache.texts.entry(Short::new(kind, s)) {
            Entry::Occupied(e) => e.get().bind(py).clone(),
            Entry::Vacant(e) => {
                let v = Self::make(py, kind, s)?;
                e.insert(v.clone().unbind());
                v
            }
        })
    }

    /// An interned Python string for a `&'static str` (a variant name or a key).
    fn name(&mut self, s: &'static str) -> Bound<'py, PyAny> {
        let py = self.py;
        let name = self
            .cache
            .names
            .entry((addr(s), s.len()))
            .or_insert_with(|| ManuallyDrop::new(PyString::intern(py, s).unbind()));
        name.bind(py).clone().into_any()
    }

    /// `{variant: value}`.
    fn tagged(
        &mut self,
        variant: &'static str,
        value: Bound<'py, PyAny>,
    ) -> Result<Bound<'py, PyAny>> {
        let d = PyDict::new(self.py);
        d.set_item(self.name(variant), value)?;
        Ok(d.into_any())
    }

    fn list_from(&mut self, start: usize) -> Result<Bound<'py, PyAny>> {
        Ok(PyList::new(self.py, self.stack.drain(start..))?.into_any())
    }
}

struct Ser<'a, 'py> {
    ctx: &'a mut Ctx<'py>,
    node: NodeId,
}

impl<'a, 'py> ser::Serializer for Ser<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = SeqSer<'a, 'py>;
    type SerializeTuple = SeqSer<'a, 'py>;
    type SerializeTupleStruct = SeqSer<'a, 'py>;
    type SerializeTupleVariant = SeqSer<'a, 'py>;
    type SerializeMap = MapSer<'a, 'py>;
    type SerializeStruct = StructSer<'a, 'py>;
    type SerializeStructVariant = StructSer<'a, 'py>;

    fn is_human_readable(&self) -> bool {
        true
    }

    fn serialize_bool(self, v: bool) -> Result<Self::Ok> {
        Ok(PyBool::new(self.ctx.py, v).to_owned().into_any())
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
        Ok(v.into_pyobject(self.ctx.py)?.into_any())
    }
    fn serialize_i128(self, v: i128) -> Result<Self::Ok> {
        Ok(v.into_pyobject(self.ctx.py)?.into_any())
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
        Ok(v.into_pyobject(self.ctx.py)?.into_any())
    }
    fn serialize_u128(self, v: u128) -> Result<Self::Ok> {
        Ok(v.into_pyobject(self.ctx.py)?.into_any())
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok> {
        if v.is_finite() {
            Ok(v.into_pyobject(self.ctx.py)?.into_any())
        } else {
            self.serialize_unit()
        }
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok> {
        let kind = self.ctx.table.kind(self.node);
        self.ctx.text(kind, v)
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        let mut buf = std::mem::take(&mut self.ctx.buf);
        buf.clear();
        let written = write!(buf, "{value}");
        let out = match written {
            Ok(()) => self.ctx.text(self.ctx.table.kind(self.node), &buf),
            Err(_) => Err(ser::Error::custom("a value could not be written as text")),
        };
        self.ctx.buf = buf;
        out
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok> {
        let py = self.ctx.py;
        Ok(PyList::new(py, v)?.into_any())
    }
    fn serialize_none(self) -> Result<Self::Ok> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok> {
        Ok(self.ctx.py.None().into_bound(self.ctx.py))
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
        Ok(self.ctx.name(variant))
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
        let node = self.ctx.table.key(self.node, variant);
        let inner = value.serialize(Ser {
            ctx: &mut *self.ctx,
            node,
        })?;
        self.ctx.tagged(variant, inner)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Ok(SeqSer {
            start: self.ctx.stack.len(),
            ctx: self.ctx,
            node: self.node,
            index: 0,
            variant: None,
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
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Ok(SeqSer {
            start: self.ctx.stack.len(),
            node: self.ctx.table.key(self.node, variant),
            ctx: self.ctx,
            index: 0,
            variant: Some(variant),
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Ok(MapSer {
            start: self.ctx.stack.len(),
            ctx: self.ctx,
            node: self.node,
            value_node: self.node,
            previous: String::new(),
            sorted: true,
        })
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Ok(StructSer::new(self.ctx, self.node, name, None))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        let node = self.ctx.table.key(self.node, variant);
        Ok(StructSer::new(self.ctx, node, name, Some(variant)))
    }
}

/// A sequence, a tuple, or a tuple variant's fields.
struct SeqSer<'a, 'py> {
    ctx: &'a mut Ctx<'py>,
    start: usize,
    /// The sequence's node; its elements' are found by index.
    node: NodeId,
    index: usize,
    variant: Option<&'static str>,
}

impl<'py> SeqSer<'_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let node = self.ctx.table.index(self.node, self.index);
        self.index += 1;
        let v = value.serialize(Ser {
            ctx: &mut *self.ctx,
            node,
        })?;
        self.ctx.stack.push(v);
        Ok(())
    }

    fn finish(self) -> Result<Bound<'py, PyAny>> {
        let list = self.ctx.list_from(self.start)?;
        match self.variant {
            Some(v) => self.ctx.tagged(v, list),
            None => Ok(list),
        }
    }
}

/// The four sequence shapes of serde all push elements and finish the same way.
macro_rules! seq_impl {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<'py> ser::$trait for SeqSer<'_, 'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
                self.push(value)
            }
            fn end(self) -> Result<Self::Ok> {
                self.finish()
            }
        }
    )*};
}

seq_impl!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// A map: keys and values alternate on the stack. Keys are text, as in JSON.
struct MapSer<'a, 'py> {
    ctx: &'a mut Ctx<'py>,
    start: usize,
    node: NodeId,
    value_node: NodeId,
    /// The previous key, to notice keys that do not come in sorted order.
    previous: String,
    sorted: bool,
}

impl<'py> ser::SerializeMap for MapSer<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        let text = key.serialize(KeySer)?;
        if self.ctx.stack.len() > self.start && text < self.previous {
            self.sorted = false;
        }
        self.value_node = self.ctx.table.key(self.node, &text);
        let key = self.ctx.text(Kind::Text, &text)?;
        self.ctx.stack.push(key);
        self.previous = text;
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let v = value.serialize(Ser {
            ctx: &mut *self.ctx,
            node: self.value_node,
        })?;
        self.ctx.stack.push(v);
        Ok(())
    }

    fn end(self) -> Result<Self::Ok> {
        let py = self.ctx.py;
        let d = PyDict::new(py);
        let items = &self.ctx.stack[self.start..];
        if self.sorted {
            for kv in items.chunks_exact(2) {
                d.set_item(&kv[0], &kv[1])?;
            }
        } else {
            let mut pairs = items
                .chunks_exact(2)
                .map(|kv| Ok((kv[0].extract::<String>()?, kv)))
                .collect::<PyResult<Vec<_>>>()?;
            // Stable: a repeated key keeps its last value, as in a JSON object.
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            for (_, kv) in pairs {
                d.set_item(&kv[0], &kv[1])?;
            }
        }
        self.ctx.stack.truncate(self.start);
        Ok(d.into_any())
    }
}

/// A struct or a struct variant.
struct StructSer<'a, 'py> {
    ctx: &'a mut Ctx<'py>,
    start: usize,
    /// The struct's node; its fields' are found by name.
    node: NodeId,
    cache_key: (usize, usize),
    variant: Option<&'static str>,
    /// The layout as cached, while the fields match it.
    layout: Option<Rc<Layout>>,
    /// The fields seen, once they no longer match a cached layout (or there is none).
    fields: Vec<&'static str>,
    pos: usize,
}

impl<'a, 'py> StructSer<'a, 'py> {
    fn new(
        ctx: &'a mut Ctx<'py>,
        node: NodeId,
        name: &'static str,
        variant: Option<&'static str>,
    ) -> Self {
        let cache_key = (addr(name), variant.map_or(0, addr));
        let layout = ctx.cache.layouts.get(&cache_key).cloned();
        StructSer {
            start: ctx.stack.len(),
            ctx,
            node,
            cache_key,
            variant,
            layout,
            fields: Vec::new(),
            pos: 0,
        }
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        let known = match &self.layout {
            Some(l) if l.fields.get(self.pos).is_some_and(|f| same(f, key)) => true,
            Some(l) => {
                self.fields = l.fields[..self.pos].to_vec();
                false
            }
            None => false,
        };
        if !known {
            self.layout = None;
            self.fields.push(key);
        }
        let node = self.ctx.table.key(self.node, key);
        let v = value.serialize(Ser {
            ctx: &mut *self.ctx,
            node,
        })?;
        self.ctx.stack.push(v);
        self.pos += 1;
        Ok(())
    }

    fn finish(self) -> Result<Bound<'py, PyAny>> {
        let py = self.ctx.py;
        let layout = match self.layout {
            Some(l) if l.fields.len() == self.pos => l,
            other => {
                let fields = match other {
                    // Matched a cached layout that has more fields than were given.
                    Some(l) => l.fields[..self.pos].to_vec(),
                    None => self.fields,
                };
                let l = Rc::new(layout(py, fields)?);
                self.ctx.cache.layouts.insert(self.cache_key, l.clone());
                l
            }
        };
        let d = layout.template.bind(py).copy()?;
        let values = &self.ctx.stack[self.start..];
        // In field order, so that with a repeated key the last value wins, as in JSON.
        for (key, value) in layout.keys.iter().zip(values) {
            d.set_item(key.bind(py), value)?;
        }
        self.ctx.stack.truncate(self.start);
        match self.variant {
            Some(v) => self.ctx.tagged(v, d.into_any()),
            None => Ok(d.into_any()),
        }
    }
}

fn layout(py: Python<'_>, fields: Vec<&'static str>) -> PyResult<Layout> {
    let keys: Vec<Py<PyString>> = fields
        .iter()
        .map(|f| PyString::intern(py, f).unbind())
        .collect();
    let mut order: Vec<usize> = (0..fields.len()).collect();
    order.sort_by(|&a, &b| fields[a].cmp(fields[b]));
    let template = PyDict::new(py);
    for i in order {
        template.set_item(keys[i].bind(py), py.None())?;
    }
    Ok(Layout {
        keys: ManuallyDrop::new(keys),
        fields,
        template: ManuallyDrop::new(template.unbind()),
    })
}

impl<'py> ser::SerializeStruct for StructSer<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

impl<'py> ser::SerializeStructVariant for StructSer<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

/// A map key, as text (what JSON allows as a key: strings, numbers, booleans, unit variants).
pub struct KeySer;

fn key_error() -> Error {
    ser::Error::custom("key must be a string")
}

impl ser::Serializer for KeySer {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = ser::Impossible<String, Error>;
    type SerializeTuple = ser::Impossible<String, Error>;
    type SerializeTupleStruct = ser::Impossible<String, Error>;
    type SerializeTupleVariant = ser::Impossible<String, Error>;
    type SerializeMap = ser::Impossible<String, Error>;
    type SerializeStruct = ser::Impossible<String, Error>;
    type SerializeStructVariant = ser::Impossible<String, Error>;

    fn is_human_readable(&self) -> bool {
        true
    }
    fn serialize_bool(self, v: bool) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_f32(self, _v: f32) -> Result<String> {
        Err(key_error())
    }
    fn serialize_f64(self, _v: f64) -> Result<String> {
        Err(key_error())
    }
    fn serialize_char(self, v: char) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<String> {
        Ok(v.to_owned())
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<String> {
        Ok(value.to_string())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<String> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<String> {
        Err(key_error())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<String> {
        Err(key_error())
    }
    fn serialize_unit(self) -> Result<String> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<String> {
        Err(key_error())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String> {
        Err(key_error())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_error())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_error())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_error())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_error())
    }
}
