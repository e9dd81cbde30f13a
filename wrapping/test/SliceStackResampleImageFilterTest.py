"""Python test of itk.SliceStackResampleImageFilter (gantry tilt / variable slice distance
correction) on NumPy-made stacks of known geometry: the true slice positions given one at a time
(AddSlicePosition), the corrected grid and every voxel against a linear phantom, the rule of
ParallelSeriesGeometry::NeededStackCorrection() through the filter's getters."""

import math
import sys

import numpy as np
import itk

import ParallelSeriesTestData

check = ParallelSeriesTestData.Checks()
COLUMNS, ROWS = 7, 5


def phantom(x, y, z):
    return 2.0 * x + 4.0 * y + 3.0 * z + 100.0


def stack(z, shift_per_mm, pixel=np.int16):
    """An axial stack as the reader gives it (origin = first slice's position, z spacing = first
    to last / (n - 1)) and the true position of every slice: (10, -20 + shift * z_k, 30 + z_k)."""
    positions = [(10.0, -20.0 + shift_per_mm * zk, 30.0 + zk) for zk in z]
    a = np.empty((len(z), ROWS, COLUMNS), pixel)  # z, y, x
    for k, (px, py, pz) in enumerate(positions):
        yy, xx = np.mgrid[0:ROWS, 0:COLUMNS]
        a[k] = phantom(px + xx, py + yy, pz)
    image = itk.image_from_array(a)
    image.SetOrigin(positions[0])
    last = np.array(positions[-1]) - np.array(positions[0])
    image.SetSpacing([1.0, 1.0, float(np.linalg.norm(last)) / (len(z) - 1)])
    return image, positions


def correct(image, positions):
    f = itk.SliceStackResampleImageFilter[type(image)].New()
    f.SetInput(image)
    f.ClearSlicePositions()
    for p in positions:
        f.AddSlicePosition(p)
    f.Update()
    return f, f.GetOutput()


def main():
    # Tilt: 5 slices 2 mm apart, each 0.5 mm further along +y: the grid grows by 2 rows.
    image, positions = stack([0, 2, 4, 6, 8], 0.25)
    f, out = correct(image, positions)
    size = tuple(int(s) for s in out.GetLargestPossibleRegion().GetSize())
    check(size == (COLUMNS, ROWS + 2, 5), "tilt: size %s" % (size,))
    check(np.allclose(out.GetSpacing(), [1, 1, 2]) and np.allclose(out.GetOrigin(), [10, -20, 30]) and
          np.allclose(itk.array_from_matrix(out.GetDirection()), np.eye(3)),
          "tilt: geometry %s %s" % (tuple(out.GetSpacing()), tuple(out.GetOrigin())))
    check(f.GetUniformSpacing() and abs(f.GetMaximumInPlaneShift() - 2.0) < 1e-9,
          "tilt: uniform %s, shift %s" % (f.GetUniformSpacing(), f.GetMaximumInPlaneShift()))
    data = itk.array_from_image(out)  # z, y, x
    fill = float(np.min(itk.array_view_from_image(image)))
    inside = outside = bad = 0
    for k in range(size[2]):
        row_of_slice = np.arange(size[1]) - 0.5 * k  # the output rows on slice k (0.5 mm = 0.5 row per slice)
        for j in range(size[1]):
            for i in range(size[0]):
                x, y, z = 10.0 + i, -20.0 + j, 30.0 + 2.0 * k
                if 0 <= row_of_slice[j] <= ROWS - 1:
                    inside += 1
                    bad += data[k, j, i] != phantom(x, y, z)
                elif row_of_slice[j] <= -1 or row_of_slice[j] >= ROWS:
                    outside += 1
                    bad += data[k, j, i] != fill
    check(bad == 0 and inside > 0 and outside > 0,
          "tilt: %d of %d inside / %d outside voxels wrong" % (bad, inside, outside))

    # Variable slice distance (1, 1, 2, 1 mm): 6 slices at 1 mm, linear between the true ones.
    image, positions = stack([0, 1, 2, 4, 5], 0.0, np.float32)
    f, out = correct(image, positions)
    size = tuple(int(s) for s in out.GetLargestPossibleRegion().GetSize())
    check(size == (COLUMNS, ROWS, 6) and not f.GetUniformSpacing() and abs(f.GetOutputSliceSpacing() - 1.0) < 1e-9,
          "variable spacing: size %s, uniform %s, dz %s" % (size, f.GetUniformSpacing(), f.GetOutputSliceSpacing()))
    z, y, x = np.mgrid[0:6, 0:ROWS, 0:COLUMNS]
    expected = phantom(10.0 + x, -20.0 + y, 30.0 + z)
    check(np.allclose(itk.array_view_from_image(out), expected, atol=1e-4), "variable spacing: voxels")

    # A uniform, untilted stack passes through unchanged; positions that do not fit throw.
    image, positions = stack([0, 1.5, 3, 4.5], 0.0)
    f, out = correct(image, positions)
    check(np.array_equal(itk.array_view_from_image(out), itk.array_view_from_image(image)) and
          f.GetUniformSpacing() and f.GetMaximumInPlaneShift() < 1e-9, "uniform stack: pass-through")
    f = itk.SliceStackResampleImageFilter[type(image)].New(image)
    f.AddSlicePosition(positions[0])
    try:
        f.Update()
        check(False, "one position for 4 slices: no exception")
    except RuntimeError as error:
        check("one position per slice" in str(error), "one position for 4 slices: %s" % error)
    return check.summary("SliceStackResampleImageFilterTest passed")


if __name__ == "__main__":
    sys.exit(main())
