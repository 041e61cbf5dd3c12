"""Tests of the validator itself: a small hand-made bundle passes, and each kind of breakage
is found. With `cargo` on the path, the bundles of the Rust example pass too.

    python -m pytest tests/fhir
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from validate import main, problems  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def url(n: int) -> str:
    return f"urn:uuid:00000000-0000-8000-8000-{n:012x}"


def ref(n: int) -> dict:
    return {"reference": url(n)}


def good() -> dict:
    resources = {
        1: {"resourceType": "Patient", "identifier": [{"system": "urn:kring:person", "value": "person_1"}],
            "name": [{"text": "Daan Verhoef"}], "birthDate": "2010-05-14"},
        2: {"resourceType": "RelatedPerson", "patient": ref(1), "name": [{"text": "Ruud Verhoef"}],
            "relationship": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                                          "code": "EXT", "display": "extended family member"}],
                              "text": "aunt or uncle"}]},
        3: {"resourceType": "CareTeam", "status": "active", "subject": ref(1),
            "participant": [{"role": {"text": "main person"}, "member": ref(1)},
                            {"role": {"text": "network member"}, "member": ref(2)}]},
        4: {"resourceType": "CarePlan", "identifier": [{"system": "urn:kring:plan", "value": "case_1/1"}],
            "status": "revoked", "intent": "plan", "subject": ref(1), "custodian": ref(3),
            "activity": [{"plannedActivityReference": ref(5)}]},
        5: {"resourceType": "Task", "status": "cancelled", "intent": "plan", "basedOn": [ref(4)],
            "for": ref(1), "owner": ref(2), "description": "Sunday dinner",
            "authoredOn": "2026-03-16T14:00:00Z"},
        6: {"resourceType": "CarePlan", "identifier": [{"system": "urn:kring:plan", "value": "case_1/2"}],
            "replaces": [ref(4)], "status": "active", "intent": "plan", "subject": ref(1),
            "period": {"start": "2026-06-16T14:00:00Z"},
            "activity": [{"plannedActivityReference": ref(7)}]},
        7: {"resourceType": "Task", "status": "in-progress", "intent": "plan", "basedOn": [ref(6)],
            "for": ref(1), "owner": ref(2), "description": "Sunday dinner",
            "authoredOn": "2026-06-16T14:00:00Z", "lastModified": "2026-09-16T14:00:00.250Z"},
        8: {"resourceType": "Encounter", "status": "completed", "subject": ref(1),
            "actualPeriod": {"start": "2026-03-16T13:00:00Z", "end": "2026-03-16T16:00:00Z"},
            "participant": [{"actor": ref(1)},
                            {"type": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                                   "code": "PART"}]}], "actor": ref(2)}]},
        9: {"resourceType": "Encounter", "status": "completed", "subject": ref(1), "partOf": ref(8),
            "actualPeriod": {"start": "2026-03-16T13:50:00Z", "end": "2026-03-16T15:20:00Z"},
            "participant": [{"actor": ref(1)}]},
    }
    entries = []
    for n, r in resources.items():
        r["id"] = url(n)[len("urn:uuid:"):]
        entries.append({"fullUrl": url(n), "resource": r})
    return {"resourceType": "Bundle", "type": "collection", "timestamp": "2026-09-16T14:00:00Z",
            "identifier": {"system": "urn:kring:case", "value": "case_1"}, "entry": entries}


def resource(bundle: dict, n: int) -> dict:
    return bundle["entry"][n - 1]["resource"]


def test_a_good_bundle_passes():
    assert problems(good()) == []


def broken(change) -> list[str]:
    b = copy.deepcopy(good())
    change(b)
    return problems(b)


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda b: resource(b, 5).update(owner={"reference": url(99)}), "does not resolve"),
        (lambda b: b["entry"][8].update(fullUrl=url(8)), "bdl-7"),
        (lambda b: resource(b, 5).pop("owner"), "without an owner"),
        (lambda b: resource(b, 6).pop("replaces"), "replaces"),
        (lambda b: resource(b, 4).update(status="active"), "2 CarePlans are active"),
        (lambda b: resource(b, 7).update(basedOn=[ref(4)]), "not based on the CarePlan"),
        (lambda b: resource(b, 5).update(status="done"), "required value set"),
        (lambda b: resource(b, 3).update(status="running"), "required value set"),
        (lambda b: resource(b, 1).update(telecom=[{"system": "phone", "value": "0612345678"}]), "contact details"),
        (lambda b: resource(b, 8)["participant"][0].update(type=[{"text": "participant"}]), "enc-2"),
        (lambda b: resource(b, 7).update(lastModified="2026-06-16T13:59:59.900Z"), "inv-1"),
        (lambda b: resource(b, 5).update(restriction={"repetitions": 1}), "tsk-1"),
        (lambda b: resource(b, 8).update(actualPeriod={"start": "2026-03-17", "end": "2026-03-16T23:00:00Z"}), "per-1"),
        (lambda b: resource(b, 5).update(owner=ref(4)), "points at a CarePlan"),
        (lambda b: resource(b, 2).update(patient=ref(2)), "points at a RelatedPerson"),
        (lambda b: resource(b, 1).update(birthDate="2010-13-01"), "fhir.resources"),
        (lambda b: resource(b, 3)["participant"][0].update(role=[{"text": "main person"}]), "fhir.resources"),
        (lambda b: resource(b, 1).update(name=[]), "ele-1"),
        (lambda b: resource(b, 1).update(id="not the uuid"), "id is not the UUID"),
        (lambda b: resource(b, 2).update(id=resource(b, 2)["id"]) or b["entry"].append(copy.deepcopy(b["entry"][1])), "bdl-7"),
        (lambda b: resource(b, 9).update(partOf=ref(9)), "part of a part"),
        (lambda b: resource(b, 3)["participant"][0].update(onBehalfOf={"reference": url(1)}), "ctm-1"),
        (lambda b: resource(b, 2)["relationship"][0]["coding"][0].pop("code"), "cod-1"),
    ],
)
def test_breakage_is_found(change, expected):
    found = broken(change)
    assert any(expected in p for p in found), found


def test_main_reads_ndjson(tmp_path, capsys):
    good_file = tmp_path / "good.ndjson"
    good_file.write_text(json.dumps(good()) + "\n")
    assert main([str(good_file)]) == 0
    bad = good()
    resource(bad, 5).pop("owner")
    bad_file = tmp_path / "bad.ndjson"
    bad_file.write_text(json.dumps(good()) + "\n" + json.dumps(bad) + "\n")
    assert main([str(bad_file)]) == 1
    assert "bad.ndjson:2 (case_1): Task/" in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("cargo") is None, reason="needs cargo to build the Rust example")
def test_the_rust_example_passes(tmp_path):
    out = subprocess.run(
        ["cargo", "run", "--quiet", "-p", "kring-fhir", "--example", "bundles", "--", "20"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) > 20
    for n, line in enumerate(lines, 1):
        assert problems(json.loads(line)) == [], f"bundle {n}"
