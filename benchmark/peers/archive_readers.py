"""The Python DICOM readers of the archive benchmark (benchmark/archive.py runs each mode as its
own process, in a venv with the pinned packages):

    python archive_readers.py MODE DIR

Every file under DIR is listed with os.walk (sorted), then, by MODE:
  dicomsdl-header   dicomsdl.open_file(f, load_until=(7FE0,0010)) of every file: the header up
                    to the pixel data, SeriesInstanceUID and Image Position (Patient) read
  dicomsdl-pixels   dicomsdl.open_file(f) and DataSet.pixelData() of every file (which applies
                    Rescale Slope/Intercept: modality values, as ITK's)
  fastdicom-header  fastdicom.dcmread(f, stop_before_pixels=True) of every file, same two values
  fastdicom-pixels  fastdicom.dcmread(f).pixel_array of every file (stored values)
  pydicom-header    pydicom.dcmread(f, stop_before_pixels=True) of every file, same two values
  highdicom         the pydicom-header pass groups the image files by SeriesInstanceUID; then,
                    series by series, pydicom.dcmread of its files and
                    highdicom.get_volume_from_series(datasets, dtype=float32) (modality
                    transform applied when present, as ITK does); one volume held at a time
  itkwasm           the same grouping, then itkwasm_dicom.read_image_dicom_file_series(files)
                    per series (ITK/GDCM compiled to WebAssembly, run by wasmtime); one volume
                    held at a time
A file that the reader rejects (not DICOM, empty, truncated) or that has no Rows (a DICOMDIR)
is counted as skipped; the dicomsdl modes skip empty files without opening them (dicomsdl
0.109.4 corrupts the heap on a 0-byte file: "cannot realloc 0 bytes", then glibc aborts). Prints one line
    RESULT {"peer": MODE, "wall_s": ..., "scan_s": ..., "files": ..., "skipped": ...,
            "series": ..., "volumes": ..., "checksum": ..., "failed_series": ...}
wall_s (and scan_s, the grouping pass of highdicom/itkwasm) is time.perf_counter() time of the
work, interpreter start-up and imports excluded; checksum is the sum of all voxel values
(int64; stored values for fastdicom-pixels, modality values for dicomsdl-pixels, highdicom and
itkwasm, as stock ITK's), null for the header modes.
"""

import json
import os
import sys
import time

import numpy as np

PIXEL_DATA = 0x7FE00010


def list_files(directory):
    names = []
    for folder, dirs, files in os.walk(directory):
        dirs.sort()
        names += [os.path.join(folder, n) for n in sorted(files)]
    return names


def header_pydicom(name):
    """(SeriesInstanceUID, IPP) of an image file, or None."""
    import pydicom

    ds = pydicom.dcmread(name, stop_before_pixels=True)
    if "Rows" not in ds or "SeriesInstanceUID" not in ds:
        return None
    return str(ds.SeriesInstanceUID), tuple(ds.get("ImagePositionPatient", ()))


def header_fastdicom(name):
    import fastdicom

    ds = fastdicom.dcmread(name, stop_before_pixels=True)
    uid = ds.get((0x0020, 0x000E))
    if uid is None or ds.get((0x0028, 0x0010)) is None:
        return None
    return str(uid), ds.get((0x0020, 0x0032))


def header_dicomsdl(name):
    import dicomsdl

    if os.path.getsize(name) == 0:
        return None  # dicomsdl 0.109.4 corrupts the heap on an empty file (then aborts)
    ds = dicomsdl.open_file(name, load_until=PIXEL_DATA)
    uid = ds.getDataElement(0x0020000E).value()
    if not uid or ds.getDataElement(0x00280010).value() is None:
        return None
    return str(uid), ds.getDataElement(0x00200032).value()


def pixels_dicomsdl(name):
    import dicomsdl

    if os.path.getsize(name) == 0:
        raise ValueError("empty file")  # see header_dicomsdl
    return dicomsdl.open_file(name).pixelData()


def pixels_fastdicom(name):
    import fastdicom

    return fastdicom.dcmread(name).pixel_array


def per_file(names, function):
    """Calls FUNCTION on every file; returns (results of the accepted files, number skipped)."""
    done, skipped = [], 0
    for name in names:
        try:
            value = function(name)
        except Exception:  # every reader's own error types: the file is skipped
            value = None
        if value is None:
            skipped += 1
        else:
            done.append((name, value))
    return done, skipped


def group(headers):
    series = {}
    for name, (uid, _) in headers:
        series.setdefault(uid, []).append(name)
    return series


def read_highdicom(files):
    import highdicom
    import pydicom

    volume = highdicom.get_volume_from_series([pydicom.dcmread(f) for f in files], dtype=np.float32)
    return volume.array


def read_itkwasm(files):
    from itkwasm_dicom import read_image_dicom_file_series

    image, _ = read_image_dicom_file_series(input_images=files)
    return np.asarray(image.data)


def main():
    mode, directory = sys.argv[1], sys.argv[2]
    # Imports first: not timed (as interpreter start-up is not).
    for module in {"dicomsdl": ["dicomsdl"], "fastdicom": ["fastdicom"], "pydicom": ["pydicom"],
                   "highdicom": ["pydicom", "highdicom"], "itkwasm": ["pydicom", "itkwasm_dicom"]}[mode.split("-")[0]]:
        __import__(module)
    result = {"peer": mode, "scan_s": None, "checksum": None, "volumes": 0, "failed_series": 0}
    t0 = time.perf_counter()
    names = list_files(directory)
    if mode.endswith("-header"):
        reader = {"dicomsdl": header_dicomsdl, "fastdicom": header_fastdicom, "pydicom": header_pydicom}[
            mode.split("-")[0]]
        headers, skipped = per_file(names, reader)
        result.update(files=len(headers), skipped=skipped, series=len(group(headers)))
    elif mode.endswith("-pixels"):
        reader = {"dicomsdl": pixels_dicomsdl, "fastdicom": pixels_fastdicom}[mode.split("-")[0]]
        checksum, files, skipped = 0, 0, 0
        for name in names:
            try:
                voxels = reader(name)
                if voxels is None or np.asarray(voxels).size == 0:
                    raise ValueError("no image")  # a DICOMDIR
                checksum += int(np.asarray(voxels).sum(dtype=np.int64))
                files += 1
            except Exception:
                skipped += 1
        result.update(files=files, skipped=skipped, series=None, checksum=checksum)
    else:
        headers, skipped = per_file(names, header_pydicom)
        series = group(headers)
        result["scan_s"] = time.perf_counter() - t0
        read = read_highdicom if mode == "highdicom" else read_itkwasm
        checksum, volumes, failed, errors = 0, 0, 0, []
        for uid in sorted(series):
            try:
                voxels = read(series[uid])
                checksum += int(np.rint(voxels.astype(np.float64)).sum(dtype=np.int64))
                volumes += 1
                del voxels
            except Exception as e:
                failed += 1
                errors.append("%s: %s" % (uid, str(e).splitlines()[0][:200] if str(e) else type(e).__name__))
        result.update(files=len(headers), skipped=skipped, series=len(series), volumes=volumes, checksum=checksum,
                      failed_series=failed)
        if errors:
            result["first_errors"] = errors[:3]
    result["wall_s"] = time.perf_counter() - t0
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
