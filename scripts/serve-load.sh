#!/usr/bin/env bash
# Load check of `kiln serve`: starts the server on a model file, then runs wrk (32 connections,
# 10 s, POST /predict with one review sentence per request) and prints wrk's requests/s and
# latency percentiles, followed by the server's /health counts (requests, batches, inputs).
# Usage: scripts/serve-load.sh MODEL.kiln [connections] [seconds] [body]
# Needs wrk (apt-get install wrk) and a build of kiln: the release binary when there is one, else
# the dev one (cargo build -p kiln-cli; its dependencies, burn included, are optimised too), or
# KILN=path/to/kiln.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
model="${1:?usage: scripts/serve-load.sh MODEL.kiln [connections] [seconds] [body]}"
connections="${2:-32}"
seconds="${3:-10}"
body="${4:-{\"texts\": [\"The food was great and the staff were friendly.\"]\}}"
port=8765
kiln="${KILN:-$CARGO_TARGET_DIR/release/kiln}"
[ -x "$kiln" ] || kiln="$CARGO_TARGET_DIR/debug/kiln"
[ -x "$kiln" ] || { echo "build it first: cargo build --release -p kiln-cli" >&2; exit 1; }
echo "kiln: $kiln"
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }
"$kiln" serve "$model" --port "$port" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
lua="$(mktemp)"
cat >"$lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[$body]]
LUA
wrk -t 4 -c "$connections" -d "${seconds}s" --latency -s "$lua" "http://127.0.0.1:$port/predict"
echo "server /health: $(curl -fs "http://127.0.0.1:$port/health")"
rm -f "$lua"
