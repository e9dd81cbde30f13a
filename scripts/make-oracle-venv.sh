#!/usr/bin/env bash
# The oracle's interpreter (test/OracleTests.cmake, test/oracle/): a venv outside the repository
# holding NumPy, nibabel, pydicom (its bundled test files are cases) and PyPI's dcm2niix (Debian 12
# has 1.0.20220720; the oracle's markers are measured with this one). Reused while it has the
# pinned versions; created or completed otherwise (~30 s, about 130 MB).
# Prints the venv's python on its last line (dcm2niix is beside it in bin/).
#   bash scripts/make-oracle-venv.sh [VENV]   (default: ${XDG_CACHE_HOME:-~/.cache}/itk-parallelseries/oracle-venv)
set -euo pipefail
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/itk-parallelseries
VENV=${1:-$CACHE/oracle-venv}
PACKAGES=(numpy "nibabel==5.4.2" "pydicom==3.0.2" "dcm2niix==1.0.20260724")
check() {
  "$VENV/bin/python" - 2> /dev/null << 'PY'
import importlib.metadata as m, numpy  # noqa: F401
assert m.version("nibabel") == "5.4.2" and m.version("pydicom") == "3.0.2"
PY
  [ "$("$VENV/bin/dcm2niix" -v 2> /dev/null | grep -o "v1.0.20260724" | head -n 1)" = v1.0.20260724 ]
}
if ! { [ -x "$VENV/bin/python" ] && check; }; then
  mkdir -p "$(dirname "$VENV")"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  echo "[make-oracle-venv] $VENV: pip install ${PACKAGES[*]}" >&2
  "$VENV/bin/pip" install -q --disable-pip-version-check "${PACKAGES[@]}" >&2
  check || { echo "make-oracle-venv: $VENV lacks the pinned packages after pip install" >&2; exit 1; }
fi
echo "$VENV/bin/python"
