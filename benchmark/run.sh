#!/usr/bin/env bash
# The benchmark in one command, from a fresh clone:
#   bash benchmark/run.sh [--presets small,medium] [--repeat 3] [--quick] [--timeout 300]
#                         [--max-repeat-s 10] [--no-compressed] [--large-cap-mb MB]
# 1. installs what is missing: Debian's libgdcm-tools (gdcmconv) and time (GNU time), and, in a
#    venv outside the repository (reused), SimpleITK, pydicom, NumPy, matplotlib, nibabel and
#    dcm2niix 1.0.20260724 from PyPI;
# 2. builds ITK 5.4.7 (cached, see .ci/build-itk.sh) and the module's C++ programs
#    (ParallelSeriesBenchmark, parallel-series) via scripts/common.sh, without tests or Python
#    wrapping, in a build directory of its own;
# 3. runs benchmark/run.py: data generated once (cached), every peer, results in
#    benchmark/results/ (RESULTS.md, <dataset>.json, benchmark.png; --quick: in the cache).
# Cache: ${XDG_CACHE_HOME:-~/.cache}/itk-parallelseries/{bench-venv,bench-build,bench-data}.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/itk-parallelseries
mkdir -p "$CACHE"
start=$(date +%s)
step_start=$start
times=""
step_done() { # NAME: prints and records the seconds since the previous step
  local now
  now=$(date +%s)
  echo "[$(date +%H:%M:%S)] step $1: $((now - step_start)) s (total $((now - start)) s)"
  times="$times${times:+,}$1=$((now - step_start))"
  step_start=$now
}

# 1. Debian packages, only when missing (apt-get update only if the install fails).
missing=()
command -v gdcmconv > /dev/null || missing+=(libgdcm-tools)
[ -x /usr/bin/time ] || missing+=(time)
command -v pigz > /dev/null || missing+=(pigz)         # dcm2niix -z y compresses with pigz when present
[ -f /usr/include/libdeflate.h ] || missing+=(libdeflate-dev) # the CLI's .nii.gz engine
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=()
  [ "$(id -u)" -eq 0 ] || SUDO=(sudo)
  echo "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get install -y "${missing[@]}" > "$CACHE/bench-apt.log" 2>&1 ||
    { "${SUDO[@]}" apt-get update >> "$CACHE/bench-apt.log" 2>&1 &&
      "${SUDO[@]}" apt-get install -y "${missing[@]}" >> "$CACHE/bench-apt.log" 2>&1; } ||
    { tail -n 20 "$CACHE/bench-apt.log" >&2; exit 1; }
fi
step_done apt

# The Python peers' packages, in a venv of their own (reused; completed when a package is missing).
VENV=$CACHE/bench-venv
# dcm2niix at its newest: PyPI's wheel (Debian 12 has 1.0.20220720).
PACKAGES=(SimpleITK pydicom numpy matplotlib nibabel "dcm2niix==1.0.20260724")
[ -x "$VENV/bin/python" ] || { echo "creating the venv"; python3 -m venv "$VENV"; }
if ! "$VENV/bin/python" -c "import SimpleITK, pydicom, numpy, matplotlib, nibabel" 2> /dev/null ||
  [ "$("$VENV/bin/dcm2niix" -v 2> /dev/null | grep -o "v1.0.20260724" | head -n 1)" != v1.0.20260724 ]; then
  echo "installing ${PACKAGES[*]} into the venv (PyPI)"
  "$VENV/bin/python" -m pip install --quiet "${PACKAGES[@]}"
fi
export PATH="$VENV/bin:$PATH" # the venv's dcm2niix
step_done venv

# 2. ITK (C++ part, cached) and the module's C++ programs. A build directory configured from
# another clone is started afresh (CMake refuses a second source directory).
export PARALLELSERIES_BUILD_DIR=${PARALLELSERIES_BENCH_BUILD_DIR:-$CACHE/bench-build}
export PARALLELSERIES_CMAKE_ARGS="-DBUILD_TESTING=OFF ${PARALLELSERIES_CMAKE_ARGS:-}"
if [ -f "$PARALLELSERIES_BUILD_DIR/CMakeCache.txt" ] &&
  ! grep -qxF "CMAKE_HOME_DIRECTORY:INTERNAL=$ROOT" "$PARALLELSERIES_BUILD_DIR/CMakeCache.txt"; then
  echo "the build directory belongs to another clone: starting it afresh"
  rm -rf "$PARALLELSERIES_BUILD_DIR"
fi
echo "building ITK (C++, cached) and the module's programs (log: bench-build.log in the cache)"
if ! (. "$ROOT/scripts/common.sh") > "$CACHE/bench-build.log" 2>&1; then
  tail -n 40 "$CACHE/bench-build.log" >&2
  exit 1
fi
for program in ParallelSeriesBenchmark parallel-series; do
  [ -x "$PARALLELSERIES_BUILD_DIR/bin/$program" ] || { echo "missing $program after the build" >&2; exit 1; }
done
step_done build

# The generator's header template: a real 512 x 512 CT slice of ITK's test data (content-addressed).
ITK_SRC=$(bash "$ROOT/.ci/build-itk.sh" print-src)
TEMPLATE=$ITK_SRC/.ExternalData/CID/$(cat "$ROOT/test/Input/ITK/itkGDCMImageIOTest.dcm.cid")
[ -f "$TEMPLATE" ] || { echo "missing the template DICOM file (ITK's test data) in $ITK_SRC/.ExternalData" >&2; exit 1; }

# 3. The benchmark.
exec "$VENV/bin/python" "$ROOT/benchmark/run.py" --bin "$PARALLELSERIES_BUILD_DIR/bin" --data "$CACHE/bench-data" \
  --template "$TEMPLATE" --setup-times "$times" "$@"
