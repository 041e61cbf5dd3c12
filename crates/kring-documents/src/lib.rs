//! Documents people read from a case: the family's plan ([`plan`]) as one self-contained,
//! printable HTML file, and the network map ([`map`]) as SVG, each in Dutch or English.
//!
//! Both are made from what a reader may see ([`kring_domain::Case::view_for`]): printed for
//! a named person, a document leaves out what that person may not read.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod map;
pub mod plan;

use kring_domain::{Error, Result};

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
