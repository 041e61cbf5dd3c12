"""The research tables as a Parquet dataset: several organisations export into one directory
with the project's key, and DuckDB and pyarrow read it whole."""

import os
from collections import Counter
from pathlib import Path

import pytest

import kring

duckdb = pytest.importorskip("duckdb")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

KEY = b"research key py1 research key p"
# Three organisations, each a store of its own generated cases (a seed of its own). (The
# generator requests a case every 53 minutes from 2016-01-04, so these are all of 2016; the
# Rust tests partition cases of several years, and of the week around a new year.)
ORGANISATIONS = {"north": (21, 40), "south": (22, 25), "east": (23, 15)}


def _store(seed: int, count: int) -> kring.Store:
    store = kring.Store.in_memory()
    store.generate(seed=seed, count=count)
    return store


@pytest.fixture(scope="module")
def stores() -> dict:
    return {org: _store(seed, count) for org, (seed, count) in ORGANISATIONS.items()}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory, stores: dict) -> Path:
    root = tmp_path_factory.mktemp("dataset")
    for org, store in stores.items():
        summary = store.export_parquet(root, key=KEY, organisation=org)
        assert summary["organisation"] == org
        assert summary["cases"] == ORGANISATIONS[org][1]
        for f in summary["files"]:
            assert (root / f).is_file(), f
    return root


def _own_counts(stores: dict, table: str) -> Counter:
    """Rows per (organisation, year) of the request, from each store's own research tables."""
    counts: Counter = Counter()
    for org, store in stores.items():
        tables = store.research_tables(key=KEY, output="arrow")
        cases = tables["cases"].to_pydict()
        year_of = {c: t.year for c, t in zip(cases["case"], cases["requested_at"])}
        for case in tables[table].column("case").to_pylist():
            counts[(org, year_of[case])] += 1
    return counts


@pytest.mark.parametrize("table", ["cases", "network", "phases", "agreement_reviews"])
def test_duckdb_reads_every_organisation_and_year_with_one_query(dataset: Path, stores: dict, table: str) -> None:
    rows = duckdb.sql(
        f"""select organisation, year, count(*) as n
            from read_parquet('{dataset}/{table}/*/*/*.parquet', hive_partitioning = true)
            group by organisation, year order by organisation, year"""
    ).fetchall()
    got = Counter({(org, int(year)): n for org, year, n in rows})
    expected = _own_counts(stores, table)
    assert got == expected
    assert {org for org, _ in got} == set(ORGANISATIONS)


def test_duckdb_joins_the_tables_across_organisations(dataset: Path, stores: dict) -> None:
    joined = duckdb.sql(
        f"""select c.organisation, count(*) as n, count(distinct c.case) as cases
            from read_parquet('{dataset}/cases/*/*/*.parquet', hive_partitioning = true) c
            join read_parquet('{dataset}/phases/*/*/*.parquet', hive_partitioning = true) p
              on p.case = c.case and p.organisation = c.organisation and p.year = c.year
            group by c.organisation order by c.organisation"""
    ).fetchall()
    for org, n, cases in joined:
        phases = stores[org].research_tables(key=KEY, output="arrow")["phases"]
        assert n == phases.num_rows
        assert cases == ORGANISATIONS[org][1]


def test_pyarrow_reads_the_schema_with_its_types(dataset: Path, stores: dict) -> None:
    for table in ["cases", "network", "plan_items", "acceptance"]:
        files = sorted((dataset / table).glob("*/*/*.parquet"))
        assert files
        schema = pq.read_schema(files[0])
        own = stores["north"].research_tables(key=KEY, output="arrow")[table].schema
        assert schema.names == own.names
        for field in own:
            assert schema.field(field.name).type == field.type, (table, field.name)
            assert schema.field(field.name).nullable == field.nullable, (table, field.name)
        whole = pq.read_table(dataset / table, partitioning="hive")
        assert whole.num_rows == sum(s.research_tables(key=KEY, output="arrow")[table].num_rows for s in stores.values())
    cases = pq.read_schema(next((dataset / "cases").glob("*/*/*.parquet")))
    assert cases.field("requested_at").type == pa.timestamp("us", tz="UTC")
    assert cases.field("first_conference_on").type == pa.date32()
    assert cases.field("network_size").type == pa.int64()
    network = pq.read_schema(next((dataset / "network").glob("*/*/*.parquet")))
    assert network.field("minor").type == pa.bool_()
    assert network.field("name").type == pa.string()


def test_no_name_id_or_free_text_is_in_any_file(dataset: Path, stores: dict) -> None:
    secrets = set()
    for store in stores.values():
        identifying = store.research_tables(identifying=True, output="arrow")
        secrets |= {n for n in identifying["network"].column("name").to_pylist()[:200] if n}
        secrets |= set(identifying["cases"].column("case").to_pylist()[:50])
        secrets |= {d for d in identifying["cases"].column("description").to_pylist()[:50] if d}
    assert len(secrets) > 100
    files = list(dataset.rglob("*.parquet"))
    assert len(files) >= 3 * 11
    blob = b"".join(f.read_bytes() for f in files)
    for secret in secrets:
        assert secret.encode() not in blob, secret
    # Name columns are there, and empty.
    names = pq.read_table(dataset / "network", partitioning="hive").column("name")
    assert names.null_count == len(names)


def test_a_re_export_replaces_that_organisation_only(tmp_path: Path) -> None:
    big, small, other = _store(31, 30), _store(32, 7), _store(33, 5)
    big.export_parquet(tmp_path, key=KEY, organisation="north")
    other.export_parquet(tmp_path, key=KEY, organisation="south")

    def counts() -> dict:
        rows = duckdb.sql(
            f"select organisation, count(*) from read_parquet('{tmp_path}/cases/*/*/*.parquet', hive_partitioning = true) group by all"
        ).fetchall()
        return dict(rows)

    assert counts() == {"north": 30, "south": 5}
    small.export_parquet(str(tmp_path), key=bytearray(KEY), organisation="north")
    assert counts() == {"north": 7, "south": 5}
    # The default organisation is the store's pseudonym under the key: the same each time.
    first = other.export_parquet(tmp_path, key=KEY)["organisation"]
    assert first.startswith("store_")
    assert other.export_parquet(tmp_path, key=KEY)["organisation"] == first
    assert counts() == {"north": 7, "south": 5, first: 5}
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".")], "no staging left"


@pytest.mark.parametrize("organisation", ["North", "9north", "no rth", "a/b", "n" * 41, ""])
def test_a_bad_organisation_code_is_refused(tmp_path: Path, organisation: str) -> None:
    store = _store(1, 2)
    with pytest.raises(kring.InvalidInput) as e:
        store.export_parquet(tmp_path, key=KEY, organisation=organisation)
    assert e.value.code == "invalid_input"
    assert "lowercase letter" in str(e.value)
    assert list(tmp_path.iterdir()) == []


def test_an_export_of_an_organisation_under_way_is_refused_as_busy(tmp_path: Path) -> None:
    store = _store(1, 6)
    # Another export of `north` holds its claim (as a process exporting into the dataset does).
    claim = tmp_path / ".kring-parquet-north.lock"
    claim.write_text("another export\n")
    with pytest.raises(kring.AlreadyOpen) as e:
        store.export_parquet(tmp_path, key=KEY, organisation="north")
    assert isinstance(e.value, kring.StoreError)
    assert e.value.code == "busy"
    assert "another export of the organisation `north`" in str(e.value)
    assert [p.name for p in tmp_path.iterdir()] == [claim.name], "nothing written"
    assert claim.read_text() == "another export\n"
    # Other organisations are not held up.
    assert store.export_parquet(tmp_path, key=KEY, organisation="west")["cases"] == 6


def test_a_key_is_required_and_checked(tmp_path: Path) -> None:
    store = _store(1, 2)
    with pytest.raises(kring.InvalidInput) as e:
        store.export_parquet(tmp_path)
    assert "pseudonymised" in str(e.value)
    with pytest.raises(kring.InvalidInput, match="weak key"):
        store.export_parquet(tmp_path, key=bytes(32))
    with pytest.raises(kring.InvalidInput, match="key"):
        store.export_parquet(tmp_path, key="a text key of enough length")  # type: ignore[arg-type]
    with pytest.raises(kring.InvalidInput, match="organisation"):
        store.export_parquet(tmp_path, key=KEY, organisation=7)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
