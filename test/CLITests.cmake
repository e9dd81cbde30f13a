# Tests of the parallel-series command-line tool (apps/parallel-series/).
# Included at the end of test/CMakeLists.txt, which defines ITK_DICOM_DATA.
#
# They stay in the module's test tree rather than in the app's project: they use the module's
# test machinery (CreateTestDriver with ParallelSeries-Test_LIBRARIES, itk_add_test, ITK's DICOM
# test files through ExternalData, fixtures shared with the generated directories), which an ITK
# module has and a standalone app project does not. The app's own headers (ParallelSeriesGzip.h)
# are compiled from apps/parallel-series/.

if(DEFINED ParallelSeries_BUILD_CLI AND NOT ParallelSeries_BUILD_CLI)
  return()
endif()

# A second test driver, one test file per concern: exit codes and messages (Run), --version
# (Version), scan --json (Scan), the output formats (Convert), unreadable input (Failures),
# preprocessing and TIFF (Preprocess), manifest.csv that cannot be written (Manifest), the memory
# bound (MemoryBudget). The
# Convert, Failures and Preprocess tests share the check of a conversion's manifest and outputs
# against stock ITK (itkParallelSeriesCLIConversionCheck.h), and write their test directories.
include(${CMAKE_CURRENT_LIST_DIR}/../apps/parallel-series/ParallelSeriesGzip.cmake)
set(_ps_cli_tests
  itkParallelSeriesCLIRunTest.cxx
  itkParallelSeriesCLIVersionTest.cxx
  itkParallelSeriesCLIScanTest.cxx
  itkParallelSeriesCLIConvertTest.cxx
  itkParallelSeriesCLIFailuresTest.cxx
  itkParallelSeriesCLIPreprocessTest.cxx
  itkParallelSeriesCLIManifestTest.cxx
  itkParallelSeriesCLIGeometryCorrectionTest.cxx
  itkParallelSeriesCLIMemoryBudgetTest.cxx
)
if(UNIX)
  list(APPEND _ps_cli_tests itkParallelSeriesCLIResumeTest.cxx itkParallelSeriesCLIPerFileTest.cxx)
list(APPEND _ps_cli_tests itkParallelSeriesCLIStreamTest.cxx)
endif()
if(ITKZLIB_LIBRARIES AND DEFINED ITKZLIB_INCLUDE_DIRS)
  list(APPEND _ps_cli_tests itkParallelSeriesGzipTest.cxx)
endif()
# TIFF outputs are read back with the system libtiff (as the tool writes them); the tool's TIFF
# writer is also tested on its own (itkParallelSeriesTIFFWriterTest: compressors, tag 65000).
find_package(TIFF QUIET)
if(TIFF_FOUND)
  list(APPEND _ps_cli_tests itkParallelSeriesTIFFWriterTest.cxx)
endif()
CreateTestDriver(ParallelSeriesCLI "${ParallelSeries-Test_LIBRARIES}" "${_ps_cli_tests}")
parallelseries_use_gzip(ParallelSeriesCLITestDriver)
# The tool's own headers (ParallelSeriesMemoryBudget.h).
target_include_directories(ParallelSeriesCLITestDriver PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../apps/parallel-series)
if(TIFF_FOUND)
  target_link_libraries(ParallelSeriesCLITestDriver PRIVATE TIFF::TIFF)
  target_compile_definitions(ParallelSeriesCLITestDriver PRIVATE PARALLELSERIES_TEST_HAVE_TIFF)
  itk_add_test(NAME ParallelSeriesTIFFWriter
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesTIFFWriterTest ${ITK_TEST_OUTPUT_DIR})
endif()

# convert's memory bound (ParallelSeriesMemoryBudget.h).
itk_add_test(NAME ParallelSeriesCLIMemoryBudget
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIMemoryBudgetTest)
set_tests_properties(ParallelSeriesCLIMemoryBudget PROPERTIES TIMEOUT 60)

# The tool's parallel gzip compression (.nii.gz output), every engine it is built with.
if(ParallelSeries_HAVE_GZIP)
  itk_add_test(NAME ParallelSeriesGzip
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesGzipTest ${ITK_TEST_OUTPUT_DIR})
endif()

# The tool is added after the tests (apps/ comes after test/): refer to it by generator expression.
set(_ps_cli $<TARGET_FILE:parallel-series>)
set(_ps_out ${ITK_TEST_OUTPUT_DIR})
set(_ps_generated ${_ps_out}/CLI_Generated)

# dicom-preprocessing's per-file mode, sop layout, SOURCE forms, --strict, manifest columns
# (issue 14), on generated MG / DX / CR files without IPP and a CT series.
if(UNIX)
  itk_add_test(NAME ParallelSeriesCLIPerFile
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIPerFileTest ${_ps_cli} ${_ps_out})
endif()

#-- Command line ----------------------------------------------------------------------------
itk_add_test(NAME ParallelSeriesCLIHelp
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest 0 -- ${_ps_cli} --help)
set_tests_properties(ParallelSeriesCLIHelp PROPERTIES PASS_REGULAR_EXPRESSION "Usage:.*exit code 0 ")

# --version: exit code 0 and "parallel-series <pyproject.toml's version> (ITK <this ITK>)".
itk_add_test(NAME ParallelSeriesCLIVersion
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIVersionTest
    ${_ps_cli} ${CMAKE_CURRENT_LIST_DIR}/../pyproject.toml)

# Usage errors exit with 2.
itk_add_test(NAME ParallelSeriesCLIUsageNoArguments
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest 2 -- ${_ps_cli})
itk_add_test(NAME ParallelSeriesCLIUsageUnknownCommand
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest 2 -- ${_ps_cli} frobnicate ${_ps_out})
itk_add_test(NAME ParallelSeriesCLIUsageMissingOutput
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest 2 -- ${_ps_cli} convert ${_ps_out})
itk_add_test(NAME ParallelSeriesCLIUsageBadOption
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
    2 -- ${_ps_cli} convert ${_ps_out} ${_ps_out}/CLI_Unused --format png)
itk_add_test(NAME ParallelSeriesCLIUsageBadThreads
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
    2 -- ${_ps_cli} scan ${_ps_out} --threads zero)
itk_add_test(NAME ParallelSeriesCLIUsageBadSplitBy
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
    2 -- ${_ps_cli} scan ${_ps_out} --split-by size,shape)
itk_add_test(NAME ParallelSeriesCLIUsageSplitByNoneAndMore
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
    2 -- ${_ps_cli} scan ${_ps_out} --split-by none,size)
# An input that is not a directory: exit status 1 and the reason, for both commands.
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/CLINotADirectory.expected-output
  "parallel-series: cannot scan \"${_ps_out}/not-a-directory\": \"${_ps_out}/not-a-directory\" is neither a directory nor a file\n")
foreach(_ps_command scan convert)
  set(_ps_extra_args)
  if(_ps_command STREQUAL "convert")
    set(_ps_extra_args ${_ps_out}/not-a-directory-out)
  endif()
  itk_add_test(NAME ParallelSeriesCLI${_ps_command}NotADirectory
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
      1 --expect-output ${CMAKE_CURRENT_BINARY_DIR}/CLINotADirectory.expected-output
      -- ${_ps_cli} ${_ps_command} ${_ps_out}/not-a-directory ${_ps_extra_args})
endforeach()
# Preprocessing options with bad values.
set(_ps_bad_options
  "SizeOne|--size|64"
  "SizeZero|--size|0,64"
  "SizeText|--size|a,b"
  "Filter|--filter|bicubic"
  "Padding|--padding|left"
  "Volume|--volume|max"
  "GzipSingleMember|--gzip-single-member"
)
foreach(_ps_bad ${_ps_bad_options})
  string(REPLACE "|" ";" _ps_bad "${_ps_bad}")
  list(GET _ps_bad 0 _ps_name)
  list(REMOVE_AT _ps_bad 0)
  itk_add_test(NAME ParallelSeriesCLIUsageBad${_ps_name}
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
      2 -- ${_ps_cli} convert ${_ps_out} ${_ps_out}/CLI_Unused --format tiff ${_ps_bad})
endforeach()
itk_add_test(NAME ParallelSeriesCLIUsageScanCrop
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest 2 -- ${_ps_cli} scan ${_ps_out} --crop)
# A directory that does not exist is an error (1), not a usage error.
itk_add_test(NAME ParallelSeriesCLIMissingDirectory
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
    1 -- ${_ps_cli} scan ${_ps_out}/CLI_does_not_exist)

#-- ITK's DICOM test files --------------------------------------------------------------------
itk_add_test(NAME ParallelSeriesCLIScanITKData
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
    0 -- ${_ps_cli} scan ${ITK_DICOM_DATA} --recursive)

itk_add_test(NAME ParallelSeriesCLIScanJsonITKData
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIScanTest
    --recursive ${_ps_cli} ${ITK_DICOM_DATA})

# Every volume of ITK's files converts (26 series, 27 volumes with ITK 5.2.1's data): exit code 0
# and no failed row. Should a file ever fail legitimately, accept exit code 1 here ("--run 0,1")
# and add --allow-stock-failures to the check, which then requires stock ITK to fail on it too.
itk_add_test(NAME ParallelSeriesCLIConvertITKData
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
    0 -- ${_ps_cli} convert ${ITK_DICOM_DATA} ${_ps_out}/CLI_ITK --recursive --format nrrd)
itk_add_test(NAME ParallelSeriesCLICheckITKData
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIConvertTest
    --recursive ${_ps_out}/CLI_ITK ${ITK_DICOM_DATA})
set_tests_properties(ParallelSeriesCLIConvertITKData PROPERTIES FIXTURES_SETUP ParallelSeriesCLI_ITK)
set_tests_properties(ParallelSeriesCLICheckITKData PROPERTIES FIXTURES_REQUIRED ParallelSeriesCLI_ITK)

#-- Generated multi-series directory (10 series, one with 2 volumes, nested, junk files) ------
itk_add_test(NAME ParallelSeriesCLIGenerate
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIConvertTest --generate ${_ps_generated})
set_tests_properties(ParallelSeriesCLIGenerate PROPERTIES FIXTURES_SETUP ParallelSeriesCLI_Generated)

itk_add_test(NAME ParallelSeriesCLIScanJsonGenerated
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIScanTest
    --recursive --expect-series 10 --expect-skipped 4 ${_ps_cli} ${_ps_generated})
set_tests_properties(ParallelSeriesCLIScanJsonGenerated PROPERTIES FIXTURES_REQUIRED ParallelSeriesCLI_Generated)

# Recursion is the default (no option), --no-recursive scans the top directory only, --max-depth 1
# one level below it: the scan's file count against an independent listing of the tree.
itk_add_test(NAME ParallelSeriesCLIScanJsonGeneratedDefaultRecursion
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIScanTest
    --default-recursion --expect-series 10 --expect-skipped 4 ${_ps_cli} ${_ps_generated})
itk_add_test(NAME ParallelSeriesCLIScanJsonGeneratedNoRecursive
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIScanTest ${_ps_cli} ${_ps_generated})
itk_add_test(NAME ParallelSeriesCLIScanJsonGeneratedMaxDepth1
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIScanTest --max-depth 1 ${_ps_cli} ${_ps_generated})
# --series: a selection (identifier or SeriesInstanceUID, comma list or repeated) keeps the
# whole conversion's output names; an unknown one is an error naming it.
set(_ps_uid3 1.2.826.0.1.3680043.2.1125.99.3.0.0)
set(_ps_uid5 1.2.826.0.1.3680043.2.1125.99.5.0.0)
itk_add_test(NAME ParallelSeriesCLIScanSeriesSelection
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
    0 -- ${_ps_cli} scan ${_ps_generated} --series ${_ps_uid3},${_ps_uid5})
set_tests_properties(ParallelSeriesCLIScanSeriesSelection PROPERTIES
  PASS_REGULAR_EXPRESSION "\n2 series, .*exit code 0 ")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/CLISeriesSelection.expected-output
  "wrote 003_3_generated_series_3.nrrd\nwrote 005_5_generated_series_5.nrrd\n2 of 2 volumes of 2 series written\n")
itk_add_test(NAME ParallelSeriesCLIConvertSeriesSelection
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
    0 --expect-output ${CMAKE_CURRENT_BINARY_DIR}/CLISeriesSelection.expected-output
    -- ${_ps_cli} convert ${_ps_generated} ${_ps_out}/CLI_Generated_selection --series ${_ps_uid5} --series ${_ps_uid3})
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/CLIUnknownSeries.expected-output
  "parallel-series: --series: no series \"1.2.3.4.5\" in \"${_ps_generated}\"\n")
itk_add_test(NAME ParallelSeriesCLIConvertUnknownSeries
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
    1 --expect-output ${CMAKE_CURRENT_BINARY_DIR}/CLIUnknownSeries.expected-output
    -- ${_ps_cli} convert ${_ps_generated} ${_ps_out}/CLI_Generated_unknown --series ${_ps_uid3},1.2.3.4.5)
set_tests_properties(ParallelSeriesCLIScanJsonGeneratedDefaultRecursion ParallelSeriesCLIScanJsonGeneratedNoRecursive
  ParallelSeriesCLIScanJsonGeneratedMaxDepth1 ParallelSeriesCLIScanSeriesSelection
  ParallelSeriesCLIConvertSeriesSelection ParallelSeriesCLIConvertUnknownSeries
  PROPERTIES FIXTURES_REQUIRED ParallelSeriesCLI_Generated)
# --series-index K/N and --manifest FILE (what itk_parallelseries.dask runs per series): series 5
# numbered 7 of 120 (three digits), its manifest row in FILE, none in OUTDIR; K/N out of range is
# a usage error.
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/CLISeriesIndex.expected-output
  "wrote 007_5_generated_series_5.nrrd\n1 of 1 volumes of 1 series written\n")
itk_add_test(NAME ParallelSeriesCLIConvertSeriesIndex
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
    0 --expect-output ${CMAKE_CURRENT_BINARY_DIR}/CLISeriesIndex.expected-output
    -- ${_ps_cli} convert ${_ps_generated} ${_ps_out}/CLI_Generated_index --series ${_ps_uid5}
    --series-index 7/120 --manifest ${_ps_out}/CLI_Generated_index.csv)
set_tests_properties(ParallelSeriesCLIConvertSeriesIndex PROPERTIES
  FIXTURES_REQUIRED ParallelSeriesCLI_Generated FIXTURES_SETUP ParallelSeriesCLI_SeriesIndex)
if(UNIX)
  find_program(_ps_sh sh)
  itk_add_test(NAME ParallelSeriesCLICheckSeriesIndexManifest
    COMMAND ${_ps_sh} -c "test ! -e '${_ps_out}/CLI_Generated_index/manifest.csv' && test \"$(grep -c '^7,[^,]*,${_ps_uid5},' '${_ps_out}/CLI_Generated_index.csv')\" = 1 && test \"$(wc -l < '${_ps_out}/CLI_Generated_index.csv')\" = 2")
  set_tests_properties(ParallelSeriesCLICheckSeriesIndexManifest PROPERTIES FIXTURES_REQUIRED ParallelSeriesCLI_SeriesIndex)
endif()
foreach(_ps_bad "0/3" "4/3" "3")
  string(REPLACE "/" "of" _ps_bad_name "${_ps_bad}")
  itk_add_test(NAME ParallelSeriesCLIConvertBadSeriesIndex_${_ps_bad_name}
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
      2 -- ${_ps_cli} convert ${_ps_generated} ${_ps_out}/CLI_Generated_badindex --series-index ${_ps_bad})
  set_tests_properties(ParallelSeriesCLIConvertBadSeriesIndex_${_ps_bad_name} PROPERTIES
    PASS_REGULAR_EXPRESSION "--series-index needs K/N with 1 <= K <= N.*exit code 2 ")
endforeach()
# --files-from: the generated directory's files listed by find(1), from a file and from standard
# input: the same conversion as of the directory (checked against stock ITK).
if(UNIX)
  find_program(_ps_sh sh)
  set(_ps_list ${_ps_out}/CLI_Generated.list)
  foreach(_ps_from file stdin)
    if(_ps_from STREQUAL "file")
      set(_ps_script "find '${_ps_generated}' -type f > '${_ps_list}' && exec '$<TARGET_FILE:parallel-series>' convert --files-from '${_ps_list}' '${_ps_out}/CLI_Generated_from_${_ps_from}'")
    else()
      set(_ps_script "find '${_ps_generated}' -type f | '$<TARGET_FILE:parallel-series>' convert --files-from - '${_ps_out}/CLI_Generated_from_${_ps_from}'")
    endif()
    itk_add_test(NAME ParallelSeriesCLIConvertFilesFrom_${_ps_from}
      COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest 0 -- ${_ps_sh} -c "${_ps_script}")
    set_tests_properties(ParallelSeriesCLIConvertFilesFrom_${_ps_from} PROPERTIES
      FIXTURES_REQUIRED ParallelSeriesCLI_Generated FIXTURES_SETUP ParallelSeriesCLI_FilesFrom_${_ps_from})
    itk_add_test(NAME ParallelSeriesCLICheckFilesFrom_${_ps_from}
      COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIConvertTest
        --recursive --expect-volumes 11 ${_ps_out}/CLI_Generated_from_${_ps_from} ${_ps_generated})
    set_tests_properties(ParallelSeriesCLICheckFilesFrom_${_ps_from} PROPERTIES
      FIXTURES_REQUIRED "ParallelSeriesCLI_Generated;ParallelSeriesCLI_FilesFrom_${_ps_from}")
  endforeach()
endif()

# name|options (the last one reads every series in its own batch)
set(_ps_conversions
  "nii|--format|nii.gz"
  "niisingle|--format|nii.gz|--gzip-single-member"
  "mha|--format|mha|--compress|--threads|1"
  "batches|--format|nrrd|--max-memory|1"
)
foreach(_ps_conversion ${_ps_conversions})
  string(REPLACE "|" ";" _ps_conversion "${_ps_conversion}")
  list(GET _ps_conversion 0 _ps_name)
  list(REMOVE_AT _ps_conversion 0)
  set(_ps_dir ${_ps_out}/CLI_Generated_${_ps_name})
  itk_add_test(NAME ParallelSeriesCLIConvertGenerated_${_ps_name}
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
      0 -- ${_ps_cli} convert ${_ps_generated} ${_ps_dir} --recursive ${_ps_conversion})
  set_tests_properties(ParallelSeriesCLIConvertGenerated_${_ps_name} PROPERTIES
    FIXTURES_REQUIRED ParallelSeriesCLI_Generated
    FIXTURES_SETUP ParallelSeriesCLI_Generated_${_ps_name})
  itk_add_test(NAME ParallelSeriesCLICheckGenerated_${_ps_name}
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIConvertTest
      --recursive --expect-volumes 11 ${_ps_dir} ${_ps_generated})
  set_tests_properties(ParallelSeriesCLICheckGenerated_${_ps_name} PROPERTIES
    FIXTURES_REQUIRED "ParallelSeriesCLI_Generated;ParallelSeriesCLI_Generated_${_ps_name}")
endforeach()

# --resume: a conversion of the generated directory killed (SIGKILL) after its first volume and
# resumed ends with the files, manifest, sidecars and voxels of one uninterrupted conversion.
if(UNIX)
  foreach(_ps_resume "nrrd|--format|nrrd" "nii|--format|nii.gz")
    string(REPLACE "|" ";" _ps_resume "${_ps_resume}")
    list(GET _ps_resume 0 _ps_name)
    list(REMOVE_AT _ps_resume 0)
    itk_add_test(NAME ParallelSeriesCLIResume_${_ps_name}
      COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIResumeTest
        ${_ps_cli} ${_ps_generated} ${_ps_out}/CLI_Resume_${_ps_name} ${_ps_resume})
    set_tests_properties(ParallelSeriesCLIResume_${_ps_name} PROPERTIES
      FIXTURES_REQUIRED ParallelSeriesCLI_Generated TIMEOUT 600)
  endforeach()
endif()

# convert --stream (series read and written while the scan goes on) against the same conversion
# without it: manifest rows, volumes, sidecars; the first volume written before the scan ends.
itk_add_test(NAME ParallelSeriesCLIStream
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIStreamTest ${_ps_cli} ${_ps_out}/CLI_Stream)
set_tests_properties(ParallelSeriesCLIStream PROPERTIES TIMEOUT 300)

# The gzip members of the .nii.gz files (the default engine's, and --gzip-single-member's).
if(ParallelSeries_HAVE_GZIP)
  foreach(_ps_members "nii|default" "niisingle|single")
    string(REPLACE "|" ";" _ps_members "${_ps_members}")
    list(GET _ps_members 0 _ps_name)
    list(GET _ps_members 1 _ps_mode)
    itk_add_test(NAME ParallelSeriesCLIGzipMembers_${_ps_name}
      COMMAND ParallelSeriesCLITestDriver itkParallelSeriesGzipTest
        --check-members ${_ps_mode} ${_ps_out}/CLI_Generated_${_ps_name})
    set_tests_properties(ParallelSeriesCLIGzipMembers_${_ps_name} PROPERTIES
      FIXTURES_REQUIRED "ParallelSeriesCLI_Generated;ParallelSeriesCLI_Generated_${_ps_name}")
  endforeach()
endif()

#-- Unreadable input: generated by itkParallelSeriesCLIFailuresTest --generate-<MODE> into
# CLI_<NAME> (with the list of what must fail, CLI_<NAME>.failures), converted (exit code 1;
# further options of itkParallelSeriesCLIRunTest, e.g. --expect-output, after the counts), then
# checked: the failed volumes name the listed files, every other volume equals stock ITK.
# _ps_add_failures_test(NAME MODE EXPECT_VOLUMES EXPECT_FAILED RUN_OPTIONS...)
macro(_ps_add_failures_test _ps_f_name _ps_f_mode _ps_f_volumes _ps_f_failed)
  set(_ps_f_dir ${_ps_out}/CLI_${_ps_f_name})
  itk_add_test(NAME ParallelSeriesCLIGenerate${_ps_f_name}
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIFailuresTest --generate-${_ps_f_mode} ${_ps_f_dir})
  itk_add_test(NAME ParallelSeriesCLIConvert${_ps_f_name}
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
      1 ${ARGN} -- ${_ps_cli} convert ${_ps_f_dir} ${_ps_f_dir}_nrrd --recursive --threads 2)
  itk_add_test(NAME ParallelSeriesCLICheck${_ps_f_name}
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIFailuresTest
      --recursive --expected-failures ${_ps_f_dir}.failures --expect-volumes ${_ps_f_volumes}
      --expect-failed ${_ps_f_failed} ${_ps_f_dir}_nrrd ${_ps_f_dir})
  set_tests_properties(ParallelSeriesCLIGenerate${_ps_f_name} PROPERTIES FIXTURES_SETUP ParallelSeriesCLI_${_ps_f_name})
  set_tests_properties(ParallelSeriesCLIConvert${_ps_f_name} PROPERTIES
    FIXTURES_REQUIRED ParallelSeriesCLI_${_ps_f_name}
    FIXTURES_SETUP ParallelSeriesCLI_${_ps_f_name}_nrrd)
  set_tests_properties(ParallelSeriesCLICheck${_ps_f_name} PROPERTIES
    FIXTURES_REQUIRED "ParallelSeriesCLI_${_ps_f_name};ParallelSeriesCLI_${_ps_f_name}_nrrd")
endmacro()

# Damaged copy of the generated directory: one volume cannot be read, all others are converted,
# and a slice of another size is a series of its own. The damaged file is listed explicitly:
# stock ITK reads it (truncated pixel data) without error, so "stock ITK fails too" is not the
# criterion here.
_ps_add_failures_test(Broken broken 11 1)

# --split-by: by default the slice of another size in series 4 is series <uid>.20x<rows> (the rest
# <uid>.<columns>x<rows>); with --split-by none it stays in series <uid> (stock grouping).
itk_add_test(NAME ParallelSeriesCLIScanSplitBySize
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
    0 -- ${_ps_cli} scan ${_ps_out}/CLI_Broken --recursive)
itk_add_test(NAME ParallelSeriesCLIScanSplitByNone
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
    0 -- ${_ps_cli} scan ${_ps_out}/CLI_Broken --recursive --split-by none)
set_tests_properties(ParallelSeriesCLIScanSplitBySize PROPERTIES
  FIXTURES_REQUIRED ParallelSeriesCLI_Broken
  PASS_REGULAR_EXPRESSION "1125\\.99\\.4\\.0\\.0\\.20x[0-9]+ ")
set_tests_properties(ParallelSeriesCLIScanSplitByNone PROPERTIES
  FIXTURES_REQUIRED ParallelSeriesCLI_Broken
  PASS_REGULAR_EXPRESSION "1125\\.99\\.4\\.0\\.0 "
  FAIL_REGULAR_EXPRESSION "1125\\.99\\.4\\.0\\.0\\.[0-9]+x")

# Bad-input corpus (itkParallelSeriesBadInputCorpus.h: truncated, garbage, corrupt JPEG / JPEG
# 2000, declared lengths beyond the file, duplicate positions, symbolic-link loops, unreadable
# and non-UTF-8 file names, ... next to good series): the summary names every failed file with
# its series and every skipped file, the manifest has the expected failed rows, and every other
# volume equals stock ITK. TIMEOUT: no hang.
_ps_add_failures_test(Corpus corpus 18 5 --expect-output ${_ps_out}/CLI_Corpus.expected-output)
set_tests_properties(ParallelSeriesCLIConvertCorpus ParallelSeriesCLICheckCorpus PROPERTIES TIMEOUT 120)
# Each problem said once: the summary, not ITK's warning (with the build's source path) before it.
set_tests_properties(ParallelSeriesCLIConvertCorpus ParallelSeriesCLIConvertBroken PROPERTIES
  FAIL_REGULAR_EXPRESSION "WARNING: In |volumes failed:")

#-- Preprocessing (--crop, --crop-max, --size, --filter, --padding, --volume) and TIFF output ---
# Each conversion is checked against stock ITK's volume through itk::DicomPreprocessingImageFilter with
# the same settings (pixels equal); TIFF files are read back with libtiff: layout, pixels, the
# preprocessing tags on every page (values, on-disk types, coordinate mapping against
# MapOutputIndexToInputIndex) and, on the foreground directory, where the bright block lands.
# _ps_add_preprocess_test(NAME SRCDIR FIXTURE FORMAT THREADS EXPECT_VOLUMES OPTIONS...)
macro(_ps_add_preprocess_test _ps_p_name _ps_p_source _ps_p_fixture _ps_p_format _ps_p_threads _ps_p_expect)
  set(_ps_p_dir ${_ps_out}/CLI_Pre_${_ps_p_name})
  set(_ps_p_expect_args)
  if(NOT "${_ps_p_expect}" STREQUAL "")
    set(_ps_p_expect_args --expect-volumes ${_ps_p_expect})
  endif()
  itk_add_test(NAME ParallelSeriesCLIConvertPre_${_ps_p_name}
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
      0 -- ${_ps_cli} convert ${_ps_p_source} ${_ps_p_dir} --recursive --format ${_ps_p_format}
      --threads ${_ps_p_threads} ${ARGN})
  set_tests_properties(ParallelSeriesCLIConvertPre_${_ps_p_name} PROPERTIES
    FIXTURES_SETUP ParallelSeriesCLI_Pre_${_ps_p_name})
  itk_add_test(NAME ParallelSeriesCLICheckPre_${_ps_p_name}
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIPreprocessTest
      --recursive ${_ps_p_expect_args} ${ARGN} ${_ps_p_dir} ${_ps_p_source})
  if("${_ps_p_fixture}" STREQUAL "")
    set_tests_properties(ParallelSeriesCLICheckPre_${_ps_p_name} PROPERTIES
      FIXTURES_REQUIRED "ParallelSeriesCLI_Pre_${_ps_p_name}")
  else()
    set_tests_properties(ParallelSeriesCLIConvertPre_${_ps_p_name} PROPERTIES FIXTURES_REQUIRED "${_ps_p_fixture}")
    set_tests_properties(ParallelSeriesCLICheckPre_${_ps_p_name} PROPERTIES
      FIXTURES_REQUIRED "${_ps_p_fixture};ParallelSeriesCLI_Pre_${_ps_p_name}")
  endif()
endmacro()

# Foreground directory: zero background, a foreground rectangle, a bright block; one series has
# a frame of 255 (--crop keeps it, --crop-max crops it away).
set(_ps_foreground ${_ps_out}/CLI_Foreground)
itk_add_test(NAME ParallelSeriesCLIGenerateForeground
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIPreprocessTest --generate-foreground ${_ps_foreground})
set_tests_properties(ParallelSeriesCLIGenerateForeground PROPERTIES FIXTURES_SETUP ParallelSeriesCLI_Foreground)
set(_ps_fg ParallelSeriesCLI_Foreground)
set(_ps_gen ParallelSeriesCLI_Generated)

# manifest.csv that cannot be written (the destination is a directory): exit code 1, the error
# names the file, no manifest.csv.partial is left behind.
itk_add_test(NAME ParallelSeriesCLIManifestRenameFails
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIManifestTest
    ${_ps_cli} ${_ps_foreground} ${_ps_out}/CLI_ManifestRenameFails)
set_tests_properties(ParallelSeriesCLIManifestRenameFails PROPERTIES FIXTURES_REQUIRED ${_ps_fg})

# Other formats get the preprocessed image.
_ps_add_preprocess_test(ForegroundNRRD ${_ps_foreground} ${_ps_fg} nrrd 2 3
  --crop --size 40,64 --padding bottom-right --filter catmull-rom)
_ps_add_preprocess_test(ITKDataNRRD ${ITK_DICOM_DATA} "" nrrd 2 "" --crop --size 64,64 --filter triangle)
# dicom-preprocessing 0.1.2's options reach the filters (components crop, border, image-crate
# resampling, max-pool, --no-padding).
_ps_add_preprocess_test(ForegroundPeerNRRD ${_ps_foreground} ${_ps_fg} nrrd 2 3
  --crop --components -b 0.1 --size 40,64 --resampling image-crate -f max-pool --no-padding)
_ps_add_preprocess_test(ForegroundPeerCrateNRRD ${_ps_foreground} ${_ps_fg} nrrd 2 3
  --crop -n --size 40,64 --resampling image-crate --filter lanczos3 --padding center)

if(TIFF_FOUND) # --format tiff needs the system libtiff (the tool then builds with it too)
  _ps_add_preprocess_test(ForegroundTIFFKeep ${_ps_foreground} ${_ps_fg} tiff 1 3 --crop --size 64,64)
  _ps_add_preprocess_test(ForegroundTIFFCentral ${_ps_foreground} ${_ps_fg} tiff 2 3
    --crop-max --size 64,48 --padding center --volume central --filter lanczos3)
  _ps_add_preprocess_test(ForegroundTIFFMip ${_ps_foreground} ${_ps_fg} tiff 4 3
    --crop --size 48,64 --volume mip --padding zero --filter nearest)

  # Generated multi-series directory (11 volumes).
  _ps_add_preprocess_test(GeneratedTIFFKeep ${_ps_generated} ${_ps_gen} tiff 1 11 --crop --size 64,64 --volume keep)
  _ps_add_preprocess_test(GeneratedTIFFCentral ${_ps_generated} ${_ps_gen} tiff 2 11
    --crop --size 64,64 --volume central --padding center)
  _ps_add_preprocess_test(GeneratedTIFFMip ${_ps_generated} ${_ps_gen} tiff 4 11
    --crop --size 64,64 --volume mip --filter gaussian)
  # Every series in its own batch: the main thread waits for the writer thread, which runs the
  # preprocessing on ITK's pool (no nested wait: the writer is a plain std::thread).
  _ps_add_preprocess_test(GeneratedTIFFBatches ${_ps_generated} ${_ps_gen} tiff 1 11
    --crop --size 64,64 --max-memory 1 --padding top-left)

  # ITK's DICOM files (all pixel types, RGB included; 27 volumes with ITK 5.2.1's data).
  _ps_add_preprocess_test(ITKDataTIFFKeep ${ITK_DICOM_DATA} "" tiff 2 "" --crop --size 64,64 --volume keep)
  _ps_add_preprocess_test(ITKDataTIFFCentral ${ITK_DICOM_DATA} "" tiff 1 ""
    --crop-max --size 64,64 --volume central --padding center --filter lanczos3)
  _ps_add_preprocess_test(ITKDataTIFFMip ${ITK_DICOM_DATA} "" tiff 4 "" --crop --size 64,64 --volume mip --padding zero)
  # BigTIFF layout (forced; files above ~4 GiB are written so): the tag types are rewritten in
  # the 20-byte entries, inline.
  _ps_add_preprocess_test(ForegroundBigTIFF ${_ps_foreground} ${_ps_fg} tiff 2 3 --crop --size 64,64 --padding center)
  set_tests_properties(ParallelSeriesCLIConvertPre_ForegroundBigTIFF PROPERTIES ENVIRONMENT PARALLELSERIES_TIFF_BIGTIFF=1)
  # No preprocessing: no transform tag, native pixels (Deflate-compressed; PackBits).
  _ps_add_preprocess_test(ITKDataTIFFPlain ${ITK_DICOM_DATA} "" tiff 2 "" --compress)
  _ps_add_preprocess_test(ITKDataTIFFPackBits ${ITK_DICOM_DATA} "" tiff 2 "" -z packbits)
  # Compressors and the tag presence rule: each transform tag only when its step ran.
  _ps_add_preprocess_test(ForegroundTIFFLZW ${_ps_foreground} ${_ps_fg} tiff 2 3 --crop --size 64,48 --compressor lzw)
  _ps_add_preprocess_test(ForegroundTIFFCropOnly ${_ps_foreground} ${_ps_fg} tiff 2 3 --crop -z packbits)
  _ps_add_preprocess_test(ForegroundTIFFSizeOnly ${_ps_foreground} ${_ps_fg} tiff 2 3 --size 50,64 -z uncompressed)
  _ps_add_preprocess_test(GeneratedTIFFCentralOnly ${_ps_generated} ${_ps_gen} tiff 2 11 --volume central -z lzw)
endif()

#-- Siemens mosaics (nibabel's files, see test/CMakeLists.txt) -----------------------------------
# scan shows the de-mosaicked size; convert writes the de-mosaicked volumes with nibabel's voxels
# and geometry (read back with ITK's NIfTI and MetaImage readers).
if(ParallelSeries_HAVE_NIBABEL_DATA)
  set(_ps_mosaic ${ITK_TEST_OUTPUT_DIR}/MosaicNibabel)
  set(_ps_mosaic_baseline ${CMAKE_CURRENT_SOURCE_DIR}/Baseline/NibabelMosaic.txt)
  itk_add_test(NAME ParallelSeriesCLIMosaicScan
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest 0 -- ${_ps_cli} scan ${_ps_mosaic}/dwi)
  set_tests_properties(ParallelSeriesCLIMosaicScan PROPERTIES FIXTURES_REQUIRED MosaicNibabel
    PASS_REGULAR_EXPRESSION "128x128x48")
  itk_add_test(NAME ParallelSeriesCLIMosaicScanJson
    COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest 0 -- ${_ps_cli} scan ${_ps_mosaic}/dwi --json)
  set_tests_properties(ParallelSeriesCLIMosaicScanJson PROPERTIES FIXTURES_REQUIRED MosaicNibabel
    PASS_REGULAR_EXPRESSION
      "\"size\": \\[128, 128, 48\\].*\"mosaic\": {\"images\": 48, \"stored_size\": \\[896, 896\\], \"slice_spacing_source\": \"SpacingBetweenSlices\"}")
  foreach(_ps_case dwi:nii:siemens_dwi_0.dcm,siemens_dwi_1000.dcm pattern:mha:pattern pattern:nrrd:pattern)
    string(REPLACE ":" ";" _ps_parts "${_ps_case}")
    list(GET _ps_parts 0 _ps_dir)
    list(GET _ps_parts 1 _ps_format)
    list(GET _ps_parts 2 _ps_cases)
    string(REPLACE "," ";" _ps_cases "${_ps_cases}")
    set(_ps_converted ${_ps_out}/CLI_Mosaic_${_ps_dir}_${_ps_format})
    itk_add_test(NAME ParallelSeriesCLIMosaicConvert_${_ps_dir}_${_ps_format}
      COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIRunTest
        0 -- ${_ps_cli} convert ${_ps_mosaic}/${_ps_dir} ${_ps_converted} --format ${_ps_format})
    set_tests_properties(ParallelSeriesCLIMosaicConvert_${_ps_dir}_${_ps_format} PROPERTIES
      FIXTURES_REQUIRED MosaicNibabel FIXTURES_SETUP MosaicConverted_${_ps_dir}_${_ps_format})
    itk_add_test(NAME ParallelSeriesCLIMosaicCheck_${_ps_dir}_${_ps_format}
      COMMAND ParallelSeriesTestDriver itkParallelSeriesMosaicNibabelTest
        --check-converted ${_ps_converted} ${_ps_mosaic_baseline} ${_ps_cases})
    set_tests_properties(ParallelSeriesCLIMosaicCheck_${_ps_dir}_${_ps_format} PROPERTIES
      FIXTURES_REQUIRED MosaicConverted_${_ps_dir}_${_ps_format})
  endforeach()
endif()

#-- Geometry correction (gantry tilt, variable slice distance) ---------------------------------
# --geometry-correction off|extra|replace on generated tilted / unevenly spaced stacks holding a
# linear phantom: names, manifest rows, corrected grids and voxels against the analytic truth,
# every output format, preprocessing of corrected outputs.
itk_add_test(NAME ParallelSeriesCLIGeometryCorrection
  COMMAND ParallelSeriesCLITestDriver itkParallelSeriesCLIGeometryCorrectionTest
    ${_ps_cli} ${_ps_out}/CLI_GeometryCorrection)
