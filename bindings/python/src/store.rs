//! `kring._native.Store`: a thin handle on the core store. Every call releases the GIL while
//! the store works, catches panics, and maps errors in `error.rs`.

use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use kring::domain::research::Disclosure;
use kring::domain::*;
use kring::{CaseQuery, Durability};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::convert::{input, out, utc};
use crate::error::{coded, to_py};

/// Runs `f` without the GIL; a panic becomes a `KringError` with code `internal`.
fn run<T: Send>(py: Python<'_>, f: impl FnOnce() -> kring::Result<T> + Send) -> PyResult<T> {
    py.detach(|| catch_unwind(AssertUnwindSafe(f)))
        .unwrap_or_else(|_| {
            Err(kring::Error::Internal(
                "a panic was caught; nothing was changed".into(),
            ))
        })
        .map_err(|e| to_py(&e))
}

fn parse<T: std::str::FromStr>(text: &str, field: &str) -> PyResult<T>
where
    T::Err: std::fmt::Display,
{
    text.parse()
        .map_err(|e: T::Err| coded("invalid_input", format!("invalid {field}: {e}")))
}

fn durability(name: &str) -> PyResult<Durability> {
    match name {
        "durable" => Ok(Durability::Durable),
        "fast" => Ok(Durability::Fast),
        other => Err(coded(
            "invalid_input",
            format!("invalid durability: `{other}`; expected durable or fast"),
        )),
    }
}

/// One item of `execute_many`: (case, person, role, at, command).
type Item<'py> = (
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
);

#[pyclass(frozen, module = "kring._native")]
pub struct Store {
    inner: RwLock<Option<Arc<kring::Store>>>,
}

impl Store {
    fn get(&self) -> PyResult<Arc<kring::Store>> {
        self.inner
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| coded("closed", "the store is closed"))
    }

    fn wrap(store: kring::Store) -> Store {
        Store {
            inner: RwLock::new(Some(Arc::new(store))),
        }
    }
}

/// A string argument; anything else is `invalid_input` (not a `TypeError`), as in Node.
fn text<'a>(obj: &'a Bound<'_, PyAny>, field: &str) -> PyResult<Cow<'a, str>> {
    obj.cast::<PyString>()
        .ok()
        .and_then(|s| crate::pystr::utf8(s).ok())
        .ok_or_else(|| {
            coded(
                "invalid_input",
                format!("invalid {field}: expected a string"),
            )
        })
}

fn actor(person: &Bound<'_, PyAny>, role: &Bound<'_, PyAny>) -> PyResult<Actor> {
    Ok(Actor::new(
        parse(&text(person, "actor.person")?, "actor.person")?,
        parse(&text(role, "actor.role")?, "actor.role")?,
    ))
}

#[pymethods]
impl Store {
    #[staticmethod]
    #[pyo3(signature = (path, durability = "durable"))]
    fn create(py: Python<'_>, path: std::path::PathBuf, durability: &str) -> PyResult<Store> {
        let d = self::durability(durability)?;
        run(py, move || {
            kring::Store::builder().durability(d).create(&path)
        })
        .map(Store::wrap)
    }

    #[staticmethod]
    #[pyo3(signature = (path, durability = "durable"))]
    fn open(py: Python<'_>, path: std::path::PathBuf, durability: &str) -> PyResult<Store> {
        let d = self::durability(durability)?;
        run(py, move || {
            kring::Store::builder().durability(d).open(&path)
        })
        .map(Store::wrap)
    }

    #[staticmethod]
    fn in_memory(py: Python<'_>) -> PyResult<Store> {
        run(py, kring::Store::in_memory).map(Store::wrap)
    }

    /// Closes the store; later calls raise `Closed`. Closing twice is fine.
    fn close(&self, py: Python<'_>) {
        let taken = self.inner.write().unwrap_or_else(|p| p.into_inner()).take();
        py.detach(move || drop(taken));
    }

    #[getter]
    fn closed(&self) -> bool {
        self.inner
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .is_none()
    }

    fn new_id(&self, py: Python<'_>, kind: &Bound<'_, PyAny>) -> PyResult<String> {
        let (s, kind) = (self.get()?, text(kind, "kind")?);
        run(py, move || s.new_id_of(&kind))
    }

    /// Executes one command (in its JSON shape) and returns the event.
    fn execute<'py>(
        &self,
        py: Python<'py>,
        case: &Bound<'py, PyAny>,
        person: &Bound<'py, PyAny>,
        role: &Bound<'py, PyAny>,
        at: &Bound<'py, PyAny>,
        command: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (case, actor, at): (CaseId, Actor, DateTime<Utc>) = (
            parse(&text(case, "case")?, "case")?,
            actor(person, role)?,
            utc(at, "at")?,
        );
        let command: Command = input(command, "command")?;
        let s = self.get()?;
        let event = run(py, move || s.execute(case, actor, at, command))?;
        out(py, &event)
    }

    /// Executes many commands in one transaction: all are committed, or none.
    /// Each item is `(case, person, role, at, command)`.
    fn execute_many<'py>(
        &self,
        py: Python<'py>,
        commands: Vec<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut parsed = Vec::with_capacity(commands.len());
        for item in &commands {
            let (case, person, role, at, command): Item<'py> = item.extract().map_err(|_| {
                coded(
                    "invalid_input",
                    "invalid command: expected (case, person, role, at, command)",
                )
            })?;
            parsed.push((
                parse::<CaseId>(&text(&case, "case")?, "case")?,
                actor(&person, &role)?,
                utc(&at, "at")?,
                input::<Command>(&command, "command")?,
            ));
        }
        let s = self.get()?;
        let events = run(py, move || {
            s.transaction(|tx| {
                parsed
                    .into_iter()
                    .map(|(c, a, t, cmd)| tx.execute(c, a, t, cmd))
                    .collect::<kring::Result<Vec<_>>>()
            })
        })?;
        out(py, &events)
    }

    fn case<'py>(&self, py: Python<'py>, id: &Bound<'_, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let id: CaseId = parse(&text(id, "case")?, "case")?;
        let s = self.get()?;
        out(py, &run(py, move || s.case(id))?)
    }

    fn case_at_version<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'_, PyAny>,
        version: u64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let id: CaseId = parse(&text(id, "case")?, "case")?;
        let s = self.get()?;
        out(py, &run(py, move || s.case_at_version(id, version))?)
    }

    fn case_at<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'_, PyAny>,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (id, at): (CaseId, _) = (parse(&text(id, "case")?, "case")?, utc(at, "at")?);
        let s = self.get()?;
        out(py, &run(py, move || s.case_at(id, at))?)
    }

    fn history<'py>(&self, py: Python<'py>, id: &Bound<'_, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let id: CaseId = parse(&text(id, "case")?, "case")?;
        let s = self.get()?;
        out(py, &run(py, move || s.history(id))?)
    }

    /// Case ids matching every filter in `filters` (the fields of the core's `CaseQuery`).
    fn query(&self, py: Python<'_>, filters: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let q: CaseQuery = input(filters, "filters")?;
        let s = self.get()?;
        Ok(run(py, move || s.query(&q))?
            .into_iter()
            .map(|id| id.to_string())
            .collect())
    }

    fn cases<'py>(
        &self,
        py: Python<'py>,
        filters: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let q: CaseQuery = input(filters, "filters")?;
        let s = self.get()?;
        out(py, &run(py, move || s.cases(&q))?)
    }

    fn cases_of_person(&self, py: Python<'_>, person: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let p: PersonId = parse(&text(person, "person")?, "person")?;
        let s = self.get()?;
        Ok(run(py, move || s.cases_of_person(p))?
            .into_iter()
            .map(|id| id.to_string())
            .collect())
    }

    fn evaluations_due<'py>(
        &self,
        py: Python<'py>,
        as_of: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of: chrono::NaiveDate = input(as_of, "as_of")?;
        let s = self.get()?;
        out(py, &run(py, move || s.evaluations_due(as_of))?)
    }

    fn events_since<'py>(
        &self,
        py: Python<'py>,
        after: u64,
        limit: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let s = self.get()?;
        out(py, &run(py, move || s.events_since(after, limit))?)
    }

    fn last_seq(&self, py: Python<'_>) -> PyResult<u64> {
        let s = self.get()?;
        run(py, move || s.last_seq())
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        let s = self.get()?;
        run(py, move || s.len()).map(|n| n as usize)
    }

    fn verify<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let s = self.get()?;
        out(py, &run(py, move || s.verify())?)
    }

    fn backup(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<()> {
        let s = self.get()?;
        run(py, move || s.backup(&path))
    }

    /// Research tables: pseudonymised with `key` unless `identifying` is true.
    #[pyo3(signature = (key = None, identifying = false))]
    fn research_tables<'py>(
        &self,
        py: Python<'py>,
        key: Option<&Bound<'py, PyBytes>>,
        identifying: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let disclosure = match (key, identifying) {
            (_, true) => Disclosure::Identifying,
            (Some(k), false) => {
                Disclosure::pseudonymised(k.as_bytes().to_vec()).map_err(|e| to_py(&e.into()))?
            }
            (None, false) => {
                return Err(coded(
                    "invalid_input",
                    "a pseudonymisation key is required (or identifying=True)",
                ));
            }
        };
        let s = self.get()?;
        let tables = run(py, move || s.research_tables(&disclosure))?;
        let list = pyo3::types::PyList::empty(py);
        for t in &tables {
            list.append(crate::convert::table(py, t)?)?;
        }
        Ok(list.into_any())
    }

    /// Adds `count` generated, realistic cases (the core's workload generator, `seed`), one
    /// transaction per case. For trying the API and for tests; every name is invented.
    fn generate(&self, py: Python<'_>, seed: u64, count: u64) -> PyResult<Vec<String>> {
        let s = self.get()?;
        Ok(run(py, move || s.generate(seed, count))?
            .into_iter()
            .map(|id| id.to_string())
            .collect())
    }
}
