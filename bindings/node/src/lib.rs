//! The Node binding of the kring store. Thin: values cross as JSON (the core's serde shape;
//! times as RFC 3339 strings, dates as `YYYY-MM-DD`, ids as strings), every check lives in
//! the core, and every call goes through [`catch_panics`], which turns a panic into an
//! `internal` error.
//!
//! A refusal reaches JavaScript as an `Error` made here ([`Failure::throw`]) whose message is
//! the core's redacted message and whose `code`, `rule` and `ids` are properties; the wrapper
//! raises it as the class the core's table ([`kring::ERROR_CLASSES`], sent by
//! [`error_classes`]) gives the code. A whole case is not converted at all when it is read: it
//! crosses as a [`Document`], which keeps the decoded value and gives one top-level field at a
//! time. The roles, id kinds and research tables are the core's lists ([`roles`],
//! [`id_kinds`], [`research_table_names`]).

mod pick;

/// mimalloc for the addon's own allocations: a read case is about a hundred small ones, and it
/// is freed only when JavaScript lets go of it, so many are alive at once; the system allocator
/// took half as long again to read a case under that pattern. Built without transparent huge
/// pages (`no_thp`), as the Python extension is: with them, a busy machine had to find a 2 MB
/// page at each first touch, and the research tables of 100,000 cases took a third more CPU
/// (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use kring::args::{Number, whole};
use kring::domain::*;
use kring::{At, CaseQuery, Durability, SharedStore};
use kring_research::Disclosure;
use napi::bindgen_prelude::*;
use napi::sys;
use napi_derive::napi;
use serde_json::json;
use serde_json::value::RawValue;

/// A refusal on its way to JavaScript: the core's code, its message (redacted), the rule and
/// the ids involved.
pub struct Failure {
    code: &'static str,
    message: String,
    rule: Option<&'static str>,
    ids: Vec<String>,
}

type Outcome<T> = std::result::Result<T, Failure>;

impl Failure {
    fn new(code: &'static str, message: impl Into<String>) -> Failure {
        Failure {
            code,
            // Ids and codes, never a value the caller passed in (`kring::domain::redact`).
            message: kring::domain::redact(&message.into()),
            rule: None,
            ids: vec![],
        }
    }

    fn internal(message: impl Into<String>) -> Failure {
        Failure::new("internal", message)
    }

    /// The error to throw, or to reject a Promise with: an `Error` with the message, and
    /// `code`, `rule` (or `null`) and `ids` set on it.
    fn throw(self, env: &Env) -> napi::Error {
        let make = || -> napi::Result<napi::Error> {
            let mut error =
                env.create_error(napi::Error::new(Status::GenericFailure, self.message))?;
            error.set_named_property("code", self.code)?;
            error.set_named_property("rule", self.rule)?;
            error.set_named_property("ids", self.ids)?;
            Ok(napi::Error::from(error.to_unknown()))
        };
        make().unwrap_or_else(|e| e)
    }
}

impl From<&kring::Error> for Failure {
    fn from(e: &kring::Error) -> Failure {
        Failure {
            rule: e.domain().and_then(|d| d.rule()).map(|r| r.code()),
            ids: e.domain().map(|d| d.ids()).unwrap_or_default(),
            ..Failure::new(e.code(), e.to_string())
        }
    }
}

impl From<kring::Error> for Failure {
    fn from(e: kring::Error) -> Failure {
        Failure::from(&e)
    }
}

/// A failure thrown into JavaScript.
trait OrThrow<T> {
    fn or_throw(self, env: &Env) -> napi::Result<T>;
}

impl<T> OrThrow<T> for Outcome<T> {
    fn or_throw(self, env: &Env) -> napi::Result<T> {
        self.map_err(|f| f.throw(env))
    }
}

fn invalid(field: &str, message: impl std::fmt::Display) -> Failure {
    Failure::new("invalid_input", format!("invalid {field}: {message}"))
}

/// Runs `f`; a panic becomes an `internal` error and changes nothing, and prints nothing
/// to the host's stderr.
fn catch_panics<T>(f: impl FnOnce() -> Outcome<T>) -> Outcome<T> {
    kring::args::quiet_panics();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(Failure::from(&kring::args::panic_error())))
}

/// A whole number from JavaScript, checked by the core exactly as Python's are: NaN, a
/// fraction, a negative or too large number is `invalid_input` (never wrapped or truncated).
fn number(value: f64, field: &str, min: u64, max: u64) -> Outcome<u64> {
    Ok(whole(field, Number::Float(value), min, max)?)
}

/// A result as JSON text, which the wrapper parses with `JSON.parse`: much faster than
/// building the objects value by value through N-API, and no limit on their number.
fn as_json<T: serde::Serialize>(v: &T) -> Outcome<String> {
    serde_json::to_string(v).map_err(|e| Failure::internal(e.to_string()))
}

fn parse<T: std::str::FromStr>(text: &str, field: &str) -> Outcome<T>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e| invalid(field, e))
}

fn time(text: &str, field: &str) -> Outcome<DateTime<Utc>> {
    kring::domain::wire::parse_time(text).ok_or_else(|| {
        invalid(
            field,
            "expected an RFC 3339 time such as 2026-03-02T09:00:00Z",
        )
    })
}

/// An optional time: absent is the moment of the write, taken inside it.
fn moment(text: Option<&str>, field: &str) -> Outcome<At> {
    text.map_or(Ok(At::Now), |t| time(t, field).map(At::Time))
}

/// A read case (or a reader's view of one), kept decoded.
pub enum Doc {
    Case(Box<Case>),
    View(Box<CaseView>),
}

impl Doc {
    fn pick(&self, want: Option<&str>) -> Outcome<pick::Picked> {
        match self {
            Doc::Case(c) => pick::pick(c.as_ref(), want),
            Doc::View(v) => pick::pick(v.as_ref(), want),
        }
        .map_err(|e| Failure::internal(e.to_string()))
    }

    fn json(&self) -> Outcome<String> {
        match self {
            Doc::Case(c) => as_json(c),
            Doc::View(v) => as_json(v),
        }
    }
}

/// Every list of top-level field names a document has had, so that JavaScript fetches each
/// list once ([`shape_keys`]) and then knows it by its number ([`Document::shape`]).
static SHAPES: Mutex<Vec<Vec<&'static str>>> = Mutex::new(Vec::new());

/// A case read from the store, or a reader's view of one, kept decoded in Rust. Nothing of it
/// is converted to JavaScript until asked for: the wrapper reads one top-level field at a time
/// ([`Document::field`]), or all of it ([`Document::json`]). It is immutable, and independent
/// of the store once read.
#[napi]
pub struct Document {
    doc: Doc,
}

#[napi]
impl Document {
    /// The number of the list of its top-level field names (see [`shape_keys`]).
    #[napi]
    pub fn shape(&self, env: &Env) -> napi::Result<u32> {
        catch_panics(|| {
            let keys = self.doc.pick(None)?.keys;
            let mut shapes = SHAPES.lock().unwrap_or_else(|e| e.into_inner());
            let n = match shapes.iter().position(|s| *s == keys) {
                Some(n) => n,
                None => {
                    shapes.push(keys);
                    shapes.len() - 1
                }
            };
            u32::try_from(n).map_err(|_| Failure::internal("too many shapes"))
        })
        .or_throw(env)
    }

    /// One top-level field as JSON text; `null` if it has no such field.
    #[napi]
    pub fn field(&self, env: &Env, name: String) -> napi::Result<Option<String>> {
        catch_panics(|| Ok(self.doc.pick(Some(&name))?.value)).or_throw(env)
    }

    /// All of it as JSON text.
    #[napi]
    pub fn json(&self, env: &Env) -> napi::Result<String> {
        catch_panics(|| self.doc.json()).or_throw(env)
    }
}

/// The top-level field names of the documents of shape `n` ([`Document::shape`]), in the
/// core's order.
#[napi]
pub fn shape_keys(env: &Env, n: u32) -> napi::Result<Vec<&'static str>> {
    let shapes = SHAPES.lock().unwrap_or_else(|e| e.into_inner());
    shapes
        .get(n as usize)
        .cloned()
        .ok_or_else(|| Failure::internal("no such shape"))
        .or_throw(env)
}

/// What a job on the thread pool resolves to.
pub enum Reply {
    /// A result as JSON text.
    Json(String),
    /// A result that is text itself (a document), resolved as it is.
    Text(String),
    /// A case, kept decoded.
    Doc(Document),
    /// Cases, each kept decoded.
    Docs(Vec<Document>),
    /// Research tables as Arrow IPC streams, by name, in the order of the tables; made
    /// into `Buffer`s on the JavaScript thread.
    Arrow(Vec<(String, Vec<u8>)>),
}

/// One research table as an Arrow IPC stream (`researchArrow`), for `apache-arrow`'s
/// `tableFromIPC`.
#[napi(object)]
pub struct ArrowIpc {
    /// The table's name (`cases`, `network`, …).
    pub name: String,
    /// The IPC stream: the schema, then the record batches.
    pub ipc: Buffer,
}

impl TypeName for Reply {
    fn type_name() -> &'static str {
        "Reply"
    }

    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl ToNapiValue for Reply {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        // SAFETY: called by napi-rs on the JavaScript thread with its `env`, as each of
        // these conversions expects.
        unsafe {
            match val {
                Reply::Json(text) | Reply::Text(text) => String::to_napi_value(env, text),
                Reply::Doc(doc) => Document::to_napi_value(env, doc),
                Reply::Docs(docs) => Vec::<Document>::to_napi_value(env, docs),
                Reply::Arrow(tables) => Vec::<ArrowIpc>::to_napi_value(
                    env,
                    tables
                        .into_iter()
                        .map(|(name, ipc)| ArrowIpc {
                            name,
                            ipc: ipc.into(),
                        })
                        .collect(),
                ),
            }
        }
    }
}

type Work = Box<dyn FnOnce() -> Outcome<Reply> + Send>;

/// A unit of work run on the libuv thread pool, off the event loop. Its failure is thrown
/// back on the JavaScript thread, where the error object can be made.
pub struct Job(Option<Work>);

impl Task for Job {
    type Output = Outcome<Reply>;
    type JsValue = Reply;

    fn compute(&mut self) -> napi::Result<Outcome<Reply>> {
        Ok(match self.0.take() {
            Some(f) => catch_panics(f),
            None => Err(Failure::internal("job run twice")),
        })
    }

    fn resolve(&mut self, env: Env, output: Outcome<Reply>) -> napi::Result<Reply> {
        output.or_throw(&env)
    }
}

fn job(f: impl FnOnce() -> Outcome<Reply> + Send + 'static) -> AsyncTask<Job> {
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
fn from_text<T: serde::de::DeserializeOwned>(text: &str, field: &str) -> Outcome<T> {
    serde_json::from_str(text).map_err(|e| invalid(field, e))
}

fn input(
    case: &str,
    actor: &str,
    at: Option<&str>,
    command: &str,
    expected: Option<f64>,
) -> Outcome<Input> {
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
fn part<T: serde::de::DeserializeOwned>(v: Option<&RawValue>, field: &str) -> Outcome<T> {
    serde_json::from_str(v.map_or("null", RawValue::get)).map_err(|e| invalid(field, e))
}

/// The items of `executeMany`, sent as one JSON text: `JSON.stringify` and a typed parse here
/// are several times faster than converting each object through N-API.
fn parse_items(items: &str) -> Outcome<Vec<Input>> {
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

fn durability(d: Option<String>) -> Outcome<Durability> {
    d.map_or(Ok(Durability::default()), |name| Ok(name.parse()?))
}

fn wrap(s: kring::Result<kring::Store>) -> Outcome<Store> {
    Ok(Store {
        inner: Arc::new(SharedStore::new(s?)),
    })
}

impl Store {
    /// A job on the thread pool that runs `f` on the open store (`closed` once closed) and
    /// resolves to its result as JSON text.
    fn run_on_thread_pool<T: serde::Serialize>(
        &self,
        f: impl FnOnce(&kring::Store) -> kring::Result<T> + Send + 'static,
    ) -> AsyncTask<Job> {
        let inner = Arc::clone(&self.inner);
        job(move || as_json(&inner.with(f)?).map(Reply::Json))
    }

    /// A job on the thread pool that reads a case (or a view of one) and resolves to it, kept
    /// decoded ([`Document`]).
    fn read_on_thread_pool(
        &self,
        f: impl FnOnce(&kring::Store) -> kring::Result<Doc> + Send + 'static,
    ) -> AsyncTask<Job> {
        let inner = Arc::clone(&self.inner);
        job(move || {
            Ok(Reply::Doc(Document {
                doc: inner.with(f)?,
            }))
        })
    }

    /// A job on the thread pool that reads a case for `reader` (checked and logged as
    /// `case_for` is) and resolves to the document `make` makes of it, after the store's
    /// lock is let go.
    fn document_on_thread_pool(
        &self,
        case: CaseId,
        reader: Option<Actor>,
        make: impl FnOnce(&Case) -> kring::Result<String> + Send + 'static,
    ) -> AsyncTask<Job> {
        let inner = Arc::clone(&self.inner);
        job(move || {
            let case = inner.with(|s| kring_documents::read(s, case, reader.as_ref()))?;
            Ok(Reply::Text(make(&case)?))
        })
    }

    /// Runs `f` on the open store now, on the calling thread.
    fn run_now<T>(
        &self,
        env: &Env,
        f: impl FnOnce(&kring::Store) -> kring::Result<T>,
    ) -> napi::Result<T> {
        catch_panics(|| Ok(self.inner.with(f)?)).or_throw(env)
    }
}

/// The language of a document: `nl` when absent, or `en`; anything else is `invalid_input`.
fn language(lang: Option<&str>) -> Outcome<kring_documents::Lang> {
    lang.map_or(Ok(kring_documents::Lang::default()), |l| {
        l.parse()
            .map_err(|e: kring::domain::Error| Failure::from(kring::Error::from(e)))
    })
}

/// What every document of a case is made from: the case, the language and the reader, as
/// JavaScript passes them, checked.
struct DocumentArgs {
    case: CaseId,
    lang: kring_documents::Lang,
    reader: Option<Actor>,
}

impl DocumentArgs {
    fn parse(case_id: &str, lang: Option<&str>, reader: Option<&str>) -> Outcome<DocumentArgs> {
        Ok(DocumentArgs {
            case: parse(case_id, "case")?,
            lang: language(lang)?,
            reader: reader
                .map(|r| from_text::<Actor>(r, "reader"))
                .transpose()?,
        })
    }
}

/// The disclosure of a research export: pseudonymised with `key` unless `identifying`.
fn disclosure(key: Option<Buffer>, identifying: Option<bool>) -> Outcome<Disclosure> {
    Disclosure::from_options(key.map(|k| k.to_vec()), identifying.unwrap_or(false))
        .map_err(|e| Failure::from(kring::Error::from(e)))
}

/// The research tables asked for (those named in `tables`, every one when absent) and the
/// disclosure, checked in that order. An unknown name or an empty list is the core's
/// `invalid_input` (field `tables`).
fn research_args(
    key: Option<Buffer>,
    identifying: Option<bool>,
    tables: Option<Vec<String>>,
) -> Outcome<(kring_research::TableSet, Disclosure)> {
    let wanted = match tables {
        None => kring_research::TableSet::ALL,
        Some(names) => {
            kring_research::TableSet::of(names).map_err(|e| Failure::from(kring::Error::from(e)))?
        }
    };
    Ok((wanted, disclosure(key, identifying)?))
}

/// Which cases the standard measures are of and how they are grouped, and how much they
/// show: the options of `measures` and `reportHtml`, as JavaScript passes them, checked (the
/// query first, then the disclosure, as the core and the command line check them).
struct MeasureArgs {
    query: kring_research::measures::MeasureQuery,
    disclosure: Disclosure,
}

impl MeasureArgs {
    fn parse(
        key: Option<Buffer>,
        identifying: Option<bool>,
        from: Option<&str>,
        to: Option<&str>,
        group_by: Option<&str>,
    ) -> Outcome<MeasureArgs> {
        let query = kring_research::measures::MeasureQuery::from_options(from, to, group_by)
            .map_err(|e| Failure::from(kring::Error::from(e)))?;
        Ok(MeasureArgs {
            query,
            disclosure: disclosure(key, identifying)?,
        })
    }
}

/// The summary of a Parquet export (`exportParquet`) as the wrapper gives it:
/// `{ organisation, cases, files, rows }`, the rows by table in the order of the tables.
#[derive(serde::Serialize)]
struct ParquetSummary {
    organisation: String,
    cases: u64,
    files: Vec<String>,
    #[serde(serialize_with = "in_order")]
    rows: Vec<(String, u64)>,
}

impl From<kring_research::ParquetSummary> for ParquetSummary {
    fn from(s: kring_research::ParquetSummary) -> ParquetSummary {
        ParquetSummary {
            files: s
                .files
                .iter()
                .map(|f| f.to_string_lossy().into_owned())
                .collect(),
            organisation: s.organisation,
            cases: s.cases,
            rows: s.rows,
        }
    }
}

/// Pairs as a JSON object, in their order (a map type would sort them).
fn in_order<S: serde::Serializer>(
    pairs: &[(String, u64)],
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

/// How much of a case an export holds (`exportCase`'s options).
enum Scope {
    /// The full file, which imports.
    Full,
    /// The case as this reader may see it.
    Reader(Actor),
    /// The case's research tables under this (pseudonymised) disclosure.
    Key(Disclosure),
}

/// The whole case, kept decoded.
fn whole_case(c: kring::Result<Case>) -> kring::Result<Doc> {
    c.map(|c| Doc::Case(Box::new(c)))
}

#[napi]
impl Store {
    /// Creates a new store file.
    #[napi(factory)]
    pub fn create(env: &Env, path: String, durability: Option<String>) -> napi::Result<Store> {
        catch_panics(|| {
            wrap(
                kring::Store::builder()
                    .durability(self::durability(durability)?)
                    .create(&path),
            )
        })
        .or_throw(env)
    }

    /// Opens an existing store file, trusting a clean close if asked
    /// (`StoreBuilder::trust_clean_close`).
    #[napi(factory)]
    pub fn open(
        env: &Env,
        path: String,
        durability: Option<String>,
        trust_clean_close: Option<bool>,
    ) -> napi::Result<Store> {
        catch_panics(|| {
            wrap(
                kring::Store::builder()
                    .durability(self::durability(durability)?)
                    .trust_clean_close(trust_clean_close.unwrap_or(false))
                    .open(&path),
            )
        })
        .or_throw(env)
    }

    /// A store in memory.
    #[napi(factory)]
    pub fn in_memory(env: &Env) -> napi::Result<Store> {
        catch_panics(|| wrap(kring::Store::in_memory())).or_throw(env)
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
    pub fn new_id(&self, env: &Env, kind: String) -> napi::Result<String> {
        self.run_now(env, |s| s.new_id_text(&kind))
    }

    /// Executes one command (actor and command as JSON text); resolves to the event. An
    /// absent `at` is the moment of the write.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn execute(
        &self,
        env: &Env,
        case_id: String,
        actor: String,
        at: Option<String>,
        command: String,
        expected_version: Option<f64>,
    ) -> napi::Result<AsyncTask<Job>> {
        let i = catch_panics(|| input(&case_id, &actor, at.as_deref(), &command, expected_version))
            .or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| i.run(s)))
    }

    /// Executes one command synchronously.
    #[napi]
    pub fn execute_sync(
        &self,
        env: &Env,
        case_id: String,
        actor: String,
        at: Option<String>,
        command: String,
        expected_version: Option<f64>,
    ) -> napi::Result<String> {
        catch_panics(|| {
            let i = input(&case_id, &actor, at.as_deref(), &command, expected_version)?;
            as_json(&self.inner.with(|s| i.run(s))?)
        })
        .or_throw(env)
    }

    /// Executes many commands in one transaction: all or none. Items: `{case, actor, at, command}`.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn execute_many(&self, env: &Env, items: String) -> napi::Result<AsyncTask<Job>> {
        let parsed = catch_panics(|| parse_items(&items)).or_throw(env)?;
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
    pub fn import_commands(&self, env: &Env, items: String) -> napi::Result<AsyncTask<Job>> {
        let parsed = catch_panics(|| {
            let parsed = parse_items(&items)?;
            if parsed.iter().any(|i| i.expected.is_some()) {
                return Err(invalid(
                    "items",
                    "an import takes no expected versions (use executeMany)",
                ));
            }
            Ok(parsed)
        })
        .or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| {
            s.import(
                parsed
                    .into_iter()
                    .map(|i| (i.case, i.actor, i.at, i.command)),
            )
        }))
    }

    /// The case, kept decoded.
    #[napi(ts_return_type = "Promise<Document>")]
    pub fn case(&self, env: &Env, id: String) -> napi::Result<AsyncTask<Job>> {
        let id = parse::<CaseId>(&id, "case").or_throw(env)?;
        Ok(self.read_on_thread_pool(move |s| whole_case(s.case(id))))
    }

    #[napi]
    pub fn case_sync(&self, env: &Env, id: String) -> napi::Result<Document> {
        catch_panics(|| {
            let id = parse::<CaseId>(&id, "case")?;
            let doc = whole_case(self.inner.with(|s| s.case(id)))?;
            Ok(Document { doc })
        })
        .or_throw(env)
    }

    /// The case as `reader` (an actor, as JSON text) may see it, in their role.
    #[napi(ts_return_type = "Promise<Document>")]
    pub fn case_for(&self, env: &Env, id: String, reader: String) -> napi::Result<AsyncTask<Job>> {
        let (id, reader) = catch_panics(|| {
            Ok((
                parse::<CaseId>(&id, "case")?,
                from_text::<Actor>(&reader, "reader")?,
            ))
        })
        .or_throw(env)?;
        Ok(self
            .read_on_thread_pool(move |s| s.case_for(id, &reader).map(|v| Doc::View(Box::new(v)))))
    }

    /// The access log of a case, or of a person: exactly one of them.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn access_log(
        &self,
        env: &Env,
        case_id: Option<String>,
        person: Option<String>,
    ) -> napi::Result<AsyncTask<Job>> {
        let (case, person) = catch_panics(|| {
            Ok((
                case_id.map(|c| parse::<CaseId>(&c, "case")).transpose()?,
                person
                    .map(|p| parse::<PersonId>(&p, "person"))
                    .transpose()?,
            ))
        })
        .or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| s.access_log_for(case, person)))
    }

    /// Erases a person from one case (`case`) or from every case and the pool, then compacts.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn erase_person(
        &self,
        env: &Env,
        person: String,
        by: String,
        ground: String,
        case_id: Option<String>,
    ) -> napi::Result<AsyncTask<Job>> {
        let (person, by, case) = catch_panics(|| {
            Ok((
                parse::<PersonId>(&person, "person")?,
                from_text::<Actor>(&by, "by")?,
                case_id.map(|c| parse::<CaseId>(&c, "case")).transpose()?,
            ))
        })
        .or_throw(env)?;
        let inner = Arc::clone(&self.inner);
        Ok(job(move || {
            as_json(&inner.erase_person(person, case, by, &ground)?).map(Reply::Json)
        }))
    }

    /// The case as it was at `version`, kept decoded.
    #[napi(ts_return_type = "Promise<Document>")]
    pub fn case_at_version(
        &self,
        env: &Env,
        id: String,
        version: f64,
    ) -> napi::Result<AsyncTask<Job>> {
        let (id, version) = catch_panics(|| {
            Ok((
                parse::<CaseId>(&id, "case")?,
                number(version, "version", 0, u64::MAX)?,
            ))
        })
        .or_throw(env)?;
        Ok(self.read_on_thread_pool(move |s| whole_case(s.case_at_version(id, version))))
    }

    /// The case as it was at a moment, kept decoded.
    #[napi(ts_return_type = "Promise<Document>")]
    pub fn case_at(&self, env: &Env, id: String, at: String) -> napi::Result<AsyncTask<Job>> {
        let (id, at) =
            catch_panics(|| Ok((parse::<CaseId>(&id, "case")?, time(&at, "at")?))).or_throw(env)?;
        Ok(self.read_on_thread_pool(move |s| whole_case(s.case_at(id, at))))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn history(&self, env: &Env, id: String) -> napi::Result<AsyncTask<Job>> {
        let id = parse::<CaseId>(&id, "case").or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| s.history(id)))
    }

    /// Case ids matching every filter (the fields of the core's `CaseQuery`, as JSON text);
    /// an unknown filter is `invalid_input`.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn query(&self, env: &Env, filters: String) -> napi::Result<AsyncTask<Job>> {
        let q = from_text::<CaseQuery>(&filters, "filters").or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| s.query(&q)))
    }

    #[napi]
    pub fn query_sync(&self, env: &Env, filters: String) -> napi::Result<String> {
        catch_panics(|| {
            let q = from_text::<CaseQuery>(&filters, "filters")?;
            as_json(&self.inner.with(|s| s.query(&q))?)
        })
        .or_throw(env)
    }

    /// The cases matching every filter, each kept decoded.
    #[napi(ts_return_type = "Promise<Document[]>")]
    pub fn cases(&self, env: &Env, filters: String) -> napi::Result<AsyncTask<Job>> {
        let q = from_text::<CaseQuery>(&filters, "filters").or_throw(env)?;
        let inner = Arc::clone(&self.inner);
        Ok(job(move || {
            let cases = inner.with(|s| s.cases(&q))?;
            let docs = cases.into_iter().map(|c| Document {
                doc: Doc::Case(Box::new(c)),
            });
            Ok(Reply::Docs(docs.collect()))
        }))
    }

    /// What work lists need of a case (the core's `CaseSummary`), without reading all of it.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn summary(&self, env: &Env, id: String) -> napi::Result<AsyncTask<Job>> {
        let id = parse::<CaseId>(&id, "case").or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| s.summary(id)))
    }

    #[napi]
    pub fn summary_sync(&self, env: &Env, id: String) -> napi::Result<String> {
        catch_panics(|| {
            let id = parse::<CaseId>(&id, "case")?;
            as_json(&self.inner.with(|s| s.summary(id))?)
        })
        .or_throw(env)
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn summaries(&self, env: &Env, filters: String) -> napi::Result<AsyncTask<Job>> {
        let q = from_text::<CaseQuery>(&filters, "filters").or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| s.summaries(&q)))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn cases_of_person(&self, env: &Env, person: String) -> napi::Result<AsyncTask<Job>> {
        let p = parse::<PersonId>(&person, "person").or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| s.cases_of_person(p)))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn evaluations_due(&self, env: &Env, as_of: String) -> napi::Result<AsyncTask<Job>> {
        let d: NaiveDate = kring::domain::wire::parse_date(&as_of)
            .ok_or_else(|| invalid("asOf", "expected a date written YYYY-MM-DD"))
            .or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| s.evaluations_due(d)))
    }

    /// Adds a coordinator to the pool, or replaces their entry (the core's `PoolEntry`, as JSON
    /// text); the profile is checked as an assignment checks it.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn register_coordinator(&self, env: &Env, entry: String) -> napi::Result<AsyncTask<Job>> {
        let entry = from_text::<pool::PoolEntry>(&entry, "entry").or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| s.register_coordinator(&entry)))
    }

    /// The coordinator pool, in person-id order.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn coordinator_pool(&self) -> AsyncTask<Job> {
        self.run_on_thread_pool(|s| s.coordinator_pool())
    }

    /// One coordinator's entry in the pool: `not_found` if they are not in it.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn pool_entry(&self, env: &Env, person: String) -> napi::Result<AsyncTask<Job>> {
        let p = parse::<PersonId>(&person, "person").or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| s.pool_entry(p)))
    }

    /// The coordinators of the pool who may be assigned to a case, best fit first.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn match_coordinators(&self, env: &Env, id: String) -> napi::Result<AsyncTask<Job>> {
        let id = parse::<CaseId>(&id, "case").or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| s.match_coordinators(id)))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn events_since(&self, env: &Env, after: f64, limit: f64) -> napi::Result<AsyncTask<Job>> {
        let (after, limit) = catch_panics(|| {
            Ok((
                number(after, "after", 0, u64::MAX)?,
                number(limit, "limit", 0, u64::MAX)? as usize,
            ))
        })
        .or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| s.events_since(after, limit)))
    }

    #[napi]
    pub fn last_seq(&self, env: &Env) -> napi::Result<i64> {
        self.run_now(env, |s| s.last_seq()).map(|n| n as i64)
    }

    /// The store's id (`store_…`).
    #[napi]
    pub fn id(&self, env: &Env) -> napi::Result<String> {
        self.run_now(env, |s| Ok(s.id().to_string()))
    }

    /// The store that writes `case`.
    #[napi]
    pub fn holder(&self, env: &Env, case_id: String) -> napi::Result<String> {
        let case = parse::<CaseId>(&case_id, "case").or_throw(env)?;
        self.run_now(env, |s| Ok(s.holder(case)?.to_string()))
    }

    /// How far this store has followed `store`.
    #[napi]
    pub fn cursor(&self, env: &Env, store: String) -> napi::Result<i64> {
        let store = parse::<StoreId>(&store, "store").or_throw(env)?;
        self.run_now(env, |s| s.cursor(store)).map(|n| n as i64)
    }

    /// The case file of a case, resolving to its JSON text (one line): the full file, as
    /// another store imports it; with `reader` (an actor, as JSON text) the scoped file, the
    /// case as that reader may see it (checked and logged as `case_for` is); with `key` (at
    /// least 16 random bytes) the pseudonymised file. Both is `invalid_input`.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn export_case(
        &self,
        env: &Env,
        case_id: String,
        reader: Option<String>,
        key: Option<Buffer>,
    ) -> napi::Result<AsyncTask<Job>> {
        let (case, scope) = catch_panics(|| {
            let case = parse::<CaseId>(&case_id, "case")?;
            let scope = match (reader, key) {
                (Some(_), Some(_)) => {
                    return Err(invalid(
                        "disclosure",
                        "a case file is scoped to a reader or pseudonymised with a key, not both",
                    ));
                }
                (Some(reader), None) => Scope::Reader(from_text::<Actor>(&reader, "reader")?),
                (None, Some(key)) => Scope::Key(
                    Disclosure::pseudonymised(key.to_vec())
                        .map_err(|e| Failure::from(kring::Error::from(e)))?,
                ),
                (None, None) => Scope::Full,
            };
            Ok((case, scope))
        })
        .or_throw(env)?;
        Ok(match scope {
            Scope::Full => self.run_on_thread_pool(move |s| s.export_case(case)),
            Scope::Reader(reader) => {
                self.run_on_thread_pool(move |s| s.export_case_for(case, &reader))
            }
            Scope::Key(disclosure) => self.run_on_thread_pool(move |s| {
                kring_research::export_case_pseudonymised(s, case, &disclosure)
            }),
        })
    }

    /// A plan version of a case as one self-contained HTML document, in `lang` (`nl` when
    /// absent, or `en`): the latest version unless `version` (1, 2, …) is given. Printed for
    /// `reader` (an actor, as JSON text), only what they may see, and the read checked and
    /// logged as `case_for` is.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn plan_html(
        &self,
        env: &Env,
        case_id: String,
        lang: Option<String>,
        version: Option<f64>,
        reader: Option<String>,
    ) -> napi::Result<AsyncTask<Job>> {
        let (args, version) = catch_panics(|| {
            let args = DocumentArgs::parse(&case_id, lang.as_deref(), reader.as_deref())?;
            let version = version
                .map(|v| number(v, "version", 1, u64::from(u32::MAX)).map(|v| v as u32))
                .transpose()?;
            Ok((args, version))
        })
        .or_throw(env)?;
        let options = kring_documents::PlanOptions {
            version,
            lang: args.lang,
            reader: args.reader,
        };
        Ok(
            self.document_on_thread_pool(args.case, args.reader, move |case| {
                Ok(kring_documents::plan_html(case, &options)?)
            }),
        )
    }

    /// The network map (ecogram) of a case's circle as SVG, in `lang` (`nl` when absent, or
    /// `en`). Drawn for `reader` (an actor, as JSON text), only what they may see, and the
    /// read checked and logged as `case_for` is.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn network_map(
        &self,
        env: &Env,
        case_id: String,
        lang: Option<String>,
        reader: Option<String>,
    ) -> napi::Result<AsyncTask<Job>> {
        let args =
            catch_panics(|| DocumentArgs::parse(&case_id, lang.as_deref(), reader.as_deref()))
                .or_throw(env)?;
        let options = kring_documents::MapOptions {
            lang: args.lang,
            reader: args.reader,
        };
        Ok(
            self.document_on_thread_pool(args.case, args.reader, move |case| {
                Ok(kring_documents::network_map_svg(case, &options)?)
            }),
        )
    }

    /// A case as an HL7 FHIR R5 Bundle (`docs/fhir.md`), resolving to its JSON text.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn fhir_bundle(&self, env: &Env, case_id: String) -> napi::Result<AsyncTask<Job>> {
        let case = catch_panics(|| parse::<CaseId>(&case_id, "case")).or_throw(env)?;
        let inner = Arc::clone(&self.inner);
        Ok(job(move || {
            // Read under the store's lock; made after it is let go.
            let case = inner.with(|s| s.case(case))?;
            let bundle = kring_fhir::bundle(&case).map_err(kring::Error::from)?;
            Ok(Reply::Json(bundle.to_string()))
        }))
    }

    /// Imports a case file given as JSON text; resolves to the report.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn import_case(&self, file: String) -> AsyncTask<Job> {
        self.run_on_thread_pool(move |s| s.import_case(&kring::CaseFile::from_json(&file)?))
    }

    /// The change feed after `after`, at most `limit` entries, as a JSON array.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn feed(&self, env: &Env, after: f64, limit: f64) -> napi::Result<AsyncTask<Job>> {
        let (after, limit) = catch_panics(|| {
            Ok((
                number(after, "after", 0, u64::MAX)?,
                number(limit, "limit", 0, kring::MAX_PAGE as u64)? as usize,
            ))
        })
        .or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| s.feed(after, limit)))
    }

    /// Takes a batch of another store's feed (a JSON array of its entries), of `cases` (a
    /// JSON array of ids) or of every case; resolves to the report.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn follow(
        &self,
        env: &Env,
        entries: String,
        cases: Option<String>,
    ) -> napi::Result<AsyncTask<Job>> {
        let (entries, cases) = catch_panics(|| {
            Ok((
                from_text::<Vec<kring::FeedEntry>>(&entries, "entries")?,
                cases
                    .map(|c| from_text::<std::collections::HashSet<CaseId>>(&c, "cases"))
                    .transpose()?,
            ))
        })
        .or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| s.follow(&entries, cases.as_ref())))
    }

    #[napi]
    pub fn count(&self, env: &Env) -> napi::Result<i64> {
        self.run_now(env, |s| s.len()).map(|n| n as i64)
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn verify(&self) -> AsyncTask<Job> {
        self.run_on_thread_pool(|s| s.verify())
    }

    /// The format version recorded in the file (the module's `formatVersion()` once
    /// upgraded).
    #[napi]
    pub fn format_version(&self, env: &Env) -> napi::Result<u32> {
        self.run_now(env, |s| Ok(u32::from(s.format_version())))
    }

    /// Converts a store of an older format to the current one, in one transaction (all of it
    /// or nothing), then compacts it; resolves to the core's `UpgradeReport`. No progress is reported: the
    /// upgrade runs on the thread pool, and calling JavaScript from there would need a
    /// threadsafe function for little gain.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn upgrade(&self) -> AsyncTask<Job> {
        let inner = Arc::clone(&self.inner);
        job(move || as_json(&inner.upgrade(|_| Ok(()))?).map(Reply::Json))
    }

    #[napi(ts_return_type = "Promise<string>")]
    pub fn backup(&self, path: String) -> AsyncTask<Job> {
        self.run_on_thread_pool(move |s| s.backup(&path))
    }

    /// Research tables, pseudonymised with `key` (at least 16 random bytes) unless
    /// `identifying`: those named in `tables`, or every one, in the order of the tables.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn research_tables(
        &self,
        env: &Env,
        key: Option<Buffer>,
        identifying: Option<bool>,
        tables: Option<Vec<String>>,
    ) -> napi::Result<AsyncTask<Job>> {
        let (wanted, disclosure) =
            catch_panics(|| research_args(key, identifying, tables)).or_throw(env)?;
        Ok(self
            .run_on_thread_pool(move |s| kring_research::store_tables_only(s, &disclosure, wanted)))
    }

    /// Research tables as Arrow IPC streams (`[{ name, ipc }]`, in the order of the tables),
    /// pseudonymised with `key` (at least 16 random bytes) unless `identifying`: typed
    /// columns (dates, timestamps in UTC, 64-bit integers, booleans) that `apache-arrow`
    /// reads with `tableFromIPC`. Those named in `tables`, or every one.
    #[napi(ts_return_type = "Promise<Array<ArrowIpc>>")]
    pub fn research_arrow(
        &self,
        env: &Env,
        key: Option<Buffer>,
        identifying: Option<bool>,
        tables: Option<Vec<String>>,
    ) -> napi::Result<AsyncTask<Job>> {
        let (wanted, disclosure) =
            catch_panics(|| research_args(key, identifying, tables)).or_throw(env)?;
        let inner = Arc::clone(&self.inner);
        Ok(job(move || {
            let tables =
                inner.with(|s| kring_research::arrow_tables_only(s, &disclosure, wanted))?;
            // Written as IPC after the store's lock is let go.
            let ipc = tables
                .iter()
                .map(|t| Ok((t.name.clone(), kring_research::arrow_ipc(t)?)))
                .collect::<kring::Result<Vec<_>>>()?;
            Ok(Reply::Arrow(ipc))
        }))
    }

    /// The standard measures (`docs/research.md`) of the cases requested in `[from, to)`
    /// (days written `YYYY-MM-DD`), grouped by `groupBy` (`none`, `variant`, `legal_basis`
    /// or `organisation`), pseudonymised with `key` (small cells withheld) unless
    /// `identifying`; resolves to the core's `Measures` as JSON text.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn measures(
        &self,
        env: &Env,
        key: Option<Buffer>,
        identifying: Option<bool>,
        from: Option<String>,
        to: Option<String>,
        group_by: Option<String>,
    ) -> napi::Result<AsyncTask<Job>> {
        let args = catch_panics(|| {
            MeasureArgs::parse(
                key,
                identifying,
                from.as_deref(),
                to.as_deref(),
                group_by.as_deref(),
            )
        })
        .or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| {
            kring_research::measures::store_measures(s, &args.query, &args.disclosure)
        }))
    }

    /// The standard measures, chosen and disclosed as `measures` takes them, as one
    /// self-contained HTML report with charts in `lang` (`nl` when absent, or `en`), as
    /// `kring report` writes it; `made_on` (`YYYY-MM-DD`) is printed under the title as the
    /// day it was made, and nothing when absent. Resolves to the HTML.
    #[napi(ts_return_type = "Promise<string>")]
    #[allow(clippy::too_many_arguments)]
    pub fn report_html(
        &self,
        env: &Env,
        key: Option<Buffer>,
        identifying: Option<bool>,
        from: Option<String>,
        to: Option<String>,
        group_by: Option<String>,
        lang: Option<String>,
        made_on: Option<String>,
    ) -> napi::Result<AsyncTask<Job>> {
        // Every option is checked before the cases are counted, in the order `kring report`
        // checks them.
        let (args, options) = catch_panics(|| {
            let args = MeasureArgs::parse(
                key,
                identifying,
                from.as_deref(),
                to.as_deref(),
                group_by.as_deref(),
            )?;
            let options =
                kring_documents::ReportOptions::from_options(lang.as_deref(), made_on.as_deref())
                    .map_err(|e| Failure::from(kring::Error::from(e)))?;
            Ok((args, options))
        })
        .or_throw(env)?;
        let inner = Arc::clone(&self.inner);
        Ok(job(move || {
            let measures = inner.with(|s| {
                kring_research::measures::store_measures(s, &args.query, &args.disclosure)
            })?;
            // Written after the store's lock is let go.
            let html =
                kring_documents::report_html(&measures, &options).map_err(kring::Error::from)?;
            Ok(Reply::Text(html))
        }))
    }

    /// Writes the research tables of every case, pseudonymised with `key` (at least 16
    /// random bytes; required: an identifying dataset is refused), into the hive-partitioned
    /// Parquet dataset at `dir`, under the organisation code `organisation` (default: the
    /// store's pseudonym under the key). Resolves to the summary as JSON text:
    /// `{ organisation, cases, files, rows }` (files relative to `dir`, rows by table).
    #[napi(ts_return_type = "Promise<string>")]
    pub fn export_parquet(
        &self,
        env: &Env,
        dir: String,
        key: Option<Buffer>,
        identifying: Option<bool>,
        organisation: Option<String>,
    ) -> napi::Result<AsyncTask<Job>> {
        let disclosure = catch_panics(|| {
            let disclosure = kring_research::parquet_disclosure(
                key.map(|k| k.to_vec()),
                identifying.unwrap_or(false),
            )
            .map_err(Failure::from)?;
            if let Some(code) = &organisation {
                kring_research::check_organisation(code)?;
            }
            Ok(disclosure)
        })
        .or_throw(env)?;
        Ok(self.run_on_thread_pool(move |s| {
            kring_research::write_parquet(s, &dir, &disclosure, organisation.as_deref())
                .map(ParquetSummary::from)
        }))
    }

    /// Adds `count` generated, realistic cases (invented people); resolves to their ids.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn generate(&self, env: &Env, seed: f64, count: f64) -> napi::Result<AsyncTask<Job>> {
        let (seed, count) = catch_panics(|| {
            Ok((
                number(seed, "seed", 0, u64::MAX)?,
                number(count, "count", 0, u64::MAX)?,
            ))
        })
        .or_throw(env)?;
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

/// The research tables, in their order (`kring_research::TABLES`).
#[napi]
pub fn research_table_names() -> Vec<String> {
    kring_research::TABLES
        .iter()
        .map(|t| (*t).to_owned())
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
