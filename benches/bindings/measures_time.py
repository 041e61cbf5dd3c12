"""Times the standard measures and the report through Python over a store file of
generated cases (the measures target in docs/benchmarks.md: at most 200 ms for 100,000
cases). Run from the repository root with the binding built in release mode:

    (cd bindings/python && maturin develop --release) && python benches/bindings/measures_time.py STORE 100000

STORE is generated into (seed 1) when it does not exist yet, opened when it does. Then
``store.measures(key=…)`` is timed RUNS times (environment, default 7) ungrouped and grouped
by organisation, with the best and the median, the number of groups and the load average;
then ``store.report_html(key=…, group_by="organisation")`` once.
"""

import os
import statistics
import sys
import time

import kring

PATH = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
RUNS = int(os.environ.get("RUNS", "7"))
KEY = b"research key 7 research key 7 re"

if not os.path.exists(PATH):
    with kring.Store.create(PATH) as s:
        started = time.perf_counter()
        s.generate(seed=1, count=N)
        print(f"generated {N} cases in {time.perf_counter() - started:.1f} s")

with kring.Store.open(PATH) as store:
    for group_by in ["none", "organisation"]:
        runs = []
        for _ in range(RUNS):
            started = time.perf_counter()
            m = store.measures(key=KEY, group_by=group_by)
            runs.append(time.perf_counter() - started)
        print(
            f"measures by {group_by}: best {min(runs) * 1e3:.1f} ms, median {statistics.median(runs) * 1e3:.1f} ms;"
            f" {len(m['groups'])} groups; load average {os.getloadavg()[0]:.2f}"
        )
    started = time.perf_counter()
    html = store.report_html(key=KEY, group_by="organisation")
    print(f"report_html: {(time.perf_counter() - started) * 1e3:.1f} ms, {len(html)} bytes")
