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
#include "itksys/Directory.hxx"
#include "itksys/SystemTools.hxx"
#include "itkParallelSeriesTestUtilities.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <set>
#include <string>
#include <vector>

int
itkParallelSeriesCLIScanTest(int argc, char * argv[])
{
  using namespace ParallelSeriesCLITest;
  using SummaryType = itk::ParallelSeriesSummary;
  const std::vector<std::string> args(argv + 1, argv + argc);
  bool                           recursive = false;
  bool                           defaultRecursion = false; // pass no recursion option (the default: recursive)
  int                            maxDepth = -1;
  long                           expectedSeries = -1;
  long                           expectedSkipped = -1;
  std::vector<std::string>       positional;
  for (size_t i = 0; i < args.size(); ++i)
  {
    if (args[i] == "--recursive")
    {
      recursive = true;
    }
    else if (args[i] == "--default-recursion")
    {
      recursive = true;
      defaultRecursion = true;
    }
    else if (args[i] == "--max-depth" && i + 1 < args.size())
    {
      recursive = true;
      maxDepth = std::atoi(args[++i].c_str());
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
  if (maxDepth >= 0)
  {
    command.emplace_back("--max-depth");
    command.emplace_back(std::to_string(maxDepth));
  }
  else if (!defaultRecursion)
  {
    command.emplace_back(recursive ? "--recursive" : "--no-recursive");
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

  auto scanner = itk::ParallelGDCMSeriesFileNames::New();
  scanner->SetInputDirectory(positional[1]);
  scanner->SetRecursive(recursive);
  scanner->SetMaxDepth(maxDepth);
  scanner->Update();
  // The files the scan must have looked at, listed independently (itksys::Directory, depth by
  // depth; names starting with '.' skipped as the scanner does; no links in these directories).
  {
    std::function<size_t(const std::string &, int)> count = [&](const std::string & dir, int depth) -> size_t {
      itksys::Directory d;
      d.Load(dir);
      size_t n = 0;
      for (unsigned long i = 0; i < d.GetNumberOfFiles(); ++i)
      {
        const std::string name = d.GetFile(i);
        if (name.empty() || name[0] == '.')
        {
          continue;
        }
        const std::string path = dir + "/" + name;
        if (itksys::SystemTools::FileIsDirectory(path))
        {
          n += recursive && (maxDepth < 0 || depth < maxDepth) ? count(path, depth + 1) : 0;
        }
        else
        {
          ++n;
        }
      }
      return n;
    };
    const JsonValue * scanned = root.Find("scanned_files");
    const size_t      expectedFiles = count(positional[1], 0);
    if (scanned == nullptr || scanned->Type != JsonValue::Kind::Number ||
        static_cast<size_t>(scanned->Number) != expectedFiles)
    {
      std::cerr << "scanned_files: expected " << expectedFiles << " (the files "
                << (recursive
                      ? (maxDepth >= 0 ? "down to depth " + std::to_string(maxDepth) : std::string("of the tree"))
                      : std::string("of the directory"))
                << ")" << std::endl;
      return EXIT_FAILURE;
    }
    std::cout << "scanned_files = " << expectedFiles << " as listed independently" << std::endl;
  }
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
    const SummaryType   m = scanner->GetSeriesSummary(id->String);
    const std::string   what = "series " + id->String;
    if (const JsonValue * index = s.Find("index"))
    {
      indices.insert(index->Number);
    }
    ok = JsonStringIs(s.Find("series_instance_uid"), m.GetSeriesInstanceUID(), what + " series_instance_uid") && ok;
    ok = JsonStringIs(s.Find("study_instance_uid"), m.GetStudyInstanceUID(), what + " study_instance_uid") && ok;
    ok = JsonStringIs(s.Find("series_number"), m.GetSeriesNumber(), what + " series_number") && ok;
    ok = JsonStringIs(s.Find("series_description"), m.GetSeriesDescription(), what + " series_description") && ok;
    ok = JsonStringIs(s.Find("modality"), m.GetModality(), what + " modality") && ok;
    ok = JsonStringIs(s.Find("pixel_type"),
                      itk::ParallelSeriesComponentTypes::PixelTypeName(m.GetComponentType(), m.GetSamplesPerPixel()),
                      what + " pixel_type") &&
         ok;
    ok = JsonNumberIs(s.Find("files"), m.GetNumberOfFiles(), what + " files") && ok;
    ok = JsonNumberIs(s.Find("volumes"), m.GetNumberOfVolumes(), what + " volumes") && ok;
    ok = JsonNumberIs(s.Find("samples_per_pixel"), m.GetSamplesPerPixel(), what + " samples_per_pixel") && ok;
    ok = JsonNumberIs(
           s.Find("total_file_bytes"), static_cast<double>(m.GetTotalFileBytes()), what + " total_file_bytes") &&
         ok;
    ok = JsonArrayIs(s.Find("size"),
                     { double(m.GetColumns()), double(m.GetRows()), double(m.GetNumberOfSlices()) },
                     what + " size") &&
         ok;
    ok =
      JsonArrayIs(s.Find("spacing"), { m.GetSpacing()[0], m.GetSpacing()[1], m.GetSpacing()[2] }, what + " spacing") &&
      ok;
    ok =
      JsonArrayIs(s.Find("origin"), { m.GetOrigin()[0], m.GetOrigin()[1], m.GetOrigin()[2] }, what + " origin") && ok;
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
                         { m.GetDirection()[r][0], m.GetDirection()[r][1], m.GetDirection()[r][2] },
                         what + " direction row " + std::to_string(r)) &&
             ok;
      }
    }
    const JsonValue * error = s.Find("error");
    if ((error != nullptr) != !m.GetError().empty() || (error && !JsonStringIs(error, m.GetError(), what + " error")))
    {
      std::cerr << what << ": error field does not match the scan (\"" << m.GetError() << "\")" << std::endl;
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
  if (skipped->Array.size() != scanner->GetNumberOfSkippedFiles())
  {
    std::cerr << "the scan skips " << scanner->GetNumberOfSkippedFiles() << " files, the JSON lists "
              << skipped->Array.size() << std::endl;
    ok = false;
  }
  for (size_t i = 0; i < skipped->Array.size() && i < scanner->GetNumberOfSkippedFiles(); ++i)
  {
    ok = JsonStringIs(skipped->Array[i].Find("file"), scanner->GetSkippedFile(i).GetFileName(), "skipped file") && ok;
    ok = JsonStringIs(skipped->Array[i].Find("reason"), scanner->GetSkippedFile(i).GetReason(), "skip reason") && ok;
  }
  std::cout << series->Array.size() << " series and " << skipped->Array.size() << " skipped files checked" << std::endl;
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
