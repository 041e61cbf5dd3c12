//! The standard measures (`kring_research::measures`, `docs/research.md`): hand-computed
//! figures of the example cases, the period, every grouping, the small-cell rule, the
//! pseudonyms of organisations, determinism, and the JSON they cross languages in.
//! Properties of generated cases are in `measures_properties.rs`, the 100,000-case timing in
//! `measures_timing.rs`.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use kring_domain::*;
use kring_research::Disclosure;
use kring_research::measures::*;
use kring_testkit::example;
use serde_json::Value as Json;

fn key() -> Disclosure {
    Disclosure::pseudonymised(*b"measures key 1 measures key 1 me").unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
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

fn dist(count: u64, mean: f64, p25: u64, median: u64, p75: u64) -> Quartiles {
    Quartiles {
        count: Some(count),
        mean: Some(mean),
        p25: Some(p25),
        median: Some(median),
        p75: Some(p75),
    }
}

fn generated(seed: u64, n: u64) -> Vec<Case> {
    kring_testkit::workload::cases(seed, n)
        .map(|g| g.state)
        .collect()
}

/// The example story to private time, then: a plan that is not accepted, back to private
/// time, a second version with one more agreement, accepted. Attendance is recorded at every
/// occurrence of every part.
fn story_going_back(seed: u64) -> Case {
    let (mut s, cast) = example::story_to_private_time_with(seed);
    s.wait(Duration::minutes(60));
    let plan = example::example_plan(&mut s, &cast);
    let run = |s: &mut kring_testkit::CaseDriver, actor: Actor, command: Command| {
        s.run(actor, command).expect("the story is valid");
    };
    run(
        &mut s,
        cast.uncle(),
        Command::SubmitPlan {
            content: plan.clone(),
        },
    );
    run(
        &mut s,
        cast.coordinator(),
        Command::BeginPart {
            part: ConferencePart::Presentation,
        },
    );
    // Seven of the eight: the neighbour has stepped out.
    let mut present = s.state().people();
    present.retain(|p| *p != cast.neighbour);
    assert_eq!(present.len(), 7);
    run(
        &mut s,
        cast.coordinator(),
        Command::RecordAttendance { present },
    );
    run(
        &mut s,
        cast.professional(),
        Command::AssessPlan {
            version: 1,
            framework: cast.framework,
            verdicts: vec![(
                cast.condition,
                ConditionVerdict::NotMet {
                    reason: "The plan does not say how long Daan stays.".into(),
                },
            )],
        },
    );
    run(
        &mut s,
        cast.coordinator(),
        Command::BeginPart {
            part: ConferencePart::PrivateTime,
        },
    );
    // Back in private time, four of the six (all were there the first time).
    run(
        &mut s,
        cast.uncle(),
        Command::RecordAttendance {
            present: vec![cast.youth, cast.mother, cast.uncle, cast.grandmother],
        },
    );
    let mut second = plan;
    second.agreements.push(Agreement {
        id: s.new_id(),
        what: "Daan stays with Petra Smit for at least six months.".into(),
        carried_by: vec![cast.friends_mother],
        supporters: vec![],
        start: None,
        due: None,
        frequency: None,
        answers: vec![cast.condition],
        for_person: None,
        funding: None,
    });
    run(
        &mut s,
        cast.uncle(),
        Command::SubmitPlan { content: second },
    );
    run(
        &mut s,
        cast.coordinator(),
        Command::BeginPart {
            part: ConferencePart::Presentation,
        },
    );
    let everyone = s.state().people();
    run(
        &mut s,
        cast.coordinator(),
        Command::RecordAttendance { present: everyone },
    );
    run(
        &mut s,
        cast.professional(),
        Command::AssessPlan {
            version: 2,
            framework: cast.framework,
            verdicts: vec![(cast.condition, ConditionVerdict::Met)],
        },
    );
    run(&mut s, cast.coordinator(), Command::EndConference);
    s.case.unwrap()
}

/// The story to private time, where the family withdraws.
fn story_withdrawn_in_conference(seed: u64) -> Case {
    let (mut s, cast) = example::story_to_private_time_with(seed);
    s.run(
        Actor::new(cast.mother, Role::MainPerson),
        Command::Withdraw {
            reason: "  The family stops here.  ".into(),
        },
    )
    .unwrap();
    s.case.unwrap()
}

/// The story up to the coordinator's assignment, where the family withdraws.
fn story_withdrawn_on_request(seed: u64) -> Case {
    let (s, cast) = example::story_to_private_time_with(seed);
    let mut s = s.before("assign_coordinator");
    s.run(
        cast.youth(),
        Command::Withdraw {
            reason: "Not now.".into(),
        },
    )
    .unwrap();
    s.case.unwrap()
}

#[test]
fn the_full_story_by_hand() {
    let case = example::full_story().0.case.unwrap();
    let g = one(&[case], &Disclosure::Identifying);
    assert_eq!(g.group, "all");
    assert!(!g.suppressed);
    assert_eq!(g.cells_suppressed, 0);
    let u = &g.uptake;
    assert_eq!(
        (
            u.requests,
            u.conferences_held,
            u.withdrawn,
            u.closed,
            u.open
        ),
        (Some(1), Some(1), Some(0), Some(1), Some(0))
    );
    assert_eq!(u.conference_share, Some(1.0));
    assert_eq!(
        u.closed_by_outcome["living_arrangement_within_network"],
        Some(1)
    );
    assert_eq!(u.closed_by_outcome.values().flatten().sum::<u64>(), 1);
    assert_eq!(u.withdrawal_reasons, Some(BTreeMap::new()));
    // Requested 2 March 09:00; coordinator 4 March 09:00; conference 1 April 13:00.
    assert_eq!(g.timing.days_to_coordinator, dist(1, 2.0, 2, 2, 2));
    assert_eq!(g.timing.days_to_conference, dist(1, 30.0, 30, 30, 30));
    // Two main persons; the uncle named at intake; grandmother, friend's mother and
    // neighbour found while widening the circle.
    let c = &g.circle;
    assert_eq!(c.circle_size, dist(1, 6.0, 6, 6, 6));
    assert_eq!(c.network_members, dist(1, 4.0, 4, 4, 4));
    assert_eq!(c.main_persons, dist(1, 2.0, 2, 2, 2));
    assert_eq!(
        (
            c.identified_at_intake,
            c.identified_widening_circle,
            c.identified_at_conference,
            c.cases_widened
        ),
        (Some(1), Some(3), Some(0), Some(1))
    );
    assert_eq!(c.share_widening_circle, Some(0.75));
    // Everyone in the information part and the presentation (six of the circle, the
    // professional, the coordinator); the circle alone in private time.
    let a = &g.attendance;
    assert_eq!(a.information.persons_present, dist(1, 8.0, 8, 8, 8));
    assert_eq!(a.private_time.persons_present, dist(1, 6.0, 6, 6, 6));
    assert_eq!(a.presentation.persons_present, dist(1, 8.0, 8, 8, 8));
    for part in [&a.information, &a.private_time, &a.presentation] {
        assert_eq!(part.conferences, Some(1));
        assert_eq!(part.circle_present, dist(1, 6.0, 6, 6, 6));
        assert_eq!(part.circle_share, Some(1.0));
    }
    // The first accepted version: three agreements, one item of help.
    let p = &g.plan_items;
    assert_eq!(
        (p.plans, p.agreements, p.requested_help),
        (Some(1), Some(3), Some(1))
    );
    assert_eq!(p.network_share, Some(0.75));
    assert_eq!(p.items_per_plan, dist(1, 4.0, 4, 4, 4));
    let acc = &g.acceptance;
    assert_eq!(
        (acc.accepted, acc.first_time, acc.after_private_time),
        (Some(1), Some(1), Some(0))
    );
    // The first evaluation, 93 days after the conference, is also the three-month one:
    // on track, partly, on track.
    for k in [
        &g.agreements_kept.first_evaluation,
        &g.agreements_kept.three_months,
    ] {
        assert_eq!(k.cases, Some(1));
        assert_eq!((k.kept, k.not_kept), (Some(2), Some(1)));
        assert_eq!(k.kept_share, Some(2.0 / 3.0));
        assert_eq!(k.reviews["on_track"], Some(2));
        assert_eq!(k.reviews["partly"], Some(1));
        assert_eq!(k.reviews["done"], Some(0));
    }
    let f = &g.follow_up;
    assert_eq!(
        (
            f.cases_with_follow_up_conference,
            f.follow_up_conferences,
            f.cases_evaluated,
            f.cases_revised,
            f.cases_met_again
        ),
        (Some(0), Some(0), Some(1), Some(1), Some(0))
    );
    let s = &g.satisfaction;
    assert_eq!(s["main_person"].mean, Some(8.0));
    assert_eq!(s["adult_network_member"].mean, Some(9.0));
    assert_eq!(s["professional"].mean, Some(7.0));
    assert_eq!(s["child"].scores, Some(0));
    assert_eq!(s["child"].mean, None);
}

#[test]
fn the_story_in_private_time_by_hand() {
    let case = example::case_in_private_time().0;
    let g = one(&[case], &Disclosure::Identifying);
    assert_eq!(g.uptake.conferences_held, Some(1));
    assert_eq!(g.uptake.open, Some(1));
    assert_eq!(g.attendance.information.persons_present.median, Some(8));
    assert_eq!(g.attendance.private_time.persons_present.median, Some(6));
    // No presentation yet, no plan: nothing measured, and nothing withheld.
    assert_eq!(g.attendance.presentation.conferences, Some(0));
    assert_eq!(g.attendance.presentation.persons_present.count, Some(0));
    assert_eq!(g.attendance.presentation.persons_present.median, None);
    assert_eq!(g.attendance.presentation.circle_share, None);
    assert_eq!(g.plan_items.plans, Some(0));
    assert_eq!(g.plan_items.network_share, None);
    assert_eq!(g.acceptance.accepted, Some(0));
    assert_eq!(g.acceptance.accepted_share, Some(0.0));
    assert_eq!(g.acceptance.first_time_share, None);
    assert_eq!(g.agreements_kept.first_evaluation.cases, Some(0));
    assert_eq!(g.cells_suppressed, 0);
}

#[test]
fn going_back_to_private_time_by_hand() {
    let g = one(&[story_going_back(7)], &Disclosure::Identifying);
    let acc = &g.acceptance;
    assert_eq!(
        (acc.accepted, acc.first_time, acc.after_private_time),
        (Some(1), Some(0), Some(1))
    );
    assert_eq!(acc.first_time_share, Some(0.0));
    // Each part counts everyone present at any of its occurrences, once: private time 6 ∪ 4,
    // the presentation 7 ∪ 8.
    let a = &g.attendance;
    assert_eq!(a.private_time.persons_present.median, Some(6));
    assert_eq!(a.private_time.circle_share, Some(1.0));
    assert_eq!(a.presentation.persons_present.median, Some(8));
    assert_eq!(a.presentation.circle_present.median, Some(6));
    // The first accepted version is the second: four agreements, one item of help.
    assert_eq!(g.plan_items.agreements, Some(4));
    assert_eq!(g.plan_items.network_share, Some(0.8));
    assert_eq!(g.uptake.open, Some(1));
}

#[test]
fn five_stories_by_hand() {
    let cases = vec![
        example::full_story_with(1).0.case.unwrap(),
        story_going_back(2),
        story_withdrawn_in_conference(3),
        story_withdrawn_on_request(4),
        example::story_to_private_time_with(5).0.case.unwrap(),
    ];
    let g = one(&cases, &Disclosure::Identifying);
    let u = &g.uptake;
    assert_eq!(
        (
            u.requests,
            u.conferences_held,
            u.withdrawn,
            u.closed,
            u.open
        ),
        (Some(5), Some(4), Some(2), Some(1), Some(2))
    );
    assert_eq!(u.conference_share, Some(0.8));
    assert_eq!(u.withdrawn_share, Some(0.4));
    assert_eq!(
        u.withdrawn_in_phase,
        BTreeMap::from([
            ("requested".into(), Some(1)),
            ("preparation".into(), Some(0)),
            ("conference".into(), Some(1)),
        ])
    );
    // The reason as recorded, trimmed.
    assert_eq!(
        u.withdrawal_reasons,
        Some(BTreeMap::from([
            ("Not now.".into(), 1),
            ("The family stops here.".into(), 1)
        ]))
    );
    // The case withdrawn on request never had a coordinator.
    assert_eq!(g.timing.days_to_coordinator, dist(4, 2.0, 2, 2, 2));
    assert_eq!(g.timing.days_to_conference, dist(4, 30.0, 30, 30, 30));
    assert_eq!(g.circle.identified_widening_circle, Some(12));
    assert_eq!(g.attendance.information.conferences, Some(4));
    assert_eq!(g.attendance.private_time.conferences, Some(4));
    assert_eq!(g.attendance.presentation.conferences, Some(2));
    // Plans: 3 + 1 and 4 + 1 items.
    let p = &g.plan_items;
    assert_eq!(
        (p.plans, p.agreements, p.requested_help),
        (Some(2), Some(7), Some(2))
    );
    assert_eq!(p.network_share, Some(7.0 / 9.0));
    assert_eq!(p.items_per_plan, dist(2, 4.5, 4, 4, 5));
    let acc = &g.acceptance;
    assert_eq!(
        (
            acc.conferences_held,
            acc.accepted,
            acc.first_time,
            acc.after_private_time
        ),
        (Some(4), Some(2), Some(1), Some(1))
    );
    assert_eq!(acc.accepted_share, Some(0.5));
    assert_eq!(g.agreements_kept.three_months.kept_share, Some(2.0 / 3.0));
    assert_eq!(g.follow_up.cases_evaluated, Some(1));
    assert_eq!(g.satisfaction["main_person"].scores, Some(1));

    // Pseudonymised, the same five cases: the group is shown, its small cells are not.
    let p = one(&cases, &key());
    assert!(!p.suppressed);
    assert_eq!(p.uptake.requests, Some(5));
    assert_eq!(p.uptake.conferences_held, None); // 4
    assert_eq!(p.uptake.withdrawn, None); // 2
    assert_eq!(p.uptake.conference_share, None); // its numerator is withheld
    assert_eq!(p.uptake.withdrawal_reasons, None); // free text, never
    assert_eq!(p.timing.days_to_conference.median, None); // from 4 cases
    assert!(p.cells_suppressed > 50, "{}", p.cells_suppressed);
}

#[test]
fn four_cases_are_suppressed_and_five_are_shown() {
    let stories: Vec<Case> = (1..=5)
        .map(|seed| example::full_story_with(seed).0.case.unwrap())
        .collect();
    let four = one(&stories[..4], &key());
    assert!(four.suppressed);
    let json = serde_json::to_value(&four).unwrap();
    let mut numbers = Vec::new();
    leaves(&json, "", &mut |path, v| {
        if !v.is_null() && !matches!(path, "/cells_suppressed" | "/suppressed" | "/group") {
            numbers.push(format!("{path} = {v}"));
        }
    });
    assert!(numbers.is_empty(), "shown from four cases: {numbers:?}");
    assert!(four.cells_suppressed > 100, "{}", four.cells_suppressed);
    // Identifying, the same four cases show everything.
    let shown = one(&stories[..4], &Disclosure::Identifying);
    assert!(!shown.suppressed);
    assert_eq!(shown.uptake.requests, Some(4));
    assert_eq!(shown.cells_suppressed, 0);

    let five = one(&stories, &key());
    assert!(!five.suppressed);
    let u = &five.uptake;
    assert_eq!(
        (u.requests, u.conferences_held, u.closed),
        (Some(5), Some(5), Some(5))
    );
    assert_eq!(u.conference_share, Some(1.0));
    assert_eq!(
        u.closed_by_outcome["living_arrangement_within_network"],
        Some(5)
    );
    // A count of none is a count below five.
    assert_eq!(u.withdrawn, None);
    assert_eq!(u.closed_by_outcome["contact_lost"], None);
    assert_eq!(five.timing.days_to_conference, dist(5, 30.0, 30, 30, 30));
    assert_eq!(five.circle.circle_size, dist(5, 6.0, 6, 6, 6));
    assert_eq!(five.circle.identified_widening_circle, Some(15));
    assert_eq!(five.circle.identified_at_intake, Some(5));
    assert_eq!(five.circle.share_at_intake, Some(0.25));
    assert_eq!(five.circle.identified_at_conference, None);
    assert_eq!(five.circle.share_at_conference, None);
    assert_eq!(five.plan_items.network_share, Some(0.75));
    assert_eq!(five.plan_items.agreements, Some(15));
    assert_eq!(five.plan_items.requested_help, Some(5));
    let k = &five.agreements_kept.first_evaluation;
    assert_eq!((k.kept, k.not_kept), (Some(10), Some(5)));
    assert_eq!(k.kept_share, Some(2.0 / 3.0));
    assert_eq!(k.reviews["stopped"], None);
    assert_eq!(five.satisfaction["adult_network_member"].mean, Some(9.0));
    assert_eq!(five.satisfaction["adult_network_member"].scores, Some(5));
    assert_eq!(five.satisfaction["child"].cases, None);
}

#[test]
fn the_period_is_half_open_on_the_request_day() {
    let story = example::full_story().0.case.unwrap(); // requested 2026-03-02
    let requests = |from, to| {
        let q = MeasureQuery {
            from,
            to,
            group_by: GroupBy::None,
        };
        measures([&story], &q, &Disclosure::Identifying).groups[0]
            .uptake
            .requests
    };
    assert_eq!(requests(Some(day(2026, 3, 2)), None), Some(1));
    assert_eq!(requests(Some(day(2026, 3, 3)), None), Some(0));
    assert_eq!(requests(None, Some(day(2026, 3, 2))), Some(0));
    assert_eq!(requests(None, Some(day(2026, 3, 3))), Some(1));
    assert_eq!(
        requests(Some(day(2026, 3, 2)), Some(day(2026, 3, 3))),
        Some(1)
    );
    assert_eq!(
        requests(Some(day(2026, 3, 2)), Some(day(2026, 3, 2))),
        Some(0)
    );

    // Generated cases are requested over two weeks of January 2016.
    let cases = generated(3, 300);
    let split = day(2016, 1, 10);
    let count = |from, to| {
        let q = MeasureQuery {
            from,
            to,
            group_by: GroupBy::None,
        };
        measures(&cases, &q, &Disclosure::Identifying).groups[0]
            .uptake
            .requests
            .unwrap()
    };
    let before = count(None, Some(split));
    let after = count(Some(split), None);
    let by_hand = cases
        .iter()
        .filter(|c| c.requested_at.date_naive() < split)
        .count() as u64;
    assert!(before > 50 && after > 50, "{before} and {after}");
    assert_eq!(before, by_hand);
    assert_eq!(before + after, 300);
    let week = count(Some(day(2016, 1, 8)), Some(day(2016, 1, 15)));
    let by_hand = cases
        .iter()
        .filter(|c| (day(2016, 1, 8)..day(2016, 1, 15)).contains(&c.requested_at.date_naive()))
        .count() as u64;
    assert_eq!(week, by_hand);
}

#[test]
fn each_grouping_gives_its_groups() {
    let cases = generated(5, 300);
    let d = Disclosure::Identifying;
    let m = measures(&cases, &query(GroupBy::Variant), &d);
    let names: Vec<&str> = m.groups.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(names, ["family", "restorative", "community", "learning"]);
    for (g, v) in m.groups.iter().zip(Variant::ALL) {
        let by_hand = cases.iter().filter(|c| c.variant == *v).count() as u64;
        assert_eq!(g.uptake.requests, Some(by_hand), "{v}");
    }
    let m = measures(&cases, &query(GroupBy::LegalBasis), &d);
    let names: Vec<&str> = m.groups.iter().map(|g| g.group.as_str()).collect();
    let codes: Vec<&str> = LegalBasis::ALL.iter().map(|b| b.code()).collect();
    assert_eq!(names, codes);
    for (g, b) in m.groups.iter().zip(LegalBasis::ALL) {
        let by_hand = cases.iter().filter(|c| c.legal_basis == *b).count() as u64;
        assert_eq!(g.uptake.requests, Some(by_hand), "{b}");
    }
    // Organisations: the referring professional's or municipality's; the family's own
    // requests last.
    let m = measures(&cases, &query(GroupBy::Organisation), &d);
    let requesting = |c: &Case| match &c.referral {
        Referral::Professional { professional } => Some(professional.organisation),
        Referral::Municipality { organisation } => Some(*organisation),
        Referral::Family => None,
    };
    let mut by_hand: BTreeMap<String, (u64, Option<String>)> = BTreeMap::new();
    for c in &cases {
        let org = requesting(c);
        let name = org.map(|o| c.organisations[&o].name.clone());
        let e = by_hand
            .entry(org.map_or("family".into(), |o| o.to_string()))
            .or_insert((0, name));
        e.0 += 1;
    }
    let last = m.groups.last().unwrap();
    assert_eq!(last.group, "family");
    assert_eq!(last.label, None);
    assert_eq!(m.groups.len(), by_hand.len());
    let keys: Vec<&str> = m.groups.iter().map(|g| g.group.as_str()).collect();
    let mut sorted = keys[..keys.len() - 1].to_vec();
    sorted.sort();
    assert_eq!(keys[..keys.len() - 1], sorted[..]);
    for g in &m.groups {
        let (n, name) = &by_hand[&g.group];
        assert_eq!(g.uptake.requests, Some(*n), "{}", g.group);
        assert_eq!(&g.label, name, "{}", g.group);
        if g.group != "family" {
            assert!(g.group.starts_with("org_"), "{}", g.group);
            let label = g.label.as_deref().unwrap();
            assert!(
                label.starts_with("Youth care ") || label.starts_with("Municipality "),
                "{label}"
            );
        }
    }
}

#[test]
fn pseudonymised_organisation_groups_hold_no_real_ids_or_names() {
    let cases = generated(9, 400);
    let m = measures(&cases, &query(GroupBy::Organisation), &key());
    let json = serde_json::to_string(&m).unwrap();
    for c in &cases {
        for o in c.organisations.values() {
            assert!(!json.contains(&o.id.to_string()), "leaks {}", o.id);
            assert!(!json.contains(&o.name), "leaks {}", o.name);
        }
        assert!(!json.contains(&c.id.to_string()));
    }
    assert!(m.pseudonymised);
    assert_eq!(m.min_cell, MIN_CELL);
    let keys: Vec<&str> = m.groups.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(*keys.last().unwrap(), "family");
    for k in &keys[..keys.len() - 1] {
        let hex = k.strip_prefix("org_").expect("an organisation pseudonym");
        assert_eq!(hex.len(), 24, "{k}");
        assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()), "{k}");
    }
    assert!(m.groups.iter().all(|g| g.label.is_none()));
    assert!(
        m.groups
            .iter()
            .all(|g| g.uptake.withdrawal_reasons.is_none())
    );
    // The same organisations, counted the same, under other pseudonyms with another key.
    let other = Disclosure::pseudonymised(*b"measures key 2 measures key 2 me").unwrap();
    let m2 = measures(&cases, &query(GroupBy::Organisation), &other);
    assert_eq!(m.groups.len(), m2.groups.len());
    let requests = |m: &Measures| {
        let mut r: Vec<Option<u64>> = m.groups.iter().map(|g| g.uptake.requests).collect();
        r.sort();
        r
    };
    assert_eq!(requests(&m), requests(&m2));
    let names =
        |m: &Measures| -> Vec<String> { m.groups.iter().map(|g| g.group.clone()).collect() };
    assert!(
        names(&m)
            .iter()
            .all(|n| n == "family" || !names(&m2).contains(n))
    );
    // 400 cases over about 90 organisations: some groups are small, and marked.
    assert!(m.groups.iter().any(|g| g.suppressed));
    for g in m.groups.iter().filter(|g| g.suppressed) {
        assert_eq!(g.uptake.requests, None);
    }
}

#[test]
fn measures_are_deterministic_and_do_not_depend_on_order() {
    let cases = generated(11, 200);
    for d in [Disclosure::Identifying, key()] {
        for g in GroupBy::ALL {
            let q = query(*g);
            let a = measures(&cases, &q, &d);
            let b = measures(cases.iter().rev(), &q, &d);
            let mut shuffled: Vec<&Case> = cases.iter().collect();
            shuffled.sort_by_key(|c| c.id.as_u128().rotate_left(17));
            let c = measures(shuffled, &q, &d);
            assert_eq!(a, b, "{g}");
            assert_eq!(a, c, "{g}");
            assert_eq!(
                serde_json::to_string(&a).unwrap(),
                serde_json::to_string(&measures(&cases, &q, &d)).unwrap()
            );
        }
    }
}

#[test]
fn the_measures_of_a_store_are_those_of_its_cases() {
    let store = kring::Store::in_memory().unwrap();
    kring_testkit::generate(&store, 13, 600).unwrap();
    let all = store.cases(&kring::CaseQuery::default()).unwrap();
    for d in [Disclosure::Identifying, key()] {
        for g in GroupBy::ALL {
            let q = MeasureQuery {
                from: Some(day(2016, 1, 6)),
                to: None,
                group_by: *g,
            };
            assert_eq!(
                store_measures(&store, &q, &d).unwrap(),
                measures(&all, &q, &d),
                "{g}"
            );
        }
    }
    let empty = kring::Store::in_memory().unwrap();
    let none = store_measures(&empty, &MeasureQuery::default(), &Disclosure::Identifying).unwrap();
    assert_eq!(none.groups[0].uptake.requests, Some(0));
}

/// A store of format 6 keeps no figures: its measures are counted from its cases as they are
/// read, and are those of its cases, before and after its upgrade to format 7.
#[test]
fn the_measures_of_a_store_of_an_older_format_are_those_of_its_cases() {
    let golden = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/golden/format-v6.kring"
    );
    let path = std::env::temp_dir().join(format!("kring-measures-v6-{}.kring", std::process::id()));
    std::fs::copy(golden, &path).unwrap();
    let store = kring::Store::open(&path).unwrap();
    assert_eq!(store.format_version(), 6);
    let all = store.cases(&kring::CaseQuery::default()).unwrap();
    let measured = |store: &kring::Store| {
        GroupBy::ALL
            .iter()
            .map(|g| {
                let q = MeasureQuery {
                    group_by: *g,
                    ..MeasureQuery::default()
                };
                let from_store = store_measures(store, &q, &Disclosure::Identifying).unwrap();
                assert_eq!(
                    from_store,
                    measures(&all, &q, &Disclosure::Identifying),
                    "{g}"
                );
                from_store
            })
            .collect::<Vec<_>>()
    };
    let before = measured(&store);
    assert!(before[0].groups[0].uptake.conferences_held.unwrap_or(0) > 0);
    store.upgrade(|_| Ok(())).unwrap();
    assert_eq!(store.format_version(), kring::FORMAT_VERSION);
    assert_eq!(measured(&store), before);
    drop(store);
    let _ = std::fs::remove_file(&path);
    let mut log = path.into_os_string();
    log.push(".wal");
    let _ = std::fs::remove_file(log);
}

#[test]
fn queries_and_measures_cross_json() {
    let q: MeasureQuery =
        serde_json::from_str(r#"{"from": "2026-01-01", "group_by": "organisation"}"#).unwrap();
    assert_eq!(q.from, Some(day(2026, 1, 1)));
    assert_eq!(q.to, None);
    assert_eq!(q.group_by, GroupBy::Organisation);
    assert!(serde_json::from_str::<MeasureQuery>(r#"{"group": "variant"}"#).is_err());
    assert!(serde_json::from_str::<MeasureQuery>(r#"{"group_by": "region"}"#).is_err());
    for g in GroupBy::ALL {
        assert_eq!(g.code().parse::<GroupBy>().unwrap(), *g);
        assert_eq!(serde_json::to_value(g).unwrap(), Json::from(g.code()));
    }
    assert_eq!(
        "region".parse::<GroupBy>().unwrap_err().code(),
        "invalid_input"
    );
    let cases = generated(4, 60);
    for d in [Disclosure::Identifying, key()] {
        let m = measures(&cases, &query(GroupBy::LegalBasis), &d);
        let text = serde_json::to_string(&m).unwrap();
        let back: Measures = serde_json::from_str(&text).unwrap();
        // serde_json's default float parsing may land one unit in the last place away
        // (Python's and JavaScript's parsers are exact): every other value is the same.
        let (mut a, mut b) = (Vec::new(), Vec::new());
        leaves(&serde_json::to_value(&m).unwrap(), "", &mut |p, v| {
            a.push((p.to_string(), v.clone()))
        });
        leaves(&serde_json::to_value(&back).unwrap(), "", &mut |p, v| {
            b.push((p.to_string(), v.clone()))
        });
        assert_eq!(a.len(), b.len());
        for ((path, x), (_, y)) in a.iter().zip(&b) {
            match (x.as_f64(), y.as_f64()) {
                (Some(x), Some(y)) if !x.is_nan() => {
                    assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0), "{path}")
                }
                _ => assert_eq!(x, y, "{path}"),
            }
        }
    }
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
