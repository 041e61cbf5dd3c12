//! Shared helpers of the cross-crate tests.

pub mod typegen;

use kring::{CaseId, Store};
use kring_testkit::TimedCommand;
use kring_testkit::workload;

/// The crash test's workload: every command of `cases` generated cases, interleaved
/// round-robin across cases so that many cases are in flight at once.
pub fn crash_workload(cases: u64) -> Vec<(CaseId, TimedCommand)> {
    let generated: Vec<_> = workload::cases(77, cases).collect();
    let mut out = Vec::new();
    let longest = generated
        .iter()
        .map(|g| g.commands.len())
        .max()
        .unwrap_or(0);
    for i in 0..longest {
        for g in &generated {
            if let Some(s) = g.commands.get(i) {
                out.push((g.id, s.clone()));
            }
        }
    }
    out
}

/// Every case state and history in a store, as JSON, in id order.
pub fn dump(store: &Store) -> serde_json::Value {
    let ids = store.query(&Default::default()).expect("query");
    let cases: Vec<_> = ids
        .iter()
        .map(|id| {
            serde_json::json!({
                "state": store.case(*id).expect("case"),
                "history": store.history(*id).expect("history"),
            })
        })
        .collect();
    serde_json::json!({
        "last_seq": store.last_seq().expect("seq"),
        "cases": cases,
        "coordinator_pool": store.coordinator_pool().expect("pool"),
    })
}

/// A dump written by an earlier format as the current types read it: every field added since
/// takes its default (the JSON was written before the field existed). The dump itself is
/// parsed strictly, so a field that was renamed or lost fails here.
pub fn upgrade_dump(dump: &serde_json::Value) -> serde_json::Value {
    let cases: Vec<_> = dump["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| {
            let state: kring::Case =
                serde_json::from_value(c["state"].clone()).expect("a case state of the dump");
            let history: Vec<kring::LoggedEvent> =
                serde_json::from_value(c["history"].clone()).expect("a history of the dump");
            serde_json::json!({ "state": state, "history": history })
        })
        .collect();
    // Formats before 3 had no coordinator pool.
    let pool: Vec<kring::domain::pool::PoolEntry> = match dump.get("coordinator_pool") {
        Some(p) => serde_json::from_value(p.clone()).expect("the pool of the dump"),
        None => Vec::new(),
    };
    serde_json::json!({
        "last_seq": dump["last_seq"],
        "cases": cases,
        "coordinator_pool": pool,
    })
}

/// An in-memory disk for fault injection and simulated crashes: it fails the n-th write,
/// read or sync, and keeps what the last sync made durable.
pub mod disk {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};

    use kring::StorageBackend;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Op {
        Write,
        Read,
        Sync,
    }

    #[derive(Debug, Default)]
    pub struct Disk {
        /// What reads see.
        pub data: Vec<u8>,
        /// What survived the last successful sync: the disk after a crash.
        pub synced: Vec<u8>,
    }

    /// An in-memory disk that fails the `fail_at`-th operation of kind `op` (counting from 1).
    #[derive(Debug, Clone)]
    pub struct Faulty {
        disk: Arc<Mutex<Disk>>,
        op: Op,
        fail_at: Arc<AtomicU64>,
        pub count: Arc<AtomicU64>,
    }

    impl Faulty {
        pub fn new(disk: Disk) -> Self {
            Faulty {
                disk: Arc::new(Mutex::new(disk)),
                op: Op::Write,
                fail_at: Arc::new(AtomicU64::new(0)),
                count: Arc::new(AtomicU64::new(0)),
            }
        }

        pub fn arm(&mut self, op: Op, at: u64) {
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

        /// (what survived the last sync, what was written)
        pub fn images(&self) -> (Vec<u8>, Vec<u8>) {
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
}
