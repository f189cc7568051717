#!/usr/bin/env bash
# Benchmark: samples/s for a workload (default sentiment-seed) on Kiln's WebGPU and CPU paths and
# on the TensorFlow.js peer's backends, in one headless Chromium run; also Kiln natively.
#   scripts/bench.sh [workload] [epochs] [repeats]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$KILN_ROOT/scripts/setup.sh" --test
cd "$KILN_ROOT"
workload="${1:-sentiment-seed}"; epochs="${2:-2}"; repeats="${3:-1}"
peer_src="${KILN_PEER:-$KILN_ROOT/../shared/bench/peer-tfjs}"
peer="$KILN_ROOT/.cache/peer-tfjs"
if [ ! -d "$peer/node_modules/@tensorflow" ]; then
  mkdir -p "$peer" && cp -r "$peer_src"/. "$peer"/ && chmod -R u+w "$peer"
  (cd "$peer" && npm install --no-audit --no-fund --silent)
fi
[ -f dist/index.html ] || trunk build --release
echo "==> native (burn CPU backend, this machine)"
cargo run --quiet --release -p kiln-cli -- bench --workload "$workload" --epochs "$epochs"
echo "==> browser (headless Chromium, software WebGPU)"
node tests/browser/bench.mjs "$KILN_ROOT/dist" "$peer" "$workload" "$epochs" "$repeats"
