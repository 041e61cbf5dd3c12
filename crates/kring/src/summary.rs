//! Case summaries: what work lists and dashboards need of a case (its phase, the plan in
//! force, the evaluations still to hold), kept beside the case state (format 4's
//! `summaries` table), so that reading them decodes a few dozen bytes instead of the whole
//! case.

use chrono::{DateTime, NaiveDate, Utc};
use kring_domain::*;
use redb::ReadableDatabase;
use serde::{Deserialize, Serialize};

use crate::codec;
use crate::error::{Error, Result};
use crate::read::{CaseQuery, open_if_there};
use crate::store::{Store, corrupted_on_panic};
use crate::tables::{CASES, SUMMARIES};

/// An evaluation moment planned and neither held nor dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OpenEvaluation {
    pub id: EvaluationId,
    #[serde(with = "kring_domain::wire::Date")]
    pub planned_on: NaiveDate,
}

/// A plan version's number and status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanRef {
    pub version: u32,
    pub status: PlanStatus,
}

/// What most screens need of a case, without the case: read with [`Store::summary`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CaseSummary {
    pub id: CaseId,
    /// The number of events folded into the case.
    pub version: u64,
    pub phase: Phase,
    pub variant: Variant,
    pub legal_basis: LegalBasis,
    #[serde(with = "kring_domain::wire::Time")]
    pub requested_at: DateTime<Utc>,
    #[serde(with = "kring_domain::wire::Time")]
    pub updated_at: DateTime<Utc>,
    /// The coordinator now assigned, if any.
    pub coordinator: Option<PersonId>,
    /// The version number of the plan in force (the latest accepted), if any.
    pub plan_in_force: Option<u32>,
    /// The latest plan version's number and status, if a plan was submitted.
    pub latest_plan: Option<PlanRef>,
    /// Evaluation moments still to hold, in id order.
    pub open_evaluations: Vec<OpenEvaluation>,
    /// Signals raised, in all.
    pub signals: u32,
}

impl From<&Case> for CaseSummary {
    fn from(case: &Case) -> Self {
        CaseSummary {
            id: case.id,
            version: case.version,
            phase: case.phase,
            variant: case.variant,
            legal_basis: case.legal_basis,
            requested_at: case.requested_at,
            updated_at: case.updated_at,
            coordinator: case.coordinator.as_ref().map(|c| c.coordinator.person.id),
            plan_in_force: case.plan_in_force().map(|p| p.version),
            latest_plan: case.latest_plan().map(|p| PlanRef {
                version: p.version,
                status: p.status,
            }),
            open_evaluations: case
                .evaluations
                .values()
                .filter(|e| e.is_open())
                .map(|e| OpenEvaluation {
                    id: e.id,
                    planned_on: e.planned_on,
                })
                .collect(),
            signals: case.signals.len().min(u32::MAX as usize) as u32,
        }
    }
}

impl CaseSummary {
    /// The open evaluations planned on or before `date`.
    pub fn due(&self, date: NaiveDate) -> impl Iterator<Item = &OpenEvaluation> {
        self.open_evaluations
            .iter()
            .filter(move |e| e.planned_on <= date)
    }
}

impl Store {
    /// The summary of a case: its phase, the plan in force, the evaluations still to hold.
    /// Much cheaper than [`Store::case`]. In a store of an older format (read before it is
    /// upgraded), it is made from the whole case.
    pub fn summary(&self, id: CaseId) -> Result<CaseSummary> {
        corrupted_on_panic(|| {
            let r = self.db.begin_read()?;
            let Some(table) = open_if_there(&r, SUMMARIES)? else {
                let cases = r.open_table(CASES)?;
                let bytes = cases
                    .get(id.as_u128())?
                    .ok_or_else(|| Error::not_found("case", id))?;
                return Ok(CaseSummary::from(&codec::decode::<Case>(bytes.value())?));
            };
            let bytes = table
                .get(id.as_u128())?
                .ok_or_else(|| Error::not_found("case", id))?;
            codec::decode(bytes.value())
        })
    }

    /// The summaries of the cases a query finds, in the query's order.
    pub fn summaries(&self, q: &CaseQuery) -> Result<Vec<CaseSummary>> {
        let ids = self.query(q)?;
        corrupted_on_panic(|| {
            let r = self.db.begin_read()?;
            let table = open_if_there(&r, SUMMARIES)?;
            let cases = r.open_table(CASES)?;
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                let summary = match &table {
                    Some(t) => t.get(id.as_u128())?.map(|b| codec::decode(b.value())),
                    None => cases
                        .get(id.as_u128())?
                        .map(|b| codec::decode::<Case>(b.value()).map(|c| CaseSummary::from(&c))),
                };
                // A case the query found but a later commit removed cannot happen (cases
                // are never removed); a missing summary is damage.
                out.push(
                    summary
                        .ok_or_else(|| Error::Corrupted(format!("case {id} has no summary")))??,
                );
            }
            Ok(out)
        })
    }
}
