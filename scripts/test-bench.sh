#!/usr/bin/env bash
# The benchmark harness, smoke-sized: lints, then kring and the SQLite peer on 60 cases,
# checking that both engines give the same answers. The real run is in docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/benches"
export CARGO_TARGET_DIR="$root/target"
echo "-- benches: cargo fmt, clippy"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "-- benches: smoke run of kring-bench"
cargo run --locked --bin kring-bench -- --smoke
echo "-- benches: smoke run of kring-growth"
cargo run --locked --bin kring-growth -- --smoke
