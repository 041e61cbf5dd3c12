//! The family's plan as one printable HTML document, in Dutch or English.
//!
//! After the conference the coordinator sends the plan to everyone involved, with every
//! professional's safety framework stapled to it (guide for professionals, "Na afloop").
//! [`plan_html`] makes that document for one plan version: one self-contained HTML file
//! that loads nothing, prints on A4 with each framework starting on its own page, and
//! reads the same on screen.
//!
//! It contains, in this order: the title with the version, its date and status, where it
//! was decided and who wrote it down; the case's questions; who was at each conference, per
//! part (information part, private time, presentation); the agreements grouped per person
//! who carries them (what, from when, until when, how often, supporters); the help asked of
//! professionals; the monitors, the conveners and how the professionals are kept informed;
//! the evaluation dates; each professional's verdicts on this version, item by item; and,
//! at the end, every professional's safety framework (concerns, conditions, questions and
//! criteria). People appear by name, never by id; contact details never appear. Dates are
//! written as people read them (`1 april 2026`, `1 April 2026`); a recorded time (when the
//! version was submitted, assessed or sent) is given as its day in UTC, as the case stores it.
//!
//! The document is made from what the reader may see ([`Case::view_for`]): printed for a
//! named reader, a part of the case that [`kring_domain::Section::access`] hides from them
//! is left out, with one neutral line where the part would have been. Every text that
//! comes from the case is escaped by the template engine (askama), and the same case and
//! options always give the same bytes.
//!
//! ```
//! use kring_documents::{Lang, plan::{PlanOptions, plan_html}};
//!
//! let (driver, cast) = kring_testkit::example::full_story();
//! let case = driver.case.expect("the example case");
//! let html = plan_html(&case, &PlanOptions { lang: Lang::En, ..Default::default() }).unwrap();
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("Daan lives with Petra Smit"));
//!
//! // The uncle's own copy of the first version, in Dutch.
//! let options = PlanOptions { version: Some(1), lang: Lang::Nl, reader: Some(cast.uncle()) };
//! let html = plan_html(&case, &options).unwrap();
//! assert!(html.contains("Afgedrukt voor"));
//! ```

use askama::Template;
use kring_domain::{Actor, Case, Error, Result, Role};

use crate::Lang;

mod document;
mod labels;

use labels::Labels;

/// What to print: which version, in which language, for whom.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// The plan version (1, 2, …); the latest when `None`.
    pub version: Option<u32>,
    /// The language of the document.
    pub lang: Lang,
    /// Printed for this person, leaving out what they may not see; as the coordinator
    /// distributes it when `None`.
    pub reader: Option<Actor>,
}

/// The plan document: one plan version of `case` as a self-contained HTML file.
///
/// # Errors
///
/// - `permission_denied` when the reader does not hold their role in the case (as
///   [`Case::view_for`] refuses), or their role may not read the plan at all (a regional
///   manager, an administrator);
/// - `not_found` when the case has no plan version yet (kind `plan`, the case's id), or not
///   the version asked for (kind `plan version`, the version and the case's id).
pub fn plan_html(case: &Case, options: &PlanOptions) -> Result<String> {
    let reader = match options.reader {
        Some(reader) => reader,
        // The coordinator sees everything, and is who distributes the plan.
        None => match &case.coordinator {
            Some(c) => Actor::new(c.coordinator.person.id, Role::Coordinator),
            // Without a coordinator there was no conference, so there is no plan.
            None => return Err(no_plan(case)),
        },
    };
    let view = case.view_for(&reader)?;
    let plans = view
        .plans
        .as_deref()
        .ok_or_else(|| Error::PermissionDenied {
            role: reader.role.code().to_string(),
            command: "read".to_string(),
            message: format!(
                "a {} does not read the plan of case {}",
                reader.role, case.id
            ),
            rule: None,
        })?;
    let plan = match options.version {
        None => plans.last().ok_or_else(|| no_plan(case))?,
        Some(version) => {
            plans
                .iter()
                .find(|p| p.version == version)
                .ok_or_else(|| Error::NotFound {
                    kind: "plan version".to_string(),
                    id: format!("{version} of {}", case.id),
                })?
        }
    };
    let page = document::build(&document::Input {
        view: &view,
        plan,
        l: Labels::of(options.lang),
        lang: options.lang.code(),
        printed_for: options.reader.map(|r| r.person),
    });
    page.render()
        .map_err(|e| Error::invalid("plan document", e.to_string()))
}

/// The error for a case that has no plan version yet.
fn no_plan(case: &Case) -> Error {
    Error::NotFound {
        kind: "plan".to_string(),
        id: case.id.to_string(),
    }
}
