//! The conformance suite, as seen from Rust. `tests/conformance/bad_inputs.json` is run
//! through Rust (here), Python and Node with the same setup (`setup.json`, the example case up
//! to private time); every language must report the same error code (and rule), leave the
//! store unchanged, and live on. `good_inputs.json` holds commands every language must accept,
//! with the same event and the same state afterwards (`expect`: a part of the case, matched as
//! a subset). An entry's `given` commands are made first, on a fresh copy of the setup; each
//! must be accepted. Values are parsed here exactly as the bindings parse them: ids with
//! `FromStr`, actors and commands with serde, times as RFC 3339. An actor is `[person, role]`,
//! or an object (`{person, role, on_behalf_of}`) as the bindings take it.
//! `KRING_BLESS=1` rewrites `setup.json` from the example.

use std::path::Path;

use kring::args::{Number, whole};
use kring::domain::{Actor, Command};
use kring::{CaseId, CaseQuery, SharedStore, Store};
use kring_research::{Disclosure, TableSet};
use serde_json::{Value, json};

/// A lone surrogate cannot be a Rust string: it stands in the JSON text as the escape the
/// bindings' JSON would carry (`"Ann\ud800"`), which the parser must refuse.
const LONE: &str = "\u{0}lone";

fn dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/conformance"))
}

fn setup_json() -> Value {
    let (story, cast) = kring_testkit::example::story_to_private_time();
    let cast = json!({
        "case": story.id, "youth": cast.youth, "mother": cast.mother, "uncle": cast.uncle,
        "grandmother": cast.grandmother, "professional": cast.professional, "coordinator": cast.coordinator,
        "regional_manager": cast.regional_manager, "framework": cast.framework, "condition": cast.condition,
    });
    let next = (story.now + chrono::Duration::minutes(5))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    json!({ "cast": cast, "next_at": next, "events": story.events })
}

/// An invented person's name, phone number and address in one: no error message may repeat
/// any part of it.
const MARKER: &str = "Zeeman Marker 06-12345678 Dorpsstraat 7";

/// Parts of [`MARKER`] and of `$huge` that must never come back in an error.
const NEVER_SHOWN: [&str; 5] = [
    "Zeeman",
    "Marker",
    "12345678",
    "Dorpsstraat",
    "xxxxxxxxxxxxxxxxxxxx",
];

/// An error's text (its `Display` or `Debug`) names ids and codes, never a value the caller
/// passed in, and stays short.
fn assert_private(name: &str, text: &str) {
    for part in NEVER_SHOWN {
        assert!(!text.contains(part), "{name}: `{part}` in {text:.300}");
    }
    assert!(
        text.chars().count() <= 700,
        "{name}: {} characters",
        text.chars().count()
    );
}

/// Replaces `$name` strings with the cast's ids (and `$huge` with 20,000 characters,
/// `$marker` with [`MARKER`], in keys too).
fn fill(v: &Value, cast: &Value) -> Value {
    match v {
        Value::String(s) if s == "$huge" => Value::String("x".repeat(20_000)),
        Value::String(s) if s == "$marker" => Value::String(MARKER.into()),
        Value::String(s) if s == "$lone" => Value::String(LONE.into()),
        Value::String(s) if ["$nan", "$zeros16"].contains(&s.as_str()) || s.starts_with("$cut") => {
            v.clone()
        }
        Value::String(s) if s.starts_with('$') => cast[&s[1..]].clone(),
        Value::Array(a) => Value::Array(a.iter().map(|x| fill(x, cast)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| {
                    let k = if k == "$marker" { MARKER } else { k };
                    (k.to_string(), fill(x, cast))
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn invalid<E>(_: E) -> (String, Option<String>) {
    ("invalid_input".to_string(), None)
}

fn coded(e: kring::Error) -> (String, Option<String>) {
    assert_private(e.code(), &e.to_string());
    assert_private(e.code(), &format!("{e:?}"));
    (
        e.code().to_string(),
        e.domain()
            .and_then(|d| d.rule())
            .map(|r| r.code().to_string()),
    )
}

/// A value parsed from its JSON text, as the Node binding parses what `JSON.stringify` sent
/// (and Python's converter reads the same shape).
fn parsed<T: serde::de::DeserializeOwned>(v: &Value) -> Result<T, (String, Option<String>)> {
    let text = v.to_string().replace("\\u0000lone", "Ann\\ud800");
    serde_json::from_str(&text).map_err(invalid)
}

/// A number as the bindings hand it to the core.
fn number(v: &Value) -> Number {
    match v {
        Value::Number(n) => n
            .as_i64()
            .map(|i| Number::Integer(Some(i.into())))
            .or_else(|| n.as_u64().map(|u| Number::Integer(Some(u.into()))))
            .unwrap_or_else(|| Number::Float(n.as_f64().unwrap_or(f64::NAN))),
        Value::String(s) if s == "$nan" => Number::Float(f64::NAN),
        _ => Number::NotANumber,
    }
}

/// The key an entry gives as `key_hex`, as bytes.
fn key_of(args: &Value) -> Option<Vec<u8>> {
    args["key_hex"].as_str().map(|hex| {
        (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
            .collect()
    })
}

/// A text option of an entry: absent or null is none; anything but a string is refused.
fn optional_text<'a>(
    args: &'a Value,
    field: &str,
) -> Result<Option<&'a str>, (String, Option<String>)> {
    match &args[field] {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        _ => Err(("invalid_input".to_string(), None)),
    }
}

/// The case, language and reader of a document.
type DocumentArgs = (CaseId, kring_documents::Lang, Option<Actor>);

/// The case, language and reader of a document, as the bindings take them.
fn document_args(args: &Value) -> Result<DocumentArgs, (String, Option<String>)> {
    let case: CaseId = parsed(&args["case"])?;
    let lang = optional_text(args, "lang")?
        .unwrap_or("nl")
        .parse()
        .map_err(|e: kring::domain::Error| coded(e.into()))?;
    let reader = match args.get("reader") {
        None | Some(Value::Null) => None,
        Some(r) => Some(parsed::<Actor>(&actor_object(r.clone()))?),
    };
    Ok((case, lang, reader))
}

/// The period, grouping and disclosure of the measures (`measures`, `report_html`): the query
/// is checked first, then the disclosure, as the bindings check them.
fn measure_args(
    args: &Value,
) -> Result<(kring_research::measures::MeasureQuery, Disclosure), (String, Option<String>)> {
    let query = kring_research::measures::MeasureQuery::from_options(
        optional_text(args, "from")?,
        optional_text(args, "to")?,
        optional_text(args, "group_by")?,
    )
    .map_err(|e| coded(e.into()))?;
    let d = Disclosure::from_options(key_of(args), args["identifying"] == true)
        .map_err(|e| coded(e.into()))?;
    Ok((query, d))
}

/// The operations other than `execute`, as the bindings make them.
fn op(
    store: &Store,
    name: &str,
    args: &Value,
    case: CaseId,
    files: &Path,
) -> Result<(), (String, Option<String>)> {
    let n = |field: &str, min: u64, max: u64| {
        whole(field, number(&args[field]), min, max).map_err(coded)
    };
    match name {
        "generate" => {
            let (seed, count) = (n("seed", 0, u64::MAX)?, n("count", 0, u64::MAX)?);
            kring_testkit::generate(store, seed, count)
                .map(|_| ())
                .map_err(coded)
        }
        "query" | "cases" => {
            let q: CaseQuery = parsed(&args["filters"])?;
            store.query(&q).map(|_| ()).map_err(coded)
        }
        "export_case" => {
            // `reader` scopes the file, `key_hex` pseudonymises it (as the bindings take
            // them); both together are refused.
            let id: CaseId = parsed(&args["case"])?;
            match (args.get("reader"), key_of(args)) {
                (Some(_), Some(_)) => Err(coded(kring::Error::invalid(
                    "disclosure",
                    "a case file is scoped to a reader or pseudonymised with a key, not both",
                ))),
                (Some(reader), None) => {
                    let reader: Actor = parsed(&actor_object(reader.clone()))?;
                    store
                        .export_case_for(id, &reader)
                        .map(|_| ())
                        .map_err(coded)
                }
                (None, Some(key)) => Disclosure::pseudonymised(key)
                    .map_err(kring::Error::from)
                    .and_then(|d| kring_research::export_case_pseudonymised(store, id, &d))
                    .map(|_| ())
                    .map_err(coded),
                (None, None) => store.export_case(id).map(|_| ()).map_err(coded),
            }
        }
        "import_case" => {
            let text = args["file"].as_str().ok_or_else(|| invalid(()))?;
            kring::CaseFile::from_json(text)
                .and_then(|f| store.import_case(&f))
                .map(|_| ())
                .map_err(coded)
        }
        "follow" => {
            // Entries as Python gives them (lines of JSON) or as Node does (objects).
            let entries = args["entries"].as_array().ok_or_else(|| invalid(()))?;
            let entries = entries
                .iter()
                .map(|e| match e {
                    Value::String(line) => kring::FeedEntry::from_json(line).map_err(coded),
                    other => serde_json::from_value(other.clone()).map_err(invalid),
                })
                .collect::<Result<Vec<_>, _>>()?;
            store.follow(&entries, None).map(|_| ()).map_err(coded)
        }
        "summary" => {
            let id: CaseId = parsed(&args["case"])?;
            store.summary(id).map(|_| ()).map_err(coded)
        }
        "summaries" => {
            let q: CaseQuery = parsed(&args["filters"])?;
            store.summaries(&q).map(|_| ()).map_err(coded)
        }
        "access_log" => {
            let id = |field: &str| -> Result<Option<String>, (String, Option<String>)> {
                match &args[field] {
                    Value::Null => Ok(None),
                    Value::String(s) => Ok(Some(s.clone())),
                    _ => Err(("invalid_input".to_string(), None)),
                }
            };
            let case: Option<CaseId> = id("case")?
                .map(|c| c.parse())
                .transpose()
                .map_err(invalid)?;
            let person: Option<kring::domain::PersonId> = id("person")?
                .map(|p| p.parse())
                .transpose()
                .map_err(invalid)?;
            store
                .access_log_for(case, person)
                .map(|_| ())
                .map_err(coded)
        }
        "case_for" => {
            let reader: Actor = parsed(&actor_object(args["reader"].clone()))?;
            store.case_for(case, &reader).map(|_| ()).map_err(coded)
        }
        "case_at_version" => {
            let v = n("version", 0, u64::MAX)?;
            store.case_at_version(case, v).map(|_| ()).map_err(coded)
        }
        "events_since" => {
            let (after, limit) = (n("after", 0, u64::MAX)?, n("limit", 0, u64::MAX)?);
            store
                .events_since(after, limit as usize)
                .map(|_| ())
                .map_err(coded)
        }
        "execute_many" | "import_commands" => {
            let items = args["items"]
                .as_array()
                .ok_or(("invalid_input".to_string(), None))?;
            let mut parsed_items = Vec::new();
            let mut versions = Vec::new();
            for item in items {
                let (Some(c), Some(a), Some(cmd)) =
                    (item.get("case"), item.get("actor"), item.get("command"))
                else {
                    return Err(("invalid_input".to_string(), None));
                };
                let case: CaseId = c.as_str().unwrap_or_default().parse().map_err(invalid)?;
                let actor: Actor = parsed(&actor_object(a.clone()))?;
                parsed_items.push((case, actor, parsed::<Command>(cmd)?));
                versions.push(expected_version(item.get("expected_version"))?);
            }
            if name == "import_commands" {
                let items = parsed_items
                    .into_iter()
                    .map(|(c, a, cmd)| (c, a, kring::At::Now, cmd));
                return store.import(items).map(|_| ()).map_err(coded);
            }
            store
                .transaction(|tx| {
                    for ((c, a, cmd), version) in parsed_items.into_iter().zip(versions) {
                        match version {
                            Some(v) => tx.execute_at_version(c, v, a, kring::At::Now, cmd)?,
                            None => tx.execute(c, a, kring::At::Now, cmd)?,
                        };
                    }
                    Ok(())
                })
                .map_err(coded)
        }
        "research_tables" | "research_arrow" => {
            // The tables asked for are checked first, then the disclosure, as the bindings
            // check them.
            let wanted = match &args["tables"] {
                Value::Null => TableSet::ALL,
                Value::Array(names) => {
                    let names: Option<Vec<&str>> = names.iter().map(Value::as_str).collect();
                    let names = names.ok_or(("invalid_input".to_string(), None))?;
                    TableSet::of(names).map_err(|e| coded(e.into()))?
                }
                _ => return Err(("invalid_input".to_string(), None)),
            };
            let key = match &args["key"] {
                Value::Null => key_of(args),
                Value::String(s) if s == "$zeros16" => Some(vec![0u8; 16]),
                _ => return Err(("invalid_input".to_string(), None)),
            };
            let d = Disclosure::from_options(key, args["identifying"] == true)
                .map_err(|e| coded(e.into()))?;
            if name == "research_tables" {
                kring_research::store_tables_only(store, &d, wanted).map(|_| ())
            } else {
                kring_research::arrow_tables_only(store, &d, wanted).map(|_| ())
            }
            .map_err(coded)
        }
        "measures" => {
            let (query, d) = measure_args(args)?;
            kring_research::measures::store_measures(store, &query, &d)
                .map(|_| ())
                .map_err(coded)
        }
        "export_parquet" => {
            // Always pseudonymised (a key is required); the organisation code is checked by
            // the core before anything is written.
            let d = kring_research::parquet_disclosure(key_of(args), false).map_err(coded)?;
            let organisation = optional_text(args, "organisation")?;
            let dataset = files.join("parquet");
            if args["claimed"] == true {
                // Another export of this organisation under way: its claim in the dataset.
                std::fs::create_dir_all(&dataset).unwrap();
                let claim = format!(".kring-parquet-{}.lock", organisation.unwrap_or_default());
                std::fs::write(dataset.join(claim), "another export\n").unwrap();
            }
            kring_research::write_parquet(store, dataset, &d, organisation)
                .map(|_| ())
                .map_err(coded)
        }
        "report_html" => {
            // The options of `measures`, checked as they are, then the language and the day.
            let (query, d) = measure_args(args)?;
            let options = kring_documents::ReportOptions::from_options(
                optional_text(args, "lang")?,
                optional_text(args, "made_on")?,
            )
            .map_err(|e| coded(e.into()))?;
            kring_research::measures::store_measures(store, &query, &d)
                .and_then(|m| Ok(kring_documents::report_html(&m, &options)?))
                .map(|_| ())
                .map_err(coded)
        }
        "plan_html" => {
            let (case, lang, reader) = document_args(args)?;
            let version = match &args["version"] {
                Value::Null => None,
                v => {
                    Some(whole("version", number(v), 1, u64::from(u32::MAX)).map_err(coded)? as u32)
                }
            };
            let options = kring_documents::PlanOptions {
                version,
                lang,
                reader,
            };
            kring_documents::read(store, case, options.reader.as_ref())
                .and_then(|c| Ok(kring_documents::plan_html(&c, &options)?))
                .map(|_| ())
                .map_err(coded)
        }
        "network_map" => {
            let (case, lang, reader) = document_args(args)?;
            let options = kring_documents::MapOptions { lang, reader };
            kring_documents::read(store, case, options.reader.as_ref())
                .and_then(|c| Ok(kring_documents::network_map_svg(&c, &options)?))
                .map(|_| ())
                .map_err(coded)
        }
        "fhir_bundle" => {
            let case: CaseId = parsed(&args["case"])?;
            store
                .case(case)
                .and_then(|c| Ok(kring_fhir::bundle(&c)?))
                .map(|_| ())
                .map_err(coded)
        }
        "open" => {
            let path = files.join(&args["path"].as_str().unwrap_or_default()[1..]);
            Store::open(path).map(|_| ()).map_err(coded)
        }
        "new_id" => {
            let kind: String = parsed(&args["kind"])?;
            store.new_id_text(&kind).map(|_| ()).map_err(coded)
        }
        "evaluations_due" => {
            let day = kring::domain::wire::parse_date(args["as_of"].as_str().unwrap_or_default())
                .ok_or(("invalid_input".to_string(), None))?;
            store.evaluations_due(day).map(|_| ()).map_err(coded)
        }
        other => panic!("unknown op {other}"),
    }
}

/// An actor is `[person, role]` in the file; the bindings take `{person, role}`.
fn actor_object(actor: Value) -> Value {
    match actor {
        Value::Array(a) if a.len() == 2 => json!({"person": a[0], "role": a[1]}),
        other => other,
    }
}

/// Fills the example circle up to its limit in one transaction, then adds one more.
fn circle_limit(events: &[kring::Event], cast: &Value) -> Result<(), (String, Option<String>)> {
    use kring::domain::*;
    let store = Store::in_memory().unwrap();
    for e in events {
        store
            .execute(e.case, e.actor, e.at, e.command.clone())
            .unwrap();
    }
    let case: CaseId = cast["case"].as_str().unwrap().parse().unwrap();
    let uncle = Actor::new(
        cast["uncle"].as_str().unwrap().parse().unwrap(),
        Role::NetworkMember,
    );
    let youth: PersonId = cast["youth"].as_str().unwrap().parse().unwrap();
    let c = store.case(case).unwrap();
    let people = c.main_persons.len()
        + c.network.len()
        + c.professionals.len()
        + usize::from(c.coordinator.is_some());
    let member = |n: usize| {
        let person = Person {
            id: store.new_id(),
            name: format!("Invented Person {n}"),
            birth_date: None,
            languages: vec![],
        };
        let (kind, side) = (RelationKind::Friend, Side::Own);
        kring_testkit::add_member(person, youth, kind, side, Identified::AtConference)
    };
    let room = kring::domain::limits::MAX_PEOPLE - people;
    store
        .transaction(|tx| {
            (0..room).try_for_each(|n| {
                tx.execute(case, uncle, kring::At::Now, member(n))
                    .map(|_| ())
            })
        })
        .unwrap();
    store
        .execute(case, uncle, kring::At::Now, member(room))
        .map(|_| ())
        .map_err(coded)
}

/// One input as the bindings would receive it: (case, actor, at, command); the event made.
fn call(
    store: &Store,
    input: &Value,
    cast: &Value,
    next_at: &str,
) -> Result<kring::Event, (String, Option<String>)> {
    let case = fill(input.get("case").unwrap_or(&json!("$case")), cast);
    let actor = fill(
        input
            .get("actor")
            .unwrap_or(&json!(["$uncle", "network_member"])),
        cast,
    );
    let at = fill(input.get("at").unwrap_or(&json!(next_at)), cast);
    let command = fill(
        input
            .get("command")
            .unwrap_or(&json!({"record_attendance": {"present": ["$uncle"]}})),
        cast,
    );
    let case: CaseId = case
        .as_str()
        .ok_or(("invalid_input".to_string(), None))?
        .parse()
        .map_err(invalid)?;
    // An actor is `[person, role]` in the file; the bindings take `{person, role}`.
    let actor: Actor = parsed(&actor_object(actor))?;
    let at = kring::domain::wire::parse_time(at.as_str().unwrap_or_default())
        .ok_or(("invalid_input".to_string(), None))?;
    let command: Command = parsed(&command)?;
    match expected_version(input.get("expected_version"))? {
        Some(v) => store.execute_at_version(case, v, actor, at, command),
        None => store.execute(case, actor, at, command),
    }
    .map_err(coded)
}

/// The case version an entry says its caller read, if it names one: a whole number.
fn expected_version(v: Option<&Value>) -> Result<Option<u64>, (String, Option<String>)> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => whole("expected_version", number(v), 0, u64::MAX)
            .map(Some)
            .map_err(coded),
    }
}

/// The actor of an input (the default one when it names none), as the bindings read it.
fn actor_of(input: &Value, cast: &Value) -> Actor {
    let actor = fill(
        input
            .get("actor")
            .unwrap_or(&json!(["$uncle", "network_member"])),
        cast,
    );
    parsed(&actor_object(actor)).expect("a good actor")
}

fn replay(store: &Store, events: &[kring::Event]) {
    for e in events {
        store
            .execute(e.case, e.actor, e.at, e.command.clone())
            .unwrap();
    }
}

/// A store in memory with the setup replayed, then the entry's `given` commands, each of
/// which must be accepted.
fn given_store(events: &[kring::Event], given: &Value, cast: &Value, next_at: &str) -> Store {
    let store = Store::in_memory().unwrap();
    replay(&store, events);
    for step in given.as_array().expect("given: a list of commands") {
        if let Err(e) = call(&store, step, cast, next_at) {
            panic!("a given command was refused with {e:?}: {step}");
        }
    }
    store
}

/// Whether `actual` holds `expected`: every key of an expected object (with a matching
/// value), every item of an expected list in order (and no more), any other value equal.
fn holds(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            e.iter().all(|(k, v)| a.get(k).is_some_and(|x| holds(x, v)))
        }
        (Value::Array(a), Value::Array(e)) => {
            a.len() == e.len() && a.iter().zip(e).all(|(x, v)| holds(x, v))
        }
        (a, e) => a == e,
    }
}

fn read(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join(name)).unwrap()).unwrap()
}

#[test]
fn bad_inputs_get_the_same_codes_and_change_nothing() {
    let setup_path = dir().join("setup.json");
    if std::env::var_os("KRING_BLESS").is_some() {
        std::fs::write(
            &setup_path,
            serde_json::to_string_pretty(&setup_json()).unwrap() + "\n",
        )
        .unwrap();
    }
    let setup = read("setup.json");
    assert_eq!(
        setup,
        setup_json(),
        "tests/conformance/setup.json is stale: rerun with KRING_BLESS=1"
    );
    let inputs: Vec<Value> = serde_json::from_value(read("bad_inputs.json")).unwrap();
    let files = std::env::temp_dir().join(format!("kring-conformance-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&files);
    std::fs::create_dir_all(&files).unwrap();
    let path = files.join("cases.kring");
    let store = Store::create(&path).unwrap();
    let events: Vec<kring::Event> = serde_json::from_value(setup["events"].clone()).unwrap();
    replay(&store, &events);
    let cast = &setup["cast"];
    let next_at = setup["next_at"].as_str().unwrap();
    let case: CaseId = cast["case"].as_str().unwrap().parse().unwrap();
    store.backup(files.join("copy.kring")).unwrap();
    for n in [9, 100] {
        let cut = files.join(format!("cut{n}"));
        std::fs::copy(files.join("copy.kring"), &cut).unwrap();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&cut)
            .unwrap()
            .set_len(n)
            .unwrap();
    }
    let mut checked = 0;
    for input in &inputs {
        let name = input["name"].as_str().unwrap();
        let code = input["code"].as_str().unwrap();
        if input
            .get("only")
            .is_some_and(|o| !o.as_array().unwrap().contains(&json!("rust")))
        {
            continue;
        }
        let args = fill(input.get("args").unwrap_or(&Value::Null), cast);
        // An entry with `given` commands is tried on its own copy of the setup.
        let own = input
            .get("given")
            .map(|g| given_store(&events, g, cast, next_at));
        let store = own.as_ref().unwrap_or(&store);
        let before = (store.case(case).unwrap(), store.last_seq().unwrap());
        let got = match (
            input.get("special").and_then(Value::as_str),
            input.get("op").and_then(Value::as_str),
        ) {
            (Some("second_writer"), _) => Store::open(&path).map(|_| ()).map_err(coded),
            (Some("closed"), _) => {
                let shared = SharedStore::new(Store::in_memory().unwrap());
                shared.close();
                shared.with(|s| s.case(case)).map(|_| ()).map_err(coded)
            }
            (Some("circle_limit"), _) => circle_limit(&events, cast),
            (_, Some(name)) => op(store, name, &args, case, &files),
            _ => call(store, input, cast, next_at).map(|_| ()),
        };
        let (got_code, got_rule) = got.expect_err(name);
        assert_eq!(got_code, code, "{name}");
        if let Some(rule) = input.get("rule").and_then(Value::as_str) {
            assert_eq!(got_rule.as_deref(), Some(rule), "{name}");
        }
        assert_eq!(
            (store.case(case).unwrap(), store.last_seq().unwrap()),
            before,
            "{name} changed the store"
        );
        checked += 1;
    }
    assert!(checked >= 65, "{checked} checked");
    store.verify().unwrap();
    drop(store);
    let _ = std::fs::remove_dir_all(&files);
}

#[test]
fn good_inputs_are_accepted_with_the_same_event_and_state() {
    let setup = read("setup.json");
    let events: Vec<kring::Event> = serde_json::from_value(setup["events"].clone()).unwrap();
    let (cast, next_at) = (&setup["cast"], setup["next_at"].as_str().unwrap());
    let case: CaseId = cast["case"].as_str().unwrap().parse().unwrap();
    let inputs: Vec<Value> = serde_json::from_value(read("good_inputs.json")).unwrap();
    assert!(inputs.len() >= 3);
    for input in &inputs {
        let name = input["name"].as_str().unwrap();
        let given = input.get("given").cloned().unwrap_or(json!([]));
        let store = given_store(&events, &given, cast, next_at);
        let version = store.case(case).unwrap().version;
        let event = call(&store, input, cast, next_at)
            .unwrap_or_else(|e| panic!("{name}: refused with {e:?}"));
        assert_eq!(event.version, version + 1, "{name}");
        assert_eq!(
            event.actor,
            actor_of(input, cast),
            "{name}: the actor as given"
        );
        let state = serde_json::to_value(store.case(case).unwrap()).unwrap();
        if let Some(expect) = input.get("expect") {
            let expect = fill(expect, cast);
            assert!(holds(&state, &expect), "{name}: {expect} is not in {state}");
        }
        store.verify().unwrap();
    }
}
