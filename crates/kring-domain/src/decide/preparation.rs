//! Preparation: widening the circle and inviting it, the professionals' safety frameworks,
//! and the date and place of a conference.

use super::common::{Checker, unique};
use crate::command::*;
use crate::error::{Error, Result, Rule};
use crate::id::*;
use crate::model::*;
use crate::validate::{date_in_range, is_minor, list_within_limit, optional_text, required_text};

impl Checker<'_> {
    pub(super) fn add_network_member(&self, member: &NewNetworkMember) -> Result<()> {
        let case = self.case;
        self.new_person(&member.person)?;
        if member.relations.is_empty() {
            return Err(Error::invalid(
                "member.relations",
                "at least one relation to a main person",
            ));
        }
        list_within_limit("member.relations", &member.relations)?;
        for r in &member.relations {
            self.relation(member.person.id, r)?;
        }
        list_within_limit("member.also", &member.also)?;
        for a in &member.also {
            required_text("member.also", a)?;
        }
        if let Some(o) = member.organisation {
            if !case.organisations.contains_key(&o) {
                return Err(super::common::unresolved("organisation", o));
            }
        }
        if let Some(b) = member.person.birth_date {
            if is_minor(b, self.at.date_naive()) != member.minor {
                return Err(Error::invalid(
                    "member.minor",
                    "does not agree with the birth date",
                ));
            }
        }
        let fits = matches!(
            (case.phase, member.identified),
            (Phase::Requested, Identified::AtIntake)
                | (
                    Phase::Preparation,
                    Identified::AtIntake | Identified::WideningCircle
                )
                | (Phase::FollowUp, Identified::WideningCircle)
                | (Phase::Conference, Identified::AtConference)
        );
        if !fits {
            return Err(self.lifecycle(format!(
                "a member identified {} cannot be added in phase {}",
                member.identified, case.phase
            )));
        }
        Ok(())
    }

    pub(super) fn update_invitation(
        &self,
        person: PersonId,
        status: InvitationStatus,
    ) -> Result<()> {
        let m = self
            .case
            .network
            .get(&person)
            .ok_or_else(|| Error::not_found("network member", person))?;
        use InvitationStatus::*;
        let ok = matches!(
            (m.invitation, status),
            (Identified, Invited)
                | (Invited, Confirmed | Declined | Unreachable)
                | (Unreachable | Declined, Invited)
                | (Confirmed, Declined)
        );
        if !ok {
            return Err(self.violation(
                Rule::InvitationFlow,
                format!("an invitation cannot go from {} to {status}", m.invitation),
                [person.to_string()],
            ));
        }
        Ok(())
    }

    pub(super) fn set_participation(
        &self,
        person: PersonId,
        participation: &Participation,
    ) -> Result<()> {
        let case = self.case;
        if !case.is_in_circle(person) {
            return Err(Error::not_found("main person or network member", person));
        }
        match participation {
            Participation::NotAttendingForSafety { reason } => {
                required_text("participation.reason", reason)
            }
            Participation::NotAttending { reason } => optional_text("participation.reason", reason),
            Participation::Represented { by } if *by == person || !case.is_in_circle(*by) => {
                Err(self.violation(
                    Rule::ReferencesResolve,
                    "a member is represented by someone else in the circle",
                    [by.to_string()],
                ))
            }
            _ => Ok(()),
        }
    }

    pub(super) fn submit_framework(&self, framework: &NewFramework) -> Result<()> {
        let case = self.case;
        if case.frameworks.contains_key(&framework.id) {
            return Err(self.violation(
                Rule::UniqueIds,
                "framework already submitted",
                [framework.id.to_string()],
            ));
        }
        let groups = [
            &framework.concerns,
            &framework.conditions,
            &framework.questions,
            &framework.criteria,
        ];
        if groups.iter().all(|g| g.is_empty()) {
            return Err(Error::invalid(
                "framework",
                "at least one concern, condition, question or criterion",
            ));
        }
        for g in groups {
            list_within_limit("framework.items", g)?;
            for i in g {
                required_text("framework.items.text", &i.text)?;
            }
        }
        let new = groups.iter().flat_map(|g| g.iter().map(|i| i.id));
        unique(case.items().map(|(id, _)| id).chain(new))
    }

    pub(super) fn schedule_conference(&self, conference: &ConferenceSchedule) -> Result<()> {
        let case = self.case;
        date_in_range("conference.date", conference.date)?;
        required_text("conference.place", &conference.place)?;
        required_text("conference.language", &conference.language)?;
        let open = case.open_conference();
        if open.is_some_and(|c| !c.parts.is_empty()) {
            return Err(self.lifecycle("the conference has already started"));
        }
        if case
            .conferences
            .iter()
            .any(|c| c.id == conference.id && Some(c.id) != open.map(|o| o.id))
        {
            return Err(self.violation(
                Rule::UniqueIds,
                "conference id already used",
                [conference.id.to_string()],
            ));
        }
        if let Some(prev) = case.conferences.iter().rev().find(|c| c.ended_at.is_some()) {
            if conference.date < prev.date {
                return Err(self.violation(
                    Rule::TimeOrder,
                    "a follow-up conference cannot be before the previous conference",
                    [conference.id.to_string(), prev.id.to_string()],
                ));
            }
        }
        Ok(())
    }
}
