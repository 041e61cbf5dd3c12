//! Research tables: tidy tables over many cases for analysis (phase durations, network
//! size and growth, attendance, agreements kept, follow-up conferences, outcomes).
//!
//! **Pseudonymised by default**: person and case ids are replaced by keyed hashes
//! (HMAC-SHA-256 with the researcher's key, so two exports made with the same key join),
//! names, contact details and free text are left out, and birth dates are cut to the year.
//! [`Disclosure::Identifying`] is an explicit opt-in that keeps real ids, names and free
//! text, for exports inside the organisation that holds the records.
//!
//! One crate makes them, so that Rust, Python and Node export the same tables.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod arrow;
mod builder;
mod case_file;
mod columns;
mod disclosure;
pub mod measures;
mod parallel;
mod parquet;
mod table;

pub use self::parquet::{
    MAX_ORGANISATION_LEN, ParquetExport, ParquetSummary, check_organisation, parquet_disclosure,
    write_parquet,
};
pub use arrow::{ArrowTable, arrow_ipc, arrow_schema};
pub use builder::{TableBuilder, tables};
pub use case_file::{PseudonymisedCaseFile, export_case_pseudonymised};
pub use disclosure::{Disclosure, MIN_KEY_DISTINCT, MIN_KEY_LEN, PseudonymKey};
pub use parallel::{arrow_tables, arrow_tables_only, store_tables, store_tables_only};
pub use table::{ColumnType, TABLES, Table, TableSet, Value};

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};
    use kring_domain::wire::{date_string, time_string};
    use kring_domain::*;

    fn story() -> Case {
        kring_testkit::example::full_story().0.case.unwrap()
    }

    #[test]
    fn pseudonymised_tables_hold_no_names_ids_or_free_text() {
        let case = story();
        let d = Disclosure::pseudonymised(*b"a research key of 32 bytes long!").unwrap();
        let tables = tables([&case], &d);
        assert_eq!(
            tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            TABLES
        );
        let dump = serde_json::to_string(&tables).unwrap();
        let mut secrets: Vec<String> = case.people().iter().map(|p| p.to_string()).collect();
        secrets.push(case.id.to_string());
        for p in case.people() {
            secrets.push(case.person(p).unwrap().name.clone());
        }
        secrets.push(case.description.clone());
        secrets.push("2010-05-14".into()); // the youth's birth date
        for s in &secrets {
            assert!(!dump.contains(s.as_str()), "export leaks {s}");
        }
        for t in &tables {
            for row in &t.rows {
                assert_eq!(row.len(), t.columns.len(), "{}", t.name);
            }
        }
    }

    #[test]
    fn pseudonymised_tables_give_weeks_and_identifying_tables_exact_times() {
        use crate::table::{ColumnType, Value};
        use chrono::Datelike;
        let case = story();
        let key = Disclosure::pseudonymised(*b"a research key of 32 bytes long!").unwrap();
        let (mut moments, mut exact) = (0, 0);
        for (pseudonymised, identifying) in tables([&case], &key)
            .iter()
            .zip(tables([&case], &Disclosure::Identifying))
        {
            for (i, (name, kind)) in pseudonymised.columns.iter().enumerate() {
                if !matches!(kind, ColumnType::Date | ColumnType::Time) {
                    continue;
                }
                for (p, e) in pseudonymised.rows.iter().zip(&identifying.rows) {
                    let (Value::Text(p), Value::Text(e)) = (&p[i], &e[i]) else {
                        continue;
                    };
                    moments += 1;
                    let day = chrono::NaiveDate::parse_from_str(&p[..10], "%Y-%m-%d").unwrap();
                    assert_eq!(
                        day.weekday(),
                        chrono::Weekday::Mon,
                        "{}.{name}: {p}",
                        pseudonymised.name
                    );
                    if *kind == ColumnType::Time {
                        assert!(p.ends_with("T00:00:00Z"), "{p}");
                    }
                    // The same week as the exact moment the identifying table gives.
                    let exact_day =
                        chrono::NaiveDate::parse_from_str(&e[..10], "%Y-%m-%d").unwrap();
                    assert_eq!(exact_day.iso_week(), day.iso_week(), "{e} and {p}");
                    exact += usize::from(p != e);
                }
            }
        }
        assert!(moments > 20, "{moments} dates and times");
        assert!(
            exact > moments / 2,
            "most moments are coarsened: {exact} of {moments}"
        );
    }

    #[test]
    fn the_same_key_joins_and_another_key_does_not() {
        let case = story();
        let k1 = Disclosure::pseudonymised(*b"research key 1 r").unwrap();
        let k2 = Disclosure::pseudonymised(*b"research key 2 r").unwrap();
        let a = tables([&case], &k1);
        let b = tables([&case], &k1);
        let c = tables([&case], &k2);
        assert_eq!(a, b);
        assert_ne!(a[0].rows[0][0], c[0].rows[0][0]);
        // Within one export the case pseudonym is the same in every table.
        let id = &a[0].rows[0][0];
        assert!(
            a.iter()
                .filter(|t| !t.rows.is_empty())
                .all(|t| &t.rows[0][0] == id)
        );
    }

    #[test]
    fn times_and_dates_are_written_as_chrono_writes_them() {
        use chrono::TimeZone;
        let mut times: Vec<DateTime<Utc>> = vec![
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
            DateTime::from_timestamp(0, 0).unwrap(),
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(-1, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2024, 2, 29, 12, 30, 5).unwrap(),
            // Sub-second parts are cut, and a leap second keeps its 60.
            DateTime::from_timestamp(1_700_000_000, 999_999_999).unwrap(),
            DateTime::from_timestamp(1_483_228_799, 1_500_000_000).unwrap(),
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Seconds across years -3000 to 12000.
            let secs = (x % 475_000_000_000) as i64 - 157_000_000_000;
            times.push(DateTime::from_timestamp(secs, (x >> 40) as u32 % 1_000_000_000).unwrap());
        }
        for t in times {
            assert_eq!(
                time_string(&t, false),
                t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "{t:?}"
            );
            let d = t.date_naive();
            assert_eq!(date_string(d), d.to_string(), "{d:?}");
        }
    }

    #[test]
    fn builders_joined_in_order_give_the_same_tables() {
        let (story, _) = kring_testkit::example::full_story();
        let mut cases = vec![story.case.unwrap()];
        cases.extend(kring_testkit::workload::cases(7, 12).map(|g| g.state));
        for d in [
            Disclosure::pseudonymised(*b"research key 3 resea").unwrap(),
            Disclosure::Identifying,
        ] {
            let whole = tables(&cases, &d);
            for split in [0, 1, 5, cases.len()] {
                let mut a = TableBuilder::new(&d);
                let mut b = TableBuilder::new(&d);
                cases[..split].iter().for_each(|c| a.add(c));
                cases[split..].iter().for_each(|c| b.add(c));
                assert_eq!(
                    a.rows() + b.rows(),
                    whole.iter().map(|t| t.rows.len()).sum::<usize>()
                );
                a.append(b);
                assert_eq!(a.finish(), whole);
            }
        }
    }

    #[test]
    fn the_key_never_shows_in_debug_output() {
        let d = Disclosure::pseudonymised(*b"a research key of 32 bytes long!").unwrap();
        let shown = format!("{d:?} {:?}", TableBuilder::new(&d));
        assert!(!shown.contains("research key"), "{shown}");
        assert!(shown.contains("redacted"), "{shown}");
    }

    #[test]
    #[should_panic(expected = "different disclosures")]
    fn tables_of_different_disclosures_are_never_joined() {
        let a = Disclosure::pseudonymised(*b"research key 3 research key 3 re").unwrap();
        let b = Disclosure::pseudonymised(*b"research key 4 research key 4 re").unwrap();
        TableBuilder::new(&a).append(TableBuilder::new(&b));
    }

    #[test]
    fn short_keys_are_refused() {
        assert_eq!(
            Disclosure::pseudonymised(*b"research").unwrap_err().code(),
            "invalid_input"
        );
    }

    #[test]
    fn weak_keys_are_refused() {
        for weak in [
            vec![0u8; 16],
            vec![0xAA; 64],
            b"abababababababab".to_vec(),
            b"abcdefgabcdefgab".to_vec(),
        ] {
            let err = Disclosure::pseudonymised(weak).unwrap_err();
            assert_eq!(err.code(), "invalid_input");
            assert!(err.to_string().contains("weak key"), "{err}");
        }
        assert!(Disclosure::pseudonymised(*b"abcdefghabcdefgh").is_ok());
    }

    #[test]
    fn identifying_export_is_explicit_and_complete() {
        let case = story();
        let t = tables([&case], &Disclosure::Identifying);
        let network = &t[2];
        let names = network.column("name").unwrap();
        assert!(
            network
                .rows
                .iter()
                .any(|r| r[names] == Value::Text("Petra Smit".into()))
        );
        let cases = &t[0];
        assert_eq!(cases.rows[0][0], Value::Text(case.id.to_string()));
        // Growth of the circle: one named at intake, three found while widening it.
        assert_eq!(
            cases.rows[0][cases.column("network_at_intake").unwrap()],
            Value::Int(1)
        );
        assert_eq!(
            cases.rows[0][cases.column("network_widened").unwrap()],
            Value::Int(3)
        );
        let reviews = &t[6];
        assert_eq!(reviews.rows.len(), 6);
    }
}
