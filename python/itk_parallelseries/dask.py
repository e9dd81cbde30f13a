"""Scale ``parallel-series convert`` out over a Dask cluster (``pip install itk-parallelseries[dask]``).

A whole archive is converted in three distributed steps, with plain data (paths, strings,
numbers) between them, never ITK objects:

1. **Scan** — one task per partition of the archive: every folder ``partition_depth`` levels
   below the root (with its sub-folders), plus one task for the files directly in the folders
   above. Each task reads headers only (``itk.ParallelGDCMSeriesFileNames``) and returns the
   series it found with their files.
2. **Plan** — a series whose files were found by more than one partition (a series spread over
   folders) is scanned once more as a whole, from its files, in a task of its own, so that its
   stacks and volumes are split exactly as a single-process scan splits them. The driver then
   orders all series with the library's rule (``itk.ParallelGDCMSeriesFileNames.SeriesPrecedes``:
   study, series number, identifier) and numbers them as one ``convert`` of the whole archive
   would.
3. **Convert** — one task per series: the bundled ``parallel-series`` executable converts it from
   its file list (``--files-from``, ``--series``, ``--series-index K/N`` so that the output names
   are those of a single-process run), with ``threads_per_task`` threads, into a private
   manifest. The driver gathers the rows into one ``manifest.csv`` in the output directory (an
   atomic write).

Output files and ``manifest.csv`` equal those of ``parallel-series convert ROOT OUT`` run in one
process (``wrapping/test/ParallelSeriesDaskPythonTest.py`` checks it on a ``LocalCluster``).

Failures: a task that raises, or whose worker dies, is run again (``retries``; Dask's scheduler
also re-runs the tasks of a worker that died, up to its ``allowed-failures``). A series that
cannot be converted (a damaged file, an inconsistent series) is not retried: the CLI writes its
failed rows into the manifest, as in a single-process run, and the other series go on. A series
whose task still fails after its retries is reported in :attr:`ConvertResult.errors` and gets a
failed manifest row: nothing is lost silently.

Every worker needs this package and PyPI's ``itk`` installed, and the archive and the output
directory mounted at the same paths as on the client (a shared file system). Threads: each
convert task runs ``threads_per_task`` threads besides the worker's own; start workers with
``--nthreads 1`` and set ``threads_per_task`` to the cores of a worker, or the reverse.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import subprocess
import tempfile
from typing import Iterable, Sequence

__all__ = ["SeriesPlan", "ArchivePlan", "ConvertResult", "scan_archive", "convert_archive"]

# The split criteria of ParallelGDCMSeriesFileNames (the CLI's --split-by names), in its setters.
_SPLIT_SETTERS = {
    "size": "SetSplitByImageSize",
    "orientation": "SetSplitByOrientation",
    "series-number": "SetSplitBySeriesNumber",
    "echo": "SetSplitByEchoNumber",
    "acquisition": "SetSplitByAcquisitionNumber",
    "image-type": "SetSplitByImageType",
}
# Options of convert_archive() that it sets itself, and so refuses in convert_options.
_OWN_OPTIONS = (
    "--files-from",
    "--series",
    "--series-index",
    "--manifest",
    "--threads",
    "--split-by",
    "--recursive",
    "--no-recursive",
    "--max-depth",
    "--resume",
)


@dataclasses.dataclass
class SeriesPlan:
    """One series of the archive, as ``parallel-series scan`` lists it.

    ``identifier`` is the scanner's series identifier (the SeriesInstanceUID, with a suffix when
    a series is split into stacks); ``files`` all files of its SeriesInstanceUID (the convert task
    selects the identifier among them); ``index`` its 1-based position in the output order."""

    identifier: str
    series_instance_uid: str
    study_instance_uid: str
    series_number: str
    series_description: str
    files: list
    index: int = 0


@dataclasses.dataclass
class ArchivePlan:
    """What :func:`scan_archive` found: the series in output order, and the files that are not
    part of any series (``(path, reason)``: not DICOM, no image, damaged, ...)."""

    series: list
    skipped_files: list
    partitions: int


@dataclasses.dataclass
class ConvertResult:
    """What :func:`convert_archive` did. ``manifest`` is the path of the gathered manifest.csv,
    ``rows`` its rows (dicts keyed by its header), ``errors`` ``(identifier, message)`` for each
    series that failed: a failed conversion (the CLI's error, as in its manifest) or a task that
    failed after its retries."""

    plan: ArchivePlan
    manifest: str
    rows: list
    errors: list

    @property
    def ok(self) -> bool:
        return not self.errors


def _client(client):
    if client is not None:
        return client
    from distributed import get_client

    try:
        return get_client()
    except ValueError as error:
        raise ValueError(
            "itk_parallelseries.dask needs a Dask client: pass client=distributed.Client(...) "
            "(e.g. Client('tcp://scheduler:8786') or Client(LocalCluster()))"
        ) from error


def _partitions(root: str, recursive: bool, depth: int):
    """(directories each scanned recursively by one task, files directly in the folders above
    them) of the archive below ``root``."""
    if not os.path.isdir(root):
        raise FileNotFoundError(f"not a directory: {root}")
    if recursive and depth <= 0:
        return [root], []
    loose, level = [], [root]
    for _ in range(depth if recursive else 1):
        below = []
        for folder in level:
            with os.scandir(folder) as entries:
                for entry in sorted(entries, key=lambda e: e.name):
                    if entry.is_dir(follow_symlinks=False):
                        below.append(entry.path)
                    elif entry.is_file():
                        loose.append(entry.path)
        level = below
    return (level if recursive else []), loose


def _scanner(split_by, threads):
    import itk

    scanner = itk.ParallelGDCMSeriesFileNames.New()
    if threads:
        scanner.SetNumberOfWorkUnits(threads)
    if split_by is not None:
        wanted = set(split_by)
        for name, setter in _SPLIT_SETTERS.items():
            getattr(scanner, setter)(name in wanted)
    return scanner


def _series_of(scanner):
    found = []
    for identifier in scanner.GetSeriesUIDs():
        s = scanner.GetSeriesSummary(identifier)
        found.append(
            {
                "identifier": identifier,
                "series_instance_uid": s.GetSeriesInstanceUID(),
                "study_instance_uid": s.GetStudyInstanceUID(),
                "series_number": s.GetSeriesNumber(),
                "series_description": s.GetSeriesDescription(),
                "files": list(scanner.GetFileNames(identifier)),
            }
        )
    skipped = []
    for i in range(scanner.GetNumberOfSkippedFiles()):
        f = scanner.GetSkippedFile(i)
        skipped.append((f.GetFileName(), f.GetReason()))
    return found, skipped


def _scan_task(directory, files, split_by, threads):
    """Worker: the series of one partition (a directory with its sub-folders, or a file list)."""
    scanner = _scanner(split_by, threads)
    if directory is not None:
        scanner.SetInputDirectory(directory)
        scanner.SetRecursive(True)
    else:
        scanner.SetInputFileNames(list(files))
    scanner.Update()
    return _series_of(scanner)


def _order(series):
    """The series in the library's output order (SeriesPrecedes()), numbered from 1."""
    import functools

    import itk

    Summary = itk.ParallelSeriesSummary

    def summary(p):
        s = Summary()
        s.SetSeriesIdentifier(p.identifier)
        s.SetStudyInstanceUID(p.study_instance_uid)
        s.SetSeriesNumber(p.series_number)
        return s

    keyed = [(summary(p), p) for p in series]
    precedes = itk.ParallelGDCMSeriesFileNames.SeriesPrecedes
    keyed.sort(key=functools.cmp_to_key(lambda a, b: -1 if precedes(a[0], b[0]) else (1 if precedes(b[0], a[0]) else 0)))
    ordered = [p for _, p in keyed]
    for i, p in enumerate(ordered):
        p.index = i + 1
    return ordered


def scan_archive(
    root: str,
    *,
    client=None,
    recursive: bool = True,
    partition_depth: int = 1,
    split_by: Iterable[str] | None = None,
    threads_per_task: int = 1,
    retries: int = 2,
) -> ArchivePlan:
    """Scans the DICOM archive below ``root`` on the cluster of ``client`` (default: the current
    client) and returns its series in output order (the order of ``parallel-series scan``).

    ``partition_depth``: folders that many levels below ``root`` are scanned by one task each (with
    their sub-folders); 0 scans the whole archive in one task. ``split_by``: the split criteria
    (names of the CLI's ``--split-by``; None: the library's default). Headers only are read.

    Raises FileNotFoundError when ``root`` is not a directory, ValueError for an unknown split
    criterion or without a Dask client; a scan task that fails after ``retries`` raises its error."""
    client = _client(client)
    if split_by is not None:
        split_by = tuple(split_by)
        unknown = [n for n in split_by if n not in _SPLIT_SETTERS]
        if unknown:
            raise ValueError(f"unknown split criteria {unknown}: choose from {sorted(_SPLIT_SETTERS)}")
    folders, loose = _partitions(os.path.abspath(root), recursive, partition_depth)
    futures = [client.submit(_scan_task, f, None, split_by, threads_per_task, retries=retries, pure=False) for f in folders]
    if loose:
        futures.append(client.submit(_scan_task, None, loose, split_by, threads_per_task, retries=retries, pure=False))
    results = client.gather(futures)

    by_uid, skipped = {}, []
    for partition, (found, skip) in enumerate(results):
        skipped.extend(skip)
        for s in found:
            by_uid.setdefault(s["series_instance_uid"] or s["identifier"], []).append((partition, s))
    series, rescan = [], []
    for parts in by_uid.values():
        if len({partition for partition, _ in parts}) == 1:
            series.extend(s for _, s in parts)  # one partition held every file of the UID
        else:
            files = sorted({f for _, s in parts for f in s["files"]})
            rescan.append(client.submit(_scan_task, None, files, split_by, threads_per_task, retries=retries, pure=False))
    for found, _ in client.gather(rescan):
        series.extend(found)  # (its skipped files were reported by the partitions)

    plans = []
    for s in series:
        plans.append(SeriesPlan(**s))
    # A series' convert task gets every file of its SeriesInstanceUID: its stacks are split there.
    files_of_uid = {}
    for p in plans:
        files_of_uid.setdefault(p.series_instance_uid or p.identifier, set()).update(p.files)
    for p in plans:
        p.files = sorted(files_of_uid[p.series_instance_uid or p.identifier])
    return ArchivePlan(series=_order(plans), skipped_files=sorted(skipped), partitions=len(futures))


def _convert_task(cli, plan, count, output_directory, options, threads, split_by):
    """Worker: converts one series with the parallel-series executable; returns (exit status,
    manifest text, standard error). Raises RuntimeError when the executable did not end with
    0 or 1 (killed, usage error), so that Dask runs the task again."""
    with tempfile.TemporaryDirectory(prefix="parallel-series-dask-") as work:
        file_list = os.path.join(work, "files.txt")
        with open(file_list, "w", encoding="utf-8") as f:
            f.writelines(name + "\n" for name in plan.files)
        manifest = os.path.join(work, "manifest.csv")
        command = [cli, "convert", "--files-from", file_list, output_directory, "--series", plan.identifier]
        command += ["--series-index", f"{plan.index}/{count}", "--manifest", manifest]
        if threads:
            command += ["--threads", str(threads)]
        if split_by is not None:
            command += ["--split-by", ",".join(split_by) if split_by else "none"]
        command += list(options)
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode not in (0, 1) or not os.path.exists(manifest):
            raise RuntimeError(
                f"parallel-series convert of series {plan.identifier} ended with status {run.returncode}: "
                + (run.stderr.strip() or "(no message)")
            )
        with open(manifest, encoding="utf-8") as f:
            return run.returncode, f.read(), run.stderr


def _write_atomically(path, text):
    partial = path + ".partial"
    with open(partial, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(partial, path)


def convert_archive(
    root: str,
    output_directory: str,
    *,
    client=None,
    convert_options: Sequence[str] = (),
    recursive: bool = True,
    partition_depth: int = 1,
    split_by: Iterable[str] | None = None,
    threads_per_task: int = 1,
    retries: int = 2,
    cli: str | None = None,
) -> ConvertResult:
    """Converts every series of the archive below ``root`` into ``output_directory`` on the
    cluster of ``client`` (default: the current client), one task per series: the outputs and
    ``manifest.csv`` of ``parallel-series convert ROOT OUTPUT_DIRECTORY [convert_options]``.

    ``convert_options``: options of ``parallel-series convert`` (``--format nii.gz``,
    ``--size 512,512``, ...), except the ones this function sets (files, series, threads,
    manifest, splitting, recursion). ``cli``: the executable (default: the one in this package,
    ``itk_parallelseries.cli_path()``), which every worker must be able to run at that path.
    See :func:`scan_archive` for the other arguments.

    Raises ValueError for an option this function sets itself, or as :func:`scan_archive`."""
    from . import cli_path

    client = _client(client)
    options = list(convert_options)
    own = [o for o in options if o.split("=", 1)[0] in _OWN_OPTIONS]
    if own:
        raise ValueError(f"convert_archive() sets {own} itself: use its arguments instead")
    cli = cli or cli_path()
    output_directory = os.path.abspath(output_directory)
    os.makedirs(output_directory, exist_ok=True)
    plan = scan_archive(
        root,
        client=client,
        recursive=recursive,
        partition_depth=partition_depth,
        split_by=split_by,
        threads_per_task=threads_per_task,
        retries=retries,
    )
    count = len(plan.series)
    futures = [
        client.submit(
            _convert_task,
            cli,
            p,
            count,
            output_directory,
            options,
            threads_per_task,
            None if split_by is None else tuple(split_by),
            retries=retries,
            pure=False,
        )
        for p in plan.series
    ]
    header, chunks, rows, errors = None, [], [], []
    for p, future in zip(plan.series, futures):
        try:
            status, text, stderr = future.result()
        except Exception as error:  # the task failed after its retries (or its worker kept dying)
            message = f"{type(error).__name__}: {error}"
            errors.append((p.identifier, message))
            row = {
                "index": str(p.index),
                "study_instance_uid": p.study_instance_uid,
                "series_instance_uid": p.series_instance_uid,
                "series_identifier": p.identifier,
                "series_number": p.series_number,
                "series_description": p.series_description,
                "volume": "0",
                "status": "failed",
                "error": message,
            }
            rows.append(row)
            chunks.append(row)
            continue
        first, _, body = text.partition("\n")
        header = header or first
        chunks.append(body)  # the CLI's rows as it wrote them
        for row in csv.DictReader(io.StringIO(text)):
            rows.append(row)
            if row.get("status") != "ok":
                errors.append((p.identifier, row.get("error", "")))
    fields = next(csv.reader([header])) if header else list(rows[0].keys()) if rows else ["index"]
    out = io.StringIO()
    out.write((header or ",".join(fields)) + "\n")
    for chunk in chunks:
        if isinstance(chunk, dict):
            csv.DictWriter(out, fieldnames=fields, restval="", extrasaction="ignore", lineterminator="\n").writerow(chunk)
        else:
            out.write(chunk)
    manifest = os.path.join(output_directory, "manifest.csv")
    _write_atomically(manifest, out.getvalue())
    return ConvertResult(plan=plan, manifest=manifest, rows=rows, errors=errors)
