# Sourced by the other scripts: shared paths and tool versions.
# shellcheck shell=bash
KILN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export KILN_ROOT
# Build cache outside the clone, so a fresh clone on the same machine (CI) reuses earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kiln/target}"
export PATH="$HOME/.cargo/bin:$KILN_ROOT/tests/browser/node_modules/.bin:$PATH"
TRUNK_VERSION=0.22.1
# Must equal the wasm-bindgen crate version in Cargo.lock (pinned in crates/kiln-web/Cargo.toml).
WASM_BINDGEN_VERSION=0.2.130

# step NAME COMMAND...: runs COMMAND, printing NAME before and its wall time after; `timings`
# prints them all again at the end (what a cold machine spends its time on).
KILN_TIMINGS=()
step() {
  local name="$1" t0=$SECONDS
  shift
  echo "==> $name"
  # The command's status is the step's: called from `step … || retry`, bash's `set -e` is off
  # inside the function, so it must be passed on explicitly (a failing step must fail the run).
  local rc=0
  "$@" || rc=$?
  local dt=$((SECONDS - t0))
  KILN_TIMINGS+=("$(printf '%5d s  %s%s' "$dt" "$name" "$([ "$rc" -eq 0 ] || echo "  (FAILED, exit $rc)")")")
  echo "<== $name: ${dt} s (exit $rc)"
  return "$rc"
}
timings() {
  echo "==> time per step"
  printf '%s\n' "${KILN_TIMINGS[@]}"
}
