#!/usr/bin/env python3
"""dcm2niix as the test oracle of `parallel-series convert` (issue 13, item 5).

    python dcm2niix_oracle.py --cli PARALLEL_SERIES --work DIR [--dcm2niix DCM2NIIX]
        [--itk-data DIR] [--case NAME ...] [--passing] [--source generated|pydicom|itk ...]
        [--markdown FILE] [--perturb flip-x|shift-origin|values]
    python dcm2niix_oracle.py --list [--passing] [--source ...]

Without --case it runs every case (the ITK ones when --itk-data is given: test/Input/ITK with
its content links resolved, e.g. <build>/ExternalData/test/Input/ITK); --passing keeps the cases
marked "passes" (what ctest runs, test/OracleTests.cmake).

For every case (CASES below: the generated ones of generate_cases.py, pydicom's bundled CT / MR
files, ITK's DICOM test files given by --itk-data) it
1. converts the case's DICOM directory with `parallel-series convert DIR OUT --recursive
   --format nii` and with `dcm2niix -b n -z n -m n -f %j_%s -o OUT DIR`;
2. pairs the outputs: by SeriesInstanceUID and series number (ours from manifest.csv, dcm2niix's
   from its file names, `%j_%s` plus the suffixes it appends: a, b, ... for stacks it split,
   _i<instance> for orientations, _e<echo>, ...); within one series each of our volumes pairs with
   the dcm2niix volume (a 4D file holds several) of the same shape whose voxel-centre positions
   are nearest, ties broken by voxel difference; one to one, except that several identical
   volumes of ours may pair with one dcm2niix volume when dcm2niix removed duplicates. Where
   dcm2niix also wrote a corrected file (_Tilt_N: gantry tilt, _Eq_N: equidistant slices), the
   corrected one is the reference (the true geometry) and the uncorrected one is only reported;
3. for each pair asserts: same shape, equal voxel values after mapping both into the same index
   order via their affines (nibabel's as_closest_canonical; dcm2niix writes a RAS affine and
   flips rows, ITK's writer keeps the DICOM order), and voxel-centre positions within 1e-3 mm
   (the extreme voxel centres of the grid; the slice axis of a single-slice volume, where no
   spacing exists, is not compared);
4. for generated cases also checks our volumes against the truth the generator wrote
   (expected.json): the number of volumes per series, and for every true pixel (slice k, row r,
   column c at IPP_k + c*dx*row + r*dy*col, value pattern(k)) that our affine puts it on a voxel
   (within 1e-3 mm) holding that value; a resampled output (tilt / equidistant correction) is
   checked by dcm2niix only.

A case passes when every volume of both sides is paired and agrees and the truth check passes.
Each case carries `expected`: "passes", or "fails until <feature>" (the issue-13 feature that
turns it green; its implementer flips the marker and registers the case in
test/OracleTests.cmake). The exit code is 0 when every selected case did what it is expected to
do (a case marked failing that passes is reported as "unexpected pass", exit 1, so that its
marker gets flipped), 1 otherwise, 2 on usage errors.

--perturb flip-x|shift-origin|values corrupts our outputs before the comparison (self-test: the
comparison must then fail). Needs numpy and nibabel; the generated cases need pydicom too.
"""

import argparse
import csv
import glob
import gzip
import json
import os
import re
import shutil
import subprocess
import sys

import numpy as np
import nibabel as nib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

AFFINE_TOLERANCE_MM = 1e-3
VOXEL_RELATIVE_TOLERANCE = 1e-5
# Against dcm2niix's resampled outputs (_Tilt, _Eq): interpolated values rounded to the integer
# type may differ by one.
RESAMPLED_VOXEL_TOLERANCE = 1.0

PASSES = "passes"
# The issue-13 features (fails until ...)
MOSAIC = "fails until Siemens mosaic (issue 13 item 1)"
COLOCATED = "fails until co-located files split into volumes (issue 13 item 2)"
SPLIT_SIZE = "fails until series split by image size (issue 13 item 3)"
SPLIT_ORIENTATION = "fails until series split by orientation (issue 13 item 3)"
TILT = "fails until gantry-tilt correction (issue 13 item 4)"
EQUIDISTANT = "fails until equidistant resampling of variable slice distance (issue 13 item 4)"
# Where dcm2niix is no oracle (docs/real-data-status.md says who is right)
RT_DOSE = ("differs: RT dose slice spacing: ours from GridFrameOffsetVector (right), dcm2niix "
           "1 mm (it ignores the vector)")
LOSSY_JPEG = "differs: lossy JPEG, GDCM's and dcm2niix's decoders differ"
NO_DCM2NIIX = "differs: dcm2niix cannot convert it (no oracle)"

# name -> (source, expected[, options]). source: "generated:<case>", "pydicom:<file>[,...]",
# "nibabel:<file>[,...]" or "itk:<path under ITK's Input/ITK/>". expected: "passes";
# "fails until <feature>" (ours is wrong today); "differs: <reason>" (dcm2niix is no oracle
# there: a deliberate or undecidable difference, documented in docs/real-data-status.md).
# options: {"dcm2niix_ignore_series": [series numbers dcm2niix is not compared on (the
# generator's truth still is)], "nibabel": True (nibabel's DICOM wrappers must agree too: one
# volume per file), "dcm2niix_args": [options added to dcm2niix's command line]}.
# Philips: dcm2niix's default "-p y" scales by the private MR scale slope (2005,100E) ("precise
# float", PMC3998685); "-p n" applies RescaleSlope / RescaleIntercept as DICOM defines them, as
# stock ITK and ours do.
PHILIPS_DISPLAY_SCALING = {"dcm2niix_args": ["-p", "n"]}
CASES = {
    "axial": ("generated:axial", PASSES),
    "tilt": ("generated:tilt", TILT),
    "variable-spacing": ("generated:variable-spacing", EQUIDISTANT),
    "colocated": ("generated:colocated", PASSES),
    # dcm2niix stacks the two same-size screen saves as 2 slices of a bogus geometry: for the
    # dose series only the generator's truth (each image its own 2D output) is the oracle.
    "mixed-size": ("generated:mixed-size", PASSES, {"dcm2niix_ignore_series": ["999"]}),
    "triplanar": ("generated:triplanar", PASSES),
    "pydicom-mr-copies": ("generated:pydicom-mr-copies", PASSES),
    "pydicom-CT_small": ("pydicom:CT_small.dcm", PASSES),
    "pydicom-MR_small": ("pydicom:MR_small.dcm", PASSES),
    "pydicom-MR_small_bigendian": ("pydicom:MR_small_bigendian.dcm", PASSES),
    "pydicom-MR_small_RLE": ("pydicom:MR_small_RLE.dcm", PASSES),
    "pydicom-MR_small_jp2klossless": ("pydicom:MR_small_jp2klossless.dcm", PASSES),
    "pydicom-rtdose": ("pydicom:rtdose.dcm", RT_DOSE),
    "pydicom-JPEG2000": ("pydicom:JPEG2000.dcm", PASSES),
    "pydicom-SC_rgb_small_odd": ("pydicom:SC_rgb_small_odd.dcm", PASSES),
    # nibabel's wheel: nibabel/nicom/tests/data (.gz ones unpacked); csa_slice_norm.dcm has no
    # pixel data: neither converter writes anything
    # mosaics: nibabel's MosaicWrapper is a second oracle (option "nibabel")
    "nibabel-siemens_dwi_0": ("nibabel:siemens_dwi_0.dcm.gz", PASSES, {"nibabel": True}),
    "nibabel-siemens_dwi_1000": ("nibabel:siemens_dwi_1000.dcm.gz", PASSES, {"nibabel": True}),
    # (nibabel cannot de-mosaic 0.dcm / 1.dcm: 36 x 36 tiles do not divide the 256 x 256 image)
    "nibabel-siemens-dti-0-1": ("nibabel:0.dcm,1.dcm", "differs: 48 tiles of 36.57 x 36.57 pixels: ours "
                                "reports the series (not a whole number of tiles), dcm2niix cuts 36 x 36 tiles"),
    "nibabel-philips_mprage": ("nibabel:philips_mprage.dcm.gz", PASSES),
    "nibabel-decimal_rescale": ("nibabel:decimal_rescale.dcm", PASSES),
    "nibabel-slicethickness_empty_string": ("nibabel:slicethickness_empty_string.dcm",
                                            NO_DCM2NIIX + ": it reads illegal tags"),
    "nibabel-csa_slice_norm": ("nibabel:csa_slice_norm.dcm", PASSES),
}
# ITK's DICOM test files (test/Input/ITK/, resolved from ITK's ExternalData store): one case per
# series directory, one per file otherwise. Expectations as measured against today's main.
ITK_FILES = [
    "DicomSeries", "DicomSeries2", "DicomImageOrientationTest", "DicomDirectionsTest",
    "DCMTK/MultiFrameDicomTest.dcm", "DCMTK/NoPreambleDicomTest.dcm", "DCMTK/slopeIntercept.dcm",
    "DCMTK/slopeInterceptOrig.dcm",
    "GDCM/JPEGBaseline1DicomTest.dcm", "GDCM/LegacyMultiFrame.dcm", "GDCM/NoPreambleDicomTest.dcm",
    "GDCM/US1_J2KI.dcm", "GDCM/US1_J2KR.dcm", "GDCM/gdcmNoSpacingTest.dcm",
    "GDCM/gdcmSpacingTest.dcm", "GDCM/itkGDCMImageIOTest3_mono1.dcm", "GDCM/single-bit.dcm",
    "GDCM/Lily/JPEG2000-YBR_RCT.dcm", "GDCM/Lily/JPEGLS-RGB.dcm", "GDCM/Lily/RLE-RGB.dcm",
    "GDCM/Lily/losslessJPEG-RGB.dcm", "GDCM/Lily/lossyJPEG-YBR_FULL_422.dcm",
    "GDCM/Lily/raw-RGB.dcm", "GDCM/Lily/raw-YBR_FULL.dcm", "GDCM/Lily/raw-YBR_FULL_422.dcm",
    "OT-PAL-8-face.dcm", "OrthogonalDirectionsTest.dcm", "Philips_4D_DICOM.dcm", "RGBDicomTest.dcm",
    "dicom-sc_cs-1.dcm", "itkDCMTKNonSquare.dcm", "itkGDCMImageIOTest.dcm", "itkGDCMImageIOTest3.dcm",
]
ITK_EXPECTED = {  # the others: PASSES
    "DCMTK/NoPreambleDicomTest.dcm": RT_DOSE,
    "GDCM/NoPreambleDicomTest.dcm": RT_DOSE,
    "GDCM/JPEGBaseline1DicomTest.dcm": LOSSY_JPEG,
    "GDCM/Lily/lossyJPEG-YBR_FULL_422.dcm": LOSSY_JPEG,
    "GDCM/gdcmNoSpacingTest.dcm": ("differs: no PixelSpacing: dcm2niix writes a garbage affine "
                                   "(3.5e9 mm voxels), ours 1 mm"),
    "GDCM/itkGDCMImageIOTest3_mono1.dcm": ("differs: MONOCHROME1: dcm2niix inverts (-1 - v), "
                                           "ours keeps the stored values (as stock ITK)"),
    "GDCM/single-bit.dcm": ("differs: 1-bit SEG: ours 0/255 (GDCM's expansion, as stock ITK), "
                            "dcm2niix 0/1 (the stored values)"),
    "GDCM/Lily/raw-YBR_FULL_422.dcm": NO_DCM2NIIX + ": uncompressed YBR_FULL_422",
    "OT-PAL-8-face.dcm": ("differs: palette colour: ours RGB (palette applied, as stock ITK), "
                          "dcm2niix the indices"),
}
ITK_OPTIONS = {"Philips_4D_DICOM.dcm": PHILIPS_DISPLAY_SCALING}  # the others: none
ITK_CASES = {"itk-" + re.sub(r"\.dcm$", "", path).replace("/", "-"):
             ("itk:" + path, ITK_EXPECTED.get(path, PASSES), ITK_OPTIONS.get(path, {}))
             for path in ITK_FILES}


def log(*args):
    print(*args, flush=True)


# ---------------------------------------------------------------------------------------------
# Running the converters

def run(command, log_path):
    with open(log_path, "w") as f:
        f.write(" ".join(command) + "\n")
        f.flush()
        result = subprocess.run(command, stdout=f, stderr=subprocess.STDOUT)
    with open(log_path) as f:
        return result.returncode, f.read()


def run_ours(cli, dicom_dir, out_dir):
    shutil.rmtree(out_dir, ignore_errors=True)
    program = [sys.executable, cli] if cli.endswith(".py") else [cli]  # ideal_converter.py
    code, text = run(program + ["convert", dicom_dir, out_dir, "--recursive", "--format", "nii"],
                     out_dir + ".log")
    volumes = []
    manifest = os.path.join(out_dir, "manifest.csv")
    if os.path.exists(manifest):
        with open(manifest, newline="") as f:
            for row in csv.DictReader(f):
                volumes.append({
                    "uid": row["series_instance_uid"],
                    "number": row["series_number"],
                    "volume": int(row["volume"]),
                    "status": row["status"],
                    "error": row["error"],
                    "path": os.path.join(out_dir, row["path"]) if row["path"] else None,
                    "label": f"{row['path'] or '(failed)'}",
                })
    return code, text, volumes


DCM2NIIX_NAME = re.compile(r"^([0-9.]*)_(\d*)(.*)\.nii$")  # %j is empty without the tag


def run_dcm2niix(dcm2niix, dicom_dir, out_dir, extra_args=()):
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    code, text = run([dcm2niix, "-b", "n", "-z", "n", "-m", "n", "-f", "%j_%s", *extra_args, "-o", out_dir,
                      dicom_dir], out_dir + ".log")
    files = []
    for path in sorted(glob.glob(os.path.join(out_dir, "*.nii"))):
        name = os.path.basename(path)
        match = DCM2NIIX_NAME.match(name)
        if not match:
            files.append({"uid": None, "number": None, "suffix": name, "path": path})
            continue
        uid, number, suffix = match.groups()
        files.append({"uid": uid, "number": number, "suffix": suffix, "path": path})
    # corrected variants replace their raw file as the reference
    corrected = {}
    for f in files:
        m = re.match(r"^(.*)_(Tilt|Eq)_\d+$", f["suffix"])
        if m:
            corrected[(f["uid"], f["number"], m.group(1))] = f
            f["corrects"] = m.group(2)
    references, uncorrected = [], []
    for f in files:
        if f.get("corrects"):
            continue
        variant = corrected.get((f["uid"], f["number"], f["suffix"]))
        if variant is not None:
            variant["raw"] = f
            references.append(variant)
            uncorrected.append(f)
        else:
            references.append(f)
    volumes = []
    for f in references:
        image = nib.load(f["path"])
        count = image.shape[3] if len(image.shape) > 3 and image.shape[3] > 1 else 1
        for t in range(count):
            volumes.append({"uid": f["uid"], "number": f["number"], "path": f["path"], "t": t,
                            "label": os.path.basename(f["path"]) + (f"[{t}]" if count > 1 else ""),
                            "raw": f.get("raw"), "corrects": f.get("corrects")})
    return code, text, volumes, "DUPLICATES REMOVED" in text


# ---------------------------------------------------------------------------------------------
# Images in one index order

def plain_array(image):
    data = np.asanyarray(image.dataobj)
    if data.dtype.fields:  # RGB24 / RGBA32 as a structured array
        data = np.stack([data[name] for name in data.dtype.names], axis=-1).astype(np.float64)
    else:
        data = image.get_fdata(dtype=np.float64) if np.issubdtype(image.get_data_dtype(), np.number) \
            else data.astype(np.float64)
    return data


def load_volume(path, t=0, perturb=None):
    """(data[x, y, z, ...components], affine) in closest-canonical (RAS) index order."""
    image = nib.load(path)
    data = plain_array(image)
    # ITK writes vector pixels as 5D (x, y, z, t=1, components); dcm2niix as RGB24 3D or 4D.
    if data.ndim == 5:
        data = data[:, :, :, 0, :]
    elif data.ndim == 4 and image.header.get_intent()[0] != "vector" and \
            not image.get_data_dtype().fields:
        data = data[:, :, :, t]
    while data.ndim < 3:
        data = data[..., np.newaxis]
    affine = image.affine.copy()
    if perturb == "flip-x":
        data = data[::-1].copy()
    elif perturb == "shift-origin":
        affine[0, 3] += 0.01
    elif perturb == "values":
        data = data.copy()
        data.flat[data.size // 2] += 1
    return canonical(data, affine), (data, affine)


def canonical(data, affine):
    ornt = nib.orientations.io_orientation(affine)
    transform = nib.orientations.inv_ornt_aff(ornt, data.shape[:3])
    spatial = nib.orientations.apply_orientation(data, ornt)
    return np.ascontiguousarray(spatial), affine @ transform


def corner_centres(affine, shape):
    """World positions of the extreme voxel centres (a singleton axis contributes only 0)."""
    ranges = [[0] if n == 1 else [0, n - 1] for n in shape[:3]]
    points = np.array([[i, j, k, 1.0] for i in ranges[0] for j in ranges[1] for k in ranges[2]])
    return (affine @ points.T).T[:, :3]


def values_equal(a, b, absolute=0.0):
    """Equal voxels: exactly, or within float32 rounding of a rescale (slope * stored +
    intercept computed in float32 by one side, in double by the other): 1e-5 of the range;
    `absolute` more against a resampled reference (rounding of interpolated integers)."""
    if a.shape != b.shape:
        return False
    difference = float(np.max(np.abs(a - b))) if a.size else 0.0
    scale = max(1.0, float(np.max(np.abs(b))) if b.size else 1.0)
    return difference <= VOXEL_RELATIVE_TOLERANCE * scale + absolute


def compare(ours, theirs, geometry=True, absolute=0.0):
    (a, aa), (b, ba) = ours, theirs
    if a.shape != b.shape:
        return {"shape": f"{a.shape[:3]}{'' if a.ndim == 3 else ' RGB'} vs "
                         f"{b.shape[:3]}{'' if b.ndim == 3 else ' RGB'}",
                "shape_ok": False, "voxel": None, "voxel_ok": False, "affine": None,
                "affine_ok": False}
    voxel = float(np.max(np.abs(a - b))) if a.size else 0.0
    affine = float(np.max(np.abs(corner_centres(aa, a.shape) - corner_centres(ba, b.shape))))
    return {"shape": "x".join(map(str, a.shape[:3])), "shape_ok": True, "voxel": voxel,
            "voxel_ok": values_equal(a, b, absolute), "affine": affine if geometry else None,
            "affine_ok": (affine <= AFFINE_TOLERANCE_MM) or not geometry}


def agrees(result):
    return result["shape_ok"] and result["voxel_ok"] and result["affine_ok"]


# ---------------------------------------------------------------------------------------------
# Pairing within one series

def pair_series(ours, theirs, allow_duplicates, geometry, tolerances):
    """Greedy over (ours, dcm2niix) volumes of one series: the pairs that agree first, then by
    nearest voxel-centre positions, then by voxel difference. tolerances[j]: the absolute voxel
    tolerance against dcm2niix's volume j."""
    candidates = []
    for i, o in enumerate(ours):
        for j, t in enumerate(theirs):
            result = compare(o, t, geometry, tolerances[j])
            if result["shape_ok"]:
                key = (not agrees(result), not result["affine_ok"], result["affine"] or 0.0,
                       result["voxel"])
            else:
                key = (True, True, float("inf"), float("inf"))
            candidates.append((key, i, j, result))
    candidates.sort(key=lambda c: c[0])
    pairs, used_ours, used_theirs = [], set(), set()
    for key, i, j, result in candidates:
        if i in used_ours:
            continue
        # several identical volumes of ours may pair with the one dcm2niix kept
        if j in used_theirs and not (allow_duplicates and agrees(result)):
            continue
        pairs.append((i, j, result))
        used_ours.add(i)
        used_theirs.add(j)
    return (pairs, [i for i in range(len(ours)) if i not in used_ours],
            [j for j in range(len(theirs)) if j not in used_theirs])


def series_number(text):
    try:
        return str(int(str(text).strip()))
    except ValueError:
        return ""


def series_keys(ours, theirs):
    """Groups (key -> ([our indices], [their indices])): by SeriesInstanceUID, and by series
    number within one UID when both sides split it into the same series numbers (one image saved
    under two numbers). dcm2niix invents a number where the tag is missing; ours leaves it
    empty: then the UID alone pairs."""
    groups = {}
    for uid in sorted({v["uid"] for v in ours + theirs}, key=str):
        oi = [i for i, v in enumerate(ours) if v["uid"] == uid]
        tj = [j for j, v in enumerate(theirs) if v["uid"] == uid]
        numbers_ours = {series_number(ours[i]["number"]) for i in oi}
        numbers_theirs = {series_number(theirs[j]["number"]) for j in tj}
        if numbers_ours == numbers_theirs and len(numbers_ours) > 1:
            for n in sorted(numbers_ours):
                groups[(uid, n)] = ([i for i in oi if series_number(ours[i]["number"]) == n],
                                    [j for j in tj if series_number(theirs[j]["number"]) == n])
        else:
            number = "/".join(sorted(numbers_ours | numbers_theirs)) if len(numbers_ours) <= 1 else \
                "/".join(sorted(numbers_ours))
            groups[(uid, number)] = (oi, tj)
    return groups


def nibabel_volumes(dicom_dir):
    """nibabel's DICOM wrappers as a second oracle (issue 13: for Siemens mosaics its
    MosaicWrapper de-mosaics with the CSA header): one volume per file, data (row, column,
    slice) with an affine to LPS, turned into the (x, y, z) / RAS of the comparison."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "highly experimental"
        from nibabel.nicom import dicomwrappers

    volumes = []
    for root, _, names in os.walk(dicom_dir):
        for name in sorted(names):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "highly experimental"
                wrapper = dicomwrappers.wrapper_from_file(os.path.join(root, name))
                data = np.asarray(wrapper.get_data(), dtype=np.float64)
                lps = np.asarray(wrapper.affine, dtype=np.float64)
            while data.ndim < 3:
                data = data[..., np.newaxis]
            # (row, column, slice) -> (column, row, slice): swap the first two axes and columns
            data = np.ascontiguousarray(data.transpose(1, 0, 2))
            swap = np.eye(4)[[1, 0, 2, 3]]
            ras = np.diag([-1.0, -1.0, 1.0, 1.0]) @ lps @ swap
            volumes.append({"label": f"nibabel {type(wrapper).__name__}({name})",
                            "image": canonical(data, ras)})
    return volumes


def dicom_geometry(dicom_dir):
    """SeriesInstanceUID -> whether its files carry a patient geometry (IPP and IOP, top level
    or in the functional groups). Without it neither converter can know where the pixels are:
    only the voxels are compared. Needs pydicom; without it every series counts as spatial."""
    try:
        import pydicom
    except ImportError:
        return {}
    result = {}
    for root, _, names in os.walk(dicom_dir):
        for name in names:
            try:
                ds = pydicom.dcmread(os.path.join(root, name), stop_before_pixels=True, force=True)
                uid = str(ds.SeriesInstanceUID)
            except Exception:  # not DICOM, damaged: the converters report it
                continue
            spatial = "ImagePositionPatient" in ds and "ImageOrientationPatient" in ds
            if not spatial:
                for group in ("SharedFunctionalGroupsSequence", "PerFrameFunctionalGroupsSequence"):
                    item = ds.get(group)
                    if item and "PlaneOrientationSequence" in item[0] or \
                            item and "PlanePositionSequence" in item[0]:
                        spatial = True
            result[uid] = result.get(uid, True) and spatial
    return result


# ---------------------------------------------------------------------------------------------
# Truth of the generated cases

def truth_check(expected, ours_by_series, perturb):
    """Checks our written volumes against expected.json; returns (ok, [messages])."""
    from generate_cases import pattern

    messages, ok = [], True
    groups = {}
    for volume in expected["volumes"]:
        groups.setdefault((volume["series_instance_uid"], series_number(volume["series_number"])),
                          []).append(volume)
    for key, truths in groups.items():
        ours = [o for o in ours_by_series.get(key, []) if o["path"]]
        readable = [t for t in truths if not t.get("truncated")]
        if len(ours) != len(readable):
            ok = False
            messages.append(f"series {key[1]}: {len(ours)} volume(s) written, truth {len(readable)}"
                            + (f" (and {len(truths) - len(readable)} truncated file(s) that must fail"
                               " alone)" if len(readable) < len(truths) else ""))
        remaining = list(ours)
        for truth in truths:
            best = None
            if truth.get("truncated"):
                continue
            for o in remaining:
                result = truth_volume(truth, o, pattern, perturb)
                if best is None or result[0] < best[0][0]:
                    best = (result, o)
            if best is None:
                continue
            (score, message), o = best
            if score > 0:
                ok = False
                messages.append(f"series {key[1]} {o['label']}: {message}")
            remaining.remove(o)
    return ok, messages


def tilt_corrected_grid(truth, data, affine, pattern):
    """A tilt-corrected (resampled) output. The grid must be the orthogonal one: in-plane axes
    along IOP row / column with the true spacing, slices along the IOP normal through the true
    slices, every true pixel inside it; and every voxel that lies within a true slice's
    extent must hold the linear interpolation of that slice's generated pixels at its position
    (within 1: the rounding to the integer type)."""
    lps = np.diag([-1.0, -1.0, 1.0, 1.0]) @ affine
    row, col = np.array(truth["row"]), np.array(truth["col"])
    normal = np.cross(row, col)
    axes = lps[:3, :3]
    problems = []
    for name, direction, length in (("row", row, truth["spacing"][0]),
                                    ("column", col, truth["spacing"][1]), ("slice", normal, None)):
        column = next((axes[:, i] for i in range(3) if abs(abs(np.dot(axes[:, i], direction)) -
                                                           np.linalg.norm(axes[:, i])) < 1e-6), None)
        if column is None:
            problems.append(f"no grid axis along the {name} direction")
        elif length is not None and abs(np.linalg.norm(column) - length) > 1e-6:
            problems.append(f"{name} spacing {np.linalg.norm(column):.6g}, truth {length}")
    if problems:
        return len(problems), "; ".join(problems)
    inverse = np.linalg.inv(lps)
    cols, rows, _ = truth["shape"]
    dx, dy = truth["spacing"]
    corners = [(0, 0), (cols - 1, 0), (0, rows - 1), (cols - 1, rows - 1)]
    for position in truth["slice_positions"]:
        for c, r in corners:
            index = inverse @ np.append(np.array(position) + c * dx * row + r * dy * col, 1.0)
            if np.any(index[:3] < -1e-3) or np.any(index[:3] > np.array(data.shape[:3]) - 1 + 1e-3):
                return 1, f"true pixel ({c}, {r}) of the slice at {position} outside the grid"
    # the values: each grid voxel against the true slice in its plane
    i, j, k = np.meshgrid(*[np.arange(n) for n in data.shape[:3]], indexing="ij")
    world = np.stack([i, j, k, np.ones_like(i)], axis=-1).astype(float) @ lps.T
    heights = [float(np.dot(p, normal)) for p in truth["slice_positions"]]
    worst, compared, off_plane = 0.0, 0, 0
    for kk in range(data.shape[2]):
        points = world[:, :, kk, :3]
        height = float(np.dot(points[0, 0], normal))
        match = [n for n, h in enumerate(heights) if abs(h - height) < AFFINE_TOLERANCE_MM]
        if not match:
            off_plane += 1
            continue
        n = match[0]
        offset = points - np.array(truth["slice_positions"][n])
        fc, fr = offset @ row / dx, offset @ col / dy
        inside = (fc >= -1e-6) & (fc <= cols - 1 + 1e-6) & (fr >= -1e-6) & (fr <= rows - 1 + 1e-6)
        c0 = np.clip(np.floor(fc + 1e-6).astype(int), 0, cols - 2)
        r0 = np.clip(np.floor(fr + 1e-6).astype(int), 0, rows - 2)
        tc, tr = np.clip(fc - c0, 0, 1), np.clip(fr - r0, 0, 1)
        p = pattern(rows, cols, truth["pixels"][n][0], truth["pixels"][n][1]).astype(float)
        expected = ((1 - tr) * ((1 - tc) * p[r0, c0] + tc * p[r0, c0 + 1]) +
                    tr * ((1 - tc) * p[r0 + 1, c0] + tc * p[r0 + 1, c0 + 1]))
        difference = np.abs(data[:, :, kk] - expected)[inside]
        if difference.size:
            worst = max(worst, float(difference.max()))
        compared += int(np.count_nonzero(inside))
    if off_plane:
        return off_plane, f"{off_plane} grid slice(s) between the true slices"
    if worst > RESAMPLED_VOXEL_TOLERANCE:
        return 1, (f"tilt-corrected grid: values off the interpolated truth by up to {worst:.4g} "
                   f"({compared} voxels compared)")
    return 0, f"tilt-corrected grid, {compared} voxels within {worst:.2g} of the interpolated truth"


def truth_volume(truth, ours, pattern, perturb):
    """(score, message): 0 when every true pixel sits on a voxel of ours with its value."""
    (_, (data, affine)) = load_volume(ours["path"], perturb=perturb)
    data = data[..., 0] if data.ndim == 4 else data
    cols, rows, slices = truth["shape"]
    resampled = data.size != cols * rows * slices
    if resampled and truth.get("correction") == "tilt":
        return tilt_corrected_grid(truth, data, affine, pattern)
    if resampled and truth.get("correction") != "equidistant":
        return float("inf"), f"{data.shape} voxels, truth {cols}x{rows}x{slices}"
    # (an equidistant grid still holds every true slice: the check below, without the size)
    if truth["slice_positions"] is None:  # no geometry (secondary capture): values in file order
        expected = np.stack([pattern(rows, cols, k, seed) for k, seed in truth["pixels"]], axis=-1)
        expected = expected.transpose(1, 0, 2)  # (x, y, z)
        if data.shape != expected.shape:
            return float("inf"), f"shape {data.shape}, truth {expected.shape}"
        bad = int(np.count_nonzero(data != expected))
        return bad, f"{bad} voxel(s) differ from the generated pixels"
    lps = np.diag([-1.0, -1.0, 1.0, 1.0]) @ affine
    inverse = np.linalg.inv(lps)
    r, c = np.mgrid[0:rows, 0:cols]
    row, col = np.array(truth["row"]), np.array(truth["col"])
    dx, dy = truth["spacing"]
    worst_mm, bad_values, outside = 0.0, 0, 0
    for k, position in enumerate(truth["slice_positions"]):
        points = (np.array(position)[None, None, :] + c[..., None] * dx * row + r[..., None] * dy * col)
        homogeneous = np.concatenate([points, np.ones(points.shape[:2] + (1,))], axis=-1)
        index = homogeneous @ inverse.T
        nearest = np.rint(index[..., :3]).astype(int)
        back = np.concatenate([nearest, np.ones(nearest.shape[:2] + (1,))], axis=-1) @ lps.T
        worst_mm = max(worst_mm, float(np.max(np.linalg.norm(back[..., :3] - points, axis=-1))))
        inside = np.all((nearest >= 0) & (nearest < np.array(data.shape[:3])), axis=-1)
        outside += int(np.count_nonzero(~inside))
        if truth["pixels"] is not None:
            values = np.full((rows, cols), np.nan)
            idx = nearest[inside]
            values[inside] = data[idx[:, 0], idx[:, 1], idx[:, 2]]
            seed = truth["pixels"][k][1]
            bad_values += int(np.count_nonzero(values != pattern(rows, cols, k, seed)))
    score = (worst_mm > AFFINE_TOLERANCE_MM) * 1e6 + outside + bad_values
    return score, (f"true pixel positions off by up to {worst_mm:.4g} mm, {outside} outside the "
                   f"grid, {bad_values} value(s) differ")


# ---------------------------------------------------------------------------------------------
# One case

def prepare_input(source, work, itk_data):
    """The case's DICOM directory (and its expected.json, or None)."""
    kind, _, what = source.partition(":")
    if kind == "generated":
        import generate_cases

        case_dir = generate_cases.generate(os.path.join(work, "generated"), [what])[0]
        with open(os.path.join(case_dir, "expected.json")) as f:
            return os.path.join(case_dir, "dicom"), json.load(f)
    directory = os.path.join(work, "input", re.sub(r"[^A-Za-z0-9_.-]", "_", source))
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    if kind == "pydicom":
        from pydicom.data import get_testdata_file

        for name in what.split(","):
            path = get_testdata_file(name, download=False)
            if path is None:
                raise FileNotFoundError(f"pydicom's test file {name}")
            shutil.copy(path, directory)
    elif kind == "nibabel":
        data = os.path.join(os.path.dirname(nib.__file__), "nicom", "tests", "data")
        for name in what.split(","):
            path = os.path.join(data, name)
            if not os.path.isfile(path):
                raise FileNotFoundError(f"nibabel's test file {name}")
            if name.endswith(".gz"):
                with gzip.open(path) as f, open(os.path.join(directory, name[:-3]), "wb") as out:
                    shutil.copyfileobj(f, out)
            else:
                shutil.copy(path, directory)
    elif kind == "itk":
        if not itk_data:
            raise FileNotFoundError("--itk-data is needed for ITK's test files")
        path = os.path.join(itk_data, what)
        sources = sorted(glob.glob(os.path.join(path, "*.dcm"))) if os.path.isdir(path) else [path]
        if not sources or not all(os.path.isfile(s) for s in sources):
            raise FileNotFoundError(path)
        for s in sources:  # copies: ExternalData's files are links into its object store
            shutil.copy(os.path.realpath(s), os.path.join(directory, os.path.basename(s)))
    else:
        raise ValueError(f"unknown source {source}")
    return directory, None


def nibabel_check(dicom_dir, written, row):
    """Every volume of ours equals nibabel's volume of its file, and the other way round."""
    try:
        theirs = nibabel_volumes(dicom_dir)
    except Exception as error:  # nibabel refuses the file: no second oracle
        row["notes"].append(f"nibabel: cannot read the files ({error})")
        return False
    pairs, lone_ours, lone_theirs = pair_series([o["image"] for o in written],
                                                [t["image"] for t in theirs], False, True,
                                                [0.0] * len(theirs))
    good = not lone_ours and not lone_theirs and all(agrees(r) for _, _, r in pairs)
    for a, b, result in pairs:
        row["notes"].append(f"nibabel: `{written[a]['label']}` ↔ {theirs[b]['label']}: shape "
                            f"{result['shape']}, voxel diff {number(result['voxel'])}, affine diff "
                            f"{number(result['affine'])} mm{'' if agrees(result) else ' ✗'}")
    for b in lone_theirs:
        row["notes"].append(f"nibabel: {theirs[b]['label']} has no match of ours")
    return good


def run_case(name, source, expected_marker, options, args):
    work = os.path.join(args.work, name)
    os.makedirs(work, exist_ok=True)
    row = {"case": name, "expected": expected_marker, "ours": 0, "theirs": 0, "shape": "",
           "voxel": None, "affine": None, "verdict": "", "notes": [], "pairs": []}
    try:
        dicom_dir, truth = prepare_input(source, work, args.itk_data)
    except (FileNotFoundError, ImportError) as error:
        row["verdict"] = "SKIP"
        row["notes"].append(f"input unavailable: {error}")
        return row
    code, text, ours = run_ours(args.cli, dicom_dir, os.path.join(work, "ours"))
    dcode, dtext, theirs, duplicates_removed = run_dcm2niix(args.dcm2niix, dicom_dir,
                                                            os.path.join(work, "dcm2niix"),
                                                            options.get("dcm2niix_args", ()))
    ignored = set(options.get("dcm2niix_ignore_series", []))
    written = [o for o in ours if o["path"]]
    failed = [o for o in ours if not o["path"]]
    # a failure the truth asks for: the volume of a truncated file (it must fail alone)
    truncated = [os.path.basename(f) for v in (truth or {}).get("volumes", []) if v.get("truncated")
                 for f in v["files"]]
    expected_failures = [o for o in failed if any(name in o["error"] for name in truncated)]
    row["ours"], row["theirs"] = len(written), len(theirs)
    ok = (code == 0 or (code == 1 and failed and len(expected_failures) == len(failed))) and \
        len(failed) == len(expected_failures) and bool(written) and bool(theirs)
    if code != 0:
        row["notes"].append(f"parallel-series exit code {code}")
    for o in failed:
        row["notes"].append(f"our series {o['number']} volume {o['volume']} failed"
                            f"{' (as it must: truncated)' if o in expected_failures else ''}: "
                            f"{o['error'][:200]}")
    if dcode != 0:
        row["notes"].append(f"dcm2niix exit code {dcode}")
    if not theirs:
        row["notes"].append("dcm2niix wrote nothing")
    if not written and not theirs and not failed and code == 0:
        ok = True  # both: nothing to convert (e.g. a file without pixel data)
        row["notes"].append("neither converter found an image: agreement")
    if duplicates_removed:
        row["notes"].append("dcm2niix removed duplicates")
    spatial = dicom_geometry(dicom_dir)
    for o in written:
        o["image"], o["native"] = load_volume(o["path"], perturb=args.perturb)
        row["shape"] = row["shape"] or ""
    for t in theirs:
        t["image"], t["native"] = load_volume(t["path"], t["t"])
    shapes, voxels, affines = [], [], []
    for (uid, number), (oi, tj) in series_keys(written, theirs).items():
        if series_number(number) in ignored:
            row["notes"].append(f"series {number}: not compared with dcm2niix (case option; "
                                "the generator's truth is)")
            continue
        geometry = spatial.get(uid, True)
        if not geometry:
            row["notes"].append(f"series {number}: no IPP/IOP in the files: voxels compared, "
                                "not the (made-up) geometry of either side")
        pairs, lone_ours, lone_theirs = pair_series(
            [written[i]["image"] for i in oi], [theirs[j]["image"] for j in tj],
            duplicates_removed, geometry,
            [RESAMPLED_VOXEL_TOLERANCE if theirs[j].get("corrects") else 0.0 for j in tj])
        for a, b, result in pairs:
            o, t = written[oi[a]], theirs[tj[b]]
            good = agrees(result)
            ok = ok and good
            shapes.append("x".join(map(str, o["native"][0].shape[:3])))
            if result["voxel"] is not None:
                voxels.append(result["voxel"])
            if result["affine"] is not None:
                affines.append(result["affine"])
            pair = {"series": number, "ours": o["label"], "theirs": t["label"], **result, "ok": good}
            if result["shape_ok"]:  # our file's own index order, not the canonical one
                pair["shape"] = "x".join(map(str, o["native"][0].shape[:3]))
            if t.get("raw") is not None and not good:
                raw = compare(o["image"], load_volume(t["raw"]["path"])[0], geometry)
                if agrees(raw):
                    pair["note"] = (f"equals dcm2niix's uncorrected {os.path.basename(t['raw']['path'])}"
                                    f" (no {t['corrects']} correction)")
            row["pairs"].append(pair)
        for a in lone_ours:
            ok = False
            row["notes"].append(f"our {written[oi[a]]['label']} (series {number}) has no dcm2niix match")
        for b in lone_theirs:
            ok = False
            row["notes"].append(f"dcm2niix's {theirs[tj[b]]['label']} has no match of ours")
    for pair in row["pairs"]:
        if pair.get("note"):
            row["notes"].append(f"{pair['ours']}: {pair['note']}")
    if options.get("nibabel"):
        good = nibabel_check(dicom_dir, written, row)
        ok = ok and good
    if truth is not None:
        by_series = {}
        for o in ours:
            by_series.setdefault((o["uid"], series_number(o["number"])), []).append(o)
        good, messages = truth_check(truth, by_series, args.perturb)
        ok = ok and good
        row["notes"].extend(f"truth: {m}" for m in messages)
        if good:
            row["notes"].append("truth: every volume as generated")
    row["shape"] = ", ".join(sorted(set(shapes))) if shapes else "-"
    row["voxel"] = max(voxels) if voxels else None
    row["affine"] = max(affines) if affines else None
    row["verdict"] = "PASS" if ok else "FAIL"
    return row


# ---------------------------------------------------------------------------------------------
# Report

def number(value, digits=3):
    return "-" if value is None else (f"{value:.2e}" if 0 < value < 10 ** -digits else f"{value:.{digits}g}")


def table(rows):
    head = ["case", "ours", "dcm2niix", "shape", "max voxel diff", "max affine diff (mm)",
            "verdict", "expected"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        lines.append("| " + " | ".join([r["case"], str(r["ours"]), str(r["theirs"]), r["shape"],
                                        number(r["voxel"]), number(r["affine"]), r["verdict"],
                                        r["expected"]]) + " |")
    return "\n".join(lines)


def details(rows):
    out = []
    for r in rows:
        out.append(f"- **{r['case']}**: {r['verdict']}")
        for p in r["pairs"]:
            out.append(f"  - series {p['series']}: `{p['ours']}` ↔ `{p['theirs']}`: shape {p['shape']}, "
                       f"voxel diff {number(p['voxel'])}, affine diff {number(p['affine'])} mm"
                       f"{'' if p['ok'] else ' ✗'}")
        for n in r["notes"]:
            out.append(f"  - {n}")
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", help="the parallel-series program")
    parser.add_argument("--dcm2niix", default=shutil.which("dcm2niix") or "dcm2niix")
    parser.add_argument("--work", help="scratch directory (cases, outputs, logs)")
    parser.add_argument("--itk-data", help="ITK's DICOM test files (test/Input/ITK resolved)")
    parser.add_argument("--case", action="append",
                        help="this case (alone, or in addition to --source's)")
    parser.add_argument("--markdown", help="write the table and the details to this file")
    parser.add_argument("--perturb", choices=["flip-x", "shift-origin", "values"],
                        help="corrupt our outputs: then every selected case must FAIL (self-test)")
    parser.add_argument("--expect-pass", action="store_true",
                        help="every selected case must PASS whatever its marker (the self-test "
                             "with ideal_converter.py as --cli)")
    parser.add_argument("--list", action="store_true",
                        help="print the cases (name, source, marker), tab-separated")
    parser.add_argument("--passing", action="store_true",
                        help="only the cases marked 'passes' (what ctest runs)")
    parser.add_argument("--source", action="append",
                        choices=["generated", "pydicom", "nibabel", "itk"],
                        help="the cases of this source (default: every source)")
    args = parser.parse_args(argv)
    cases = dict(CASES)
    cases.update(ITK_CASES)
    unknown = [n for n in args.case or [] if n not in cases]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")
    # --source / --passing select from the list; --case adds cases whatever their marker
    selected = [name for name, case in cases.items()
                if (not args.passing or case[1] == PASSES) and
                (case[0].partition(":")[0] in args.source if args.source else not args.case)]
    if args.list:
        for name in selected:
            print("\t".join([name] + list(cases[name][:2])))
        return 0
    if not args.cli or not args.work:
        parser.error("--cli and --work are required (except with --list)")
    if not args.source:  # ITK's files only where they are given
        selected = [n for n in selected if args.itk_data or not n.startswith("itk-")]
    names = selected + [n for n in args.case or [] if n not in selected]
    os.makedirs(args.work, exist_ok=True)
    rows = []
    for name in names:
        source, marker, *options = cases[name]
        row = run_case(name, source, marker, options[0] if options else {}, args)
        rows.append(row)
        log(f"{name}: {row['verdict']} ({marker})")
    log("")
    log(table(rows))
    log("")
    log(details(rows))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(table(rows) + "\n\n" + details(rows) + "\n")
    status = 0
    if args.perturb:
        for r in rows:
            if r["verdict"] != "FAIL":
                log(f"{r['case']}: the comparison missed the {args.perturb} corruption ({r['verdict']})")
                status = 1
        return status
    for r in rows:
        expect_pass = r["expected"] == PASSES or args.expect_pass
        if r["verdict"] == "SKIP":
            status = 1 if expect_pass else status
        elif expect_pass and r["verdict"] != "PASS":
            log(f"{r['case']}: expected to pass, {r['verdict']}")
            status = 1
        elif not expect_pass and r["verdict"] == "PASS" and not args.expect_pass:
            log(f"{r['case']}: unexpected pass: flip its marker to 'passes' (ctest then runs it)")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
