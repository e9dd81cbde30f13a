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

// The output of parallel-series scan --json against the library's scan of the same directory:
//
//   itkParallelSeriesCLIScanTest [--recursive] [--expect-series N] [--expect-skipped N] CLI SRCDIR
//       Runs "CLI scan SRCDIR --json [--recursive]", parses its output (an independent JSON
//       reader) and compares every series (identifiers, attributes, pixel type, counts, size and
//       geometry, error) and every skipped file with a ParallelGDCMSeriesFileNames scan of SRCDIR.

#include "itkParallelSeriesComponentTypes.h"
#include "itkParallelSeriesJsonReader.h"
#include "itkParallelSeriesRunProgram.h"
#include "itkParallelSeriesTestUtilities.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <set>
#include <string>
#include <vector>

int
itkParallelSeriesCLIScanTest(int argc, char * argv[])
{
  using namespace ParallelSeriesCLITest;
  using SummaryType = itk::ParallelGDCMSeriesFileNames::SeriesSummary;
  const std::vector<std::string> args(argv + 1, argv + argc);
  bool                           recursive = false;
  long                           expectedSeries = -1;
  long                           expectedSkipped = -1;
  std::vector<std::string>       positional;
  for (size_t i = 0; i < args.size(); ++i)
  {
    if (args[i] == "--recursive")
    {
      recursive = true;
    }
    else if (args[i] == "--expect-series" && i + 1 < args.size())
    {
      expectedSeries = std::atol(args[++i].c_str());
    }
    else if (args[i] == "--expect-skipped" && i + 1 < args.size())
    {
      expectedSkipped = std::atol(args[++i].c_str());
    }
    else
    {
      positional.push_back(args[i]);
    }
  }
  if (positional.size() != 2)
  {
    std::cerr << "Usage: " << argv[0] << " [--recursive] [--expect-series N] [--expect-skipped N] CLI SRCDIR"
              << std::endl;
    return EXIT_FAILURE;
  }
  std::vector<std::string> command = { positional[0], "scan", positional[1], "--json" };
  if (recursive)
  {
    command.emplace_back("--recursive");
  }
  std::string output;
  const int   code = RunProgram(command, output);
  if (code != 0)
  {
    std::cerr << "scan --json exited with " << code << std::endl;
    return EXIT_FAILURE;
  }
  JsonValue root;
  try
  {
    root = JsonParser(output).Parse();
  }
  catch (const std::exception & e)
  {
    std::cerr << e.what() << "\nOutput:\n" << output << std::endl;
    return EXIT_FAILURE;
  }
  const JsonValue * series = root.Find("series");
  const JsonValue * skipped = root.Find("skipped_files");
  if (root.Type != JsonValue::Kind::Object || series == nullptr || series->Type != JsonValue::Kind::Array ||
      skipped == nullptr || skipped->Type != JsonValue::Kind::Array)
  {
    std::cerr << "the JSON output is not an object with arrays \"series\" and \"skipped_files\"" << std::endl;
    return EXIT_FAILURE;
  }

  const auto   scanner = ParallelSeriesTest::ScanDirectory(positional[1], recursive);
  const auto & uids = scanner->GetSeriesUIDs();
  bool         ok = true;
  if (expectedSeries >= 0 && series->Array.size() != static_cast<size_t>(expectedSeries))
  {
    std::cerr << "expected " << expectedSeries << " series, the JSON lists " << series->Array.size() << std::endl;
    ok = false;
  }
  if (series->Array.size() != uids.size())
  {
    std::cerr << "the scan finds " << uids.size() << " series, the JSON lists " << series->Array.size() << std::endl;
    ok = false;
  }
  std::set<std::string> seen;
  std::set<double>      indices;
  for (const JsonValue & s : series->Array)
  {
    const JsonValue * id = s.Find("series_identifier");
    if (id == nullptr || id->Type != JsonValue::Kind::String ||
        std::find(uids.begin(), uids.end(), id->String) == uids.end() || !seen.insert(id->String).second)
    {
      std::cerr << "unknown or repeated series_identifier in the JSON" << std::endl;
      ok = false;
      continue;
    }
    const SummaryType & m = scanner->GetSeriesSummary(id->String);
    const std::string   what = "series " + id->String;
    if (const JsonValue * index = s.Find("index"))
    {
      indices.insert(index->Number);
    }
    ok = JsonStringIs(s.Find("series_instance_uid"), m.SeriesInstanceUID, what + " series_instance_uid") && ok;
    ok = JsonStringIs(s.Find("study_instance_uid"), m.StudyInstanceUID, what + " study_instance_uid") && ok;
    ok = JsonStringIs(s.Find("series_number"), m.SeriesNumber, what + " series_number") && ok;
    ok = JsonStringIs(s.Find("series_description"), m.SeriesDescription, what + " series_description") && ok;
    ok = JsonStringIs(s.Find("modality"), m.Modality, what + " modality") && ok;
    ok = JsonStringIs(s.Find("pixel_type"),
                      itk::ParallelSeriesComponentTypes::PixelTypeName(m.ComponentType, m.SamplesPerPixel),
                      what + " pixel_type") &&
         ok;
    ok = JsonNumberIs(s.Find("files"), m.NumberOfFiles, what + " files") && ok;
    ok = JsonNumberIs(s.Find("volumes"), m.NumberOfVolumes, what + " volumes") && ok;
    ok = JsonNumberIs(s.Find("samples_per_pixel"), m.SamplesPerPixel, what + " samples_per_pixel") && ok;
    ok =
      JsonNumberIs(s.Find("total_file_bytes"), static_cast<double>(m.TotalFileBytes), what + " total_file_bytes") && ok;
    ok = JsonArrayIs(s.Find("size"), { double(m.Columns), double(m.Rows), double(m.NumberOfSlices) }, what + " size") &&
         ok;
    ok = JsonArrayIs(s.Find("spacing"), { m.Spacing[0], m.Spacing[1], m.Spacing[2] }, what + " spacing") && ok;
    ok = JsonArrayIs(s.Find("origin"), { m.Origin[0], m.Origin[1], m.Origin[2] }, what + " origin") && ok;
    const JsonValue * direction = s.Find("direction");
    if (direction == nullptr || direction->Type != JsonValue::Kind::Array || direction->Array.size() != 3)
    {
      std::cerr << what << ": direction is not a 3 x 3 array" << std::endl;
      ok = false;
    }
    else
    {
      for (unsigned int r = 0; r < 3; ++r)
      {
        ok = JsonArrayIs(&direction->Array[r],
                         { m.Direction[r][0], m.Direction[r][1], m.Direction[r][2] },
                         what + " direction row " + std::to_string(r)) &&
             ok;
      }
    }
    const JsonValue * error = s.Find("error");
    if ((error != nullptr) != !m.Error.empty() || (error && !JsonStringIs(error, m.Error, what + " error")))
    {
      std::cerr << what << ": error field does not match the scan (\"" << m.Error << "\")" << std::endl;
      ok = false;
    }
  }
  if (indices.size() != series->Array.size() ||
      (!indices.empty() && (*indices.begin() != 1.0 || *indices.rbegin() != double(indices.size()))))
  {
    std::cerr << "series indices are not 1.." << series->Array.size() << std::endl;
    ok = false;
  }
  if (expectedSkipped >= 0 && skipped->Array.size() != static_cast<size_t>(expectedSkipped))
  {
    std::cerr << "expected " << expectedSkipped << " skipped files, the JSON lists " << skipped->Array.size()
              << std::endl;
    ok = false;
  }
  if (skipped->Array.size() != scanner->GetSkippedFiles().size())
  {
    std::cerr << "the scan skips " << scanner->GetSkippedFiles().size() << " files, the JSON lists "
              << skipped->Array.size() << std::endl;
    ok = false;
  }
  for (size_t i = 0; i < skipped->Array.size() && i < scanner->GetSkippedFiles().size(); ++i)
  {
    ok = JsonStringIs(skipped->Array[i].Find("file"), scanner->GetSkippedFiles()[i].FileName, "skipped file") && ok;
    ok = JsonStringIs(skipped->Array[i].Find("reason"), scanner->GetSkippedFiles()[i].Reason, "skip reason") && ok;
  }
  std::cout << series->Array.size() << " series and " << skipped->Array.size() << " skipped files checked" << std::endl;
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
