#!/usr/bin/env python3
"""Generated DICOM cases for the dcm2niix oracle (test/oracle/dcm2niix_oracle.py).

    python generate_cases.py OUTDIR [--case NAME ...]

Every case is a directory OUTDIR/<name>/ holding dicom/ (its DICOM files, written with pydicom)
and expected.json: the geometry that follows from the generating parameters, computed here (never
read back from a converter):

    {"case": name, "volumes": [{"series_instance_uid", "series_number", "shape": [x, y, z],
      "spacing": [x, y], "row": [..], "col": [..],            # IOP, LPS
      "slice_positions": [[x, y, z], ...],                    # IPP of slice k, LPS, in order
      "files": [...],                                         # relative to dicom/
      "pixels": [[k, seed], ...],                             # slice k = pattern(rows, cols, k, seed)
      "voxels_sha": ...,
      "correction": "tilt" | "equidistant" (optional: a corrected output may be resampled)}, ...],
     "notes": "..."}

The oracle checks each of our output volumes against this truth besides the comparison with
dcm2niix: true pixel (slice k, row r, column c) lies at slice_positions[k] + c*dx*row + r*dy*col
and holds pattern(rows, cols, k, seed); our affine must put it on a voxel (within 1e-3 mm)
holding that value. Pixel values differ along x, y and slice (and per file), so that a flip, a
transposition or a slice swap changes the voxels. Volumes without IPP/IOP (screen saves) have
slice_positions null: only their values, in file order, are checked. "truncated": true marks a
file whose volume must fail alone.

Needs pydicom and numpy only (plus pydicom's bundled test files for the cases that copy them).
"""

import argparse
import hashlib
import json
import math
import os
import shutil
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import (
    CTImageStorage,
    ExplicitVRLittleEndian,
    MRImageStorage,
    SecondaryCaptureImageStorage,
    generate_uid,
)

# A fixed root with deterministic suffixes: the same UIDs on every run (reproducible cases).
UID_ROOT = "1.2.826.0.1.3680043.8.498."


def uid(*parts):
    """A deterministic UID from a name (pydicom's generate_uid hashes entropy_srcs)."""
    return generate_uid(prefix=UID_ROOT, entropy_srcs=["ParallelSeries-oracle", *map(str, parts)])


def pattern(rows, cols, k, seed):
    """int16 pixels distinct along x, y and slice k; seed separates files."""
    y, x = np.mgrid[0:rows, 0:cols]
    values = (x * 7 + y * 131 + k * 1009 + seed * 4001) % 3000 - 1000
    # a bright marker in the first row's first quarter: asymmetric in x and in y
    values[0, : max(1, cols // 4)] = 2500 + k
    return values.astype(np.int16)


def base_dataset(sop_class, modality, study_uid, series_uid, series_number, instance, rows, cols,
                 description):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    sop_instance = uid(series_uid, series_number, instance, rows, cols, description)
    meta.MediaStorageSOPInstanceUID = sop_instance
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = sop_instance
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.FrameOfReferenceUID = uid(study_uid, "frame")
    ds.PatientName = "Oracle^Generated"
    ds.PatientID = "ORACLE"
    ds.StudyDate = "20260101"
    ds.StudyTime = "120000"
    ds.SeriesDate = "20260101"
    ds.AcquisitionDate = "20260101"
    ds.SeriesTime = "120000"
    ds.AcquisitionTime = "120000"
    ds.ContentTime = "120000"
    ds.Modality = modality
    ds.Manufacturer = "ParallelSeries oracle generator"
    ds.SeriesDescription = description
    ds.SeriesNumber = series_number
    ds.InstanceNumber = instance
    ds.Rows = rows
    ds.Columns = cols
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    return ds


def set_pixels(ds, array):
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    ds.PixelData = np.ascontiguousarray(array, dtype="<i2").tobytes()


def set_geometry(ds, position, row, col, spacing, thickness):
    ds.ImagePositionPatient = [f"{v:.6f}" for v in position]
    ds.ImageOrientationPatient = [f"{v:.6f}" for v in (*row, *col)]
    # PixelSpacing is (row spacing = between rows = along col, column spacing = along row)
    ds.PixelSpacing = [f"{spacing[1]:.6f}", f"{spacing[0]:.6f}"]
    ds.SliceThickness = f"{thickness:.6f}"


def write(ds, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ds.save_as(path, enforce_file_format=True)


def sha(arrays):
    h = hashlib.sha256()
    for a in arrays:
        h.update(np.ascontiguousarray(a, dtype="<i2").tobytes())
    return h.hexdigest()[:16]


def ct_stack(case_dir, study_uid, series_uid, series_number, description, positions, row, col,
             spacing, rows, cols, seed=0, tilt=None, subdir="", first_instance=1,
             acquisition_per_file=False, modality="CT", sop_class=CTImageStorage):
    """Writes one file per position; returns the expected volume record."""
    files, arrays = [], []
    for k, position in enumerate(positions):
        instance = first_instance + k
        ds = base_dataset(sop_class, modality, study_uid, series_uid, series_number, instance,
                          rows, cols, description)
        set_geometry(ds, position, row, col, spacing, 1.0)
        if modality == "CT":
            ds.RescaleIntercept = "0"
            ds.RescaleSlope = "1"
            ds.KVP = "120"
        ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
        ds.AcquisitionNumber = instance if acquisition_per_file else 1
        if tilt is not None:
            ds.GantryDetectorTilt = f"{tilt:.6f}"
        pixels = pattern(rows, cols, k, seed)
        set_pixels(ds, pixels)
        name = os.path.join(subdir, f"{series_number:03d}_{instance:04d}.dcm")
        write(ds, os.path.join(case_dir, name))
        files.append(name)
        arrays.append(pixels)
    return {
        "series_instance_uid": series_uid,
        "series_number": series_number,
        "shape": [cols, rows, len(positions)],
        "spacing": list(spacing),
        "row": list(row),
        "col": list(col),
        "slice_positions": [list(map(float, p)) for p in positions],
        "files": files,
        "pixels": [[k, seed] for k in range(len(positions))],  # pattern(rows, cols, k, seed)
        "voxels_sha": sha(arrays),
    }


AXIAL_ROW, AXIAL_COL = (1.0, 0.0, 0.0), (0.0, 1.0, 0.0)
ORIGIN = (-22.5, -31.0, 40.0)
ROWS, COLS = 48, 40
SPACING = (0.7, 0.8)  # (x: along row, y: along col): not square, so a transposition shows


def positions_along(origin, normal, offsets):
    return [tuple(o + d * n for o, n in zip(origin, normal)) for d in offsets]


def case_axial(case_dir):
    study = uid("axial", "study")
    series = uid("axial", "series")
    volume = ct_stack(case_dir, study, series, 2, "axial control", positions_along(
        ORIGIN, (0, 0, 1), [2.5 * k for k in range(8)]), AXIAL_ROW, AXIAL_COL, SPACING, ROWS, COLS)
    return [volume], "plain axial CT stack, 8 slices 2.5 mm apart (control)"


def case_tilt(case_dir):
    tilt = 15.0
    step = 2.0  # table feed per slice (z)
    study = uid("tilt", "study")
    series = uid("tilt", "series")
    # IOP axial, as a tilted GE / Philips acquisition reports it; the slice centre moves along y
    # by step * tan(tilt) per slice (the tilted slab), so the slices are stacked along a
    # direction that is not the normal of IOP.
    # Sign: a positive tilt moves the slab towards -y (anterior) as z grows, the convention of
    # dcm2niix's estimate from the IPPs (its "estimated from slice vector" equals the tag).
    shift = -step * math.tan(math.radians(tilt))
    positions = [(ORIGIN[0], ORIGIN[1] + k * shift, ORIGIN[2] + k * step) for k in range(10)]
    volume = ct_stack(case_dir, study, series, 3, "gantry tilt 15", positions, AXIAL_ROW,
                      AXIAL_COL, SPACING, ROWS, COLS, tilt=tilt)
    volume["gantry_tilt_deg"] = tilt
    volume["correction"] = "tilt"  # a corrected output is resampled onto an orthogonal grid
    volume["stack_direction"] = [0.0, shift / math.hypot(shift, step), step / math.hypot(shift, step)]
    return [volume], (f"CT, GantryDetectorTilt {tilt} deg, IOP axial, IPP moves {shift:.4f} mm "
                      f"along y per {step} mm slice; true slice positions in slice_positions")


def case_variable_spacing(case_dir):
    study = uid("varspacing", "study")
    series = uid("varspacing", "series")
    offsets = [0.0, 1.0, 2.0, 3.0, 5.0, 6.0]  # spacing 1, 1, 1, 2, 1 mm
    volume = ct_stack(case_dir, study, series, 4, "variable spacing", positions_along(
        ORIGIN, (0, 0, 1), offsets), AXIAL_ROW, AXIAL_COL, SPACING, ROWS, COLS)
    volume["slice_spacings"] = [b - a for a, b in zip(offsets, offsets[1:])]
    volume["correction"] = "equidistant"  # a corrected grid (1 mm) still holds every true slice
    return [volume], "axial CT, slice distances 1, 1, 1, 2, 1 mm"


def case_colocated(case_dir):
    """N files at one IPP (one volume per file), and one image saved under two series numbers."""
    study = uid("colocated", "study")
    volumes = []
    series = uid("colocated", "series")
    for n in range(4):
        volumes.append(ct_stack(case_dir, study, series, 5, "colocated acquisitions", [ORIGIN],
                                AXIAL_ROW, AXIAL_COL, SPACING, ROWS, COLS, seed=n,
                                first_instance=n + 1, acquisition_per_file=True,
                                subdir="acquisitions"))
    # one image saved twice: same SeriesInstanceUID, series numbers 6 and 7 (as a console
    # re-export does), same position and pixels
    twice = uid("colocated", "twice")
    for number in (6, 7):
        volumes.append(ct_stack(case_dir, study, twice, number, "saved twice", [ORIGIN],
                                AXIAL_ROW, AXIAL_COL, SPACING, ROWS, COLS, seed=9,
                                subdir="saved-twice"))
    return volumes, ("4 files of one series at one IPP with InstanceNumber / AcquisitionNumber "
                     "1..4 (4 volumes of 1 slice); one image saved under series numbers 6 and 7 "
                     "in one SeriesInstanceUID (2 volumes of 1 slice)")


def case_mixed_size(case_dir):
    study = uid("mixed", "study")
    ct = ct_stack(case_dir, study, uid("mixed", "ct"), 2, "abdomen", positions_along(
        ORIGIN, (0, 0, 1), [3.0 * k for k in range(5)]), AXIAL_ROW, AXIAL_COL, SPACING, ROWS, COLS,
        subdir="ct")
    volumes = [ct]
    # Dose report ("Exam Summary"): secondary captures of different sizes in one series, no
    # IPP / IOP (screen saves), as CT consoles store them.
    series = uid("mixed", "dose")
    for i, (rows, cols) in enumerate([(30, 50), (36, 20), (30, 50)]):
        ds = base_dataset(SecondaryCaptureImageStorage, "CT", study, series, 999, i + 1, rows,
                          cols, "Exam Summary")
        ds.ImageType = ["DERIVED", "SECONDARY", "SCREEN SAVE"]
        ds.ConversionType = "WSD"
        pixels = pattern(rows, cols, 0, 20 + i)
        set_pixels(ds, pixels)
        name = f"dose/999_{i + 1:04d}.dcm"
        write(ds, os.path.join(case_dir, name))
        volumes.append({"series_instance_uid": series, "series_number": 999,
                        "shape": [cols, rows, 1], "spacing": None, "row": None, "col": None,
                        "slice_positions": None, "files": [name], "pixels": [[0, 20 + i]],
                        "voxels_sha": sha([pixels])})
    return volumes, ("CT series (5 slices) next to an 'Exam Summary' secondary-capture series "
                     "of 3 images (50x30, 20x36, 50x30) without IPP/IOP in the same study")


def case_triplanar(case_dir):
    study = uid("triplanar", "study")
    series = uid("triplanar", "series")
    planes = [
        ("axial", (1.0, 0.0, 0.0), (0.0, 1.0, 0.0)),
        ("coronal", (1.0, 0.0, 0.0), (0.0, 0.0, -1.0)),
        ("sagittal", (0.0, 1.0, 0.0), (0.0, 0.0, -1.0)),
    ]
    volumes = []
    for p, (name, row, col) in enumerate(planes):
        normal = np.cross(row, col)
        centre = np.array([0.0, -10.0, 20.0])
        rows, cols = 32, 32
        first = (centre - np.array(row) * SPACING[0] * cols / 2
                 - np.array(col) * SPACING[1] * rows / 2 - normal * 5.0)
        positions = positions_along(tuple(map(float, first)), tuple(map(float, normal)),
                                    [0.0, 5.0, 10.0])
        volume = ct_stack(case_dir, study, series, 1, "localizer", positions, row, col, SPACING,
                          rows, cols, seed=p, first_instance=3 * p + 1, modality="MR",
                          sop_class=MRImageStorage)
        volume["plane"] = name
        volumes.append(volume)
    return volumes, "MR localizer: axial, coronal and sagittal, 3 slices each, one series"


def case_pydicom_mr_copies(case_dir):
    """pydicom's MR_small in several transfer syntaxes (all one SOP instance at one position)
    plus MR_truncated.dcm (the same image, pixel data cut short)."""
    from pydicom.data import get_testdata_file

    names = ["MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm",
             "MR_small_RLE.dcm", "MR_truncated.dcm"]
    os.makedirs(case_dir, exist_ok=True)
    volumes = []
    seen = set()
    for name in names:
        source = get_testdata_file(name, download=False)
        if source is None:
            raise SystemExit(f"pydicom's test file {name} is missing")
        shutil.copy(source, os.path.join(case_dir, name))
        ds = pydicom.dcmread(source, stop_before_pixels=True)
        row = [float(v) for v in ds.ImageOrientationPatient[:3]]
        col = [float(v) for v in ds.ImageOrientationPatient[3:]]
        # All five are one SOP instance (same SOPInstanceUID): copies, which count once (as
        # dcm2niix removes duplicates); the truth is one volume of one slice, read from an
        # undamaged copy. The truncated copy is marked so that its failure would be accepted.
        truncated = name == "MR_truncated.dcm"
        if not truncated and ds.SOPInstanceUID in seen:
            continue
        seen.add(ds.SOPInstanceUID)
        volumes.append({
            "series_instance_uid": str(ds.SeriesInstanceUID),
            "series_number": int(ds.SeriesNumber),
            "shape": [int(ds.Columns), int(ds.Rows), 1],
            "spacing": [float(ds.PixelSpacing[1]), float(ds.PixelSpacing[0])],
            "row": row, "col": col,
            "slice_positions": [[float(v) for v in ds.ImagePositionPatient]],
            "files": [name], "pixels": None, "voxels_sha": None,
            "truncated": truncated,
        })
    return volumes, ("pydicom's MR_small (explicit, implicit, big endian, RLE) and MR_truncated: "
                     "5 copies of one SOP instance at one position, one of them truncated (one "
                     "volume of 1 slice, from an undamaged copy: copies count once)")


CASES = {
    "axial": case_axial,
    "tilt": case_tilt,
    "variable-spacing": case_variable_spacing,
    "colocated": case_colocated,
    "mixed-size": case_mixed_size,
    "triplanar": case_triplanar,
    "pydicom-mr-copies": case_pydicom_mr_copies,
}


def generate(outdir, names=None):
    written = []
    for name in names or CASES:
        case_dir = os.path.join(outdir, name)
        shutil.rmtree(case_dir, ignore_errors=True)
        os.makedirs(case_dir)
        volumes, notes = CASES[name](os.path.join(case_dir, "dicom"))
        with open(os.path.join(case_dir, "expected.json"), "w") as f:
            json.dump({"case": name, "notes": notes, "volumes": volumes}, f, indent=1)
        written.append(case_dir)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir")
    parser.add_argument("--case", action="append", choices=sorted(CASES))
    args = parser.parse_args(argv)
    for case_dir in generate(args.outdir, args.case):
        print(case_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
