#!/usr/bin/env bash
# Build (or reuse) the ITK 5.2.1 build tree that ParallelSeries is developed and tested against.
#
#   .ci/build-itk.sh [deps|cxx|all|print-dir|print-src]
#
#   deps       install the Debian / PyPI packages the build needs (idempotent)
#   cxx        configure ITK and build its C++ libraries only (~10 min on 2 cores)
#   all        (default) also build the Python wrapping (~45-60 min on 2 cores)
#   print-dir  print the ITK build directory (ITK_DIR) for the current options
#   print-src  print the ITK source directory (holds .ExternalData/ with ITK's test data)
#
# The source is Debian's source package `insighttoolkit5` (fetched with `apt-get source`, which
# applies Debian's patches), plus the small patches in .ci/itk-patches/. The tree lives outside the
# repository in ${PARALLELSERIES_CACHE:-$HOME/.cache/itk-parallelseries}/itk-<version>-<key>, where
# <key> hashes the configure options and our patches: change either and a new tree is built. An
# interrupted build resumes where it stopped (ninja is incremental); a finished one is reused.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mode=${1:-all}

ITK_VERSION=5.2.1
DEB_SOURCE=insighttoolkit5
CACHE_ROOT=${PARALLELSERIES_CACHE:-$HOME/.cache/itk-parallelseries}

log() { echo "[build-itk] $*" >&2; }

python_exe() { python3 -c 'import sys; print(sys.executable)'; }

install_deps() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  local need=()
  for p in cmake ninja-build g++ swig castxml libtiff-dev libdeflate-dev dpkg-dev xz-utils patch; do
    dpkg -s "$p" > /dev/null 2>&1 || need+=("$p")
  done
  # apt-get source needs a deb-src entry.
  if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    log "adding a deb-src entry for Debian's main archive"
    local suite
    suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
    $sudo tee /etc/apt/sources.list.d/parallelseries-deb-src.sources > /dev/null << EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: ${suite} ${suite}-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    need+=(__update__)
  fi
  if [ ${#need[@]} -gt 0 ]; then
    log "installing: ${need[*]}"
    $sudo apt-get update -qq
    local pkgs=()
    for p in "${need[@]}"; do [ "$p" = __update__ ] || pkgs+=("$p"); done
    [ ${#pkgs[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${pkgs[@]}" > /dev/null
  fi
  # NumPy for ITKBridgeNumPy (our np.bool patch makes any NumPy >= 1.20 work; pin below 2 for the
  # ITK 5.2 C API headers).
  if ! "$(python_exe)" -c 'import numpy' > /dev/null 2>&1; then
    log "installing numpy"
    "$(python_exe)" -m pip install -q "numpy>=1.23,<2"
  fi
}

# Configure options: the cache key is derived from them, so every change builds a fresh tree.
itk_options() {
  cat << EOF
-DCMAKE_BUILD_TYPE=Release
-DBUILD_SHARED_LIBS=ON
-DBUILD_TESTING=OFF
-DBUILD_EXAMPLES=OFF
-DITK_FORBID_DOWNLOADS=ON
-DITK_BUILD_DEFAULT_MODULES=OFF
-DModule_ITKIOGDCM=ON
-DModule_ITKImageGrid=ON
-DModule_ITKImageStatistics=ON
-DModule_ITKTestKernel=ON
-DModule_ITKIONRRD=ON
-DModule_ITKIONIFTI=ON
-DModule_ITKIOTIFF=ON
-DModule_ITKIOMeta=ON
-DModule_ITKBridgeNumPy=ON
-DITK_USE_SYSTEM_GDCM=OFF
-DITK_WRAP_PYTHON=ON
-DITK_WRAP_PYTHON_NO_LTO=ON
-DITK_USE_SYSTEM_SWIG=ON
-DITK_USE_SYSTEM_CASTXML=ON
-DITK_WRAP_unsigned_char=ON
-DITK_WRAP_signed_short=ON
-DITK_WRAP_unsigned_short=ON
-DITK_WRAP_float=ON
-DITK_WRAP_double=OFF
-DITK_WRAP_rgb_unsigned_char=ON
-DITK_WRAP_rgba_unsigned_char=OFF
-DITK_WRAP_complex_float=OFF
-DITK_WRAP_IMAGE_DIMS=2;3
EOF
}

cache_key() {
  { echo "$ITK_VERSION"; itk_options; cat "$here"/itk-patches/*.patch; } | sha1sum | cut -c1-10
}

TREE="$CACHE_ROOT/itk-$ITK_VERSION-$(cache_key)"
SRC="$TREE/src"
BLD="$TREE/build"

case "$mode" in
  print-dir) echo "$BLD"; exit 0 ;;
  print-src) echo "$SRC"; exit 0 ;;
esac

install_deps
[ "$mode" = deps ] && exit 0

fetch_source() {
  [ -f "$SRC/.parallelseries-patched" ] && return 0
  mkdir -p "$CACHE_ROOT/downloads" "$TREE"
  if ! ls "$CACHE_ROOT/downloads/${DEB_SOURCE}_${ITK_VERSION}"-*.dsc > /dev/null 2>&1; then
    log "downloading Debian source package $DEB_SOURCE"
    (cd "$CACHE_ROOT/downloads" && apt-get source --download-only -qq "$DEB_SOURCE" 2>&1 | grep -v 'unsandboxed' || true)
  fi
  local dsc
  dsc=$(ls "$CACHE_ROOT/downloads/${DEB_SOURCE}_${ITK_VERSION}"-*.dsc | sort -V | tail -n 1)
  rm -rf "$SRC" "$TREE/src.tmp"
  log "extracting $(basename "$dsc") (Debian's patches applied by dpkg-source)"
  dpkg-source -x --no-check "$dsc" "$TREE/src.tmp" > /dev/null
  for p in "$here"/itk-patches/*.patch; do
    log "applying $(basename "$p")"
    patch -d "$TREE/src.tmp" -p1 --forward --quiet < "$p"
  done
  touch "$TREE/src.tmp/.parallelseries-patched"
  mv "$TREE/src.tmp" "$SRC"
}

configure() {
  [ -f "$BLD/build.ninja" ] && [ -f "$BLD/ITKConfig.cmake" ] && return 0
  mkdir -p "$BLD"
  local py
  py=$(python_exe)
  log "configuring ITK in $BLD"
  local opts=()
  while IFS= read -r o; do opts+=("$o"); done < <(itk_options)
  cmake -S "$SRC" -B "$BLD" -G Ninja "${opts[@]}" \
    -DPython3_EXECUTABLE="$py" -DPYTHON_EXECUTABLE="$py" \
    -DExternalData_OBJECT_STORES="$SRC/.ExternalData" > "$BLD/configure.log" 2>&1 ||
    {
      tail -n 40 "$BLD/configure.log" >&2
      exit 1
    }
}

build_cxx() {
  [ -f "$BLD/.parallelseries-cxx-done" ] && return 0
  local targets
  targets=$(ninja -C "$BLD" -t targets all | cut -d: -f1 | grep -E '(^|/)lib[^/]+\.so(\.[0-9]+)*$' || true)
  log "building ITK C++ libraries ($(echo "$targets" | wc -w) targets)"
  # shellcheck disable=SC2086
  ninja -C "$BLD" $targets > "$BLD/build-cxx.log" 2>&1 || {
    tail -n 60 "$BLD/build-cxx.log" >&2
    exit 1
  }
  touch "$BLD/.parallelseries-cxx-done"
}

build_all() {
  [ -f "$BLD/.parallelseries-all-done" ] && return 0
  log "building ITK Python wrapping (the long part; resumable)"
  ninja -C "$BLD" > "$BLD/build-all.log" 2>&1 || {
    grep -E 'FAILED|error' "$BLD/build-all.log" | head -n 40 >&2
    tail -n 40 "$BLD/build-all.log" >&2
    exit 1
  }
  touch "$BLD/.parallelseries-all-done"
}

fetch_source
configure
build_cxx
[ "$mode" = cxx ] && {
  echo "$BLD"
  exit 0
}
build_all
echo "$BLD"
