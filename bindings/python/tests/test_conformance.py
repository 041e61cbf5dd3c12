"""The bad-input conformance suite (tests/conformance/), as seen from Python: the same
inputs as Rust and Node, the same error codes, an unchanged store, a live process."""

import json
import pathlib
from datetime import datetime

import pytest

import kring

DIR = pathlib.Path(__file__).resolve().parents[3] / "tests" / "conformance"
SETUP = json.loads((DIR / "setup.json").read_text())
INPUTS = json.loads((DIR / "bad_inputs.json").read_text())
CAST = SETUP["cast"]


def fill(v):
    if v == "$huge":
        return "x" * 20000
    if isinstance(v, str) and v.startswith("$"):
        return CAST[v[1:]]
    if isinstance(v, list):
        return [fill(x) for x in v]
    if isinstance(v, dict):
        return {k: fill(x) for k, x in v.items()}
    return v


def moment(text):
    """A time as Python passes one: a datetime when the text is one, else the raw value."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return text


@pytest.fixture(scope="module")
def held(tmp_path_factory):
    path = tmp_path_factory.mktemp("conformance") / "cases.kring"
    store = kring.Store.create(path)
    for e in SETUP["events"]:
        store.execute(e["case"], kring.Actor(e["actor"]["person"], e["actor"]["role"]), e["command"], at=moment(e["at"]))
    yield store, path
    store.close()


@pytest.mark.parametrize("bad", INPUTS, ids=[i["name"] for i in INPUTS])
def test_bad_input(held, bad):
    store, path = held
    before = (store.case(CAST["case"]), store.last_seq)
    with pytest.raises(kring.KringError) as e:
        if bad.get("special") == "second_writer":
            kring.Store.open(path)
        elif bad.get("special") == "closed":
            s = kring.Store.in_memory()
            s.close()
            s.case(CAST["case"])
        else:
            actor = fill(bad.get("actor", ["$uncle", "network_member"]))
            actor = kring.Actor(actor["person"], actor.get("role")) if isinstance(actor, dict) and "role" in actor else (
                kring.Actor(*actor) if isinstance(actor, list) else actor)
            store.execute(fill(bad.get("case", "$case")), actor,
                          fill(bad.get("command", {"record_attendance": {"present": ["$uncle"]}})),
                          at=moment(fill(bad.get("at", SETUP["next_at"]))))
    assert e.value.code == bad["code"], str(e.value)
    if "rule" in bad:
        assert e.value.rule == bad["rule"]
    assert (store.case(CAST["case"]), store.last_seq) == before
