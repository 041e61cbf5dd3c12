//! The tables of a kring store and the index entries each case contributes. The layout is
//! written down in `docs/format.md`; change neither without the other.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use kring_domain::*;
use redb::TableDefinition;

/// `meta`: format version, store id, creation time. Keys are ASCII names.
pub const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
/// `history` (format 4): (case, case version) → the event's global sequence number (u64,
/// little-endian) followed by envelope(Event). Append-only: the audit trail. A case's
/// history is one range of keys.
pub const HISTORY: TableDefinition<(u128, u64), &[u8]> = TableDefinition::new("history");
/// `feed` (format 4): global sequence number → (case, case version), the key of the event
/// in `history`: the order of the change feed.
pub const FEED: TableDefinition<u64, (u128, u64)> = TableDefinition::new("feed");
/// `events` (formats 1 to 3): global sequence number → envelope(Event).
pub const EVENTS: TableDefinition<u64, &[u8]> = TableDefinition::new("events");
/// `case_events` (formats 1 to 3): (case, case version) → global sequence number.
pub const CASE_EVENTS: TableDefinition<(u128, u64), u64> = TableDefinition::new("case_events");

/// The value of an event in `history`: its sequence number, then its envelope.
pub fn history_value(seq: u64, envelope: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(8 + envelope.len());
    v.extend_from_slice(&seq.to_le_bytes());
    v.extend_from_slice(envelope);
    v
}

/// The sequence number and the envelope of a `history` value.
pub fn split_history(value: &[u8]) -> crate::Result<(u64, &[u8])> {
    let (seq, envelope) = value
        .split_first_chunk::<8>()
        .ok_or_else(|| crate::Error::Corrupted("a history entry has no sequence number".into()))?;
    Ok((u64::from_le_bytes(*seq), envelope))
}
/// `origins` (format 6): (case, case version) → (origin store, sequence number there), for
/// each event written by another store and brought here (a case file, a followed feed).
/// An event without an entry was written by this store, with its sequence number here.
pub const ORIGINS: TableDefinition<(u128, u64), (u128, u64)> = TableDefinition::new("origins");
/// `holders` (format 6): case → the store that writes it, for each case another store
/// writes (a read-only copy here). A case without an entry is written by this store.
pub const HOLDERS: TableDefinition<u128, u128> = TableDefinition::new("holders");
/// `cursors` (format 6): followed store → the sequence number of the last entry of its
/// change feed this store has taken (`Store::follow`).
pub const CURSORS: TableDefinition<u128, u64> = TableDefinition::new("cursors");
/// `cases`: case → envelope(Case), the current state.
pub const CASES: TableDefinition<u128, &[u8]> = TableDefinition::new("cases");
/// `summaries` (format 4): case → envelope(CaseSummary), what work lists need of a case,
/// rewritten with the case.
pub const SUMMARIES: TableDefinition<u128, &[u8]> = TableDefinition::new("summaries");
/// `figures` (format 7): case → envelope(CaseFigures), what the standard measures need of a
/// case, rewritten with the case.
pub const FIGURES: TableDefinition<u128, &[u8]> = TableDefinition::new("figures");
/// `rows` (format 8): case → envelope(CaseRows), what the research tables need of a case,
/// rewritten with the case.
pub const ROWS: TableDefinition<u128, &[u8]> = TableDefinition::new("rows");
/// The format that first stored `rows`.
pub const ROWS_SINCE: u16 = 8;
/// `facets`: (facet, value, case) → (). Secondary indexes by phase, variant, legal basis,
/// coordinator, organisation and person.
pub const FACETS: TableDefinition<(u8, u128, u128), ()> = TableDefinition::new("facets");
/// `due`: (planned date as days since 0001-01-01, case, evaluation) → (), for evaluations
/// that are planned and not yet held.
pub const DUE: TableDefinition<(i32, u128, u128), ()> = TableDefinition::new("due");
/// `requested`: (request time in ms since the Unix epoch, case) → ().
pub const REQUESTED: TableDefinition<(i64, u128), ()> = TableDefinition::new("requested");

/// `coordinators`: person id → envelope(PoolEntry), the coordinator pool (format 3).
pub const COORDINATORS: TableDefinition<u128, &[u8]> = TableDefinition::new("coordinators");

/// Meta keys.
pub const META_FORMAT: &str = "format_version";
pub const META_STORE_ID: &str = "store_id";
pub const META_CREATED: &str = "created_at";

/// The facets a case is indexed by. The numbers are part of the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Facet {
    /// Value: index of the phase in `Phase::ALL`.
    Phase = 1,
    /// Value: index in `Variant::ALL`.
    Variant = 2,
    /// Value: index in `LegalBasis::ALL`.
    LegalBasis = 3,
    /// Value: the coordinator's person id.
    Coordinator = 4,
    /// Value: an organisation id registered in the case.
    Organisation = 5,
    /// Value: the id of a person who appears in the case in any role.
    Person = 6,
}

fn position<T: PartialEq>(all: &[T], v: &T) -> u128 {
    all.iter()
        .position(|x| x == v)
        .expect("every value is in ALL") as u128
}

/// The cases with `value` for `facet` in a `facets` table, in id order (the order of the
/// index's keys).
pub fn cases_with(
    facets: &impl redb::ReadableTable<(u8, u128, u128), ()>,
    facet: Facet,
    value: u128,
) -> crate::Result<Vec<u128>> {
    let f = facet as u8;
    let mut out = Vec::new();
    for entry in facets.range((f, value, 0)..=(f, value, u128::MAX))? {
        out.push(entry?.0.value().2);
    }
    Ok(out)
}

/// The facet value of a phase.
pub fn phase_value(p: Phase) -> u128 {
    position(Phase::ALL, &p)
}
/// The facet value of a variant.
pub fn variant_value(v: Variant) -> u128 {
    position(Variant::ALL, &v)
}
/// The facet value of a legal basis.
pub fn legal_basis_value(l: LegalBasis) -> u128 {
    position(LegalBasis::ALL, &l)
}

/// A date as an index key.
pub fn day(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

/// Every index entry of one case.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Entries {
    pub facets: BTreeSet<(u8, u128, u128)>,
    pub due: BTreeSet<(i32, u128, u128)>,
    pub requested: BTreeSet<(i64, u128)>,
}

/// The index entries of `case`.
pub fn entries(case: &Case) -> Entries {
    let id = case.id.as_u128();
    let mut e = Entries::default();
    let mut f = |facet: Facet, v: u128| {
        e.facets.insert((facet as u8, v, id));
    };
    f(Facet::Phase, phase_value(case.phase));
    f(Facet::Variant, variant_value(case.variant));
    f(Facet::LegalBasis, legal_basis_value(case.legal_basis));
    if let Some(c) = &case.coordinator {
        f(Facet::Coordinator, c.coordinator.person.id.as_u128());
    }
    for o in case.organisations.keys() {
        f(Facet::Organisation, o.as_u128());
    }
    for p in case.people() {
        f(Facet::Person, p.as_u128());
    }
    for ev in case.evaluations.values().filter(|ev| ev.is_open()) {
        // Only cases still in follow-up have evaluations to hold.
        if case.phase == Phase::FollowUp {
            e.due.insert((day(ev.planned_on), id, ev.id.as_u128()));
        }
    }
    e.requested
        .insert((case.requested_at.timestamp_millis(), id));
    e
}
