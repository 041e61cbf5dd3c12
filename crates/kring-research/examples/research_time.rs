//! Times the research tables of generated cases, as rows and as Arrow.
//!
//! ```text
//! cargo run --release -p kring-research --example research_time -- 100000 [STORE]
//! ```
//!
//! Generates the cases (seed 1) into an in-memory store, or into the store file STORE when
//! it does not exist yet (and opens it when it does), then times `arrow_tables` and
//! `store_tables` three times each, pseudonymised (`RESEARCH_TIME=arrow` or `rows` times
//! only one of the two, `decode` neither), and last reading and decoding the cases alone,
//! on one thread. `RESEARCH_TABLES=cases,plan_items` builds only those tables.

use std::time::Instant;

use kring_research::{Disclosure, TableSet, arrow_tables_only, store_tables_only};

mod timing;
use timing::cpu;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let store = timing::store()?;
    let key = Disclosure::pseudonymised(*b"research key 7 research key 7 re")?;
    let what = std::env::var("RESEARCH_TIME").unwrap_or_default();
    let wanted = match std::env::var("RESEARCH_TABLES") {
        Ok(names) => TableSet::of(names.split(','))?,
        Err(_) => TableSet::ALL,
    };
    for _ in 0..3 {
        if !what.is_empty() && what != "arrow" {
            break;
        }
        let (t, c) = (Instant::now(), cpu());
        let tables = arrow_tables_only(&store, &key, wanted)?;
        let (took, used) = (t.elapsed(), cpu() - c);
        let rows: usize = tables.iter().map(|t| t.num_rows()).sum();
        let batches: usize = tables.iter().map(|t| t.batches.len()).sum();
        let t = Instant::now();
        drop(tables);
        println!(
            "arrow_tables: {:.1} ms, CPU {used:.2} s ({rows} rows, {batches} batches; dropped in {:.1} ms)",
            took.as_secs_f64() * 1e3,
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    for _ in 0..3 {
        if !what.is_empty() && what != "rows" {
            break;
        }
        let (t, c) = (Instant::now(), cpu());
        let tables = store_tables_only(&store, &key, wanted)?;
        let (took, used) = (t.elapsed(), cpu() - c);
        let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
        let t = Instant::now();
        drop(tables);
        println!(
            "store_tables: {:.1} ms, CPU {used:.2} s ({rows} rows; dropped in {:.1} ms)",
            took.as_secs_f64() * 1e3,
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    // The floor: reading and decoding every case, on this thread, building nothing.
    let (t, c) = (Instant::now(), cpu());
    let mut decoded = 0usize;
    for batch in store.case_batches(2048)? {
        for case in batch?.decode() {
            decoded += std::hint::black_box(case?).network.len();
        }
    }
    println!(
        "read and decode only (one thread): {:.1} ms, CPU {:.2} s ({decoded} network members)",
        t.elapsed().as_secs_f64() * 1e3,
        cpu() - c
    );
    Ok(())
}
