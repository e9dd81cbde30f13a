"""SimpleITK peer: every series of a (nested) DICOM directory, as users write it.

SimpleITK's ImageSeriesReader.GetGDCMSeriesIDs() does not recurse, so the series identifiers are
collected per folder (os.walk); then, for each series, GetGDCMSeriesFileNames(root, uid,
recursive=True) lists its files -- which rescans the whole tree for every series, the cost users
report -- and Execute() reads it. Every image is kept until the end (as the other peers do).

Prints one line: RESULT {json} (see benchmark/ParallelSeriesBenchmark.cxx for the keys).
Usage: simpleitk_peer.py DIR
"""

import json
import os
import sys
import time

import numpy as np
import SimpleITK as sitk


def main():
    root = sys.argv[1]
    t0 = time.perf_counter()
    uids = []
    for folder, _, _ in os.walk(root):
        for uid in sitk.ImageSeriesReader.GetGDCMSeriesIDs(folder):
            if uid not in uids:
                uids.append(uid)
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
    wall = time.perf_counter() - t0
    checksum = 0
    voxel_bytes = 0
    for image in images:
        array = sitk.GetArrayViewFromImage(image)
        checksum += int(array.sum(dtype=np.int64))
        voxel_bytes += array.nbytes
    print("RESULT " + json.dumps({
        "peer": "simpleitk", "wall_s": wall, "scan_s": None, "first_series_s": first,
        "series": len(uids), "volumes": len(images), "files": files, "voxel_bytes": voxel_bytes,
        "checksum": checksum, "threads": sitk.ProcessObject.GetGlobalDefaultNumberOfThreads()}))


if __name__ == "__main__":
    main()
