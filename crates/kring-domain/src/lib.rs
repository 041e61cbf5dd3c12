//! The domain model of kring: family group conferences (*Eigen Kracht-conferenties*), their
//! lifecycle and the rules every change must keep. Pure: no I/O, no clock; time comes in with
//! every command. The store that persists it is the `kring` crate; `docs/domain.md` is the
//! guide.
//!
//! ```
//! use kring_domain::*;
//! use kring_testkit::example;
//!
//! let (case, cast) = example::case_in_private_time();
//! let mut state = Some(case.clone());
//! // Rule 1: a professional never writes plan content.
//! let err = execute(&mut state, case.id, cast.professional(), case.updated_at,
//!     Command::SubmitPlan { content: PlanContent::default() }).unwrap_err();
//! assert_eq!(err.rule(), Some(Rule::PlanByCircle));
//! assert_eq!(state.as_ref(), Some(&case)); // nothing changed
//! ```
#![forbid(unsafe_code)]

mod case;
mod command;
mod decide;
mod error;
mod id;
pub mod invariants;
pub mod limits;
mod model;
pub mod permission;
mod plan_checks;
mod validate;
pub mod wire;

pub use case::{Case, PhaseChange};
pub use command::*;
pub use decide::{allowed_phases, decide};
pub use error::{Error, Result, Rule};
pub use id::*;
pub use model::*;
pub use validate::{MAX_ITEMS, MAX_TEXT, MAX_YEAR, MIN_YEAR};

/// Checks a command and, when it is accepted, folds it into `case` (or creates the case)
/// and returns the event. A refused command leaves `case` untouched.
pub fn execute(
    case: &mut Option<Case>,
    case_id: CaseId,
    actor: Actor,
    at: chrono::DateTime<chrono::Utc>,
    command: Command,
) -> Result<Event> {
    let event = decide(case.as_ref(), case_id, actor, at, command)?;
    match case {
        Some(c) => c.apply(&event),
        None => *case = Case::genesis(&event),
    }
    Ok(event)
}
