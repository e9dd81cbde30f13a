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

// ParallelGDCMSeriesFileNames with SeriesCompleteAtFolderEnd: per-folder completion.
// Generated multi-folder input (folders a: series 1 and 2, b: series 3, c: series 4; folder d,
// in the violating case, 2 more slices of series 3 and series 5). Checks against the stock scan
// (the same class with the mode off): the same series with the same files, each announced once
// by ParallelSeriesSeriesCompletedEvent, the early folders' series before the scan ended, and a
// series spread over two folders reported (its later files skipped, naming the series), never
// merged. GetCompletedSeriesIdentifier() / GetCompletedSeriesFileNames() (the accessors for
// observers without the event, as Python's) equal the event's values inside each observer.
// And SeriesCompleteAfterUIDPass on the violating input plus a non-DICOM file: the stock scan's
// results, every series announced once, the fewest files first, each read equal to the stock read.

#include "itkParallelGDCMSeriesFileNames.h"
#include "itkParallelSeriesDicomSliceWriter.h"
#include "itkParallelSeriesReader.h"
#include "itkParallelSeriesSameImage.h"

#include "itkCommand.h"
#include "itkTestingMacros.h"
#include "itksys/SystemTools.hxx"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace
{
const std::string Study = "1.2.826.0.1.3680043.2.1125.97.1";
std::string
SeriesUID(unsigned int number)
{
  return "1.2.826.0.1.3680043.2.1125.97.2." + std::to_string(number);
}

/** Writes slices [first, first + count) of series \c number into \c folder; returns the files. */
std::vector<std::string>
WriteSeries(const std::string & folder, unsigned int number, unsigned int first, unsigned int count)
{
  itksys::SystemTools::MakeDirectory(folder);
  std::vector<std::string> files;
  for (unsigned int k = first; k < first + count; ++k)
  {
    ParallelSeriesTest::DicomSliceGeometry g;
    g.Columns = 8;
    g.Rows = 6;
    g.Origin[2] = 2.0 * k;
    ParallelSeriesTest::DicomSliceAttributes a;
    a.StudyInstanceUID = Study;
    a.SeriesInstanceUID = SeriesUID(number);
    a.SOPInstanceUID = a.SeriesInstanceUID + "." + std::to_string(k + 1);
    a.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2";
    a.Modality = "CT";
    a.SeriesNumber = number;
    a.InstanceNumber = k + 1;
    const std::string file = folder + "/s" + std::to_string(number) + "_" + std::to_string(k) + ".dcm";
    ParallelSeriesTest::WriteDicomSlice<short>(
      g, a, [k](unsigned int x, unsigned int y) { return 100.0 * k + 10 * y + x; }, file);
    files.push_back(file);
  }
  return files;
}

using ImageType = itk::Image<short, 3>;

struct Announcement
{
  std::string              Identifier;
  float                    Progress; ///< scanner progress when announced (0.8 = every file scanned)
  std::vector<std::string> FileNames;
  ImageType::Pointer       Image; ///< the series read in the observer, during the scan
};

/** Reads the one single-volume series of \c scanner with a ParallelSeriesReader. */
ImageType::Pointer
ReadSeries(itk::ParallelGDCMSeriesFileNames * scanner)
{
  if (scanner == nullptr)
  {
    return nullptr;
  }
  auto reader = itk::ParallelSeriesReader<ImageType>::New();
  reader->SetFileNamesSource(scanner);
  reader->Update();
  if (reader->GetNumberOfVolumes() != 1 || reader->GetVolumeInfo(0).GetFailed())
  {
    return nullptr;
  }
  ImageType::Pointer image = reader->GetOutput(0);
  image->DisconnectPipeline();
  return image;
}

/** Reads \c fileNames (one single-volume series) with a scanner and a ParallelSeriesReader. */
ImageType::Pointer
ReadSeries(const std::vector<std::string> & fileNames)
{
  auto scanner = itk::ParallelGDCMSeriesFileNames::New();
  scanner->SetInputFileNames(fileNames);
  scanner->Update();
  return ReadSeries(scanner);
}

int failures = 0;
void
Check(bool ok, const std::string & what)
{
  if (!ok)
  {
    std::cerr << "FAILED: " << what << std::endl;
    ++failures;
  }
}

/** The differences between \c prebuilt (GetCompletedSeriesScan() of the announcement of
 * \c identifier, \c fileNames) and a scan of \c fileNames alone: series, files, volumes,
 * positions, frames, summary, damaged and skipped files; empty when there are none. */
std::string
CompareWithOwnScan(itk::ParallelGDCMSeriesFileNames * prebuilt,
                   const std::string &                identifier,
                   const std::vector<std::string> &   fileNames)
{
  auto own = itk::ParallelGDCMSeriesFileNames::New();
  own->SetInputFileNames(fileNames);
  own->Update();
  if (prebuilt == nullptr)
  {
    return "no one-series scan";
  }
  const itk::ModifiedTimeType before = prebuilt->GetMTime();
  prebuilt->Update(); // must not scan: nothing changed since it was built
  if (prebuilt->GetMTime() != before || prebuilt->GetNumberOfScannedFiles() != fileNames.size())
  {
    return "Update() changed it";
  }
  if (prebuilt->GetSeriesUIDs() != std::vector<std::string>{ identifier } || own->GetSeriesUIDs().size() != 1)
  {
    return "series identifiers";
  }
  const std::string & ownUID = own->GetSeriesUIDs().front();
  if (prebuilt->GetFileNames(identifier) != fileNames || prebuilt->GetInputFileNames() != fileNames ||
      own->GetFileNames(ownUID) != fileNames)
  {
    return "file names";
  }
  if (prebuilt->GetNumberOfSkippedFiles() != 0 || own->GetNumberOfSkippedFiles() != 0 ||
      prebuilt->GetNumberOfDamagedFiles(identifier) != own->GetNumberOfDamagedFiles(ownUID) ||
      prebuilt->GetSeriesError(identifier) != own->GetSeriesError(ownUID))
  {
    return "skipped, damaged files or series error";
  }
  const unsigned int volumes = own->GetNumberOfVolumes(ownUID);
  if (prebuilt->GetNumberOfVolumes(identifier) != volumes)
  {
    return "number of volumes";
  }
  for (unsigned int v = 0; v < volumes; ++v)
  {
    const auto files = own->GetVolumeFileNames(ownUID, v);
    if (prebuilt->GetVolumeFileNames(identifier, v) != files ||
        prebuilt->GetVolumeFrames(identifier, v) != own->GetVolumeFrames(ownUID, v) ||
        prebuilt->GetVolumeSOPInstanceUID(identifier, v) != own->GetVolumeSOPInstanceUID(ownUID, v))
    {
      return "files, frames or SOPInstanceUID of volume " + std::to_string(v);
    }
    for (unsigned int f = 0; f < files.size(); ++f)
    {
      if (prebuilt->GetVolumeImagePosition(identifier, v, f) != own->GetVolumeImagePosition(ownUID, v, f))
      {
        return "position of file " + std::to_string(f) + " of volume " + std::to_string(v);
      }
    }
  }
  const auto & a = prebuilt->GetSeriesSummary(identifier);
  const auto & b = own->GetSeriesSummary(ownUID);
  if (a.GetSeriesInstanceUID() != b.GetSeriesInstanceUID() || a.GetNumberOfFiles() != b.GetNumberOfFiles() ||
      a.GetNumberOfSlices() != b.GetNumberOfSlices() || a.GetColumns() != b.GetColumns() ||
      a.GetRows() != b.GetRows() || a.GetSpacing() != b.GetSpacing() || a.GetOrigin() != b.GetOrigin() ||
      a.GetDirection() != b.GetDirection() || a.GetTotalFileBytes() != b.GetTotalFileBytes() ||
      a.GetSliceSpacingSource() != b.GetSliceSpacingSource() || a.GetError() != b.GetError())
  {
    return "summary";
  }
  return std::string();
}

/** Scans with SeriesCompleteAtFolderEnd (\c byUID: SeriesCompleteAfterUIDPass), reading each
 * announced series in the observer. */
std::vector<Announcement>
ScanStreaming(itk::ParallelGDCMSeriesFileNames * scanner, bool byUID = false)
{
  std::vector<Announcement> announced;
  unsigned int              accessorMismatches = 0;
  auto                      observer = itk::CStyleCommand::New();
  unsigned int              prebuiltMismatches = 0;
  struct Context
  {
    itk::ParallelGDCMSeriesFileNames * Scanner;
    std::vector<Announcement> *        Announced;
    unsigned int *                     AccessorMismatches;
    unsigned int *                     PrebuiltMismatches;
  } context{ scanner, &announced, &accessorMismatches, &prebuiltMismatches };
  observer->SetClientData(&context);
  observer->SetCallback([](itk::Object *, const itk::EventObject & e, void * data) {
    const auto * c = static_cast<Context *>(data);
    const auto & completed = dynamic_cast<const itk::ParallelSeriesSeriesCompletedEvent &>(e);
    // The accessors for observers without the event (Python) give the event's values.
    if (c->Scanner->GetCompletedSeriesIdentifier() != completed.GetSeriesIdentifier() ||
        c->Scanner->GetCompletedSeriesFileNames() != completed.GetFileNames())
    {
      ++*c->AccessorMismatches;
    }
    // The one-series scan built from the headers already read equals a scan of the files alone,
    // is built once per event, and reads the series as that scan does.
    const itk::ParallelGDCMSeriesFileNames::Pointer prebuilt = c->Scanner->GetCompletedSeriesScan();
    const std::string                               difference =
      CompareWithOwnScan(prebuilt, completed.GetSeriesIdentifier(), completed.GetFileNames());
    if (!difference.empty() || c->Scanner->GetCompletedSeriesScan() != prebuilt)
    {
      std::cerr << "GetCompletedSeriesScan() of " << completed.GetSeriesIdentifier() << ": "
                << (difference.empty() ? "a second call gave another object" : difference) << std::endl;
      ++*c->PrebuiltMismatches;
    }
    // Read the series at once, while the rest of the input waits to be scanned.
    c->Announced->push_back({ completed.GetSeriesIdentifier(),
                              c->Scanner->GetProgress(),
                              completed.GetFileNames(),
                              ReadSeries(completed.GetFileNames()) });
    ImageType::Pointer fromPrebuilt = ReadSeries(prebuilt);
    if (!c->Announced->back().Image || !fromPrebuilt ||
        !ParallelSeriesTesting::SameImage<ImageType>(
          fromPrebuilt, c->Announced->back().Image, "read from GetCompletedSeriesScan()"))
    {
      ++*c->PrebuiltMismatches;
    }
  });
  const unsigned long tag = scanner->AddObserver(itk::ParallelSeriesSeriesCompletedEvent(), observer);
  scanner->SetSeriesCompleteAtFolderEnd(!byUID);
  scanner->SetSeriesCompleteAfterUIDPass(byUID);
  scanner->Update();
  scanner->RemoveObserver(tag);
  Check(prebuiltMismatches == 0,
        "GetCompletedSeriesScan() equals a scan of the announced files and reads the same image");
  Check(scanner->GetCompletedSeriesScan().IsNull(), "GetCompletedSeriesScan() is null outside an observer");
  Check(accessorMismatches == 0,
        "GetCompletedSeriesIdentifier() / GetCompletedSeriesFileNames() equal the event's values in its observer");
  Check(announced.empty() || (scanner->GetCompletedSeriesIdentifier() == announced.back().Identifier &&
                              scanner->GetCompletedSeriesFileNames() == announced.back().FileNames),
        "after Update() the accessors give the last announced series");
  return announced;
}

/** The streaming scan has the stock scan's series, files and skipped files. */
void
CheckSameAsStock(itk::ParallelGDCMSeriesFileNames * streaming, itk::ParallelGDCMSeriesFileNames * stock)
{
  Check(streaming->GetSeriesUIDs() == stock->GetSeriesUIDs(), "streaming series identifiers equal stock ones");
  for (const std::string & uid : stock->GetSeriesUIDs())
  {
    if (streaming->HasSeries(uid))
    {
      Check(streaming->GetFileNames(uid) == stock->GetFileNames(uid), "files of series " + uid + " equal stock ones");
      Check(streaming->GetNumberOfVolumes(uid) == stock->GetNumberOfVolumes(uid), "volumes of series " + uid);
    }
  }
  Check(streaming->GetNumberOfSkippedFiles() == stock->GetNumberOfSkippedFiles(), "skipped files equal stock ones");
  Check(stock->GetCompletedSeriesIdentifier().empty() && stock->GetCompletedSeriesFileNames().empty(),
        "without SeriesCompleteAtFolderEnd nothing is announced (accessors empty)");
}
} // namespace

int
itkParallelSeriesFolderStreamingTest(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " outputDirectory" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string root = argv[1];
  itksys::SystemTools::RemoveADirectory(root);
  itksys::SystemTools::MakeDirectory(root);
  std::vector<std::string> listing; // folder by folder: a, b, c
  for (const auto & f : WriteSeries(root + "/a", 1, 0, 5))
  {
    listing.push_back(f);
  }
  for (const auto & f : WriteSeries(root + "/a", 2, 0, 4))
  {
    listing.push_back(f);
  }
  for (const auto & f : WriteSeries(root + "/b", 3, 0, 6))
  {
    listing.push_back(f);
  }
  for (const auto & f : WriteSeries(root + "/c", 4, 0, 3))
  {
    listing.push_back(f);
  }
  const float n = static_cast<float>(listing.size());

  // 1. Explicit listing, one work unit (batches of at least 4 files ending at a folder's end:
  // exactly the folders a, b, c).
  {
    auto stock = itk::ParallelGDCMSeriesFileNames::New();
    stock->SetInputFileNames(listing);
    stock->SetNumberOfWorkUnits(1);
    stock->Update();
    Check(stock->GetSeriesUIDs().size() == 4, "stock scan finds 4 series");
    auto streaming = itk::ParallelGDCMSeriesFileNames::New();
    streaming->SetInputFileNames(listing);
    streaming->SetNumberOfWorkUnits(1);
    const std::vector<Announcement> announced = ScanStreaming(streaming);
    CheckSameAsStock(streaming, stock);
    std::map<std::string, float> progress;
    for (const auto & a : announced)
    {
      std::cout << "announced " << a.Identifier << " at progress " << a.Progress << std::endl;
      Check(progress.count(a.Identifier) == 0, "series " + a.Identifier + " announced once");
      progress[a.Identifier] = a.Progress;
      Check(streaming->HasSeries(a.Identifier), "announced " + a.Identifier + " is a series of the scan");
    }
    Check(announced.size() == stock->GetSeriesUIDs().size(), "every stock series announced");
    // Announced as soon as its folder was scanned: folder a after 9 files, b after 15, c at the end.
    const float expected[4] = { 0.8f * 9 / n, 0.8f * 9 / n, 0.8f * 15 / n, 0.8f };
    for (unsigned int s = 0; s < 4; ++s)
    {
      const auto it = progress.find(SeriesUID(s + 1));
      Check(it != progress.end() && std::abs(it->second - expected[s]) < 1e-4f,
            "series " + SeriesUID(s + 1) + " announced at the end of its folder, progress " +
              std::to_string(expected[s]));
    }
    Check(!announced.empty() && announced.front().Progress < 0.5f, "first series announced before half of the scan");
    // The files announced are the stock scan's, and the series read during the scan equals the
    // non-streaming read (the reader over the whole stock scan).
    auto whole = itk::ParallelSeriesReader<ImageType>::New();
    whole->SetFileNamesSource(stock);
    whole->Update();
    Check(whole->GetNumberOfVolumes() == 4, "non-streaming read: 4 volumes");
    for (const auto & a : announced)
    {
      Check(a.FileNames == stock->GetFileNames(a.Identifier), "announced files of " + a.Identifier + " equal stock");
      bool compared = false;
      for (unsigned int v = 0; v < whole->GetNumberOfVolumes(); ++v)
      {
        if (whole->GetVolumeInfo(v).GetSeriesIdentifier() == a.Identifier)
        {
          compared = a.Image && ParallelSeriesTesting::SameImage<ImageType>(
                                  a.Image, whole->GetOutput(v), "series " + a.Identifier + " read during the scan");
        }
      }
      Check(compared, "series " + a.Identifier + " read during the scan equals the non-streaming read");
    }
  }

  // 2. The directory itself, recursive, default work units (listing order of the file system).
  {
    auto stock = itk::ParallelGDCMSeriesFileNames::New();
    stock->SetInputDirectory(root);
    stock->RecursiveOn();
    stock->Update();
    auto streaming = itk::ParallelGDCMSeriesFileNames::New();
    streaming->SetInputDirectory(root);
    streaming->RecursiveOn();
    const std::vector<Announcement> announced = ScanStreaming(streaming);
    CheckSameAsStock(streaming, stock);
    std::map<std::string, int> count;
    for (const auto & a : announced)
    {
      ++count[a.Identifier];
    }
    Check(count.size() == stock->GetSeriesUIDs().size(), "recursive: every stock series announced");
    for (const auto & c : count)
    {
      Check(c.second == 1 && stock->HasSeries(c.first), "recursive: " + c.first + " announced once, a stock series");
    }
  }

  // 3. Violation: folder d holds 2 more slices of series 3 (listed after b) and series 5.
  {
    std::vector<std::string>       violating = listing;
    const std::vector<std::string> late = WriteSeries(root + "/d", 3, 6, 2);
    for (const auto & f : late)
    {
      violating.push_back(f);
    }
    for (const auto & f : WriteSeries(root + "/d", 5, 0, 3))
    {
      violating.push_back(f);
    }
    auto stock = itk::ParallelGDCMSeriesFileNames::New();
    stock->SetInputFileNames(violating);
    stock->SetNumberOfWorkUnits(1);
    stock->Update();
    Check(stock->GetSeriesUIDs().size() == 5 && stock->GetFileNames(SeriesUID(3)).size() == 8,
          "stock merges series 3's 8 files");
    auto streaming = itk::ParallelGDCMSeriesFileNames::New();
    streaming->SetInputFileNames(violating);
    streaming->SetNumberOfWorkUnits(1);
    const std::vector<Announcement> announced = ScanStreaming(streaming);
    Check(streaming->GetSeriesUIDs() == stock->GetSeriesUIDs(), "violation: the same series");
    Check(streaming->HasSeries(SeriesUID(3)) && streaming->GetFileNames(SeriesUID(3)).size() == 6,
          "violation: series 3 keeps the 6 files announced, the late ones are not merged");
    Check(announced.size() == 5, "violation: 5 series announced once each");
    unsigned int reported = 0;
    for (itk::SizeValueType i = 0; i < streaming->GetNumberOfSkippedFiles(); ++i)
    {
      const auto skipped = streaming->GetSkippedFile(i);
      std::cout << "skipped " << skipped.GetFileName() << ": " << skipped.GetReason() << std::endl;
      const bool isLate = std::find(late.begin(), late.end(), skipped.GetFileName()) != late.end();
      Check(isLate, "violation: only the late files are skipped");
      if (isLate && skipped.GetReason().find(SeriesUID(3)) != std::string::npos &&
          skipped.GetReason().find("not merged") != std::string::npos)
      {
        ++reported;
      }
    }
    Check(reported == 2, "violation: both late files reported, naming series 3");
    Check(stock->GetNumberOfSkippedFiles() == 0, "violation: stock skips nothing");
  }

  // 4. SeriesCompleteAfterUIDPass on the same listing, plus a file that is not DICOM: no layout
  // assumption, so the stock scan's results (series 3's 8 files merged); the series announced by
  // file count (4 and 5: 3 files, 2: 4, 1: 5, 3: 8; batches of at least 4 files with one work
  // unit, each batch's series in identifier order), each read during the scan equal to the
  // non-streaming read.
  {
    std::vector<std::string> listed = listing;
    for (const auto & f : WriteSeries(root + "/d", 3, 6, 2))
    {
      listed.push_back(f);
    }
    for (const auto & f : WriteSeries(root + "/d", 5, 0, 3))
    {
      listed.push_back(f);
    }
    const std::string junk = root + "/d/notes.txt";
    {
      std::ofstream out(junk);
      out << "not a DICOM file\n";
    }
    listed.insert(listed.begin() + 3, junk);
    auto stock = itk::ParallelGDCMSeriesFileNames::New();
    stock->SetInputFileNames(listed);
    stock->SetNumberOfWorkUnits(1);
    stock->Update();
    Check(stock->GetSeriesUIDs().size() == 5 && stock->GetFileNames(SeriesUID(3)).size() == 8 &&
            stock->GetNumberOfSkippedFiles() == 1,
          "UID pass input: stock finds 5 series, series 3 with 8 files, 1 skipped file");
    auto streaming = itk::ParallelGDCMSeriesFileNames::New();
    streaming->SetInputFileNames(listed);
    streaming->SetNumberOfWorkUnits(1);
    const std::vector<Announcement> announced = ScanStreaming(streaming, true);
    CheckSameAsStock(streaming, stock);
    Check(streaming->GetNumberOfSkippedFiles() == 1 && streaming->GetSkippedFile(0).GetFileName() == junk,
          "UID pass: the non-DICOM file skipped, as by stock");
    std::vector<std::string> order;
    for (const auto & a : announced)
    {
      std::cout << "UID pass: announced " << a.Identifier << " (" << a.FileNames.size() << " files) at progress "
                << a.Progress << std::endl;
      order.push_back(a.Identifier);
    }
    const std::vector<std::string> expected{ SeriesUID(4), SeriesUID(5), SeriesUID(2), SeriesUID(1), SeriesUID(3) };
    Check(order == expected, "UID pass: every series announced once, the fewest files first");
    Check(!announced.empty() && announced.front().Progress < 0.5f, "UID pass: first series before half of the scan");
    auto whole = itk::ParallelSeriesReader<ImageType>::New();
    whole->SetFileNamesSource(stock);
    whole->Update();
    for (const auto & a : announced)
    {
      Check(a.FileNames == stock->GetFileNames(a.Identifier), "UID pass: files of " + a.Identifier + " equal stock");
      bool compared = false;
      for (unsigned int v = 0; v < whole->GetNumberOfVolumes(); ++v)
      {
        if (whole->GetVolumeInfo(v).GetSeriesIdentifier() == a.Identifier)
        {
          compared = a.Image && ParallelSeriesTesting::SameImage<ImageType>(
                                  a.Image, whole->GetOutput(v), "UID pass: series " + a.Identifier);
        }
      }
      Check(compared, "UID pass: series " + a.Identifier + " read during the scan equals the non-streaming read");
    }
  }

  if (failures != 0)
  {
    std::cerr << failures << " check(s) failed" << std::endl;
    return EXIT_FAILURE;
  }
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
