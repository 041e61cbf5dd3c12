//! Which values are times and dates, from the core's types.
//!
//! The JSON Schema of every type that crosses into Python is generated from the Rust types
//! (schemars, as for `bindings/node/schema.json`) and compiled once into a table of nodes:
//! one node for each place a value can be in, found by following `$ref`, object properties
//! (`properties`, and `additionalProperties` / `patternProperties` for maps), arrays
//! (`items`, and `prefixItems` for tuples) and alternatives (`anyOf`, `oneOf`, `allOf`: a
//! node is a set of schemas, as a subset construction makes a deterministic automaton). A
//! node says what a string there is (`"format": "date-time"` a time, `"date"` a date) and
//! which node each key, index or element leads to. No field name decides anything.

use std::any::TypeId;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use schemars::JsonSchema;
use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::Value;

/// A node of the table.
pub type NodeId = u32;

/// A place about which the types say nothing (a map of a type without a schema, or a key a
/// struct does not declare): strings there are text, and a `date` or `datetime` is taken as
/// its text.
pub const ANY: NodeId = 0;
/// A date (`evaluations_due(as_of)`).
pub const DATE: NodeId = 1;

/// What a string at a node is.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, Default)]
#[repr(u8)]
pub enum Kind {
    /// The types do not say (see [`ANY`]).
    #[default]
    Any,
    /// Text, an id, an enum value.
    Text,
    /// A time: `YYYY-MM-DDTHH:MM:SS[.f]Z` (RFC 3339, UTC).
    Time,
    /// A date: `YYYY-MM-DD`.
    Date,
}

/// A hasher for short keys (FNV-1a): field names and map keys.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        self.0 = h;
    }
}

type KeyMap<V> = HashMap<Box<str>, V, BuildHasherDefault<KeyHasher>>;

#[derive(Default)]
pub struct Node {
    pub kind: Kind,
    /// The nodes of the keys named in `properties` (and of the variants of an enum).
    props: KeyMap<NodeId>,
    /// The node of any other key (a map's values).
    other: NodeId,
    /// The node of an array's elements.
    items: NodeId,
    /// The nodes of a tuple's elements, by position.
    prefix: Vec<NodeId>,
}

pub struct Table {
    nodes: Vec<Node>,
    roots: Vec<(TypeId, NodeId)>,
}

impl Table {
    pub fn kind(&self, id: NodeId) -> Kind {
        self.nodes[id as usize].kind
    }

    /// The node of the value under `key` of an object (a struct's field, a map's entry, an
    /// enum variant's data).
    pub fn key(&self, id: NodeId, key: &str) -> NodeId {
        let n = &self.nodes[id as usize];
        n.props.get(key).copied().unwrap_or(n.other)
    }

    /// Whether the type at `id` names `key` among its fields (or an enum among its variants).
    pub fn declares(&self, id: NodeId, key: &str) -> bool {
        self.nodes[id as usize].props.contains_key(key)
    }

    /// The node of element `index` of an array or a tuple.
    pub fn index(&self, id: NodeId, index: usize) -> NodeId {
        let n = &self.nodes[id as usize];
        n.prefix.get(index).copied().unwrap_or(n.items)
    }

    /// The node of a value of type `T`; [`ANY`] for a type without a schema.
    pub fn root<T: 'static + ?Sized>(&self) -> NodeId {
        let id = TypeId::of::<T>();
        self.roots
            .iter()
            .find(|(t, _)| *t == id)
            .map_or(ANY, |(_, n)| *n)
    }
}

/// The table of every type the binding gives out or takes in.
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(build)
}

/// The node of a value of type `T`.
pub fn root<T: 'static + ?Sized>() -> NodeId {
    table().root::<T>()
}

struct Roots {
    generator: SchemaGenerator,
    list: Vec<(TypeId, Value)>,
}

impl Roots {
    fn add<T: JsonSchema + 'static>(&mut self) {
        let schema = self.generator.subschema_for::<T>();
        self.list.push((TypeId::of::<T>(), schema.to_value()));
    }
}

fn build() -> Table {
    use kring::domain::*;
    let mut roots = Roots {
        generator: SchemaSettings::draft2020_12().into_generator(),
        list: Vec::new(),
    };
    // Everything that crosses: what reads give out and what commands and queries take in.
    roots.add::<Case>();
    roots.add::<CaseView>();
    roots.add::<Event>();
    roots.add::<Vec<Event>>();
    roots.add::<kring::LoggedEvent>();
    roots.add::<kring::CaseSummary>();
    roots.add::<kring::DueEvaluation>();
    roots.add::<kring::VerifyReport>();
    roots.add::<kring::UpgradeReport>();
    roots.add::<kring::ErasureReport>();
    roots.add::<kring::AccessEntry>();
    roots.add::<pool::PoolEntry>();
    roots.add::<pool::CoordinatorMatch>();
    roots.add::<Command>();
    roots.add::<kring::CaseQuery>();
    let defs = roots.generator.take_definitions(true);
    let fixed = serde_json::json!({"type": "string", "format": "date"});
    let mut c = Compiler {
        defs: &defs,
        nodes: Vec::new(),
        ids: HashMap::new(),
        pending: Vec::new(),
    };
    // The fixed nodes first: ANY (the empty set) and DATE.
    c.intern(Vec::new());
    c.intern(c.closure(&[&fixed]));
    let mut ids = Vec::new();
    for (t, schema) in &roots.list {
        let set = c.closure(&[schema]);
        ids.push((*t, c.intern(set)));
    }
    while let Some((id, set)) = c.pending.pop() {
        let node = c.compile(&set);
        c.nodes[id as usize] = node;
    }
    Table {
        nodes: c.nodes,
        roots: ids,
    }
}

/// A set of schemas, as their addresses (all in `defs` or in the roots, which outlive the
/// compilation), sorted.
type Set<'a> = Vec<&'a Value>;

struct Compiler<'a> {
    defs: &'a serde_json::Map<String, Value>,
    nodes: Vec<Node>,
    ids: HashMap<Vec<usize>, NodeId>,
    pending: Vec<(NodeId, Set<'a>)>,
}

fn addr(v: &Value) -> usize {
    v as *const Value as usize
}

impl<'a> Compiler<'a> {
    fn resolve(&self, reference: &str) -> Option<&'a Value> {
        let name = reference.strip_prefix("#/$defs/")?;
        let name = name.replace("~1", "/").replace("~0", "~");
        self.defs.get(&name)
    }

    /// The schemas `start` stands for: themselves, what their `$ref`s name and their
    /// alternatives, recursively.
    fn closure(&self, start: &[&'a Value]) -> Set<'a> {
        let mut seen: Set<'a> = Vec::new();
        let mut todo: Vec<&'a Value> = start.to_vec();
        while let Some(v) = todo.pop() {
            if seen.iter().any(|s| std::ptr::eq(*s, v)) {
                continue;
            }
            seen.push(v);
            let Value::Object(o) = v else { continue };
            if let Some(target) = o.get("$ref").and_then(Value::as_str)
                && let Some(t) = self.resolve(target)
            {
                todo.push(t);
            }
            for alt in ["anyOf", "oneOf", "allOf"] {
                if let Some(Value::Array(list)) = o.get(alt) {
                    todo.extend(list.iter());
                }
            }
        }
        seen.sort_by_key(|v| addr(v));
        seen
    }

    fn intern(&mut self, set: Set<'a>) -> NodeId {
        let key: Vec<usize> = set.iter().map(|v| addr(v)).collect();
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node::default());
        self.ids.insert(key, id);
        self.pending.push((id, set));
        id
    }

    fn compile(&mut self, set: &Set<'a>) -> Node {
        let (mut time, mut date, mut text, mut any) = (false, false, false, set.is_empty());
        let mut keys: Vec<&'a str> = Vec::new();
        let mut prefix_len = 0;
        for v in set {
            match v {
                Value::Bool(true) => any = true,
                Value::Object(o) => {
                    match o.get("format").and_then(Value::as_str) {
                        Some("date-time") => time = true,
                        Some("date") => date = true,
                        _ => {}
                    }
                    let typed = ["type", "$ref", "anyOf", "oneOf", "allOf", "const", "enum"]
                        .iter()
                        .any(|k| o.contains_key(*k));
                    if !typed && !o.contains_key("properties") && !o.contains_key("items") {
                        any = true;
                    }
                    if is_type(o, "string")
                        || o.get("const").is_some_and(Value::is_string)
                        || o.contains_key("enum")
                    {
                        text = true;
                    }
                    if let Some(Value::Object(props)) = o.get("properties") {
                        keys.extend(props.keys().map(String::as_str));
                    }
                    if let Some(Value::Array(p)) = o.get("prefixItems") {
                        prefix_len = prefix_len.max(p.len());
                    }
                }
                _ => {}
            }
        }
        let kind = if time {
            Kind::Time
        } else if date {
            Kind::Date
        } else if any || !text {
            Kind::Any
        } else {
            Kind::Text
        };
        keys.sort_unstable();
        keys.dedup();
        let mut props = KeyMap::default();
        for k in keys {
            let children: Vec<&'a Value> = set.iter().flat_map(|v| self.under_key(v, k)).collect();
            let set = self.closure(&children);
            props.insert(k.into(), self.intern(set));
        }
        let others: Vec<&'a Value> = set.iter().flat_map(|v| self.other_key(v)).collect();
        let other = self.closure(&others);
        let items: Vec<&'a Value> = set.iter().filter_map(|v| v.get("items")).collect();
        let items = self.closure(&items);
        let prefix = (0..prefix_len)
            .map(|i| {
                let at: Vec<&'a Value> = set
                    .iter()
                    .filter_map(|v| v.get("prefixItems")?.get(i))
                    .chain(set.iter().filter_map(|v| v.get("items")))
                    .collect();
                let s = self.closure(&at);
                self.intern(s)
            })
            .collect();
        Node {
            kind,
            props,
            other: self.intern(other),
            items: self.intern(items),
            prefix,
        }
    }

    /// What `key` of an object of schema `v` may be.
    fn under_key(&self, v: &'a Value, key: &str) -> Vec<&'a Value> {
        match v.get("properties").and_then(|p| p.get(key)) {
            Some(s) => vec![s],
            None => self.other_key(v),
        }
    }

    /// What a key that `v` does not name may be: its `additionalProperties` and
    /// `patternProperties`; nothing for `additionalProperties: false` or a schema that is not
    /// an object's.
    fn other_key(&self, v: &'a Value) -> Vec<&'a Value> {
        let Value::Object(o) = v else {
            return Vec::new();
        };
        let mut out: Vec<&'a Value> = Vec::new();
        if let Some(Value::Object(patterns)) = o.get("patternProperties") {
            out.extend(patterns.values());
        }
        match o.get("additionalProperties") {
            Some(Value::Bool(false)) => {}
            Some(Value::Bool(true)) | None => {
                if is_type(o, "object") && out.is_empty() {
                    out.push(&TRUE);
                }
            }
            Some(s) => out.push(s),
        }
        out
    }
}

static TRUE: Value = Value::Bool(true);

fn is_type(o: &serde_json::Map<String, Value>, name: &str) -> bool {
    match o.get("type") {
        Some(Value::String(t)) => t == name,
        Some(Value::Array(ts)) => ts.iter().any(|t| t == name),
        _ => false,
    }
}
