# parallelseries_use_gzip(<target>): builds <target> with the parallel gzip compression of the
# parallel-series tool (ParallelSeriesGzip.h, next to this file) when ITK's zlib is available, and with
# its libdeflate engine when libdeflate is found (Debian: libdeflate-dev). Sets
# PARALLELSERIES_CLI_HAVE_ZLIB / PARALLELSERIES_CLI_HAVE_LIBDEFLATE on the target and, in the
# caller's scope, ParallelSeries_HAVE_GZIP (TRUE when the header can be used).
set(_ParallelSeriesGzip_DIR ${CMAKE_CURRENT_LIST_DIR})
function(parallelseries_use_gzip target)
  set(ParallelSeries_HAVE_GZIP FALSE PARENT_SCOPE)
  # ITKZLIB's variables: ITK's own zlib (itkzlib in ITK 5.2, zlib-ng in zlib-compatible mode
  # later) or the system zlib with ITK_USE_SYSTEM_ZLIB.
  if(NOT (ITKZLIB_LIBRARIES AND DEFINED ITKZLIB_INCLUDE_DIRS))
    return()
  endif()
  target_include_directories(${target} PRIVATE ${_ParallelSeriesGzip_DIR} ${ITKZLIB_INCLUDE_DIRS})
  target_link_libraries(${target} PRIVATE ${ITKZLIB_LIBRARIES})
  target_compile_definitions(${target} PRIVATE PARALLELSERIES_CLI_HAVE_ZLIB)
  find_path(LIBDEFLATE_INCLUDE_DIR libdeflate.h)
  find_library(LIBDEFLATE_LIBRARY deflate)
  if(LIBDEFLATE_INCLUDE_DIR AND LIBDEFLATE_LIBRARY)
    target_include_directories(${target} PRIVATE ${LIBDEFLATE_INCLUDE_DIR})
    target_link_libraries(${target} PRIVATE ${LIBDEFLATE_LIBRARY})
    target_compile_definitions(${target} PRIVATE PARALLELSERIES_CLI_HAVE_LIBDEFLATE)
  endif()
  set(ParallelSeries_HAVE_GZIP TRUE PARENT_SCOPE)
endfunction()
