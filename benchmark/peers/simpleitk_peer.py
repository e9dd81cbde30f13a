"""SimpleITK peer: every series of a (nested) DICOM directory, read the way users write it.

    simpleitk_peer.py DIR

1. Series identifiers: ImageSeriesReader.GetGDCMSeriesIDs(DIR). If the installed SimpleITK
   accepts a `recursive` argument there, it is used; SimpleITK 2.5 has none (its signature is
   GetGDCMSeriesIDs(directory, useSeriesDetails=False)), so the sub-directories are walked with
   os.walk and the identifiers of every folder collected, as a user would do.
2. For each series: GetGDCMSeriesFileNames(DIR, uid, recursive=True) -- which rescans the whole
   tree for every series (the cost users pay with this recipe) -- then ImageSeriesReader.Execute().

Every image is kept until the end (as the other peers do). SimpleITK's defaults are used
(useSeriesDetails=False; the output pixel type is the one GDCM reports after RescaleSlope/
RescaleIntercept, int16 for the benchmark's CT data).

Prints one line `RESULT {json}` with the keys of ParallelSeriesBenchmark's peers: peer, wall_s
(the work, interpreter start-up and imports excluded), scan_s (null: listing and reading are
interleaved), first_series_s, series, volumes, files, voxel_bytes, checksum (sum of all voxel
values, int64, computed after the clock stops), threads; plus series_ids ("recursive" or "os.walk").
"""

import json
import os
import sys
import time

import numpy as np
import SimpleITK as sitk


def series_ids(root):
    """Series identifiers under ROOT (recursively) and how they were found."""
    try:
        return list(sitk.ImageSeriesReader.GetGDCMSeriesIDs(root, recursive=True)), "recursive"
    except TypeError:
        # No `recursive` argument in this SimpleITK: list every folder, as a user would.
        uids = []
        for folder, _, _ in os.walk(root):
            for uid in sitk.ImageSeriesReader.GetGDCMSeriesIDs(folder):
                if uid not in uids:
                    uids.append(uid)
        return uids, "os.walk"


def read_all(root):
    """Reads every series under ROOT; returns (images, files, first-series seconds, wall, how)."""
    t0 = time.perf_counter()
    uids, how = series_ids(root)
    images = []
    first = None
    files = 0
    for uid in uids:
        names = sitk.ImageSeriesReader.GetGDCMSeriesFileNames(root, uid, recursive=True)
        reader = sitk.ImageSeriesReader()
        reader.SetFileNames(names)
        images.append(reader.Execute())
        files += len(names)
        if first is None:
            first = time.perf_counter() - t0
    return images, files, first, time.perf_counter() - t0, how


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sitk.ProcessObject.GlobalWarningDisplayOff()  # "No Series were found" for folders without DICOM
    images, files, first, wall, how = read_all(sys.argv[1])
    t_checksum = time.perf_counter()
    checksum = 0
    voxel_bytes = 0
    for image in images:
        array = sitk.GetArrayViewFromImage(image)
        checksum += int(array.sum(dtype=np.int64))
        voxel_bytes += array.nbytes
    print("RESULT " + json.dumps({
        "peer": "simpleitk", "wall_s": wall, "scan_s": None, "first_series_s": first,
        "series": len(images), "volumes": len(images), "files": files, "voxel_bytes": voxel_bytes,
        "checksum": checksum, "checksum_s": time.perf_counter() - t_checksum,
        "threads": sitk.ProcessObject.GetGlobalDefaultNumberOfThreads(),
        "series_ids": how, "version": sitk.Version.VersionString()}), flush=True)


if __name__ == "__main__":
    main()
