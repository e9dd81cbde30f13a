"""ParallelSeries benchmark driver: every peer on the same data, in one run.

Generates each preset once (ParallelSeriesBenchmark generate; cached outside the repository),
makes JPEG 2000 and JPEG-LS copies of the small preset with gdcmconv, warms the page cache, then
runs each peer REPEAT times as its own process under /usr/bin/time -v (peak RSS), and writes
benchmark/results/RESULTS.md (tables: every peer, the targets of issue 5, scaling), a JSON file
of every run, and benchmark/results/benchmark.png.

Peers: see benchmark/ParallelSeriesBenchmark.cxx (stock, threestep, ours, limit, scan-stock,
scan-ours), benchmark/peers/*.py (SimpleITK, pydicom), and end to end to NIfTI: dcm2niix
against `parallel-series convert`.

Called by benchmark/run.sh (which installs and builds what is needed):
    python3 benchmark/run.py --bin BUILD/bin --data CACHE --template FILE [--presets small,medium]
                             [--repeat 3] [--quick] [--large-cap-mb 1024] [--timeout 600]
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS_DIR = os.path.join(HERE, "peers")


def log(message):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), message), flush=True)


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------

def generate(bin_dir, data_dir, preset, template):
    """The preset's study directory, generated once (stamp file)."""
    target = os.path.join(data_dir, preset)
    stamp = target + ".done"
    if os.path.exists(stamp):
        return target, json.load(open(stamp))
    shutil.rmtree(target, ignore_errors=True)
    log("generating the %s study in %s" % (preset, target))
    out = subprocess.run([os.path.join(bin_dir, "ParallelSeriesBenchmark"), "generate", "--preset", preset,
                          "--template", template, target], check=True, capture_output=True, text=True).stdout
    summary = parse_result(out)
    json.dump(summary, open(stamp, "w"))
    return target, summary


def compress(source, target, kind):
    """A copy of SOURCE with every DICOM file converted by gdcmconv (--j2k or --jpegls, lossless),
    two at a time; files gdcmconv rejects (the non-DICOM ones) are copied as they are."""
    stamp = target + ".done"
    if os.path.exists(stamp):
        return target
    shutil.rmtree(target, ignore_errors=True)
    log("converting %s to %s with gdcmconv" % (source, kind))
    jobs = []
    for folder, _, names in os.walk(source):
        out_folder = os.path.join(target, os.path.relpath(folder, source))
        os.makedirs(out_folder, exist_ok=True)
        for name in names:
            jobs.append((os.path.join(folder, name), os.path.join(out_folder, name)))

    def convert(job):
        src, dst = job
        flag = {"j2k": "--j2k", "jpegls": "--jpegls"}[kind]
        if subprocess.run(["gdcmconv", flag, src, dst], capture_output=True).returncode != 0:
            shutil.copyfile(src, dst)

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(convert, jobs))
    open(stamp, "w").write("done\n")
    return target


def warm(directory):
    """Reads every file once so that all runs see a warm page cache (untimed)."""
    for folder, _, names in os.walk(directory):
        for name in names:
            with open(os.path.join(folder, name), "rb") as f:
                while f.read(1 << 20):
                    pass


def cat_seconds(directory):
    """Wall time of `cat` of every file to /dev/null (warm cache), the issue's reference."""
    files = [os.path.join(f, n) for f, _, names in os.walk(directory) for n in names]
    t0 = time.perf_counter()
    for i in range(0, len(files), 500):
        subprocess.run(["cat"] + files[i:i + 500], stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


# --------------------------------------------------------------------------------------------
# Runs
# --------------------------------------------------------------------------------------------

def parse_result(text):
    for line in text.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    return None


def parse_time_v(text):
    """Peak RSS (MB) and elapsed seconds from /usr/bin/time -v."""
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    elapsed = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    seconds = None
    if elapsed:
        parts = [float(p) for p in elapsed.group(1).split(":")]
        seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return (int(rss.group(1)) / 1024.0 if rss else None), seconds


def run_once(command, timeout, output_dir=None):
    """One run of COMMAND under /usr/bin/time -v; OUTPUT_DIR (created empty, removed after) for
    converters."""
    if output_dir:
        shutil.rmtree(output_dir, ignore_errors=True)
        os.makedirs(output_dir)
    try:
        p = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    finally:
        if output_dir:
            shutil.rmtree(output_dir, ignore_errors=True)
    rss, elapsed = parse_time_v(p.stderr)
    result = parse_result(p.stdout) or {}
    result.update({"peak_rss_mb": rss, "process_s": elapsed, "exit_code": p.returncode})
    if p.returncode != 0:
        result["error"] = p.stderr[-2000:]
    return result


def peers_for(args, directory, compressed):
    """(name, command, output directory or None, wall key) of every peer for DIRECTORY."""
    bench = os.path.join(args.bin, "ParallelSeriesBenchmark")
    cli = os.path.join(args.bin, "parallel-series")
    out = os.path.join(args.scratch, "out")
    py = sys.executable
    peers = [
        ("limit", [bench, "peer", "limit", directory], None, "wall_s"),
        ("ours", [bench, "peer", "ours", directory], None, "wall_s"),
        ("ours, 1 thread", [bench, "peer", "ours", directory, "--threads", "1"], None, "wall_s"),
        ("stock", [bench, "peer", "stock", directory], None, "wall_s"),
        ("threestep", [bench, "peer", "threestep", directory], None, "wall_s"),
        ("simpleitk", [py, os.path.join(PEERS_DIR, "simpleitk_peer.py"), directory], None, "wall_s"),
        ("pydicom", [py, os.path.join(PEERS_DIR, "pydicom_peer.py"), directory], None, "wall_s"),
        ("scan-ours", [bench, "peer", "scan-ours", directory], None, "wall_s"),
        ("scan-stock", [bench, "peer", "scan-stock", directory], None, "wall_s"),
        ("ours CLI to .nii", [cli, "convert", directory, out, "--recursive", "--format", "nii"], out, "process_s"),
        ("ours CLI to .nii, 1 thread", [cli, "convert", directory, out, "--recursive", "--format", "nii",
                                        "--threads", "1"], out, "process_s"),
        ("dcm2niix to .nii", ["dcm2niix", "-z", "n", "-o", out, directory], out, "process_s"),
        ("ours CLI to .nii.gz", [cli, "convert", directory, out, "--recursive", "--format", "nii.gz"], out,
         "process_s"),
        ("dcm2niix to .nii.gz", ["dcm2niix", "-z", "y", "-o", out, directory], out, "process_s"),
    ]
    if compressed:
        keep = {"limit", "ours", "ours, 1 thread", "stock", "threestep", "simpleitk", "pydicom"}
        peers = [p for p in peers if p[0] in keep]
    if args.quick:
        peers = [p for p in peers if p[0] not in ("ours CLI to .nii, 1 thread", "dcm2niix to .nii.gz",
                                                  "ours CLI to .nii.gz")]
    return peers


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def run_dataset(args, name, directory, compressed=False):
    log("dataset %s: warming the page cache" % name)
    warm(directory)
    record = {"dataset": name, "cat_s": cat_seconds(directory), "peers": {}}
    for peer, command, output_dir, wall_key in peers_for(args, directory, compressed):
        runs = []
        for r in range(args.repeat):
            result = run_once(command, args.timeout, output_dir)
            runs.append(result)
            if result.get("timeout"):
                log("  %-28s timeout after %d s" % (peer, args.timeout))
                break
            if result.get("exit_code"):
                log("  %-28s exit code %s: %s" % (peer, result["exit_code"], result.get("error", "")[-300:]))
            log("  %-28s run %d: %.3f s, %s MB" % (peer, r + 1, result.get(wall_key) or float("nan"),
                                                  "%.0f" % result["peak_rss_mb"] if result.get("peak_rss_mb") else "?"))
        ok = [r for r in runs if not r.get("timeout")]
        summary = {
            "runs": runs,
            "timeout": any(r.get("timeout") for r in runs),
            "wall_s": median([r.get(wall_key) for r in ok]),
            "process_s": median([r.get("process_s") for r in ok]),
            "peak_rss_mb": median([r.get("peak_rss_mb") for r in ok]),
            "first_series_s": median([r.get("first_series_s") for r in ok]),
            "scan_s": median([r.get("scan_s") for r in ok]),
            "checksum": ok[0].get("checksum") if ok else None,
            "voxel_bytes": ok[0].get("voxel_bytes") if ok else None,
            "files": ok[0].get("files") if ok else None,
        }
        record["peers"][peer] = summary
    return record


def run_capped(args, directory, cap_mb):
    """The large preset read with a VoxelMemoryLimit (volumes consumed in the completion event)."""
    bench = os.path.join(args.bin, "ParallelSeriesBenchmark")
    log("large preset, ours with --memory-limit %d MB" % cap_mb)
    warm(directory)
    result = run_once([bench, "peer", "ours", directory, "--memory-limit", str(cap_mb)], args.timeout)
    result["cap_mb"] = cap_mb
    log("large preset, ours without limit (reference)")
    result["unbounded"] = run_once([bench, "peer", "ours", directory], args.timeout)
    return result


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------

def fmt(value, pattern="%.2f"):
    return "–" if value is None else pattern % value


def ratio_base(peer):
    return "ours CLI to .nii" if peer.startswith("dcm2niix to .nii") and not peer.endswith(".gz") else (
        "ours CLI to .nii.gz" if peer.startswith("dcm2niix") else (
            "scan-ours" if peer.startswith("scan-") else "ours"))


def dataset_table(record):
    peers = record["peers"]
    reference = peers.get("ours", {}).get("checksum")
    lines = ["| peer | wall s (median) | × ours | peak RSS MB | RSS / voxel bytes | first series s | scan s | same voxels |",
             "|---|---|---|---|---|---|---|---|"]
    for peer, s in peers.items():
        base = peers.get(ratio_base(peer), {}).get("wall_s")
        ratio = (s["wall_s"] / base) if (s["wall_s"] and base) else None
        voxels = peers.get("ours", {}).get("voxel_bytes")
        rss_ratio = (s["peak_rss_mb"] * 2 ** 20 / voxels) if (s["peak_rss_mb"] and voxels) else None
        same = "–" if s.get("checksum") is None or reference is None else ("yes" if s["checksum"] == reference else "**no**")
        wall = "timeout" if s["timeout"] and s["wall_s"] is None else fmt(s["wall_s"], "%.3f")
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            peer, wall, fmt(ratio, "%.2f"), fmt(s["peak_rss_mb"], "%.0f"), fmt(rss_ratio, "%.2f"),
            fmt(s["first_series_s"], "%.3f"), fmt(s["scan_s"], "%.3f"), same))
    return "\n".join(lines)


def targets_table(record):
    p = record["peers"]

    def wall(name):
        return p.get(name, {}).get("wall_s")

    ours = wall("ours")
    rows = []

    def add(target, measured, passed):
        rows.append("| %s | %s | %s |" % (target, measured, "n/a" if passed is None else ("PASS" if passed else "**FAIL**")))

    def faster(peer, factor):
        w = wall(peer)
        if w is None or ours is None:
            add("≥ %g× faster than %s" % (factor, peer), "–", None)
        else:
            add("≥ %g× faster than %s" % (factor, peer), "%.2f×" % (w / ours), w / ours >= factor)

    faster("stock", 5)
    faster("threestep", 2)
    faster("simpleitk", 3)
    faster("pydicom", 3)
    cli, d2n = wall("ours CLI to .nii"), wall("dcm2niix to .nii")
    add("CLI to NIfTI faster than dcm2niix", "%.2f s vs %.2f s" % (cli, d2n) if cli and d2n else "–",
        (cli < d2n) if cli and d2n else None)
    limit = wall("limit")
    add("within 1.5× of the physical limit (cat + one copy)", "%.2f×" % (ours / limit) if ours and limit else "–",
        (ours / limit <= 1.5) if ours and limit else None)
    so, ss = wall("scan-ours"), wall("scan-stock")
    add("header scan ≥ 10× faster than GDCMSeriesFileNames::SetInputDirectory",
        "%.1f×" % (ss / so) if so and ss else "–", (ss / so >= 10) if so and ss else None)
    rss, voxels = p.get("ours", {}).get("peak_rss_mb"), p.get("ours", {}).get("voxel_bytes")
    if rss and voxels:
        bound = 1.15 * voxels / 2 ** 20 + 50
        add("peak RSS ≤ 1.15 × voxel bytes + 50 MB", "%.0f MB (bound %.0f MB)" % (rss, bound), rss <= bound)
    first = p.get("ours", {}).get("first_series_s")
    add("first completed series ≤ 1/10 of the batch", "%.3f s of %.3f s" % (first, ours) if first and ours else "–",
        (first <= ours / 10) if first and ours else None)
    return "\n".join(["| target | measured | |", "|---|---|---|"] + rows)


def scaling_table(records):
    lines = ["| dataset | files | limit s | ours s | ours 1 thread s | stock s | ours speed-up 1→2 threads |",
             "|---|---|---|---|---|---|---|"]
    for record in records:
        p = record["peers"]
        one, two = p.get("ours, 1 thread", {}).get("wall_s"), p.get("ours", {}).get("wall_s")
        lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            record["dataset"], p.get("ours", {}).get("files", "–"), fmt(p.get("limit", {}).get("wall_s"), "%.3f"),
            fmt(two, "%.3f"), fmt(one, "%.3f"), fmt(p.get("stock", {}).get("wall_s"), "%.3f"),
            fmt(one / two if one and two else None, "%.2f×")))
    return "\n".join(lines)


def plot(records, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = ["limit", "ours", "threestep", "stock", "simpleitk", "pydicom", "ours CLI to .nii", "dcm2niix to .nii"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.5))
    width = 0.8 / max(1, len(records))
    for i, record in enumerate(records):
        values = [record["peers"].get(n, {}).get("wall_s") or 0 for n in names]
        left.bar([x + i * width for x in range(len(names))], values, width, label=record["dataset"])
    left.set_xticks([x + 0.4 - width / 2 for x in range(len(names))])
    left.set_xticklabels(names, rotation=30, ha="right")
    left.set_yscale("log")
    left.set_ylabel("wall time, s (log scale)")
    left.set_title("Every series of the directory, warm page cache")
    left.legend()
    plain = [r for r in records if "j2k" not in r["dataset"] and "jpegls" not in r["dataset"]]
    for peer in ("limit", "ours", "ours, 1 thread", "stock", "threestep"):
        xs = [r["peers"].get("ours", {}).get("files") for r in plain]
        ys = [r["peers"].get(peer, {}).get("wall_s") for r in plain]
        pts = sorted((x, y) for x, y in zip(xs, ys) if x and y)
        if pts:
            right.plot([x for x, _ in pts], [y for _, y in pts], marker="o", label=peer)
    right.set_xlabel("DICOM files")
    right.set_ylabel("wall time, s")
    right.set_title("Scaling with the number of files")
    right.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def machine():
    model = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return "%d cores (%s), %s, Linux %s, %s" % (os.cpu_count() or 0, model, platform.machine(), platform.release(),
                                                datetime.date.today().isoformat())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="build directory's bin/ (ParallelSeriesBenchmark, parallel-series)")
    parser.add_argument("--data", required=True, help="where the generated studies are cached")
    parser.add_argument("--template", required=True, help="DICOM file used as header template")
    parser.add_argument("--presets", default="small,medium")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=int, default=600, help="seconds per run")
    parser.add_argument("--quick", action="store_true", help="tiny preset, one repetition, no compressed data")
    parser.add_argument("--no-compressed", action="store_true")
    parser.add_argument("--large-cap-mb", type=int, default=0,
                        help="also read the large preset with this VoxelMemoryLimit (MB)")
    parser.add_argument("--out", default=os.path.join(HERE, "results"))
    args = parser.parse_args()
    if args.quick:
        args.presets, args.repeat, args.no_compressed = "tiny", 1, True
    os.makedirs(args.data, exist_ok=True)
    os.makedirs(args.out, exist_ok=True)
    args.scratch = tempfile.mkdtemp(prefix="ps-bench-", dir=args.data)
    start = time.perf_counter()
    records = []
    summaries = {}
    for preset in args.presets.split(","):
        directory, summaries[preset] = generate(args.bin, args.data, preset, args.template)
        records.append(run_dataset(args, preset, directory))
        log("%s done after %.0f s" % (preset, time.perf_counter() - start))
    if not args.no_compressed and "small" in args.presets.split(","):
        small = os.path.join(args.data, "small")
        for kind in ("j2k", "jpegls"):
            directory = compress(small, os.path.join(args.data, "small-" + kind), kind)
            records.append(run_dataset(args, "small-" + kind, directory, compressed=True))
            log("small-%s done after %.0f s" % (kind, time.perf_counter() - start))
    capped = None
    if args.large_cap_mb:
        directory, summaries["large"] = generate(args.bin, args.data, "large", args.template)
        capped = run_capped(args, directory, args.large_cap_mb)
    shutil.rmtree(args.scratch, ignore_errors=True)

    stem = "-".join(r["dataset"] for r in records)
    json.dump({"machine": machine(), "datasets": summaries, "records": records, "capped": capped},
              open(os.path.join(args.out, "results.json"), "w"), indent=1)
    report = ["# ParallelSeries benchmark", "",
              "Machine: %s. Warm page cache; median of %d runs; each peer is its own process "
              "(peak RSS from `/usr/bin/time -v`). Command: `bash benchmark/run.sh --presets %s --repeat %d%s`."
              % (machine(), args.repeat, args.presets, args.repeat,
                 " --large-cap-mb %d" % args.large_cap_mb if args.large_cap_mb else ""), ""]
    for record in records:
        s = summaries.get(record["dataset"], {})
        report += ["## %s" % record["dataset"], "",
                   "%s files%s; `cat` of every file: %.3f s." % (
                       record["peers"].get("ours", {}).get("files", "?"),
                       ", %d series, %.2f GB" % (s["series"], s["bytes"] / 1e9) if s else "", record["cat_s"]), "",
                   dataset_table(record), ""]
    target = next((r for r in records if r["dataset"] == "medium"), records[0] if records else None)
    if target:
        report += ["## Targets (%s)" % target["dataset"], "", targets_table(target), ""]
    report += ["## Scaling", "", scaling_table([r for r in records if "-" not in r["dataset"]]), ""]
    if capped:
        report += ["## Larger than memory", "",
                   "Large preset (%s files, %.2f GB of voxels) read with `SetVoxelMemoryLimit(%d MB)`, each "
                   "volume consumed (checksummed) in its completion event: %.2f s, peak RSS %.0f MB; without "
                   "the limit: %.2f s, peak RSS %.0f MB; same voxels (checksum): %s." % (
                       capped.get("files"), (capped.get("voxel_bytes") or 0) / 1e9, capped["cap_mb"],
                       capped.get("wall_s") or float("nan"), capped.get("peak_rss_mb") or float("nan"),
                       capped["unbounded"].get("wall_s") or float("nan"),
                       capped["unbounded"].get("peak_rss_mb") or float("nan"),
                       "yes" if capped.get("checksum") == capped["unbounded"].get("checksum") else "**no**"), ""]
    report += ["Elapsed for the whole benchmark: %.0f s." % (time.perf_counter() - start), ""]
    open(os.path.join(args.out, "RESULTS.md"), "w").write("\n".join(report))
    try:
        plot(records, os.path.join(args.out, "benchmark.png"))
    except ImportError as e:
        log("no plot: %s" % e)
    print("\n".join(report))
    log("results in %s (%s)" % (args.out, stem))


if __name__ == "__main__":
    main()
