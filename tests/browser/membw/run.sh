#!/usr/bin/env bash
# Builds the wasm bandwidth probes (simd128, as Kiln's worker) and runs them in node.
set -euo pipefail
cd "$(dirname "$0")"
CARGO_TARGET_DIR="${TMPDIR:-/tmp}/kiln-membw" RUSTFLAGS="-C target-feature=+simd128" \
  cargo build --release --target wasm32-unknown-unknown --quiet
node run.mjs "${TMPDIR:-/tmp}/kiln-membw/wasm32-unknown-unknown/release/membw.wasm"
