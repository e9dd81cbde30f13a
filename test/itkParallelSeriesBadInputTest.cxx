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

// Bad input, all in one directory with good series (itkParallelSeriesBadInputCorpus.h): the
// scanner and the reader must not crash or hang, must name the file (and the series, when it
// has one) of every bad input with a reason, and must read every good series exactly as stock
// ITK (ImageSeriesReader + GDCMImageIO over the same files).

#include "itkParallelSeriesReader.h"
#include "itkTestingMacros.h"
#include "itkParallelSeriesBadInputCorpus.h"

#include <chrono>
#include <map>
#include <set>
#include <dirent.h>

namespace
{
using ScannerType = itk::ParallelGDCMSeriesFileNames;
using Outcome = ParallelSeriesTest::BadInputCase::Outcome;

bool
Contains(const std::string & text, const std::string & part)
{
  return text.find(part) != std::string::npos;
}

/** Regular files under \c dir, not following symbolic links, hidden entries excluded. */
void
ListRegularFiles(const std::string & dir, std::set<std::string> & files)
{
  DIR * d = opendir(dir.c_str());
  if (!d)
  {
    return;
  }
  while (const dirent * e = readdir(d))
  {
    if (e->d_name[0] == '.')
    {
      continue;
    }
    const std::string path = dir + "/" + e->d_name;
    struct stat       st;
    if (lstat(path.c_str(), &st) != 0)
    {
      continue;
    }
    if (S_ISREG(st.st_mode))
    {
      files.insert(path);
    }
    else if (S_ISDIR(st.st_mode))
    {
      ListRegularFiles(path, files);
    }
  }
  closedir(d);
}

/** The identifier of the series whose SeriesInstanceUID is \c uid (empty UID: the series
 * without SeriesInstanceUID, identifier ""). */
std::string
SeriesIdentifierOf(const ScannerType * scanner, const std::string & uid)
{
  for (const auto & id : scanner->GetSeriesUIDs())
  {
    if (scanner->GetSeriesSummary(id).SeriesInstanceUID == uid)
    {
      return id;
    }
  }
  return "(no series with SeriesInstanceUID " + uid + ")";
}
} // namespace

int
itkParallelSeriesBadInputTest(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " outputDir" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string outputDir = argv[1];
  itksys::SystemTools::MakeDirectory(outputDir);
  const std::string dir = outputDir + "/corpus";
  const auto        corpus = ParallelSeriesTest::GenerateBadInputCorpus(dir);
  // Not vacuous as root: the unreadable-file case then checks that the file is read normally;
  // as another user, that it is skipped with "Permission denied".
  std::cout << "Permissions " << (corpus.PermissionsEnforced ? "are" : "are NOT (running as root)")
            << " enforced for \"" << corpus.UnreadableFile << "\"" << std::endl;

  //-- Scanner ----------------------------------------------------------------------------------
  auto scanner = ScannerType::New();
  scanner->SetInputDirectory(dir);
  scanner->SetRecursive(true);
  scanner->SetNumberOfWorkUnits(3);
  const auto start = std::chrono::steady_clock::now();
  ITK_TRY_EXPECT_NO_EXCEPTION(scanner->Update());
  const double scanSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "Scan: " << scanner->GetNumberOfScannedFiles() << " entries, " << scanner->GetSeriesUIDs().size()
            << " series, " << scanner->GetSkippedFiles().size() << " skipped, " << scanSeconds << " s" << std::endl;
  for (const auto & s : scanner->GetSkippedFiles())
  {
    std::cout << "  skipped \"" << s.FileName << "\": " << s.Reason << std::endl;
  }
  for (const auto & id : scanner->GetSeriesUIDs())
  {
    const auto & s = scanner->GetSeriesSummary(id);
    std::cout << "  series \"" << id << "\" \"" << s.SeriesDescription << "\": " << s.NumberOfFiles << " files, "
              << s.NumberOfVolumes << " volumes" << (s.Error.empty() ? "" : ", error: " + s.Error) << std::endl;
    for (const auto & damaged : scanner->GetDamagedFiles(id))
    {
      std::cout << "    damaged \"" << damaged.FileName << "\": " << damaged.Reason << std::endl;
    }
  }

  // Every regular file is listed exactly once (symbolic-link loops are not followed), and every
  // entry is either in one series or skipped.
  std::set<std::string> regular;
  ListRegularFiles(dir, regular);
  std::map<std::string, unsigned int> listed;
  for (const auto & id : scanner->GetSeriesUIDs())
  {
    for (const auto & f : scanner->GetFileNames(id))
    {
      ++listed[f];
    }
  }
  for (const auto & s : scanner->GetSkippedFiles())
  {
    ITK_TEST_EXPECT_TRUE(!s.Reason.empty());
    ++listed[s.FileName];
  }
  for (const auto & f : regular)
  {
    if (listed[f] != 1)
    {
      std::cerr << "\"" << f << "\" is listed " << listed[f] << " times by the scan" << std::endl;
      return EXIT_FAILURE;
    }
  }
  // Regular files plus the three symbolic links that lead nowhere (two loops, one dangling).
  ITK_TEST_EXPECT_EQUAL(listed.size(), regular.size() + 3);
  ITK_TEST_EXPECT_EQUAL(scanner->GetNumberOfScannedFiles(), regular.size() + 3);

  // Each case as the scan sees it.
  const auto & skipped = scanner->GetSkippedFiles();
  for (const auto & c : corpus.Cases)
  {
    std::cout << "Case \"" << c.Name << "\": " << c.File << std::endl;
    const auto it = std::find_if(
      skipped.begin(), skipped.end(), [&c](const ScannerType::SkippedFile & s) { return s.FileName == c.File; });
    if (c.Expected == Outcome::Skipped)
    {
      if (it == skipped.end() || !Contains(it->Reason, c.ReasonContains))
      {
        std::cerr << "  expected to be skipped with a reason containing \"" << c.ReasonContains << "\""
                  << (it == skipped.end() ? " (not skipped)" : ", reason: " + it->Reason) << std::endl;
        return EXIT_FAILURE;
      }
      continue;
    }
    ITK_TEST_EXPECT_TRUE(it == skipped.end());
    // In the series of its SeriesInstanceUID.
    const std::string id = SeriesIdentifierOf(scanner, c.SeriesUID);
    const auto        files = scanner->GetFileNames(id);
    if (std::find(files.begin(), files.end(), c.File) == files.end())
    {
      std::cerr << "  not in series \"" << id << "\"" << std::endl;
      return EXIT_FAILURE;
    }
    if (c.Expected == Outcome::SeriesFailed)
    {
      ITK_TEST_EXPECT_EQUAL(scanner->GetNumberOfVolumes(id), 0u);
      const std::string error = scanner->GetSeriesError(id);
      ITK_TEST_EXPECT_TRUE(Contains(error, c.ReasonContains) && Contains(error, c.File));
    }
  }
  // The file truncated in its pixel data is known as damaged by the scan already.
  {
    const auto & c = corpus.Cases[0];
    const auto   damaged = scanner->GetDamagedFiles(SeriesIdentifierOf(scanner, c.SeriesUID));
    ITK_TEST_EXPECT_EQUAL(damaged.size(), 1u);
    ITK_TEST_EXPECT_EQUAL(damaged.at(0).FileName, c.File);
    ITK_TEST_EXPECT_TRUE(Contains(damaged.at(0).Reason, "truncated"));
  }
  // Summaries of the good series agree with what was written.
  for (const auto & s : corpus.Series)
  {
    if (std::find(corpus.GoodSeriesUIDs.begin(), corpus.GoodSeriesUIDs.end(), s.SeriesInstanceUID) ==
        corpus.GoodSeriesUIDs.end())
    {
      continue;
    }
    const auto & summary = scanner->GetSeriesSummary(SeriesIdentifierOf(scanner, s.SeriesInstanceUID));
    ITK_TEST_EXPECT_EQUAL(summary.Columns, s.Columns);
    ITK_TEST_EXPECT_EQUAL(summary.Rows, s.Rows);
    ITK_TEST_EXPECT_EQUAL(summary.NumberOfVolumes, s.Volumes);
    ITK_TEST_EXPECT_TRUE(summary.Error.empty());
  }

  //-- Reader ------------------------------------------------------------------------------------
  using ImageType = itk::Image<short, 3>;
  auto reader = itk::ParallelSeriesReader<ImageType>::New();
  reader->SetFileNamesSource(scanner);
  reader->SetNumberOfWorkUnits(3);
  ITK_TRY_EXPECT_NO_EXCEPTION(reader->Update());
  const std::string report = reader->GetFailureReport();
  std::cout << "Failure report:\n" << report << std::endl;

  std::map<std::string, unsigned int> goodVolumesRead; // SeriesInstanceUID -> volumes equal to stock
  unsigned int                        failedCases = 0;
  for (unsigned int v = 0; v < reader->GetNumberOfVolumes(); ++v)
  {
    const auto &      info = reader->GetVolumeInfo(v);
    const std::string seriesUID = scanner->GetSeriesSummary(info.SeriesIdentifier).SeriesInstanceUID;
    const auto        c = std::find_if(corpus.Cases.begin(), corpus.Cases.end(), [&](const auto & k) {
      return (k.Expected == Outcome::VolumeFailed || k.Expected == Outcome::SeriesFailed) && k.SeriesUID == seriesUID;
    });
    if (c != corpus.Cases.end())
    {
      std::cout << "Volume " << v << " (" << c->Name << "): " << info.FailedFile << ": " << info.FailureReason
                << std::endl;
      ITK_TEST_EXPECT_TRUE(info.Failed);
      ITK_TEST_EXPECT_TRUE(!info.FailureReason.empty());
      ITK_TEST_EXPECT_TRUE(Contains(info.FailureReason, c->ReasonContains));
      if (c->Expected == Outcome::VolumeFailed)
      {
        ITK_TEST_EXPECT_EQUAL(info.FailedFile, c->File);
      }
      else
      {
        ITK_TEST_EXPECT_TRUE(Contains(info.FailureReason, c->File));
      }
      // The report names the series and the file.
      ITK_TEST_EXPECT_TRUE(Contains(report, "series " + info.SeriesIdentifier + " "));
      ITK_TEST_EXPECT_TRUE(Contains(report, c->File));
      ++failedCases;
      continue;
    }
    if (info.Failed)
    {
      std::cerr << "Volume " << v << " of series \"" << info.SeriesIdentifier << "\" failed unexpectedly: \""
                << info.FailedFile << "\": " << info.FailureReason << std::endl;
      return EXIT_FAILURE;
    }
    auto stock = ParallelSeriesTest::ReadWithStockITK<ImageType>(info.FileNames);
    if (!ParallelSeriesTest::SameImage<ImageType>(reader->GetOutput(v), stock, "series " + info.SeriesIdentifier))
    {
      return EXIT_FAILURE;
    }
    ++goodVolumesRead[seriesUID];
  }
  ITK_TEST_EXPECT_EQUAL(failedCases, reader->GetNumberOfFailedVolumes());
  ITK_TEST_EXPECT_EQUAL(failedCases, 5u);
  // The slice of another size is a series of its own, named by its size, holding that file only.
  {
    const auto & c = *std::find_if(
      corpus.Cases.begin(), corpus.Cases.end(), [](const auto & k) { return k.Name == "slice of another size"; });
    const auto & truth = *std::find_if(
      corpus.Series.begin(), corpus.Series.end(), [&c](const auto & s) { return s.SeriesInstanceUID == c.SeriesUID; });
    const std::string own = c.SeriesUID + ".20x" + std::to_string(truth.Rows);
    const auto        files = scanner->GetFileNames(own);
    ITK_TEST_EXPECT_EQUAL(files.size(), 1u);
    ITK_TEST_EXPECT_EQUAL(files.at(0), c.File);
    const std::string rest = c.SeriesUID + "." + std::to_string(truth.Columns) + "x" + std::to_string(truth.Rows);
    ITK_TEST_EXPECT_EQUAL(scanner->GetFileNames(rest).size(), truth.Files.size() - 1);
  }
  for (const auto & uid : corpus.GoodSeriesUIDs)
  {
    const auto & truth = *std::find_if(
      corpus.Series.begin(), corpus.Series.end(), [&uid](const auto & s) { return s.SeriesInstanceUID == uid; });
    if (goodVolumesRead[uid] != truth.Volumes)
    {
      std::cerr << "good series \"" << uid << "\" (" << truth.Description << "): " << goodVolumesRead[uid]
                << " volumes read, expected " << truth.Volumes << std::endl;
      return EXIT_FAILURE;
    }
  }
  // The quirks are read, with the odd file in the volume.
  for (const auto & c : corpus.Cases)
  {
    if (c.Expected != Outcome::ReadLikeStock)
    {
      continue;
    }
    bool found = false;
    for (unsigned int v = 0; v < reader->GetNumberOfVolumes(); ++v)
    {
      const auto & files = reader->GetVolumeInfo(v).FileNames;
      found = found || std::find(files.begin(), files.end(), c.File) != files.end();
    }
    std::cout << "Case \"" << c.Name << "\": read " << (found ? "yes" : "NO") << std::endl;
    ITK_TEST_EXPECT_TRUE(found);
  }

  // ThrowOnFailure: Update() throws after reading everything, naming the failed files.
  ITK_TEST_EXPECT_TRUE(ParallelSeriesTest::UpdateThrowsNaming(reader.GetPointer(), corpus.Cases[0].File));

  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
