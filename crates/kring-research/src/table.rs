//! The shape of the research tables: cells, column types, tables and their columns.

use chrono::{DateTime, NaiveDate, Utc};
use kring_domain::wire::{date_string, time_string};
use serde::{Deserialize, Serialize};

pub(crate) fn time(t: DateTime<Utc>) -> Value {
    Value::Text(time_string(&t, false))
}

pub(crate) fn date(d: NaiveDate) -> Value {
    Value::Text(date_string(d))
}

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
        date(v)
    }
}
impl From<DateTime<Utc>> for Value {
    fn from(v: DateTime<Utc>) -> Self {
        time(v)
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
    pub(crate) fn new(name: &str, columns: &[(&str, ColumnType)]) -> Self {
        Table {
            name: name.into(),
            columns: columns.iter().map(|(n, t)| (n.to_string(), *t)).collect(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len(), "row width of {}", self.name);
        self.rows.push(row);
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

use ColumnType::{Bool, Date, Int, Text, Time};

pub(crate) fn empty_tables() -> [Table; 11] {
    [
        Table::new(
            "cases",
            &[
                ("case", Text),
                ("variant", Text),
                ("legal_basis", Text),
                ("referral", Text),
                ("requested_at", Time),
                ("phase", Text),
                ("main_persons", Int),
                ("network_size", Int),
                ("network_at_intake", Int),
                ("network_widened", Int),
                ("network_at_conference", Int),
                ("minors_in_network", Int),
                ("professionals", Int),
                ("frameworks", Int),
                ("conferences", Int),
                ("plan_versions", Int),
                ("evaluations_held", Int),
                ("signals", Int),
                ("first_conference_on", Date),
                ("days_to_first_conference", Int),
                ("description", Text),
            ],
        ),
        Table::new(
            "phases",
            &[
                ("case", Text),
                ("phase", Text),
                ("at", Time),
                ("days_since_request", Int),
            ],
        ),
        Table::new(
            "network",
            &[
                ("case", Text),
                ("person", Text),
                ("name", Text),
                ("relation", Text),
                ("to_main_person", Text),
                ("side", Text),
                ("minor", Bool),
                ("birth_year", Int),
                ("identified", Text),
                ("identified_at", Time),
                ("days_since_request", Int),
                ("invitation", Text),
                ("participation", Text),
            ],
        ),
        Table::new(
            "attendance",
            &[
                ("case", Text),
                ("conference", Int),
                ("part", Text),
                ("started_at", Time),
                ("ended_at", Time),
                ("person", Text),
                ("role", Text),
            ],
        ),
        Table::new(
            "frameworks",
            &[
                ("case", Text),
                ("framework", Text),
                ("professional_role", Text),
                ("concerns", Int),
                ("conditions", Int),
                ("questions", Int),
                ("criteria", Int),
            ],
        ),
        Table::new(
            "plan_items",
            &[
                ("case", Text),
                ("plan_version", Int),
                ("item", Text),
                ("kind", Text),
                ("carriers", Int),
                ("supporters", Int),
                ("answers", Int),
                ("start", Date),
                ("due", Date),
                ("what", Text),
            ],
        ),
        Table::new(
            "agreement_reviews",
            &[
                ("case", Text),
                ("evaluation", Text),
                ("held_on", Date),
                ("plan_version", Int),
                ("agreement", Text),
                ("status", Text),
            ],
        ),
        Table::new(
            "evaluations",
            &[
                ("case", Text),
                ("evaluation", Text),
                ("planned_on", Date),
                ("planned_in", Int),
                ("held_on", Date),
                ("present", Int),
                ("convened_by_role", Text),
                ("next_step", Text),
            ],
        ),
        Table::new(
            "acceptance",
            &[
                ("case", Text),
                ("plan_version", Int),
                ("framework", Text),
                ("professional_role", Text),
                ("conditions", Int),
                ("not_met", Int),
                ("accepted", Bool),
                ("at", Time),
            ],
        ),
        Table::new(
            "outcomes",
            &[
                ("case", Text),
                ("ending", Text),
                ("outcome", Text),
                ("at", Time),
                ("days_since_request", Int),
                ("reason", Text),
            ],
        ),
        Table::new(
            "satisfaction",
            &[
                ("case", Text),
                ("group", Text),
                ("score", Int),
                ("at", Time),
            ],
        ),
    ]
}
