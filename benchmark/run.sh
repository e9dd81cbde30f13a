#!/usr/bin/env bash
# The benchmark in one command (see benchmark/run.py and the README's Benchmark section):
#   bash benchmark/run.sh [--presets small,medium] [--repeat 3] [--quick] [--large-cap-mb 1024]
# Installs what it needs (Debian: dcm2niix, gdcmconv, GNU time; PyPI, in a venv outside the
# repository: SimpleITK, pydicom, NumPy, matplotlib), builds ITK (cached, C++ part only) and the
# module's C++ programs, generates the studies once (cached), runs every peer, and writes
# benchmark/results/RESULTS.md, results.json and benchmark.png.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/itk-parallelseries
start=$(date +%s)

# Debian packages (installed only when missing).
missing=()
command -v dcm2niix > /dev/null || missing+=(dcm2niix)
command -v gdcmconv > /dev/null || missing+=(libgdcm-tools)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get install -y "${missing[@]}" > /dev/null 2>&1 || { apt-get update > /dev/null && apt-get install -y "${missing[@]}" > /dev/null; }
fi

# Python peers' packages, in a venv of their own.
VENV=$CACHE/bench-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import SimpleITK, pydicom, numpy, matplotlib" 2> /dev/null; then
  echo "creating $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet SimpleITK pydicom numpy matplotlib
fi

# ITK (C++ part, cached) and the module's programs, in a build directory of their own.
export PARALLELSERIES_ITK_MODE=cxx
export PARALLELSERIES_BUILD_DIR=${PARALLELSERIES_BENCH_BUILD_DIR:-$CACHE/bench-build}
(
  . "$ROOT/scripts/common.sh" > /dev/null
)
echo "build ready after $(($(date +%s) - start)) s"

# Header template: a real 512 x 512 CT slice of ITK's test data (content-addressed).
ITK_SRC=$(bash "$ROOT/.ci/build-itk.sh" print-src)
TEMPLATE=$ITK_SRC/.ExternalData/MD5/$(cat "$ROOT/test/Input/ITK/itkGDCMImageIOTest.dcm.md5")

"$VENV/bin/python" "$ROOT/benchmark/run.py" --bin "$PARALLELSERIES_BUILD_DIR/bin" --data "$CACHE/bench-data" \
  --template "$TEMPLATE" "$@"
echo "benchmark finished after $(($(date +%s) - start)) s"
