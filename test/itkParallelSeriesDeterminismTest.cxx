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

// Determinism: the scanner and the reader give exactly the serial result (one work unit on a
// one-thread multithreader) for random numbers of work units and threads, on a pool
// multithreader, a platform multithreader and ITK's global default, repeated. Compared: scanner
// series / file / volume order, skipped files, summaries; reader volume infos, pixels (exact),
// spacing, origin, direction (exact) and every MetaDataDictionary key and value.
//   itkParallelSeriesDeterminismTest outputDir [repetitions] [seed]
// The seed (random when not given) is printed: pass it back to reproduce a failure.

#include "itkParallelSeriesScanResultLists.h"
#include "itkParallelSeriesReader.h"
#include "itkPlatformMultiThreader.h"
#include "itkPoolMultiThreader.h"
#include "itkTestingMacros.h"
#include "itkParallelSeriesTestUtilities.h"

#include <chrono>
#include <map>

namespace
{
using ScannerType = itk::ParallelGDCMSeriesFileNames;
using ImageType = itk::Image<short, 3>;
using ReaderType = itk::ParallelSeriesReader<ImageType>;

/** Everything a scan gives, as text (exact: doubles with 17 digits). */
std::string
ScanSnapshot(const ScannerType * scanner)
{
  std::ostringstream os;
  os.precision(17);
  for (const auto & s : ParallelSeriesTest::SkippedFiles(scanner))
  {
    os << "skipped " << s.GetFileName() << ": " << s.GetReason() << "\n";
  }
  for (const auto & uid : scanner->GetSeriesUIDs())
  {
    os << "series " << uid << "\n";
    for (const auto & f : scanner->GetFileNames(uid))
    {
      os << "  file " << f << "\n";
    }
    for (unsigned int v = 0; v < scanner->GetNumberOfVolumes(uid); ++v)
    {
      const std::vector<std::string>           files = scanner->GetVolumeFileNames(uid, v);
      const std::vector<itk::Point<double, 3>> positions = ParallelSeriesTest::VolumeImagePositions(scanner, uid, v);
      for (size_t k = 0; k < files.size(); ++k)
      {
        os << "  volume " << v << " " << files[k] << " " << positions[k] << "\n";
      }
    }
    for (const auto & d : ParallelSeriesTest::DamagedFiles(scanner, uid))
    {
      os << "  damaged " << d.GetFileName() << ": " << d.GetReason() << "\n";
    }
    const auto s = scanner->GetSeriesSummary(uid);
    os << "  summary " << s.GetSeriesIdentifier() << "|" << s.GetSeriesInstanceUID() << "|" << s.GetStudyInstanceUID()
       << "|" << s.GetSeriesNumber() << "|" << s.GetSeriesDescription() << "|" << s.GetModality() << "|"
       << s.GetTransferSyntaxUID() << "|" << s.GetPhotometricInterpretation() << "|" << s.GetColumns() << "|"
       << s.GetRows() << "|" << s.GetNumberOfFiles() << "|" << s.GetNumberOfFramesPerFile() << "|"
       << s.GetNumberOfSlices() << "|" << s.GetNumberOfVolumes() << "|" << s.GetSamplesPerPixel() << "|"
       << s.GetBitsAllocated() << "|" << static_cast<int>(s.GetComponentType()) << "|" << s.GetRescaleSlope() << "|"
       << s.GetRescaleIntercept() << "|" << s.GetSpacing() << "|" << s.GetOrigin() << "|" << s.GetDirection() << "|"
       << s.GetTotalFileBytes() << "|" << s.GetError() << "\n";
  }
  return os.str();
}

/** A metadata value as text, for the types the reader stores. */
std::string
MetaDataValue(const itk::MetaDataDictionary & d, const std::string & key)
{
  std::ostringstream os;
  os.precision(17);
  std::string              s;
  double                   x = 0;
  std::vector<double>      v;
  ImageType::DirectionType m;
  if (itk::ExposeMetaData(d, key, s))
  {
    os << "string:" << s;
  }
  else if (itk::ExposeMetaData(d, key, x))
  {
    os << "double:" << x;
  }
  else if (itk::ExposeMetaData(d, key, v))
  {
    os << "vector:";
    for (const double e : v)
    {
      os << e << " ";
    }
  }
  else if (itk::ExposeMetaData(d, key, m))
  {
    os << "matrix:" << m;
  }
  else
  {
    os << "type:" << d.Get(key)->GetMetaDataObjectTypeName();
  }
  return os.str();
}

/** Volume infos, geometry, dictionaries and a pixel checksum-free description; pixels are
 * compared separately. */
std::string
ReadSnapshot(ReaderType * reader)
{
  std::ostringstream os;
  os.precision(17);
  os << reader->GetNumberOfVolumes() << " volumes, " << reader->GetNumberOfFailedVolumes() << " failed\n";
  for (unsigned int i = 0; i < reader->GetNumberOfVolumes(); ++i)
  {
    const auto & info = reader->GetVolumeInfo(i);
    os << "volume " << i << " " << info.GetSeriesIdentifier() << " " << info.GetVolumeIndex() << " " << info.GetFailed()
       << " " << info.GetFailedFile() << " " << info.GetFailureReason() << "\n";
    for (const auto & f : info.GetFileNames())
    {
      os << "  " << f << "\n";
    }
    const ImageType * image = reader->GetOutput(i);
    os << "  region " << image->GetLargestPossibleRegion().GetSize() << " spacing " << image->GetSpacing() << " origin "
       << image->GetOrigin() << " direction " << image->GetDirection() << "\n";
    const auto & d = image->GetMetaDataDictionary();
    for (const auto & key : d.GetKeys())
    {
      os << "  " << key << " = " << MetaDataValue(d, key) << "\n";
    }
  }
  return os.str();
}

bool
SamePixels(const ImageType * a, const ImageType * b)
{
  const size_t n = a->GetBufferedRegion().GetNumberOfPixels();
  return n == b->GetBufferedRegion().GetNumberOfPixels() &&
         std::equal(a->GetBufferPointer(), a->GetBufferPointer() + n, b->GetBufferPointer());
}

void
PrintFirstDifference(const std::string & a, const std::string & b)
{
  std::istringstream sa(a), sb(b);
  std::string        la, lb;
  unsigned int       line = 1;
  while (std::getline(sa, la) && std::getline(sb, lb))
  {
    if (la != lb)
    {
      std::cerr << "line " << line << ":\n  serial:   " << la << "\n  parallel: " << lb << std::endl;
      return;
    }
    ++line;
  }
  std::cerr << "different lengths" << std::endl;
}
} // namespace

int
itkParallelSeriesDeterminismTest(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " outputDir [repetitions] [seed]" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string  outputDir = argv[1];
  const unsigned int repetitions = argc > 2 ? static_cast<unsigned int>(std::atoi(argv[2])) : 50;
  const unsigned int seed =
    argc > 3 ? static_cast<unsigned int>(std::strtoul(argv[3], nullptr, 10))
             : static_cast<unsigned int>(std::chrono::steady_clock::now().time_since_epoch().count() & 0x7fffffff);
  std::cout << "Seed " << seed << " (reproduce with: itkParallelSeriesDeterminismTest " << outputDir << " "
            << repetitions << " " << seed << ")" << std::endl;
  itksys::SystemTools::MakeDirectory(outputDir);
  const std::string dir = outputDir + "/generated";
  ParallelSeriesTest::GenerateMultiSeriesDirectory(dir, 11);
  // Plus a damaged file (a failed volume and a damaged-file entry must be deterministic too).
  {
    auto scan = ScannerType::New();
    scan->SetInputDirectory(dir);
    scan->SetRecursive(true);
    scan->Update();
    const auto files = scan->GetFileNames(scan->GetSeriesUIDs()[3]);
    ParallelSeriesTest::TruncateFile(files[2], itksys::SystemTools::FileLength(files[2]) - 500);
  }

  // Serial reference: one work unit, one thread.
  auto serialThreader = itk::PlatformMultiThreader::New();
  serialThreader->SetMaximumNumberOfThreads(1);
  serialThreader->SetNumberOfWorkUnits(1);
  auto serialScanner = ScannerType::New();
  serialScanner->SetMultiThreader(serialThreader);
  serialScanner->SetNumberOfWorkUnits(1);
  serialScanner->SetInputDirectory(dir);
  serialScanner->SetRecursive(true);
  ITK_TRY_EXPECT_NO_EXCEPTION(serialScanner->Update());
  auto serialReader = ReaderType::New();
  serialReader->SetMultiThreader(serialThreader);
  serialReader->SetNumberOfWorkUnits(1);
  serialReader->SetFileNamesSource(serialScanner);
  ITK_TRY_EXPECT_NO_EXCEPTION(serialReader->Update());
  const std::string serialScan = ScanSnapshot(serialScanner);
  const std::string serialRead = ReadSnapshot(serialReader);
  std::cout << serialScanner->GetSeriesUIDs().size() << " series, " << serialReader->GetNumberOfVolumes()
            << " volumes (" << serialReader->GetNumberOfFailedVolumes() << " failed)" << std::endl;
  ITK_TEST_EXPECT_EQUAL(serialReader->GetNumberOfFailedVolumes(), 1u);

  std::mt19937                                rng(seed);
  std::uniform_int_distribution<unsigned int> workUnitsOf(1, 64);
  std::uniform_int_distribution<unsigned int> threadsOf(1, 8);
  const itk::ThreadIdType                     globalDefault = itk::MultiThreaderBase::GetGlobalDefaultNumberOfThreads();
  for (unsigned int r = 0; r < repetitions; ++r)
  {
    const unsigned int              kind = r % 3; // pool, platform, ITK's global default
    const unsigned int              workUnits = workUnitsOf(rng);
    const unsigned int              threads = threadsOf(rng);
    itk::MultiThreaderBase::Pointer threader;
    if (kind == 0)
    {
      threader = itk::PoolMultiThreader::New();
    }
    else if (kind == 1)
    {
      threader = itk::PlatformMultiThreader::New();
    }
    if (threader)
    {
      threader->SetMaximumNumberOfThreads(threads);
    }
    else
    {
      itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(threads);
    }
    std::ostringstream what;
    what << "repetition " << r << ": "
         << (kind == 0   ? "pool"
             : kind == 1 ? "platform"
                         : "global default")
         << " multithreader, " << threads << " threads, " << workUnits << " work units";

    auto scanner = ScannerType::New();
    auto reader = ReaderType::New();
    if (threader)
    {
      scanner->SetMultiThreader(threader);
      reader->SetMultiThreader(threader);
    }
    scanner->SetNumberOfWorkUnits(workUnits);
    scanner->SetInputDirectory(dir);
    scanner->SetRecursive(true);
    reader->SetNumberOfWorkUnits(workUnits);
    reader->SetFileNamesSource(scanner);
    ITK_TRY_EXPECT_NO_EXCEPTION(reader->Update());
    const std::string scan = ScanSnapshot(scanner);
    if (scan != serialScan)
    {
      std::cerr << what.str() << ": the scan differs from the serial scan, ";
      PrintFirstDifference(serialScan, scan);
      return EXIT_FAILURE;
    }
    const std::string read = ReadSnapshot(reader);
    if (read != serialRead)
    {
      std::cerr << what.str() << ": volume information or metadata differ from the serial read, ";
      PrintFirstDifference(serialRead, read);
      return EXIT_FAILURE;
    }
    for (unsigned int i = 0; i < reader->GetNumberOfVolumes(); ++i)
    {
      if (!reader->GetVolumeInfo(i).GetFailed() && !SamePixels(serialReader->GetOutput(i), reader->GetOutput(i)))
      {
        std::cerr << what.str() << ": pixels of volume " << i << " differ from the serial read" << std::endl;
        return EXIT_FAILURE;
      }
    }
    std::cout << what.str() << ": identical" << std::endl;
  }
  itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(globalDefault);
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
