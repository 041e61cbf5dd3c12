"""The standard measures from Python: for every query of tests/conformance/measures.json, the
same numbers as Rust, Node and the command line (the file's), compared exactly; the options
checked by the core; and the TypedDicts of ``kring`` name every field the core gives."""

import json
import pathlib
import typing
from datetime import date, datetime, timezone

import pytest

import kring

GOLDEN = json.loads((pathlib.Path(__file__).resolve().parents[3] / "tests" / "conformance" / "measures.json").read_text())
KEY = GOLDEN["key"].encode()


@pytest.fixture(scope="module")
def store():
    with kring.Store.in_memory() as s:
        s.generate(seed=GOLDEN["seed"], count=GOLDEN["cases"])
        yield s


def options(q):
    """The options of a query of the file, as a Python caller passes them."""
    disclosure = {"identifying": True} if q["identifying"] else {"key": KEY}
    return dict(disclosure, from_=q["from"], to=q["to"], group_by=q["group_by"])


def as_json(measures):
    """The measures as the core's JSON has them: the period's days as text."""
    query = dict(measures["query"])
    for field in ("from", "to"):
        if query[field] is not None:
            assert isinstance(query[field], date), query
            query[field] = query[field].isoformat()
    return dict(measures, query=query)


@pytest.mark.parametrize("q", GOLDEN["queries"], ids=[f"{q['group_by']}-{q['identifying']}-{q['from']}-{q['to']}" for q in GOLDEN["queries"]])
def test_the_same_numbers_as_rust_node_and_the_cli(store, q):
    got = store.measures(**options(q))
    # Exactly: floats included (every share and mean is one division of whole numbers).
    assert as_json(got) == q["measures"]
    assert json.dumps(as_json(got), sort_keys=True) == json.dumps(q["measures"], sort_keys=True)


def test_days_are_dates_or_text_and_come_back_as_dates(store):
    q = next(q for q in GOLDEN["queries"] if q["identifying"] and q["from"] and q["to"])
    got = store.measures(identifying=True, from_=date.fromisoformat(q["from"]), to=date.fromisoformat(q["to"]), group_by=q["group_by"])
    assert got["query"]["from"] == date.fromisoformat(q["from"]) and type(got["query"]["from"]) is date
    assert as_json(got) == q["measures"]
    everything = store.measures(key=bytearray(KEY))
    assert everything["query"] == {"from": None, "to": None, "group_by": "none"}
    assert everything["groups"][0]["uptake"]["requests"] == GOLDEN["cases"]


def test_small_cells_are_withheld_when_pseudonymised(store):
    orgs = store.measures(key=KEY, group_by="organisation")
    assert orgs["pseudonymised"] and orgs["min_cell"] == 5
    small = [g for g in orgs["groups"] if g["suppressed"]]
    assert small and all(g["uptake"]["requests"] is None and g["label"] is None for g in small)
    assert all(g["uptake"]["requests"] >= 5 for g in orgs["groups"] if not g["suppressed"])
    named = store.measures(identifying=True, group_by="organisation")
    assert len(named["groups"]) == len(orgs["groups"])
    assert all(not g["suppressed"] and g["cells_suppressed"] == 0 for g in named["groups"])
    assert {g["group"] for g in named["groups"]}.isdisjoint(g["group"] for g in orgs["groups"] if g["group"] != "family")


@pytest.mark.parametrize(
    "bad, named",
    [
        ({"identifying": True, "group_by": "municipality"}, "group_by"),
        ({"identifying": True, "group_by": 3}, "group_by"),
        ({"identifying": True, "from_": "2016-02-30"}, "from"),
        ({"identifying": True, "from_": datetime(2016, 1, 1, tzinfo=timezone.utc)}, "from"),
        ({"identifying": True, "to": 20160101}, "to"),
        ({"identifying": True, "from_": "2016-02-01", "to": "2016-01-01"}, "period"),
        ({"identifying": True, "from_": date(2016, 2, 1), "to": date(2016, 2, 1)}, "period"),
        ({}, "key"),
        ({"key": bytes(32)}, "weak key"),
        ({"key": "a research key of 32 characters"}, "key"),
        ({"identifying": "yes"}, "identifying"),
    ],
)
def test_bad_options_raise_invalid_input_naming_the_option(store, bad, named):
    with pytest.raises(kring.InvalidInput) as e:
        store.measures(**bad)
    assert e.value.code == "invalid_input"
    assert named in str(e.value), str(e.value)


def test_a_closed_store_raises_closed():
    s = kring.Store.in_memory()
    s.close()
    with pytest.raises(kring.Closed):
        s.measures(identifying=True)


def check_shape(value, kind, path="measures"):
    """Whether `value` has exactly the fields of the TypedDict `kind`, all the way down."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Union:
        if value is None:
            assert type(None) in args, path
            return
        kind = next(a for a in args if a is not type(None))
        origin, args = typing.get_origin(kind), typing.get_args(kind)
    if typing.is_typeddict(kind):
        hints = typing.get_type_hints(kind)
        assert set(value) == set(hints), f"{path}: {sorted(set(value) ^ set(hints))}"
        for field, hint in hints.items():
            check_shape(value[field], hint, f"{path}.{field}")
    elif origin is dict:
        assert isinstance(value, dict), path
        for k, v in value.items():
            check_shape(v, args[1], f"{path}[{k}]")
    elif origin is list:
        for i, v in enumerate(value):
            check_shape(v, args[0], f"{path}[{i}]")
    elif origin is typing.Literal:
        assert value in args, path
    elif kind is float:
        assert isinstance(value, float), path
    else:
        assert type(value) is kind, f"{path}: {type(value).__name__}, not {kind}"


def test_the_typed_dicts_name_every_field_the_core_gives(store):
    for q in GOLDEN["queries"]:
        check_shape(store.measures(**options(q)), kring.Measures)
    # And they can tell: a field they do not name is caught.
    got = store.measures(identifying=True)
    got["groups"][0]["uptake"]["new_field"] = 1
    with pytest.raises(AssertionError, match="new_field"):
        check_shape(got, kring.Measures)
