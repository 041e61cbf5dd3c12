//! The rows of one case, table by table.

use kring_domain::rows::{CaseRows, EndingRow};
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

    /// Widens `shape` to hold this builder's tables as well: the larger of the two, table by
    /// table and column by column.
    pub(crate) fn widen(&self, shape: &mut Vec<(usize, Vec<usize>)>) {
        let mine = self.shape();
        if shape.is_empty() {
            *shape = mine;
            return;
        }
        for ((rows, bytes), (my_rows, my_bytes)) in shape.iter_mut().zip(mine) {
            *rows = (*rows).max(my_rows);
            for (b, mine) in bytes.iter_mut().zip(my_bytes) {
                *b = (*b).max(mine);
            }
        }
    }

    /// Makes room for tables of `shape` (see [`TableBuilder::shape`]) and a quarter more:
    /// a column that outgrows its room is copied whole into one twice its size.
    pub(crate) fn reserve(&mut self, shape: &[(usize, Vec<usize>)]) {
        let more = |n: usize| n.saturating_add(n / 4);
        for (t, (rows, bytes)) in self.tables.iter_mut().zip(shape) {
            t.reserve(&(more(*rows), bytes.iter().map(|b| more(*b)).collect()));
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
        self.add_rows(&CaseRows::from(case));
    }

    /// Adds the rows of one case, from what the store keeps of it for the research tables
    /// ([`kring::Store::row_batches`]) or made from the case.
    pub fn add_rows(&mut self, case: &CaseRows<'_>) {
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
            let n = &case.counts;
            t_cases.push(&[
                cell,
                case.variant.code().into(),
                case.legal_basis.code().into(),
                case.referral.code().into(),
                Cell::Time(case.requested_at),
                case.phase.code().into(),
                n.main_persons.into(),
                n.network.into(),
                n.identified_at_intake.into(),
                n.identified_widening.into(),
                n.identified_at_conference.into(),
                n.minors.into(),
                n.professionals.into(),
                n.frameworks.into(),
                n.conferences_held.into(),
                n.plans.into(),
                n.evaluations_held.into(),
                n.signals.into(),
                case.first_conference.map(|m| Cell::Date(m.date())).into(),
                case.first_conference.map(|m| Cell::Int(m.days)).into(),
                d.free_text(Some(case.description)),
            ]);
        }
        if wanted.has(PHASES) {
            for p in &case.phases {
                t_phases.push(&[
                    cell,
                    p.phase.code().into(),
                    Cell::Time(p.at.at),
                    Cell::Int(p.at.days),
                ]);
            }
        }
        if wanted.has(NETWORK) {
            for m in &case.network {
                let person = d.person_at(m.person);
                let name = d.free_text(Some(m.name));
                for &(kind, to) in &m.relations {
                    let to = d.person_at(to);
                    t_network.push(&[
                        cell,
                        d.text(person).into(),
                        name,
                        kind.code().into(),
                        d.text(to).into(),
                        m.side.code().into(),
                        m.minor.into(),
                        m.birth_year.map(i64::from).into(),
                        m.identified.code().into(),
                        Cell::Time(m.identified_at.at),
                        Cell::Int(m.identified_at.days),
                        m.invitation.code().into(),
                        m.participation.map(|p| p.code()).into(),
                    ]);
                }
            }
        }
        if wanted.has(ATTENDANCE) {
            for p in &case.parts {
                for &(person, role) in &p.present {
                    let pseudonym = d.person_at(person);
                    t_attendance.push(&[
                        cell,
                        p.conference.into(),
                        p.part.code().into(),
                        Cell::Time(p.started_at),
                        p.ended_at.map(Cell::Time).into(),
                        d.text(pseudonym).into(),
                        role_code(role).into(),
                    ]);
                }
            }
        }
        if wanted.has(FRAMEWORKS) {
            for f in &case.frameworks {
                let framework = d.other_at(f.id);
                t_frameworks.push(&[
                    cell,
                    d.text(framework).into(),
                    f.role.map(|r| r.code()).into(),
                    f.concerns.into(),
                    f.conditions.into(),
                    f.questions.into(),
                    f.criteria.into(),
                ]);
            }
        }
        for plan in &case.plans {
            if wanted.has(PLAN_ITEMS) {
                for a in &plan.agreements {
                    let item = d.other_at(a.id);
                    t_items.push(&[
                        cell,
                        plan.version.into(),
                        d.text(item).into(),
                        "agreement".into(),
                        a.carried_by.into(),
                        a.supporters.into(),
                        a.answers.into(),
                        a.start.map(Cell::Date).into(),
                        a.due.map(Cell::Date).into(),
                        d.free_text(Some(a.what)),
                    ]);
                }
                for h in &plan.help {
                    let item = d.other_at(h.id);
                    t_items.push(&[
                        cell,
                        plan.version.into(),
                        d.text(item).into(),
                        "requested_help".into(),
                        0usize.into(),
                        0usize.into(),
                        h.answers.into(),
                        Cell::Null,
                        Cell::Null,
                        d.free_text(Some(h.what)),
                    ]);
                }
            }
            if wanted.has(ACCEPTANCE) {
                for a in &plan.assessments {
                    let framework = d.other_at(a.framework);
                    t_acceptance.push(&[
                        cell,
                        plan.version.into(),
                        d.text(framework).into(),
                        a.role.map(|r| r.code()).into(),
                        a.verdicts.into(),
                        a.not_met.into(),
                        a.accepted.into(),
                        Cell::Time(a.at),
                    ]);
                }
            }
        }
        let (evaluations, reviews) = (wanted.has(EVALUATIONS), wanted.has(AGREEMENT_REVIEWS));
        for e in &case.evaluations {
            if !evaluations && !reviews {
                break;
            }
            let h = e.held.as_ref();
            let evaluation = d.other_at(e.id);
            if evaluations {
                t_evaluations.push(&[
                    cell,
                    d.text(evaluation).into(),
                    Cell::Date(e.planned_on),
                    e.planned_in.into(),
                    h.map(|h| Cell::Date(h.held_on)).into(),
                    h.map(|h| h.present).into(),
                    h.map(|h| role_code(h.convened_by)).into(),
                    h.map(|h| h.next_step.code()).into(),
                ]);
            }
            if let Some(h) = h.filter(|_| reviews) {
                for &(agreement, status) in &h.reviews {
                    let agreement = d.other_at(agreement);
                    t_reviews.push(&[
                        cell,
                        d.text(evaluation).into(),
                        Cell::Date(h.held_on),
                        h.plan_version.into(),
                        d.text(agreement).into(),
                        status.code().into(),
                    ]);
                }
            }
        }
        if wanted.has(OUTCOMES) {
            match &case.ending {
                Some(EndingRow::Closed { outcome, note, at }) => t_outcomes.push(&[
                    cell,
                    "closed".into(),
                    outcome.code().into(),
                    Cell::Time(at.at),
                    Cell::Int(at.days),
                    d.free_text(*note),
                ]),
                Some(EndingRow::Withdrawn { reason, at }) => t_outcomes.push(&[
                    cell,
                    "withdrawn".into(),
                    Cell::Null,
                    Cell::Time(at.at),
                    Cell::Int(at.days),
                    d.free_text(Some(reason)),
                ]),
                None => {}
            }
        }
        if wanted.has(SATISFACTION) {
            for s in &case.satisfaction {
                t_satisfaction.push(&[
                    cell,
                    s.group.code().into(),
                    s.score.into(),
                    Cell::Time(s.at),
                ]);
            }
        }
    }
}

/// The code of a role in the case (a [`Role`] code), or `other`.
fn role_code(role: Option<Role>) -> &'static str {
    role.map_or("other", Role::code)
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

    #[test]
    fn a_shape_widens_to_the_largest_of_each_table_and_column() {
        let cases: Vec<Case> = kring_testkit::workload::cases(4, 12)
            .map(|g| g.state)
            .collect();
        let d = Disclosure::pseudonymised(*b"research key 3 research key 3 re").unwrap();
        let built = |cases: &[Case]| {
            let mut b = TableBuilder::new(&d);
            cases.iter().for_each(|c| b.add(c));
            b
        };
        let (small, large) = (built(&cases[..2]), built(&cases[2..]));
        let mut shape = Vec::new();
        small.widen(&mut shape);
        assert_eq!(shape, small.shape());
        large.widen(&mut shape);
        small.widen(&mut shape);
        let (s, l) = (small.shape(), large.shape());
        for (t, (rows, bytes)) in shape.iter().enumerate() {
            assert_eq!(*rows, s[t].0.max(l[t].0), "{}", crate::TABLES[t]);
            for (c, b) in bytes.iter().enumerate() {
                assert_eq!(
                    *b,
                    s[t].1[c].max(l[t].1[c]),
                    "{} column {c}",
                    crate::TABLES[t]
                );
            }
        }
        assert!(shape.iter().any(|(rows, _)| *rows > 0));
        // Room made first (for the larger shape, and none) changes no cell.
        for room in [shape.clone(), Vec::new()] {
            let mut b = TableBuilder::new(&d);
            b.reserve(&room);
            cases.iter().for_each(|c| b.add(c));
            assert_eq!(b.finish(), built(&cases).finish());
        }
    }
}
