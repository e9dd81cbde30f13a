#!/usr/bin/env python3
"""A stand-in for `parallel-series convert DIR OUT --format nii` that does what issue 13 asks on
the generated cases: the oracle's check that its failing cases can turn green at all (a correct
converter passes every generated case), not a converter.

    python ideal_converter.py convert CASE/dicom OUT [--recursive] [--format nii]

It reads CASE/expected.json (the generator's truth) and writes, per true volume, a NIfTI in
ITK's index order (x = DICOM column, y = row, slices in file order, LPS geometry written as RAS)
plus a manifest.csv with the columns the oracle reads. Volumes whose correction (tilt,
equidistant) resamples are taken from dcm2niix's corrected output (DCM2NIIX in the
environment), which is what such a correction has to reproduce. The truncated copy of the
pydicom case fails alone (status failed). A directory without expected.json (nibabel's Siemens
mosaics) is converted with nibabel's DICOM wrappers, one volume per file (de-mosaicked).
Needs numpy, nibabel, pydicom.
"""

import csv
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import nibabel as nib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_cases import pattern  # noqa: E402

RAS = np.diag([-1.0, -1.0, 1.0, 1.0])


def volume_image(truth, dicom_dir):
    cols, rows, slices = truth["shape"]
    if truth["pixels"] is not None:
        data = np.stack([pattern(rows, cols, k, seed).T for k, seed in truth["pixels"]], axis=-1)
    else:
        import pydicom

        data = pydicom.dcmread(os.path.join(dicom_dir, truth["files"][0])).pixel_array.T[..., None]
    if truth["slice_positions"] is None:
        return nib.Nifti1Image(data, RAS @ np.eye(4))
    row, col = np.array(truth["row"]), np.array(truth["col"])
    positions = np.array(truth["slice_positions"])
    step = positions[1] - positions[0] if len(positions) > 1 else np.cross(row, col)
    lps = np.eye(4)
    lps[:3, 0] = row * truth["spacing"][0]
    lps[:3, 1] = col * truth["spacing"][1]
    lps[:3, 2] = step
    lps[:3, 3] = positions[0]
    return nib.Nifti1Image(data, RAS @ lps)


def convert_with_nibabel(dicom_dir, out):
    """Files without a generator's truth (Siemens mosaics): one volume per file as nibabel's
    DICOM wrappers (MosaicWrapper de-mosaics) give it, in ITK's order."""
    import warnings

    import pydicom

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nibabel.nicom import dicomwrappers
    rows = []
    for index, name in enumerate(sorted(os.listdir(dicom_dir)), 1):
        path = os.path.join(dicom_dir, name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wrapper = dicomwrappers.wrapper_from_file(path)
            data = wrapper.get_data()
            lps = np.asarray(wrapper.affine, dtype=np.float64)
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        swap = np.eye(4)[[1, 0, 2, 3]]  # (row, column) -> (x = column, y = row)
        image = nib.Nifti1Image(np.ascontiguousarray(data.transpose(1, 0, 2)), RAS @ lps @ swap)
        file_name = f"{index:03d}_{ds.SeriesNumber}.nii"
        nib.save(image, os.path.join(out, file_name))
        rows.append({"index": index, "series_instance_uid": ds.SeriesInstanceUID,
                     "series_number": ds.SeriesNumber, "volume": index - 1, "path": file_name,
                     "status": "ok", "error": ""})
    with open(os.path.join(out, "manifest.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return 0


def main(argv):
    if len(argv) < 3 or argv[0] != "convert":
        print(__doc__, file=sys.stderr)
        return 2
    dicom_dir, out = argv[1], argv[2]
    os.makedirs(out, exist_ok=True)
    truth_file = os.path.join(os.path.dirname(os.path.abspath(dicom_dir)), "expected.json")
    if not os.path.exists(truth_file):
        return convert_with_nibabel(dicom_dir, out)
    with open(truth_file) as f:
        expected = json.load(f)
    corrected = {}
    if any(v.get("correction") for v in expected["volumes"]):
        scratch = tempfile.mkdtemp()
        subprocess.run([os.environ.get("DCM2NIIX", "dcm2niix"), "-b", "n", "-z", "n", "-f", "%j",
                        "-o", scratch, dicom_dir], stdout=subprocess.DEVNULL, check=True)
        for path in glob.glob(os.path.join(scratch, "*_Tilt_*.nii")) + \
                glob.glob(os.path.join(scratch, "*_Eq_*.nii")):
            corrected[os.path.basename(path).split("_")[0]] = path
    rows, status = [], 0
    for index, truth in enumerate(expected["volumes"], 1):
        name = f"{index:03d}_{truth['series_number']}.nii"
        row = {"index": index, "series_instance_uid": truth["series_instance_uid"],
               "series_number": truth["series_number"], "volume": 0, "path": name,
               "status": "ok", "error": ""}
        if truth.get("truncated"):
            row.update(path="", status="failed",
                       error=f'file "{os.path.join(dicom_dir, truth["files"][0])}": truncated file')
            status = 1
        elif truth.get("correction"):
            shutil.copy(corrected[truth["series_instance_uid"]], os.path.join(out, name))
        else:
            nib.save(volume_image(truth, dicom_dir), os.path.join(out, name))
        rows.append(row)
    for row in rows:  # volume index within its series
        row["volume"] = sum(1 for r in rows[:rows.index(row)]
                            if r["series_instance_uid"] == row["series_instance_uid"] and
                            r["series_number"] == row["series_number"])
    with open(os.path.join(out, "manifest.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
