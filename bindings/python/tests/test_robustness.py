"""Defects found by using kring as a hostile or careless caller would, each with the test
that failed before its fix (the rest are in the conformance suite, tests/conformance/)."""

import json
import pathlib
import subprocess
import sys
import threading
import time
from datetime import datetime

import pytest

import kring

SETUP = json.loads((pathlib.Path(__file__).resolve().parents[3] / "tests" / "conformance" / "setup.json").read_text())
CAST = SETUP["cast"]


def example(store):
    for e in SETUP["events"]:
        at = datetime.fromisoformat(e["at"].replace("Z", "+00:00"))
        store.execute(e["case"], kring.Actor(e["actor"]["person"], e["actor"]["role"]), e["command"], at=at)


def test_defaulted_times_never_refuse_concurrent_writers():
    """Without `at`, the time is taken inside the write: 8 threads writing one case get no
    false `time_order` refusals (before, 355 to 784 of 2,000 writes were refused)."""
    with kring.Store.in_memory() as store:
        example(store)
        before = len(store.history(CAST["case"]))
        errors = []
        uncle = kring.Actor(CAST["uncle"], "network_member")

        def write():
            for _ in range(100):
                try:
                    store.execute(CAST["case"], uncle, "record_attendance", present=[CAST["uncle"]])
                except kring.KringError as e:
                    errors.append(e.code)

        threads = [threading.Thread(target=write) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(store.history(CAST["case"])) == before + 800
        store.verify()


def test_a_given_time_is_still_checked():
    with kring.Store.in_memory() as store:
        example(store)
        with pytest.raises(kring.RuleViolation) as e:
            store.execute(CAST["case"], kring.Actor(CAST["uncle"], "network_member"), "record_attendance",
                          present=[CAST["uncle"]], at=datetime.fromisoformat("2001-01-01T00:00:00+00:00"))
        assert e.value.rule == "time_order"


def test_close_waits_for_a_write_in_flight_and_releases_the_file(tmp_path):
    """`close()` on one thread while another writes: the write finishes (or is refused as
    `closed` if it had not begun), and the file can be opened again at once."""
    path = tmp_path / "cases.kring"
    for attempt in range(5):
        store = kring.Store.create(path, durability="fast")
        outcome = {}

        def write():
            try:
                outcome["ids"] = store.generate(seed=attempt, count=200)
            except kring.Closed:
                outcome["closed"] = True

        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(0.05 * attempt)
        store.close()
        again = kring.Store.open(path)  # before: `already_open` while the write went on
        writer.join()
        assert again.verify().cases == (200 if "ids" in outcome else 0)
        assert again.count() == (200 if "ids" in outcome else 0)
        again.close()
        path.unlink()


def test_bad_calls_print_nothing_and_never_abort():
    """Counts that once aborted the process (a failed allocation) or printed a Rust
    backtrace are typed errors, and nothing reaches stderr."""
    script = """
import kring
s = kring.Store.in_memory()
for count in (2**32 - 1, 2**62, -1, 10**30):
    try:
        s.generate(seed=1, count=count)
    except kring.InvalidInput:
        pass
    else:
        raise SystemExit("accepted count %r" % count)
print("alive")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    assert done.stdout.strip() == b"alive"
    assert done.stderr == b""


def test_limits_are_published():
    assert kring.LIMITS["people"] >= 500
    assert set(kring.LIMITS) >= {"events", "people", "plan_versions", "signals"}
