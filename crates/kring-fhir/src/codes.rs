//! kring's vocabularies as FHIR codings: relations in HL7 v3 RoleCode, kring's own closed
//! vocabularies in `urn:kring:code:<vocabulary>`, and the FHIR code systems the export uses.

use kring_domain::{Relation, RelationKind, Side};
use serde_json::Value;

use crate::json::{coding, concept, text_concept};

/// HL7 v3 RoleCode: personal relationships (`RelatedPerson.relationship`).
pub(crate) const ROLE_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
/// HL7 v3 ParticipationType (`Encounter.participant.type`).
pub(crate) const PARTICIPATION_TYPE: &str =
    "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
/// Encounter special arrangements (an interpreter).
pub(crate) const SPECIAL_ARRANGEMENTS: &str =
    "http://terminology.hl7.org/CodeSystem/encounter-special-arrangements";
/// Goal achievement status.
pub(crate) const GOAL_ACHIEVEMENT: &str = "http://terminology.hl7.org/CodeSystem/goal-achievement";
/// Provenance agent types.
pub(crate) const PROVENANCE_AGENT: &str =
    "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
/// HL7 v3 DataOperation (`Provenance.activity`).
pub(crate) const DATA_OPERATION: &str = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
/// Consent actions (`Consent.provision.action`).
pub(crate) const CONSENT_ACTION: &str = "http://terminology.hl7.org/CodeSystem/consentaction";

/// A code of one of kring's closed vocabularies: system `urn:kring:code:<vocabulary>`, the
/// stable kring code, and its English words as display.
pub(crate) fn kring(vocabulary: &str, code: &str) -> Value {
    coding(&format!("urn:kring:code:{vocabulary}"), code, &words(code))
}

/// A kring code as a `CodeableConcept` with a text.
pub(crate) fn kring_concept(vocabulary: &str, code: &str, text: impl Into<String>) -> Value {
    concept(kring(vocabulary, code), text)
}

/// A snake_case code in words: `youth_probation` → `youth probation`.
pub(crate) fn words(code: &str) -> String {
    code.replace('_', " ")
}

/// A side of the family in words.
pub(crate) fn side_words(side: Side) -> &'static str {
    match side {
        Side::Mothers => "mother's side",
        Side::Fathers => "father's side",
        Side::Own => "own circle",
    }
}

/// What a relation kind says in words: "the member is the `to`'s …".
pub(crate) fn relation_words(kind: RelationKind) -> &'static str {
    use RelationKind::*;
    match kind {
        Parent => "parent",
        StepParent => "step parent",
        Sibling => "sibling",
        Grandparent => "grandparent",
        AuntUncle => "aunt or uncle",
        Cousin => "cousin",
        OtherFamily => "other family",
        Partner => "partner",
        Friend => "friend",
        Neighbour => "neighbour",
        FaithCommunity => "member of the faith community",
        School => "from school",
        Colleague => "colleague",
        Volunteer => "volunteer",
        Other => "other relation",
        Child => "child",
        Grandchild => "grandchild",
        FosterParent => "foster parent",
        FosterChild => "foster child",
        StepChild => "step child",
        StepSibling => "step sibling",
        ParentOfPartner => "parent of the partner",
        ParentOfFriend => "parent of a friend",
    }
}

/// The HL7 v3 RoleCode of a relation (code, display), or `None` where no code fits
/// (`docs/fhir.md` has the table). Only the relation's own `side` makes a code maternal or
/// paternal; kring records no gender, so no gendered code (mother, uncle, …) is ever chosen.
pub(crate) fn role_code(
    kind: RelationKind,
    side: Option<Side>,
) -> Option<(&'static str, &'static str)> {
    use RelationKind::*;
    Some(match (kind, side) {
        (Parent, _) => ("PRN", "parent"),
        (StepParent, _) => ("STPPRN", "step parent"),
        (Sibling, _) => ("SIB", "sibling"),
        (Grandparent, Some(Side::Mothers)) => ("MGRPRN", "maternal grandparent"),
        (Grandparent, Some(Side::Fathers)) => ("PGRPRN", "paternal grandparent"),
        (Grandparent, _) => ("GRPRN", "grandparent"),
        // v3 has aunt and uncle, each gendered, and no code for either: the general one.
        (AuntUncle, _) => ("EXT", "extended family member"),
        (Cousin, Some(Side::Mothers)) => ("MCOUSN", "maternal cousin"),
        (Cousin, Some(Side::Fathers)) => ("PCOUSN", "paternal cousin"),
        (Cousin, _) => ("COUSN", "cousin"),
        (OtherFamily, _) => ("FAMMEMB", "family member"),
        (Partner, _) => ("SIGOTHR", "significant other"),
        (Friend, _) => ("FRND", "unrelated friend"),
        (Neighbour, _) => ("NBOR", "neighbor"),
        (Child, _) => ("CHILD", "child"),
        (Grandchild, _) => ("GRNDCHILD", "grandchild"),
        (FosterParent, _) => ("PRNFOST", "foster parent"),
        (FosterChild, _) => ("CHLDFOST", "foster child"),
        (StepChild, _) => ("STPCHLD", "step child"),
        (StepSibling, _) => ("STPSIB", "step sibling"),
        (ParentOfPartner, _) => ("PRNINLAW", "parent in-law"),
        (FaithCommunity | School | Colleague | Volunteer | Other | ParentOfFriend, _) => {
            return None;
        }
    })
}

/// A relation to the RelatedPerson's patient as a `CodeableConcept`: the v3 RoleCode where
/// one fits, kring's code always, and the relation in words (its label when it has one, with
/// the side of the family when the relation records one).
pub(crate) fn relationship(relation: &Relation) -> Value {
    let words = relation
        .label
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .unwrap_or(relation_words(relation.kind));
    let text = match relation.side {
        Some(side) => format!("{words} ({})", side_words(side)),
        None => words.to_string(),
    };
    let mut codings = Vec::new();
    if let Some((code, display)) = role_code(relation.kind, relation.side) {
        codings.push(coding(ROLE_CODE, code, display));
    }
    codings.push(kring("relation-kind", relation.kind.code()));
    serde_json::json!({ "coding": codings, "text": text })
}

/// A relation to someone other than the patient (another member of the circle), in words.
pub(crate) fn indirect_relationship(relation: &Relation, of: &str) -> Value {
    let words = relation
        .label
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .unwrap_or(relation_words(relation.kind));
    text_concept(format!("{words} of {of}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_relation_kind_has_words_and_a_decision() {
        for kind in RelationKind::ALL {
            assert!(!relation_words(*kind).is_empty());
            for side in [
                None,
                Some(Side::Mothers),
                Some(Side::Fathers),
                Some(Side::Own),
            ] {
                if let Some((code, display)) = role_code(*kind, side) {
                    assert!(code.chars().all(|c| c.is_ascii_uppercase()));
                    assert!(!display.is_empty());
                }
            }
        }
        assert_eq!(
            role_code(RelationKind::Grandparent, Some(Side::Mothers))
                .unwrap()
                .0,
            "MGRPRN"
        );
        assert_eq!(role_code(RelationKind::Friend, None).unwrap().0, "FRND");
        assert!(role_code(RelationKind::Volunteer, None).is_none());
    }
}
