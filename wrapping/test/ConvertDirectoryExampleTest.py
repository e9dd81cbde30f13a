"""Runs examples/python/convert_directory.py on a generated directory and checks its output.

Usage: ConvertDirectoryExampleTest.py path/to/convert_directory.py OUTPUT_DIRECTORY
"""

import json
import os
import subprocess
import sys

import numpy as np
import itk

import ParallelSeriesTestData


def main():
    script, out_dir = sys.argv[1], sys.argv[2]
    root = os.path.join(out_dir, "dicom")
    converted = os.path.join(out_dir, "converted")
    generated = ParallelSeriesTestData.generate(root)
    subprocess.check_call([sys.executable, script, root, converted, "--target-size", "32", "32",
                           "--kernel", "nearest", "--pad-direction", "center"])
    with open(os.path.join(converted, "index.json")) as f:
        index = json.load(f)
    expected_volumes = sum(s.volumes for s in generated)
    if len(index) != expected_volumes:
        print("expected %d volumes, got %d" % (expected_volumes, len(index)))
        return 1
    by_uid = {s.uid: s for s in generated}
    for entry in index:
        array = np.load(entry["npy"])
        nrrd = itk.imread(entry["nrrd"])
        if not np.array_equal(itk.array_view_from_image(nrrd), array):
            print("NRRD and NumPy outputs differ:", entry)
            return 1
        s = by_uid[entry["SeriesIdentifier"]]
        if s.kind != "RGBUC" and array.shape[1:] != (32, 32):
            print("not padded to 32 x 32:", entry, array.shape)
            return 1
        if array.shape[0] != s.slices:
            print("slices changed:", entry, array.shape)
            return 1
        with open(entry["json"]) as f:
            record = json.load(f)
        if s.kind != "RGBUC" and not record["Preprocess"].get("Preprocess_Padding"):
            print("no preprocessing parameters in", entry["json"])
            return 1
    print("convert_directory.py wrote %d volumes" % len(index))
    return 0


if __name__ == "__main__":
    sys.exit(main())
