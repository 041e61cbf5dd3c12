"""A store of an older format takes no write until it is upgraded, only when asked
(`Store.upgrade`); a progress callback that raises aborts the upgrade with nothing committed."""

import pathlib
import shutil
from datetime import timedelta

import pytest

import kring

GOLDEN = pathlib.Path(__file__).resolve().parents[3] / "tests" / "golden"


@pytest.fixture
def v2(tmp_path):
    """A copy of the golden format-2 store (opening may touch the file)."""
    path = tmp_path / "format-v2.kring"
    shutil.copyfile(GOLDEN / "format-v2.kring", path)
    return path


def score(store):
    """A satisfaction score for a closed case of the store, by its coordinator: (case, actor,
    at), a write that is valid once the store takes writes."""
    closed = store.query(phase="closed")[0]
    c = store.case(closed)
    coordinator = kring.Actor(c.coordinator.coordinator.person.id, "coordinator")
    return closed, coordinator, c.updated_at + timedelta(days=1)


def write(store, case, actor, at):
    return store.execute(case, actor, "record_satisfaction", group="main_person", score=8, at=at)


def refused(store, case, actor, at):
    """Every write is refused with `UpgradeRequired`, code `upgrade_required`."""
    with pytest.raises(kring.UpgradeRequired) as e:
        write(store, case, actor, at)
    assert e.value.code == "upgrade_required"
    assert "upgrade the store first" in str(e.value)
    with pytest.raises(kring.UpgradeRequired):
        store.generate(seed=7, count=1)


def test_an_older_store_takes_writes_only_once_upgraded(v2):
    with kring.Store.open(v2) as store:
        assert store.format_version == 2
        assert kring.FORMAT_VERSION == 8
        case, actor, at = score(store)
        before = (store.last_seq, store.count(), store.case(case), store.events_since(0, 100_000))
        refused(store, case, actor, at)
        assert (store.last_seq, store.count(), store.case(case), store.events_since(0, 100_000)) == before
        assert store.format_version == 2

        seen = []
        report = store.upgrade(lambda done, total: seen.append((done, total)))
        assert type(report) is dict
        assert report["from"] == 2 and report["to"] == kring.FORMAT_VERSION
        assert report["events"] == before[0]
        total = report["events"] + report["cases"]
        assert seen[-1] == (total, total)
        assert all(0 < d <= t == total for d, t in seen)
        assert store.format_version == kring.FORMAT_VERSION
        assert store.events_since(0, 100_000) == before[3]
        store.verify()

        event = write(store, case, actor, at)
        assert event.command.record_satisfaction.score == 8
        assert store.case(case).version == before[2].version + 1
        assert len(store.generate(seed=7, count=2)) == 2
        assert store.verify().events == store.last_seq
        # Upgrading again does nothing, and reports nothing.
        assert store.upgrade(lambda done, total: pytest.fail("no progress")) == {
            "from": kring.FORMAT_VERSION,
            "to": kring.FORMAT_VERSION,
            "events": 0,
            "cases": 0,
        }
    with kring.Store.open(v2) as store:
        assert store.format_version == kring.FORMAT_VERSION
        store.verify()


class Stop(Exception):
    pass


def test_an_exception_in_progress_aborts_the_upgrade_and_propagates(v2, capfd):
    """The golden store has fewer than a thousand values, so progress is called once: when all
    are converted and the new format is recorded, just before the commit."""
    with kring.Store.open(v2) as store:
        case, actor, at = score(store)
        before = (store.last_seq, store.events_since(0, 100_000))
        calls = []

        def progress(done, total):
            calls.append((done, total))
            raise Stop(done)

        with pytest.raises(Stop):
            store.upgrade(progress)
        assert len(calls) == 1 and calls[0][0] == calls[0][1]
        assert store.format_version == 2
        assert (store.last_seq, store.events_since(0, 100_000)) == before
        refused(store, case, actor, at)
        store.verify()
    # Nothing was committed, and the store is whole: it opens as it was, and upgrades.
    with kring.Store.open(v2) as store:
        assert store.format_version == 2
        assert store.upgrade()["from"] == 2
        write(store, case, actor, at)
        store.verify()
    assert capfd.readouterr().err == ""


def test_the_progress_callback_cannot_use_the_store(v2):
    """The upgrade holds the store while the callback runs: a call on it from there would wait
    for itself, and is refused (a `RuntimeError`, which then aborts the upgrade)."""
    with kring.Store.open(v2) as store:
        for use in (lambda: store.last_seq, lambda: store.closed, store.close, store.upgrade):
            with pytest.raises(RuntimeError, match="progress callback"):
                store.upgrade(lambda done, total: use())
            assert store.format_version == 2
            assert not store.closed
        assert store.upgrade()["to"] == kring.FORMAT_VERSION


def test_upgrade_checks_its_argument_and_the_store():
    with kring.Store.in_memory() as store:
        assert store.format_version == kring.FORMAT_VERSION
        with pytest.raises(kring.InvalidInput, match="^invalid progress: "):
            store.upgrade(42)  # type: ignore[arg-type]
        # A store of the current format is left as it is; progress is never called.
        assert store.upgrade(lambda done, total: pytest.fail("no progress")) == {
            "from": kring.FORMAT_VERSION,
            "to": kring.FORMAT_VERSION,
            "events": 0,
            "cases": 0,
        }
    with pytest.raises(kring.Closed):
        store.upgrade()
    with pytest.raises(kring.Closed):
        store.format_version
