//! The JSON Schema of every value that crosses into the bindings, generated from the Rust
//! types. `bindings/node/schema.json` is this schema, committed; the Node build turns it into
//! TypeScript types, so the types are generated, never copied by hand. This test fails when
//! the committed file is stale: run it with `KRING_BLESS=1` to rewrite it.

use kring::domain::*;

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
}

#[test]
fn the_committed_schema_is_generated_from_the_types() {
    let schema = schemars::schema_for!(Kring);
    let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../bindings/node/schema.json");
    if std::env::var_os("KRING_BLESS").is_some() {
        std::fs::write(path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == text,
        "bindings/node/schema.json is stale: run `KRING_BLESS=1 cargo test -p kring-tests --test schema`"
    );
}
