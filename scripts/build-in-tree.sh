#!/usr/bin/env bash
# The in-tree (remote module) build, as an ITK developer does it: this module's folder under
# ITK's Modules/Remote/ParallelSeries, ITK configured with -DModule_ParallelSeries=ON (shared
# libraries, no wrapping, no tests), then the library, the CLI and the benchmark program are
# built. The CLI converts ITK's DICOM test files and its outputs must equal, file for file,
# those of the CLI of the external-module build (scripts/test.sh builds that one first).
#   bash scripts/build-in-tree.sh
# The module is copied (rsync) into the cached ITK source; the build tree is cached next to the
# other ITK trees and rebuilt incrementally.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${PARALLELSERIES_BUILD_DIR:-$ROOT/build}
CACHE_ROOT=${PARALLELSERIES_CACHE:-$HOME/.cache/itk-parallelseries}
bash "$ROOT/.ci/build-itk.sh" fetch # also installs the tools (rsync among them)
SRC=$(bash "$ROOT/.ci/build-itk.sh" print-src)
TOOLS_BIN=$(bash "$ROOT/.ci/build-itk.sh" print-tools)
export PATH="$TOOLS_BIN:$PATH"
BLD="$CACHE_ROOT/itk-5.4.7-in-tree"
log() { echo "[in-tree] $*" >&2; }

mkdir -p "$SRC/Modules/Remote/ParallelSeries"
rsync -a --delete --exclude '/build*' --exclude '/dist' --exclude '/.git' --exclude '__pycache__' \
  "$ROOT/" "$SRC/Modules/Remote/ParallelSeries/"

if [ ! -f "$BLD/build.ninja" ]; then
  log "configuring ITK with -DModule_ParallelSeries=ON in $BLD"
  mkdir -p "$BLD"
  cmake -S "$SRC" -B "$BLD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
    -DBUILD_TESTING=OFF -DBUILD_EXAMPLES=OFF -DITK_FORBID_DOWNLOADS=ON \
    -DITK_BUILD_DEFAULT_MODULES=OFF -DITKGroup_Core=OFF -DModule_ParallelSeries=ON \
    -DModule_ITKIONRRD=ON -DModule_ITKIONIFTI=ON -DModule_ITKIOMeta=ON \
    -DITK_USE_SYSTEM_GDCM=OFF -DITK_WRAP_PYTHON=OFF > "$BLD/configure.log" 2>&1 || {
    tail -n 40 "$BLD/configure.log" >&2
    exit 1
  }
fi
log "building ParallelSeries, parallel-series and ParallelSeriesBenchmark (log: $BLD/build.log)"
ninja -C "$BLD" ParallelSeries parallel-series ParallelSeriesBenchmark > "$BLD/build.log" 2>&1 || {
  grep -E 'FAILED|error|warning' "$BLD/build.log" | head -n 40 >&2
  tail -n 30 "$BLD/build.log" >&2
  exit 1
}
# No warning from our files.
if grep -E "Modules/Remote/ParallelSeries/.*warning" "$BLD/build.log"; then
  log "FAILED: the module's files compile with warnings in-tree"
  exit 1
fi
cli="$BLD/bin/parallel-series"
data="$BUILD_DIR/ExternalData/test/Input/ITK"
reference="$BUILD_DIR/in-tree-reference"
out="$BUILD_DIR/in-tree-output"
[ -d "$data" ] || { log "no ITK test data in $data (run scripts/test.sh first)"; exit 1; }
rm -rf "$out" "$reference"
"$cli" --version
"$cli" convert "$data" "$out" --recursive --format nrrd > "$BUILD_DIR/in-tree-convert.log" 2>&1 || {
  tail -n 20 "$BUILD_DIR/in-tree-convert.log" >&2
  exit 1
}
"$BUILD_DIR/bin/parallel-series" convert "$data" "$reference" --recursive --format nrrd > /dev/null 2>&1
n=$(find "$out" -name '*.nrrd' | wc -l)
if ! diff -r -q -x manifest.csv -x manifest.json "$reference" "$out"; then
  log "FAILED: the in-tree CLI's outputs differ from the external build's"
  exit 1
fi
log "in-tree build OK: $n NRRD volumes, identical to the external-module build's"
