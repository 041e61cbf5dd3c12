import importlib.util
from datetime import date, datetime

import pytest

import kring

from story import walk


def test_pseudonymised_tables_hold_nothing_that_identifies(store, clock):
    case, p = walk(store, clock)
    tables = store.research_tables(key=b"a research key, 32 bytes long!!", output="records")
    assert set(tables) == {"cases", "phases", "network", "attendance", "frameworks", "plan_items",
                           "agreement_reviews", "evaluations", "acceptance", "outcomes", "satisfaction"}
    text = repr(tables)
    c = store.case(case)
    for secret in [case, p["youth"], p["grandma"], "Sem Kramer", "Truus Kramer", c.description]:
        assert secret not in text
    row = tables["cases"][0]
    assert row["case"].startswith("case_") and row["case"] != case
    assert isinstance(row["requested_at"], datetime)
    assert isinstance(row["first_conference_on"], date)
    # The same key joins across exports; another key does not.
    again = store.research_tables(key=b"a research key, 32 bytes long!!", output="records")
    other = store.research_tables(key=b"another key of enough length....", output="records")
    assert again["cases"][0]["case"] == row["case"] != other["cases"][0]["case"]


def test_identifying_export_is_explicit(store, clock):
    case, p = walk(store, clock)
    tables = store.research_tables(identifying=True, output="records")
    assert tables["cases"][0]["case"] == case
    assert "Truus Kramer" in {r["name"] for r in tables["network"]}


@pytest.mark.skipif(importlib.util.find_spec("pandas") is None, reason="pandas not installed")
def test_pandas_frames(store):
    store.generate(seed=2, count=30)
    frames = store.research_tables(key=b"0123456789abcdef", output="pandas")
    assert len(frames["cases"]) == 30
    assert list(frames["cases"].columns)[:3] == ["case", "variant", "legal_basis"]


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="pyarrow not installed")
def test_arrow_tables(store):
    store.generate(seed=2, count=30)
    tables = store.research_tables(key=b"0123456789abcdef", output="arrow")
    assert tables["cases"].num_rows == 30
