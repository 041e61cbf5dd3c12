//! The JSON Schema of every value that crosses into the bindings, generated from the Rust
//! types, and the bindings' types generated from it (`kring_tests::typegen`): TypeScript
//! (`bindings/node/model.d.ts`) and Python (`bindings/python/python/kring/model.py` and the
//! `execute` overloads in `kring/__init__.py`). The types are generated, never copied by
//! hand. These tests fail when a committed file is stale: run them with `KRING_BLESS=1` to
//! rewrite them.

use kring::domain::*;
use kring_tests::typegen;

#[derive(schemars::JsonSchema)]
#[allow(dead_code)]
struct Kring {
    command: Command,
    event: Event,
    case: Case,
    case_view: CaseView,
    section: Section,
    access: Access,
    actor: Actor,
    role: Role,
    phase: Phase,
    rule: Rule,
    record: kring::LoggedEvent,
    case_query: kring::CaseQuery,
    due_evaluation: kring::DueEvaluation,
    verify_report: kring::VerifyReport,
    upgrade_report: kring::UpgradeReport,
    erasure_report: kring::ErasureReport,
    access_entry: kring::AccessEntry,
    case_summary: kring::CaseSummary,
    pool_entry: pool::PoolEntry,
    coordinator_match: pool::CoordinatorMatch,
    fit: pool::Fit,
    case_file: kring::CaseFile,
    case_import: kring::CaseImport,
    feed_entry: kring::FeedEntry,
    follow_report: kring::FollowReport,
}

fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Kring)).unwrap()
}

/// Compares a committed file with what it should be; rewrites it under `KRING_BLESS`.
fn check(relative: &str, text: &str) {
    let path = format!("{}/../{relative}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("KRING_BLESS").is_some() {
        std::fs::write(&path, text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{relative} is stale: run `KRING_BLESS=1 cargo test -p kring-tests --test schema`"
    );
}

#[test]
fn the_committed_schema_is_generated_from_the_types() {
    let schema = schemars::schema_for!(Kring);
    let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    check("bindings/node/schema.json", &text);
}

#[test]
fn the_typescript_types_are_generated_from_the_schema() {
    let s = typegen::Schema::read(&schema());
    check("bindings/node/model.d.ts", &typegen::typescript(&s));
}

#[test]
fn the_python_types_are_generated_from_the_schema() {
    let s = typegen::Schema::read(&schema());
    check(
        "bindings/python/python/kring/model.py",
        &typegen::python(&s),
    );
    // The overloads of `execute` live in the classes of `__init__.py`, between markers.
    let relative = "bindings/python/python/kring/__init__.py";
    let path = format!("{}/../{relative}", env!("CARGO_MANIFEST_DIR"));
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (class, returns) in [("Store", "model.Event"), ("Batch", "None")] {
        let begin = format!("    # <generated: {class}.execute overloads>\n");
        let end = format!("    # </generated: {class}.execute overloads>\n");
        let from = text.find(&begin).expect("the begin marker") + begin.len();
        let to = text.find(&end).expect("the end marker");
        text.replace_range(from..to, &typegen::python_overloads(&s, returns, 1));
    }
    check(relative, &text);
}

/// The JSON Schema of the kring case file (`docs/interchange.md`), for readers without kring:
/// one of three documents, told apart by `disclosure` (full, scoped, pseudonymised). The
/// tests validate case files against it with an independent validator (Python's
/// `jsonschema`).
#[test]
fn the_case_file_schema_is_generated_from_the_types() {
    let mut defs = serde_json::Map::new();
    let mut one_of = Vec::new();
    for (name, schema, disclosure) in [
        ("CaseFile", schemars::schema_for!(kring::CaseFile), "full"),
        (
            "ScopedCaseFile",
            schemars::schema_for!(kring::ScopedCaseFile),
            "scoped",
        ),
        (
            "PseudonymisedCaseFile",
            schemars::schema_for!(kring_research::PseudonymisedCaseFile),
            "pseudonymised",
        ),
    ] {
        let mut schema = serde_json::to_value(schema).unwrap();
        let object = schema.as_object_mut().unwrap();
        for (k, v) in object.remove("$defs").into_iter().flat_map(|d| match d {
            serde_json::Value::Object(m) => m,
            _ => unreachable!(),
        }) {
            defs.insert(k, v);
        }
        object.remove("$schema");
        object.remove("title");
        // Each document holds one disclosure only.
        object["properties"]["disclosure"] = serde_json::json!({ "const": disclosure });
        defs.insert(name.to_string(), schema);
        one_of.push(serde_json::json!({ "$ref": format!("#/$defs/{name}") }));
    }
    let schema = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "KringCaseFile",
        "description": "One case of a kring store (docs/interchange.md), version 1: its whole history (disclosure `full`), what one reader may see (`scoped`), or its research tables under a key (`pseudonymised`).",
        "oneOf": one_of,
        "$defs": defs,
    });
    let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    check("docs/schema/case-file-v1.json", &text);
}

/// The JSON Schema of one entry of the change feed (`kring feed`, `docs/interchange.md`), for
/// the systems that carry it; validated in the tests with Python's `jsonschema`.
#[test]
fn the_feed_entry_schema_is_generated_from_the_types() {
    let mut schema = serde_json::to_value(schemars::schema_for!(kring::FeedEntry)).unwrap();
    schema["description"] =
        "One entry of a kring store's change feed (docs/interchange.md), version 1.".into();
    let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    check("docs/schema/feed-entry-v1.json", &text);
}
