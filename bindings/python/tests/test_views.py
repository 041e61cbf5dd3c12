"""Records are read-only views of the core's values: they convert only what is read, and behave
as the mappings (and the plain dicts of `to_dict()`) they stand for. Every name is invented."""

from collections.abc import Mapping
from datetime import date, datetime, timezone
import json
import threading

import pytest

import kring
from kring import Actor

from story import person, walk


@pytest.fixture(scope="module")
def generated():
    with kring.Store.in_memory() as s:
        ids = s.generate(seed=11, count=15)
        yield s, ids


def same(view, plain):
    """Reads every key, index and attribute of `view` and checks it against `plain`."""
    if isinstance(view, kring.Record):
        assert isinstance(plain, dict)
        assert list(view) == list(plain) == sorted(plain)
        assert len(view) == len(plain) and list(view.keys()) == list(plain)
        for key in plain:
            assert key in view
            same(view[key], plain[key])
            same(view.get(key), plain[key])
            if key.isidentifier():
                same(getattr(view, key), plain[key])
        assert view == plain and not (view != plain)
    elif isinstance(view, list):
        assert isinstance(plain, list) and len(view) == len(plain)
        for v, p in zip(view, plain):
            same(v, p)
    else:
        assert type(view) is type(plain) and view == plain, (view, plain)


def test_a_record_reads_as_its_plain_dict(generated):
    store, ids = generated
    for case in ids:
        c = store.case(case)
        same(c, c.to_dict())
    same(store.history(ids[0])[-1], store.history(ids[0])[-1].to_dict())
    same(store.summary(ids[0]), store.summary(ids[0]).to_dict())


def test_a_record_is_a_read_only_mapping(generated):
    store, ids = generated
    c = store.case(ids[0])
    assert type(c) is kring.Record and kring.Record is kring._native.Record
    assert isinstance(c, Mapping) and not isinstance(c, dict)
    assert c.get("no_such_field") is None and c.get("no_such_field", 1) == 1
    assert "no_such_field" not in c and 1 not in c
    with pytest.raises(KeyError):
        c["no_such_field"]
    with pytest.raises(KeyError):
        c[0]
    with pytest.raises(AttributeError):
        c.no_such_field
    with pytest.raises(AttributeError, match="read-only"):
        c.phase = "closed"
    with pytest.raises(AttributeError, match="read-only"):
        del c.phase
    with pytest.raises(TypeError):
        c["phase"] = "closed"  # type: ignore[index]
    with pytest.raises(TypeError):
        hash(c)
    assert dict(c.items()) == {k: c[k] for k in c} and list(c.values()) == [c[k] for k in c]
    assert {**c} == dict(c.items())
    assert "phase" in dir(c) and "to_dict" in dir(c)
    # A record is truthy as a dict is: by whether it has keys. A case always has.
    assert bool(c) is True


def test_values_come_as_python_values(generated):
    store, ids = generated
    c = store.case(ids[0])
    assert isinstance(c.requested_at, datetime) and c.requested_at.tzinfo is timezone.utc
    assert isinstance(c.version, int) and isinstance(c.phase, str)
    assert isinstance(c.main_persons, list) and isinstance(c.main_persons[0], kring.Record)
    assert isinstance(c.main_persons[0].person.name, str)
    event = store.history(ids[0])[0].event
    assert list(event.command) == ["request_conference"]
    request = event.command.request_conference
    assert isinstance(request, kring.Record) and request.description == c.description


def test_a_deep_path_converts_only_its_leaf(generated):
    store, ids = generated
    with_agreements = [c for c in (store.case(i) for i in ids)
                       if c.plans and c.plans[0].content.agreements]
    assert with_agreements
    c = with_agreements[0]
    carried = c.plans[0].content.agreements[0].carried_by
    assert carried == c.to_dict()["plans"][0]["content"]["agreements"][0]["carried_by"]
    assert all(isinstance(p, str) and p.startswith("person_") for p in carried)


def test_records_compare_with_records_and_dicts(generated):
    store, ids = generated
    a, b, other = store.case(ids[0]), store.case(ids[0]), store.case(ids[1])
    assert a == b and a is not b and not (a != b)
    assert a != other and a.to_dict() != other
    assert a == a.to_dict() and a.to_dict() == a
    assert a != [] and a != "case" and a != None  # noqa: E711
    assert [r.event for r in store.history(ids[0])] == [r.to_dict()["event"] for r in store.history(ids[0])]


def test_repr_shows_the_content(generated):
    store, ids = generated
    s = store.summary(ids[0])
    assert repr(s) == f"Record({s.to_dict()!r})"
    assert ids[0] in repr(s)


def test_to_json_is_the_cores_json(generated):
    store, ids = generated
    c = store.case(ids[2])
    data = json.loads(c.to_json())
    assert sorted(data) == sorted(c)
    assert data["id"] == c.id and data["version"] == c.version
    assert datetime.fromisoformat(data["requested_at"].replace("Z", "+00:00")) == c.requested_at
    assert json.loads(c.main_persons[0].to_json()) == data["main_persons"][0]
    command = store.history(ids[2])[0].event.command
    assert json.loads(command.request_conference.to_json()) == data_of(command)["request_conference"]


def data_of(record):
    return json.loads(record.to_json())


def test_times_and_dates_come_from_the_types_not_the_names(store, clock):
    """Text that reads as a time or a date stays text where the type is text; a time inside a
    tuple is a time because its type says so."""
    case, p = walk(store, clock)
    c = store.case(case)
    question = store.new_id("item")
    other = store.new_id("case")
    prof = person(store, "Ellen Smit")
    org = store.new_id("org")
    store.execute(other, Actor(prof["id"], "professional"), "request_conference", at=clock(),
                  variant="family", legal_basis="jeugdwet_familiegroepsplan",
                  description="2026-03-02T09:00:00Z",
                  questions=[{"id": question, "text": "2026-03-02"}],
                  main_persons=[{"person": person(store, "Sem Kramer", birth_date=date(2012, 5, 1)), "party": None}],
                  referral={"professional": {"professional": {"person": prof, "organisation": org, "role": "family_coach"}}},
                  organisations=[{"id": org, "name": "2026-03-02", "kind": "care_provider"}],
                  consent_to_pass_contact=True, preferences={})
    o = store.case(other)
    assert o.description == "2026-03-02T09:00:00Z" and o.questions[0].text == "2026-03-02"
    assert o.organisations[org].name == "2026-03-02"
    assert o.main_persons[0].person.birth_date == date(2012, 5, 1)
    assert c.contact_shares
    for share in c.contact_shares:
        assert isinstance(share, list) and isinstance(share[2], datetime), share
    assert c.contact_shares == c.to_dict()["contact_shares"]


@pytest.mark.parametrize("fields, message", [
    ({"description": datetime(2026, 1, 1, tzinfo=timezone.utc)}, "a datetime where the type takes no datetime"),
    ({"description": date(2026, 1, 1)}, "a date where the type takes no date"),
])
def test_a_date_or_time_only_where_the_type_takes_one(store, fields, message):
    prof = person(store, "Ellen Smit")
    org = store.new_id("org")
    request = dict(variant="family", legal_basis="jeugdwet_familiegroepsplan", description="d",
                   questions=[{"id": store.new_id("item"), "text": "q"}],
                   main_persons=[{"person": person(store, "Sem Kramer"), "party": None}],
                   referral={"professional": {"professional": {"person": prof, "organisation": org, "role": "family_coach"}}},
                   organisations=[{"id": org, "name": "O", "kind": "care_provider"}],
                   consent_to_pass_contact=True, preferences={})
    with pytest.raises(kring.InvalidInput) as e:
        store.execute(store.new_id("case"), Actor(prof["id"], "professional"), "request_conference",
                      **{**request, **fields})
    assert message in str(e.value) and e.value.code == "invalid_input"
    with pytest.raises(kring.InvalidInput, match="a date where the type takes no date; expected a timezone-aware datetime"):
        store.query(requested_from=date(2026, 1, 1))
    with pytest.raises(kring.InvalidInput, match="a datetime where the type takes no datetime; expected a date"):
        store.evaluations_due(datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert store.evaluations_due(date(2026, 1, 1)) == []


def test_a_record_is_a_snapshot(store, clock):
    case, _ = walk(store, clock, stop_after="assign_coordinator")
    before = store.case(case)
    phase, version = before.phase, before.version
    store.execute(case, Actor(before.coordinator.coordinator.person.id, "coordinator"), "withdraw", at=clock(), reason="moved")
    assert (before.phase, before.version) == (phase, version)
    store.close()
    assert before.phase == phase and before.to_dict()["version"] == version


def test_records_are_read_from_many_threads(generated):
    store, ids = generated
    cases = [store.case(i) for i in ids]
    expected = [c.to_dict() for c in cases]
    failures = []

    def read():
        for _ in range(3):
            for c, e in zip(cases, expected):
                if c.to_dict() != e or c.id != e["id"]:
                    failures.append(c.id)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_records_go_back_in_as_commands(generated):
    """A record (an event's command, its actor) is taken wherever a dict is."""
    store, ids = generated
    first = store.history(ids[3])[0].event
    with kring.Store.in_memory() as again:
        again.execute(first.case, Actor(**first.actor), first.command, at=first.at)
        assert again.case(first.case) == store.case_at_version(first.case, 1)
