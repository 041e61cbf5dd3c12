"""The conformance suite (tests/conformance/), as seen from Python: the same bad inputs as
Rust and Node, the same error codes, an unchanged store, a live process; and the same good
inputs, accepted with the same event and state."""

import json
import pathlib
import shutil
from datetime import datetime

import pytest

import kring

DIR = pathlib.Path(__file__).resolve().parents[3] / "tests" / "conformance"
SETUP = json.loads((DIR / "setup.json").read_text())
INPUTS = [i for i in json.loads((DIR / "bad_inputs.json").read_text()) if "python" in i.get("only", ["python"])]
GOOD = json.loads((DIR / "good_inputs.json").read_text())
CAST = SETUP["cast"]

# An invented person's name, phone number and address in one: no error may repeat any part.
MARKER = "Zeeman Marker 06-12345678 Dorpsstraat 7"
NEVER_SHOWN = ["Zeeman", "Marker", "12345678", "Dorpsstraat", "x" * 20]

MARKERS = {
    "$huge": "x" * 20000,
    "$marker": MARKER,
    "$nan": float("nan"),
    "$lone": "Ann\ud800",
    "$zeros16": bytes(16),
    "$text_key": "a research key of 32 characters",
}


def fill(v, paths=None):
    if isinstance(v, str) and v in MARKERS:
        return MARKERS[v]
    if isinstance(v, str) and paths and v in paths:
        return paths[v]
    if isinstance(v, str) and v.startswith("$"):
        return CAST[v[1:]]
    if isinstance(v, list):
        return [fill(x, paths) for x in v]
    if isinstance(v, dict):
        return {(MARKER if k == "$marker" else k): fill(x, paths) for k, x in v.items()}
    return v


def moment(text):
    """A time as Python passes one: a datetime when the text is one, else the raw value."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError, AttributeError):
        return text


def actor_of(actor):
    """An actor of the file, `[person, role]` or `{person, role, on_behalf_of}`, as a
    `kring.Actor` (anything else is passed on as it is, to be refused)."""
    if isinstance(actor, dict) and "role" in actor:
        return kring.Actor(**actor)
    if isinstance(actor, list):
        return kring.Actor(*actor)
    return actor


def replay(store):
    for e in SETUP["events"]:
        store.execute(e["case"], kring.Actor(**e["actor"]), e["command"], at=moment(e["at"]))


def run(store, entry):
    """Executes one entry of the file (its case, actor, time and command, or the defaults)."""
    actor = actor_of(fill(entry.get("actor", ["$uncle", "network_member"])))
    return store.execute(fill(entry.get("case", "$case")), actor,
                         fill(entry.get("command", {"record_attendance": {"present": ["$uncle"]}})),
                         at=moment(fill(entry.get("at", SETUP["next_at"]))),
                         expected_version=entry.get("expected_version"))


def given_store(entry):
    """A store in memory with the setup replayed, then the entry's `given` commands."""
    store = kring.Store.in_memory()
    replay(store)
    for step in entry.get("given", []):
        run(store, step)
    return store


def holds(actual, expected):
    """Whether `actual` holds `expected`: every key of an expected dict, every item of an
    expected list in order (and no more), any other value equal."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and holds(actual[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(map(holds, actual, expected))
    return bool(actual == expected)


@pytest.fixture(scope="module")
def held(tmp_path_factory):
    folder = tmp_path_factory.mktemp("conformance")
    path = folder / "cases.kring"
    store = kring.Store.create(path)
    replay(store)
    store.backup(folder / "copy.kring")
    paths = {"$bytes_path": bytes(folder / "copy.kring")}
    for n in (9, 100):
        cut = folder / f"cut{n}.kring"
        shutil.copy(folder / "copy.kring", cut)
        with open(cut, "r+b") as f:
            f.truncate(n)
        paths[f"$cut{n}"] = str(cut)
    yield store, path, paths
    store.close()


def circle_limit():
    """Fills the example circle up to its limit in one batch, then adds one more."""
    with kring.Store.in_memory() as store:
        replay(store)
        uncle = kring.Actor(CAST["uncle"], "network_member")
        c = store.case(CAST["case"])
        people = len(c.main_persons) + len(c.network) + len(c.professionals) + (1 if c.coordinator else 0)
        room = kring.LIMITS["people"] - people

        def member(n):
            person = {"id": store.new_id("person"), "name": f"Invented Person {n}", "birth_date": None, "languages": []}
            return {"case": CAST["case"], "actor": uncle, "command": {"add_network_member": {"member": {
                "person": person, "relations": [{"to": CAST["youth"], "kind": "friend"}],
                "side": "own", "minor": False, "identified": "at_conference"}}}}

        store.execute_many([member(n) for n in range(room)])
        store.execute_many([member(room)])


def attempt(store, path, paths, bad):
    args = fill(bad.get("args", {}), paths)
    op = bad.get("op")
    if bad.get("special") == "second_writer":
        return kring.Store.open(path)
    if bad.get("special") == "closed":
        s = kring.Store.in_memory()
        s.close()
        return s.case(CAST["case"])
    if bad.get("special") == "circle_limit":
        return circle_limit()
    if op == "generate":
        return store.generate(seed=args["seed"], count=args["count"])
    if op == "query":
        return store.query(**args["filters"])
    if op == "cases":
        return store.cases(**args["filters"])
    if op == "summary":
        return store.summary(args["case"])
    if op == "summaries":
        return store.summaries(**args["filters"])
    if op == "export_case":
        key = bytes.fromhex(args["key_hex"]) if "key_hex" in args else None
        reader = actor_of(args["reader"]) if "reader" in args else None
        return store.export_case(args["case"], reader=reader, key=key)
    if op == "import_case":
        return store.import_case(args["file"])
    if op == "follow":
        return store.follow(args["entries"])
    if op == "access_log":
        return store.access_log(case=args.get("case"), person=args.get("person"))
    if op == "case_for":
        return store.case_for(CAST["case"], actor_of(args["reader"]))
    if op == "case_at_version":
        return store.case_at_version(CAST["case"], args["version"])
    if op == "events_since":
        return store.events_since(args["after"], args["limit"])
    if op in ("execute_many", "import_commands"):
        items = args["items"]
        if isinstance(items, list):
            items = [dict(i, actor=actor_of(i["actor"])) if isinstance(i, dict) and "actor" in i else i for i in items]
        return getattr(store, op)(items)
    if op in ("research_tables", "research_arrow"):
        key = args["key"] if "key" in args else bytes.fromhex(args["key_hex"]) if "key_hex" in args else None
        output = "records" if op == "research_tables" else "stream"
        return store.research_tables(key=key, identifying=args.get("identifying", False), output=output, tables=args.get("tables"))
    if op == "measures":
        key = bytes.fromhex(args["key_hex"]) if "key_hex" in args else None
        return store.measures(key=key, identifying=args.get("identifying", False), from_=args.get("from"), to=args.get("to"), group_by=args.get("group_by", "none"))
    if op == "export_parquet":
        key = bytes.fromhex(args["key_hex"]) if "key_hex" in args else None
        dataset = path.parent / "parquet"
        if args.get("claimed"):
            # Another export of this organisation under way: its claim in the dataset.
            dataset.mkdir(parents=True, exist_ok=True)
            (dataset / f".kring-parquet-{args['organisation']}.lock").write_text("another export\n")
        return store.export_parquet(dataset, key=key, organisation=args.get("organisation"))
    if op == "report_html":
        key = bytes.fromhex(args["key_hex"]) if "key_hex" in args else None
        return store.report_html(key=key, identifying=args.get("identifying", False), from_=args.get("from"), to=args.get("to"),
                                 group_by=args.get("group_by", "none"), lang=args.get("lang", "nl"), made_on=args.get("made_on"))
    if op == "plan_html":
        reader = actor_of(args["reader"]) if "reader" in args else None
        return store.plan_html(args["case"], lang=args.get("lang", "nl"), version=args.get("version"), reader=reader)
    if op == "network_map":
        reader = actor_of(args["reader"]) if "reader" in args else None
        return store.network_map(args["case"], lang=args.get("lang", "nl"), reader=reader)
    if op == "fhir_bundle":
        return store.fhir_bundle(args["case"])
    if op == "open":
        return kring.Store.open(args["path"], trust_clean_close=args.get("trust_clean_close", False))
    if op == "new_id":
        return store.new_id(args["kind"])
    if op == "evaluations_due":
        return store.evaluations_due(args["as_of"])
    assert op is None, f"unknown op {op}"
    return run(store, bad)


@pytest.mark.parametrize("bad", INPUTS, ids=[i["name"] for i in INPUTS])
def test_bad_input(held, bad):
    store, path, paths = held
    if "given" in bad:
        store = given_store(bad)
    before = (store.case(CAST["case"]), store.last_seq)
    with pytest.raises(kring.KringError) as e:
        attempt(store, path, paths, bad)
    assert e.value.code == bad["code"], str(e.value)
    if "rule" in bad:
        assert e.value.rule == bad["rule"]
    if e.value.code == "invalid_input":
        assert str(e.value).startswith("invalid "), str(e.value)[:200]
    # The message and the repr name ids and codes, never what was passed in, and stay short.
    for text in (str(e.value), repr(e.value)):
        assert not [p for p in NEVER_SHOWN if p in text], text[:300]
        assert len(text) <= 700, len(text)
    assert (store.case(CAST["case"]), store.last_seq) == before


@pytest.mark.parametrize("good", GOOD, ids=[i["name"] for i in GOOD])
def test_good_input(good):
    with given_store(good) as store:
        version = store.case(CAST["case"]).version
        event = run(store, good)
        assert event.version == version + 1
        assert kring.Actor(**event.actor) == actor_of(fill(good.get("actor", ["$uncle", "network_member"])))
        if "expect" in good:
            expect = fill(good["expect"])
            assert holds(store.case(CAST["case"]).to_dict(), expect), expect
        store.verify()
