import threading
from datetime import date, datetime, timedelta, timezone

import pytest

import kring
from kring import Actor

from story import walk, person

# The commands of a case's lifecycle, from the request to its closure, which one walk uses;
# the commands that record more about a case (store format 3) are walked in test_records.py.
LIFECYCLE = {
    "request_conference", "register_organisation", "add_professional", "record_contact_details",
    "share_contact_details", "withdraw_contact_consent", "assign_coordinator", "respond_to_coordinator",
    "add_network_member", "update_invitation", "set_participation", "submit_framework",
    "schedule_conference", "start_conference", "begin_part", "record_attendance", "submit_plan",
    "assess_plan", "end_conference", "distribute_plan", "record_evaluation", "raise_signal",
    "revise_plan", "close_case", "withdraw", "record_satisfaction",
}


def names(history):
    return {r.event.command if isinstance(r.event.command, str) else next(iter(r.event.command)) for r in history}


def test_a_whole_case_from_python_uses_every_command_of_the_lifecycle(store, clock):
    case, p = walk(store, clock)
    c = store.case(case)
    assert c.phase == "closed"
    assert isinstance(c.requested_at, datetime) and c.requested_at.tzinfo is not None
    assert c.plans[1].version == 2 and c.plans[1].status == "accepted"
    assert c.plans[0].content.monitors == [p["grandma"]]
    assert isinstance(c.plans[0].content.evaluations[0].planned_on, date)
    assert c.contacts == {}  # consent withdrawn: nothing kept
    # The one command the walk cannot use (it closes instead) is tested on its own.
    other, _ = walk(store, clock, stop_after="respond_to_coordinator")
    store.execute(other, Actor(store.case(other).main_persons[0].person.id, "main_person"), "withdraw", reason="We stop here.", at=clock())
    assert store.case(other).phase == "withdrawn"
    used = names(store.history(case)) | names(store.history(other))
    assert used == LIFECYCLE
    assert store.verify().cases == 2


def test_records_have_attribute_access_and_to_dict(store, clock):
    case, _ = walk(store, clock)
    c = store.case(case)
    d = c.to_dict()
    assert isinstance(d, dict) and d["id"] == case == c.id == c["id"]
    assert isinstance(d["network"], dict)
    with pytest.raises(AttributeError):
        c.nonexistent
    with pytest.raises(AttributeError):
        c.phase = "closed"


def test_reads_history_and_time_travel(store, clock):
    case, _ = walk(store, clock)
    history = store.history(case)
    assert [r.seq for r in history] == list(range(1, len(history) + 1))
    assert all(isinstance(r.event.at, datetime) for r in history)
    first = store.case_at_version(case, 1)
    assert first.phase == "requested" and first.version == 1
    middle = history[len(history) // 2].event.at
    assert store.case_at(case, middle).updated_at <= middle
    assert store.case_at_version(case, len(history)) == store.case(case)
    feed = store.events_since(0, limit=5)
    assert [r.seq for r in feed] == [1, 2, 3, 4, 5]
    assert store.last_seq == len(history)


def test_queries(store, clock):
    ids = store.generate(seed=5, count=40)
    case, p = walk(store, clock)
    assert store.count() == 41
    closed = store.query(phase="closed")
    assert case in closed and set(closed) <= set(ids) | {case}
    assert store.query(variant="family", phase="closed") == sorted(
        c.id for c in store.cases(phase="closed") if c.variant == "family")
    assert store.cases_of_person(p["grandma"]) == [case]
    assert store.query(coordinator=p["coord"]) == [case]
    assert store.query(organisation=p["org"]) == [case]
    c = store.case(case)
    window = store.query(requested_from=c.requested_at, requested_to=c.requested_at + timedelta(seconds=1))
    assert window == [case]
    assert store.query(legal_basis="wmo_persoonlijk_plan") == sorted(
        c.id for c in store.cases() if c.legal_basis == "wmo_persoonlijk_plan")


def test_evaluations_due(store, clock):
    case, p = walk(store, clock, stop_after="distribute_plan")
    planned = p["plan"]["evaluations"][0]["planned_on"]
    assert store.evaluations_due(planned - timedelta(days=1)) == []
    due = store.evaluations_due(planned)
    assert [(d.case, d.evaluation, d.planned_on) for d in due] == [(case, p["evaluation"], planned)]


def test_summaries_without_the_whole_case(store, clock):
    case, p = walk(store, clock, stop_after="distribute_plan")
    s = store.summary(case)
    full = store.case(case)
    assert (s.id, s.version, s.phase, s.updated_at) == (case, full.version, "follow_up", full.updated_at)
    assert s.plan_in_force == 1 and s.latest_plan.to_dict() == {"version": 1, "status": "accepted"}
    planned = p["plan"]["evaluations"][0]["planned_on"]
    assert [(e.id, e.planned_on) for e in s.open_evaluations] == [(p["evaluation"], planned)]
    assert store.summaries(phase="follow_up") == [s]
    assert store.summaries(phase="closed") == []
    with pytest.raises(kring.NotFound):
        store.summary("case_00000000000000000000000000")


def test_batches_commit_all_or_nothing(store, clock):
    case, p = walk(store, clock, stop_after="respond_to_coordinator")
    before = (store.case(case), store.last_seq)
    coordinator = Actor(p["coord"], "coordinator")
    with pytest.raises(kring.RuleViolation):
        with store.batch() as b:
            b.execute(case, coordinator, "add_network_member", at=clock(), member={
                "person": person(store, "Bert Maas"), "relations": [{"to": p["youth"], "kind": "friend"}],
                "side": "own", "minor": False, "identified": "widening_circle"})
            b.execute(case, coordinator, "start_conference", at=clock())  # nothing scheduled
    assert (store.case(case), store.last_seq) == before
    with store.batch() as b:
        b.execute(case, coordinator, "add_network_member", at=clock(), member={
            "person": person(store, "Bert Maas"), "relations": [{"to": p["youth"], "kind": "friend"}],
            "side": "own", "minor": False, "identified": "widening_circle"})
    assert len(b.events) == 1 and store.last_seq == before[1] + 1


def test_files_backup_and_context_manager(tmp_path, clock):
    path = tmp_path / "cases.kring"
    with kring.Store.create(path) as s:
        case, _ = walk(s, clock)
        with pytest.raises(kring.AlreadyOpen) as e:
            kring.Store.open(path)
        assert e.value.code == "already_open"
        s.backup(tmp_path / "copy.kring")
        state = s.case(case)
    assert s.closed
    # A file store writes through its log, beside it; closing checkpointed it.
    assert (tmp_path / "cases.kring.wal").exists()
    with pytest.raises(kring.Closed) as e:
        s.case(case)
    assert e.value.code == "closed"
    for p in (path, tmp_path / "copy.kring"):
        with kring.Store.open(p) as again:
            assert again.case(case) == state
    with pytest.raises(kring.AlreadyExists):
        kring.Store.create(path)
    junk = tmp_path / "junk.kring"
    junk.write_bytes(b"not a store at all, just bytes")
    with pytest.raises(kring.NotAKringStore) as e:
        kring.Store.open(junk)
    assert e.value.code == "not_a_kring_store"


def test_trust_clean_close_opens_without_checking_every_page(tmp_path, clock):
    """A cleanly closed file opens with ``trust_clean_close=True`` and reads the same. Damage
    in a case's pages (not in the engine's bookkeeping) is refused by the default open, which
    checks every page; the trusting open opens the file and finds it when the case is read."""
    marker = "Qzyx Merkteken"
    path = tmp_path / "cases.kring"
    with kring.Store.create(path) as s:
        case, _ = walk(s, clock, names={"grandma": marker})
        state = s.case(case)
    with kring.Store.open(path, trust_clean_close=True) as again:
        assert again.case(case) == state
    with kring.Store.open(path, trust_clean_close=False) as again:
        assert again.case(case) == state
    for bad in ["yes", 1, 0.0, []]:
        with pytest.raises(kring.InvalidInput, match="trust_clean_close") as e:
            kring.Store.open(path, trust_clean_close=bad)
        assert e.value.code == "invalid_input"

    # The invented name is stored as written: make every copy of it invalid UTF-8.
    data = bytearray(path.read_bytes())
    needle, damaged = marker.encode(), 0
    at = data.find(needle)
    while at >= 0:
        data[at] = 0xFF
        damaged += 1
        at = data.find(needle, at + 1)
    assert damaged > 0
    path.write_bytes(bytes(data))
    with pytest.raises(kring.Corrupted):
        kring.Store.open(path)
    with kring.Store.open(path, trust_clean_close=True) as trusting:
        with pytest.raises(kring.Corrupted):
            trusting.case(case)
        with pytest.raises(kring.Corrupted):
            trusting.verify()


def test_threads_share_a_store(store):
    ids = store.generate(seed=9, count=30)
    errors = []

    def reader():
        try:
            for _ in range(20):
                for i in ids:
                    assert store.case(i).id == i
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    def writer():
        try:
            store.generate(seed=10, count=20)
        except Exception as e:  # pragma: no cover
            errors.append(e)

    threads = [threading.Thread(target=reader) for _ in range(4)] + [threading.Thread(target=writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.count() == 50
    assert store.verify().cases == 50


def test_import_commands_rebuilds_another_stores_cases(store):
    ids = store.generate(seed=9, count=12)
    feed = store.events_since(0, limit=100000)
    items = [{"case": r.event.case, "actor": Actor(**r.event.actor), "command": r.event.command, "at": r.event.at}
             for r in feed]
    with kring.Store.in_memory() as copy:
        report = copy.import_commands(items)
        assert (report.commands, report.cases, report.first_seq, report.last_seq) == (len(items), 12, 1, len(items))
        assert [copy.case(i) for i in ids] == [store.case(i) for i in ids]
        copy.verify()
        # A refused command refuses the whole import: the same commands again repeat each
        # case's request.
        with pytest.raises(kring.RuleViolation):
            copy.import_commands(items)
        assert copy.last_seq == len(items)
        with pytest.raises(kring.InvalidInput):
            copy.import_commands("not a list")


def test_execute_many(store, clock):
    case, p = walk(store, clock, stop_after="respond_to_coordinator")
    coordinator = Actor(p["coord"], "coordinator")
    member = {"person": person(store, "Bert Maas"), "relations": [{"to": p["youth"], "kind": "friend"}],
              "side": "own", "minor": False, "identified": "widening_circle"}
    events = store.execute_many([
        {"case": case, "actor": coordinator, "command": "add_network_member", "fields": {"member": member}, "at": clock()},
        {"case": case, "actor": coordinator, "command": {"update_invitation": {"person": member["person"]["id"], "status": "invited"}}, "at": clock()},
    ])
    before = store.case(case).version - 2
    assert [e.version for e in events] == [before + 1, before + 2]
    assert store.case(case).network[member["person"]["id"]].invitation == "invited"


def test_a_store_is_always_true_and_a_record_is_not_hashed_by_identity():
    """An empty store is still a store: `store or other` keeps it. Records compare by
    content, so they are not hashable (as dicts are not) rather than hashed by identity."""
    with kring.Store.in_memory() as empty:
        assert empty.count() == 0
        assert bool(empty) is True
        assert (empty or None) is empty
        ids = empty.generate(seed=3, count=1)
        a, b = empty.case(ids[0]), empty.case(ids[0])
        assert a == b and a is not b
        with pytest.raises(TypeError):
            hash(a)
        with pytest.raises(TypeError):
            {a}
