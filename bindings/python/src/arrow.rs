//! Research tables as Arrow, handed over through the Arrow PyCapsule interface
//! (<https://arrow.apache.org/docs/format/CDataInterface/PyCapsuleInterface.html>): each
//! table is an [`ArrowTable`] whose `__arrow_c_stream__` gives a PyCapsule named
//! `arrow_array_stream` around an Arrow C stream (`FFI_ArrowArrayStream`) of its record
//! batches. pyarrow, polars, DuckDB and any other consumer of the interface import the
//! batches without a value being converted in Python.
//!
//! No `unsafe` here: arrow-array's `FFI_ArrowArrayStream::new` makes the C struct from a
//! batch reader, and pyo3's `PyCapsule::new_with_value` boxes it with a destructor that
//! drops it. A consumer takes the stream by moving the struct out of the capsule and
//! setting the capsule's copy's `release` to null (the C stream interface's move
//! semantics); so when the capsule is destroyed, its `FFI_ArrowArrayStream` is either
//! released (by its `Drop`, which calls `release`: a capsule that was never consumed frees
//! the batches it held) or already empty (consumed: the consumer releases it).

use arrow_array::RecordBatchIterator;
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_schema::ffi::FFI_ArrowSchema;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule};

use crate::error::{coded, to_py};

/// One research table as Arrow record batches (see `kring_research::ArrowTable`); an Arrow
/// stream producer: `pyarrow.table(t)`, `polars.DataFrame(t)`, `duckdb.from_arrow(t)`.
/// Every `__arrow_c_stream__` call gives a new stream over the same batches, so the table
/// can be read any number of times.
#[pyclass(frozen, module = "kring._native", name = "ArrowTable")]
pub struct ArrowTable(kring_research::ArrowTable);

impl ArrowTable {
    pub fn new(table: kring_research::ArrowTable) -> Self {
        ArrowTable(table)
    }
}

#[pymethods]
impl ArrowTable {
    /// The table's name (one of the research tables).
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    #[getter]
    fn num_rows(&self) -> usize {
        self.0.num_rows()
    }

    /// The number of record batches the stream gives (0 for a table without rows).
    #[getter]
    fn num_batches(&self) -> usize {
        self.0.batches.len()
    }

    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.0
            .schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// The Arrow PyCapsule interface: a capsule `arrow_array_stream` holding a new C stream
    /// of the batches. The schema is the table's: `requested_schema` is accepted and, as the
    /// interface allows, not applied (a consumer that asked for another checks the schema it
    /// got).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let reader = RecordBatchIterator::new(
            self.0.batches.clone().into_iter().map(Ok),
            self.0.schema.clone(),
        );
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    /// The Arrow PyCapsule interface: a capsule `arrow_schema` holding the C schema.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.0.schema.as_ref())
            .map_err(|e| coded("internal", format!("arrow schema: {e}")))?;
        PyCapsule::new_with_value(py, schema, c"arrow_schema")
    }

    /// The table in the Arrow IPC streaming format (`pyarrow.ipc.open_stream`).
    fn to_ipc<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let table = &self.0;
        let bytes = py
            .detach(|| kring_research::arrow_ipc(table))
            .map_err(|e| to_py(&e))?;
        Ok(PyBytes::new(py, &bytes))
    }

    fn __repr__(&self) -> String {
        format!(
            "<kring ArrowTable {} ({} rows, {} batches)>",
            self.0.name,
            self.0.num_rows(),
            self.0.batches.len()
        )
    }
}
