#!/usr/bin/env bash
# The benchmark, every workload of shared/bench/WORKLOADS.md in one invocation:
#   natively   `kiln bench` (burn's CPU backend) beside the seed's Keras code on TensorFlow CPU
#              (tests/peer/keras_bench.py), repeat by repeat;
#   in a browser  Kiln WebGPU and CPU beside every TensorFlow.js backend, in the same headless
#              Chromium (tests/browser/bench.mjs), plus page load, .wasm sizes and the worker's
#              memory over 10,000 steps.
# Prints one table (medians; Kiln-best / TF.js-best, native / Keras) and writes
# tests/browser/out/bench.json.
#   scripts/bench.sh [workloads=all|a,b] [epochs=auto] [repeats=3]
#   epochs auto: 1 measured epoch in the browser (40 for playground-mlp), 3 natively (100).
#   BENCH_NATIVE=0 / BENCH_BROWSER=0 skip a half; NATIVE_EPOCHS overrides the native one;
#   KILN_BIN=<kiln binary> uses that build instead of building one;
#   BASELINE_KILN=<another build's kiln binary> runs it too, repeat by repeat (before/after columns
#   on the same machine in the same invocation; any `kiln bench` that takes --workload NAME --epochs N); the environment of
#   tests/browser/bench.mjs (KILN_BACKENDS, PEER_BACKENDS, SOAK_STEPS, RUN_TIMEOUT_S) passes through.
#
#   scripts/bench.sh chinese-reviews: the reference model on the real Chinese review set (jieba
#   words, 13,883 training reviews), samples/s of epoch 2 at each of SEQ_LENS (default 500,200)
#   natively (`kiln train`) and in the browser on each of ENGINES (default cpu,webgpu; the page's
#   own training, tests/browser/bench-zh.mjs); KILN_DIST=<dist> uses that dist instead of a trunk build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$KILN_ROOT"
workloads="${1:-all}"; epochs="${2:-auto}"; repeats="${3:-3}"

if [ "$workloads" = chinese-reviews ]; then
  seq_lens="${SEQ_LENS:-500,200}"
  if [ "${BENCH_NATIVE:-1}" != 0 ]; then
    kiln="${KILN_BIN:-}"
    if [ -z "$kiln" ]; then
      echo "==> cargo build --release -p kiln-cli" >&2
      cargo build --quiet --release -p kiln-cli
      kiln="$CARGO_TARGET_DIR/release/kiln"
    fi
    for n in ${seq_lens//,/ }; do
      echo "==> native: kiln train --data chinese-reviews --seq-len $n --epochs 2 (epoch 2's samples/s)" >&2
      "$kiln" train --data chinese-reviews --tokenizer jieba --seq-len "$n" --epochs 2 --out "$(mktemp -u).kiln" | grep '^epoch'
    done
  fi
  if [ "${BENCH_BROWSER:-1}" != 0 ]; then
    dist="${KILN_DIST:-}"
    if [ -z "$dist" ]; then
      "$KILN_ROOT/scripts/setup.sh" --test
      echo "==> trunk build --release" >&2
      trunk build --release
      dist="$KILN_ROOT/dist"
    fi
    mkdir -p tests/browser/out
    SEQ_LENS="$seq_lens" OUT="$KILN_ROOT/tests/browser/out/bench-zh.json" node tests/browser/bench-zh.mjs "$dist"
  fi
  exit 0
fi
native_epochs="${NATIVE_EPOCHS:-auto}"
out="$KILN_ROOT/tests/browser/out"; mkdir -p "$out"
native="$out/bench-native.jsonl"; : > "$native"
step() { echo "==> $*" >&2; }
uptime >&2

if [ "${BENCH_NATIVE:-1}" != 0 ]; then
  venv="$HOME/.cache/kiln/venv-tf"
  if ! "$venv/bin/python" -c 'import tensorflow' 2>/dev/null; then
    step "python3 -m venv $venv && pip install tensorflow-cpu==2.21.0 (about 3 minutes, once)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q tensorflow-cpu==2.21.0
  fi
  kiln="${KILN_BIN:-}"
  if [ -z "$kiln" ]; then
    step "cargo build --release -p kiln-cli"
    cargo build --quiet --release -p kiln-cli
    kiln="$CARGO_TARGET_DIR/release/kiln"
  fi
  for r in $(seq "$repeats"); do
    step "native, repeat $r of $repeats: kiln bench, then Keras (TensorFlow CPU)"
    epochs_flag=(); [ "$native_epochs" = auto ] || epochs_flag=(--epochs "$native_epochs")
    "$kiln" bench --workload "$workloads" "${epochs_flag[@]}" | tee -a "$native"
    if [ -n "${BASELINE_KILN:-}" ]; then
      names="$workloads"; [ "$names" = all ] && names=sentiment-seed,mlp-784,cnn-28,playground-mlp
      for w in ${names//,/ }; do
        e="$native_epochs"; [ "$e" = auto ] && { e=3; [ "$w" = playground-mlp ] && e=100; }
        # The last "impl" key wins in JSON.parse: the baseline's lines are labelled "base".
        "$BASELINE_KILN" bench --workload "$w" --epochs "$e" | sed 's/}$/,"impl":"base"}/' | tee -a "$native"
      done
    fi
    "$venv/bin/python" tests/peer/keras_bench.py "$workloads" "$native_epochs" 1 | tee -a "$native"
  done
fi

if [ "${BENCH_BROWSER:-1}" != 0 ]; then
  "$KILN_ROOT/scripts/setup.sh" --test
  peer_src="${KILN_PEER:-$KILN_ROOT/../shared/bench/peer-tfjs}"
  peer="$KILN_ROOT/.cache/peer-tfjs"
  if [ ! -d "$peer/node_modules/@tensorflow" ]; then
    mkdir -p "$peer" && cp -r "$peer_src"/. "$peer"/ && chmod -R u+w "$peer"
    (cd "$peer" && npm install --no-audit --no-fund --silent)
  fi
  step "trunk build --release"
  trunk build --release
  step "browser (headless Chromium, software WebGPU)"
  NATIVE="$native" OUT="$out/bench.json" node tests/browser/bench.mjs "$KILN_ROOT/dist" "$peer" "$workloads" "$epochs" "$repeats"
else
  BROWSER=0 NATIVE="$native" OUT="$out/bench.json" node tests/browser/bench.mjs - - "$workloads" "$native_epochs" "$repeats"
fi
uptime >&2
