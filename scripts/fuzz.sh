#!/usr/bin/env bash
# Fuzz ParallelSeries' header interpretation (series grouping, sorting, geometry) and reader with
# libFuzzer:
#
#   bash scripts/fuzz.sh [seconds]        # default 300 s
#
# Builds fuzz/ (clang-14, -fsanitize=fuzzer,address,undefined, linked against the gcc-built ITK
# build tree and libstdc++), makes a seed corpus from ITK's real DICOM test files (the
# content-addressed files of ITK's .ExternalData named by test/Input/ITK/**/*.md5, shrunk by
# ParallelSeriesFuzzSeeds), then runs the fuzzer for a bounded time. One input = an option byte
# and up to 8 DICOM files (fuzz/ParallelSeriesFuzzInput.h), written to a per-process directory
# in /dev/shm, scanned with ParallelGDCMSeriesFileNames (every accessor, invariants checked) and
# read with ParallelSeriesReader (fuzz/ParallelSeriesFuzzCase.h).
#
# Environment:
#   PARALLELSERIES_FUZZ_BUILD_DIR  build directory (default /tmp/ps-build-fuzz)
#   PARALLELSERIES_FUZZ_CORPUS     corpus directory, kept between runs (default BUILD_DIR/corpus)
#   PARALLELSERIES_FUZZ_CXX        C++ compiler (default clang++-14)
#   PARALLELSERIES_FUZZ_ARGS       extra libFuzzer arguments
#
# Exit status: non-zero when the fuzzer left a crash, leak or timeout input in BUILD_DIR/artifacts,
# or an out-of-memory input other than GDCM's known allocation of a declared element length
# (see the triage at the end). Replay one with: BUILD_DIR/ParallelSeriesFuzzer ARTIFACT; a fixed
# finding becomes a regression input as test/Input/fuzz/NAME.fuzz (itkParallelSeriesFuzzRegressionTest).
set -euo pipefail

seconds=${1:-300}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${PARALLELSERIES_FUZZ_BUILD_DIR:-/tmp/ps-build-fuzz}
CORPUS=${PARALLELSERIES_FUZZ_CORPUS:-$BUILD_DIR/corpus}
CXX_COMPILER=${PARALLELSERIES_FUZZ_CXX:-clang++-14}
start=$(date +%s)

# ITK's C++ build tree (built once and cached by .ci/build-itk.sh; never the Python wrapping here).
bash "$ROOT/.ci/build-itk.sh" cxx > /dev/null
ITK_DIR=$(bash "$ROOT/.ci/build-itk.sh" print-dir)
ITK_SRC=$(bash "$ROOT/.ci/build-itk.sh" print-src)

# Configure once, build (incremental) at low priority: the machine may be shared.
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  mkdir -p "$BUILD_DIR"
  CXX=$CXX_COMPILER cmake -S "$ROOT/fuzz" -B "$BUILD_DIR" -G Ninja -DITK_DIR="$ITK_DIR" \
    -DCMAKE_BUILD_TYPE=None > "$BUILD_DIR/configure.log" 2>&1 || {
    tail -n 40 "$BUILD_DIR/configure.log" >&2
    exit 1
  }
fi
nice -n 10 cmake --build "$BUILD_DIR" -- -j"$(nproc)"
built=$(date +%s)

# Seed corpus: ITK's DICOM files, through their content links (nothing is downloaded).
files=()
while IFS= read -r link; do
  object=$ITK_SRC/.ExternalData/MD5/$(tr -d ' \n' < "$link")
  [ -f "$object" ] && files+=("$object")
done < <(find "$ROOT/test/Input/ITK" -name '*.md5' | sort)
if [ ${#files[@]} -eq 0 ]; then
  echo "no DICOM file found through test/Input/ITK/*.md5 in $ITK_SRC/.ExternalData" >&2
  exit 1
fi
rm -rf "$BUILD_DIR/seeds"
mkdir -p "$BUILD_DIR/seeds" "$CORPUS" "$BUILD_DIR/artifacts"
"$BUILD_DIR/ParallelSeriesFuzzSeeds" "$BUILD_DIR/seeds" "${files[@]}" 2> /dev/null

# Leaks inside GDCM (justified in the file) are not findings; ASan/UBSan stop at the first error.
export LSAN_OPTIONS="suppressions=$ROOT/scripts/sanitizers/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

# Fork mode (-fork=1): the fuzzing runs in a child process that is restarted after an
# out-of-memory input or a timeout, so that the bounded run continues; a crash or a leak ends the
# run. Memory: GDCM allocates (and zero-fills) an element's declared length before reading it,
# up to 4 GiB for a few bytes of input (gdcm::ByteValue::SetLength(); stock ITK does the same;
# reported, not in our code): -malloc_limit_mb turns such an allocation into an out-of-memory
# input at once instead of letting it fill gigabytes; they are triaged below.
rm -f "$BUILD_DIR"/artifacts/*
cd "$BUILD_DIR"
# shellcheck disable=SC2086
nice -n 5 "$BUILD_DIR/ParallelSeriesFuzzer" "$CORPUS" "$BUILD_DIR/seeds" \
  -fork=1 -ignore_ooms=1 -ignore_timeouts=1 \
  -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2560 -malloc_limit_mb=512 \
  -dict="$ROOT/fuzz/dicom.dict" -artifact_prefix="$BUILD_DIR/artifacts/" -print_final_stats=1 \
  ${PARALLELSERIES_FUZZ_ARGS:-} 2>&1 | tee "$BUILD_DIR/fuzz.log" | grep -E '^#[0-9]+: |ERROR|SUMMARY|INFO: (fuzzed|exiting)|artifact|stat::' || true
end=$(date +%s)

# Triage: an out-of-memory input whose first large allocation (replayed with a 256 MiB malloc
# limit) is GDCM allocating a declared element length is the known GDCM behaviour above: listed,
# not failed. Everything else (crash, leak, timeout, other out-of-memory) fails the script.
failed=()
known=()
unreproduced=()
for f in $(find "$BUILD_DIR/artifacts" -type f | sort); do
  replay=""
  if [[ "$(basename "$f")" == oom-* ]]; then
    # (the replay exits non-zero: its output is kept, not its status, for pipefail)
    replay=$("$BUILD_DIR/ParallelSeriesFuzzer" -malloc_limit_mb=256 -rss_limit_mb=2560 "$f" 2>&1 || true)
  fi
  frames=$(grep -A 12 'out-of-memory (malloc' <<< "$replay" | grep -E ' in (gdcm|itk|ParallelSeries|std)' || true)
  if [[ "${frames%%$'\n'*}" == *'gdcm::ByteValue::SetLength'* ]]; then
    known+=("$f")
  elif [[ "$(basename "$f")" == oom-* ]] && ! grep -q 'ERROR:' <<< "$replay"; then
    # RSS limit reached over several inputs or work units (e.g. two GDCM allocations just under
    # the malloc limit at once); not reproducible alone, and leaks are checked separately.
    unreproduced+=("$f")
  else
    failed+=("$f")
  fi
done
echo "[fuzz] build $((built - start)) s, fuzzing $((end - built)) s; log: $BUILD_DIR/fuzz.log; corpus: $CORPUS ($(find "$CORPUS" -type f | wc -l) inputs)"
[ ${#known[@]} -eq 0 ] || echo "[fuzz] ${#known[@]} out-of-memory input(s) from GDCM's allocation of a declared element length (known, not ours)"
[ ${#unreproduced[@]} -eq 0 ] || echo "[fuzz] ${#unreproduced[@]} out-of-memory input(s) that do not run out of memory when replayed alone (RSS limit over several inputs)"
if [ ${#failed[@]} -gt 0 ]; then
  echo "[fuzz] findings (replay: $BUILD_DIR/ParallelSeriesFuzzer FILE):" >&2
  printf '%s\n' "${failed[@]}" >&2
  exit 1
fi
echo "[fuzz] no crash, leak, timeout or unexplained out-of-memory input"
