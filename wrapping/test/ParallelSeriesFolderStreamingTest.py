"""Python test of the scanner's streaming modes (SetSeriesCompleteAtFolderEnd, SetSeriesCompleteAfterUIDPass).

Writes one generated series per folder (ParallelSeriesTestData's series), scans the directory
with itk.ParallelGDCMSeriesFileNames and SetSeriesCompleteAtFolderEnd(True), then with
SetSeriesCompleteAfterUIDPass(True), and observes
itk.ParallelSeriesSeriesCompletedEvent with a Python callable (ITK's PyCommand passes no event:
the callable reads scanner.GetCompletedSeriesIdentifier() / GetCompletedSeriesFileNames()).
Checks against the normal scan (the same class with the mode off): every series announced once,
its announced files equal to the normal scan's GetFileNames(), the first series announced before
the scan ended (scanner progress below 0.8, the end of the file scan), and the first series read
inside the observer (a scanner over its files and an itk.ParallelSeriesReader, while the scan
waits) equal to the generated voxels.

Usage: ParallelSeriesFolderStreamingTest.py OUTPUT_DIRECTORY
"""

import os
import shutil
import sys

import numpy as np
import itk

import ParallelSeriesTestData

check = ParallelSeriesTestData.Checks()


def write_one_series_per_folder(root):
    """Series k of DEFAULT_SERIES into root/series<k>; returns the GeneratedSeries."""
    if os.path.isdir(root):
        shutil.rmtree(root)
    generated = []
    for index, spec in enumerate(ParallelSeriesTestData.DEFAULT_SERIES):
        series = ParallelSeriesTestData.GeneratedSeries(index, *spec)
        folder = os.path.join(root, "series%d" % index)
        os.makedirs(folder)
        for volume in range(series.volumes):
            for z in range(series.slices):
                file_name = os.path.join(folder, "IM_%d_%d.dcm" % (volume, z))
                ParallelSeriesTestData._write_slice(series, volume, z, volume * series.slices + z + 1, file_name)
                series.files[volume].append(file_name)
        generated.append(series)
    return generated


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "ParallelSeriesFolderStreamingPythonTest"
    root = os.path.join(out_dir, "dicom")
    generated = write_one_series_per_folder(root)
    by_uid_map = {s.uid: s for s in generated}

    normal = itk.ParallelGDCMSeriesFileNames.New()
    normal.SetInputDirectory(root)
    normal.SetRecursive(True)
    normal.Update()
    check(sorted(normal.GetSeriesUIDs()) == sorted(by_uid_map), "normal scan: series %s" % list(normal.GetSeriesUIDs()))

    for by_uid in (False, True):
        stream(root, by_uid, normal, by_uid_map)
    return check.summary("Test finished.")


def stream(root, by_uid, normal, by_uid_map):
    """One streaming scan (SeriesCompleteAtFolderEnd, or with BY_UID SeriesCompleteAfterUIDPass)."""
    mode = "SeriesCompleteAfterUIDPass" if by_uid else "SeriesCompleteAtFolderEnd"
    scanner = itk.ParallelGDCMSeriesFileNames.New()
    scanner.SetInputDirectory(root)
    scanner.SetRecursive(True)
    scanner.SetNumberOfWorkUnits(1)  # batches of at least 4 files, ending at a folder's end
    scanner.SetSeriesCompleteAtFolderEnd(not by_uid)
    scanner.SetSeriesCompleteAfterUIDPass(by_uid)
    announced = []  # (identifier, file names, scanner progress)
    first_read = {}

    def on_series():
        uid = scanner.GetCompletedSeriesIdentifier()
        names = [str(n) for n in scanner.GetCompletedSeriesFileNames()]
        announced.append((uid, names, scanner.GetProgress()))
        if first_read:
            return
        # Read the series at once, while the rest of the input waits to be scanned, from the
        # one-series scan built from the headers already read (no second header pass).
        series_scanner = scanner.GetCompletedSeriesScan()
        check(list(series_scanner.GetSeriesUIDs()) == [uid], "GetCompletedSeriesScan(): series %s only" % uid)
        check([str(n) for n in series_scanner.GetFileNames(uid)] == names,
              "GetCompletedSeriesScan(): the announced files of %s" % uid)
        pixel = {"SS": itk.SS, "US": itk.US, "UC": itk.UC, "RGBUC": itk.RGBPixel[itk.UC]}[by_uid_map[uid].kind]
        reader = itk.ParallelSeriesReader[itk.Image[pixel, 3]].New()
        reader.SetFileNamesSource(series_scanner)
        reader.Update()
        first_read[uid] = [itk.array_from_image(image) for image in reader.GetOutputs()]

    tag = scanner.AddObserver(itk.ParallelSeriesSeriesCompletedEvent(), on_series)
    scanner.Update()
    scanner.RemoveObserver(tag)
    check(scanner.GetCompletedSeriesScan() is None, "GetCompletedSeriesScan() is None outside an observer")

    def check_mode(ok, what):
        check(ok, "%s: %s" % (mode, what))

    uids = [a[0] for a in announced]
    check_mode(sorted(uids) == sorted(set(uids)), "each series announced once: %s" % uids)
    check_mode(sorted(uids) == sorted(normal.GetSeriesUIDs()), "every series announced: %s" % uids)
    check_mode(list(scanner.GetSeriesUIDs()) == list(normal.GetSeriesUIDs()), "streaming scan: the normal scan's series")
    for uid, names, _ in announced:
        if normal.HasSeries(uid):
            check_mode(names == [str(n) for n in normal.GetFileNames(uid)],
                       "announced files of %s equal the normal scan's" % uid)
    check_mode(bool(announced) and announced[0][2] < 0.8,
               "first series announced before the end of the scan (progress %s)" % (announced[0][2] if announced else None))
    for uid, volumes in first_read.items():
        s = by_uid_map[uid]
        check_mode(len(volumes) == s.volumes, "%s read in the observer: %d volumes" % (uid, len(volumes)))
        for v, array in enumerate(volumes):
            check_mode(np.array_equal(array, s.volume_array(v)), "%s volume %d read in the observer: voxels" % (uid, v))
    check_mode(len(first_read) == 1, "one series read inside the observer")


if __name__ == "__main__":
    sys.exit(main())
