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

// Stress: repeated concurrent use.
//  1. One ParallelGDCMSeriesFileNames, after Update(), shared by many std::threads calling its
//     const accessors at once: every answer equals the one given before the threads started.
//  2. Several ParallelSeriesReader objects updated at the same time in several std::threads over
//     the same directory (each with its own internal scanner, or all sharing the scanner of 1):
//     every volume equals the reference (stock ITK for the pixels).
//  3. Resident memory after each iteration: after the warm-up it must not grow by more than
//     20 MB (printed).
//   itkParallelSeriesStressTest outputDir [iterations] [threads]
// scripts/leak-check.sh runs it under valgrind with few iterations.

#include "itkParallelSeriesScanResultLists.h"
#include "itkParallelSeriesReader.h"
#include "itkTestingMacros.h"
#include "itkParallelSeriesTestUtilities.h"

#include <atomic>
#include <fstream>
#include <thread>
#include <unistd.h>

namespace
{
using ScannerType = itk::ParallelGDCMSeriesFileNames;
using ImageType = itk::Image<short, 3>;
using ReaderType = itk::ParallelSeriesReader<ImageType>;

/** Resident set size of this process in MB (Linux /proc; 0 elsewhere). */
double
ResidentMB()
{
  std::ifstream statm("/proc/self/statm");
  double        size = 0, resident = 0;
  if (statm >> size >> resident)
  {
    return resident * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
  }
  return 0.0;
}

/** What the const accessors answer for one series. */
struct SeriesAnswers
{
  std::vector<std::string>                        Files;
  std::vector<std::vector<std::string>>           VolumeFiles;
  std::vector<std::vector<itk::Point<double, 3>>> Positions;
  unsigned int                                    Volumes{ 0 };
  unsigned int                                    Slices{ 0 };
  std::string                                     Description;
  size_t                                          Damaged{ 0 };
  std::string                                     Error;

  bool
  operator==(const SeriesAnswers & o) const
  {
    return Files == o.Files && VolumeFiles == o.VolumeFiles && Positions == o.Positions && Volumes == o.Volumes &&
           Slices == o.Slices && Description == o.Description && Damaged == o.Damaged && Error == o.Error;
  }
};

SeriesAnswers
Ask(const ScannerType * scanner, const std::string & uid)
{
  SeriesAnswers a;
  a.Files = scanner->GetFileNames(uid);
  a.Volumes = scanner->GetNumberOfVolumes(uid);
  for (unsigned int v = 0; v < a.Volumes; ++v)
  {
    a.VolumeFiles.push_back(scanner->GetVolumeFileNames(uid, v));
    a.Positions.push_back(ParallelSeriesTest::VolumeImagePositions(scanner, uid, v));
  }
  const auto s = scanner->GetSeriesSummary(uid);
  a.Slices = s.GetNumberOfSlices();
  a.Description = s.GetSeriesDescription();
  a.Damaged = scanner->GetNumberOfDamagedFiles(uid);
  a.Error = scanner->GetSeriesError(uid);
  return a;
}
} // namespace

int
itkParallelSeriesStressTest(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " outputDir [iterations] [threads]" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string  outputDir = argv[1];
  const unsigned int iterations = argc > 2 ? static_cast<unsigned int>(std::atoi(argv[2])) : 8;
  const unsigned int numberOfThreads = argc > 3 ? static_cast<unsigned int>(std::atoi(argv[3])) : 4;
  itksys::SystemTools::MakeDirectory(outputDir);
  const std::string dir = outputDir + "/generated";
  ParallelSeriesTest::GenerateMultiSeriesDirectory(dir, 13);

  // Reference: the scan's answers, and every volume read by stock ITK.
  auto shared = ScannerType::New();
  shared->SetInputDirectory(dir);
  shared->SetRecursive(true);
  ITK_TRY_EXPECT_NO_EXCEPTION(shared->Update());
  const std::vector<std::string>  uids = shared->GetSeriesUIDs();
  const size_t                    skipped = shared->GetNumberOfSkippedFiles();
  std::vector<SeriesAnswers>      answers;
  std::vector<ImageType::Pointer> stock; // in reader output order (series, then volume)
  for (const auto & uid : uids)
  {
    answers.push_back(Ask(shared, uid));
    for (const auto & files : answers.back().VolumeFiles)
    {
      stock.push_back(ParallelSeriesTest::ReadWithStockITK<ImageType>(files));
    }
  }
  std::cout << uids.size() << " series, " << stock.size() << " volumes, " << skipped << " skipped files; "
            << numberOfThreads << " threads, " << iterations << " iterations" << std::endl;
  ITK_TEST_EXPECT_EQUAL(uids.size(), 10u);
  ITK_TEST_EXPECT_EQUAL(stock.size(), 11u);

  std::atomic<unsigned int> failures{ 0 };
  std::vector<double>       resident;
  for (unsigned int it = 0; it < iterations; ++it)
  {
    // 1. Shared scanner, const accessors only, from many threads at once.
    {
      std::vector<std::thread> threads;
      for (unsigned int t = 0; t < 2 * numberOfThreads; ++t)
      {
        threads.emplace_back([&, t]() {
          for (unsigned int round = 0; round < 20; ++round)
          {
            const size_t s = (t + round) % uids.size();
            if (shared->GetSeriesUIDs() != uids || shared->GetNumberOfSkippedFiles() != skipped ||
                !(Ask(shared, uids[s]) == answers[s]))
            {
              ++failures;
            }
          }
        });
      }
      for (auto & t : threads)
      {
        t.join();
      }
    }
    // 2. Concurrent readers: even threads read through their own scanner, odd ones through the
    // shared scanner (already up to date: its Update() does nothing, so sharing is allowed).
    {
      std::vector<std::thread> threads;
      for (unsigned int t = 0; t < numberOfThreads; ++t)
      {
        threads.emplace_back([&, t]() {
          try
          {
            auto reader = ReaderType::New();
            if (t % 2 == 0)
            {
              reader->SetInputDirectory(dir);
              reader->SetRecursive(true);
            }
            else
            {
              reader->SetFileNamesSource(shared);
            }
            reader->SetNumberOfWorkUnits(1 + (t + it) % 4);
            reader->Update();
            if (reader->GetNumberOfVolumes() != stock.size() || reader->GetNumberOfFailedVolumes() != 0)
            {
              std::cerr << "thread " << t << ": " << reader->GetNumberOfVolumes() << " volumes, "
                        << reader->GetNumberOfFailedVolumes() << " failed" << std::endl;
              ++failures;
              return;
            }
            for (unsigned int v = 0; v < stock.size(); ++v)
            {
              if (!ParallelSeriesTest::SameImage<ImageType>(
                    reader->GetOutput(v), stock[v], "thread " + std::to_string(t) + " volume " + std::to_string(v)))
              {
                ++failures;
              }
            }
          }
          catch (const std::exception & e)
          {
            std::cerr << "thread " << t << ": " << e.what() << std::endl;
            ++failures;
          }
        });
      }
      for (auto & t : threads)
      {
        t.join();
      }
    }
    resident.push_back(ResidentMB());
    std::cout << "iteration " << it << ": resident " << resident.back() << " MB, failures " << failures.load()
              << std::endl;
  }
  ITK_TEST_EXPECT_EQUAL(failures.load(), 0u);
  if (failures.load() != 0)
  {
    return EXIT_FAILURE;
  }
  // Memory: after two warm-up iterations, growth must stay small (a leak of the volumes read,
  // ~0.5 MB per reader and iteration, would exceed it over 30 iterations of 4 readers).
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer keeps freed memory in quarantine (256 MB by default): resident memory grows
  // by design there. LeakSanitizer checks for leaks instead (scripts/sanitize.sh asan).
  const bool checkResident = false;
#else
  const bool checkResident = true;
#endif
  if (checkResident && resident.size() > 2)
  {
    const double baseline = resident[1];
    const double peak = *std::max_element(resident.begin() + 2, resident.end());
    std::cout << "Resident memory after warm-up " << baseline << " MB, highest later " << peak << " MB, growth "
              << peak - baseline << " MB (bound 20 MB)" << std::endl;
    ITK_TEST_EXPECT_TRUE(peak - baseline < 20.0);
    if (peak - baseline >= 20.0)
    {
      return EXIT_FAILURE;
    }
  }
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
