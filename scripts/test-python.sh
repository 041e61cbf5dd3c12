#!/usr/bin/env bash
# The Python binding: lints, build into a virtual environment, stubtest, mypy, pytest.
# Installs what it needs itself (from PyPI) into .venv at the repository root.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/bindings/python"
export CARGO_TARGET_DIR="$root/target"

echo "-- python binding: cargo fmt, clippy"
cargo fmt -- --check
cargo clippy --all-targets --locked -- -D warnings

venv="$root/.venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "maturin>=1.9,<2" "pytest>=8" "hypothesis>=6.100" "mypy>=1.15" "typing_extensions>=4.15" "pandas>=2" \
  "jsonschema>=4.18" "rfc3339-validator>=0.1.4"

echo "-- python binding: build"
VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" maturin develop --quiet --locked

echo "-- python binding: stubtest, mypy"
"$venv/bin/python" -m mypy.stubtest kring._native
"$venv/bin/python" -m mypy --strict python/kring/__init__.py

echo "-- python binding: pytest"
"$venv/bin/python" -m pytest -q tests

echo "-- python binding: smoke run of the binding benchmark (20 cases)"
"$venv/bin/python" "$root/benches/bindings/bench.py" 20
