# The dicom-preprocessing oracle lane (issue 14, item 3): `parallel-series preprocess` against
# the peer dicom-preprocessing 0.1.2 on ITK's and pydicom's DICOM files and generated MG, DBT and
# CT inputs, for every option combination (test/dicom_preprocessing_oracle.py, its header lists
# the cases and checks). docs/dicom-preprocessing.md "The oracle lane" says how to run it.
#
# The peer takes 30+ min to build (benchmark/peers/build-dicom-preprocessing.sh), too long for
# CI: it is never built here. The tests use the peer's bin directory from
# ParallelSeries_DICOM_PREPROCESSING_BIN, else from $DICOM_PREPROCESSING_BIN at test time
# (scripts/test.sh exports it when the build script reports a cached build); without either
# they are skipped (exit 77). Registered when ParallelSeries_ORACLE_PYTHON names a python with
# NumPy and pydicom (scripts/make-oracle-venv.sh). Included at the end of test/CMakeLists.txt,
# which defines ITK_DICOM_DATA.

set(ParallelSeries_DICOM_PREPROCESSING_BIN "" CACHE PATH
  "bin directory of a built dicom-preprocessing 0.1.2 (empty: \$DICOM_PREPROCESSING_BIN at test time)")
# A documented lane, not part of CI's run: registered only when asked for
# (-DParallelSeries_DICOM_PREPROCESSING_ORACLE=ON, or PARALLELSERIES_DICOM_PREPROCESSING_ORACLE=1
# in the environment at configure time, as scripts/test.sh passes it through).
option(ParallelSeries_DICOM_PREPROCESSING_ORACLE "Register the dicom-preprocessing oracle lane" OFF)
if(NOT ParallelSeries_DICOM_PREPROCESSING_ORACLE AND NOT "$ENV{PARALLELSERIES_DICOM_PREPROCESSING_ORACLE}" STREQUAL "1")
  return()
endif()
if(NOT ParallelSeries_ORACLE_PYTHON)
  return()
endif()
if(DEFINED ParallelSeries_BUILD_CLI AND NOT ParallelSeries_BUILD_CLI)
  return()
endif()

set(_ps_dp ${CMAKE_CURRENT_LIST_DIR}/dicom_preprocessing_oracle.py)
set(_ps_dp_env "PYTHONDONTWRITEBYTECODE=1")
if(ParallelSeries_DICOM_PREPROCESSING_BIN)
  list(APPEND _ps_dp_env "DICOM_PREPROCESSING_BIN=${ParallelSeries_DICOM_PREPROCESSING_BIN}")
endif()

# The lane: every set x every combination; exit 0 only when every check passes.
itk_add_test(NAME ParallelSeriesDicomPreprocessingOracle
  COMMAND ${ParallelSeries_ORACLE_PYTHON} ${_ps_dp} --ours $<TARGET_FILE:parallel-series>
    --work ${ITK_TEST_OUTPUT_DIR}/DicomPreprocessingOracle --itk-data ${ITK_DICOM_DATA}
    --json ${ITK_TEST_OUTPUT_DIR}/DicomPreprocessingOracle.json)
set(_ps_dp_tests ParallelSeriesDicomPreprocessingOracle)

# The comparison itself: the peer against itself passes; with our side altered (one pixel +2,
# ActiveArea dropped, DefaultScale changed, one file lost, XResolution changed) it must fail.
set(_ps_dp_self --ours-is-peer --set mg --set dbt --set ct
  --combo size-nearest --combo pad-center --combo crop --combo v-mip)
itk_add_test(NAME ParallelSeriesDicomPreprocessingOracleSelfTest_peer
  COMMAND ${ParallelSeries_ORACLE_PYTHON} ${_ps_dp} ${_ps_dp_self}
    --work ${ITK_TEST_OUTPUT_DIR}/DicomPreprocessingOracleSelf_peer)
list(APPEND _ps_dp_tests ParallelSeriesDicomPreprocessingOracleSelfTest_peer)
foreach(_ps_perturb pixel tag scale file resolution)
  itk_add_test(NAME ParallelSeriesDicomPreprocessingOracleSelfTest_${_ps_perturb}
    COMMAND ${ParallelSeries_ORACLE_PYTHON} ${_ps_dp} ${_ps_dp_self} --perturb ${_ps_perturb} --expect-fail
      --work ${ITK_TEST_OUTPUT_DIR}/DicomPreprocessingOracleSelf_${_ps_perturb})
  list(APPEND _ps_dp_tests ParallelSeriesDicomPreprocessingOracleSelfTest_${_ps_perturb})
endforeach()
set_tests_properties(${_ps_dp_tests} PROPERTIES ENVIRONMENT "${_ps_dp_env}" SKIP_RETURN_CODE 77
  TIMEOUT 1800 LABELS "dicom-preprocessing-oracle")
