/*=========================================================================
 *
 *  Copyright NumFOCUS
 *
 *  Licensed under the Apache License, Version 2.0 (the "License");
 *  you may not use this file except in compliance with the License.
 *  You may obtain a copy of the License at
 *
 *         http://www.apache.org/licenses/LICENSE-2.0.txt
 *
 *  Unless required by applicable law or agreed to in writing, software
 *  distributed under the License is distributed on an "AS IS" BASIS,
 *  WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 *  See the License for the specific language governing permissions and
 *  limitations under the License.
 *
 *=========================================================================*/

// parallel-series: lists the DICOM series of a directory, or converts every volume of every
// series to NRRD, NIfTI, MetaImage or multi-page TIFF in its native pixel type, optionally
// preprocessed for ML as dicom-preprocessing does (crop, resize, pad, slice selection), reading
// all series in parallel with ParallelSeriesReader.
//
//   parallel-series scan DIR|--files-from FILE [--no-recursive] [--json] [--threads N]
//   parallel-series convert DIR|--files-from FILE OUTDIR [--resume] [--format nrrd|nii.gz|nii|mha|tiff] [--compress]
//                                      [--threads N] [--max-memory MB] [--crop] [--crop-max]
//                                      [--size W,H] [--filter F] [--padding P] [--volume V]
//
// This file is the entry point: it parses the command line (ParallelSeriesCommandLine.h) and
// runs a command (ParallelSeriesScanCommand.h, ParallelSeriesConvertCommand.h). The output
// formats' ImageIO factories are registered by ITK's factory registration (CMake: ITK_USE_FILE
// with the IO modules as components of find_package(ITK)).

#include "ParallelSeriesCommandLine.h"
#include "ParallelSeriesConvertCommand.h"
#include "ParallelSeriesOutputWindow.h"
#include "ParallelSeriesScanCommand.h"

#include "itkMacro.h"
#include "itkMultiThreaderBase.h"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#ifdef __GLIBC__
#  include <malloc.h>
#endif

using namespace ParallelSeriesApp;

namespace
{
/** glibc serves every block above its mmap threshold (128 KiB, raised dynamically up to 32 MiB
 * by the blocks freed) with a fresh mmap, whose pages the kernel faults in and zeroes on first
 * touch: every decoded volume, display image and preprocessing stage of a file (6.8 MB for a
 * mammogram, 51 MB for a DBT stack) was new memory. Blocks up to 64 MiB come from the heap
 * instead, and up to 256 MiB of freed memory is kept for the next file. On the benchmark's sets
 * (benchmark/dicom_preprocessing_bench.py, docs/benchmark.md) this halves the page faults and
 * cuts the CPU time by 30-45 % for a peak RSS within 10 MB of glibc's defaults (the heap holds
 * what the writer threads hold at once anyway). The environment's MALLOC_MMAP_THRESHOLD_ /
 * MALLOC_TRIM_THRESHOLD_ win when set. */
void
ReuseFreedMemory()
{
#ifdef __GLIBC__
  if (!std::getenv("MALLOC_MMAP_THRESHOLD_"))
  {
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
  }
  if (!std::getenv("MALLOC_TRIM_THRESHOLD_"))
  {
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
  }
#endif
}
} // namespace

int
main(int argc, char * argv[])
{
  ReuseFreedMemory();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty())
  {
    PrintUsage(std::cerr);
    return ExitUsage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help")
  {
    PrintHelp();
    return ExitOK;
  }
  if (args[0] == "--version")
  {
    PrintVersion();
    return ExitOK;
  }
  if (std::find(args.begin(), args.end(), "--help") != args.end())
  {
    PrintHelp();
    return ExitOK;
  }
  Options o;
  try
  {
    o = ParseCommandLine(args);
    if (o.Command != "scan" && !FormatAvailable(o.Format))
    {
      throw UsageError{ "format \"" + o.Format + "\" is not available in this build" };
    }
  }
  catch (const UsageError & e)
  {
    std::cerr << ProgramName << ": " << e.Message << "\n";
    PrintUsage(std::cerr);
    return ExitUsage;
  }

  InstallOutputWindow(); // ITK's messages once, without the build's source path
  if (o.Threads > 0)
  {
    itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(o.Threads);
  }
  try
  {
    return o.Command == "scan" ? RunScan(o) : RunConvert(o);
  }
  catch (const itk::ExceptionObject & e)
  {
    std::cerr << ProgramName << ": error: " << e.GetDescription() << std::endl;
  }
  catch (const std::exception & e)
  {
    std::cerr << ProgramName << ": error: " << e.what() << std::endl;
  }
  return ExitFailure;
}
