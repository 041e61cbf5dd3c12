//! The coordinator pool: the independent coordinators a regional manager can match to a
//! family, with what they offer, and the ranking of those who fit a case (seed 001, the
//! Stappenplan: "Voorkeur voor een Eigen Kracht-coördinator"; seed 000: "Een onafhankelijke
//! coördinator").
//!
//! Ranking never assigns anyone: it orders the available coordinators who are independent of
//! the case (rule 3) by how many of the family's wishes they meet, and says which. The regional
//! manager then assigns one with `assign_coordinator`, giving the reason.

use serde::{Deserialize, Serialize};

use chrono::{DateTime, Utc};

use crate::case::Case;
use crate::error::Result;
use crate::model::Coordinator;
use crate::validate::{list_within_limit, optional_text, person_fields, required_text};

/// A coordinator in the pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PoolEntry {
    /// Their profile, as an assignment copies it into a case.
    pub coordinator: Coordinator,
    /// Whether they take on a new family now.
    pub available: bool,
}

/// A family's wish a coordinator meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Fit {
    Language,
    Gender,
    Culture,
    Religion,
    Region,
}

/// A coordinator who could be assigned to a case, and the wishes they meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CoordinatorMatch {
    pub coordinator: Coordinator,
    /// The family's wishes this coordinator meets, in the order of [`Fit`].
    pub fits: Vec<Fit>,
}

/// Why a coordinator of the pool cannot be assigned to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unfit {
    /// Not taking on a family now.
    Unavailable,
    /// Already in the case in another role (rule 3).
    InTheCase,
    /// Affiliated with an organisation of the case (rule 3).
    Affiliated,
}

/// Checks an entry's profile as an assignment checks a coordinator's: a person with a name,
/// a region, and texts within their limits.
pub fn check_entry(entry: &PoolEntry) -> Result<()> {
    profile(&entry.coordinator, Utc::now())
}

/// The fields of a coordinator's profile, at moment `at`.
pub(crate) fn profile(c: &Coordinator, at: DateTime<Utc>) -> Result<()> {
    person_fields("coordinator.person", &c.person, at)?;
    required_text("coordinator.region", &c.region)?;
    list_within_limit("coordinator.affiliations", &c.affiliations)?;
    list_within_limit("coordinator.languages", &c.languages)?;
    list_within_limit("coordinator.cultures", &c.cultures)?;
    for l in c.languages.iter().chain(&c.cultures) {
        required_text("coordinator.languages", l)?;
    }
    optional_text("coordinator.religion", &c.religion)
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Whether `entry` may be assigned to `case`: available, not in the case in any role, and not
/// affiliated with any organisation of the case (rule 3 asks this of the organisations giving
/// help; the pool is stricter and also keeps out the referrer's and the municipality's).
pub fn unfit(case: &Case, entry: &PoolEntry) -> Option<Unfit> {
    let c = &entry.coordinator;
    if !entry.available {
        return Some(Unfit::Unavailable);
    }
    let in_case = (case.knows(c.person.id) && !case.is_coordinator(c.person.id))
        || case
            .coordinator
            .as_ref()
            .is_some_and(|a| a.regional_manager == c.person.id);
    if in_case {
        return Some(Unfit::InTheCase);
    }
    if c.affiliations
        .iter()
        .any(|o| case.organisations.contains_key(o))
    {
        return Some(Unfit::Affiliated);
    }
    None
}

/// The wishes of the case's family that `c` meets.
pub fn fits(case: &Case, c: &Coordinator) -> Vec<Fit> {
    let p = &case.preferences;
    let mut out = Vec::new();
    if p.language
        .as_deref()
        .is_some_and(|l| c.languages.iter().any(|x| same(x, l)))
    {
        out.push(Fit::Language);
    }
    if p.gender.is_some() && p.gender == c.gender {
        out.push(Fit::Gender);
    }
    if p.culture
        .as_deref()
        .is_some_and(|l| c.cultures.iter().any(|x| same(x, l)))
    {
        out.push(Fit::Culture);
    }
    if p.religion
        .as_deref()
        .zip(c.religion.as_deref())
        .is_some_and(|(a, b)| same(a, b))
    {
        out.push(Fit::Religion);
    }
    if p.region.as_deref().is_some_and(|r| same(r, &c.region)) {
        out.push(Fit::Region);
    }
    out
}

/// The coordinators of `pool` who may be assigned to `case`, best fit first: by the number of
/// the family's wishes met, then by the wishes in the order of [`Fit`] (language first), then
/// by person id, so that the order is the same on every machine.
pub fn rank_coordinators<'a>(
    case: &Case,
    pool: impl IntoIterator<Item = &'a PoolEntry>,
) -> Vec<CoordinatorMatch> {
    let mut out: Vec<CoordinatorMatch> = pool
        .into_iter()
        .filter(|e| unfit(case, e).is_none())
        .map(|e| CoordinatorMatch {
            fits: fits(case, &e.coordinator),
            coordinator: e.coordinator.clone(),
        })
        .collect();
    out.sort_by(|a, b| {
        b.fits
            .len()
            .cmp(&a.fits.len())
            .then_with(|| a.fits.cmp(&b.fits))
            .then_with(|| a.coordinator.person.id.cmp(&b.coordinator.person.id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::*;
    use crate::model::*;

    fn coordinator(n: u128, languages: &[&str], region: &str) -> PoolEntry {
        PoolEntry {
            coordinator: Coordinator {
                person: Person {
                    id: PersonId::from_u128(n << 80 | 1),
                    name: format!("Coordinator {n}"),
                    birth_date: None,
                    languages: vec![],
                },
                affiliations: vec![],
                languages: languages.iter().map(|l| l.to_string()).collect(),
                gender: None,
                region: region.into(),
                cultures: vec![],
                religion: None,
            },
            available: true,
        }
    }

    #[test]
    fn every_wish_counts_and_ties_go_to_language_then_id() {
        let mut case = requested_case();
        case.preferences = CoordinatorPreferences {
            gender: Some(Gender::Male),
            language: Some("AR".into()),
            culture: Some("Moroccan-Dutch".into()),
            religion: Some("islam".into()),
            other: None,
            region: Some("Utrecht".into()),
        };
        let mut all = coordinator(9, &["ar"], "utrecht ");
        all.coordinator.gender = Some(Gender::Male);
        all.coordinator.cultures = vec!["moroccan-dutch".into()];
        all.coordinator.religion = Some("Islam".into());
        let region_only = coordinator(1, &["nl"], "Utrecht");
        let language_only = coordinator(5, &["ar"], "Oost");
        let also_language = coordinator(3, &["ar"], "Oost");
        let ranked = rank_coordinators(&case, [&region_only, &language_only, &all, &also_language]);
        let order: Vec<u128> = ranked
            .iter()
            .map(|m| m.coordinator.person.id.as_u128() >> 80)
            .collect();
        assert_eq!(order, [9, 3, 5, 1]);
        assert_eq!(
            ranked[0].fits,
            [
                Fit::Language,
                Fit::Gender,
                Fit::Culture,
                Fit::Religion,
                Fit::Region
            ]
        );
        assert_eq!(ranked[3].fits, [Fit::Region]);
    }

    /// A small case built by hand (the test kit depends on this crate).
    fn requested_case() -> Case {
        let at = chrono::DateTime::from_timestamp(1_772_442_000, 0).unwrap();
        let main = PersonId::from_u128(7 << 80);
        let event = crate::Event {
            case: CaseId::from_u128(8 << 80),
            version: 1,
            at,
            actor: crate::Actor::new(main, crate::Role::MainPerson),
            command: crate::Command::RequestConference(Box::new(crate::RequestConference {
                variant: Variant::Family,
                legal_basis: LegalBasis::JeugdwetFamiliegroepsplan,
                description: "A family.".into(),
                questions: vec![],
                main_persons: vec![MainPerson {
                    person: Person {
                        id: main,
                        name: "Main".into(),
                        birth_date: None,
                        languages: vec![],
                    },
                    party: None,
                }],
                referral: Referral::Family,
                organisations: vec![],
                consent_to_pass_contact: false,
                preferences: CoordinatorPreferences::default(),
                antecedents: vec![],
                referral_path: vec![],
                subject: None,
                plan_deadline: None,
            })),
            rules: crate::RULES,
        };
        Case::genesis(&event).unwrap()
    }
}
