//! One pass over the cases: each case in the period is counted into the tally of its group.
//! Everything is a whole-number sum or a histogram of whole numbers, so tallies of runs of
//! cases made apart (on other threads) add up to the tally of all of them, in any order.
//! The definitions are in `docs/research.md`; each section below names its measure.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use kring_domain::*;

use super::{GroupBy, MeasureQuery};
use crate::disclosure::Disclosure;

pub(super) const PHASES: usize = Phase::ALL.len();
pub(super) const OUTCOMES: usize = Outcome::ALL.len();
pub(super) const WAYS: usize = Identified::ALL.len();
pub(super) const PARTS: usize = ConferencePart::ALL.len();
pub(super) const STATUSES: usize = AgreementStatus::ALL.len();
pub(super) const GROUPS: usize = ParticipantGroup::ALL.len();

/// The three-month evaluation is the first held this many days after the first
/// conference's date, or later…
pub(super) const THREE_MONTHS_FROM: i64 = 60;
/// …and no later than this many days after it.
pub(super) const THREE_MONTHS_TO: i64 = 120;

/// Values below this are counted in a dense array; larger ones (a wait of over eleven years)
/// in a map.
const DENSE: u64 = 4096;

/// The index of `value` in `all` (one of the `ALL` lists of the domain's codes).
pub(super) fn at<T: Copy + PartialEq>(all: &[T], value: T) -> usize {
    all.iter()
        .position(|v| *v == value)
        .expect("every value is in its ALL")
}

/// Whole days from `from` to `to`: full 24-hour periods, as the `days` columns of the
/// research tables count them; never negative.
fn days(from: DateTime<Utc>, to: DateTime<Utc>) -> u64 {
    (to - from).num_days().max(0) as u64
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
    fn add(&mut self, case: &Case, identifying: bool) {
        self.requests += 1;
        self.ending(case, identifying);
        // Timing: the first coordinator assignment still on record. A coordinator the family
        // declined leaves the case with nothing kept, so it cannot be counted.
        let assigned = case
            .former_coordinators
            .iter()
            .map(|f| f.assignment.assigned_at)
            .chain(case.coordinator.as_ref().map(|c| c.assigned_at))
            .min();
        if let Some(at) = assigned {
            self.days_to_coordinator.add(days(case.requested_at, at));
        }
        // The plan: the first accepted version.
        let plans = Plans::of(case);
        if let Some(plan) = plans.first_accepted {
            let agreements = plan.content.agreements.len() as u64;
            let help = plan.content.requested_help.len() as u64;
            self.plans += 1;
            self.agreements += agreements;
            self.help += help;
            self.items.add(agreements + help);
        }
        // Satisfaction: every score as recorded; a case counts once per group it has a score of.
        let mut scored = [false; GROUPS];
        for s in &case.satisfaction {
            let g = at(ParticipantGroup::ALL, s.group);
            let t = &mut self.satisfaction[g];
            t.scores += 1;
            t.sum += u64::from(s.score);
            if !scored[g] {
                scored[g] = true;
                t.cases += 1;
            }
        }
        // A conference held: one that started (a scheduled one may still be replaced).
        if let Some(first) = case.conferences.first().filter(|c| !c.parts.is_empty()) {
            self.held += 1;
            self.conference(case, first, &plans);
        }
    }

    /// Uptake: how the case ended, if it did.
    fn ending(&mut self, case: &Case, identifying: bool) {
        match &case.ending {
            Some(Ending::Withdrawn { reason, .. }) => {
                self.withdrawn += 1;
                // The phase the case was withdrawn from: the one before `withdrawn`.
                let from = case
                    .phases
                    .iter()
                    .rev()
                    .map(|p| p.phase)
                    .find(|p| *p != Phase::Withdrawn)
                    .unwrap_or(Phase::Requested);
                self.withdrawn_in[at(Phase::ALL, from)] += 1;
                // Free text: only ever counted for an identifying disclosure.
                if identifying {
                    let reason = reason.trim();
                    match self.reasons.get_mut(reason) {
                        Some(c) => *c += 1,
                        None => {
                            self.reasons.insert(reason.to_string(), 1);
                        }
                    }
                }
            }
            Some(Ending::Closed { outcome, .. }) => {
                self.closed += 1;
                self.outcomes[at(Outcome::ALL, *outcome)] += 1;
            }
            None => {}
        }
    }

    /// Everything measured from the first conference held, and what followed it.
    fn conference(&mut self, case: &Case, first: &Conference, plans: &Plans) {
        self.days_to_conference
            .add(days(case.requested_at, first.parts[0].started_at));
        // The circle at the first conference: the main persons, and the members identified
        // by its end (later members came for a follow-up).
        let end = first.ended_at.unwrap_or(DateTime::<Utc>::MAX_UTC);
        let mut ways = [0u64; WAYS];
        for m in case.network.values().filter(|m| m.identified_at <= end) {
            ways[at(Identified::ALL, m.identified)] += 1;
        }
        let network: u64 = ways.iter().sum();
        let main = case.main_persons.len() as u64;
        self.network.add(network);
        self.main.add(main);
        self.circle.add(network + main);
        for (a, b) in self.identified.iter_mut().zip(ways) {
            *a += b;
        }
        if ways[at(Identified::ALL, Identified::WideningCircle)] > 0 {
            self.widened += 1;
        }
        self.attendance(case, first, network + main);
        // Acceptance: a plan decided at the first conference and accepted; private time
        // more than once means the circle went back to it after a version was not accepted.
        let here = DecidedAt::Conference {
            number: first.number,
        };
        if plans.first_accepted.is_some_and(|p| p.decided_at == here) {
            self.accepted += 1;
            let private = first
                .parts
                .iter()
                .filter(|p| p.part == ConferencePart::PrivateTime)
                .count();
            if private > 1 {
                self.after_private_time += 1;
            } else {
                self.first_time += 1;
            }
        }
        self.kept(case, first.date);
        // Follow-up.
        let later = case
            .conferences
            .iter()
            .skip(1)
            .filter(|c| !c.parts.is_empty())
            .count() as u64;
        self.follow_up_conferences += later;
        self.follow_up_cases += u64::from(later > 0);
        self.evaluated += u64::from(case.evaluations.values().any(|e| e.held.is_some()));
        self.revised += u64::from(plans.accepted > 1);
        self.met_again += u64::from(case.meetings.iter().any(|m| {
            matches!(
                m.kind,
                MeetingKind::CircleMeeting | MeetingKind::ProfessionalsWithCircle
            ) && m.on >= first.date
        }));
    }

    /// Attendance per part of the first conference: the people present at any occurrence of
    /// the part (private time and the presentation recur when a plan is not accepted), each
    /// once. A part with no attendance recorded is not counted.
    fn attendance(&mut self, case: &Case, first: &Conference, circle_size: u64) {
        let mut persons = [0u64; PARTS];
        let mut circle = [0u64; PARTS];
        let mut recorded = [false; PARTS];
        for (i, p) in first.parts.iter().enumerate() {
            if p.present.is_empty() {
                continue;
            }
            let k = at(ConferencePart::ALL, p.part);
            let again = recorded[k];
            recorded[k] = true;
            for person in &p.present {
                // Someone present at an earlier occurrence of the same part counts once.
                if again
                    && first.parts[..i]
                        .iter()
                        .any(|q| q.part == p.part && q.present.contains(person))
                {
                    continue;
                }
                persons[k] += 1;
                // Most people present are network members: that lookup first.
                circle[k] +=
                    u64::from(case.network.contains_key(person) || case.is_main_person(*person));
            }
        }
        for k in 0..PARTS {
            if recorded[k] {
                let t = &mut self.parts[k];
                t.conferences += 1;
                t.persons.add(persons[k]);
                t.circle.add(circle[k]);
                t.circle_size += circle_size;
            }
        }
    }

    /// Agreements kept: the reviews of the first evaluation held, and of the three-month
    /// evaluation (the first held 60 to 120 days after the first conference's date). Ties
    /// on the day go to the smaller evaluation id.
    fn kept(&mut self, case: &Case, conference_day: NaiveDate) {
        let mut first: Option<(NaiveDate, &HeldEvaluation)> = None;
        let mut three: Option<(NaiveDate, &HeldEvaluation)> = None;
        // In id order, so a strict `<` keeps the smaller id on a tie.
        for h in case.evaluations.values().filter_map(|e| e.held.as_ref()) {
            let day = h.held_on;
            if first.is_none_or(|(d, _)| day < d) {
                first = Some((day, h));
            }
            let after = (day - conference_day).num_days();
            if (THREE_MONTHS_FROM..=THREE_MONTHS_TO).contains(&after)
                && three.is_none_or(|(d, _)| day < d)
            {
                three = Some((day, h));
            }
        }
        for (slot, held) in [first, three].into_iter().enumerate() {
            if let Some((_, h)) = held {
                let t = &mut self.kept[slot];
                t.cases += 1;
                for r in &h.reviews {
                    t.statuses[at(AgreementStatus::ALL, r.status)] += 1;
                }
            }
        }
    }
}

/// The accepted plan versions of a case, read in one pass over its plans.
struct Plans<'a> {
    /// The first accepted version: the plan of the first conference, when it has one (no
    /// version exists before it, and follow-up needs an accepted plan).
    first_accepted: Option<&'a PlanVersion>,
    accepted: usize,
}

impl<'a> Plans<'a> {
    fn of(case: &'a Case) -> Self {
        let mut plans = Plans {
            first_accepted: None,
            accepted: 0,
        };
        for p in case
            .plans
            .iter()
            .filter(|p| p.status == PlanStatus::Accepted)
        {
            plans.first_accepted.get_or_insert(p);
            plans.accepted += 1;
        }
        plans
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
    pub(super) fn add(&mut self, case: &Case) {
        if !self.query.includes(case.requested_at.date_naive()) {
            return;
        }
        let key = match self.query.group_by {
            GroupBy::None => Key::All,
            GroupBy::Variant => Key::Variant(case.variant),
            GroupBy::LegalBasis => Key::LegalBasis(case.legal_basis),
            GroupBy::Organisation => Key::Organisation(match &case.referral {
                Referral::Professional { professional } => Some(professional.organisation),
                Referral::Municipality { organisation } => Some(*organisation),
                Referral::Family => None,
            }),
        };
        let g = self.group(key);
        let identifying = self.identifying;
        let group = &mut self.groups[g];
        group.tally.add(case, identifying);
        if let (true, Key::Organisation(Some(org))) = (identifying, key) {
            if let Some(o) = case.organisations.get(&org) {
                note_name(&mut group.name, case.requested_at, case.id, &o.name);
            }
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
