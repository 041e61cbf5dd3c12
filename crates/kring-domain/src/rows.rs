//! Research rows: what the research tables of `kring_research` read of a case, one value
//! per case. The store keeps it beside the case state (format 8's `rows` table) and rewrites
//! it with it, so that the research tables of a whole store decode about two kilobytes per
//! case, borrowing its text, instead of the case.
//!
//! The rows depend on the case alone, never on who reads them: pseudonyms are made, and
//! dates and times coarsened, when the tables are built. Moments are whole seconds since
//! the Unix epoch (as the tables give them), with the whole days from the request beside
//! them computed from the exact times. Free text (the description, names, what an
//! agreement says, a closing note, a withdrawal's reason) is borrowed: from the case when
//! the rows are made from it, from the stored bytes when they are read; it is written
//! into identifying tables only.
//!
//! ```
//! use kring_domain::rows::CaseRows;
//!
//! let case = kring_testkit::example::full_story().0.case.unwrap();
//! let rows = CaseRows::from(&case);
//! assert_eq!(rows.id, case.id);
//! assert_eq!(rows.plans.len(), case.plans.len());
//! // A relation per row: the members without one make no row.
//! let relations: usize = rows.network.iter().map(|m| m.relations.len()).sum();
//! assert!(relations > 0);
//! ```

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::*;

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
pub const EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// A date as days since 1970-01-01.
pub fn epoch_days(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - EPOCH_DAYS_FROM_CE
}

/// The date `days` after 1970-01-01 ([`epoch_days`] read back); `None` outside chrono's
/// range.
pub fn epoch_date(days: i32) -> Option<NaiveDate> {
    days.checked_add(EPOCH_DAYS_FROM_CE)
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// The rows of one case in the research tables. Made from a case with
/// `CaseRows::from(&case)`; the store reads those of a whole store with
/// `Store::row_batches`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRows<'a> {
    pub id: CaseId,
    pub variant: Variant,
    pub legal_basis: LegalBasis,
    pub referral: ReferralKind,
    /// The moment of the request.
    pub requested_at: i64,
    pub phase: Phase,
    pub counts: CaseCounts,
    /// The start of the first part of the first conference, if one was held.
    pub first_conference: Option<Moment>,
    pub description: &'a str,
    /// Every phase the case entered, in order.
    pub phases: Vec<PhaseRow>,
    /// The members of the circle with at least one relation, in person id order.
    #[serde(borrow)]
    pub network: Vec<MemberRows<'a>>,
    /// Every part of every conference, in order, with who was present.
    pub parts: Vec<PartRows>,
    /// The safety frameworks, in id order.
    pub frameworks: Vec<FrameworkRow>,
    /// Every plan version, in order.
    #[serde(borrow)]
    pub plans: Vec<PlanRows<'a>>,
    /// The evaluations, in id order.
    pub evaluations: Vec<EvaluationRows>,
    #[serde(borrow)]
    pub ending: Option<EndingRow<'a>>,
    pub satisfaction: Vec<ScoreRow>,
}

crate::model::code_enum! {
    /// Who asked for the conference.
    ReferralKind {
        Professional = "professional",
        Family = "family",
        Municipality = "municipality",
    }
}

/// The counts of a case's row in the `cases` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseCounts {
    pub main_persons: u32,
    pub network: u32,
    pub identified_at_intake: u32,
    pub identified_widening: u32,
    pub identified_at_conference: u32,
    pub minors: u32,
    pub professionals: u32,
    pub frameworks: u32,
    /// Conferences with at least one part.
    pub conferences_held: u32,
    pub plans: u32,
    pub evaluations_held: u32,
    pub signals: u32,
}

/// A moment, and the whole days from the request to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    /// Whole seconds since the Unix epoch.
    pub at: i64,
    pub days: i64,
}

impl Moment {
    fn of(requested_at: DateTime<Utc>, at: DateTime<Utc>) -> Self {
        Moment {
            at: at.timestamp(),
            days: (at - requested_at).num_days(),
        }
    }

    /// The day of the moment, in days since 1970-01-01 (UTC).
    pub fn date(self) -> i32 {
        i32::try_from(self.at.div_euclid(86_400)).unwrap_or(i32::MAX)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseRow {
    pub phase: Phase,
    pub at: Moment,
}

/// A member of the circle and their relations (a row each).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRows<'a> {
    pub person: PersonId,
    pub name: &'a str,
    pub side: Side,
    pub minor: bool,
    pub birth_year: Option<i32>,
    pub identified: Identified,
    pub identified_at: Moment,
    pub invitation: InvitationStatus,
    pub participation: Option<Attending>,
    pub relations: Vec<(RelationKind, PersonId)>,
}

crate::model::code_enum! {
    /// How a member takes part in the conference, without the reasons.
    Attending {
        InPerson = "in_person",
        Remote = "remote",
        WrittenContribution = "written_contribution",
        Represented = "represented",
        NotAttendingForSafety = "not_attending_for_safety",
        NotAttending = "not_attending",
    }
}

impl From<&Participation> for Attending {
    fn from(p: &Participation) -> Self {
        match p {
            Participation::InPerson => Attending::InPerson,
            Participation::Remote => Attending::Remote,
            Participation::WrittenContribution => Attending::WrittenContribution,
            Participation::Represented { .. } => Attending::Represented,
            Participation::NotAttendingForSafety { .. } => Attending::NotAttendingForSafety,
            Participation::NotAttending { .. } => Attending::NotAttending,
        }
    }
}

/// One part of a conference and who was present (a row each).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartRows {
    pub conference: u32,
    pub part: ConferencePart,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    /// Each person present and the role they hold in the case (`None`: none of the four).
    pub present: Vec<(PersonId, Option<Role>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkRow {
    pub id: FrameworkId,
    /// The role of the professional who set it, if they are still in the case.
    pub role: Option<ProfessionalRole>,
    pub concerns: u32,
    pub conditions: u32,
    pub questions: u32,
    pub criteria: u32,
}

/// A plan version: its agreements and requested help (a row each in `plan_items`) and its
/// assessments (a row each in `acceptance`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRows<'a> {
    pub version: u32,
    #[serde(borrow)]
    pub agreements: Vec<AgreementRow<'a>>,
    #[serde(borrow)]
    pub help: Vec<HelpRow<'a>>,
    pub assessments: Vec<AssessmentRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementRow<'a> {
    pub id: AgreementId,
    pub carried_by: u32,
    pub supporters: u32,
    pub answers: u32,
    /// Days since 1970-01-01.
    pub start: Option<i32>,
    pub due: Option<i32>,
    pub what: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpRow<'a> {
    pub id: HelpId,
    pub answers: u32,
    pub what: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentRow {
    pub framework: FrameworkId,
    pub role: Option<ProfessionalRole>,
    pub verdicts: u32,
    pub not_met: u32,
    pub accepted: bool,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationRows {
    pub id: EvaluationId,
    /// Days since 1970-01-01.
    pub planned_on: i32,
    pub planned_in: u32,
    pub held: Option<HeldRows>,
}

/// A held evaluation, and its agreement reviews (a row each in `agreement_reviews`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldRows {
    /// Days since 1970-01-01.
    pub held_on: i32,
    pub present: u32,
    /// The role of who convened it (`None`: none of the four).
    pub convened_by: Option<Role>,
    pub next_step: NextStep,
    pub plan_version: u32,
    pub reviews: Vec<(AgreementId, AgreementStatus)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndingRow<'a> {
    Closed {
        outcome: Outcome,
        at: Moment,
        note: Option<&'a str>,
    },
    Withdrawn {
        at: Moment,
        reason: &'a str,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreRow {
    pub group: ParticipantGroup,
    pub score: u8,
    pub at: i64,
}

impl CaseRows<'_> {
    /// Checks that every moment and date is one a case can hold (chrono's range, in whole
    /// microseconds), as decoding a case checks its times: rows read from a damaged file may
    /// hold any number. Names the first field out of range.
    pub fn check(&self) -> std::result::Result<(), String> {
        let time = |at: i64, what: &str| {
            let ok = at.checked_mul(1_000_000).is_some()
                && DateTime::<Utc>::from_timestamp(at, 0).is_some();
            if ok {
                Ok(())
            } else {
                Err(format!("{what}: a time out of range"))
            }
        };
        let moment = |m: &Moment, what: &str| time(m.at, what);
        let date = |d: i32, what: &str| {
            if epoch_date(d).is_some() {
                Ok(())
            } else {
                Err(format!("{what}: a date out of range"))
            }
        };
        time(self.requested_at, "requested_at")?;
        if let Some(m) = &self.first_conference {
            moment(m, "first_conference")?;
        }
        for p in &self.phases {
            moment(&p.at, "phases")?;
        }
        for m in &self.network {
            moment(&m.identified_at, "network")?;
        }
        for p in &self.parts {
            time(p.started_at, "parts")?;
            if let Some(t) = p.ended_at {
                time(t, "parts")?;
            }
        }
        for plan in &self.plans {
            for a in &plan.agreements {
                for d in a.start.iter().chain(&a.due) {
                    date(*d, "agreements")?;
                }
            }
            for a in &plan.assessments {
                time(a.at, "assessments")?;
            }
        }
        for e in &self.evaluations {
            date(e.planned_on, "evaluations")?;
            if let Some(h) = &e.held {
                date(h.held_on, "evaluations")?;
            }
        }
        match &self.ending {
            Some(EndingRow::Closed { at, .. } | EndingRow::Withdrawn { at, .. }) => {
                moment(at, "ending")?
            }
            None => {}
        }
        for s in &self.satisfaction {
            time(s.at, "satisfaction")?;
        }
        Ok(())
    }
}

/// A count as stored (no case holds four billion of anything).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The role `person` holds in `case`, if any of the four.
fn role_of(case: &Case, person: PersonId) -> Option<Role> {
    if case.is_main_person(person) {
        Some(Role::MainPerson)
    } else if case.network.contains_key(&person) {
        Some(Role::NetworkMember)
    } else if case.professionals.contains_key(&person) {
        Some(Role::Professional)
    } else if case.is_coordinator(person) {
        Some(Role::Coordinator)
    } else {
        None
    }
}

impl<'a> From<&'a Case> for CaseRows<'a> {
    fn from(case: &'a Case) -> Self {
        let requested = case.requested_at;
        let identified = |how| {
            count(
                case.network
                    .values()
                    .filter(|m| m.identified == how)
                    .count(),
            )
        };
        let first_conference = case
            .conferences
            .first()
            .and_then(|c| c.parts.first())
            .map(|p| Moment::of(requested, p.started_at));
        let prof_role = |p: PersonId| case.professionals.get(&p).map(|p| p.role);
        CaseRows {
            id: case.id,
            variant: case.variant,
            legal_basis: case.legal_basis,
            referral: match case.referral {
                Referral::Professional { .. } => ReferralKind::Professional,
                Referral::Family => ReferralKind::Family,
                Referral::Municipality { .. } => ReferralKind::Municipality,
            },
            requested_at: requested.timestamp(),
            phase: case.phase,
            counts: CaseCounts {
                main_persons: count(case.main_persons.len()),
                network: count(case.network.len()),
                identified_at_intake: identified(Identified::AtIntake),
                identified_widening: identified(Identified::WideningCircle),
                identified_at_conference: identified(Identified::AtConference),
                minors: count(case.network.values().filter(|m| m.minor).count()),
                professionals: count(case.professionals.len()),
                frameworks: count(case.frameworks.len()),
                conferences_held: count(
                    case.conferences
                        .iter()
                        .filter(|c| !c.parts.is_empty())
                        .count(),
                ),
                plans: count(case.plans.len()),
                evaluations_held: count(
                    case.evaluations
                        .values()
                        .filter(|e| e.held.is_some())
                        .count(),
                ),
                signals: count(case.signals.len()),
            },
            first_conference,
            description: &case.description,
            phases: case
                .phases
                .iter()
                .map(|p| PhaseRow {
                    phase: p.phase,
                    at: Moment::of(requested, p.at),
                })
                .collect(),
            network: case
                .network
                .values()
                .filter(|m| !m.relations.is_empty())
                .map(|m| MemberRows {
                    person: m.person.id,
                    name: &m.person.name,
                    side: m.side,
                    minor: m.minor,
                    birth_year: m.person.birth_date.map(|b| b.year()),
                    identified: m.identified,
                    identified_at: Moment::of(requested, m.identified_at),
                    invitation: m.invitation,
                    participation: m.participation.as_ref().map(Attending::from),
                    relations: m.relations.iter().map(|r| (r.kind, r.to)).collect(),
                })
                .collect(),
            parts: case
                .conferences
                .iter()
                .flat_map(|c| {
                    c.parts.iter().map(|p| PartRows {
                        conference: c.number,
                        part: p.part,
                        started_at: p.started_at.timestamp(),
                        ended_at: p.ended_at.map(|t| t.timestamp()),
                        present: p.present.iter().map(|&x| (x, role_of(case, x))).collect(),
                    })
                })
                .collect(),
            frameworks: case
                .frameworks
                .values()
                .map(|f| FrameworkRow {
                    id: f.id,
                    role: prof_role(f.professional),
                    concerns: count(f.concerns.len()),
                    conditions: count(f.conditions.len()),
                    questions: count(f.questions.len()),
                    criteria: count(f.criteria.len()),
                })
                .collect(),
            plans: case
                .plans
                .iter()
                .map(|plan| PlanRows {
                    version: plan.version,
                    agreements: plan
                        .content
                        .agreements
                        .iter()
                        .map(|a| AgreementRow {
                            id: a.id,
                            carried_by: count(a.carried_by.len()),
                            supporters: count(a.supporters.len()),
                            answers: count(a.answers.len()),
                            start: a.start.map(epoch_days),
                            due: a.due.map(epoch_days),
                            what: &a.what,
                        })
                        .collect(),
                    help: plan
                        .content
                        .requested_help
                        .iter()
                        .map(|h| HelpRow {
                            id: h.id,
                            answers: count(h.answers.len()),
                            what: &h.what,
                        })
                        .collect(),
                    assessments: plan
                        .assessments
                        .iter()
                        .map(|a| AssessmentRow {
                            framework: a.framework,
                            role: prof_role(a.professional),
                            verdicts: count(a.verdicts.len()),
                            not_met: count(
                                a.verdicts
                                    .values()
                                    .filter(|v| !matches!(v, ConditionVerdict::Met))
                                    .count(),
                            ),
                            accepted: a.accepted,
                            at: a.at.timestamp(),
                        })
                        .collect(),
                })
                .collect(),
            evaluations: case
                .evaluations
                .values()
                .map(|e| EvaluationRows {
                    id: e.id,
                    planned_on: epoch_days(e.planned_on),
                    planned_in: e.planned_in,
                    held: e.held.as_ref().map(|h| HeldRows {
                        held_on: epoch_days(h.held_on),
                        present: count(h.present.len()),
                        convened_by: role_of(case, h.convened_by),
                        next_step: h.next_step,
                        plan_version: h.plan_version,
                        reviews: h.reviews.iter().map(|r| (r.agreement, r.status)).collect(),
                    }),
                })
                .collect(),
            ending: match &case.ending {
                Some(Ending::Closed { outcome, note, at }) => Some(EndingRow::Closed {
                    outcome: *outcome,
                    at: Moment::of(requested, *at),
                    note: note.as_deref(),
                }),
                Some(Ending::Withdrawn { reason, at }) => Some(EndingRow::Withdrawn {
                    at: Moment::of(requested, *at),
                    reason,
                }),
                None => None,
            },
            satisfaction: case
                .satisfaction
                .iter()
                .map(|s| ScoreRow {
                    group: s.group,
                    score: s.score,
                    at: s.at.timestamp(),
                })
                .collect(),
        }
    }
}
