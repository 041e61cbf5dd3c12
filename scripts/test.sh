#!/usr/bin/env bash
# Runs every test of kring on a fresh machine: formatting, lints, the Rust workspace
# (unit, property, story, golden-file and crash tests), the API docs (no warnings), the
# licences and sources of the dependencies, and the bindings when present.
# Installs what it needs itself; needs only cargo, python3 and npm from the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo test"
cargo test --workspace --locked

echo "== cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --all-features --no-deps --locked

# Licences, bans and sources of the dependency tree (deny.toml). Advisories are not checked
# here: they need the advisory database from the network and change from day to day.
# cargo-deny is built from crates.io when missing (a few minutes); without it the check is
# skipped, with a line saying why.
deny_version=0.20.2
if ! cargo deny --version >/dev/null 2>&1; then
  echo "-- installing cargo-deny $deny_version"
  cargo install --locked "cargo-deny@$deny_version" || true
fi
if cargo deny --version >/dev/null 2>&1; then
  echo "== cargo deny"
  # cargo deny reads the manifests of every package in Cargo.lock, also those of other
  # platforms, which the build above did not download.
  cargo fetch --locked
  cargo deny --offline check licenses bans sources
else
  echo "== cargo deny: skipped (cargo-deny $deny_version could not be installed from crates.io)"
fi

for extra in scripts/test-*.sh; do
  [ -e "$extra" ] || continue
  echo "== $extra"
  bash "$extra"
done
