"""pydicom + NumPy peer: read every file, group by SeriesInstanceUID, sort by the position along
the slice normal (ImagePositionPatient projected on the cross product of the two
ImageOrientationPatient directions), stack, apply RescaleSlope/RescaleIntercept as ITK does.

Files pydicom cannot read as DICOM (InvalidDicomError) or without pixel data are skipped. The
stacked volume is int16 when the rescaled values are integers that fit (ITK's choice for the
benchmark's CT data: 12-bit unsigned stored values, intercept -1024), float64 otherwise.
Every volume is kept until the end (as the other peers do).

Prints one line: RESULT {json} (see benchmark/ParallelSeriesBenchmark.cxx for the keys).
Usage: pydicom_peer.py DIR
"""

import json
import os
import sys
import time

import numpy as np
import pydicom
from pydicom.errors import InvalidDicomError


def main():
    root = sys.argv[1]
    t0 = time.perf_counter()
    series = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            try:
                ds = pydicom.dcmread(path)
            except (InvalidDicomError, OSError):
                continue
            if "PixelData" not in ds:
                continue
            series.setdefault(str(ds.get("SeriesInstanceUID", "")), []).append(ds)
    volumes = []
    first = None
    files = 0
    for uid in sorted(series):
        slices = series[uid]
        iop = np.array(slices[0].ImageOrientationPatient, dtype=float)
        normal = np.cross(iop[:3], iop[3:])
        slices.sort(key=lambda d: float(np.dot(normal, np.array(d.ImagePositionPatient, dtype=float))))
        stack = np.stack([d.pixel_array for d in slices])
        slope = float(slices[0].get("RescaleSlope", 1.0))
        intercept = float(slices[0].get("RescaleIntercept", 0.0))
        if slope != 1.0 or intercept != 0.0:
            if slope == 1.0 and intercept == int(intercept):
                stack = stack.astype(np.int16) + np.int16(intercept)
            else:
                stack = stack * slope + intercept
        volumes.append(stack)
        files += len(slices)
        if first is None:
            first = time.perf_counter() - t0
    wall = time.perf_counter() - t0
    checksum = sum(int(v.sum(dtype=np.int64)) for v in volumes)
    voxel_bytes = sum(v.nbytes for v in volumes)
    print("RESULT " + json.dumps({
        "peer": "pydicom", "wall_s": wall, "scan_s": None, "first_series_s": first,
        "series": len(series), "volumes": len(volumes), "files": files, "voxel_bytes": voxel_bytes,
        "checksum": checksum, "threads": 1}))


if __name__ == "__main__":
    main()
