set(DOCUMENTATION "Reads every series of a DICOM directory in parallel: a thread-safe, parallel
GDCMSeriesFileNames (ParallelGDCMSeriesFileNames), a multi-series reader built on DomainThreader
(ParallelSeriesReader) that gives the images stock ImageSeriesReader + GDCMImageIO give, and
crop / resize / pad filters for machine-learning preprocessing. See README.md.")

# ParallelSeries depends on ITKIOGDCM (and on GDCM itself, privately: it calls GDCM directly).
# The tests depend on ITKTestKernel and the IO modules the tests and the CLI write.
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
    ITKGDCM
    ITKIONRRD
    ITKIOMeta
    ITKIONIFTI
  DESCRIPTION
    "${DOCUMENTATION}"
  EXCLUDE_FROM_DEFAULT
)
