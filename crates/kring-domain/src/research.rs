//! Research tables: tidy tables over many cases for analysis (phase durations, network
//! size and growth, attendance, agreements kept, follow-up conferences, outcomes).
//!
//! **Pseudonymised by default**: person and case ids are replaced by keyed hashes
//! (HMAC-SHA-256 with the researcher's key, so two exports made with the same key join),
//! names, contact details and free text are left out, and birth dates are cut to the year.
//! [`Disclosure::Identifying`] is an explicit opt-in that keeps real ids, names and free
//! text, for exports inside the organisation that holds the records.
//!
//! The logic lives here, in the core, so that Rust, Python and Node export the same tables.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::*;

/// Fewest different byte values a pseudonymisation key must hold. 16 random bytes hold
/// fewer than 8 different values with a probability below 10^-9.
pub const MIN_KEY_DISTINCT: usize = 8;

/// Shortest key accepted for pseudonymisation, in bytes.
pub const MIN_KEY_LEN: usize = 16;

/// What an export may disclose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disclosure {
    /// Ids replaced by keyed hashes; no names, contact details or free text; birth years only.
    Pseudonymised { key: Vec<u8> },
    /// Real ids, names and free text. Only for use inside the organisation holding the records.
    Identifying,
}

impl Disclosure {
    /// Pseudonymised with `key`: at least [`MIN_KEY_LEN`] bytes, of which at least
    /// [`MIN_KEY_DISTINCT`] differ. A weak key (all zeros, one byte repeated, a short
    /// pattern) would let anyone who guesses it undo the pseudonyms, so it is refused.
    pub fn pseudonymised(key: impl Into<Vec<u8>>) -> Result<Self> {
        let key = key.into();
        if key.len() < MIN_KEY_LEN {
            return Err(Error::invalid(
                "key",
                format!("{} bytes; at least {MIN_KEY_LEN}", key.len()),
            ));
        }
        let mut seen = [false; 256];
        key.iter().for_each(|&b| seen[b as usize] = true);
        if seen.iter().filter(|&&s| s).count() < MIN_KEY_DISTINCT {
            return Err(Error::invalid(
                "key",
                format!(
                    "a weak key: fewer than {MIN_KEY_DISTINCT} different byte values; use random bytes (for example 32 from os.urandom or crypto.randomBytes)"
                ),
            ));
        }
        Ok(Disclosure::Pseudonymised { key })
    }
}

/// A hasher for the memo of ids: ids are 48 bits of time and 80 of entropy, so mixing the
/// two halves with one multiplication spreads them well.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u128(&mut self, v: u128) {
        let folded = (v as u64) ^ ((v >> 64) as u64).rotate_left(29);
        self.0 = (self.0 ^ folded).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn write_usize(&mut self, v: usize) {
        self.0 = (self.0 ^ v as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// How ids, names and free text come out under one [`Disclosure`]: the keyed MAC is set up
/// once (its key blocks hashed once), and the text of every id is made once per case.
#[derive(Clone)]
struct Ids {
    /// The MAC after the key, cloned for every id; `None` when identifying.
    mac: Option<Hmac<Sha256>>,
    /// The text of every id seen in the current case, by kind and value.
    memo: HashMap<(&'static str, u128), String, BuildHasherDefault<IdHasher>>,
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl Ids {
    fn new(disclosure: &Disclosure) -> Self {
        let mac = match disclosure {
            Disclosure::Identifying => None,
            Disclosure::Pseudonymised { key } => {
                Some(Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length"))
            }
        };
        Ids {
            mac,
            memo: HashMap::default(),
        }
    }

    fn identifying(&self) -> bool {
        self.mac.is_none()
    }

    /// `{kind}_{first 12 bytes of HMAC(kind ‖ id) in hex}`, or the real id's text.
    fn text(&self, kind: &str, id: u128, text: impl FnOnce() -> String) -> String {
        match &self.mac {
            None => text(),
            Some(mac) => {
                let mut mac = mac.clone();
                mac.update(kind.as_bytes());
                mac.update(&id.to_be_bytes());
                let digest = mac.finalize().into_bytes();
                let mut out = String::with_capacity(kind.len() + 1 + 24);
                out.push_str(kind);
                out.push('_');
                for b in &digest[..12] {
                    out.push(HEX[(b >> 4) as usize] as char);
                    out.push(HEX[(b & 0xf) as usize] as char);
                }
                out
            }
        }
    }

    /// The id's cell, made once per case and cloned after that.
    fn id(&mut self, kind: &'static str, id: u128, text: impl FnOnce() -> String) -> Value {
        if let Some(t) = self.memo.get(&(kind, id)) {
            return Value::Text(t.clone());
        }
        let t = self.text(kind, id, text);
        self.memo.insert((kind, id), t.clone());
        Value::Text(t)
    }

    fn case(&self, id: CaseId) -> String {
        self.text("case", id.as_u128(), || id.to_string())
    }

    fn person(&mut self, id: PersonId) -> Value {
        self.id("person", id.as_u128(), || id.to_string())
    }

    fn other<K: IdKind>(&mut self, id: Id<K>) -> Value {
        self.id(K::PREFIX, id.as_u128(), || id.to_string())
    }

    fn free_text(&self, text: Option<&str>) -> Value {
        match (self.identifying(), text) {
            (true, Some(t)) => Value::Text(t.to_string()),
            _ => Value::Null,
        }
    }
}

/// The text of a date, as `NaiveDate`'s `Display` writes it.
fn date_text(d: NaiveDate) -> String {
    let mut out = [0u8; 10];
    match crate::wire::date_text(d, &mut out) {
        Some(n) => crate::wire::ascii(&out[..n]).to_owned(),
        None => d.to_string(),
    }
}

/// The text of a time, as `to_rfc3339_opts(SecondsFormat::Secs, true)` writes it.
fn time_text(t: DateTime<Utc>) -> String {
    let mut out = [0u8; 32];
    match crate::wire::time_text(&t, &mut out, false) {
        Some(n) => crate::wire::ascii(&out[..n]).to_owned(),
        None => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}

fn time(t: DateTime<Utc>) -> Value {
    Value::Text(time_text(t))
}

fn date(d: NaiveDate) -> Value {
    Value::Text(date_text(d))
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Text(String),
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<usize> for Value {
    fn from(v: usize) -> Self {
        Value::Int(v as i64)
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Int(v as i64)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<NaiveDate> for Value {
    fn from(v: NaiveDate) -> Self {
        date(v)
    }
}
impl From<DateTime<Utc>> for Value {
    fn from(v: DateTime<Utc>) -> Self {
        time(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// The type of a column, for typed data frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    Bool,
    Int,
    Text,
    /// ISO 8601 date text (`2026-03-02`).
    Date,
    /// RFC 3339 UTC time text (`2026-03-02T09:00:00Z`).
    Time,
}

/// One tidy table: one row per observation, one column per variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
    pub columns: Vec<(String, ColumnType)>,
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    fn new(name: &str, columns: &[(&str, ColumnType)]) -> Self {
        Table {
            name: name.into(),
            columns: columns.iter().map(|(n, t)| (n.to_string(), *t)).collect(),
            rows: Vec::new(),
        }
    }

    fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len(), "row width of {}", self.name);
        self.rows.push(row);
    }

    /// The index of a column by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|(n, _)| n == name)
    }
}

use ColumnType::{Bool as B, Date as D, Int as I, Text as T, Time as Tm};

/// The names of the tables, in the order [`tables`] returns them.
pub const TABLES: &[&str] = &[
    "cases",
    "phases",
    "network",
    "attendance",
    "frameworks",
    "plan_items",
    "agreement_reviews",
    "evaluations",
    "acceptance",
    "outcomes",
    "satisfaction",
];

fn days(from: DateTime<Utc>, to: DateTime<Utc>) -> Value {
    Value::Int((to - from).num_days())
}

fn role_of(case: &Case, person: PersonId) -> &'static str {
    if case.is_main_person(person) {
        "main_person"
    } else if case.network.contains_key(&person) {
        "network_member"
    } else if case.professionals.contains_key(&person) {
        "professional"
    } else if case.is_coordinator(person) {
        "coordinator"
    } else {
        "other"
    }
}

/// Builds every research table over `cases`.
pub fn tables<'a>(
    cases: impl IntoIterator<Item = &'a Case>,
    disclosure: &Disclosure,
) -> Vec<Table> {
    let mut builder = TableBuilder::new(disclosure);
    for case in cases {
        builder.add(case);
    }
    builder.finish()
}

/// Builds the research tables one case at a time, so that the cases need not all be in
/// memory at once. Builders over consecutive runs of cases can be made apart (on other
/// threads) and joined with [`TableBuilder::append`]: the result is the same as one builder
/// given every case in order, and the same as [`tables`].
///
/// ```
/// use kring_domain::research::{self, Disclosure, TableBuilder};
///
/// let case = kring_domain::example::full_story().0.case.unwrap();
/// let d = Disclosure::pseudonymised(*b"research key 7 research key 7 re")?;
/// let (mut a, mut b) = (TableBuilder::new(&d), TableBuilder::new(&d));
/// a.add(&case);
/// b.add(&case);
/// a.append(b);
/// assert_eq!(a.finish(), research::tables([&case, &case], &d));
/// # Ok::<(), kring_domain::Error>(())
/// ```
#[derive(Clone)]
pub struct TableBuilder {
    ids: Ids,
    /// In the order of [`TABLES`].
    tables: [Table; 11],
}

impl std::fmt::Debug for TableBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key, nor the rows.
        f.debug_struct("TableBuilder")
            .field("identifying", &self.ids.identifying())
            .field(
                "rows",
                &self.tables.iter().map(|t| t.rows.len()).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl TableBuilder {
    /// An empty set of tables under `disclosure`.
    pub fn new(disclosure: &Disclosure) -> Self {
        TableBuilder {
            ids: Ids::new(disclosure),
            tables: empty_tables(),
        }
    }

    /// The number of rows so far, over every table.
    pub fn rows(&self) -> usize {
        self.tables.iter().map(|t| t.rows.len()).sum()
    }

    /// Adds the rows of `other` after those of `self`, table by table.
    pub fn append(&mut self, mut other: TableBuilder) {
        for (t, o) in self.tables.iter_mut().zip(other.tables.iter_mut()) {
            if t.rows.is_empty() {
                std::mem::swap(&mut t.rows, &mut o.rows);
            } else {
                t.rows.append(&mut o.rows);
            }
        }
    }

    /// The tables, in the order of [`TABLES`].
    pub fn finish(self) -> Vec<Table> {
        self.tables.into()
    }

    /// Adds the rows of one case.
    pub fn add(&mut self, case: &Case) {
        let d = &mut self.ids;
        d.memo.clear();
        let [
            t_cases,
            t_phases,
            t_network,
            t_attendance,
            t_frameworks,
            t_items,
            t_reviews,
            t_evaluations,
            t_acceptance,
            t_outcomes,
            t_satisfaction,
        ] = &mut self.tables;
        let cid = d.case(case.id);
        let cell = || Value::Text(cid.clone());
        let count = |how| {
            case.network
                .values()
                .filter(|m| m.identified == how)
                .count()
        };
        let first_conf = case.conferences.first();
        let first_started = first_conf
            .and_then(|c| c.parts.first())
            .map(|p| p.started_at);
        let referral = match case.referral {
            Referral::Professional { .. } => "professional",
            Referral::Family => "family",
            Referral::Municipality { .. } => "municipality",
        };
        t_cases.push(vec![
            cell(),
            case.variant.code().into(),
            case.legal_basis.code().into(),
            referral.into(),
            case.requested_at.into(),
            case.phase.code().into(),
            case.main_persons.len().into(),
            case.network.len().into(),
            count(Identified::AtIntake).into(),
            count(Identified::WideningCircle).into(),
            count(Identified::AtConference).into(),
            case.network.values().filter(|m| m.minor).count().into(),
            case.professionals.len().into(),
            case.frameworks.len().into(),
            case.conferences
                .iter()
                .filter(|c| !c.parts.is_empty())
                .count()
                .into(),
            case.plans.len().into(),
            case.evaluations
                .values()
                .filter(|e| e.held.is_some())
                .count()
                .into(),
            case.signals.len().into(),
            first_started.map(|t| t.date_naive()).into(),
            first_started.map_or(Value::Null, |t| days(case.requested_at, t)),
            d.free_text(Some(&case.description)),
        ]);
        for p in &case.phases {
            t_phases.push(vec![
                cell(),
                p.phase.code().into(),
                p.at.into(),
                days(case.requested_at, p.at),
            ]);
        }
        for m in case.network.values() {
            if m.relations.is_empty() {
                continue;
            }
            let person = d.person(m.person.id);
            let name = if d.identifying() {
                Value::from(m.person.name.as_str())
            } else {
                Value::Null
            };
            let identified_at = time_text(m.identified_at);
            for r in &m.relations {
                t_network.push(vec![
                    cell(),
                    person.clone(),
                    name.clone(),
                    r.kind.code().into(),
                    d.person(r.to),
                    m.side.code().into(),
                    m.minor.into(),
                    m.person.birth_date.map(|b| b.year() as i64).into(),
                    m.identified.code().into(),
                    Value::Text(identified_at.clone()),
                    days(case.requested_at, m.identified_at),
                    m.invitation.code().into(),
                    m.participation.as_ref().map(participation_code).into(),
                ]);
            }
        }
        for c in &case.conferences {
            for p in &c.parts {
                if p.present.is_empty() {
                    continue;
                }
                let started_at = time_text(p.started_at);
                let ended_at = p.ended_at.map(time_text);
                for person in &p.present {
                    t_attendance.push(vec![
                        cell(),
                        c.number.into(),
                        p.part.code().into(),
                        Value::Text(started_at.clone()),
                        ended_at.clone().map_or(Value::Null, Value::Text),
                        d.person(*person),
                        role_of(case, *person).into(),
                    ]);
                }
            }
        }
        let prof_role = |p: PersonId| case.professionals.get(&p).map(|p| p.role.code());
        for f in case.frameworks.values() {
            t_frameworks.push(vec![
                cell(),
                d.other(f.id),
                prof_role(f.professional).into(),
                f.concerns.len().into(),
                f.conditions.len().into(),
                f.questions.len().into(),
                f.criteria.len().into(),
            ]);
        }
        for plan in &case.plans {
            for a in &plan.content.agreements {
                t_items.push(vec![
                    cell(),
                    plan.version.into(),
                    d.other(a.id),
                    "agreement".into(),
                    a.carried_by.len().into(),
                    a.supporters.len().into(),
                    a.answers.len().into(),
                    a.start.into(),
                    a.due.into(),
                    d.free_text(Some(&a.what)),
                ]);
            }
            for h in &plan.content.requested_help {
                t_items.push(vec![
                    cell(),
                    plan.version.into(),
                    d.other(h.id),
                    "requested_help".into(),
                    0usize.into(),
                    0usize.into(),
                    h.answers.len().into(),
                    Value::Null,
                    Value::Null,
                    d.free_text(Some(&h.what)),
                ]);
            }
            for a in &plan.assessments {
                let not_met = a
                    .verdicts
                    .values()
                    .filter(|v| !matches!(v, ConditionVerdict::Met))
                    .count();
                t_acceptance.push(vec![
                    cell(),
                    plan.version.into(),
                    d.other(a.framework),
                    prof_role(a.professional).into(),
                    a.verdicts.len().into(),
                    not_met.into(),
                    a.accepted.into(),
                    a.at.into(),
                ]);
            }
        }
        for e in case.evaluations.values() {
            let h = e.held.as_ref();
            let evaluation = d.other(e.id);
            t_evaluations.push(vec![
                cell(),
                evaluation.clone(),
                e.planned_on.into(),
                e.planned_in.into(),
                h.map(|h| h.held_on).into(),
                h.map(|h| h.present.len()).into(),
                h.map(|h| role_of(case, h.convened_by)).into(),
                h.map(|h| h.next_step.code()).into(),
            ]);
            if let Some(h) = h {
                let held_on = date_text(h.held_on);
                for r in &h.reviews {
                    t_reviews.push(vec![
                        cell(),
                        evaluation.clone(),
                        Value::Text(held_on.clone()),
                        h.plan_version.into(),
                        d.other(r.agreement),
                        r.status.code().into(),
                    ]);
                }
            }
        }
        match &case.ending {
            Some(Ending::Closed { outcome, note, at }) => t_outcomes.push(vec![
                cell(),
                "closed".into(),
                outcome.code().into(),
                (*at).into(),
                days(case.requested_at, *at),
                d.free_text(note.as_deref()),
            ]),
            Some(Ending::Withdrawn { reason, at }) => t_outcomes.push(vec![
                cell(),
                "withdrawn".into(),
                Value::Null,
                (*at).into(),
                days(case.requested_at, *at),
                d.free_text(Some(reason)),
            ]),
            None => {}
        }
        for s in &case.satisfaction {
            t_satisfaction.push(vec![
                cell(),
                s.group.code().into(),
                (s.score as i64).into(),
                s.at.into(),
            ]);
        }
    }
}

fn empty_tables() -> [Table; 11] {
    [
        Table::new(
            "cases",
            &[
                ("case", T),
                ("variant", T),
                ("legal_basis", T),
                ("referral", T),
                ("requested_at", Tm),
                ("phase", T),
                ("main_persons", I),
                ("network_size", I),
                ("network_at_intake", I),
                ("network_widened", I),
                ("network_at_conference", I),
                ("minors_in_network", I),
                ("professionals", I),
                ("frameworks", I),
                ("conferences", I),
                ("plan_versions", I),
                ("evaluations_held", I),
                ("signals", I),
                ("first_conference_on", D),
                ("days_to_first_conference", I),
                ("description", T),
            ],
        ),
        Table::new(
            "phases",
            &[
                ("case", T),
                ("phase", T),
                ("at", Tm),
                ("days_since_request", I),
            ],
        ),
        Table::new(
            "network",
            &[
                ("case", T),
                ("person", T),
                ("name", T),
                ("relation", T),
                ("to_main_person", T),
                ("side", T),
                ("minor", B),
                ("birth_year", I),
                ("identified", T),
                ("identified_at", Tm),
                ("days_since_request", I),
                ("invitation", T),
                ("participation", T),
            ],
        ),
        Table::new(
            "attendance",
            &[
                ("case", T),
                ("conference", I),
                ("part", T),
                ("started_at", Tm),
                ("ended_at", Tm),
                ("person", T),
                ("role", T),
            ],
        ),
        Table::new(
            "frameworks",
            &[
                ("case", T),
                ("framework", T),
                ("professional_role", T),
                ("concerns", I),
                ("conditions", I),
                ("questions", I),
                ("criteria", I),
            ],
        ),
        Table::new(
            "plan_items",
            &[
                ("case", T),
                ("plan_version", I),
                ("item", T),
                ("kind", T),
                ("carriers", I),
                ("supporters", I),
                ("answers", I),
                ("start", D),
                ("due", D),
                ("what", T),
            ],
        ),
        Table::new(
            "agreement_reviews",
            &[
                ("case", T),
                ("evaluation", T),
                ("held_on", D),
                ("plan_version", I),
                ("agreement", T),
                ("status", T),
            ],
        ),
        Table::new(
            "evaluations",
            &[
                ("case", T),
                ("evaluation", T),
                ("planned_on", D),
                ("planned_in", I),
                ("held_on", D),
                ("present", I),
                ("convened_by_role", T),
                ("next_step", T),
            ],
        ),
        Table::new(
            "acceptance",
            &[
                ("case", T),
                ("plan_version", I),
                ("framework", T),
                ("professional_role", T),
                ("conditions", I),
                ("not_met", I),
                ("accepted", B),
                ("at", Tm),
            ],
        ),
        Table::new(
            "outcomes",
            &[
                ("case", T),
                ("ending", T),
                ("outcome", T),
                ("at", Tm),
                ("days_since_request", I),
                ("reason", T),
            ],
        ),
        Table::new(
            "satisfaction",
            &[("case", T), ("group", T), ("score", I), ("at", Tm)],
        ),
    ]
}

fn participation_code(p: &Participation) -> &'static str {
    match p {
        Participation::InPerson => "in_person",
        Participation::Remote => "remote",
        Participation::WrittenContribution => "written_contribution",
        Participation::Represented { .. } => "represented",
        Participation::NotAttendingForSafety { .. } => "not_attending_for_safety",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story() -> Case {
        example::full_story().0.case.unwrap()
    }

    #[test]
    fn pseudonymised_tables_hold_no_names_ids_or_free_text() {
        let case = story();
        let d = Disclosure::pseudonymised(*b"a research key of 32 bytes long!").unwrap();
        let tables = tables([&case], &d);
        assert_eq!(
            tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            TABLES
        );
        let dump = serde_json::to_string(&tables).unwrap();
        let mut secrets: Vec<String> = case.people().iter().map(|p| p.to_string()).collect();
        secrets.push(case.id.to_string());
        for p in case.people() {
            secrets.push(case.person(p).unwrap().name.clone());
        }
        secrets.push(case.description.clone());
        secrets.push("2010-05-14".into()); // the youth's birth date
        for s in &secrets {
            assert!(!dump.contains(s.as_str()), "export leaks {s}");
        }
        for t in &tables {
            for row in &t.rows {
                assert_eq!(row.len(), t.columns.len(), "{}", t.name);
            }
        }
    }

    #[test]
    fn the_same_key_joins_and_another_key_does_not() {
        let case = story();
        let k1 = Disclosure::pseudonymised(*b"research key 1 r").unwrap();
        let k2 = Disclosure::pseudonymised(*b"research key 2 r").unwrap();
        let a = tables([&case], &k1);
        let b = tables([&case], &k1);
        let c = tables([&case], &k2);
        assert_eq!(a, b);
        assert_ne!(a[0].rows[0][0], c[0].rows[0][0]);
        // Within one export the case pseudonym is the same in every table.
        let id = &a[0].rows[0][0];
        assert!(
            a.iter()
                .filter(|t| !t.rows.is_empty())
                .all(|t| &t.rows[0][0] == id)
        );
    }

    #[test]
    fn times_and_dates_are_written_as_chrono_writes_them() {
        use chrono::TimeZone;
        let mut times: Vec<DateTime<Utc>> = vec![
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
            DateTime::from_timestamp(0, 0).unwrap(),
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(-1, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2024, 2, 29, 12, 30, 5).unwrap(),
            // Sub-second parts are cut, and a leap second keeps its 60.
            DateTime::from_timestamp(1_700_000_000, 999_999_999).unwrap(),
            DateTime::from_timestamp(1_483_228_799, 1_500_000_000).unwrap(),
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Seconds across years -3000 to 12000.
            let secs = (x % 475_000_000_000) as i64 - 157_000_000_000;
            times.push(DateTime::from_timestamp(secs, (x >> 40) as u32 % 1_000_000_000).unwrap());
        }
        for t in times {
            assert_eq!(
                time_text(t),
                t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "{t:?}"
            );
            let d = t.date_naive();
            assert_eq!(date_text(d), d.to_string(), "{d:?}");
        }
    }

    #[test]
    fn builders_joined_in_order_give_the_same_tables() {
        let (story, _) = example::full_story();
        let mut cases = vec![story.case.unwrap()];
        for g in crate::workload::cases(7, 12) {
            let mut state = None;
            for s in &g.steps {
                execute(&mut state, g.id, s.actor, s.at, s.command.clone()).unwrap();
            }
            cases.push(state.unwrap());
        }
        for d in [
            Disclosure::pseudonymised(*b"research key 3 resea").unwrap(),
            Disclosure::Identifying,
        ] {
            let whole = tables(&cases, &d);
            for split in [0, 1, 5, cases.len()] {
                let mut a = TableBuilder::new(&d);
                let mut b = TableBuilder::new(&d);
                cases[..split].iter().for_each(|c| a.add(c));
                cases[split..].iter().for_each(|c| b.add(c));
                assert_eq!(
                    a.rows() + b.rows(),
                    whole.iter().map(|t| t.rows.len()).sum::<usize>()
                );
                a.append(b);
                assert_eq!(a.finish(), whole);
            }
        }
    }

    #[test]
    fn short_keys_are_refused() {
        assert_eq!(
            Disclosure::pseudonymised(*b"research").unwrap_err().code(),
            "invalid_input"
        );
    }

    #[test]
    fn weak_keys_are_refused() {
        for weak in [
            vec![0u8; 16],
            vec![0xAA; 64],
            b"abababababababab".to_vec(),
            b"abcdefgabcdefgab".to_vec(),
        ] {
            let err = Disclosure::pseudonymised(weak).unwrap_err();
            assert_eq!(err.code(), "invalid_input");
            assert!(err.to_string().contains("weak key"), "{err}");
        }
        assert!(Disclosure::pseudonymised(*b"abcdefghabcdefgh").is_ok());
    }

    #[test]
    fn identifying_export_is_explicit_and_complete() {
        let case = story();
        let t = tables([&case], &Disclosure::Identifying);
        let network = &t[2];
        let names = network.column("name").unwrap();
        assert!(
            network
                .rows
                .iter()
                .any(|r| r[names] == Value::Text("Petra Smit".into()))
        );
        let cases = &t[0];
        assert_eq!(cases.rows[0][0], Value::Text(case.id.to_string()));
        // Growth of the circle: one named at intake, three found while widening it.
        assert_eq!(
            cases.rows[0][cases.column("network_at_intake").unwrap()],
            Value::Int(1)
        );
        assert_eq!(
            cases.rows[0][cases.column("network_widened").unwrap()],
            Value::Int(3)
        );
        let reviews = &t[6];
        assert_eq!(reviews.rows.len(), 6);
    }
}
