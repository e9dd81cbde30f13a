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
#include "itkParallelGDCMSeriesFileNames.h"
#include "itkGDCMSeriesFileNames.h"
#include "itkTestingMacros.h"
#include "itkParallelSeriesTestUtilities.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace
{
using ScannerType = itk::ParallelGDCMSeriesFileNames;

/** Stock GDCMSeriesFileNames vs ours on one directory and one setting: same series, same files
 * in the same order. */
bool
CompareWithStock(const std::string & dir, bool details, const std::string & restriction, itk::ThreadIdType workUnits)
{
  auto stock = itk::GDCMSeriesFileNames::New();
  stock->SetRecursive(true);
  if (details)
  {
    stock->SetUseSeriesDetails(true);
  }
  if (!restriction.empty())
  {
    stock->AddSeriesRestriction(restriction);
  }
  stock->SetInputDirectory(dir);
  const std::vector<std::string> stockUIDs = stock->GetSeriesUIDs();

  auto ours = ScannerType::New();
  ours->SetRecursive(true);
  ours->SetUseSeriesDetails(details);
  if (!restriction.empty())
  {
    ours->AddSeriesRestriction(restriction);
  }
  ours->SetInputDirectory(dir);
  ours->SetNumberOfWorkUnits(workUnits);
  ours->Update();
  const std::vector<std::string> & ourUIDs = ours->GetSeriesUIDs();

  const std::string what = dir + (details ? " (series details)" : "") +
                           (restriction.empty() ? "" : " +" + restriction) + " work units " + std::to_string(workUnits);
  // The same series; ours in the documented order (study, series number, identifier), stock's
  // by identifier.
  std::vector<std::string> sortedStock = stockUIDs;
  std::vector<std::string> sortedOurs = ourUIDs;
  std::sort(sortedStock.begin(), sortedStock.end());
  std::sort(sortedOurs.begin(), sortedOurs.end());
  bool ordered = true;
  for (size_t i = 1; i < ourUIDs.size(); ++i)
  {
    // The public rule (what merging front-ends such as itk_parallelseries.dask order by).
    const itk::ParallelSeriesSummary a = ours->GetSeriesSummary(ourUIDs[i - 1]);
    const itk::ParallelSeriesSummary b = ours->GetSeriesSummary(ourUIDs[i]);
    ordered = ordered && itk::ParallelGDCMSeriesFileNames::SeriesPrecedes(a, b) &&
              !itk::ParallelGDCMSeriesFileNames::SeriesPrecedes(b, a);
  }
  if (!ordered)
  {
    std::cerr << what << ": series are not in study / series number / identifier order" << std::endl;
    return false;
  }
  if (sortedStock != sortedOurs)
  {
    std::cerr << what << ": series differ: stock " << stockUIDs.size() << ", ours " << ourUIDs.size() << std::endl;
    for (const auto & u : stockUIDs)
    {
      std::cerr << "  stock " << u << std::endl;
    }
    for (const auto & u : ourUIDs)
    {
      std::cerr << "  ours  " << u << std::endl;
    }
    return false;
  }
  for (const auto & uid : stockUIDs)
  {
    const std::vector<std::string> stockFiles = stock->GetFileNames(uid);
    const std::vector<std::string> ourFiles = ours->GetFileNames(uid);
    if (stockFiles != ourFiles)
    {
      std::cerr << what << ": files of series " << uid << " differ" << std::endl;
      for (size_t i = 0; i < std::max(stockFiles.size(), ourFiles.size()); ++i)
      {
        std::cerr << "  " << (i < stockFiles.size() ? stockFiles[i] : "-") << "  |  "
                  << (i < ourFiles.size() ? ourFiles[i] : "-") << std::endl;
      }
      return false;
    }
  }
  std::cout << what << ": " << stockUIDs.size() << " series identical to GDCMSeriesFileNames" << std::endl;
  return true;
}
} // namespace

int
itkParallelGDCMSeriesFileNamesTest(int argc, char * argv[])
{
  if (argc < 3)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " outputDir itkDicomDataDir" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string outputDir = argv[1];
  const std::string itkData = argv[2];
  const std::string generated = outputDir + "/generated";
  itksys::SystemTools::MakeDirectory(outputDir);
  const auto truth = ParallelSeriesTest::GenerateMultiSeriesDirectory(generated);

  auto scanner = ScannerType::New();
  ITK_EXERCISE_BASIC_OBJECT_METHODS(scanner, ParallelGDCMSeriesFileNames, ProcessObject);
  ITK_TEST_SET_GET_BOOLEAN(scanner, Recursive, true);
  ITK_TEST_SET_GET_BOOLEAN(scanner, UseSeriesDetails, false);

  // Errors: no input, missing directory, bad restriction, accessors before a scan.
  ITK_TRY_EXPECT_EXCEPTION(scanner->Update());
  ITK_TRY_EXPECT_EXCEPTION(scanner->GetSeriesUIDs());
  ITK_TRY_EXPECT_EXCEPTION(scanner->AddSeriesRestriction("not a tag"));
  scanner->SetInputDirectory(outputDir + "/does-not-exist");
  ITK_TRY_EXPECT_EXCEPTION(scanner->Update());

  // 1. Same series and same ordered file lists as stock ITK, for several settings.
  bool ok = true;
  for (const itk::ThreadIdType wu : { 1u, 3u, 64u })
  {
    ok &= CompareWithStock(generated, false, "", wu);
  }
  ok &= CompareWithStock(generated, true, "", 2);
  ok &= CompareWithStock(generated, false, "0020|0013", 2); // one series per instance number
  ok &= CompareWithStock(itkData, false, "", 2);
  ok &= CompareWithStock(itkData, true, "", 7);
  if (!ok)
  {
    return EXIT_FAILURE;
  }

  // 2. Ground truth of the generated directory.
  scanner->SetInputDirectory(generated);
  scanner->SetRecursive(true);
  ITK_TRY_EXPECT_EXCEPTION(scanner->GetSeriesUIDs()); // settings changed, no scan yet
  ITK_TRY_EXPECT_NO_EXCEPTION(scanner->Update());
  const auto & uids = scanner->GetSeriesUIDs();
  ITK_TEST_EXPECT_EQUAL(uids.size(), truth.size());
  // One study, SeriesNumber i + 1 for truth[i]: GetSeriesUIDs() orders them by number (series
  // 10 last), not by identifier (where "....99.10.0.0" < "....99.2.0.0").
  for (size_t i = 0; i < uids.size() && i < truth.size(); ++i)
  {
    ITK_TEST_EXPECT_EQUAL(uids[i], truth[i].SeriesInstanceUID);
  }
  // An empty identifier is the first series of GetSeriesUIDs().
  ITK_TEST_EXPECT_TRUE(scanner->GetFileNames("") == scanner->GetFileNames(uids.front()));
  ITK_TEST_EXPECT_TRUE(scanner->GetInputFileNames() == scanner->GetFileNames(uids.front()));
  for (const auto & t : truth)
  {
    const auto s = scanner->GetSeriesSummary(t.SeriesInstanceUID);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfFiles(), t.Slices * t.Volumes);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfVolumes(), t.Volumes);
    ITK_TEST_EXPECT_EQUAL(scanner->GetNumberOfVolumes(t.SeriesInstanceUID), t.Volumes);
    ITK_TEST_EXPECT_EQUAL(s.GetColumns(), t.Columns);
    ITK_TEST_EXPECT_EQUAL(s.GetRows(), t.Rows);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfSlices(), t.Slices);
    ITK_TEST_EXPECT_EQUAL(s.GetSamplesPerPixel(), 1u);
    ITK_TEST_EXPECT_EQUAL(s.GetComponentType(), t.ComponentType);
    ITK_TEST_EXPECT_EQUAL(s.GetSeriesDescription(), t.Description);
    ITK_TEST_EXPECT_EQUAL(s.GetModality(), std::string("CT"));
    ITK_TEST_EXPECT_TRUE(s.GetError().empty());
    for (unsigned int i = 0; i < 3; ++i)
    {
      // Slice spacing is only defined with more than one slice (ImageSeriesReader gives 1).
      const double expectedSpacing = (i == 2 && t.Slices == 1) ? 1.0 : t.Spacing[i];
      ITK_TEST_EXPECT_TRUE(std::abs(s.GetSpacing()[i] - expectedSpacing) < 1e-4);
      ITK_TEST_EXPECT_TRUE(std::abs(s.GetOrigin()[i] - t.Origin[i]) < 1e-4);
      for (unsigned int j = 0; j < 3; ++j)
      {
        ITK_TEST_EXPECT_TRUE(std::abs(s.GetDirection()[i][j] - t.Direction[i][j]) < 1e-5);
      }
    }
    // Volumes hold the files in the order they were generated (z ascending, volume by volume).
    for (unsigned int v = 0; v < t.Volumes; ++v)
    {
      const std::vector<std::string> files = scanner->GetVolumeFileNames(t.SeriesInstanceUID, v);
      const std::vector<std::string> expected(t.Files.begin() + v * t.Slices, t.Files.begin() + (v + 1) * t.Slices);
      if (files != expected)
      {
        std::cerr << "Volume " << v << " of " << t.SeriesInstanceUID << " is not in generated order" << std::endl;
        return EXIT_FAILURE;
      }
    }
    // A volume or position out of range throws.
    ITK_TRY_EXPECT_EXCEPTION(scanner->GetVolumeFileNames(t.SeriesInstanceUID, t.Volumes));
    ITK_TRY_EXPECT_EXCEPTION(scanner->GetVolumeImagePosition(t.SeriesInstanceUID, 0, t.Slices));
    ITK_TRY_EXPECT_EXCEPTION(scanner->GetVolumeMosaicInfo(t.SeriesInstanceUID, t.Volumes));
    ITK_TEST_EXPECT_EQUAL(scanner->GetVolumeMosaicInfo(t.SeriesInstanceUID, 0).GetLayout().GetNumberOfTiles(), 0u);
    ITK_TEST_EXPECT_EQUAL(scanner->GetNumberOfDamagedFiles(t.SeriesInstanceUID), 0u);
    ITK_TRY_EXPECT_EXCEPTION(scanner->GetDamagedFile(t.SeriesInstanceUID, 0));
    ITK_TEST_EXPECT_TRUE(scanner->HasSeries(t.SeriesInstanceUID));
  }
  // One answer for an unknown series: every accessor taking an identifier throws, naming it.
  ITK_TEST_EXPECT_TRUE(!scanner->HasSeries("no.such.series"));
  ITK_TEST_EXPECT_TRUE(scanner->HasSeries("")); // the first series
  ITK_TRY_EXPECT_EXCEPTION(scanner->GetFileNames("no.such.series"));
  ITK_TRY_EXPECT_EXCEPTION(scanner->GetSeriesSummary("no.such.series"));
  ITK_TRY_EXPECT_EXCEPTION(scanner->GetNumberOfVolumes("no.such.series"));
  ITK_TRY_EXPECT_EXCEPTION(scanner->GetVolumeFileNames("no.such.series", 0));
  ITK_TRY_EXPECT_EXCEPTION(scanner->GetVolumeImagePosition("no.such.series", 0, 0));
  ITK_TRY_EXPECT_EXCEPTION(scanner->GetVolumeMosaicInfo("no.such.series", 0));
  ITK_TRY_EXPECT_EXCEPTION(scanner->GetNumberOfDamagedFiles("no.such.series"));
  ITK_TRY_EXPECT_EXCEPTION(scanner->GetDamagedFile("no.such.series", 0));
  ITK_TRY_EXPECT_EXCEPTION(scanner->GetSeriesError("no.such.series"));
  try
  {
    scanner->GetFileNames("no.such.series");
  }
  catch (const itk::ExceptionObject & e)
  {
    ITK_TEST_EXPECT_TRUE(std::string(e.GetDescription()).find("\"no.such.series\"") != std::string::npos);
  }

  // Junk files are skipped with a reason; nothing else is.
  ITK_TEST_EXPECT_EQUAL(scanner->GetNumberOfSkippedFiles(), 4u);
  ITK_TRY_EXPECT_EXCEPTION(scanner->GetSkippedFile(4));
  for (itk::SizeValueType i = 0; i < scanner->GetNumberOfSkippedFiles(); ++i)
  {
    const itk::ParallelSeriesSkippedFile s = scanner->GetSkippedFile(i);
    std::cout << "skipped " << s.GetFileName() << ": " << s.GetReason() << std::endl;
    ITK_TEST_EXPECT_TRUE(!s.GetReason().empty());
    const std::string name = itksys::SystemTools::GetFilenameName(s.GetFileName());
    ITK_TEST_EXPECT_TRUE(name == "README.txt" || name == "empty.dcm" || name == "random.bin" || name == "fake.dcm");
  }
  size_t generatedFiles = 0;
  for (const auto & t : truth)
  {
    generatedFiles += t.Files.size();
  }
  ITK_TEST_EXPECT_EQUAL(scanner->GetNumberOfScannedFiles(), generatedFiles + 4);

  // Explicit file list instead of a directory: only those files are scanned.
  {
    auto listed = ScannerType::New();
    listed->SetInputFileNames({ truth[2].Files[2], truth[2].Files[0], truth[0].Files[5], generated + "/README.txt" });
    listed->Update();
    ITK_TEST_EXPECT_EQUAL(listed->GetSeriesUIDs().size(), 2u);
    const std::vector<std::string> files = listed->GetFileNames(truth[2].SeriesInstanceUID);
    const std::vector<std::string> expected{ truth[2].Files[0], truth[2].Files[2] };
    ITK_TEST_EXPECT_TRUE(files == expected);
    ITK_TEST_EXPECT_EQUAL(listed->GetNumberOfSkippedFiles(), 1u);
  }
  // No series at all: the empty identifier is unknown too; GetInputFileNames() is empty, as stock.
  {
    auto none = ScannerType::New();
    none->SetInputFileNames({ generated + "/README.txt" });
    none->Update();
    ITK_TEST_EXPECT_TRUE(none->GetSeriesUIDs().empty());
    ITK_TEST_EXPECT_TRUE(!none->HasSeries(""));
    ITK_TEST_EXPECT_TRUE(none->GetInputFileNames().empty());
    ITK_TRY_EXPECT_EXCEPTION(none->GetFileNames(""));
  }

  // 3. Thread safety: many threads calling the const accessors at once get the serial answers.
  std::vector<std::vector<std::string>> serialFiles;
  std::vector<std::vector<std::string>> serialVolume0;
  for (const auto & uid : uids)
  {
    serialFiles.push_back(scanner->GetFileNames(uid));
    serialVolume0.push_back(scanner->GetVolumeFileNames(uid, 0));
  }
  const ScannerType *      constScanner = scanner.GetPointer();
  std::atomic<int>         mismatches{ 0 };
  std::vector<std::thread> threads;
  for (unsigned int t = 0; t < 8; ++t)
  {
    threads.emplace_back([&, t]() {
      for (unsigned int iteration = 0; iteration < 200; ++iteration)
      {
        const auto & ids = constScanner->GetSeriesUIDs();
        if (ids != uids)
        {
          ++mismatches;
        }
        const size_t k = (iteration + t) % ids.size();
        if (constScanner->GetFileNames(ids[k]) != serialFiles[k])
        {
          ++mismatches;
        }
        if (constScanner->GetFileNames(ids[(k + 1) % ids.size()]) != serialFiles[(k + 1) % ids.size()])
        {
          ++mismatches;
        }
        if (constScanner->GetVolumeFileNames(ids[k], 0) != serialVolume0[k])
        {
          ++mismatches;
        }
        if (constScanner->GetSeriesSummary(ids[k]).GetNumberOfFiles() != serialFiles[k].size())
        {
          ++mismatches;
        }
      }
    });
  }
  for (auto & th : threads)
  {
    th.join();
  }
  ITK_TEST_EXPECT_EQUAL(mismatches.load(), 0);

  // Update() without changes does not rescan; a changed setting does.
  const auto scanTime = scanner->GetMTime();
  scanner->Update();
  ITK_TEST_EXPECT_EQUAL(scanner->GetMTime(), scanTime);
  scanner->SetRecursive(false);
  scanner->Update();
  std::cout << "non-recursive: " << scanner->GetSeriesUIDs().size() << " series in the top folder" << std::endl;
  ITK_TEST_EXPECT_TRUE(scanner->GetNumberOfScannedFiles() < generatedFiles);

  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
