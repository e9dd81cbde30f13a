# Tests of the ML-preprocessing filters (crop, resize, pad, volume handling, composite, RGB).
# Included from test/CMakeLists.txt.

set(ParallelSeriesPreprocessTests
  itkCropToForegroundImageFilterTest.cxx
  itkPadToSizeImageFilterTest.cxx
  itkPillowResizeImageFilterTest.cxx
  itkImageCrateResizeImageFilterTest.cxx
  itkSliceSelectionImageFilterTest.cxx
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

# Image crate oracle: test/Baseline/ImageCrateResize.txt is made by test/make_image_crate_baselines.py
# (benchmark/peers/dicom_preprocessing_reference.py, confirmed against dicom-preprocessing 0.1.2).
itk_add_test(NAME itkImageCrateResizeImageFilterTest
  COMMAND ParallelSeriesPreprocessTestDriver itkImageCrateResizeImageFilterTest
    ${CMAKE_CURRENT_SOURCE_DIR}/Baseline/ImageCrateResize.txt)

itk_add_test(NAME itkSliceSelectionImageFilterTest
  COMMAND ParallelSeriesPreprocessTestDriver itkSliceSelectionImageFilterTest)

itk_add_test(NAME itkDicomPreprocessingImageFilterTest
  COMMAND ParallelSeriesPreprocessTestDriver itkDicomPreprocessingImageFilterTest)

# Against the RGB reference the tool's RGB outputs are checked with (itkPreprocessRGBReference.h).
itk_add_test(NAME itkDicomPreprocessingRGBImageFilterTest
  COMMAND ParallelSeriesPreprocessTestDriver itkDicomPreprocessingRGBImageFilterTest)
