//! What the timing examples share: the allocator, the CPU clock and the generated store.

use std::time::Instant;

/// The allocator of the kring command and of the Python and Node bindings (mimalloc, without
/// transparent huge pages), so that these times are theirs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time of this process so far (user and system, every thread), in seconds; 0 where
/// `/proc/self/stat` is not there.
pub fn cpu() -> f64 {
    // utime and stime, in clock ticks.
    (stat(11) + stat(12)) / 100.0
}

/// The minor page faults of this process so far (each a page of fresh memory the kernel
/// handed out at its first touch); 0 where `/proc/self/stat` is not there.
#[allow(dead_code)] // Not every timing example prints them.
pub fn page_faults() -> u64 {
    stat(7) as u64
}

/// Field `i` of `/proc/self/stat`, counted from the first after the command's closing
/// parenthesis (so the state is 0); 0 where it cannot be read.
fn stat(i: usize) -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    stat.rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .nth(i)
        .and_then(|f| f.parse::<f64>().ok())
        .unwrap_or(0.0)
}

/// The store of the command line's arguments `[COUNT] [STORE]`: COUNT generated cases (seed
/// 1, default 10,000) in memory, or in the file STORE when it does not exist yet; the file
/// opened as it is when it does. Prints how long it took.
pub fn store() -> Result<kring::Store, Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let count: u64 = args.next().map_or(Ok(10_000), |a| a.parse())?;
    let path = args.next();
    let started = Instant::now();
    let store = match &path {
        Some(p) if std::path::Path::new(p).exists() => kring::Store::open(p)?,
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
    Ok(store)
}
