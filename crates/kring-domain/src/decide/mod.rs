//! The checker: the one place where commands are judged against the current state. A command
//! that passes becomes an [`Event`]; one that fails returns an error and changes nothing.
//!
//! [`decide`] runs the checks every command shares, in this order: the time is in range, the
//! case exists (or, for a request, does not), the role ([`crate::permission`]), time order,
//! the phase ([`crate::lifecycle`]), private time (rule 2), the case's limits
//! ([`crate::limits`]). Then it hands the command to the checks of its stage, one file each:
//!
//! - [`intake`]: the request, organisations, professionals, contact details, the coordinator;
//! - [`preparation`]: the circle, invitations, frameworks, scheduling;
//! - [`conference`]: starting, the parts, attendance, ending;
//! - [`plan`]: plan content (rules 5 and 6), submitting, revising and assessing (rule 4);
//! - [`follow_up`]: distribution, evaluations, signals and the ending of the case;
//! - [`record`]: what else is written down: measures, representatives and consent,
//!   relations, views, information, interpreters, the chair, help, involvement, meetings,
//!   signals weighed and resolved, arrangements, a new coordinator.
//!
//! A rule that more than one command must keep is checked by one function in [`common`]
//! (rules 2, 3 and 8, and the helpers for references and unique ids).

mod common;
mod conference;
mod follow_up;
mod intake;
mod plan;
mod preparation;
mod record;

use chrono::{DateTime, Utc};

use crate::case::Case;
use crate::command::*;
use crate::error::{Error, Result, Rule};
use crate::id::*;
use crate::permission::authorize;
use crate::validate::time_in_range;

use common::{Checker, Presence, private_time};

/// Checks `command`, made by `actor` at `at`, against the case `case_id` in state `case`
/// (`None` if the case does not exist yet). Returns the event to append.
///
/// # Examples
///
/// A professional may never write plan content (rule 1):
///
/// ```
/// # use kring_domain::*;
/// # let (case, cast) = kring_testkit::example::case_in_private_time();
/// let actor = Actor::new(cast.professional, Role::Professional);
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
            intake::check_request(req, at)?;
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
            private_time(case, Presence::Acting(&actor, &command))?;
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
        rules: RULES,
    })
}

impl Checker<'_> {
    /// The checks of the command's own stage.
    fn check(&self, command: &Command) -> Result<()> {
        let kind = command.kind();
        match command {
            Command::RequestConference(_) => unreachable!("handled by decide"),
            // Intake: who is involved, and the coordinator.
            Command::RegisterOrganisation { organisation } => {
                self.register_organisation(organisation)
            }
            Command::AddProfessional { professional } => self.add_professional(professional),
            Command::RecordContactDetails {
                person,
                details,
                consent,
            } => self.record_contact_details(kind, *person, details, *consent),
            Command::ShareContactDetails { person, with } => {
                self.share_contact_details(*person, *with)
            }
            Command::WithdrawContactConsent { person } => {
                self.withdraw_contact_consent(kind, *person)
            }
            Command::AssignCoordinator {
                coordinator,
                reason,
            } => self.assign_coordinator(coordinator, reason),
            Command::RespondToCoordinator { .. } => self.respond_to_coordinator(),
            // Preparation: the circle, the frameworks, the date.
            Command::AddNetworkMember { member } => self.add_network_member(member),
            Command::UpdateInvitation { person, status } => {
                self.update_invitation(*person, *status)
            }
            Command::SetParticipation {
                person,
                participation,
            } => self.set_participation(*person, participation),
            Command::SubmitFramework { framework } => self.submit_framework(framework),
            Command::ScheduleConference { conference } => self.schedule_conference(conference),
            // The conference.
            Command::StartConference => self.start_conference(),
            Command::BeginPart { part } => self.begin_part(*part),
            Command::RecordAttendance { present } => self.record_attendance(present),
            Command::EndConference => self.end_conference(),
            // The plan.
            Command::SubmitPlan { content } => self.submit_plan(content),
            Command::RevisePlan {
                content,
                evaluation,
                outside,
            } => self.revise_plan(content, *evaluation, outside.as_ref()),
            Command::AssessPlan {
                version,
                framework,
                verdicts,
            } => self.assess_plan(kind, *version, *framework, verdicts),
            // Follow-up and the ending.
            Command::DistributePlan {
                version,
                recipients,
                frameworks_attached,
            } => self.distribute_plan(*version, recipients, frameworks_attached),
            Command::RecordEvaluation { record } => self.record_evaluation(record),
            Command::RaiseSignal { id, about, subject } => self.raise_signal(*id, about, *subject),
            Command::CloseCase { note, .. } => self.close_case(note),
            Command::Withdraw { reason } => self.withdraw(reason),
            Command::RecordSatisfaction { score, person, .. } => {
                self.record_satisfaction(*score, *person)
            }
            Command::RecordNotTested {
                version,
                framework,
                reason,
            } => self.record_not_tested(*version, *framework, reason),
            // What else is written down.
            Command::RecordMeasure { measure } => self.record_measure(measure),
            Command::AddRepresentative { representation } => {
                self.add_representative(kind, representation)
            }
            Command::RecordConsent { person, .. } => self.record_consent(kind, *person),
            Command::AddRelation { person, relation } => self.add_relation(kind, *person, relation),
            Command::RecordInformation { information } => self.record_information(information),
            Command::RecordView { person, view } => self.record_view(kind, *person, view),
            Command::AddInterpreter { interpreter } => self.add_interpreter(interpreter),
            Command::ChooseChair { person } => self.choose_chair(*person),
            Command::UpdateHelp { help, note, .. } => self.update_help(*help, note),
            Command::EndInvolvement {
                involvement,
                reason,
            } => self.end_involvement(involvement, reason),
            Command::RecordMeeting { meeting } => self.record_meeting(meeting),
            Command::UpdateSignal {
                signal,
                assessment,
                resolution,
            } => self.update_signal(*signal, assessment, resolution),
            Command::ReplaceCoordinator {
                coordinator,
                reason,
            } => self.replace_coordinator(coordinator, reason),
            Command::RecordArrangement { arrangement } => self.record_arrangement(arrangement),
            Command::WithholdDetails { person, from } => self.withhold_details(kind, *person, from),
            Command::LiftWithholding { person, from } => self.lift_withholding(kind, *person, from),
            Command::ErasePerson { person, ground } => self.erase_person(*person, ground),
            Command::HandOver { reason, .. } => self.hand_over(reason),
        }
    }
}
