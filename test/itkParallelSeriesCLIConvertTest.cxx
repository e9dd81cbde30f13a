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

// The outputs of parallel-series convert in its formats (NRRD, NIfTI, .nii.gz, MetaImage; in
// batches under --max-memory) against stock ITK:
//
//   itkParallelSeriesCLIConvertTest --generate DIR
//       Writes the multi-series test directory (ParallelSeriesTest::GenerateMultiSeriesDirectory:
//       10 series, one with 2 volumes, nested folders, junk files).
//   itkParallelSeriesCLIConvertTest [--recursive] [--expect-volumes N] [--allow-stock-failures]
//                                   OUTDIR SRCDIR
//       Checks what "parallel-series convert SRCDIR OUTDIR" wrote (itkParallelSeriesCLIConversionCheck.h:
//       the manifest, and every volume against stock ITK). --expect-volumes: the number of
//       converted volumes. A failed row is an error, unless --allow-stock-failures is given and
//       stock ITK fails on the volume too (or, for a series without volume, the scan reports it).

#include "itkParallelSeriesCLIConversionCheck.h"

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace
{
/** Reads with stock ITK as the tool's native type; true when stock ITK fails too. */
template <typename TPixel>
bool
StockFails(const std::vector<std::string> & files, std::string & reason)
{
  try
  {
    ParallelSeriesTest::ReadWithStockITK<itk::Image<TPixel, 3>>(files);
  }
  catch (const itk::ExceptionObject & e)
  {
    reason = e.GetDescription();
    return true;
  }
  return false;
}
} // namespace

int
itkParallelSeriesCLIConvertTest(int argc, char * argv[])
{
  using namespace ParallelSeriesCLITest;
  const std::vector<std::string> args(argv + 1, argv + argc);
  try
  {
    if (args.size() == 2 && args[0] == "--generate")
    {
      const auto generated = ParallelSeriesTest::GenerateMultiSeriesDirectory(args[1]);
      std::cout << generated.size() << " series written to " << args[1] << std::endl;
      return EXIT_SUCCESS;
    }
    bool            allowStockFailures = false;
    ConversionCheck check;
    if (!check.Parse(
          args,
          [&allowStockFailures](const std::vector<std::string> & a, size_t & i) {
            if (a[i] != "--allow-stock-failures")
            {
              return false;
            }
            allowStockFailures = true;
            return true;
          },
          std::string(argv[0]) + " --generate DIR\n       " + argv[0] +
            " [--recursive] [--expect-volumes N] [--allow-stock-failures] OUTDIR SRCDIR"))
    {
      return EXIT_FAILURE;
    }
    const ConversionResult result = CheckConversion(check, [allowStockFailures](const FailedRow & f) {
      if (!allowStockFailures)
      {
        return RejectFailure(f);
      }
      std::string reason;
      bool        stockFails = false;
      if (!f.HasVolume)
      {
        // A series without consistent volume: stock ITK would stack all its files into one
        // (wrong) volume; the failure is accepted when the scan itself reports the series.
        reason = f.Scanner->GetSeriesError(f.Row.at("series_identifier"));
        stockFails = !reason.empty();
      }
      else if (!itk::ParallelSeriesComponentTypes::VisitNativePixelType(
                 f.Summary.ComponentType, f.Summary.SamplesPerPixel, [&](auto tag) {
                   stockFails = StockFails<typename decltype(tag)::Type>(f.Files, reason);
                 }))
      {
        stockFails = false;
        reason = "unsupported pixel type " + PixelTypeName(f.Summary);
      }
      if (!stockFails)
      {
        std::cerr << f.What << ": the tool failed (" << f.Row.at("error") << ") but stock ITK reads the volume"
                  << std::endl;
        return false;
      }
      std::cout << "  accepted: stock ITK fails too: " << reason << std::endl;
      return true;
    });
    return result.Ok ? EXIT_SUCCESS : EXIT_FAILURE;
  }
  catch (const std::exception & e)
  {
    std::cerr << "error: " << e.what() << std::endl;
  }
  return EXIT_FAILURE;
}
