//! The one place where commands are checked against the current state. A command that
//! passes becomes an [`Event`]; one that fails returns an error and changes nothing.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::case::Case;
use crate::command::*;
use crate::error::{Error, Result, Rule};
use crate::id::*;
use crate::model::*;
use crate::permission::authorize;
use crate::validate::{
    contact_details, date_in_range, is_minor, list_within_limit, optional_text, person_fields,
    required_text, time_in_range,
};

/// Checks `command`, made by `actor` at `at`, against the case `case_id` in state `case`
/// (`None` if the case does not exist yet). Returns the event to append.
///
/// # Examples
///
/// A professional may never write plan content (rule 1):
///
/// ```
/// # use kring_domain::*;
/// # let (case, ids) = kring_domain::example::case_in_private_time();
/// let actor = Actor::new(ids.professional, Role::Professional);
/// let err = decide(Some(&case), case.id, actor, case.updated_at,
///     Command::SubmitPlan { content: PlanContent::default() }).unwrap_err();
/// assert_eq!(err.rule(), Some(Rule::PlanByCircle));
/// ```
pub fn decide(
    case: Option<&Case>,
    case_id: CaseId,
    actor: Actor,
    at: DateTime<Utc>,
    command: Command,
) -> Result<Event> {
    time_in_range("at", at)?;
    let version = match case {
        None => {
            let Command::RequestConference(req) = &command else {
                return Err(Error::not_found("case", case_id));
            };
            authorize(None, &actor, &command)?;
            check_request(req, at)?;
            1
        }
        Some(case) => {
            if case.id != case_id {
                return Err(Error::invalid(
                    "case",
                    format!("state of {} given for {case_id}", case.id),
                ));
            }
            if matches!(command, Command::RequestConference(_)) {
                return Err(Error::rule_violation(
                    Rule::UniqueIds,
                    "the case already exists",
                    [case_id.to_string()],
                ));
            }
            authorize(Some(case), &actor, &command)?;
            if at < case.updated_at {
                return Err(Error::rule_violation(
                    Rule::TimeOrder,
                    format!(
                        "{at} is before the last change to the case ({})",
                        case.updated_at
                    ),
                    [case_id.to_string()],
                ));
            }
            crate::lifecycle::check_phase(case, command.kind())?;
            check_private_time(case, &actor, &command)?;
            crate::limits::check(case, &command)?;
            Checker { case, actor, at }.check(&command)?;
            case.version + 1
        }
    };
    Ok(Event {
        case: case_id,
        version,
        at,
        actor,
        command,
    })
}

/// Rule 2: while the circle is in private time, no professional and no coordinator takes
/// part; the coordinator only calls the presentation.
fn check_private_time(case: &Case, actor: &Actor, command: &Command) -> Result<()> {
    if case.current_part() != Some(ConferencePart::PrivateTime) {
        return Ok(());
    }
    let outsider = matches!(actor.role, Role::Professional | Role::Coordinator);
    let calls_presentation = matches!(
        command,
        Command::BeginPart {
            part: ConferencePart::Presentation
        }
    );
    if outsider && !(actor.role == Role::Coordinator && calls_presentation) {
        return Err(Error::rule_violation(
            Rule::PrivateTime,
            format!("{} is not present during private time", actor.role),
            [actor.person.to_string(), case.id.to_string()],
        ));
    }
    Ok(())
}

fn check_request(req: &RequestConference, at: DateTime<Utc>) -> Result<()> {
    required_text("description", &req.description)?;
    if req.questions.is_empty() {
        return Err(Error::invalid(
            "questions",
            "at least one question the conference must answer",
        ));
    }
    list_within_limit("questions", &req.questions)?;
    for q in &req.questions {
        required_text("questions.text", &q.text)?;
    }
    unique(req.questions.iter().map(|q| q.id))?;
    if req.main_persons.is_empty() {
        return Err(Error::invalid("main_persons", "at least one main person"));
    }
    list_within_limit("main_persons", &req.main_persons)?;
    for m in &req.main_persons {
        person_fields("main_persons", &m.person, at)?;
    }
    unique(req.main_persons.iter().map(|m| m.person.id))?;
    let ids = || req.main_persons.iter().map(|m| m.person.id.to_string());
    if req.variant == Variant::Restorative {
        let has = |p| req.main_persons.iter().any(|m| m.party == Some(p));
        if !has(Party::Harmed)
            || !has(Party::Responsible)
            || req.main_persons.iter().any(|m| m.party.is_none())
        {
            return Err(Error::rule_violation(
                Rule::CaseParties,
                "a restorative case names a harmed and a responsible party, and every main person is one of them",
                ids(),
            ));
        }
    } else if req.main_persons.iter().any(|m| m.party.is_some()) {
        return Err(Error::rule_violation(
            Rule::CaseParties,
            "only a restorative case has parties",
            ids(),
        ));
    }
    list_within_limit("organisations", &req.organisations)?;
    for o in &req.organisations {
        required_text("organisations.name", &o.name)?;
    }
    unique(req.organisations.iter().map(|o| o.id))?;
    let org_known = |id: OrganisationId| req.organisations.iter().any(|o| o.id == id);
    match &req.referral {
        Referral::Professional { professional } => {
            person_fields("referral.professional", &professional.person, at)?;
            if !org_known(professional.organisation) {
                return Err(unresolved("organisation", professional.organisation));
            }
            if req
                .main_persons
                .iter()
                .any(|m| m.person.id == professional.person.id)
            {
                return Err(Error::rule_violation(
                    Rule::UniqueIds,
                    "the referring professional is also a main person",
                    [professional.person.id.to_string()],
                ));
            }
        }
        Referral::Municipality { organisation } => {
            if !org_known(*organisation) {
                return Err(unresolved("organisation", *organisation));
            }
        }
        Referral::Family => {}
    }
    let p = &req.preferences;
    for (name, t) in [
        ("language", &p.language),
        ("culture", &p.culture),
        ("religion", &p.religion),
        ("other", &p.other),
    ] {
        optional_text(&format!("preferences.{name}"), t)?;
    }
    Ok(())
}

pub(crate) fn unresolved(kind: &str, id: impl ToString) -> Error {
    Error::rule_violation(
        Rule::ReferencesResolve,
        format!("{kind} is not part of the case"),
        [id.to_string()],
    )
}

pub(crate) fn unique<T: Ord + ToString + Copy>(ids: impl IntoIterator<Item = T>) -> Result<()> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(Error::rule_violation(
                Rule::UniqueIds,
                "the same id appears twice",
                [id.to_string()],
            ));
        }
    }
    Ok(())
}

pub(crate) struct Checker<'a> {
    pub(crate) case: &'a Case,
    pub(crate) actor: Actor,
    pub(crate) at: DateTime<Utc>,
}

impl Checker<'_> {
    pub(crate) fn violation(
        &self,
        rule: Rule,
        message: impl Into<String>,
        ids: impl IntoIterator<Item = String>,
    ) -> Error {
        let mut all: Vec<String> = ids.into_iter().collect();
        all.push(self.case.id.to_string());
        Error::rule_violation(rule, message, all)
    }

    pub(crate) fn lifecycle(&self, message: impl Into<String>) -> Error {
        self.violation(Rule::Lifecycle, message, [])
    }

    /// A main person or network member may act only on their own behalf.
    fn self_only(&self, person: PersonId, command: &Command) -> Result<()> {
        if matches!(self.actor.role, Role::MainPerson | Role::NetworkMember)
            && person != self.actor.person
        {
            return Err(Error::PermissionDenied {
                role: self.actor.role.code().into(),
                command: command.name().into(),
                message: format!(
                    "{} may act only for themselves, not for {person}",
                    self.actor.person
                ),
                rule: None,
            });
        }
        Ok(())
    }

    pub(crate) fn known(&self, person: PersonId) -> Result<()> {
        if self.case.knows(person) {
            Ok(())
        } else {
            Err(unresolved("person", person))
        }
    }

    /// Rule 3 and unique people: a new person must not already hold a role in the case.
    fn new_person(&self, person: &Person) -> Result<()> {
        person_fields("person", person, self.at)?;
        if self.case.is_coordinator(person.id) {
            return Err(self.violation(
                Rule::CoordinatorIndependent,
                "the coordinator cannot also be in the circle or a professional in the case",
                [person.id.to_string()],
            ));
        }
        if self.case.knows(person.id) {
            return Err(self.violation(
                Rule::UniqueIds,
                "this person already has a role in the case",
                [person.id.to_string()],
            ));
        }
        Ok(())
    }

    fn check(&self, command: &Command) -> Result<()> {
        let case = self.case;
        match command {
            Command::RequestConference(_) => unreachable!("handled by decide"),
            Command::RegisterOrganisation { organisation } => {
                required_text("organisation.name", &organisation.name)?;
                if case.organisations.contains_key(&organisation.id) {
                    return Err(self.violation(
                        Rule::UniqueIds,
                        "organisation already registered",
                        [organisation.id.to_string()],
                    ));
                }
                Ok(())
            }
            Command::AddProfessional { professional } => {
                self.new_person(&professional.person)?;
                if !case.organisations.contains_key(&professional.organisation) {
                    return Err(unresolved("organisation", professional.organisation));
                }
                if let Some(c) = &case.coordinator {
                    if c.coordinator
                        .affiliations
                        .contains(&professional.organisation)
                    {
                        return Err(self.violation(
                            Rule::CoordinatorIndependent,
                            "the coordinator is affiliated with the organisation of this professional, which gives help in the case",
                            [c.coordinator.person.id.to_string(), professional.organisation.to_string()],
                        ));
                    }
                }
                Ok(())
            }
            Command::RecordContactDetails {
                person,
                details,
                consent,
            } => {
                self.known(*person)?;
                self.self_only(*person, command)?;
                contact_details(details)?;
                if !consent {
                    return Err(self.violation(
                        Rule::ContactConsent,
                        "contact details are stored only with the person's consent",
                        [person.to_string()],
                    ));
                }
                Ok(())
            }
            Command::ShareContactDetails { person, with } => {
                self.known(*person)?;
                self.known(*with)?;
                if !case.contacts.contains_key(person) {
                    return Err(self.violation(
                        Rule::ContactConsent,
                        "no contact details held with consent for this person",
                        [person.to_string()],
                    ));
                }
                Ok(())
            }
            Command::WithdrawContactConsent { person } => {
                self.known(*person)?;
                self.self_only(*person, command)?;
                if !case.contacts.contains_key(person) {
                    return Err(Error::not_found("contact details", person));
                }
                Ok(())
            }
            Command::AssignCoordinator { coordinator } => {
                if case
                    .coordinator
                    .as_ref()
                    .is_some_and(|c| c.accepted_at.is_some())
                {
                    return Err(self.lifecycle("the family already accepted a coordinator"));
                }
                let id = coordinator.person.id;
                person_fields("coordinator.person", &coordinator.person, self.at)?;
                required_text("coordinator.region", &coordinator.region)?;
                list_within_limit("coordinator.affiliations", &coordinator.affiliations)?;
                list_within_limit("coordinator.languages", &coordinator.languages)?;
                for l in &coordinator.languages {
                    required_text("coordinator.languages", l)?;
                }
                if case.is_in_circle(id)
                    || case.professionals.contains_key(&id)
                    || id == self.actor.person
                {
                    return Err(self.violation(
                        Rule::CoordinatorIndependent,
                        "the coordinator may not be in the circle, a professional in the case, or the assigning regional manager",
                        [id.to_string()],
                    ));
                }
                let helping = case.helping_organisations();
                if let Some(org) = coordinator
                    .affiliations
                    .iter()
                    .find(|o| helping.contains(o))
                {
                    return Err(self.violation(
                        Rule::CoordinatorIndependent,
                        "the coordinator is affiliated with an organisation giving help in the case",
                        [id.to_string(), org.to_string()],
                    ));
                }
                Ok(())
            }
            Command::RespondToCoordinator { .. } => match &case.coordinator {
                Some(c) if c.accepted_at.is_none() => Ok(()),
                Some(_) => Err(self.lifecycle("the coordinator was already accepted")),
                None => Err(self.lifecycle("no coordinator has been assigned")),
            },
            Command::AddNetworkMember { member } => {
                self.new_person(&member.person)?;
                if member.relations.is_empty() {
                    return Err(Error::invalid(
                        "member.relations",
                        "at least one relation to a main person",
                    ));
                }
                list_within_limit("member.relations", &member.relations)?;
                for r in &member.relations {
                    if !case.is_main_person(r.to) {
                        return Err(self.violation(
                            Rule::ReferencesResolve,
                            "a relation must be to a main person",
                            [r.to.to_string()],
                        ));
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
            Command::UpdateInvitation { person, status } => {
                let m = case
                    .network
                    .get(person)
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
            Command::SetParticipation {
                person,
                participation,
            } => {
                if !case.network.contains_key(person) {
                    return Err(Error::not_found("network member", person));
                }
                match participation {
                    Participation::NotAttendingForSafety { reason } => {
                        required_text("participation.reason", reason)
                    }
                    Participation::Represented { by }
                        if by == person || !case.is_in_circle(*by) =>
                    {
                        Err(self.violation(
                            Rule::ReferencesResolve,
                            "a member is represented by someone else in the circle",
                            [by.to_string()],
                        ))
                    }
                    _ => Ok(()),
                }
            }
            Command::SubmitFramework { framework } => {
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
            Command::ScheduleConference { conference } => {
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
            Command::StartConference => match case.open_conference() {
                Some(c) if c.parts.is_empty() => Ok(()),
                _ => Err(self.lifecycle("no conference is scheduled")),
            },
            Command::BeginPart { part } => {
                let current = case.current_part();
                let plan_refused = self
                    .plan_of_running_conference()
                    .is_some_and(|p| p.status == PlanStatus::NotAccepted);
                use ConferencePart::*;
                let ok =
                    matches!(
                        (current, part),
                        (Some(Information), PrivateTime) | (Some(PrivateTime), Presentation)
                    ) || (current == Some(Presentation) && *part == PrivateTime && plan_refused);
                if !ok {
                    return Err(self.lifecycle(format!(
                        "cannot move from {} to {part}{}",
                        current.map_or("no part".to_string(), |c| c.to_string()),
                        if *part == PrivateTime {
                            " (back to private time only after a plan was not accepted)"
                        } else {
                            ""
                        }
                    )));
                }
                Ok(())
            }
            Command::RecordAttendance { present } => {
                list_within_limit("present", present)?;
                unique(present.iter().copied())?;
                for p in present {
                    self.known(*p)?;
                }
                if case.current_part() == Some(ConferencePart::PrivateTime) {
                    let outsiders: Vec<String> = present
                        .iter()
                        .filter(|p| case.professionals.contains_key(p) || case.is_coordinator(**p))
                        .map(|p| p.to_string())
                        .collect();
                    if !outsiders.is_empty() {
                        return Err(self.violation(
                            Rule::PrivateTime,
                            "no professional and no coordinator is present during private time",
                            outsiders,
                        ));
                    }
                }
                Ok(())
            }
            Command::SubmitPlan { content } => {
                if case.current_part() == Some(ConferencePart::Information) {
                    return Err(self.lifecycle(
                        "the plan is made in private time, after the information part",
                    ));
                }
                if self
                    .plan_of_running_conference()
                    .is_some_and(|p| p.status == PlanStatus::Accepted)
                {
                    return Err(self.lifecycle(
                        "this conference's plan is already accepted; revise it in follow-up",
                    ));
                }
                self.check_plan(content)
            }
            Command::RevisePlan {
                content,
                evaluation,
            } => {
                if let Some(e) = evaluation {
                    let ev = case
                        .evaluations
                        .get(e)
                        .ok_or_else(|| Error::not_found("evaluation", e))?;
                    if ev.held.is_none() {
                        return Err(self.lifecycle(format!("evaluation {e} has not been held")));
                    }
                }
                self.check_plan(content)
            }
            Command::AssessPlan {
                version,
                framework,
                verdicts,
            } => self.check_assessment(*version, *framework, verdicts),
            Command::EndConference => {
                let accepted = self
                    .plan_of_running_conference()
                    .is_some_and(|p| p.status == PlanStatus::Accepted);
                if case.current_part() != Some(ConferencePart::Presentation) || !accepted {
                    return Err(self.lifecycle(
                        "a conference ends in its presentation, with an accepted plan",
                    ));
                }
                Ok(())
            }
            Command::DistributePlan {
                version,
                recipients,
                frameworks_attached,
            } => {
                let plan = case
                    .plan(*version)
                    .ok_or_else(|| Error::not_found("plan version", version))?;
                if plan.status != PlanStatus::Accepted {
                    return Err(self.lifecycle(format!("plan version {version} is not accepted")));
                }
                if recipients.is_empty() {
                    return Err(Error::invalid("recipients", "at least one recipient"));
                }
                list_within_limit("recipients", recipients)?;
                unique(recipients.iter().copied())?;
                for r in recipients {
                    self.known(*r)?;
                }
                for f in frameworks_attached {
                    if !case.frameworks.contains_key(f) {
                        return Err(unresolved("framework", f));
                    }
                }
                let missing: Vec<String> = case
                    .frameworks
                    .keys()
                    .filter(|f| !frameworks_attached.contains(f))
                    .map(|f| f.to_string())
                    .collect();
                if !missing.is_empty() {
                    return Err(self.violation(
                        Rule::FrameworksAttached,
                        "the plan goes out with every safety framework attached",
                        missing,
                    ));
                }
                Ok(())
            }
            Command::RecordEvaluation { record } => self.check_evaluation(record),
            Command::RaiseSignal { id, about } => {
                required_text("about", about)?;
                if case.signals.iter().any(|s| s.id == *id) {
                    return Err(self.violation(
                        Rule::UniqueIds,
                        "signal id already used",
                        [id.to_string()],
                    ));
                }
                Ok(())
            }
            Command::CloseCase { note, .. } => optional_text("note", note),
            Command::Withdraw { reason } => {
                required_text("reason", reason)?;
                if case.has_accepted_plan() {
                    return Err(
                        self.lifecycle("a case can be withdrawn only until a plan is accepted")
                    );
                }
                Ok(())
            }
            Command::RecordSatisfaction { score, .. } => {
                if !(1..=10).contains(score) {
                    return Err(Error::invalid(
                        "score",
                        format!("{score} is not between 1 and 10"),
                    ));
                }
                Ok(())
            }
        }
    }

    /// The latest plan version decided at the running conference.
    fn plan_of_running_conference(&self) -> Option<&PlanVersion> {
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
