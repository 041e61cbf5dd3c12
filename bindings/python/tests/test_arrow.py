"""Research tables as Arrow: typed, through the Arrow PyCapsule interface, into pyarrow, polars
and DuckDB with the same values as the records."""

import ctypes
import gc
import importlib.util
import os
from collections import Counter
from datetime import date, datetime

import pytest

import kring

pa = pytest.importorskip("pyarrow")

KEY = b"a research key, 32 bytes long!!"
TABLES = ["cases", "phases", "network", "attendance", "frameworks", "plan_items",
          "agreement_reviews", "evaluations", "acceptance", "outcomes", "satisfaction"]
CASES = 300


@pytest.fixture(scope="module")
def generated():
    with kring.Store.in_memory() as s:
        ids = s.generate(seed=5, count=CASES)
        yield s, ids


def arrow_types():
    return {
        "bool": pa.bool_(),
        "int": pa.int64(),
        "text": pa.string(),
        "date": pa.date32(),
        "time": pa.timestamp("us", tz="UTC"),
    }


@pytest.mark.parametrize("identifying", [False, True])
def test_pyarrow_tables_are_typed_and_hold_the_records(generated, identifying):
    store, _ = generated
    disclosure = {"identifying": True} if identifying else {"key": KEY}
    tables = store.research_tables(output="arrow", **disclosure)
    records = store.research_tables(output="records", **disclosure)
    native = {t["name"]: t for t in store._native.research_tables(None if identifying else KEY, identifying)}
    assert list(tables) == TABLES == list(records)
    types = arrow_types()
    for name, table in tables.items():
        assert isinstance(table, pa.Table)
        columns = native[name]["columns"]
        assert table.column_names == [c for c, _ in columns]
        for field, (column, kind) in zip(table.schema, columns):
            assert field.type == types[kind], f"{name}.{column}: {field.type}"
        assert table.num_rows == len(records[name]) > 0, name
        assert table.to_pylist() == records[name], name
    assert tables["cases"].num_rows == CASES
    schema = tables["cases"].schema
    assert str(schema.field("requested_at").type) == "timestamp[us, tz=UTC]"
    assert str(schema.field("first_conference_on").type) == "date32[day]"
    assert str(schema.field("network_size").type) == "int64"
    assert str(tables["network"].schema.field("minor").type) == "bool"
    # Nullable only where a cell can be absent.
    assert not schema.field("case").nullable and not schema.field("requested_at").nullable
    assert schema.field("first_conference_on").nullable and schema.field("description").nullable


def test_pseudonymised_arrow_tables_hold_no_real_ids(generated):
    store, ids = generated
    tables = store.research_tables(key=KEY, output="arrow")
    text = "\n".join(
        str(v)
        for t in tables.values()
        for column in t.columns
        if pa.types.is_string(column.type)
        for v in column.to_pylist()
    )
    assert "case_" in text and "person_" in text
    for case_id in ids[:50]:
        assert case_id not in text
        case = store.case(case_id)
        for member in case["network"].values():
            assert member["person"]["id"] not in text
            assert member["person"]["name"] not in text
    # Pseudonyms join with the same key, not with another.
    again = store.research_tables(key=KEY, output="arrow")["cases"]
    other = store.research_tables(key=b"another key of enough length....", output="arrow")["cases"]
    assert again.column("case").equals(tables["cases"].column("case"))
    assert set(other.column("case").to_pylist()).isdisjoint(tables["cases"].column("case").to_pylist())
    identifying = store.research_tables(identifying=True, output="arrow")["cases"]
    assert set(identifying.column("case").to_pylist()) == set(ids)


@pytest.mark.skipif(importlib.util.find_spec("polars") is None, reason="polars not installed")
def test_polars_frames_are_typed_and_hold_the_records(generated):
    import polars as pl

    store, _ = generated
    frames = store.research_tables(key=KEY, output="polars")
    records = store.research_tables(key=KEY, output="records")
    assert list(frames) == TABLES
    for name, frame in frames.items():
        assert isinstance(frame, pl.DataFrame)
        assert frame.to_dicts() == records[name], name
    cases = frames["cases"].schema
    assert cases["requested_at"] == pl.Datetime("us", "UTC")
    assert cases["first_conference_on"] == pl.Date
    assert cases["network_size"] == pl.Int64
    assert cases["case"] == pl.String
    assert frames["network"].schema["minor"] == pl.Boolean
    # Straight from the stream object, and from the pyarrow table: the same frame.
    stream = store.research_tables(key=KEY, output="stream")
    assert pl.DataFrame(stream["network"]).equals(frames["network"])
    assert pl.from_arrow(pa.table(stream["network"])).equals(frames["network"])


def micros(value):
    """A time as microseconds since 1970 (DuckDB gives times as these below: a `datetime` with a
    time zone needs pytz in DuckDB before 2.0)."""
    return round(value.timestamp()) * 1_000_000 if isinstance(value, datetime) else value


@pytest.mark.skipif(importlib.util.find_spec("duckdb") is None, reason="duckdb not installed")
def test_duckdb_reads_the_streams_with_their_types_and_values(generated):
    import duckdb

    store, _ = generated
    records = store.research_tables(key=KEY, output="records")
    tables = store.research_tables(key=KEY, output="stream")
    con = duckdb.connect()
    for name, table in tables.items():
        con.register(name, table)
        described = con.sql(f"describe {name}").fetchall()
        types = {c: t for c, t, *_ in described}
        assert [c for c, *_ in described] == table.column_names
        select = ", ".join(f'epoch_us("{c}") as "{c}"' if t == "TIMESTAMP WITH TIME ZONE" else f'"{c}"'
                           for c, t in types.items())
        rows = con.sql(f"select {select} from {name}").fetchall()
        expected = [tuple(micros(v) for v in r.values()) for r in records[name]]
        assert rows == expected, name
        if name == "cases":
            assert types["requested_at"] == "TIMESTAMP WITH TIME ZONE"
            assert types["first_conference_on"] == "DATE"
            assert types["network_size"] == "BIGINT"
            assert types["case"] == "VARCHAR"
        if name == "network":
            assert types["minor"] == "BOOLEAN"
    # duckdb.from_arrow takes a stream object as well.
    assert con.from_arrow(tables["cases"]).aggregate("count(*)").fetchall() == [(CASES,)]


@pytest.mark.skipif(importlib.util.find_spec("duckdb") is None, reason="duckdb not installed")
def test_duckdb_sql_over_the_arrow_tables_counts_as_python_does(generated):
    import duckdb

    store, _ = generated
    records = store.research_tables(key=KEY, output="records")
    tables = store.research_tables(key=KEY, output="stream")
    con = duckdb.connect()
    # The stream objects registered as views: each query reads a new stream.
    for name, table in tables.items():
        con.register(name, table)
    got = dict(con.sql("select variant, count(*) from cases group by variant").fetchall())
    assert got == dict(Counter(r["variant"] for r in records["cases"]))
    got = dict(con.sql("""
        select c.variant, count(*) from network n join cases c using ("case")
        where n.minor group by c.variant
    """).fetchall())
    expected = Counter()
    variant = {r["case"]: r["variant"] for r in records["cases"]}
    for r in records["network"]:
        if r["minor"]:
            expected[variant[r["case"]]] += 1
    assert got == dict(expected)
    # A stream object in a Python variable, found by DuckDB's replacement scan.
    phases = tables["phases"]  # noqa: F841
    (n, first) = duckdb.sql('select count(*), epoch_us(min("at")) from phases').fetchall()[0]
    assert n == len(records["phases"])
    assert first == micros(min(r["at"] for r in records["phases"]))
    # And a pyarrow table the same way.
    cases = pa.table(tables["cases"])  # noqa: F841
    (late,) = duckdb.sql("select count(*) from cases where days_to_first_conference > 30").fetchall()[0]
    assert late == sum(1 for r in records["cases"] if (r["days_to_first_conference"] or 0) > 30)


def capsule_name(capsule) -> bytes:
    get_name = ctypes.pythonapi.PyCapsule_GetName
    get_name.restype = ctypes.c_char_p
    get_name.argtypes = [ctypes.py_object]
    return get_name(capsule)


def test_the_capsule_protocol(generated):
    store, _ = generated
    table = store.research_tables(key=KEY, output="stream")["cases"]
    assert isinstance(table, kring._native.ArrowTable)
    assert table.name == "cases" and table.num_rows == CASES and table.num_batches >= 1
    assert "kring ArrowTable cases" in repr(table)
    capsule = table.__arrow_c_stream__(None)
    assert type(capsule).__name__ == "PyCapsule"
    assert capsule_name(capsule) == b"arrow_array_stream"
    reader = pa.RecordBatchReader._import_from_c_capsule(capsule)
    read = reader.read_all()
    assert read.num_rows == CASES
    assert read.schema.field("requested_at").type == pa.timestamp("us", tz="UTC")
    # Without an argument, and with a requested schema (the table's own is given).
    assert pa.RecordBatchReader.from_stream(table).read_all().equals(read)
    requested = read.schema.__arrow_c_schema__()
    assert pa.RecordBatchReader._import_from_c_capsule(table.__arrow_c_stream__(requested)).read_all().equals(read)
    schema_capsule = table.__arrow_c_schema__()
    assert capsule_name(schema_capsule) == b"arrow_schema"
    assert pa.schema(table).equals(read.schema)
    # A stream can be read again: each call gives a new one.
    assert pa.table(table).equals(read)
    # The same table as an Arrow IPC stream.
    assert pa.ipc.open_stream(table.to_ipc()).read_all().equals(read)


def test_a_table_without_rows_streams_its_schema(store):
    tables = store.research_tables(key=KEY, output="stream")
    for name, t in tables.items():
        assert t.num_rows == 0 and t.num_batches == 0
        table = pa.table(t)
        assert table.num_rows == 0 and table.column_names == t.column_names, name
    assert pa.table(tables["cases"]).schema.field("requested_at").type == pa.timestamp("us", tz="UTC")


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc")
def test_capsules_never_consumed_are_released(generated):
    store, _ = generated
    size = sum(pa.table(t).nbytes for t in store.research_tables(key=KEY, output="stream").values())

    def round():
        tables = store.research_tables(key=KEY, output="stream")
        capsules = [t.__arrow_c_stream__() for _ in range(50) for t in tables.values()]
        schemas = [t.__arrow_c_schema__() for t in tables.values()]
        # Half taken by a reader and dropped unread, half never taken at all.
        for c in capsules[::2]:
            pa.RecordBatchReader._import_from_c_capsule(c)
        del capsules, schemas, tables

    round()
    gc.collect()
    before = rss()
    rounds = 40
    for _ in range(rounds):
        round()
    gc.collect()
    # A capsule that kept its stream would keep its round's tables: `rounds * size` at least.
    grown = rss() - before
    assert grown < rounds * size / 4, f"{grown / 2**20:.1f} MiB after {rounds} rounds of {size / 2**20:.1f} MiB"


@pytest.mark.skipif(importlib.util.find_spec("pandas") is None, reason="pandas not installed")
def test_pandas_frames_through_arrow_keep_their_types(generated):
    import pandas as pd

    store, _ = generated
    frames = store.research_tables(key=KEY, output="pandas")
    records = store.research_tables(key=KEY, output="records")
    cases = frames["cases"]
    assert len(cases) == CASES
    assert str(cases["network_size"].dtype) == "Int64"
    assert str(cases["days_to_first_conference"].dtype) == "Int64"
    assert isinstance(cases["requested_at"].dtype, pd.DatetimeTZDtype)
    assert str(frames["network"]["minor"].dtype) == "boolean"
    assert all(isinstance(d, date) for d in cases["first_conference_on"].dropna())
    first = cases.iloc[0]
    assert first["requested_at"].to_pydatetime() == records["cases"][0]["requested_at"]
    assert isinstance(records["cases"][0]["requested_at"], datetime)


@pytest.mark.skipif(importlib.util.find_spec("pandas") is None, reason="pandas is not installed")
def test_arrow_output_does_not_import_pandas():
    # In a fresh interpreter where pandas is installed: importing it would cost the first
    # call of a process a quarter of a second (pyarrow.table asks whether its argument is a
    # DataFrame, and imports pandas to know).
    import subprocess
    import sys

    script = (
        "import sys, kring\n"
        "with kring.Store.in_memory() as s:\n"
        "    s.generate(seed=1, count=3)\n"
        f"    t = s.research_tables(key={KEY!r}, output='arrow')\n"
        "assert type(t['cases']).__module__.startswith('pyarrow'), type(t['cases'])\n"
        "assert t['cases'].num_rows == 3\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_unknown_output_is_invalid(store):
    with pytest.raises(kring.InvalidInput):
        store.research_tables(key=KEY, output="excel")


def test_the_research_tables_are_the_cores_and_their_type_names_them():
    import typing

    assert kring.RESEARCH_TABLES == tuple(TABLES)
    assert typing.get_args(kring.ResearchTableName) == kring.RESEARCH_TABLES


@pytest.mark.parametrize("identifying", [False, True])
def test_a_choice_of_tables_gives_only_those_the_same_as_the_whole_set(generated, identifying):
    store, _ = generated
    disclosure = {"identifying": True} if identifying else {"key": KEY}
    whole = store.research_tables(output="arrow", **disclosure)
    whole_records = store.research_tables(output="records", **disclosure)
    for chosen in [["satisfaction", "cases"], ("network",), ["outcomes", "phases", "outcomes"], TABLES[::-1]]:
        expected = [t for t in TABLES if t in chosen]
        some = store.research_tables(output="arrow", tables=chosen, **disclosure)
        assert list(some) == expected, chosen
        for name, table in some.items():
            assert table.equals(whole[name]), name
        records = store.research_tables(output="records", tables=chosen, **disclosure)
        assert records == {name: whole_records[name] for name in expected}, chosen
        stream = store.research_tables(output="stream", tables=chosen, **disclosure)
        assert [pa.table(t) for t in stream.values()] == [whole[name] for name in expected]
    native = store._native.research_arrow(None if identifying else KEY, identifying, ["satisfaction", "cases"])
    assert [t.name for t in native] == ["cases", "satisfaction"]
    assert store.research_tables(output="arrow", tables=None, **disclosure).keys() == whole.keys()


@pytest.mark.parametrize("output", ["arrow", "records", "stream"])
def test_an_unknown_table_or_no_table_is_invalid_input(generated, output):
    store, _ = generated
    with pytest.raises(kring.InvalidInput) as e:
        store.research_tables(key=KEY, output=output, tables=["cases", "agreements"])
    assert e.value.code == "invalid_input"
    assert "`agreements`" in str(e.value) and "plan_items" in str(e.value)
    for bad in [[], (), "cases", ["cases", 1], [None], 7, {"cases": 1}, {"cases"}]:
        with pytest.raises(kring.InvalidInput) as e:
            store.research_tables(key=KEY, output=output, tables=bad)  # type: ignore[arg-type]
        assert e.value.code == "invalid_input", bad
        assert "tables" in str(e.value), bad
