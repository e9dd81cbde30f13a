"""itk_parallelseries.dask on a LocalCluster against one parallel-series process, same archive,
same run, whole figures printed side by side (docs/dask.md, docs/benchmark.md).

    python benchmark/dask_bench.py DATA_DIR [--workers 2] [--repeat 3] [--format nrrd]

DATA_DIR: a DICOM directory, e.g. a preset of the benchmark's generator
(`ParallelSeriesBenchmark generate --preset large DIR`; benchmark/run.py caches them). Run with
the python of a venv that has PyPI's itk, the wheel and its [dask] extra (scripts/make-venv.sh).

Rows:
- `parallel-series convert` (one process, all cores: --threads = workers x threads per task);
- `convert_archive` on a LocalCluster of W worker processes of one thread, each task with T
  threads: wall time of the call (the cluster already running: its start-up is shown apart),
  and the time to start the cluster and import itk on its workers.
Output directories are removed between runs; the page cache is warm (every run reads the same
files; the first run of each peer is a warm-up, not counted).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _import_itk():
    import itk

    itk.ParallelGDCMSeriesFileNames.New()  # loads the module's wrapping
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads-per-task", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", default="nrrd")
    parser.add_argument("--partition-depth", type=int, default=1)
    parser.add_argument("--cli", help="the parallel-series executable (default: the wheel's)")
    args = parser.parse_args()

    import itk_parallelseries
    from distributed import Client, LocalCluster

    from itk_parallelseries import dask as psdask

    cli = args.cli or itk_parallelseries.cli_path()
    threads = args.workers * args.threads_per_task
    work = tempfile.mkdtemp(prefix="parallel-series-dask-bench-")
    files = sum(len(f) for _, _, f in os.walk(args.data))
    results = {}
    try:
        def single():
            out = os.path.join(work, "single")
            shutil.rmtree(out, ignore_errors=True)
            p = subprocess.run([cli, "convert", args.data, out, "--format", args.format, "--threads", str(threads)],
                               capture_output=True, text=True)
            if p.returncode not in (0, 1):
                raise SystemExit("parallel-series convert failed (%d): %s" % (p.returncode, p.stderr[-2000:]))

        startup, cluster = timed(lambda: LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                                      processes=True, dashboard_address=None))
        client = Client(cluster)
        imported, _ = timed(lambda: client.run(_import_itk))

        def distributed():
            out = os.path.join(work, "dask")
            shutil.rmtree(out, ignore_errors=True)
            psdask.convert_archive(args.data, out, client=client, convert_options=["--format", args.format],
                                   threads_per_task=args.threads_per_task, partition_depth=args.partition_depth,
                                   cli=cli)

        for name, fn in (("single", single), ("dask", distributed)):
            fn()  # warm-up
        runs = {"single": [], "dask": []}
        for _ in range(args.repeat):  # interleaved
            for name, fn in (("single", single), ("dask", distributed)):
                runs[name].append(timed(fn)[0])
        results = {k: (statistics.median(v), min(v), max(v)) for k, v in runs.items()}
        client.close()
        cluster.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("%d files in %s; %d CPUs; %s output; median of %d (min-max)" % (
        files, args.data, os.cpu_count(), args.format, args.repeat))
    print()
    print("| peer | wall s | files/s |")
    print("|---|---|---|")
    m, lo, hi = results["single"]
    print("| parallel-series convert, 1 process, --threads %d | %.2f (%.2f-%.2f) | %.0f |" % (threads, m, lo, hi, files / m))
    m, lo, hi = results["dask"]
    print("| convert_archive, LocalCluster %d workers x 1 thread, %d thread(s) per task | %.2f (%.2f-%.2f) | %.0f |" % (
        args.workers, args.threads_per_task, m, lo, hi, files / m))
    print()
    print("LocalCluster start-up %.2f s, itk import on the workers %.2f s (once per cluster, not in the rows)."
          % (startup, imported))
    return 0


if __name__ == "__main__":
    sys.exit(main())
