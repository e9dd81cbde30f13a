# Tests of SliceStackResampleImageFilter (gantry tilt and variable slice distance correction).
# Included from test/CMakeLists.txt. Its dcm2niix oracle (test/slice_stack_dcm2niix_oracle.py)
# needs pydicom, nibabel and dcm2niix, which CI does not install: it is run by hand and calls
# the driver's itkSliceStackResampleImageFilterOracle (see docs/geometry-correction.md).

set(ParallelSeriesSliceStackTests
  itkSliceStackResampleImageFilterTest.cxx
  itkSliceStackResampleImageFilterOracle.cxx
)

CreateTestDriver(ParallelSeriesSliceStack "${ParallelSeries-Test_LIBRARIES}" "${ParallelSeriesSliceStackTests}")

# Synthetic tilted / unevenly spaced stacks with known true positions: a linear phantom, the
# geometry, pass-through of constant inputs, work units, bad positions, padding value.
itk_add_test(NAME itkSliceStackResampleImageFilterTest
  COMMAND ParallelSeriesSliceStackTestDriver itkSliceStackResampleImageFilterTest)
