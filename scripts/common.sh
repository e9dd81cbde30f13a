# Shared by scripts/test.sh and scripts/demo.sh: build (or reuse) ITK,
# then configure and build ParallelSeries' C++ part (library, tests, CLI, examples, benchmark) against it.
# Sourced, not run. Sets ROOT, BUILD_DIR, ITK_DIR, ITK_SRC, TOOLS_BIN.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${PARALLELSERIES_BUILD_DIR:-$ROOT/build}

# ITK 5.4.7 (static, configured like PyPI's wheels), cached outside the repository: see
# .ci/build-itk.sh. It prints the build tree on its last line. PARALLELSERIES_ITK_STEP=libs
# builds ITK's libraries only (the demo), `build` (default) also the wrapping's SWIG inputs.
ITK_DIR=$(bash "$ROOT/.ci/build-itk.sh" "${PARALLELSERIES_ITK_STEP:-build}" | tail -n 1)
ITK_SRC=$(bash "$ROOT/.ci/build-itk.sh" print-src)
TOOLS_BIN=$(bash "$ROOT/.ci/build-itk.sh" print-tools)
export PATH="$TOOLS_BIN:$PATH" # cmake >= 3.26, ninja, swig 4.3

# The C++ build does not wrap (the wheel build does: scripts/build-wheel.sh). Python tests are
# registered when PARALLELSERIES_PYTHON names an interpreter that has the installed wheel, the
# dcm2niix oracle tests when PARALLELSERIES_ORACLE_PYTHON names one with NumPy, nibabel, pydicom
# and dcm2niix beside it (scripts/make-oracle-venv.sh), the Siemens mosaic tests when
# PARALLELSERIES_NIBABEL_DATA names nibabel's test files (scripts/get-nibabel-data.sh;
# scripts/test.sh sets both).
# The warning flags ITK's own build compiles its modules with (CMake/ITKSetStandardCompilerFlags.cmake,
# GCC's part): the in-tree build (scripts/build-in-tree.sh) fails on any warning from our files, so
# the external build shows them first.
PS_WARNING_FLAGS="-Wall -Wcast-align -Wdisabled-optimization -Wextra -Wformat=2 -Winvalid-pch -Wno-format-nonliteral
 -Wpointer-arith -Wshadow -Wunused -Wwrite-strings -Wno-strict-overflow -Wno-deprecated -Wno-invalid-offsetof
 -Woverloaded-virtual -Wstrict-null-sentinel"
PS_WARNING_FLAGS=$(echo $PS_WARNING_FLAGS)
ps_configure() {
  local python=${PARALLELSERIES_PYTHON:-}
  local oracle=${PARALLELSERIES_ORACLE_PYTHON:-}
  local nibabel=${PARALLELSERIES_NIBABEL_DATA:-}
  if [ -f "$BUILD_DIR/build.ninja" ] &&
    grep -qx "ParallelSeries_PYTHON_TEST_EXECUTABLE:FILEPATH=$python" "$BUILD_DIR/CMakeCache.txt" &&
    grep -qx "ParallelSeries_ORACLE_PYTHON:FILEPATH=$oracle" "$BUILD_DIR/CMakeCache.txt" &&
    grep -qx "ParallelSeries_NIBABEL_DATA_DIR:PATH=$nibabel" "$BUILD_DIR/CMakeCache.txt" &&
    grep -qx "ITK_DIR:PATH=$ITK_DIR" "$BUILD_DIR/CMakeCache.txt" &&
    grep -qx "ParallelSeries_BUILD_EXAMPLES:BOOL=ON" "$BUILD_DIR/CMakeCache.txt" &&
    grep -qxF "CMAKE_CXX_FLAGS:STRING=$PS_WARNING_FLAGS" "$BUILD_DIR/CMakeCache.txt"; then
    return 0
  fi
  mkdir -p "$BUILD_DIR"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja \
    -DITK_DIR:PATH="$ITK_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS:STRING="$PS_WARNING_FLAGS" \
    -DBUILD_TESTING=ON \
    -DParallelSeries_WRAP_PYTHON=OFF \
    -DParallelSeries_BUILD_EXAMPLES=ON \
    -DParallelSeries_PYTHON_TEST_EXECUTABLE:FILEPATH="$python" \
    -DParallelSeries_ORACLE_PYTHON:FILEPATH="$oracle" \
    -DParallelSeries_NIBABEL_DATA_DIR:PATH="$nibabel" \
    -DITK_USE_KWSTYLE=OFF -DITK_USE_CLANG_FORMAT=OFF \
    -DCMAKE_LIBRARY_OUTPUT_DIRECTORY="$BUILD_DIR/lib" \
    -DCMAKE_RUNTIME_OUTPUT_DIRECTORY="$BUILD_DIR/bin" \
    -DCMAKE_ARCHIVE_OUTPUT_DIRECTORY="$BUILD_DIR/lib" \
    -DExternalData_OBJECT_STORES="$ITK_SRC/.ExternalData" \
    ${PARALLELSERIES_CMAKE_ARGS:-} > "$BUILD_DIR.configure.log" 2>&1 || {
    tail -n 40 "$BUILD_DIR.configure.log" >&2
    exit 1
  }
}
# Builds (what PARALLELSERIES_TARGETS names, default everything) and fails on a warning from the
# files the in-tree build compiles too (include/, src/, apps/, benchmark/).
ps_build() {
  local log="$BUILD_DIR.build.log"
  # shellcheck disable=SC2086
  cmake --build "$BUILD_DIR" ${PARALLELSERIES_TARGETS:+--target $PARALLELSERIES_TARGETS} -- -j"$(nproc)" 2>&1 |
    tee "$log"
  [ "${PIPESTATUS[0]}" = 0 ] || exit 1
  if grep -E "^($ROOT/)?(include|src|apps|benchmark)/[^ ]*: warning:" "$log" >&2; then
    echo "[build] FAILED: the warnings above, from the module's own files (ITK's build flags them too)" >&2
    exit 1
  fi
}
ps_configure
ps_build
