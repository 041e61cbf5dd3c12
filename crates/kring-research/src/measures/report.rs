//! The measures as they come out of a tally, and the small-cell rule that decides which
//! values a pseudonymised disclosure may show. Every value is an `Option`: `None` (`null`)
//! is a value withheld, or one that does not exist (a median of no cases).

use std::collections::BTreeMap;

use kring_domain::{AgreementStatus, ConferencePart, Identified, Outcome, ParticipantGroup, Phase};
use serde::{Deserialize, Serialize};

use super::tally::{GroupTally, Hist, KeptTally, Key, PartTally, Tally, at};
use super::{GroupBy, MIN_CELL, MeasureQuery};
use crate::disclosure::{Disclosure, Pseudonymiser};

/// The standard measures of a set of cases, one entry per group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measures {
    /// The period and the grouping asked for.
    pub query: MeasureQuery,
    /// Whether small cells were withheld and organisations pseudonymised.
    pub pseudonymised: bool,
    /// The fewest cases a shown value rests on: [`MIN_CELL`] when pseudonymised, else 0
    /// (nothing is withheld).
    pub min_cell: u64,
    /// The groups: `all`; every variant or legal basis in declaration order; or the
    /// requesting organisations in the order of their names (ids or pseudonyms), then
    /// `family`.
    pub groups: Vec<GroupMeasures>,
}

/// The measures of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupMeasures {
    /// `all`, a variant or legal-basis code, an organisation's id (identifying) or pseudonym
    /// (pseudonymised), or `family` for requests the family made themselves.
    pub group: String,
    /// The organisation's name, identifying only.
    pub label: Option<String>,
    /// The group has fewer than [`MIN_CELL`] cases and is pseudonymised: nothing of it is
    /// shown.
    pub suppressed: bool,
    /// How many values of this group were withheld as small cells.
    pub cells_suppressed: u64,
    /// Requests, conferences held, withdrawals and closures.
    pub uptake: Uptake,
    /// Days to the coordinator and to the first conference.
    pub timing: Timing,
    /// The circle at the first conference, and how it was widened.
    pub circle: Circle,
    /// Who was present in each part of the first conference.
    pub attendance: Attendance,
    /// Who carries the first accepted plan: the circle or professionals.
    pub plan_items: PlanItems,
    /// Plans accepted at the first conference, at once or after going back to private time.
    pub acceptance: PlanAcceptance,
    /// Agreements kept at the first evaluation and at three months.
    pub agreements_kept: AgreementsKept,
    /// Follow-up conferences, evaluations, revisions and meetings.
    pub follow_up: FollowUp,
    /// Satisfaction per participant group, by its code.
    pub satisfaction: BTreeMap<String, Score>,
}

/// Uptake: what became of the requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Uptake {
    /// Cases requested in the period.
    pub requests: Option<u64>,
    /// Of those, cases in which a conference was held (it started).
    pub conferences_held: Option<u64>,
    /// `conferences_held / requests`.
    pub conference_share: Option<f64>,
    /// Cases withdrawn.
    pub withdrawn: Option<u64>,
    /// `withdrawn / requests`.
    pub withdrawn_share: Option<f64>,
    /// Withdrawn cases by the phase they were withdrawn from (`requested`, `preparation`,
    /// `conference`).
    pub withdrawn_in_phase: BTreeMap<String, Option<u64>>,
    /// Withdrawn cases by the reason recorded (free text, trimmed): identifying only.
    pub withdrawal_reasons: Option<BTreeMap<String, u64>>,
    /// Cases closed.
    pub closed: Option<u64>,
    /// Closed cases by outcome code.
    pub closed_by_outcome: BTreeMap<String, Option<u64>>,
    /// Cases neither withdrawn nor closed.
    pub open: Option<u64>,
}

/// Days from the request, in whole days (full 24-hour periods).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timing {
    /// To the first coordinator assignment on record.
    pub days_to_coordinator: Quartiles,
    /// To the start of the first conference.
    pub days_to_conference: Quartiles,
}

/// A whole-number variable over cases: how many, the mean, and quartiles by nearest rank
/// (the value of rank ⌈p·n/100⌉ in ascending order; the median is the lower middle value
/// when the count is even).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quartiles {
    /// The number of cases (or conferences) measured.
    pub count: Option<u64>,
    /// The mean.
    pub mean: Option<f64>,
    /// The 25th percentile.
    pub p25: Option<u64>,
    /// The median (50th percentile).
    pub median: Option<u64>,
    /// The 75th percentile.
    pub p75: Option<u64>,
}

/// The circle at the first conference: main persons and the network members identified by
/// its end, over the cases with a conference held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Circle {
    /// Cases with a conference held.
    pub cases: Option<u64>,
    /// Main persons and network members, per case.
    pub circle_size: Quartiles,
    /// Network members, per case.
    pub network_members: Quartiles,
    /// Main persons, per case.
    pub main_persons: Quartiles,
    /// Network members named at intake, summed over the cases.
    pub identified_at_intake: Option<u64>,
    /// Network members the coordinator found while widening the circle, summed.
    pub identified_widening_circle: Option<u64>,
    /// Network members brought in at the conference itself, summed.
    pub identified_at_conference: Option<u64>,
    /// `identified_at_intake / (all network members)`.
    pub share_at_intake: Option<f64>,
    /// `identified_widening_circle / (all network members)`.
    pub share_widening_circle: Option<f64>,
    /// `identified_at_conference / (all network members)`.
    pub share_at_conference: Option<f64>,
    /// Cases in which the coordinator found at least one member.
    pub cases_widened: Option<u64>,
}

/// Attendance of each part of the first conference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    /// Part 1, *informatiedeel*.
    pub information: PartAttendance,
    /// Part 2, *besloten tijd*.
    pub private_time: PartAttendance,
    /// Part 3, *presentatie van het plan*.
    pub presentation: PartAttendance,
}

/// Attendance of one part: the people recorded present at any occurrence of the part, each
/// counted once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartAttendance {
    /// First conferences with attendance recorded for this part.
    pub conferences: Option<u64>,
    /// Everyone present (circle, professionals, coordinator, interpreters), per conference.
    pub persons_present: Quartiles,
    /// Members of the circle present, per conference.
    pub circle_present: Quartiles,
    /// Circle members present over the circle at those conferences, pooled.
    pub circle_share: Option<f64>,
}

/// The items of the first accepted plan version: agreements, carried by the circle (rule 6),
/// and help asked of professionals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanItems {
    /// Cases with an accepted plan.
    pub plans: Option<u64>,
    /// Agreements, summed over those plans.
    pub agreements: Option<u64>,
    /// Items of requested help, summed.
    pub requested_help: Option<u64>,
    /// `agreements / (agreements + requested_help)`, pooled.
    pub network_share: Option<f64>,
    /// Items (agreements and requested help) per plan.
    pub items_per_plan: Quartiles,
}

/// Plans accepted at the first conference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanAcceptance {
    /// Cases with a conference held.
    pub conferences_held: Option<u64>,
    /// Of those, cases with a plan decided at the first conference and accepted.
    pub accepted: Option<u64>,
    /// `accepted / conferences_held`.
    pub accepted_share: Option<f64>,
    /// Accepted without going back to private time.
    pub first_time: Option<u64>,
    /// Accepted after the circle went back to private time at least once.
    pub after_private_time: Option<u64>,
    /// `first_time / accepted`.
    pub first_time_share: Option<f64>,
}

/// Agreements kept, at two evaluations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementsKept {
    /// At each case's first evaluation held.
    pub first_evaluation: Kept,
    /// At the first evaluation held 60 to 120 days after the first conference's date.
    pub three_months: Kept,
}

/// The agreement reviews of one evaluation per case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kept {
    /// Cases with such an evaluation.
    pub cases: Option<u64>,
    /// Reviews per agreement status code.
    pub reviews: BTreeMap<String, Option<u64>>,
    /// Reviews `done` or `on_track`.
    pub kept: Option<u64>,
    /// Reviews `partly` or `not_kept`.
    pub not_kept: Option<u64>,
    /// `kept / (kept + not_kept)`; `stopped` and `not_yet_due` are left out.
    pub kept_share: Option<f64>,
}

/// What followed the first conference, over the cases with a conference held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// Cases with a conference held.
    pub conferences_held: Option<u64>,
    /// Cases with at least one follow-up conference held (*vervolgconferentie*).
    pub cases_with_follow_up_conference: Option<u64>,
    /// Follow-up conferences held, summed.
    pub follow_up_conferences: Option<u64>,
    /// `cases_with_follow_up_conference / conferences_held`.
    pub follow_up_share: Option<f64>,
    /// Cases with at least one evaluation held.
    pub cases_evaluated: Option<u64>,
    /// Cases with more than one accepted plan version (the plan was revised).
    pub cases_revised: Option<u64>,
    /// Cases in which the circle met again outside the evaluations (a circle meeting, or
    /// professionals with the circle) on or after the first conference's date.
    pub cases_met_again: Option<u64>,
}

/// The satisfaction scores of one participant group, as recorded (1 to 10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    /// Scores.
    pub scores: Option<u64>,
    /// Cases with at least one score of this group.
    pub cases: Option<u64>,
    /// The mean score.
    pub mean: Option<f64>,
}

/// The small-cell rule of one group: which values may be shown, and how many shown as `None`
/// were withheld.
struct Cells {
    pseudonymised: bool,
    withheld: u64,
}

impl Cells {
    fn enough(&self, n: u64) -> bool {
        !self.pseudonymised || n >= MIN_CELL
    }

    /// A count of `n` (cases, or people, items or reviews) from `cases` cases, as a value
    /// that is not itself shown (the numerator or denominator of a share): `None` when it,
    /// or the number of cases it comes from, is below [`MIN_CELL`].
    fn judge(&self, n: u64, cases: u64) -> Option<u64> {
        (self.enough(n) && self.enough(cases)).then_some(n)
    }

    /// A shown count of cases.
    fn cases(&mut self, n: u64) -> Option<u64> {
        self.units(n, n)
    }

    /// A shown count of people, items or reviews from `cases` cases.
    fn units(&mut self, n: u64, cases: u64) -> Option<u64> {
        let shown = self.judge(n, cases);
        self.withheld += u64::from(shown.is_none());
        shown
    }

    /// A share: shown only when its numerator and its denominator may be (a share and its
    /// denominator would give back a withheld numerator); none of a zero denominator.
    fn share(&mut self, numerator: Option<u64>, denominator: Option<u64>) -> Option<f64> {
        match (numerator, denominator) {
            (_, Some(0)) => None,
            (Some(n), Some(d)) => Some(n as f64 / d as f64),
            _ => {
                self.withheld += 1;
                None
            }
        }
    }

    /// A variable over cases: the count and every statistic withheld below [`MIN_CELL`].
    fn distribution(&mut self, h: &Hist) -> Quartiles {
        let n = h.count();
        if !self.enough(n) {
            // The count, and the four statistics when there are values at all.
            self.withheld += if n == 0 { 1 } else { 5 };
            return Quartiles {
                count: None,
                mean: None,
                p25: None,
                median: None,
                p75: None,
            };
        }
        Quartiles {
            count: Some(n),
            mean: h.mean(),
            p25: h.percentile(25),
            median: h.percentile(50),
            p75: h.percentile(75),
        }
    }

    /// A mean of `n` values, from `cases` cases.
    fn mean(&mut self, sum: u64, n: u64, cases: u64) -> Option<f64> {
        if n == 0 {
            None
        } else if self.enough(cases) {
            Some(sum as f64 / n as f64)
        } else {
            self.withheld += 1;
            None
        }
    }
}

/// The measures of a tally under `disclosure`.
pub(super) fn report(tally: Tally, disclosure: &Disclosure) -> Measures {
    let pseudonymised = matches!(disclosure, Disclosure::Pseudonymised(_));
    let query = *tally.query();
    let mut names = Pseudonymiser::new(disclosure);
    let mut groups: Vec<(bool, GroupMeasures)> = tally
        .groups
        .into_iter()
        .map(|g| {
            let (family, group) = match g.key {
                Key::All => (false, "all".to_string()),
                Key::Variant(v) => (false, v.code().to_string()),
                Key::LegalBasis(b) => (false, b.code().to_string()),
                Key::Organisation(None) => (true, "family".to_string()),
                Key::Organisation(Some(org)) => (false, names.other(org).to_string()),
            };
            let label = g.name.filter(|_| !pseudonymised).map(|n| n.name);
            (
                family,
                group_measures(group, label, &g.tally, pseudonymised),
            )
        })
        .collect();
    if query.group_by == GroupBy::Organisation {
        // By id or pseudonym (so no order of the real ids shows), then `family`.
        groups.sort_by(|(fa, a), (fb, b)| (fa, &a.group).cmp(&(fb, &b.group)));
    }
    Measures {
        query,
        pseudonymised,
        min_cell: if pseudonymised { MIN_CELL } else { 0 },
        groups: groups.into_iter().map(|(_, g)| g).collect(),
    }
}

fn group_measures(
    group: String,
    label: Option<String>,
    t: &GroupTally,
    pseudonymised: bool,
) -> GroupMeasures {
    use ConferencePart::{Information, Presentation, PrivateTime};
    const PARTS: &[ConferencePart] = ConferencePart::ALL;
    let mut c = Cells {
        pseudonymised,
        withheld: 0,
    };
    GroupMeasures {
        group,
        label,
        suppressed: pseudonymised && t.requests < MIN_CELL,
        uptake: uptake(&mut c, t, pseudonymised),
        timing: Timing {
            days_to_coordinator: c.distribution(&t.days_to_coordinator),
            days_to_conference: c.distribution(&t.days_to_conference),
        },
        circle: circle(&mut c, t),
        attendance: Attendance {
            information: part(&mut c, &t.parts[at(PARTS, Information)]),
            private_time: part(&mut c, &t.parts[at(PARTS, PrivateTime)]),
            presentation: part(&mut c, &t.parts[at(PARTS, Presentation)]),
        },
        plan_items: plan_items(&mut c, t),
        acceptance: acceptance(&mut c, t),
        agreements_kept: AgreementsKept {
            first_evaluation: kept(&mut c, &t.kept[0]),
            three_months: kept(&mut c, &t.kept[1]),
        },
        follow_up: follow_up(&mut c, t),
        satisfaction: ParticipantGroup::ALL
            .iter()
            .zip(&t.satisfaction)
            .map(|(g, s)| {
                let score = Score {
                    scores: c.units(s.scores, s.cases),
                    cases: c.cases(s.cases),
                    mean: c.mean(s.sum, s.scores, s.cases),
                };
                (g.code().to_string(), score)
            })
            .collect(),
        cells_suppressed: c.withheld,
    }
}

fn uptake(c: &mut Cells, t: &GroupTally, pseudonymised: bool) -> Uptake {
    let requests = c.cases(t.requests);
    let held = c.cases(t.held);
    let withdrawn = c.cases(t.withdrawn);
    Uptake {
        requests,
        conferences_held: held,
        conference_share: c.share(held, requests),
        withdrawn,
        withdrawn_share: c.share(withdrawn, requests),
        // Only the phases a case can be withdrawn from (rule 7).
        withdrawn_in_phase: Phase::ALL
            .iter()
            .zip(t.withdrawn_in)
            .filter(|(p, _)| p.can_go_to(Phase::Withdrawn))
            .map(|(p, n)| (p.code().to_string(), c.cases(n)))
            .collect(),
        withdrawal_reasons: (!pseudonymised).then(|| t.reasons.clone()),
        closed: c.cases(t.closed),
        closed_by_outcome: Outcome::ALL
            .iter()
            .zip(t.outcomes)
            .map(|(o, n)| (o.code().to_string(), c.cases(n)))
            .collect(),
        open: c.cases(t.requests - t.withdrawn - t.closed),
    }
}

fn circle(c: &mut Cells, t: &GroupTally) -> Circle {
    let way = |w: Identified| t.identified[at(Identified::ALL, w)];
    let members = c.judge(t.identified.iter().sum(), t.held);
    let intake = c.units(way(Identified::AtIntake), t.held);
    let widening = c.units(way(Identified::WideningCircle), t.held);
    let at_conference = c.units(way(Identified::AtConference), t.held);
    Circle {
        cases: c.cases(t.held),
        circle_size: c.distribution(&t.circle),
        network_members: c.distribution(&t.network),
        main_persons: c.distribution(&t.main),
        identified_at_intake: intake,
        identified_widening_circle: widening,
        identified_at_conference: at_conference,
        share_at_intake: c.share(intake, members),
        share_widening_circle: c.share(widening, members),
        share_at_conference: c.share(at_conference, members),
        cases_widened: c.cases(t.widened),
    }
}

fn part(c: &mut Cells, t: &PartTally) -> PartAttendance {
    let present = c.judge(t.circle.sum(), t.conferences);
    let circle = c.judge(t.circle_size, t.conferences);
    PartAttendance {
        conferences: c.cases(t.conferences),
        persons_present: c.distribution(&t.persons),
        circle_present: c.distribution(&t.circle),
        circle_share: c.share(present, circle),
    }
}

fn plan_items(c: &mut Cells, t: &GroupTally) -> PlanItems {
    let agreements = c.units(t.agreements, t.plans);
    let items = c.judge(t.agreements + t.help, t.plans);
    PlanItems {
        plans: c.cases(t.plans),
        agreements,
        requested_help: c.units(t.help, t.plans),
        network_share: c.share(agreements, items),
        items_per_plan: c.distribution(&t.items),
    }
}

fn acceptance(c: &mut Cells, t: &GroupTally) -> PlanAcceptance {
    let held = c.cases(t.held);
    let accepted = c.cases(t.accepted);
    let first_time = c.cases(t.first_time);
    PlanAcceptance {
        conferences_held: held,
        accepted,
        accepted_share: c.share(accepted, held),
        first_time,
        after_private_time: c.cases(t.after_private_time),
        first_time_share: c.share(first_time, accepted),
    }
}

fn kept(c: &mut Cells, t: &KeptTally) -> Kept {
    use AgreementStatus::*;
    let status = |s: AgreementStatus| t.statuses[at(AgreementStatus::ALL, s)];
    let kept = c.units(status(Done) + status(OnTrack), t.cases);
    let not_kept = c.units(status(Partly) + status(NotKept), t.cases);
    let judged = c.judge(
        status(Done) + status(OnTrack) + status(Partly) + status(NotKept),
        t.cases,
    );
    Kept {
        cases: c.cases(t.cases),
        reviews: AgreementStatus::ALL
            .iter()
            .zip(t.statuses)
            .map(|(s, n)| (s.code().to_string(), c.units(n, t.cases)))
            .collect(),
        kept,
        not_kept,
        kept_share: c.share(kept, judged),
    }
}

fn follow_up(c: &mut Cells, t: &GroupTally) -> FollowUp {
    let held = c.cases(t.held);
    let cases = c.cases(t.follow_up_cases);
    FollowUp {
        conferences_held: held,
        cases_with_follow_up_conference: cases,
        follow_up_conferences: c.units(t.follow_up_conferences, t.follow_up_cases),
        follow_up_share: c.share(cases, held),
        cases_evaluated: c.cases(t.evaluated),
        cases_revised: c.cases(t.revised),
        cases_met_again: c.cases(t.met_again),
    }
}
