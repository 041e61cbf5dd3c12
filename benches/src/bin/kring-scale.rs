//! kring alone at sizes too large to hold in memory: the workload's cases are generated one at
//! a time and imported as they come, so a run at 1,000,000 cases needs no more memory than one
//! at 10,000. Each size runs the same steps (import, opening, durable commands, reads,
//! queries, history, file size); the table gives every figure per size and its ratio to the
//! first size, so that the cost per command and per read can be compared as the store grows.
//!
//! `cargo run --release --bin kring-scale -- --cases 10000,1000000` (in `benches/`).
//! `--batch N` sets the commands per import transaction (1,000 as in `kring-bench`);
//! `--importer` imports through `Store::importer` instead of transactions.
//! Needs about 16 GB of disk per million cases.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kring::{CaseQuery, Durability, Store};
use kring_benches::{case_stream, each, extra, import_in_transactions, median, p99, time, us};

struct Args {
    sizes: Vec<u64>,
    batch: usize,
    importer: bool,
    pregenerate: bool,
    dir: PathBuf,
}

fn args() -> Args {
    let mut a = Args {
        sizes: vec![10_000],
        batch: 1000,
        importer: false,
        pregenerate: false,
        dir: std::env::temp_dir().join("kring-scale"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        match x.as_str() {
            "--cases" => {
                a.sizes = it
                    .next()
                    .expect("--cases N[,N…]")
                    .split(',')
                    .map(|n| n.parse().expect("--cases N[,N…]"))
                    .collect()
            }
            "--batch" => a.batch = it.next().and_then(|n| n.parse().ok()).expect("--batch N"),
            "--importer" => a.importer = true,
            "--pregenerate" => a.pregenerate = true,
            "--dir" => a.dir = PathBuf::from(it.next().expect("--dir PATH")),
            other => panic!("unknown argument {other}"),
        }
    }
    a
}

/// The per-run mean of `reps` runs of `f`, in µs.
fn mean_us<T>(reps: u32, mut f: impl FnMut() -> T) -> f64 {
    let t = Instant::now();
    for _ in 0..reps {
        std::hint::black_box(f());
    }
    t.elapsed().as_secs_f64() * 1e6 / f64::from(reps)
}

/// One size's figures: (what, value, unit), in the same order for every size.
type Figures = Vec<(&'static str, f64, &'static str)>;

fn run(a: &Args, cases: u64) -> (Figures, u64) {
    let path = a.dir.join(format!("scale-{cases}.kring"));
    let wal = PathBuf::from(format!("{}.wal", path.display()));
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(&wal);
    let mut f: Figures = Vec::new();
    let every = (cases / 2000).max(1);
    let mut sample = Vec::new();
    let mut commands = 0u64;

    // ---- import, the cases generated as they are imported (generation timed apart)
    let store = Store::builder()
        .durability(Durability::Fast)
        .create(&path)
        .expect("create");
    let mut generating = Duration::ZERO;
    let t = Instant::now();
    let stream = case_stream(2026, cases)
        .enumerate()
        .flat_map(|(i, (id, steps))| {
            if (i as u64).is_multiple_of(every) {
                sample.push(id);
            }
            commands += steps.len() as u64;
            steps
                .into_iter()
                .map(move |s| (id, s.actor, s.at, s.command))
        });
    if a.importer && a.pregenerate {
        let commands: Vec<_> = stream.collect();
        generating = t.elapsed();
        // Cloned as the transactions below clone them: the same work outside the store.
        store.import(commands.iter().cloned()).expect("import");
    } else if a.importer {
        // Generation runs inside the import here: its time is measured apart (below) and
        // reported, not subtracted, as it shares the cores with the import.
        store.import(stream).expect("import");
    } else if a.pregenerate {
        let commands: Vec<_> = stream.collect();
        generating = t.elapsed();
        import_in_transactions(&store, &commands, a.batch);
    } else {
        let mut batch = Vec::with_capacity(a.batch);
        let mut stream = stream;
        loop {
            let g = Instant::now();
            batch.extend(stream.by_ref().take(a.batch));
            generating += g.elapsed();
            if batch.is_empty() {
                break;
            }
            store
                .transaction(|tx| {
                    for (c, actor, at, cmd) in batch.drain(..) {
                        tx.execute(c, actor, at, cmd)?;
                    }
                    Ok(())
                })
                .expect("import");
        }
    }
    store.sync().expect("sync");
    let mut importing = t.elapsed();
    if a.importer && !a.pregenerate {
        // The same generation alone, to report beside the import.
        let g = Instant::now();
        for (_, steps) in case_stream(2026, cases) {
            std::hint::black_box(steps);
        }
        generating = g.elapsed();
        eprintln!(
            "{cases} cases: import includes generating the workload ({generating:.1?} alone)"
        );
    } else {
        importing -= generating;
    }
    f.push((
        "bulk import",
        commands as f64 / importing.as_secs_f64(),
        "commands/s",
    ));
    f.push((
        "bulk import, per command",
        importing.as_secs_f64() * 1e6 / commands as f64,
        "µs",
    ));
    eprintln!(
        "{cases} cases: {commands} commands imported in {importing:.1?} (generated in {generating:.1?})"
    );
    let first = store.case(sample[0]).expect("first case");
    let coordinator = first
        .coordinator
        .as_ref()
        .expect("a coordinator")
        .coordinator
        .person
        .id;
    let person = *first.professionals.keys().next().expect("a professional");
    drop(store);

    // ---- opening
    let (store, d) = time(|| Store::open(&path).expect("open"));
    drop(store);
    f.push(("open (every page checked)", d.as_secs_f64() * 1e3, "ms"));
    let (store, d) = time(|| {
        Store::builder()
            .trust_clean_close(true)
            .open(&path)
            .expect("open")
    });
    f.push(("open (after a clean close)", d.as_secs_f64() * 1e3, "ms"));

    // ---- durable commands, one writer
    let durable = extra(2026);
    let durable = &durable[..durable.len().min(4000)];
    let lat = each(durable, |(c, actor, at, cmd)| {
        store
            .execute(*c, *actor, *at, cmd.clone())
            .expect("durable")
    });
    f.push(("durable command (median)", us(median(lat.clone())), "µs"));
    f.push(("durable command (p99)", us(p99(lat)), "µs"));

    // ---- reads
    let lat = each(&sample, |id| store.case(*id).expect("case"));
    f.push(("read a whole case (median)", us(median(lat.clone())), "µs"));
    f.push(("read a whole case (p99)", us(p99(lat)), "µs"));
    let lat = each(&sample, |id| store.summary(*id).expect("summary"));
    f.push(("read a summary (median)", us(median(lat)), "µs"));
    let lat = each(sample.iter().take(500), |id| {
        store.history(*id).expect("history")
    });
    f.push(("a case's history (median)", us(median(lat)), "µs"));

    // ---- queries (they grow with the answer, which grows with the store)
    let as_of = NaiveDate::from_ymd_opt(2030, 1, 1).expect("date");
    let due = store.evaluations_due(as_of).expect("due").len();
    let us = mean_us(5, || store.evaluations_due(as_of).expect("due"));
    f.push(("evaluations due, per case due", us / due as f64, "µs"));
    let q = CaseQuery {
        coordinator: Some(coordinator),
        ..Default::default()
    };
    let of_coordinator = store.query(&q).expect("q").len();
    let us = mean_us(20, || store.query(&q).expect("q"));
    f.push((
        "cases of a coordinator, per case",
        us / of_coordinator as f64,
        "µs",
    ));
    let of_person = store.cases_of_person(person).expect("q").len();
    let us = mean_us(20, || store.cases_of_person(person).expect("q"));
    f.push(("cases of a person, per case", us / of_person as f64, "µs"));
    drop(store);

    // ---- size
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len()) as f64;
    let bytes = size(&path) + size(&wal);
    f.push(("file size", bytes / 1048576.0, "MiB"));
    f.push(("file size, per case", bytes / cases as f64 / 1024.0, "KiB"));
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(&wal);
    (f, commands)
}

fn main() {
    let a = args();
    std::fs::create_dir_all(&a.dir).expect("dir");
    let runs: Vec<(u64, Figures, u64)> = a
        .sizes
        .iter()
        .map(|&n| {
            let (f, c) = run(&a, n);
            (n, f, c)
        })
        .collect();
    println!(
        "kring at scale — import in {}; {} cores",
        if a.importer {
            "one `Store::importer`".to_string()
        } else {
            format!("transactions of {} commands", a.batch)
        },
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!();
    let head: Vec<String> = runs
        .iter()
        .map(|(n, _, c)| format!("{n} cases ({c} commands)"))
        .collect();
    let ratios: Vec<String> = runs[1..]
        .iter()
        .map(|(n, ..)| format!("{n} vs {}", runs[0].0))
        .collect();
    println!(
        "| operation | {} | {} |",
        head.join(" | "),
        ratios.join(" | ")
    );
    println!(
        "|---|{}|",
        vec!["---:"; head.len() + ratios.len()].join("|")
    );
    for (i, (name, _, unit)) in runs[0].1.iter().enumerate() {
        let values: Vec<String> = runs
            .iter()
            .map(|(_, f, _)| format!("{:.2} {unit}", f[i].1))
            .collect();
        let base = runs[0].1[i].1;
        let vs: Vec<String> = runs[1..]
            .iter()
            .map(|(_, f, _)| format!("{:.2}×", f[i].1 / base))
            .collect();
        println!("| {name} | {} | {} |", values.join(" | "), vs.join(" | "));
    }
}
