//! The follower of the follow crash test: `follower STORE FEED` takes the feed file (JSON
//! Lines, as `kring feed` writes it) into the store, in batches of 200 entries, and prints
//! `done` at the end. The test kills it at random moments and starts it again.

use std::io::{BufRead, BufReader};

fn main() {
    let mut args = std::env::args().skip(1);
    let (store, feed) = (args.next().expect("store"), args.next().expect("feed"));
    let store = kring::Store::open(&store).expect("open");
    let lines = BufReader::new(std::fs::File::open(feed).expect("feed")).lines();
    let mut batch = Vec::new();
    for line in lines {
        batch.push(kring::FeedEntry::from_json(&line.expect("line")).expect("entry"));
        if batch.len() == 200 {
            store.follow(&batch, None).expect("follow");
            batch.clear();
        }
    }
    if !batch.is_empty() {
        store.follow(&batch, None).expect("follow");
    }
    println!("done");
}
