//! What one command costs as a case grows: adding a member to a circle of 10, 100, 500 and
//! 1,000 people (the limit), each measured on many cases of that size, in memory, committed
//! without sync. The model's checks are independent of the case's size; what grows is
//! decoding, encoding and writing the case's state, which is stored as one value.
//!
//! `cargo run --release --bin kring-growth` (or `-- --smoke` for a quick check).

use std::time::Instant;

use kring::domain::*;
use kring::{At, Durability, Store};
use kring_testkit::{CaseDriver, add_member, example};

fn member(story: &mut CaseDriver, youth: PersonId) -> Command {
    let person = story.person("Invented Person");
    add_member(
        person,
        youth,
        RelationKind::Friend,
        Side::Own,
        Identified::AtConference,
    )
}

/// The median time of adding one member to `cases` cases of `size` people each.
fn median_add(size: usize, cases: u64) -> (f64, usize) {
    let store = Store::builder()
        .durability(Durability::Fast)
        .in_memory()
        .expect("store");
    let mut stories = Vec::new();
    for seed in 0..cases {
        let (mut story, cast) = example::story_to_private_time_with(seed + 1);
        for e in &story.events {
            store
                .execute(e.case, e.actor, e.at, e.command.clone())
                .expect("example");
        }
        let c = store.case(story.id).expect("case");
        let people = c.main_persons.len() + c.network.len() + c.professionals.len() + 1;
        store
            .transaction(|tx| {
                for _ in people..size - 1 {
                    tx.execute(
                        story.id,
                        cast.uncle(),
                        At::Now,
                        member(&mut story, cast.youth),
                    )?;
                }
                Ok(())
            })
            .expect("grow");
        stories.push((story, cast));
    }
    let mut times = Vec::new();
    let mut bytes = 0;
    for (story, cast) in &mut stories {
        let command = member(story, cast.youth);
        let t = Instant::now();
        store
            .execute(story.id, cast.uncle(), At::Now, command)
            .expect("add");
        times.push(t.elapsed().as_secs_f64() * 1e6);
        bytes = kring::format::encode(&store.case(story.id).expect("case"))
            .expect("encode")
            .len();
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], bytes)
}

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let cases = if smoke { 3 } else { 60 };
    println!("| people in the case | add one member, median µs | stored state, bytes |");
    println!("|---|---|---|");
    for size in [10, 100, 500, limits::MAX_PEOPLE] {
        let (us, bytes) = median_add(size, cases);
        println!("| {size} | {us:.0} | {bytes} |");
    }
}
