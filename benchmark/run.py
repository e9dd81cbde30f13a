"""ParallelSeries benchmark driver: every peer on the same data, in one run.

Called by benchmark/run.sh, which installs the tools, builds the module's C++ programs and
passes their location:

    python benchmark/run.py --bin BUILD/bin --data CACHE/bench-data --template FILE
                            [--presets small,medium] [--repeat 3] [--quick] [--timeout 300]
                            [--max-repeat-s 10] [--no-compressed] [--large-cap-mb MB] [--out DIR]

Steps (the elapsed time of each is printed and written to RESULTS.md):
1. Data: each preset is generated once with `ParallelSeriesBenchmark generate --preset P` into
   DATA/P (reused when DATA/P.done exists); JPEG 2000 and JPEG-LS copies of the small preset are
   made with `gdcmconv --j2k` / `gdcmconv --jpegls` per file, two at a time, same folders, files
   gdcmconv rejects (the non-DICOM ones) copied unchanged (DATA/small-j2k, DATA/small-jpegls).
2. For each dataset: `cat` of every file to /dev/null (warms the page cache, untimed), a second
   `cat` (timed, the reference figure), then every peer REPEAT times, round-robin (one run of
   every peer, then the next round), each run preceded by an untimed `cat` of every file (the
   machine may reclaim cold page cache between runs) and a sync, each run its own process under `/usr/bin/time -v` (peak
   RSS, elapsed). A peer whose first run takes longer than --max-repeat-s is not repeated; a run
   longer than --timeout is killed and reported as "timeout".
   Peers: `ParallelSeriesBenchmark peer stock|threestep|ours|limit|scan-stock|scan-ours DIR`
   (C++), benchmark/peers/simpleitk_peer.py and pydicom_peer.py (Python, this interpreter), and
   end to end to NIfTI: `dcm2niix -z n|y -o OUT DIR` against
   `parallel-series convert DIR OUT --recursive --format nii|nii.gz` (OUT: an empty directory on
   the data's disk, removed after each run, untimed). Thread scaling: ours and the CLI with
   --threads 1 (and 2 when the machine does not have 2 cores; the default is every core).
   `limit` runs with 1 thread and with every thread count a reader of ours runs with
   (`--threads N`), so that each reader is compared with the floor at its own thread count.
   Every reading peer prints `RESULT {json}` with its in-process work time, the sum of all
   voxel values and the time of that sum (`checksum_s`, taken out of the whole process's time);
   for the converters, the voxels of the NIfTI files they wrote are summed with
   nibabel after their first run (untimed).
3. Report: OUT/<dataset>.json (every run), OUT/RESULTS.md (one table per dataset, the targets of
   issue 5, scaling with the number of files and with threads, the time budget) and
   OUT/benchmark.png. Paths of this machine are replaced by placeholders (<data>, <bin>, ...).
"""

import argparse
import concurrent.futures
import contextlib
import dataclasses
import datetime
import fcntl
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PEERS_DIR = os.path.join(HERE, "peers")
PLAIN_PRESETS = ("tiny", "small", "medium", "large")


@dataclasses.dataclass(frozen=True)
class Peer:
    """One row of a dataset's table: a command run as its own process."""
    name: str
    command: tuple
    kind: str  # "read" (every voxel in memory), "scan" (series listing only) or "convert" (to files)
    reference: str  # the row its time is compared with (the "× ours" column)
    threads: int = 0  # 0: the program's default (every core)
    output_dir: str = ""  # converters: an empty directory for their output

    @property
    def wall_key(self):
        """Readers report their in-process work time; converters are timed as whole processes."""
        return "process_s" if self.kind == "convert" else "wall_s"


@dataclasses.dataclass
class Settings:
    """Everything a run needs, from the command line."""
    bench: str
    cli: str
    python: str
    data: str
    template: str
    out: str
    scratch: str
    repeat: int
    timeout: float
    max_repeat_s: float
    quick: bool
    nproc: int


class Steps:
    """Elapsed time per step, printed as it goes and kept for the report."""

    def __init__(self, offset=0.0):
        self.start = time.perf_counter() - offset
        self.done = []

    def add(self, name, seconds):
        self.done.append((name, seconds))

    def run(self, name, function, *args):
        t0 = time.perf_counter()
        result = function(*args)
        seconds = time.perf_counter() - t0
        self.done.append((name, seconds))
        log("step %-36s %7.1f s   (total %.0f s)" % (name, seconds, self.total()))
        return result

    def total(self):
        return time.perf_counter() - self.start


def log(message):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), message), flush=True)


def make_redactor(pairs):
    """A function replacing, in every string of a JSON-like value, each absolute path of PAIRS
    ((path, placeholder), longest first) and the host name: no paths of this machine in results."""
    pairs = {(os.path.abspath(p), r) for p, r in pairs if p} | {(os.path.realpath(p), r) for p, r in pairs if p}
    pairs = sorted(pairs, key=lambda pr: -len(pr[0]))
    host = socket.gethostname()

    def redact(value):
        if isinstance(value, str):
            for path, placeholder in pairs:
                value = value.replace(path, placeholder)
            return value.replace(host, "<host>") if len(host) > 3 else value
        if isinstance(value, dict):
            return {k: redact(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [redact(v) for v in value]
        return value

    return redact


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------

def parse_result(text):
    """The JSON object of the last `RESULT {json}` line of TEXT, or None."""
    found = None
    for line in text.splitlines():
        if line.startswith("RESULT "):
            try:
                found = json.loads(line[len("RESULT "):])
            except json.JSONDecodeError:
                pass
    return found


def has_preset(bench, preset):
    """Whether `ParallelSeriesBenchmark generate` knows PRESET (its usage text lists them)."""
    p = subprocess.run([bench], capture_output=True, text=True, errors="replace")
    return re.search(r"--preset [\w|]*\b%s\b" % re.escape(preset), p.stdout + p.stderr) is not None


@contextlib.contextmanager
def locked(target):
    """Holds TARGET.lock: two runs sharing the cache do not make the same data at once."""
    with open(target + ".lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def read_stamp(target):
    """The summary in TARGET.done when TARGET was completed by this script, else None."""
    try:
        with open(target + ".done") as f:
            summary = json.load(f)
        return summary if os.path.isdir(target) and isinstance(summary, dict) else None
    except (OSError, ValueError):
        return None


def generate(settings, preset):
    """DATA/PRESET, generated once (DATA/PRESET.done holds the generator's RESULT)."""
    target = os.path.join(settings.data, preset)
    with locked(target):
        summary = read_stamp(target)
        return (target, summary) if summary else (target, make_preset(settings, preset, target))


def make_preset(settings, preset, target):
    """Runs the generator into TARGET and writes TARGET.done."""
    stamp = target + ".done"
    shutil.rmtree(target, ignore_errors=True)
    log("generating the %s preset" % preset)
    p = subprocess.run([settings.bench, "generate", "--preset", preset, "--template", settings.template, target],
                       capture_output=True, text=True, errors="replace")
    summary = parse_result(p.stdout)
    if p.returncode != 0 or summary is None:
        raise SystemExit("generate --preset %s failed (exit %d):\n%s" % (preset, p.returncode, p.stderr[-2000:]))
    with open(stamp, "w") as f:
        json.dump(summary, f)
    return summary


def compress(source, target, kind, jobs=2):
    """TARGET: a copy of SOURCE with every DICOM file converted by `gdcmconv --KIND` (lossless
    j2k or jpegls), JOBS files at a time, same folders; files gdcmconv rejects are copied as they
    are. Made once (TARGET.done)."""
    with locked(target):
        summary = read_stamp(target)
        return (target, summary) if summary else (target, make_compressed(source, target, kind, jobs))


def make_compressed(source, target, kind, jobs):
    """Runs gdcmconv on every file of SOURCE into TARGET and writes TARGET.done."""
    stamp = target + ".done"
    shutil.rmtree(target, ignore_errors=True)
    log("converting %s to %s with gdcmconv, %d at a time" % (os.path.basename(source), kind, jobs))
    pairs = []
    for folder, _, names in os.walk(source):
        out_folder = os.path.join(target, os.path.relpath(folder, source))
        os.makedirs(out_folder, exist_ok=True)
        pairs += [(os.path.join(folder, n), os.path.join(out_folder, n)) for n in names]

    def convert(pair):
        src, dst = pair
        if subprocess.run(["gdcmconv", "--" + kind, src, dst], capture_output=True).returncode == 0:
            return True
        shutil.copyfile(src, dst)
        return False

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        converted = sum(pool.map(convert, pairs))
    summary = {"source": os.path.basename(source), "codec": kind, "converted": converted,
               "copied": len(pairs) - converted, "files": len(pairs), "bytes": tree_bytes(target)}
    with open(stamp, "w") as f:
        json.dump(summary, f)
    return summary


def list_files(directory):
    return sorted(os.path.join(folder, n) for folder, _, names in os.walk(directory) for n in names)


def tree_bytes(directory):
    return sum(os.path.getsize(p) for p in list_files(directory))


def cat_all(files):
    """`cat` of FILES to /dev/null (in batches); returns the seconds taken."""
    t0 = time.perf_counter()
    for i in range(0, len(files), 400):
        subprocess.run(["cat", "--"] + files[i:i + 400], stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


# --------------------------------------------------------------------------------------------
# Runs
# --------------------------------------------------------------------------------------------

def parse_time_v(text):
    """(peak RSS in MiB, elapsed seconds) from the report of GNU time -v (None when absent)."""
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    elapsed = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    seconds = None
    if elapsed:
        parts = [float(p) for p in elapsed.group(1).split(":")]
        seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return (int(rss.group(1)) / 1024.0 if rss else None), seconds


def nifti_checksum(directory):
    """(sum of all voxel values, int64, after scl_slope/scl_inter; number of images; bytes of the
    largest image as stored) of the .nii / .nii.gz files in DIRECTORY, read with nibabel."""
    import nibabel
    import numpy as np

    total, images, largest = 0, 0, 0
    for name in sorted(os.listdir(directory)):
        if not name.endswith((".nii", ".nii.gz")):
            continue
        image = nibabel.load(os.path.join(directory, name))
        raw = np.asanyarray(image.dataobj.get_unscaled())
        slope, inter = float(image.dataobj.slope), float(image.dataobj.inter)
        if slope == 1.0 and inter.is_integer() and raw.dtype.kind in "iu":
            total += int(raw.sum(dtype=np.int64)) + int(inter) * raw.size
        else:
            total += int(round(float((raw.astype(np.float64) * slope + inter).sum())))
        images += 1
        largest = max(largest, raw.nbytes)
        del image, raw
    return total, images, largest


def run_once(peer, timeout, checksum_outputs=False):
    """One run of PEER under /usr/bin/time -v, killed (with its children) after TIMEOUT seconds.
    Returns the peer's RESULT keys plus peak_rss_mb, process_s, exit_code (and error, timeout)."""
    if peer.output_dir:
        shutil.rmtree(peer.output_dir, ignore_errors=True)
        os.makedirs(peer.output_dir)
        # Start with no dirty pages: the writeback of the previous run's output (or of its deletion)
        # would otherwise be paid, unevenly, by this run's writes.
        os.sync()
    try:
        p = subprocess.Popen(["/usr/bin/time", "-v"] + list(peer.command), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, errors="replace", start_new_session=True)
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)  # the peer is a child of time: kill the whole group
            p.communicate()
            return {"timeout": True, "process_s": None, "exit_code": None}
        rss, elapsed = parse_time_v(err)
        result = parse_result(out) or {}
        if "peak_rss_mb" in result:
            result["self_reported_rss_mb"] = result.pop("peak_rss_mb")
        # The whole process (start-up and exit included), less the checksum a reader computes after
        # its clock stopped (only there to check the voxels).
        if elapsed is not None and result.get("checksum_s"):
            elapsed = max(0.0, elapsed - result["checksum_s"])
        result.update({"peak_rss_mb": rss, "process_s": elapsed, "exit_code": p.returncode})
        if p.returncode != 0 or "error" in result:
            tail = err.split("\tCommand being timed:")[0].strip()
            result["error"] = result.get("error") or tail[-1500:] or "exit code %d" % p.returncode
        elif checksum_outputs and peer.output_dir:
            result["checksum"], result["volumes"], result["largest_volume_bytes"] = nifti_checksum(peer.output_dir)
            result["output_mb"] = sum(os.path.getsize(os.path.join(peer.output_dir, n))
                                      for n in os.listdir(peer.output_dir)
                                      if n.endswith((".nii", ".nii.gz"))) / 2.0 ** 20
        return result
    finally:
        if peer.output_dir:
            shutil.rmtree(peer.output_dir, ignore_errors=True)


def peer_list(settings, directory, compressed):
    """The peers run on DIRECTORY (fewer on the compressed copies: readers only)."""
    bench, cli, py = settings.bench, settings.cli, settings.python
    out = os.path.join(settings.scratch, "out")
    extra_threads = [1] + ([2] if settings.nproc != 2 else [])

    def plural(t):
        return "%d thread%s" % (t, "" if t == 1 else "s")

    # `limit` at every thread count a reader of ours runs with: the "× limit" column compares each
    # row with the `limit` row of the same number of threads.
    peers = [Peer("limit", (bench, "peer", "limit", directory), "read", "ours", 1)]
    peers += [Peer("limit, " + plural(t), (bench, "peer", "limit", directory, "--threads", str(t)), "read", "ours", t)
              for t in sorted({settings.nproc} | set(extra_threads)) if t != 1]
    peers += [Peer("ours", (bench, "peer", "ours", directory), "read", "ours")]
    peers += [Peer("ours, " + plural(t), (bench, "peer", "ours", directory, "--threads", str(t)), "read", "ours", t)
              for t in extra_threads]
    # Issue 15: series read while the scan goes on (convert --stream's path).
    peers += [Peer("ours-stream", (bench, "peer", "ours-stream", directory), "read", "ours")]
    peers += [Peer("threestep", (bench, "peer", "threestep", directory), "read", "ours"),
              Peer("stock", (bench, "peer", "stock", directory), "read", "ours", 1),
              Peer("simpleitk", (py, os.path.join(PEERS_DIR, "simpleitk_peer.py"), directory), "read", "ours", 1),
              Peer("pydicom", (py, os.path.join(PEERS_DIR, "pydicom_peer.py"), directory), "read", "ours", 1)]
    if compressed:
        return [p for p in peers if p.name.startswith("limit") or
                p.name in ("ours", "threestep", "stock", "simpleitk", "pydicom")]
    peers += [Peer("scan-ours", (bench, "peer", "scan-ours", directory), "scan", "scan-ours"),
              Peer("scan-stock", (bench, "peer", "scan-stock", directory), "scan", "scan-ours", 1)]
    for ext, z in (("nii", "n"), ("nii.gz", "y")):
        ours = "ours CLI → .%s" % ext
        convert = (cli, "convert", directory, out, "--recursive", "--format", ext)
        peers.append(Peer(ours, convert, "convert", ours, settings.nproc, out))  # default: every core
        if ext == "nii":
            peers += [Peer("%s, %s" % (ours, plural(t)), convert + ("--threads", str(t)), "convert", ours, t, out)
                      for t in extra_threads]
            peers.append(Peer(ours + " --stream", convert + ("--stream",), "convert", ours, settings.nproc, out))
        peers.append(Peer("dcm2niix → .%s" % ext, ("dcm2niix", "-z", z, "-o", out, directory), "convert", ours, 1, out))
    return peers


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarize(peer, runs):
    """Medians over the successful RUNS of PEER, and what went wrong in the others."""
    ok = [r for r in runs if not r.get("timeout") and not r.get("error")]
    first = next((r for r in runs if "checksum" in r), {}) if peer.kind == "convert" else (ok[0] if ok else {})
    return {
        "command": list(peer.command), "kind": peer.kind, "reference": peer.reference,
        "runs": runs, "ok_runs": len(ok),
        "timeout": any(r.get("timeout") for r in runs),
        "error": next((r["error"] for r in runs if r.get("error")), None),
        "wall_s": median([r.get(peer.wall_key) for r in ok]),
        "process_s": median([r.get("process_s") for r in ok]),
        "process_s_range": [min(v), max(v)] if (v := [r["process_s"] for r in ok if r.get("process_s")]) else None,
        "in_process_s": median([r.get("wall_s") for r in ok]) if peer.kind != "convert" else None,
        "peak_rss_mb": median([r.get("peak_rss_mb") for r in ok]),
        "first_series_s": median([r.get("first_series_s") for r in ok]),
        "uid_pass_s": median([r.get("uid_pass_s") for r in ok]),
        "scan_s": median([r.get("scan_s") for r in ok]),
        "threads": (ok[0].get("threads") if ok else None) or peer.threads or None,
        "checksum": first.get("checksum"),
        "largest_volume_bytes": first.get("largest_volume_bytes"),
        "voxel_bytes": ok[0].get("voxel_bytes") if ok else None,
        "files": ok[0].get("files") if ok else None,
        "volumes": first.get("volumes"),
        "output_mb": first.get("output_mb"),
    }


def run_dataset(settings, name, directory, compressed):
    """Every peer on DIRECTORY, REPEAT rounds; returns the dataset's record."""
    files = list_files(directory)
    cat_all(files)  # warm the page cache, untimed
    record = {"dataset": name, "files_on_disk": len(files), "bytes": sum(os.path.getsize(f) for f in files),
              "cat_s": cat_all(files), "peers": {}}
    peers = peer_list(settings, directory, compressed)
    runs = {p.name: [] for p in peers}
    for round_ in range(settings.repeat):
        for peer in peers:
            done = runs[peer.name]
            if done and (done[-1].get("timeout") or done[-1].get("error") or
                         (done[0].get("process_s") or 0) > settings.max_repeat_s):
                continue  # timed out, failed, or too slow to repeat within the budget
            # Warm again before every run: the machine may reclaim cold page cache between runs
            # (proactive reclaim, e.g. DAMON), which would make a run read from the disk.
            cat_all(files)
            result = run_once(peer, settings.timeout, checksum_outputs=(round_ == 0))
            done.append(result)
            status = ("timeout after %.0f s" % settings.timeout if result.get("timeout") else
                      "error: %s" % result["error"].strip().splitlines()[-1][:120] if result.get("error") else
                      "%.3f s (process %.2f s), %.0f MB" % (result.get(peer.wall_key) or float("nan"),
                                                             result.get("process_s") or float("nan"),
                                                             result.get("peak_rss_mb") or float("nan")))
            log("  %-12s round %d  %-28s %s" % (name, round_ + 1, peer.name, status))
    record["peers"] = {p.name: summarize(p, runs[p.name]) for p in peers}
    return record


def run_capped(settings, cap_mb):
    """The large preset read by ours with SetVoxelMemoryLimit(CAP_MB) (volumes consumed in the
    completion event), and without the limit for reference."""
    directory, summary = generate(settings, "large")
    files = list_files(directory)
    cat_all(files)
    capped = Peer("ours, limit", (settings.bench, "peer", "ours", directory, "--memory-limit", str(cap_mb)), "read", "ours")
    plain = Peer("ours", (settings.bench, "peer", "ours", directory), "read", "ours")
    capped_result = run_once(capped, settings.timeout)
    cat_all(files)
    return {"cap_mb": cap_mb, "generated": summary,
            "capped": capped_result, "unbounded": run_once(plain, settings.timeout)}


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------

def fmt(value, pattern="%.2f"):
    return "–" if value is None else pattern % value


def decoded_bytes(record):
    """Decoded voxel bytes of the dataset (as ours reports them, else any reader)."""
    peers = record["peers"]
    for name in ["ours"] + list(peers):
        if peers.get(name, {}).get("voxel_bytes") and peers[name]["kind"] == "read" and name != "limit":
            return peers[name]["voxel_bytes"]
    return peers.get("limit", {}).get("voxel_bytes")


def wall_cell(s):
    if s["wall_s"] is not None:
        return fmt(s["wall_s"], "%.3f")
    if s["timeout"]:
        return "timeout"
    if s["error"]:
        return "error"
    return "–"


def dataset_table(record):
    """The dataset's Markdown table: one row per peer."""
    peers = record["peers"]
    reference = peers.get("ours", {}).get("checksum")
    decoded = decoded_bytes(record)
    # Whole process: what a user waits for (start-up and exit included), median and spread of the
    # runs; in-process: the program's own clock around the work (readers only).
    lines = ["| peer | runs | whole process s (median, min–max) | in-process s | × ours | × limit, same threads "
             "| peak RSS MB | RSS / decoded bytes | first series s | scan s | threads | same voxels |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    limits = {s["threads"]: s["process_s"] for name, s in peers.items() if name.startswith("limit")}
    for name, s in peers.items():
        base = peers.get(s["reference"], {}).get("process_s")
        ratio = s["process_s"] / base if s["process_s"] and base else None
        limit = limits.get(s["threads"]) if s["kind"] == "read" else None
        limit_ratio = s["process_s"] / limit if s["process_s"] and limit else None
        spread = s.get("process_s_range")
        whole = (fmt(s["process_s"], "%.3f") + (" (%.3f–%.3f)" % tuple(spread) if spread and s["ok_runs"] > 1 else "")
                 if s["process_s"] is not None else wall_cell(s))
        rss_ratio = s["peak_rss_mb"] * 2 ** 20 / decoded if s["peak_rss_mb"] and decoded else None
        if s["checksum"] is None or reference is None:
            same = "–"
        else:
            same = "yes" if s["checksum"] == reference else "**no**"
        lines.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            name, s["ok_runs"], whole, fmt(s.get("in_process_s"), "%.3f"), fmt(ratio, "%.2f×"),
            fmt(limit_ratio, "%.2f×"), fmt(s["peak_rss_mb"], "%.0f"), fmt(rss_ratio, "%.2f"),
            fmt(s["first_series_s"], "%.3f"), fmt(s["scan_s"], "%.3f"), s["threads"] or "–", same))
    sizes = ["%s %s" % (name, fmt(s.get("output_mb"), "%.0f")) for name, s in peers.items() if s.get("output_mb")]
    if sizes:
        lines.append("\nNIfTI files written (MiB): " + "; ".join(sizes) + ".")
    notes = [name for name, s in peers.items() if s["error"] and s["wall_s"] is None]
    for name in notes:
        lines.append("\n`%s` failed: %s" % (name, " ".join(peers[name]["error"].strip().splitlines()[-2:])[:300]))
    return "\n".join(lines)


def targets_table(record):
    """Issue 5's targets, measured on RECORD: (target, measured, PASS / FAIL) rows."""
    p = record["peers"]

    def get(name, key="wall_s"):
        return p.get(name, {}).get(key)

    ours = get("ours")
    rows = []

    def add(target, measured, passed):
        rows.append("| %s | %s | %s |" % (target, measured, "n/a" if passed is None else ("PASS" if passed else "**FAIL**")))

    for peer, factor in (("stock", 5), ("threestep", 2), ("simpleitk", 3), ("pydicom", 3)):
        w = get(peer)
        add("ours ≥ %g× faster than %s" % (factor, peer), "%.2f×" % (w / ours) if w and ours else "–",
            w / ours >= factor if w and ours else None)
    for ext in ("nii", "nii.gz"):
        cli, d2n = get("ours CLI → .%s" % ext), get("dcm2niix → .%s" % ext)
        add("`parallel-series convert` to .%s faster than `dcm2niix`" % ext,
            "%.2f s vs %.2f s (%.2f×)" % (cli, d2n, d2n / cli) if cli and d2n else "–", cli < d2n if cli and d2n else None)
    limit = get("limit")
    add("ours ≤ 1.5 × physical limit (read every file + one copy)",
        "%.2f×" % (ours / limit) if ours and limit else "–", ours / limit <= 1.5 if ours and limit else None)
    # Issue 16's goals, on whole-process times (what a user waits for).
    wo, wl = get("ours", "process_s"), get("limit", "process_s")
    for peer, factor in (("stock", 6), ("threestep", 4)):
        w = get(peer, "process_s")
        add("ours ≥ %g× faster than %s, whole process" % (factor, peer), "%.2f×" % (w / wo) if w and wo else "–",
            w / wo >= factor if w and wo else None)
    add("ours ≤ 0.6 × limit with 1 thread, whole process", "%.2f×" % (wo / wl) if wo and wl else "–",
        wo / wl <= 0.6 if wo and wl else None)
    one = get("ours, 1 thread", "process_s")
    if wo and one and get("ours", "threads") == 2:
        add("ours: ≥ 1.8× from the second core, whole process", "%.2f×" % (one / wo), one / wo >= 1.8)
    so, ss = get("scan-ours"), get("scan-stock")
    add("scan-ours ≥ 10× faster than scan-stock", "%.1f×" % (ss / so) if so and ss else "–",
        ss / so >= 10 if so and ss else None)
    rss, voxels = get("ours", "peak_rss_mb"), get("ours", "voxel_bytes")
    if rss and voxels:
        bound = 1.15 * voxels / 2 ** 20 + 50
        add("ours peak RSS ≤ 1.15 × voxel bytes + 50 MB", "%.0f MB (bound %.0f MB)" % (rss, bound), rss <= bound)
    else:
        add("ours peak RSS ≤ 1.15 × voxel bytes + 50 MB", "–", None)
    # Issue 16: the converter's memory, next to dcm2niix's.
    for ext in ("nii", "nii.gz"):
        rss, largest = get("ours CLI → .%s" % ext, "peak_rss_mb"), get("ours CLI → .%s" % ext, "largest_volume_bytes")
        d2n = get("dcm2niix → .%s" % ext, "peak_rss_mb")
        if rss and largest:
            bound = 2 * largest / 2 ** 20 + 100
            add("`convert` to .%s: peak RSS ≤ 2 × largest volume + 100 MB" % ext,
                "%.0f MB (bound %.0f MB; dcm2niix %s MB)" % (rss, bound, "%.0f" % d2n if d2n else "–"), rss <= bound)
        else:
            add("`convert` to .%s: peak RSS ≤ 2 × largest volume + 100 MB" % ext, "–", None)
    first = get("ours", "first_series_s")
    add("ours: first series ≤ wall / 10", "%.3f s of %.3f s" % (first, ours) if first and ours else "–",
        first <= ours / 10 if first and ours else None)
    # Issue 15 item 1: streaming (scan and read together): first series ≤ 1/20 of the batch, the
    # whole batch no slower than the scan-then-read path.
    first, stream = get("ours-stream", "first_series_s"), get("ours-stream")
    uid_pass = get("ours-stream", "uid_pass_s")
    add("ours-stream: first series ≤ wall / 20",
        "%.3f s of %.3f s (its SeriesInstanceUID pass: %s s)" % (first, stream, fmt(uid_pass, "%.3f"))
        if first and stream else "–",
        first <= stream / 20 if first and stream else None)
    cs, cn = get("ours CLI → .nii --stream"), get("ours CLI → .nii")
    add("`convert --stream` to .nii: wall ≤ `convert`'s × 1.05", "%.3f s against %.3f s" % (cs, cn) if cs and cn else "–",
        cs <= cn * 1.05 if cs and cn else None)
    add("ours-stream: wall ≤ ours' wall × 1.05", "%.3f s against %.3f s" % (stream, ours) if stream and ours else "–",
        stream <= ours * 1.05 if stream and ours else None)
    return "\n".join(["| target | measured | |", "|---|---|---|"] + rows)


def scaling_tables(records, nproc):
    """Wall time against the number of files (plain presets) and against the number of threads."""
    names = ["limit", "ours", "threestep", "stock", "simpleitk", "pydicom", "ours CLI → .nii", "dcm2niix → .nii"]
    lines = ["| dataset | files | GB on disk | " + " | ".join("%s s" % n for n in names) + " |",
             "|---|---|---|" + "---|" * len(names)]
    for r in records:
        lines.append("| %s | %d | %.2f | %s |" % (r["dataset"], r["files_on_disk"], r["bytes"] / 1e9,
                                                  " | ".join(wall_cell(r["peers"][n]) if n in r["peers"] else "–"
                                                             for n in names)))
    lines += ["", "| dataset | ours 1 thread s | ours 2 threads s | speed-up | CLI → .nii 1 thread s "
              "| CLI → .nii 2 threads s | speed-up |", "|---|---|---|---|---|---|---|"]

    def with_threads(peers, base, t):
        name = base if t == nproc and base in peers else "%s, %d thread%s" % (base, t, "" if t == 1 else "s")
        return peers.get(name, {}).get("wall_s")

    for r in records:
        cells = []
        for base in ("ours", "ours CLI → .nii"):
            one, two = with_threads(r["peers"], base, 1), with_threads(r["peers"], base, 2)
            cells += [fmt(one, "%.3f"), fmt(two, "%.3f"), fmt(one / two if one and two else None, "%.2f×")]
        lines.append("| %s | %s |" % (r["dataset"], " | ".join(cells)))
    return "\n".join(lines)


def plot(records, path):
    """benchmark.png: wall time per peer and dataset (log scale); time against files."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = ["limit", "ours", "threestep", "stock", "simpleitk", "pydicom", "ours CLI → .nii", "dcm2niix → .nii",
             "ours CLI → .nii.gz", "dcm2niix → .nii.gz"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(15, 5.5), gridspec_kw={"width_ratios": [2, 1]})
    width = 0.8 / max(1, len(records))
    for i, record in enumerate(records):
        values = [record["peers"].get(n, {}).get("wall_s") or 0 for n in names]
        left.bar([x + i * width for x in range(len(names))], values, width, label=record["dataset"])
    left.set_xticks([x + 0.4 - width / 2 for x in range(len(names))])
    left.set_xticklabels(names, rotation=30, ha="right")
    left.set_yscale("log")
    left.set_ylabel("wall time, s (log scale)")
    left.set_title("Every series of the directory, warm page cache (median)")
    left.legend(fontsize=8)
    plain = [r for r in records if r["dataset"] in PLAIN_PRESETS]
    for peer in ("limit", "ours", "stock", "threestep"):
        pts = sorted((r["files_on_disk"], r["peers"][peer]["wall_s"]) for r in plain
                     if r["peers"].get(peer, {}).get("wall_s"))
        if pts:
            right.plot([x for x, _ in pts], [y for _, y in pts], marker="o", label=peer)
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xlabel("files in the directory (log scale)")
    right.set_ylabel("wall time, s (log scale)")
    right.set_title("Time against the number of files")
    right.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def machine_facts(settings):
    """Facts about the machine and the tools (no host name, no paths)."""
    def first_line(command):
        try:
            p = subprocess.run(command, capture_output=True, text=True, errors="replace", timeout=30)
            return (p.stdout + p.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "?"

    cpu, mem = "?", "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
        with open("/proc/meminfo") as f:
            mem = "%.0f GiB" % (int(f.readline().split()[1]) / 2 ** 20)
    except OSError:
        pass
    debian = "?"
    if os.path.exists("/etc/debian_version"):
        with open("/etc/debian_version") as f:
            debian = f.read().strip()
    versions = subprocess.run([settings.python, "-c", "import SimpleITK, pydicom, numpy, nibabel, matplotlib; "
                               "print('SimpleITK %s, pydicom %s, NumPy %s, nibabel %s' % (SimpleITK.Version."
                               "VersionString(), pydicom.__version__, numpy.__version__, nibabel.__version__))"],
                              capture_output=True, text=True).stdout.strip()
    dcm2niix = re.search(r"v\d[\w.]*", first_line(["dcm2niix", "-v"]) + " " + first_line(["dcm2niix", "--version"]))
    itk_version = re.search(r"ITK ([\w.]+)", first_line([settings.cli, "--version"]))
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "kernel": "%s %s" % (platform.system(), platform.release()),
        "debian": debian, "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "load_average": "%.2f %.2f %.2f" % os.getloadavg(),
        "python": platform.python_version(), "python_packages": versions,
        "dcm2niix": dcm2niix.group(0) if dcm2niix else "?",
        "itk": itk_version.group(1) if itk_version else "?",
        "pigz": "yes" if shutil.which("pigz") else "no (dcm2niix -z y falls back to its internal gzip)",
        "gdcmconv": first_line(["gdcmconv", "--version"]).replace("$Date$", "").strip(),
    }


def command_line(args):
    """The run.sh command that reproduces this run."""
    parts = ["bash benchmark/run.sh"]
    if args.quick:
        parts.append("--quick")
    else:
        parts += ["--presets", args.presets, "--repeat", str(args.repeat)]
    for flag, value, default in (("--timeout", args.timeout, 300), ("--max-repeat-s", args.max_repeat_s, 10),
                                 ("--large-cap-mb", args.large_cap_mb, 0)):
        if value != default:
            parts += [flag, "%g" % value]
    if args.no_compressed and not args.quick:
        parts.append("--no-compressed")
    return " ".join(parts)


def write_report(settings, args, facts, summaries, records, capped, steps):
    """RESULTS.md, <dataset>.json and benchmark.png in settings.out."""
    redact = make_redactor([(settings.scratch, "<out>"), (settings.data, "<data>"),
                            (os.path.dirname(settings.bench), "<bin>"), (settings.template, "<template>"),
                            (settings.python, "python"), (REPO, "<repo>"), (os.path.expanduser("~"), "~")])
    command = command_line(args)
    for record in records:
        with open(os.path.join(settings.out, record["dataset"] + ".json"), "w") as f:
            json.dump(redact({"command": command, "machine": facts, "generated": summaries.get(record["dataset"]),
                              **record}), f, indent=1, ensure_ascii=False)
    report = ["# ParallelSeries benchmark", "",
              "Command: `%s` (from a clone: builds what it needs, generates the data once, then runs "
              "every peer; see `benchmark/run.py`)." % command, "",
              "Machine: %(nproc)s cores (%(cpu)s), %(memory)s RAM, %(kernel)s, Debian %(debian)s; %(date)s; "
              "load average at the start %(load_average)s (the machine may have been shared)." % facts,
              "Tools: Python %(python)s with %(python_packages)s; dcm2niix %(dcm2niix)s (pigz: %(pigz)s); "
              "ITK %(itk)s (Release) for the C++ peers and the CLI." % facts, "",
              "How to read the tables: warm page cache (every file is read once, untimed, before every run); every figure is the median of the successful runs "
              "(`runs`), each run its own process under `/usr/bin/time -v`. *whole process s* is what a user "
              "waits for: the process from start to exit (start-up, imports and the release of the memory at "
              "exit included), less the checksum a reader computes after its clock stopped; in brackets the "
              "fastest and slowest run. *in-process s* is the work measured inside the process by the readers "
              "and scans (start-up and exit excluded). *× ours* is whole process / whole process of the row "
              "doing the same task: `ours` for readers, `scan-ours` for scans, `ours CLI` with the same output "
              "format for converters. *× limit, same threads* is a reader's whole process / that of the `limit` "
              "row run with the same number of threads. *peak RSS* is the process's "
              "maximum resident set size (MiB); *same voxels*: the sum of every voxel value (after "
              "rescale slope/intercept) equals ours' (converters: the voxels of the NIfTI files they wrote, "
              "read back with nibabel). `limit` reads every file's bytes (as `cat`) and copies the decoded "
              "bytes once: a floor for uncompressed data, not for compressed data (no decoding). "
              "*timeout*: a run was killed after %g s; a peer whose first run took more than %g s ran once."
              % (args.timeout, args.max_repeat_s), ""]
    for record in records:
        s = summaries.get(record["dataset"]) or {}
        decoded = decoded_bytes(record)
        about = ("%d series, %d non-DICOM files, " % (s["series"], s.get("junk_files", 0)) if "series" in s else
                 "%s copy of %s (%d files converted, %d copied), " % (s.get("codec"), s.get("source"),
                                                                      s.get("converted", 0), s.get("copied", 0)))
        report += ["## %s" % record["dataset"], "",
                   "%d files, %s%.2f GB on disk, %s decoded; `cat` of every file (warm): %.3f s." % (
                       record["files_on_disk"], about, record["bytes"] / 1e9,
                       "%.2f GB" % (decoded / 1e9) if decoded else "?", record["cat_s"]), "",
                   dataset_table(record), ""]
    plain = [r for r in records if r["dataset"] in PLAIN_PRESETS]
    target = next((r for r in plain if r["dataset"] == "medium"), plain[-1] if plain else None)
    if target:
        report += ["## Targets (%s preset)" % target["dataset"], "", targets_table(target), ""]
    if plain:
        report += ["## Scaling", "", scaling_tables(plain, settings.nproc), ""]
    if capped:
        c, u = capped["capped"], capped["unbounded"]
        report += ["## Larger than memory", "",
                   "Large preset read by ours with `SetVoxelMemoryLimit(%d MB)` (each volume checksummed in its "
                   "completion event, then released): %s s, peak RSS %s MB; without the limit: %s s, peak RSS "
                   "%s MB; same voxels: %s." % (
                       capped["cap_mb"], fmt(c.get("wall_s")), fmt(c.get("peak_rss_mb"), "%.0f"),
                       fmt(u.get("wall_s")), fmt(u.get("peak_rss_mb"), "%.0f"),
                       "yes" if c.get("checksum") is not None and c.get("checksum") == u.get("checksum") else "**no**"),
                   ""]
    report += ["## Time budget", "", "| step | s |", "|---|---|"]
    report += ["| %s | %.0f |" % (name, seconds) for name, seconds in steps.done]
    report += ["| **total** (setup included) | **%.0f** |" % steps.total(), "",
               "![benchmark](benchmark.png)", ""]
    text = redact("\n".join(report))
    with open(os.path.join(settings.out, "RESULTS.md"), "w") as f:
        f.write(text)
    plot(records, os.path.join(settings.out, "benchmark.png"))
    return text


def parse_setup_times(text):
    """'apt=1,venv=2,build=30' (from run.sh) as [(step, seconds)]."""
    pairs = []
    for item in filter(None, (text or "").split(",")):
        name, _, seconds = item.partition("=")
        pairs.append(("setup: " + name, float(seconds or 0)))
    return pairs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="directory of ParallelSeriesBenchmark and parallel-series")
    parser.add_argument("--data", required=True, help="cache of the generated data (outside the repository)")
    parser.add_argument("--template", required=True, help="DICOM file used by the generator as header template")
    parser.add_argument("--presets", default="small,medium", help="comma-separated: tiny, small, medium, large")
    parser.add_argument("--repeat", type=int, default=3, help="runs per peer (the median is reported)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds after which a run is killed")
    parser.add_argument("--max-repeat-s", type=float, default=10,
                        help="a peer whose first run takes longer is not repeated (time budget)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke check: tiny preset (small if the generator has none), one run, "
                             "results in DATA/../bench-quick-results")
    parser.add_argument("--no-compressed", action="store_true", help="no JPEG 2000 / JPEG-LS copies")
    parser.add_argument("--large-cap-mb", type=float, default=0,
                        help="also read the large preset with this VoxelMemoryLimit (MB)")
    parser.add_argument("--out", help="where the results go (default benchmark/results)")
    parser.add_argument("--setup-times", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()

    setup = parse_setup_times(args.setup_times)
    steps = Steps(offset=sum(s for _, s in setup))
    steps.done += setup
    bench = os.path.abspath(os.path.join(args.bin, "ParallelSeriesBenchmark"))
    if args.quick:
        args.presets = "tiny" if has_preset(bench, "tiny") else "small"
        args.repeat = 1
    data = os.path.abspath(args.data)
    out = os.path.abspath(args.out or (os.path.join(os.path.dirname(data), "bench-quick-results") if args.quick
                                       else os.path.join(HERE, "results")))
    os.makedirs(data, exist_ok=True)
    os.makedirs(out, exist_ok=True)
    settings = Settings(bench=bench, cli=os.path.abspath(os.path.join(args.bin, "parallel-series")),
                        python=sys.executable, data=data, template=os.path.abspath(args.template), out=out,
                        scratch=tempfile.mkdtemp(prefix="scratch-", dir=data), repeat=args.repeat,
                        timeout=args.timeout, max_repeat_s=args.max_repeat_s, quick=args.quick,
                        nproc=os.cpu_count() or 1)
    try:
        facts = machine_facts(settings)
        presets = [p for p in args.presets.split(",") if p]
        summaries, datasets = {}, []
        for preset in presets:
            directory, summaries[preset] = steps.run("generate " + preset, generate, settings, preset)
            datasets.append((preset, directory, False))
        source = presets[0] if args.quick else "small"
        if not args.no_compressed and source in presets:
            for kind in ("j2k", "jpegls"):
                name = "%s-%s" % (source, kind)
                directory, summaries[name] = steps.run("gdcmconv %s" % name, compress,
                                                       os.path.join(data, source), os.path.join(data, name), kind)
                datasets.append((name, directory, True))
        records = [steps.run("run " + name, run_dataset, settings, name, directory, compressed)
                   for name, directory, compressed in datasets]
        capped = steps.run("large preset, memory limit", run_capped, settings, args.large_cap_mb) \
            if args.large_cap_mb else None
        text = steps.run("report", write_report, settings, args, facts, summaries, records, capped, steps)
    finally:
        shutil.rmtree(settings.scratch, ignore_errors=True)
    print(text)
    log("results in %s; total %.0f s" % (out, steps.total()))


if __name__ == "__main__":
    main()
