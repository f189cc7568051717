#!/usr/bin/env bash
# Serves the playground at http://127.0.0.1:8080 with the review-sentences data set ready to train.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
step "set-up (tools, once per machine)" "$KILN_ROOT/scripts/setup.sh"
cd "$KILN_ROOT"
# Build once first (timed), then serve and rebuild on changes.
step "trunk build --release" trunk build --release
timings
exec trunk serve --release "$@"
