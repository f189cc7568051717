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
  "$@"
  local dt=$((SECONDS - t0))
  KILN_TIMINGS+=("$(printf '%5d s  %s' "$dt" "$name")")
  echo "<== $name: ${dt} s"
}
timings() {
  echo "==> time per step"
  printf '%s\n' "${KILN_TIMINGS[@]}"
}
