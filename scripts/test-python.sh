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
  "pyarrow>=15" "polars>=1.4" "duckdb>=1.5" "jsonschema>=4.18" "rfc3339-validator>=0.1.4" \
  "fhir.resources>=8.3,<9" "fhirpathpy>=2.2,<3"

echo "-- python binding: build"
VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" maturin develop --quiet --locked

echo "-- python binding: stubtest, mypy"
"$venv/bin/python" -m mypy.stubtest kring._native
"$venv/bin/python" -m mypy --strict python/kring/__init__.py

echo "-- python binding: Chromium and Poppler, for the checks of the documents in a browser"
if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends chromium poppler-utils fonts-dejavu-core; } >/dev/null \
      || echo "   could not install chromium and poppler-utils: the browser checks will be skipped"
  else
    echo "   chromium or poppler-utils missing and apt-get not usable: the browser checks will be skipped"
  fi
fi

echo "-- python binding: pytest"
# -rs prints why a test was skipped (a browser check without a browser).
"$venv/bin/python" -m pytest -q -rs tests "$root/tests/fhir"

echo "-- python binding: smoke run of the binding benchmark (20 cases)"
"$venv/bin/python" "$root/benches/bindings/bench.py" 20
