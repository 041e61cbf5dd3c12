//! Criterion benches of the documents people read (`docs/documents.md`) and the FHIR export
//! (`docs/fhir.md`), made from the example case and from generated cases with the largest
//! circles, beside writing the same case state as JSON (what the Node binding sends for a
//! case read): the floor of any document made from a case.

use criterion::{Criterion, criterion_group, criterion_main};
use kring_documents::{Lang, MapOptions, PlanOptions, network_map_svg, plan_html};

fn benches(c: &mut Criterion) {
    let example = kring_testkit::example::full_story()
        .0
        .case
        .expect("the example case");
    // The generated cases whose circles are largest and that have a plan.
    let w = kring_benches::workload(1, 2000);
    let mut large: Vec<&kring::Case> = w
        .states
        .iter()
        .filter(|c| c.latest_plan().is_some())
        .collect();
    large.sort_by_key(|c| std::cmp::Reverse(c.network.len()));
    let large = large[0];
    for (name, case) in [
        ("the example case", &example),
        ("the largest generated circle", large),
    ] {
        let en = PlanOptions {
            lang: Lang::En,
            ..Default::default()
        };
        let map = MapOptions {
            lang: Lang::En,
            reader: None,
        };
        let members = case.network.len();
        c.bench_function(&format!("plan html: {name} ({members} members)"), |b| {
            b.iter(|| plan_html(case, &en).expect("plan"))
        });
        c.bench_function(
            &format!("network map svg: {name} ({members} members)"),
            |b| b.iter(|| network_map_svg(case, &map).expect("map")),
        );
        c.bench_function(&format!("fhir bundle: {name} ({members} members)"), |b| {
            b.iter(|| kring_fhir::bundle(case).expect("bundle").to_string())
        });
        c.bench_function(
            &format!("case state as JSON: {name} ({members} members)"),
            |b| b.iter(|| serde_json::to_string(case).expect("json")),
        );
    }
}

criterion_group!(documents, benches);
criterion_main!(documents);
