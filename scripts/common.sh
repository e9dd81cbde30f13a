# Shared by scripts/test.sh and scripts/demo.sh: build (or reuse) ITK, then configure and build
# ParallelSeries against it. Sourced, not run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${PARALLELSERIES_BUILD_DIR:-$ROOT/build}

# ITK 5.2.1 from Debian's source package, cached outside the repository (see .ci/build-itk.sh).
bash "$ROOT/.ci/build-itk.sh" "${PARALLELSERIES_ITK_MODE:-all}" > /dev/null
ITK_DIR=$(bash "$ROOT/.ci/build-itk.sh" print-dir)
ITK_SRC=$(bash "$ROOT/.ci/build-itk.sh" print-src)

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
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
    ${PARALLELSERIES_CMAKE_ARGS:-} > "$BUILD_DIR.configure.log" 2>&1 || {
    tail -n 40 "$BUILD_DIR.configure.log" >&2
    exit 1
  }
fi
cmake --build "$BUILD_DIR" -- -j"$(nproc)"
