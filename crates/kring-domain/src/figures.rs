//! Case figures: what the standard measures of `docs/research.md` need of a case. The store
//! keeps them beside the case state (format 7's `figures` table) and rewrites them with it,
//! so that counting the measures of a whole store decodes a hundred bytes per case instead
//! of the case; `kring_research::measures` counts them.
//!
//! A case's figures depend on the case alone, never on a question asked of it: the period,
//! the grouping and the disclosure are applied when the figures are counted. Free text (a
//! withdrawal's reason, an organisation's name) is kept as the case holds it, for
//! identifying measures only.
//!
//! ```
//! use kring_domain::figures::{Acceptance, CaseFigures};
//!
//! let case = kring_testkit::example::full_story().0.case.unwrap();
//! let figures = CaseFigures::from(&case);
//! let conference = figures.conference.as_ref().unwrap();
//! assert_eq!(conference.accepted, Some(Acceptance::FirstTime));
//! // Three agreements carried by the circle, one item of help asked of a professional.
//! let plan = figures.plan.unwrap();
//! assert_eq!((plan.agreements, plan.help), (3, 1));
//! ```

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::*;

/// The three-month evaluation is the first held this many days after the first
/// conference's date, or later…
pub const THREE_MONTHS_FROM: i64 = 60;
/// …and no later than this many days after it.
pub const THREE_MONTHS_TO: i64 = 120;

/// What the standard measures need of one case. Made from a case with
/// `CaseFigures::from(&case)`; the store reads those of a whole store with `Store::figures`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CaseFigures {
    pub id: CaseId,
    #[serde(with = "crate::wire::Time")]
    pub requested_at: DateTime<Utc>,
    pub variant: Variant,
    pub legal_basis: LegalBasis,
    /// The requesting organisation: the referring professional's, or the referring
    /// municipality; `None` when the family asked themselves.
    pub organisation: Option<OrganisationId>,
    /// That organisation's name as this case records it (identifying measures only).
    pub organisation_name: Option<String>,
    /// How the case ended, if it did.
    pub ending: Option<EndingFigures>,
    /// Whole days from the request to the first coordinator assignment still on record.
    pub days_to_coordinator: Option<u32>,
    /// The first accepted plan version, if any.
    pub plan: Option<PlanFigures>,
    /// Satisfaction scores per participant group, in the order of `ParticipantGroup::ALL`,
    /// only groups with a score.
    pub satisfaction: Vec<ScoreFigures>,
    /// The first conference held (one that started), and what followed it.
    pub conference: Option<ConferenceFigures>,
}

/// How a case ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EndingFigures {
    /// Withdrawn from phase `from`, for `reason` (trimmed; free text).
    Withdrawn {
        from: Phase,
        reason: String,
    },
    Closed {
        outcome: Outcome,
    },
}

/// The first accepted plan version: its agreements (carried by the circle) and the help it
/// asks of professionals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanFigures {
    pub agreements: u32,
    pub help: u32,
}

/// The satisfaction scores one participant group gave in a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScoreFigures {
    pub group: ParticipantGroup,
    /// How many scores.
    pub scores: u32,
    /// Their sum.
    pub sum: u32,
}

/// How many of something there were of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Counted<T> {
    pub of: T,
    pub count: u32,
}

/// Attendance of one part of the first conference: the people present at any occurrence of
/// the part, each once, and how many of them belong to the circle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PartFigures {
    pub part: ConferencePart,
    pub persons: u32,
    pub circle: u32,
}

/// A plan accepted at the first conference: the first time, or after the circle went back
/// to private time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Acceptance {
    FirstTime,
    AfterPrivateTime,
}

/// The first conference held, and what followed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConferenceFigures {
    /// Whole days from the request to the start of its first part.
    pub days_to_conference: u32,
    /// Network members identified by the conference's end, per way they were identified
    /// (in the order of `Identified::ALL`, only ways with members).
    pub identified: Vec<Counted<Identified>>,
    /// The main persons.
    pub main_persons: u32,
    /// Each part with attendance recorded, in the order of `ConferencePart::ALL`.
    pub attendance: Vec<PartFigures>,
    /// Whether the first accepted plan version was decided at this conference, and how.
    pub accepted: Option<Acceptance>,
    /// The agreement reviews of the first evaluation held, per status (in the order of
    /// `AgreementStatus::ALL`, only statuses reviewed), if one was held.
    pub first_evaluation: Option<Vec<Counted<AgreementStatus>>>,
    /// The same for the three-month evaluation: the first held 60 to 120 days after the
    /// conference's date.
    pub three_month_evaluation: Option<Vec<Counted<AgreementStatus>>>,
    /// Conferences held after it.
    pub later_conferences: u32,
    /// Whether any evaluation was held.
    pub evaluated: bool,
    /// Whether more than one plan version was accepted.
    pub revised: bool,
    /// Whether the circle met again (a circle meeting, or professionals with the circle) on
    /// or after the conference's date.
    pub met_again: bool,
}

impl ConferenceFigures {
    /// The network members identified by the conference's end.
    pub fn network(&self) -> u64 {
        self.identified.iter().map(|c| u64::from(c.count)).sum()
    }
}

/// Whole days from `from` to `to`: full 24-hour periods, as the `days` columns of the
/// research tables count them; never negative.
fn days(from: DateTime<Utc>, to: DateTime<Utc>) -> u32 {
    u32::try_from((to - from).num_days().max(0)).unwrap_or(u32::MAX)
}

/// A count as stored (no case comes near `u32::MAX` of anything).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How many of each of `all` `values` holds, in the order of `all`, only those it holds.
fn tally<T: Copy + PartialEq>(all: &[T], values: impl Iterator<Item = T>) -> Vec<Counted<T>> {
    let mut counts = vec![0u32; all.len()];
    for v in values {
        if let Some(i) = all.iter().position(|a| *a == v) {
            counts[i] = counts[i].saturating_add(1);
        }
    }
    all.iter()
        .zip(counts)
        .filter(|(_, c)| *c > 0)
        .map(|(of, count)| Counted { of: *of, count })
        .collect()
}

impl From<&Case> for CaseFigures {
    fn from(case: &Case) -> Self {
        let organisation = match &case.referral {
            Referral::Professional { professional } => Some(professional.organisation),
            Referral::Municipality { organisation } => Some(*organisation),
            Referral::Family => None,
        };
        let ending = case.ending.as_ref().map(|e| match e {
            Ending::Withdrawn { reason, .. } => EndingFigures::Withdrawn {
                // The phase the case was withdrawn from: the one before `withdrawn`.
                from: case
                    .phases
                    .iter()
                    .rev()
                    .map(|p| p.phase)
                    .find(|p| *p != Phase::Withdrawn)
                    .unwrap_or(Phase::Requested),
                reason: reason.trim().to_string(),
            },
            Ending::Closed { outcome, .. } => EndingFigures::Closed { outcome: *outcome },
        });
        // A coordinator the family declined leaves the case with nothing kept, so the first
        // assignment still on record is the first that can be counted.
        let assigned = case
            .former_coordinators
            .iter()
            .map(|f| f.assignment.assigned_at)
            .chain(case.coordinator.as_ref().map(|c| c.assigned_at))
            .min();
        let mut accepted = case
            .plans
            .iter()
            .filter(|p| p.status == PlanStatus::Accepted);
        let first_accepted = accepted.next();
        let revised = accepted.next().is_some();
        let mut satisfaction: Vec<ScoreFigures> = ParticipantGroup::ALL
            .iter()
            .map(|g| ScoreFigures {
                group: *g,
                scores: 0,
                sum: 0,
            })
            .collect();
        for s in &case.satisfaction {
            if let Some(t) = satisfaction.iter_mut().find(|t| t.group == s.group) {
                t.scores = t.scores.saturating_add(1);
                t.sum = t.sum.saturating_add(u32::from(s.score));
            }
        }
        satisfaction.retain(|t| t.scores > 0);
        let conference = case
            .conferences
            .first()
            .filter(|c| !c.parts.is_empty())
            .map(|first| conference(case, first, first_accepted, revised));
        CaseFigures {
            id: case.id,
            requested_at: case.requested_at,
            variant: case.variant,
            legal_basis: case.legal_basis,
            organisation,
            organisation_name: organisation
                .and_then(|o| case.organisations.get(&o))
                .map(|o| o.name.clone()),
            ending,
            days_to_coordinator: assigned.map(|at| days(case.requested_at, at)),
            plan: first_accepted.map(|p| PlanFigures {
                agreements: count(p.content.agreements.len()),
                help: count(p.content.requested_help.len()),
            }),
            satisfaction,
            conference,
        }
    }
}

/// The figures of the first conference held.
fn conference(
    case: &Case,
    first: &Conference,
    first_accepted: Option<&PlanVersion>,
    revised: bool,
) -> ConferenceFigures {
    // The circle at the first conference: the main persons, and the members identified by
    // its end (later members came for a follow-up).
    let end = first.ended_at.unwrap_or(DateTime::<Utc>::MAX_UTC);
    let identified = tally(
        Identified::ALL,
        case.network
            .values()
            .filter(|m| m.identified_at <= end)
            .map(|m| m.identified),
    );
    // A plan decided at the first conference and accepted; private time more than once
    // means the circle went back to it after a version was not accepted.
    let here = DecidedAt::Conference {
        number: first.number,
    };
    let accepted = first_accepted.filter(|p| p.decided_at == here).map(|_| {
        let private = first
            .parts
            .iter()
            .filter(|p| p.part == ConferencePart::PrivateTime)
            .count();
        if private > 1 {
            Acceptance::AfterPrivateTime
        } else {
            Acceptance::FirstTime
        }
    });
    let (first_evaluation, three_month_evaluation) = evaluations(case, first.date);
    ConferenceFigures {
        days_to_conference: days(case.requested_at, first.parts[0].started_at),
        identified,
        main_persons: count(case.main_persons.len()),
        attendance: attendance(case, first),
        accepted,
        first_evaluation,
        three_month_evaluation,
        later_conferences: count(
            case.conferences
                .iter()
                .skip(1)
                .filter(|c| !c.parts.is_empty())
                .count(),
        ),
        evaluated: case.evaluations.values().any(|e| e.held.is_some()),
        revised,
        met_again: case.meetings.iter().any(|m| {
            matches!(
                m.kind,
                MeetingKind::CircleMeeting | MeetingKind::ProfessionalsWithCircle
            ) && m.on >= first.date
        }),
    }
}

/// Attendance per part of the first conference: the people present at any occurrence of the
/// part (private time and the presentation recur when a plan is not accepted), each once. A
/// part with no attendance recorded is left out.
fn attendance(case: &Case, first: &Conference) -> Vec<PartFigures> {
    let mut out: Vec<PartFigures> = Vec::new();
    for part in ConferencePart::ALL {
        let mut recorded = false;
        let mut persons = 0u32;
        let mut circle = 0u32;
        let occurrences: Vec<&PartRecord> = first
            .parts
            .iter()
            .filter(|p| p.part == *part && !p.present.is_empty())
            .collect();
        for (i, p) in occurrences.iter().enumerate() {
            recorded = true;
            for person in &p.present {
                // Someone present at an earlier occurrence of the same part counts once.
                if occurrences[..i].iter().any(|q| q.present.contains(person)) {
                    continue;
                }
                persons += 1;
                // Most people present are network members: that lookup first.
                circle +=
                    u32::from(case.network.contains_key(person) || case.is_main_person(*person));
            }
        }
        if recorded {
            out.push(PartFigures {
                part: *part,
                persons,
                circle,
            });
        }
    }
    out
}

/// Reviews per agreement status, of one held evaluation.
type Reviews = Vec<Counted<AgreementStatus>>;

/// The reviews of the first evaluation held, and of the three-month evaluation (the first
/// held 60 to 120 days after `conference_day`). Ties on the day go to the smaller
/// evaluation id.
fn evaluations(case: &Case, conference_day: NaiveDate) -> (Option<Reviews>, Option<Reviews>) {
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
    let reviews =
        |h: &HeldEvaluation| tally(AgreementStatus::ALL, h.reviews.iter().map(|r| r.status));
    (
        first.map(|(_, h)| reviews(h)),
        three.map(|(_, h)| reviews(h)),
    )
}
