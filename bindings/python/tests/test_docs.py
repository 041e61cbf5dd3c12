"""The Python examples in docs/python.md run as written."""

import contextlib
import importlib.util
import io
import pathlib
import re

import pytest

DOC = pathlib.Path(__file__).resolve().parents[3] / "docs" / "python.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)


def test_the_guide_has_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_example_runs(code):
    for module in ("pandas", "polars", "duckdb"):
        if module in code and importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} not installed")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(DOC), "exec"), {})
    printed = out.getvalue()
    if "median days from request to conference" in code:
        median = float(re.search(r"median days from request to conference: ([\d.]+)", printed).group(1))
        assert 10 <= median <= 120, printed
        share = int(re.search(r"carried by the network: (\d+)%", printed).group(1))
        assert 70 <= share <= 90, printed
        withdrawn = int(re.search(r"withdrawn: (\d+)%", printed).group(1))
        assert 30 <= withdrawn <= 50, printed
    if "permission_denied" in code:
        assert "permission_denied plan_by_circle" in printed


TYPED = [b for b in BLOCKS if "from kring import model" in b]


@pytest.mark.parametrize("code", TYPED, ids=[f"typed{i}" for i in range(len(TYPED))])
def test_typed_example_type_checks(code, tmp_path):
    """The examples that show the types pass `mypy --strict` as written."""
    pytest.importorskip("mypy")
    import subprocess
    import sys

    script = tmp_path / "example.py"
    script.write_text(code)
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null",
                          str(script)], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_types_are_shown():
    assert TYPED
