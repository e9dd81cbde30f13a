"""pydicom + NumPy peer: every series of a (nested) DICOM directory, read the way users write it.

    pydicom_peer.py DIR

1. Every file under DIR is read with pydicom.dcmread (one process, serially). Files that are
   not DICOM (InvalidDicomError, e.g. README.txt, Thumbs.db, a text file named notes.dcm), that
   cannot be read (OSError) or that have no PixelData are skipped.
2. Files are grouped by SeriesInstanceUID.
3. Each series is sorted by ImagePositionPatient projected on the slice normal (the cross
   product of the two ImageOrientationPatient directions), as ITK / GDCM do; without IPP/IOP, by
   InstanceNumber, then by file name.
4. The slices' pixel_array are stacked with NumPy. RescaleSlope / RescaleIntercept are applied
   only when present and not (1, 0), as ITK's GDCMImageIO does. The benchmark's generated CT data
   are 12-bit unsigned stored values with slope 1 and intercept -1024, which ITK returns as
   int16: an integer intercept with slope 1 is therefore added in int16 (same type and values
   as ITK); any other rescale gives float64 (ITK would give float too).
   The datasets of a series are released once it is stacked; every volume is kept to the end
   (as the other peers do).

Compressed transfer syntaxes need a pixel-data handler: pydicom decodes JPEG 2000 through
Pillow (installed with matplotlib); JPEG-LS needs pylibjpeg-libjpeg or pyjpegls, which the
benchmark does not install. A series pydicom cannot decode ends the run with a RESULT line
holding "error" and exit code 3.

Prints one line `RESULT {json}` with the keys of ParallelSeriesBenchmark's peers: peer, wall_s
(the work, interpreter start-up and imports excluded), scan_s (time to read and group all
files, before decoding pixels), first_series_s, series, volumes, files, voxel_bytes, checksum
(sum of all voxel values, int64, computed after the clock stops), threads; plus skipped_files.
"""

import json
import os
import sys
import time
import warnings

import numpy as np
import pydicom
from pydicom.errors import InvalidDicomError


def read_headers(root):
    """All DICOM files under ROOT with pixel data, grouped by SeriesInstanceUID: (dict, skipped)."""
    series = {}
    skipped = 0
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            try:
                ds = pydicom.dcmread(path)
            except (InvalidDicomError, OSError):
                skipped += 1
                continue
            if "PixelData" not in ds:
                skipped += 1
                continue
            series.setdefault(str(ds.get("SeriesInstanceUID", "")), []).append((path, ds))
    return series, skipped


def slice_order(slices):
    """SLICES ((path, dataset) pairs) sorted as ITK sorts them."""
    try:
        iop = np.array([float(v) for v in slices[0][1].ImageOrientationPatient])
        normal = np.cross(iop[:3], iop[3:])
        return sorted(slices, key=lambda s: float(np.dot(normal, [float(v) for v in s[1].ImagePositionPatient])))
    except (AttributeError, TypeError, ValueError, IndexError):
        pass
    try:
        return sorted(slices, key=lambda s: int(s[1].InstanceNumber))
    except (AttributeError, TypeError, ValueError):
        return sorted(slices, key=lambda s: s[0])


def stack(slices):
    """One volume (z, y, x) from sorted SLICES, rescaled as ITK rescales."""
    volume = np.stack([ds.pixel_array for _, ds in slices])
    first = slices[0][1]
    slope = float(first.get("RescaleSlope", 1.0) or 1.0)
    intercept = float(first.get("RescaleIntercept", 0.0) or 0.0)
    if slope == 1.0 and intercept == 0.0:
        return volume
    if slope == 1.0 and intercept.is_integer():
        low, high = int(volume.min()) + int(intercept), int(volume.max()) + int(intercept)
        if -32768 <= low and high <= 32767:
            return volume.astype(np.int16) + np.int16(intercept)
    return volume * slope + intercept


def read_all(root):
    """Reads every series under ROOT: (volumes, files, skipped, scan s, first-series s, wall s)."""
    t0 = time.perf_counter()
    series, skipped = read_headers(root)
    scan = time.perf_counter() - t0
    volumes = []
    files = 0
    first = None
    for uid in sorted(series):
        slices = slice_order(series.pop(uid))
        volumes.append(stack(slices))
        files += len(slices)
        del slices
        if first is None:
            first = time.perf_counter() - t0
    return volumes, files, skipped, scan, first, time.perf_counter() - t0


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    warnings.filterwarnings("ignore")  # e.g. "Incorrect value for Specific Character Set"
    try:
        volumes, files, skipped, scan, first, wall = read_all(sys.argv[1])
    except (RuntimeError, NotImplementedError, ValueError) as e:  # no decoder for the transfer syntax
        print("RESULT " + json.dumps({"peer": "pydicom", "error": "%s: %s" % (type(e).__name__, str(e)[:300])}))
        sys.exit(3)
    t_checksum = time.perf_counter()
    checksum = sum(int(v.sum(dtype=np.int64)) for v in volumes)
    checksum_s = time.perf_counter() - t_checksum
    print("RESULT " + json.dumps({
        "peer": "pydicom", "wall_s": wall, "scan_s": scan, "first_series_s": first,
        "series": len(volumes), "volumes": len(volumes), "files": files,
        "voxel_bytes": sum(v.nbytes for v in volumes),
        "checksum": checksum, "checksum_s": checksum_s, "threads": 1,
        "skipped_files": skipped, "version": pydicom.__version__}), flush=True)


if __name__ == "__main__":
    main()
