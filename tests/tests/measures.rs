//! The standard measures as every language gives them. `tests/conformance/measures.json`
//! holds, for the generated store of [`SEED`] and [`CASES`] (the test kit's workload, the same
//! from Rust, Python, Node and the command line), the measures of each query it lists:
//! every grouping, identifying and pseudonymised with [`KEY`], over all time and over
//! periods. This test computes them from Rust and compares the JSON exactly (floats
//! included: every share and mean is one division of whole numbers, which every language
//! reads back to the same double); the Python, Node and command-line tests compare their own
//! with the same file. `KRING_BLESS=1` rewrites it.

use kring::Store;
use kring_research::Disclosure;
use kring_research::measures::{GroupBy, MIN_CELL, MeasureQuery, measures, store_measures};
use serde_json::{Value, json};

/// The workload's seed and size: enough cases for most groups to be shown, few enough for
/// some organisations and variants to be small cells.
const SEED: u64 = 19;
const CASES: u64 = 150;
/// The pseudonymisation key of the pseudonymised queries (32 bytes, as text for the file).
const KEY: &str = "measures conformance key 32 byte";

fn path() -> std::path::PathBuf {
    std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/conformance/measures.json"
    ))
    .to_path_buf()
}

/// The queries of the file: every grouping over all time, and two periods (the workload's
/// cases are requested in the first weeks of 2016).
fn queries() -> Vec<(bool, Option<&'static str>, Option<&'static str>, GroupBy)> {
    let mut all = Vec::new();
    for identifying in [true, false] {
        for &group_by in GroupBy::ALL {
            all.push((identifying, None, None, group_by));
        }
        all.push((
            identifying,
            Some("2016-01-05"),
            Some("2016-01-07"),
            GroupBy::None,
        ));
        all.push((identifying, Some("2016-01-08"), None, GroupBy::Variant));
    }
    all
}

/// The file's text: one line per group, so that a change in the measures shows as the lines
/// of the groups it changes.
fn render(file: &Value) -> String {
    let line = |v: &Value| serde_json::to_string(v).unwrap();
    let mut out = format!(
        "{{\"seed\": {}, \"cases\": {}, \"key\": {}, \"queries\": [\n",
        file["seed"], file["cases"], file["key"]
    );
    let queries = file["queries"].as_array().unwrap();
    for (i, q) in queries.iter().enumerate() {
        let m = &q["measures"];
        out += &format!(
            "{{\"identifying\": {}, \"from\": {}, \"to\": {}, \"group_by\": {}, \"measures\": \
             {{\"query\": {}, \"pseudonymised\": {}, \"min_cell\": {}, \"groups\": [\n",
            q["identifying"],
            q["from"],
            q["to"],
            q["group_by"],
            line(&m["query"]),
            m["pseudonymised"],
            m["min_cell"]
        );
        let groups = m["groups"].as_array().unwrap();
        for (j, g) in groups.iter().enumerate() {
            out += &line(g);
            out += if j + 1 < groups.len() { ",\n" } else { "\n" };
        }
        out += if i + 1 < queries.len() {
            "]}},\n"
        } else {
            "]}}\n"
        };
    }
    out + "]}\n"
}

fn store() -> Store {
    let store = Store::in_memory().unwrap();
    kring_testkit::generate(&store, SEED, CASES).unwrap();
    store
}

fn golden(store: &Store) -> Value {
    let key = Disclosure::pseudonymised(KEY.as_bytes().to_vec()).unwrap();
    let entries: Vec<Value> = queries()
        .into_iter()
        .map(|(identifying, from, to, group_by)| {
            let query =
                MeasureQuery::from_options(from, to, Some(group_by.code())).expect("a good query");
            let disclosure = if identifying {
                &Disclosure::Identifying
            } else {
                &key
            };
            let m = store_measures(store, &query, disclosure).unwrap();
            json!({
                "identifying": identifying, "from": from, "to": to, "group_by": group_by.code(),
                "measures": m,
            })
        })
        .collect();
    json!({
        "seed": SEED,
        "cases": CASES,
        "key": KEY,
        "queries": entries,
    })
}

#[test]
fn the_measures_of_the_generated_store_are_the_committed_ones() {
    let store = store();
    let golden = golden(&store);
    let text = render(&golden);
    // Compared as text: serde_json's default float parser may round the last digit.
    serde_json::from_str::<Value>(&text).expect("the file is JSON");
    if std::env::var_os("KRING_BLESS").is_some() {
        std::fs::write(path(), &text).unwrap();
    }
    let committed = std::fs::read_to_string(path()).unwrap_or_default();
    assert!(
        committed == text,
        "tests/conformance/measures.json is stale: rerun with KRING_BLESS=1 \
         (and check the change in the measures is meant)"
    );
}

#[test]
fn the_file_exercises_small_cells_and_shown_values() {
    let file: Value = serde_json::from_str(&std::fs::read_to_string(path()).unwrap()).unwrap();
    let queries = file["queries"].as_array().unwrap();
    let groups = |identifying: bool| {
        queries
            .iter()
            .filter(move |q| q["identifying"] == identifying)
            .flat_map(|q| q["measures"]["groups"].as_array().unwrap())
    };
    // Pseudonymised: some groups withheld whole, some shown, some values withheld in a
    // shown group; nothing withheld when identifying.
    assert!(groups(false).any(|g| g["suppressed"] == true));
    assert!(
        groups(false)
            .any(|g| g["suppressed"] == false && g["cells_suppressed"].as_u64().unwrap() > 0)
    );
    let shown: Vec<&Value> = groups(false).filter(|g| g["suppressed"] == false).collect();
    assert!(shown.len() >= 4, "{} groups shown", shown.len());
    for g in &shown {
        assert!(g["uptake"]["requests"].as_u64().unwrap() >= MIN_CELL);
    }
    assert!(
        shown
            .iter()
            .any(|g| g["uptake"]["conference_share"].is_f64())
    );
    assert!(
        shown
            .iter()
            .any(|g| g["timing"]["days_to_conference"]["mean"].is_f64())
    );
    assert!(groups(true).all(|g| g["suppressed"] == false && g["cells_suppressed"] == 0));
    // Organisations are named by pseudonyms when pseudonymised, by ids when identifying.
    let orgs = |identifying: bool| -> std::collections::BTreeSet<String> {
        queries
            .iter()
            .filter(|q| q["identifying"] == identifying && q["group_by"] == "organisation")
            .flat_map(|q| q["measures"]["groups"].as_array().unwrap())
            .map(|g| g["group"].as_str().unwrap().to_string())
            .filter(|g| g != "family")
            .collect()
    };
    let (ids, pseudonyms) = (orgs(true), orgs(false));
    assert!(ids.len() > 5 && ids.len() == pseudonyms.len(), "{ids:?}");
    assert!(ids.is_disjoint(&pseudonyms));
    // The periods hold fewer cases than all time, and some.
    let requests = |q: &Value| -> u64 {
        q["measures"]["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["uptake"]["requests"].as_u64().unwrap_or(0))
            .sum()
    };
    let all = requests(&queries[0]);
    assert_eq!(all, CASES);
    for q in queries
        .iter()
        .filter(|q| q["identifying"] == true && !q["from"].is_null())
    {
        let n = requests(q);
        assert!(n > 0 && n < all, "{n} of {all} in {}", q["from"]);
    }
}

#[test]
fn the_measures_of_a_store_are_those_of_its_cases() {
    let store = store();
    let cases: Vec<_> = store
        .query(&Default::default())
        .unwrap()
        .into_iter()
        .map(|id| store.case(id).unwrap())
        .collect();
    let key = Disclosure::pseudonymised(KEY.as_bytes().to_vec()).unwrap();
    for (identifying, from, to, group_by) in queries() {
        let query = MeasureQuery::from_options(from, to, Some(group_by.code())).unwrap();
        let disclosure = if identifying {
            &Disclosure::Identifying
        } else {
            &key
        };
        assert_eq!(
            store_measures(&store, &query, disclosure).unwrap(),
            measures(&cases, &query, disclosure),
            "{query:?}"
        );
    }
}

#[test]
fn bad_options_are_refused_naming_the_option() {
    let refused = |from, to, group_by| {
        let e = MeasureQuery::from_options(from, to, group_by).unwrap_err();
        assert_eq!(e.code(), "invalid_input");
        e.to_string()
    };
    assert!(refused(None, None, Some("municipality")).contains("group_by"));
    assert!(refused(Some("2017-13-01"), None, None).contains("from"));
    assert!(refused(None, Some("1 January 2018"), None).contains("to"));
    assert!(refused(Some("2018-01-01"), Some("2017-01-01"), None).contains("period"));
    // `[from, to)` with `to == from` holds no day.
    assert!(refused(Some("2018-01-01"), Some("2018-01-01"), None).contains("period"));
    let one_day = MeasureQuery::from_options(Some("2018-01-01"), Some("2018-01-02"), None);
    assert_eq!(one_day.unwrap().group_by, GroupBy::None);
    assert!(
        MeasureQuery {
            from: chrono::NaiveDate::from_ymd_opt(2018, 1, 2),
            to: chrono::NaiveDate::from_ymd_opt(2018, 1, 1),
            group_by: GroupBy::None,
        }
        .check()
        .is_err()
    );
}
