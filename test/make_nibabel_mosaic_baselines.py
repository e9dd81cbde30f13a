#!/usr/bin/env python3
"""Generate the nibabel oracle of itkParallelSeriesMosaicNibabelTest (Siemens mosaics).

nibabel's wheel ships Siemens mosaic files under nibabel/nicom/tests/data/; nibabel's
MosaicWrapper (nibabel.nicom.dicomwrappers) de-mosaics them and computes their affine. This
script records, for each case, what nibabel gives, in the conventions of an ITK image (index
order x = column, y = row, z = slice; millimetres; LPS, the DICOM patient coordinates that
nibabel's DICOM affine uses):

    test/Baseline/NibabelMosaic.txt         size, origin, spacing, direction and MD5 of the voxels
    test/Baseline/NibabelMosaicPattern.mha  nibabel's de-mosaicked volume of the pattern case

Cases:
    siemens_dwi_0.dcm, siemens_dwi_1000.dcm   two DWI mosaics of one series (896 x 896 images,
                                              48 tiles of 128 x 128; their pixels are zero)
    pattern                                   siemens_dwi_0.dcm with its pixels replaced by
                                              value(row, column) = 1000 + (37 * row + column) % 251,
                                              so that every voxel tells where it came from (the C++
                                              test writes the same file with GDCM)
    csa_slice_norm.dcm                        an oblique mosaic header (384 x 384, 32 tiles; its
                                              pixel data is cut off): geometry only
    itkDCMTKNonSquare.dcm                     ITK's own test file (test/Input/ITK, ITK's
                                              ExternalData): a real DTI mosaic, 1152 x 864, 65
                                              tiles of 128 x 96 on a 9 x 9 grid; its CSA header
                                              has lost its private creator, so nibabel is given
                                              the one at (0029,1010)

The affine of nibabel maps (row index, column index, slice index) to LPS mm, so the ITK
geometry is: x axis = affine column 1, y axis = affine column 0, z axis = affine column 2
(spacing = their lengths, direction = the unit vectors), origin = affine column 3.

The committed files were generated with the versions named in NibabelMosaic.txt's first line;
regenerate with

    pip install nibabel==5.4.2 pydicom numpy
    python3 test/make_nibabel_mosaic_baselines.py NIBABEL_DATA_DIR OUTPUT_DIR ITK_NONSQUARE_DCM

(NIBABEL_DATA_DIR "": the installed nibabel's nicom/tests/data; OUTPUT_DIR "": test/Baseline next
to this script; ITK_NONSQUARE_DCM: itkDCMTKNonSquare.dcm from a build tree's ExternalData).
"""
import gzip
import hashlib
import io
import os
import sys
import zlib

import nibabel
import numpy as np
import pydicom
from nibabel.nicom import csareader, dicomwrappers

PATTERN_FILE = "siemens_dwi_0.dcm"


def pattern(rows, columns):
    r = np.arange(rows, dtype=np.int64)[:, None]
    c = np.arange(columns, dtype=np.int64)[None, :]
    return (1000 + (37 * r + c) % 251).astype("<u2")


def read(data_dir, name):
    path = os.path.join(data_dir, name)
    if os.path.exists(path):
        return pydicom.dcmread(path)
    with gzip.open(path + ".gz", "rb") as f:
        return pydicom.dcmread(io.BytesIO(f.read()))


def with_pattern(ds):
    ds.PixelData = pattern(ds.Rows, ds.Columns).tobytes()
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=False)
    return pydicom.dcmread(io.BytesIO(buffer.getvalue()))


def itk_geometry(wrapper):
    affine = np.asarray(wrapper.affine, dtype=float)
    axes = [affine[:3, 1], affine[:3, 0], affine[:3, 2]]
    spacing = [float(np.linalg.norm(a)) for a in axes]
    direction = np.column_stack([a / s for a, s in zip(axes, spacing)])
    return affine[:3, 3].tolist(), spacing, direction


def itk_voxels(wrapper):
    """nibabel's (row, column, slice) array as an ITK buffer: x fastest, then y, then z."""
    data = wrapper.get_data()
    if not np.array_equal(data, np.round(data)) or data.min() < 0 or data.max() > 65535:
        raise SystemExit("unexpected scaled data")
    return np.ascontiguousarray(data.transpose(2, 0, 1)).astype("<u2")


def write_mha(path, voxels, origin, spacing, direction):
    payload = zlib.compress(voxels.tobytes(), 9)
    header = [
        "ObjectType = Image",
        "NDims = 3",
        "BinaryData = True",
        "BinaryDataByteOrderMSB = False",
        "CompressedData = True",
        "CompressedDataSize = %d" % len(payload),
        # MetaIO's TransformMatrix lists the direction of axis 0, then of axis 1, then of axis 2.
        "TransformMatrix = " + " ".join("%.17g" % direction[j, i] for i in range(3) for j in range(3)),
        "Offset = " + " ".join("%.17g" % v for v in origin),
        "CenterOfRotation = 0 0 0",
        "ElementSpacing = " + " ".join("%.17g" % v for v in spacing),
        "DimSize = %d %d %d" % (voxels.shape[2], voxels.shape[1], voxels.shape[0]),
        "ElementType = MET_USHORT",
        "ElementDataFile = LOCAL",
    ]
    with open(path, "wb") as f:
        f.write(("\n".join(header) + "\n").encode("ascii"))
        f.write(payload)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    data_dir = sys.argv[1] or os.path.join(os.path.dirname(nibabel.__file__), "nicom", "tests", "data")
    out_dir = sys.argv[2] or os.path.join(here, "Baseline")
    itk_file = sys.argv[3]
    cases = [
        ("siemens_dwi_0.dcm", read(data_dir, "siemens_dwi_0.dcm"), True),
        ("siemens_dwi_1000.dcm", read(data_dir, "siemens_dwi_1000.dcm"), True),
        ("pattern", with_pattern(read(data_dir, PATTERN_FILE)), True),
        ("csa_slice_norm.dcm", read(data_dir, "csa_slice_norm.dcm"), False),
        ("itkDCMTKNonSquare.dcm", pydicom.dcmread(itk_file), True),
    ]
    lines = [
        "# nibabel %s, pydicom %s, numpy %s: test/make_nibabel_mosaic_baselines.py"
        % (nibabel.__version__, pydicom.__version__, np.__version__),
        "# case <name>; size x y; origin (LPS mm); spacing (mm); direction (row-major, columns = axes);",
        "# slice_spacing_source; md5 of the voxels (uint16 little endian, x fastest) or 'none'",
    ]
    for name, ds, has_voxels in cases:
        w = dicomwrappers.wrapper_from_data(ds)
        if name == "itkDCMTKNonSquare.dcm" and not isinstance(w, dicomwrappers.MosaicWrapper):
            # An anonymizer removed the private creator of its CSA headers but left (0029,1010),
            # where GDCM (SplitMosaicFilter::ComputeCSAImageHeaderInfo()) and dcm2niix look for
            # it then; nibabel finds CSA headers by their creator only, so it is given that one.
            w = dicomwrappers.MosaicWrapper(ds, csa_header=csareader.read(ds[0x0029, 0x1010].value))
        if not isinstance(w, dicomwrappers.MosaicWrapper):
            raise SystemExit("%s: nibabel does not see a mosaic" % name)
        rows, columns, slices = w.image_shape
        origin, spacing, direction = itk_geometry(w)
        source = "SpacingBetweenSlices" if ds.get("SpacingBetweenSlices") not in (None, "") else "SliceThickness"
        lines.append("case " + name)
        lines.append("size %d %d %d" % (columns, rows, slices))
        lines.append("origin " + " ".join("%.17g" % v for v in origin))
        lines.append("spacing " + " ".join("%.17g" % v for v in spacing))
        lines.append("direction " + " ".join("%.17g" % direction[r, c] for r in range(3) for c in range(3)))
        lines.append("slice_spacing_source " + source)
        if has_voxels:
            voxels = itk_voxels(w)
            lines.append("md5 " + hashlib.md5(voxels.tobytes()).hexdigest())
            if name == "pattern":
                write_mha(os.path.join(out_dir, "NibabelMosaicPattern.mha"), voxels, origin, spacing, direction)
        else:
            lines.append("md5 none")
    with open(os.path.join(out_dir, "NibabelMosaic.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
