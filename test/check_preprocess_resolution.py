#!/usr/bin/env python3
"""ParallelSeriesCLIPreprocessResolution: the TIFF resolution `parallel-series preprocess` writes,
as dicom-preprocessing 0.1.2 does (metadata/resolution.rs: PixelSpacing parsed with Rust's
f32::parse, pixels per cm truncated; ResolutionUnit none and 1/1 without a spacing).

usage: check_preprocess_resolution.py PARALLEL_SERIES GE_MR_FILE WORK

GE_MR_FILE: ITK's DicomSeries/Image0075.dcm, whose PixelSpacing is "  0.85939\\0.859375": Rust's
parse rejects the leading spaces, so the peer (checked in the oracle lane) writes no resolution.
pydicom's CT_small.dcm (PixelSpacing 0.661468\\0.661468): 10 / 0.661468 = 15.1, 15 pixels per cm.
"""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dicom_preprocessing_oracle as oracle  # noqa: E402


def main():
    cli, ge, work = sys.argv[1:4]
    import pydicom.data
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    cases = [(ge, {"x": (1.0,), "y": (1.0,), "unit": (1,)}),
             (pydicom.data.get_testdata_file("CT_small.dcm"), {"x": (15.0,), "y": (15.0,), "unit": (3,)})]
    failures = 0
    for k, (source, expected) in enumerate(cases):
        out = os.path.join(work, "%d.tiff" % k)
        r = subprocess.run([cli, "preprocess", source, out], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        got = oracle.read_output(out)[0]["res"] if r.returncode == 0 else "exit %d: %s" % (r.returncode, r.stdout)
        status = "ok" if got == expected else "FAIL"
        failures += status != "ok"
        print("%s %s: resolution %s, expected %s" % (status, os.path.basename(source), got, expected))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
