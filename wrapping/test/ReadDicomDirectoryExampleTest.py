"""Runs examples/read_dicom_directory.py on a generated directory and checks its output.

Usage: ReadDicomDirectoryExampleTest.py path/to/read_dicom_directory.py OUTPUT_DIRECTORY
"""

import os
import subprocess
import sys

import numpy as np
import itk

import ParallelSeriesTestData


def main():
    script, out_dir = sys.argv[1], sys.argv[2]
    root = os.path.join(out_dir, "dicom")
    written = os.path.join(out_dir, "volumes")
    generated = ParallelSeriesTestData.generate(root)
    subprocess.check_call([sys.executable, script, root, written])
    expected_volumes = sum(s.volumes for s in generated)
    files = sorted(f for f in os.listdir(written) if f.endswith(".nrrd"))
    if len(files) != expected_volumes:
        print("expected %d volumes, got %d: %s" % (expected_volumes, len(files), files))
        return 1
    # The files hold the images itk.read_dicom_directory returns, in its order.
    volumes = itk.read_dicom_directory(root, recursive=True)
    for n, (metadata, image) in enumerate(volumes):
        written_image = itk.imread(os.path.join(written, "volume%d.nrrd" % n))
        if not np.array_equal(itk.array_view_from_image(written_image), itk.array_view_from_image(image)):
            print("volume %d differs from itk.read_dicom_directory's:" % n, metadata["SeriesIdentifier"])
            return 1
    print("read_dicom_directory.py wrote %d volumes" % len(files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
