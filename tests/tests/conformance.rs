//! The bad-input conformance suite, as seen from Rust. `tests/conformance/bad_inputs.json` is
//! run through Rust (here), Python and Node with the same setup (`setup.json`, the example
//! case up to private time); every language must report the same error code (and rule), leave
//! the store unchanged, and live on. Values are parsed here exactly as the bindings parse
//! them: ids with `FromStr`, actors and commands with serde, times as RFC 3339.
//! `KRING_BLESS=1` rewrites `setup.json` from the example.

use std::path::Path;

use kring::domain::{Actor, Command};
use kring::{CaseId, Store};
use serde_json::{Value, json};

fn dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/conformance"))
}

fn setup_json() -> Value {
    let (story, cast) = kring::example::story_to_private_time();
    let cast = json!({
        "case": story.id, "youth": cast.youth, "mother": cast.mother, "uncle": cast.uncle,
        "grandmother": cast.grandmother, "professional": cast.professional, "coordinator": cast.coordinator,
        "regional_manager": cast.regional_manager, "framework": cast.framework, "condition": cast.condition,
    });
    let next = (story.now + chrono::Duration::minutes(5))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    json!({ "cast": cast, "next_at": next, "events": story.events })
}

/// Replaces `$name` strings with the cast's ids (and `$huge` with 20,000 characters).
fn fill(v: &Value, cast: &Value) -> Value {
    match v {
        Value::String(s) if s == "$huge" => Value::String("x".repeat(20_000)),
        Value::String(s) if s.starts_with('$') => cast[&s[1..]].clone(),
        Value::Array(a) => Value::Array(a.iter().map(|x| fill(x, cast)).collect()),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, x)| (k.clone(), fill(x, cast))).collect())
        }
        other => other.clone(),
    }
}

fn invalid<E>(_: E) -> (String, Option<String>) {
    ("invalid_input".to_string(), None)
}

/// One bad input as the bindings would receive it: (case, actor, at, command).
fn call(
    store: &Store,
    input: &Value,
    cast: &Value,
    next_at: &str,
) -> Result<(), (String, Option<String>)> {
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
    let actor = match actor {
        Value::Array(a) if a.len() == 2 => json!({"person": a[0], "role": a[1]}),
        other => other,
    };
    let actor: Actor = serde_json::from_value(actor).map_err(invalid)?;
    let at = chrono::DateTime::parse_from_rfc3339(at.as_str().unwrap_or_default())
        .map_err(invalid)?
        .with_timezone(&chrono::Utc);
    let command: Command = serde_json::from_value(command).map_err(invalid)?;
    store
        .execute(case, actor, at, command)
        .map(|_| ())
        .map_err(|e| {
            (
                e.code().to_string(),
                e.domain()
                    .and_then(|d| d.rule())
                    .map(|r| r.code().to_string()),
            )
        })
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
    let setup: Value =
        serde_json::from_str(&std::fs::read_to_string(&setup_path).unwrap()).unwrap();
    assert_eq!(
        setup,
        setup_json(),
        "tests/conformance/setup.json is stale: rerun with KRING_BLESS=1"
    );
    let inputs: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir().join("bad_inputs.json")).unwrap())
            .unwrap();
    let path = std::env::temp_dir().join(format!("kring-conformance-{}.kring", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let store = Store::create(&path).unwrap();
    let events: Vec<kring::Event> = serde_json::from_value(setup["events"].clone()).unwrap();
    for e in &events {
        store
            .execute(e.case, e.actor, e.at, e.command.clone())
            .unwrap();
    }
    let cast = &setup["cast"];
    let case: CaseId = cast["case"].as_str().unwrap().parse().unwrap();
    let before = (store.case(case).unwrap(), store.last_seq().unwrap());
    let mut checked = 0;
    for input in &inputs {
        let name = input["name"].as_str().unwrap();
        let code = input["code"].as_str().unwrap();
        let got = match input.get("special").and_then(Value::as_str) {
            Some("second_writer") => Store::open(&path)
                .map(|_| ())
                .map_err(|e| (e.code().to_string(), None)),
            // Rust has no closed handle: a dropped store cannot be called.
            Some("closed") => continue,
            _ => call(&store, input, cast, setup["next_at"].as_str().unwrap()),
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
    assert!(checked >= 30);
    store.verify().unwrap();
    drop(store);
    let _ = std::fs::remove_file(&path);
}
