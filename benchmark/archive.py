"""Archive-scale benchmark (issue 15, item 2): scan and convert 10k / 30k / 100k small DICOM
files with ParallelSeries, stock ITK, dcm2niix and the fast Python readers of PyPI; one command
prints the whole table:

    python benchmark/archive.py --bin BUILD/bin --data CACHE/bench-data
                                [--sizes 10k,30k,100k] [--repeat 3] [--max-repeat-s 120]
                                [--timeout 1800] [--peers NAME,...] [--results FILE] [--fresh]
                                [--report-only]

1. Data: `ParallelSeriesBenchmark generate --preset archive-10k|archive-30k|archive-100k` into
   DATA/archive-<size> once (DATA/archive-<size>.done holds the generator's summary; see
   ParallelSeriesArchiveGenerator.h), from the template of benchmark/run.sh (ITK's test CT slice).
2. The Python readers run in a venv of their own, made once with pinned versions (--venv,
   default CACHE/archive-venv): dicomsdl, fastdicom, highdicom (and its pydicom), itkwasm-dicom.
3. For each size: `cat` of every file (untimed, warms the page cache), then REPEAT rounds, every
   peer once per round (a peer whose first run took longer than --max-repeat-s is not repeated),
   each run its own process under `/usr/bin/time -v`: the time is the whole process's elapsed
   wall time (start-up and imports included), the memory its peak RSS. Converters write into an
   empty directory on the data's disk, removed (untimed) after each run. The load average at the
   start of each run is kept (the machine may be shared).
4. Every run is appended to --results (JSON, default benchmark/results/archive.json; --fresh
   starts it anew); the Markdown tables are printed from all runs in it (--report-only: print
   only), medians with the min-max spread and the number of runs.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import run  # noqa: E402  (benchmark/run.py: data cache, /usr/bin/time parsing, one run of a peer)

SIZES = {"tiny": "archive-tiny", "10k": "archive-10k", "30k": "archive-30k", "100k": "archive-100k"}
PYPI = ("dicomsdl==0.109.4", "fastdicom==0.1.0", "highdicom==0.28.2", "itkwasm-dicom==7.6.4", "numpy")

# name: (what the row measures, the kind of work, the largest archive it runs on: None = all)
PEERS = {
    "ps-scan": ("`parallel-series scan DIR --recursive --threads 2`: every header, series listed", "scan", None),
    "ps-convert": ("`parallel-series convert DIR OUT --recursive --threads 2 --format nii`: every volume to "
                   "NIfTI, manifest.csv", "convert", None),
    "scan-ours": ("ParallelGDCMSeriesFileNames::Update() (library, 2 threads; `ParallelSeriesBenchmark peer "
                  "scan-ours`)", "scan", None),
    "scan-stock": ("stock ITK GDCMSeriesFileNames::SetInputDirectory(), recursive, series details "
                   "(`ParallelSeriesBenchmark peer scan-stock`)", "scan", None),
    "stock": ("stock ITK: GDCMSeriesFileNames, then one ImageSeriesReader + GDCMImageIO per series, serially, "
              "every volume kept in memory (`ParallelSeriesBenchmark peer stock`)", "read", None),
    "dcm2niix-debian": ("Debian's dcm2niix `-z n -o OUT DIR` (recursive by default): every series to NIfTI + "
                        "JSON", "convert", None),
    "dcm2niix-pypi": ("PyPI's dcm2niix 1.0.20260724 `-z n -o OUT DIR`", "convert", None),
    "dicomsdl-header": ("dicomsdl 0.109.4: `open_file(f, load_until=PixelData)` of every file, SeriesInstanceUID "
                        "and IPP read (no grouping into volumes)", "header", None),
    "fastdicom-header": ("fastdicom 0.1.0: `dcmread(f, stop_before_pixels=True)` of every file, same two values",
                         "header", None),
    "pydicom-header": ("pydicom 3.0.2: `dcmread(f, stop_before_pixels=True)` of every file, same two values",
                       "header", None),
    "dicomsdl-pixels": ("dicomsdl: `open_file(f).pixelData()` of every file (rescaled voxels, no volumes)",
                        "pixels", None),
    "fastdicom-pixels": ("fastdicom: `dcmread(f).pixel_array` of every file (stored values, no volumes)",
                         "pixels", None),
    "highdicom": ("highdicom 0.28.2: pydicom header pass grouping by SeriesInstanceUID, then per series "
                  "`pydicom.dcmread` of its files and `get_volume_from_series(datasets, dtype=float32)`",
                  "read", None),
    "itkwasm": ("itkwasm-dicom 7.6.4 (WebAssembly on wasmtime): same grouping, then "
                "`read_image_dicom_file_series(files)` per series", "read", 10500),
}


def log(message):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), message), file=sys.stderr, flush=True)


def default_template():
    """ITK's test CT slice, as benchmark/run.sh finds it."""
    src = subprocess.run(["bash", os.path.join(REPO, ".ci", "build-itk.sh"), "print-src"], capture_output=True,
                         text=True).stdout.strip().splitlines()[-1]
    with open(os.path.join(REPO, "test", "Input", "ITK", "itkGDCMImageIOTest.dcm.cid")) as f:
        return os.path.join(src, ".ExternalData", "CID", f.read().strip())


def ensure_venv(venv):
    """VENV's python, the pinned packages installed when missing (PyPI)."""
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        log("creating %s" % venv)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    probe = ("import importlib.metadata as m; import sys; sys.exit(any(m.version(n) != v for n, v in "
             "[('dicomsdl', '0.109.4'), ('fastdicom', '0.1.0'), ('highdicom', '0.28.2'), "
             "('itkwasm-dicom', '7.6.4')]))")
    if subprocess.run([python, "-c", probe], capture_output=True).returncode != 0:
        log("installing %s into %s (PyPI)" % (" ".join(PYPI), venv))
        subprocess.run([python, "-m", "pip", "install", "--quiet"] + list(PYPI), check=True)
    return python


def find_dcm2niix(kind, cache):
    if kind == "debian":
        return "/usr/bin/dcm2niix" if os.access("/usr/bin/dcm2niix", os.X_OK) else None
    for venv in ("bench-venv", "oracle-venv"):
        path = os.path.join(cache, venv, "bin", "dcm2niix")
        if os.access(path, os.X_OK):
            return path
    return None


def version_of(command):
    try:
        p = subprocess.run(command, capture_output=True, text=True, errors="replace", timeout=30)
        text = p.stdout + p.stderr
        for word in text.replace("(", " ").replace(")", " ").split():
            if word.startswith("v1.") or word.startswith("1.0."):
                return word.lstrip("v")
    except (OSError, subprocess.TimeoutExpired):
        pass
    return "?"


def commands(args, python, directory, out):
    """{peer name: command} for DIRECTORY (OUT: the converters' output directory)."""
    bench = os.path.join(args.bin, "ParallelSeriesBenchmark")
    cli = os.path.join(args.bin, "parallel-series")
    readers = os.path.join(HERE, "peers", "archive_readers.py")
    found = {
        "ps-scan": [cli, "scan", directory, "--recursive", "--threads", "2"],
        "ps-convert": [cli, "convert", directory, out, "--recursive", "--threads", "2", "--format", "nii"],
        "scan-ours": [bench, "peer", "scan-ours", directory, "--threads", "2"],
        "scan-stock": [bench, "peer", "scan-stock", directory],
        "stock": [bench, "peer", "stock", directory],
    }
    for kind in ("debian", "pypi"):
        dcm2niix = find_dcm2niix(kind, args.cache)
        if dcm2niix:
            found["dcm2niix-" + kind] = [dcm2niix, "-z", "n", "-o", out, directory]
    for name in ("dicomsdl-header", "fastdicom-header", "pydicom-header", "dicomsdl-pixels", "fastdicom-pixels",
                 "highdicom", "itkwasm"):
        found[name] = [python, readers, name, directory]
    return found


def count_outputs(directory):
    return sum(1 for n in os.listdir(directory) if n.endswith((".nii", ".nii.gz"))) if os.path.isdir(directory) else 0


def run_peer(name, command, out, timeout):
    """One run (benchmark/run.py's run_once); a converter gets OUT empty (and no dirty pages: a
    sync first, as run.py does), its NIfTI files are counted, then OUT is removed (untimed)."""
    convert = PEERS[name][1] == "convert"
    peer = run.Peer(name=name, command=tuple(command), kind="convert" if convert else "read", reference="")
    if convert:
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        os.sync()
    load = os.getloadavg()[0]
    try:
        result = run.run_once(peer, timeout)
        if convert:
            result["nifti_files"] = count_outputs(out)
    finally:
        if convert:
            shutil.rmtree(out, ignore_errors=True)
    result.update(peer=name, load_average=round(load, 2),
                  started=datetime.datetime.now(datetime.timezone.utc).strftime("%H:%M:%S"))
    return result


def measure(args, python, results):
    for size in args.sizes:
        preset = SIZES[size]
        settings = type("S", (), {"data": args.data, "bench": os.path.join(args.bin, "ParallelSeriesBenchmark"),
                                  "template": args.template})
        directory, summary = run.generate(settings, preset)
        files = run.list_files(directory)
        out = os.path.join(args.data, "archive-out")
        cmds = commands(args, python, directory, out)
        peers = [p for p in args.peers if p in cmds and (PEERS[p][2] is None or summary["files"] <= PEERS[p][2])]
        first = {}
        for round_ in range(args.repeat):
            log("%s: warming the page cache (cat of %d files)" % (size, len(files)))
            run.cat_all(files)
            for name in peers:
                if round_ > 0 and (first.get(name) is None or first[name] > args.max_repeat_s):
                    continue
                r = run_peer(name, cmds[name], out, args.timeout)
                r.update(size=size, files_in_archive=summary["files"], series_in_archive=summary["series"],
                         round=round_)
                if round_ == 0:
                    first[name] = r.get("process_s")
                log("%s %-17s %s s, %s MiB%s" % (size, name, run.fmt(r.get("process_s"), "%.1f"),
                                                  run.fmt(r.get("peak_rss_mb"), "%.0f"),
                                                  "  ERROR " + r["error"][-300:] if r.get("error") else ""))
                results["runs"].append(redact(r))
                save(args.results, results)


def redact(value):
    return run.make_redactor([])(value)


def save(path, results):
    with open(path + ".tmp", "w") as f:
        json.dump(results, f, indent=1)
    os.replace(path + ".tmp", path)


def cell(values, pattern):
    values = [v for v in values if v is not None]
    if not values:
        return ""
    if len(values) == 1:
        return pattern % values[0]
    return (pattern + " (" + pattern + "-" + pattern + ", %d)") % (statistics.median(values), min(values),
                                                                   max(values), len(values))


def report(results):
    runs = [r for r in results["runs"] if not r.get("error") and not r.get("timeout")]
    sizes = [s for s in SIZES if any(r["size"] == s for r in runs)]
    files = {s: next(r["files_in_archive"] for r in runs if r["size"] == s) for s in sizes}
    series = {s: next(r["series_in_archive"] for r in runs if r["size"] == s) for s in sizes}
    names = [p for p in PEERS if any(r["peer"] == p for r in runs)]
    lines = ["Archives: " + ", ".join("%s = %d DICOM files in %d series" % (s, files[s], series[s]) for s in sizes),
             "", "Time: whole-process elapsed s, median (min-max, runs); RSS: peak MiB (`/usr/bin/time -v`).", ""]
    head = "| peer | " + " | ".join("%s s" % s for s in sizes) + " | " + " | ".join(
        "%s MiB" % s for s in sizes)
    steps = list(zip(sizes, sizes[1:]))
    for a, b in steps:
        head += " | %s→%s: time ×, RSS × (files ×%.1f)" % (a, b, files[b] / files[a])
    lines += [head + " |", "|" + "---|" * (1 + 2 * len(sizes) + len(steps))]
    for name in names:
        of = {s: [r for r in runs if r["peer"] == name and r["size"] == s] for s in sizes}
        row = "| %s | " % name + " | ".join(cell([r["process_s"] for r in of[s]], "%.1f") for s in sizes)
        row += " | " + " | ".join(cell([r["peak_rss_mb"] for r in of[s]], "%.0f") for s in sizes)
        for sa, sb in steps:
            a, b = of[sa], of[sb]
            if a and b:
                t = statistics.median(r["process_s"] for r in b) / statistics.median(r["process_s"] for r in a)
                m = statistics.median(r["peak_rss_mb"] for r in b) / statistics.median(r["peak_rss_mb"] for r in a)
                row += " | ×%.1f, ×%.1f" % (t, m)
            else:
                row += " | "
        lines.append(row + " |")
    lines += ["", "What each row measures (and what it found in the largest archive it ran on):", ""]
    for name in names:
        last = [r for r in runs if r["peer"] == name][-1]
        found = []
        for key, label in (("series", "series"), ("volumes", "volumes"), ("files", "files"),
                           ("nifti_files", "NIfTI files"), ("skipped", "skipped files"),
                           ("failed_series", "failed series"), ("checksum", "voxel sum")):
            if last.get(key) not in (None, 0) or key == "failed_series" and PEERS[name][1] == "read" and \
                    last.get(key) is not None:
                found.append("%s %s" % (last[key], label))
        lines.append("- **%s**: %s. %s: %s." % (name, PEERS[name][0], last["size"], ", ".join(found) or "-"))
    # Peak RSS per file of the scans: the slope between the smallest and the largest archive.
    scans = [p for p in ("ps-scan", "scan-ours", "scan-stock", "dicomsdl-header", "fastdicom-header",
                         "pydicom-header") if p in names]
    if len(sizes) > 1 and scans:
        lines += ["", "Peak RSS per file of the scans: total / files, and the slope (RSS(%s) - RSS(%s)) / "
                      "(files(%s) - files(%s)):" % (sizes[-1], sizes[0], sizes[-1], sizes[0]), "",
                  "| scan | " + " | ".join("%s KiB/file" % s for s in sizes) + " | slope KiB/file |",
                  "|---|" + "---|" * (len(sizes) + 1)]
        for name in scans:
            med = {s: statistics.median([r["peak_rss_mb"] for r in runs if r["peer"] == name and r["size"] == s] or
                                        [float("nan")]) for s in sizes}
            slope = (med[sizes[-1]] - med[sizes[0]]) * 1024.0 / (files[sizes[-1]] - files[sizes[0]])
            lines.append("| %s | " % name + " | ".join("%.2f" % (med[s] * 1024.0 / files[s]) for s in sizes) +
                         " | %.2f |" % slope)
    failed = [r for r in results["runs"] if r.get("error") or r.get("timeout")]
    if failed:
        lines += ["", "Failed or timed-out runs:", ""]
        for r in failed:
            said = r["error"].strip().splitlines() if not r.get("timeout") else ["timeout"]
            said = [l for l in said if "rror" in l] or said
            lines.append("- %s %s: %s (exit %s)" % (r["size"], r["peer"], said[-1][:300], r.get("exit_code")))
    loads = [r["load_average"] for r in results["runs"] if "load_average" in r]
    if loads:
        lines += ["", "Load average (1 min) at the start of the runs: %.1f to %.1f, median %.1f; %s" % (
            min(loads), max(loads), statistics.median(loads), results.get("machine", ""))]
    return "\n".join(lines)


def main():
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "itk-parallelseries")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="build/bin with ParallelSeriesBenchmark and parallel-series")
    parser.add_argument("--data", default=os.path.join(cache, "bench-data"))
    parser.add_argument("--template", help="generator template (default: ITK's test CT slice, as run.sh)")
    parser.add_argument("--venv", default=os.path.join(cache, "archive-venv"))
    parser.add_argument("--sizes", default="10k,30k,100k")
    parser.add_argument("--peers", default=",".join(PEERS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-repeat-s", type=float, default=120.0)
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument("--results", default=os.path.join(HERE, "results", "archive.json"))
    parser.add_argument("--fresh", action="store_true", help="start --results anew")
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    args.cache = cache
    args.bin = os.path.abspath(args.bin)
    args.sizes = [s for s in args.sizes.split(",") if s]
    args.peers = [p for p in args.peers.split(",") if p]
    for name in args.sizes + args.peers:
        if name not in SIZES and name not in PEERS:
            parser.error("unknown size or peer %r (sizes: %s; peers: %s)" % (name, ", ".join(SIZES), ", ".join(PEERS)))
    results = {"runs": []}
    if os.path.exists(args.results) and not args.fresh:
        with open(args.results) as f:
            results = json.load(f)
    if not args.report_only:
        args.template = args.template or default_template()
        python = ensure_venv(args.venv)
        facts = {"cpu": "?", "memory": "?"}
        with open("/proc/cpuinfo") as f:
            facts["cpu"] = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
        with open("/proc/meminfo") as f:
            facts["memory"] = "%.0f GiB" % (int(f.readline().split()[1]) / 2 ** 20)
        results["machine"] = "%d cores (%s), %s RAM, %s %s, dcm2niix %s (Debian) / %s (PyPI)" % (
            os.cpu_count(), facts["cpu"], facts["memory"], platform.system(), platform.release(),
            version_of([find_dcm2niix("debian", cache) or "true", "-v"]),
            version_of([find_dcm2niix("pypi", cache) or "true", "-v"]))
        measure(args, python, results)
    print(report(results))


if __name__ == "__main__":
    main()
