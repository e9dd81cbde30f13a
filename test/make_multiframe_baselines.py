#!/usr/bin/env python3
"""Generate the pydicom oracle of itkParallelSeriesMultiFrameTest (frames at repeated positions).

ITK's Philips_4D_DICOM.dcm (test/Input/ITK, ITK's ExternalData) is one enhanced MR file of 1625
frames: 65 slice positions x 25 cardiac phases. This script reads its per-frame functional groups
with pydicom, independently of the module's scanner, and writes, for each cardiac phase (one
volume per NominalCardiacTriggerDelayTime (0020,9153), ascending, as dcm2niix writes one volume
per trigger time), what the volume must be in the conventions of an ITK image (index order
x = column, y = row, z = slice; millimetres; LPS):

    frames     the 0-based frame numbers of the phase, sorted by the distance of their
               ImagePositionPatient (PlanePositionSequence) along the slice normal
               row x column of ImageOrientationPatient (PlaneOrientationSequence)
    origin     the ImagePositionPatient of the first of those frames
    spacing    PixelSpacing's column spacing, its row spacing, and the distance from the first
               to the last frame's position divided by (frames - 1)
    direction  row-major 3 x 3, columns = the row cosines, the column cosines, the normal

into test/Baseline/MultiFramePhilips4D.txt. Regenerate with

    pip install pydicom numpy
    python3 test/make_multiframe_baselines.py PHILIPS_4D_DICOM_DCM [OUTPUT_FILE]

(PHILIPS_4D_DICOM_DCM: Philips_4D_DICOM.dcm from a build tree's ExternalData; OUTPUT_FILE
defaults to test/Baseline/MultiFramePhilips4D.txt next to this script).
"""
import os
import sys

import numpy as np
import pydicom


def main():
    path = sys.argv[1]
    out = (sys.argv[2] if len(sys.argv) > 2 else
           os.path.join(os.path.dirname(os.path.abspath(__file__)), "Baseline", "MultiFramePhilips4D.txt"))
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    frames = ds.PerFrameFunctionalGroupsSequence
    shared = ds.SharedFunctionalGroupsSequence[0]

    def group(k, name):
        item = frames[k]
        return getattr(item, name)[0] if name in item else getattr(shared, name)[0]

    iop = np.array(group(0, "PlaneOrientationSequence").ImageOrientationPatient, dtype=float)
    row, column = iop[:3], iop[3:]
    normal = np.cross(row, column)
    pixel_spacing = [float(v) for v in group(0, "PixelMeasuresSequence").PixelSpacing]
    by_phase = {}
    for k in range(len(frames)):
        delay = float(group(k, "CardiacSynchronizationSequence").NominalCardiacTriggerDelayTime)
        ipp = np.array(group(k, "PlanePositionSequence").ImagePositionPatient, dtype=float)
        by_phase.setdefault(delay, []).append((float(np.dot(normal, ipp)), k, ipp))
    lines = [f"# pydicom {pydicom.__version__}, numpy {np.__version__}: test/make_multiframe_baselines.py",
             "# file <name> <frames>; volume <v> <trigger delay ms>; frames (0-based); origin (LPS mm);",
             "# spacing (mm); direction (row-major, columns = axes)",
             f"file Philips_4D_DICOM.dcm {len(frames)}"]
    for v, delay in enumerate(sorted(by_phase)):
        slices = sorted(by_phase[delay], key=lambda s: s[0])
        first, last = slices[0][2], slices[-1][2]
        spacing = [pixel_spacing[1], pixel_spacing[0], float(np.linalg.norm(last - first)) / (len(slices) - 1)]
        direction = np.column_stack([row, column, normal / np.linalg.norm(normal)])
        lines.append(f"volume {v} {delay!r}")
        lines.append("frames " + " ".join(str(s[1]) for s in slices))
        lines.append("origin " + " ".join(repr(float(c)) for c in first))
        lines.append("spacing " + " ".join(repr(s) for s in spacing))
        lines.append("direction " + " ".join(repr(float(c)) for c in direction.flatten()))
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{out}: {len(by_phase)} volumes")


if __name__ == "__main__":
    main()
