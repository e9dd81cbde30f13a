#!/usr/bin/env python3
"""ParallelSeriesCLIPreprocessProjection: `parallel-series preprocess -v max-intensity` projects
the display values of every frame (VOILUTImageFilter with MaximumIntensityProjection: the mapped
frames are never kept), and must give what projecting the mapped frames gives: its one page equals
the pixel-wise maximum of the pages `-v keep` writes for the same file (each frame mapped with its
own display mapping), and the manifest rows agree (the input's size and spacing) but for the output's frame count.

usage: check_preprocess_projection.py PARALLEL_SERIES WORK

Inputs, written here with the oracle's generator (test/dicom_preprocessing_oracle.py:write_dbt):
a DBT-like file of 6 frames of 12-bit 96 x 80 (its frames differ), without a window (each frame
its own min-max window, the peer's fallback) and with --window.
"""
import csv
import os
import shutil
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dicom_preprocessing_oracle as oracle  # noqa: E402


def preprocess(cli, source, out, *options):
    r = subprocess.run([cli, "preprocess", source, out, "--manifest", out + ".csv"] + list(options),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        raise AssertionError("preprocess %s %s: exit %d\n%s" % (source, options, r.returncode, r.stdout))
    with open(out + ".csv") as f:
        rows = list(csv.DictReader(f))
    return [p["pixels"] for p in oracle.read_output(out)], rows[0]


def main():
    cli, work = sys.argv[1:3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    failures = 0
    dbt = os.path.join(work, "dbt.dcm")
    oracle.write_dbt(dbt, "projection/1/1", 80, 96, 6, "R", ("A", "L"))
    cases = [("min-max window per frame", []), ("--window 1500,1200", ["--window", "1500,1200"])]
    for name, options in cases:
        keep, keep_row = preprocess(cli, dbt, os.path.join(work, "keep.tiff"), *options)
        mip, mip_row = preprocess(cli, dbt, os.path.join(work, "mip.tiff"), "-v", "max-intensity", *options)
        problems = []
        if len(keep) != 6 or len(mip) != 1:
            problems.append("%d kept pages, %d projected" % (len(keep), len(mip)))
        elif not np.array_equal(mip[0], np.max(np.stack(keep), axis=0)):
            diff = mip[0].astype(np.int64) - np.max(np.stack(keep), axis=0)
            problems.append("projection differs from the maximum of the kept pages at %d pixels (max %d)" % (
                int((diff != 0).sum()), int(np.abs(diff).max())))
        for column in ("size_x", "size_y", "size_z", "spacing_x", "spacing_y", "spacing_z", "study_instance_uid",
                       "series_instance_uid", "status"):
            if keep_row.get(column) != mip_row.get(column):
                problems.append("manifest %s: %s, -v keep %s" % (column, mip_row.get(column), keep_row.get(column)))
        if (keep_row.get("num_frames"), mip_row.get("num_frames")) != ("6", "1"):
            problems.append("manifest num_frames (the output's): %s and %s, expected 6 and 1" % (
                keep_row.get("num_frames"), mip_row.get("num_frames")))
        failures += bool(problems)
        print("%s %s: %s" % ("FAIL" if problems else "ok", name, "; ".join(problems) or "projection = max of pages"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
