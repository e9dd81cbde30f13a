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

// What parallel-series convert does with input it cannot read: the failed volumes are listed in
// the manifest with the file that failed, every other volume is converted and equals stock ITK.
//
//   itkParallelSeriesCLIFailuresTest --generate-broken DIR
//       The multi-series test directory with two series damaged so that one volume of each
//       cannot be read (stock ITK silently reads garbage for one of them); the damaged files are
//       listed in DIR.failures.
//   itkParallelSeriesCLIFailuresTest --generate-corpus DIR
//       Writes the bad-input corpus (itkParallelSeriesBadInputCorpus.h), DIR.failures (for
//       --expected-failures; "series ID" lines: series without volume) and DIR.expected-output
//       (what the tool's summary must mention, for itkParallelSeriesCLIRunTest --expect-output).
//   itkParallelSeriesCLIFailuresTest [--recursive] [--expect-volumes N] --expected-failures LIST
//                                    [--expect-failed N] OUTDIR SRCDIR
//       Checks what "parallel-series convert SRCDIR OUTDIR" wrote (itkParallelSeriesCLIConversionCheck.h).
//       A failed row must name a file listed in LIST (or be a series listed there as
//       "series ID", without volume, that the scan reports); every entry of LIST must fail.
//       --expect-failed: the number of failed volumes.

#include "itkParallelSeriesBadInputCorpus.h"
#include "itkParallelSeriesCLIConversionCheck.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

namespace
{
int
GenerateBroken(const std::string & root)
{
  // Series 1: one file truncated in its pixel data: its volume fails (stock ITK reads it).
  // Series 4: one file replaced by a slice of another size: a series of its own (split by size),
  // both parts converted (stock ITK fails on the whole series).
  const auto broken = ParallelSeriesTest::DamageTwoVolumes(ParallelSeriesTest::GenerateMultiSeriesDirectory(root, 3));
  std::ofstream(root + ".failures") << broken[0] << "\n";
  std::cout << "broken files: " << broken[0] << ", " << broken[1] << std::endl;
  return EXIT_SUCCESS;
}

int
GenerateCorpus(const std::string & root)
{
  // DIR.failures: files whose volume fails, "series ID" for series without volume;
  // DIR.expected-output: what the tool's summary must mention (every failed file and its
  // series, every skipped file).
  const auto    corpus = ParallelSeriesTest::GenerateBadInputCorpus(root);
  std::ofstream failures(root + ".failures");
  std::ofstream expected(root + ".expected-output");
  using O = ParallelSeriesTest::BadInputCase::Outcome;
  for (const auto & c : corpus.Cases)
  {
    if (c.Expected == O::VolumeFailed)
    {
      failures << c.File << "\n";
      expected << "file \"" << c.File << "\"\n" << c.SeriesUID << "\n";
    }
    else if (c.Expected == O::SeriesFailed)
    {
      failures << "series " << c.SeriesUID << "\n";
      expected << c.SeriesUID << "\n" << c.File << "\n";
    }
    else if (c.Expected == O::Skipped)
    {
      expected << "skipped \"" << c.File << "\": \n";
    }
  }
  std::cout << corpus.Series.size() << " series and " << corpus.Cases.size() << " bad inputs written to " << root
            << std::endl;
  return EXIT_SUCCESS;
}
} // namespace

int
itkParallelSeriesCLIFailuresTest(int argc, char * argv[])
{
  using namespace ParallelSeriesCLITest;
  const std::vector<std::string> args(argv + 1, argv + argc);
  try
  {
    if (args.size() == 2 && args[0] == "--generate-broken")
    {
      return GenerateBroken(args[1]);
    }
    if (args.size() == 2 && args[0] == "--generate-corpus")
    {
      return GenerateCorpus(args[1]);
    }
    long                  expectedFailed = -1;
    std::string           listFile;
    std::set<std::string> expectedFailures;       // files whose volume must fail
    std::set<std::string> expectedSeriesFailures; // series without volume
    ConversionCheck       check;
    if (!check.Parse(
          args,
          [&](const std::vector<std::string> & a, size_t & i) {
            if (a[i] == "--expect-failed" && i + 1 < a.size())
            {
              expectedFailed = std::atol(a[++i].c_str());
              return true;
            }
            if (a[i] == "--expected-failures" && i + 1 < a.size())
            {
              listFile = a[++i];
              return true;
            }
            return false;
          },
          std::string(argv[0]) + " --generate-broken DIR | --generate-corpus DIR\n       " + argv[0] +
            " [--recursive] [--expect-volumes N] --expected-failures LIST [--expect-failed N] OUTDIR SRCDIR"))
    {
      return EXIT_FAILURE;
    }
    // LIST: one per line, the files whose volume is expected to fail; lines "series IDENTIFIER":
    // a series without volume (series-level failure).
    std::ifstream list(listFile);
    std::string   line;
    while (std::getline(list, line))
    {
      if (line.compare(0, 7, "series ") == 0)
      {
        expectedSeriesFailures.insert(line.substr(7));
      }
      else if (!line.empty())
      {
        expectedFailures.insert(line);
      }
    }
    if (expectedFailures.empty() && expectedSeriesFailures.empty())
    {
      std::cerr << "no expected failure listed in \"" << listFile << "\"" << std::endl;
      return EXIT_FAILURE;
    }

    std::set<std::string>  failedExpected;
    const ConversionResult result = CheckConversion(check, [&](const FailedRow & f) {
      const std::string & id = f.Row.at("series_identifier");
      if (!f.HasVolume && expectedSeriesFailures.count(id) && !f.Scanner->GetSeriesError(id).empty())
      {
        std::cout << "  accepted: expected series failure" << std::endl;
        failedExpected.insert("series " + id);
        return true;
      }
      if (expectedFailures.count(f.FailedFile))
      {
        std::cout << "  accepted: expected failure" << std::endl;
        failedExpected.insert(f.FailedFile);
        return true;
      }
      return RejectFailure(f);
    });
    bool                   ok = result.Ok;
    for (const std::string & f : expectedFailures)
    {
      if (!failedExpected.count(f))
      {
        std::cerr << "the volume of \"" << f << "\" was expected to fail" << std::endl;
        ok = false;
      }
    }
    for (const std::string & id : expectedSeriesFailures)
    {
      if (!failedExpected.count("series " + id))
      {
        std::cerr << "series \"" << id << "\" was expected to fail" << std::endl;
        ok = false;
      }
    }
    if (expectedFailed >= 0 && result.AcceptedFailures != static_cast<unsigned int>(expectedFailed))
    {
      std::cerr << "expected " << expectedFailed << " failed volumes, " << result.AcceptedFailures << " were accepted"
                << std::endl;
      ok = false;
    }
    return ok ? EXIT_SUCCESS : EXIT_FAILURE;
  }
  catch (const std::exception & e)
  {
    std::cerr << "error: " << e.what() << std::endl;
  }
  return EXIT_FAILURE;
}
