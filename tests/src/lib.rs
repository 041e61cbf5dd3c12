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
    serde_json::json!({ "last_seq": store.last_seq().expect("seq"), "cases": cases })
}
