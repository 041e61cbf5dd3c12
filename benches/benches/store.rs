//! Criterion benches of the store's hot paths (in memory): reading a whole case and where its
//! time goes, a scoped read recorded in the access log, queries, and research tables. The side-by-side comparison with SQLite is `kring-bench`.

use criterion::{Criterion, criterion_group, criterion_main};
use kring::{CaseQuery, Durability, Store};

fn store(n: u64) -> (Store, Vec<kring::CaseId>) {
    let store = Store::builder()
        .durability(Durability::Fast)
        .in_memory()
        .expect("store");
    let w = kring_benches::workload(1, n);
    kring_benches::import_in_transactions(&store, &w.commands, 1000);
    (store, w.states.iter().map(|c| c.id).collect())
}

fn benches(c: &mut Criterion) {
    let (store, ids) = store(2000);
    let mut i = 0;
    c.bench_function("read a whole case", |b| {
        b.iter(|| {
            i = (i + 1) % ids.len();
            store.case(ids[i]).expect("case")
        })
    });
    // Where a whole-case read goes: decoding the stored state alone.
    let encoded: Vec<Vec<u8>> = ids
        .iter()
        .take(200)
        .map(|id| kring::format::encode(&store.case(*id).expect("case")).expect("encode"))
        .collect();
    let mut j = 0;
    c.bench_function("decode a case state", |b| {
        b.iter(|| {
            j = (j + 1) % encoded.len();
            kring::format::decode::<kring::Case>(&encoded[j]).expect("decode")
        })
    });
    // The floor of any decode into owned values: building the same state by cloning it.
    let states: Vec<kring::Case> = ids
        .iter()
        .take(200)
        .map(|id| store.case(*id).expect("case"))
        .collect();
    c.bench_function("clone a case state", |b| {
        b.iter(|| {
            j = (j + 1) % states.len();
            states[j].clone()
        })
    });
    // What the Node binding sends for a case read.
    c.bench_function("write a case state as JSON", |b| {
        b.iter(|| {
            j = (j + 1) % states.len();
            serde_json::to_string(&states[j]).expect("json")
        })
    });
    let coordinator = kring_testkit::workload::coordinator_id(7);
    c.bench_function("cases of a coordinator", |b| {
        b.iter(|| {
            store
                .query(&CaseQuery {
                    coordinator: Some(coordinator),
                    ..Default::default()
                })
                .expect("q")
        })
    });
    c.bench_function("evaluations due", |b| {
        b.iter(|| {
            store
                .evaluations_due(chrono::NaiveDate::from_ymd_opt(2030, 1, 1).expect("date"))
                .expect("due")
        })
    });
}

/// Research tables over every case of a store (read, decode, build), and building them alone
/// from cases already in memory; the tables are dropped outside the measurement.
fn research(c: &mut Criterion) {
    let (store, _) = store(2000);
    let key = kring_research::Disclosure::pseudonymised(*b"research key 7 research key 7 re")
        .expect("key");
    let mut g = c.benchmark_group("research tables (2000 cases)");
    g.sample_size(10);
    g.bench_function("kring_research::store_tables", |b| {
        b.iter_with_large_drop(|| kring_research::store_tables(&store, &key).expect("tables"))
    });
    let cases = store.cases(&CaseQuery::default()).expect("cases");
    g.bench_function("kring_research::tables (cases in memory)", |b| {
        b.iter_with_large_drop(|| kring_research::tables(&cases, &key))
    });
    g.finish();
}

/// The same case (the example story) read from the golden store of each format: a value of
/// the current format decodes with bincode alone, an older one through the codec's wrapper
/// (text times in format 1, the fields appended since read as their defaults).
fn formats(c: &mut Criterion) {
    let (story, _) = kring_testkit::example::full_story();
    let mut g = c.benchmark_group("read the example case, by the format it was stored in");
    for version in 1..=kring::FORMAT_VERSION {
        let golden = format!(
            "{}/../tests/golden/format-v{version}.kring",
            env!("CARGO_MANIFEST_DIR")
        );
        // A copy: opening may touch the file.
        let path = std::env::temp_dir().join(format!(
            "kring-bench-format-{}-{version}.kring",
            std::process::id()
        ));
        std::fs::copy(&golden, &path).expect("golden store");
        let store = Store::open(&path).expect("open");
        g.bench_function(format!("format {version}"), |b| {
            b.iter(|| store.case(story.id).expect("case"))
        });
        drop(store);
        let _ = std::fs::remove_file(&path);
    }
    g.finish();
}

/// A scoped read, recorded in the access log, beside the whole read it starts from: the
/// price of reads scoped to who asks (the view) and of recording them (an entry in memory,
/// written with the next transaction or every few hundred reads).
fn scoped(c: &mut Criterion) {
    use kring::domain::{Actor, PersonId, Role};
    let (store, ids) = store(2000);
    let readers: Vec<Actor> = ids
        .iter()
        .map(|id| match store.case(*id).expect("case").coordinator {
            // The coordinator reads everything: the largest view to build.
            Some(c) => Actor::new(c.coordinator.person.id, Role::Coordinator),
            None => Actor::new(PersonId::from_u128(1), Role::Administrator),
        })
        .collect();
    let mut g = c.benchmark_group("a read for a reader, recorded in the access log (2000 cases)");
    let mut i = 0;
    g.bench_function("case: the whole case, not recorded", |b| {
        b.iter(|| {
            i = (i + 1) % ids.len();
            store.case(ids[i]).expect("case")
        })
    });
    let mut j = 0;
    g.bench_function("case_for: scoped and recorded", |b| {
        b.iter(|| {
            j = (j + 1) % ids.len();
            store.case_for(ids[j], &readers[j]).expect("view")
        })
    });
    g.finish();
}

/// Catching up with another store: the change feed of 200 cases taken by an empty follower
/// in batches of 1,000 entries (every event checked again), beside importing the same
/// commands in one run (`Store::import`), the fastest way to write them.
fn follow(c: &mut Criterion) {
    use criterion::{BatchSize, Throughput};
    let (origin, _) = store(200);
    let feed = origin.feed(0, 100_000).expect("feed");
    let w = kring_benches::workload(1, 200);
    let mut g = c.benchmark_group("catch up with another store (200 cases)");
    g.sample_size(10);
    g.throughput(Throughput::Elements(feed.len() as u64));
    let fresh = || {
        Store::builder()
            .durability(Durability::Fast)
            .in_memory()
            .expect("store")
    };
    g.bench_function("follow its feed, batches of 1000", |b| {
        b.iter_batched(
            fresh,
            |follower| {
                for batch in feed.chunks(1000) {
                    follower.follow(batch, None).expect("follow");
                }
                follower
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("import the same commands (Store::import)", |b| {
        b.iter_batched(
            fresh,
            |store| {
                store
                    .import(w.commands.iter().map(|t| (t.0, t.1, t.2, t.3.clone())))
                    .expect("import");
                store
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(store_benches, benches, research, formats, scoped, follow);
criterion_main!(store_benches);
