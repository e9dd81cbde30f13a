#!/usr/bin/env python3
"""`parallel-series scan --ignore-derived / --ignore-localizers` against pydicom (issue 15, item 3).

    python ignore_check.py --cli PARALLEL_SERIES (--source pydicom | --dicom DIR)

The rules (dcm2niix's "-i y", nii_dicom.cpp readDICOMx() and nii_dicom_batch.cpp saveDcm2Nii(),
plus DICOM's LOCALIZER image type; docs/cli.md) evaluated here on pydicom's reading of every
file that the plain scan puts into a series:
  derived:   ImageType has the value DERIVED;
  localizer: ImageType has LOCALIZER; SequenceName is *fl2d1, *tfl2d1 or *fl3d1_ns (or with
             '_'); Manufacturer contains SIEMENS (and SeriesDescription not b1map) and
             SequenceName contains fl2d1 or SeriesDescription / ProtocolName contains AAHScout;
             GE SeriesPlane (0019,xx17 of GEMS_ACQU_01) = 256; or ImageOrientationPatient varies
             (by more than 1e-4) among the files of a SeriesInstanceUID.
The files the scan skips with "ignored: derived" / "ignored: localizer" must be exactly those.
Exits 1 on any difference, and when a rule found no file at all (the check would prove nothing).
"""
import argparse
import json
import os
import subprocess
import sys
import warnings

import pydicom

warnings.simplefilter("ignore")


def scan(cli, src, *options):
    r = subprocess.run([cli, "scan", src, "--json"] + list(options), stdout=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise SystemExit("scan %s exited with %d" % (" ".join(options), r.returncode))
    return json.loads(r.stdout)


def values(v):
    if v is None:
        return []
    if isinstance(v, (list, pydicom.multival.MultiValue)):
        return [str(x).strip() for x in v]
    return [x.strip() for x in str(v).split("\\")]


def localizer(ds):
    image_type = values(ds.get("ImageType"))
    if "LOCALIZER" in image_type:
        return True
    seq = str(ds.get("SequenceName", "") or "").strip()
    if seq in [p + n for p in "*_" for n in ("fl2d1", "tfl2d1", "fl3d1_ns")]:
        return True
    description = str(ds.get("SeriesDescription", "") or "")
    if "SIEMENS" in str(ds.get("Manufacturer", "") or "").upper() and "b1map" not in description:
        if "fl2d1" in seq or "AAHScout" in description or "AAHScout" in str(ds.get("ProtocolName", "") or ""):
            return True
    try:
        block = ds.private_block(0x0019, "GEMS_ACQU_01")
        if int(block[0x17].value) == 256:
            return True
    except (KeyError, ValueError, TypeError):
        pass
    return False


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cli", required=True)
    p.add_argument("--source", choices=["pydicom"])
    p.add_argument("--dicom")
    a = p.parse_args()
    if a.source == "pydicom":
        from pydicom.data import get_testdata_file
        src = os.path.dirname(get_testdata_file("CT_small.dcm", download=False))
    else:
        src = a.dicom

    plain = scan(a.cli, src)
    skipped = {s["file"] for s in plain["skipped_files"]}
    members = []
    for root, _, files in os.walk(src):
        for name in files:
            path = os.path.join(root, name)
            if name.startswith(".") or path in skipped:
                continue
            try:
                members.append((path, pydicom.dcmread(path, stop_before_pixels=True, force=True)))
            except Exception:
                continue
    expected = {"derived": set(), "localizer": set()}
    orientations = {}
    for path, ds in members:
        if "DERIVED" in values(ds.get("ImageType")):
            expected["derived"].add(path)
        if localizer(ds):
            expected["localizer"].add(path)
        iop = ds.get("ImageOrientationPatient")
        uid = str(ds.get("SeriesInstanceUID", "") or "").strip()
        orientations.setdefault(uid, []).append((path, [float(x) for x in iop] if iop else [1, 0, 0, 0, 1, 0]))
    for uid, files in orientations.items():
        first = files[0][1]
        if any(max(abs(c - f) for c, f in zip(cos, first)) > 1e-4 for _, cos in files):
            expected["localizer"].update(path for path, _ in files)

    problems = []
    for kind, option in (("derived", "--ignore-derived"), ("localizer", "--ignore-localizers")):
        result = scan(a.cli, src, option)
        got = {s["file"] for s in result["skipped_files"] if s["reason"].startswith("ignored: " + kind)}
        print("%s: %d files ignored, %d expected (of %d files in series)" % (option, len(got), len(expected[kind]),
                                                                            len(members)))
        for f in sorted(got - expected[kind]):
            problems.append("%s ignored %s, which no rule makes a %s" % (option, f, kind))
        for f in sorted(expected[kind] - got):
            problems.append("%s did not ignore %s (a %s)" % (option, f, kind))
        if not expected[kind]:
            problems.append("no %s file in %s: the check proves nothing" % (kind, src))
    for line in problems:
        print("DIFFERENCE: " + line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
