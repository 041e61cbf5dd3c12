#!/usr/bin/env bash
# Runs every test of kring on a fresh machine: formatting, lints, the Rust workspace
# (unit, property, story, golden-file and crash tests), and the bindings when present.
# Installs what it needs itself; needs only cargo, python3 and npm from the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo test"
cargo test --workspace --locked

for extra in scripts/test-*.sh; do
  [ -e "$extra" ] || continue
  echo "== $extra"
  bash "$extra"
done
