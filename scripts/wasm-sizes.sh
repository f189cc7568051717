#!/usr/bin/env bash
# Prints the raw and gzipped size of every .wasm in dist/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../dist"
for f in *.wasm; do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  awk -v f="$f" -v r="$raw" -v g="$gz" 'BEGIN { printf "wasm size: %-28s %7.2f MB raw  %6.2f MB gzipped\n", f, r/1048576, g/1048576 }'
done
