//! The structure of the bundles: every reference resolves, ids are unique, one CarePlan per
//! plan version chained with `replaces`, one Task per agreement of each version, one Goal per
//! condition, conference parts `partOf` their conference, no contact details, and the same
//! case always gives the same bytes. Checked on the example and the recorded story at every
//! step of their history, on generated workloads and on simulated cases.

use std::collections::{BTreeMap, BTreeSet};

use kring_domain::erasure::ERASED;
use kring_domain::{Case, ConferencePart, Event, RelationKind};
use kring_testkit::sim::{Input, Sim};
use kring_testkit::{example, recorded, workload};
use serde_json::Value;

fn entries(bundle: &Value) -> &Vec<Value> {
    bundle["entry"].as_array().expect("entries")
}

fn of_type<'a>(bundle: &'a Value, t: &str) -> Vec<&'a Value> {
    entries(bundle)
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == t)
        .collect()
}

fn url_of(bundle: &Value, resource: &Value) -> String {
    entries(bundle)
        .iter()
        .find(|e| {
            e["resource"]["id"] == resource["id"]
                && e["resource"]["resourceType"] == resource["resourceType"]
        })
        .and_then(|e| e["fullUrl"].as_str())
        .expect("an entry")
        .to_string()
}

fn references(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                match (k.as_str(), x) {
                    ("reference", Value::String(s)) => out.push(s.clone()),
                    _ => references(x, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|x| references(x, out)),
        _ => {}
    }
}

fn keys(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                out.insert(k.clone());
                keys(x, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|x| keys(x, out)),
        _ => {}
    }
}

fn identifier(resource: &Value, system: &str) -> Option<String> {
    resource["identifier"]
        .as_array()?
        .iter()
        .find(|i| i["system"] == system)
        .and_then(|i| i["value"].as_str())
        .map(str::to_string)
}

fn plan_version(resource: &Value) -> u32 {
    identifier(resource, "urn:kring:plan")
        .and_then(|v| v.rsplit('/').next().map(str::to_string))
        .and_then(|v| v.parse().ok())
        .expect("a plan version")
}

/// Every structural rule of the export, for one case.
fn check(case: &Case) -> Value {
    let bundle = kring_fhir::bundle(case).expect("a bundle");
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "collection");
    assert_eq!(bundle["identifier"]["value"], case.id.to_string());

    // fullUrls unique, ids unique per type and equal to the fullUrl's UUID.
    let mut urls = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for e in entries(&bundle) {
        let url = e["fullUrl"].as_str().expect("a fullUrl");
        let id = e["resource"]["id"].as_str().expect("an id");
        assert_eq!(url, format!("urn:uuid:{id}"));
        assert!(
            id.len() <= 64
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        );
        assert!(urls.insert(url.to_string()), "fullUrl {url} twice");
        let t = e["resource"]["resourceType"].as_str().unwrap().to_string();
        assert!(ids.insert((t, id.to_string())), "id {id} twice");
    }

    // Every reference resolves to an entry.
    let mut refs = Vec::new();
    references(&bundle["entry"], &mut refs);
    for r in &refs {
        assert!(urls.contains(r), "unresolved reference {r}");
    }

    // No contact details, ever.
    let mut all_keys = BTreeSet::new();
    keys(&bundle, &mut all_keys);
    for k in ["telecom", "address", "photo", "gender"] {
        assert!(!all_keys.contains(k), "`{k}` in the export");
    }

    // One CarePlan per plan version, chained with `replaces` in version order.
    let mut plans = of_type(&bundle, "CarePlan");
    assert_eq!(plans.len(), case.plans.len());
    plans.sort_by_key(|p| plan_version(p));
    for (i, p) in plans.iter().enumerate() {
        assert_eq!(plan_version(p) as usize, i + 1);
        let replaces: Vec<&str> = p["replaces"]
            .as_array()
            .map(|a| a.iter().filter_map(|r| r["reference"].as_str()).collect())
            .unwrap_or_default();
        if i == 0 {
            assert!(replaces.is_empty());
        } else {
            assert_eq!(replaces, [url_of(&bundle, plans[i - 1]).as_str()]);
        }
    }
    assert!(plans.iter().filter(|p| p["status"] == "active").count() <= 1);
    if let Some(in_force) = case.plan_in_force() {
        let p = plans[in_force.version as usize - 1];
        assert!(p["status"] == "active" || p["status"] == "completed");
    }

    // One Task per agreement and evaluation moment of each version, one ServiceRequest per
    // requested help; each based on its CarePlan, which plans it; every Task has an owner.
    let tasks = of_type(&bundle, "Task");
    let requests = of_type(&bundle, "ServiceRequest");
    let agreements: usize = case.plans.iter().map(|p| p.content.agreements.len()).sum();
    let moments: usize = case.plans.iter().map(|p| p.content.evaluations.len()).sum();
    let help: usize = case
        .plans
        .iter()
        .map(|p| p.content.requested_help.len())
        .sum();
    let kind = |t: &Value| {
        t["code"]["coding"][0]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        tasks.iter().filter(|t| kind(t) == "agreement").count(),
        agreements
    );
    assert_eq!(
        tasks.iter().filter(|t| kind(t) == "evaluation").count(),
        moments
    );
    assert_eq!(requests.len(), help);
    for plan in &case.plans {
        let cp = plans[plan.version as usize - 1];
        let cp_url = url_of(&bundle, cp);
        let planned: Vec<&str> = cp["activity"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x["plannedActivityReference"]["reference"].as_str())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            planned.len(),
            plan.content.agreements.len()
                + plan.content.evaluations.len()
                + plan.content.requested_help.len()
        );
        for a in &plan.content.agreements {
            let matching: Vec<_> = tasks
                .iter()
                .filter(|t| identifier(t, "urn:kring:agr") == Some(a.id.to_string()))
                .filter(|t| t["basedOn"][0]["reference"] == cp_url.as_str())
                .collect();
            assert_eq!(
                matching.len(),
                1,
                "one Task for {} in version {}",
                a.id,
                plan.version
            );
            let t = matching[0];
            assert_eq!(t["description"], a.what.trim());
            assert!(planned.contains(&url_of(&bundle, t).as_str()));
        }
    }
    for t in tasks.iter().chain(&requests) {
        assert!(t["basedOn"][0]["reference"].is_string());
    }
    for t in &tasks {
        assert!(
            t["owner"]["reference"].is_string(),
            "a Task without an owner"
        );
    }

    // One Goal per condition of every framework.
    let conditions: usize = case.frameworks.values().map(|f| f.conditions.len()).sum();
    assert_eq!(of_type(&bundle, "Goal").len(), conditions);

    // One Provenance per plan version, targeting it.
    let provenances = of_type(&bundle, "Provenance");
    assert_eq!(provenances.len(), case.plans.len());

    // Each conference an Encounter; each part an Encounter partOf it.
    let encounters = of_type(&bundle, "Encounter");
    let parts: usize = case.conferences.iter().map(|c| c.parts.len()).sum();
    assert_eq!(encounters.len(), case.conferences.len() + parts);
    for conf in &case.conferences {
        let enc = encounters
            .iter()
            .find(|e| identifier(e, "urn:kring:conf") == Some(conf.id.to_string()))
            .expect("the conference's Encounter");
        let url = url_of(&bundle, enc);
        let of_it: Vec<_> = encounters
            .iter()
            .filter(|e| e["partOf"]["reference"] == url.as_str())
            .collect();
        assert_eq!(of_it.len(), conf.parts.len());
        for (part, e) in conf.parts.iter().zip(&of_it) {
            assert_eq!(e["type"][0]["coding"][0]["code"], part.part.code());
        }
    }

    // The people.
    assert_eq!(of_type(&bundle, "Patient").len(), case.main_persons.len());
    assert_eq!(
        of_type(&bundle, "Group").len(),
        usize::from(case.main_persons.len() > 1)
    );
    let members: BTreeSet<String> = of_type(&bundle, "RelatedPerson")
        .iter()
        .filter_map(|r| identifier(r, "urn:kring:person"))
        .collect();
    assert_eq!(members.len(), case.network.len());
    assert_eq!(of_type(&bundle, "CareTeam").len(), 1);
    bundle
}

/// Every state of a case along its history.
fn timeline(events: &[Event]) -> Vec<Case> {
    let mut out = Vec::new();
    let mut state: Option<Case> = None;
    for e in events {
        match &mut state {
            Some(c) => c.apply(e),
            None => state = Case::genesis(e),
        }
        out.extend(state.clone());
    }
    out
}

#[test]
fn the_example_story_at_every_step() {
    let (story, _) = example::full_story();
    let states = timeline(&story.events);
    assert!(states.len() > 30);
    for case in &states {
        check(case);
    }
    assert_eq!(states.last(), Some(story.state()));
}

#[test]
fn the_recorded_story_at_every_step() {
    let (story, _) = recorded::recorded_story();
    for case in timeline(&story.events) {
        check(&case);
    }
}

#[test]
fn generated_cases() {
    for g in workload::cases(11, 150) {
        check(&g.state);
    }
}

#[test]
fn simulated_cases() {
    for seed in 0..60u64 {
        let mut sim = Sim::new(seed);
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        for _ in 0..300 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let b = x.to_le_bytes();
            let _ = sim.step(Input::from_bytes([b[0], b[1], b[2], b[3], b[4], b[5]]));
        }
        if let Some(case) = &sim.driver.case {
            check(case);
        }
    }
}

#[test]
fn deterministic() {
    let (story, _) = example::full_story();
    let case = story.state();
    let a = kring_fhir::bundle(case).unwrap().to_string();
    let b = kring_fhir::bundle(&case.clone()).unwrap().to_string();
    assert_eq!(a, b);
    // The same after a round trip through kring's JSON.
    let back: Case = serde_json::from_str(&serde_json::to_string(case).unwrap()).unwrap();
    assert_eq!(a, kring_fhir::bundle(&back).unwrap().to_string());
    // The same story under another seed is another case: no UUID in common.
    let (other, _) = example::full_story_with(99);
    let other = kring_fhir::bundle(other.state()).unwrap();
    let urls = |b: &Value| -> BTreeSet<String> {
        entries(b)
            .iter()
            .map(|e| e["fullUrl"].as_str().unwrap().to_string())
            .collect()
    };
    let first = kring_fhir::bundle(case).unwrap();
    assert!(urls(&first).is_disjoint(&urls(&other)));
}

#[test]
fn relations_are_coded_relative_to_their_main_person() {
    let (story, cast) = example::full_story();
    let case = story.state();
    let bundle = check(case);
    let related = of_type(&bundle, "RelatedPerson");
    let patient_url = |p: kring_domain::PersonId| {
        let r = of_type(&bundle, "Patient")
            .into_iter()
            .find(|r| identifier(r, "urn:kring:person") == Some(p.to_string()))
            .unwrap();
        url_of(&bundle, r)
    };
    let find = |p: kring_domain::PersonId| {
        *related
            .iter()
            .find(|r| identifier(r, "urn:kring:person") == Some(p.to_string()))
            .unwrap()
    };
    let code = |r: &Value| {
        r["relationship"][0]["coding"][0]["code"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // The neighbour of the mother, the friend's mother of the youth, the uncle of the youth,
    // the grandmother as the mother's parent.
    assert_eq!(code(find(cast.neighbour)), "NBOR");
    assert_eq!(
        find(cast.neighbour)["patient"]["reference"],
        patient_url(cast.mother).as_str()
    );
    assert_eq!(code(find(cast.friends_mother)), "FRND");
    assert_eq!(code(find(cast.uncle)), "EXT");
    assert_eq!(find(cast.uncle)["relationship"][0]["text"], "aunt or uncle");
    assert_eq!(code(find(cast.grandmother)), "PRN");
    assert_eq!(
        find(cast.grandmother)["patient"]["reference"],
        patient_url(cast.mother).as_str()
    );
    let kinds: BTreeMap<_, _> = case
        .network
        .values()
        .flat_map(|m| m.relations.iter().map(|r| r.kind))
        .map(|k| (k.code(), k))
        .collect();
    assert!(kinds.contains_key(RelationKind::Friend.code()));
}

#[test]
fn the_plan_in_the_story() {
    let (story, cast) = example::full_story();
    let case = story.state();
    let bundle = check(case);
    let plans = of_type(&bundle, "CarePlan");
    let mut by_version: Vec<_> = plans.clone();
    by_version.sort_by_key(|p| plan_version(p));
    // Version 1 was replaced by version 2; the case was closed with version 2 in force.
    assert_eq!(by_version[0]["status"], "revoked");
    assert_eq!(by_version[0]["intent"], "plan");
    assert_eq!(by_version[1]["status"], "completed");
    // The bottom line was met by the plan.
    let goal = of_type(&bundle, "Goal")[0];
    assert_eq!(goal["achievementStatus"]["coding"][0]["code"], "sustaining");
    assert_eq!(goal["identifier"][0]["value"], cast.condition.to_string());
    // The agreement the neighbour joined in version 2 is owned by the grandmother, carried by both.
    let revised = &case.plans[1].content.agreements[1];
    let task = of_type(&bundle, "Task")
        .into_iter()
        .find(|t| {
            identifier(t, "urn:kring:agr") == Some(revised.id.to_string())
                && t["basedOn"][0]["reference"] == url_of(&bundle, by_version[1]).as_str()
        })
        .unwrap();
    assert_eq!(task["requestedPerformer"].as_array().unwrap().len(), 2);
    assert_eq!(
        task["status"], "completed",
        "reviewed as done at the second evaluation"
    );
    assert_eq!(task["intent"], "plan");
    // The Provenance of version 1 names the circle as author and the uncle as enterer.
    let prov = of_type(&bundle, "Provenance");
    assert!(
        prov.iter()
            .all(|p| p["agent"][0]["type"]["coding"][0]["code"] == "author")
    );
    // The conference and its parts.
    let parts: Vec<_> = of_type(&bundle, "Encounter")
        .into_iter()
        .filter(|e| e["partOf"].is_object())
        .collect();
    let private_time = parts
        .iter()
        .find(|e| e["type"][0]["coding"][0]["code"] == ConferencePart::PrivateTime.code())
        .unwrap();
    // Private time: only the circle takes part (rule 2): no practitioner among the actors.
    for p in private_time["participant"].as_array().unwrap() {
        let url = p["actor"]["reference"].as_str().unwrap();
        let target = entries(&bundle)
            .iter()
            .find(|e| e["fullUrl"] == url)
            .unwrap();
        let t = target["resource"]["resourceType"].as_str().unwrap();
        assert!(
            t == "Patient" || t == "RelatedPerson",
            "{t} in private time"
        );
    }
}

#[test]
fn erased_names_and_missing_main_persons() {
    let (story, cast) = example::full_story();
    let mut case = story.state().clone();
    for m in &mut case.main_persons {
        if m.person.id == cast.mother {
            m.person.name = ERASED.to_string();
            m.person.birth_date = None;
        }
    }
    let bundle = check(&case);
    let mother = of_type(&bundle, "Patient")
        .into_iter()
        .find(|r| identifier(r, "urn:kring:person") == Some(cast.mother.to_string()))
        .unwrap();
    assert!(mother.get("name").is_none());

    case.main_persons.clear();
    let err = kring_fhir::bundle(&case).unwrap_err();
    assert_eq!(err.code(), "invalid_input");
}
