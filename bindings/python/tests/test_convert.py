"""Values crossing between Python and the core: the shapes Python sees, round trips through
the store, and bad values refused with the core's codes."""

from datetime import date, datetime, timedelta, timezone
import threading

import pytest

import kring
from kring import Actor

TIME_KEYS = ("at",)
# `from` is a date in an arrangement, and a person in help asked of a professional.
DATE_KEYS = ("date", "start", "due", "birth_date", "plan_deadline", "on", "until", "from")


def is_time_key(key):
    return key in TIME_KEYS or key.endswith("_at")


def is_date_key(key):
    return key in DATE_KEYS or key.endswith("_on")


def check_json_shape(value):
    """Every value of a result is a plain value of its JSON shape, with its times and dates
    as `datetime` and `date`; returns the types seen."""
    seen = set()
    for key, v in walk(value):
        seen.add(type(v))
        assert type(v) in (dict, list, str, int, bool, type(None), datetime, date), (key, v)
        if isinstance(v, dict):
            assert list(v) == sorted(v), "keys come in sorted order, as from a JSON object"
            assert all(type(k) is str for k in v)
        if isinstance(v, datetime):
            # A share of contact details is a tuple (from, to, at): its time has no key.
            assert (is_time_key(key) or key == "contact_shares") and v.tzinfo is timezone.utc, (key, v)
        elif isinstance(v, date):
            assert is_date_key(key), (key, v)
        elif isinstance(v, str):
            person = key == "from" and v.startswith("person_")
            assert not is_time_key(key) and (person or not is_date_key(key)), (key, v)
    return seen


def walk(value, key=""):
    """Yields (key, value) for every value in a result, with the dict key it was found under."""
    yield key, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v, key)


@pytest.fixture(scope="module")
def generated():
    with kring.Store.in_memory() as s:
        ids = s.generate(seed=7, count=40)
        yield s, ids


def test_results_are_plain_values_in_the_json_shape(generated):
    store, ids = generated
    seen = set()
    for case in ids:
        seen |= check_json_shape(store._native.case(case).to_dict())
    assert {datetime, date, bool, int, type(None)} <= seen


def test_ids_enums_and_tagged_variants(generated):
    store, ids = generated
    case = store.case(ids[0])
    assert case.id == ids[0] and case.id.startswith("case_")
    assert case.phase in ("requested", "preparation", "conference", "follow_up", "closed", "withdrawn")
    first = store.history(ids[0])[0]
    assert first.seq >= 1 and first.event.version == 1
    assert list(first.event.command) == ["request_conference"]
    assert isinstance(first.event.at, datetime)


def test_every_call_gives_new_objects(generated):
    store, ids = generated
    a = store._native.case(ids[1]).to_dict()
    a["phase"] = "changed"
    a["coordinator"] = None
    b = store._native.case(ids[1])
    assert b["phase"] != "changed"
    assert b == store._native.case(ids[1]) and b.to_dict() is not b.to_dict()


def test_events_round_trip_through_the_store(generated):
    """Every command the generator made, read back and executed again, as records (through
    their `to_dict`) in one store and as plain dicts in another: the same cases result."""
    store, ids = generated
    events = store.events_since(0, 100_000)
    assert len(events) < 100_000
    with kring.Store.in_memory() as as_records, kring.Store.in_memory() as as_dicts:
        for k in range(0, len(events), 500):
            chunk = events[k:k + 500]
            as_records.execute_many([
                {"case": r.event.case, "actor": r.event.actor, "command": r.event.command, "at": r.event.at}
                for r in chunk])
            as_dicts._native.execute_many([
                (r.event.case, (r.event.actor.person, r.event.actor.role), r.event.at, r.to_dict()["event"]["command"])
                for r in chunk])
        for case in ids:
            assert as_records.case(case) == store.case(case)
            assert as_dicts.case(case) == store.case(case)
        assert [r.event for r in as_dicts.history(ids[2])] == [r.event for r in store.history(ids[2])]


def test_times_in_any_zone_become_utc(store):
    case = store.new_id("case")
    person = {"id": store.new_id("person"), "name": "A", "birth_date": date(1980, 2, 29), "languages": []}
    org = store.new_id("org")
    at = datetime(2026, 3, 2, 11, 0, 0, 123456, tzinfo=timezone(timedelta(hours=2)))
    event = store.execute(
        case, Actor(person["id"], "professional"), "request_conference", at=at,
        variant="family", legal_basis="jeugdwet_familiegroepsplan", description="d",
        questions=[{"id": store.new_id("item"), "text": "q"}],
        main_persons=[{"person": {**person, "id": store.new_id("person")}, "party": None}],
        referral={"professional": {"professional": {"person": person, "organisation": org, "role": "family_coach"}}},
        organisations=[{"id": org, "name": "O", "kind": "care_provider"}],
        consent_to_pass_contact=True, preferences={},
    )
    assert event.at == at and event.at.tzinfo is timezone.utc
    assert event.at.hour == 9 and event.at.microsecond == 123456
    c = store.case(case)
    assert c.requested_at == at
    assert c.main_persons[0].person.birth_date == date(1980, 2, 29)
    # Times may also be given as text, as in JSON.
    assert store.query(requested_from="2026-03-02T09:00:00Z") == [case]
    assert store.query(requested_from=datetime(2026, 3, 2, 9, 0, 1, tzinfo=timezone.utc)) == []


@pytest.mark.parametrize("command, message", [
    ({"record_attendance": {"present": ["\ud800"]}}, "not valid Unicode"),
    ({"record_attendance": {"present": [datetime(2026, 1, 1)]}}, "naive datetime"),
    ({"record_attendance": {"present": [2**70]}}, "integer out of range"),
    ({"record_attendance": {1: []}}, "keys must be strings"),
    ({"record_attendance": {"present": [object()]}}, "cannot use a value of type object"),
    ({"record_attendance": {"present": {"a"}}}, "cannot use a value of type set"),
    ({"record_attendance": {"present": [], "extra": 1}}, "unknown field `extra`"),
    ({"record_attendance": {}}, "missing field `present`"),
    ({"record_attendance": {"present": None}}, "invalid type: null"),
    ({"record_attendance": {"present": []}, "start_conference": None}, "map with a single key"),
    ({}, "map with a single key"),
    ("no_such_command", "unknown variant `no_such_command`"),
    (None, "invalid type: null, expected string or map"),
])
def test_bad_values_are_invalid_input(store, command, message):
    case = store.new_id("case")
    with pytest.raises(kring.InvalidInput) as e:
        store._native.execute(case, (store.new_id("person"), "coordinator"),
                              datetime(2026, 1, 1, tzinfo=timezone.utc), command)
    assert e.value.code == "invalid_input"
    assert message in str(e.value)


@pytest.mark.parametrize("at, message", [
    (datetime(2026, 1, 1), "naive datetime"),
    (date(2026, 1, 1), "expected a timezone-aware datetime"),
    ("2026-01-01T00:00:00Z", "expected a timezone-aware datetime"),
])
def test_bad_moments_are_invalid_input(store, at, message):
    with pytest.raises(kring.InvalidInput) as e:
        store._native.execute(store.new_id("case"), (store.new_id("person"), "coordinator"), at, "start_conference")
    assert message in str(e.value)


def test_threads_convert_at_once(generated):
    store, ids = generated
    expected = {i: store._native.case(i) for i in ids}
    failures = []

    def read():
        for _ in range(5):
            for i in ids:
                if store._native.case(i) != expected[i]:
                    failures.append(i)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_times_with_zoneinfo(store):
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        tz = zoneinfo.ZoneInfo("Europe/Amsterdam")
    except Exception:
        pytest.skip("no time zone data")
    case = store.generate(seed=3, count=1)[0]
    requested = store.case(case).requested_at
    assert store.query(requested_from=requested.astimezone(tz)) == [case]
    assert store.query(requested_from=(requested + timedelta(seconds=1)).astimezone(tz)) == []


@pytest.mark.parametrize("actor, message", [
    ("coordinator", "invalid actor: expected (person, role)"),
    (("person_01KJPWD6M0YYMA4HASEPY99RSB",), "invalid actor: expected (person, role)"),
    (("person_01KJPWD6M0YYMA4HASEPY99RSB", "main_person", None, None), "invalid actor: expected (person, role)"),
    (("person_01KJPWD6M0YYMA4HASEPY99RSB", "main_person", 42), "invalid actor.on_behalf_of: expected a string"),
    (("person_01KJPWD6M0YYMA4HASEPY99RSB", "main_person", "case_01KJPWD6M0EFK94DPZF9JKTHT6"), "invalid actor.on_behalf_of"),
])
def test_bad_actors_are_invalid_input(store, actor, message):
    with pytest.raises(kring.InvalidInput) as e:
        store._native.execute(store.new_id("case"), actor, None, "start_conference")
    assert message in str(e.value)
