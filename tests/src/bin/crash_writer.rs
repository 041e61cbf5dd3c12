//! Child process of the crash tests: opens (or creates) the durable store at the path given,
//! resumes the crash workload where the store stands, and prints what was acknowledged until
//! it is killed.
//!
//! `crash_writer PATH CASES` runs the workload on one thread and prints `committed N` after
//! each command whose `execute` returned (N counts the workload's commands).
//! `crash_writer PATH CASES THREADS` deals the cases round-robin to that many threads, which
//! write at once (so that their commands share group commits), and prints `committed CASE
//! VERSION` after each command whose `execute` returned.
//! `crash_writer PATH CASES import` imports the whole workload with one `Store::import` (in
//! small runs) into an empty store and prints `imported N` once it returned.
//! `KRING_CHECKPOINT_AFTER` sets the store's checkpoint size in bytes (default: the store's).

use std::io::Write;
use std::sync::Mutex;

fn main() {
    let path = std::env::args().nth(1).expect("store path");
    let cases: u64 = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(60);
    let mode = std::env::args().nth(3).unwrap_or_default();
    let threads: usize = mode.parse().unwrap_or(1);
    let mut builder = kring::Store::builder().import_run(16 << 10);
    if let Some(bytes) = std::env::var("KRING_CHECKPOINT_AFTER")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        builder = builder.checkpoint_after(bytes);
    }
    let store = builder.open_or_create(&path).expect("open");
    if mode == "import" {
        let work = kring_tests::crash_workload(cases);
        let report = store
            .import(
                work.into_iter()
                    .map(|(case, s)| (case, s.actor, s.at, s.command)),
            )
            .expect("import");
        println!("imported {}", report.commands);
        return;
    }
    if threads > 1 {
        return concurrently(&store, cases, threads);
    }
    let work = kring_tests::crash_workload(cases);
    let start = store.last_seq().expect("seq") as usize;
    let mut out = std::io::stdout().lock();
    for (i, (case, step)) in work.iter().enumerate().skip(start) {
        store
            .execute(*case, step.actor, step.at, step.command.clone())
            .expect("execute");
        writeln!(out, "committed {}", i + 1).expect("stdout");
        out.flush().expect("flush");
    }
    writeln!(out, "done").expect("stdout");
}

/// Each thread resumes each of its cases at the version the store holds.
fn concurrently(store: &kring::Store, cases: u64, threads: usize) {
    let generated: Vec<_> = kring_testkit::workload::cases(77, cases).collect();
    let out = Mutex::new(std::io::stdout());
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (generated, out) = (&generated, &out);
            scope.spawn(move || {
                for g in generated.iter().skip(t).step_by(threads) {
                    let done = store.case(g.id).map_or(0, |c| c.version) as usize;
                    for c in &g.commands[done..] {
                        let e = store
                            .execute(g.id, c.actor, c.at, c.command.clone())
                            .expect("execute");
                        let mut out = out.lock().expect("stdout");
                        writeln!(out, "committed {} {}", g.id, e.version).expect("stdout");
                        out.flush().expect("flush");
                    }
                }
            });
        }
    });
    writeln!(out.lock().expect("stdout"), "done").expect("stdout");
}
