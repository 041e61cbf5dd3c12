//! The rows of one case, table by table.

use chrono::{DateTime, Datelike, Utc};
use kring_domain::*;

use crate::disclosure::{Disclosure, Pseudonymiser};
use kring_domain::wire::{date_string, time_string};

use crate::table::{ColumnType, Table, Value, empty_tables};

/// Pseudonymised tables give every date and time as the Monday of its week (times at
/// midnight UTC): exact moments are quasi-identifiers (the day and hour of a conference
/// can single a family out). Durations stay exact, as the `days` columns, counted from the
/// request; those are computed from the exact times before this.
fn coarsen(table: &mut Table) {
    let columns: Vec<(usize, ColumnType)> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, (_, t))| matches!(t, ColumnType::Date | ColumnType::Time))
        .map(|(i, (_, t))| (i, *t))
        .collect();
    for row in &mut table.rows {
        for (i, kind) in &columns {
            if let Value::Text(text) = &mut row[*i] {
                *text = week_of(text, *kind);
            }
        }
    }
}

/// The Monday of the week of a date or time text, in the same form; `…` for a text that is
/// no date (none is made here, but nothing exact may pass).
fn week_of(text: &str, kind: ColumnType) -> String {
    let Some(day) = text
        .get(..10)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    else {
        return "…".into();
    };
    let monday = day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()));
    match kind {
        ColumnType::Time => format!("{monday}T00:00:00Z"),
        _ => monday.to_string(),
    }
}

fn days(from: DateTime<Utc>, to: DateTime<Utc>) -> Value {
    Value::Int((to - from).num_days())
}

/// The code of the role `person` holds in `case` (a [`Role`] code), or `other`.
fn role_of(case: &Case, person: PersonId) -> &'static str {
    let role = if case.is_main_person(person) {
        Role::MainPerson
    } else if case.network.contains_key(&person) {
        Role::NetworkMember
    } else if case.professionals.contains_key(&person) {
        Role::Professional
    } else if case.is_coordinator(person) {
        Role::Coordinator
    } else {
        return "other";
    };
    role.code()
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
/// use kring_research::{Disclosure, TableBuilder};
///
/// let case = kring_testkit::example::full_story().0.case.unwrap();
/// let d = Disclosure::pseudonymised(*b"research key 7 research key 7 re")?;
/// let (mut a, mut b) = (TableBuilder::new(&d), TableBuilder::new(&d));
/// a.add(&case);
/// b.add(&case);
/// a.append(b);
/// assert_eq!(a.finish(), kring_research::tables([&case, &case], &d));
/// # Ok::<(), kring_domain::Error>(())
/// ```
#[derive(Clone)]
pub struct TableBuilder {
    pseudonyms: Pseudonymiser,
    /// In the order of [`crate::TABLES`].
    tables: [Table; 11],
}

impl std::fmt::Debug for TableBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key, nor the rows.
        f.debug_struct("TableBuilder")
            .field("identifying", &self.pseudonyms.identifying())
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
            pseudonyms: Pseudonymiser::new(disclosure),
            tables: empty_tables(),
        }
    }

    /// The number of rows so far, over every table.
    pub fn rows(&self) -> usize {
        self.tables.iter().map(|t| t.rows.len()).sum()
    }

    /// Adds the rows of `other` after those of `self`, table by table.
    ///
    /// # Panics
    ///
    /// When `other` was made under another disclosure: its rows would carry other pseudonyms
    /// (or real ids in a pseudonymised export).
    pub fn append(&mut self, mut other: TableBuilder) {
        assert!(
            self.pseudonyms.same_disclosure(&other.pseudonyms),
            "tables made under different disclosures cannot be joined"
        );
        for (t, o) in self.tables.iter_mut().zip(other.tables.iter_mut()) {
            if t.rows.is_empty() {
                std::mem::swap(&mut t.rows, &mut o.rows);
            } else {
                t.rows.append(&mut o.rows);
            }
        }
    }

    /// The tables, in the order of [`crate::TABLES`].
    pub fn finish(self) -> Vec<Table> {
        let mut tables: Vec<Table> = self.tables.into();
        if !self.pseudonyms.identifying() {
            tables.iter_mut().for_each(coarsen);
        }
        tables
    }

    /// Adds the rows of one case.
    pub fn add(&mut self, case: &Case) {
        let d = &mut self.pseudonyms;
        d.start_case();
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
            let identified_at = time_string(&m.identified_at, false);
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
                let started_at = time_string(&p.started_at, false);
                let ended_at = p.ended_at.map(|t| time_string(&t, false));
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
                let held_on = date_string(h.held_on);
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

fn participation_code(p: &Participation) -> &'static str {
    match p {
        Participation::InPerson => "in_person",
        Participation::Remote => "remote",
        Participation::WrittenContribution => "written_contribution",
        Participation::Represented { .. } => "represented",
        Participation::NotAttendingForSafety { .. } => "not_attending_for_safety",
        Participation::NotAttending { .. } => "not_attending",
    }
}
