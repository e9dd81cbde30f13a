#!/usr/bin/env bash
# Build everything needed (ITK on first use, ~1 h on 2 cores; then cached) and run the tests.
#   bash scripts/test.sh [ctest arguments...]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$BUILD_DIR"
ctest --output-on-failure "$@"
