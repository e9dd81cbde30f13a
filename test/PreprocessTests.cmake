# Tests of the ML-preprocessing filters (crop, resize, pad, volume handling, composite, RGB).
# Included from test/CMakeLists.txt.

set(ParallelSeriesPreprocessTests
  itkCropToForegroundImageFilterTest.cxx
  itkPadToSizeImageFilterTest.cxx
  itkPillowResizeImageFilterTest.cxx
  itkSliceSelectionImageFilterTest.cxx
  itkFrameInterpolationImageFilterTest.cxx
  itkLaplacianMipImageFilterTest.cxx
  itkDbtOrientationFlipTest.cxx
  itkParallelSeriesFrameOrderTest.cxx
  itkDicomPreprocessingImageFilterTest.cxx
  itkDicomPreprocessingRGBImageFilterTest.cxx
)

CreateTestDriver(ParallelSeriesPreprocess "${ParallelSeries-Test_LIBRARIES}" "${ParallelSeriesPreprocessTests}")

itk_add_test(NAME itkCropToForegroundImageFilterTest
  COMMAND ParallelSeriesPreprocessTestDriver itkCropToForegroundImageFilterTest)

itk_add_test(NAME itkPadToSizeImageFilterTest
  COMMAND ParallelSeriesPreprocessTestDriver itkPadToSizeImageFilterTest)

# Pillow oracle: test/Baseline/PillowResize.txt is made by test/make_pillow_baselines.py.
itk_add_test(NAME itkPillowResizeImageFilterTest
  COMMAND ParallelSeriesPreprocessTestDriver itkPillowResizeImageFilterTest
    ${CMAKE_CURRENT_SOURCE_DIR}/Baseline/PillowResize.txt)

itk_add_test(NAME itkSliceSelectionImageFilterTest
  COMMAND ParallelSeriesPreprocessTestDriver itkSliceSelectionImageFilterTest)

itk_add_test(NAME itkDicomPreprocessingImageFilterTest
  COMMAND ParallelSeriesPreprocessTestDriver itkDicomPreprocessingImageFilterTest)

# Against the RGB reference the tool's RGB outputs are checked with (itkPreprocessRGBReference.h).
itk_add_test(NAME itkDicomPreprocessingRGBImageFilterTest
  COMMAND ParallelSeriesPreprocessTestDriver itkDicomPreprocessingRGBImageFilterTest)

# Exact arithmetic of dicom-preprocessing's interpolate handler (transform/volume.rs).
itk_add_test(NAME itkFrameInterpolationImageFilterTest
  COMMAND ParallelSeriesPreprocessTestDriver itkFrameInterpolationImageFilterTest)

# laplacian-mip: error rules, geometry, known arithmetic.
itk_add_test(NAME itkLaplacianMipImageFilterTest
  COMMAND ParallelSeriesPreprocessTestDriver itkLaplacianMipImageFilterTest)

# The DBT 180° flip rule (transform/volume.rs:should_flip_inverse_standard_dbt_orientation).
itk_add_test(NAME itkDbtOrientationFlipTest
  COMMAND ParallelSeriesPreprocessTestDriver itkDbtOrientationFlipTest)

# The frame-order precedence of multi-frame files (metadata/frame_order.rs:resolve_frame_order).
itk_add_test(NAME itkParallelSeriesFrameOrderTest
  COMMAND ParallelSeriesPreprocessTestDriver itkParallelSeriesFrameOrderTest)
