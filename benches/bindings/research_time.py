"""Times the research tables of generated cases as pyarrow Tables, the path of the target
in docs/benchmarks.md (100,000 cases to pyarrow in at most 1 s). Run from the repository
root with the binding built in release mode and pyarrow installed:

    (cd bindings/python && maturin develop --release) && python benches/bindings/research_time.py 100000

Arguments: the number of cases (default 10,000), generated with seed 1 into an in-memory
store; and optionally STORE, a store file: generated into when it does not exist yet,
opened when it does (to time many runs without generating each time). Then
``research_tables(key=…, output="arrow")`` is timed RUNS times (environment, default 5)
after a first call of the process, timed apart (pyarrow is imported before it): the wall
and CPU time of each call, with the load average, then the best and the median.
``RESEARCH_OUTPUT=stream`` times the native Arrow tables alone (no pyarrow), ``polars`` or
``pandas`` those outputs. ``RESEARCH_TABLES=cases,plan_items`` builds only those tables.
"""

import os
import statistics
import sys
import time

import kring

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
PATH = sys.argv[2] if len(sys.argv) > 2 else None
RUNS = int(os.environ.get("RUNS", "5"))
OUTPUT = os.environ.get("RESEARCH_OUTPUT", "arrow")
KEY = b"research key 7 research key 7 re"
TABLES = os.environ["RESEARCH_TABLES"].split(",") if os.environ.get("RESEARCH_TABLES") else None


def store() -> kring.Store:
    if PATH is None:
        s = kring.Store.in_memory()
    elif os.path.exists(PATH):
        return kring.Store.open(PATH)
    else:
        s = kring.Store.create(PATH)
    s.generate(seed=1, count=N)
    return s


# The consumer's import apart: the wrapper imports it on the first call otherwise.
if OUTPUT in ("arrow", "pandas", "polars"):
    t = time.perf_counter()
    __import__("pyarrow" if OUTPUT != "polars" else "polars")
    print(f"import {'pyarrow' if OUTPUT != 'polars' else 'polars'}: {(time.perf_counter() - t) * 1e3:.0f} ms")

started = time.perf_counter()
with store() as s:
    print(f"{len(s.query())} cases ready in {time.perf_counter() - started:.1f} s")
    walls = []
    for run in range(RUNS + 1):
        load = os.getloadavg()[0]
        t, c = time.perf_counter(), time.process_time()
        tables = s.research_tables(key=KEY, output=OUTPUT, tables=TABLES)
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        rows = sum(len(t) if OUTPUT != "stream" else t.num_rows for t in tables.values())
        t = time.perf_counter()
        del tables
        dropped = time.perf_counter() - t
        label = "first call" if run == 0 else f"call {run}"
        print(f"{label}: {wall * 1e3:.0f} ms, CPU {cpu:.2f} s ({rows} rows; freed in {dropped * 1e3:.0f} ms; load {load:.2f})")
        if run > 0:
            walls.append(wall)
    print(f"{OUTPUT}: best {min(walls) * 1e3:.0f} ms, median {statistics.median(walls) * 1e3:.0f} ms over {len(walls)} calls")
