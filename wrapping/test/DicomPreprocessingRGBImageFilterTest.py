"""Python test of itk.DicomPreprocessingRGBImageFilter (RGB<unsigned char> volumes): NumPy ground
truth for crop, nearest resize and padding, per-channel maximum intensity projection, CropMax, the
recorded parameters, the functional interface, and the scalar filter's result on a gray volume."""

import sys

import numpy as np
import itk

import ParallelSeriesTestData

check = ParallelSeriesTestData.Checks()

RGBImage = itk.Image[itk.RGBPixel[itk.UC], 3]


def rgb_image(array):
    """An itk.Image[RGBPixel[UC], 3] from a (z, y, x, 3) uint8 array."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    try:
        image = itk.image_from_array(array, ttype=RGBImage)
    except Exception:  # element-wise, as a fallback
        image = RGBImage.New()
        image.SetRegions([array.shape[2], array.shape[1], array.shape[0]])
        image.Allocate()
        for z, y, x in np.ndindex(array.shape[:3]):
            pixel = itk.RGBPixel[itk.UC]()
            for c in range(3):
                pixel.SetElement(c, int(array[z, y, x, c]))
            image.SetPixel([x, y, z], pixel)
    image.SetSpacing([1.0, 1.0, 1.0])
    image.SetOrigin([0.0, 0.0, 0.0])
    return image


def rgb_array(image):
    """(z, y, x, 3) uint8 array of an RGB image."""
    try:
        return np.asarray(itk.array_from_image(image), dtype=np.uint8).reshape(tuple(reversed(size_of(image))) + (3,))
    except Exception:
        nx, ny, nz = size_of(image)
        out = np.zeros((nz, ny, nx, 3), np.uint8)
        for z, y, x in np.ndindex((nz, ny, nx)):
            pixel = image.GetPixel([x, y, z])
            out[z, y, x] = [pixel.GetElement(c) for c in range(3)]
        return out


def size_of(image):
    return tuple(int(s) for s in image.GetLargestPossibleRegion().GetSize())


def main():
    E = itk.DicomPreprocessingEnums
    check(RGBImage in [k[0] if isinstance(k, tuple) else k for k in itk.DicomPreprocessingRGBImageFilter.keys()],
          "DicomPreprocessingRGBImageFilter is wrapped for RGB<unsigned char> 3D")

    # Two slices of 10 x 10; the foreground (any channel non-zero) is x 3..6, y 5..6 in both.
    v = np.zeros((2, 10, 10, 3), np.uint8)
    v[0, 5:7, 3:7, 0] = np.array([[1, 2, 3, 4], [5, 6, 7, 8]])
    v[0, 5:7, 3:7, 1] = 100
    v[1, 5:7, 3:7, 2] = np.array([[9, 10, 11, 12], [13, 14, 15, 16]])
    v[1, 6, 6, :] = 200
    image = rgb_image(v)

    # Crop (4 x 2 box), nearest resize to fit 8 x 8 (scale 2: 8 x 4), pad centred (2 rows top and bottom).
    rgb = itk.DicomPreprocessingRGBImageFilter[RGBImage].New(image, TargetSize=[8, 8], Kernel=E.ResizeKernel_Nearest,
                                                             PadDirection=E.PadDirection_Center)
    rgb.Update()
    out = rgb.GetOutput()
    check(size_of(out) == (8, 8, 2), "size %s" % (size_of(out),))
    expected = np.zeros((2, 8, 8, 3), np.uint8)
    for z in range(2):
        for c in range(3):
            expected[z, 2:6, :, c] = np.kron(v[z, 5:7, 3:7, c], np.ones((2, 2), np.uint8))
    got = rgb_array(out)
    check(np.array_equal(got, expected), "crop, resize and pad against NumPy\n%s" % got[..., 0])
    check(tuple(rgb.GetCropOrigin()) == (3, 5) and tuple(rgb.GetCropSize()) == (4, 2), "recorded crop box")
    check(tuple(rgb.GetResizedSize()) == (8, 4), "recorded resized size")
    check([float(s) for s in rgb.GetScale()] == [2.0, 2.0], "recorded scale")
    check(tuple(int(p) for p in rgb.GetPadding()) == (0, 2, 0, 2), "recorded padding (left, top, right, bottom)")

    # The functional interface gives the same.
    functional = itk.dicom_preprocessing_rgb_image_filter(image, target_size=[8, 8], kernel=E.ResizeKernel_Nearest,
                                                          pad_direction=E.PadDirection_Center)
    check(np.array_equal(rgb_array(functional), expected), "functional interface")

    # Maximum intensity projection of each channel, nothing else.
    mip = itk.dicom_preprocessing_rgb_image_filter(image, volume_handling=E.VolumeHandling_MaximumIntensityProjection,
                                                   crop=False, resize=False, pad=False)
    check(size_of(mip) == (10, 10, 1) and np.array_equal(rgb_array(mip)[0], v.max(axis=0)), "per-channel MIP")

    # CropMax: white (255 in all channels) is background too.
    w = np.zeros((1, 6, 6, 3), np.uint8)
    w[0, :, :, :] = 255
    w[0, 2:4, 1:3, :] = 50
    cropped = itk.dicom_preprocessing_rgb_image_filter(rgb_image(w), crop_max=True, resize=False, pad=False)
    check(size_of(cropped) == (2, 2, 1) and np.all(rgb_array(cropped) == 50), "CropMax crops white away")

    # A gray volume (r = g = b): every channel equals the scalar filter's output with the same settings.
    gray = np.zeros((1, 9, 7), np.uint8)
    gray[0, 2:7, 1:4] = np.arange(1, 16, dtype=np.uint8).reshape(5, 3)
    scalar = itk.dicom_preprocessing_image_filter(itk.image_from_array(gray), target_size=[6, 6],
                                                  kernel=E.ResizeKernel_Lanczos3)
    colour = itk.dicom_preprocessing_rgb_image_filter(rgb_image(np.repeat(gray[..., None], 3, axis=3)),
                                                      target_size=[6, 6], kernel=E.ResizeKernel_Lanczos3)
    scalar_array = itk.array_from_image(scalar)
    colour_array = rgb_array(colour)
    check(colour_array.shape[:3] == scalar_array.shape
          and all(np.array_equal(colour_array[..., c], scalar_array) for c in range(3)),
          "gray RGB volume: each channel equals DicomPreprocessingImageFilter's output")

    return check.summary("DicomPreprocessingRGBImageFilterTest passed")


if __name__ == "__main__":
    sys.exit(main())
