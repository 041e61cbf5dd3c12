//! The tables of a kring store and the index entries each case contributes. The layout is
//! written down in `docs/format.md`; change neither without the other.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use kring_domain::*;
use redb::TableDefinition;

/// `meta`: format version, store id, creation time. Keys are ASCII names.
pub const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
/// `events`: global sequence number → envelope(Event). Append-only: the audit trail.
pub const EVENTS: TableDefinition<u64, &[u8]> = TableDefinition::new("events");
/// `case_events`: (case, case version) → global sequence number.
pub const CASE_EVENTS: TableDefinition<(u128, u64), u64> = TableDefinition::new("case_events");
/// `cases`: case → envelope(Case), the current state.
pub const CASES: TableDefinition<u128, &[u8]> = TableDefinition::new("cases");
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
