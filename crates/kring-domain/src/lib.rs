//! The domain model of kring: family group conferences (*Eigen Kracht-conferenties*), their
//! lifecycle and the rules every change must keep. Pure: no I/O, no clock; time comes in with
//! every command. The store that persists it is the `kring` crate; the examples, the
//! simulator and the workload generator are in `kring-testkit`; `docs/domain.md` is the
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

// The model: ids, values, commands and the state of a case.
mod case; // `Case`: the state of one case, a fold of its events
mod command; // `Command`, `Actor`, `Role`, `Phase`, `Event`
mod id; // typed ids
mod kind; // `CommandKind`: the typed key of every table about commands
mod model; // the values a case holds: people, plans, frameworks, evaluations

// The rules: `decide` judges every command; the tables it reads are typed by `CommandKind`.
mod decide; // the checker: the shared checks, then one file per stage
pub mod erasure; // erasing a person: what of them leaves a case
mod error; // typed refusals naming the rule
pub mod invariants; // what holds after every accepted command (tests and `verify` check it)
pub mod lifecycle; // rule 7: the phase graph, and the phases of each command
pub mod limits; // how large one case may grow
pub mod permission; // who may make which command, and holding the role in the case
pub mod pool; // the coordinator pool, and who fits a case
mod validate; // the shape of values: texts, lists, dates
mod view; // reads scoped to who asks: who reads which part of a case

// Around the model.
pub mod figures; // what the standard measures need of a case
pub mod rows; // what the research tables need of a case
pub mod wire; // how times and dates cross serde (and their fast text forms)

pub use case::{Case, PhaseChange};
pub use command::*;
pub use decide::decide;
pub use error::{Error, MAX_MESSAGE, Result, Rule, redact};
pub use id::*;
pub use kind::CommandKind;
pub use model::*;
pub use validate::{MAX_ITEMS, MAX_TEXT, MAX_YEAR, MIN_YEAR};
pub use view::{Access, CaseView, Section};

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
