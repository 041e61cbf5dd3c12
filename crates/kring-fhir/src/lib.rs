//! HL7 FHIR R5 export: one case as a `Bundle` (`docs/fhir.md` holds the mapping).

#![forbid(unsafe_code)]
#![warn(missing_docs)]
