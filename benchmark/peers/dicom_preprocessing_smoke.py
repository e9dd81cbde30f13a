"""Side-by-side smoke test: `parallel-series convert --format tiff` against dicom-preprocessing 0.1.2.

    python benchmark/peers/dicom_preprocessing_smoke.py [--ours PATH] [--peer-bin DIR]
                                                        [--work DIR] [--json FILE] [--keep]

The starting point of issue 14's oracle lane (item 3). It reports; it does not assert (exit 0
when both tools ran, whatever they wrote).

1. The peer: --peer-bin, else benchmark/peers/build-dicom-preprocessing.sh is run (cached build;
   its exit code 77, snapshot absent, makes this script print a notice and exit 77 too).
   Ours: --ours, else $PARALLELSERIES_CLI, else build/bin/parallel-series of the checkout.
2. Inputs, one DICOM file per case, each in a directory of its own (so that our CLI sees one
   series and the peer one file): pydicom's bundled CT_small.dcm (CT, int16, rescale, no window),
   MR_small.dcm (MR, int16, window 600/1600), 6154 (CR, MONOCHROME1, 12-bit, no IPP) and
   examples_rgb_color.dcm (US, RGB 8-bit), read from pydicom.data's directory (no download);
   three generated files: mg_like (MG, 12-bit unsigned 320x256, no IPP, no window, a breast-like
   blob and a burned-in label at 4095), dbt_like (Breast Tomosynthesis Image Storage, one
   multi-frame file of 12 frames, 12-bit 160x128, no window) and full16 (mg_like scaled to
   16 bits stored so that 0 and 65535 occur: the peer's min-max VOI fallback is then the
   identity, (x - 0 + 0.5) / 65535 * 65535 truncated, and both tools see the same values, which
   isolates crop, resize and pad from the VOI gap).
3. Option combinations (ours | peer), each run on every input:
   nearest:         --size 64,64 --filter nearest (both);
   triangle-center: --size 64,64 --filter triangle --padding center (both);
   crop-bbox:       ours --crop --size 64,64 | peer --crop --no-components --size 64,64;
   crop-components: ours --crop --size 64,64 | peer --crop --size 64,64 (its default crop).
   The peer runs with --strict -j 2, ours with --threads 2.
4. Compared per case: number of TIFF files, pages, width x height, sample type, the five tags
   (297 PageNumber, 50718 DefaultScale, 50719 DefaultCropOrigin, 50720 DefaultCropSize,
   50829 ActiveArea; "absent" when not written) and the pixels of the first file: share of
   equal pixels, largest difference, and Pearson correlation (pixel values differ when the
   peer's VOI mapping to the full 8/16-bit range is applied and ours keeps stored values; a high
   correlation then still says the geometry agrees).

Needs Pillow, NumPy and pydicom (the benchmark venv has them). Output: a table on stdout and,
with --json, every comparison. Work files go to a temporary directory (--work to choose it,
--keep to keep it).
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image, ImageSequence

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SKIP = 77
TAGS = {297: "PageNumber", 50718: "DefaultScale", 50719: "DefaultCropOrigin", 50720: "DefaultCropSize",
        50829: "ActiveArea"}

COMBOS = [
    ("nearest", ["--size", "64,64", "--filter", "nearest"], ["--size", "64,64", "--filter", "nearest"]),
    ("triangle-center", ["--size", "64,64", "--filter", "triangle", "--padding", "center"],
     ["--size", "64,64", "--filter", "triangle", "--padding", "center"]),
    ("crop-bbox", ["--crop", "--size", "64,64"], ["--crop", "--no-components", "--size", "64,64"]),
    ("crop-components", ["--crop", "--size", "64,64"], ["--crop", "--size", "64,64"]),
]
# The options of branch crop (issue 14): ours with the peer's conventions spelled out (convert's
# defaults stay Pillow / bounding box; `preprocess` will imply them).
PEER_CONVENTIONS = ["--resampling", "image-crate"]
COMBOS += [
    ("crate-triangle", ["--size", "100,70"] + PEER_CONVENTIONS, ["--size", "100,70"]),
    ("crate-nearest-nopad", ["--size", "100,70", "-f", "nearest", "--no-padding"] + PEER_CONVENTIONS,
     ["--size", "100,70", "-f", "nearest", "--no-padding"]),
    ("crate-lanczos3", ["--size", "88,70", "-f", "lanczos3"] + PEER_CONVENTIONS, ["--size", "88,70", "-f", "lanczos3"]),
    ("max-pool", ["--size", "64,64", "-f", "max-pool"] + PEER_CONVENTIONS, ["--size", "64,64", "-f", "max-pool"]),
    ("components", ["--crop", "--components", "--size", "64,64"] + PEER_CONVENTIONS, ["-c", "--size", "64,64"]),
    ("bbox-border", ["--crop", "-n", "-b", "0.1"], ["-c", "-n", "-b", "0.1"]),
    ("spacing", ["--spacing", "0.2,0.2"] + PEER_CONVENTIONS, ["--spacing", "0.2,0.2"]),
]
PYDICOM_FILES = ["CT_small.dcm", "MR_small.dcm", "6154", "examples_rgb_color.dcm"]


def peer_bin(args):
    if args.peer_bin:
        return args.peer_bin
    script = os.path.join(HERE, "build-dicom-preprocessing.sh")
    proc = subprocess.run(["bash", script], stdout=subprocess.PIPE, text=True)
    if proc.returncode == SKIP:
        print("notice: dicom-preprocessing snapshot absent: smoke comparison skipped", file=sys.stderr)
        sys.exit(SKIP)
    if proc.returncode != 0:
        sys.exit("building dicom-preprocessing failed (exit %d)" % proc.returncode)
    return proc.stdout.strip().splitlines()[-1]


def write_generated(path, kind):
    """A small MG-like (one frame) or DBT-like (multi-frame) file, 12-bit unsigned, no IPP."""
    import pydicom
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    rng = np.random.default_rng(14)
    frames, rows, cols = (12, 128, 160) if kind == "dbt" else (1, 256, 320)
    y, x = np.mgrid[0:rows, 0:cols]
    blob = ((x / (0.7 * cols)) ** 2 + ((y - rows / 2) / (0.45 * rows)) ** 2) < 1.0  # breast on the left
    stack = np.zeros((frames, rows, cols), np.uint16)
    for f in range(frames):
        tissue = 600 + 1500 * np.exp(-((x - 0.3 * cols) ** 2 + (y - rows / 2 - 4 * f) ** 2) / (0.1 * cols * cols))
        stack[f] = np.where(blob, tissue + rng.integers(0, 200, (rows, cols)), 0).astype(np.uint16)
    if kind in ("mg", "full16"):
        stack[0, rows // 10:rows // 10 + 12, cols - 60:cols - 20] = 4095  # burned-in label, the 12-bit maximum
        stack[0, 2 * rows // 3, cols // 2 + 40] = 50  # an isolated dim speck outside the breast
    bits = 12
    if kind == "full16":  # 0 and 65535 present, no window: the peer's min-max VOI is the identity
        stack = (stack.astype(np.uint32) * 65535 // 4095).astype(np.uint16)
        bits = 16

    meta = FileMetaDataset()
    sop_class = "1.2.840.10008.5.1.4.1.1.13.1.3" if kind == "dbt" else "1.2.840.10008.5.1.4.1.1.1.2"
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "MG"
    ds.PatientName = "Smoke^" + kind
    ds.PatientID = kind
    ds.SeriesNumber = 1
    ds.InstanceNumber = 1
    ds.ImageLaterality = "L"
    ds.ViewPosition = "CC"
    ds.PatientOrientation = ["A", "R"]
    ds.ImagerPixelSpacing = [0.1, 0.1]
    ds.PixelSpacing = [0.1, 0.1]
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, bits, bits - 1, 0
    if kind == "dbt":
        ds.NumberOfFrames = frames
    ds.PixelData = stack.tobytes()
    pydicom.dcmwrite(path, ds, enforce_file_format=True)


def make_inputs(work):
    """{case: directory holding one DICOM file}."""
    import pydicom.data

    cases = {}
    base = os.path.dirname(pydicom.data.get_testdata_files("CT_small.dcm")[0])
    for name in PYDICOM_FILES:
        src = os.path.join(base, name)
        if not os.path.isfile(src):
            found = [p for p in pydicom.data.get_testdata_files() if os.path.basename(p) == name]
            if not found:
                print("pydicom test file %s not found, case left out" % name, file=sys.stderr)
                continue
            src = found[0]
        case = os.path.splitext(name)[0]
        folder = os.path.join(work, "in", case)
        os.makedirs(folder)
        shutil.copy(src, os.path.join(folder, name if name.endswith(".dcm") else name + ".dcm"))
        cases[case] = folder
    for kind in ("mg", "dbt", "full16"):
        folder = os.path.join(work, "in", kind if kind == "full16" else kind + "_like")
        os.makedirs(folder)
        write_generated(os.path.join(folder, kind + ".dcm"), kind)
        cases[kind if kind == "full16" else kind + "_like"] = folder
    return cases


TYPES = {1: "B", 2: "s", 3: "H", 4: "I", 5: "II", 6: "b", 8: "h", 9: "i", 10: "ii", 11: "f", 12: "d", 16: "Q"}


def read_ifds(path):
    """Every IFD of a classic TIFF as {tag: (type, values)} (a small reader: Pillow cannot open
    every sample type our CLI writes, e.g. float64)."""
    import struct
    with open(path, "rb") as f:
        data = f.read()
    end = "<" if data[:2] == b"II" else ">"
    offset = struct.unpack(end + "I", data[4:8])[0]
    ifds = []
    while offset:
        count = struct.unpack(end + "H", data[offset:offset + 2])[0]
        entries = {}
        for i in range(count):
            tag, typ, n, value = struct.unpack(end + "HHI4s", data[offset + 2 + 12 * i:offset + 14 + 12 * i])
            code = TYPES.get(typ, "B")
            size = struct.calcsize(end + code) * n
            raw = value if size <= 4 else data[struct.unpack(end + "I", value)[0]:][:size]
            values = struct.unpack(end + code * n, raw[:size])
            if typ in (5, 10):
                values = tuple(values[k] / values[k + 1] if values[k + 1] else 0.0 for k in range(0, len(values), 2))
            entries[tag] = (typ, values)
        ifds.append(entries)
        offset = struct.unpack(end + "I", data[offset + 2 + 12 * count:offset + 6 + 12 * count])[0]
    return ifds, data, end


def raw_pages(ifds, data, end):
    """Pixels of uncompressed pages (strips), for files Pillow cannot open."""
    dtypes = {(1, 8): "u1", (1, 16): "u2", (1, 32): "u4", (2, 8): "i1", (2, 16): "i2", (2, 32): "i4",
              (3, 32): "f4", (3, 64): "f8"}
    pages = []
    for ifd in ifds:
        if ifd.get(259, (3, (1,)))[1][0] != 1:
            raise ValueError("compressed page")
        w, h = ifd[256][1][0], ifd[257][1][0]
        spp = ifd.get(277, (3, (1,)))[1][0]
        dtype = np.dtype(end + dtypes[(ifd.get(339, (3, (1,)))[1][0], ifd[258][1][0])])
        buf = b"".join(data[o:o + n] for o, n in zip(ifd[273][1], ifd[279][1]))
        page = np.frombuffer(buf, dtype).reshape((h, w, spp) if spp > 1 else (h, w))
        pages.append(page)
    return pages


def read_tiff(path):
    """Pages as NumPy arrays, the five tags of the first page, its sample type and compression."""
    ifds, data, end = read_ifds(path)
    first = ifds[0]
    tags = {tag: (None if tag not in first else [round(float(v), 6) for v in first[tag][1]]) for tag in TAGS}
    info = {"compression": {1: "none", 5: "lzw", 8: "deflate", 32946: "deflate", 32773: "packbits"}.get(
                first.get(259, (3, (1,)))[1][0], str(first.get(259))),
            "sample_format": first.get(339, (3, (1,)))[1][0], "bits": first[258][1][0],
            "software": "".join(chr(c) for c in first[305][1]).strip("\0") if 305 in first else None,
            "resolution": [first[t][1][0] for t in (282, 283) if t in first],
            "ifds": len(ifds)}
    try:
        with Image.open(path) as im:
            pages = [np.array(page) for page in ImageSequence.Iterator(im)]
    except Exception:  # noqa: BLE001 - Pillow does not read every sample type
        pages = raw_pages(ifds, data, end)
    info["mode"] = "%s%d%s" % ({1: "u", 2: "i", 3: "f"}.get(info["sample_format"], "?"), info["bits"],
                                "x3" if first.get(277, (3, (1,)))[1][0] == 3 else "")
    return pages, tags, info


def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc.returncode, proc.stdout[-2000:]


def compare(ours_files, peer_files):
    row = {"files": [len(ours_files), len(peer_files)]}
    if not ours_files or not peer_files:
        return row
    o_pages, o_tags, o_info = read_tiff(ours_files[0])
    p_pages, p_tags, p_info = read_tiff(peer_files[0])
    row["pages"] = [len(o_pages), len(p_pages)]
    row["size"] = ["%dx%d" % (o_pages[0].shape[1], o_pages[0].shape[0]),
                   "%dx%d" % (p_pages[0].shape[1], p_pages[0].shape[0])]
    row["type"] = [o_info["mode"], p_info["mode"]]
    row["software"] = [o_info["software"], p_info["software"]]
    row["resolution"] = [o_info["resolution"], p_info["resolution"]]
    row["compression"] = [o_info["compression"], p_info["compression"]]
    row["tags"] = {TAGS[t]: [o_tags[t], p_tags[t]] for t in TAGS}
    row["tags_equal"] = [TAGS[t] for t in TAGS if o_tags[t] == p_tags[t]]
    if len(o_pages) == len(p_pages) and o_pages[0].shape == p_pages[0].shape:
        a = np.stack(o_pages).astype(np.float64)
        b = np.stack(p_pages).astype(np.float64)
        row["equal_pixels"] = round(float(np.mean(a == b)), 4)
        row["max_abs_diff"] = float(np.max(np.abs(a - b)))
        if a.std() > 0 and b.std() > 0:
            row["correlation"] = round(float(np.corrcoef(a.ravel(), b.ravel())[0, 1]), 4)
    return row


def fmt(pair):
    return pair[0] if pair[0] == pair[1] else "%s | %s" % (pair[0], pair[1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ours", default=os.environ.get("PARALLELSERIES_CLI",
                                                         os.path.join(REPO, "build", "bin", "parallel-series")))
    parser.add_argument("--peer-bin", help="directory holding dicom-preprocess (default: build it)")
    parser.add_argument("--work", help="work directory (default: a temporary one)")
    parser.add_argument("--json", help="write every comparison to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    if not os.access(args.ours, os.X_OK):
        sys.exit("our CLI not found: %s (--ours or PARALLELSERIES_CLI)" % args.ours)
    peer = os.path.join(peer_bin(args), "dicom-preprocess")

    work = args.work or tempfile.mkdtemp(prefix="dp-smoke-")
    os.makedirs(work, exist_ok=True)
    results = []
    try:
        cases = make_inputs(work)
        for combo, ours_opts, peer_opts in COMBOS:
            for case, folder in cases.items():
                o_out = os.path.join(work, "out", combo, case, "ours")
                p_out = os.path.join(work, "out", combo, case, "peer")
                os.makedirs(p_out)  # an existing directory: the peer writes study/series/sop.tiff into it
                o_rc, o_log = run([args.ours, "convert", folder, o_out, "--format", "tiff", "--threads", "2"] + ours_opts)
                p_rc, p_log = run([peer, folder, p_out, "--strict", "-j", "2"] + peer_opts)
                row = {"combo": combo, "case": case, "exit": [o_rc, p_rc]}
                row.update(compare(sorted(glob.glob(os.path.join(o_out, "*.tiff"))),
                                   sorted(glob.glob(os.path.join(p_out, "**", "*.tiff"), recursive=True))))
                if p_rc != 0:
                    row["peer_log"] = p_log.strip().splitlines()[-1:]
                if o_rc != 0:
                    row["ours_log"] = o_log.strip().splitlines()[-1:]
                results.append(row)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)

    print("ours: %s\npeer: %s\n(a | b: ours | peer)" % (args.ours, peer))
    for row in results:
        print("\n[%s] %s: exit %s, files %s" % (row["combo"], row["case"], fmt(row["exit"]), fmt(row["files"])))
        if "pages" not in row:
            for key in ("ours_log", "peer_log"):
                if key in row:
                    print("  %s: %s" % (key, row[key]))
            continue
        print("  pages %s, size %s, type %s, compression %s" % (fmt(row["pages"]), fmt(row["size"]),
                                                                fmt(row["type"]), fmt(row["compression"])))
        for name, pair in row["tags"].items():
            print("  %-18s %s" % (name, fmt(pair)))
        if "equal_pixels" in row:
            print("  pixels: equal %.1f %%, max |diff| %g, correlation %s" % (
                100 * row["equal_pixels"], row["max_abs_diff"], row.get("correlation", "n/a")))
    agree = sum(1 for r in results if r.get("size", [0, 1])[0] == r.get("size", [0, 1])[1])
    print("\n%d comparisons; same output size in %d; all five tags equal in %d; pixels identical in %d" % (
        len(results), agree, sum(1 for r in results if len(r.get("tags_equal", [])) == 5),
        sum(1 for r in results if r.get("equal_pixels") == 1.0)))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=1)


if __name__ == "__main__":
    main()
