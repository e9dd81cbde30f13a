# Drop this file into ITK's Modules/Remote/ and configure ITK with -DModule_ParallelSeries=ON.
# ParallelSeries_GIT_REPOSITORY / ParallelSeries_GIT_TAG point at the repository and commit to
# build; set them on the ITK configure line (the defaults are the project's published location).
if(NOT DEFINED ParallelSeries_GIT_REPOSITORY)
  set(ParallelSeries_GIT_REPOSITORY "${git_protocol}://github.com/InsightSoftwareConsortium/ITKParallelSeries.git")
endif()
if(NOT DEFINED ParallelSeries_GIT_TAG)
  set(ParallelSeries_GIT_TAG main)
endif()
itk_fetch_module(ParallelSeries
  "Read every series of a DICOM directory in parallel (a thread-safe
  GDCMSeriesFileNames variant and a multi-series reader built on DomainThreader),
  plus crop / resize / pad filters for machine-learning preprocessing."
  MODULE_COMPLIANCE_LEVEL 2
  GIT_REPOSITORY ${ParallelSeries_GIT_REPOSITORY}
  GIT_TAG ${ParallelSeries_GIT_TAG}
)
