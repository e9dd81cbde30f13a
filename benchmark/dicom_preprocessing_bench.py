"""Speed side by side (issue 14, item 4): `parallel-series preprocess` against dicom-preprocessing
0.1.2 (`dicom-preprocess`) on the same inputs with the same options, all cores.

    python benchmark/dicom_preprocessing_bench.py [--ours PATH] [--peer-bin DIR] [--work DIR]
        [--reps N] [--jobs J] [--mg N] [--dbt N] [--dbt-frames F] [--ct N] [--json FILE]

Inputs (generated with pydicom by test/dicom_preprocessing_oracle.py's writers, cached in
--work between runs):
  mg   N (50) mammography-like files, 16-bit 2048 x 1664 (6.8 MB each), no IPP, burned-in label;
  dbt  N (10) Breast Tomosynthesis files of F (30) frames of 12-bit 1024 x 832 (51 MB each);
  ct   one CT series of N (300) 512 x 512 int16 slices.
Options, the same for both tools: `-c -s 512,512 -j J` (J: --jobs, default the number of cores),
and for dbt also `-v max-intensity`. Each tool runs once to warm the page cache, then --reps (3)
times; the output directory is emptied before each run. Reported: median wall time, files/s
(input files per second), peak RSS of the process (GNU time's %M: the whole process incl. all its
threads; wait4's ru_maxrss without /usr/bin/time), and ours/peer speed. A tool that cannot run a case (our CLI without the
`preprocess` subcommand or an option) is reported 'n/a' with its error.

The peer: --peer-bin, else $DICOM_PREPROCESSING_BIN, else the cached build of
benchmark/peers/build-dicom-preprocessing.sh (never built here); absent: exit 77.
"""

import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import time


HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "test"))
import dicom_preprocessing_oracle as oracle  # noqa: E402


def make_inputs(work, args):
    sets = {}
    spec = {"mg": args.mg, "dbt": args.dbt, "ct": args.ct}
    for name, n in spec.items():
        folder = os.path.join(work, "in", "%s-%d%s" % (name, n, "x%d" % args.dbt_frames if name == "dbt" else ""))
        sets[name] = folder
        done = os.path.join(folder, ".complete")
        if os.path.exists(done):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        if name == "mg":
            for i in range(n):
                oracle.write_mg(os.path.join(folder, "mg%03d.dcm" % i), "bench-mg/%d/%d" % (i // 4, i), 1664, 2048, 16,
                                right=bool(i % 2))
        elif name == "dbt":
            for i in range(n):
                oracle.write_dbt(os.path.join(folder, "dbt%03d.dcm" % i), "bench-dbt/%d/%d" % (i // 4, i), 832, 1024,
                                 args.dbt_frames, "LR"[i % 2], ("A", "R") if i % 2 == 0 else ("A", "L"))
        else:
            oracle.write_ct_series(folder, "bench-ct/a", slices=n, size=512)
        open(done, "w").close()
    return sets


GNU_TIME = "/usr/bin/time"


def timed(cmd, work):
    """(exit code, seconds, peak RSS in MB, output tail) of one run. The peak RSS is GNU time's
    %M (its wait4 on the tool, a fresh process exec'd from the small `time`): wait4 on a child
    of this Python would also count this interpreter's memory, which Linux carries over exec
    into the child's maximum RSS."""
    report = os.path.join(work, "time.txt")
    wrap = [GNU_TIME, "-o", report, "-f", "%M"] if os.access(GNU_TIME, os.X_OK) else []
    start = time.perf_counter()
    proc = subprocess.Popen(wrap + cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    kb = usage.ru_maxrss
    if wrap:
        with open(report) as f:
            kb = int(f.read().strip().splitlines()[-1])
    return os.waitstatus_to_exitcode(status), seconds, kb / 1024.0, out.decode(errors="replace")[-300:]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ours", default=os.environ.get("PARALLELSERIES_CLI", os.path.join(REPO, "build", "bin", "parallel-series")))
    parser.add_argument("--peer-bin")
    parser.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "dp-bench"))
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--mg", type=int, default=50)
    parser.add_argument("--dbt", type=int, default=10)
    parser.add_argument("--dbt-frames", type=int, default=30)
    parser.add_argument("--ct", type=int, default=300)
    parser.add_argument("--set", action="append", choices=["mg", "dbt", "ct"])
    parser.add_argument("--json")
    args = parser.parse_args()

    class A:  # oracle.peer_bin's interface
        peer_bin = args.peer_bin
    bindir = oracle.peer_bin(A)
    peer = os.path.join(bindir, "dicom-preprocess") if bindir else None
    if not peer or not os.access(peer, os.X_OK):
        print("notice: dicom-preprocessing is not built (benchmark/peers/build-dicom-preprocessing.sh): skipped", file=sys.stderr)
        return 77
    ours_ok = os.access(args.ours, os.X_OK) and oracle.has_preprocess(args.ours)
    sets = make_inputs(args.work, args)
    tools = [("peer", [peer])] + [("ours", [args.ours, "preprocess"])]
    base = ["-c", "-s", "512,512", "-j", str(args.jobs)]
    results = []
    for name in args.set or ["mg", "dbt", "ct"]:
        folder = sets[name]
        nfiles = len(glob.glob(os.path.join(folder, "*.dcm")))
        opts = base + (["-v", "max-intensity"] if name == "dbt" else [])
        row = {"set": name, "files": nfiles, "options": " ".join(opts)}
        for tool, cmd in tools:
            if tool == "ours" and not ours_ok:
                row[tool] = {"error": "%s has no `preprocess` subcommand" % args.ours}
                continue
            out = os.path.join(args.work, "out", name, tool)
            times, rss, err = [], [], None
            for rep in range(args.reps + 1):  # the first run warms the cache and is not counted
                shutil.rmtree(out, ignore_errors=True)
                os.makedirs(out)
                rc, sec, mb, tail = timed(cmd + opts + [folder, out], args.work)
                if rc != 0:
                    err = "exit %d: %s" % (rc, tail.strip().splitlines()[-1] if tail.strip() else "")
                    break
                if rep:
                    times.append(sec)
                    rss.append(mb)
            written = len(glob.glob(os.path.join(out, "**", "*.tif*"), recursive=True))
            if err:
                row[tool] = {"error": err}
            else:
                med = statistics.median(times)
                row[tool] = {"seconds": med, "files_per_s": nfiles / med, "peak_rss_mb": max(rss), "outputs": written,
                             "runs": times}
        if "seconds" in row.get("ours", {}) and "seconds" in row.get("peer", {}):
            row["speedup"] = row["peer"]["seconds"] / row["ours"]["seconds"]
        results.append(row)

    load = os.getloadavg()
    print("peer: %s\nours: %s\n%d cores, -j %d, %d repetitions (median), load average %.1f %.1f %.1f at the end\n" % (
        peer, args.ours, os.cpu_count(), args.jobs, args.reps, *load))
    print("%-4s %6s  %-34s %-22s %-22s %s" % ("set", "files", "options", "peer files/s | RSS MB", "ours files/s | RSS MB", "ours/peer"))
    for r in results:
        cells = []
        for tool in ("peer", "ours"):
            t = r.get(tool, {})
            cells.append("%.2f | %.0f" % (t["files_per_s"], t["peak_rss_mb"]) if "seconds" in t else "n/a")
        print("%-4s %6d  %-34s %-22s %-22s %s" % (r["set"], r["files"], r["options"], cells[0], cells[1],
                                                   "%.2fx" % r["speedup"] if "speedup" in r else "n/a"))
        for tool in ("peer", "ours"):
            if "error" in r.get(tool, {}):
                print("     %s: %s" % (tool, r[tool]["error"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"load": load, "cores": os.cpu_count(), "results": results}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
