"""The package's types, as a type checker sees them (mypy --strict): a well-typed script
passes, and every mistake in a badly typed one is found, on exactly the lines marked `# E`.
The types are generated from the core's schema (`kring/model.py`; see tests/tests/schema.rs)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mypy")

HERE = Path(__file__).parent / "typing"


def mypy(script: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null", str(script)],
        capture_output=True, text=True, cwd=HERE,
    )


def test_a_well_typed_script_passes():
    run = mypy(HERE / "well_typed.py")
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_mistake_is_found_where_it_is():
    script = HERE / "ill_typed.py"
    marked = {n for n, line in enumerate(script.read_text().splitlines(), 1) if re.search(r"  # E: ", line)}
    run = mypy(script)
    assert run.returncode == 1, run.stdout + run.stderr
    found = {int(m.group(1)) for m in re.finditer(r"ill_typed\.py:(\d+): error:", run.stdout)}
    assert found == marked, run.stdout
    assert len(marked) == 9


def test_the_typed_module_is_part_of_the_package():
    import kring
    from kring import model

    assert (Path(kring.__file__).parent / "py.typed").exists()
    assert "carried_by" in dir(model.Agreement)
    assert model.PlanContentDict.__annotations__["agreements"]
