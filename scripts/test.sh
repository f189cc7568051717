#!/usr/bin/env bash
# Runs every check and test: formatting, lints (host and wasm), host unit and pipeline tests,
# the release web build, and the headless-Chromium end-to-end tests. Prints each step's time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$KILN_ROOT"
# setup.sh --test installs the export checks' Python venv: here a missing one is a failure, not a skip.
export KILN_REQUIRE_EXPORT_CHECK=1

step "set-up (tools, once per machine)" "$KILN_ROOT/scripts/setup.sh" --test
step "data sets" scripts/fetch-datasets.sh
step "cargo fmt --check" cargo fmt --all -- --check
step "clippy (host)" cargo clippy --workspace --all-targets -- -D warnings
step "clippy (wasm32)" cargo clippy -p kiln-web --target wasm32-unknown-unknown -- -D warnings
step "cargo test" cargo test --workspace
step "trunk build --release" trunk build --release
scripts/wasm-sizes.sh
# Software WebGPU on a shared 2-core machine is slow and noisy: a file that fails gets one retry,
# announced loudly (the same files `npm test` runs, one at a time).
browser() {
  local f
  for f in "$@"; do
    step "browser: $f" bash -c "cd tests/browser && node --test $f" ||
      { echo "!! $f failed once; retrying it"; step "browser (retry): $f" bash -c "cd tests/browser && node --test $f"; }
  done
}
browser e2e.test.mjs teach.test.mjs builder.test.mjs data.test.mjs runs.test.mjs evaluate.test.mjs deploy.test.mjs csp.test.mjs lab.test.mjs zh.test.mjs
timings
