# Tests of the parallel-series command-line tool (examples/ParallelSeriesCLI.cxx).
# Included at the end of test/CMakeLists.txt, which defines ITK_DICOM_DATA.

if(DEFINED ParallelSeries_BUILD_CLI AND NOT ParallelSeries_BUILD_CLI)
  return()
endif()

# A second test driver: checks of the tool's outputs against stock ITK, generation of the
# multi-series test directory, JSON checks and exit-code checks (--run).
CreateTestDriver(ParallelSeriesCLI "${ParallelSeries-Test_LIBRARIES}" "itkParallelSeriesCLIOutputTest.cxx")

# The tool is added after the tests (examples/ comes last): refer to it by generator expression.
set(_ps_cli $<TARGET_FILE:parallel-series>)
set(_ps_out ${ITK_TEST_OUTPUT_DIR})
set(_ps_generated ${_ps_out}/CLI_Generated)

#-- Command line ----------------------------------------------------------------------------
itk_add_test(NAME ParallelSeriesCLIHelp
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest --run 0 -- ${_ps_cli} --help)
set_tests_properties(ParallelSeriesCLIHelp PROPERTIES PASS_REGULAR_EXPRESSION "Usage:.*exit code 0 ")

itk_add_test(NAME ParallelSeriesCLIVersion
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest --run 0 -- ${_ps_cli} --version)
set_tests_properties(ParallelSeriesCLIVersion PROPERTIES
  PASS_REGULAR_EXPRESSION "parallel-series [0-9]+\\.[0-9]+\\.[0-9]+ \\(ITK [0-9.]+\\).*exit code 0 ")

# Usage errors exit with 2.
itk_add_test(NAME ParallelSeriesCLIUsageNoArguments
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest --run 2 -- ${_ps_cli})
itk_add_test(NAME ParallelSeriesCLIUsageUnknownCommand
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest --run 2 -- ${_ps_cli} frobnicate ${_ps_out})
itk_add_test(NAME ParallelSeriesCLIUsageMissingOutput
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest --run 2 -- ${_ps_cli} convert ${_ps_out})
itk_add_test(NAME ParallelSeriesCLIUsageBadOption
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest
    --run 2 -- ${_ps_cli} convert ${_ps_out} ${_ps_out}/CLI_Unused --format png)
itk_add_test(NAME ParallelSeriesCLIUsageBadThreads
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest
    --run 2 -- ${_ps_cli} scan ${_ps_out} --threads zero)
# A directory that does not exist is an error (1), not a usage error.
itk_add_test(NAME ParallelSeriesCLIMissingDirectory
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest
    --run 1 -- ${_ps_cli} scan ${_ps_out}/CLI_does_not_exist)

#-- ITK's DICOM test files --------------------------------------------------------------------
itk_add_test(NAME ParallelSeriesCLIScanITKData
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest
    --run 0 -- ${_ps_cli} scan ${ITK_DICOM_DATA} --recursive)

itk_add_test(NAME ParallelSeriesCLIScanJsonITKData
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest
    --check-json --recursive ${_ps_cli} ${ITK_DICOM_DATA})

# Every volume of ITK's files converts (26 series, 27 volumes with ITK 5.2.1's data): exit code 0
# and no failed row. Should a file ever fail legitimately, accept exit code 1 here ("--run 0,1")
# and add --allow-stock-failures to the check, which then requires stock ITK to fail on it too.
itk_add_test(NAME ParallelSeriesCLIConvertITKData
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest
    --run 0 -- ${_ps_cli} convert ${ITK_DICOM_DATA} ${_ps_out}/CLI_ITK --recursive --format nrrd)
itk_add_test(NAME ParallelSeriesCLICheckITKData
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest
    --recursive ${_ps_out}/CLI_ITK ${ITK_DICOM_DATA})
set_tests_properties(ParallelSeriesCLIConvertITKData PROPERTIES FIXTURES_SETUP ParallelSeriesCLI_ITK)
set_tests_properties(ParallelSeriesCLICheckITKData PROPERTIES FIXTURES_REQUIRED ParallelSeriesCLI_ITK)

#-- Generated multi-series directory (10 series, one with 2 volumes, nested, junk files) ------
itk_add_test(NAME ParallelSeriesCLIGenerate
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest --generate ${_ps_generated})
set_tests_properties(ParallelSeriesCLIGenerate PROPERTIES FIXTURES_SETUP ParallelSeriesCLI_Generated)

itk_add_test(NAME ParallelSeriesCLIScanJsonGenerated
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest
    --check-json --recursive --expect-series 10 --expect-skipped 4 ${_ps_cli} ${_ps_generated})
set_tests_properties(ParallelSeriesCLIScanJsonGenerated PROPERTIES FIXTURES_REQUIRED ParallelSeriesCLI_Generated)

# name|options (the last one reads every series in its own batch)
set(_ps_conversions
  "nii|--format|nii.gz"
  "mha|--format|mha|--compress|--threads|1"
  "batches|--format|nrrd|--max-memory|1"
)
foreach(_ps_conversion ${_ps_conversions})
  string(REPLACE "|" ";" _ps_conversion "${_ps_conversion}")
  list(GET _ps_conversion 0 _ps_name)
  list(REMOVE_AT _ps_conversion 0)
  set(_ps_dir ${_ps_out}/CLI_Generated_${_ps_name})
  itk_add_test(NAME ParallelSeriesCLIConvertGenerated_${_ps_name}
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest
      --run 0 -- ${_ps_cli} convert ${_ps_generated} ${_ps_dir} --recursive ${_ps_conversion})
  set_tests_properties(ParallelSeriesCLIConvertGenerated_${_ps_name} PROPERTIES
    FIXTURES_REQUIRED ParallelSeriesCLI_Generated
    FIXTURES_SETUP ParallelSeriesCLI_Generated_${_ps_name})
  itk_add_test(NAME ParallelSeriesCLICheckGenerated_${_ps_name}
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest
      --recursive --expect-volumes 11 ${_ps_dir} ${_ps_generated})
  set_tests_properties(ParallelSeriesCLICheckGenerated_${_ps_name} PROPERTIES
    FIXTURES_REQUIRED "ParallelSeriesCLI_Generated;ParallelSeriesCLI_Generated_${_ps_name}")
endforeach()

#-- Damaged copy of it: two volumes cannot be read (exit 1), all others are converted. The
# damaged files are listed explicitly: stock ITK reads one of them (truncated pixel data) without
# error, so "stock ITK fails too" is not the criterion here.
set(_ps_broken ${_ps_out}/CLI_Broken)
itk_add_test(NAME ParallelSeriesCLIGenerateBroken
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest --generate-broken ${_ps_broken})
itk_add_test(NAME ParallelSeriesCLIConvertBroken
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest
    --run 1 -- ${_ps_cli} convert ${_ps_broken} ${_ps_broken}_nrrd --recursive --threads 2)
itk_add_test(NAME ParallelSeriesCLICheckBroken
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIOutputTest
    --recursive --expected-failures ${_ps_broken}.failures --expect-volumes 9 --expect-failed 2
    ${_ps_broken}_nrrd ${_ps_broken})
set_tests_properties(ParallelSeriesCLIGenerateBroken PROPERTIES FIXTURES_SETUP ParallelSeriesCLI_Broken)
set_tests_properties(ParallelSeriesCLIConvertBroken PROPERTIES
  FIXTURES_REQUIRED ParallelSeriesCLI_Broken
  FIXTURES_SETUP ParallelSeriesCLI_Broken_nrrd)
set_tests_properties(ParallelSeriesCLICheckBroken PROPERTIES
  FIXTURES_REQUIRED "ParallelSeriesCLI_Broken;ParallelSeriesCLI_Broken_nrrd")
