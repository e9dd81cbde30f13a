"""Cases and ground truth for itkVOILUTImageFilterTest (display values, dicom-pixeldata 0.9.0).

Usage: python test/make_voilut_cases.py OUTDIR
Writes into OUTDIR the generated DICOM files (pydicom), one expected-value file per case
(<case>.expected: little-endian uint8 or uint16, x fastest, then y, then frames) and cases.txt
(lines: `dicom-file-or-series-directory expected-file bytes-per-pixel [center,width]`). pydicom's MR_small (window),
CT_small (no window: min-max; and --window 40,400) and 6154 (CR, MONOCHROME1) are used as they are.

The expected values: display() below, an independent NumPy emulation of
dicom-pixeldata lib.rs:build_monochrome_image (LUT over the stored values, VOI precedence, per-frame
parameters, truncation, inversion); for 16-bit LINEAR windows and the min-max fallback it is asserted
equal to benchmark/peers/dicom_preprocessing_reference.py:voi_lut16, which was confirmed bit-exact
against the peer's own output. Needs NumPy and pydicom.
"""

import os
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "benchmark", "peers"))
import dicom_preprocessing_reference as ref  # noqa: E402


def next_pow2(n):
    p = 1
    while p < n:
        p <<= 1
    return p


def raw_words(ds):
    """The frames' raw words as the peer's frame_data_ow / frame_data see them (uncompressed files)."""
    dtype = "<u2" if ds.BitsAllocated == 16 else "u1"
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    words = np.frombuffer(ds.PixelData, dtype=dtype)[: frames * ds.Rows * ds.Columns]
    return words.reshape(frames, ds.Rows, ds.Columns)


def first(v):
    return float(v[0]) if isinstance(v, (list, pydicom.multival.MultiValue)) else float(v)


def per_frame(ds, group, keyword):
    out = []
    for item in getattr(ds, "PerFrameFunctionalGroupsSequence", []):
        seq = getattr(item, group, None)
        if seq and keyword in seq[0]:
            out.append(seq[0][keyword].value)
    return out


def shared(ds, group, keyword):
    s = getattr(ds, "SharedFunctionalGroupsSequence", None)
    if not s:
        return None
    seq = getattr(s[0], group, None)
    if seq and keyword in seq[0]:
        return seq[0][keyword].value
    return s[0][keyword].value if keyword in s[0] else None


def values(ds, group, keyword):
    if keyword in ds:
        return [first(ds[keyword].value)]
    pf = per_frame(ds, group, keyword)
    if pf:
        return [first(v) for v in pf]
    s = shared(ds, group, keyword)
    return [first(s)] if s is not None else []


def pick(vals, frames, f):
    return vals[f] if len(vals) == frames else vals[0]


def display(ds, frame, window=None):
    """dicom-pixeldata 0.9.0 build_monochrome_image of one frame (default options, or --window)."""
    ba, bs = ds.BitsAllocated, ds.BitsStored
    signed = ds.PixelRepresentation == 1
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    words = raw_words(ds)[frame].astype(np.int64)
    n = 8 if ba == 8 else bs
    size = 1 << n
    y_max = float((1 << next_pow2(n)) - 1)
    type_max = 255 if ba == 8 else 65535
    slopes = values(ds, "PixelValueTransformationSequence", "RescaleSlope") or [1.0]
    inters = values(ds, "PixelValueTransformationSequence", "RescaleIntercept") or [0.0]
    slope, intercept = pick(slopes, frames, frame), pick(inters, frames, frame)
    centers = values(ds, "FrameVOILUTSequence", "WindowCenter")
    widths = values(ds, "FrameVOILUTSequence", "WindowWidth")
    fn = ds.get("VOILUTFunction", "") or "LINEAR"
    lut = None
    if "VOILUTSequence" in ds:
        luts = list(ds.VOILUTSequence)
        lut = luts[frame] if len(luts) == frames else luts[0]
    i = np.arange(size, dtype=np.float64)
    x = np.where(i >= size // 2, i - size, i) if signed else i
    u = slope * x + intercept
    if window is not None:
        c, w = window
    elif lut is not None:
        c = w = None
    elif centers and widths:
        c, w = pick(centers, frames, frame), pick(widths, frames, frame)
    else:
        lo, hi = float(words.min()), float(words.max())
        if slope < 0:
            lo, hi = hi, lo
        hi, lo = hi * slope + intercept, lo * slope + intercept
        c, w, fn = (lo + hi) / 2, hi - lo + 1, "LINEAR"
    if c is None:
        desc = [int(v) for v in lut.LUTDescriptor]
        data = np.frombuffer(lut.LUTData if isinstance(lut.LUTData, bytes) else np.asarray(lut.LUTData, "<u2").tobytes(), "<u2")
        shift = next_pow2(n) - desc[2]
        r = np.clip(np.round(u), -2**31, 2**31 - 1).astype(np.int64)  # halves away from zero below
        r = np.where(np.abs(u - np.trunc(u)) == 0.5, np.trunc(u) + np.sign(u), r).astype(np.int64)
        k = np.clip(r - desc[1], 0, len(data) - 1)
        y = ((data[k].astype(np.int64) << shift) & 0xFFFF).astype(np.float64)
    elif fn == "LINEAR_EXACT":
        w = max(w, 0.0)
        y = np.where(u <= c - w / 2, 0.0, np.where(u > c + w / 2, y_max, ((u - c) / w + 0.5) * y_max))
    elif fn == "SIGMOID":
        w = max(w, 1.0)
        y = y_max / (1.0 + np.exp(-4.0 * (u - c) / w))
    else:
        w = max(w, 1.0)
        y = np.where(u <= c - (w - 1) / 2, 0.0,
                     np.where(u > c - 0.5 + (w - 1) / 2, y_max, ((u - (c - 0.5)) / (w - 1) + 0.5) * y_max))
    table = np.trunc(y).astype(np.int64)
    assert table.min() >= 0 and table.max() <= type_max
    if ds.PhotometricInterpretation == "MONOCHROME1":
        table = type_max - table
    out = table[words & (size - 1)]
    if ba == 16 and fn == "LINEAR" and c is not None and len(slopes) == 1 and lut is None:
        # cross-check against the confirmed emulation (16-bit LINEAR / min-max)
        refv = ref.voi_lut16(words.astype(np.uint16), bs, signed, slope, intercept,
                             window if window is not None else (None if not (centers and widths) else (c, w)),
                             ds.PhotometricInterpretation == "MONOCHROME1")
        assert np.array_equal(refv, out), "emulation disagrees with dicom_preprocessing_reference.voi_lut16"
    return out


def base(rows, cols, bits_allocated, bits_stored, signed, frames=1, photometric="MONOCHROME2"):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"  # secondary capture
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "OT"
    ds.PatientName = "VOI^Test"
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = photometric
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = bits_allocated, bits_stored, bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    if frames > 1:
        ds.NumberOfFrames = frames
    return ds


def save(ds, words, path):
    ds.PixelData = np.ascontiguousarray(words).tobytes()
    ds.save_as(path, enforce_file_format=True)
    return pydicom.dcmread(path)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(14)
    data = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")
    cases = []

    def add(name, path, window=None):
        ds = pydicom.dcmread(path)
        frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
        expected = np.stack([display(ds, f, window) for f in range(frames)])
        dtype = "u1" if ds.BitsAllocated == 8 else "<u2"
        exp_path = os.path.join(out, name + ".expected")
        expected.astype(dtype).tofile(exp_path)
        cases.append(f"{path} {exp_path} {1 if dtype == 'u1' else 2}" + (f" {window[0]},{window[1]}" if window else ""))

    add("MR_small", os.path.join(data, "MR_small.dcm"))
    add("CT_small", os.path.join(data, "CT_small.dcm"))
    add("CT_small_w40_400", os.path.join(data, "CT_small.dcm"), (40.0, 400.0))
    add("CR_6154", os.path.join(data, "dicomdirtests", "77654033", "CR1", "6154"))

    # 12-bit MG-like, no window: min-max over the frame
    ds = base(96, 80, 16, 12, False)
    img = rng.integers(200, 3800, (96, 80)).astype("<u2")
    img[:, :20] = 0
    p = os.path.join(out, "mg12.dcm"); save(ds, img, p); add("mg12", p)

    # LINEAR_EXACT and SIGMOID windows with a non-integer rescale
    for fn in ("LINEAR_EXACT", "SIGMOID"):
        ds = base(40, 48, 16, 16, True)
        ds.RescaleSlope, ds.RescaleIntercept = "0.5", "-100.25"
        ds.WindowCenter, ds.WindowWidth = ["300", "20"], ["900", "10"]
        ds.VOILUTFunction = fn
        img = rng.integers(-3000, 5000, (40, 48)).astype("<i2")
        p = os.path.join(out, fn.lower() + ".dcm"); save(ds, img, p); add(fn.lower(), p)
        if fn == "LINEAR_EXACT":
            add(fn.lower() + "_w", p, (-50.5, 1.0))

    # VOI LUT Sequence (12-bit data, 10-bit LUT, first mapped 100), window present but LUT wins
    ds = base(32, 36, 16, 12, False)
    ds.WindowCenter, ds.WindowWidth = "2000", "4000"
    item = Dataset()
    item.LUTDescriptor = [2000, 100, 10]
    item.LUTData = (np.arange(2000) * 1023 // 1999).astype("<u2").tobytes()
    item["LUTData"].VR = "OW"
    ds.VOILUTSequence = Sequence([item])
    img = rng.integers(0, 4096, (32, 36)).astype("<u2")
    p = os.path.join(out, "voilutseq.dcm"); save(ds, img, p); add("voilutseq", p)

    # signed 16-bit with negative stored values and no window: the peer's min-max over raw words
    ds = base(30, 34, 16, 16, True)
    img = rng.integers(-1200, 1800, (30, 34)).astype("<i2")
    p = os.path.join(out, "signed_minmax.dcm"); save(ds, img, p); add("signed_minmax", p)

    # multi-frame DBT-like: per-frame min-max, per-frame rescale in the functional groups
    frames = 5
    ds = base(24, 28, 16, 14, False, frames)
    pfg = []
    for f in range(frames):
        it = Dataset()
        pvt = Dataset(); pvt.RescaleSlope = "1"; pvt.RescaleIntercept = str(10 * f)
        it.PixelValueTransformationSequence = Sequence([pvt])
        pfg.append(it)
    ds.PerFrameFunctionalGroupsSequence = Sequence(pfg)
    img = np.stack([rng.integers(100 * f, 4000 + 2000 * f, (24, 28)) for f in range(frames)]).astype("<u2")
    p = os.path.join(out, "dbt_frames.dcm"); save(ds, img, p); add("dbt_frames", p)

    # 8-bit MONOCHROME1 with a window
    ds = base(20, 22, 8, 8, False, photometric="MONOCHROME1")
    ds.WindowCenter, ds.WindowWidth = "128", "100"
    img = rng.integers(0, 256, (20, 22)).astype("u1")
    p = os.path.join(out, "mono1_8bit.dcm"); save(ds, img, p); add("mono1_8bit", p)

    # a series of 3 files (one volume): per-file windows, min-max for the file without one, and
    # per-file intercepts (CLI only: check_display_cli.py converts the directory)
    series_dir = os.path.join(out, "series3")
    os.makedirs(series_dir, exist_ok=True)
    study, series = generate_uid(), generate_uid()
    expected = []
    for k in range(3):
        ds = base(16, 18, 16, 12, False)
        ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
        ds.ImagePositionPatient = [0, 0, 2.0 * k]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.PixelSpacing = [1, 1]
        ds.InstanceNumber = k + 1
        if k != 1:
            ds.WindowCenter, ds.WindowWidth = str(1000 + 500 * k), str(800 + 100 * k)
        ds.RescaleSlope, ds.RescaleIntercept = "1", str(-10 * k)
        img = rng.integers(0, 4096, (16, 18)).astype("<u2")
        expected.append(display(save(ds, img, os.path.join(series_dir, f"f{k}.dcm")), 0))
    exp_path = os.path.join(out, "series3.expected")
    np.stack(expected).astype("<u2").tofile(exp_path)
    cases.append(f"{series_dir} {exp_path} 2")

    with open(os.path.join(out, "cases.txt"), "w") as f:
        f.write("\n".join(cases) + "\n")
    print(f"{len(cases)} cases in {out}")


if __name__ == "__main__":
    main()
