//! The kring model in SQLite: the peer of the benchmarks. It does the same work as the kring
//! store — every command checked by `kring_domain::decide` against the current state, the
//! event appended to the history, the state and the indexes updated, one transaction per
//! command (durable) or per batch — on a schema a competent SQLite user would write:
//!
//! - `events(seq INTEGER PRIMARY KEY, case_id, version, at, event BLOB)`, unique (case_id, version);
//! - `cases(id PRIMARY KEY, phase, variant, legal_basis, coordinator, requested_at, state BLOB)`
//!   with indexes on phase, variant, legal basis, coordinator and request time;
//! - `case_people(person, case_id)`, `case_orgs(org, case_id)` and
//!   `due(planned_on, case_id, evaluation)`, each with the index its query needs.
//!
//! The case state is one encoded column (the same codec as kring), so reading a whole case is
//! one indexed row. WAL journal; `synchronous=FULL` when durable, `OFF` for bulk import
//! (mirroring kring's fast mode), prepared cached statements, 64 MiB page cache, memory-mapped
//! reads.
//!
//! [`normalised::NormalisedPeer`] is the other peer: the same work and settings, with a case
//! spread over a table per collection, as a typical SQLite user would store it.

use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use kring::domain::*;
use kring::format::{decode, encode};
use rusqlite::{Connection, OptionalExtension, params};

pub mod normalised;
pub use normalised::NormalisedPeer;

pub struct Peer {
    conn: Connection,
}

#[derive(Debug)]
pub struct PeerError(pub String);

impl From<rusqlite::Error> for PeerError {
    fn from(e: rusqlite::Error) -> Self {
        PeerError(e.to_string())
    }
}
impl From<kring::Error> for PeerError {
    fn from(e: kring::Error) -> Self {
        PeerError(e.to_string())
    }
}
impl From<kring::domain::Error> for PeerError {
    fn from(e: kring::domain::Error) -> Self {
        PeerError(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, PeerError>;

fn b(id: u128) -> [u8; 16] {
    id.to_be_bytes()
}

fn id_of(bytes: Vec<u8>) -> u128 {
    u128::from_be_bytes(bytes.try_into().expect("16-byte id"))
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, case_id BLOB NOT NULL, version INTEGER NOT NULL, at INTEGER NOT NULL, event BLOB NOT NULL, UNIQUE (case_id, version));
CREATE TABLE IF NOT EXISTS cases (id BLOB PRIMARY KEY, phase TEXT NOT NULL, variant TEXT NOT NULL, legal_basis TEXT NOT NULL, coordinator BLOB, requested_at INTEGER NOT NULL, state BLOB NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cases_phase ON cases(phase);
CREATE INDEX IF NOT EXISTS cases_variant ON cases(variant);
CREATE INDEX IF NOT EXISTS cases_legal_basis ON cases(legal_basis);
CREATE INDEX IF NOT EXISTS cases_coordinator ON cases(coordinator);
CREATE INDEX IF NOT EXISTS cases_requested ON cases(requested_at);
CREATE TABLE IF NOT EXISTS case_people (person BLOB NOT NULL, case_id BLOB NOT NULL, PRIMARY KEY (person, case_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS case_orgs (org BLOB NOT NULL, case_id BLOB NOT NULL, PRIMARY KEY (org, case_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS due (planned_on INTEGER NOT NULL, case_id BLOB NOT NULL, evaluation BLOB NOT NULL, PRIMARY KEY (planned_on, case_id, evaluation)) WITHOUT ROWID;
";

impl Peer {
    /// Opens or creates the peer database; `durable` chooses `synchronous=FULL` or `OFF`.
    pub fn open(path: &Path, durable: bool) -> Result<Peer> {
        let conn = Connection::open(path)?;
        conn.execute_batch(&format!("{} {SCHEMA}", settings(durable)))?;
        Ok(Peer { conn })
    }

    fn load(tx: &rusqlite::Transaction<'_>, id: CaseId) -> Result<Option<Case>> {
        let mut st = tx.prepare_cached("SELECT state FROM cases WHERE id = ?1")?;
        let bytes: Option<Vec<u8>> = st
            .query_row(params![b(id.as_u128())], |r| r.get(0))
            .optional()?;
        Ok(match bytes {
            Some(b) => Some(decode(&b)?),
            None => None,
        })
    }

    /// Executes `commands` in one transaction, all or none (like `Store::transaction`).
    pub fn execute_batch(
        &mut self,
        commands: &[(CaseId, Actor, DateTime<Utc>, Command)],
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let mut touched: std::collections::HashMap<CaseId, (Option<Case>, Case)> =
            std::collections::HashMap::new();
        let mut seq: i64 =
            tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))?;
        for (case, actor, at, command) in commands {
            if !touched.contains_key(case)
                && let Some(c) = Self::load(&tx, *case)?
            {
                touched.insert(*case, (Some(c.clone()), c));
            }
            let event = match touched.get_mut(case) {
                Some((_, state)) => {
                    let e = decide(Some(state), *case, *actor, *at, command.clone())?;
                    state.apply(&e);
                    e
                }
                None => {
                    let e = decide(None, *case, *actor, *at, command.clone())?;
                    touched.insert(*case, (None, Case::genesis(&e).expect("request")));
                    e
                }
            };
            seq += 1;
            let mut st = tx.prepare_cached(
                "INSERT INTO events (seq, case_id, version, at, event) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            st.execute(params![
                seq,
                b(case.as_u128()),
                event.version as i64,
                event.at.timestamp_millis(),
                encode(&event)?
            ])?;
        }
        for (id, (before, state)) in touched {
            Self::write_case(&tx, id, before.as_ref(), &state)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn write_case(
        tx: &rusqlite::Transaction<'_>,
        id: CaseId,
        before: Option<&Case>,
        c: &Case,
    ) -> Result<()> {
        let key = b(id.as_u128());
        tx.prepare_cached(
            "INSERT INTO cases (id, phase, variant, legal_basis, coordinator, requested_at, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(id) DO UPDATE SET phase=excluded.phase, coordinator=excluded.coordinator, state=excluded.state",
        )?
        .execute(params![
            key,
            c.phase.code(),
            c.variant.code(),
            c.legal_basis.code(),
            c.coordinator.as_ref().map(|a| b(a.coordinator.person.id.as_u128())),
            c.requested_at.timestamp_millis(),
            encode(c)?
        ])?;
        let people_before: Vec<PersonId> = before.map(|c| c.people()).unwrap_or_default();
        for p in c
            .people()
            .into_iter()
            .filter(|p| !people_before.contains(p))
        {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO case_people (person, case_id) VALUES (?1, ?2)",
            )?
            .execute(params![b(p.as_u128()), key])?;
        }
        for o in c
            .organisations
            .keys()
            .filter(|o| before.is_none_or(|b| !b.organisations.contains_key(o)))
        {
            tx.prepare_cached("INSERT OR IGNORE INTO case_orgs (org, case_id) VALUES (?1, ?2)")?
                .execute(params![b(o.as_u128()), key])?;
        }
        let due = |c: &Case| -> Vec<(i32, u128)> {
            if c.phase != Phase::FollowUp {
                return vec![];
            }
            c.evaluations
                .values()
                .filter(|e| e.held.is_none())
                .map(|e| (e.planned_on.num_days_from_ce(), e.id.as_u128()))
                .collect()
        };
        let (old, new) = (before.map(due).unwrap_or_default(), due(c));
        for (d, e) in old.iter().filter(|x| !new.contains(x)) {
            tx.prepare_cached(
                "DELETE FROM due WHERE planned_on = ?1 AND case_id = ?2 AND evaluation = ?3",
            )?
            .execute(params![d, key, b(*e)])?;
        }
        for (d, e) in new.iter().filter(|x| !old.contains(x)) {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO due (planned_on, case_id, evaluation) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![d, key, b(*e)])?;
        }
        Ok(())
    }

    pub fn case(&self, id: CaseId) -> Result<Case> {
        let mut st = self
            .conn
            .prepare_cached("SELECT state FROM cases WHERE id = ?1")?;
        let bytes: Vec<u8> = st.query_row(params![b(id.as_u128())], |r| r.get(0))?;
        Ok(decode(&bytes)?)
    }

    pub fn history(&self, id: CaseId) -> Result<Vec<Event>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT event FROM events WHERE case_id = ?1 ORDER BY version")?;
        let rows = st.query_map(params![b(id.as_u128())], |r| r.get::<_, Vec<u8>>(0))?;
        let mut out = Vec::new();
        for r in rows {
            out.push(decode(&r?)?);
        }
        Ok(out)
    }

    fn ids(&self, sql: &str, key: [u8; 16]) -> Result<Vec<CaseId>> {
        let mut st = self.conn.prepare_cached(sql)?;
        let rows = st.query_map(params![key], |r| r.get::<_, Vec<u8>>(0))?;
        let mut out: Vec<CaseId> = rows
            .map(|r| r.map(|b| CaseId::from_u128(id_of(b))))
            .collect::<std::result::Result<_, _>>()?;
        out.sort();
        Ok(out)
    }

    pub fn cases_of_coordinator(&self, p: PersonId) -> Result<Vec<CaseId>> {
        self.ids(
            "SELECT id FROM cases WHERE coordinator = ?1",
            b(p.as_u128()),
        )
    }

    pub fn cases_of_person(&self, p: PersonId) -> Result<Vec<CaseId>> {
        self.ids(
            "SELECT case_id FROM case_people WHERE person = ?1",
            b(p.as_u128()),
        )
    }

    pub fn evaluations_due(&self, as_of: NaiveDate) -> Result<Vec<(CaseId, EvaluationId)>> {
        let mut st = self.conn.prepare_cached("SELECT case_id, evaluation FROM due WHERE planned_on <= ?1 ORDER BY planned_on, case_id, evaluation")?;
        let rows = st.query_map(params![as_of.num_days_from_ce()], |r| {
            Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (c, e) = r?;
            out.push((
                CaseId::from_u128(id_of(c)),
                EvaluationId::from_u128(id_of(e)),
            ));
        }
        Ok(out)
    }

    pub fn all_cases(&self) -> Result<Vec<Case>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT state FROM cases ORDER BY id")?;
        let rows = st.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
        let mut out = Vec::new();
        for r in rows {
            out.push(decode(&r?)?);
        }
        Ok(out)
    }
}

/// The connection settings both peers open with: WAL, `synchronous=FULL` when `durable`
/// (else `OFF`), a 64 MiB page cache, memory-mapped reads.
fn settings(durable: bool) -> String {
    format!(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous={}; PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;",
        if durable { "FULL" } else { "OFF" }
    )
}

/// What the benchmark harness asks of a SQLite peer; both peers answer it, so the harness
/// measures and checks them with the same code.
pub trait SqlitePeer: Sized {
    /// Opens or creates the peer database; `durable` chooses `synchronous=FULL` or `OFF`.
    fn open(path: &Path, durable: bool) -> Result<Self>;
    fn conn(&self) -> &Connection;
    /// Executes `commands` in one transaction, all or none (like `Store::transaction`).
    fn execute_batch(&mut self, commands: &[(CaseId, Actor, DateTime<Utc>, Command)])
    -> Result<()>;
    fn case(&self, id: CaseId) -> Result<Case>;
    fn history(&self, id: CaseId) -> Result<Vec<Event>>;
    fn cases_of_coordinator(&self, p: PersonId) -> Result<Vec<CaseId>>;
    fn cases_of_person(&self, p: PersonId) -> Result<Vec<CaseId>>;
    fn evaluations_due(&self, as_of: NaiveDate) -> Result<Vec<(CaseId, EvaluationId)>>;
    fn all_cases(&self) -> Result<Vec<Case>>;

    fn set_durable(&self, durable: bool) -> Result<()> {
        self.conn().execute_batch(&format!(
            "PRAGMA synchronous={};",
            if durable { "FULL" } else { "OFF" }
        ))?;
        Ok(())
    }

    /// Checkpoints the WAL into the main file (for a fair file size).
    fn checkpoint(&self) -> Result<()> {
        self.conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }

    /// SQLite's structural check of every page (`PRAGMA quick_check`): the nearest it has
    /// to checking every page's checksum, which it does not keep.
    fn quick_check(&self) -> Result<()> {
        let answer: String = self
            .conn()
            .query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if answer != "ok" {
            return Err(PeerError(format!("quick_check: {answer}")));
        }
        Ok(())
    }
}

/// Implements [`SqlitePeer`] for a peer type by its inherent methods of the same names.
macro_rules! sqlite_peer {
    ($peer:ty) => {
        impl $crate::SqlitePeer for $peer {
            fn open(path: &std::path::Path, durable: bool) -> $crate::Result<Self> {
                <$peer>::open(path, durable)
            }
            fn conn(&self) -> &rusqlite::Connection {
                &self.conn
            }
            fn execute_batch(
                &mut self,
                commands: &[(CaseId, Actor, DateTime<Utc>, Command)],
            ) -> $crate::Result<()> {
                <$peer>::execute_batch(self, commands)
            }
            fn case(&self, id: CaseId) -> $crate::Result<Case> {
                <$peer>::case(self, id)
            }
            fn history(&self, id: CaseId) -> $crate::Result<Vec<Event>> {
                <$peer>::history(self, id)
            }
            fn cases_of_coordinator(&self, p: PersonId) -> $crate::Result<Vec<CaseId>> {
                <$peer>::cases_of_coordinator(self, p)
            }
            fn cases_of_person(&self, p: PersonId) -> $crate::Result<Vec<CaseId>> {
                <$peer>::cases_of_person(self, p)
            }
            fn evaluations_due(
                &self,
                as_of: NaiveDate,
            ) -> $crate::Result<Vec<(CaseId, EvaluationId)>> {
                <$peer>::evaluations_due(self, as_of)
            }
            fn all_cases(&self) -> $crate::Result<Vec<Case>> {
                <$peer>::all_cases(self)
            }
        }
    };
}
pub(crate) use sqlite_peer;

sqlite_peer!(Peer);
