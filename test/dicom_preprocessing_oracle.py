"""The dicom-preprocessing oracle lane (issue 14, item 3): `parallel-series preprocess` against
dicom-preprocessing 0.1.2 (`dicom-preprocess`), on the same inputs with the same options.

    python test/dicom_preprocessing_oracle.py [--ours PATH] [--peer-bin DIR] [--work DIR]
        [--itk-data DIR] [--set NAME ...] [--combo NAME ...] [--json FILE] [--keep]
        [--ours-is-peer] [--perturb KIND] [--expect-fail] [--peer-only]

Exit codes: 0 every check of every case passed; 1 a check failed (or our CLI has no `preprocess`
subcommand); 77 the peer is absent (no --peer-bin / $DICOM_PREPROCESSING_BIN, and
benchmark/peers/build-dicom-preprocessing.sh has no cached build: this script never builds the
peer, that takes 30+ min); 2 usage.

Inputs (input *sets*, one directory each; every file of a set is one image for both tools):
  itk      ITK's DICOM test files (test/Input/ITK: --itk-data DIR of resolved files, else the
           content links resolved from ITK's .ExternalData object store, `bash .ci/build-itk.sh
           print-src`);
  pydicom  pydicom's bundled test files (pydicom.data);
  mg       generated mammography-like files: 16-bit 2048x1664 without IPP, 12-bit 1536x1200
           (breast on the right), 12-bit MONOCHROME1 with a window, 8-bit; each with a
           burned-in label at the stored maximum (for --crop-max) and an isolated speck;
  dbt      generated Breast Tomosynthesis files, 16 frames: L CC in the standard orientation
           (A\\R), L CC in the inverse one (P\\L: the peer's 180 degree flip and tag 65000),
           R CC standard, with SpacingBetweenSlices 1;
  ct       a generated CT series of 24 slices (int16, rescale -1024, window 40/400, IPP);
  bad      two pydicom files and a damaged one (exit codes without and with --strict).
Of the real files only those both tools can take are compared: each file is first run alone
through the peer (--strict); a file it rejects is an expected deviation, listed with the
peer's error (ITK: 14 files, asserted; docs/dicom-preprocessing.md "Inputs"); files with the
same (study, series, SOP) UIDs as an earlier one are dropped (both tools would overwrite); the
files of NOT_COMPARED (a Siemens mosaic, which ours de-mosaics; a JPEG the peer decodes wrongly,
checked against pydicom + Pillow) are not compared, listed with the reason.

Cases = set x option combination (COMBOS; the same options for both, plus -j 2). Checks per case:
  exit     both exit codes equal;
  layout   the same relative paths study/series/sop.tiff (so the same number of files);
  pages    pages per file;   size  width x height per page;
  format   BitsPerSample, SampleFormat, SamplesPerPixel, Photometric;
  tags     DefaultCropOrigin, DefaultCropSize, DefaultScale, ActiveArea, PageNumber and the
           private 65000 (DBT flip) on every page: present/absent and value;
  res      X/YResolution and ResolutionUnit;
  compr    Compression;
  pixels   equal, or within +-1 for the smooth kernels (triangle, catmull-rom, gaussian,
           lanczos3: the image crate sums in f32, docs/dicom-preprocessing.md "Resize") and
           laplacian-mip (f32 pyramids).
Output: a table case x check (ok / FAIL / - not applicable) and, for each failure, the first
differing detail. --json writes every result.

Self-tests of the comparison (no `parallel-series` needed): --ours-is-peer runs the peer as
"ours" too (must pass); with --perturb pixel|tag|scale|file|resolution, "our" outputs are
altered after reading (one pixel +2, ActiveArea dropped, DefaultScale changed, one file lost,
XResolution +1) and the lane must fail (--expect-fail inverts the exit code for ctest).
--peer-only runs the peer on every case and checks its outputs can be read (the inputs and
combinations are known good) without comparing.

Needs NumPy and pydicom (the oracle venv, scripts/make-oracle-venv.sh). TIFF pages are decoded
here (uncompressed, PackBits, LZW, Deflate; no other dependency).
"""

import argparse
import glob
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SKIP = 77
TAG_NAMES = {297: "PageNumber", 50718: "DefaultScale", 50719: "DefaultCropOrigin",
             50720: "DefaultCropSize", 50829: "ActiveArea", 65000: "DbtFlip"}
CHECKS = ["exit", "layout", "pages", "size", "format", "tags", "res", "compr", "pixels"]

# The peer's rejections on ITK 5.4.7's 38 files (docs/dicom-preprocessing.md "Inputs"). pydicom's
# count (110 of the 157 files the peer found by name there) is not asserted: the probe gives
# every file a .dcm name, so the peer sees all 176 files of pydicom 3.0.2.
EXPECTED_REJECTED = {"itk": 14}

# Files both tools take but where ours deliberately differs, not compared (listed with the reason in
# the summary; docs/dicom-preprocessing.md "Deviations"). Each was checked against a third oracle.
NOT_COMPARED = {
    "itk": {"itkDCMTKNonSquare.dcm": "Siemens mosaic: ours writes its 65 slices of 128 x 96 (as dcm2niix "
                                     "and nibabel de-mosaic it), the peer the 1152 x 864 tile sheet"},
    "pydicom": {"SC_jpeg_no_color_transform.dcm": "JPEG baseline RGB with APP14 transform 0 (no colour transform): "
                                                  "ours equals pydicom + Pillow (libjpeg-turbo) exactly; the peer "
                                                  "converts the RGB samples as if they were YCbCr",
                "SC_jpeg_no_color_transform_2.dcm": "JPEG baseline RGB: ours equals pydicom + Pillow (libjpeg-turbo) "
                                                    "exactly; the peer's JPEG decoder is 1 off on 0.09 % of the "
                                                    "samples",
                "SC_rgb_jpeg_app14_dcmd.dcm": "the same file as SC_jpeg_no_color_transform_2.dcm (same bytes)"},
}

J = ["-j", "2"]
SMOOTH = ("triangle", "catmull-rom", "gaussian", "lanczos3")


def combos():
    """(name, options, pixel tolerance, sets or None for all). The options are the peer's."""
    out = [("default", [], 0, None),
           ("crop", ["-c"], 0, None),
           ("crop-n", ["-c", "-n"], 0, None),
           ("crop-m", ["-c", "-m"], 0, None),
           ("crop-b", ["-c", "-b", "0.1"], 0, None),
           ("crop-n-m-b", ["-c", "-n", "-m", "-b", "0.1"], 0, None)]
    for f in ("triangle", "nearest", "catmull-rom", "gaussian", "lanczos3", "max-pool"):
        out.append(("size-" + f, ["-s", "256,256", "-f", f], 1 if f in SMOOTH else 0, None))
    out.append(("crop-size-nearest", ["-c", "-s", "300,200", "-f", "nearest"], 0, None))
    for p in ("zero", "top-left", "bottom-right", "center"):
        out.append(("pad-" + p, ["-s", "300,200", "-f", "nearest", "-p", p], 0, None))
    out += [("no-padding", ["-s", "300,200", "-f", "nearest", "--no-padding"], 0, None),
            ("spacing-xy", ["--spacing", "0.8,0.8", "-f", "nearest"], 0, None),
            ("spacing-xyz", ["--spacing", "0.8,0.8,2", "-f", "nearest"], 0, ["dbt", "mg", "ct"]),
            ("v-keep", ["-v", "keep"], 0, None),
            ("v-central", ["-v", "central-slice"], 0, None),
            ("v-mip", ["-v", "max-intensity"], 0, None),
            ("v-interp-8", ["-v", "interpolate", "-t", "8"], 0, None),
            ("v-interp-20", ["-v", "interpolate", "-t", "20"], 0, ["dbt"]),
            ("v-lmip", ["-v", "laplacian-mip"], 1, ["dbt", "mg"]),
            ("v-lmip-opts", ["-v", "laplacian-mip", "--mip-weight", "2", "--skip-frames", "2",
                             "--projection-mode", "central-slice"], 1, ["dbt"]),
            ("v-central-crop-size", ["-v", "central-slice", "-c", "-s", "128,128", "-f", "nearest"], 0, ["dbt"]),
            ("window", ["-w", "40,400"], 0, None),
            ("window-crop-m", ["-w", "2000,1000", "-c", "-m"], 0, ["mg", "dbt"]),
            ("z-packbits", ["-z", "packbits", "-s", "256,256", "-f", "nearest"], 0, None),
            ("z-lzw", ["-z", "lzw", "-s", "256,256", "-f", "nearest"], 0, None),
            ("z-uncompressed", ["-z", "uncompressed"], 0, None),
            ("strict", ["--strict"], 0, None),
            ("j1", ["-c", "-s", "256,256", "-f", "nearest"], 0, None)]
    # The damaged-file set: without --strict the good files are written and the exit code is 0;
    # with --strict the run stops (exit 255): only the exit codes are compared.
    out += [("bad-lenient", [], 0, ["bad"]), ("bad-strict", ["--strict"], 0, ["bad"])]
    return out


# ---------------------------------------------------------------------------------------------
# Generated inputs

def _uid(*parts):
    from pydicom.uid import generate_uid
    return generate_uid(entropy_srcs=["parallelseries-issue14"] + [str(p) for p in parts])


def _dataset(sop_class, key, rows, cols, bits_alloc, bits_stored, modality):
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = _uid(key, "sop")
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = _uid(key.split("/")[0], "study")
    ds.SeriesInstanceUID = _uid(key.rsplit("/", 1)[0], "series")
    ds.Modality = modality
    ds.PatientName = "Oracle^" + key.replace("/", "_")
    ds.PatientID = key.split("/")[0]
    ds.SeriesNumber = 1
    ds.InstanceNumber = 1
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = bits_alloc, bits_stored, bits_stored - 1
    ds.PixelRepresentation = 0
    return ds


def breast(rows, cols, frames=1, right=False, seed=14, maxval=4095):
    """A breast-like blob against one side (left, or right), noisy tissue, zero background."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    xs = (cols - 1 - x) if right else x
    blob = ((xs / (0.7 * cols)) ** 2 + ((y - rows / 2) / (0.45 * rows)) ** 2) < 1.0
    stack = np.zeros((frames, rows, cols), np.float32)
    for f in range(frames):
        tissue = 0.15 + 0.35 * np.exp(-((xs - 0.3 * cols) ** 2 + (y - rows / 2 - 0.02 * rows * (f - frames / 2)) ** 2)
                                      / (0.1 * cols * cols))
        stack[f] = np.where(blob, tissue + 0.05 * rng.random((rows, cols), np.float32), 0)
    return np.round(stack * maxval * 0.9).astype(np.uint16)


def write_mg(path, key, rows, cols, bits_stored, bits_alloc=16, right=False, window=None, mono1=False):
    import pydicom
    maxval = (1 << bits_stored) - 1
    img = breast(rows, cols, right=right, maxval=maxval)[0]
    lx = cols // 12 if right else cols - cols // 4
    img[rows // 10:rows // 10 + rows // 30, lx:lx + cols // 6] = maxval  # burned-in label
    img[2 * rows // 3, cols // 2] = maxval // 80  # isolated dim speck
    if mono1:
        img = np.where(img > 0, maxval - img, maxval).astype(np.uint16)
    ds = _dataset("1.2.840.10008.5.1.4.1.1.1.2", key, rows, cols, bits_alloc, bits_stored, "MG")
    ds.PhotometricInterpretation = "MONOCHROME1" if mono1 else "MONOCHROME2"
    ds.ImageLaterality = "R" if right else "L"
    ds.ViewPosition = "CC"
    ds.PatientOrientation = ["A", "L" if right else "R"]
    ds.ImagerPixelSpacing = [0.1, 0.1]
    ds.PixelSpacing = [0.1, 0.1]
    if window:
        ds.WindowCenter, ds.WindowWidth = window
    ds.PixelData = (img.astype(np.uint8) if bits_alloc == 8 else img).tobytes()
    pydicom.dcmwrite(path, ds, enforce_file_format=True)


def write_dbt(path, key, rows, cols, frames, laterality="L", orientation=("A", "R"), bits_stored=12):
    import pydicom
    stack = breast(rows, cols, frames, right=laterality == "R", maxval=(1 << bits_stored) - 1)
    ds = _dataset("1.2.840.10008.5.1.4.1.1.13.1.3", key, rows, cols, 16, bits_stored, "MG")
    ds.ImageLaterality = laterality
    ds.ViewPosition = "CC"
    ds.PatientOrientation = list(orientation)
    ds.PixelSpacing = [0.1, 0.1]
    ds.SpacingBetweenSlices = 1
    ds.SliceThickness = 1
    ds.NumberOfFrames = frames
    ds.PixelData = stack.tobytes()
    pydicom.dcmwrite(path, ds, enforce_file_format=True)


def write_ct_series(folder, key, slices=24, size=256):
    import pydicom
    y, x = np.mgrid[0:size, 0:size].astype(np.float32)
    body = ((x - size / 2) / (0.42 * size)) ** 2 + ((y - size / 2) / (0.35 * size)) ** 2 < 1
    rng = np.random.default_rng(7)
    for k in range(slices):
        hu = np.where(body, 40 + 20 * rng.standard_normal((size, size)), -1000)
        hu[int(size * 0.45):int(size * 0.55), int(size * 0.3):int(size * (0.4 + 0.01 * k))] = 700  # bone
        ds = _dataset("1.2.840.10008.5.1.4.1.1.2", "%s/%d" % (key, k), size, size, 16, 12, "CT")
        ds.SeriesInstanceUID = _uid(key, "series")
        ds.StudyInstanceUID = _uid(key.split("/")[0], "study")
        ds.InstanceNumber = k + 1
        ds.PixelRepresentation = 1
        ds.RescaleIntercept, ds.RescaleSlope = -1024, 1
        ds.WindowCenter, ds.WindowWidth = 40, 400
        ds.PixelSpacing = [0.7, 0.7]
        ds.SliceThickness = 2.5
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.ImagePositionPatient = [-size * 0.35, -size * 0.35, -100 + 2.5 * k]
        ds.PixelData = np.clip(hu + 1024, -2048, 2047).astype(np.int16).tobytes()
        pydicom.dcmwrite(os.path.join(folder, "ct%03d.dcm" % k), ds, enforce_file_format=True)


def make_generated(folder, kind):
    os.makedirs(folder, exist_ok=True)
    if kind == "mg":
        write_mg(os.path.join(folder, "mg16.dcm"), "mg/a/16", 1664, 2048, 16)
        write_mg(os.path.join(folder, "mg12r.dcm"), "mg/a/12r", 1200, 1536, 12, right=True)
        write_mg(os.path.join(folder, "mg12w.dcm"), "mg/b/12w", 1000, 800, 12, window=(1500, 2000), mono1=True)
        write_mg(os.path.join(folder, "mg8.dcm"), "mg/b/8", 800, 1024, 8, bits_alloc=8)
    elif kind == "dbt":
        write_dbt(os.path.join(folder, "dbt_lcc.dcm"), "dbt/a/lcc", 320, 400, 16, "L", ("A", "R"))
        write_dbt(os.path.join(folder, "dbt_lcc_inverse.dcm"), "dbt/a/lcci", 320, 400, 16, "L", ("P", "L"))
        write_dbt(os.path.join(folder, "dbt_rcc.dcm"), "dbt/b/rcc", 300, 240, 13, "R", ("A", "L"))
    elif kind == "ct":
        write_ct_series(folder, "ct/a")


# ---------------------------------------------------------------------------------------------
# Real inputs: ITK's and pydicom's files, probed through the peer

def itk_files(itk_data):
    """[(name, path)] of ITK's DICOM test files."""
    if itk_data:
        return sorted((os.path.relpath(p, itk_data), p) for p in glob.glob(os.path.join(itk_data, "**", "*.dcm"), recursive=True))
    src = subprocess.run(["bash", os.path.join(REPO, ".ci", "build-itk.sh"), "print-src"], stdout=subprocess.PIPE,
                         text=True).stdout.strip().splitlines()
    store = os.path.join(src[-1] if src else "", ".ExternalData", "CID")
    base = os.path.join(HERE, "Input", "ITK")
    out = []
    for link in sorted(glob.glob(os.path.join(base, "**", "*.cid"), recursive=True)):
        with open(link) as f:
            path = os.path.join(store, f.read().strip())
        if os.path.isfile(path):
            out.append((os.path.relpath(link, base)[:-4], path))
    if not out:
        sys.exit("ITK's DICOM files not found (--itk-data, or ITK's .ExternalData in %s)" % store)
    return out


def pydicom_files():
    import pydicom.data
    files = pydicom.data.get_testdata_files()
    return sorted((os.path.basename(p), p) for p in files if os.path.isfile(p))


def uids(path):
    import pydicom
    try:
        ds = pydicom.dcmread(path, stop_before_pixels=True, force=True)
        return (str(ds.get("StudyInstanceUID", "")), str(ds.get("SeriesInstanceUID", "")), str(ds.get("SOPInstanceUID", "")))
    except Exception:  # noqa: BLE001 - unreadable: the peer decides
        return None


def probe(peer, files, folder, work, skip=()):
    """Copies the files the peer accepts (one by one, --strict) into FOLDER as NNN.dcm, except those
    named in SKIP (NOT_COMPARED).
    Returns [(name, reason)] of the rejected ones and [name] of the duplicates dropped."""
    os.makedirs(folder, exist_ok=True)
    rejected, dropped, seen = [], [], set()
    for i, (name, path) in enumerate(files):
        if name in skip:
            continue
        key = uids(path)
        if key is not None and all(key) and key in seen:
            dropped.append(name)
            continue
        tmp = os.path.join(work, "probe", "%03d.dcm" % i)
        out = os.path.join(work, "probe", "out%03d" % i)
        os.makedirs(out)
        shutil.copy(path, tmp)
        proc = subprocess.run([peer, "--strict", "-j", "1", tmp, out], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, errors="replace")
        written = glob.glob(os.path.join(out, "**", "*.tiff"), recursive=True)
        if proc.returncode != 0 or not written:
            lines = [ln for ln in proc.stdout.splitlines() if "ERROR" in ln or "rror" in ln] or proc.stdout.splitlines()
            reason = (lines[-1] if lines else "exit %d" % proc.returncode).replace(tmp, "<file>")
            rejected.append((name, reason.strip()[-160:]))
            continue
        if key is not None:
            seen.add(key)
        shutil.copy(path, os.path.join(folder, "%03d.dcm" % i))
    shutil.rmtree(os.path.join(work, "probe"), ignore_errors=True)
    return rejected, dropped


# ---------------------------------------------------------------------------------------------
# TIFF reading (classic and BigTIFF; none, LZW, PackBits, Deflate; predictor 1 and 2)

TYPES = {1: "B", 2: "s", 3: "H", 4: "I", 5: "II", 6: "b", 7: "B", 8: "h", 9: "i", 10: "ii", 11: "f", 12: "d",
         16: "Q", 17: "q", 18: "Q"}


def packbits_decode(data):
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        c = data[i]
        i += 1
        if c < 128:
            out += data[i:i + c + 1]
            i += c + 1
        elif c > 128:
            out += data[i:i + 1] * (257 - c)
            i += 1
    return bytes(out)


def lzw_decode(data):
    """TIFF LZW (MSB first, 9-12 bit codes, early change)."""
    d = bytes(data) + b"\0\0\0"
    nbits = len(data) * 8
    out = bytearray()
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    bits, pos, prev = 9, 0, None
    while pos + bits <= nbits:
        i = pos >> 3
        v = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2]
        code = (v >> (24 - (pos & 7) - bits)) & ((1 << bits) - 1)
        pos += bits
        if code == 256:
            del table[258:]
            bits, prev = 9, None
            continue
        if code == 257:
            break
        if prev is None:
            entry = table[code]
        else:
            entry = table[code] if code < len(table) else prev + prev[:1]
            table.append(prev + entry[:1])
        out += entry
        prev = entry
        if len(table) >= (1 << bits) - 1 and bits < 12:
            bits += 1
    return bytes(out)


class Tiff:
    def __init__(self, path):
        with open(path, "rb") as f:
            self.data = data = f.read()
        self.end = end = "<" if data[:2] == b"II" else ">"
        big = struct.unpack(end + "H", data[2:4])[0] == 43
        if big:
            offset = struct.unpack(end + "Q", data[8:16])[0]
            cfmt, efmt, esize, ofmt, inline = "Q", "HHQ8s", 20, "Q", 8
        else:
            offset = struct.unpack(end + "I", data[4:8])[0]
            cfmt, efmt, esize, ofmt, inline = "H", "HHI4s", 12, "I", 4
        csize = struct.calcsize(cfmt)
        self.ifds = []
        while offset:
            count = struct.unpack(end + cfmt, data[offset:offset + csize])[0]
            entries = {}
            for k in range(count):
                start = offset + csize + esize * k
                tag, typ, n, value = struct.unpack(end + efmt, data[start:start + esize])
                code = TYPES.get(typ, "B")
                size = struct.calcsize(end + code) * n
                raw = value if size <= inline else data[struct.unpack(end + ofmt, value)[0]:][:size]
                entries[tag] = (typ, struct.unpack(end + code * n, raw[:size]))
            self.ifds.append(entries)
            start = offset + csize + esize * count
            offset = struct.unpack(end + ofmt, data[start:start + struct.calcsize(ofmt)])[0]

    @staticmethod
    def value(ifd, tag, default=None):
        return ifd[tag][1] if tag in ifd else default

    def tag(self, page, tag):
        """The tag's values (RATIONALs as fractions in floats, FLOATs rounded to float32), or None."""
        ifd = self.ifds[page]
        if tag not in ifd:
            return None
        typ, values = ifd[tag]
        if typ in (5, 10):
            return tuple(values[k] / values[k + 1] if values[k + 1] else float("nan") for k in range(0, len(values), 2))
        if typ == 11:
            return tuple(float(np.float32(v)) for v in values)
        return tuple(values)

    def page(self, k):
        ifd = self.ifds[k]
        w, h = ifd[256][1][0], ifd[257][1][0]
        spp = self.value(ifd, 277, (1,))[0]
        bits = self.value(ifd, 258, (1,))[0]
        fmt = self.value(ifd, 339, (1,))[0]
        comp = self.value(ifd, 259, (1,))[0]
        pred = self.value(ifd, 317, (1,))[0]
        if 322 in ifd:
            raise ValueError("tiled TIFF")
        kinds = {1: "u", 2: "i", 3: "f"}
        dtype = np.dtype(self.end + kinds[fmt] + str(bits // 8))
        rps = self.value(ifd, 278, (h,))[0]
        row_bytes = w * spp * dtype.itemsize
        chunks = []
        for o, n in zip(ifd[273][1], ifd[279][1]):
            raw = self.data[o:o + n]
            if comp == 1:
                chunks.append(raw)
            elif comp == 32773:
                chunks.append(packbits_decode(raw))
            elif comp == 5:
                chunks.append(lzw_decode(raw))
            elif comp in (8, 32946):
                chunks.append(zlib.decompress(raw))
            else:
                raise ValueError("compression %d" % comp)
        rows = []
        for s, chunk in enumerate(chunks):
            nrows = min(rps, h - s * rps)
            rows.append(np.frombuffer(chunk[:nrows * row_bytes], dtype).reshape(nrows, w, spp))
        arr = np.concatenate(rows, axis=0)
        if pred == 2:
            arr = np.cumsum(arr, axis=1, dtype=arr.dtype)
        return arr[:, :, 0] if spp == 1 else arr


def read_output(path):
    """Everything the checks look at, per page."""
    t = Tiff(path)
    pages = []
    for k, ifd in enumerate(t.ifds):
        pages.append({
            "size": (ifd[256][1][0], ifd[257][1][0]),
            "format": {"bits": list(t.value(ifd, 258, (1,))), "sample_format": t.value(ifd, 339, (1,))[0],
                       "spp": t.value(ifd, 277, (1,))[0], "photometric": t.value(ifd, 262, (None,))[0]},
            "tags": {name: t.tag(k, tag) for tag, name in TAG_NAMES.items()},
            "res": {"x": t.tag(k, 282), "y": t.tag(k, 283), "unit": t.tag(k, 296)},
            "compr": t.value(ifd, 259, (1,))[0],
            "pixels": t.page(k),
        })
    return pages


# ---------------------------------------------------------------------------------------------
# Running and comparing

def tiffs(root):
    return sorted(os.path.relpath(p, root) for p in glob.glob(os.path.join(root, "**", "*.tif*"), recursive=True))


def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    return proc.returncode, proc.stdout


def perturb(kind, rel, pages, state):
    """Alters "our" reading once (the first file with something to alter)."""
    if state.get("done"):
        return pages
    if kind == "pixel":
        p = pages[0]["pixels"].copy()
        p.flat[p.size // 2] = p.flat[p.size // 2] + 2 if p.flat[p.size // 2] < 200 else p.flat[p.size // 2] - 2
        pages[0]["pixels"] = p
    elif kind == "tag":
        if pages[0]["tags"]["ActiveArea"] is None:
            return pages
        pages[0]["tags"]["ActiveArea"] = None
    elif kind == "scale":
        if pages[0]["tags"]["DefaultScale"] is None:
            return pages
        pages[0]["tags"]["DefaultScale"] = tuple(v * 1.01 for v in pages[0]["tags"]["DefaultScale"])
    elif kind == "resolution":
        x = pages[0]["res"]["x"]
        pages[0]["res"]["x"] = tuple(v + 1 for v in x) if x else (1.0,)
    state["done"] = True
    return pages


def compare_case(ours_root, peer_root, tol, args, state):
    """{check: (ok|FAIL|-, detail)}."""
    res = {c: ("-", "") for c in CHECKS[1:]}
    o_files, p_files = tiffs(ours_root), tiffs(peer_root)
    if args.perturb == "file" and o_files and not state.get("done"):
        o_files = o_files[1:]
        state["done"] = True
    if o_files == p_files:
        res["layout"] = ("ok", "%d files" % len(p_files))
    else:
        missing = sorted(set(p_files) - set(o_files))
        extra = sorted(set(o_files) - set(p_files))
        res["layout"] = ("FAIL", "ours %d files, peer %d; missing %s; extra %s" % (
            len(o_files), len(p_files), short(missing[0]) if missing else "none", short(extra[0]) if extra else "none"))
    first = {c: None for c in CHECKS[2:]}
    applicable = set()
    for rel in sorted(set(o_files) & set(p_files)):
        try:
            p_pages = read_output(os.path.join(peer_root, rel))
        except Exception as e:  # noqa: BLE001
            first["pages"] = first["pages"] or "%s: the peer's TIFF unreadable here: %s" % (short(rel), e)
            applicable.add("pages")
            continue
        try:
            o_pages = read_output(os.path.join(ours_root, rel))
        except Exception as e:  # noqa: BLE001
            first["pages"] = first["pages"] or "%s: our TIFF unreadable: %s" % (short(rel), e)
            applicable.add("pages")
            continue
        if args.perturb and args.perturb != "file":
            o_pages = perturb(args.perturb, rel, o_pages, state)
        applicable.add("pages")
        if len(o_pages) != len(p_pages):
            first["pages"] = first["pages"] or "%s: ours %d pages, peer %d" % (short(rel), len(o_pages), len(p_pages))
        for k, (o, p) in enumerate(zip(o_pages, p_pages)):
            where = "%s page %d" % (short(rel), k)
            for check in ("size", "format", "tags", "res", "compr"):
                applicable.add(check)
                if o[check] != p[check] and first[check] is None:
                    if isinstance(o[check], dict):
                        keys = [key for key in p[check] if o[check].get(key) != p[check][key]]
                        key = keys[0] if keys else "?"
                        first[check] = "%s: %s ours %s, peer %s" % (where, key, o[check].get(key), p[check].get(key))
                    else:
                        first[check] = "%s: ours %s, peer %s" % (where, o[check], p[check])
            applicable.add("pixels")
            if o["pixels"].shape != p["pixels"].shape:
                first["pixels"] = first["pixels"] or "%s: shapes %s | %s" % (where, o["pixels"].shape, p["pixels"].shape)
                continue
            diff = np.abs(o["pixels"].astype(np.int64) - p["pixels"].astype(np.int64))
            worst = int(diff.max()) if diff.size else 0
            if worst > tol and first["pixels"] is None:
                at = np.unravel_index(int(np.argmax(diff)), diff.shape)
                first["pixels"] = "%s: max |diff| %d > %d at %s (ours %s, peer %s), %.2f %% differ" % (
                    where, worst, tol, tuple(int(a) for a in at), o["pixels"][at], p["pixels"][at],
                    100.0 * float(np.mean(diff > 0)))
    for check in CHECKS[2:]:
        if check in applicable:
            res[check] = ("FAIL", first[check]) if first[check] else ("ok", "")
    return res


def first_error(log):
    lines = log.strip().splitlines()
    errors = [ln for ln in lines if "rror" in ln or "nknown" in ln or "nvalid" in ln]
    return ((errors or lines or [""])[0]).strip()[-200:]


def has_preprocess(cli):
    """Whether CLI's usage lists the `preprocess` subcommand (an unknown word prints the usage
    and exits 0 on older CLIs, so the exit code says nothing)."""
    rc, out = run([cli, "--help"])
    return rc == 0 and "parallel-series preprocess " in out


def short(rel):
    """study/series/sop.tiff with each UID cut to its last 8 characters, for the report."""
    parts = rel.split(os.sep)
    return "/".join(("~" + p[-13:] if p.endswith(".tiff") and len(p) > 13 else "~" + p[-8:] if len(p) > 8 else p)
                    for p in parts)


def peer_bin(args):
    if args.peer_bin:
        return args.peer_bin
    if os.environ.get("DICOM_PREPROCESSING_BIN"):
        return os.environ["DICOM_PREPROCESSING_BIN"]
    # A cached build only: reuse what build-dicom-preprocessing.sh made (never build here).
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "itk-parallelseries", "peers")
    found = sorted(glob.glob(os.path.join(cache, "dicom-preprocessing-*", "bin", "dicom-preprocess")))
    return os.path.dirname(found[-1]) if found else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ours", default=os.environ.get("PARALLELSERIES_CLI", os.path.join(REPO, "build", "bin", "parallel-series")))
    parser.add_argument("--peer-bin", help="directory holding dicom-preprocess (default: $DICOM_PREPROCESSING_BIN, else the cached build)")
    parser.add_argument("--work", help="work directory (default: a temporary one, removed)")
    parser.add_argument("--itk-data", help="directory of ITK's resolved DICOM test files")
    parser.add_argument("--set", action="append", help="input sets (default: all): itk pydicom mg dbt ct bad")
    parser.add_argument("--combo", action="append", help="option combinations (default: all; names in the table)")
    parser.add_argument("--json", help="write every result to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--ours-is-peer", action="store_true", help="self-test: run the peer as ours too")
    parser.add_argument("--perturb", choices=["pixel", "tag", "scale", "file", "resolution"],
                        help="self-test: alter our outputs after reading; the lane must fail")
    parser.add_argument("--expect-fail", action="store_true", help="exit 0 when a check failed, 1 when all passed")
    parser.add_argument("--peer-only", action="store_true", help="run the peer only and read its outputs")
    args = parser.parse_args()

    bindir = peer_bin(args)
    peer = os.path.join(bindir, "dicom-preprocess") if bindir else None
    if not peer or not os.access(peer, os.X_OK):
        print("notice: dicom-preprocessing is not built (benchmark/peers/build-dicom-preprocessing.sh, 30+ min): "
              "the oracle lane is skipped", file=sys.stderr)
        return SKIP
    if args.ours_is_peer:
        ours_cmd = [peer]
    elif args.peer_only:
        ours_cmd = None
    else:
        if not os.access(args.ours, os.X_OK):
            print("error: our CLI not found: %s (--ours or PARALLELSERIES_CLI)" % args.ours, file=sys.stderr)
            return 1
        if not has_preprocess(args.ours):
            print("error: %s has no `preprocess` subcommand (its --help does not list `parallel-series "
                  "preprocess`): the oracle lane compares `parallel-series preprocess`, the drop-in of "
                  "issue 14, and cannot run on this CLI" % args.ours, file=sys.stderr)
            return 1
        ours_cmd = [args.ours, "preprocess"]

    sets = args.set or ["itk", "pydicom", "mg", "dbt", "ct", "bad"]
    work = args.work or tempfile.mkdtemp(prefix="dp-oracle-")
    os.makedirs(work, exist_ok=True)
    rows, deviations, failures, set_failures = [], {}, 0, 0
    try:
        folders = {}
        for name in sets:
            folder = os.path.join(work, "in", name)
            shutil.rmtree(folder, ignore_errors=True)
            if name in ("mg", "dbt", "ct"):
                make_generated(folder, name)
            elif name in ("itk", "pydicom"):
                files = itk_files(args.itk_data) if name == "itk" else pydicom_files()
                skip = NOT_COMPARED.get(name, {})
                missing = sorted(set(skip) - set(n for n, _ in files))
                if missing:
                    sys.exit("NOT_COMPARED names files that are not in the %s set: %s" % (name, missing))
                rejected, dropped = probe(peer, files, folder, work, skip)
                deviations[name] = {"files": len(files), "rejected": rejected, "duplicates": dropped,
                                    "not_compared": sorted(skip.items()), "compared": len(os.listdir(folder))}
            elif name == "bad":
                import pydicom.data
                os.makedirs(folder)
                for i, f in enumerate(("CT_small.dcm", "MR_small.dcm")):
                    shutil.copy(pydicom.data.get_testdata_file(f), os.path.join(folder, "%d.dcm" % i))
                with open(pydicom.data.get_testdata_file("MR_small.dcm"), "rb") as f:
                    head = f.read(2000)  # preamble, meta and a few elements, then nothing
                with open(os.path.join(folder, "2.dcm"), "wb") as f:
                    f.write(head)
            else:
                parser.error("unknown set %s" % name)
            folders[name] = folder
        for combo, opts, tol, only in combos():
            if args.combo and combo not in args.combo:
                continue
            jobs = ["-j", "1"] if combo == "j1" else J
            for name in sets:
                if only is not None and name not in only:
                    continue
                if (combo.startswith("bad-")) != (name == "bad"):
                    continue
                case = "%s/%s" % (name, combo)
                o_out = os.path.join(work, "out", name, combo, "ours")
                p_out = os.path.join(work, "out", name, combo, "peer")
                for d in (o_out, p_out):
                    shutil.rmtree(d, ignore_errors=True)
                    os.makedirs(d)  # an existing directory: study/series/sop.tiff inside
                p_rc, p_log = run([peer] + opts + jobs + [folders[name], p_out])
                row = {"case": case, "options": " ".join(opts + jobs), "checks": {}}
                if ours_cmd is None:
                    files = tiffs(p_out)
                    ok = p_rc == (255 if combo == "bad-strict" else 0) and (files or combo == "bad-strict")
                    try:
                        for rel in files:
                            read_output(os.path.join(p_out, rel))
                    except Exception as e:  # noqa: BLE001
                        ok, p_log = False, "unreadable %s: %s" % (rel, e)
                    row["checks"]["exit"] = ("ok" if ok else "FAIL", "peer exit %d, %d files; %s" % (
                        p_rc, len(files), "" if ok else p_log.strip()[-200:]))
                else:
                    o_rc, o_log = run(ours_cmd + opts + jobs + [folders[name], o_out])
                    row["checks"]["exit"] = ("ok", "%d" % p_rc) if o_rc == p_rc else (
                        "FAIL", "ours %d, peer %d; ours: %s" % (o_rc, p_rc, first_error(o_log)))
                    if combo != "bad-strict":
                        row["checks"].update(compare_case(o_out, p_out, tol, args, state=STATE))
                rows.append(row)
                if any(v[0] == "FAIL" for v in row["checks"].values()):
                    failures += 1
                if not args.keep and not args.work:
                    shutil.rmtree(os.path.join(work, "out", name, combo), ignore_errors=True)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)

    print("ours: %s\npeer: %s" % (" ".join(ours_cmd) if ours_cmd else "(not run: --peer-only)", peer))
    for name, dev in deviations.items():
        print("\n%s: %d files, %d rejected by the peer (expected deviations), %d duplicate UIDs dropped, %d compared" % (
            name, dev["files"], len(dev["rejected"]), len(dev["duplicates"]), dev["compared"]))
        for f, reason in dev["rejected"]:
            print("  rejected %-50s %s" % (f, reason))
        for f, reason in dev.get("not_compared", []):
            print("  not compared (ours deliberately differs) %s: %s" % (f, reason))
        if name in EXPECTED_REJECTED and len(dev["rejected"]) != EXPECTED_REJECTED[name]:
            print("  FAIL: %d rejected, %d expected (docs/dicom-preprocessing.md)" % (len(dev["rejected"]), EXPECTED_REJECTED[name]))
            set_failures += 1
    checks = CHECKS if ours_cmd else ["exit"]
    width = max([len(r["case"]) for r in rows] + [4])
    print("\n%-*s  %s" % (width, "case", " ".join("%-6s" % c for c in checks)))
    for r in rows:
        print("%-*s  %s" % (width, r["case"], " ".join("%-6s" % r["checks"].get(c, ("-",))[0] for c in checks)))
    details = [(r["case"], c, r["checks"][c][1]) for r in rows for c in checks if r["checks"].get(c, ("-",))[0] == "FAIL"]
    if details:
        print("\nfirst differing detail per failed check:")
        for case, c, d in details:
            print("  %s [%s] %s" % (case, c, d))
    if args.perturb and not STATE.get("done"):
        print("\nnotice: --perturb %s found nothing to alter" % args.perturb)
    print("\n%d cases, %d with a failed check; %d input sets with an unexpected number of rejections" % (
        len(rows), failures, set_failures))
    failures += set_failures
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"deviations": deviations, "cases": rows}, out, indent=1, default=str)
    if args.expect_fail:
        return 0 if failures else 1
    return 1 if failures else 0


STATE = {}  # --perturb alters one file of the whole run

if __name__ == "__main__":
    sys.exit(main())
