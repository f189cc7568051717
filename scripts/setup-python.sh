#!/usr/bin/env bash
# The Python side of the export checks (tests/native/export.rs runs tests/export/check.py): a venv
# with TensorFlow CPU (Keras 3), onnxruntime, onnx and safetensors, kept in $HOME/.cache/kiln so
# CI on the same machine reuses it. Idempotent: skipped when the venv already has these pins.
# Measured here: about 1 minute to create (about 1.7 GB on disk); a rerun takes under a second.
# PyTorch is not installed (its wheel pulls gigabytes of CUDA libraries): the PyTorch export is
# checked statically by check.py.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

VENV="${KILN_VENV:-$HOME/.cache/kiln/venv}"
PACKAGES="tensorflow-cpu==2.21.0 onnxruntime==1.32.0 onnx==1.23.2 safetensors==0.8.0"
STAMP="$VENV/.kiln-packages"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$PACKAGES" ] && [ -x "$VENV/bin/python" ]; then
  exit 0
fi
if ! python3 -m venv --help >/dev/null 2>&1; then
  echo "==> apt-get install python3-venv"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
fi
echo "==> Python venv for the export checks: $VENV ($PACKAGES)"
python3 -m venv "$VENV"
# shellcheck disable=SC2086
"$VENV/bin/pip" install -q $PACKAGES
"$VENV/bin/python" -c "import tensorflow, keras, onnxruntime, onnx, safetensors"
echo "$PACKAGES" > "$STAMP"
