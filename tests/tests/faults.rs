//! I/O fault injection: a storage backend that fails the n-th write, read or sync. For every
//! fault point, the command reports a typed error (or succeeds), and after reopening — both
//! from what was synced before the fault (a crash) and from everything written (no crash) —
//! the store holds either the whole command or none of it, and `verify()` passes.
//! `KRING_FAULT_POINTS` sets how many fault points are tried (default 600).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use kring::{StorageBackend, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Write,
    Read,
    Sync,
}

#[derive(Debug, Default)]
struct Disk {
    /// What reads see.
    data: Vec<u8>,
    /// What survived the last successful sync: the disk after a crash.
    synced: Vec<u8>,
}

/// An in-memory disk that fails the `fail_at`-th operation of kind `op` (counting from 1).
#[derive(Debug, Clone)]
struct Faulty {
    disk: Arc<Mutex<Disk>>,
    op: Op,
    fail_at: Arc<AtomicU64>,
    count: Arc<AtomicU64>,
}

impl Faulty {
    fn new(disk: Disk) -> Self {
        Faulty {
            disk: Arc::new(Mutex::new(disk)),
            op: Op::Write,
            fail_at: Arc::new(AtomicU64::new(0)),
            count: Arc::new(AtomicU64::new(0)),
        }
    }

    fn arm(&mut self, op: Op, at: u64) {
        self.op = op;
        self.count.store(0, Ordering::SeqCst);
        self.fail_at.store(at, Ordering::SeqCst);
    }

    fn check(&self, op: Op) -> std::io::Result<()> {
        if op == self.op {
            let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
            if n == self.fail_at.load(Ordering::SeqCst) {
                return Err(std::io::Error::other(format!(
                    "injected {op:?} fault at {n}"
                )));
            }
        }
        Ok(())
    }

    fn images(&self) -> (Vec<u8>, Vec<u8>) {
        let d = self.disk.lock().unwrap();
        (d.synced.clone(), d.data.clone())
    }
}

impl StorageBackend for Faulty {
    fn len(&self) -> std::io::Result<u64> {
        Ok(self.disk.lock().unwrap().data.len() as u64)
    }

    fn read(&self, offset: u64, out: &mut [u8]) -> std::io::Result<()> {
        self.check(Op::Read)?;
        let d = self.disk.lock().unwrap();
        let end = offset as usize + out.len();
        if end > d.data.len() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "read past the end",
            ));
        }
        out.copy_from_slice(&d.data[offset as usize..end]);
        Ok(())
    }

    fn set_len(&self, len: u64) -> std::io::Result<()> {
        self.check(Op::Write)?;
        self.disk.lock().unwrap().data.resize(len as usize, 0);
        Ok(())
    }

    fn sync_data(&self) -> std::io::Result<()> {
        self.check(Op::Sync)?;
        let mut d = self.disk.lock().unwrap();
        d.synced = d.data.clone();
        Ok(())
    }

    fn write(&self, offset: u64, data: &[u8]) -> std::io::Result<()> {
        self.check(Op::Write)?;
        let mut d = self.disk.lock().unwrap();
        let end = offset as usize + data.len();
        if end > d.data.len() {
            d.data.resize(end, 0);
        }
        d.data[offset as usize..end].copy_from_slice(data);
        Ok(())
    }
}

/// The base store: a few cases committed durably; returns the synced image and the cases.
fn base(extra: u64) -> (Vec<u8>, Vec<kring_testkit::workload::GeneratedCase>) {
    let backend = Faulty::new(Disk::default());
    let cases: Vec<_> = kring_testkit::workload::cases(31, 5 + extra).collect();
    {
        let store = Store::builder().with_backend(backend.clone()).unwrap();
        for g in &cases[..5] {
            store
                .transaction(|tx| {
                    for s in &g.commands {
                        tx.execute(g.id, s.actor, s.at, s.command.clone())?;
                    }
                    Ok(())
                })
                .unwrap();
        }
    }
    (backend.images().0, cases)
}

fn reopen(image: Vec<u8>) -> Store {
    let synced = image.clone();
    Store::builder()
        .with_backend(Faulty::new(Disk {
            data: image,
            synced,
        }))
        .unwrap_or_else(|e| panic!("reopen: {e}"))
}

/// Faults every I/O operation of one unit of work (`steps` of case `g`, in one transaction,
/// on top of `image`); returns (fault points tried, commands that reported an error).
fn fault_unit(
    image: &[u8],
    g: &kring_testkit::workload::GeneratedCase,
    steps: std::ops::Range<usize>,
) -> (u64, u64) {
    let prefix = {
        let s = reopen(image.to_vec());
        (s.last_seq().unwrap(), s.case(g.id).ok())
    };
    let (before_seq, before_case) = prefix;
    let n = steps.len() as u64;
    let expected_after = kring::Case::replay(
        g.commands[..steps.end]
            .iter()
            .enumerate()
            .map(|(i, st)| {
                // Rebuild the events of the case up to the end of the unit, to compare states.
                kring::Event {
                    case: g.id,
                    version: i as u64 + 1,
                    at: st.at,
                    actor: st.actor,
                    command: st.command.clone(),
                    rules: kring::domain::RULES,
                }
            })
            .collect::<Vec<_>>()
            .iter(),
    );
    let (mut tried, mut failed) = (0, 0);
    for op in [Op::Write, Op::Sync, Op::Read] {
        for at in 1.. {
            let mut backend = Faulty::new(Disk {
                data: image.to_vec(),
                synced: image.to_vec(),
            });
            let store = Store::builder()
                .with_backend(backend.clone())
                .unwrap_or_else(|e| panic!("opening a healthy image: {e}"));
            backend.arm(op, at);
            let result = store.transaction(|tx| {
                for st in &g.commands[steps.clone()] {
                    tx.execute(g.id, st.actor, st.at, st.command.clone())?;
                }
                Ok(())
            });
            let reached = backend.count.load(Ordering::SeqCst) >= at;
            if let Err(e) = &result {
                assert!(
                    ["io", "storage", "corrupted", "internal"].contains(&e.code()),
                    "{op:?}@{at}: untyped error {e}"
                );
                failed += 1;
            }
            drop(store);
            tried += 1;
            let (synced, written) = backend.images();
            for (name, img) in [("crash", synced), ("no crash", written)] {
                let s = reopen(img);
                s.verify()
                    .unwrap_or_else(|e| panic!("{op:?}@{at} {name}: verify: {e}"));
                let seq = s.last_seq().unwrap();
                assert!(
                    seq == before_seq || seq == before_seq + n,
                    "{op:?}@{at} {name}: a partial command: {seq}"
                );
                let state = s.case(g.id).ok();
                if seq == before_seq {
                    assert_eq!(
                        state, before_case,
                        "{op:?}@{at} {name}: changed without its events"
                    );
                } else {
                    assert_eq!(state, expected_after, "{op:?}@{at} {name}");
                }
                if result.is_ok() && name == "crash" {
                    assert_eq!(
                        seq,
                        before_seq + n,
                        "{op:?}@{at}: acknowledged but lost in a crash"
                    );
                }
            }
            if !reached {
                break; // this kind of operation ran fewer than `at` times
            }
        }
    }
    (tried, failed)
}

#[test]
fn every_fault_point_leaves_the_whole_command_or_none() {
    // KRING_FAULT_CASES: how many cases are faulted, each as one transaction and command by
    // command (default 4: several hundred fault points; 100 gives thousands more).
    let extra: u64 = std::env::var("KRING_FAULT_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4);
    let (image, cases) = base(extra);
    let (mut tried, mut failed) = (0, 0);
    for g in &cases[5..] {
        // The whole case in one transaction.
        let (t, f) = fault_unit(&image, g, 0..g.commands.len());
        tried += t;
        failed += f;
        // Its first commands one by one, each durable on its own.
        let mut img = image.clone();
        for i in 0..g.commands.len().min(6) {
            let (t, f) = fault_unit(&img, g, i..i + 1);
            tried += t;
            failed += f;
            let st = &g.commands[i];
            img = {
                // Carry the healthy state forward.
                let b = Faulty::new(Disk {
                    data: img.clone(),
                    synced: img.clone(),
                });
                let s = Store::builder().with_backend(b.clone()).unwrap();
                s.execute(g.id, st.actor, st.at, st.command.clone())
                    .unwrap();
                drop(s);
                b.images().0
            };
        }
    }
    assert!(
        tried >= 100 && failed >= 50,
        "tried {tried} fault points, {failed} failed"
    );
    eprintln!("fault points tried: {tried}; commands that reported an error: {failed}");
}
