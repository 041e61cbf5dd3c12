//! Shared helpers of the cross-crate tests.

use kring::{CaseId, Store};
use kring_testkit::TimedCommand;
use kring_testkit::workload;

/// The crash test's workload: every command of `cases` generated cases, interleaved
/// round-robin across cases so that many cases are in flight at once.
pub fn crash_workload(cases: u64) -> Vec<(CaseId, TimedCommand)> {
    let generated: Vec<_> = workload::cases(77, cases).collect();
    let mut out = Vec::new();
    let longest = generated
        .iter()
        .map(|g| g.commands.len())
        .max()
        .unwrap_or(0);
    for i in 0..longest {
        for g in &generated {
            if let Some(s) = g.commands.get(i) {
                out.push((g.id, s.clone()));
            }
        }
    }
    out
}

/// Every case state and history in a store, as JSON, in id order.
pub fn dump(store: &Store) -> serde_json::Value {
    let ids = store.query(&Default::default()).expect("query");
    let cases: Vec<_> = ids
        .iter()
        .map(|id| {
            serde_json::json!({
                "state": store.case(*id).expect("case"),
                "history": store.history(*id).expect("history"),
            })
        })
        .collect();
    serde_json::json!({
        "last_seq": store.last_seq().expect("seq"),
        "cases": cases,
        "coordinator_pool": store.coordinator_pool().expect("pool"),
    })
}

/// A dump written by an earlier format as the current types read it: every field added since
/// takes its default (the JSON was written before the field existed). The dump itself is
/// parsed strictly, so a field that was renamed or lost fails here.
pub fn upgrade_dump(dump: &serde_json::Value) -> serde_json::Value {
    let cases: Vec<_> = dump["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| {
            let state: kring::Case =
                serde_json::from_value(c["state"].clone()).expect("a case state of the dump");
            let history: Vec<kring::LoggedEvent> =
                serde_json::from_value(c["history"].clone()).expect("a history of the dump");
            serde_json::json!({ "state": state, "history": history })
        })
        .collect();
    // Formats before 3 had no coordinator pool.
    let pool: Vec<kring::domain::pool::PoolEntry> = match dump.get("coordinator_pool") {
        Some(p) => serde_json::from_value(p.clone()).expect("the pool of the dump"),
        None => Vec::new(),
    };
    serde_json::json!({
        "last_seq": dump["last_seq"],
        "cases": cases,
        "coordinator_pool": pool,
    })
}
