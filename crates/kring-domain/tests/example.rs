use kring_domain::*;
use kring_testkit::example;

#[test]
fn the_example_case_reaches_closure_and_replays() {
    let (s, _cast) = example::full_story();
    let case = s.state();
    assert_eq!(case.phase, Phase::Closed);
    assert_eq!(case.plans.len(), 2);
    assert_eq!(case.plan_in_force().unwrap().version, 2);
    assert_eq!(Case::replay(&s.events).as_ref(), Some(case));
    invariants::check(case).unwrap();
    assert!(case.phases.len() == 5);
}
