//! The measures of a whole store, counted from the figures each case keeps beside its state
//! (`kring::CaseFigures`, format 7): a hundred bytes per case instead of the case.

use kring::{Result, Store};

use super::tally::Tally;
use super::{MeasureQuery, Measures, report};
use crate::disclosure::Disclosure;

/// The standard measures ([`super::measures`]) over every case of `store`, from one snapshot,
/// counted from each case's stored figures ([`Store::figures`]; in a store of an older
/// format, made from each case as it is read). The result is that of [`super::measures`]
/// over every case of the store.
///
/// A period whose `to` is not after its `from` is refused ([`MeasureQuery::check`]) before
/// the store is read.
pub fn store_measures(
    store: &Store,
    query: &MeasureQuery,
    disclosure: &Disclosure,
) -> Result<Measures> {
    query.check()?;
    let mut tally = Tally::new(query, disclosure);
    for figures in store.figures()? {
        tally.add(&figures?);
    }
    Ok(report::report(tally, disclosure))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_period_is_refused_before_the_store_is_read() {
        let store = Store::in_memory().unwrap();
        kring_testkit::generate(&store, 3, 2).unwrap();
        let day = |d| chrono::NaiveDate::from_ymd_opt(2016, 1, d).unwrap();
        for (from, to) in [(day(10), day(10)), (day(10), day(3))] {
            let query = MeasureQuery {
                from: Some(from),
                to: Some(to),
                ..MeasureQuery::default()
            };
            let err = store_measures(&store, &query, &Disclosure::Identifying).unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{err}");
            assert!(err.to_string().contains("period"), "{err}");
        }
        let query = MeasureQuery {
            from: Some(day(3)),
            to: Some(day(10)),
            ..MeasureQuery::default()
        };
        assert!(store_measures(&store, &query, &Disclosure::Identifying).is_ok());
    }
}
