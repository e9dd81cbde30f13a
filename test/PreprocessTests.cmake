# Tests of the ML-preprocessing filters (crop, resize, pad, volume handling, composite, RGB).
# Included from test/CMakeLists.txt.

set(ParallelSeriesPreprocessTests
  itkCropToForegroundImageFilterTest.cxx
  itkPadToSizeImageFilterTest.cxx
  itkPillowResizeImageFilterTest.cxx
  itkImageCrateResizeImageFilterTest.cxx
  itkSliceSelectionImageFilterTest.cxx
  itkFrameInterpolationImageFilterTest.cxx
  itkFramePermutationImageFilterTest.cxx
  itkLaplacianMipImageFilterTest.cxx
  itkDbtOrientationFlipTest.cxx
  itkParallelSeriesFrameOrderTest.cxx
  itkParallelSeriesFrameOrderFilesTest.cxx
  itkDicomPreprocessingImageFilterTest.cxx
  itkDicomPreprocessingRGBImageFilterTest.cxx
  itkVOILUTImageFilterTest.cxx
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

# Display values (VOILUTImageFilter): the cases and their expected values are written at test time
# by test/make_voilut_cases.py (pydicom's MR_small, CT_small, 6154 and generated files).
if(ParallelSeries_ORACLE_PYTHON)
  itk_add_test(NAME itkVOILUTImageFilterCases
    COMMAND ${ParallelSeries_ORACLE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/make_voilut_cases.py
      ${ITK_TEST_OUTPUT_DIR}/VOILUT)
  set_tests_properties(itkVOILUTImageFilterCases PROPERTIES FIXTURES_SETUP VOILUTCases)
  itk_add_test(NAME itkVOILUTImageFilterTest
    COMMAND ParallelSeriesPreprocessTestDriver itkVOILUTImageFilterTest ${ITK_TEST_OUTPUT_DIR}/VOILUT/cases.txt)
  set_tests_properties(itkVOILUTImageFilterTest PROPERTIES FIXTURES_REQUIRED VOILUTCases)
endif()

# The same cases through the CLI (convert --values display [-w C,W] --format mha).
if(ParallelSeries_ORACLE_PYTHON AND NOT (DEFINED ParallelSeries_BUILD_CLI AND NOT ParallelSeries_BUILD_CLI))
  itk_add_test(NAME ParallelSeriesCLIDisplayValues
    COMMAND ${ParallelSeries_ORACLE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/check_display_cli.py
      $<TARGET_FILE:parallel-series> ${ITK_TEST_OUTPUT_DIR}/VOILUT ${ITK_TEST_OUTPUT_DIR}/VOILUTCLI)
  set_tests_properties(ParallelSeriesCLIDisplayValues PROPERTIES FIXTURES_REQUIRED VOILUTCases)
endif()

# Exact arithmetic of dicom-preprocessing's interpolate handler (transform/volume.rs).
itk_add_test(NAME itkFrameInterpolationImageFilterTest
  COMMAND ParallelSeriesPreprocessTestDriver itkFrameInterpolationImageFilterTest)

# Frames in a given order (the peer's display order): voxels and physical positions.
itk_add_test(NAME itkFramePermutationImageFilterTest
  COMMAND ParallelSeriesPreprocessTestDriver itkFramePermutationImageFilterTest)

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
  # preprocess writes the frames of those files in that order (convert keeps the stored order).
  if(NOT (DEFINED ParallelSeries_BUILD_CLI AND NOT ParallelSeries_BUILD_CLI))
    add_test(NAME ParallelSeriesCLIPreprocessFrameOrder
      COMMAND ${ParallelSeries_ORACLE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/check_preprocess_frame_order.py
        $<TARGET_FILE:parallel-series> ${_ps_frame_order_dir} ${ITK_TEST_OUTPUT_DIR}/PreprocessFrameOrder)
    set_tests_properties(ParallelSeriesCLIPreprocessFrameOrder PROPERTIES FIXTURES_REQUIRED ParallelSeriesFrameOrderInputs)
  endif()
  # preprocess -v max-intensity (the display values projected by VOILUTImageFilter) against the
  # maximum of the frames -v keep writes, on a DBT-like file written with pydicom.
  if(NOT (DEFINED ParallelSeries_BUILD_CLI AND NOT ParallelSeries_BUILD_CLI))
    add_test(NAME ParallelSeriesCLIPreprocessProjection
      COMMAND ${ParallelSeries_ORACLE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/check_preprocess_projection.py
        $<TARGET_FILE:parallel-series> ${ITK_TEST_OUTPUT_DIR}/PreprocessProjection)
  endif()
  # preprocess's TIFF resolution where a PixelSpacing has leading spaces (the peer's parse).
  if(NOT (DEFINED ParallelSeries_BUILD_CLI AND NOT ParallelSeries_BUILD_CLI))
    itk_add_test(NAME ParallelSeriesCLIPreprocessResolution
      COMMAND ${ParallelSeries_ORACLE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/check_preprocess_resolution.py
        $<TARGET_FILE:parallel-series> DATA{Input/ITK/DicomSeries/Image0075.dcm}
        ${ITK_TEST_OUTPUT_DIR}/PreprocessResolution)
  endif()
endif()
