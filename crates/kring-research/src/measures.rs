//! The standard measures of family group conferences over many cases (`docs/research.md`):
//! uptake, waiting times, the size and widening of the circle, attendance per part, who
//! carries the plan, acceptance, agreements kept, follow-up and satisfaction.
//!
//! kring computes them itself, from the model, so that two organisations' figures are the
//! same measure and Rust, Python and Node give the same numbers: [`Measures`] is
//! serde-serialisable, and its JSON is the form in which it crosses into the bindings. Every measure is defined in `docs/research.md`, with its
//! numerator, its denominator and the published figure it can be compared with.
//!
//! **Small cells.** Under [`Disclosure::Pseudonymised`] every count below [`MIN_CELL`] and
//! every statistic computed from fewer than [`MIN_CELL`] cases is withheld (`None`, `null`
//! in JSON), a group of fewer than [`MIN_CELL`] cases is marked
//! [`GroupMeasures::suppressed`], and organisations are named by their pseudonym.
//! [`Disclosure::Identifying`] shows everything.
//!
//! ```
//! use kring_research::Disclosure;
//! use kring_research::measures::{GroupBy, MeasureQuery, measures};
//!
//! let case = kring_testkit::example::full_story().0.case.unwrap();
//! let query = MeasureQuery { group_by: GroupBy::None, ..MeasureQuery::default() };
//! let all = measures([&case], &query, &Disclosure::Identifying);
//! let group = &all.groups[0];
//! assert_eq!(group.group, "all");
//! assert_eq!(group.uptake.requests, Some(1));
//! // Three agreements carried by the circle, one item of help asked of a professional.
//! assert_eq!(group.plan_items.network_share, Some(0.75));
//!
//! // One case is a small cell: pseudonymised, nothing of it is shown.
//! let key = Disclosure::pseudonymised(*b"research key 8 research key 8 re")?;
//! let hidden = measures([&case], &query, &key);
//! assert!(hidden.groups[0].suppressed);
//! assert_eq!(hidden.groups[0].uptake.requests, None);
//! # Ok::<(), kring_domain::Error>(())
//! ```

use chrono::NaiveDate;
use kring_domain::Case;
use serde::{Deserialize, Serialize};

use crate::disclosure::Disclosure;

mod report; // the measures as they come out, and the small-cell rule
mod store; // the measures of a whole store, on several threads
mod tally; // one pass over the cases: what is counted, case by case

pub use report::{
    AgreementsKept, Attendance, Circle, FollowUp, GroupMeasures, Kept, Measures, PartAttendance,
    PlanAcceptance, PlanItems, Quartiles, Score, Timing, Uptake,
};
pub use store::store_measures;

/// Fewest cases (and, for counts, fewest units) a value may rest on under a pseudonymised
/// disclosure; below it the value is withheld.
pub const MIN_CELL: u64 = 5;

/// How cases are grouped: every measure is given once per group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// One group, `all`.
    #[default]
    None,
    /// One group per [`kring_domain::Variant`], by its code, every variant listed.
    Variant,
    /// One group per [`kring_domain::LegalBasis`], by its code, every basis listed.
    LegalBasis,
    /// One group per requesting organisation (the referring professional's organisation,
    /// or the referring municipality), named by its id, or by its pseudonym when
    /// pseudonymised; requests the family made themselves form the group `family`.
    Organisation,
}

impl GroupBy {
    /// Every grouping, in declaration order.
    pub const ALL: &'static [GroupBy] = &[
        GroupBy::None,
        GroupBy::Variant,
        GroupBy::LegalBasis,
        GroupBy::Organisation,
    ];

    /// The stable code of this grouping, as serde, `Display` and `FromStr` spell it.
    pub const fn code(self) -> &'static str {
        match self {
            GroupBy::None => "none",
            GroupBy::Variant => "variant",
            GroupBy::LegalBasis => "legal_basis",
            GroupBy::Organisation => "organisation",
        }
    }
}

impl std::fmt::Display for GroupBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for GroupBy {
    type Err = kring_domain::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        GroupBy::ALL
            .iter()
            .copied()
            .find(|g| g.code() == s)
            .ok_or_else(|| {
                kring_domain::Error::invalid(
                    "group_by",
                    format!(
                        "unknown value `{}`; expected one of: none, variant, legal_basis, organisation",
                        s.chars().take(64).collect::<String>()
                    ),
                )
            })
    }
}

/// Which cases, and how to group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeasureQuery {
    /// Only cases requested on or after this day (UTC), if set.
    #[serde(with = "kring_domain::wire::OptDate")]
    pub from: Option<NaiveDate>,
    /// Only cases requested before this day (UTC), if set: the period is `[from, to)`.
    #[serde(with = "kring_domain::wire::OptDate")]
    pub to: Option<NaiveDate>,
    /// How the cases are grouped.
    pub group_by: GroupBy,
}

impl MeasureQuery {
    /// A query from the options the bindings and the command line take: days written
    /// `YYYY-MM-DD` and a grouping by its code (`none` when absent), checked as
    /// [`MeasureQuery::check`] checks them. A malformed day or an unknown grouping is
    /// `invalid_input` naming the option.
    pub fn from_options(
        from: Option<&str>,
        to: Option<&str>,
        group_by: Option<&str>,
    ) -> Result<MeasureQuery, kring_domain::Error> {
        let day = |text: Option<&str>, field: &str| {
            text.map(|t| {
                kring_domain::wire::parse_date(t).ok_or_else(|| {
                    kring_domain::Error::invalid(field, "expected a date written YYYY-MM-DD")
                })
            })
            .transpose()
        };
        let query = MeasureQuery {
            from: day(from, "from")?,
            to: day(to, "to")?,
            group_by: group_by.map(str::parse).transpose()?.unwrap_or_default(),
        };
        query.check()?;
        Ok(query)
    }

    /// Checks the period: when both days are given, `to` must come after `from`. The period
    /// is `[from, to)`, so `to` on or before `from` would hold no day at all, which is a
    /// mistake (a single day is `to = from + 1`), never a question worth a table of zeros.
    pub fn check(&self) -> Result<(), kring_domain::Error> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if to <= from => Err(kring_domain::Error::invalid(
                "period",
                format!(
                    "`to` ({to}) must come after `from` ({from}): the period [from, to) is empty"
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Whether a case requested on `day` (UTC) is in the period `[from, to)`.
    pub fn includes(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|from| day >= from) && self.to.is_none_or(|to| day < to)
    }
}

/// Cases counted on one thread, at least: below twice this, one thread counts them all.
const CASES_PER_THREAD: usize = 4096;
/// Threads counting, at most.
const MAX_THREADS: usize = 8;

/// The standard measures of the cases requested in the query's period, one group per value
/// of [`MeasureQuery::group_by`], under `disclosure` (small cells withheld when
/// pseudonymised). The order of the cases does not matter.
///
/// One pass over the cases, each turned into its figures
/// ([`kring_domain::figures::CaseFigures`], as a store keeps them) and counted; with more
/// than one core and many cases, runs of the cases are counted on several threads and the
/// counts added up (the answer is the same).
pub fn measures<'a>(
    cases: impl IntoIterator<Item = &'a Case>,
    query: &MeasureQuery,
    disclosure: &Disclosure,
) -> Measures {
    let cases: Vec<&Case> = cases.into_iter().collect();
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    let workers = threads.min(cases.len() / CASES_PER_THREAD).min(MAX_THREADS);
    let count = |run: &[&Case]| {
        let mut tally = tally::Tally::new(query, disclosure);
        run.iter()
            .for_each(|case| tally.add(&kring_domain::figures::CaseFigures::from(*case)));
        tally
    };
    let tally = if workers < 2 {
        count(&cases)
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = cases
                .chunks(cases.len().div_ceil(workers))
                .map(|run| s.spawn(move || count(run)))
                .collect();
            let mut total = tally::Tally::new(query, disclosure);
            for handle in handles {
                // Counting never fails; a panic here is a bug, and stays one.
                match handle.join() {
                    Ok(part) => total.merge(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            total
        })
    };
    report::report(tally, disclosure)
}
