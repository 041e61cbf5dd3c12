//! The conference: it opens with its information part, moves to private time and the
//! presentation (and back to private time after a plan was not accepted), and ends in the
//! presentation with an accepted plan.

use chrono::{DateTime, Utc};

use super::common::{Checker, Presence, private_time, unique};
use crate::error::Result;
use crate::id::*;
use crate::model::*;
use crate::validate::list_within_limit;

impl Checker<'_> {
    pub(super) fn start_conference(&self) -> Result<()> {
        match self.case.open_conference() {
            Some(c) if c.parts.is_empty() => Ok(()),
            _ => Err(self.lifecycle("no conference is scheduled")),
        }
    }

    pub(super) fn begin_part(&self, part: ConferencePart) -> Result<()> {
        let current = self.case.current_part();
        let plan_refused = self
            .plan_of_running_conference()
            .is_some_and(|p| p.status == PlanStatus::NotAccepted);
        use ConferencePart::*;
        let ok = matches!(
            (current, part),
            (Some(Information), PrivateTime) | (Some(PrivateTime), Presentation)
        ) || (current == Some(Presentation) && part == PrivateTime && plan_refused);
        if !ok {
            return Err(self.lifecycle(format!(
                "cannot move from {} to {part}{}",
                current.map_or("no part".to_string(), |c| c.to_string()),
                if part == PrivateTime {
                    " (back to private time only after a plan was not accepted)"
                } else {
                    ""
                }
            )));
        }
        Ok(())
    }

    pub(super) fn record_attendance(&self, present: &[PersonId]) -> Result<()> {
        list_within_limit("present", present)?;
        unique(present.iter().copied())?;
        for p in present {
            self.known(*p)?;
        }
        private_time(self.case, Presence::Recorded(present))
    }

    pub(super) fn end_conference(&self) -> Result<()> {
        let accepted = self
            .plan_of_running_conference()
            .is_some_and(|p| p.status == PlanStatus::Accepted);
        if self.case.current_part() != Some(ConferencePart::Presentation) || !accepted {
            return Err(
                self.lifecycle("a conference ends in its presentation, with an accepted plan")
            );
        }
        Ok(())
    }

    /// The latest plan version decided at the running conference.
    pub(super) fn plan_of_running_conference(&self) -> Option<&PlanVersion> {
        let number = self.case.open_conference()?.number;
        self.case.latest_plan().filter(|p| {
            p.decided_at == DecidedAt::Conference { number }
                && p.submitted_at >= self.conference_start()
        })
    }

    fn conference_start(&self) -> DateTime<Utc> {
        self.case
            .open_conference()
            .and_then(|c| c.parts.first())
            .map_or(self.case.requested_at, |p| p.started_at)
    }
}
