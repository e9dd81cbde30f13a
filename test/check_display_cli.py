"""parallel-series convert --values display against the expected values of make_voilut_cases.py.

Usage: python test/check_display_cli.py PARALLEL_SERIES CASES_DIR WORK_DIR
For each case of CASES_DIR/cases.txt: `convert --files-from <one file>` (or `convert <series
directory>`) with `--values display [-w C,W] --format mha` (no sidecar, no geometry correction), then every pixel of the written volume against
<case>.expected. Exit 1 when a pixel differs or a run fails. Needs NumPy.
"""

import glob
import os
import shutil
import subprocess
import sys

import numpy as np


def read_mha(path):
    with open(path, "rb") as f:
        data = f.read()
    header = {}
    pos = 0
    while True:
        end = data.index(b"\n", pos)
        key, _, value = data[pos:end].decode().partition(" = ")
        header[key.strip()] = value.strip()
        pos = end + 1
        if key.strip() == "ElementDataFile":
            break
    dtype = {"MET_UCHAR": "u1", "MET_USHORT": "<u2"}[header["ElementType"]]
    return np.frombuffer(data[pos:], dtype=dtype), dtype


def main():
    exe, cases_dir, work = sys.argv[1:4]
    failures = 0
    for line in open(os.path.join(cases_dir, "cases.txt")):
        fields = line.split()
        if len(fields) < 3:
            continue
        dicom, expected_file, bpp = fields[:3]
        name = os.path.splitext(os.path.basename(expected_file))[0]
        out = os.path.join(work, name)
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        listing = os.path.join(out, "files.txt")
        with open(listing, "w") as f:
            f.write(dicom + "\n")
        source = [dicom] if os.path.isdir(dicom) else ["--files-from", listing]
        cmd = [exe, "convert"] + source + [os.path.join(out, "out"), "--values", "display",
                                           "--format", "mha", "--no-sidecar", "--geometry-correction", "off"]
        if len(fields) > 3:
            cmd += ["-w", fields[3]]
        run = subprocess.run(cmd, capture_output=True, text=True)
        written = glob.glob(os.path.join(out, "out", "*.mha"))
        if run.returncode != 0 or len(written) != 1:
            print(f"{name}: exit {run.returncode}, {len(written)} outputs\n{run.stderr}")
            failures += 1
            continue
        ours, dtype = read_mha(written[0])
        expected = np.fromfile(expected_file, dtype="u1" if bpp == "1" else "<u2")
        if ours.dtype != np.dtype(dtype) or ours.size != expected.size:
            print(f"{name}: {ours.size} {ours.dtype} pixels, expected {expected.size} {expected.dtype}")
            failures += 1
            continue
        equal = int((ours == expected).sum())
        print(f"{name}: {equal} of {expected.size} pixels equal ({dtype})")
        failures += equal != expected.size
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
