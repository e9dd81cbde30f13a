#!/usr/bin/env python3
"""Convert every series of a DICOM directory to NumPy (.npy) and NRRD files, preprocessed for
machine learning (ParallelSeries' DicomPreprocessingImageFilter: slice selection, crop to foreground,
resize, pad).

    python convert_directory.py DICOM_DIR OUTPUT_DIR [--target-size 256 256] [--kernel lanczos3]
        [--pad-direction zero] [--volume-handling keep] [--no-crop] [--crop-max] [--no-resize]
        [--no-pad] [--pixel-type native|float] [--no-recursive]

All series are read in parallel by itk.read_dicom_directory (itk.ParallelSeriesReader). For
every volume, OUTPUT_DIR receives <n>_<series>_v<volume>.npy (NumPy order z, y, x), .nrrd
(with spacing, origin, direction) and .json (series summary, files, and the preprocessing
parameters needed to map coordinates back to the original image). OUTPUT_DIR/index.json lists
all volumes. Exit status: 0 when every volume was converted, 1 otherwise.
"""

import argparse
import json
import os
import re
import sys

import numpy as np
import itk

KERNELS = {
    "nearest": "ResizeKernel_Nearest",
    "triangle": "ResizeKernel_Triangle",
    "catmull-rom": "ResizeKernel_CatmullRom",
    "gaussian": "ResizeKernel_Gaussian",
    "lanczos3": "ResizeKernel_Lanczos3",
}
PAD_DIRECTIONS = {
    "top-left": "PadDirection_TopLeft",
    "bottom-right": "PadDirection_BottomRight",
    "center": "PadDirection_Center",
    "zero": "PadDirection_Zero",
}
VOLUME_HANDLING = {
    "keep": "VolumeHandling_Keep",
    "central": "VolumeHandling_Central",
    "max": "VolumeHandling_MaximumIntensityProjection",
}
PREPROCESS_KEYS = (
    "Preprocess_CropOrigin",
    "Preprocess_CropSize",
    "Preprocess_Scale",
    "Preprocess_ResizedSize",
    "Preprocess_Padding",
    "Preprocess_VolumeHandling",
    "Preprocess_SourceSlices",
)


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="DICOM directory")
    parser.add_argument("output", help="output directory (created)")
    parser.add_argument("--no-recursive", action="store_true", help="do not scan sub-directories")
    parser.add_argument("--pixel-type", choices=("native", "float"), default="native",
                        help="native: each series' own type (default); float: 32-bit float")
    parser.add_argument("--target-size", type=int, nargs=2, default=(256, 256), metavar=("WIDTH", "HEIGHT"))
    parser.add_argument("--kernel", choices=sorted(KERNELS), default="triangle")
    parser.add_argument("--pad-direction", choices=sorted(PAD_DIRECTIONS), default="zero")
    parser.add_argument("--volume-handling", choices=sorted(VOLUME_HANDLING), default="keep")
    parser.add_argument("--no-crop", action="store_true")
    parser.add_argument("--crop-max", action="store_true", help="also treat the maximum value as background")
    parser.add_argument("--no-resize", action="store_true")
    parser.add_argument("--no-pad", action="store_true")
    return parser.parse_args(argv)


def json_safe(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    return str(value)


def preprocess(image, args):
    """Runs DicomPreprocessingImageFilter on a scalar image; returns the output image."""
    E = itk.DicomPreprocessingEnums
    filt = itk.DicomPreprocessingImageFilter.New(image)
    filt.SetVolumeHandling(getattr(E, VOLUME_HANDLING[args.volume_handling]))
    filt.SetCrop(not args.no_crop)
    filt.SetCropMax(args.crop_max)
    filt.SetResize(not args.no_resize)
    filt.SetPad(not args.no_pad)
    filt.SetTargetSize([int(s) for s in args.target_size])
    filt.SetKernel(getattr(E, KERNELS[args.kernel]))
    filt.SetPadDirection(getattr(E, PAD_DIRECTIONS[args.pad_direction]))
    filt.Update()
    output = filt.GetOutput()
    output.DisconnectPipeline()
    return output


def main(argv=None):
    args = parse_arguments(argv)
    os.makedirs(args.output, exist_ok=True)
    pixel_type = None if args.pixel_type == "native" else itk.F
    volumes = itk.read_dicom_directory(args.input, recursive=not args.no_recursive, pixel_type=pixel_type)
    index = []
    status = 0
    for n, (metadata, image) in enumerate(volumes):
        series = re.sub(r"[^0-9A-Za-z.]", "_", metadata["SeriesIdentifier"])
        stem = os.path.join(args.output, "%03d_%s_v%d" % (n, series, metadata["VolumeIndex"]))
        try:
            if image.GetNumberOfComponentsPerPixel() == 1:
                output = preprocess(image, args)
                parameters = {key: output[key] for key in PREPROCESS_KEYS}
            else:  # RGB: the preprocessing filters take scalar images; written as read
                output = image
                parameters = {}
            array = itk.array_view_from_image(output)  # no copy
            np.save(stem + ".npy", array)
            itk.imwrite(output, stem + ".nrrd")
        except Exception as error:  # report and go on with the other volumes
            print("%s: %s" % (stem, error), file=sys.stderr)
            status = 1
            continue
        record = dict(json_safe(metadata))
        record["Preprocess"] = parameters
        record["OutputShape"] = list(array.shape)
        record["OutputDType"] = str(array.dtype)
        record["OutputSpacing"] = list(output.GetSpacing())
        record["OutputOrigin"] = list(output.GetOrigin())
        with open(stem + ".json", "w") as f:
            json.dump(record, f, indent=2)
        index.append({"npy": stem + ".npy", "nrrd": stem + ".nrrd", "json": stem + ".json",
                      "SeriesIdentifier": metadata["SeriesIdentifier"], "VolumeIndex": metadata["VolumeIndex"],
                      "shape": list(array.shape)})
        print("%s: %s %s -> %s" % (metadata["SeriesIdentifier"], metadata["PixelType"],
                                   tuple(image.GetLargestPossibleRegion().GetSize()), array.shape))
    with open(os.path.join(args.output, "index.json"), "w") as f:
        json.dump(index, f, indent=2)
    print("%d volume(s) written to %s" % (len(index), args.output))
    return status


if __name__ == "__main__":
    sys.exit(main())
