#!/usr/bin/env python3
"""Compare parallel-series' de-mosaicked NIfTI volumes with dcm2niix's (and nibabel's).

    python3 test/compare_mosaic_dcm2niix.py PARALLEL_SERIES DCM2NIIX DICOM_DIR [DICOM_DIR...]

For each directory (one series of Siemens mosaics): "parallel-series convert DIR OUT --format nii"
(one 3D file per volume) and "dcm2niix -f %j -z n -o OUT DIR" (one 3D or 4D file); both are loaded
with nibabel, brought to the closest canonical (RAS+) orientation by axis permutations and flips
only (nibabel.as_closest_canonical: no resampling), and compared: voxel values (equal), and the
affine (RAS mm) as the largest distance between the two files' positions of the 8 corner voxels
(< 1e-3 mm). nibabel's MosaicWrapper of each DICOM file is a third opinion on the affine (its LPS
affine turned into RAS). Needs nibabel, pydicom and numpy. Prints one line per volume; exits 1 when
a volume differs.
"""
import glob
import itertools
import os
import subprocess
import sys
import tempfile

import nibabel
import numpy as np
import pydicom
from nibabel.nicom import csareader, dicomwrappers

LPS_TO_RAS = np.diag([-1.0, -1.0, 1.0, 1.0])


def corners(shape):
    return np.array([[(s - 1) * b for s, b in zip(shape, bits)] + [1.0] for bits in itertools.product((0, 1), repeat=3)]).T


def corner_deviation(a_affine, a_shape, b_affine, b_shape):
    """Largest distance (mm) between the world positions of the same 8 corner voxels (index
    (0 or n - 1, ...)) of two images of the same shape and axis order."""
    if tuple(a_shape[:3]) != tuple(b_shape[:3]):
        return float("inf")
    pa = (a_affine @ corners(a_shape[:3]))[:3].T
    pb = (b_affine @ corners(b_shape[:3]))[:3].T
    return float(max(np.linalg.norm(p - q) for p, q in zip(pa, pb)))


def canonical(image, volume=None):
    if volume is not None and len(image.shape) == 4:
        image = image.slicer[..., volume]
    image = nibabel.as_closest_canonical(image)
    return image, np.asanyarray(image.dataobj)


def main():
    ps, dcm2niix, dirs = sys.argv[1], sys.argv[2], sys.argv[3:]
    failed = False
    for d in dirs:
        with tempfile.TemporaryDirectory() as tmp:
            ours_dir, theirs_dir = os.path.join(tmp, "ours"), os.path.join(tmp, "dcm2niix")
            os.mkdir(theirs_dir)
            subprocess.run([ps, "convert", d, ours_dir, "--format", "nii"], check=True, stdout=subprocess.DEVNULL)
            subprocess.run([dcm2niix, "-f", "%j", "-z", "n", "-o", theirs_dir, d], check=True, stdout=subprocess.DEVNULL)
            ours = sorted(glob.glob(os.path.join(ours_dir, "*.nii")))
            theirs = sorted(glob.glob(os.path.join(theirs_dir, "*.nii")))
            dicoms = sorted((pydicom.dcmread(f) for f in glob.glob(os.path.join(d, "*.dcm"))),
                            key=lambda ds: int(ds.InstanceNumber))
            if len(theirs) != 1:
                print("%s: dcm2niix wrote %d files" % (d, len(theirs)))
                failed = True
                continue
            their_image = nibabel.load(theirs[0])
            for v, path in enumerate(ours):
                a, a_data = canonical(nibabel.load(path))
                b, b_data = canonical(their_image, v)
                wrapper = dicomwrappers.wrapper_from_data(dicoms[v])
                if not isinstance(wrapper, dicomwrappers.MosaicWrapper) and (0x0029, 0x1010) in dicoms[v]:
                    # CSA header without its private creator (anonymized): the one at (0029,1010),
                    # where GDCM and dcm2niix look then (see make_nibabel_mosaic_baselines.py).
                    wrapper = dicomwrappers.MosaicWrapper(
                        dicoms[v], csa_header=csareader.read(dicoms[v][0x0029, 0x1010].value))
                # nibabel's DICOM affine (LPS, index (row, column, slice)) in RAS, brought to the
                # same closest canonical orientation.
                nib = nibabel.as_closest_canonical(
                    nibabel.Nifti1Image(np.zeros(wrapper.image_shape, np.uint8), LPS_TO_RAS @ wrapper.affine))
                nib_affine, nib_shape = nib.affine, nib.shape
                same_voxels = a_data.shape == b_data.shape and np.array_equal(a_data, b_data)
                d_dcm2niix = corner_deviation(a.affine, a.shape, b.affine, b.shape)
                d_nibabel = corner_deviation(a.affine, a.shape, nib_affine, nib_shape)
                d_theirs = corner_deviation(b.affine, b.shape, nib_affine, nib_shape)
                ok = same_voxels and d_dcm2niix < 1e-3 and d_nibabel < 1e-3
                failed = failed or not ok
                print("%s volume %d: %s; voxels %s dcm2niix's; corners: ours-dcm2niix %.2e mm, ours-nibabel %.2e mm,"
                      " dcm2niix-nibabel %.2e mm; %s"
                      % (os.path.basename(d), v, "x".join(map(str, a.shape)), "equal to" if same_voxels else "DIFFER from",
                         d_dcm2niix, d_nibabel, d_theirs, "ok" if ok else "FAIL"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
