//! The rows of one case, table by table.

use chrono::{DateTime, Datelike, Utc};
use kring_domain::*;

use crate::arrow::ArrowTable;
use crate::columns::{Cell, TableColumns};
use crate::disclosure::{Disclosure, Pseudonymiser};
use crate::table::{TABLE_COUNT, Table, TableSet};

// Pseudonymised tables give every date and time as the Monday of its week (times at
// midnight UTC): exact moments are quasi-identifiers (the day and hour of a conference
// can single a family out). Durations stay exact, as the `days` columns, counted from the
// request; those are computed here from the exact times, and the columns coarsen the
// moments as they are written (`columns.rs`).

// The index of each table in [`crate::TABLES`].
const CASES: usize = 0;
const PHASES: usize = 1;
const NETWORK: usize = 2;
const ATTENDANCE: usize = 3;
const FRAMEWORKS: usize = 4;
const PLAN_ITEMS: usize = 5;
const AGREEMENT_REVIEWS: usize = 6;
const EVALUATIONS: usize = 7;
const ACCEPTANCE: usize = 8;
const OUTCOMES: usize = 9;
const SATISFACTION: usize = 10;

fn days(from: DateTime<Utc>, to: DateTime<Utc>) -> Cell<'static> {
    Cell::Int((to - from).num_days())
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
/// The rows are written once, into typed columns; [`TableBuilder::finish`] reads them out as
/// rows of [`crate::Value`]s, [`TableBuilder::finish_arrow`] hands the same columns to Arrow
/// without copying them.
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
    /// In the order of [`crate::TABLES`]; those not in `wanted` stay empty.
    tables: [TableColumns; TABLE_COUNT],
    wanted: TableSet,
}

impl std::fmt::Debug for TableBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key, nor the rows.
        f.debug_struct("TableBuilder")
            .field("identifying", &self.pseudonyms.identifying())
            .field(
                "rows",
                &self.tables.iter().map(|t| t.rows()).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl TableBuilder {
    /// An empty set of tables under `disclosure`.
    pub fn new(disclosure: &Disclosure) -> Self {
        Self::only(disclosure, TableSet::ALL)
    }

    /// An empty set of the tables in `wanted` under `disclosure`: the others are not built,
    /// and [`TableBuilder::finish`] and [`TableBuilder::finish_arrow`] leave them out.
    ///
    /// ```
    /// use kring_research::{Disclosure, TableBuilder, TableSet};
    ///
    /// let case = kring_testkit::example::full_story().0.case.unwrap();
    /// let d = Disclosure::pseudonymised(*b"research key 7 research key 7 re")?;
    /// let mut some = TableBuilder::only(&d, TableSet::of(["outcomes", "cases"])?);
    /// some.add(&case);
    /// let all = kring_research::tables([&case], &d);
    /// assert_eq!(some.finish(), vec![all[0].clone(), all[9].clone()]);
    /// # Ok::<(), kring_domain::Error>(())
    /// ```
    pub fn only(disclosure: &Disclosure, wanted: TableSet) -> Self {
        let pseudonyms = Pseudonymiser::new(disclosure);
        let coarsen = !pseudonyms.identifying();
        TableBuilder {
            pseudonyms,
            tables: TableColumns::all(coarsen),
            wanted,
        }
    }

    /// The number of rows so far, over every table.
    pub fn rows(&self) -> usize {
        self.tables.iter().map(TableColumns::rows).sum()
    }

    /// The size of each table so far: rows, and bytes per text column.
    pub(crate) fn shape(&self) -> Vec<(usize, Vec<usize>)> {
        self.tables.iter().map(TableColumns::shape).collect()
    }

    /// Makes room for tables of `shape` (see [`TableBuilder::shape`]).
    pub(crate) fn reserve(&mut self, shape: &[(usize, Vec<usize>)]) {
        for (t, s) in self.tables.iter_mut().zip(shape) {
            t.reserve(s);
        }
    }

    /// Adds the rows of `other` after those of `self`, table by table.
    ///
    /// # Panics
    ///
    /// When `other` was made under another disclosure: its rows would carry other pseudonyms
    /// (or real ids in a pseudonymised export); or for another choice of tables.
    pub fn append(&mut self, other: TableBuilder) {
        assert!(
            self.pseudonyms.same_disclosure(&other.pseudonyms),
            "tables made under different disclosures cannot be joined"
        );
        assert_eq!(
            self.wanted, other.wanted,
            "tables of different choices cannot be joined"
        );
        for (t, o) in self.tables.iter_mut().zip(other.tables) {
            t.append(o);
        }
    }

    /// The tables, in the order of [`crate::TABLES`] (those of its choice).
    pub fn finish(self) -> Vec<Table> {
        self.wanted_tables().map(TableColumns::into_table).collect()
    }

    /// The tables as Arrow record batches, in the order of [`crate::TABLES`]: the same
    /// cells as [`TableBuilder::finish`], typed (see [`crate::arrow_tables`]).
    pub fn finish_arrow(self) -> kring::Result<Vec<ArrowTable>> {
        self.wanted_tables().map(ArrowTable::from_columns).collect()
    }

    /// The tables of its choice, in the order of [`crate::TABLES`].
    fn wanted_tables(self) -> impl Iterator<Item = TableColumns> {
        let wanted = self.wanted;
        self.tables
            .into_iter()
            .enumerate()
            .filter(move |(i, _)| wanted.has(*i))
            .map(|(_, t)| t)
    }

    /// Adds the rows of one case.
    pub fn add(&mut self, case: &Case) {
        let wanted = self.wanted;
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
        let cell = Cell::Text(&cid);
        if wanted.has(CASES) {
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
            t_cases.push(&[
                cell,
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
                first_started.map_or(Cell::Null, |t| days(case.requested_at, t)),
                d.free_text(Some(&case.description)),
            ]);
        }
        if wanted.has(PHASES) {
            for p in &case.phases {
                t_phases.push(&[
                    cell,
                    p.phase.code().into(),
                    p.at.into(),
                    days(case.requested_at, p.at),
                ]);
            }
        }
        if wanted.has(NETWORK) {
            for m in case.network.values() {
                if m.relations.is_empty() {
                    continue;
                }
                let person = d.person_at(m.person.id);
                let name = d.free_text(Some(&m.person.name));
                for r in &m.relations {
                    let to = d.person_at(r.to);
                    t_network.push(&[
                        cell,
                        d.text(person).into(),
                        name,
                        r.kind.code().into(),
                        d.text(to).into(),
                        m.side.code().into(),
                        m.minor.into(),
                        m.person.birth_date.map(|b| i64::from(b.year())).into(),
                        m.identified.code().into(),
                        m.identified_at.into(),
                        days(case.requested_at, m.identified_at),
                        m.invitation.code().into(),
                        m.participation.as_ref().map(participation_code).into(),
                    ]);
                }
            }
        }
        if wanted.has(ATTENDANCE) {
            for c in &case.conferences {
                for p in &c.parts {
                    for person in &p.present {
                        let pseudonym = d.person_at(*person);
                        t_attendance.push(&[
                            cell,
                            c.number.into(),
                            p.part.code().into(),
                            p.started_at.into(),
                            p.ended_at.into(),
                            d.text(pseudonym).into(),
                            role_of(case, *person).into(),
                        ]);
                    }
                }
            }
        }
        let prof_role = |p: PersonId| case.professionals.get(&p).map(|p| p.role.code());
        if wanted.has(FRAMEWORKS) {
            for f in case.frameworks.values() {
                let framework = d.other_at(f.id);
                t_frameworks.push(&[
                    cell,
                    d.text(framework).into(),
                    prof_role(f.professional).into(),
                    f.concerns.len().into(),
                    f.conditions.len().into(),
                    f.questions.len().into(),
                    f.criteria.len().into(),
                ]);
            }
        }
        for plan in &case.plans {
            if wanted.has(PLAN_ITEMS) {
                for a in &plan.content.agreements {
                    let item = d.other_at(a.id);
                    t_items.push(&[
                        cell,
                        plan.version.into(),
                        d.text(item).into(),
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
                    let item = d.other_at(h.id);
                    t_items.push(&[
                        cell,
                        plan.version.into(),
                        d.text(item).into(),
                        "requested_help".into(),
                        0usize.into(),
                        0usize.into(),
                        h.answers.len().into(),
                        Cell::Null,
                        Cell::Null,
                        d.free_text(Some(&h.what)),
                    ]);
                }
            }
            if wanted.has(ACCEPTANCE) {
                for a in &plan.assessments {
                    let not_met = a
                        .verdicts
                        .values()
                        .filter(|v| !matches!(v, ConditionVerdict::Met))
                        .count();
                    let framework = d.other_at(a.framework);
                    t_acceptance.push(&[
                        cell,
                        plan.version.into(),
                        d.text(framework).into(),
                        prof_role(a.professional).into(),
                        a.verdicts.len().into(),
                        not_met.into(),
                        a.accepted.into(),
                        a.at.into(),
                    ]);
                }
            }
        }
        let (evaluations, reviews) = (wanted.has(EVALUATIONS), wanted.has(AGREEMENT_REVIEWS));
        for e in case.evaluations.values() {
            if !evaluations && !reviews {
                break;
            }
            let h = e.held.as_ref();
            let evaluation = d.other_at(e.id);
            if evaluations {
                t_evaluations.push(&[
                    cell,
                    d.text(evaluation).into(),
                    e.planned_on.into(),
                    e.planned_in.into(),
                    h.map(|h| h.held_on).into(),
                    h.map(|h| h.present.len()).into(),
                    h.map(|h| role_of(case, h.convened_by)).into(),
                    h.map(|h| h.next_step.code()).into(),
                ]);
            }
            if let Some(h) = h.filter(|_| reviews) {
                for r in &h.reviews {
                    let agreement = d.other_at(r.agreement);
                    t_reviews.push(&[
                        cell,
                        d.text(evaluation).into(),
                        h.held_on.into(),
                        h.plan_version.into(),
                        d.text(agreement).into(),
                        r.status.code().into(),
                    ]);
                }
            }
        }
        if wanted.has(OUTCOMES) {
            match &case.ending {
                Some(Ending::Closed { outcome, note, at }) => t_outcomes.push(&[
                    cell,
                    "closed".into(),
                    outcome.code().into(),
                    (*at).into(),
                    days(case.requested_at, *at),
                    d.free_text(note.as_deref()),
                ]),
                Some(Ending::Withdrawn { reason, at }) => t_outcomes.push(&[
                    cell,
                    "withdrawn".into(),
                    Cell::Null,
                    (*at).into(),
                    days(case.requested_at, *at),
                    d.free_text(Some(reason)),
                ]),
                None => {}
            }
        }
        if wanted.has(SATISFACTION) {
            for s in &case.satisfaction {
                t_satisfaction.push(&[cell, s.group.code().into(), s.score.into(), s.at.into()]);
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_numbers_are_the_tables_places() {
        let numbered = [
            (CASES, "cases"),
            (PHASES, "phases"),
            (NETWORK, "network"),
            (ATTENDANCE, "attendance"),
            (FRAMEWORKS, "frameworks"),
            (PLAN_ITEMS, "plan_items"),
            (AGREEMENT_REVIEWS, "agreement_reviews"),
            (EVALUATIONS, "evaluations"),
            (ACCEPTANCE, "acceptance"),
            (OUTCOMES, "outcomes"),
            (SATISFACTION, "satisfaction"),
        ];
        assert_eq!(numbered.len(), TABLE_COUNT);
        for (number, name) in numbered {
            assert_eq!(crate::TABLES[number], name);
        }
    }
}
