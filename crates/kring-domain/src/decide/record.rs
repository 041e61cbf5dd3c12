//! What else is written down about a case (format 3): measures, representatives and
//! consent, relations, views, what was said at the conference, interpreters, the chair,
//! requested help, involvement that ends, meetings, signals and arrangements.

use super::common::{Checker, unresolved};
use crate::command::*;
use crate::error::{Error, Result, Rule};
use crate::id::*;
use crate::kind::CommandKind;
use crate::model::*;
use crate::validate::{date_in_range, list_within_limit, optional_text, required_text};

impl Checker<'_> {
    /// The first update of a measure opens it; later ones keep its kind and the people it
    /// concerns, and only move its status.
    pub(super) fn record_measure(&self, m: &MeasureUpdate) -> Result<()> {
        date_in_range("measure.on", m.on)?;
        optional_text("measure.note", &m.note)?;
        optional_text("measure.label", &m.label)?;
        if m.kind == MeasureKind::Other && m.label.is_none() {
            return Err(Error::invalid(
                "measure.label",
                "a measure of kind `other` is named in words",
            ));
        }
        list_within_limit("measure.concerns", &m.concerns)?;
        // A measure concerns the family: main persons and members of the circle.
        if let Some(p) = m.concerns.iter().find(|p| !self.case.is_in_circle(**p)) {
            return Err(unresolved("main person or network member", p));
        }
        if let Some(existing) = self.case.measures.get(&m.id) {
            if existing.kind != m.kind || existing.concerns != m.concerns {
                return Err(self.violation(
                    Rule::ReferencesResolve,
                    "an update keeps the measure's kind and the people it concerns",
                    [m.id.to_string()],
                ));
            }
        } else if m.concerns.is_empty() {
            return Err(Error::invalid(
                "measure.concerns",
                "a measure concerns at least one person in the case",
            ));
        }
        Ok(())
    }

    /// A representative is in the circle and acts for a main person other than themselves.
    pub(super) fn add_representative(&self, kind: CommandKind, r: &Representation) -> Result<()> {
        let case = self.case;
        if !case.is_main_person(r.for_person) {
            return Err(self.violation(
                Rule::ReferencesResolve,
                "a representative acts for a main person",
                [r.for_person.to_string()],
            ));
        }
        if !case.is_in_circle(r.person) || r.person == r.for_person {
            return Err(self.violation(
                Rule::ReferencesResolve,
                "a representative is another main person or a member of the circle",
                [r.person.to_string()],
            ));
        }
        if case.represents(r.person, r.for_person) {
            return Err(self.violation(
                Rule::UniqueIds,
                "already registered as representative",
                [r.person.to_string(), r.for_person.to_string()],
            ));
        }
        // A main person registers only their own representative.
        self.self_only(r.for_person, kind)
    }

    /// A person gives their own consent, or their representative or the coordinator records it.
    pub(super) fn record_consent(&self, kind: CommandKind, person: PersonId) -> Result<()> {
        if !self.case.is_in_circle(person) {
            return Err(unresolved("main person or network member", person));
        }
        self.self_only(person, kind)
    }

    /// A relation from a member of the network to another person in the circle.
    pub(super) fn add_relation(
        &self,
        kind: CommandKind,
        person: PersonId,
        relation: &Relation,
    ) -> Result<()> {
        let Some(member) = self.case.network.get(&person) else {
            return Err(unresolved("network member", person));
        };
        self.relation(person, relation)?;
        list_within_limit("relations", &member.relations)?;
        if member.relations.contains(relation) {
            return Err(self.violation(
                Rule::UniqueIds,
                "this relation is already recorded",
                [person.to_string(), relation.to.to_string()],
            ));
        }
        if self.actor.role == Role::NetworkMember {
            self.self_only(person, kind)?;
        }
        Ok(())
    }

    /// One relation of member `person`: to someone else in the circle, named in words where
    /// no kind fits.
    pub(super) fn relation(&self, person: PersonId, r: &Relation) -> Result<()> {
        if r.to == person || !self.case.is_in_circle(r.to) {
            return Err(self.violation(
                Rule::ReferencesResolve,
                "a relation is to a main person or another member of the circle",
                [r.to.to_string()],
            ));
        }
        optional_text("relation.label", &r.label)
    }

    /// What someone told the circle in the information part: a professional their own
    /// information, the coordinator anyone's.
    pub(super) fn record_information(&self, info: &InformationGiven) -> Result<()> {
        if self.case.current_part() != Some(ConferencePart::Information) {
            return Err(self.lifecycle("information is given in the information part"));
        }
        let case = self.case;
        if !case.professionals.contains_key(&info.given_by) && !case.is_coordinator(info.given_by) {
            return Err(self.violation(
                Rule::ReferencesResolve,
                "information is given by a professional of the case or the coordinator",
                [info.given_by.to_string()],
            ));
        }
        if self.actor.role == Role::Professional && info.given_by != self.actor.person {
            return Err(self.violation(
                Rule::ReferencesResolve,
                "a professional records their own information",
                [info.given_by.to_string()],
            ));
        }
        required_text("information.summary", &info.summary)?;
        list_within_limit("information.documents", &info.documents)?;
        for d in &info.documents {
            required_text("information.documents", d)?;
        }
        Ok(())
    }

    /// A person's own view: theirs, or written down by the coordinator.
    pub(super) fn record_view(
        &self,
        kind: CommandKind,
        person: PersonId,
        view: &str,
    ) -> Result<()> {
        if !self.case.is_in_circle(person) {
            return Err(unresolved("main person or network member", person));
        }
        self.self_only(person, kind)?;
        required_text("view", view)
    }

    /// An interpreter is a new person in the case who translates for people of the circle.
    pub(super) fn add_interpreter(&self, i: &Interpreter) -> Result<()> {
        self.new_person(&i.person)?;
        required_text("interpreter.language", &i.language)?;
        if i.for_persons.is_empty() {
            return Err(Error::invalid(
                "interpreter.for_persons",
                "an interpreter translates for at least one person of the circle",
            ));
        }
        list_within_limit("interpreter.for_persons", &i.for_persons)?;
        if let Some(p) = i.for_persons.iter().find(|p| !self.case.is_in_circle(**p)) {
            return Err(unresolved("main person or network member", p));
        }
        Ok(())
    }

    /// The chair of private time is a member of the circle, chosen during the conference.
    pub(super) fn choose_chair(&self, person: PersonId) -> Result<()> {
        if !self.case.is_in_circle(person) {
            return Err(self.violation(
                Rule::PlanByCircle,
                "the chair of private time is someone of the circle",
                [person.to_string()],
            ));
        }
        Ok(())
    }

    /// Help asked in the plan in force moves along.
    pub(super) fn update_help(&self, help: HelpId, note: &Option<String>) -> Result<()> {
        optional_text("note", note)?;
        self.help_in_force(help)?;
        if self.actor.role == Role::Professional {
            let asked = self
                .case
                .plan_in_force()
                .and_then(|p| p.content.requested_help.iter().find(|h| h.id == help))
                .and_then(|h| h.from);
            if asked.is_some_and(|p| p != self.actor.person) {
                return Err(self.violation(
                    Rule::ReferencesResolve,
                    "only the professional asked, the circle or the coordinator updates this help",
                    [help.to_string(), self.actor.person.to_string()],
                ));
            }
        }
        Ok(())
    }

    /// A help item of the plan in force.
    pub(super) fn help_in_force(&self, help: HelpId) -> Result<()> {
        let asked = self
            .case
            .plan_in_force()
            .is_some_and(|p| p.content.requested_help.iter().any(|h| h.id == help));
        if asked {
            Ok(())
        } else {
            Err(unresolved("help asked in the plan in force", help))
        }
    }

    /// A professional ends their own involvement; the coordinator, regional manager or an
    /// administrator anyone's.
    pub(super) fn end_involvement(&self, involvement: &Involvement, reason: &str) -> Result<()> {
        required_text("reason", reason)?;
        let case = self.case;
        match *involvement {
            Involvement::Professional { person } => {
                if !case.professionals.contains_key(&person) {
                    return Err(unresolved("professional", person));
                }
                if self.actor.role == Role::Professional && person != self.actor.person {
                    return Err(self.violation(
                        Rule::ReferencesResolve,
                        "a professional ends only their own involvement",
                        [person.to_string()],
                    ));
                }
                if case.involvement_ended(person) {
                    return Err(self.lifecycle(format!("the involvement of {person} has ended")));
                }
            }
            Involvement::Organisation { organisation } => {
                if !case.organisations.contains_key(&organisation) {
                    return Err(unresolved("organisation", organisation));
                }
                let own = case
                    .professionals
                    .get(&self.actor.person)
                    .is_some_and(|p| p.organisation == organisation);
                if self.actor.role == Role::Professional && !own {
                    return Err(self.violation(
                        Rule::ReferencesResolve,
                        "a professional ends only their own organisation's involvement",
                        [organisation.to_string()],
                    ));
                }
                let ended = case
                    .involvement_ended
                    .iter()
                    .any(|e| e.involvement == Involvement::Organisation { organisation });
                if ended {
                    return Err(
                        self.lifecycle(format!("the involvement of {organisation} has ended"))
                    );
                }
            }
        }
        Ok(())
    }

    /// A meeting: everyone invited or present is known in the case, and it was not held
    /// after it is recorded.
    pub(super) fn record_meeting(&self, m: &Meeting) -> Result<()> {
        date_in_range("meeting.on", m.on)?;
        if m.on > self.at.date_naive() {
            return Err(self.violation(
                Rule::TimeOrder,
                "a meeting is recorded after it was held",
                [],
            ));
        }
        optional_text("meeting.note", &m.note)?;
        list_within_limit("meeting.invited", &m.invited)?;
        list_within_limit("meeting.present", &m.present)?;
        for p in std::iter::once(&m.convened_by)
            .chain(&m.invited)
            .chain(&m.present)
        {
            self.known(*p)?;
        }
        Ok(())
    }

    /// A signal is weighed, or resolved once.
    pub(super) fn update_signal(
        &self,
        signal: SignalId,
        assessment: &Option<String>,
        resolution: &Option<String>,
    ) -> Result<()> {
        let s = self
            .case
            .signals
            .iter()
            .find(|s| s.id == signal)
            .ok_or_else(|| Error::not_found("signal", signal))?;
        if assessment.is_none() && resolution.is_none() {
            return Err(Error::invalid(
                "assessment",
                "an update gives an assessment, a resolution or both",
            ));
        }
        optional_text("assessment", assessment)?;
        optional_text("resolution", resolution)?;
        if s.resolution.is_some() {
            return Err(self.lifecycle(format!("signal {signal} is resolved")));
        }
        Ok(())
    }

    /// Rule 3 holds for a new coordinator as for the first; the family keeps its choice of
    /// having one.
    pub(super) fn replace_coordinator(
        &self,
        coordinator: &Coordinator,
        reason: &str,
    ) -> Result<()> {
        let Some(current) = &self.case.coordinator else {
            return Err(self.lifecycle("no coordinator has been assigned"));
        };
        if current.coordinator.person.id == coordinator.person.id {
            return Err(self.lifecycle("the new coordinator is the current one"));
        }
        required_text("reason", reason)?;
        self.coordinator_profile(coordinator)?;
        self.coordinator_independent(super::common::Independence::Assigned(coordinator))
    }

    /// The fields of a coordinator's profile.
    pub(super) fn coordinator_profile(&self, coordinator: &Coordinator) -> Result<()> {
        crate::pool::profile(coordinator, self.at)
    }

    /// Support or an interim arrangement, carried by the circle (as agreements are, rule 6).
    pub(super) fn record_arrangement(&self, a: &Arrangement) -> Result<()> {
        required_text("arrangement.what", &a.what)?;
        if a.carried_by.is_empty() {
            return Err(self.violation(
                Rule::AgreementsCarriedByCircle,
                "an arrangement is carried by named members of the circle",
                [],
            ));
        }
        list_within_limit("arrangement.carried_by", &a.carried_by)?;
        if let Some(p) = a.carried_by.iter().find(|p| !self.case.is_in_circle(**p)) {
            return Err(self.violation(
                Rule::AgreementsCarriedByCircle,
                "an arrangement is carried by the circle",
                [p.to_string()],
            ));
        }
        for d in [a.from, a.until].into_iter().flatten() {
            date_in_range("arrangement.date", d)?;
        }
        if let (Some(f), Some(u)) = (a.from, a.until) {
            if u < f {
                return Err(self.violation(
                    Rule::TimeOrder,
                    "an arrangement ends before it starts",
                    [],
                ));
            }
        }
        Ok(())
    }
}
