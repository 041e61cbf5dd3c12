//! The pseudonymised case file: one case as its research tables under a key, for a party
//! that may know what happened in a case but not whose case it is (a research institute,
//! an inspectorate, a funder's evaluation).

use kring::{CASE_FILE_VERSION, Disclosure as Disclosed, Store};
use kring_domain::{Case, CaseId, Error, Result};
use serde::{Deserialize, Serialize};

use crate::disclosure::Pseudonymiser;
use crate::{Disclosure, Table, tables};

/// One case as its research tables ([`crate::TABLES`], each with its columns, holding only
/// this case's rows), pseudonymised: the case and every id as keyed hashes (the same as in
/// research tables made with the same key, so that the two join), no names, contact details
/// or free text, birth years only, times as the Monday of their week. It names no store. It
/// does not import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PseudonymisedCaseFile {
    /// The version of the case file format (`kring::CASE_FILE_VERSION`).
    pub kring_case_file: u32,
    /// The case's pseudonym.
    pub case: String,
    /// Always `pseudonymised`.
    pub disclosure: Disclosed,
    /// The research tables, in the order of [`crate::TABLES`].
    pub tables: Vec<Table>,
}

impl PseudonymisedCaseFile {
    /// `case` under `disclosure`, which must be pseudonymised: a case file that identifies
    /// is a full one (`Store::export_case`) or a scoped one (`Store::export_case_for`).
    pub fn of(case: &Case, disclosure: &Disclosure) -> Result<Self> {
        let pseudonymiser = Pseudonymiser::new(disclosure);
        if pseudonymiser.identifying() {
            return Err(Error::invalid(
                "disclosure",
                "a pseudonymised case file needs a pseudonymisation key",
            ));
        }
        Ok(PseudonymisedCaseFile {
            kring_case_file: CASE_FILE_VERSION,
            case: pseudonymiser.case(case.id),
            disclosure: Disclosed::Pseudonymised,
            tables: tables([case], disclosure),
        })
    }

    /// The file as one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a case file serialises")
    }
}

/// The pseudonymised case file of `case` in `store` ([`PseudonymisedCaseFile::of`]).
pub fn export_case_pseudonymised(
    store: &Store,
    case: CaseId,
    disclosure: &Disclosure,
) -> kring::Result<PseudonymisedCaseFile> {
    Ok(PseudonymisedCaseFile::of(&store.case(case)?, disclosure)?)
}
