"""Python test of the ParallelSeries preprocessing filters (wrapping, functional interface,
enumerations), on small NumPy-made images with known answers."""

import sys

import numpy as np
import itk

import ParallelSeriesTestData

check = ParallelSeriesTestData.Checks()


def make_image(array, spacing=None, origin=None):
    image = itk.image_from_array(np.ascontiguousarray(array))
    dim = array.ndim
    image.SetSpacing(spacing or [1.0] * dim)
    image.SetOrigin(origin or [0.0] * dim)
    return image


def size_of(image):
    return tuple(int(s) for s in image.GetLargestPossibleRegion().GetSize())


def main():
    E = itk.DicomPreprocessingEnums
    # Enumerations, as ITK's own *Enums are wrapped
    check([E.PadDirection_TopLeft, E.PadDirection_BottomRight, E.PadDirection_Center, E.PadDirection_Zero] == [0, 1, 2, 3],
          "PadDirection values")
    check([E.ResizeKernel_Nearest, E.ResizeKernel_Triangle, E.ResizeKernel_CatmullRom, E.ResizeKernel_Gaussian,
           E.ResizeKernel_Lanczos3] == [0, 1, 2, 3, 4], "ResizeKernel values")
    check([E.VolumeHandling_Keep, E.VolumeHandling_Central, E.VolumeHandling_MaximumIntensityProjection] == [0, 1, 2],
          "VolumeHandling values")

    # --- CropToForegroundImageFilter ---------------------------------------------------
    a = np.zeros((10, 12), np.float32)  # y, x
    a[3:6, 4:9] = np.arange(1, 16, dtype=np.float32).reshape(3, 5)
    image = make_image(a, spacing=[0.5, 2.0], origin=[10.0, 20.0])
    cropped = itk.crop_to_foreground_image_filter(image)
    check(size_of(cropped) == (5, 3), "crop size %s" % (size_of(cropped),))
    check(np.array_equal(itk.array_view_from_image(cropped), a[3:6, 4:9]), "crop pixels")
    check(np.allclose(cropped.GetOrigin(), [12.0, 26.0]), "crop origin %s" % (tuple(cropped.GetOrigin()),))
    crop = itk.CropToForegroundImageFilter.New(image)
    crop.Update()
    check(tuple(crop.GetCropIndex()) == (4, 3) and tuple(crop.GetCropSize()) == (5, 3) and crop.GetForegroundFound(),
          "crop box %s %s" % (tuple(crop.GetCropIndex()), tuple(crop.GetCropSize())))

    # CropMax on 8-bit: 255 is background too
    b = np.full((6, 7), 255, np.uint8)
    b[0, :] = 0
    b[2:4, 1:3] = 9
    cropped = itk.crop_to_foreground_image_filter(make_image(b), crop_max=True)
    check(np.array_equal(itk.array_view_from_image(cropped), b[2:4, 1:3]), "crop max pixels")
    # 3D: union of the boxes of all slices, slices kept
    c = np.zeros((3, 8, 8), np.int16)
    c[0, 1, 2] = 5
    c[2, 4, 6] = -3
    cropped = itk.crop_to_foreground_image_filter(make_image(c))
    check(size_of(cropped) == (5, 4, 3), "3D crop size %s" % (size_of(cropped),))
    check(np.array_equal(itk.array_view_from_image(cropped), c[:, 1:5, 2:7]), "3D crop pixels")

    # --- PadToSizeImageFilter ----------------------------------------------------------
    p = np.arange(1, 7, dtype=np.uint16).reshape(2, 3)
    pimage = make_image(p, spacing=[1.0, 2.0], origin=[5.0, 6.0])
    padded = itk.pad_to_size_image_filter(pimage, target_size=[5, 4], pad_direction=E.PadDirection_Center)
    expected = np.zeros((4, 5), np.uint16)
    expected[1:3, 1:4] = p
    check(np.array_equal(itk.array_view_from_image(padded), expected), "center pad pixels\n%s" % itk.array_from_image(padded))
    check(np.allclose(padded.TransformIndexToPhysicalPoint([1, 1]), [5.0, 6.0]), "pad keeps world coordinates")
    pad = itk.PadToSizeImageFilter.New(pimage, TargetSize=[5, 4], PadDirection=E.PadDirection_TopLeft, PadValue=7)
    pad.Update()
    expected = np.full((4, 5), 7, np.uint16)
    expected[2:4, 2:5] = p
    check(np.array_equal(itk.array_view_from_image(pad.GetOutput()), expected), "top-left pad pixels")
    check((pad.GetPadLeft(), pad.GetPadTop(), pad.GetPadRight(), pad.GetPadBottom()) == (2, 2, 0, 0), "pad amounts")
    check(pad.GetPadDirection() == E.PadDirection_TopLeft, "GetPadDirection")

    # --- PillowResizeImageFilter -------------------------------------------------------------
    r = np.array([[1, 2], [3, 4]], np.uint8)
    rimage = make_image(r, spacing=[2.0, 2.0], origin=[0.0, 0.0])
    resized = itk.pillow_resize_image_filter(rimage, target_size=[4, 4], kernel=E.ResizeKernel_Nearest)
    expected = np.array([[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]], np.uint8)
    check(np.array_equal(itk.array_view_from_image(resized), expected), "nearest resize\n%s" % itk.array_from_image(resized))
    check(np.allclose(resized.GetSpacing(), [1.0, 1.0]), "resize spacing %s" % (tuple(resized.GetSpacing()),))
    check(np.allclose(resized.GetOrigin(), [-0.5, -0.5]), "resize origin %s" % (tuple(resized.GetOrigin()),))
    const = make_image(np.full((2, 4), 50.0, np.float32))
    resize = itk.PillowResizeImageFilter.New(const, TargetSize=[8, 8], Kernel=E.ResizeKernel_Lanczos3)
    resize.Update()
    check(size_of(resize.GetOutput()) == (8, 4), "keep-aspect-ratio size %s" % (size_of(resize.GetOutput()),))
    check(np.allclose(itk.array_view_from_image(resize.GetOutput()), 50.0), "constant image stays constant")
    scale = [resize.GetScale()[i] for i in range(2)]
    check(np.allclose(scale, (2.0, 2.0)), "GetScale %s" % (scale,))
    check(resize.GetKernel() == E.ResizeKernel_Lanczos3, "GetKernel")
    resize_3d = itk.pillow_resize_image_filter(make_image(np.ones((3, 4, 4), np.int16)), target_size=[2, 2])
    check(size_of(resize_3d) == (2, 2, 3), "3D resize keeps slices %s" % (size_of(resize_3d),))

    # --- SliceSelectionImageFilter -----------------------------------------------------
    v = np.random.RandomState(0).randint(0, 1000, size=(5, 3, 4)).astype(np.int16)
    vimage = make_image(v)
    central = itk.slice_selection_image_filter(vimage, volume_handling=E.VolumeHandling_Central)
    check(size_of(central) == (4, 3, 1) and np.array_equal(itk.array_view_from_image(central)[0], v[2]), "central slice")
    mip = itk.slice_selection_image_filter(vimage, volume_handling=E.VolumeHandling_MaximumIntensityProjection)
    check(np.array_equal(itk.array_view_from_image(mip)[0], v.max(axis=0)), "maximum intensity projection")
    keep = itk.slice_selection_image_filter(vimage)
    check(np.array_equal(itk.array_view_from_image(keep), v), "keep")

    # --- FramePermutationImageFilter (frames in display order) ------------------------------
    permuted = itk.frame_permutation_image_filter(vimage, frame_order=[2, 0, 4, 1, 3])
    check(np.array_equal(itk.array_view_from_image(permuted), v[[2, 0, 4, 1, 3]]), "frame permutation")
    reverse = itk.FramePermutationImageFilter.New(vimage, FrameOrder=[4, 3, 2, 1, 0])
    reverse.Update()
    check(np.array_equal(itk.array_view_from_image(reverse.GetOutput()), v[::-1]) and reverse.GetGeometryPreserved()
          and tuple(reverse.GetOutput().GetOrigin()) == (0.0, 0.0, 4.0), "reversed frames keep their positions")

    # --- DicomPreprocessingImageFilter ---------------------------------------------------------
    q = np.zeros((10, 10), np.float32)
    q[5:7, 3:7] = np.array([[1, 2, 3, 4], [5, 6, 7, 8]], np.float32)
    pre = itk.DicomPreprocessingImageFilter.New(make_image(q), TargetSize=[8, 8], Kernel=E.ResizeKernel_Nearest,
                                                PadDirection=E.PadDirection_Center)
    pre.Update()
    out = pre.GetOutput()
    expected = np.zeros((8, 8), np.float32)
    expected[2:6, :] = np.kron(q[5:7, 3:7], np.ones((2, 2), np.float32))
    check(np.array_equal(itk.array_view_from_image(out), expected), "preprocess pixels\n%s" % itk.array_from_image(out))
    check(tuple(pre.GetCropOrigin()) == (3, 5) and tuple(pre.GetCropSize()) == (4, 2), "preprocess crop")
    check(tuple(pre.GetResizedSize()) == (8, 4), "preprocess resized size")
    # Typed metadata: numbers as std::vector<double> (a tuple of float in Python), names as str.
    check(list(out["Preprocess_CropOrigin"]) == [3.0, 5.0],
          "metadata Preprocess_CropOrigin %r" % (out["Preprocess_CropOrigin"],))
    check(list(out["Preprocess_Padding"]) == [0.0, 2.0, 0.0, 2.0],
          "metadata Preprocess_Padding %r" % (out["Preprocess_Padding"],))
    check(out["Preprocess_VolumeHandling"] == "keep", "metadata Preprocess_VolumeHandling")
    functional = itk.dicom_preprocessing_image_filter(make_image(q), target_size=[8, 8], kernel=E.ResizeKernel_Nearest,
                                                      pad_direction=E.PadDirection_Center)
    check(np.array_equal(itk.array_view_from_image(functional), expected), "functional preprocess")
    vol = np.zeros((4, 6, 6), np.uint8)
    vol[:, 1:3, 2:4] = 10 + np.arange(4, dtype=np.uint8)[:, None, None]
    pre3 = itk.dicom_preprocessing_image_filter(make_image(vol), target_size=[4, 4], kernel=E.ResizeKernel_Nearest,
                                                volume_handling=E.VolumeHandling_MaximumIntensityProjection)
    check(size_of(pre3) == (4, 4, 1) and np.all(itk.array_view_from_image(pre3) == 13), "3D preprocess with MIP")

    return check.summary("PreprocessFiltersTest passed")


if __name__ == "__main__":
    sys.exit(main())
