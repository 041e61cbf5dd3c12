//! Properties of the standard measures over generated cases: counts within their
//! denominators, shares in [0, 1], the groups adding up to the whole, counting on threads,
//! and the figures the workload generator was made with.

use std::collections::BTreeMap;

use kring_domain::*;
use kring_research::Disclosure;
use kring_research::measures::*;
use serde_json::Value as Json;

fn key() -> Disclosure {
    Disclosure::pseudonymised(*b"measures key 1 measures key 1 me").unwrap()
}

fn query(group_by: GroupBy) -> MeasureQuery {
    MeasureQuery {
        group_by,
        ..MeasureQuery::default()
    }
}

fn one(cases: &[Case], disclosure: &Disclosure) -> GroupMeasures {
    let m = measures(cases, &query(GroupBy::None), disclosure);
    assert_eq!(m.groups.len(), 1);
    m.groups.into_iter().next().unwrap()
}

fn generated(seed: u64, n: u64) -> Vec<Case> {
    kring_testkit::workload::cases(seed, n)
        .map(|g| g.state)
        .collect()
}

/// Calls `f` with the path and value of every leaf (number, text, bool, null) of `json`.
fn leaves(json: &Json, path: &str, f: &mut dyn FnMut(&str, &Json)) {
    match json {
        Json::Object(o) => o
            .iter()
            .for_each(|(k, v)| leaves(v, &format!("{path}/{k}"), f)),
        Json::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| leaves(v, &format!("{path}/{i}"), f)),
        _ => f(path, json),
    }
}

/// Whether a whole-number leaf is a count that adds up over groups (not a percentile, nor a
/// setting).
fn additive(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    !matches!(
        last,
        "p25" | "median" | "p75" | "min_cell" | "cells_suppressed" | "from" | "to"
    )
}

/// Checks what holds of any measures: counts within their denominators, shares in [0, 1],
/// quartiles in order, the parts adding up to the whole.
fn check_invariants(g: &GroupMeasures) {
    let u = &g.uptake;
    let n = |v: Option<u64>| v.expect("identifying shows every count");
    let requests = n(u.requests);
    assert!(n(u.conferences_held) <= requests);
    assert_eq!(n(u.withdrawn) + n(u.closed) + n(u.open), requests);
    assert_eq!(
        u.withdrawn_in_phase.values().map(|v| n(*v)).sum::<u64>(),
        n(u.withdrawn)
    );
    assert_eq!(
        u.closed_by_outcome.values().map(|v| n(*v)).sum::<u64>(),
        n(u.closed)
    );
    assert_eq!(
        u.withdrawal_reasons.as_ref().unwrap().values().sum::<u64>(),
        n(u.withdrawn)
    );
    let held = n(u.conferences_held);
    assert!(n(g.timing.days_to_coordinator.count) <= requests);
    assert_eq!(n(g.timing.days_to_conference.count), held);
    let c = &g.circle;
    assert_eq!(n(c.cases), held);
    let members =
        n(c.identified_at_intake) + n(c.identified_widening_circle) + n(c.identified_at_conference);
    if held > 0 {
        let total = c.network_members.mean.unwrap() * held as f64;
        assert!((total - members as f64).abs() < 1e-6);
    }
    assert!(n(c.cases_widened) <= held);
    for part in [
        &g.attendance.information,
        &g.attendance.private_time,
        &g.attendance.presentation,
    ] {
        assert!(n(part.conferences) <= held);
        if let (Some(circle), Some(persons)) = (part.circle_present.mean, part.persons_present.mean)
        {
            assert!(circle <= persons);
        }
    }
    let p = &g.plan_items;
    assert!(n(p.plans) <= requests);
    let acc = &g.acceptance;
    assert!(n(acc.accepted) <= held);
    assert_eq!(
        n(acc.first_time) + n(acc.after_private_time),
        n(acc.accepted)
    );
    for k in [
        &g.agreements_kept.first_evaluation,
        &g.agreements_kept.three_months,
    ] {
        assert!(n(k.cases) <= n(g.follow_up.cases_evaluated));
        let reviews: u64 = k.reviews.values().map(|v| n(*v)).sum();
        assert!(n(k.kept) + n(k.not_kept) <= reviews);
    }
    assert!(n(g.agreements_kept.three_months.cases) <= n(g.agreements_kept.first_evaluation.cases));
    let f = &g.follow_up;
    assert!(n(f.cases_with_follow_up_conference) <= held);
    assert!(n(f.cases_with_follow_up_conference) <= n(f.follow_up_conferences));
    assert!(n(f.cases_revised) <= n(f.cases_evaluated) || n(f.cases_with_follow_up_conference) > 0);
    for s in g.satisfaction.values() {
        assert!(n(s.cases) <= n(s.scores));
        if let Some(mean) = s.mean {
            assert!((1.0..=10.0).contains(&mean), "{mean}");
        }
    }
    // Every share in [0, 1]; every distribution's quartiles in order.
    let json = serde_json::to_value(g).unwrap();
    leaves(&json, "", &mut |path, v| {
        if path.ends_with("share") {
            if let Some(x) = v.as_f64() {
                assert!((0.0..=1.0).contains(&x), "{path} = {x}");
            }
        }
    });
    for d in [
        &g.timing.days_to_coordinator,
        &g.timing.days_to_conference,
        &g.circle.circle_size,
        &g.plan_items.items_per_plan,
        &g.attendance.information.persons_present,
    ] {
        if let (Some(a), Some(b), Some(c)) = (d.p25, d.median, d.p75) {
            assert!(a <= b && b <= c, "{d:?}");
            let mean = d.mean.unwrap();
            assert!(mean >= 0.0);
        }
    }
}

#[test]
fn generated_cases_keep_the_properties_of_the_measures() {
    for (seed, n) in [(1, 1), (2, 40), (3, 250), (4, 120)] {
        let cases = generated(seed, n);
        let d = Disclosure::Identifying;
        let whole = measures(&cases, &query(GroupBy::None), &d);
        check_invariants(&whole.groups[0]);
        let mut totals = Vec::new();
        leaves(
            &serde_json::to_value(&whole.groups[0]).unwrap(),
            "",
            &mut |p, v| {
                if v.is_u64() && additive(p) {
                    totals.push((p.to_string(), v.as_u64().unwrap()));
                }
            },
        );
        for g in &GroupBy::ALL[1..] {
            let grouped = measures(&cases, &query(*g), &d);
            let mut sums: BTreeMap<String, u64> = BTreeMap::new();
            let mut weighted: BTreeMap<String, f64> = BTreeMap::new();
            for group in &grouped.groups {
                check_invariants(group);
                leaves(&serde_json::to_value(group).unwrap(), "", &mut |p, v| {
                    if v.is_u64() && additive(p) {
                        *sums.entry(p.to_string()).or_default() += v.as_u64().unwrap();
                    }
                });
                // Means weighted by their counts add up to the whole's.
                let c = &group.circle.circle_size;
                if let (Some(mean), Some(count)) = (c.mean, c.count) {
                    *weighted.entry("circle".into()).or_default() += mean * count as f64;
                }
            }
            for (path, total) in &totals {
                // Group names and the like are text; every count adds up.
                assert_eq!(sums.get(path).copied().unwrap_or(0), *total, "{g}: {path}");
            }
            let whole_circle = &whole.groups[0].circle.circle_size;
            if let (Some(mean), Some(count)) = (whole_circle.mean, whole_circle.count) {
                let w = weighted.get("circle").copied().unwrap_or(0.0);
                assert!((w - mean * count as f64).abs() < 1e-6, "{g}: {w}");
            }
        }
    }
}

#[test]
fn generated_figures_are_near_what_the_workload_was_made_with() {
    // The workload generator: about 40 % withdrawn before a conference, circles of about 12,
    // about 80 % of plan items carried by the circle, a follow-up conference in about 10 %.
    let cases = generated(42, 1000);
    let g = one(&cases, &key());
    let share = |x: Option<f64>| x.expect("1,000 cases are no small cell");
    assert!((0.35..=0.45).contains(&share(g.uptake.withdrawn_share)));
    assert!((10.5..=13.5).contains(&share(g.circle.circle_size.mean)));
    assert!((0.75..=0.86).contains(&share(g.plan_items.network_share)));
    assert!((0.06..=0.14).contains(&share(g.follow_up.follow_up_share)));
    assert!((0.8..=1.0).contains(&share(g.acceptance.first_time_share)));
    // Only the circle in private time (rule 2); members who declined or could not be
    // reached are in the circle but not present.
    let private = &g.attendance.private_time;
    assert_eq!(private.persons_present, private.circle_present);
    assert!((0.8..1.0).contains(&share(private.circle_share)));
    assert!(share(g.agreements_kept.three_months.kept_share) > 0.5);
}

#[test]
fn many_copies_count_on_threads_as_one_copy_scaled() {
    // 10,000 references to 50 cases: counted on several threads where there are cores.
    let cases = generated(21, 50);
    let copies: Vec<&Case> = (0..200).flat_map(|_| cases.iter()).collect();
    let q = query(GroupBy::Variant);
    let once = serde_json::to_value(measures(&cases, &q, &Disclosure::Identifying)).unwrap();
    let many = serde_json::to_value(measures(copies, &q, &Disclosure::Identifying)).unwrap();
    let mut expected = Vec::new();
    leaves(&once, "", &mut |path, v| {
        expected.push((path.to_string(), v.clone()))
    });
    let mut got = Vec::new();
    leaves(&many, "", &mut |path, v| {
        got.push((path.to_string(), v.clone()))
    });
    assert_eq!(expected.len(), got.len());
    for ((path, a), (_, b)) in expected.iter().zip(&got) {
        if a.is_u64() && additive(path) {
            assert_eq!(a.as_u64().unwrap() * 200, b.as_u64().unwrap(), "{path}");
        } else {
            // Shares, means and percentiles: the same.
            assert_eq!(a, b, "{path}");
        }
    }
}
