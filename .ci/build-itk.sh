#!/usr/bin/env bash
# Build (or reuse) the ITK 5.4.7 build tree that ParallelSeries is built, tested and packaged against.
#
#   .ci/build-itk.sh [deps|fetch|build|print-dir|print-src|print-tools]
#
#   deps         install the Debian / PyPI tools the build needs (idempotent)
#   fetch        download and unpack ITK's source only
#   libs         configure ITK and build its static C++ libraries (what the C++ build needs)
#   build        (default) the libraries and the generated SWIG inputs of the modules our
#                wrapping depends on (~12 min on 2 cores in all), not ITK's own Python wrappers
#                (PyPI's `itk` provides them)
#   print-dir    print the ITK build directory (ITK_DIR)
#   print-src    print the ITK source directory (holds .ExternalData/ with ITK's test data)
#   print-tools  print the bin/ directory of the tool venv (cmake, swig, the TBB it builds with)
#
# The source is the upstream tarball of Debian sid's source package `insighttoolkit5` 5.4.7
# (ITK's v5.4.7 tag plus .ExternalData/), downloaded with apt-get through a private source list
# and state directory: the machine's apt configuration is not changed. Debian's patches are not
# applied (we want the ITK that PyPI's wheels are). ITK is configured like PyPI's `itk` 5.4.7
# wheels (static libraries, TBB, the wheels' wrapped types and dimensions) so that the module's
# Python extension shares itk-core's singletons, and the same tree serves the C++ tests and CLI.
#
# Everything lives outside the repository in ${PARALLELSERIES_CACHE:-$HOME/.cache/itk-parallelseries}:
# the tool venv in tools/, the tree in itk-<version>-<key>/, where <key> hashes the configure
# options: change them and a new tree is built. An interrupted build resumes where it stopped
# (ninja is incremental); a finished one is reused.
set -euo pipefail

mode=${1:-build}

ITK_VERSION=5.4.7
DEB_SOURCE=insighttoolkit5
DEB_SUITE=sid
CACHE_ROOT=${PARALLELSERIES_CACHE:-$HOME/.cache/itk-parallelseries}
TOOLS="$CACHE_ROOT/tools"
# The versions PyPI's itk 5.4.7 wheels were built with (tbb-devel: oneTBB 2021.9.0).
TOOL_PINS=("cmake==3.29.*" "swig==4.3.0" "tbb-devel==2021.9.0" "ninja")

log() { echo "[build-itk] $*" >&2; }

# The modules the library, its tests and the CLI use (ITKGroup_Core is off: it would pull in
# every IO module). The wrapping only needs the SWIG inputs of the first five (see SWIG_TARGETS).
itk_options() {
  cat << EOF
-DCMAKE_BUILD_TYPE=Release
-DBUILD_SHARED_LIBS=OFF
-DBUILD_TESTING=OFF
-DBUILD_EXAMPLES=OFF
-DITK_FORBID_DOWNLOADS=ON
-DITK_BUILD_DEFAULT_MODULES=OFF
-DITKGroup_Core=OFF
-DModule_ITKIOGDCM=ON
-DModule_ITKImageGrid=ON
-DModule_ITKImageStatistics=ON
-DModule_ITKTBB=ON
-DModule_ITKTestKernel=ON
-DModule_ITKIONRRD=ON
-DModule_ITKIONIFTI=ON
-DModule_ITKIOTIFF=ON
-DModule_ITKIOMeta=ON
-DITK_USE_SYSTEM_GDCM=OFF
-DITK_WRAP_PYTHON=ON
-DITK_WRAP_unsigned_short=ON
-DITK_WRAP_double=ON
-DITK_WRAP_complex_double=ON
-DITK_WRAP_IMAGE_DIMS=2;3;4
-DITK_LEGACY_SILENT=ON
-DWRAP_ITK_INSTALL_COMPONENT_IDENTIFIER=PythonWheel
-DWRAP_ITK_INSTALL_COMPONENT_PER_MODULE=ON
-DPY_SITE_PACKAGES_PATH=.
-DITK_USE_SYSTEM_SWIG=ON
-DITK_USE_SYSTEM_CASTXML=ON
EOF
}
SWIG_TARGETS="ITKCommonSwig ITKIOImageBaseSwig ITKIOGDCMSwig ITKImageGridSwig ITKImageStatisticsSwig"

cache_key() {
  { echo "$ITK_VERSION"; itk_options; } | sha1sum | cut -c1-10
}

TREE="$CACHE_ROOT/itk-$ITK_VERSION-$(cache_key)"
SRC="$CACHE_ROOT/itk-$ITK_VERSION-src"
BLD="$TREE/build"

case "$mode" in
  print-dir) echo "$BLD"; exit 0 ;;
  print-src) echo "$SRC"; exit 0 ;;
  print-tools) echo "$TOOLS/bin"; exit 0 ;;
esac

install_deps() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  local need=()
  for p in ninja-build g++ python3-dev castxml libtiff-dev libdeflate-dev xz-utils patchelf rsync; do
    dpkg -s "$p" > /dev/null 2>&1 || need+=("$p")
  done
  if [ ${#need[@]} -gt 0 ]; then
    log "installing: ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" > /dev/null
  fi
  # Debian 12's cmake 3.25 and swig 4.1 are too old for ITK 5.4's stable-ABI wrapping.
  if [ ! -x "$TOOLS/bin/swig" ] || [ ! -f "$TOOLS/.pins" ] || [ "$(cat "$TOOLS/.pins")" != "${TOOL_PINS[*]}" ]; then
    log "installing ${TOOL_PINS[*]} into $TOOLS"
    python3 -m venv "$TOOLS"
    "$TOOLS/bin/pip" install -q "${TOOL_PINS[@]}"
    echo "${TOOL_PINS[*]}" > "$TOOLS/.pins"
  fi
  # tbb-devel's TBBConfig.cmake looks for its libraries in lib/intel64/gcc4.8.
  mkdir -p "$TOOLS/lib/intel64"
  [ -e "$TOOLS/lib/intel64/gcc4.8" ] || ln -s .. "$TOOLS/lib/intel64/gcc4.8"
}

fetch_source() {
  [ -f "$SRC/.parallelseries-unpacked" ] && return 0
  local dl="$CACHE_ROOT/downloads" apt="$CACHE_ROOT/apt-$DEB_SUITE"
  mkdir -p "$dl" "$apt/lists/partial"
  local orig="$dl/${DEB_SOURCE}_${ITK_VERSION}.orig.tar.xz"
  if [ ! -f "$orig" ]; then
    log "downloading Debian $DEB_SUITE's source package $DEB_SOURCE $ITK_VERSION (private apt state)"
    echo "deb-src http://deb.debian.org/debian $DEB_SUITE main" > "$apt/sources.list"
    local o=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent
      -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache")
    apt-get "${o[@]}" update -qq 2>&1 | grep -v unsandboxed || true
    local ver
    ver=$(apt-cache "${o[@]}" showsrc "$DEB_SOURCE" | awk '/^Version:/ {print $2}' | grep "^$ITK_VERSION-" | sort -V | tail -n 1)
    [ -n "$ver" ] || {
      log "Debian $DEB_SUITE no longer has $DEB_SOURCE $ITK_VERSION (it has: $(apt-cache "${o[@]}" showsrc "$DEB_SOURCE" | awk '/^Version:/ {print $2}' | xargs))"
      exit 1
    }
    (cd "$dl" && apt-get "${o[@]}" source --download-only -qq "$DEB_SOURCE=$ver" 2>&1 | grep -v unsandboxed || true)
    [ -f "$orig" ] || { log "download of $orig failed"; exit 1; }
  fi
  log "unpacking $(basename "$orig")"
  rm -rf "$SRC" "$SRC.tmp"
  mkdir -p "$SRC.tmp"
  tar xf "$orig" -C "$SRC.tmp"
  mv "$SRC.tmp"/InsightToolkit-"$ITK_VERSION" "$SRC"
  rmdir "$SRC.tmp"
  touch "$SRC/.parallelseries-unpacked"
}

configure() {
  [ -f "$BLD/build.ninja" ] && [ -f "$BLD/ITKConfig.cmake" ] && return 0
  mkdir -p "$BLD"
  local py=/usr/bin/python3
  [ -x "$py" ] || py=$(command -v python3)
  log "configuring ITK in $BLD"
  local opts=()
  while IFS= read -r o; do opts+=("$o"); done < <(itk_options)
  PATH="$TOOLS/bin:$PATH" "$TOOLS/bin/cmake" -S "$SRC" -B "$BLD" -G Ninja "${opts[@]}" \
    -DCMAKE_MAKE_PROGRAM="$TOOLS/bin/ninja" \
    -DSWIG_EXECUTABLE="$TOOLS/bin/swig" \
    -DTBB_DIR="$TOOLS/lib/cmake/tbb" \
    -DPython3_EXECUTABLE="$py" \
    -DExternalData_OBJECT_STORES="$SRC/.ExternalData" > "$BLD/configure.log" 2>&1 ||
    {
      tail -n 40 "$BLD/configure.log" >&2
      exit 1
    }
}

# build_targets MARKER DESCRIPTION TARGETS...: ninja the targets once (MARKER records it).
build_targets() {
  local marker=$1 what=$2
  shift 2
  [ -f "$BLD/$marker" ] && return 0
  log "building ITK: $what (log: $BLD/build.log)"
  "$TOOLS/bin/ninja" -C "$BLD" "$@" >> "$BLD/build.log" 2>&1 || {
    grep -E 'FAILED|error' "$BLD/build.log" | head -n 40 >&2
    tail -n 40 "$BLD/build.log" >&2
    exit 1
  }
  touch "$BLD/$marker"
}

build() {
  local libs
  # shellcheck disable=SC2207
  libs=($("$TOOLS/bin/ninja" -C "$BLD" -t targets all | cut -d: -f1 | grep -E '^lib/lib[^/]+\.a$' || true))
  build_targets .parallelseries-libs-done "${#libs[@]} static libraries" "${libs[@]}"
  [ "$mode" = libs ] && return 0
  # shellcheck disable=SC2086
  build_targets .parallelseries-done "the SWIG inputs of $SWIG_TARGETS" $SWIG_TARGETS
}

install_deps
[ "$mode" = deps ] && exit 0
fetch_source
[ "$mode" = fetch ] && exit 0
case "$mode" in
  libs | build) ;;
  *) log "unknown mode $mode"; exit 2 ;;
esac
configure
build
echo "$BLD"
