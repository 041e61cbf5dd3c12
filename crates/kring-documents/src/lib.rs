//! Documents people read from a case: the family's plan ([`plan`]) as one self-contained,
//! printable HTML file, and the network map ([`map`]) as SVG, each in Dutch or English; and,
//! over many cases, the report of the standard measures with charts ([`report`]).
//!
//! The plan and the map are made from what a reader may see ([`kring_domain::Case::view_for`]): printed for
//! a named person, a document leaves out what that person may not read.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod map;
pub mod plan;
pub mod report;

pub use map::{MapOptions, network_map_svg};
pub use plan::{PlanOptions, plan_html};
pub use report::{ReportOptions, report_html};

use kring_domain::{Actor, Case, CaseId, Error, Result};

/// Case `case` of `store`, to make a document of. Printed for a named `reader`, the read is
/// checked (the reader must hold their role in the case) and recorded in the access log, as
/// every scoped read is ([`kring::Store::case_for`]); the document itself then leaves out
/// what the reader may not see.
pub fn read(store: &kring::Store, case: CaseId, reader: Option<&Actor>) -> kring::Result<Case> {
    if let Some(reader) = reader {
        store.case_for(case, reader)?;
    }
    store.case(case)
}

/// The language of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// Dutch, the language of the families and the process.
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 code: `nl` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// A date as people write it: `1 april 2026`, `1 April 2026`. Day, month name and year
    /// in both languages, so no locale is needed.
    pub(crate) fn date(self, d: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        const NL: [&str; 12] = [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let months = match self {
            Lang::Nl => &NL,
            Lang::En => &EN,
        };
        format!("{} {} {}", d.day(), months[d.month0() as usize], d.year())
    }
}

impl std::str::FromStr for Lang {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "nl" => Ok(Lang::Nl),
            "en" => Ok(Lang::En),
            other => Err(Error::invalid(
                "lang",
                format!("`{other}` is not a language of the documents (nl, en)"),
            )),
        }
    }
}
