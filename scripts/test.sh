#!/usr/bin/env bash
# The test command (what CI's .ci/run runs). Builds everything that is missing — ITK 5.4.7 on
# first use (~15 min on 2 cores, then cached), the module's C++ part, the wheel — installs the
# wheel into a fresh virtual environment next to PyPI's itk==5.4.7, and runs every C++ and
# Python test with ctest.
#   bash scripts/test.sh [ctest arguments...]
# PARALLELSERIES_SKIP_PYTHON=1: C++ only (no wheel, no venv).
# The dcm2niix oracle tests (test/OracleTests.cmake) run with the python of a cached venv holding
# NumPy, nibabel, pydicom and PyPI's dcm2niix (scripts/make-oracle-venv.sh, outside the
# repository); PARALLELSERIES_SKIP_ORACLE=1 leaves them out.
# The dicom-preprocessing oracle lane (test/DicomPreprocessingOracleTests.cmake) is a documented
# lane, not part of CI: PARALLELSERIES_DICOM_PREPROCESSING_ORACLE=1 runs it when the peer was
# built before (benchmark/peers/build-dicom-preprocessing.sh, 30+ min: never built here); its bin
# directory is exported as DICOM_PREPROCESSING_BIN, else those tests skip.
# PARALLELSERIES_NIBABEL_DATA: nibabel's test files for the Siemens mosaic tests (default: fetched
# and cached by scripts/get-nibabel-data.sh; empty: those tests are left out).
set -euo pipefail
if [ "${PARALLELSERIES_SKIP_ORACLE:-0}" != 1 ]; then
  PARALLELSERIES_ORACLE_PYTHON=$(bash "$(dirname "${BASH_SOURCE[0]}")/make-oracle-venv.sh" | tail -n 1)
  export PARALLELSERIES_ORACLE_PYTHON
fi
# nibabel's Siemens mosaic files (from its PyPI wheel, cached): the mosaic tests' data. Offline,
# those tests are left out (and said so). PARALLELSERIES_NIBABEL_DATA="": leave them out.
if [ -z "${PARALLELSERIES_NIBABEL_DATA+set}" ]; then
  PARALLELSERIES_NIBABEL_DATA=$(bash "$(dirname "${BASH_SOURCE[0]}")/get-nibabel-data.sh" | tail -n 1) ||
    { echo "[test] nibabel's mosaic files unavailable: the mosaic tests are left out" >&2; PARALLELSERIES_NIBABEL_DATA=; }
fi
export PARALLELSERIES_NIBABEL_DATA
if [ "${PARALLELSERIES_DICOM_PREPROCESSING_ORACLE:-0}" != 1 ]; then
  DICOM_PREPROCESSING_BIN=
elif [ -z "${DICOM_PREPROCESSING_BIN:-}" ]; then
  DICOM_PREPROCESSING_BIN=$(bash "$(dirname "${BASH_SOURCE[0]}")/../benchmark/peers/build-dicom-preprocessing.sh" --cached 2> /dev/null |
    tail -n 1) || DICOM_PREPROCESSING_BIN=
fi
if [ -n "$DICOM_PREPROCESSING_BIN" ]; then
  export DICOM_PREPROCESSING_BIN
else
  echo "[test] dicom-preprocessing oracle lane not asked for or peer not built: it is skipped" >&2
fi
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ "${PARALLELSERIES_SKIP_PYTHON:-0}" != 1 ]; then
  bash "$ROOT/scripts/build-wheel.sh"
  PARALLELSERIES_PYTHON=$(bash "$ROOT/scripts/make-venv.sh" | tail -n 1)
  export PARALLELSERIES_PYTHON
  ps_configure
  PARALLELSERIES_TARGETS= ps_build
fi
cd "$BUILD_DIR"
ctest --output-on-failure "$@"
