#!/usr/bin/env bash
# A fresh virtual environment holding only PyPI packages and the wheel, as a user makes it:
#   pip install itk==5.4.7 "dist/itk_parallelseries-*.whl[dask]"
# (the [dask] extra: dask[distributed], for itk_parallelseries.dask and its test)
# Prints the environment's python on its last line.
#   bash scripts/make-venv.sh [VENV]      (default: $PARALLELSERIES_BUILD_DIR/venv, recreated)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${PARALLELSERIES_BUILD_DIR:-$ROOT/build}
VENV=${1:-$BUILD_DIR/venv}
WHEEL_DIR=${PARALLELSERIES_WHEEL_DIR:-$ROOT/dist}
ITK_PIN=${PARALLELSERIES_ITK_PIN:-itk==5.4.7}
whl=$(ls "$WHEEL_DIR"/itk_parallelseries-*.whl 2> /dev/null | tail -n 1 || true)
[ -n "$whl" ] || { echo "make-venv: no wheel in $WHEEL_DIR (run scripts/build-wheel.sh)" >&2; exit 1; }
rm -rf "$VENV"
python3 -m venv "$VENV"
echo "[make-venv] $VENV: pip install $ITK_PIN $(basename "$whl")[dask]" >&2
"$VENV/bin/pip" install -q --disable-pip-version-check "$ITK_PIN" "$whl[dask]" >&2
echo "$VENV/bin/python"
