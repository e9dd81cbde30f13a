#!/usr/bin/env python3
"""dcm2niix oracle for itk::SliceStackResampleImageFilter (gantry tilt / variable slice distance).

Generates tilted and unevenly spaced CT series with pydicom (known true slice positions, random
pixel values), converts each with dcm2niix (its uncorrected, _Tilt, _Eq and _Tilt_Eq outputs)
and with the filter (the test driver's itkSliceStackResampleImageFilterOracle: ParallelSeries'
reader + the filter, written as NIfTI by ITK), and compares in physical space with nibabel:

- geometry: the affine of dcm2niix's voxels (its qform axes; its origin rebuilt from its
  uncorrected output, see compare()) against ours, after the signed permutation of axes that maps
  its grid onto ours (dcm2niix flips rows): the largest distance between a voxel of its grid and
  ours (mm); and how far dcm2niix's own sform and qform are from that affine;
- values: on every voxel of dcm2niix's grid, the largest |difference| (HU) on the interior
  (voxels whose point projects at least a pixel inside both neighbouring input slices, from the
  true positions: where the two edge rules cannot matter) and overall, with the counts;
- truth: voxels of the output grids that are input pixels (on an input slice, shifted by a whole
  number of pixels) must hold that pixel (HU, from the arrays written to the files): ours always;
  dcm2niix's _Tilt step is counted where it is not (its row index and its weights come from
  single-precision values rounded differently when a shift is a whole number of rows: whole
  rows are then taken from the neighbouring row).

Both dcm2niix 1.0.20220720 (Debian 12's, the version the filter documents) and PyPI's
1.0.20260724 (the oracle venv's, scripts/make-oracle-venv.sh) pass; the newer one spaces _Eq slices
differently (see below). ctest runs it as itkSliceStackResampleImageFilterDcm2niixOracle when the
oracle venv is given (test/SliceStackTests.cmake). By hand:

  python test/slice_stack_dcm2niix_oracle.py --driver build/bin/ParallelSeriesSliceStackTestDriver

Exit code 0 when every case agrees: geometry within 1e-3 mm, every voxel of dcm2niix's grid on
ours, interior values within 1 (dcm2niix rounds after each of its steps, we round once) where
dcm2niix is not shown wrong by the truth, and ours equal to the truth on every input pixel.
"""
import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile

import nibabel as nib
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"


def write_series(directory, name, tilt_degrees, steps, drift=0.0, columns=40, rows=32, spacing=(0.8, 0.9), seed=1):
    """A CT series whose image plane is tilted by tilt_degrees about the patient x axis (the row
    direction), the table moving along +z by `steps` (mm), and along y by drift times that (a
    stack sheared in an axial plane). spacing = (x = column spacing, y = row spacing). Returns
    the true positions, the row and column directions, the spacing and the size."""
    os.makedirs(directory, exist_ok=True)
    t = math.radians(tilt_degrees)
    row_dir = np.array([1.0, 0.0, 0.0])
    col_dir = np.array([0.0, math.cos(t), math.sin(t)])
    p = np.array([-15.3, -12.25, 40.5])
    positions = [p.copy()]
    for s in steps:
        p = p + np.array([0.0, drift * s, s])
        positions.append(p.copy())
    rng = np.random.default_rng(seed)
    images = []
    study, series = generate_uid(), generate_uid()
    for k, pos in enumerate(positions):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = CT_IMAGE_STORAGE
        meta.MediaStorageSOPInstanceUID = generate_uid()
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = Dataset()
        ds.file_meta = meta
        ds.SOPClassUID = CT_IMAGE_STORAGE
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID = study
        ds.SeriesInstanceUID = series
        ds.Modality = "CT"
        ds.Manufacturer = "SYNTHETIC"
        ds.PatientName = "Tilt^" + name
        ds.PatientID = name
        ds.SeriesNumber = 1
        ds.SeriesDescription = name
        ds.InstanceNumber = k + 1
        ds.ImagePositionPatient = [f"{v:.6f}" for v in pos]
        ds.ImageOrientationPatient = [f"{v:.8f}" for v in list(row_dir) + list(col_dir)]
        ds.PixelSpacing = [f"{spacing[1]:.6f}", f"{spacing[0]:.6f}"]  # row spacing, column spacing
        ds.SliceThickness = "1.0"
        ds.GantryDetectorTilt = f"{tilt_degrees:.4f}"
        ds.Rows, ds.Columns = rows, columns
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        ds.RescaleIntercept, ds.RescaleSlope = "-1024", "1"
        pixels = rng.integers(0, 2000, size=(rows, columns), dtype=np.int16)
        ds.PixelData = pixels.tobytes()
        images.append(pixels.astype(float) - 1024.0)
        ds.save_as(os.path.join(directory, f"{k:03d}.dcm"), enforce_file_format=True)
    return positions, row_dir, col_dir, spacing, (columns, rows), images


def grid_map(a_ours, a_theirs, shape_theirs):
    """The integer index map theirs -> ours (a signed permutation + offset, rounded from
    inv(a_ours) a_theirs) and the largest distance (mm), over the corners of their grid, between a
    voxel of theirs and the voxel of ours it maps to."""
    p = np.round(np.linalg.inv(a_ours) @ a_theirs)
    corners = np.array([[i, j, k, 1.0] for i in (0, shape_theirs[0] - 1) for j in (0, shape_theirs[1] - 1)
                        for k in (0, shape_theirs[2] - 1)]).T
    mm = np.abs(a_theirs @ corners - a_ours @ p @ corners)[:3].max()
    return p.astype(int), float(mm)


def interior_mask(a_ours, shape, stack):
    """Voxels of our grid whose point projects (along the normal) at least one pixel inside both
    neighbouring input slices: there dcm2niix's edge rule and ours cannot matter. From the true
    positions of the generated series, not from either converter."""
    positions, r, c, (sx, sy), (columns, rows), _ = stack
    n = np.cross(r, c)
    p0 = positions[0]
    z = np.array([(p - p0) @ n for p in positions])
    idx = np.indices(shape).reshape(3, -1).astype(float)
    ras = a_ours[:3, :3] @ idx + a_ours[:3, 3:4]
    lps = ras * np.array([[-1.0], [-1.0], [1.0]])
    zx = n @ (lps - p0[:, None])
    b = np.clip(np.searchsorted(z, zx - 1e-6), 1, len(z) - 1)
    ok = np.ones(idx.shape[1], dtype=bool)
    for k in (b - 1, b):
        rel = lps - np.array(positions)[k].T
        x = (r @ rel) / sx
        y = (c @ rel) / sy
        ok &= (x >= 1 - 1e-6) & (x <= columns - 2 + 1e-6) & (y >= 1 - 1e-6) & (y <= rows - 2 + 1e-6)
    return ok.reshape(shape)


def exact_truth(a_ours, shape, stack):
    """The true value of every voxel of our grid that is an input pixel: on an input slice
    (along the normal) and on a whole pixel of it (a whole-pixel shift), from the pixels written
    to the DICOM files (HU); NaN elsewhere. Neither converter is involved."""
    positions, r, c, (sx, sy), (columns, rows), images = stack
    n = np.cross(r, c)
    idx = np.indices(shape).reshape(3, -1).astype(float)
    lps = (a_ours[:3, :3] @ idx + a_ours[:3, 3:4]) * np.array([[-1.0], [-1.0], [1.0]])
    truth = np.full(idx.shape[1], np.nan)
    for k, p in enumerate(positions):
        rel = lps - p[:, None]
        on = np.abs(n @ rel) < 1e-4
        x, y = (r @ rel) / sx, (c @ rel) / sy
        xi, yi = np.round(x), np.round(y)
        on &= (np.abs(x - xi) < 1e-4) & (np.abs(y - yi) < 1e-4) & (xi >= 0) & (xi < columns) & (yi >= 0) & (yi < rows)
        truth[on] = images[k][yi[on].astype(int), xi[on].astype(int)]
    return truth.reshape(shape)


def compare(ours_path, theirs_path, uncorrected_path, stack, what, perturb=None):
    ours, theirs, uncorrected = nib.load(ours_path), nib.load(theirs_path), nib.load(uncorrected_path)
    a_ours = ours.affine.copy()
    if perturb == "origin":  # self-test: our origin moved by 0.01 mm must fail
        a_ours[:3, 3] += 0.01
    a_s, a_q = theirs.get_sform(), theirs.get_qform()
    # The affine of dcm2niix's voxels, rebuilt from its own files: axes of its qform (its _Eq
    # sform scales the wrong row for tilted planes), origin of its uncorrected image moved by the
    # rows its _Tilt step added before the image when it did (adjustOriginForNegativeTilt() moves
    # it along a row of the matrix, srow_y, instead of the column axis, and by whole rows).
    a_rep = a_q.copy()
    t_u = uncorrected.get_sform()[:3, 3]
    added = theirs.shape[1] - uncorrected.shape[1]
    moved = np.abs(a_s[:3, 3] - t_u).max() > 1e-3
    if moved:
        # dcm2niix's _Tilt step then puts the first slice v_last / sy rows (not a whole number of
        # rows) after its origin: its grid is the last slice's.
        positions, _, c, (_, sy), _, _ = stack
        a_rep[:3, 3] = t_u - ((positions[-1] - positions[0]) @ c / sy) * a_q[:3, 1]
    else:
        a_rep[:3, 3] = t_u
    p, ours_mm = grid_map(a_ours, a_rep, theirs.shape)
    d_ours, d_theirs = ours.get_fdata(), theirs.get_fdata()
    if perturb == "values":  # self-test: one voxel of ours (the centre) off by 2 must fail
        d_ours[tuple(np.array(ours.shape) // 2)] += 2.0
    idx = np.indices(theirs.shape).reshape(3, -1)
    mapped = p[:3, :3] @ idx + p[:3, 3:4]
    inside = np.all((mapped >= 0) & (mapped < np.array(ours.shape)[:, None]), axis=0)
    v_theirs = d_theirs[tuple(idx[:, inside])]
    v_ours = d_ours[tuple(mapped[:, inside])]
    diff = np.abs(v_ours - v_theirs)
    interior = interior_mask(a_ours, ours.shape, stack)[tuple(mapped[:, inside])]
    truth_ours = exact_truth(a_ours, ours.shape, stack)
    known = ~np.isnan(truth_ours)
    truth = truth_ours[tuple(mapped[:, inside])]
    theirs_wrong = ~np.isnan(truth) & (v_theirs != truth)
    # Interior voxels where dcm2niix is not shown wrong by the truth.
    fair = interior & ~theirs_wrong
    return {
        "what": what,
        "ours": ours.shape,
        "theirs": theirs.shape,
        "ours_vs_d2n_mm": ours_mm,
        "d2n_sform_error_mm": float(np.abs(a_s - a_rep).max()),
        "d2n_qform_error_mm": float(np.abs(a_q - a_rep).max()),
        "compared": int(inside.sum()),
        "not_on_ours": int((~inside).sum()),
        "interior": int(interior.sum()),
        "interior_max": float(diff[interior].max()) if interior.any() else float("nan"),
        "interior_differ": int((diff[interior] > 0).sum()),
        "fair": int(fair.sum()),
        "fair_max": float(diff[fair].max()) if fair.any() else float("nan"),
        "truth_voxels": int(known.sum()),
        "ours_wrong": int((d_ours[known] != truth_ours[known]).sum()),
        "theirs_truth_voxels": int((~np.isnan(truth)).sum()),
        "theirs_wrong": int(theirs_wrong.sum()),
        "theirs_wrong_max": float(np.abs(v_theirs - truth)[theirs_wrong].max()) if theirs_wrong.any() else 0.0,
        "all_max": float(diff.max()),
        "all_differ": int((diff > 0).sum()),
    }


CASES = [
    # name, tilt of the image plane (degrees), table steps (mm), y drift per mm of table
    ("tilt15", 15.0, [1.25] * 19, 0.0),
    ("tiltm30", -30.0, [1.25] * 19, 0.0),
    ("steps", 0.0, [1, 1, 1, 2, 1] * 3, 0.0),
    ("tilt15steps", 15.0, [1, 1, 1, 2, 1] * 3, 0.0),
    ("tiltm30steps", -30.0, [1, 1, 1, 2, 1] * 3, 0.0),
    ("lastgap", 0.0, [1, 1, 1, 1, 3], 0.0),
    ("axialdrift", 0.0, [1.5] * 15, 0.3),
    ("axialdriftm", 0.0, [1.5] * 15, -0.3),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--driver", required=True, help="ParallelSeriesSliceStackTestDriver")
    parser.add_argument("--dcm2niix", default=shutil.which("dcm2niix") or "dcm2niix")
    parser.add_argument("--work", help="working directory (default: a temporary one, removed)")
    parser.add_argument("--case", action="append", help="only these cases (default: all)")
    parser.add_argument("--perturb", choices=("values", "origin"),
                        help="self-test: corrupt our output (one voxel by 2, the origin by 0.01 mm): must fail")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="slicestack-oracle-")
    version = subprocess.run([args.dcm2niix, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"dcm2niix: {version.splitlines()[0] if version else '?'}")
    rows, failed = [], False
    for name, tilt, steps, drift in CASES:
        if args.case and name not in args.case:
            continue
        dicom = os.path.join(work, name, "dicom")
        out = os.path.join(work, name, "out")
        shutil.rmtree(os.path.join(work, name), ignore_errors=True)
        os.makedirs(out)
        stack = write_series(dicom, name, tilt, steps, drift)
        log = subprocess.run([args.dcm2niix, "-z", "n", "-b", "n", "-f", "d2n", "-o", out, dicom],
                             capture_output=True, text=True)
        if log.returncode != 0:
            print(log.stdout, log.stderr)
            return 1
        r = subprocess.run([args.driver, "itkSliceStackResampleImageFilterOracle", dicom,
                            os.path.join(out, "ours"), "dcm2niix-grid"], capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stdout, r.stderr)
            return 1
        print(f"{name}: ours {r.stdout.strip()}")
        produced = sorted(f for f in os.listdir(out) if f.startswith("d2n") and f.endswith(".nii"))
        corrected = [f for f in produced if f != "d2n.nii"]
        print(f"{name}: dcm2niix wrote {', '.join(produced)}")
        for f in corrected:
            ours_path = os.path.join(out, "ours_corrected.nii")
            # Newer dcm2niix releases (1.0.2026...) space _Eq slices evenly over the whole extent,
            # (ceil(extent / smallest) + 1 slices, in single precision): when its slice spacing is
            # not ours, ours is also made at its spacing (SetSliceSpacing()) and compared there.
            dz_theirs = float(np.linalg.norm(nib.load(os.path.join(out, f)).get_qform()[:3, 2]))
            dz_ours = float(nib.load(ours_path).header.get_zooms()[2])
            if abs(dz_theirs - dz_ours) > 1e-4:
                print(f"  {name} {f}: dcm2niix's slice spacing {dz_theirs:.6g} mm, ours {dz_ours:.6g} mm:"
                      f" ours again at {dz_theirs:.6g} mm")
                r = subprocess.run([args.driver, "itkSliceStackResampleImageFilterOracle", dicom,
                                    os.path.join(out, "ours_dz"), "dcm2niix-grid", repr(dz_theirs)],
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    print(r.stdout, r.stderr)
                    return 1
                ours_path = os.path.join(out, "ours_dz_corrected.nii")
            row = compare(ours_path, os.path.join(out, f), os.path.join(out, "d2n.nii"), stack, f"{name} {f}",
                          args.perturb)
            ok = (row["ours_vs_d2n_mm"] <= 1e-3 and row["fair_max"] <= 1.0 and row["not_on_ours"] == 0 and
                  row["ours_wrong"] == 0)
            failed = failed or not ok
            print(f"  {row['what']}: ours {row['ours']} dcm2niix {row['theirs']}; geometry of dcm2niix's voxels vs ours"
                  f" {row['ours_vs_d2n_mm']:.1e} mm (dcm2niix's own sform off by {row['d2n_sform_error_mm']:.3g} mm,"
                  f" qform {row['d2n_qform_error_mm']:.3g} mm); {row['compared']} voxels compared,"
                  f" {row['not_on_ours']} not on our grid; interior {row['interior']}: max |diff| {row['interior_max']:g}"
                  f" ({row['interior_differ']} differ); all: max |diff| {row['all_max']:g} ({row['all_differ']} differ);"
                  f" input pixels on our grid: {row['truth_voxels']}, ours wrong {row['ours_wrong']}; on dcm2niix's"
                  f" {row['theirs_truth_voxels']}, dcm2niix wrong {row['theirs_wrong']} (max {row['theirs_wrong_max']:g});"
                  f" interior where dcm2niix is not wrong: max |diff| {row['fair_max']:g}"
                  f"  {'OK' if ok else 'DIFFERENT'}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    print("oracle: " + ("agreement" if not failed else "DIFFERENCES"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
