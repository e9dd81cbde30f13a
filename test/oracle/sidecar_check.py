#!/usr/bin/env python3
"""The JSON sidecars of `parallel-series convert` against pydicom and dcm2niix (issue 15, item 3).

    python sidecar_check.py --cli PARALLEL_SERIES --work DIR [--dcm2niix DCM2NIIX]
        (--source pydicom | --dicom DIR) [--min-sidecars N] [--perturb milliseconds|invented]

1. converts the DICOM directory (pydicom's bundled test files, or DIR) with
   `parallel-series convert DIR OUT --format nii` (exit code 0 or 1: a file that fails is
   not a sidecar's problem);
2. reads every DICOM file of the directory with pydicom and groups them by SeriesInstanceUID;
3. for every sidecar, for every key of the sidecar's BIDS mapping (KEYS below): when no file of
   its series has the attribute, the key must be absent (never made up); when all files have one
   value, the sidecar must hold it (BIDS units: RepetitionTime and EchoTime in seconds); when
   the files differ, the sidecar's value must be one of theirs;
4. with --dcm2niix, also runs `dcm2niix -b y -z n -f %s_%j` and, for every series that both
   tools wrote as one file, compares the shared keys (SHARED below) of the two JSON files.
Exits 1 on any difference, printing each.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

import warnings

import pydicom

warnings.simplefilter("ignore")  # pydicom's notes on odd files

# sidecar key -> (DICOM keyword, conversion of one pydicom value)
def _number(v):
    return float(v)


def _seconds(v):
    return float(v) / 1000.0


def _integer(v):
    return int(v)


def _text(v):
    return str(v).strip()


def _time(v):
    """TM as dcm2niix writes it: hh:mm:ss.ffffff."""
    s = str(v).strip().replace(":", "")
    whole, _, frac = s.partition(".")
    whole = whole.ljust(6, "0")
    return "%s:%s:%s.%s" % (whole[0:2], whole[2:4], whole[4:6], frac.ljust(6, "0")[:6])


def _list(v):
    if isinstance(v, (list, pydicom.multival.MultiValue)):
        return [str(x).strip() for x in v]
    return [str(v).strip()]


def _first(v):
    if isinstance(v, (list, pydicom.multival.MultiValue)):
        return v[0] if len(v) else None
    return v


KEYS = {
    "Modality": ("Modality", _text),
    "Manufacturer": ("Manufacturer", _text),
    "ManufacturersModelName": ("ManufacturerModelName", _text),
    "MagneticFieldStrength": ("MagneticFieldStrength", _number),
    "RepetitionTime": ("RepetitionTime", _seconds),
    "EchoTime": ("EchoTime", _seconds),
    "FlipAngle": ("FlipAngle", _number),
    "SliceThickness": ("SliceThickness", _number),
    "SpacingBetweenSlices": ("SpacingBetweenSlices", _number),
    "SeriesDescription": ("SeriesDescription", _text),
    "ProtocolName": ("ProtocolName", _text),
    "SeriesNumber": ("SeriesNumber", _integer),
    "AcquisitionTime": ("AcquisitionTime", _time),
    "ImageType": ("ImageType", _list),
    "SeriesInstanceUID": ("SeriesInstanceUID", _text),
    "StudyInstanceUID": ("StudyInstanceUID", _text),
}
# Keys whose values dcm2niix (v1.0.20260724) writes as the DICOM holds them, numbers to float32
# precision (relative 1e-6). Left out, with what dcm2niix does to them on pydicom's files:
# Manufacturer (rewritten, "GE MEDICAL SYSTEMS" -> "GE"), SliceThickness (absent for single
# slices), ImageType (empty values dropped, MAGNITUDE appended, trailing spaces kept),
# SeriesNumber (a series number 0 replaced), AcquisitionTime (another file's, rounded),
# ManufacturersModelName (trailing spaces kept; on ITK's multi-frame files, a value from a nested
# sequence: the converting software's name).
SHARED = ["Modality", "MagneticFieldStrength", "RepetitionTime", "EchoTime", "FlipAngle", "SeriesDescription",
          "ProtocolName"]


def same(a, b, tolerance=1e-9):
    if isinstance(a, float) or isinstance(b, float):
        try:
            return abs(float(a) - float(b)) <= tolerance * max(1.0, abs(float(b)))
        except (TypeError, ValueError):
            return False
    return a == b


def dicom_values(paths, keyword, convert):
    """The converted values of `keyword` in the files (None for a file without it / empty)."""
    values = []
    for ds in paths:
        v = ds.get(keyword)
        if v is None or v == "" or (isinstance(v, (list, pydicom.multival.MultiValue)) and len(v) == 0):
            values.append(None)
            continue
        if convert is not _list:
            v = _first(v)
        try:
            values.append(convert(v))
        except (TypeError, ValueError):
            values.append(None)
    return values


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cli", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--dcm2niix")
    p.add_argument("--source", choices=["pydicom"])
    p.add_argument("--dicom")
    p.add_argument("--min-sidecars", type=int, default=1)
    p.add_argument("--perturb", choices=["milliseconds", "invented"],
                   help="self-test: corrupt our sidecars first (TR in ms; a FlipAngle where none is); "
                        "the check must then fail")
    a = p.parse_args()
    if a.source == "pydicom":
        from pydicom.data import get_testdata_file
        src = os.path.dirname(get_testdata_file("CT_small.dcm", download=False))
    else:
        src = a.dicom
    out = os.path.join(a.work, "ours")
    os.makedirs(a.work, exist_ok=True)
    for f in glob.glob(os.path.join(out, "*")):
        os.remove(f)
    r = subprocess.run([a.cli, "convert", src, out, "--format", "nii"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode not in (0, 1):
        print(r.stderr)
        print("parallel-series failed with exit code %d" % r.returncode)
        return 1

    series = {}
    for root, _, files in os.walk(src):
        for name in files:
            try:
                ds = pydicom.dcmread(os.path.join(root, name), stop_before_pixels=True, force=True)
            except Exception:  # not DICOM
                continue
            uid = str(ds.get("SeriesInstanceUID", "")).strip()
            if uid:
                series.setdefault(uid, []).append(ds)

    problems = []
    sidecars = sorted(glob.glob(os.path.join(out, "*.json")))
    if a.perturb:
        for path in sidecars:
            with open(path) as f:
                sidecar = json.load(f)
            if a.perturb == "milliseconds" and "RepetitionTime" in sidecar:
                sidecar["RepetitionTime"] *= 1000.0
            if a.perturb == "invented" and "FlipAngle" not in sidecar:
                sidecar["FlipAngle"] = 90
            with open(path, "w") as f:
                json.dump(sidecar, f)
    checked = 0
    without_uid = 0
    ours_by_uid = {}
    for path in sidecars:
        with open(path) as f:
            sidecar = json.load(f)
        if sidecar.get("ConversionSoftware") != "parallel-series" or not sidecar.get("ConversionSoftwareVersion"):
            problems.append("%s: no ConversionSoftware / ConversionSoftwareVersion" % path)
        uid = sidecar.get("SeriesInstanceUID")
        if uid is None:
            without_uid += 1  # files without SeriesInstanceUID: nothing to group them by
            continue
        if uid not in series:
            problems.append("%s: SeriesInstanceUID %r is not one of the directory's series" % (path, uid))
            continue
        ours_by_uid.setdefault(uid, []).append(sidecar)
        files = series[uid]
        checked += 1
        for key, (keyword, convert) in KEYS.items():
            values = dicom_values(files, keyword, convert)
            present = [v for v in values if v is not None]
            if not present:
                if key in sidecar:
                    problems.append("%s: %s = %r, but no file of the series has %s" % (path, key, sidecar[key], keyword))
                continue
            if key not in sidecar:
                # Omitted only when the sidecar's file lacks it: fine only if some file does.
                if len(present) == len(values):
                    problems.append("%s: %s missing, every file of the series has %s = %r" % (path, key, keyword, present[0]))
                continue
            distinct = []
            for v in present:
                if not any(same(v, d) for d in distinct):
                    distinct.append(v)
            if not any(same(sidecar[key], d) for d in distinct):
                problems.append("%s: %s = %r, the files have %r" % (path, key, sidecar[key], distinct))
    print("%d sidecars checked against pydicom (%d series in the directory; %d sidecars without "
          "SeriesInstanceUID not checked)" % (checked, len(series), without_uid))
    if checked < a.min_sidecars:
        problems.append("only %d sidecars (expected at least %d)" % (checked, a.min_sidecars))

    if a.dcm2niix:
        theirs = os.path.join(a.work, "dcm2niix")
        os.makedirs(theirs, exist_ok=True)
        for f in glob.glob(os.path.join(theirs, "*")):
            os.remove(f)
        subprocess.run([a.dcm2niix, "-b", "y", "-z", "n", "-f", "%s_%j", "-o", theirs, src],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        theirs_by_uid = {}
        for path in glob.glob(os.path.join(theirs, "*.json")):
            m = re.match(r"^-?\d+_([0-9.]+?)\.?(?:[a-z]|_.*)?\.json$", os.path.basename(path))
            if m:
                with open(path) as f:
                    theirs_by_uid.setdefault(m.group(1).rstrip("."), []).append(json.load(f))
        compared = 0
        for uid, ours in ours_by_uid.items():
            if len(ours) != 1 or len(theirs_by_uid.get(uid, [])) != 1:
                continue
            compared += 1
            mine, other = ours[0], theirs_by_uid[uid][0]
            for key in SHARED:
                if key in mine and key in other and not same(mine[key], other[key], 1e-6):
                    problems.append("series %s: %s = %r, dcm2niix %r" % (uid, key, mine[key], other[key]))
        print("%d series compared with dcm2niix's JSON" % compared)

    for line in problems:
        print("DIFFERENCE: " + line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
