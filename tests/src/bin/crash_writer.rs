//! Child process of the crash test: opens (or creates) the durable store at the path given,
//! resumes the crash workload where the store stands, and prints `committed N` after each
//! command whose `execute` returned, until it is killed.

fn main() {
    let path = std::env::args().nth(1).expect("store path");
    let cases: u64 = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(60);
    let store = kring::Store::builder().open_or_create(&path).expect("open");
    let work = kring_tests::crash_workload(cases);
    let start = store.last_seq().expect("seq") as usize;
    use std::io::Write;
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
