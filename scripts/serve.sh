#!/usr/bin/env bash
# Serves the playground at http://127.0.0.1:8080 with the review-sentences data set ready to train.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$KILN_ROOT/scripts/setup.sh"
cd "$KILN_ROOT"
exec trunk serve --release "$@"
