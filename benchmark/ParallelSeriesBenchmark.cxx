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
// Side-by-side timing of reading every series of a DICOM directory:
//   stock   GDCMSeriesFileNames (recursive) + one ImageSeriesReader/GDCMImageIO per series, serially
//   ours    ParallelGDCMSeriesFileNames + ParallelSeriesReader (all series in one pass)
// Usage:
//   ParallelSeriesBenchmark generate DIR SERIES SLICES SIZE   write a synthetic directory
//   ParallelSeriesBenchmark run DIR [--repeat N] [--threads N] [--skip-stock]
// Prints wall-clock seconds (steady_clock) per phase and the peak resident set size.

#include "itkGDCMImageIO.h"
#include "itkGDCMSeriesFileNames.h"
#include "itkImageSeriesReader.h"
#include "itkParallelSeriesReader.h"
#include "itkParallelSeriesTestUtilities.h"

#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <sys/resource.h>

namespace
{
using Clock = std::chrono::steady_clock;

double
Seconds(Clock::time_point a, Clock::time_point b)
{
  return std::chrono::duration<double>(b - a).count();
}

long
PeakRSSMiB()
{
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

int
Generate(const std::string & dir, unsigned int series, unsigned int slices, unsigned int size)
{
  itksys::SystemTools::MakeDirectory(dir);
  for (unsigned int s = 0; s < series; ++s)
  {
    ParallelSeriesTest::GeneratedSeries g;
    g.SeriesInstanceUID = ParallelSeriesTest::MakeUID(5000 + s);
    g.Description = "benchmark " + std::to_string(s);
    g.ComponentType = itk::IOComponentEnum::SHORT;
    g.Columns = size;
    g.Rows = size;
    // A mix of long series and 3-slice localizers, as in real studies.
    g.Slices = (s % 4 == 3) ? 3 : slices;
    g.Spacing[0] = g.Spacing[1] = 0.7;
    g.Spacing[2] = 1.25;
    const std::string folder = dir + "/study" + std::to_string(s / 8) + "/series" + std::to_string(s);
    itksys::SystemTools::MakeDirectory(folder);
    for (unsigned int z = 0; z < g.Slices; ++z)
    {
      ParallelSeriesTest::WriteSlice<short>(g, s, 0, z, z + 1, folder + "/IM" + std::to_string(z));
    }
  }
  return EXIT_SUCCESS;
}

int
Run(const std::string & dir, int repeat, int threads, bool skipStock)
{
  using ImageType = itk::Image<short, 3>;
  if (threads > 0)
  {
    itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(threads);
  }
  std::cout << std::fixed << std::setprecision(3);
  std::cout << "directory: " << dir << ", threads: " << itk::MultiThreaderBase::GetGlobalDefaultNumberOfThreads()
            << std::endl;
  for (int r = 0; r < repeat; ++r)
  {
    size_t voxelsStock = 0, voxelsOurs = 0;
    if (!skipStock)
    {
      const auto t0 = Clock::now();
      auto       names = itk::GDCMSeriesFileNames::New();
      names->SetRecursive(true);
      names->SetInputDirectory(dir);
      const std::vector<std::string>        uids = names->GetSeriesUIDs();
      std::vector<std::vector<std::string>> files;
      for (const auto & uid : uids)
      {
        files.push_back(names->GetFileNames(uid));
      }
      const auto t1 = Clock::now();
      for (const auto & f : files)
      {
        auto reader = itk::ImageSeriesReader<ImageType>::New();
        reader->SetImageIO(itk::GDCMImageIO::New());
        reader->SetFileNames(f);
        reader->Update();
        voxelsStock += reader->GetOutput()->GetLargestPossibleRegion().GetNumberOfPixels();
      }
      const auto t2 = Clock::now();
      std::cout << "run " << r << " stock   scan " << Seconds(t0, t1) << " s  read " << Seconds(t1, t2) << " s  total "
                << Seconds(t0, t2) << " s  (" << uids.size() << " series, " << voxelsStock
                << " voxels)  peak RSS so far " << PeakRSSMiB() << " MiB" << std::endl;
    }
    {
      const auto t0 = Clock::now();
      auto       scanner = itk::ParallelGDCMSeriesFileNames::New();
      scanner->SetRecursive(true);
      scanner->SetInputDirectory(dir);
      scanner->Update();
      const auto t1 = Clock::now();
      auto       reader = itk::ParallelSeriesReader<ImageType>::New();
      reader->SetFileNamesSource(scanner);
      reader->Update();
      for (unsigned int v = 0; v < reader->GetNumberOfVolumes(); ++v)
      {
        voxelsOurs += reader->GetOutput(v)->GetLargestPossibleRegion().GetNumberOfPixels();
      }
      const auto t2 = Clock::now();
      std::cout << "run " << r << " ours    scan " << Seconds(t0, t1) << " s  read " << Seconds(t1, t2) << " s  total "
                << Seconds(t0, t2) << " s  (" << scanner->GetSeriesUIDs().size() << " series, " << voxelsOurs
                << " voxels, " << reader->GetNumberOfFailedVolumes() << " failed)  peak RSS so far " << PeakRSSMiB()
                << " MiB" << std::endl;
    }
  }
  return EXIT_SUCCESS;
}
} // namespace

int
main(int argc, char * argv[])
{
  const std::string usage = "usage: ParallelSeriesBenchmark generate DIR SERIES SLICES SIZE\n"
                            "       ParallelSeriesBenchmark run DIR [--repeat N] [--threads N] [--skip-stock]\n";
  if (argc >= 6 && std::string(argv[1]) == "generate")
  {
    return Generate(argv[2], std::stoi(argv[3]), std::stoi(argv[4]), std::stoi(argv[5]));
  }
  if (argc >= 3 && std::string(argv[1]) == "run")
  {
    int  repeat = 1, threads = 0;
    bool skipStock = false;
    for (int i = 3; i < argc; ++i)
    {
      const std::string a = argv[i];
      if (a == "--repeat" && i + 1 < argc)
      {
        repeat = std::stoi(argv[++i]);
      }
      else if (a == "--threads" && i + 1 < argc)
      {
        threads = std::stoi(argv[++i]);
      }
      else if (a == "--skip-stock")
      {
        skipStock = true;
      }
      else
      {
        std::cerr << usage;
        return 2;
      }
    }
    return Run(argv[2], repeat, threads, skipStock);
  }
  std::cerr << usage;
  return 2;
}
