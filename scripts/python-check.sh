#!/usr/bin/env bash
# End-to-end check of the Python package (wrapping/README-python.md, "pip install against an
# ITK build tree"):
#   (a) creates a fresh virtual environment in a temporary directory;
#   (b) makes `import itk` there give our ITK build tree (python/link_itk_build_tree.py);
#   (c) runs `pip install .` of a copy of this repository (ITK_DIR set: built against the ITK
#       build tree, no `itk` wheels from PyPI);
#   (d) imports itk, checks that ParallelSeries comes from the installed package, and reads a
#       small generated multi-series DICOM directory with itk.ParallelSeriesReader and
#       itk.read_dicom_directory, comparing with stock ITK (ImageSeriesReader + GDCMImageIO).
# Exits non-zero on any failure. Network: only PyPI (build requirements: scikit-build, cmake,
# ninja, setuptools, wheel; and numpy for the environment), cached by pip after the first run.
#
#   scripts/python-check.sh            # ITK_DIR from the environment, else .ci/build-itk.sh
#
# Environment: ITK_DIR (ITK build tree with Python wrapping), PYTHON (interpreter for the venv,
# default: the Python3_EXECUTABLE of ITK's CMakeCache.txt, else python3), PYTHON_CHECK_KEEP=1 (keep the temporary
# directory), PYTHON_CHECK_TMPDIR (parent of the temporary directory).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ -z "${ITK_DIR:-}" ]; then
  ITK_DIR=$(bash "$ROOT/.ci/build-itk.sh" print-dir)
fi
if [ ! -f "$ITK_DIR/Wrapping/Generators/Python/itk/__init__.py" ]; then
  echo "python-check: $ITK_DIR has no Python wrapping (configure ITK with ITK_WRAP_PYTHON=ON and build it)" >&2
  exit 1
fi
export ITK_DIR
# Default interpreter: the one ITK was wrapped for (recorded in its CMakeCache.txt).
if [ -z "${PYTHON:-}" ]; then
  PYTHON=$(sed -n 's/^Python3_EXECUTABLE:[A-Z]*=//p' "$ITK_DIR/CMakeCache.txt" 2>/dev/null | head -n 1)
  [ -x "$PYTHON" ] || PYTHON=python3
fi

TMP=$(mktemp -d "${PYTHON_CHECK_TMPDIR:-${TMPDIR:-/tmp}}/parallelseries-python-check.XXXXXX")
cleanup() {
  if [ "${PYTHON_CHECK_KEEP:-0}" = 1 ]; then
    echo "python-check: kept $TMP"
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT

step() { echo "=== python-check: $*"; }

# (a) fresh virtual environment, with the NumPy version of the interpreter ITK was built with
# (ITK 5.2's Python code predates NumPy 1.24/2.0).
step "creating a virtual environment in $TMP/venv"
"$PYTHON" -m venv "$TMP/venv"
VPY="$TMP/venv/bin/python"
NUMPY_VERSION=$("$PYTHON" -c 'import numpy; print(numpy.__version__)' 2>/dev/null || echo "1.26.4")
"$VPY" -m pip install --quiet "numpy==$NUMPY_VERSION"

# (b) `import itk` -> the ITK build tree
step "linking the ITK build tree $ITK_DIR into the environment"
"$VPY" "$ROOT/python/link_itk_build_tree.py" "$ITK_DIR"
"$VPY" - <<'EOF'
import itk, itkConfig
print("itk", itk.__version__, "from", itkConfig.path)
image = itk.image_from_array(__import__("numpy").zeros((2, 3), "uint8"))
assert tuple(image.GetLargestPossibleRegion().GetSize()) == (3, 2)
EOF

# (c) pip install . (of a copy of the repository: tracked and untracked-but-not-ignored files,
# so that the checkout is not written to and no stale build directory is picked up)
step "pip install . (ITK_DIR=$ITK_DIR)"
mkdir -p "$TMP/src"
if git -C "$ROOT" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
  (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
    tar --null --ignore-failed-read -T - -cf - 2> /dev/null) | tar -C "$TMP/src" -xf -
else
  tar -C "$ROOT" --exclude='./build*' --exclude=./_skbuild -cf - . | tar -C "$TMP/src" -xf -
fi
if ! "$VPY" -m pip install -v "$TMP/src" > "$TMP/pip-install.log" 2>&1; then
  tail -n 60 "$TMP/pip-install.log" >&2
  echo "python-check: pip install failed (log: $TMP/pip-install.log)" >&2
  PYTHON_CHECK_KEEP=1
  exit 1
fi
grep -E "^Successfully installed" "$TMP/pip-install.log" || true
"$VPY" -m pip show --files itk-parallelseries | sed -n '1,40p'

# (d) use it
step "reading a generated DICOM directory with the installed package"
cd "$TMP"
PYTHONPATH="$ROOT/wrapping/test" "$VPY" - "$TMP/dicom" <<'EOF'
import os
import sys
import sysconfig

import numpy as np
import itk

import ParallelSeriesTestData

import importlib

site = os.path.realpath(sysconfig.get_paths()["purelib"])
print("itk.ParallelGDCMSeriesFileNames:", itk.ParallelGDCMSeriesFileNames)
extension = os.path.realpath(importlib.import_module("itk._ParallelSeriesPython").__file__)
print("ParallelSeries extension:", extension)
if not extension.startswith(site + os.sep):
    sys.exit("itk.ParallelSeries does not come from the installed package (%s)" % extension)

root = sys.argv[1]
generated = ParallelSeriesTestData.generate(root)
by_uid = {s.uid: s for s in generated}

scanner = itk.ParallelGDCMSeriesFileNames.New()
scanner.SetInputDirectory(root)
scanner.SetRecursive(True)
scanner.Update()
print("series:", len(scanner.GetSeriesUIDs()), "skipped files:", len(scanner.GetSkippedFilesAsList()))

reader = itk.ParallelSeriesReader[itk.Image[itk.F, 3]].New()
reader.SetFileNamesSource(scanner)
reader.Update()
errors = 0
expected_volumes = sum(s.volumes for s in generated)
if reader.GetNumberOfVolumes() != expected_volumes:
    print("expected %d volumes, got %d" % (expected_volumes, reader.GetNumberOfVolumes()))
    errors += 1
for i in range(reader.GetNumberOfVolumes()):
    info = reader.GetVolumeInfoAsDict(i)
    image = reader.GetOutput(i)
    array = itk.array_view_from_image(image)
    stock_reader = itk.ImageSeriesReader[itk.Image[itk.F, 3]].New()  # stock ITK, same files
    stock_reader.SetImageIO(itk.GDCMImageIO.New())
    stock_reader.SetFileNames(info["FileNames"])
    stock_reader.Update()
    stock = itk.array_view_from_image(stock_reader.GetOutput())
    same = np.array_equal(array, stock)
    print("  %-45s volume %d: %s %s, spacing %s, same as stock ImageSeriesReader: %s"
          % (info["SeriesIdentifier"], info["VolumeIndex"], array.shape, array.dtype,
             tuple(round(s, 4) for s in image.GetSpacing()), same))
    if info["Failed"] or not same:
        errors += 1

volumes = itk.read_dicom_directory(root)
print("read_dicom_directory: %d volumes, pixel types %s"
      % (len(volumes), sorted(set(m["PixelType"] for m, _ in volumes))))
for metadata, image in volumes:
    s = by_uid[metadata["SeriesInstanceUID"]]
    if not np.array_equal(itk.array_view_from_image(image), s.volume_array(metadata["VolumeIndex"])):
        print("  wrong pixels:", metadata["SeriesIdentifier"], metadata["VolumeIndex"])
        errors += 1
cropped = itk.crop_to_foreground_image_filter(itk.image_from_array(np.pad(np.ones((2, 3), np.float32), 2)))
if tuple(cropped.GetLargestPossibleRegion().GetSize()) != (3, 2):
    print("crop_to_foreground_image_filter: wrong size")
    errors += 1
sys.exit(1 if errors else 0)
EOF
step "OK"
