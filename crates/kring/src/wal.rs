//! The write-ahead log (format 4): how a durable command costs one small sync.
//!
//! A durable write puts its events in one record at the end of the log file (`STORE.wal`,
//! beside the store) and syncs that file: the command is then durable. Only then is the
//! store's own transaction committed, without a sync, so that readers never see a command
//! that a crash could take back. Every few MiB of log (and when the store is closed) a
//! checkpoint commits the store durably; the log then starts again at its beginning. When a
//! store is opened, the log's records that the store does not yet hold are applied again
//! (replay) and checkpointed before anything else is written.
//!
//! The file is preallocated with zeros, so that a sync writes the record and no file-system
//! metadata. Its layout (little-endian; `docs/format.md` has it byte by byte):
//!
//! - a header of 4096 bytes: `kringwal`, the log's version (u16), two zero bytes, the store
//!   id (u128, big-endian, as in the store's `meta`), a CRC-32C of the 28 bytes before it,
//!   zeros;
//! - records, one after the other: payload length (u32, never 0), sequence number of the
//!   first event (u64), number of events (u32), CRC-32C of those 16 bytes and the payload
//!   (u32), then the payload: each event as its length (u32) and its envelope.
//!
//! A record counts only if its checksum holds and its first sequence number is the one the
//! store expects next: records of sequence numbers the store already holds are skipped, and
//! the first record that is torn, zero or out of sequence ends the log. Records written
//! before the last checkpoint have lower sequence numbers than anything written after it,
//! so the bytes of an earlier round never pass for new ones.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use redb::StorageBackend;

use crate::error::{Error, Result};

/// The log's own version, in its header.
pub const WAL_VERSION: u16 = 1;
/// The header's size; records start here.
pub const HEADER: u64 = 4096;
/// How much the file grows at a time (with zeros).
const GROW: u64 = 4 << 20;
/// After this many bytes of records, the next write checkpoints the store.
pub(crate) const CHECKPOINT_AFTER: u64 = 4 << 20;
/// The largest record replay reads (a transaction of many commands fits easily).
const MAX_RECORD: u64 = 1 << 30;
const MAGIC: &[u8; 8] = b"kringwal";
const RECORD_HEAD: usize = 20;

/// The log file beside a store at `store`: `STORE.wal`.
pub fn wal_path(store: &Path) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push(".wal");
    PathBuf::from(name)
}

/// A plain file as a storage backend: the log, and the store file read by the open check.
#[derive(Debug)]
pub(crate) struct PlainFile(pub(crate) File);

impl StorageBackend for PlainFile {
    fn len(&self) -> io::Result<u64> {
        Ok(self.0.metadata()?.len())
    }
    fn read(&self, offset: u64, out: &mut [u8]) -> io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(&self.0, out, offset)
    }
    fn set_len(&self, len: u64) -> io::Result<()> {
        self.0.set_len(len)
    }
    fn sync_data(&self) -> io::Result<()> {
        self.0.sync_data()
    }
    fn write(&self, offset: u64, data: &[u8]) -> io::Result<()> {
        std::os::unix::fs::FileExt::write_all_at(&self.0, data, offset)
    }
}

/// CRC-32C (Castagnoli), bytewise with a table.
pub(crate) fn crc32c(parts: &[&[u8]]) -> u32 {
    const fn table() -> [u32; 256] {
        let mut t = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    (c >> 1) ^ 0x82F6_3B78
                } else {
                    c >> 1
                };
                k += 1;
            }
            t[i] = c;
            i += 1;
        }
        t
    }
    static TABLE: [u32; 256] = table();
    let mut c = !0u32;
    for part in parts {
        for &b in *part {
            c = TABLE[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8);
        }
    }
    !c
}

fn header(store_id: u128) -> Vec<u8> {
    let mut h = vec![0u8; HEADER as usize];
    h[..8].copy_from_slice(MAGIC);
    h[8..10].copy_from_slice(&WAL_VERSION.to_le_bytes());
    h[12..28].copy_from_slice(&store_id.to_be_bytes());
    let crc = crc32c(&[&h[..28]]);
    h[28..32].copy_from_slice(&crc.to_le_bytes());
    h
}

/// One record found by replay: the sequence number of its first event, and its events'
/// envelopes.
#[derive(Debug)]
pub(crate) struct Record {
    pub first: u64,
    pub events: Vec<Vec<u8>>,
}

/// The log of an open store.
pub(crate) struct Wal {
    file: Box<dyn StorageBackend>,
    /// Where the next record goes.
    end: u64,
    /// The file's length: zeros up to here.
    len: u64,
    /// Set once a record may have reached the file without its transaction being committed
    /// (a failed write or sync of a record, or a commit that failed after it): writes are
    /// refused until the store is opened again, and replay then decides.
    broken: Option<String>,
}

impl std::fmt::Debug for Wal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wal")
            .field("end", &self.end)
            .field("len", &self.len)
            .field("broken", &self.broken)
            .finish()
    }
}

impl Wal {
    /// Opens the log file at `path`, creating it (atomically, by renaming a finished file)
    /// if there is none, or if `fresh` (for a new store) and the log there belongs to
    /// another store.
    pub fn open_file(path: &Path, store_id: u128, fresh: bool) -> Result<(Wal, Vec<u8>)> {
        if !path.exists() || (fresh && !Wal::belongs_to(path, store_id)) {
            let mut tmp = path.as_os_str().to_owned();
            tmp.push(".new");
            let tmp = PathBuf::from(tmp);
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(true)
                .open(&tmp)?;
            let log = PlainFile(file);
            Wal::init(&log, store_id)?;
            std::fs::rename(&tmp, path)?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                File::open(dir)?.sync_all()?;
            }
        }
        let file = OpenOptions::new().read(true).write(true).open(path)?;
        Wal::open(
            Box::new(PlainFile(file)),
            store_id,
            &path.display().to_string(),
        )
    }

    /// Whether the log file at `path` has a valid header naming `store_id`.
    fn belongs_to(path: &Path, store_id: u128) -> bool {
        let mut h = [0u8; 32];
        let read =
            File::open(path).and_then(|f| std::os::unix::fs::FileExt::read_exact_at(&f, &mut h, 0));
        read.is_ok() && h[..] == header(store_id)[..32]
    }

    /// Writes a new log's header and its first zeros, and syncs them.
    fn init(file: &dyn StorageBackend, store_id: u128) -> Result<()> {
        file.set_len(HEADER + GROW)?;
        file.write(0, &header(store_id))?;
        file.write(HEADER, &vec![0u8; GROW as usize])?;
        file.sync_data()?;
        Ok(())
    }

    /// Opens a log on any backend (an empty one gets a header first). Returns the log and
    /// the raw bytes of its records area, for [`Wal::records`].
    pub fn open(
        file: Box<dyn StorageBackend>,
        store_id: u128,
        name: &str,
    ) -> Result<(Wal, Vec<u8>)> {
        if file.len()? == 0 {
            Wal::init(file.as_ref(), store_id)?;
        }
        let len = file.len()?;
        if len < HEADER {
            return Err(Error::Corrupted(format!("the log {name} is cut short")));
        }
        let mut h = vec![0u8; HEADER as usize];
        file.read(0, &mut h)?;
        let crc = u32::from_le_bytes(h[28..32].try_into().expect("4 bytes"));
        if &h[..8] != MAGIC || crc != crc32c(&[&h[..28]]) {
            return Err(Error::Corrupted(format!(
                "the log {name} has no valid header"
            )));
        }
        let version = u16::from_le_bytes([h[8], h[9]]);
        if version != WAL_VERSION {
            return Err(Error::Corrupted(format!(
                "the log {name} has version {version}; this kring writes {WAL_VERSION}"
            )));
        }
        let owner = u128::from_be_bytes(h[12..28].try_into().expect("16 bytes"));
        if owner != store_id {
            return Err(Error::Corrupted(format!(
                "the log {name} belongs to another store: move it away if the store beside it is the one to keep"
            )));
        }
        let mut body = vec![0u8; (len - HEADER) as usize];
        file.read(HEADER, &mut body)?;
        Ok((
            Wal {
                file,
                end: HEADER,
                len,
                broken: None,
            },
            body,
        ))
    }

    /// The records of `body` (the bytes after the header) that the store does not hold yet:
    /// it holds events up to sequence number `last`.
    pub fn records(body: &[u8], last: u64) -> Vec<Record> {
        let mut out = Vec::new();
        let mut next = last + 1;
        let mut at = 0usize;
        while at + RECORD_HEAD <= body.len() {
            let head = &body[at..at + RECORD_HEAD];
            let len = u32::from_le_bytes(head[0..4].try_into().expect("4")) as u64;
            let first = u64::from_le_bytes(head[4..12].try_into().expect("8"));
            let count = u32::from_le_bytes(head[12..16].try_into().expect("4")) as u64;
            let crc = u32::from_le_bytes(head[16..20].try_into().expect("4"));
            let start = at + RECORD_HEAD;
            if len == 0 || len > MAX_RECORD || start as u64 + len > body.len() as u64 {
                break;
            }
            let payload = &body[start..start + len as usize];
            if crc != crc32c(&[&head[..16], payload]) || count == 0 {
                break;
            }
            at = start + len as usize;
            if first.saturating_add(count) <= next {
                continue; // already in the store
            }
            if first != next {
                break; // not the continuation of the store
            }
            let Some(events) = split(payload, count) else {
                break;
            };
            next += count;
            out.push(Record { first, events });
        }
        out
    }

    /// Why writes are refused, if they are.
    pub fn broken(&self) -> Option<&str> {
        self.broken.as_deref()
    }

    /// Marks the log as not to be written again by this handle.
    pub fn break_with(&mut self, why: String) {
        self.broken = Some(why);
    }

    /// How many bytes of records the log holds (a commit checkpoints once they reach the
    /// store's limit).
    pub fn logged(&self) -> u64 {
        self.end - HEADER
    }

    /// After a durable commit of the store: the log starts again at its beginning.
    pub fn reset(&mut self) {
        if self.broken.is_none() {
            self.end = HEADER;
        }
    }

    /// After a durable commit of the store: the log starts again, and every byte of its
    /// records area is overwritten with zeros and synced, so that nothing written before
    /// (an erased person's events) can be read from the file any more.
    pub fn wipe(&mut self) -> Result<()> {
        if let Some(why) = &self.broken {
            return Err(Error::Storage(why.clone()));
        }
        let zeros = vec![0u8; 1 << 20];
        let mut at = HEADER;
        while at < self.len {
            let n = (self.len - at).min(zeros.len() as u64);
            self.file.write(at, &zeros[..n as usize])?;
            at += n;
        }
        self.file.sync_data()?;
        self.end = HEADER;
        Ok(())
    }

    /// Appends one record holding `events` (their envelopes; the first has sequence number
    /// `first`) and syncs it. When this returns `Ok`, the events are durable.
    pub fn append(&mut self, first: u64, events: &[&[u8]]) -> Result<()> {
        if let Some(why) = &self.broken {
            return Err(Error::Storage(why.clone()));
        }
        let mut rec =
            Vec::with_capacity(RECORD_HEAD + events.iter().map(|e| e.len() + 4).sum::<usize>());
        rec.extend_from_slice(&[0u8; RECORD_HEAD]);
        for e in events {
            rec.extend_from_slice(&(e.len() as u32).to_le_bytes());
            rec.extend_from_slice(e);
        }
        let len = (rec.len() - RECORD_HEAD) as u32;
        rec[0..4].copy_from_slice(&len.to_le_bytes());
        rec[4..12].copy_from_slice(&first.to_le_bytes());
        rec[12..16].copy_from_slice(&(events.len() as u32).to_le_bytes());
        let crc = crc32c(&[&rec[..16], &rec[RECORD_HEAD..]]);
        rec[16..20].copy_from_slice(&crc.to_le_bytes());
        // Room for the record and the zero length after it that ends the log. Growing
        // writes zeros only: a failure there leaves nothing to undo.
        let needed = self.end + rec.len() as u64 + RECORD_HEAD as u64;
        if needed > self.len {
            let grow = (needed - self.len).div_ceil(GROW) * GROW;
            self.file.set_len(self.len + grow)?;
            self.file.write(self.len, &vec![0u8; grow as usize])?;
            self.file.sync_data()?;
            self.len += grow;
        }
        let written = self
            .file
            .write(self.end, &rec)
            .and_then(|()| self.file.sync_data());
        if let Err(e) = written {
            self.broken = Some(format!(
                "writing the log failed ({e}); open the store again: the commands of the failed write are then either all there or none"
            ));
            return Err(Error::Io(e));
        }
        self.end += rec.len() as u64;
        Ok(())
    }
}

/// The `count` envelopes of a record's payload.
fn split(mut payload: &[u8], count: u64) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::with_capacity(count.min(1 << 16) as usize);
    for _ in 0..count {
        let n = u32::from_le_bytes(payload.get(..4)?.try_into().ok()?) as usize;
        out.push(payload.get(4..4 + n)?.to_vec());
        payload = &payload[4 + n..];
    }
    payload.is_empty().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32c_matches_the_standard_check_value() {
        assert_eq!(crc32c(&[b"123456789"]), 0xE306_9283);
        assert_eq!(crc32c(&[b"1234", b"56789"]), 0xE306_9283);
    }

    fn log() -> (Wal, u128) {
        let id = 7u128 << 100 | 42;
        let (wal, body) =
            Wal::open(Box::new(redb::backends::InMemoryBackend::new()), id, "t").unwrap();
        assert!(Wal::records(&body, 0).is_empty());
        (wal, id)
    }

    fn body(wal: &Wal) -> Vec<u8> {
        let mut b = vec![0u8; (wal.len - HEADER) as usize];
        wal.file.read(HEADER, &mut b).unwrap();
        b
    }

    #[test]
    fn records_after_the_store_replay_in_order_and_stop_at_damage() {
        let (mut wal, _) = log();
        wal.append(1, &[b"a", b"bb"]).unwrap();
        wal.append(3, &[b"ccc"]).unwrap();
        wal.append(4, &[b"d"]).unwrap();
        let b = body(&wal);
        let seqs = |last| {
            Wal::records(&b, last)
                .iter()
                .map(|r| (r.first, r.events.len()))
                .collect::<Vec<_>>()
        };
        assert_eq!(seqs(0), [(1, 2), (3, 1), (4, 1)]);
        assert_eq!(seqs(2), [(3, 1), (4, 1)]);
        assert_eq!(seqs(4), []);
        // A gap: the store is behind the first record.
        assert_eq!(
            Wal::records(&b[..], 0)[0].events,
            [b"a".to_vec(), b"bb".to_vec()]
        );
        // Damage in the second record ends the log there.
        let mut d = b.clone();
        let second = RECORD_HEAD + 4 + 1 + 4 + 2 + RECORD_HEAD + 2;
        d[second] ^= 1;
        assert_eq!(Wal::records(&d, 0).len(), 1);
        // A torn record (its tail still zeros) ends it too.
        let mut t = b.clone();
        t[RECORD_HEAD + 5] = 0;
        assert!(Wal::records(&t, 0).is_empty());
    }

    #[test]
    fn after_a_reset_old_records_never_pass_for_new_ones() {
        let (mut wal, _) = log();
        for s in 1..=5 {
            wal.append(s, &[b"old event bytes"]).unwrap();
        }
        // A checkpoint made 1..=5 durable; the log starts again.
        wal.reset();
        wal.append(6, &[b"new"]).unwrap();
        let b = body(&wal);
        let r = Wal::records(&b, 5);
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].first, &r[0].events[0][..]), (6, &b"new"[..]));
        // If the store had lost 6 (a crash before the checkpoint was possible), nothing
        // older is taken for it.
        assert!(Wal::records(&b, 6).is_empty());
    }

    #[test]
    fn a_log_of_another_store_is_refused() {
        let backend = redb::backends::InMemoryBackend::new();
        let mut h = header(1);
        h.resize(HEADER as usize + 64, 0);
        backend.set_len(h.len() as u64).unwrap();
        backend.write(0, &h).unwrap();
        let err = Wal::open(Box::new(backend), 2, "x").unwrap_err();
        assert_eq!(err.code(), "corrupted");
        assert!(err.to_string().contains("another store"), "{err}");
    }

    #[test]
    fn the_log_grows_by_whole_chunks_of_zeros() {
        let (mut wal, _) = log();
        let big = vec![1u8; GROW as usize];
        wal.append(1, &[&big]).unwrap();
        assert_eq!(wal.len, HEADER + 2 * GROW);
        assert_eq!(Wal::records(&body(&wal), 0)[0].events[0], big);
    }
}
