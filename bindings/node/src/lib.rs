//! The Node binding of the kring store. Thin: values cross as JSON (the core's serde shape;
//! times as RFC 3339 strings, dates as `YYYY-MM-DD`, ids as strings), every check lives in
//! the core, and every call goes through [`catch_panics`], which turns a panic into an
//! `internal` error. Errors become a JavaScript `Error` whose message is
//! `{"code","message","rule","ids"}` for the wrapper (`index.js`) to raise as the class the
//! core's table ([`kring::ERROR_CLASSES`], sent by [`error_classes`]) gives the code. The
//! roles and id kinds are the core's lists ([`roles`], [`id_kinds`]).

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use kring::args::{Number, whole};
use kring::domain::*;
use kring::{At, CaseQuery, Durability, SharedStore};
use kring_research::Disclosure;
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::json;
use serde_json::value::RawValue;

/// An error as the wrapper reads it.
fn coded(
    code: &str,
    message: impl Into<String>,
    rule: Option<&str>,
    ids: Vec<String>,
) -> napi::Error {
    let class = kring::error_class(code).name;
    // Ids and codes, never a value the caller passed in (`kring::domain::redact`).
    let message = kring::domain::redact(&message.into());
    let body =
        json!({ "code": code, "class": class, "message": message, "rule": rule, "ids": ids });
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

/// Runs `f`; a panic becomes an `internal` error and changes nothing, and prints nothing
/// to the host's stderr.
fn catch_panics<T>(f: impl FnOnce() -> napi::Result<T>) -> napi::Result<T> {
    kring::args::quiet_panics();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(from_core(&kring::args::panic_error())))
}

/// A whole number from JavaScript, checked by the core exactly as Python's are: NaN, a
/// fraction, a negative or too large number is `invalid_input` (never wrapped or truncated).
fn number(value: f64, field: &str, min: u64, max: u64) -> napi::Result<u64> {
    whole(field, Number::Float(value), min, max).map_err(|e| from_core(&e))
}

/// A result as JSON text, or its error coded: the wrapper parses the text with `JSON.parse`,
/// which is much faster than building the objects value by value through N-API, and has no
/// limit on their number.
fn result_as_json<T: serde::Serialize>(r: kring::Result<T>) -> napi::Result<String> {
    let v = r.map_err(|e| from_core(&e))?;
    serde_json::to_string(&v).map_err(|e| coded("internal", e.to_string(), None, vec![]))
}

fn parse<T: std::str::FromStr>(text: &str, field: &str) -> napi::Result<T>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e| invalid(field, e))
}

fn time(text: &str, field: &str) -> napi::Result<DateTime<Utc>> {
    kring::domain::wire::parse_time(text).ok_or_else(|| {
        invalid(
            field,
            "expected an RFC 3339 time such as 2026-03-02T09:00:00Z",
        )
    })
}

/// An optional time: absent is the moment of the write, taken inside it.
fn moment(text: Option<&str>, field: &str) -> napi::Result<At> {
    text.map_or(Ok(At::Now), |t| time(t, field).map(At::Time))
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
        catch_panics(f)
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
    at: At,
    command: Command,
    /// The version of the case the caller read, if given.
    expected: Option<u64>,
}

impl Input {
    /// Executes the command in `tx`: as the caller read the case, when they said.
    fn execute(self, tx: &mut kring::Transaction<'_>) -> kring::Result<kring::domain::Event> {
        match self.expected {
            Some(v) => tx.execute_at_version(self.case, v, self.actor, self.at, self.command),
            None => tx.execute(self.case, self.actor, self.at, self.command),
        }
    }

    /// Executes the command on its own.
    fn run(self, s: &kring::Store) -> kring::Result<kring::domain::Event> {
        match self.expected {
            Some(v) => s.execute_at_version(self.case, v, self.actor, self.at, self.command),
            None => s.execute(self.case, self.actor, self.at, self.command),
        }
    }
}

/// A value sent as JSON text (`JSON.stringify` in the wrapper): a lone surrogate stays a
/// `\uD800` escape, which the parser refuses, rather than becoming U+FFFD on the way in.
fn from_text<T: serde::de::DeserializeOwned>(text: &str, field: &str) -> napi::Result<T> {
    serde_json::from_str(text).map_err(|e| invalid(field, e))
}

fn input(
    case: &str,
    actor: &str,
    at: Option<&str>,
    command: &str,
    expected: Option<f64>,
) -> napi::Result<Input> {
    Ok(Input {
        case: parse(case, "case")?,
        actor: from_text(actor, "actor")?,
        at: moment(at, "at")?,
        command: from_text(command, "command")?,
        expected: expected
            .map(|v| number(v, "expected_version", 0, u64::MAX))
            .transpose()?,
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
    #[serde(borrow, default)]
    expected_version: Option<&'a RawValue>,
}

/// A part of an item, typed; a missing part reads as `null`.
fn part<T: serde::de::DeserializeOwned>(v: Option<&RawValue>, field: &str) -> napi::Result<T> {
    serde_json::from_str(v.map_or("null", RawValue::get)).map_err(|e| invalid(field, e))
}

/// The items of `executeMany`, sent as one JSON text: `JSON.stringify` and a typed parse here
/// are several times faster than converting each object through N-API.
fn parse_items(items: &str) -> napi::Result<Vec<Input>> {
    let raw: Vec<RawItem<'_>> = serde_json::from_str(items)
        .map_err(|e| invalid("items", format!("a list of commands: {e}")))?;
    let text = |v: Option<&RawValue>| v.and_then(|v| serde_json::from_str::<String>(v.get()).ok());
    raw.into_iter()
        .map(|i| {
            let case = text(i.case).ok_or_else(|| invalid("case", "expected a string"))?;
            let at: Option<String> = part(i.at, "at")?;
            Ok(Input {
                case: parse(&case, "case")?,
                actor: part(i.actor, "actor")?,
                at: moment(at.as_deref(), "at")?,
                command: part(i.command, "command")?,
                expected: match part::<Option<f64>>(i.expected_version, "expected_version")? {
                    Some(v) => Some(number(v, "expected_version", 0, u64::MAX)?),
                    None => None,
                },
            })
        })
        .collect()
}

/// An embedded kring store.
#[napi]
pub struct Store {
    inner: Arc<SharedStore>,
}

fn durability(d: Option<String>) -> napi::Result<Durability> {
    d.map_or(Ok(Durability::default()), |name| {
        name.parse().map_err(|e| from_core(&e))
    })
}

fn wrap(s: kring::Result<kring::Store>) -> napi::Result<Store> {
    s.map(|s| Store {
        inner: Arc::new(SharedStore::new(s)),
    })
    .map_err(|e| from_core(&e))
}

impl Store {
    /// A job on the thread pool that runs `f` on the open store (`closed` once closed) and
    /// resolves to its result as JSON text.
    fn run_on_thread_pool<T: serde::Serialize>(
        &self,
        f: impl FnOnce(&kring::Store) -> kring::Result<T> + Send + 'static,
    ) -> AsyncTask<Job> {
        let inner = Arc::clone(&self.inner);
        job(move || result_as_json(inner.with(f)))
    }

    /// Runs `f` on the open store now, on the calling thread.
    fn run_now<T>(&self, f: impl FnOnce(&kring::Store) -> kring::Result<T>) -> napi::Result<T> {
        catch_panics(|| self.inner.with(f).map_err(|e| from_core(&e)))
    }
}

#[napi]
impl Store {
    /// Creates a new store file.
    #[napi(factory)]
    pub fn create(path: String, durability: Option<String>) -> napi::Result<Store> {
        catch_panics(|| {
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
        catch_panics(|| {
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
        catch_panics(|| wrap(kring::Store::in_memory()))
    }

    /// Closes the store: waits for calls running on the thread pool, then releases the file,
    /// so that it can be opened again at once. Later calls fail with code `closed`.
    #[napi]
    pub fn close(&self) {
        self.inner.close();
    }

    #[napi(getter)]
    pub fn closed(&self) -> bool {
        self.inner.is_closed()
    }

    /// A new unique id of a kind, one of [`id_kinds`] (case, person, org, …).
    #[napi]
    pub fn new_id(&self, kind: String) -> napi::Result<String> {
        self.run_now(|s| s.new_id_text(&kind))
    }

    /// Executes one command (actor and command as JSON text); resolves to the event. An
    /// absent `at` is the moment of the write.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn execute(
        &self,
        case_id: String,
        actor: String,
        at: Option<String>,
        command: String,
        expected_version: Option<f64>,
    ) -> napi::Result<AsyncTask<Job>> {
        let i =
            catch_panics(|| input(&case_id, &actor, at.as_deref(), &command, expected_version))?;
        Ok(self.run_on_thread_pool(move |s| i.run(s)))
    }

    /// Executes one command synchronously.
    #[napi]
    pub fn execute_sync(
        &self,
        case_id: String,
        actor: String,
        at: Option<String>,
        command: String,
        expected_version: Option<f64>,
    ) -> napi::Result<String> {
        let i =
            catch_panics(|| input(&case_id, &actor, at.as_deref(), &command, expected_version))?;
        catch_panics(|| result_as_json(self.inner.with(|s| i.run(s))))
    }

    /// Executes many commands in one transaction: all or none. Items: `{case, actor, at, command}`.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn execute_many(&self, items: String) -> napi::Result<AsyncTask<Job>> {
        let parsed = catch_panics(|| parse_items(&items))?;
        Ok(self.run_on_thread_pool(move |s| {
            s.transaction(|tx| {
                parsed
                    .into_iter()
                    .map(|i| i.execute(tx))
                    .collect::<kring::Result<Vec<_>>>()
            })
        }))
    }

    /// Imports many commands, all or none, through the store's bulk-import path (checked and
    /// written on two threads, one sync). Items as for `executeMany`; resolves to the report.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn import_commands(&self, items: String) -> napi::Result<AsyncTask<Job>> {
        let parsed = catch_panics(|| parse_items(&items))?;
        if parsed.iter().any(|i| i.expected.is_some()) {
            return Err(invalid(
                "items",
                "an import takes no expected versions (use executeMany)",
            ));
        }
        Ok(self.run_on_thread_pool(move |s| {
            s.import(
                parsed
                    .into_iter()
                    .map(|i| (i.case, i.actor, i.at, i.command)),
            )
        }))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn case(&self, id: String) -> napi::Result<AsyncTask<Job>> {
        let id = parse::<CaseId>(&id, "case")?;
        Ok(self.run_on_thread_pool(move |s| s.case(id)))
    }

    #[napi]
    pub fn case_sync(&self, id: String) -> napi::Result<String> {
        let id = parse::<CaseId>(&id, "case")?;
        catch_panics(|| result_as_json(self.inner.with(|s| s.case(id))))
    }

    /// The case as `reader` (an actor, as JSON text) may see it, in their role.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn case_for(&self, id: String, reader: String) -> napi::Result<AsyncTask<Job>> {
        let id = parse::<CaseId>(&id, "case")?;
        let reader: Actor = catch_panics(|| from_text(&reader, "reader"))?;
        Ok(self.run_on_thread_pool(move |s| s.case_for(id, &reader)))
    }

    /// The access log of a case, or of a person: exactly one of them.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn access_log(
        &self,
        case_id: Option<String>,
        person: Option<String>,
    ) -> napi::Result<AsyncTask<Job>> {
        let case = case_id.map(|c| parse::<CaseId>(&c, "case")).transpose()?;
        let person = person
            .map(|p| parse::<PersonId>(&p, "person"))
            .transpose()?;
        Ok(self.run_on_thread_pool(move |s| s.access_log_for(case, person)))
    }

    /// Erases a person from one case (`case`) or from every case and the pool, then compacts.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn erase_person(
        &self,
        person: String,
        by: String,
        ground: String,
        case_id: Option<String>,
    ) -> napi::Result<AsyncTask<Job>> {
        let person = parse::<PersonId>(&person, "person")?;
        let by: Actor = catch_panics(|| from_text(&by, "by"))?;
        let case = case_id.map(|c| parse::<CaseId>(&c, "case")).transpose()?;
        let inner = Arc::clone(&self.inner);
        Ok(job(move || {
            result_as_json(inner.erase_person(person, case, by, &ground))
        }))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn case_at_version(&self, id: String, version: f64) -> napi::Result<AsyncTask<Job>> {
        let id = parse::<CaseId>(&id, "case")?;
        let version = number(version, "version", 0, u64::MAX)?;
        Ok(self.run_on_thread_pool(move |s| s.case_at_version(id, version)))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn case_at(&self, id: String, at: String) -> napi::Result<AsyncTask<Job>> {
        let (id, at) = (parse::<CaseId>(&id, "case")?, time(&at, "at")?);
        Ok(self.run_on_thread_pool(move |s| s.case_at(id, at)))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn history(&self, id: String) -> napi::Result<AsyncTask<Job>> {
        let id = parse::<CaseId>(&id, "case")?;
        Ok(self.run_on_thread_pool(move |s| s.history(id)))
    }

    /// Case ids matching every filter (the fields of the core's `CaseQuery`, as JSON text);
    /// an unknown filter is `invalid_input`.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn query(&self, filters: String) -> napi::Result<AsyncTask<Job>> {
        let q = from_text::<CaseQuery>(&filters, "filters")?;
        Ok(self.run_on_thread_pool(move |s| s.query(&q)))
    }

    #[napi]
    pub fn query_sync(&self, filters: String) -> napi::Result<String> {
        let q = from_text::<CaseQuery>(&filters, "filters")?;
        catch_panics(|| result_as_json(self.inner.with(|s| s.query(&q))))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn cases(&self, filters: String) -> napi::Result<AsyncTask<Job>> {
        let q = from_text::<CaseQuery>(&filters, "filters")?;
        Ok(self.run_on_thread_pool(move |s| s.cases(&q)))
    }

    /// What work lists need of a case (the core's `CaseSummary`), without reading all of it.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn summary(&self, id: String) -> napi::Result<AsyncTask<Job>> {
        let id = parse::<CaseId>(&id, "case")?;
        Ok(self.run_on_thread_pool(move |s| s.summary(id)))
    }

    #[napi]
    pub fn summary_sync(&self, id: String) -> napi::Result<String> {
        let id = parse::<CaseId>(&id, "case")?;
        catch_panics(|| result_as_json(self.inner.with(|s| s.summary(id))))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn summaries(&self, filters: String) -> napi::Result<AsyncTask<Job>> {
        let q = from_text::<CaseQuery>(&filters, "filters")?;
        Ok(self.run_on_thread_pool(move |s| s.summaries(&q)))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn cases_of_person(&self, person: String) -> napi::Result<AsyncTask<Job>> {
        let p = parse::<PersonId>(&person, "person")?;
        Ok(self.run_on_thread_pool(move |s| s.cases_of_person(p)))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn evaluations_due(&self, as_of: String) -> napi::Result<AsyncTask<Job>> {
        let d: NaiveDate = kring::domain::wire::parse_date(&as_of)
            .ok_or_else(|| invalid("asOf", "expected a date written YYYY-MM-DD"))?;
        Ok(self.run_on_thread_pool(move |s| s.evaluations_due(d)))
    }

    /// Adds a coordinator to the pool, or replaces their entry (the core's `PoolEntry`, as JSON
    /// text); the profile is checked as an assignment checks it.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn register_coordinator(&self, entry: String) -> napi::Result<AsyncTask<Job>> {
        let entry = from_text::<pool::PoolEntry>(&entry, "entry")?;
        Ok(self.run_on_thread_pool(move |s| s.register_coordinator(&entry)))
    }

    /// The coordinator pool, in person-id order.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn coordinator_pool(&self) -> napi::Result<AsyncTask<Job>> {
        Ok(self.run_on_thread_pool(|s| s.coordinator_pool()))
    }

    /// One coordinator's entry in the pool: `not_found` if they are not in it.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn pool_entry(&self, person: String) -> napi::Result<AsyncTask<Job>> {
        let p = parse::<PersonId>(&person, "person")?;
        Ok(self.run_on_thread_pool(move |s| s.pool_entry(p)))
    }

    /// The coordinators of the pool who may be assigned to a case, best fit first.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn match_coordinators(&self, id: String) -> napi::Result<AsyncTask<Job>> {
        let id = parse::<CaseId>(&id, "case")?;
        Ok(self.run_on_thread_pool(move |s| s.match_coordinators(id)))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn events_since(&self, after: f64, limit: f64) -> napi::Result<AsyncTask<Job>> {
        let after = number(after, "after", 0, u64::MAX)?;
        let limit = number(limit, "limit", 0, u64::MAX)? as usize;
        Ok(self.run_on_thread_pool(move |s| s.events_since(after, limit)))
    }

    #[napi]
    pub fn last_seq(&self) -> napi::Result<i64> {
        self.run_now(|s| s.last_seq()).map(|n| n as i64)
    }

    #[napi]
    pub fn count(&self) -> napi::Result<i64> {
        self.run_now(|s| s.len()).map(|n| n as i64)
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn verify(&self) -> napi::Result<AsyncTask<Job>> {
        Ok(self.run_on_thread_pool(|s| s.verify()))
    }

    /// The format version recorded in the file (the module's `formatVersion()` once
    /// upgraded).
    #[napi]
    pub fn format_version(&self) -> napi::Result<u32> {
        self.run_now(|s| Ok(u32::from(s.format_version())))
    }

    /// Converts a store of an older format to the current one, in one transaction (all of it
    /// or nothing); resolves to the core's `UpgradeReport`. No progress is reported: the
    /// upgrade runs on the thread pool, and calling JavaScript from there would need a
    /// threadsafe function for little gain.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn upgrade(&self) -> napi::Result<AsyncTask<Job>> {
        Ok(self.run_on_thread_pool(|s| s.upgrade(|_| Ok(()))))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn backup(&self, path: String) -> napi::Result<AsyncTask<Job>> {
        Ok(self.run_on_thread_pool(move |s| s.backup(&path)))
    }

    /// Research tables, pseudonymised with `key` (at least 16 random bytes) unless
    /// `identifying`.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn research_tables(
        &self,
        key: Option<Buffer>,
        identifying: Option<bool>,
    ) -> napi::Result<AsyncTask<Job>> {
        let disclosure =
            Disclosure::from_options(key.map(|k| k.to_vec()), identifying.unwrap_or(false))
                .map_err(|e| from_core(&e.into()))?;
        Ok(self.run_on_thread_pool(move |s| kring_research::store_tables(s, &disclosure)))
    }

    /// Adds `count` generated, realistic cases (invented people); resolves to their ids.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn generate(&self, seed: f64, count: f64) -> napi::Result<AsyncTask<Job>> {
        let seed = number(seed, "seed", 0, u64::MAX)?;
        let count = number(count, "count", 0, u64::MAX)?;
        Ok(self.run_on_thread_pool(move |s| kring_testkit::generate(s, seed, count)))
    }
}

/// A message with every quoted value that is not a code or an id replaced by `…`, cut to a
/// few hundred characters (`kring::domain::redact`): for the wrapper's own error texts.
#[napi]
pub fn redact(text: String) -> String {
    kring::domain::redact(&text)
}

/// How large one case may grow, by name, as JSON text (`kring::domain::limits`).
#[napi]
pub fn limits() -> String {
    let all: serde_json::Map<String, serde_json::Value> = kring::domain::limits::by_key()
        .map(|(key, limit)| (key, json!(limit)))
        .collect();
    serde_json::Value::Object(all).to_string()
}

/// The store format version this build writes.
#[napi]
pub fn format_version() -> u32 {
    kring::FORMAT_VERSION as u32
}

/// The roles an actor can act in, in the core's order (`kring::Role::ALL`).
#[napi]
pub fn roles() -> Vec<String> {
    kring::Role::ALL
        .iter()
        .map(|r| r.code().to_owned())
        .collect()
}

/// The kinds of id `newId` makes, in the core's order (`kring::domain::ID_KINDS`).
#[napi]
pub fn id_kinds() -> Vec<String> {
    kring::domain::ID_KINDS
        .iter()
        .map(|k| (*k).to_owned())
        .collect()
}

/// The exception tree, parents first, as JSON text: `[{name, parent, codes}]`
/// (`kring::ERROR_CLASSES`), from which the wrapper maps each code to its class.
#[napi]
pub fn error_classes() -> String {
    let all: Vec<_> = kring::ERROR_CLASSES
        .iter()
        .map(|c| json!({ "name": c.name, "parent": c.parent, "codes": c.codes }))
        .collect();
    serde_json::Value::Array(all).to_string()
}
