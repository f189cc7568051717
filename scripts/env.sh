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
