# Tests of SliceStackResampleImageFilter (gantry tilt and variable slice distance correction).
# Included from test/CMakeLists.txt.

set(ParallelSeriesSliceStackTests
  itkSliceStackResampleImageFilterTest.cxx
  itkSliceStackResampleImageFilterOracle.cxx
)

CreateTestDriver(ParallelSeriesSliceStack "${ParallelSeries-Test_LIBRARIES}" "${ParallelSeriesSliceStackTests}")

# Synthetic tilted / unevenly spaced stacks with known true positions: a linear phantom, the
# geometry, pass-through of constant inputs, work units, bad positions, padding value.
itk_add_test(NAME itkSliceStackResampleImageFilterTest
  COMMAND ParallelSeriesSliceStackTestDriver itkSliceStackResampleImageFilterTest)

# The dcm2niix oracle (test/slice_stack_dcm2niix_oracle.py: pydicom series, dcm2niix's _Tilt /
# _Eq, nibabel), when the oracle's venv is given (ParallelSeries_ORACLE_PYTHON with NumPy,
# nibabel, pydicom; dcm2niix beside it or ParallelSeries_ORACLE_DCM2NIIX: scripts/test.sh passes
# scripts/make-oracle-venv.sh's). Its self-tests corrupt our output and must fail.
if(ParallelSeries_ORACLE_PYTHON)
  set(_ps_ss_dcm2niix "${ParallelSeries_ORACLE_DCM2NIIX}")
  if(NOT _ps_ss_dcm2niix)
    get_filename_component(_ps_ss_bin "${ParallelSeries_ORACLE_PYTHON}" DIRECTORY)
    find_program(_ps_ss_dcm2niix_found dcm2niix HINTS "${_ps_ss_bin}" NO_CACHE)
    set(_ps_ss_dcm2niix "${_ps_ss_dcm2niix_found}")
  endif()
  if(_ps_ss_dcm2niix)
    set(_ps_ss_oracle ${ParallelSeries_ORACLE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/slice_stack_dcm2niix_oracle.py
      --driver $<TARGET_FILE:ParallelSeriesSliceStackTestDriver> --dcm2niix ${_ps_ss_dcm2niix})
    itk_add_test(NAME itkSliceStackResampleImageFilterDcm2niixOracle
      COMMAND ${_ps_ss_oracle} --work ${ITK_TEST_OUTPUT_DIR}/SliceStackDcm2niixOracle)
    set(_ps_ss_tests itkSliceStackResampleImageFilterDcm2niixOracle)
    foreach(_ps_ss_perturb values origin)
      itk_add_test(NAME itkSliceStackResampleImageFilterDcm2niixOracleSelfTest_${_ps_ss_perturb}
        COMMAND ${_ps_ss_oracle} --work ${ITK_TEST_OUTPUT_DIR}/SliceStackDcm2niixOracleSelfTest_${_ps_ss_perturb}
          --case tilt15 --case steps --perturb ${_ps_ss_perturb})
      set_tests_properties(itkSliceStackResampleImageFilterDcm2niixOracleSelfTest_${_ps_ss_perturb}
        PROPERTIES WILL_FAIL TRUE)
      list(APPEND _ps_ss_tests itkSliceStackResampleImageFilterDcm2niixOracleSelfTest_${_ps_ss_perturb})
    endforeach()
    set_tests_properties(${_ps_ss_tests} PROPERTIES ENVIRONMENT "PYTHONDONTWRITEBYTECODE=1" TIMEOUT 300)
  endif()
endif()
