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


def test_every_class_of_the_core_table_exists_with_its_parent():
    table = kring._native.ERROR_CLASSES
    assert [name for name, _, _ in table][:1] == ["KringError"]
    codes = [code for _, _, cs in table for code in cs]
    assert len(codes) == len(set(codes))
    assert {"internal", "closed", "io", "storage", "inconsistent", "rule_violation", "invalid_input"} <= set(codes)
    for name, parent, _ in table:
        cls = getattr(kring, name)
        assert getattr(kring._native, name) is cls
        assert name in kring.__all__
        if parent is None:
            assert cls.__bases__ == (Exception,)
        else:
            assert cls.__bases__ == (getattr(kring, parent),)
    declared = {n for n in kring.__all__ if isinstance(getattr(kring, n), type) and issubclass(getattr(kring, n), kring.KringError)}
    assert declared == {name for name, _, _ in table}


def test_the_codes_of_the_table_choose_the_class():
    classes = {code: getattr(kring, name) for name, _, codes in kring._native.ERROR_CLASSES for code in codes}
    store = kring.Store.in_memory()
    store.close()
    with pytest.raises(kring.Closed) as e:
        store.count()
    assert type(e.value) is classes[e.value.code]
    with pytest.raises(kring.InvalidInput) as e:
        kring.Store.in_memory().new_id("planet")
    assert type(e.value) is classes[e.value.code]
    assert ", ".join(kring.ID_KINDS) in str(e.value)


def test_roles_and_id_kinds_are_the_cores():
    assert kring.ROLES == ("main_person", "network_member", "coordinator", "regional_manager", "professional", "administrator")
    assert kring.ID_KINDS == ("case", "person", "org", "framework", "item", "conf", "agr", "help", "eval", "signal", "measure", "store")
    with kring.Store.in_memory() as store:
        for kind in kring.ID_KINDS:
            assert store.new_id(kind).startswith(f"{kind}_")


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
        s.count()
    assert e.value.code == "closed"
