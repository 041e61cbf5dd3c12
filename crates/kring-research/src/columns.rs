//! Typed columns: where the rows of every research table are written, once, whichever form is
//! asked for. Arrow record batches take the columns over without copying them (the values,
//! offsets and bytes become Arrow buffers); the row tables ([`Table`]) are read out of the
//! same columns. So the two forms always hold the same cells.

use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Int64Array, RecordBatch, StringArray,
    TimestampMicrosecondArray,
};
use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use chrono::{DateTime, NaiveDate, Utc};
use kring::{Error, Result};
use kring_domain::wire::{date_string, time_string};

use crate::table::{ColumnType, TableSpec, Value};
use crate::{Table, table::SPECS};

/// A chunk of a table is closed, and a new one started, once a text column holds this many
/// bytes: Arrow's `Utf8` offsets are 32-bit, so no chunk may reach 2 GiB of text. (4 KiB
/// under test, so that the tests make many chunks.)
const CHUNK_TEXT_BYTES: usize = if cfg!(test) { 4096 } else { 1 << 30 };

const MICROS_PER_DAY: i64 = 86_400_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// One cell as the table builder writes it: typed, borrowed where it is text.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cell<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Text(&'a str),
    /// Days since 1970-01-01.
    Date(i32),
    /// Whole seconds since 1970-01-01T00:00:00Z.
    Time(i64),
}

impl From<bool> for Cell<'_> {
    fn from(v: bool) -> Self {
        Cell::Bool(v)
    }
}
impl From<i64> for Cell<'_> {
    fn from(v: i64) -> Self {
        Cell::Int(v)
    }
}
impl From<usize> for Cell<'_> {
    fn from(v: usize) -> Self {
        Cell::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<u32> for Cell<'_> {
    fn from(v: u32) -> Self {
        Cell::Int(i64::from(v))
    }
}
impl From<u8> for Cell<'_> {
    fn from(v: u8) -> Self {
        Cell::Int(i64::from(v))
    }
}
impl<'a> From<&'a str> for Cell<'a> {
    fn from(v: &'a str) -> Self {
        Cell::Text(v)
    }
}
impl<'a, T: Into<Cell<'a>>> From<Option<T>> for Cell<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Null, Into::into)
    }
}

/// The values of one column; an absent cell holds a placeholder (0, false or no bytes).
#[derive(Debug, Clone)]
enum Data {
    Bool(Vec<bool>),
    Int(Vec<i64>),
    /// UTF-8 bytes, and where each cell ends (the first offset is 0).
    Text {
        offsets: Vec<i32>,
        bytes: Vec<u8>,
    },
    /// Days since 1970-01-01.
    Date(Vec<i32>),
    /// Microseconds since 1970-01-01T00:00:00Z, always whole seconds.
    Time(Vec<i64>),
}

#[derive(Debug, Clone)]
struct Column {
    data: Data,
    /// The number of cells.
    len: usize,
    /// Whether each cell has a value; empty while every cell has one (`nulls` is 0).
    valid: Vec<bool>,
    nulls: usize,
}

impl Column {
    fn new(kind: ColumnType) -> Self {
        let data = match kind {
            ColumnType::Bool => Data::Bool(Vec::new()),
            ColumnType::Int => Data::Int(Vec::new()),
            ColumnType::Text => Data::Text {
                offsets: vec![0],
                bytes: Vec::new(),
            },
            ColumnType::Date => Data::Date(Vec::new()),
            ColumnType::Time => Data::Time(Vec::new()),
        };
        Column {
            data,
            len: 0,
            valid: Vec::new(),
            nulls: 0,
        }
    }

    /// Makes room for `cells` more cells, and `bytes` more bytes of text in a text column.
    fn reserve(&mut self, cells: usize, bytes: usize) {
        match &mut self.data {
            Data::Bool(v) => v.reserve(cells),
            Data::Int(v) | Data::Time(v) => v.reserve(cells),
            Data::Date(v) => v.reserve(cells),
            Data::Text { offsets, bytes: b } => {
                offsets.reserve(cells);
                b.reserve(bytes);
            }
        }
    }

    /// Writes down, from now on, whether each cell has a value (with room for as many cells
    /// as the values have).
    fn track_validity(&mut self) {
        if self.nulls == 0 {
            let room = match &self.data {
                Data::Bool(v) => v.capacity(),
                Data::Int(v) | Data::Time(v) => v.capacity(),
                Data::Date(v) => v.capacity(),
                Data::Text { offsets, .. } => offsets.capacity().saturating_sub(1),
            };
            self.valid.reserve(room.max(self.len).max(16));
            self.valid.resize(self.len, true);
        }
    }

    /// Appends `cell`; returns the bytes of text the column holds (0 for other types).
    /// Pseudonymised tables (`coarsen`) give dates and times as the Monday of their week.
    ///
    /// # Panics
    ///
    /// On a cell of another type than the column's, or an absent cell in a column whose
    /// cells are always there: a bug in the table builder, which the tests would show.
    fn push(&mut self, cell: Cell<'_>, coarsen: bool, spec: &(&str, ColumnType, bool)) -> usize {
        let present = !matches!(cell, Cell::Null);
        if !present {
            assert!(
                spec.2,
                "no value in the column {} that always has one",
                spec.0
            );
            self.track_validity();
            self.nulls += 1;
        }
        match (&mut self.data, cell) {
            (data, Cell::Null) => match data {
                Data::Bool(v) => v.push(false),
                Data::Int(v) => v.push(0),
                Data::Text { offsets, bytes } => offsets.push(text_offset(bytes.len())),
                Data::Date(v) => v.push(0),
                Data::Time(v) => v.push(0),
            },
            (Data::Bool(v), Cell::Bool(b)) => v.push(b),
            (Data::Int(v), Cell::Int(i)) => v.push(i),
            (Data::Text { offsets, bytes }, Cell::Text(s)) => {
                bytes.extend_from_slice(s.as_bytes());
                offsets.push(text_offset(bytes.len()));
            }
            (Data::Date(v), Cell::Date(days)) => {
                v.push(if coarsen {
                    monday(days.into()) as i32
                } else {
                    days
                });
            }
            (Data::Time(v), Cell::Time(seconds)) => v.push(if coarsen {
                monday_of_time(seconds) * MICROS_PER_DAY
            } else {
                // Whole seconds, as the row tables write times.
                seconds * 1_000_000
            }),
            (_, cell) => panic!("a {cell:?} in the {:?} column {}", spec.1, spec.0),
        }
        if self.nulls > 0 {
            self.valid.push(present);
        }
        self.len += 1;
        match &self.data {
            Data::Text { bytes, .. } => bytes.len(),
            _ => 0,
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    fn append(&mut self, other: Column) {
        match (&mut self.data, other.data) {
            (Data::Bool(a), Data::Bool(mut b)) => a.append(&mut b),
            (Data::Int(a), Data::Int(mut b)) => a.append(&mut b),
            (Data::Date(a), Data::Date(mut b)) => a.append(&mut b),
            (Data::Time(a), Data::Time(mut b)) => a.append(&mut b),
            (
                Data::Text { offsets, bytes },
                Data::Text {
                    offsets: theirs,
                    bytes: mut their_bytes,
                },
            ) => {
                let base = text_offset(bytes.len());
                offsets.extend(theirs[1..].iter().map(|o| base + o));
                bytes.append(&mut their_bytes);
                // Checked once more: the sum of both.
                text_offset(bytes.len());
            }
            _ => unreachable!("columns of one table have one type"),
        }
        if self.nulls + other.nulls > 0 {
            self.track_validity();
            if other.nulls > 0 {
                self.valid.extend_from_slice(&other.valid);
            } else {
                self.valid.resize(self.len + other.len, true);
            }
        }
        self.len += other.len;
        self.nulls += other.nulls;
    }

    fn text_bytes(&self) -> usize {
        match &self.data {
            Data::Text { bytes, .. } => bytes.len(),
            _ => 0,
        }
    }

    /// The column as an Arrow array; its buffers are the column's own vectors.
    fn into_arrow(self) -> Result<ArrayRef> {
        let nulls = (self.nulls > 0).then(|| NullBuffer::from(self.valid));
        Ok(match self.data {
            Data::Bool(v) => Arc::new(BooleanArray::new(BooleanBuffer::from(v), nulls)),
            Data::Int(v) => Arc::new(Int64Array::new(ScalarBuffer::from(v), nulls)),
            Data::Text { offsets, bytes } => Arc::new(
                StringArray::try_new(
                    OffsetBuffer::new(ScalarBuffer::from(offsets)),
                    Buffer::from_vec(bytes),
                    nulls,
                )
                .map_err(|e| Error::Internal(format!("a research text column: {e}")))?,
            ),
            Data::Date(v) => Arc::new(Date32Array::new(ScalarBuffer::from(v), nulls)),
            Data::Time(v) => Arc::new(
                TimestampMicrosecondArray::new(ScalarBuffer::from(v), nulls).with_timezone(UTC),
            ),
        })
    }

    /// The cell at `row` as the row tables give it.
    fn value(&self, row: usize) -> Value {
        if self.nulls > 0 && !self.valid[row] {
            return Value::Null;
        }
        match &self.data {
            Data::Bool(v) => Value::Bool(v[row]),
            Data::Int(v) => Value::Int(v[row]),
            Data::Text { offsets, bytes } => {
                let (from, to) = (offsets[row] as usize, offsets[row + 1] as usize);
                // Whole `&str`s were appended, so the cell is UTF-8.
                Value::Text(String::from_utf8_lossy(&bytes[from..to]).into_owned())
            }
            Data::Date(v) => Value::Text(date_string(date_of(v[row]))),
            Data::Time(v) => Value::Text(time_string(&time_of(v[row]), false)),
        }
    }
}

/// An offset into a text column's bytes.
fn text_offset(len: usize) -> i32 {
    i32::try_from(len).expect("a chunk's text is closed before 2 GiB")
}

/// The Monday of the week of the day `days` after 1970-01-01 (a Thursday), in days after
/// 1970-01-01.
pub(crate) fn monday(days: i64) -> i64 {
    days - (days + 3).rem_euclid(7)
}

/// The Monday of the week of the time `seconds` after 1970-01-01T00:00:00Z (UTC), in days
/// after 1970-01-01: the day a pseudonymised table gives for that time.
pub(crate) fn monday_of_time(seconds: i64) -> i64 {
    monday(seconds.div_euclid(SECONDS_PER_DAY))
}

/// The date `days` after 1970-01-01.
pub(crate) fn date_of(days: i32) -> NaiveDate {
    kring_domain::rows::epoch_date(days).expect("the column holds only dates chrono made")
}

/// The time `micros` after 1970-01-01T00:00:00Z.
pub(crate) fn time_of(micros: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(micros).expect("the column holds only times chrono made")
}

/// The time zone of every time column.
pub(crate) const UTC: &str = "UTC";

/// The Arrow type of a column type: `Boolean`, `Int64`, `Utf8`, `Date32`, or
/// `Timestamp(Microsecond, "UTC")`.
pub(crate) fn arrow_type(kind: ColumnType) -> DataType {
    match kind {
        ColumnType::Bool => DataType::Boolean,
        ColumnType::Int => DataType::Int64,
        ColumnType::Text => DataType::Utf8,
        ColumnType::Date => DataType::Date32,
        ColumnType::Time => DataType::Timestamp(TimeUnit::Microsecond, Some(UTC.into())),
    }
}

/// The Arrow schema of a table.
pub(crate) fn schema(spec: &TableSpec) -> SchemaRef {
    Arc::new(Schema::new(
        spec.columns
            .iter()
            .map(|(name, kind, nullable)| Field::new(*name, arrow_type(*kind), *nullable))
            .collect::<Vec<_>>(),
    ))
}

/// A run of a table's rows, column by column.
#[derive(Debug, Clone)]
struct Chunk {
    columns: Vec<Column>,
    rows: usize,
}

impl Chunk {
    fn new(spec: &TableSpec) -> Self {
        Chunk {
            columns: spec
                .columns
                .iter()
                .map(|(_, t, _)| Column::new(*t))
                .collect(),
            rows: 0,
        }
    }

    fn text_bytes(&self) -> usize {
        self.columns
            .iter()
            .map(Column::text_bytes)
            .max()
            .unwrap_or(0)
    }
}

/// The rows of one table so far: closed chunks, then the one being written.
#[derive(Debug, Clone)]
pub(crate) struct TableColumns {
    spec: &'static TableSpec,
    coarsen: bool,
    closed: Vec<Chunk>,
    open: Chunk,
}

impl TableColumns {
    /// The empty tables, in the order of [`crate::TABLES`]; `coarsen` for pseudonymised ones.
    pub(crate) fn all(coarsen: bool) -> [TableColumns; crate::table::TABLE_COUNT] {
        SPECS.each_ref().map(|spec| TableColumns {
            spec,
            coarsen,
            closed: Vec::new(),
            open: Chunk::new(spec),
        })
    }

    /// Appends one row, a cell per column.
    pub(crate) fn push(&mut self, row: &[Cell<'_>]) {
        debug_assert_eq!(row.len(), self.spec.columns.len(), "{}", self.spec.name);
        let mut text = 0;
        for ((column, cell), spec) in self.open.columns.iter_mut().zip(row).zip(self.spec.columns) {
            text = text.max(column.push(*cell, self.coarsen, spec));
        }
        self.open.rows += 1;
        if text >= CHUNK_TEXT_BYTES {
            let full = std::mem::replace(&mut self.open, Chunk::new(self.spec));
            self.closed.push(full);
        }
    }

    pub(crate) fn name(&self) -> &'static str {
        self.spec.name
    }

    pub(crate) fn rows(&self) -> usize {
        self.closed.iter().map(|c| c.rows).sum::<usize>() + self.open.rows
    }

    /// The rows of the open chunk, and the bytes of each of its text columns.
    pub(crate) fn shape(&self) -> (usize, Vec<usize>) {
        let bytes = self.open.columns.iter().map(Column::text_bytes).collect();
        (self.open.rows, bytes)
    }

    /// Makes room for `rows` more rows, with the bytes of text per column of `bytes`.
    pub(crate) fn reserve(&mut self, (rows, bytes): &(usize, Vec<usize>)) {
        for (column, bytes) in self.open.columns.iter_mut().zip(bytes) {
            column.reserve(*rows, *bytes);
        }
    }

    /// Appends the rows of `other` (the same table, under the same disclosure).
    pub(crate) fn append(&mut self, mut other: TableColumns) {
        debug_assert_eq!(self.spec.name, other.spec.name);
        if other.rows() == 0 {
            return;
        }
        if self.rows() == 0 {
            *self = other;
            return;
        }
        if other.closed.is_empty()
            && self.open.text_bytes() + other.open.text_bytes() < CHUNK_TEXT_BYTES
        {
            for (a, b) in self.open.columns.iter_mut().zip(other.open.columns) {
                a.append(b);
            }
            self.open.rows += other.open.rows;
            return;
        }
        let open = std::mem::replace(&mut self.open, other.open);
        if open.rows > 0 {
            self.closed.push(open);
        }
        self.closed.append(&mut other.closed);
    }

    fn chunks(self) -> impl Iterator<Item = Chunk> {
        self.closed
            .into_iter()
            .chain(Some(self.open))
            .filter(|c| c.rows > 0)
    }

    /// The table's rows as [`Value`]s.
    pub(crate) fn into_table(self) -> Table {
        let mut table = Table::empty(self.spec);
        table.rows.reserve_exact(self.rows());
        for chunk in self.chunks() {
            debug_assert!(chunk.columns.iter().all(|c| c.len() == chunk.rows));
            table.rows.extend(
                (0..chunk.rows).map(|row| chunk.columns.iter().map(|c| c.value(row)).collect()),
            );
        }
        table
    }

    /// The table as Arrow record batches, one per chunk (none when it has no rows).
    pub(crate) fn into_batches(self) -> Result<(SchemaRef, Vec<RecordBatch>)> {
        let schema = schema(self.spec);
        let batches = self
            .chunks()
            .map(|chunk| {
                let columns = chunk
                    .columns
                    .into_iter()
                    .map(Column::into_arrow)
                    .collect::<Result<Vec<_>>>()?;
                RecordBatch::try_new(schema.clone(), columns)
                    .map_err(|e| Error::Internal(format!("a research table: {e}")))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((schema, batches))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn monday_is_the_monday_of_the_week_for_any_day() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for days in (-800_000..800_000).step_by(997).chain(-20..20) {
            let day = epoch + chrono::TimeDelta::days(days);
            let expected = day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()));
            assert_eq!(
                epoch + chrono::TimeDelta::days(monday(days)),
                expected,
                "{day}"
            );
        }
    }

    #[test]
    fn days_and_micros_read_back_as_the_dates_and_times_written() {
        for (y, m, d) in [
            (1970, 1, 1),
            (1969, 12, 31),
            (2026, 3, 2),
            (1, 1, 1),
            (-44, 3, 15),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut c = Column::new(ColumnType::Date);
            let days = kring_domain::rows::epoch_days(day);
            c.push(Cell::Date(days), false, &("d", ColumnType::Date, false));
            let Data::Date(v) = &c.data else { panic!() };
            assert_eq!(date_of(v[0]), day);
        }
        let t = DateTime::from_timestamp(-1_234_567, 999_000_000).unwrap();
        let mut c = Column::new(ColumnType::Time);
        c.push(
            Cell::Time(t.timestamp()),
            false,
            &("t", ColumnType::Time, false),
        );
        c.push(
            Cell::Time(t.timestamp()),
            true,
            &("t", ColumnType::Time, false),
        );
        let Data::Time(v) = &c.data else { panic!() };
        // Whole seconds; coarsened, the Monday of the week at midnight UTC.
        assert_eq!(
            time_of(v[0]),
            DateTime::from_timestamp(-1_234_567, 0).unwrap()
        );
        assert_eq!(time_of(v[1]).to_rfc3339(), "1969-12-15T00:00:00+00:00");
    }
}
