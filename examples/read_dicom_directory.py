#!/usr/bin/env python3
"""Read every series of a DICOM directory and write one file per volume.

    python read_dicom_directory.py DICOM_DIR OUTPUT_DIR [--extension nrrd]

itk.read_dicom_directory scans the directory once (itk.ParallelGDCMSeriesFileNames, headers
only) and reads all series in parallel (itk.ParallelSeriesReader), each in its native pixel type.
It returns one (metadata, image) pair per volume. Exit status: 0 when at least one volume was
written.
"""

import argparse
import os
import sys

import itk


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("output")
    parser.add_argument("--extension", default="nrrd", help="output format by extension (default: nrrd)")
    args = parser.parse_args(argv)

    volumes = itk.read_dicom_directory(args.directory, recursive=True)
    os.makedirs(args.output, exist_ok=True)
    for n, (metadata, image) in enumerate(volumes):
        array = itk.array_view_from_image(image)  # NumPy view, no copy (z, y, x)
        print(
            metadata["SeriesIdentifier"],
            metadata["Modality"],
            metadata["SeriesDescription"],
            "volume %d" % metadata["VolumeIndex"],
            metadata["PixelType"],
            array.shape,
        )
        itk.imwrite(image, os.path.join(args.output, "volume%d.%s" % (n, args.extension)))
    print("%d volumes written to %s" % (len(volumes), args.output))
    return 0 if volumes else 1


if __name__ == "__main__":
    sys.exit(main())
