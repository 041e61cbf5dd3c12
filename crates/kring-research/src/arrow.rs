//! The research tables as Apache Arrow record batches, typed, for data frames and databases
//! that read Arrow (pyarrow, polars, DuckDB, apache-arrow in JavaScript) without converting
//! a value at a time; and as Arrow IPC stream bytes.

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use kring::{Error, Result};

use crate::columns::TableColumns;
use crate::table::SPECS;

/// One research table as Arrow record batches.
///
/// Columns are typed by their [`crate::ColumnType`]: `Bool` as `Boolean`, `Int` as `Int64`,
/// `Text` as `Utf8`, `Date` as `Date32` and `Time` as `Timestamp(Microsecond, "UTC")` (whole
/// seconds). A column is nullable where its cell can be absent (not applicable, or withheld
/// by the disclosure); the schema is the same under every disclosure.
///
/// The table comes in chunks, in case id order, every row of a case in one chunk: one
/// record batch per run of consecutive cases built together ([`crate::arrow_tables`] builds
/// 2,048 cases at a time on several threads, or all of a smaller store at once), and a new
/// one whenever a text column of a batch would pass 1 GiB. A table without rows has no
/// batches; its [`ArrowTable::schema`] is always there.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrowTable {
    /// One of [`crate::TABLES`].
    pub name: String,
    /// The columns: names, types and nullability; every batch has this schema.
    pub schema: SchemaRef,
    /// The rows, in order.
    pub batches: Vec<RecordBatch>,
}

impl ArrowTable {
    pub(crate) fn from_columns(columns: TableColumns) -> Result<Self> {
        let name = columns.name().to_string();
        let (schema, batches) = columns.into_batches()?;
        Ok(ArrowTable {
            name,
            schema,
            batches,
        })
    }

    /// The number of rows, over every batch.
    pub fn num_rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// Appends the batches of `other`, the same table built over the cases that follow.
    pub(crate) fn append(&mut self, other: ArrowTable) {
        debug_assert_eq!(self.name, other.name);
        self.batches.extend(other.batches);
    }
}

/// The Arrow schema of the research table `name` (one of [`crate::TABLES`]).
pub fn arrow_schema(name: &str) -> Option<SchemaRef> {
    SPECS
        .iter()
        .find(|s| s.name == name)
        .map(crate::columns::schema)
}

/// `table` in the Arrow IPC streaming format: its schema, then each batch (uncompressed).
/// This is what `tableFromIPC` of apache-arrow in JavaScript, `pyarrow.ipc.open_stream` and
/// `arrow_ipc::reader::StreamReader` read.
pub fn arrow_ipc(table: &ArrowTable) -> Result<Vec<u8>> {
    let ipc = |e: arrow_schema::ArrowError| Error::Internal(format!("arrow IPC: {e}"));
    let bytes = table
        .batches
        .iter()
        .map(|b| b.get_array_memory_size())
        .sum::<usize>();
    let mut writer =
        arrow_ipc::writer::StreamWriter::try_new(Vec::with_capacity(bytes + 4096), &table.schema)
            .map_err(ipc)?;
    for batch in &table.batches {
        writer.write(batch).map_err(ipc)?;
    }
    writer.into_inner().map_err(ipc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::{arrow_type, date_of, time_of};
    use crate::{Disclosure, TABLES, Table, TableBuilder, TableSet, Value, arrow_tables};
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Date32Type, Int64Type, TimestampMicrosecondType};
    use arrow_schema::{DataType, TimeUnit};
    use kring_domain::Case;
    use kring_domain::wire::{date_string, time_string};

    fn disclosures() -> [Disclosure; 2] {
        [
            Disclosure::pseudonymised(*b"research key 8 research key 8 re").unwrap(),
            Disclosure::Identifying,
        ]
    }

    fn cases(seed: u64, n: u64) -> Vec<Case> {
        let mut cases = vec![kring_testkit::example::full_story().0.case.unwrap()];
        cases.extend(kring_testkit::workload::cases(seed, n).map(|g| g.state));
        cases
    }

    /// A cell of an Arrow array as the row tables give it, read through Arrow's own API.
    fn cell(array: &dyn Array, row: usize) -> Value {
        if array.is_null(row) {
            return Value::Null;
        }
        match array.data_type() {
            DataType::Boolean => Value::Bool(array.as_boolean().value(row)),
            DataType::Int64 => Value::Int(array.as_primitive::<Int64Type>().value(row)),
            DataType::Utf8 => Value::Text(array.as_string::<i32>().value(row).to_string()),
            DataType::Date32 => {
                let days = array.as_primitive::<Date32Type>().value(row);
                Value::Text(date_string(date_of(days)))
            }
            DataType::Timestamp(TimeUnit::Microsecond, Some(tz)) if &**tz == "UTC" => {
                let micros = array.as_primitive::<TimestampMicrosecondType>().value(row);
                assert_eq!(micros % 1_000_000, 0, "whole seconds");
                Value::Text(time_string(&time_of(micros), false))
            }
            other => panic!("unexpected type {other}"),
        }
    }

    /// Checks `arrow` against `rows` cell for cell, and its schema against the column types.
    fn assert_same(arrow: &[ArrowTable], rows: &[Table]) {
        assert_eq!(arrow.len(), rows.len());
        for (a, t) in arrow.iter().zip(rows) {
            assert_eq!(a.name, t.name);
            assert_eq!(a.num_rows(), t.rows.len(), "{}", t.name);
            let fields = a.schema.fields();
            assert_eq!(fields.len(), t.columns.len());
            for (f, (name, kind)) in fields.iter().zip(&t.columns) {
                assert_eq!(f.name(), name);
                assert_eq!(f.data_type(), &arrow_type(*kind), "{}.{name}", t.name);
            }
            let mut row = 0;
            for batch in &a.batches {
                assert_eq!(batch.schema(), a.schema);
                assert!(batch.num_rows() > 0, "no empty batches");
                for (c, f) in batch.columns().iter().zip(fields) {
                    assert!(f.is_nullable() || c.null_count() == 0, "{}", f.name());
                }
                for r in 0..batch.num_rows() {
                    let got: Vec<Value> = batch.columns().iter().map(|c| cell(c, r)).collect();
                    assert_eq!(got, t.rows[row], "{} row {row}", t.name);
                    row += 1;
                }
            }
        }
    }

    #[test]
    fn arrow_tables_hold_the_cells_of_the_row_tables() {
        let cases = cases(21, 150);
        for d in disclosures() {
            let mut b = TableBuilder::new(&d);
            cases.iter().for_each(|c| b.add(c));
            let arrow = b.clone().finish_arrow().unwrap();
            let rows = b.finish();
            assert_eq!(rows, crate::tables(&cases, &d));
            assert!(
                rows.iter().all(|t| !t.rows.is_empty()),
                "every table has rows"
            );
            // Text columns close a chunk at 4 KiB under test: several batches per table.
            assert!(arrow[2].batches.len() > 3, "{}", arrow[2].batches.len());
            assert_same(&arrow, &rows);
        }
    }

    #[test]
    fn arrow_tables_of_a_store_are_its_row_tables_on_any_number_of_threads() {
        let store = kring::Store::in_memory().unwrap();
        kring_testkit::generate(&store, 17, 120).unwrap();
        for d in disclosures() {
            let rows = crate::store_tables(&store, &d).unwrap();
            assert_same(&arrow_tables(&store, &d).unwrap(), &rows);
            // Small batches: built on threads and joined in order.
            for size in [1, 7, 50] {
                let arrow =
                    crate::parallel::arrow_tables_in_batches(&store, &d, TableSet::ALL, size)
                        .unwrap();
                assert_same(&arrow, &rows);
            }
        }
    }

    #[test]
    fn a_choice_of_tables_gives_exactly_those_tables_of_the_whole_set() {
        let store = kring::Store::in_memory().unwrap();
        // Enough cases for the row tables' batches of 128 to be built on threads too.
        kring_testkit::generate(&store, 19, 300).unwrap();
        let d = &disclosures()[0];
        let rows = crate::store_tables(&store, d).unwrap();
        let mut choices: Vec<Vec<&str>> = TABLES.iter().map(|t| vec![*t]).collect();
        choices.push(vec!["satisfaction", "cases", "plan_items"]);
        choices.push(vec!["agreement_reviews", "acceptance"]);
        choices.push(TABLES.to_vec());
        for names in choices {
            let set = TableSet::of(&names).unwrap();
            let expected: Vec<Table> = rows
                .iter()
                .filter(|t| names.contains(&t.name.as_str()))
                .cloned()
                .collect();
            assert_eq!(expected.len(), names.len());
            let only_rows = crate::store_tables_only(&store, d, set).unwrap();
            assert_eq!(only_rows, expected, "{names:?}");
            for size in [7, 2048] {
                let only = crate::parallel::arrow_tables_in_batches(&store, d, set, size).unwrap();
                assert_same(&only, &expected);
            }
        }
    }

    #[test]
    fn arrow_tables_of_no_cases_have_their_schemas() {
        let store = kring::Store::in_memory().unwrap();
        for d in disclosures() {
            let tables = arrow_tables(&store, &d).unwrap();
            assert_eq!(
                tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
                TABLES
            );
            for t in &tables {
                assert!(t.batches.is_empty());
                assert_eq!(Some(t.schema.clone()), arrow_schema(&t.name));
                let back = arrow_ipc::reader::StreamReader::try_new(
                    std::io::Cursor::new(arrow_ipc(t).unwrap()),
                    None,
                )
                .unwrap();
                assert_eq!(back.schema(), t.schema);
                assert_eq!(back.count(), 0);
            }
        }
    }

    #[test]
    fn columns_have_the_arrow_types_of_their_column_types() {
        let s = arrow_schema("cases").unwrap();
        let field = |n: &str| s.field_with_name(n).unwrap().clone();
        assert_eq!(field("case").data_type(), &DataType::Utf8);
        assert!(!field("case").is_nullable());
        assert_eq!(
            field("requested_at").data_type(),
            &DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
        );
        assert_eq!(field("first_conference_on").data_type(), &DataType::Date32);
        assert!(field("first_conference_on").is_nullable());
        assert_eq!(field("network_size").data_type(), &DataType::Int64);
        assert!(!field("network_size").is_nullable());
        // Withheld when pseudonymised, so nullable under every disclosure.
        assert!(field("description").is_nullable());
        let network = arrow_schema("network").unwrap();
        assert_eq!(
            network.field_with_name("minor").unwrap().data_type(),
            &DataType::Boolean
        );
        assert!(network.field_with_name("name").unwrap().is_nullable());
        assert!(arrow_schema("no such table").is_none());
        for name in TABLES {
            let s = arrow_schema(name).unwrap();
            assert_eq!(s.field(0).name(), "case", "{name}");
        }
    }

    #[test]
    fn ipc_streams_read_back_as_the_batches() {
        let cases = cases(22, 40);
        for d in disclosures() {
            let mut b = TableBuilder::new(&d);
            cases.iter().for_each(|c| b.add(c));
            for t in b.finish_arrow().unwrap() {
                let bytes = arrow_ipc(&t).unwrap();
                let back =
                    arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes), None)
                        .unwrap();
                assert_eq!(back.schema(), t.schema);
                let batches: Vec<RecordBatch> = back.map(|b| b.unwrap()).collect();
                assert_eq!(batches, t.batches, "{}", t.name);
            }
        }
    }

    #[test]
    fn pseudonymised_arrow_tables_hold_no_real_ids_or_names() {
        let cases = cases(23, 30);
        let d = Disclosure::pseudonymised(*b"research key 8 research key 8 re").unwrap();
        let mut b = TableBuilder::new(&d);
        cases.iter().for_each(|c| b.add(c));
        let mut text = String::new();
        for t in b.finish_arrow().unwrap() {
            for batch in &t.batches {
                for c in batch.columns() {
                    if let Some(s) = c.as_string_opt::<i32>() {
                        s.iter().flatten().for_each(|v| {
                            text.push_str(v);
                            text.push('\n');
                        });
                    }
                }
            }
        }
        assert!(text.contains("case_"));
        for case in &cases {
            assert!(!text.contains(&case.id.to_string()));
            for p in case.people() {
                assert!(!text.contains(&p.to_string()));
                let name = &case.person(p).unwrap().name;
                assert!(!text.contains(&format!("\n{name}\n")), "{name}");
            }
        }
    }
}
