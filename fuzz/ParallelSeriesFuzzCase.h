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
#ifndef ParallelSeriesFuzzCase_h
#define ParallelSeriesFuzzCase_h

// One fuzz case: the files of a fuzz input are written to a directory, scanned with
// ParallelGDCMSeriesFileNames (Update() and every accessor, with invariant checks) and read with
// ParallelSeriesReader. Used by the libFuzzer target (fuzz/ParallelSeriesFuzzer.cxx) and by the
// regression test that replays its findings (test/itkParallelSeriesFuzzRegressionTest.cxx).

#include "ParallelSeriesFuzzInput.h"
#include "itkImage.h"
#include "itkParallelGDCMSeriesFileNames.h"
#include "itkParallelSeriesReader.h"
#include "itkParallelSeriesSeriesOrdering.h" // internal (src/): the documented series order
#include "itkRGBPixel.h"
#include "itksys/SystemTools.hxx"

#include "gdcmImageHelper.h"
#include "gdcmPixelFormat.h"
#include "gdcmReader.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>

namespace ParallelSeriesFuzz
{
/** Fails the case: a broken invariant of our code (libFuzzer reports the abort as a crash). */
#define ParallelSeriesFuzzCheck(condition)                                                                             \
  if (!(condition))                                                                                                    \
  {                                                                                                                    \
    std::fprintf(stderr, "ParallelSeriesFuzz: invariant violated at %s:%d: %s\n", __FILE__, __LINE__, #condition);     \
    std::abort();                                                                                                      \
  }

/** Decoded bytes a file's header announces (columns x rows x frames x samples x 8, an upper bound
 * on what any output pixel type needs), as GDCM's ImageHelper reads them; 0 when unreadable. */
inline double
DeclaredBytes(const std::string & file)
{
  gdcm::Reader reader;
  reader.SetFileName(file.c_str());
  const gdcm::Tag pixelData(0x7fe0, 0x0010);
  try
  {
    if (!reader.ReadUpToTag(pixelData, std::set<gdcm::Tag>{ pixelData }))
    {
      return 0.0;
    }
    const std::vector<unsigned int> dims = gdcm::ImageHelper::GetDimensionsValue(reader.GetFile());
    double                          bytes = 8.0 * 3.0;
    for (const unsigned int d : dims)
    {
      bytes *= std::max(1u, d);
    }
    return bytes;
  }
  catch (...)
  {
    return 0.0;
  }
}

template <typename TPixel>
void
ReadAll(itk::ParallelGDCMSeriesFileNames * scanner, const std::vector<std::string> & series, std::uint8_t options)
{
  using ImageType = itk::Image<TPixel, 3>;
  auto reader = itk::ParallelSeriesReader<ImageType>::New();
  reader->SetFileNamesSource(scanner);
  reader->SetSeriesSelection(series);
  reader->SetThrowOnFailure((options & ThrowOnFailure) != 0);
  if (options & MemoryLimit)
  {
    reader->SetVoxelMemoryLimit(1);
  }
  if (options & OneWorkUnit)
  {
    reader->SetNumberOfWorkUnits(1);
  }
  try
  {
    reader->Update();
  }
  catch (const itk::ExceptionObject &)
  {
    // Failed volumes with ThrowOnFailure: expected for damaged input. The volume table is set.
  }
  // Every selected series has one entry per volume, or one failed entry.
  std::size_t expected = 0;
  for (const auto & uid : series)
  {
    expected += std::max(1u, scanner->GetNumberOfVolumes(uid));
  }
  ParallelSeriesFuzzCheck(reader->GetNumberOfVolumes() == expected);
  (void)reader->GetFailureReport();
  for (unsigned int v = 0; v < reader->GetNumberOfVolumes(); ++v)
  {
    const auto & info = reader->GetVolumeInfo(v);
    ParallelSeriesFuzzCheck(std::find(series.begin(), series.end(), info.GetSeriesIdentifier()) != series.end());
    if (info.GetFailed() || (options & MemoryLimit))
    {
      continue; // content undefined, or handed out and released
    }
    ImageType * image = reader->GetOutput(v);
    const auto  size = image->GetLargestPossibleRegion().GetSize();
    ParallelSeriesFuzzCheck(image->GetBufferedRegion() == image->GetLargestPossibleRegion());
    if (info.GetFileNames().size() > 1)
    {
      ParallelSeriesFuzzCheck(size[2] == info.GetFileNames().size());
    }
    // Touch every pixel: AddressSanitizer checks the buffer really holds the region.
    const TPixel *      p = image->GetBufferPointer();
    const std::size_t   n = image->GetLargestPossibleRegion().GetNumberOfPixels();
    const unsigned char sum =
      n > 0 ? reinterpret_cast<const unsigned char *>(p)[0] ^ reinterpret_cast<const unsigned char *>(p + n)[-1] : 0;
    (void)sum;
    ParallelSeriesFuzzCheck(n == 0 || p != nullptr);
  }
}

/** Runs one fuzz input in \c dir (created if needed; its previous content is removed). */
inline void
RunCase(const std::uint8_t * data, std::size_t size, const std::string & dir)
{
  std::vector<std::string> contents;
  const std::uint8_t       options = Split(data, size, contents);

  itksys::SystemTools::RemoveADirectory(dir);
  itksys::SystemTools::MakeDirectory(dir + "/sub");
  std::vector<std::string> names;
  double                   declared = 0.0;
  for (std::size_t i = 0; i < contents.size(); ++i)
  {
    const std::string name = dir + ((options & Directory) && (i % 2) ? "/sub/f" : "/f") + std::to_string(i) + ".dcm";
    std::ofstream(name, std::ios::binary).write(contents[i].data(), static_cast<std::streamsize>(contents[i].size()));
    names.push_back(name);
    declared += DeclaredBytes(name);
  }

  auto scanner = itk::ParallelGDCMSeriesFileNames::New();
  if (options & Directory)
  {
    scanner->SetInputDirectory(dir);
    scanner->SetRecursive(true);
  }
  else
  {
    scanner->SetInputFileNames(names);
  }
  scanner->SetUseSeriesDetails((options & UseSeriesDetails) != 0);
  if (options & Restriction)
  {
    scanner->AddSeriesRestriction("0008|0060");
  }
  if (options & OneWorkUnit)
  {
    scanner->SetNumberOfWorkUnits(1);
  }
  scanner->Update();

  // Every file is either skipped or in exactly one series.
  const auto &      uids = scanner->GetSeriesUIDs();
  const std::size_t skipped = scanner->GetNumberOfSkippedFiles();
  ParallelSeriesFuzzCheck(scanner->GetNumberOfScannedFiles() == names.size());
  // Unknown series and indices out of range throw (one answer for every accessor).
  const auto throws = [](const auto & call) {
    try
    {
      call();
    }
    catch (const itk::ExceptionObject &)
    {
      return true;
    }
    return false;
  };
  ParallelSeriesFuzzCheck(throws([&] { scanner->GetSkippedFile(skipped); }));
  // In the documented series order (study, series number, identifier), each series once.
  for (std::size_t i = 1; i < uids.size(); ++i)
  {
    ParallelSeriesFuzzCheck(itk::ParallelSeriesScan::SeriesPrecedes(scanner->GetSeriesSummary(uids[i - 1]),
                                                                    scanner->GetSeriesSummary(uids[i])));
  }
  std::vector<std::string> sortedUIDs = uids;
  std::sort(sortedUIDs.begin(), sortedUIDs.end());
  ParallelSeriesFuzzCheck(std::adjacent_find(sortedUIDs.begin(), sortedUIDs.end()) == sortedUIDs.end());
  std::size_t inSeries = 0;
  for (const auto & uid : uids)
  {
    ParallelSeriesFuzzCheck(scanner->HasSeries(uid));
    const auto s = scanner->GetSeriesSummary(uid);
    const auto files = scanner->GetFileNames(uid);
    ParallelSeriesFuzzCheck(s.GetSeriesIdentifier() == uid);
    ParallelSeriesFuzzCheck(files.size() == s.GetNumberOfFiles() && !files.empty());
    inSeries += files.size();
    const unsigned int volumes = scanner->GetNumberOfVolumes(uid);
    ParallelSeriesFuzzCheck(volumes == s.GetNumberOfVolumes());
    ParallelSeriesFuzzCheck(volumes > 0 || !scanner->GetSeriesError(uid).empty());
    for (unsigned int v = 0; v < volumes; ++v)
    {
      const std::vector<std::string> volumeFiles = scanner->GetVolumeFileNames(uid, v);
      for (unsigned int f = 0; f < volumeFiles.size(); ++f)
      {
        ParallelSeriesFuzzCheck(std::find(files.begin(), files.end(), volumeFiles[f]) != files.end());
        const itk::Point<double, 3> position = scanner->GetVolumeImagePosition(uid, v, f);
        (void)position;
      }
      ParallelSeriesFuzzCheck(
        throws([&] { scanner->GetVolumeImagePosition(uid, v, static_cast<unsigned int>(volumeFiles.size())); }));
    }
    ParallelSeriesFuzzCheck(throws([&] { scanner->GetVolumeFileNames(uid, volumes); }));
    const unsigned int damaged = scanner->GetNumberOfDamagedFiles(uid);
    for (unsigned int d = 0; d < damaged; ++d)
    {
      const std::string file = scanner->GetDamagedFile(uid, d).GetFileName();
      ParallelSeriesFuzzCheck(std::find(files.begin(), files.end(), file) != files.end());
    }
    ParallelSeriesFuzzCheck(throws([&] { scanner->GetDamagedFile(uid, damaged); }));
    // Use every summary field (UBSan checks the arithmetic, ASan the strings).
    double geometry = s.GetSpacing()[0] + s.GetSpacing()[1] + s.GetSpacing()[2] + s.GetOrigin()[0] +
                      s.GetDirection()[2][2] + s.GetRescaleSlope() + s.GetRescaleIntercept();
    (void)geometry;
    const std::size_t text = s.GetSeriesInstanceUID().size() + s.GetStudyInstanceUID().size() +
                             s.GetSeriesNumber().size() + s.GetSeriesDescription().size() + s.GetModality().size() +
                             s.GetTransferSyntaxUID().size() + s.GetPhotometricInterpretation().size() +
                             s.GetError().size();
    (void)text;
  }
  ParallelSeriesFuzzCheck(inSeries + skipped == names.size());
  // "": the series of files without SeriesInstanceUID, else the first series; unknown without series.
  const bool unnamed = std::find(uids.begin(), uids.end(), std::string()) != uids.end();
  const std::vector<std::string> first =
    uids.empty() ? std::vector<std::string>{} : scanner->GetFileNames(unnamed ? std::string() : uids.front());
  ParallelSeriesFuzzCheck(scanner->HasSeries("") == !uids.empty());
  ParallelSeriesFuzzCheck(scanner->GetInputFileNames() == first);
  ParallelSeriesFuzzCheck(uids.empty() ? throws([&] { scanner->GetFileNames(""); })
                                       : scanner->GetFileNames("") == first);
  ParallelSeriesFuzzCheck(!scanner->HasSeries("no such series"));
  ParallelSeriesFuzzCheck(throws([&] { scanner->GetFileNames("no such series"); }));
  ParallelSeriesFuzzCheck(throws([&] { scanner->GetSeriesSummary("no such series"); }));
  ParallelSeriesFuzzCheck(throws([&] { scanner->GetNumberOfVolumes("no such series"); }));
  ParallelSeriesFuzzCheck(throws([&] { scanner->GetSeriesError("no such series"); }));
  ParallelSeriesFuzzCheck(throws([&] { scanner->GetNumberOfDamagedFiles("no such series"); }));

  // Read the pixels, unless the headers announce more than 64 MiB in total (a few hundred bytes
  // of header can announce terabytes: the reader allocates what the header says, by design).
  if (uids.empty() || declared > 64.0 * 1024 * 1024)
  {
    return;
  }
  switch ((options >> 3) & 3)
  {
    case 0:
      ReadAll<float>(scanner, uids, options);
      break;
    case 1:
      ReadAll<unsigned short>(scanner, uids, options);
      break;
    case 2:
      ReadAll<short>(scanner, uids, options);
      break;
    default:
      ReadAll<itk::RGBPixel<unsigned char>>(scanner, uids, options);
      break;
  }
}
} // namespace ParallelSeriesFuzz

#endif
