//! HL7 FHIR R5 export: one case as a `Bundle` (`docs/fhir.md` holds the mapping).
//!
//! [`bundle`] turns the state of one case into a FHIR R5 `Bundle` of type `collection`: the
//! main persons as `Patient` (and a `Group` of them when there are several), the network as
//! `RelatedPerson`, the coordinator and the professionals as `Practitioner`,
//! `PractitionerRole` and `Organization`, the circle as a `CareTeam`, each conference and its
//! three parts as `Encounter`, each plan version as a `CarePlan` with a `Provenance`, its
//! agreements and evaluation moments as `Task`, the help it asks as `ServiceRequest`, the
//! bottom lines of the safety frameworks as `Goal`, and the consent to pass contact details on
//! as `Consent`.
//!
//! The export is base R5 (no profiles, no extensions) and deterministic: the same case gives
//! the same bytes. Every entry's `fullUrl` is a `urn:uuid:` derived from the case's id, the
//! resource type and the kring id it stands for, and every resource's `id` is that UUID; every
//! reference inside the bundle resolves to an entry. Contact details, religion, culture, views,
//! signals and measures are never exported (`docs/fhir.md`, "What is left out").
//!
//! ```
//! let (driver, _cast) = kring_testkit::example::full_story();
//! let case = driver.state();
//! let bundle = kring_fhir::bundle(case).unwrap();
//! assert_eq!(bundle["resourceType"], "Bundle");
//! assert_eq!(bundle["type"], "collection");
//! let care_plans = bundle["entry"]
//!     .as_array()
//!     .unwrap()
//!     .iter()
//!     .filter(|e| e["resource"]["resourceType"] == "CarePlan")
//!     .count();
//! assert_eq!(care_plans, case.plans.len());
//! // Deterministic: the same case, the same bytes.
//! assert_eq!(bundle.to_string(), kring_fhir::bundle(case).unwrap().to_string());
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod codes; // kring's vocabularies as FHIR codings: relations (v3 RoleCode), roles, statuses
mod export; // the resources, one file per part of the case
mod ids; // deterministic UUIDs and identifiers
mod json; // small builders and the pruning of empty elements

use kring_domain::{Case, Result};
use serde_json::Value;

/// The FHIR version of the export.
pub const FHIR_VERSION: &str = "5.0.0";

/// The prefix of every identifier system and code system of the export: identifiers are
/// `urn:kring:<kind>` with the kring id in its text form as value (`urn:kring:person` and
/// `person_01H…`), code systems `urn:kring:code:<vocabulary>` with kring's stable codes.
pub const SYSTEM_PREFIX: &str = "urn:kring:";

/// The case as a FHIR R5 `Bundle` of type `collection`, as JSON.
///
/// Every resource of the case is one entry, each with a `fullUrl` of the form
/// `urn:uuid:<uuid>` and a resource `id` equal to that UUID; references point at those
/// `fullUrl`s. The same case always gives the same JSON (object keys sorted, entries in a
/// fixed order). `docs/fhir.md` has the full mapping and what is left out.
///
/// # Errors
///
/// `invalid_input` when the case has no main person: every resource of the export is about
/// one (a case accepted by the domain always has one).
pub fn bundle(case: &Case) -> Result<Value> {
    export::Export::new(case)?.bundle()
}
