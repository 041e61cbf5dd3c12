//! Prints FHIR R5 bundles as NDJSON (one bundle per line) for validation with independent
//! tools (`tests/fhir/validate.py`):
//!
//! - the example story (`kring_testkit::example::full_story`) at every step of its history,
//!   from the request to the satisfaction scores;
//! - the recorded story (`kring_testkit::recorded::recorded_story`) at every step;
//! - `N` generated cases (`kring_testkit::generate`, seed 7), read back from an in-memory
//!   store;
//! - `N / 10` simulated cases (`kring_testkit::sim`), each after 300 random proposals: odd
//!   states included (erased people, replaced coordinators, plans not accepted).
//!
//! ```text
//! cargo run -p kring-fhir --example bundles -- 1000 | python tests/fhir/validate.py
//! ```

use std::io::{self, BufWriter, Write};

use kring_domain::{Case, Event};
use kring_testkit::sim::{Input, Sim};
use kring_testkit::{example, recorded};

/// Every state of a case along its history: after the first event, after the second, ….
fn timeline(events: &[Event]) -> Vec<Case> {
    let mut out = Vec::new();
    let mut state: Option<Case> = None;
    for e in events {
        match &mut state {
            Some(c) => c.apply(e),
            None => state = Case::genesis(e),
        }
        out.extend(state.clone());
    }
    out
}

/// A small deterministic random source (splitmix64) for the simulator's inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn simulated(seed: u64, steps: usize) -> Option<Case> {
    let mut sim = Sim::new(seed);
    let mut rng = Rng(seed);
    for _ in 0..steps {
        let r = rng.next().to_le_bytes();
        let _ = sim.step(Input::from_bytes([r[0], r[1], r[2], r[3], r[4], r[5]]));
    }
    sim.driver.case
}

/// Writes one case's bundle as one line.
fn emit(out: &mut impl Write, case: &Case) -> Result<(), Box<dyn std::error::Error>> {
    serde_json::to_writer(&mut *out, &kring_fhir::bundle(case)?)?;
    out.write_all(b"\n")?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u64 = match std::env::args().nth(1) {
        Some(a) => a
            .parse()
            .map_err(|_| "the first argument is the number of generated cases")?,
        None => 1000,
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());

    let (story, _) = example::full_story();
    for case in timeline(&story.events) {
        emit(&mut out, &case)?;
    }
    let (recorded, _) = recorded::recorded_story();
    for case in timeline(&recorded.events) {
        emit(&mut out, &case)?;
    }

    let store = kring::Store::in_memory()?;
    for id in kring_testkit::generate(&store, 7, n)? {
        emit(&mut out, &store.case(id)?)?;
    }

    for seed in 0..n / 10 {
        if let Some(case) = simulated(seed, 300) {
            emit(&mut out, &case)?;
        }
    }
    out.flush()?;
    Ok(())
}
