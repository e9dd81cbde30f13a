"""Writes a small multi-series DICOM directory with ITK's GDCMImageIO (from Python), with
known pixel values and geometry. The Python counterpart of
ParallelSeriesTest::GenerateMultiSeriesDirectory (test/itkParallelSeriesTestUtilities.h):
every slice is a 3D image of one slice written by GDCMImageIO (so that ImagePositionPatient and
ImageOrientationPatient come from the image geometry), as a CT Image Storage instance, into
nested folders with shuffled names, plus junk files that are not DICOM.
"""

import math
import os
import random
import shutil

import numpy as np
import itk


class Checks:
    """The Python tests' assertions: check(condition, message) records and prints a failed one
    (the test goes on, so that one run reports every failure); summary() prints the outcome and
    returns the exit status (1 when any check failed)."""

    def __init__(self):
        self.failures = []

    def __call__(self, condition, message):
        if not condition:
            self.failures.append(message)
            print("FAILED:", message)
        return bool(condition)

    def summary(self, passed_message):
        if self.failures:
            print("%d check(s) failed" % len(self.failures))
            return 1
        print(passed_message)
        return 0


AXIAL = ((1, 0, 0), (0, 1, 0), (0, 0, 1))
CORONAL = ((1, 0, 0), (0, 0, 1), (0, -1, 0))
SAGITTAL = ((0, 0, -1), (1, 0, 0), (0, -1, 0))
_c, _s = math.cos(0.3), math.sin(0.3)
OBLIQUE = ((_c, 0, _s), (0, 1, 0), (-_s, 0, _c))

# (name of the ITK pixel type, columns, rows, slices, volumes, spacing, origin, direction)
DEFAULT_SERIES = (
    ("SS", 32, 24, 6, 1, (0.7, 0.8, 2.5), (-22.4, -30.1, 10.0), AXIAL),
    ("US", 20, 16, 5, 1, (1.1, 0.9, 3.0), (5.0, -7.5, 100.25), SAGITTAL),
    ("UC", 16, 16, 3, 1, (2.0, 2.0, 10.0), (0.0, 0.0, 0.0), CORONAL),
    ("SS", 18, 20, 7, 1, (0.8, 0.6, 1.25), (12.0, 3.0, -40.0), OBLIQUE),
    ("SS", 12, 12, 4, 2, (3.0, 3.0, 4.0), (-36.0, -36.0, 0.0), AXIAL),
    ("SS", 10, 8, 1, 1, (0.5, 0.5, 1.0), (1.0, 2.0, 3.0), AXIAL),
    ("RGBUC", 12, 10, 3, 1, (1.0, 1.0, 2.0), (4.0, 5.0, 6.0), AXIAL),
)


def make_uid(a, b=0, c=0):
    return "1.2.826.0.1.3680043.2.1125.98.%d.%d.%d" % (a, b, c)


def slice_values(series_index, volume, kind, columns, rows, z):
    """Pixel values (rows x columns, NumPy order y, x) of slice z; RGB: (rows, columns, 3)."""
    y, x = np.mgrid[0:rows, 0:columns]
    h = (x * 7 + y * 13 + z * 31 + series_index * 101 + volume * 57) % 251
    if kind == "UC":
        return h.astype(np.uint8)
    if kind == "US":
        return (h * 200).astype(np.uint16)
    if kind == "RGBUC":
        return np.stack([h, (h * 3) % 256, (h * 7) % 256], axis=-1).astype(np.uint8)
    return (h * 16 - 2000).astype(np.int16)


class GeneratedSeries:
    def __init__(self, index, kind, columns, rows, slices, volumes, spacing, origin, direction):
        self.index = index
        self.kind = kind
        self.columns = columns
        self.rows = rows
        self.slices = slices
        self.volumes = volumes
        self.spacing = spacing
        self.origin = origin
        # direction[i][j]: component i of axis j (ITK's direction matrix)
        self.direction = np.array(direction, dtype=float)
        self.uid = make_uid(index + 1)
        self.description = "python generated series %d" % (index + 1)
        self.files = [[] for _ in range(volumes)]  # per volume, in slice order

    def volume_array(self, volume):
        """Expected pixel values of a volume, NumPy order (z, y, x[, c])."""
        return np.stack(
            [slice_values(self.index, volume, self.kind, self.columns, self.rows, z) for z in range(self.slices)]
        )


def _write_slice(series, volume, z, instance, file_name):
    values = slice_values(series.index, volume, series.kind, series.columns, series.rows, z)
    if series.kind == "RGBUC":
        rgb_image = itk.Image[itk.RGBPixel[itk.UC], 3].New()
        rgb_image.SetRegions([series.columns, series.rows, 1])
        rgb_image.Allocate()
        itk.array_view_from_image(rgb_image)[...] = values[np.newaxis]
        image = rgb_image
    else:
        image = itk.image_from_array(np.ascontiguousarray(values[np.newaxis]))
    origin = [series.origin[i] + z * series.spacing[2] * series.direction[i][2] for i in range(3)]
    image.SetSpacing([float(s) for s in series.spacing])
    image.SetOrigin([float(o) for o in origin])
    image.SetDirection(itk.matrix_from_array(np.ascontiguousarray(series.direction)))
    tags = {
        "0020|000e": series.uid,
        "0020|000d": make_uid(1000),
        "0008|0018": make_uid(2000 + series.index, volume, z),
        "0008|0060": "CT",
        "0008|0016": "1.2.840.10008.5.1.4.1.1.2",
        "0020|0011": str(series.index + 1),
        "0020|0013": str(instance),
        "0008|103e": series.description,
        "0010|0020": "PARALLELSERIES",
    }
    for key, value in tags.items():
        image[key] = value
    io = itk.GDCMImageIO.New()
    io.KeepOriginalUIDOn()
    itk.imwrite(image, file_name, imageio=io)


def generate(root, series_specs=DEFAULT_SERIES, seed=1, junk=True):
    """Writes the directory (removing `root` first) and returns the list of GeneratedSeries."""
    if os.path.isdir(root):
        shutil.rmtree(root)
    folders = [root, os.path.join(root, "a"), os.path.join(root, "a", "b"), os.path.join(root, "c")]
    for folder in folders:
        os.makedirs(folder, exist_ok=True)
    rng = random.Random(seed)
    generated = []
    for index, spec in enumerate(series_specs):
        series = GeneratedSeries(index, *spec)
        for volume in range(series.volumes):
            for z in range(series.slices):
                name = "IM%06x_%d_%d_%d" % (rng.randrange(1 << 24), index, volume, z)
                if z % 3 == 0:
                    name += ".dcm"
                file_name = os.path.join(rng.choice(folders), name)
                _write_slice(series, volume, z, volume * series.slices + z + 1, file_name)
                series.files[volume].append(file_name)
        generated.append(series)
    if junk:
        with open(os.path.join(root, "README.txt"), "w") as f:
            f.write("not a DICOM file\n")
        open(os.path.join(root, "a", "empty.dcm"), "wb").close()
        with open(os.path.join(root, "c", "random.bin"), "wb") as f:
            f.write(bytes(rng.randrange(256) for _ in range(1000)))
    return generated


if __name__ == "__main__":
    import sys

    for s in generate(sys.argv[1]):
        print(s.uid, s.kind, s.columns, s.rows, s.slices, s.volumes)
