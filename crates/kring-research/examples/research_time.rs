//! Times the research tables of generated cases, as rows and as Arrow.
//!
//! ```text
//! cargo run --release -p kring-research --example research_time -- 100000 [STORE]
//! ```
//!
//! Generates the cases (seed 1) into an in-memory store, or into the store file STORE when
//! it does not exist yet (and opens it when it does), then times `arrow_tables` and
//! `store_tables` three times each (`RUNS=5`: five), pseudonymised (`RESEARCH_TIME=arrow`
//! or `rows` times only one of the two, `decode` neither), and last reading and decoding
//! what the tables are built from alone (each case's stored research rows), on one thread.
//! Each call of `arrow_tables` prints its page faults too: the pages of fresh memory the
//! kernel handed out, most of what makes the first call of a process slower than the rest.
//! `RESEARCH_TABLES=cases,plan_items` builds only those tables; `RESEARCH_IDENTIFYING=1`
//! builds them identifying instead of pseudonymised.
//!
//! Two more modes take the work apart: `RESEARCH_TIME=read` times reading each case's stored
//! research rows (format 8; the states of an older store) without decoding them, three
//! times; `RESEARCH_TIME=build` decodes every case and makes its rows first, then times
//! building the Arrow tables from those rows alone, a batch of 2,048 cases at a time on two
//! threads, four times (the floor: nothing read or decoded).

use std::time::Instant;

use kring::domain::rows::CaseRows;
use kring_research::{Disclosure, TableBuilder, TableSet, arrow_tables_only, store_tables_only};

mod timing;
use timing::cpu;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let store = timing::store()?;
    let key = if std::env::var_os("RESEARCH_IDENTIFYING").is_some() {
        Disclosure::Identifying
    } else {
        Disclosure::pseudonymised(*b"research key 7 research key 7 re")?
    };
    let what = std::env::var("RESEARCH_TIME").unwrap_or_default();
    match what.as_str() {
        "read" => return read_only(&store),
        "build" => return build_only(&store, &key, wanted_tables()?),
        _ => {}
    }
    let wanted = wanted_tables()?;
    let runs: usize = std::env::var("RUNS").map_or(Ok(3), |r| r.parse())?;
    for _ in 0..runs {
        if !what.is_empty() && what != "arrow" {
            break;
        }
        let (t, c, f) = (Instant::now(), cpu(), timing::page_faults());
        let tables = arrow_tables_only(&store, &key, wanted)?;
        let (took, used) = (t.elapsed(), cpu() - c);
        let faults = timing::page_faults() - f;
        let rows: usize = tables.iter().map(|t| t.num_rows()).sum();
        let batches: usize = tables.iter().map(|t| t.batches.len()).sum();
        let t = Instant::now();
        drop(tables);
        println!(
            "arrow_tables: {:.1} ms, CPU {used:.2} s, {faults} page faults ({rows} rows, {batches} batches; dropped in {:.1} ms)",
            took.as_secs_f64() * 1e3,
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    for _ in 0..runs {
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
    // Reading and decoding what the tables are built from, on this thread, building nothing:
    // each case's stored research rows (format 8), or the case in an older store.
    let (t, c) = (Instant::now(), cpu());
    let mut decoded = 0usize;
    for batch in store.row_batches(2048)? {
        batch?.for_each(|rows| decoded += std::hint::black_box(rows).network.len())?;
    }
    println!(
        "read and decode only (one thread): {:.1} ms, CPU {:.2} s ({decoded} members with a relation)",
        t.elapsed().as_secs_f64() * 1e3,
        cpu() - c
    );
    Ok(())
}

/// The tables of `RESEARCH_TABLES` (default: all).
fn wanted_tables() -> kring::domain::Result<TableSet> {
    match std::env::var("RESEARCH_TABLES") {
        Ok(names) => TableSet::of(names.split(',')),
        Err(_) => Ok(TableSet::ALL),
    }
}

/// Reading what the tables are built from without decoding it (each case's stored research
/// rows, or its state in an older store), on this thread, three times.
fn read_only(store: &kring::Store) -> Result<(), Box<dyn std::error::Error>> {
    for _ in 0..3 {
        let (t, c) = (Instant::now(), cpu());
        let mut read = 0usize;
        for batch in store.row_batches(2048)? {
            read += batch?.len();
        }
        println!(
            "read only (one thread): {:.1} ms, CPU {:.2} s ({read} cases)",
            t.elapsed().as_secs_f64() * 1e3,
            cpu() - c
        );
    }
    Ok(())
}

/// Every case decoded and turned into its research rows first, then the Arrow tables built
/// from those rows alone, a batch of 2,048 cases at a time on two threads (as
/// `arrow_tables` builds them), four times.
fn build_only(
    store: &kring::Store,
    key: &Disclosure,
    wanted: TableSet,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut batches: Vec<Vec<kring::Case>> = Vec::new();
    for batch in store.case_batches(2048)? {
        batches.push(batch?.decode().collect::<kring::Result<_>>()?);
    }
    let batches: Vec<Vec<CaseRows<'_>>> = batches
        .iter()
        .map(|b| b.iter().map(CaseRows::from).collect())
        .collect();
    for _ in 0..4 {
        let (t, c) = (Instant::now(), cpu());
        let rows: usize = std::thread::scope(|s| {
            let workers: Vec<_> = (0..2)
                .map(|w| {
                    let batches = &batches;
                    s.spawn(move || -> kring::Result<usize> {
                        let mut rows = 0;
                        for batch in batches.iter().skip(w).step_by(2) {
                            let mut tables = TableBuilder::only(key, wanted);
                            for case in batch {
                                tables.add_rows(case);
                            }
                            rows += tables
                                .finish_arrow()?
                                .iter()
                                .map(|t| t.num_rows())
                                .sum::<usize>();
                        }
                        Ok(rows)
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().expect("a builder thread panicked"))
                .sum::<kring::Result<usize>>()
        })?;
        println!(
            "build only from research rows in memory (two threads): {:.1} ms, CPU {:.2} s ({rows} rows)",
            t.elapsed().as_secs_f64() * 1e3,
            cpu() - c
        );
    }
    Ok(())
}
