//! One pass over the cases: each case in the period is counted into the tally of its group.
//! Everything is a whole-number sum or a histogram of whole numbers, so tallies of runs of
//! cases made apart (on other threads) add up to the tally of all of them, in any order.
//! The definitions are in `docs/research.md`; each section below names its measure.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use kring_domain::figures::{Acceptance, CaseFigures, ConferenceFigures, EndingFigures};
use kring_domain::*;

use super::{GroupBy, MeasureQuery};
use crate::disclosure::Disclosure;

pub(super) const PHASES: usize = Phase::ALL.len();
pub(super) const OUTCOMES: usize = Outcome::ALL.len();
pub(super) const WAYS: usize = Identified::ALL.len();
pub(super) const PARTS: usize = ConferencePart::ALL.len();
pub(super) const STATUSES: usize = AgreementStatus::ALL.len();
pub(super) const GROUPS: usize = ParticipantGroup::ALL.len();

/// Values below this are counted in a dense array; larger ones (a wait of over eleven years)
/// in a map.
const DENSE: u64 = 4096;

/// The index of `value` in `all` (one of the `ALL` lists of the domain's codes).
pub(super) fn at<T: Copy + PartialEq>(all: &[T], value: T) -> usize {
    all.iter()
        .position(|v| *v == value)
        .expect("every value is in its ALL")
}

/// How often each value of a whole-number variable occurred, with their sum: percentiles
/// without sorting, and histograms add.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Hist {
    dense: Vec<u64>,
    sparse: BTreeMap<u64, u64>,
    n: u64,
    sum: u128,
}

impl Hist {
    pub(super) fn add(&mut self, value: u64) {
        self.n += 1;
        self.sum += u128::from(value);
        if value < DENSE {
            let i = value as usize;
            if i >= self.dense.len() {
                self.dense.resize(i + 1, 0);
            }
            self.dense[i] += 1;
        } else {
            *self.sparse.entry(value).or_default() += 1;
        }
    }

    fn merge(&mut self, other: &Hist) {
        self.n += other.n;
        self.sum += other.sum;
        if other.dense.len() > self.dense.len() {
            self.dense.resize(other.dense.len(), 0);
        }
        for (a, b) in self.dense.iter_mut().zip(&other.dense) {
            *a += b;
        }
        for (v, c) in &other.sparse {
            *self.sparse.entry(*v).or_default() += c;
        }
    }

    /// The number of values.
    pub(super) fn count(&self) -> u64 {
        self.n
    }

    /// The sum of the values (saturating: no count of people comes near it).
    pub(super) fn sum(&self) -> u64 {
        u64::try_from(self.sum).unwrap_or(u64::MAX)
    }

    /// The mean, when there are values.
    pub(super) fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum as f64 / self.n as f64)
    }

    /// The `p`-th percentile by nearest rank: the smallest value at or below which at least
    /// `p` % of the values lie, i.e. the value of rank ⌈p·n/100⌉ (at least 1) in ascending
    /// order. The median is `p = 50`: the lower middle value when `n` is even.
    pub(super) fn percentile(&self, p: u64) -> Option<u64> {
        if self.n == 0 {
            return None;
        }
        let rank = (u128::from(p) * u128::from(self.n)).div_ceil(100).max(1) as u64;
        let mut seen = 0;
        for (v, c) in self.dense.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return Some(v as u64);
            }
        }
        for (v, c) in &self.sparse {
            seen += c;
            if seen >= rank {
                return Some(*v);
            }
        }
        None
    }
}

/// Attendance of one conference part, over the first conferences of a group.
#[derive(Debug, Clone, Default)]
pub(super) struct PartTally {
    /// First conferences in which the part was held with attendance recorded.
    pub conferences: u64,
    /// People present in the part, per conference.
    pub persons: Hist,
    /// Members of the circle present, per conference.
    pub circle: Hist,
    /// The circle of those conferences, summed (the denominator of the share present).
    pub circle_size: u64,
}

/// Agreement reviews of one evaluation per case.
#[derive(Debug, Clone, Default)]
pub(super) struct KeptTally {
    /// Cases with such an evaluation.
    pub cases: u64,
    /// Reviews per [`AgreementStatus`], in the order of its `ALL`.
    pub statuses: [u64; STATUSES],
}

/// Satisfaction scores of one participant group.
#[derive(Debug, Clone, Default)]
pub(super) struct ScoreTally {
    pub scores: u64,
    pub cases: u64,
    pub sum: u64,
}

/// Everything counted for one group of cases.
#[derive(Debug, Clone, Default)]
pub(super) struct GroupTally {
    // Uptake.
    pub requests: u64,
    pub held: u64,
    pub withdrawn: u64,
    pub withdrawn_in: [u64; PHASES],
    pub reasons: BTreeMap<String, u64>,
    pub closed: u64,
    pub outcomes: [u64; OUTCOMES],
    // Timing.
    pub days_to_coordinator: Hist,
    pub days_to_conference: Hist,
    // The circle at the first conference.
    pub circle: Hist,
    pub network: Hist,
    pub main: Hist,
    pub identified: [u64; WAYS],
    pub widened: u64,
    // Attendance, per part of the first conference.
    pub parts: [PartTally; PARTS],
    // The first accepted plan version.
    pub plans: u64,
    pub agreements: u64,
    pub help: u64,
    pub items: Hist,
    // Acceptance at the first conference.
    pub accepted: u64,
    pub first_time: u64,
    pub after_private_time: u64,
    // Agreements kept: [first evaluation, three-month evaluation].
    pub kept: [KeptTally; 2],
    // Follow-up.
    pub follow_up_cases: u64,
    pub follow_up_conferences: u64,
    pub evaluated: u64,
    pub revised: u64,
    pub met_again: u64,
    // Satisfaction, per participant group.
    pub satisfaction: [ScoreTally; GROUPS],
}

impl GroupTally {
    fn merge(&mut self, o: &GroupTally) {
        fn add<const N: usize>(a: &mut [u64; N], b: &[u64; N]) {
            a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
        }
        self.requests += o.requests;
        self.held += o.held;
        self.withdrawn += o.withdrawn;
        add(&mut self.withdrawn_in, &o.withdrawn_in);
        for (r, c) in &o.reasons {
            *self.reasons.entry(r.clone()).or_default() += c;
        }
        self.closed += o.closed;
        add(&mut self.outcomes, &o.outcomes);
        self.days_to_coordinator.merge(&o.days_to_coordinator);
        self.days_to_conference.merge(&o.days_to_conference);
        self.circle.merge(&o.circle);
        self.network.merge(&o.network);
        self.main.merge(&o.main);
        add(&mut self.identified, &o.identified);
        self.widened += o.widened;
        for (a, b) in self.parts.iter_mut().zip(&o.parts) {
            a.conferences += b.conferences;
            a.persons.merge(&b.persons);
            a.circle.merge(&b.circle);
            a.circle_size += b.circle_size;
        }
        self.plans += o.plans;
        self.agreements += o.agreements;
        self.help += o.help;
        self.items.merge(&o.items);
        self.accepted += o.accepted;
        self.first_time += o.first_time;
        self.after_private_time += o.after_private_time;
        for (a, b) in self.kept.iter_mut().zip(&o.kept) {
            a.cases += b.cases;
            add(&mut a.statuses, &b.statuses);
        }
        self.follow_up_cases += o.follow_up_cases;
        self.follow_up_conferences += o.follow_up_conferences;
        self.evaluated += o.evaluated;
        self.revised += o.revised;
        self.met_again += o.met_again;
        for (a, b) in self.satisfaction.iter_mut().zip(&o.satisfaction) {
            a.scores += b.scores;
            a.cases += b.cases;
            a.sum += b.sum;
        }
    }

    /// Counts one case (already known to be in the period and in this group).
    fn add(&mut self, case: &CaseFigures, identifying: bool) {
        self.requests += 1;
        // Uptake: how the case ended, if it did.
        match &case.ending {
            Some(EndingFigures::Withdrawn { from, reason }) => {
                self.withdrawn += 1;
                self.withdrawn_in[at(Phase::ALL, *from)] += 1;
                // Free text: only ever counted for an identifying disclosure.
                if identifying {
                    match self.reasons.get_mut(reason.as_str()) {
                        Some(c) => *c += 1,
                        None => {
                            self.reasons.insert(reason.clone(), 1);
                        }
                    }
                }
            }
            Some(EndingFigures::Closed { outcome }) => {
                self.closed += 1;
                self.outcomes[at(Outcome::ALL, *outcome)] += 1;
            }
            None => {}
        }
        if let Some(days) = case.days_to_coordinator {
            self.days_to_coordinator.add(u64::from(days));
        }
        // The plan: the first accepted version.
        if let Some(plan) = case.plan {
            let (agreements, help) = (u64::from(plan.agreements), u64::from(plan.help));
            self.plans += 1;
            self.agreements += agreements;
            self.help += help;
            self.items.add(agreements + help);
        }
        // Satisfaction: every score as recorded; a case counts once per group it has a score of.
        for s in &case.satisfaction {
            let t = &mut self.satisfaction[at(ParticipantGroup::ALL, s.group)];
            t.scores += u64::from(s.scores);
            t.sum += u64::from(s.sum);
            t.cases += 1;
        }
        // A conference held: one that started (a scheduled one may still be replaced).
        if let Some(first) = &case.conference {
            self.held += 1;
            self.conference(first);
        }
    }

    /// Everything measured from the first conference held, and what followed it.
    fn conference(&mut self, first: &ConferenceFigures) {
        self.days_to_conference
            .add(u64::from(first.days_to_conference));
        // The circle at the first conference: the main persons, and the members identified
        // by its end.
        let network = first.network();
        let main = u64::from(first.main_persons);
        self.network.add(network);
        self.main.add(main);
        self.circle.add(network + main);
        for c in &first.identified {
            self.identified[at(Identified::ALL, c.of)] += u64::from(c.count);
        }
        if first
            .identified
            .iter()
            .any(|c| c.of == Identified::WideningCircle && c.count > 0)
        {
            self.widened += 1;
        }
        for p in &first.attendance {
            let t = &mut self.parts[at(ConferencePart::ALL, p.part)];
            t.conferences += 1;
            t.persons.add(u64::from(p.persons));
            t.circle.add(u64::from(p.circle));
            t.circle_size += network + main;
        }
        // Acceptance at the first conference.
        match first.accepted {
            Some(Acceptance::FirstTime) => {
                self.accepted += 1;
                self.first_time += 1;
            }
            Some(Acceptance::AfterPrivateTime) => {
                self.accepted += 1;
                self.after_private_time += 1;
            }
            None => {}
        }
        // Agreements kept: the first evaluation held, and the three-month evaluation.
        for (slot, reviews) in [&first.first_evaluation, &first.three_month_evaluation]
            .into_iter()
            .enumerate()
        {
            if let Some(reviews) = reviews {
                let t = &mut self.kept[slot];
                t.cases += 1;
                for r in reviews {
                    t.statuses[at(AgreementStatus::ALL, r.of)] += u64::from(r.count);
                }
            }
        }
        // Follow-up.
        let later = u64::from(first.later_conferences);
        self.follow_up_conferences += later;
        self.follow_up_cases += u64::from(later > 0);
        self.evaluated += u64::from(first.evaluated);
        self.revised += u64::from(first.revised);
        self.met_again += u64::from(first.met_again);
    }
}

/// What a group is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Key {
    All,
    Variant(Variant),
    LegalBasis(LegalBasis),
    /// The requesting organisation; `None` when the family asked themselves.
    Organisation(Option<OrganisationId>),
}

/// The name of an organisation as the most recently requested of its cases records it (so
/// the name does not depend on the order the cases come in). Identifying only.
#[derive(Debug, Clone)]
pub(super) struct Named {
    requested_at: DateTime<Utc>,
    case: CaseId,
    pub name: String,
}

/// One group: what it is, and its counts.
#[derive(Debug, Clone)]
pub(super) struct Group {
    pub key: Key,
    pub name: Option<Named>,
    pub tally: GroupTally,
}

/// The counts of every group so far.
#[derive(Debug, Clone)]
pub(super) struct Tally {
    query: MeasureQuery,
    identifying: bool,
    pub groups: Vec<Group>,
    /// Organisation grouping: the group of each requesting organisation.
    index: HashMap<Option<OrganisationId>, usize>,
}

impl Tally {
    pub(super) fn new(query: &MeasureQuery, disclosure: &Disclosure) -> Self {
        let keys: Vec<Key> = match query.group_by {
            GroupBy::None => vec![Key::All],
            GroupBy::Variant => Variant::ALL.iter().map(|v| Key::Variant(*v)).collect(),
            GroupBy::LegalBasis => LegalBasis::ALL
                .iter()
                .map(|b| Key::LegalBasis(*b))
                .collect(),
            GroupBy::Organisation => Vec::new(),
        };
        Tally {
            query: *query,
            identifying: matches!(disclosure, Disclosure::Identifying),
            groups: keys
                .into_iter()
                .map(|key| Group {
                    key,
                    name: None,
                    tally: GroupTally::default(),
                })
                .collect(),
            index: HashMap::new(),
        }
    }

    pub(super) fn query(&self) -> &MeasureQuery {
        &self.query
    }

    /// The group of a key, made if new.
    fn group(&mut self, key: Key) -> usize {
        match key {
            Key::All => 0,
            Key::Variant(v) => at(Variant::ALL, v),
            Key::LegalBasis(b) => at(LegalBasis::ALL, b),
            Key::Organisation(org) => *self.index.entry(org).or_insert_with(|| {
                self.groups.push(Group {
                    key,
                    name: None,
                    tally: GroupTally::default(),
                });
                self.groups.len() - 1
            }),
        }
    }

    /// Counts one case, if it was requested in the period.
    pub(super) fn add(&mut self, case: &CaseFigures) {
        if !self.query.includes(case.requested_at.date_naive()) {
            return;
        }
        let key = match self.query.group_by {
            GroupBy::None => Key::All,
            GroupBy::Variant => Key::Variant(case.variant),
            GroupBy::LegalBasis => Key::LegalBasis(case.legal_basis),
            GroupBy::Organisation => Key::Organisation(case.organisation),
        };
        let g = self.group(key);
        let identifying = self.identifying;
        let group = &mut self.groups[g];
        group.tally.add(case, identifying);
        if let (true, Key::Organisation(Some(_)), Some(name)) =
            (identifying, key, &case.organisation_name)
        {
            note_name(&mut group.name, case.requested_at, case.id, name);
        }
    }

    /// Adds the counts of `other` (made with the same query and disclosure).
    pub(super) fn merge(&mut self, other: Tally) {
        for g in other.groups {
            let i = self.group(g.key);
            let mine = &mut self.groups[i];
            mine.tally.merge(&g.tally);
            if let Some(n) = g.name {
                note_name(&mut mine.name, n.requested_at, n.case, &n.name);
            }
        }
    }
}

/// Keeps the name recorded in the most recently requested case (ties: the larger case id).
fn note_name(held: &mut Option<Named>, requested_at: DateTime<Utc>, case: CaseId, name: &str) {
    match held {
        Some(h) if (h.requested_at, h.case) >= (requested_at, case) => {}
        Some(h) => {
            h.requested_at = requested_at;
            h.case = case;
            // Reuses the held string's capacity: no allocation per case.
            h.name.clear();
            h.name.push_str(name);
        }
        None => {
            *held = Some(Named {
                requested_at,
                case,
                name: name.to_string(),
            })
        }
    }
}
