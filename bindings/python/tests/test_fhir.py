"""The FHIR R5 export (docs/fhir.md) through the binding, validated by tools kring does not
write: the `fhir.resources` R5 models and `fhirpathpy` invariants (tests/fhir/validate.py),
for the story's case at every step and for 1,000 generated cases."""

import json
import pathlib
import sys

import pytest

import kring

from story import walk

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests" / "fhir"))

pytest.importorskip("fhir.resources")
pytest.importorskip("fhirpathpy")
from validate import problems  # noqa: E402


def test_the_story_is_a_valid_bundle_at_every_step(store, clock):
    case, p = walk(store, clock)
    bundle = store.fhir_bundle(case)
    assert bundle["resourceType"] == "Bundle"
    assert problems(bundle) == []
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "Group", "RelatedPerson", "Practitioner", "PractitionerRole", "Organization", "CareTeam",
            "Encounter", "CarePlan", "Task", "ServiceRequest", "Goal", "Provenance", "Consent"} <= kinds
    plans = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan"]
    assert len(plans) == 2 and any("replaces" in plan for plan in plans)
    text = json.dumps(bundle)
    assert "000-0000000" not in text, "no contact details leave the store"
    # Every step of the history, as the case stood then.
    for version in range(1, store.case(case).version + 1):
        with kring.Store.in_memory() as partial:
            for record in store.history(case)[:version]:
                e = record.event
                partial.execute(e.case, e.actor, e.command, at=e.at)
            assert problems(partial.fhir_bundle(case)) == [], version


def test_a_thousand_generated_cases_are_valid_bundles(store):
    cases = store.generate(seed=18, count=1000)
    bad = {}
    for case in cases:
        found = problems(store.fhir_bundle(case))
        if found:
            bad[case] = found[:3]
    assert bad == {}


def test_bad_input_is_a_typed_error(store):
    with pytest.raises(kring.InvalidInput):
        store.fhir_bundle("not-an-id")
    with pytest.raises(kring.NotFound):
        store.fhir_bundle("case_00000000000000000000000001")
