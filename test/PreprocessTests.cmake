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
  itkParallelSeriesFrameOrderFilesTest.cxx
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

# The same on multi-frame files written with pydicom at test time (test/make_frame_order_inputs.py),
# read with GDCM (ReadFrameOrderInput); needs a python with pydicom (the oracle venv).
if(ParallelSeries_ORACLE_PYTHON)
  set(_ps_frame_order_dir ${CMAKE_CURRENT_BINARY_DIR}/FrameOrderInputs)
  add_test(NAME itkParallelSeriesFrameOrderInputs
    COMMAND ${ParallelSeries_ORACLE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/make_frame_order_inputs.py ${_ps_frame_order_dir})
  set_tests_properties(itkParallelSeriesFrameOrderInputs PROPERTIES FIXTURES_SETUP ParallelSeriesFrameOrderInputs)
  itk_add_test(NAME itkParallelSeriesFrameOrderFilesTest
    COMMAND ParallelSeriesPreprocessTestDriver itkParallelSeriesFrameOrderFilesTest ${_ps_frame_order_dir})
  set_tests_properties(itkParallelSeriesFrameOrderFilesTest PROPERTIES FIXTURES_REQUIRED ParallelSeriesFrameOrderInputs)
endif()
