//! The network map (ecogram) of a case as one standalone SVG: the family's circle, the
//! *kring*, as one picture.
//!
//! - The **main persons** are at the centre.
//! - The **network** is around them, in a sector per side of the family (mother's side,
//!   father's side, own network); each member's card shows their name and what they are to
//!   the main persons ("oom/tante van Daan", "aunt/uncle of Daan": the model records
//!   relations without gender). The sector's heading names the side and counts its members.
//! - **Marks**: the monitor(s) (★) and the convener(s) (a pennant) of the latest plan
//!   version, minors (`<18`; a main person is a minor when their birth date says so on the
//!   day of the case's last change), and how each member was found: a solid outline when
//!   named at intake, dashed when found while widening the circle, dotted when they joined at
//!   the conference.
//! - **Attendance** at the latest conference: three small squares per person for the
//!   information part, private time and the presentation: filled when present, open when
//!   absent, dashed grey while the part has not been held.
//! - **Outside the circle**, in a band below it: the coordinator, the professionals with
//!   their role and organisation (a dashed frame when their involvement has ended), and
//!   interpreters.
//! - A title, a legend of every symbol the map uses, and a `<title>` and `<desc>` (the whole
//!   map in sentences, since `role="img"` hides the drawing's texts from assistive
//!   technology), `xml:lang` and `lang`.
//!
//! The map is drawn from what the reader may see ([`Case::view_for`]): a part of the case
//! hidden from them is left out. A regional manager, who does not see the circle, gets the
//! professionals and the coordinator and a caption saying the circle is not shown for them.
//! Without a reader the map is drawn as the case's coordinator sees it (everything); a case
//! without a coordinator yet has no such view, and then a reader must be named (the error is
//! `invalid_input`, naming the case).
//!
//! The layout is deterministic (the same case and options give the same bytes): people are
//! ordered by side, then when they were identified, then name, then id. Every text gets a box
//! from a generous estimate of its width; cards are placed so that no two boxes overlap and
//! nothing leaves the viewBox, which is sized to what the map holds. The SVG
//! uses the generic `sans-serif` family and refers to nothing outside itself; every text
//! from the case is escaped.
//!
//! ```
//! use kring_documents::{Lang, map::{MapOptions, network_map_svg}};
//!
//! let (driver, _cast) = kring_testkit::example::full_story();
//! let svg = network_map_svg(driver.state(), &MapOptions { lang: Lang::En, reader: None }).unwrap();
//! assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
//! assert!(svg.contains(">Ruud Verhoef</text>"));
//! assert!(svg.contains(">aunt/uncle of Daan</text>"));
//! ```

use kring_domain::{Actor, Case, CaseView, Error, Result, Role};

use crate::Lang;

mod geom;
mod layout;
mod model;
mod render;
mod words;

#[doc(hidden)]
pub use geom::Rect;
#[doc(hidden)]
pub use layout::{BoxKind, LaidBox, MapLayout, Region, Sector};

/// How to draw the map.
#[derive(Debug, Clone, Default)]
pub struct MapOptions {
    /// The language of the map's words (the names and free text stay as recorded).
    pub lang: Lang,
    /// Drawn for this person, leaving out what they may not see; as the coordinator sees it
    /// when `None`.
    pub reader: Option<Actor>,
}

/// The network map of `case` as one standalone SVG document (UTF-8, no XML declaration, so
/// it can also be put inline in HTML).
///
/// # Errors
///
/// - `permission_denied` when the reader does not hold their role in the case (as for
///   [`Case::view_for`]);
/// - `invalid_input` (field `reader`) when no reader is given and the case has no
///   coordinator yet.
pub fn network_map_svg(case: &Case, options: &MapOptions) -> Result<String> {
    Ok(render::svg(&layout(case, options)?))
}

/// The map laid out, without drawing it: every box of text and every symbol where the SVG
/// puts it. For tests of the geometry; not a stable interface.
#[doc(hidden)]
pub fn layout(case: &Case, options: &MapOptions) -> Result<MapLayout> {
    let view = view(case, options)?;
    Ok(layout::lay_out(&model::build(&view, options.lang)))
}

/// The part of the case the map may show.
fn view(case: &Case, options: &MapOptions) -> Result<CaseView> {
    let reader = match options.reader {
        Some(r) => r,
        None => match &case.coordinator {
            Some(a) => Actor::new(a.coordinator.person.id, Role::Coordinator),
            None => {
                return Err(Error::invalid(
                    "reader",
                    format!(
                        "case `{}` has no coordinator yet: name the reader the network map is drawn for",
                        case.id
                    ),
                ));
            }
        },
    };
    case.view_for(&reader)
}
