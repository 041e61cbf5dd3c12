"""Cases between stores from Python (docs/interchange.md): a case file exported, imported
elsewhere and exported again is the same text; the copy is read-only; a follower takes the
feed in batches; bad input is a typed error that changes nothing. The files validate against
the published JSON Schemas with `jsonschema`."""

import json
import pathlib

import pytest

import kring

from story import walk

ROOT = pathlib.Path(__file__).resolve().parents[3]


def test_a_case_file_travels_and_comes_back_the_same():
    with kring.Store.in_memory() as a, kring.Store.in_memory() as b:
        case = a.generate(seed=3, count=1)[0]
        text = a.export_case(case)
        report = b.import_case(text)
        assert (report.case, report.holder) == (case, a.id)
        assert report.added == a.case(case).version
        assert b.case(case) == a.case(case)
        assert b.export_case(case) == text
        assert b.import_case(text.encode()).added == 0
        assert b.holder(case) == a.id and a.holder(case) == a.id
        # The copy is read-only here.
        last = b.history(case)[-1].event
        with pytest.raises(kring.PermissionDenied) as e:
            b.execute(case, last.actor, "withdraw", reason="x")
        assert e.value.code == "read_only_copy"
        assert b.case(case) == a.case(case)


def test_a_follower_takes_the_feed_in_batches():
    with kring.Store.in_memory() as a, kring.Store.in_memory() as b:
        cases = a.generate(seed=4, count=5)
        after = 0
        while page := a.feed(after, 50):
            report = b.follow(page)
            assert report.store == a.id
            after = report.cursor
        assert b.cursor(a.id) == a.last_seq
        assert all(b.case(c) == a.case(c) for c in cases)
        again = b.follow(a.feed(0, 1000))
        assert again.added == 0
        only = kring.Store.in_memory()
        only.follow(a.feed(0, 100_000), cases=cases[:1])
        assert only.count() == 1


def test_bad_input_is_a_typed_error_and_changes_nothing():
    with kring.Store.in_memory() as a, kring.Store.in_memory() as b:
        case = a.generate(seed=5, count=1)[0]
        text = a.export_case(case)
        with pytest.raises(kring.InvalidInput):
            b.import_case(text[: len(text) // 2])
        newer = text.replace('"kring_case_file":1', '"kring_case_file":2', 1)
        with pytest.raises(kring.InvalidInput, match="newer"):
            b.import_case(newer)
        with pytest.raises(kring.InvalidInput):
            b.follow("not a list")
        with pytest.raises(kring.InvalidInput):
            b.follow([1, 2])
        with pytest.raises(kring.InvalidInput):
            a.follow(a.feed(0, 10))
        assert b.count() == 0


def test_what_the_store_writes_validates_against_the_published_schemas():
    jsonschema = pytest.importorskip("jsonschema")
    v = jsonschema.Draft202012Validator
    case_file = v(json.loads((ROOT / "docs/schema/case-file-v1.json").read_text()), format_checker=v.FORMAT_CHECKER)
    feed_entry = v(json.loads((ROOT / "docs/schema/feed-entry-v1.json").read_text()), format_checker=v.FORMAT_CHECKER)
    with kring.Store.in_memory() as a:
        cases = a.generate(seed=6, count=3)
        for c in cases:
            assert list(case_file.iter_errors(json.loads(a.export_case(c)))) == []
        lines = a.feed(0, 100_000)
        assert lines
        for line in lines:
            assert list(feed_entry.iter_errors(json.loads(line))) == []


def test_two_stores_that_wrote_one_case_are_a_conflict(tmp_path, clock):
    """A store restored from a backup writes on where the original also did: the histories
    fork, and the second file is refused with code `diverged`, naming both events."""
    with kring.Store.create(tmp_path / "a.kring") as a:
        case, p = walk(a, clock, stop_after="set_participation")
        coordinator = kring.Actor(p["coord"], "coordinator")
        a.backup(tmp_path / "restored.kring")
        a.execute(case, coordinator, "update_invitation", at=clock(), person=p["grandma"], status="declined")
        ours = a.export_case(case)
    with kring.Store.open(tmp_path / "restored.kring") as restored:
        restored.execute(case, coordinator, "update_invitation", at=clock(), person=p["neighbour"], status="declined")
        theirs = restored.export_case(case)
    with kring.Store.in_memory() as b:
        b.import_case(ours)
        with pytest.raises(kring.Conflict) as e:
            b.import_case(theirs)
        assert e.value.code == "diverged"
        assert str(e.value).count("#") == 2
        assert b.export_case(case) == ours


def test_a_case_file_scoped_to_a_reader_holds_only_their_view(store, clock):
    case, p = walk(store, clock)
    grandma = kring.Actor(p["grandma"], "network_member")
    text = store.export_case(case, reader=grandma)
    scoped = json.loads(text)
    assert (scoped["disclosure"], scoped["case"], scoped["store"]) == ("scoped", case, store.id)
    assert "events" not in scoped
    # A network member does not see the request: its description is not in the file.
    assert "description" not in scoped["view"]
    assert "want a plan" not in text
    assert scoped["view"]["reader"]["person"] == p["grandma"]
    assert [e.what for e in store.access_log(case=case) if e.actor.person == p["grandma"]][-1] == "case_for"
    with pytest.raises(kring.PermissionDenied):
        store.export_case(case, reader=kring.Actor(store.new_id("person"), "network_member"))
    with kring.Store.in_memory() as other:
        with pytest.raises(kring.InvalidInput, match="only a full case file imports"):
            other.import_case(text)
        assert other.count() == 0


def test_a_pseudonymised_case_file_names_nobody_and_joins_the_research_tables(store, clock):
    case, p = walk(store, clock)
    key = bytes(range(7, 39))
    text = store.export_case(case, key=key)
    pseudonymised = json.loads(text)
    assert pseudonymised["disclosure"] == "pseudonymised"
    for secret in [case, store.id, *(v for v in p.values() if isinstance(v, str)), "Sem", "Kramer", "want a plan"]:
        assert secret not in text
    tables = store.research_tables(key=key, output="records")
    assert pseudonymised["case"] == tables["cases"][0]["case"]
    assert store.export_case(case, key=key) == text
    assert json.loads(store.export_case(case, key=bytes(range(40, 72))))["case"] != pseudonymised["case"]
    for bad in [dict(key=bytes(32)), dict(key="not bytes"), dict(key=key, reader=kring.Actor(p["grandma"], "network_member"))]:
        with pytest.raises(kring.InvalidInput):
            store.export_case(case, **bad)
    with kring.Store.in_memory() as other:
        with pytest.raises(kring.InvalidInput, match="only a full case file imports"):
            other.import_case(text)
        assert other.count() == 0


def test_scoped_and_pseudonymised_files_validate_against_the_published_schema(store, clock):
    jsonschema = pytest.importorskip("jsonschema")
    v = jsonschema.Draft202012Validator
    schema = v(json.loads((ROOT / "docs/schema/case-file-v1.json").read_text()), format_checker=v.FORMAT_CHECKER)
    case, p = walk(store, clock)
    for reader in [kring.Actor(p["grandma"], "network_member"), kring.Actor(p["coord"], "coordinator"), kring.Actor(p["prof"], "professional")]:
        assert list(schema.iter_errors(json.loads(store.export_case(case, reader=reader)))) == []
    pseudonymised = json.loads(store.export_case(case, key=bytes(range(7, 39))))
    assert list(schema.iter_errors(pseudonymised)) == []
    pseudonymised["disclosure"] = "full"
    assert list(schema.iter_errors(pseudonymised)) != []
