#!/usr/bin/env bash
# The main job on real data: every series of ITK's DICOM test files (38 files, 26 series: CT, MR,
# US, RT dose, multi-frame, JPEG / JPEG-LS / JPEG 2000, RGB, ...) scanned and converted to NRRD
# by parallel-series. Builds only what that needs: ITK 5.4.7's libraries (first run ~10 min on 2
# cores, then cached), the CLI, and ITK's test data (from ITK's source package, no download).
#   bash scripts/demo.sh [OUTDIR]          (default: ./build/demo)
set -euo pipefail
export PARALLELSERIES_ITK_STEP=libs
export PARALLELSERIES_TARGETS="parallel-series ITKData"
# The build's own output goes to a log (the first run prints ITK's progress lines from
# .ci/build-itk.sh only); on failure its end is shown.
LOG="${PARALLELSERIES_BUILD_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build}.demo-build.log"
echo "== building what the demo needs (ITK 5.4.7's libraries when not cached, the CLI, ITK's test data; log: $LOG)"
if ! (. "$(dirname "${BASH_SOURCE[0]}")/common.sh") 2>&1 | tee "$LOG" | { grep --line-buffered '^\[build-itk\]' || true; }; then
  tail -n 40 "$LOG" >&2
  exit 1
fi
. "$(dirname "${BASH_SOURCE[0]}")/common.sh" > /dev/null # up to date: sets BUILD_DIR
OUT=${1:-$BUILD_DIR/demo}
DATA="$BUILD_DIR/ExternalData/test/Input/ITK"
# ExternalData keeps a "-hash-stamp" file next to each data file: give the tool the DICOM files
# only, as a user's directory would hold them.
INPUT="$OUT.input"
rm -rf "$INPUT" "$OUT"
(cd "$DATA" && find . -name '*-hash-stamp' -prune -o \( -type f -o -type l \) -print) | while read -r f; do
  mkdir -p "$INPUT/$(dirname "$f")"
  ln -s "$(readlink -f "$DATA/$f")" "$INPUT/$f"
done
echo "== parallel-series scan $INPUT --recursive"
"$BUILD_DIR/bin/parallel-series" scan "$INPUT" --recursive
echo
echo "== parallel-series convert $INPUT $OUT --recursive --format nrrd"
status=0
"$BUILD_DIR/bin/parallel-series" convert "$INPUT" "$OUT" --recursive --format nrrd || status=$?
echo
echo "Output: $OUT ($(find "$OUT" -name '*.nrrd' | wc -l) NRRD volumes; manifest: $OUT/manifest.csv), exit status $status"
exit $status
