"""Reads scoped to who asks, and details withheld from a named person (store format 5), from
Python. Every name, number and address is invented; the marker string must never reach a
reader it is withheld from."""

import json

import pytest

import kring
from kring import Actor

from story import walk

MARKER = "kring-marker-5b1e"


def text(record):
    return json.dumps(record.to_dict(), default=str)


def test_a_mothers_address_is_kept_from_a_member_of_the_circle(store, clock):
    case, p = walk(store, clock, stop_after="set_participation")
    mother = Actor(p["mother"], "main_person")
    grandma = Actor(p["grandma"], "network_member")
    neighbour = Actor(p["neighbour"], "network_member")
    coordinator = Actor(p["coord"], "coordinator")
    teacher = Actor(p["teacher"], "professional")
    store.execute(case, mother, "record_contact_details", at=clock(), person=p["mother"],
                  details={"phone": f"{MARKER}-phone", "email": None, "address": f"{MARKER}-address"},
                  consent=True)
    for member in (p["grandma"], p["neighbour"]):
        store.execute(case, coordinator, "share_contact_details", at=clock(), person=p["mother"], **{"with": member})
    assert MARKER in text(store.case_for(case, neighbour))

    # The teacher knows of the danger and keeps her whereabouts from the neighbour.
    store.execute(case, teacher, "withhold_details", at=clock(), person=p["mother"], **{"from": [p["neighbour"]]})
    view = store.case_for(case, neighbour)
    assert MARKER not in text(view)
    assert view.contacts == {} and view.contact_shares == [] and view.withheld == []
    assert MARKER in text(store.case_for(case, grandma)), "the grandmother still has them"
    assert MARKER in text(store.case_for(case, coordinator))

    before = store.case(case)
    with pytest.raises(kring.RuleViolation) as e:
        store.execute(case, coordinator, "share_contact_details", at=clock(), person=p["mother"], **{"with": p["neighbour"]})
    assert e.value.rule == "details_withheld"
    assert p["mother"] in e.value.ids and p["neighbour"] in e.value.ids
    assert MARKER not in str(e.value) and MARKER not in repr(e.value)
    with pytest.raises(kring.PermissionDenied):
        store.execute(case, teacher, "lift_withholding", at=clock(), person=p["mother"], **{"from": [p["neighbour"]]})
    assert store.case(case) == before

    # Only the mother (or the coordinator for her) lifts it.
    store.execute(case, mother, "lift_withholding", at=clock(), person=p["mother"], **{"from": [p["neighbour"]]})
    assert MARKER in text(store.case_for(case, neighbour))


def test_each_role_reads_its_part(store, clock):
    case, p = walk(store, clock, stop_after="submit_framework")
    whole = store.case(case).to_dict()
    coordinator = store.case_for(case, (p["coord"], "coordinator")).to_dict()
    assert {k: v for k, v in coordinator.items() if k not in ("reader", "access")} == whole
    assert set(coordinator["access"].values()) == {"all"}

    member = store.case_for(case, (p["grandma"], "network_member"))
    assert member.access["request"] == "hidden" and member.access["contacts"] == "own"
    assert "description" not in member.to_dict() and "description" not in member
    # A part left out reads as None, as its type (Optional) says; a name the type does not
    # have is still an AttributeError.
    assert member.description is None
    with pytest.raises(AttributeError):
        member.descriptoin
    assert list(member.frameworks) == [p["framework"]]
    assert member.questions == whole["questions"]

    teacher = store.case_for(case, (p["teacher"], "professional"))
    assert teacher.frameworks == {}, "another professional's framework is not the teacher's"
    assert "views" not in teacher.to_dict()
    referrer = store.case_for(case, (p["prof"], "professional"))
    assert list(referrer.frameworks) == [p["framework"]]
    assert referrer.access["request"] == "own" and referrer.description == whole["description"]

    admin = store.case_for(case, (store.new_id("person"), "administrator"))
    assert "network" not in admin.to_dict() and "contacts" not in admin.to_dict()

    with pytest.raises(kring.PermissionDenied) as e:
        store.case_for(case, (store.new_id("person"), "professional"))
    assert e.value.code == "permission_denied"
    with pytest.raises(kring.InvalidInput):
        store.case_for(case, ("not an id", "coordinator"))


def test_an_erased_person_leaves_every_read_and_the_file(tmp_path, clock):
    path = tmp_path / "s.kring"
    with kring.Store.create(path) as store:
        case, p = walk(store, clock, stop_after="set_participation")
        neighbour = Actor(p["neighbour"], "network_member")
        store.execute(case, neighbour, "record_contact_details", at=clock(), person=p["neighbour"],
                      details={"phone": f"{MARKER}-phone", "email": None, "address": f"{MARKER}-street 1"},
                      consent=True)
        store.execute(case, neighbour, "record_view", at=clock(), person=p["neighbour"],
                      view=f"Call me on {MARKER}-phone after six.")
        before = store.case(case)
        admin = Actor(store.new_id("person"), "administrator")

        with pytest.raises(kring.PermissionDenied):
            store.erase_person(p["neighbour"], Actor(p["teacher"], "professional"), ground="At her request.")
        with pytest.raises(kring.InvalidInput):
            store.erase_person(p["neighbour"], admin, ground="")
        assert store.case(case) == before

        report = store.erase_person(p["neighbour"], admin, ground="At her request (AVG article 17).")
        assert report.cases == [case] and report.compacted
        assert report.events == before.version
        after = store.case(case)
        assert after.network[p["neighbour"]].person.name == "[erased]"
        assert after.erasures[0].by == admin.person
        history = [r.to_dict() for r in store.history(case)]
        assert history[-1]["event"]["command"]["erase_person"]["person"] == p["neighbour"]
        everything = json.dumps([after.to_dict(), history, [r.to_dict() for r in store.events_since(0, 1000)]], default=str)
        assert MARKER not in everything
        store.verify()
    assert MARKER.encode() not in path.read_bytes()
    assert MARKER.encode() not in (tmp_path / "s.kring.wal").read_bytes()


def test_the_access_log_records_scoped_reads_and_commands(store, clock):
    case, p = walk(store, clock, stop_after="set_participation")
    grandma = Actor(p["grandma"], "network_member")
    store.case_for(case, grandma)
    store.case_for(case, grandma)
    log = store.access_log(case=case)
    assert [e.what for e in log[:2]] == ["request_conference", "register_organisation"]
    assert [e.what for e in log[-2:]] == ["case_for", "case_for"]
    assert log[-1].actor == {"person": p["grandma"], "role": "network_member", "on_behalf_of": None}
    assert log[-1].seq is None and log[0].seq == 1
    assert len(log) == len(store.history(case)) + 2
    hers = store.access_log(person=p["grandma"])
    assert [e.what for e in hers] == [e.what for e in log if e.actor["person"] == p["grandma"]]
    with pytest.raises(kring.InvalidInput):
        store.access_log()
    with pytest.raises(kring.InvalidInput):
        store.access_log(case=case, person=p["grandma"])
