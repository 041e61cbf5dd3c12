#!/usr/bin/env bash
# Fuzz smoke run: every target in fuzz/ for a short time (FUZZ_SECONDS, default 30). Installs
# cargo-fuzz when it is missing; skips, saying so, when it cannot be installed. The long
# run is described in docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-30}"
if ! cargo fuzz --version >/dev/null 2>&1; then
  if ! cargo install cargo-fuzz --locked --quiet; then
    echo "cargo-fuzz could not be installed: fuzz smoke run skipped"
    exit 0
  fi
fi
# Stable toolchain: no sanitizer (RUSTC_BOOTSTRAP=1 with --sanitizer address keeps ASan).
cargo fuzz build --sanitizer none -O
for target in $(cargo fuzz list); do
  echo "-- fuzz $target for ${seconds}s"
  mkdir -p "corpus/$target"
  seeds="../crates/kring-fuzz/regressions/$target"
  cargo fuzz run --sanitizer none -O "$target" "corpus/$target" "$seeds" -- \
    -max_total_time="$seconds" -print_final_stats=1 2>&1 | grep -E '^(stat::number_of_executed_units|Done|==[0-9]+== ERROR|SUMMARY)' || true
  if [ -n "$(ls -A "artifacts/$target" 2>/dev/null)" ]; then
    echo "fuzz target $target found a crash: see fuzz/artifacts/$target" >&2
    exit 1
  fi
done
