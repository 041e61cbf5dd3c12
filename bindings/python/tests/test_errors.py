"""Every error class, with the core's codes; the store is unchanged after each."""

from datetime import datetime, timedelta

import pytest

import kring
from kring import Actor

from story import walk


def unchanged(store, case):
    return (store.case(case), store.last_seq)


def test_the_exception_tree():
    for cls in (kring.RuleViolation, kring.PermissionDenied, kring.NotFound, kring.InvalidInput, kring.StoreError):
        assert issubclass(cls, kring.KringError)
    for cls in (kring.AlreadyOpen, kring.AlreadyExists, kring.Corrupted, kring.UpgradeRequired, kring.NotAKringStore, kring.Closed):
        assert issubclass(cls, kring.StoreError)


def test_rule_violation_names_the_rule_and_ids(store, clock):
    case, p = walk(store, clock, stop_after="begin_part")
    before = unchanged(store, case)
    # Rule 2: no professional in private time.
    with pytest.raises(kring.RuleViolation) as e:
        store.execute(case, Actor(p["grandma"], "network_member"), "record_attendance", present=[p["prof"]], at=clock())
    assert e.value.code == "rule_violation"
    assert e.value.rule == "private_time"
    assert p["prof"] in e.value.ids
    assert unchanged(store, case) == before


def test_permission_denied(store, clock):
    case, p = walk(store, clock, stop_after="begin_part")
    before = unchanged(store, case)
    with pytest.raises(kring.PermissionDenied) as e:
        store.execute(case, Actor(p["prof"], "professional"), "submit_plan", content={}, at=clock())
    assert e.value.code == "permission_denied"
    assert e.value.rule == "plan_by_circle"
    assert unchanged(store, case) == before


def test_not_found(store, clock):
    case, p = walk(store, clock, stop_after="respond_to_coordinator")
    with pytest.raises(kring.NotFound) as e:
        store.case(store.new_id("case"))
    assert e.value.code == "not_found"
    before = unchanged(store, case)
    with pytest.raises(kring.NotFound):
        store.execute(case, Actor(p["coord"], "coordinator"), "update_invitation", person=store.new_id("person"), status="invited", at=clock())
    assert unchanged(store, case) == before


@pytest.mark.parametrize("bad", [
    lambda s, c, p, t: s.execute("not-an-id", Actor(p["coord"], "coordinator"), "start_conference", at=t),
    lambda s, c, p, t: s.execute(c, Actor(p["coord"], "wizard"), "start_conference", at=t),
    lambda s, c, p, t: s.execute(c, Actor(p["coord"], "coordinator"), "start_conference", at=datetime(2026, 9, 1)),
    lambda s, c, p, t: s.execute(c, Actor(p["coord"], "coordinator"), "no_such_command", at=t),
    lambda s, c, p, t: s.execute(c, Actor(p["coord"], "coordinator"), "update_invitation", person=42, status="invited", at=t),
    lambda s, c, p, t: s.execute(c, Actor(p["coord"], "coordinator"), "update_invitation", status="invited", at=t),
    lambda s, c, p, t: s.execute(c, Actor(p["coord"], "coordinator"), "update_invitation", person=p["grandma"], status="maybe", at=t),
    lambda s, c, p, t: s.execute(c, Actor(p["coord"], "coordinator"), 3.5, at=t),
    lambda s, c, p, t: s.execute(c, "coordinator", "start_conference", at=t),
    lambda s, c, p, t: s.execute(c, Actor(p["coord"], "coordinator"), "add_network_member", at=t, member={"person": {"id": s.new_id("person"), "name": "", "birth_date": None, "languages": []}, "relations": [{"to": p["youth"], "kind": "friend"}], "side": "own", "minor": False, "identified": "widening_circle"}),
    lambda s, c, p, t: s.evaluations_due("soon"),
    lambda s, c, p, t: s.research_tables(key=b"short"),
    lambda s, c, p, t: s.research_tables(),
    lambda s, c, p, t: s.new_id("planet"),
    lambda s, c, p, t: s.new_id(42),
])
def test_invalid_input(store, clock, bad):
    case, p = walk(store, clock, stop_after="update_invitation")
    before = unchanged(store, case)
    with pytest.raises(kring.InvalidInput) as e:
        bad(store, case, p, clock())
    assert e.value.code == "invalid_input"
    assert unchanged(store, case) == before


def test_closed_store(clock):
    s = kring.Store.in_memory()
    s.close()
    s.close()  # twice is fine
    with pytest.raises(kring.Closed) as e:
        len(s)
    assert e.value.code == "closed"
