//! Child process of the crash tests: opens (or creates) the durable store at the path given,
//! resumes the crash workload where the store stands, and prints what was acknowledged until
//! it is killed.
//!
//! `crash_writer PATH CASES` runs the workload on one thread and prints `committed N` after
//! each command whose `execute` returned (N counts the workload's commands).
//! `crash_writer PATH CASES THREADS` deals the cases round-robin to that many threads, which
//! write at once (so that their commands share group commits), and prints `committed CASE
//! VERSION` after each command whose `execute` returned.

use std::io::Write;
use std::sync::Mutex;

fn main() {
    let path = std::env::args().nth(1).expect("store path");
    let cases: u64 = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(60);
    let threads: usize = std::env::args()
        .nth(3)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let store = kring::Store::builder().open_or_create(&path).expect("open");
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
