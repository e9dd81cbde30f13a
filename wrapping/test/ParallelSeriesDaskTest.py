"""itk_parallelseries.dask on a distributed.LocalCluster of 2 worker processes, against one
single-process `parallel-series convert` of the same archive (the ground truth: the outputs of
convert_archive() must be the same files, byte for byte, and the same manifest.csv):

1. an archive whose series are spread over nested folders (every partition holds part of most
   series: the plan step re-scans them whole), a series in a folder of its own (one partition
   holds it all), a series with a truncated file (its failure is reported, the others are
   written) and junk files;
2. the same archive with a worker killed while it converts a series (the executable's stand-in
   kills the worker process that started it, once): every series is still written, equal to the
   single-process run;
3. argument checks: an option convert_archive() sets itself, an unknown split criterion, a
   missing directory.

Usage: ParallelSeriesDaskTest.py OUTPUT_DIR
"""

import filecmp
import os
import shutil
import stat
import subprocess
import sys

import numpy as np
import itk

import ParallelSeriesTestData as data

from distributed import Client, LocalCluster

import itk_parallelseries
from itk_parallelseries import dask as psdask

check = data.Checks()

# A stand-in for the executable: kills the process that started it (the Dask worker) the first
# time it converts, then behaves as the real one.
KILLER = """#!{python}
import os, signal, sys
marker = {marker!r}
if "convert" in sys.argv:
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        fd = None
    if fd is not None:
        os.close(fd)
        os.kill(os.getppid(), signal.SIGKILL)
        sys.exit(137)
os.execv({cli!r}, [{cli!r}] + sys.argv[1:])
"""


def make_archive(root):
    generated = data.generate(root)
    # A series of its own folder (one partition holds every file of it).
    whole = data.GeneratedSeries(len(generated), "SS", 14, 10, 4, 1, (0.9, 0.9, 2.0), (3.0, 4.0, 5.0), data.AXIAL)
    os.makedirs(os.path.join(root, "d"))
    for z in range(whole.slices):
        name = os.path.join(root, "d", "IM%d.dcm" % z)
        data._write_slice(whole, 0, z, z + 1, name)
    # A series with a truncated file: it fails, naming the file; the others are written.
    damaged = data.GeneratedSeries(len(generated) + 1, "SS", 16, 12, 3, 1, (1.0, 1.0, 3.0), (0.0, 0.0, 0.0), data.AXIAL)
    os.makedirs(os.path.join(root, "e", "f"))
    names = []
    for z in range(damaged.slices):
        name = os.path.join(root, "e", "f", "IM%d.dcm" % z)
        data._write_slice(damaged, 0, z, z + 1, name)
        names.append(name)
    size = os.path.getsize(names[1])
    with open(names[1], "r+b") as f:
        f.truncate(size - 100)  # the header is whole, the pixel data is cut
    return len(generated) + 2, damaged.uid


def same_tree(a, b, label):
    files_a = sorted(os.listdir(a))
    files_b = sorted(os.listdir(b))
    check(files_a == files_b, "%s: the files differ: %s vs %s" % (label, files_a, files_b))
    for name in set(files_a) & set(files_b):
        check(filecmp.cmp(os.path.join(a, name), os.path.join(b, name), shallow=False),
              "%s: %s differs from the single-process output" % (label, name))


def main(output_dir):
    if os.path.isdir(output_dir):
        shutil.rmtree(output_dir)
    os.makedirs(output_dir)
    archive = os.path.join(output_dir, "archive")
    series_count, damaged_uid = make_archive(archive)
    cli = itk_parallelseries.cli_path()

    single = os.path.join(output_dir, "single")
    run = subprocess.run([cli, "convert", archive, single, "--threads", "1"], capture_output=True, text=True)
    check(run.returncode == 1, "the single-process convert ends with 1 (the damaged series): %d\n%s"
          % (run.returncode, run.stderr))
    written = [n for n in os.listdir(single) if n.endswith(".nrrd")]
    check(len(written) == series_count, "single-process: %d outputs for %d series (one has 2 volumes, one fails)"
          % (len(written), series_count))

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        # 1. The archive, partitioned by first-level folders.
        out = os.path.join(output_dir, "dask")
        result = psdask.convert_archive(archive, out, client=client, partition_depth=1)
        check(len(result.plan.series) == series_count, "the plan has %d series, not %d"
              % (len(result.plan.series), series_count))
        check(result.plan.partitions == 5, "partitions: a, c, d, e and the loose files: %d" % result.plan.partitions)
        check([p.index for p in result.plan.series] == list(range(1, series_count + 1)), "indices 1..N")
        same_tree(single, out, "partition depth 1")
        failed = [uid for uid, _ in result.errors]
        check(failed == [damaged_uid], "the damaged series (only) is reported: %s" % result.errors)
        check(any("IM1.dcm" in message for _, message in result.errors), "the error names the file: %s" % result.errors)
        check(not result.ok, "result.ok is False with a failed series")
        skipped = [os.path.basename(f) for f, _ in result.plan.skipped_files]
        check({"README.txt", "empty.dcm", "random.bin"} <= set(skipped), "junk files reported as skipped: %s" % skipped)

        # Whole archive in one scan task: the same plan.
        one = psdask.scan_archive(archive, client=client, partition_depth=0)
        check([(p.identifier, p.index) for p in one.series] == [(p.identifier, p.index) for p in result.plan.series],
              "one scan task gives the same plan as five")
        check(one.partitions == 1, "partition depth 0: one task")

        # 2. A worker killed during a conversion: its task runs again on the new worker.
        marker = os.path.join(output_dir, "killed-once")
        killer = os.path.join(output_dir, "killer-cli")
        with open(killer, "w") as f:
            f.write(KILLER.format(python=sys.executable, marker=marker, cli=cli))
        os.chmod(killer, os.stat(killer).st_mode | stat.S_IEXEC)
        out2 = os.path.join(output_dir, "dask-killed")
        result2 = psdask.convert_archive(archive, out2, client=client, partition_depth=1, cli=killer, retries=3)
        check(os.path.exists(marker), "the stand-in killed a worker")
        same_tree(single, out2, "after a killed worker")
        check([uid for uid, _ in result2.errors] == [damaged_uid], "only the damaged series failed: %s" % result2.errors)

        # 3. Argument checks.
        for call, expected in (
            (lambda: psdask.convert_archive(archive, out, client=client, convert_options=["--threads", "4"]), ValueError),
            (lambda: psdask.scan_archive(archive, client=client, split_by=["colour"]), ValueError),
            (lambda: psdask.scan_archive(os.path.join(output_dir, "missing"), client=client), FileNotFoundError),
        ):
            try:
                call()
                check(False, "expected %s" % expected.__name__)
            except expected as error:
                check(str(error) != "", "the message says what is wrong: %s" % error)

    # The voxels of one output against the generator's values (the truth, not only the CLI).
    first = sorted(n for n in os.listdir(out) if n.startswith("001_") and n.endswith(".nrrd"))
    image = itk.imread(os.path.join(out, first[0]))
    expected = data.GeneratedSeries(0, *data.DEFAULT_SERIES[0]).volume_array(0)
    check(np.array_equal(itk.array_view_from_image(image), expected), "%s holds the generated voxels" % first[0])
    return check.summary("itk_parallelseries.dask: outputs equal a single-process convert")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
