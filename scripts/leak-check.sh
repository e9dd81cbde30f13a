#!/usr/bin/env bash
# Leak check: runs the stress test (concurrent readers, shared scanner; test/
# itkParallelSeriesStressTest.cxx) and the bad-input test under valgrind's memcheck with a few
# iterations, and fails on definite (or indirect) leaks and on memory errors.
#   bash scripts/leak-check.sh [ITERATIONS] [THREADS]      (defaults: 2 iterations, 2 threads)
# Uses the build of scripts/test.sh (PARALLELSERIES_BUILD_DIR, default build/), builds the test
# driver when it is missing. Exit status: 0 clean, 1 leak or error found, 2 setup problem.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${PARALLELSERIES_BUILD_DIR:-$ROOT/build}
ITERATIONS=${1:-2}
THREADS=${2:-2}
if ! command -v valgrind > /dev/null; then
  echo "leak-check: valgrind is not installed (apt-get install valgrind)" >&2
  exit 2
fi
DRIVER=$BUILD_DIR/bin/ParallelSeriesTestDriver
if [ ! -x "$DRIVER" ]; then
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    echo "leak-check: no build in $BUILD_DIR: run scripts/test.sh first (or set PARALLELSERIES_BUILD_DIR)" >&2
    exit 2
  fi
  cmake --build "$BUILD_DIR" --target ParallelSeriesTestDriver
fi
OUT=$(mktemp -d "${TMPDIR:-/tmp}/parallelseries-leak.XXXXXX")
trap 'chmod -R u+rwX "$OUT" 2> /dev/null; rm -rf "$OUT"' EXIT

# Definite and indirect leaks are errors (exit code 99); "possibly lost" and "still reachable"
# blocks are ITK's and GDCM's process-lifetime singletons and the thread pool's threads.
run() {
  local name=$1
  shift
  echo "leak-check: $name"
  if valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --num-callers=30 \
    --suppressions="$ROOT/scripts/leak-check.supp" --log-file="$OUT/$name.valgrind.log" "$DRIVER" "$@" > "$OUT/$name.out" 2>&1; then
    grep -E "definitely lost|indirectly lost|ERROR SUMMARY" "$OUT/$name.valgrind.log" | sed 's/^==[0-9]*== /  /'
    return 0
  fi
  echo "leak-check: $name FAILED (valgrind found leaks or errors, or the test failed)" >&2
  tail -n 20 "$OUT/$name.out" >&2
  grep -v "^==[0-9]*== *$" "$OUT/$name.valgrind.log" | tail -n 80 >&2
  return 1
}

status=0
run stress itkParallelSeriesStressTest "$OUT/stress" "$ITERATIONS" "$THREADS" || status=1
run badinput itkParallelSeriesBadInputTest "$OUT/badinput" || status=1
if [ $status -eq 0 ]; then
  echo "leak-check: no leak, no memory error"
fi
exit $status
