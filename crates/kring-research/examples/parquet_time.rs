//! Times the Parquet export of generated cases.
//!
//! ```text
//! cargo run --release -p kring-research --example parquet_time -- 100000 [STORE]
//! ```
//!
//! Generates the cases (seed 1) into an in-memory store, or into the store file STORE when
//! it does not exist yet (and opens it when it does), then writes the pseudonymised
//! dataset three times into a temporary directory (each replacing the last), and prints the
//! time, the CPU time, the files and rows written, and the bytes on disk; then, for
//! comparison, builds the same tables as Arrow in memory (`arrow_tables`) three times.

use std::path::Path;
use std::time::Instant;

use kring_research::{Disclosure, ParquetExport};

mod timing;
use timing::cpu;

fn bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .map(|e| {
                let path = e.path();
                if path.is_dir() {
                    bytes(&path)
                } else {
                    e.metadata().map_or(0, |m| m.len())
                }
            })
            .sum()
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let store = timing::store()?;
    let key = Disclosure::pseudonymised(*b"research key 7 research key 7 re")?;
    let dir = std::env::temp_dir().join(format!("kring-parquet-time-{}", std::process::id()));
    for _ in 0..3 {
        let (t, c) = (Instant::now(), cpu());
        let summary = ParquetExport::new()
            .organisation("north")
            .write(&store, &dir, &key)?;
        let (took, used) = (t.elapsed(), cpu() - c);
        let rows: u64 = summary.rows.iter().map(|(_, n)| n).sum();
        println!(
            "parquet export: {:.1} ms, CPU {used:.2} s ({} cases, {rows} rows, {} files, {:.1} MB)",
            took.as_secs_f64() * 1e3,
            summary.cases,
            summary.files.len(),
            bytes(&dir) as f64 / 1e6
        );
    }
    std::fs::remove_dir_all(&dir)?;
    for _ in 0..3 {
        let (t, c) = (Instant::now(), cpu());
        let tables = kring_research::arrow_tables(&store, &key)?;
        let (took, used) = (t.elapsed(), cpu() - c);
        drop(tables);
        println!(
            "arrow_tables, for comparison: {:.1} ms, CPU {used:.2} s",
            took.as_secs_f64() * 1e3
        );
    }
    Ok(())
}
