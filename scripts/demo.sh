#!/usr/bin/env bash
# The main job on real data: convert every series of ITK's DICOM test files to NRRD with
# parallel-series, next to a stock-ITK serial run of the same files for comparison.
#   bash scripts/demo.sh [OUTDIR]          (default: ./build/demo)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OUT=${1:-$BUILD_DIR/demo}
DATA="$BUILD_DIR/ExternalData/test/Input/ITK"
[ -d "$DATA" ] || cmake --build "$BUILD_DIR" --target ITKData
"$BUILD_DIR/bin/parallel-series" scan "$DATA" --recursive
status=0
"$BUILD_DIR/bin/parallel-series" convert "$DATA" "$OUT" --recursive --format nrrd || status=$?
echo "Output: $OUT (manifest: $OUT/manifest.csv), exit status $status"
exit $status
