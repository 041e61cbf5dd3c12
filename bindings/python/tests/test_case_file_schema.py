"""The kring case file's JSON Schema (docs/schema/case-file-v1.json, generated from the Rust
types), checked with an independent validator: `jsonschema`. The golden case file and the
files the store exports are valid; files with an event missing its origin, a malformed store
id, an unknown command or no version are not."""

import copy
import json
import pathlib

import pytest

jsonschema = pytest.importorskip("jsonschema")

ROOT = pathlib.Path(__file__).resolve().parents[3]
SCHEMA = json.loads((ROOT / "docs" / "schema" / "case-file-v1.json").read_text())
GOLDEN = json.loads((ROOT / "tests" / "golden" / "case-file-v1.json").read_text())


def validator():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    return jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_the_golden_case_file_is_valid():
    errors = list(validator().iter_errors(GOLDEN))
    assert errors == []
    assert len(GOLDEN["events"]) > 10


@pytest.mark.parametrize("break_it", [
    lambda f: f["events"][3].pop("origin"),
    lambda f: f["events"][0].__setitem__("origin", "store_not-an-id"),
    lambda f: f["events"][2]["event"].__setitem__("command", {"rewrite_history": {}}),
    lambda f: f.pop("kring_case_file"),
    lambda f: f["events"][1]["event"].__setitem__("at", "yesterday"),
    lambda f: f.__setitem__("disclosure", "everything"),
], ids=["no origin", "bad store id", "unknown command", "no version", "not a time", "unknown disclosure"])
def test_a_broken_case_file_is_invalid(break_it):
    broken = copy.deepcopy(GOLDEN)
    break_it(broken)
    assert list(validator().iter_errors(broken)) != []


FEED_SCHEMA = json.loads((ROOT / "docs" / "schema" / "feed-entry-v1.json").read_text())


def feed_validator():
    jsonschema.Draft202012Validator.check_schema(FEED_SCHEMA)
    return jsonschema.Draft202012Validator(FEED_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def feed_of(case_file):
    """The golden case's events as the origin's feed gives them (`kring feed`)."""
    return [{"kring_feed": 1, "store": e["origin"], "seq": e["seq"], "origin": e["origin"],
             "origin_seq": e["seq"], "event": e["event"]} for e in case_file["events"]]


def test_feed_entries_are_valid():
    v = feed_validator()
    assert all(list(v.iter_errors(entry)) == [] for entry in feed_of(GOLDEN))


@pytest.mark.parametrize("break_it", [
    lambda e: e.pop("origin_seq"),
    lambda e: e.__setitem__("seq", -1),
    lambda e: e.__setitem__("store", "case_01A85W7C00CG8FQ7QE2E13Q00X"),
    lambda e: e.__setitem__("extra", True),
], ids=["no origin seq", "negative seq", "not a store id", "unknown field"])
def test_a_broken_feed_entry_is_invalid(break_it):
    entry = feed_of(GOLDEN)[0]
    break_it(entry)
    assert list(feed_validator().iter_errors(entry)) != []
