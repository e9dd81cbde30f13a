# The dcm2niix oracle (issue 13, item 5): `parallel-series convert` against dcm2niix, and against
# the exact geometry of the generated cases, on
#   - the generated cases of test/oracle/generate_cases.py (written with pydicom at test time),
#   - pydicom's and nibabel's bundled DICOM files (their wheels' test data),
#   - ITK's DICOM test files (test/Input/ITK, through ExternalData).
# The cases and what each is expected to do live in test/oracle/dcm2niix_oracle.py (CASES,
# ITK_EXPECTED); the tests below run every case marked "passes" (so flipping a marker puts the
# case into ctest). The others ("fails until <feature>", "differs: <reason>") stay out of ctest;
# docs/real-data-status.md is the baseline table.
#
# Registered when ParallelSeries_ORACLE_PYTHON names a python with NumPy, nibabel and pydicom
# (scripts/make-oracle-venv.sh makes one, with PyPI's dcm2niix; scripts/test.sh passes it).
# Included at the end of test/CMakeLists.txt, which defines ITK_DICOM_DATA.

if(NOT ParallelSeries_ORACLE_PYTHON)
  return()
endif()
if(DEFINED ParallelSeries_BUILD_CLI AND NOT ParallelSeries_BUILD_CLI)
  message(STATUS "ParallelSeries: the oracle tests need the CLI (ParallelSeries_BUILD_CLI)")
  return()
endif()

set(_ps_oracle ${CMAKE_CURRENT_LIST_DIR}/oracle/dcm2niix_oracle.py)

set(_ps_dcm2niix "${ParallelSeries_ORACLE_DCM2NIIX}")
if(NOT _ps_dcm2niix)
  get_filename_component(_ps_oracle_bin "${ParallelSeries_ORACLE_PYTHON}" DIRECTORY)
  find_program(_ps_dcm2niix_found dcm2niix HINTS "${_ps_oracle_bin}" NO_CACHE)
  set(_ps_dcm2niix "${_ps_dcm2niix_found}")
endif()
if(NOT _ps_dcm2niix)
  message(WARNING "ParallelSeries: no dcm2niix for the oracle tests (set ParallelSeries_ORACLE_DCM2NIIX)")
  return()
endif()

set(_ps_oracle_env "PYTHONDONTWRITEBYTECODE=1")
set(_ps_oracle_args --cli $<TARGET_FILE:parallel-series> --dcm2niix ${_ps_dcm2niix})

# One test per source (one interpreter start each): every case of it marked "passes".
itk_add_test(NAME ParallelSeriesOracleGenerated
  COMMAND ${ParallelSeries_ORACLE_PYTHON} ${_ps_oracle} ${_ps_oracle_args}
    --work ${ITK_TEST_OUTPUT_DIR}/OracleGenerated --passing --source generated)
itk_add_test(NAME ParallelSeriesOraclePydicomData
  COMMAND ${ParallelSeries_ORACLE_PYTHON} ${_ps_oracle} ${_ps_oracle_args}
    --work ${ITK_TEST_OUTPUT_DIR}/OraclePydicomData --passing --source pydicom)
itk_add_test(NAME ParallelSeriesOracleNibabelData
  COMMAND ${ParallelSeries_ORACLE_PYTHON} ${_ps_oracle} ${_ps_oracle_args}
    --work ${ITK_TEST_OUTPUT_DIR}/OracleNibabelData --passing --source nibabel)
itk_add_test(NAME ParallelSeriesOracleITKData
  COMMAND ${ParallelSeries_ORACLE_PYTHON} ${_ps_oracle} ${_ps_oracle_args}
    --work ${ITK_TEST_OUTPUT_DIR}/OracleITKData --passing --source itk --itk-data ${ITK_DICOM_DATA})
set(_ps_oracle_tests ParallelSeriesOracleGenerated ParallelSeriesOraclePydicomData
  ParallelSeriesOracleNibabelData ParallelSeriesOracleITKData)

# The comparison must be able to fail: our outputs corrupted (mirrored along x, origin moved by
# 0.01 mm, one voxel changed by 1) must fail against dcm2niix and against the generator's truth.
foreach(_ps_perturb flip-x shift-origin values)
  itk_add_test(NAME ParallelSeriesOracleSelfTest_${_ps_perturb}
    COMMAND ${ParallelSeries_ORACLE_PYTHON} ${_ps_oracle} ${_ps_oracle_args}
      --work ${ITK_TEST_OUTPUT_DIR}/OracleSelfTest_${_ps_perturb} --perturb ${_ps_perturb}
      --case axial --case pydicom-MR_small)
  list(APPEND _ps_oracle_tests ParallelSeriesOracleSelfTest_${_ps_perturb})
endforeach()
# ... and must accept a correct converter: test/oracle/ideal_converter.py writes what issue 13
# asks for (from the generator's truth, the resampled volumes from dcm2niix's corrected output,
# mosaics de-mosaicked by nibabel) and every generated case and the two Siemens DWI mosaics,
# failing ones included, must pass with it.
itk_add_test(NAME ParallelSeriesOracleSelfTest_ideal
  COMMAND ${ParallelSeries_ORACLE_PYTHON} ${_ps_oracle}
    --cli ${CMAKE_CURRENT_LIST_DIR}/oracle/ideal_converter.py --dcm2niix ${_ps_dcm2niix}
    --work ${ITK_TEST_OUTPUT_DIR}/OracleSelfTest_ideal --source generated
    --case nibabel-siemens_dwi_0 --case nibabel-siemens_dwi_1000 --expect-pass)

# The JSON sidecars (issue 15): every value against pydicom's reading of the series' files (and
# absent where no file has it), the shared keys against dcm2niix's JSON; and the check must
# fail on sidecars corrupted with milliseconds or an invented value.
set(_ps_sidecar ${CMAKE_CURRENT_LIST_DIR}/oracle/sidecar_check.py)
itk_add_test(NAME ParallelSeriesSidecarPydicomData
  COMMAND ${ParallelSeries_ORACLE_PYTHON} ${_ps_sidecar} ${_ps_oracle_args}
    --work ${ITK_TEST_OUTPUT_DIR}/SidecarPydicomData --source pydicom --min-sidecars 40)
itk_add_test(NAME ParallelSeriesSidecarITKData
  COMMAND ${ParallelSeries_ORACLE_PYTHON} ${_ps_sidecar} ${_ps_oracle_args}
    --work ${ITK_TEST_OUTPUT_DIR}/SidecarITKData --dicom ${ITK_DICOM_DATA} --min-sidecars 20)
list(APPEND _ps_oracle_tests ParallelSeriesSidecarPydicomData ParallelSeriesSidecarITKData)
# --ignore-derived / --ignore-localizers: exactly the files dcm2niix's "-i y" rules (evaluated on
# pydicom's reading) make derived images or localizers.
set(_ps_ignore ${CMAKE_CURRENT_LIST_DIR}/oracle/ignore_check.py)
itk_add_test(NAME ParallelSeriesIgnorePydicomData
  COMMAND ${ParallelSeries_ORACLE_PYTHON} ${_ps_ignore} --cli $<TARGET_FILE:parallel-series> --source pydicom)
itk_add_test(NAME ParallelSeriesIgnoreITKData
  COMMAND ${ParallelSeries_ORACLE_PYTHON} ${_ps_ignore} --cli $<TARGET_FILE:parallel-series> --dicom ${ITK_DICOM_DATA})
list(APPEND _ps_oracle_tests ParallelSeriesIgnorePydicomData ParallelSeriesIgnoreITKData)
foreach(_ps_perturb milliseconds invented)
  itk_add_test(NAME ParallelSeriesSidecarSelfTest_${_ps_perturb}
    COMMAND ${ParallelSeries_ORACLE_PYTHON} ${_ps_sidecar} --cli $<TARGET_FILE:parallel-series>
      --work ${ITK_TEST_OUTPUT_DIR}/SidecarSelfTest_${_ps_perturb} --source pydicom --perturb ${_ps_perturb})
  set_tests_properties(ParallelSeriesSidecarSelfTest_${_ps_perturb} PROPERTIES WILL_FAIL TRUE)
  list(APPEND _ps_oracle_tests ParallelSeriesSidecarSelfTest_${_ps_perturb})
endforeach()
set_tests_properties(${_ps_oracle_tests} PROPERTIES ENVIRONMENT "${_ps_oracle_env}" TIMEOUT 300)
set_tests_properties(ParallelSeriesOracleSelfTest_ideal PROPERTIES
  ENVIRONMENT "${_ps_oracle_env};DCM2NIIX=${_ps_dcm2niix}" TIMEOUT 300)
