#!/usr/bin/env python3
"""ParallelSeriesCLIPreprocessFrameOrder: `parallel-series preprocess` writes a multi-frame file's
frames in dicom-preprocessing 0.1.2's display order (metadata/frame_order.rs:resolve_frame_order).

usage: check_preprocess_frame_order.py PARALLEL_SERIES INPUTS WORK

INPUTS: the files of make_frame_order_inputs.py, whose stored frame k has its only nonzero pixel
at pixel k. Each file is preprocessed alone (defaults: no crop, no resize, display values); page j
of the TIFF must have its bright pixel at the stored frame the rule puts j-th (the orders in
make_frame_order_inputs.py's header, which itkParallelSeriesFrameOrderFilesTest checks on the
attributes alone). `convert --per-file` keeps the stored order (GDCMImageIO's, with geometry):
checked on the same file. temporal.dcm (TemporalPositionIndex) is rejected by the rule, as by the
peer: the file fails, named (exit 0 without --strict and 255 with it, as the peer).
"""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dicom_preprocessing_oracle as oracle  # noqa: E402

EXPECTED = {"instack.dcm": [1, 2, 0], "dbt.dcm": [0, 1, 2, 3], "dimindex.dcm": [2, 0, 1], "fip.dcm": [1, 2, 0]}


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def pages_order(path):
    if os.path.isdir(path):
        tiffs = oracle.tiffs(path)
        if len(tiffs) != 1:
            raise AssertionError("%s: %d TIFF files, expected 1" % (path, len(tiffs)))
        path = os.path.join(path, tiffs[0])
    order = []
    for page in oracle.read_output(path):
        p = page["pixels"]
        if p.shape != (4, 4) or int((p != 0).sum()) != 1:
            raise AssertionError("%s: a page of shape %s with %d nonzero pixels, expected (4, 4) and 1" % (
                path, p.shape, int((p != 0).sum())))
        order.append(int(p.argmax()))
    return order


def main():
    cli, inputs, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    failures = 0
    for name, expected in EXPECTED.items():
        out = os.path.join(work, name + ".tiff")  # one SOURCE file: OUTPUT is the file (as the peer)
        r = run([cli, "preprocess", os.path.join(inputs, name), out])
        if r.returncode != 0:
            print("FAIL %s: preprocess exit %d\n%s" % (name, r.returncode, r.stdout))
            failures += 1
            continue
        got = pages_order(out)
        status = "ok" if got == expected else "FAIL"
        failures += status != "ok"
        print("%s %s: pages show stored frames %s, expected %s" % (status, name, got, expected))
    # convert keeps the stored order (TIFF pages of the stored values, no display rule).
    out = os.path.join(work, "convert-instack")
    r = run([cli, "convert", os.path.join(inputs, "instack.dcm"), out, "--per-file", "--format", "tiff",
             "--no-sidecar"])
    got = pages_order(out) if r.returncode == 0 else None
    status = "ok" if got == [0, 1, 2] else "FAIL"
    failures += status != "ok"
    print("%s convert --per-file instack.dcm: pages %s, expected the stored order [0, 1, 2]\n%s" % (
        status, got, r.stdout if status != "ok" else ""))
    # The rule rejects a file with TemporalPositionIndex: the file fails, named.
    for strict, code in ((False, 0), (True, 255)):
        r = run([cli, "preprocess"] + (["--strict"] if strict else []) + [
            os.path.join(inputs, "temporal.dcm"), os.path.join(work, "temporal%d.tiff" % strict)])
        status = "ok" if (r.returncode == code and "temporal.dcm" in r.stdout and "order the frames" in r.stdout
                          and not os.path.exists(os.path.join(work, "temporal%d.tiff" % strict))) else "FAIL"
        failures += status != "ok"
        print("%s temporal.dcm%s: exit %d (expected %d), output:\n%s" % (
            status, " --strict" if strict else "", r.returncode, code, r.stdout))
    print("%d failure(s)" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
