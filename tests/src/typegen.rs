//! The types of the bindings, generated from the JSON Schema of the Rust types
//! (`bindings/node/schema.json`): TypeScript for Node (`bindings/node/model.d.ts`) and Python
//! for the Python package (`bindings/python/python/kring/model.py`, and the `execute`
//! overloads in its `__init__.py`). One reading of the schema feeds both, so the two
//! languages name and shape every type alike.
//!
//! The schema uses a small part of JSON Schema (what schemars writes for serde types):
//! `$ref`, objects with `properties` and `required`, maps (`patternProperties` or a schema
//! under `additionalProperties`), arrays, tuples (`prefixItems`), `anyOf` with `null` for an
//! `Option`, `oneOf` and `enum` for enums, `const` strings, and strings of format `date` and
//! `date-time`. Anything else is refused, so that a new construct is seen, not mistyped.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::{Map, Value};

/// A type, as both languages need it.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Any,
    Null,
    Bool,
    Int,
    Float,
    Str,
    Date,
    DateTime,
    /// A string constant (an enum variant without data).
    Lit(String),
    /// A named type of `$defs`, or an inline object given a name (see [`Schema::inline`]).
    Named(String),
    Array(Box<Ty>),
    Tuple(Vec<Ty>),
    /// A map with string keys (ids).
    Map(Box<Ty>),
    Union(Vec<Ty>),
    Nullable(Box<Ty>),
}

/// A field of an object.
#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub ty: Ty,
    pub required: bool,
    pub doc: Option<String>,
}

/// A named type.
#[derive(Clone, Debug)]
pub enum Def {
    Object(Vec<Field>),
    Alias(Ty),
}

/// The schema, read: every named type in order, inline objects hoisted under generated names.
#[derive(Debug, Default)]
pub struct Schema {
    pub defs: BTreeMap<String, (Option<String>, Def)>,
    /// The names given to inline objects, which TypeScript writes inline.
    pub inline: BTreeSet<String>,
    /// The variants of `Command`: name and its fields (none for a command without data).
    pub commands: Vec<(String, Option<String>, Vec<Field>)>,
    pub root: Vec<Field>,
}

fn camel(s: &str) -> String {
    s.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

impl Schema {
    pub fn read(schema: &Value) -> Schema {
        let mut s = Schema::default();
        let defs = schema["$defs"].as_object().expect("$defs");
        for (name, node) in defs {
            let doc = doc_of(node);
            let def = s.def(name, node);
            s.defs.insert(name.clone(), (doc, def));
        }
        s.root = s.fields("Kring", schema);
        // The commands, with their fields, for the overloads of `execute`.
        let Some(Def::Alias(Ty::Union(variants))) = s.defs.get("Command").map(|d| d.1.clone())
        else {
            panic!("Command is not a union");
        };
        for v in variants {
            match v {
                Ty::Lit(name) => s.commands.push((name, None, Vec::new())),
                Ty::Named(wrapper) => {
                    let (doc, Def::Object(outer)) = s.defs[&wrapper].clone() else {
                        panic!("{wrapper} is not an object")
                    };
                    let [only] = &outer[..] else {
                        panic!("{wrapper} has more than one key")
                    };
                    let Ty::Named(payload) = &only.ty else {
                        panic!("{wrapper}'s payload is not an object")
                    };
                    let Def::Object(fields) = s.defs[payload].1.clone() else {
                        panic!("{payload} is not an object")
                    };
                    s.commands.push((only.name.clone(), doc, fields));
                }
                other => panic!("unexpected command variant {other:?}"),
            }
        }
        s
    }

    fn def(&mut self, name: &str, node: &Value) -> Def {
        if is_object(node) {
            Def::Object(self.fields(name, node))
        } else {
            Def::Alias(self.ty(name, node))
        }
    }

    fn fields(&mut self, owner: &str, node: &Value) -> Vec<Field> {
        let required: BTreeSet<&str> = node["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let empty = Map::new();
        let props = node["properties"].as_object().unwrap_or(&empty);
        props
            .iter()
            .map(|(k, v)| Field {
                name: k.clone(),
                ty: self.ty(&format!("{owner}{}", camel(k)), v),
                required: required.contains(k.as_str()),
                doc: doc_of(v),
            })
            .collect()
    }

    /// Hoists an inline object under `name` (made unique).
    fn hoist(&mut self, name: &str, node: &Value) -> Ty {
        let mut unique = name.to_string();
        let mut n = 2;
        while self.defs.contains_key(&unique) {
            unique = format!("{name}{n}");
            n += 1;
        }
        // Reserve the name before reading the fields, which may hoist more.
        self.defs
            .insert(unique.clone(), (None, Def::Alias(Ty::Any)));
        let fields = self.fields(&unique, node);
        self.defs
            .insert(unique.clone(), (doc_of(node), Def::Object(fields)));
        self.inline.insert(unique.clone());
        Ty::Named(unique)
    }

    fn ty(&mut self, name: &str, node: &Value) -> Ty {
        let obj = match node {
            Value::Bool(true) => return Ty::Any,
            Value::Object(o) => o,
            other => panic!("{name}: unexpected schema {other}"),
        };
        if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
            return Ty::Named(r.trim_start_matches("#/$defs/").to_string());
        }
        if let Some(c) = obj.get("const") {
            return Ty::Lit(c.as_str().expect("string const").to_string());
        }
        if let Some(e) = obj.get("enum").and_then(Value::as_array) {
            let lits = e
                .iter()
                .map(|v| Ty::Lit(v.as_str().expect("string enum").to_string()));
            return flat_union(lits.collect());
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(alts) = obj.get(key).and_then(Value::as_array) {
                let non_null: Vec<&Value> = alts
                    .iter()
                    .filter(|a| a.get("type") != Some(&Value::from("null")))
                    .collect();
                let nullable = non_null.len() < alts.len();
                let tys: Vec<Ty> = non_null
                    .iter()
                    .map(|a| {
                        // An externally tagged variant: `{ "name": payload }`.
                        if is_object(a) {
                            let key = a["properties"]
                                .as_object()
                                .and_then(|p| p.keys().next())
                                .map(|k| camel(k))
                                .unwrap_or_default();
                            self.hoist(&format!("{key}{name}"), a)
                        } else {
                            self.ty(name, a)
                        }
                    })
                    .collect();
                let t = flat_union(tys);
                return if nullable {
                    Ty::Nullable(Box::new(t))
                } else {
                    t
                };
            }
        }
        if obj.is_empty() || obj.keys().all(|k| k == "description" || k == "default") {
            return Ty::Any;
        }
        let (kind, nullable) = match obj.get("type") {
            Some(Value::String(t)) => (t.as_str(), false),
            Some(Value::Array(ts)) => {
                let ts: Vec<&str> = ts.iter().filter_map(Value::as_str).collect();
                match ts[..] {
                    [t, "null"] | ["null", t] => (t, true),
                    _ => panic!("{name}: unexpected types {ts:?}"),
                }
            }
            _ => panic!("{name}: no type in {node}"),
        };
        let t = match kind {
            "null" => Ty::Null,
            "boolean" => Ty::Bool,
            "integer" => Ty::Int,
            "number" => Ty::Float,
            "string" => match obj.get("format").and_then(Value::as_str) {
                Some("date") => Ty::Date,
                Some("date-time") => Ty::DateTime,
                _ => Ty::Str,
            },
            "array" => {
                if let Some(items) = obj.get("prefixItems").and_then(Value::as_array) {
                    Ty::Tuple(items.iter().map(|i| self.ty(name, i)).collect())
                } else {
                    Ty::Array(Box::new(self.item(&format!("{name}Item"), &obj["items"])))
                }
            }
            "object" => {
                if obj.contains_key("properties") {
                    self.hoist(name, node)
                } else if let Some(p) = obj.get("patternProperties").and_then(Value::as_object) {
                    let [(_, v)] = &p.iter().collect::<Vec<_>>()[..] else {
                        panic!("{name}: more than one key pattern")
                    };
                    Ty::Map(Box::new(self.item(&format!("{name}Value"), v)))
                } else if let Some(v) = obj.get("additionalProperties").filter(|v| v.is_object()) {
                    Ty::Map(Box::new(self.item(&format!("{name}Value"), v)))
                } else {
                    Ty::Map(Box::new(Ty::Any))
                }
            }
            other => panic!("{name}: unexpected type {other}"),
        };
        if nullable {
            Ty::Nullable(Box::new(t))
        } else {
            t
        }
    }

    fn item(&mut self, name: &str, node: &Value) -> Ty {
        if is_object(node) {
            self.hoist(name, node)
        } else {
            self.ty(name, node)
        }
    }
}

fn is_object(node: &Value) -> bool {
    node.get("type") == Some(&Value::from("object")) && node.get("properties").is_some()
}

fn doc_of(node: &Value) -> Option<String> {
    node.get("description")
        .and_then(Value::as_str)
        .map(str::to_string)
}

fn flat_union(tys: Vec<Ty>) -> Ty {
    let mut out = Vec::new();
    for t in tys {
        match t {
            Ty::Union(inner) => out.extend(inner),
            t => out.push(t),
        }
    }
    if out.len() == 1 {
        out.pop().unwrap()
    } else {
        Ty::Union(out)
    }
}

// ---------------------------------------------------------------------------------------
// TypeScript

/// `model.d.ts`: a type or interface per named type; hoisted objects are written inline.
pub fn typescript(s: &Schema) -> String {
    let mut out = String::from(
        "/* eslint-disable */\n// Generated from schema.json by tests/src/typegen.rs; do not edit by hand.\n// Run `KRING_BLESS=1 cargo test -p kring-tests --test schema` after changing the Rust types.\n\n",
    );
    let mut root = String::new();
    for f in &s.root {
        ts_field(s, &mut root, f, 1);
    }
    writeln!(
        out,
        "/** Every type that crosses into the bindings. */\nexport interface Kring {{\n{root}}}"
    )
    .unwrap();
    for (name, (doc, def)) in &s.defs {
        if s.inline.contains(name) {
            continue;
        }
        out.push('\n');
        ts_doc(&mut out, doc.as_deref(), 0);
        match def {
            Def::Object(fields) => {
                writeln!(out, "export interface {name} {{").unwrap();
                for f in fields {
                    ts_field(s, &mut out, f, 1);
                }
                out.push_str("}\n");
            }
            Def::Alias(t) => {
                writeln!(out, "export type {name} = {};", ts_ty(s, t, 0)).unwrap();
            }
        }
    }
    out
}

fn ts_doc(out: &mut String, doc: Option<&str>, indent: usize) {
    let Some(doc) = doc else { return };
    let pad = "  ".repeat(indent);
    writeln!(out, "{pad}/**").unwrap();
    for line in doc.lines() {
        let line = line.replace("*/", "* /");
        if line.is_empty() {
            writeln!(out, "{pad} *").unwrap();
        } else {
            writeln!(out, "{pad} * {line}").unwrap();
        }
    }
    writeln!(out, "{pad} */").unwrap();
}

fn ts_field(s: &Schema, out: &mut String, f: &Field, indent: usize) {
    ts_doc(out, f.doc.as_deref(), indent);
    let pad = "  ".repeat(indent);
    let q = if f.required { "" } else { "?" };
    writeln!(out, "{pad}{}{q}: {};", f.name, ts_ty(s, &f.ty, indent)).unwrap();
}

fn ts_ty(s: &Schema, t: &Ty, indent: usize) -> String {
    match t {
        Ty::Any => "unknown".into(),
        Ty::Null => "null".into(),
        Ty::Bool => "boolean".into(),
        Ty::Int | Ty::Float => "number".into(),
        Ty::Str | Ty::Date | Ty::DateTime => "string".into(),
        Ty::Lit(l) => format!("{l:?}"),
        Ty::Named(n) if s.inline.contains(n) => {
            let Def::Object(fields) = &s.defs[n].1 else {
                unreachable!()
            };
            let mut body = String::from("{\n");
            for f in fields {
                ts_field(s, &mut body, f, indent + 1);
            }
            body + &"  ".repeat(indent) + "}"
        }
        Ty::Named(n) => n.clone(),
        Ty::Array(t) => match **t {
            Ty::Union(_) | Ty::Nullable(_) => format!("({})[]", ts_ty(s, t, indent)),
            _ => format!("{}[]", ts_ty(s, t, indent)),
        },
        Ty::Tuple(ts) => format!(
            "[{}]",
            ts.iter()
                .map(|t| ts_ty(s, t, indent))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Ty::Map(t) => format!("{{ [id: string]: {} }}", ts_ty(s, t, indent)),
        Ty::Union(ts) => ts
            .iter()
            .map(|t| ts_ty(s, t, indent))
            .collect::<Vec<_>>()
            .join(" | "),
        Ty::Nullable(t) => format!("{} | null", ts_ty(s, t, indent)),
    }
}

// ---------------------------------------------------------------------------------------
// Python

/// Which Python shape a type is written for: the read-only records the store returns, or
/// the plain dicts that commands take and `to_dict()` gives.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Record,
    Dict,
}

const PY_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

fn is_keyword(name: &str) -> bool {
    PY_KEYWORDS.contains(&name)
}

/// Whether a named type has a dict shape apart from its record shape.
fn has_dict(s: &Schema, name: &str) -> bool {
    fn contains_object(s: &Schema, t: &Ty, seen: &mut BTreeSet<String>) -> bool {
        match t {
            Ty::Named(n) => {
                if !seen.insert(n.clone()) {
                    return false;
                }
                match &s.defs[n].1 {
                    Def::Object(_) => true,
                    Def::Alias(t) => contains_object(s, t, seen),
                }
            }
            Ty::Array(t) | Ty::Map(t) | Ty::Nullable(t) => contains_object(s, t, seen),
            Ty::Tuple(ts) | Ty::Union(ts) => ts.iter().any(|t| contains_object(s, t, seen)),
            _ => false,
        }
    }
    contains_object(s, &Ty::Named(name.to_string()), &mut BTreeSet::new())
}

fn py_name(s: &Schema, name: &str, mode: Mode) -> String {
    if mode == Mode::Dict && has_dict(s, name) {
        format!("{name}Dict")
    } else {
        name.to_string()
    }
}

fn py_ty(s: &Schema, t: &Ty, mode: Mode, quote: bool) -> String {
    match t {
        Ty::Any => "Any".into(),
        Ty::Null => "None".into(),
        Ty::Bool => "bool".into(),
        Ty::Int => "int".into(),
        Ty::Float => "float".into(),
        Ty::Str => "str".into(),
        Ty::Date => "date".into(),
        Ty::DateTime => "datetime".into(),
        Ty::Lit(l) => format!("Literal[{l:?}]"),
        Ty::Named(n) if quote => format!("\"{}\"", py_name(s, n, mode)),
        Ty::Named(n) => py_name(s, n, mode),
        Ty::Array(t) => match mode {
            Mode::Record => format!("Sequence[{}]", py_ty(s, t, mode, quote)),
            Mode::Dict => format!("List[{}]", py_ty(s, t, mode, quote)),
        },
        Ty::Tuple(ts) => format!(
            "Tuple[{}]",
            ts.iter()
                .map(|t| py_ty(s, t, mode, quote))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Ty::Map(t) => match mode {
            Mode::Record => format!("Mapping[str, {}]", py_ty(s, t, mode, quote)),
            Mode::Dict => format!("Dict[str, {}]", py_ty(s, t, mode, quote)),
        },
        Ty::Union(ts) => {
            if ts.iter().all(|t| matches!(t, Ty::Lit(_))) {
                let lits: Vec<String> = ts
                    .iter()
                    .map(|t| match t {
                        Ty::Lit(l) => format!("{l:?}"),
                        _ => unreachable!(),
                    })
                    .collect();
                format!("Literal[{}]", lits.join(", "))
            } else {
                format!(
                    "Union[{}]",
                    ts.iter()
                        .map(|t| py_ty(s, t, mode, quote))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        }
        Ty::Nullable(t) => format!("Optional[{}]", py_ty(s, t, mode, quote)),
    }
}

fn py_doc(out: &mut String, doc: Option<&str>, indent: usize) {
    let Some(doc) = doc else { return };
    let pad = "    ".repeat(indent);
    let doc = doc.replace('\\', "\\\\").replace("\"\"\"", "'''");
    let mut lines = doc.lines();
    let first = lines.next().unwrap_or_default();
    let rest: Vec<&str> = lines.collect();
    if rest.is_empty() {
        writeln!(out, "{pad}\"\"\"{first}\"\"\"").unwrap();
    } else {
        writeln!(out, "{pad}\"\"\"{first}").unwrap();
        for l in rest {
            if l.is_empty() {
                out.push('\n');
            } else {
                writeln!(out, "{pad}{l}").unwrap();
            }
        }
        writeln!(out, "{pad}\"\"\"").unwrap();
    }
}

/// `kring/model.py`: for each object type a read-only record class (a `Protocol`, which the
/// store's records satisfy) and a `TypedDict` of its plain shape (`…Dict`), a `Literal` per
/// enum, and a union per enum with data.
pub fn python(s: &Schema) -> String {
    let mut out = String::from(
        r#""""The types of kring's values, generated from the Rust types (``schema.json``).

Each object type comes in two shapes:

- ``Case``, ``Event``, ``Plan``, …: the read-only records the store returns, with attribute
  access (``case.plans[0].content.agreements[0].carried_by``), ``record["key"]``,
  ``to_dict()`` and ``to_json()``. These are protocols: the store's records satisfy them, and
  annotations and type checkers use them; they are not instantiated.
- ``CaseDict``, ``PlanContentDict``, …: the plain dicts (``TypedDict``) that commands take and
  ``to_dict()`` gives.

Enums are ``Literal`` types (``Phase``, ``Role``, ``Rule``, …); ids are ``str``. Times are
timezone-aware ``datetime`` values (UTC), dates ``date`` values.

Generated by ``tests/src/typegen.rs``; do not edit by hand.
"""

# Generated; run `KRING_BLESS=1 cargo test -p kring-tests --test schema` after changing the Rust types.
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Literal, Mapping, Optional, Protocol, Sequence, Tuple, TypedDict, Union

if TYPE_CHECKING:
    from typing_extensions import NotRequired, TypeAlias


class RecordBase(Protocol):
    """What every record offers besides its fields."""

    def __getitem__(self, key: str) -> Any: ...
    def __contains__(self, key: object) -> bool: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...
    def keys(self) -> Any: ...
    def to_json(self) -> str:
        """The record as the core's JSON text."""
        ...
"#,
    );
    // Classes first (their annotations are not evaluated), then aliases, which may name
    // classes and each other (as strings).
    for (name, (doc, def)) in &s.defs {
        let Def::Object(fields) = def else { continue };
        // The record.
        write!(out, "\n\nclass {name}(RecordBase, Protocol):\n").unwrap();
        py_doc(
            &mut out,
            Some(
                doc.as_deref()
                    .unwrap_or("A record (see the plain shape's fields)."),
            ),
            1,
        );
        for f in fields {
            if is_keyword(&f.name) {
                writeln!(
                    out,
                    "    # `{}` is a Python keyword: read it as record[{:?}].",
                    f.name, f.name
                )
                .unwrap();
                continue;
            }
            let ty = py_ty(s, &f.ty, Mode::Record, false);
            write!(out, "\n    @property\n    def {}(self) -> {ty}:", f.name).unwrap();
            match &f.doc {
                Some(_) => {
                    out.push('\n');
                    py_doc(&mut out, f.doc.as_deref(), 2);
                    out.push_str("        ...\n");
                }
                None => out.push_str(" ...\n"),
            }
        }
        writeln!(out, "\n    def to_dict(self) -> {name}Dict: ...").unwrap();
        // The plain shape.
        let body: Vec<(String, String)> = fields
            .iter()
            .map(|f| {
                let ty = py_ty(s, &f.ty, Mode::Dict, false);
                let ty = if f.required {
                    ty
                } else {
                    format!("NotRequired[{ty}]")
                };
                (f.name.clone(), ty)
            })
            .collect();
        if fields.iter().any(|f| is_keyword(&f.name)) {
            write!(
                out,
                "\n\n{name}Dict = TypedDict(\"{name}Dict\", {{{}}})\n",
                body.iter()
                    .map(|(k, t)| format!("{k:?}: {t:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
            .unwrap();
        } else {
            write!(out, "\n\nclass {name}Dict(TypedDict):\n").unwrap();
            py_doc(
                &mut out,
                Some(&format!("The plain shape of :class:`{name}`.")),
                1,
            );
            for (key, ty) in &body {
                writeln!(out, "    {key}: {ty}").unwrap();
            }
        }
    }
    out.push('\n');
    for name in alias_order(s) {
        let (doc, Def::Alias(t)) = &s.defs[&name] else {
            unreachable!()
        };
        out.push('\n');
        if let Some(doc) = doc {
            for l in doc.lines() {
                writeln!(out, "#: {l}").unwrap();
            }
        }
        writeln!(
            out,
            "{name}: TypeAlias = {}",
            py_ty(s, t, Mode::Record, true)
        )
        .unwrap();
        if has_dict(s, &name) {
            writeln!(
                out,
                "{name}Dict: TypeAlias = {}",
                py_ty(s, t, Mode::Dict, true)
            )
            .unwrap();
        }
    }
    out.push_str("\n#: The name of every command.\nCommandName: TypeAlias = Literal[\n");
    for (name, _, _) in &s.commands {
        writeln!(out, "    {name:?},").unwrap();
    }
    out.push_str("]\n");
    out
}

/// The aliases, each after the aliases it names (they are evaluated at import).
fn alias_order(s: &Schema) -> Vec<String> {
    fn names(t: &Ty, out: &mut Vec<String>) {
        match t {
            Ty::Named(n) => out.push(n.clone()),
            Ty::Array(t) | Ty::Map(t) | Ty::Nullable(t) => names(t, out),
            Ty::Tuple(ts) | Ty::Union(ts) => ts.iter().for_each(|t| names(t, out)),
            _ => {}
        }
    }
    fn visit(s: &Schema, name: &str, done: &mut BTreeSet<String>, out: &mut Vec<String>) {
        let Def::Alias(t) = &s.defs[name].1 else {
            return;
        };
        if !done.insert(name.to_string()) {
            return;
        }
        let mut deps = Vec::new();
        names(t, &mut deps);
        for d in deps {
            visit(s, &d, done, out);
        }
        out.push(name.to_string());
    }
    let (mut done, mut out) = (BTreeSet::new(), Vec::new());
    for name in s.defs.keys() {
        visit(s, name, &mut done, &mut out);
    }
    out
}

/// The overloads of `execute` for the Python `Store` (returning `returns`) and `Batch`:
/// one per command, its fields as keyword arguments, and one for a command dict.
pub fn python_overloads(s: &Schema, returns: &str, indent: usize) -> String {
    let pad = "    ".repeat(indent);
    let mut out = String::new();
    let head = "self, case: str, actor: ActorLike,";
    let tail = "/, *, at: Optional[datetime] = None, expected_version: Optional[int] = None";
    for (name, _, fields) in &s.commands {
        let mut args = String::new();
        let mut kw: Vec<String> = Vec::new();
        for f in fields {
            let ty = py_ty(s, &f.ty, Mode::Dict, false).to_string();
            let ty = qualify(&ty);
            if is_keyword(&f.name) {
                kw.push(ty);
                continue;
            }
            if f.required {
                write!(args, ", {}: {ty}", f.name).unwrap();
            } else {
                write!(args, ", {}: {ty} = ...", f.name).unwrap();
            }
        }
        if !kw.is_empty() {
            kw.dedup();
            write!(args, ", **fields: {}", kw.join(" | ")).unwrap();
        }
        writeln!(
            out,
            "{pad}@overload\n{pad}def execute({head} command: Literal[{name:?}], {tail}{args}) -> {returns}: ..."
        )
        .unwrap();
    }
    writeln!(
        out,
        "{pad}@overload\n{pad}def execute({head} command: model.CommandDict, {tail}) -> {returns}: ..."
    )
    .unwrap();
    out
}

/// Names of the model module as `__init__.py` sees them (`model.Case`).
fn qualify(ty: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let builtin = [
        "Any", "None", "bool", "int", "float", "str", "date", "datetime", "Literal", "Sequence",
        "List", "Tuple", "Mapping", "Dict", "Union", "Optional",
    ];
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            if word.chars().next().unwrap().is_ascii_uppercase() && !builtin.contains(&&word[..]) {
                out.push_str("model.");
            }
            out.push_str(word);
            word.clear();
        }
    };
    let mut in_str = false;
    for c in ty.chars() {
        if c == '"' || c == '\'' {
            in_str = !in_str;
        }
        if !in_str && (c.is_ascii_alphanumeric() || c == '_') {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}
