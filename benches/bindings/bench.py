"""Python overhead: reading a case, converting a whole case to dicts, and a bulk import
through the binding (execute_many in batches of 1000, and import_commands of everything). Run from the repository root with the binding built in release mode:
    (cd bindings/python && maturin develop --release) && python benches/bindings/bench.py
An optional argument sets the number of cases (default 2000; the test suite runs 20).

A read gives a record, which converts a field when it is read; `to_dict()` converts all of it,
as reads did before records were views. The build (abi3 or one Python version) is printed.
"""

import os
import statistics
import sys
import time

import kring

build = "abi3" if ".abi3." in os.path.basename(kring._native.__file__) else "per-version"

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
with kring.Store.in_memory() as source:
    ids = source.generate(seed=2026, count=N)
    reads, expected = [], []
    for i in ids:
        t = time.perf_counter()
        case = source.case(i)
        reads.append(time.perf_counter() - t)
        expected.append(case)
    dicts = []
    for case in expected:
        t = time.perf_counter()
        case.to_dict()
        dicts.append(time.perf_counter() - t)
    feed, after = [], 0
    while page := source.events_since(after, 100_000):
        feed += page
        after = page[-1].seq
    items = [{"case": r.event.case, "actor": r.event.actor.to_dict(), "command": r.event.command.to_dict() if hasattr(r.event.command, "to_dict") else r.event.command, "at": r.event.at}
             for r in feed]
with kring.Store.in_memory() as target:
    t = time.perf_counter()
    for k in range(0, len(items), 1000):
        target.execute_many([{**i, "actor": kring.Actor(i["actor"]["person"], i["actor"]["role"])} for i in items[k:k + 1000]])
    elapsed = time.perf_counter() - t
    # The import must have rebuilt every case exactly (this is also the test suite's smoke run).
    if [target.case(i) for i in ids] != expected:
        sys.exit("bulk import through the binding did not rebuild the same cases")
with kring.Store.in_memory() as target:
    native = [{**i, "actor": kring.Actor(i["actor"]["person"], i["actor"]["role"])} for i in items]
    t = time.perf_counter()
    target.import_commands(native)
    imported = time.perf_counter() - t
    if target.count() != N:
        sys.exit("import_commands did not rebuild every case")
print(f"python ({build}): read a case median {statistics.median(reads) * 1e6:.1f} µs, "
      f"to_dict() of a whole case median {statistics.median(dicts) * 1e6:.1f} µs over {N} cases; "
      f"bulk import {len(items) / elapsed:,.0f} commands/s ({len(items)} commands, batches of 1000), "
      f"import_commands {len(items) / imported:,.0f} commands/s")
