//! `kring._native.Store`: a thin handle on the core store. Every call releases the GIL while
//! the store works, catches panics, and maps errors in `error.rs`.

use std::cell::Cell;

use kring::args::{Number, whole};
use kring::domain::*;
use kring::{At, CaseQuery, Durability, SharedStore};
use kring_research::Disclosure;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyFloat, PyInt, PyString, PyTuple};

use crate::convert::{input, input_at, out, utc};
use crate::error::{coded, to_py};
use crate::view::{view, views};

thread_local! {
    /// Set while a progress callback of `upgrade` runs on this thread. The upgrade holds the
    /// store (and its write transaction) until it returns, so a call on the store from the
    /// callback would wait for itself forever: it is refused instead.
    static IN_PROGRESS: Cell<bool> = const { Cell::new(false) };
}

/// Refuses a call on the store from inside an `upgrade` progress callback, as Python's `io`
/// refuses a reentrant call: a `RuntimeError`, a mistake in the program rather than a store
/// error.
fn not_in_progress() -> PyResult<()> {
    if IN_PROGRESS.with(Cell::get) {
        Err(pyo3::exceptions::PyRuntimeError::new_err(
            "the store cannot be used from inside the progress callback of its upgrade()",
        ))
    } else {
        Ok(())
    }
}

/// Runs `f` without the GIL; a panic becomes a `KringError` with code `internal`.
fn run<T: Send>(py: Python<'_>, f: impl FnOnce() -> kring::Result<T> + Send) -> PyResult<T> {
    py.detach(|| kring::args::catch(f)).map_err(|e| to_py(&e))
}

fn parse<T: std::str::FromStr>(text: &str, field: &str) -> PyResult<T>
where
    T::Err: std::fmt::Display,
{
    text.parse()
        .map_err(|e: T::Err| coded("invalid_input", format!("invalid {field}: {e}")))
}

/// A whole number in `min..=max`, checked by the core exactly as Node's are: a `bool`, a
/// fraction, a negative or too large number is `invalid_input`, never a `TypeError`.
fn number(obj: &Bound<'_, PyAny>, field: &str, min: u64, max: u64) -> PyResult<u64> {
    let n = if obj.is_instance_of::<PyBool>() {
        Number::NotANumber
    } else if obj.is_instance_of::<PyInt>() {
        Number::Integer(obj.extract::<i128>().ok())
    } else if let Ok(f) = obj.cast::<PyFloat>() {
        Number::Float(f.value())
    } else {
        Number::NotANumber
    };
    whole(field, n, min, max).map_err(|e| to_py(&e))
}

fn durability(name: &Bound<'_, PyAny>) -> PyResult<Durability> {
    text(name, "durability")?
        .parse()
        .map_err(|e: kring::Error| to_py(&e))
}

/// A file path: a `str` or an `os.PathLike` giving one. Bytes paths are refused as
/// `invalid_input` (they may not be text), as Node refuses a `Buffer`.
fn path(obj: &Bound<'_, PyAny>) -> PyResult<std::path::PathBuf> {
    let fspath = obj
        .py()
        .import("os")
        .and_then(|os| os.call_method1("fspath", (obj,)))
        .ok();
    fspath
        .as_ref()
        .and_then(|p| p.cast::<PyString>().ok())
        .and_then(|s| s.to_str().ok().map(std::path::PathBuf::from))
        .ok_or_else(|| {
            coded(
                "invalid_input",
                "invalid path: expected a str or an os.PathLike of str",
            )
        })
}

/// An optional time: `None` is the moment of the write, taken inside it.
fn moment(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<At> {
    if obj.is_none() {
        Ok(At::Now)
    } else {
        utc(obj, field).map(At::Time)
    }
}

#[pyclass(frozen, module = "kring._native")]
pub struct Store {
    inner: SharedStore,
}

impl Store {
    fn wrap(store: kring::Store) -> Store {
        Store {
            inner: SharedStore::new(store),
        }
    }

    /// Runs `f` on the open store without the GIL: `closed` once the store is closed.
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&kring::Store) -> kring::Result<T> + Send,
    ) -> PyResult<T> {
        not_in_progress()?;
        run(py, || self.inner.with(f))
    }
}

/// A list (or tuple) of strings; anything else is `invalid_input`.
fn list_of_text(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Vec<String>> {
    let bad = || {
        coded(
            "invalid_input",
            format!("invalid {field}: expected a list of strings"),
        )
    };
    if obj.is_instance_of::<PyString>() {
        return Err(bad());
    }
    obj.try_iter()
        .map_err(|_| bad())?
        .map(|item| {
            let item = item?;
            Ok(text(&item, field).map_err(|_| bad())?.to_owned())
        })
        .collect()
}

/// A string argument; anything else is `invalid_input` (not a `TypeError`), as in Node.
fn text<'a>(obj: &'a Bound<'_, PyAny>, field: &str) -> PyResult<&'a str> {
    obj.cast::<PyString>()
        .ok()
        .and_then(|s| s.to_str().ok())
        .ok_or_else(|| {
            coded(
                "invalid_input",
                format!("invalid {field}: expected a string"),
            )
        })
}

/// An actor as the wrapper gives it (a `kring.Actor` is one): the tuple `(person, role)` or
/// `(person, role, on_behalf_of)`, where `on_behalf_of` is the main person a registered
/// representative acts for, or `None`. The core checks the representation.
fn actor(obj: &Bound<'_, PyAny>) -> PyResult<Actor> {
    let malformed = || {
        coded(
            "invalid_input",
            "invalid actor: expected (person, role) or (person, role, on_behalf_of)",
        )
    };
    let tuple = obj.cast::<PyTuple>().map_err(|_| malformed())?;
    if !(2..=3).contains(&tuple.len()) {
        return Err(malformed());
    }
    let part = |k: usize| tuple.get_item(k).map_err(|_| malformed());
    let on_behalf_of = match tuple.len() {
        3 => Some(part(2)?).filter(|p| !p.is_none()),
        _ => None,
    };
    Ok(Actor {
        person: parse(text(&part(0)?, "actor.person")?, "actor.person")?,
        role: parse(text(&part(1)?, "actor.role")?, "actor.role")?,
        on_behalf_of: on_behalf_of
            .map(|p| parse(text(&p, "actor.on_behalf_of")?, "actor.on_behalf_of"))
            .transpose()?,
    })
}

/// The items of `execute_many` and `import_commands`: a list of (case, actor, at, command).
/// One item of a batch: (case, actor, at, command, the version the caller read, if given).
type Item = (CaseId, Actor, At, Command, Option<u64>);

fn items(commands: &Bound<'_, PyAny>) -> PyResult<Vec<Item>> {
    let list = commands
        .cast::<pyo3::types::PyList>()
        .map_err(|_| coded("invalid_input", "invalid items: expected a list"))?;
    list.iter()
        .enumerate()
        .map(|(i, obj)| item(i, &obj))
        .collect()
}

/// One item of `execute_many`: (case, actor, at, command), and optionally the expected
/// version (or None) fifth, read part by part so that a malformed item is `invalid_input`
/// naming the item.
fn item(i: usize, obj: &Bound<'_, PyAny>) -> PyResult<Item> {
    let malformed = || {
        coded(
            "invalid_input",
            format!("invalid items[{i}]: expected (case, actor, at, command[, expected_version])"),
        )
    };
    let tuple = obj.cast::<PyTuple>().map_err(|_| malformed())?;
    if !(4..=5).contains(&tuple.len()) {
        return Err(malformed());
    }
    let part = |k: usize| tuple.get_item(k).map_err(|_| malformed());
    Ok((
        parse(text(&part(0)?, "case")?, "case")?,
        actor(&part(1)?)?,
        moment(&part(2)?, "at")?,
        input::<Command>(&part(3)?, "command")?,
        match tuple.get_item(4) {
            Ok(v) => expected(&v)?,
            Err(_) => None,
        },
    ))
}

/// The case version a caller read, if given: a whole number.
fn expected(obj: &Bound<'_, PyAny>) -> PyResult<Option<u64>> {
    if obj.is_none() {
        return Ok(None);
    }
    number(obj, "expected_version", 0, u64::MAX).map(Some)
}

/// An optional bool option: absent (or `None`, which pyo3 passes as absent) is false;
/// anything but a bool is refused.
fn flag(obj: Option<&Bound<'_, PyAny>>, field: &str) -> PyResult<bool> {
    match obj {
        None => Ok(false),
        Some(b) => b
            .cast::<PyBool>()
            .map(|b| b.is_true())
            .map_err(|_| coded("invalid_input", format!("invalid {field}: expected a bool"))),
    }
}

/// A store on a file, created or opened by `how` with the durability named, trusting a
/// clean close if asked (`StoreBuilder::trust_clean_close`).
fn file(
    py: Python<'_>,
    path: &Bound<'_, PyAny>,
    durability: Option<&Bound<'_, PyAny>>,
    trust_clean_close: bool,
    how: fn(&kring::StoreBuilder, std::path::PathBuf) -> kring::Result<kring::Store>,
) -> PyResult<Store> {
    let d = durability.map_or(Ok(Durability::default()), self::durability)?;
    let path = self::path(path)?;
    run(py, move || {
        let builder = kring::Store::builder()
            .durability(d)
            .trust_clean_close(trust_clean_close);
        how(&builder, path)
    })
    .map(Store::wrap)
}

#[pymethods]
impl Store {
    #[staticmethod]
    #[pyo3(signature = (path, durability = None))]
    fn create(
        py: Python<'_>,
        path: &Bound<'_, PyAny>,
        durability: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Store> {
        file(py, path, durability, false, kring::StoreBuilder::create)
    }

    /// Opens a store file. By default every page's checksum is checked first (seconds for
    /// a large store); `trust_clean_close=True` opens a file that was closed cleanly in
    /// milliseconds, checking only the engine's own bookkeeping: for files your own system
    /// wrote and keeps (damage elsewhere is found when read, or by `verify`).
    #[staticmethod]
    #[pyo3(signature = (path, durability = None, trust_clean_close = None))]
    fn open(
        py: Python<'_>,
        path: &Bound<'_, PyAny>,
        durability: Option<&Bound<'_, PyAny>>,
        trust_clean_close: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Store> {
        let trust = flag(trust_clean_close, "trust_clean_close")?;
        file(py, path, durability, trust, kring::StoreBuilder::open)
    }

    #[staticmethod]
    fn in_memory(py: Python<'_>) -> PyResult<Store> {
        run(py, kring::Store::in_memory).map(Store::wrap)
    }

    /// Closes the store: waits for calls in flight on other threads, then releases the
    /// file, so that it can be opened again at once. Later calls raise `Closed`. Closing
    /// twice is fine.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        not_in_progress()?;
        py.detach(|| self.inner.close());
        Ok(())
    }

    #[getter]
    fn closed(&self) -> PyResult<bool> {
        not_in_progress()?;
        Ok(self.inner.is_closed())
    }

    /// The format version recorded in the file (`FORMAT_VERSION` once upgraded).
    fn format_version(&self, py: Python<'_>) -> PyResult<u16> {
        self.with(py, |s| Ok(s.format_version()))
    }

    /// Converts a store of an older format to the current one, in one transaction, then
    /// compacts it, and returns the core's `UpgradeReport` (`from`, `to`, `events`, `cases`).
    /// A store of the current format is left as it is.
    ///
    /// `progress(done, total)` is called with the GIL (every thousand values and once all are
    /// converted, before the commit); signals are checked at the same moments. An exception
    /// it raises (or a `KeyboardInterrupt`) stops the upgrade, nothing committed, and is
    /// raised as it is.
    #[pyo3(signature = (progress = None))]
    fn upgrade<'py>(
        &self,
        py: Python<'py>,
        progress: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let progress = match progress.filter(|p| !p.is_none()) {
            None => None,
            Some(p) if p.is_callable() => Some(p.clone().unbind()),
            Some(_) => {
                return Err(coded(
                    "invalid_input",
                    "invalid progress: expected a callable or None",
                ));
            }
        };
        let mut raised: Option<PyErr> = None;
        not_in_progress()?;
        let report = run(py, || {
            self.inner.upgrade(|p| {
                let called = Python::attach(|py| {
                    py.check_signals()?;
                    let Some(f) = &progress else { return Ok(()) };
                    IN_PROGRESS.set(true);
                    let r = f.call1(py, (p.done, p.total));
                    IN_PROGRESS.set(false);
                    r.map(drop)
                });
                called.map_err(|e| {
                    raised = Some(e);
                    kring::Error::Internal(
                        "the upgrade was stopped by its progress callback".into(),
                    )
                })
            })
        });
        match raised {
            Some(e) => Err(e),
            None => out(py, &report?),
        }
    }

    fn new_id(&self, py: Python<'_>, kind: &Bound<'_, PyAny>) -> PyResult<String> {
        let kind = text(kind, "kind")?;
        self.with(py, |s| s.new_id_text(kind))
    }

    /// Executes one command (in its JSON shape) by `actor` (see [`actor`]) and returns the
    /// event. `at` is `None` for the moment of the write.
    /// With `expected_version`, the case must still be at the version the caller read, or
    /// the command is a `conflict`.
    #[pyo3(signature = (case, actor, at, command, expected_version = None))]
    fn execute<'py>(
        &self,
        py: Python<'py>,
        case: &Bound<'py, PyAny>,
        actor: &Bound<'py, PyAny>,
        at: &Bound<'py, PyAny>,
        command: &Bound<'py, PyAny>,
        expected_version: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (case, actor, at): (CaseId, Actor, At) = (
            parse(text(case, "case")?, "case")?,
            self::actor(actor)?,
            moment(at, "at")?,
        );
        let command: Command = input(command, "command")?;
        let version = match expected_version {
            Some(v) => expected(v)?,
            None => None,
        };
        let event = self.with(py, |s| match version {
            Some(v) => s.execute_at_version(case, v, actor, at, command),
            None => s.execute(case, actor, at, command),
        })?;
        view(py, event)
    }

    /// Executes many commands in one transaction: all are committed, or none.
    /// Each item is `(case, actor, at, command, expected_version)`.
    fn execute_many<'py>(
        &self,
        py: Python<'py>,
        commands: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let parsed = items(commands)?;
        let events = self.with(py, |s| {
            s.transaction(|tx| {
                parsed
                    .into_iter()
                    .map(|(c, a, t, cmd, version)| match version {
                        Some(v) => tx.execute_at_version(c, v, a, t, cmd),
                        None => tx.execute(c, a, t, cmd),
                    })
                    .collect::<kring::Result<Vec<_>>>()
            })
        })?;
        views(py, events)
    }

    /// Imports many commands, all or none, through the store's bulk-import path (checked
    /// and written on two threads). Each item is `(case, actor, at, command)`; returns the
    /// report (`commands`, `cases`, `first_seq`, `last_seq`).
    fn import_commands<'py>(
        &self,
        py: Python<'py>,
        commands: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let parsed = items(commands)?;
        if parsed.iter().any(|i| i.4.is_some()) {
            return Err(coded(
                "invalid_input",
                "invalid items: an import takes no expected versions (use execute_many)",
            ));
        }
        let parsed = parsed.into_iter().map(|(c, a, t, cmd, _)| (c, a, t, cmd));
        let report = self.with(py, |s| s.import(parsed))?;
        view(py, report)
    }

    fn case<'py>(&self, py: Python<'py>, id: &Bound<'_, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let id: CaseId = parse(text(id, "case")?, "case")?;
        view(py, self.with(py, |s| s.case(id))?)
    }

    /// The case as `reader` may see it, in their role (the read table of `docs/domain.md`):
    /// a part the role may not read is absent from the dict.
    fn case_for<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'_, PyAny>,
        reader: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (id, reader): (CaseId, Actor) = (parse(text(id, "case")?, "case")?, actor(reader)?);
        view(py, self.with(py, |s| s.case_for(id, &reader))?)
    }

    /// The access log of `case`, or of `person`: exactly one of them.
    #[pyo3(signature = (case = None, person = None))]
    fn access_log<'py>(
        &self,
        py: Python<'py>,
        case: Option<&Bound<'py, PyAny>>,
        person: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let case: Option<CaseId> = match case.filter(|c| !c.is_none()) {
            Some(c) => Some(parse(text(c, "case")?, "case")?),
            None => None,
        };
        let person: Option<PersonId> = match person.filter(|p| !p.is_none()) {
            Some(p) => Some(parse(text(p, "person")?, "person")?),
            None => None,
        };
        views(py, self.with(py, |s| s.access_log_for(case, person))?)
    }

    /// Erases `person` from case `case`, or from every case and the pool; then compacts.
    #[pyo3(signature = (person, by, ground, case = None))]
    fn erase_person<'py>(
        &self,
        py: Python<'py>,
        person: &Bound<'py, PyAny>,
        by: &Bound<'py, PyAny>,
        ground: &Bound<'py, PyAny>,
        case: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let person: PersonId = parse(text(person, "person")?, "person")?;
        let by = actor(by)?;
        let ground = text(ground, "ground")?.to_owned();
        let case: Option<CaseId> = match case.filter(|c| !c.is_none()) {
            Some(c) => Some(parse(text(c, "case")?, "case")?),
            None => None,
        };
        not_in_progress()?;
        let report = run(py, || self.inner.erase_person(person, case, by, &ground))?;
        view(py, report)
    }

    fn case_at_version<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'_, PyAny>,
        version: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let id: CaseId = parse(text(id, "case")?, "case")?;
        let version = number(version, "version", 0, u64::MAX)?;
        view(py, self.with(py, |s| s.case_at_version(id, version))?)
    }

    fn case_at<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'_, PyAny>,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (id, at): (CaseId, _) = (parse(text(id, "case")?, "case")?, utc(at, "at")?);
        view(py, self.with(py, |s| s.case_at(id, at))?)
    }

    fn history<'py>(&self, py: Python<'py>, id: &Bound<'_, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let id: CaseId = parse(text(id, "case")?, "case")?;
        views(py, self.with(py, |s| s.history(id))?)
    }

    /// Case ids matching every filter in `filters` (the fields of the core's `CaseQuery`);
    /// an unknown filter is `invalid_input`.
    fn query(&self, py: Python<'_>, filters: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let q: CaseQuery = input(filters, "filters")?;
        Ok(self
            .with(py, |s| s.query(&q))?
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
        views(py, self.with(py, |s| s.cases(&q))?)
    }

    fn summary<'py>(&self, py: Python<'py>, id: &Bound<'_, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let id: CaseId = parse(text(id, "case")?, "case")?;
        view(py, self.with(py, |s| s.summary(id))?)
    }

    fn summaries<'py>(
        &self,
        py: Python<'py>,
        filters: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let q: CaseQuery = input(filters, "filters")?;
        views(py, self.with(py, |s| s.summaries(&q))?)
    }

    /// The store's id (`store_…`): the origin of the events it writes.
    #[getter]
    fn id(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.with(py, |s| Ok(s.id()))?.to_string())
    }

    /// The store that writes `case` (this store's id, unless the case is a copy here).
    fn holder(&self, py: Python<'_>, case: &Bound<'_, PyAny>) -> PyResult<String> {
        let case: CaseId = parse(text(case, "case")?, "case")?;
        Ok(self.with(py, |s| s.holder(case))?.to_string())
    }

    /// The case file of `case` (`docs/interchange.md`), as one line of JSON: the whole
    /// history, or what `reader` may see, or pseudonymised with `key`.
    #[pyo3(signature = (case, reader = None, key = None))]
    fn export_case(
        &self,
        py: Python<'_>,
        case: &Bound<'_, PyAny>,
        reader: Option<&Bound<'_, PyAny>>,
        key: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let case: CaseId = parse(text(case, "case")?, "case")?;
        let reader = reader.filter(|r| !r.is_none()).map(actor).transpose()?;
        let key = key_bytes(key)?;
        match (reader, key) {
            (Some(_), Some(_)) => Err(coded(
                "invalid_input",
                "invalid disclosure: a case file is scoped to a reader or pseudonymised with a key, not both",
            )),
            (Some(reader), None) => self.with(py, |s| {
                s.export_case_for(case, &reader).map(|f| f.to_json())
            }),
            (None, Some(key)) => {
                let disclosure = Disclosure::pseudonymised(key).map_err(|e| to_py(&e.into()))?;
                self.with(py, |s| {
                    kring_research::export_case_pseudonymised(s, case, &disclosure)
                        .map(|f| f.to_json())
                })
            }
            (None, None) => self.with(py, |s| s.export_case(case).map(|f| f.to_json())),
        }
    }

    /// A plan version of `case` as one self-contained HTML document in `lang` (`nl` or
    /// `en`): the latest version unless `version` is given; printed for `reader`, only what
    /// they may see, and their read logged.
    #[pyo3(signature = (case, lang = None, version = None, reader = None))]
    fn plan_html(
        &self,
        py: Python<'_>,
        case: &Bound<'_, PyAny>,
        lang: Option<&Bound<'_, PyAny>>,
        version: Option<&Bound<'_, PyAny>>,
        reader: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let case: CaseId = parse(text(case, "case")?, "case")?;
        let version = match version.filter(|v| !v.is_none()) {
            Some(v) => Some(number(v, "version", 1, u64::from(u32::MAX))? as u32),
            None => None,
        };
        let options = kring_documents::PlanOptions {
            version,
            lang: language(lang)?,
            reader: reader.filter(|r| !r.is_none()).map(actor).transpose()?,
        };
        self.with(py, |s| {
            let case = kring_documents::read(s, case, options.reader.as_ref())?;
            Ok(kring_documents::plan_html(&case, &options)?)
        })
    }

    /// The network map (ecogram) of `case`'s circle as SVG in `lang` (`nl` or `en`); drawn
    /// for `reader`, only what they may see, and their read logged.
    #[pyo3(signature = (case, lang = None, reader = None))]
    fn network_map(
        &self,
        py: Python<'_>,
        case: &Bound<'_, PyAny>,
        lang: Option<&Bound<'_, PyAny>>,
        reader: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let case: CaseId = parse(text(case, "case")?, "case")?;
        let options = kring_documents::MapOptions {
            lang: language(lang)?,
            reader: reader.filter(|r| !r.is_none()).map(actor).transpose()?,
        };
        self.with(py, |s| {
            let case = kring_documents::read(s, case, options.reader.as_ref())?;
            Ok(kring_documents::network_map_svg(&case, &options)?)
        })
    }

    /// `case` as an HL7 FHIR R5 Bundle (`docs/fhir.md`), as JSON text.
    fn fhir_bundle(&self, py: Python<'_>, case: &Bound<'_, PyAny>) -> PyResult<String> {
        let case: CaseId = parse(text(case, "case")?, "case")?;
        self.with(py, |s| Ok(kring_fhir::bundle(&s.case(case)?)?.to_string()))
    }

    /// Imports a case file given as JSON text; the report as a record.
    fn import_case<'py>(
        &self,
        py: Python<'py>,
        file: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let file = text(file, "case file")?.to_owned();
        let report = self.with(py, |s| s.import_case(&kring::CaseFile::from_json(&file)?))?;
        view(py, report)
    }

    /// The change feed after sequence number `after`, at most `limit` entries, each one
    /// line of JSON.
    fn feed(
        &self,
        py: Python<'_>,
        after: &Bound<'_, PyAny>,
        limit: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<String>> {
        let after = number(after, "after", 0, u64::MAX)?;
        let limit = number(limit, "limit", 0, kring::MAX_PAGE as u64)? as usize;
        self.with(py, |s| {
            Ok(s.feed(after, limit)?.iter().map(|e| e.to_json()).collect())
        })
    }

    /// Takes a batch of another store's feed (lines of JSON), of the cases in `cases` or of
    /// every case; the report as a record.
    #[pyo3(signature = (entries, cases = None))]
    fn follow<'py>(
        &self,
        py: Python<'py>,
        entries: &Bound<'py, PyAny>,
        cases: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let lines: Vec<String> = list_of_text(entries, "entries")?;
        let cases: Option<std::collections::HashSet<CaseId>> = match cases.filter(|c| !c.is_none())
        {
            Some(c) => Some(
                list_of_text(c, "cases")?
                    .iter()
                    .map(|t| parse(t, "cases"))
                    .collect::<PyResult<_>>()?,
            ),
            None => None,
        };
        let report = self.with(py, |s| {
            let entries = lines
                .iter()
                .map(|l| kring::FeedEntry::from_json(l))
                .collect::<kring::Result<Vec<_>>>()?;
            s.follow(&entries, cases.as_ref())
        })?;
        view(py, report)
    }

    /// Where following `store` stands: the last sequence number of its feed taken.
    fn cursor(&self, py: Python<'_>, store: &Bound<'_, PyAny>) -> PyResult<u64> {
        let store: StoreId = parse(text(store, "store")?, "store")?;
        self.with(py, |s| s.cursor(store))
    }

    fn cases_of_person(&self, py: Python<'_>, person: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let p: PersonId = parse(text(person, "person")?, "person")?;
        Ok(self
            .with(py, |s| s.cases_of_person(p))?
            .into_iter()
            .map(|id| id.to_string())
            .collect())
    }

    fn evaluations_due<'py>(
        &self,
        py: Python<'py>,
        as_of: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        /// A date read as every date a command carries: `YYYY-MM-DD` exactly, or a `date`.
        #[derive(serde::Deserialize)]
        struct Day(#[serde(with = "kring::domain::wire::Date")] chrono::NaiveDate);
        let Day(as_of) = input_at(as_of, "as_of", crate::types::DATE)?;
        views(py, self.with(py, |s| s.evaluations_due(as_of))?)
    }

    /// Adds a coordinator to the pool, or replaces their entry (`{"coordinator", "available"}`,
    /// the core's `PoolEntry`); the profile is checked as an assignment checks it.
    fn register_coordinator(&self, py: Python<'_>, entry: &Bound<'_, PyAny>) -> PyResult<()> {
        let entry: pool::PoolEntry = input(entry, "entry")?;
        self.with(py, |s| s.register_coordinator(&entry))
    }

    /// The coordinator pool, in person-id order.
    fn coordinator_pool<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        views(py, self.with(py, |s| s.coordinator_pool())?)
    }

    /// One coordinator's entry in the pool: `not_found` if they are not in it.
    fn pool_entry<'py>(
        &self,
        py: Python<'py>,
        person: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let p: PersonId = parse(text(person, "person")?, "person")?;
        view(py, self.with(py, |s| s.pool_entry(p))?)
    }

    /// The coordinators of the pool who may be assigned to a case, best fit first, each with
    /// the family's wishes they meet (`fits`).
    fn match_coordinators<'py>(
        &self,
        py: Python<'py>,
        case: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let id: CaseId = parse(text(case, "case")?, "case")?;
        views(py, self.with(py, |s| s.match_coordinators(id))?)
    }

    fn events_since<'py>(
        &self,
        py: Python<'py>,
        after: &Bound<'py, PyAny>,
        limit: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let after = number(after, "after", 0, u64::MAX)?;
        let limit = number(limit, "limit", 0, u64::MAX)? as usize;
        views(py, self.with(py, |s| s.events_since(after, limit))?)
    }

    fn last_seq(&self, py: Python<'_>) -> PyResult<u64> {
        self.with(py, |s| s.last_seq())
    }

    /// How many cases the store holds. Not `__len__`: a store is a handle, always truthy,
    /// not a container that an empty store would make false.
    fn count(&self, py: Python<'_>) -> PyResult<u64> {
        self.with(py, |s| s.len())
    }

    fn verify<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        view(py, self.with(py, |s| s.verify())?)
    }

    fn backup(&self, py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        let path = self::path(path)?;
        self.with(py, |s| s.backup(&path))
    }

    /// Research tables: pseudonymised with `key` (bytes) unless `identifying` is true; those
    /// named in `tables` (a list of names) or every one, in the order of the tables.
    #[pyo3(signature = (key = None, identifying = None, tables = None))]
    fn research_tables<'py>(
        &self,
        py: Python<'py>,
        key: Option<&Bound<'py, PyAny>>,
        identifying: Option<&Bound<'py, PyAny>>,
        tables: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let wanted = table_set(tables)?;
        let disclosure = disclosure(key, identifying)?;
        let tables = self.with(py, |s| {
            kring_research::store_tables_only(s, &disclosure, wanted)
        })?;
        let list = pyo3::types::PyList::empty(py);
        for t in &tables {
            list.append(crate::convert::table(py, t)?)?;
        }
        Ok(list.into_any())
    }

    /// Research tables as Arrow (`ArrowTable`s, in the order of the tables): pseudonymised
    /// with `key` (bytes) unless `identifying` is true; those named in `tables` (a list of
    /// names) or every one.
    #[pyo3(signature = (key = None, identifying = None, tables = None))]
    fn research_arrow<'py>(
        &self,
        py: Python<'py>,
        key: Option<&Bound<'py, PyAny>>,
        identifying: Option<&Bound<'py, PyAny>>,
        tables: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Vec<crate::arrow::ArrowTable>> {
        let wanted = table_set(tables)?;
        let disclosure = disclosure(key, identifying)?;
        let tables = self.with(py, |s| {
            kring_research::arrow_tables_only(s, &disclosure, wanted)
        })?;
        Ok(tables
            .into_iter()
            .map(crate::arrow::ArrowTable::new)
            .collect())
    }

    /// Writes the research tables of every case, pseudonymised with `key` (bytes, required),
    /// into the hive-partitioned Parquet dataset at `dir`, under the organisation code
    /// `organisation` (default: the store's pseudonym). The core's summary as a dict:
    /// `organisation`, `cases`, `files` (paths relative to `dir`), `rows` by table.
    #[pyo3(signature = (dir, key = None, organisation = None))]
    fn export_parquet<'py>(
        &self,
        py: Python<'py>,
        dir: &Bound<'py, PyAny>,
        key: Option<&Bound<'py, PyAny>>,
        organisation: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let dir = self::path(dir)?;
        let disclosure =
            kring_research::parquet_disclosure(key_bytes(key)?, false).map_err(|e| to_py(&e))?;
        let organisation = match organisation.filter(|o| !o.is_none()) {
            Some(o) => Some(text(o, "organisation")?.to_owned()),
            None => None,
        };
        let summary = self.with(py, |s| {
            kring_research::write_parquet(s, &dir, &disclosure, organisation.as_deref())
        })?;
        let dict = pyo3::types::PyDict::new(py);
        dict.set_item("organisation", &summary.organisation)?;
        dict.set_item("cases", summary.cases)?;
        let files: Vec<String> = summary
            .files
            .iter()
            .map(|f| f.to_string_lossy().into_owned())
            .collect();
        dict.set_item("files", files)?;
        let rows = pyo3::types::PyDict::new(py);
        for (table, n) in &summary.rows {
            rows.set_item(table, n)?;
        }
        dict.set_item("rows", rows)?;
        Ok(dict.into_any())
    }

    /// The standard measures of the cases requested in `[from_, to)` (`date`s or
    /// `YYYY-MM-DD`), grouped by `group_by` (`none`, `variant`, `legal_basis`,
    /// `organisation`): pseudonymised with `key` (bytes, small cells withheld) unless
    /// `identifying` is true. The core's `Measures` as plain dicts and lists, the period's
    /// days as `date`s.
    #[pyo3(signature = (key = None, identifying = None, from_ = None, to = None, group_by = None))]
    fn measures<'py>(
        &self,
        py: Python<'py>,
        key: Option<&Bound<'py, PyAny>>,
        identifying: Option<&Bound<'py, PyAny>>,
        from_: Option<&Bound<'py, PyAny>>,
        to: Option<&Bound<'py, PyAny>>,
        group_by: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (query, disclosure) = measure_args(key, identifying, from_, to, group_by)?;
        let measures = self.with(py, |s| {
            kring_research::measures::store_measures(s, &query, &disclosure)
        })?;
        let dict = out(py, &measures)?;
        // The period's days as `date`s, as every date the binding gives out.
        let period = dict.get_item("query")?;
        for (field, day) in [("from", query.from), ("to", query.to)] {
            if let Some(day) = day {
                period.set_item(field, day.into_pyobject(py)?)?;
            }
        }
        Ok(dict)
    }

    /// The standard measures, chosen and disclosed as [`Store::measures`] takes them, as one
    /// self-contained HTML report with charts (`docs/documents.md`, "The report") in `lang`
    /// (`nl` or `en`), as `kring report` writes it; `made_on` (a `date` or `YYYY-MM-DD`) is
    /// printed under the title as the day it was made, and nothing when absent.
    #[pyo3(signature = (key = None, identifying = None, from_ = None, to = None, group_by = None, lang = None, made_on = None))]
    #[allow(clippy::too_many_arguments)]
    fn report_html(
        &self,
        py: Python<'_>,
        key: Option<&Bound<'_, PyAny>>,
        identifying: Option<&Bound<'_, PyAny>>,
        from_: Option<&Bound<'_, PyAny>>,
        to: Option<&Bound<'_, PyAny>>,
        group_by: Option<&Bound<'_, PyAny>>,
        lang: Option<&Bound<'_, PyAny>>,
        made_on: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        // Every option is checked before the cases are counted, in the order `kring report`
        // checks them.
        let (query, disclosure) = measure_args(key, identifying, from_, to, group_by)?;
        let lang = match lang.filter(|l| !l.is_none()) {
            Some(l) => Some(text(l, "lang")?),
            None => None,
        };
        let made_on = day_text(made_on, "made_on")?;
        let options = kring_documents::ReportOptions::from_options(lang, made_on.as_deref())
            .map_err(|e| to_py(&e.into()))?;
        let measures = self.with(py, |s| {
            kring_research::measures::store_measures(s, &query, &disclosure)
        })?;
        // Written after the store's lock is let go, still without the GIL.
        run(py, || {
            Ok(kring_documents::report_html(&measures, &options)?)
        })
    }

    /// Adds `count` generated, realistic cases (the test kit's workload generator, `seed`),
    /// one transaction per case. For trying the API and for tests; every name is invented.
    fn generate(
        &self,
        py: Python<'_>,
        seed: &Bound<'_, PyAny>,
        count: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<String>> {
        let seed = number(seed, "seed", 0, u64::MAX)?;
        let count = number(count, "count", 0, u64::MAX)?;
        Ok(self
            .with(py, |s| kring_testkit::generate(s, seed, count))?
            .into_iter()
            .map(|id| id.to_string())
            .collect())
    }
}

/// The research tables asked for: every one when `tables` is absent (`None`), else those
/// named in it, a list (or tuple) of names. One string is refused rather than read as a list
/// of letters; an unknown name or an empty list is the core's `invalid_input` (field
/// `tables`), naming the tables there are.
fn table_set(tables: Option<&Bound<'_, PyAny>>) -> PyResult<kring_research::TableSet> {
    let Some(tables) = tables.filter(|t| !t.is_none()) else {
        return Ok(kring_research::TableSet::ALL);
    };
    // A list or a tuple: a dict or a set would be read as its keys, in no stated order.
    if !(tables.is_instance_of::<pyo3::types::PyList>()
        || tables.is_instance_of::<pyo3::types::PyTuple>())
    {
        return Err(coded(
            "invalid_input",
            "invalid tables: expected a list of strings",
        ));
    }
    let names = list_of_text(tables, "tables")?;
    kring_research::TableSet::of(&names).map_err(|e| to_py(&e.into()))
}

/// The disclosure of a research export: pseudonymised with `key` unless `identifying` is
/// true (a bool).
fn disclosure(
    key: Option<&Bound<'_, PyAny>>,
    identifying: Option<&Bound<'_, PyAny>>,
) -> PyResult<Disclosure> {
    let identifying = flag(identifying, "identifying")?;
    let key = key_bytes(key)?;
    Disclosure::from_options(key, identifying).map_err(|e| to_py(&e.into()))
}

/// Which cases the standard measures are of and how they are grouped (`from_`, `to`,
/// `group_by`), and how much they show (`key`, `identifying`): the options of `measures` and
/// `report_html`, the query checked first, then the disclosure, as the core and the command
/// line check them.
fn measure_args(
    key: Option<&Bound<'_, PyAny>>,
    identifying: Option<&Bound<'_, PyAny>>,
    from_: Option<&Bound<'_, PyAny>>,
    to: Option<&Bound<'_, PyAny>>,
    group_by: Option<&Bound<'_, PyAny>>,
) -> PyResult<(kring_research::measures::MeasureQuery, Disclosure)> {
    let from = day_text(from_, "from")?;
    let to = day_text(to, "to")?;
    let group_by = match group_by.filter(|g| !g.is_none()) {
        Some(g) => Some(text(g, "group_by")?),
        None => None,
    };
    let query = kring_research::measures::MeasureQuery::from_options(
        from.as_deref(),
        to.as_deref(),
        group_by,
    )
    .map_err(|e| to_py(&e.into()))?;
    Ok((query, disclosure(key, identifying)?))
}

/// A day given as a `date` (not a `datetime`) or as text, as text for the core to parse
/// (`None` when absent).
fn day_text(obj: Option<&Bound<'_, PyAny>>, field: &str) -> PyResult<Option<String>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    if let Some(day) = crate::pytime::date_text(obj) {
        return Ok(Some(day));
    }
    obj.cast::<PyString>()
        .ok()
        .and_then(|s| s.to_str().ok())
        .map(|s| Some(s.to_owned()))
        .ok_or_else(|| {
            coded(
                "invalid_input",
                format!("invalid {field}: expected a date, or text written YYYY-MM-DD"),
            )
        })
}

/// A pseudonymisation key given as `bytes` or `bytearray` (`None` when absent).
fn key_bytes(key: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<u8>>> {
    let Some(k) = key.filter(|k| !k.is_none()) else {
        return Ok(None);
    };
    if let Ok(b) = k.cast::<PyBytes>() {
        Ok(Some(b.as_bytes().to_vec()))
    } else if let Ok(b) = k.cast::<PyByteArray>() {
        Ok(Some(b.to_vec()))
    } else {
        Err(coded(
            "invalid_input",
            "invalid key: expected bytes (random, at least 16)",
        ))
    }
}

/// The language of a document: `nl` (when absent) or `en`.
fn language(lang: Option<&Bound<'_, PyAny>>) -> PyResult<kring_documents::Lang> {
    match lang.filter(|l| !l.is_none()) {
        None => Ok(kring_documents::Lang::default()),
        Some(l) => text(l, "lang")?
            .parse()
            .map_err(|e: kring::domain::Error| to_py(&e.into())),
    }
}
