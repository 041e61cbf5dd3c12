#!/usr/bin/env bash
# The Node binding: lints and unit tests of the addon, build (the addon, then the TypeScript
# wrapper with tsc --strict), node --test.
# Installs what it needs itself from the npm registry (npm install, not npm ci).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/bindings/node"
export CARGO_TARGET_DIR="$root/target"

echo "-- node binding: cargo fmt, clippy, cargo test"
cargo fmt -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked --quiet

echo "-- node binding: npm install, build (addon, then tsc)"
npm install --no-audit --no-fund --loglevel=error
npm run --silent build:debug  # debug: faster to build; `npm run build` (release) is what users get

echo "-- node binding: node --test"
node --test __test__/

echo "-- node binding: smoke run of the binding benchmark (20 cases)"
node "$root/benches/bindings/bench.js" 20
