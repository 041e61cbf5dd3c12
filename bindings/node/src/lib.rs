//! The Node binding of the kring store. Thin: values cross as JSON (the core's serde shape;
//! times as RFC 3339 strings, dates as `YYYY-MM-DD`, ids as strings), every check lives in
//! the core, and every call goes through [`call`], which catches panics and turns errors into
//! a JavaScript `Error` whose message is `{"code","message","rule","ids"}` for the wrapper
//! (`index.js`) to raise as the matching `KringError` subclass.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, NaiveDate, Utc};
use kring::domain::research::Disclosure;
use kring::domain::*;
use kring::{CaseQuery, Durability};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::value::RawValue;
use serde_json::{Value, json};

/// An error as the wrapper reads it.
fn coded(
    code: &str,
    message: impl Into<String>,
    rule: Option<&str>,
    ids: Vec<String>,
) -> napi::Error {
    let body = json!({ "code": code, "message": message.into(), "rule": rule, "ids": ids });
    napi::Error::new(Status::GenericFailure, body.to_string())
}

fn from_core(e: &kring::Error) -> napi::Error {
    let rule = e.domain().and_then(|d| d.rule()).map(|r| r.code());
    coded(
        e.code(),
        e.to_string(),
        rule,
        e.domain().map(|d| d.ids()).unwrap_or_default(),
    )
}

fn invalid(field: &str, message: impl std::fmt::Display) -> napi::Error {
    coded(
        "invalid_input",
        format!("invalid {field}: {message}"),
        None,
        vec![],
    )
}

/// Runs `f`; a panic becomes an `internal` error and changes nothing.
fn call<T>(f: impl FnOnce() -> napi::Result<T>) -> napi::Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(coded(
            "internal",
            "a panic was caught; nothing was changed",
            None,
            vec![],
        ))
    })
}

/// A result as JSON text: the wrapper parses it with `JSON.parse`, which is much faster than
/// building the objects value by value through N-API, and has no limit on their number.
fn core<T: serde::Serialize>(r: kring::Result<T>) -> napi::Result<String> {
    let v = r.map_err(|e| from_core(&e))?;
    serde_json::to_string(&v).map_err(|e| coded("internal", e.to_string(), None, vec![]))
}

fn parse<T: std::str::FromStr>(text: &str, field: &str) -> napi::Result<T>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e| invalid(field, e))
}

fn from_json<T: serde::de::DeserializeOwned>(v: Value, field: &str) -> napi::Result<T> {
    serde_json::from_value(v).map_err(|e| invalid(field, e))
}

fn time(text: &str, field: &str) -> napi::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| invalid(field, format!("`{text}` is not an RFC 3339 time: {e}")))
}

/// A unit of work run on the libuv thread pool, off the event loop.
pub struct Job(Option<Box<dyn FnOnce() -> napi::Result<String> + Send>>);

impl Task for Job {
    type Output = String;
    type JsValue = String;

    fn compute(&mut self) -> napi::Result<String> {
        let f = self
            .0
            .take()
            .ok_or_else(|| coded("internal", "job run twice", None, vec![]))?;
        call(f)
    }

    fn resolve(&mut self, _env: Env, output: String) -> napi::Result<String> {
        Ok(output)
    }
}

fn job(f: impl FnOnce() -> napi::Result<String> + Send + 'static) -> AsyncTask<Job> {
    AsyncTask::new(Job(Some(Box::new(f))))
}

/// A command as the binding receives it.
struct Input {
    case: CaseId,
    actor: Actor,
    at: DateTime<Utc>,
    command: Command,
}

fn input(case: &str, actor: Value, at: &str, command: Value) -> napi::Result<Input> {
    Ok(Input {
        case: parse(case, "case")?,
        actor: from_json(actor, "actor")?,
        at: time(at, "at")?,
        command: from_json(command, "command")?,
    })
}

/// One item of `executeMany` as JSON text, its parts left unparsed until their turn, so that
/// each is reported under its own name.
#[derive(serde::Deserialize)]
struct RawItem<'a> {
    #[serde(borrow, default)]
    case: Option<&'a RawValue>,
    #[serde(borrow, default)]
    actor: Option<&'a RawValue>,
    #[serde(borrow, default)]
    at: Option<&'a RawValue>,
    #[serde(borrow, default)]
    command: Option<&'a RawValue>,
}

/// A part of an item, typed; a missing part reads as `null`.
fn part<T: serde::de::DeserializeOwned>(v: Option<&RawValue>, field: &str) -> napi::Result<T> {
    serde_json::from_str(v.map_or("null", RawValue::get)).map_err(|e| invalid(field, e))
}

/// The items of `executeMany`, sent as one JSON text: `JSON.stringify` and a typed parse here
/// are several times faster than converting each object through N-API.
fn many(items: &str) -> napi::Result<Vec<Input>> {
    let raw: Vec<RawItem<'_>> = serde_json::from_str(items)
        .map_err(|e| invalid("items", format!("a list of commands: {e}")))?;
    let text = |v: Option<&RawValue>| v.and_then(|v| serde_json::from_str::<String>(v.get()).ok());
    raw.into_iter()
        .map(|i| {
            let case = text(i.case).ok_or_else(|| invalid("case", "a string id"))?;
            let at = text(i.at).ok_or_else(|| invalid("at", "an RFC 3339 string"))?;
            Ok(Input {
                case: parse(&case, "case")?,
                actor: part(i.actor, "actor")?,
                at: time(&at, "at")?,
                command: part(i.command, "command")?,
            })
        })
        .collect()
}

/// An embedded kring store.
#[napi]
pub struct Store {
    inner: RwLock<Option<Arc<kring::Store>>>,
}

fn durability(d: Option<String>) -> napi::Result<Durability> {
    match d.as_deref() {
        None | Some("durable") => Ok(Durability::Durable),
        Some("fast") => Ok(Durability::Fast),
        Some(other) => Err(invalid(
            "durability",
            format!("`{other}`; expected durable or fast"),
        )),
    }
}

fn wrap(s: kring::Result<kring::Store>) -> napi::Result<Store> {
    s.map(|s| Store {
        inner: RwLock::new(Some(Arc::new(s))),
    })
    .map_err(|e| from_core(&e))
}

#[napi]
impl Store {
    /// Creates a new store file.
    #[napi(factory)]
    pub fn create(path: String, durability: Option<String>) -> napi::Result<Store> {
        call(|| {
            wrap(
                kring::Store::builder()
                    .durability(self::durability(durability)?)
                    .create(&path),
            )
        })
    }

    /// Opens an existing store file.
    #[napi(factory)]
    pub fn open(path: String, durability: Option<String>) -> napi::Result<Store> {
        call(|| {
            wrap(
                kring::Store::builder()
                    .durability(self::durability(durability)?)
                    .open(&path),
            )
        })
    }

    /// A store in memory.
    #[napi(factory)]
    pub fn in_memory() -> napi::Result<Store> {
        call(|| wrap(kring::Store::in_memory()))
    }

    fn get(&self) -> napi::Result<Arc<kring::Store>> {
        self.inner
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| coded("closed", "the store is closed", None, vec![]))
    }

    /// Closes the store (releasing the file); later calls fail with code `closed`.
    #[napi]
    pub fn close(&self) {
        self.inner.write().unwrap_or_else(|p| p.into_inner()).take();
    }

    #[napi(getter)]
    pub fn closed(&self) -> bool {
        self.inner
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .is_none()
    }

    /// A new unique id of a kind: case, person, org, framework, item, conf, agr, help, eval, signal.
    #[napi]
    pub fn new_id(&self, kind: String) -> napi::Result<String> {
        call(|| self.get()?.new_id_of(&kind).map_err(|e| from_core(&e)))
    }

    /// Executes one command; resolves to the event.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn execute(
        &self,
        case_id: String,
        actor: Value,
        at: String,
        command: Value,
    ) -> napi::Result<AsyncTask<Job>> {
        let (s, i) = (self.get()?, input(&case_id, actor, &at, command)?);
        Ok(job(move || {
            core(s.execute(i.case, i.actor, i.at, i.command))
        }))
    }

    /// Executes one command synchronously.
    #[napi]
    pub fn execute_sync(
        &self,
        case_id: String,
        actor: Value,
        at: String,
        command: Value,
    ) -> napi::Result<String> {
        call(|| {
            let (s, i) = (self.get()?, input(&case_id, actor, &at, command)?);
            core(s.execute(i.case, i.actor, i.at, i.command))
        })
    }

    /// Executes many commands in one transaction: all or none. Items: `{case, actor, at, command}`.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn execute_many(&self, items: String) -> napi::Result<AsyncTask<Job>> {
        let s = self.get()?;
        let parsed = many(&items)?;
        Ok(job(move || {
            core(s.transaction(|tx| {
                parsed
                    .into_iter()
                    .map(|i| tx.execute(i.case, i.actor, i.at, i.command))
                    .collect::<kring::Result<Vec<_>>>()
            }))
        }))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn case(&self, id: String) -> napi::Result<AsyncTask<Job>> {
        let (s, id) = (self.get()?, parse::<CaseId>(&id, "case")?);
        Ok(job(move || core(s.case(id))))
    }

    #[napi]
    pub fn case_sync(&self, id: String) -> napi::Result<String> {
        call(|| core(self.get()?.case(parse(&id, "case")?)))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn case_at_version(&self, id: String, version: i64) -> napi::Result<AsyncTask<Job>> {
        let (s, id) = (self.get()?, parse::<CaseId>(&id, "case")?);
        let version =
            u64::try_from(version).map_err(|_| invalid("version", "a positive number"))?;
        Ok(job(move || core(s.case_at_version(id, version))))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn case_at(&self, id: String, at: String) -> napi::Result<AsyncTask<Job>> {
        let (s, id, at) = (self.get()?, parse::<CaseId>(&id, "case")?, time(&at, "at")?);
        Ok(job(move || core(s.case_at(id, at))))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn history(&self, id: String) -> napi::Result<AsyncTask<Job>> {
        let (s, id) = (self.get()?, parse::<CaseId>(&id, "case")?);
        Ok(job(move || core(s.history(id))))
    }

    /// Case ids matching every filter (the fields of the core's `CaseQuery`).
    #[napi(ts_return_type = "Promise<string>")]
    pub fn query(&self, filters: Value) -> napi::Result<AsyncTask<Job>> {
        let (s, q) = (self.get()?, from_json::<CaseQuery>(filters, "filters")?);
        Ok(job(move || core(s.query(&q))))
    }

    #[napi]
    pub fn query_sync(&self, filters: Value) -> napi::Result<String> {
        call(|| {
            core(
                self.get()?
                    .query(&from_json::<CaseQuery>(filters, "filters")?),
            )
        })
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn cases(&self, filters: Value) -> napi::Result<AsyncTask<Job>> {
        let (s, q) = (self.get()?, from_json::<CaseQuery>(filters, "filters")?);
        Ok(job(move || core(s.cases(&q))))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn cases_of_person(&self, person: String) -> napi::Result<AsyncTask<Job>> {
        let (s, p) = (self.get()?, parse::<PersonId>(&person, "person")?);
        Ok(job(move || core(s.cases_of_person(p))))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn evaluations_due(&self, as_of: String) -> napi::Result<AsyncTask<Job>> {
        let (s, d) = (self.get()?, parse::<NaiveDate>(&as_of, "asOf")?);
        Ok(job(move || core(s.evaluations_due(d))))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn events_since(&self, after: i64, limit: u32) -> napi::Result<AsyncTask<Job>> {
        let s = self.get()?;
        let after = u64::try_from(after).map_err(|_| invalid("after", "a number from 0"))?;
        Ok(job(move || core(s.events_since(after, limit as usize))))
    }

    #[napi]
    pub fn last_seq(&self) -> napi::Result<i64> {
        call(|| {
            self.get()?
                .last_seq()
                .map(|n| n as i64)
                .map_err(|e| from_core(&e))
        })
    }

    #[napi]
    pub fn count(&self) -> napi::Result<i64> {
        call(|| {
            self.get()?
                .len()
                .map(|n| n as i64)
                .map_err(|e| from_core(&e))
        })
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn verify(&self) -> napi::Result<AsyncTask<Job>> {
        let s = self.get()?;
        Ok(job(move || core(s.verify())))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn backup(&self, path: String) -> napi::Result<AsyncTask<Job>> {
        let s = self.get()?;
        Ok(job(move || {
            core(s.backup(&path)).map(|_| "null".to_string())
        }))
    }

    /// Research tables, pseudonymised with `key` (at least 16 bytes) unless `identifying`.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn research_tables(
        &self,
        key: Option<Buffer>,
        identifying: Option<bool>,
    ) -> napi::Result<AsyncTask<Job>> {
        let s = self.get()?;
        let disclosure = match (key, identifying.unwrap_or(false)) {
            (_, true) => Disclosure::Identifying,
            (Some(k), false) => {
                Disclosure::pseudonymised(k.to_vec()).map_err(|e| from_core(&e.into()))?
            }
            (None, false) => {
                return Err(invalid(
                    "key",
                    "a pseudonymisation key is required (or identifying: true)",
                ));
            }
        };
        Ok(job(move || core(s.research_tables(&disclosure))))
    }

    /// Adds `count` generated, realistic cases (invented people); resolves to their ids.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn generate(&self, seed: i64, count: u32) -> napi::Result<AsyncTask<Job>> {
        let s = self.get()?;
        Ok(job(move || core(s.generate(seed as u64, count as u64))))
    }
}

/// The store format version this build writes.
#[napi]
pub fn format_version() -> u32 {
    kring::FORMAT_VERSION as u32
}
