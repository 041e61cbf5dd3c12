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

/// The allocator of the kring command and of the Python and Node bindings (mimalloc, without
/// transparent huge pages), so that these times are theirs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time of this process so far (user and system, every thread), in seconds; 0 where
/// `/proc/self/stat` is not there.
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command's closing parenthesis; utime and stime are 14 and 15.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

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
    let mut args = std::env::args().skip(1);
    let count: u64 = args.next().map_or(Ok(10_000), |a| a.parse())?;
    let path = args.next();
    let started = Instant::now();
    let store = match &path {
        Some(p) if Path::new(p).exists() => kring::Store::open(p)?,
        Some(p) => {
            let store = kring::Store::create(p)?;
            kring_testkit::generate(&store, 1, count)?;
            store
        }
        None => {
            let store = kring::Store::in_memory()?;
            kring_testkit::generate(&store, 1, count)?;
            store
        }
    };
    println!(
        "{} cases ready in {:.1} s",
        store.len()?,
        started.elapsed().as_secs_f64()
    );
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
