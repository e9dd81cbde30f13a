#!/usr/bin/env python3
"""Writes the multi-frame DICOM files of itkParallelSeriesFrameOrderFilesTest and
ParallelSeriesCLIPreprocessFrameOrder (pydicom); stored frame k has 1000 at pixel k, 0 elsewhere.

usage: make_frame_order_inputs.py OUTDIR

instack.dcm   3 frames, per-frame InStackPositionNumber 3, 1, 2 and mixed positions: StackPosition (1, 2, 0)
dbt.dcm       4 frames, VolumetricProperties SAMPLED (X-Ray 3D frame type), mixed positions,
              SpacingBetweenSlices 1: as stored (0, 1, 2, 3), z spacing 1
dimindex.dcm  3 frames, DimensionIndexSequence (StackID, InStackPositionNumber), values (1,2) (1,3) (1,1): (2, 0, 1)
temporal.dcm  2 frames, TemporalPositionIndex 1 and 2: rejected
fip.dcm       3 frames, FrameIncrementPointer -> GridFrameOffsetVector 2\\0\\1: FrameIncrementPointer (1, 2, 0)
"""
import sys
from pathlib import Path

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid


def base(frames, sop_class="1.2.840.10008.5.1.4.1.1.4.1"):
    ds = Dataset()
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "MR"
    ds.NumberOfFrames = frames
    ds.Rows = 4
    ds.Columns = 4
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    # Stored frame k: 1000 at pixel k (row-major), 0 elsewhere, so a page of any output shows which
    # stored frame it is (check_preprocess_frame_order.py).
    pixels = bytearray(4 * 4 * 2 * frames)
    for k in range(frames):
        pixels[(16 * k + k) * 2:(16 * k + k) * 2 + 2] = (1000).to_bytes(2, "little")
    ds.PixelData = bytes(pixels)
    return ds


def frame_group(z=None, in_stack=None, dim=None, temporal=None, sampled=False):
    g = Dataset()
    content = Dataset()
    if in_stack is not None:
        content.InStackPositionNumber = in_stack
    if dim is not None:
        content.DimensionIndexValues = dim
    if temporal is not None:
        content.TemporalPositionIndex = temporal
    g.FrameContentSequence = Sequence([content])
    if z is not None:
        pos = Dataset()
        pos.ImagePositionPatient = [0.0, 0.0, float(z)]
        g.PlanePositionSequence = Sequence([pos])
        ori = Dataset()
        ori.ImageOrientationPatient = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
        g.PlaneOrientationSequence = Sequence([ori])
    if sampled:
        t = Dataset()
        t.FrameType = ["ORIGINAL", "PRIMARY"]
        t.VolumetricProperties = "SAMPLED"
        g.XRay3DFrameTypeSequence = Sequence([t])
    return g


def write(ds, path):
    ds.save_as(path, enforce_file_format=True)


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    ds = base(3)
    ds.PerFrameFunctionalGroupsSequence = Sequence(
        [frame_group(z=z, in_stack=s) for z, s in ((5, 3), (0, 1), (9, 2))])
    write(ds, out / "instack.dcm")

    ds = base(4, "1.2.840.10008.5.1.4.1.1.13.1.3")
    ds.SpacingBetweenSlices = 1
    ds.PerFrameFunctionalGroupsSequence = Sequence(
        [frame_group(z=z, sampled=True) for z in (3, 0, 2, 1)])
    write(ds, out / "dbt.dcm")

    ds = base(3)
    d1 = Dataset()
    d1.DimensionIndexPointer = 0x00209056
    d2 = Dataset()
    d2.DimensionIndexPointer = 0x00209057
    ds.DimensionIndexSequence = Sequence([d1, d2])
    ds.PerFrameFunctionalGroupsSequence = Sequence(
        [frame_group(dim=v) for v in ([1, 2], [1, 3], [1, 1])])
    write(ds, out / "dimindex.dcm")

    ds = base(2)
    ds.PerFrameFunctionalGroupsSequence = Sequence([frame_group(temporal=t) for t in (1, 2)])
    write(ds, out / "temporal.dcm")

    ds = base(3)
    ds.FrameIncrementPointer = 0x3004000C
    ds.GridFrameOffsetVector = [2, 0, 1]
    write(ds, out / "fip.dcm")


if __name__ == "__main__":
    main(sys.argv[1])
