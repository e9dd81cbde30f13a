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
// The C++ side of the benchmark (benchmark/run.sh drives it):
//   ParallelSeriesBenchmark generate --preset tiny|small|medium|large --template FILE OUTDIR
//                                    [--seed N] [--threads N]
//       writes a realistic study (see ParallelSeriesStudyGenerator.h)
//   ParallelSeriesBenchmark generate --preset archive-tiny|archive-10k|archive-30k|archive-100k
//                                    --template FILE OUTDIR [--seed N] [--threads N] [--check]
//       writes an archive of small series with junk (see ParallelSeriesArchiveGenerator.h);
//       --check then scans it with ParallelGDCMSeriesFileNames and GDCMSeriesFileNames and
//       fails (exit 1) unless both find exactly the planned series and files
//   ParallelSeriesBenchmark peer NAME DIR [--threads N] [--memory-limit MB]
//       reads every series of DIR (recursively) the way NAME does, once:
//         stock       GDCMSeriesFileNames + one ImageSeriesReader/GDCMImageIO per series, serially
//         threestep   serial scan and GetFileNames, then N threads each reading whole series with
//                     their own ImageSeriesReader (the hand-written recipe)
//         ours        ParallelGDCMSeriesFileNames + ParallelSeriesReader (all series in one pass);
//                     --memory-limit bounds the decoded voxels held at once (volumes consumed in
//                     the completion event)
//         ours-stream the scan announces each series once its files are scanned (a first pass
//                     over the SeriesInstanceUIDs, SetSeriesCompleteAfterUIDPass) and the observer
//                     reads it at once, while the scan waits (as convert --stream)
//         ours-stream-folder  the same with SetSeriesCompleteAtFolderEnd (a folder holds whole series)
//         limit       the physical limit: every byte of every file read (as `cat`) plus one copy
//                     of the decoded voxel bytes into fresh memory, by N threads (--threads; 1 by
//                     default) each over a contiguous share of the files
//         scan-stock  GDCMSeriesFileNames::SetInputDirectory() only
//         scan-ours   ParallelGDCMSeriesFileNames::Update() only
// Every peer keeps all volumes in memory until the end (as ours does) and prints one line
//   RESULT {"peer": ..., "wall_s": ..., "scan_s": ..., "first_series_s": ..., "series": ...,
//           "volumes": ..., "files": ..., "voxel_bytes": ..., "checksum": ..., "threads": ...,
//           "peak_rss_mb": ...}
// wall_s is steady_clock time of the work (process start-up excluded); checksum, the sum of all
// voxel values (int64), is computed after the clock stops so that every peer can be checked
// to have read the same voxels; checksum_s is its time (run.py takes it out of the whole
// process's time).

#include "ParallelSeriesArchiveGenerator.h"
#include "itkGDCMImageIO.h"
#include "itkGDCMSeriesFileNames.h"
#include "itkImageRegionConstIterator.h"
#include "itkImageSeriesReader.h"
#include "itkParallelSeriesReader.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <sys/resource.h>
#include <thread>

namespace
{
using Clock = std::chrono::steady_clock;
using ImageType = itk::Image<short, 3>;

double
Seconds(Clock::time_point a, Clock::time_point b)
{
  return std::chrono::duration<double>(b - a).count();
}

double
PeakRSSMiB()
{
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

struct Result
{
  std::string  Peer;
  double       Wall{ 0.0 };
  double       Scan{ -1.0 };    ///< negative: not applicable
  double       First{ -1.0 };   ///< negative: not applicable
  double       UIDPass{ -1.0 }; ///< ours-stream: end of the SeriesInstanceUID pass; negative: n/a
  size_t       Series{ 0 };
  size_t       Volumes{ 0 };
  size_t       Files{ 0 };
  double       VoxelBytes{ 0.0 };
  bool         HaveChecksum{ false };
  std::int64_t Checksum{ 0 };
  double       ChecksumSeconds{ 0.0 }; ///< time of the checksum, after the clock (run.py subtracts it)
  unsigned int Threads{ 1 };
};

std::string
Number(double v)
{
  if (v < 0)
  {
    return "null";
  }
  std::ostringstream s;
  s << std::setprecision(6) << v;
  return s.str();
}

void
Print(const Result & r)
{
  std::cout << "RESULT {\"peer\": \"" << r.Peer << "\", \"wall_s\": " << Number(r.Wall)
            << ", \"scan_s\": " << Number(r.Scan) << ", \"first_series_s\": " << Number(r.First)
            << ", \"uid_pass_s\": " << Number(r.UIDPass) << ", \"series\": " << r.Series
            << ", \"volumes\": " << r.Volumes << ", \"files\": " << r.Files
            << ", \"voxel_bytes\": " << std::setprecision(15) << r.VoxelBytes
            << ", \"checksum\": " << (r.HaveChecksum ? std::to_string(r.Checksum) : std::string("null"))
            << ", \"checksum_s\": " << Number(r.ChecksumSeconds) << ", \"threads\": " << r.Threads
            << ", \"peak_rss_mb\": " << std::setprecision(6) << PeakRSSMiB() << "}" << std::endl;
}

std::int64_t
Checksum(const ImageType * image)
{
  std::int64_t  sum = 0;
  const short * p = image->GetBufferPointer();
  const size_t  n = image->GetBufferedRegion().GetNumberOfPixels();
  for (size_t i = 0; i < n; ++i)
  {
    sum += p[i];
  }
  return sum;
}

/** GDCMSeriesFileNames, recursive, with series details as in ITK's DicomSeriesReadImageWrite2. */
itk::GDCMSeriesFileNames::Pointer
StockScan(const std::string & dir, std::vector<std::vector<std::string>> & files)
{
  auto names = itk::GDCMSeriesFileNames::New();
  names->SetUseSeriesDetails(true);
  names->SetRecursive(true);
  names->SetInputDirectory(dir);
  for (const auto & uid : names->GetSeriesUIDs())
  {
    files.push_back(names->GetFileNames(uid));
  }
  return names;
}

ImageType::Pointer
StockRead(const std::vector<std::string> & files)
{
  auto reader = itk::ImageSeriesReader<ImageType>::New();
  reader->SetImageIO(itk::GDCMImageIO::New());
  reader->SetFileNames(files);
  reader->Update();
  return reader->GetOutput();
}

void
Summarize(Result & r, const std::vector<ImageType::Pointer> & images)
{
  const auto t0 = Clock::now();
  r.Volumes = images.size();
  r.HaveChecksum = true;
  for (const auto & image : images)
  {
    r.VoxelBytes += static_cast<double>(image->GetLargestPossibleRegion().GetNumberOfPixels()) * sizeof(short);
    r.Checksum += Checksum(image);
  }
  r.ChecksumSeconds = Seconds(t0, Clock::now());
}

Result
PeerStock(const std::string & dir)
{
  Result r;
  r.Peer = "stock";
  const auto                            t0 = Clock::now();
  std::vector<std::vector<std::string>> files;
  StockScan(dir, files);
  const auto                      t1 = Clock::now();
  std::vector<ImageType::Pointer> images;
  for (const auto & f : files)
  {
    images.push_back(StockRead(f));
    if (images.size() == 1)
    {
      r.First = Seconds(t0, Clock::now());
    }
    r.Files += f.size();
  }
  const auto t2 = Clock::now();
  r.Wall = Seconds(t0, t2);
  r.Scan = Seconds(t0, t1);
  r.Series = files.size();
  Summarize(r, images);
  return r;
}

Result
PeerThreeStep(const std::string & dir, unsigned int threads)
{
  Result r;
  r.Peer = "threestep";
  r.Threads = threads;
  const auto                            t0 = Clock::now();
  std::vector<std::vector<std::string>> files;
  StockScan(dir, files);
  const auto                      t1 = Clock::now();
  std::vector<ImageType::Pointer> images(files.size());
  std::atomic<size_t>             next{ 0 };
  std::mutex                      mutex;
  std::string                     error;
  double                          first = -1.0;
  auto                            work = [&]() {
    for (size_t s = next++; s < files.size(); s = next++)
    {
      try
      {
        images[s] = StockRead(files[s]);
      }
      catch (const std::exception & e)
      {
        std::lock_guard<std::mutex> lock(mutex);
        error = e.what();
      }
      std::lock_guard<std::mutex> lock(mutex);
      if (first < 0)
      {
        first = Seconds(t0, Clock::now());
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned int t = 0; t < threads; ++t)
  {
    pool.emplace_back(work);
  }
  for (auto & t : pool)
  {
    t.join();
  }
  const auto t2 = Clock::now();
  if (!error.empty())
  {
    throw std::runtime_error(error);
  }
  r.Wall = Seconds(t0, t2);
  r.Scan = Seconds(t0, t1);
  r.First = first;
  r.Series = files.size();
  for (const auto & f : files)
  {
    r.Files += f.size();
  }
  Summarize(r, images);
  return r;
}

Result
PeerOurs(const std::string & dir, double memoryLimitMB)
{
  Result r;
  r.Peer = memoryLimitMB > 0 ? "ours-capped" : "ours";
  r.Threads = itk::MultiThreaderBase::GetGlobalDefaultNumberOfThreads();
  using ReaderType = itk::ParallelSeriesReader<ImageType>;
  const auto t0 = Clock::now();
  auto       scanner = itk::ParallelGDCMSeriesFileNames::New();
  scanner->SetRecursive(true);
  scanner->SetUseSeriesDetails(true);
  scanner->SetInputDirectory(dir);
  scanner->Update();
  const auto t1 = Clock::now();
  auto       reader = ReaderType::New();
  reader->SetFileNamesSource(scanner);
  std::mutex   mutex;
  double       first = -1.0;
  std::int64_t cappedChecksum = 0;
  ReaderType * rawReader = reader;
  // Completion times (and, with a memory limit, the checksum: the volume is released after the
  // event, so it is consumed here, inside the timed region). The observer (an
  // itk::FunctionCommand made by AddObserver) may run on any pool thread.
  reader->AddObserver(itk::ParallelSeriesVolumeCompletedEvent(), [&](const itk::EventObject & e) {
    const auto *                done = dynamic_cast<const itk::ParallelSeriesVolumeCompletedEvent *>(&e);
    const std::int64_t          sum = memoryLimitMB > 0 ? Checksum(rawReader->GetOutput(done->GetVolumeIndex())) : 0;
    std::lock_guard<std::mutex> lock(mutex);
    cappedChecksum += sum;
    if (first < 0)
    {
      first = Seconds(t0, Clock::now());
    }
  });
  if (memoryLimitMB > 0)
  {
    reader->SetVoxelMemoryLimit(static_cast<itk::SizeValueType>(memoryLimitMB * 1024.0 * 1024.0));
  }
  reader->Update();
  const auto t2 = Clock::now();
  if (reader->GetNumberOfFailedVolumes() > 0)
  {
    throw std::runtime_error(reader->GetFailureReport());
  }
  r.Wall = Seconds(t0, t2);
  r.Scan = Seconds(t0, t1);
  r.First = first;
  r.Series = scanner->GetSeriesUIDs().size();
  std::vector<ImageType::Pointer> images;
  for (unsigned int v = 0; v < reader->GetNumberOfVolumes(); ++v)
  {
    images.push_back(reader->GetOutput(v));
    r.Files += reader->GetVolumeInfo(v).GetFileNames().size();
  }
  Summarize(r, images);
  if (memoryLimitMB > 0)
  {
    r.Checksum = cappedChecksum;
  }
  return r;
}

/** Streaming: the scan announces each series once all its files are scanned (after a first pass
 * over every file's SeriesInstanceUID, SetSeriesCompleteAfterUIDPass(); or, \c byFolder, once
 * every folder it uses was scanned, SetSeriesCompleteAtFolderEnd()), and the observer reads it
 * at once (the scanner's one-series scan, GetCompletedSeriesScan(), and a ParallelSeriesReader on the pool)
 * while the scan waits (as `parallel-series convert --stream` does). first_series_s: the first
 * series read; uid_pass_s: the end of the first pass (SeriesInstanceUID of every file); scan_s:
 * the whole scan's Update(), the reads inside it included. */
Result
PeerOursStream(const std::string & dir, bool byFolder)
{
  Result r;
  r.Peer = byFolder ? "ours-stream-folder" : "ours-stream";
  r.Threads = itk::MultiThreaderBase::GetGlobalDefaultNumberOfThreads();
  using ReaderType = itk::ParallelSeriesReader<ImageType>;
  std::vector<ImageType::Pointer> images;
  double                          first = -1.0;
  const auto                      t0 = Clock::now();
  auto                            scanner = itk::ParallelGDCMSeriesFileNames::New();
  scanner->SetRecursive(true);
  scanner->SetUseSeriesDetails(true);
  scanner->SetSeriesCompleteAtFolderEnd(byFolder);
  scanner->SetSeriesCompleteAfterUIDPass(!byFolder);
  scanner->SetInputDirectory(dir);
  if (!byFolder)
  {
    // The scanner reports progress 0.1 when the SeriesInstanceUID pass ends.
    scanner->AddObserver(itk::ProgressEvent(), [&](const itk::EventObject &) {
      if (r.UIDPass < 0 && scanner->GetProgress() >= 0.1f)
      {
        r.UIDPass = Seconds(t0, Clock::now());
      }
    });
  }
  scanner->AddObserver(itk::ParallelSeriesSeriesCompletedEvent(), [&](const itk::EventObject &) {
    auto reader = ReaderType::New();
    reader->SetFileNamesSource(scanner->GetCompletedSeriesScan()); // no second header pass
    reader->Update();
    if (reader->GetNumberOfFailedVolumes() > 0)
    {
      throw std::runtime_error(reader->GetFailureReport());
    }
    for (unsigned int v = 0; v < reader->GetNumberOfVolumes(); ++v)
    {
      images.push_back(reader->GetOutput(v));
      r.Files += reader->GetVolumeInfo(v).GetFileNames().size();
    }
    if (first < 0)
    {
      first = Seconds(t0, Clock::now());
    }
  });
  scanner->Update();
  const auto t1 = Clock::now();
  r.Wall = Seconds(t0, t1);
  r.Scan = r.Wall;
  r.First = first;
  r.Series = scanner->GetSeriesUIDs().size();
  Summarize(r, images);
  return r;
}

Result
PeerLimit(const std::string & dir, unsigned int threads)
{
  Result r;
  r.Peer = "limit";
  r.Threads = std::max(1u, threads);
  // Decoded voxel bytes, from a header scan before the clock starts.
  auto scanner = itk::ParallelGDCMSeriesFileNames::New();
  scanner->SetRecursive(true);
  scanner->SetInputDirectory(dir);
  scanner->Update();
  double voxelBytes = 0.0;
  for (const auto & uid : scanner->GetSeriesUIDs())
  {
    const auto & s = scanner->GetSeriesSummary(uid);
    voxelBytes += static_cast<double>(s.GetColumns()) * s.GetRows() * s.GetNumberOfFiles() * sizeof(short);
  }
  const auto               t0 = Clock::now();
  std::vector<std::string> names;
  for (const auto & entry : std::filesystem::recursive_directory_iterator(dir))
  {
    if (entry.is_regular_file())
    {
      names.push_back(entry.path().string());
    }
  }
  // Each thread reads a contiguous share of the files and copies into its share of the voxel
  // memory (fresh pages, faulted in by the copy, as in one thread).
  const size_t            total = static_cast<size_t>(voxelBytes);
  std::unique_ptr<char[]> voxels(new char[total]);
  const auto              work = [&](size_t t) {
    const size_t      firstFile = names.size() * t / r.Threads;
    const size_t      endFile = names.size() * (t + 1) / r.Threads;
    const size_t      begin = total * t / r.Threads;
    const size_t      end = total * (t + 1) / r.Threads;
    std::vector<char> buffer; // reused: one read per file, as `cat` does
    size_t            filled = begin;
    for (size_t i = firstFile; i < endFile; ++i)
    {
      FILE * f = std::fopen(names[i].c_str(), "rb");
      if (!f)
      {
        continue;
      }
      const size_t size = static_cast<size_t>(std::filesystem::file_size(names[i]));
      if (buffer.size() < size)
      {
        buffer.resize(size);
      }
      const size_t n = std::fread(buffer.data(), 1, size, f);
      std::fclose(f);
      // One copy of the file's trailing bytes (its pixel data) into the voxel memory.
      const size_t copy = std::min(n, end - filled);
      std::memcpy(voxels.get() + filled, buffer.data() + (n - copy), copy);
      filled += copy;
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < r.Threads; ++t)
  {
    pool.emplace_back(work, t);
  }
  work(0);
  for (auto & th : pool)
  {
    th.join();
  }
  const auto t1 = Clock::now();
  r.Wall = Seconds(t0, t1);
  r.Files = names.size();
  r.VoxelBytes = voxelBytes;
  r.Series = scanner->GetSeriesUIDs().size();
  return r;
}

Result
PeerScanStock(const std::string & dir)
{
  Result r;
  r.Peer = "scan-stock";
  const auto t0 = Clock::now();
  auto       names = itk::GDCMSeriesFileNames::New();
  names->SetUseSeriesDetails(true);
  names->SetRecursive(true);
  names->SetInputDirectory(dir);
  r.Series = names->GetSeriesUIDs().size();
  r.Wall = Seconds(t0, Clock::now());
  r.Scan = r.Wall;
  return r;
}

Result
PeerScanOurs(const std::string & dir)
{
  Result r;
  r.Peer = "scan-ours";
  r.Threads = itk::MultiThreaderBase::GetGlobalDefaultNumberOfThreads();
  const auto t0 = Clock::now();
  auto       scanner = itk::ParallelGDCMSeriesFileNames::New();
  scanner->SetUseSeriesDetails(true);
  scanner->SetRecursive(true);
  scanner->SetInputDirectory(dir);
  scanner->Update();
  r.Series = scanner->GetSeriesUIDs().size();
  r.Wall = Seconds(t0, Clock::now());
  r.Scan = r.Wall;
  return r;
}

const char * const Usage =
  "usage: ParallelSeriesBenchmark generate --preset tiny|small|medium|large --template FILE OUTDIR\n"
  "                                        [--seed N] [--threads N]\n"
  "       ParallelSeriesBenchmark generate --preset archive-tiny|archive-10k|archive-30k|archive-100k\n"
  "                                        --template FILE OUTDIR [--seed N] [--threads N] [--check]\n"
  "       ParallelSeriesBenchmark peer stock|threestep|ours|limit|scan-stock|scan-ours DIR\n"
  "                                        [--threads N] [--memory-limit MB]\n";
} // namespace

int
main(int argc, char * argv[])
{
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string              preset, templateFile;
  unsigned int             threads = 0, seed = 20261121;
  double                   memoryLimitMB = 0.0;
  bool                     check = false;
  std::vector<std::string> positional;
  try
  {
    for (size_t i = 0; i < args.size(); ++i)
    {
      const std::string & a = args[i];
      const bool          hasValue = i + 1 < args.size();
      if (a == "--preset" && hasValue)
      {
        preset = args[++i];
      }
      else if (a == "--template" && hasValue)
      {
        templateFile = args[++i];
      }
      else if (a == "--seed" && hasValue)
      {
        seed = static_cast<unsigned int>(std::stoul(args[++i]));
      }
      else if (a == "--threads" && hasValue)
      {
        threads = static_cast<unsigned int>(std::stoul(args[++i]));
      }
      else if (a == "--memory-limit" && hasValue)
      {
        memoryLimitMB = std::stod(args[++i]);
      }
      else if (a == "--check")
      {
        check = true;
      }
      else if (a.compare(0, 2, "--") == 0)
      {
        std::cerr << Usage;
        return 2;
      }
      else
      {
        positional.push_back(a);
      }
    }
    if (threads > 0)
    {
      itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(threads);
    }
    threads = itk::MultiThreaderBase::GetGlobalDefaultNumberOfThreads();
    if (positional.size() == 2 && positional[0] == "generate" && !preset.empty() && !templateFile.empty())
    {
      const auto                                  t0 = Clock::now();
      ParallelSeriesBenchmark::ArchivePlan        plan;
      const bool                                  archive = ParallelSeriesBenchmark::IsArchivePreset(preset);
      const ParallelSeriesBenchmark::StudySummary s =
        archive ? ParallelSeriesBenchmark::GenerateArchive(positional[1], preset, templateFile, seed, threads, &plan)
                : ParallelSeriesBenchmark::GenerateStudy(positional[1], preset, templateFile, seed, threads);
      if (check)
      {
        const std::string problems =
          archive ? ParallelSeriesBenchmark::CheckArchive(positional[1], plan) : "--check: archive presets only\n";
        if (!problems.empty())
        {
          std::cerr << problems;
          return EXIT_FAILURE;
        }
        std::cout << "check: both scanners found the " << s.Series << " planned series and " << s.Files << " files; "
                  << s.Junk << " junk files skipped" << std::endl;
      }
      std::cout << "RESULT {\"preset\": \"" << preset << "\", \"series\": " << s.Series << ", \"files\": " << s.Files
                << ", \"junk_files\": " << s.Junk << ", \"bytes\": " << std::setprecision(15) << s.Bytes
                << ", \"voxels\": " << s.Voxels << ", \"seconds\": " << std::setprecision(4)
                << Seconds(t0, Clock::now()) << "}" << std::endl;
      return EXIT_SUCCESS;
    }
    if (positional.size() == 3 && positional[0] == "peer")
    {
      const std::string & name = positional[1];
      const std::string & dir = positional[2];
      Result              r;
      if (name == "stock")
      {
        r = PeerStock(dir);
      }
      else if (name == "threestep")
      {
        r = PeerThreeStep(dir, threads);
      }
      else if (name == "ours")
      {
        r = PeerOurs(dir, memoryLimitMB);
      }
      else if (name == "ours-stream")
      {
        r = PeerOursStream(dir, false);
      }
      else if (name == "ours-stream-folder")
      {
        r = PeerOursStream(dir, true);
      }
      else if (name == "limit")
      {
        // One thread unless --threads says otherwise (the default elsewhere is every core).
        r = PeerLimit(dir, std::find(args.begin(), args.end(), "--threads") != args.end() ? threads : 1);
      }
      else if (name == "scan-stock")
      {
        r = PeerScanStock(dir);
      }
      else if (name == "scan-ours")
      {
        r = PeerScanOurs(dir);
      }
      else
      {
        std::cerr << Usage;
        return 2;
      }
      Print(r);
      return EXIT_SUCCESS;
    }
  }
  catch (const std::exception & e)
  {
    std::cerr << "error: " << e.what() << std::endl;
    return EXIT_FAILURE;
  }
  std::cerr << Usage;
  return 2;
}
