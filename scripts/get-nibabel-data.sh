#!/usr/bin/env bash
# nibabel's Siemens mosaic test files, the data of the mosaic tests (itkParallelSeriesMosaicNibabelTest,
# ParallelSeriesCLIMosaic*): nibabel's PyPI wheel ships them under nibabel/nicom/tests/data/. The
# wheel is downloaded once with pip (its SHA-256 checked), and the files are extracted and
# gunzipped into ${PARALLELSERIES_CACHE:-$HOME/.cache/itk-parallelseries}/nibabel-<version>-data,
# outside the repository. Prints that directory on its last line; exits 1 (printing nothing on
# stdout) when the wheel cannot be had (offline): the tests are then not registered.
#   bash scripts/get-nibabel-data.sh
set -euo pipefail
VERSION=5.4.2
WHEEL=nibabel-$VERSION-py3-none-any.whl
SHA256=553482c5f1e1034fc312edf6fb7f32236c0056439845d1c29293b7e8c98d4854
FILES="siemens_dwi_0.dcm.gz siemens_dwi_1000.dcm.gz csa_slice_norm.dcm 0.dcm 1.dcm"
CACHE_ROOT=${PARALLELSERIES_CACHE:-$HOME/.cache/itk-parallelseries}
DATA="$CACHE_ROOT/nibabel-$VERSION-data"
log() { echo "[nibabel-data] $*" >&2; }

if [ -f "$DATA/.complete" ]; then
  echo "$DATA"
  exit 0
fi
dl="$CACHE_ROOT/downloads"
mkdir -p "$dl"
if [ ! -f "$dl/$WHEEL" ] || ! echo "$SHA256  $dl/$WHEEL" | sha256sum -c --status; then
  # pip from a throwaway virtual environment (Debian's python3 has no pip of its own).
  venv=$(mktemp -d)
  trap 'rm -rf "$venv"' EXIT
  python3 -m venv "$venv/pip" >&2 || { log "python3 -m venv failed"; exit 1; }
  echo "nibabel==$VERSION --hash=sha256:$SHA256" > "$venv/requirements.txt"
  log "pip download nibabel==$VERSION (wheel only, no dependencies)"
  "$venv/pip/bin/pip" download -q --disable-pip-version-check --no-deps --only-binary=:all: \
    --require-hashes -r "$venv/requirements.txt" -d "$dl" >&2 || { log "pip download failed"; exit 1; }
fi
echo "$SHA256  $dl/$WHEEL" | sha256sum -c --status || { log "$WHEEL: SHA-256 mismatch"; exit 1; }
tmp="$DATA.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
python3 - "$dl/$WHEEL" "$tmp" $FILES << 'PY'
import gzip, os, shutil, sys, zipfile
wheel, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(wheel) as z:
    for name in names:
        data = z.read("nibabel/nicom/tests/data/" + name)
        if name.endswith(".gz"):
            name, data = name[:-3], gzip.decompress(data)
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
PY
touch "$tmp/.complete"
rm -rf "$DATA"
mv "$tmp" "$DATA"
log "$DATA"
echo "$DATA"
