//! Criterion benches of the store's hot paths (in memory): reading a whole case, a query,
//! and executing a command. The side-by-side comparison with SQLite is `kring-bench`.

use criterion::{Criterion, criterion_group, criterion_main};
use kring::{CaseQuery, Durability, Store};

fn store(n: u64) -> (Store, Vec<kring::CaseId>) {
    let store = Store::builder()
        .durability(Durability::Fast)
        .in_memory()
        .expect("store");
    let w = kring_benches::workload(1, n);
    for chunk in w.commands.chunks(1000) {
        store
            .transaction(|tx| {
                for (c, a, t, cmd) in chunk {
                    tx.execute(*c, *a, *t, cmd.clone())?;
                }
                Ok(())
            })
            .expect("import");
    }
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
    let times: Vec<Vec<u8>> = (0..200)
        .map(|i| {
            kring::format::encode(
                &(chrono::DateTime::from_timestamp(1_700_000_000 + i, 0).expect("t")),
            )
            .expect("encode")
        })
        .collect();
    c.bench_function("decode one time (RFC 3339 text)", |b| {
        b.iter(|| {
            j = (j + 1) % times.len();
            kring::format::decode::<chrono::DateTime<chrono::Utc>>(&times[j]).expect("decode")
        })
    });
    let coordinator = kring::workload::coordinator_id(7);
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

criterion_group!(store_benches, benches);
criterion_main!(store_benches);
