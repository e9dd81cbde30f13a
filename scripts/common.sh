# Shared by scripts/test.sh and scripts/demo.sh: build (or reuse) ITK, then configure and build
# ParallelSeries against it. Sourced, not run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${PARALLELSERIES_BUILD_DIR:-$ROOT/build}

# ITK 5.2.1 from Debian's source package, cached outside the repository (see .ci/build-itk.sh).
# PARALLELSERIES_ITK_MODE=cxx skips ITK's Python wrapping. PARALLELSERIES_ITK_DEADLINE (seconds
# since the epoch) bounds the wrapping build: if it is not finished by then it is stopped (it
# resumes on the next run) and this run builds and tests the C++ part only, saying so.
WRAP_PYTHON=ON
if [ "${PARALLELSERIES_ITK_MODE:-all}" = cxx ]; then
  bash "$ROOT/.ci/build-itk.sh" cxx > /dev/null
  WRAP_PYTHON=OFF
elif [ -n "${PARALLELSERIES_ITK_DEADLINE:-}" ]; then
  bash "$ROOT/.ci/build-itk.sh" cxx > /dev/null
  left=$((PARALLELSERIES_ITK_DEADLINE - $(date +%s)))
  [ "$left" -gt 60 ] || left=60
  if ! timeout "$left" bash "$ROOT/.ci/build-itk.sh" all > /dev/null; then
    echo "NOTICE: ITK's Python wrapping did not finish within the time budget (it resumes on the" >&2
    echo "NOTICE: next run); this run builds and tests the C++ part only (no Python tests)." >&2
    WRAP_PYTHON=OFF
  fi
else
  bash "$ROOT/.ci/build-itk.sh" all > /dev/null
fi
ITK_DIR=$(bash "$ROOT/.ci/build-itk.sh" print-dir)
ITK_SRC=$(bash "$ROOT/.ci/build-itk.sh" print-src)

if [ ! -f "$BUILD_DIR/build.ninja" ] || ! grep -q "ParallelSeries_WRAP_PYTHON:BOOL=$WRAP_PYTHON" "$BUILD_DIR/CMakeCache.txt"; then
  # Outputs stay in our build tree (a wrapped ITK would otherwise put them in its own tree).
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja \
    -DITK_DIR="$ITK_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_TESTING=ON \
    -DITK_USE_SYSTEM_CASTXML=ON -DITK_USE_SYSTEM_SWIG=ON \
    -DITK_USE_KWSTYLE=OFF -DITK_USE_CLANG_FORMAT=OFF \
    -DCMAKE_LIBRARY_OUTPUT_DIRECTORY="$BUILD_DIR/lib" \
    -DCMAKE_RUNTIME_OUTPUT_DIRECTORY="$BUILD_DIR/bin" \
    -DCMAKE_ARCHIVE_OUTPUT_DIRECTORY="$BUILD_DIR/lib" \
    -DExternalData_OBJECT_STORES="$ITK_SRC/.ExternalData" \
    -DParallelSeries_WRAP_PYTHON=$WRAP_PYTHON -DITK_WRAP_PYTHON_NO_LTO=ON \
    ${PARALLELSERIES_CMAKE_ARGS:-} > "$BUILD_DIR.configure.log" 2>&1 || {
    tail -n 40 "$BUILD_DIR.configure.log" >&2
    exit 1
  }
fi
cmake --build "$BUILD_DIR" -- -j"$(nproc)"
