#!/usr/bin/env bash
# Sanitizer lanes: build the module, its tests and the CLI with a sanitizer, run the C++ test suite
# (ctest) and fail on any sanitizer report.
#
#   bash scripts/sanitize.sh tsan [ctest arguments...]   # ThreadSanitizer (gcc -fsanitize=thread)
#   bash scripts/sanitize.sh asan [ctest arguments...]   # AddressSanitizer + UBSan + LeakSanitizer
#
# What is instrumented: our library (src/), everything the tests and the CLI compile (our headers
# and every ITK/GDCM *template or inline code* instantiated in our translation units). What is not:
# ITK's and GDCM's compiled libraries (the cached ITK build is plain Release), libstdc++ and libc.
# The sanitizers still see those through their interceptors: TSan sees pthread mutexes, condition
# variables, thread creation/join, and memcpy/memset etc.; ASan checks every malloc/free/new/delete
# and memcpy/memset/strlen-style call made from anywhere (GDCM decoding into our buffers included);
# LSan tracks all heap allocations. They do NOT see plain loads/stores (or atomics) inside ITK/GDCM
# compiled code: a race or an overflow entirely inside ITK/GDCM is not detected here.
#
# Environment:
#   PARALLELSERIES_SANITIZE_BUILD_DIR  build directory (default /tmp/ps-build-<lane>)
#   PARALLELSERIES_SANITIZE_THREADS    values of ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS to run ctest
#                                      with, "default" meaning unset (default: "default 8";
#                                      asan: "default")
#   PARALLELSERIES_SANITIZE_THREADER   ITK_GLOBAL_DEFAULT_THREADER for the tests (tsan default:
#                                      Platform, see below; asan default: ITK's own default, Pool)
#
# Why the TSan lane runs ITK's PlatformMultiThreader: ITK's default PoolMultiThreader signals the
# end of a work unit through a std::future whose set and wait both happen inside libITKCommon
# (not instrumented; libstdc++ implements them with atomics and raw futex syscalls, which TSan
# does not intercept). TSan therefore never sees that the caller's Execute() happens after the
# work units, and reports every access made after a parallel section (the work units' results,
# the threader's destructor...) as a race: about a thousand false reports per test. The
# PlatformMultiThreader starts and joins one pthread per work unit, which TSan intercepts, so the
# only synchronization TSan cannot see is gone. Our code is the same under both threaders (the
# work units run concurrently on either; only their number differs, see
# ThreadedWeightedRangePartitioner::NumberOfWorkUnitsFor()), so the races TSan can find in it are
# the same. What the pool itself does (ITK code) is not checked here.
# Python tests are not built (no wheel: PARALLELSERIES_PYTHON is unset) and the benchmark is not built.
set -euo pipefail

lane=${1:-}
case "$lane" in
  tsan | asan) shift ;;
  *)
    echo "usage: bash scripts/sanitize.sh tsan|asan [ctest arguments...]" >&2
    exit 2
    ;;
esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${PARALLELSERIES_SANITIZE_BUILD_DIR:-/tmp/ps-build-$lane}
mkdir -p "$BUILD_DIR"
LOG_DIR=$BUILD_DIR/sanitizer-logs
start=$(date +%s)

# Compiler and linker flags go through an initial-cache file (-C): common.sh word-splits
# PARALLELSERIES_CMAKE_ARGS, so flag lists with spaces cannot be passed as -D values. FORCE because
# common.sh passes -DCMAKE_BUILD_TYPE=Release before our arguments. -O1 -g: usable stacks, a
# faster build than -O3, and the optimizer still runs (some bugs only show when it does).
case "$lane" in
  tsan)
    san_flags="-fsanitize=thread"
    default_threads="default 8"
    ;;
  asan)
    # -fno-sanitize-recover: UBSan aborts on its first report even where UBSAN_OPTIONS is lost.
    san_flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
    default_threads="default"
    ;;
esac
cache_file=$BUILD_DIR/sanitize-initial-cache.cmake
cat > "$cache_file.new" << EOF
set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "" FORCE)
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O1 -g -DNDEBUG" CACHE STRING "" FORCE)
set(CMAKE_C_FLAGS_RELWITHDEBINFO "-O1 -g -DNDEBUG" CACHE STRING "" FORCE)
set(CMAKE_CXX_FLAGS "$san_flags" CACHE STRING "" FORCE)
set(CMAKE_C_FLAGS "$san_flags" CACHE STRING "" FORCE)
set(CMAKE_EXE_LINKER_FLAGS "$san_flags" CACHE STRING "" FORCE)
set(CMAKE_SHARED_LINKER_FLAGS "$san_flags" CACHE STRING "" FORCE)
set(CMAKE_MODULE_LINKER_FLAGS "$san_flags" CACHE STRING "" FORCE)
set(ParallelSeries_BUILD_BENCHMARK OFF CACHE BOOL "" FORCE)
EOF
# common.sh configures only when there is no build.ninja: force a configure when the flags changed.
if ! cmp -s "$cache_file.new" "$cache_file"; then
  mv "$cache_file.new" "$cache_file"
  rm -f "$BUILD_DIR/build.ninja"
else
  rm -f "$cache_file.new"
fi

# Configure and build through common.sh (the same configuration as scripts/test.sh otherwise), at
# low priority: the machine is shared.
export PARALLELSERIES_BUILD_DIR=$BUILD_DIR
export PARALLELSERIES_CMAKE_ARGS="-C $cache_file"
nice -n 10 bash "$ROOT/scripts/common.sh"
built=$(date +%s)
echo "[sanitize] $lane build: $(((built - start) / 60)) min $(((built - start) % 60)) s"

# Runtime options. Every report goes to a file under $LOG_DIR (log_path), so that a report is
# caught even from a test that expects a non-zero exit code or checks only the output; the lane
# fails if any such file exists afterwards. Reports also make the process exit non-zero.
rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"
supp=$ROOT/scripts/sanitizers
case "$lane" in
  tsan)
    # halt_on_error=0: collect every race of a run, not just the first. history_size=7 (the
    # maximum): the stacks of both accesses are restored, which the suppressions need.
    export TSAN_OPTIONS="halt_on_error=0:exitcode=66:second_deadlock_stack=1:history_size=7:suppressions=$supp/tsan.supp:log_path=$LOG_DIR/tsan"
    ;;
  asan)
    export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1:log_path=$LOG_DIR/asan"
    export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$LOG_DIR/ubsan"
    ;;
esac

case "$lane" in
  tsan)
    export ITK_GLOBAL_DEFAULT_THREADER=${PARALLELSERIES_SANITIZE_THREADER:-Platform}
    # select() through poll() for the tests (see the comment in tsan_select_shim.c): otherwise
    # the CLI tests hang in kwsys' wait for the child process.
    cc -O2 -shared -fPIC -o "$BUILD_DIR/tsan_select_shim.so" "$supp/tsan_select_shim.c"
    export LD_PRELOAD=$BUILD_DIR/tsan_select_shim.so
    ;;
  asan) [ -z "${PARALLELSERIES_SANITIZE_THREADER:-}" ] || export ITK_GLOBAL_DEFAULT_THREADER=$PARALLELSERIES_SANITIZE_THREADER ;;
esac

cd "$BUILD_DIR"
status=0
for threads in ${PARALLELSERIES_SANITIZE_THREADS:-$default_threads}; do
  if [ "$threads" = default ]; then
    echo "[sanitize] $lane: ctest with ITK's default number of threads (threader ${ITK_GLOBAL_DEFAULT_THREADER:-default})"
    (unset ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS && ctest --output-on-failure -E '[Pp]ython' "$@") || status=1
  else
    # The extra passes skip the CLI check tests: they compare the outputs with stock ITK (ITK's
    # code, not ours; the first pass runs them) and would double the time of the lane.
    echo "[sanitize] $lane: ctest with ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=$threads (threader ${ITK_GLOBAL_DEFAULT_THREADER:-default}), without the CLI check tests"
    ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=$threads ctest --output-on-failure -E '[Pp]ython|ParallelSeriesCLICheck' "$@" || status=1
  fi
done
end=$(date +%s)

reports=$(find "$LOG_DIR" -type f -size +0 | sort)
if [ -n "$reports" ]; then
  echo "[sanitize] $lane: sanitizer reports:" >&2
  for f in $reports; do
    echo "==== $f" >&2
    cat "$f" >&2
  done
  status=1
fi
echo "[sanitize] $lane: build $(((built - start) / 60)) min $(((built - start) % 60)) s," \
  "tests $(((end - built) / 60)) min $(((end - built) % 60)) s," \
  "$(echo "$reports" | grep -c . || true) report file(s), ctest $([ $status = 0 ] && echo passed || echo FAILED)"
exit $status
