#!/usr/bin/env bash
# Builds the peer dicom-preprocessing 0.1.2 (Rust, Apache-2.0) from its source snapshot, cached
# outside the repository, and prints the directory holding its binaries on the last line:
#
#   bash benchmark/peers/build-dicom-preprocessing.sh [--cached] [SNAPSHOT.tar.gz]
#
# --cached: never build; print the bin directory of a complete cached build (exit 0), else a
# notice and exit 77 (what scripts/test.sh uses: CI cannot afford the 30+ min build).
#
# SNAPSHOT defaults to $DICOM_PREPROCESSING_SNAPSHOT, else
# ../shared/peers/dicom-preprocessing-0.1.2-477ea4d.tar.gz relative to the checkout.
#
# Binaries built (issue 14 needs both):
#   dicom-preprocess   the converter that `parallel-series convert --format tiff` is compared with
#   dicom-manifest     the manifest tool its users run on the TIFF output tree (CSV / parquet)
# The other binaries of the crate (dicom-voilut, dicom-validate, dicom-traces, tiff-combine,
# tiff-stats, resize) are inspection / post-processing tools that issue 14 does not ask for;
# set DICOM_PREPROCESSING_BINS="dicom-preprocess dicom-manifest dicom-voilut" to add some.
#
# Recipe (the project lead's; every edit is logged):
#   1. unpack the snapshot into the cache, keyed by the snapshot's SHA-256 (first 16 hex digits);
#   2. Cargo.toml: delete the [patch.crates-io] table (a git dependency: a jpeg-decoder branch
#      with a lossless-JPEG restart-interval fix; crates.io's jpeg-decoder is used instead), and
#      reduce [workspace] members to ["."] (drops bindings/node);
#   3. CARGO_PROFILE_RELEASE_LTO=false cargo build --release -j "$JOBS" --bin ... (the crate's
#      release profile asks for fat LTO and one codegen unit; LTO off makes the build
#      practical; codegen-units stays 1), under `nice` so that it yields to other work. Its .cargo/config.toml sets -C target-cpu=native, so the
#      binary is for this machine's CPU only.
# crates.io is reached through cargo (registry cache in $CARGO_HOME, default ~/.cargo).
#
# Cache: ${XDG_CACHE_HOME:-~/.cache}/itk-parallelseries/peers/dicom-preprocessing-<hash>/
#   src/                     the patched source tree
#   target/                  cargo's target directory
#   build.log                the edits and cargo's output
#   build-time.txt           seconds of the last build, jobs, date
#   bin/                     the binaries (printed last); a present bin/ with every binary is reused
#
# Environment: JOBS (cargo -j, default: number of cores - 1, at least 1), DICOM_PREPROCESSING_BINS.
# Exit codes: 0 built or reused (last line: the bin directory); 77 the snapshot is absent, or
# --cached without a cached build (a notice on stderr, nothing built: callers skip, as ctest's
# SKIP_RETURN_CODE 77); 1 the build
# failed (the end of build.log on stderr); 2 cargo missing.
set -euo pipefail
CACHED_ONLY=0
if [ "${1:-}" = --cached ]; then
  CACHED_ONLY=1
  shift
fi
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SNAPSHOT=${1:-${DICOM_PREPROCESSING_SNAPSHOT:-$ROOT/../shared/peers/dicom-preprocessing-0.1.2-477ea4d.tar.gz}}
BINS=${DICOM_PREPROCESSING_BINS:-dicom-preprocess dicom-manifest}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/itk-parallelseries/peers

if [ ! -f "$SNAPSHOT" ]; then
  echo "notice: dicom-preprocessing snapshot not found ($SNAPSHOT): peer not built, skipping" >&2
  exit 77
fi
if [ "$CACHED_ONLY" = 1 ]; then
  HASH=$(sha256sum "$SNAPSHOT" | cut -c1-16)
  for b in $BINS; do
    [ -x "$CACHE/dicom-preprocessing-$HASH/bin/$b" ] || {
      echo "notice: no cached dicom-preprocessing build ($CACHE/dicom-preprocessing-$HASH/bin): not building (--cached)" >&2
      exit 77
    }
  done
  echo "$CACHE/dicom-preprocessing-$HASH/bin"
  exit 0
fi
command -v cargo > /dev/null || { echo "cargo not found (Rust >= 1.89 is needed)" >&2; exit 2; }

HASH=$(sha256sum "$SNAPSHOT" | cut -c1-16)
DIR=$CACHE/dicom-preprocessing-$HASH
mkdir -p "$DIR"

have_all() {
  local b
  for b in $BINS; do [ -x "$DIR/bin/$b" ] || return 1; done
}
if have_all; then
  echo "reusing the cached build ($(cat "$DIR/build-time.txt" 2> /dev/null || echo "time not recorded"))" >&2
  echo "$DIR/bin"
  exit 0
fi

LOG=$DIR/build.log
: > "$LOG"
log() { echo "$*" | tee -a "$LOG" >&2; }

# 1. Unpack (afresh: a half-patched tree is never reused).
rm -rf "$DIR/src"
mkdir -p "$DIR/src"
tar -xzf "$SNAPSHOT" -C "$DIR/src" --strip-components=1
log "unpacked $(basename "$SNAPSHOT") (sha256 $HASH...) into $DIR/src"

# 2. The two Cargo.toml edits, checked.
python3 - "$DIR/src/Cargo.toml" << 'EOF' 2>&1 | tee -a "$LOG" >&2
import re, sys
path = sys.argv[1]
text = open(path).read()
# [patch.crates-io] up to the next table header.
patched, n_patch = re.subn(r"(?ms)^\[patch\.crates-io\]\n.*?(?=^\[)", "", text)
if n_patch != 1:
    sys.exit("Cargo.toml: expected one [patch.crates-io] table, found %d" % n_patch)
patched, n_ws = re.subn(r'(?ms)^(\[workspace\]\n(?:[^\[]*?\n)?)members\s*=\s*\[[^\]]*\]',
                        r'\1members = ["."]', patched)
if n_ws != 1:
    sys.exit("Cargo.toml: expected one [workspace] members list, found %d" % n_ws)
open(path, "w").write(patched)
print("Cargo.toml: removed the [patch.crates-io] table (jpeg-decoder from git)")
print('Cargo.toml: [workspace] members = ["."]')
EOF
[ "${PIPESTATUS[0]}" -eq 0 ] || exit 1
diff -u <(tar -xzOf "$SNAPSHOT" --wildcards '*/Cargo.toml') "$DIR/src/Cargo.toml" >> "$LOG" || true

# 3. Build.
cores=$(nproc)
JOBS=${JOBS:-$((cores > 1 ? cores - 1 : 1))}
bin_args=()
for b in $BINS; do bin_args+=(--bin "$b"); done
log "building ${BINS} with cargo $(cargo --version | cut -d' ' -f2), -j $JOBS, LTO off (log: $LOG)"
start=$(date +%s)
if ! (cd "$DIR/src" && CARGO_PROFILE_RELEASE_LTO=false CARGO_TARGET_DIR="$DIR/target" \
  nice -n 10 cargo build --release -j "$JOBS" "${bin_args[@]}") >> "$LOG" 2>&1; then
  tail -n 40 "$LOG" >&2
  echo "dicom-preprocessing build failed (log: $LOG)" >&2
  exit 1
fi
seconds=$(($(date +%s) - start))
mkdir -p "$DIR/bin"
for b in $BINS; do cp -f "$DIR/target/release/$b" "$DIR/bin/$b"; done
echo "${seconds} s with -j $JOBS on $cores cores, $(date -u +%Y-%m-%dT%H:%MZ)" > "$DIR/build-time.txt"
log "built in ${seconds} s"
echo "$DIR/bin"
