//! The shape of the research tables: cells, column types, tables and their columns.

use chrono::{DateTime, NaiveDate, Utc};
use kring_domain::wire::{date_string, time_string};
use serde::{Deserialize, Serialize};

/// One cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Value {
    /// No value: not applicable, or withheld by the disclosure.
    Null,
    /// A yes or no.
    Bool(bool),
    /// A whole number (a count, a number of days, a score).
    Int(i64),
    /// Text: a code, a pseudonym or an id, a date or a time (see the column's type).
    Text(String),
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<usize> for Value {
    fn from(v: usize) -> Self {
        Value::Int(v as i64)
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Int(v as i64)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<NaiveDate> for Value {
    fn from(v: NaiveDate) -> Self {
        Value::Text(date_string(v))
    }
}
impl From<DateTime<Utc>> for Value {
    fn from(v: DateTime<Utc>) -> Self {
        Value::Text(time_string(&v, false))
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// The type of a column, for typed data frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ColumnType {
    /// Yes or no.
    Bool,
    /// Whole numbers.
    Int,
    /// Text.
    Text,
    /// ISO 8601 date text (`2026-03-02`).
    Date,
    /// RFC 3339 UTC time text (`2026-03-02T09:00:00Z`).
    Time,
}

/// One tidy table: one row per observation, one column per variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Table {
    /// One of [`crate::TABLES`].
    pub name: String,
    /// The name and type of each column, in order.
    pub columns: Vec<(String, ColumnType)>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    /// The table of `spec` without rows.
    pub(crate) fn empty(spec: &TableSpec) -> Self {
        Table {
            name: spec.name.into(),
            columns: spec
                .columns
                .iter()
                .map(|(n, t, _)| (n.to_string(), *t))
                .collect(),
            rows: Vec::new(),
        }
    }

    /// The index of a column by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|(n, _)| n == name)
    }
}

/// The names of the tables, in the order [`crate::tables`] returns them.
pub const TABLES: &[&str] = &[
    "cases",
    "phases",
    "network",
    "attendance",
    "frameworks",
    "plan_items",
    "agreement_reviews",
    "evaluations",
    "acceptance",
    "outcomes",
    "satisfaction",
];

/// A choice of research tables: every table ([`TableSet::ALL`]) or some of [`TABLES`].
///
/// A researcher who needs the cases table alone should not pay for the millions of rows of
/// the others: the builders skip the tables left out.
///
/// ```
/// use kring_research::TableSet;
///
/// let set = TableSet::of(["plan_items", "cases"])?;
/// assert_eq!(set.names().collect::<Vec<_>>(), ["cases", "plan_items"]);
/// assert!(set.contains("cases") && !set.contains("network"));
/// assert_eq!(TableSet::of(["agreements"]).unwrap_err().code(), "invalid_input");
/// # Ok::<(), kring_domain::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TableSet(u16);

impl TableSet {
    /// Every table.
    pub const ALL: TableSet = TableSet((1 << TABLE_COUNT) - 1);

    /// The tables named in `names` (each one of [`TABLES`], in any order; a name given twice
    /// counts once).
    ///
    /// # Errors
    ///
    /// `invalid_input` (field `tables`) for a name that is not a table, naming it and the
    /// tables there are, and for an empty choice.
    pub fn of<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> kring_domain::Result<Self> {
        let mut bits = 0u16;
        for name in names {
            let name = name.as_ref();
            let Some(i) = TABLES.iter().position(|t| *t == name) else {
                return Err(kring_domain::Error::invalid(
                    "tables",
                    format!(
                        "no research table is called `{name}`: the tables are {}",
                        TABLES.join(", ")
                    ),
                ));
            };
            bits |= 1 << i;
        }
        if bits == 0 {
            return Err(kring_domain::Error::invalid(
                "tables",
                format!(
                    "no table asked for: name one or more of {}",
                    TABLES.join(", ")
                ),
            ));
        }
        Ok(TableSet(bits))
    }

    /// Whether the table `name` is in the set.
    pub fn contains(&self, name: &str) -> bool {
        TABLES
            .iter()
            .position(|t| *t == name)
            .is_some_and(|i| self.has(i))
    }

    /// The names of the tables in the set, in the order of [`TABLES`].
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        TABLES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.has(*i))
            .map(|(_, t)| *t)
    }

    /// Whether the table at `index` of [`TABLES`] is in the set.
    pub(crate) fn has(&self, index: usize) -> bool {
        self.0 & (1 << index) != 0
    }
}

impl Default for TableSet {
    fn default() -> Self {
        TableSet::ALL
    }
}

/// The number of research tables.
pub(crate) const TABLE_COUNT: usize = 11;
const _: () = assert!(TABLES.len() == TABLE_COUNT);

use ColumnType::{Bool, Date, Int, Text, Time};

/// A table's name and its columns: name, type, and whether a cell can be absent.
#[derive(Debug)]
pub(crate) struct TableSpec {
    pub(crate) name: &'static str,
    pub(crate) columns: &'static [(&'static str, ColumnType, bool)],
}

/// A column whose cell can be absent (not applicable, or withheld by the disclosure).
const OPTIONAL: bool = true;
/// A column with a value in every row.
const ALWAYS: bool = false;

/// The tables and their columns, in the order of [`TABLES`].
pub(crate) static SPECS: [TableSpec; TABLE_COUNT] = [
    TableSpec {
        name: "cases",
        columns: &[
            ("case", Text, ALWAYS),
            ("variant", Text, ALWAYS),
            ("legal_basis", Text, ALWAYS),
            ("referral", Text, ALWAYS),
            ("requested_at", Time, ALWAYS),
            ("phase", Text, ALWAYS),
            ("main_persons", Int, ALWAYS),
            ("network_size", Int, ALWAYS),
            ("network_at_intake", Int, ALWAYS),
            ("network_widened", Int, ALWAYS),
            ("network_at_conference", Int, ALWAYS),
            ("minors_in_network", Int, ALWAYS),
            ("professionals", Int, ALWAYS),
            ("frameworks", Int, ALWAYS),
            ("conferences", Int, ALWAYS),
            ("plan_versions", Int, ALWAYS),
            ("evaluations_held", Int, ALWAYS),
            ("signals", Int, ALWAYS),
            ("first_conference_on", Date, OPTIONAL),
            ("days_to_first_conference", Int, OPTIONAL),
            ("description", Text, OPTIONAL),
        ],
    },
    TableSpec {
        name: "phases",
        columns: &[
            ("case", Text, ALWAYS),
            ("phase", Text, ALWAYS),
            ("at", Time, ALWAYS),
            ("days_since_request", Int, ALWAYS),
        ],
    },
    TableSpec {
        name: "network",
        columns: &[
            ("case", Text, ALWAYS),
            ("person", Text, ALWAYS),
            ("name", Text, OPTIONAL),
            ("relation", Text, ALWAYS),
            ("to_main_person", Text, ALWAYS),
            ("side", Text, ALWAYS),
            ("minor", Bool, ALWAYS),
            ("birth_year", Int, OPTIONAL),
            ("identified", Text, ALWAYS),
            ("identified_at", Time, ALWAYS),
            ("days_since_request", Int, ALWAYS),
            ("invitation", Text, ALWAYS),
            ("participation", Text, OPTIONAL),
        ],
    },
    TableSpec {
        name: "attendance",
        columns: &[
            ("case", Text, ALWAYS),
            ("conference", Int, ALWAYS),
            ("part", Text, ALWAYS),
            ("started_at", Time, ALWAYS),
            ("ended_at", Time, OPTIONAL),
            ("person", Text, ALWAYS),
            ("role", Text, ALWAYS),
        ],
    },
    TableSpec {
        name: "frameworks",
        columns: &[
            ("case", Text, ALWAYS),
            ("framework", Text, ALWAYS),
            ("professional_role", Text, OPTIONAL),
            ("concerns", Int, ALWAYS),
            ("conditions", Int, ALWAYS),
            ("questions", Int, ALWAYS),
            ("criteria", Int, ALWAYS),
        ],
    },
    TableSpec {
        name: "plan_items",
        columns: &[
            ("case", Text, ALWAYS),
            ("plan_version", Int, ALWAYS),
            ("item", Text, ALWAYS),
            ("kind", Text, ALWAYS),
            ("carriers", Int, ALWAYS),
            ("supporters", Int, ALWAYS),
            ("answers", Int, ALWAYS),
            ("start", Date, OPTIONAL),
            ("due", Date, OPTIONAL),
            ("what", Text, OPTIONAL),
        ],
    },
    TableSpec {
        name: "agreement_reviews",
        columns: &[
            ("case", Text, ALWAYS),
            ("evaluation", Text, ALWAYS),
            ("held_on", Date, ALWAYS),
            ("plan_version", Int, ALWAYS),
            ("agreement", Text, ALWAYS),
            ("status", Text, ALWAYS),
        ],
    },
    TableSpec {
        name: "evaluations",
        columns: &[
            ("case", Text, ALWAYS),
            ("evaluation", Text, ALWAYS),
            ("planned_on", Date, ALWAYS),
            ("planned_in", Int, ALWAYS),
            ("held_on", Date, OPTIONAL),
            ("present", Int, OPTIONAL),
            ("convened_by_role", Text, OPTIONAL),
            ("next_step", Text, OPTIONAL),
        ],
    },
    TableSpec {
        name: "acceptance",
        columns: &[
            ("case", Text, ALWAYS),
            ("plan_version", Int, ALWAYS),
            ("framework", Text, ALWAYS),
            ("professional_role", Text, OPTIONAL),
            ("conditions", Int, ALWAYS),
            ("not_met", Int, ALWAYS),
            ("accepted", Bool, ALWAYS),
            ("at", Time, ALWAYS),
        ],
    },
    TableSpec {
        name: "outcomes",
        columns: &[
            ("case", Text, ALWAYS),
            ("ending", Text, ALWAYS),
            ("outcome", Text, OPTIONAL),
            ("at", Time, ALWAYS),
            ("days_since_request", Int, ALWAYS),
            ("reason", Text, OPTIONAL),
        ],
    },
    TableSpec {
        name: "satisfaction",
        columns: &[
            ("case", Text, ALWAYS),
            ("group", Text, ALWAYS),
            ("score", Int, ALWAYS),
            ("at", Time, ALWAYS),
        ],
    },
];
