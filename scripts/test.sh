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
set -euo pipefail
if [ "${PARALLELSERIES_SKIP_ORACLE:-0}" != 1 ]; then
  PARALLELSERIES_ORACLE_PYTHON=$(bash "$(dirname "${BASH_SOURCE[0]}")/make-oracle-venv.sh" | tail -n 1)
  export PARALLELSERIES_ORACLE_PYTHON
fi
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ "${PARALLELSERIES_SKIP_PYTHON:-0}" != 1 ]; then
  bash "$ROOT/scripts/build-wheel.sh"
  PARALLELSERIES_PYTHON=$(bash "$ROOT/scripts/make-venv.sh" | tail -n 1)
  export PARALLELSERIES_PYTHON
  ps_configure
  cmake --build "$BUILD_DIR" -- -j"$(nproc)"
fi
cd "$BUILD_DIR"
ctest --output-on-failure "$@"
