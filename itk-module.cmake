# the top-level README is used for describing this module, just
# re-used it for documentation here
get_filename_component(MY_CURRENT_DIR "${CMAKE_CURRENT_LIST_FILE}" PATH)
file(READ "${MY_CURRENT_DIR}/README.md" DOCUMENTATION)

# itk_module() defines the module dependencies in ParallelSeries.
# ParallelSeries depends on ITKIOGDCM (and GDCM itself, privately).
# The testing module in ParallelSeries depends on ITKTestKernel.
itk_module(ParallelSeries
  ENABLE_SHARED
  DEPENDS
    ITKCommon
    ITKIOImageBase
    ITKIOGDCM
    ITKImageGrid
    ITKImageStatistics
  PRIVATE_DEPENDS
    ITKGDCM
  TEST_DEPENDS
    ITKTestKernel
    ITKIONRRD
    ITKIOMeta
    ITKIONIFTI
  DESCRIPTION
    "${DOCUMENTATION}"
  EXCLUDE_FROM_DEFAULT
)
