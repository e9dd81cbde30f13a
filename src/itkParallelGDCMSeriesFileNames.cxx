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

#include "itkDomainThreader.h"
#include "itkParallelSeriesDirectoryListing.h"
#include "itkParallelSeriesExceptionText.h"
#include "itkParallelSeriesFileRecord.h"
#include "itkParallelSeriesHeaderReading.h"
#include "itkParallelSeriesSeriesOrdering.h"
#include "itkParallelSeriesSeriesSummary.h"
#include "itkThreadedWeightedRangePartitioner.h"
#include "itksys/SystemTools.hxx"

#include "gdcmImageHelper.h"
#include "gdcmTag.h"
#include "gdcmTrace.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace itk
{
namespace ParallelSeriesScan
{
/** One series of the scan. */
struct SeriesRecord
{
  std::vector<SizeValueType>              Files;   ///< indices into ScanResults::Files, stock order
  std::vector<std::vector<SizeValueType>> Volumes; ///< indices into ScanResults::Files
  std::vector<std::vector<unsigned int>>  Frames;  ///< per volume (SeriesOrder::Frames)
  std::vector<ParallelSeriesSkippedFile>  Damaged; ///< files of the series that cannot be decoded
  ParallelSeriesSummary                   Summary;
};

/** What the last ParallelGDCMSeriesFileNames::Update() found. */
struct ScanResults
{
  std::vector<FileRecord>                             Files; ///< every listed entry, in listing order
  std::map<std::string, SeriesRecord>                 Series;
  ParallelGDCMSeriesFileNames::SeriesUIDContainerType SeriesUIDs; ///< in SeriesPrecedes() order
  std::vector<ParallelSeriesSkippedFile>              SkippedFiles;
};
} // namespace ParallelSeriesScan

namespace
{
/** Whether the scanned record \c r becomes a member of a series (Update() lists the others as
 * skipped files, with their reason): no error, and not ignored as derived or as a localizer. */
bool
JoinsASeries(const ParallelSeriesScan::FileRecord & r, bool ignoreDerived, bool ignoreLocalizers)
{
  return r.Error.empty() && !(ignoreDerived && r.Derived) && !(ignoreLocalizers && !r.Localizer.empty());
}

/** Whether ImageOrientationPatient varies among \c files (a tri-planar localizer, dcm2niix issue
 * 894, when the scanner ignores localizers). */
bool
OrientationVaries(const std::vector<ParallelSeriesScan::FileRecord> & records, const std::vector<SizeValueType> & files)
{
  const double * first = records[files.front()].Cosines;
  return std::any_of(files.begin(), files.end(), [&records, first](SizeValueType f) {
    const double * c = records[f].Cosines;
    for (unsigned int k = 0; k < 6; ++k)
    {
      if (std::abs(c[k] - first[k]) > 1e-4)
      {
        return true;
      }
    }
    return false;
  });
}

/** The last step of a scan for each series: its damaged files (in the order of \c series.Files,
 * listing order), then its files, volumes and frames from \c order (OrderSeries() of those
 * files) and its summary, keeping its identifier. */
void
AdoptOrder(const std::vector<ParallelSeriesScan::FileRecord> & files,
           ParallelSeriesScan::SeriesRecord &                  series,
           ParallelSeriesScan::SeriesOrder                     order)
{
  series.Damaged.clear();
  for (const SizeValueType f : series.Files)
  {
    if (!files[f].Damage.empty())
    {
      series.Damaged.emplace_back(files[f].FileName, files[f].Damage);
    }
  }
  series.Files = std::move(order.Files);
  series.Volumes = std::move(order.Volumes);
  series.Frames = std::move(order.Frames);
  series.Frames.resize(series.Volumes.size());
  const std::string identifier = series.Summary.GetSeriesIdentifier();
  series.Summary = ParallelSeriesScan::SummarizeSeries(files, series.Files, series.Volumes, series.Frames);
  series.Summary.SetSeriesIdentifier(identifier);
  series.Summary.SetError(order.Error);
}
} // namespace

/** Scans a contiguous range [Begin, End) of the listed files (ParallelSeriesScan::ScanFile(): one
 * GDCM reader per file, owned by the work unit). */
class ParallelGDCMSeriesFileNamesScanThreader
  : public DomainThreader<ThreadedWeightedRangePartitioner, ParallelGDCMSeriesFileNames>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(ParallelGDCMSeriesFileNamesScanThreader);
  using Self = ParallelGDCMSeriesFileNamesScanThreader;
  using Superclass = DomainThreader<ThreadedWeightedRangePartitioner, ParallelGDCMSeriesFileNames>;
  using Pointer = SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(ParallelGDCMSeriesFileNamesScanThreader, DomainThreader);
  /** The scanner's multithreader is passed on (DomainThreader keeps the setter protected). */
  using Superclass::SetMultiThreader;

  /** The scanner's series identifier settings (set before Execute()). */
  ParallelSeriesScan::SeriesIdentifierRule m_Rule;
  /** When set, position p of the range is the file m_Order[p] (the files of a series batch);
   * else the file p. */
  const std::vector<SizeValueType> * m_Order{ nullptr };
  /** When set (one entry per file), only the SeriesInstanceUID of each file of the range is read,
   * into it (CleanSeriesIdentifier()'d; empty when unreadable): the first pass of
   * SeriesCompleteAfterUIDPass. */
  std::vector<std::string> * m_UIDs{ nullptr };

protected:
  ParallelGDCMSeriesFileNamesScanThreader() = default;
  void
  ThreadedExecution(const DomainType & range, const ThreadIdType) override
  {
    for (SizeValueType p = range.Begin; p < range.End; ++p)
    {
      const SizeValueType i = m_Order ? (*m_Order)[p] : p;
      auto &              record = this->m_Associate->m_Results->Files[i];
      if (m_UIDs != nullptr)
      {
        std::string uid;
        (*m_UIDs)[i] = record.Error.empty() && ParallelSeriesScan::ReadSeriesInstanceUID(record.FileName, uid)
                         ? ParallelSeriesScan::CleanSeriesIdentifier(uid)
                         : std::string();
        continue;
      }
      // ScanFile() turns GDCM's std::exception into a skip reason. GDCM also throws other types:
      // its gdcmAssertAlwaysMacro throws a std::string in release builds (e.g. from
      // PixelFormat::GetScalarType() on a BitsAllocated / PixelRepresentation it rejects), which
      // would otherwise leave the work unit and abort the whole scan (found by fuzzing).
      try
      {
        ParallelSeriesScan::ScanFile(record, m_Rule);
      }
      catch (...)
      {
        record.Error = ParallelSeriesGDCM::CurrentExceptionText("header");
      }
    }
  }
};

/** Orders and summarizes a contiguous range [Begin, End) of series (ParallelSeriesScan::OrderSeries(),
 * SummarizeSeries()). */
class ParallelGDCMSeriesFileNamesSortThreader
  : public DomainThreader<ThreadedWeightedRangePartitioner, ParallelGDCMSeriesFileNames>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(ParallelGDCMSeriesFileNamesSortThreader);
  using Self = ParallelGDCMSeriesFileNamesSortThreader;
  using Superclass = DomainThreader<ThreadedWeightedRangePartitioner, ParallelGDCMSeriesFileNames>;
  using Pointer = SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(ParallelGDCMSeriesFileNamesSortThreader, DomainThreader);
  /** The scanner's multithreader is passed on (DomainThreader keeps the setter protected). */
  using Superclass::SetMultiThreader;

  std::vector<ParallelSeriesScan::SeriesRecord *> m_SeriesList;

protected:
  ParallelGDCMSeriesFileNamesSortThreader() = default;
  void
  ThreadedExecution(const DomainType & range, const ThreadIdType) override
  {
    const std::vector<ParallelSeriesScan::FileRecord> & files = this->m_Associate->m_Results->Files;
    for (SizeValueType i = range.Begin; i < range.End; ++i)
    {
      ParallelSeriesScan::SeriesRecord & series = *m_SeriesList[i];
      AdoptOrder(
        files, series, ParallelSeriesScan::OrderSeries(files, series.Files, this->m_Associate->m_OneVolumePerFile));
    }
  }
};

ParallelGDCMSeriesFileNames::ParallelGDCMSeriesFileNames()
  : m_Results(std::make_unique<ParallelSeriesScan::ScanResults>())
{
  // As gdcm::SerieHelper does: GDCM's warnings about odd files would flood stderr.
  gdcm::Trace::WarningOff();
}

ParallelGDCMSeriesFileNames::~ParallelGDCMSeriesFileNames() = default;

void
ParallelGDCMSeriesFileNames::SetInputDirectory(const char * name)
{
  if (!name)
  {
    itkExceptionMacro(<< "SetInputDirectory() received a nullptr string");
  }
  this->SetInputDirectory(std::string(name));
}

void
ParallelGDCMSeriesFileNames::SetInputDirectory(const std::string & name)
{
  if (m_InputDirectory == name && !m_UseExplicitFileNames)
  {
    return;
  }
  m_InputDirectory = name;
  m_UseExplicitFileNames = false;
  m_ExplicitFileNames.clear();
  this->Modified();
}

void
ParallelGDCMSeriesFileNames::SetInputFileNames(const FileNamesContainerType & fileNames)
{
  m_ExplicitFileNames = fileNames;
  m_UseExplicitFileNames = true;
  m_InputDirectory.clear();
  this->Modified();
}

void
ParallelGDCMSeriesFileNames::AddSeriesRestriction(const std::string & tag)
{
  gdcm::Tag t;
  if (!t.ReadFromPipeSeparatedString(tag.c_str()))
  {
    itkExceptionMacro(<< "AddSeriesRestriction: \"" << tag << "\" is not a tag of the form gggg|eeee");
  }
  m_Restrictions.emplace_back(t.GetGroup(), t.GetElement());
  this->Modified();
}

void
ParallelGDCMSeriesFileNames::ClearSeriesRestrictions()
{
  if (!m_Restrictions.empty())
  {
    m_Restrictions.clear();
    this->Modified();
  }
}

void
ParallelGDCMSeriesFileNames::Update()
{
  if (m_Scanned && m_ScanTime > this->GetMTime())
  {
    return;
  }
  ParallelSeriesScan::DirectoryListing listing;
  if (m_UseExplicitFileNames)
  {
    listing.Files = m_ExplicitFileNames;
  }
  else
  {
    if (m_InputDirectory.empty())
    {
      itkExceptionMacro(<< "No input: call SetInputDirectory() or SetInputFileNames() before Update()");
    }
    if (!itksys::SystemTools::FileIsDirectory(m_InputDirectory))
    {
      itkExceptionMacro(<< "Input directory \"" << m_InputDirectory << "\" does not exist or is not a directory");
    }
    listing = ParallelSeriesScan::ListDirectory(m_InputDirectory, m_Recursive, m_MaxDepth);
  }

  // Same global GDCM settings as GDCMImageIO::ReadImageInformation() uses (without the second,
  // a secondary capture's ImagePositionPatient / ImageOrientationPatient would be ignored until
  // some GDCMImageIO had read a file in this process).
  gdcm::ImageHelper::SetForceRescaleInterceptSlope(true);
  gdcm::ImageHelper::SetSecondaryCaptureImagePlaneModule(true);

  m_CompletedSeriesIdentifier.clear();
  m_CompletedSeriesFileNames.clear();
  ParallelSeriesScan::ScanResults & results = *m_Results;
  results.Files.clear();
  results.Files.resize(listing.Files.size());
  for (size_t i = 0; i < listing.Files.size(); ++i)
  {
    results.Files[i].FileName = listing.Files[i];
  }
  // Directory entries that are not files (loops, dangling links) are listed as skipped.
  for (const auto & problem : listing.Problems)
  {
    results.Files.emplace_back();
    results.Files.back().FileName = problem.first;
    results.Files.back().Error = problem.second;
  }
  this->UpdateProgress(0.0f);

  const ThreadIdType workUnits =
    std::max<ThreadIdType>(1,
                           this->GetNumberOfWorkUnits() > 0 ? this->GetNumberOfWorkUnits()
                                                            : MultiThreaderBase::GetGlobalDefaultNumberOfThreads());
  // Stacks of different size or orientation (and of the other attributes asked for) become
  // series of their own.
  ParallelSeriesScan::StackSplitRule split;
  split.ImageSize = m_SplitByImageSize;
  split.Orientation = m_SplitByOrientation;
  split.SeriesNumber = m_SplitBySeriesNumber;
  split.EchoNumber = m_SplitByEchoNumber;
  split.AcquisitionNumber = m_SplitByAcquisitionNumber;
  split.ImageType = m_SplitByImageType;
  if (!results.Files.empty())
  {
    auto scanner = ParallelGDCMSeriesFileNamesScanThreader::New();
    scanner->m_Rule.UseSeriesDetails = m_UseSeriesDetails;
    scanner->m_Rule.Restrictions = m_Restrictions;
    // More work units than threads for a queueing multithreader: it balances files of uneven cost.
    scanner->SetMultiThreader(this->GetMultiThreader());
    scanner->SetNumberOfWorkUnits(
      ThreadedWeightedRangePartitioner::NumberOfWorkUnitsFor(this->GetMultiThreader(), workUnits, 4));
    if (m_SeriesCompleteAfterUIDPass)
    {
      this->ScanBySeriesInstanceUID(*scanner, split, workUnits);
    }
    else if (!m_SeriesCompleteAtFolderEnd)
    {
      WeightedIndexRange all; // unit cost per file
      all.Begin = 0;
      all.End = results.Files.size();
      scanner->Execute(this, all);
    }
    else
    {
      this->ScanByFolder(*scanner, split, workUnits);
    }
  }
  this->UpdateProgress(0.8f);

  // Group in listing order (the insertion order gdcm::SerieHelper uses).
  results.Series.clear();
  results.SkippedFiles.clear();
  results.SeriesUIDs.clear();
  for (SizeValueType i = 0; i < results.Files.size(); ++i)
  {
    const ParallelSeriesScan::FileRecord & r = results.Files[i];
    if (!r.Error.empty())
    {
      results.SkippedFiles.emplace_back(r.FileName, r.Error);
      continue;
    }
    if (m_IgnoreDerived && r.Derived)
    {
      results.SkippedFiles.emplace_back(r.FileName, "ignored: derived image (ImageType " + r.ImageType + ")");
      continue;
    }
    if (m_IgnoreLocalizers && !r.Localizer.empty())
    {
      results.SkippedFiles.emplace_back(r.FileName, "ignored: localizer (" + r.Localizer + ")");
      continue;
    }
    results.Series[r.SeriesIdentifier].Files.push_back(i);
  }
  if (m_IgnoreLocalizers)
  {
    // A series whose orientation varies is a tri-planar localizer (dcm2niix: issue 894).
    for (auto s = results.Series.begin(); s != results.Series.end();)
    {
      const std::vector<SizeValueType> & files = s->second.Files;
      if (!OrientationVaries(results.Files, files))
      {
        ++s;
        continue;
      }
      for (const SizeValueType f : files)
      {
        results.SkippedFiles.emplace_back(results.Files[f].FileName,
                                          "ignored: localizer (ImageOrientationPatient varies within series " +
                                            s->first + ": tri-planar)");
      }
      s = results.Series.erase(s);
    }
  }
  std::map<std::string, ParallelSeriesScan::SeriesRecord> stacked;
  for (auto & s : results.Series)
  {
    std::vector<ParallelSeriesScan::Stack> stacks =
      ParallelSeriesScan::SplitIntoStacks(results.Files, s.second.Files, split);
    for (auto & stack : stacks)
    {
      std::string identifier = s.first + stack.Suffix;
      while (stacked.count(identifier) != 0) // another series' identifier: keep them apart
      {
        identifier += ".s";
      }
      stacked[identifier].Files = std::move(stack.Files);
    }
  }
  results.Series.swap(stacked);
  std::vector<ParallelSeriesScan::SeriesRecord *> seriesList;
  for (auto & s : results.Series)
  {
    s.second.Summary.SetSeriesIdentifier(s.first);
    seriesList.push_back(&s.second);
  }
  if (!seriesList.empty())
  {
    auto sorter = ParallelGDCMSeriesFileNamesSortThreader::New();
    sorter->m_SeriesList = seriesList;
    sorter->SetMultiThreader(this->GetMultiThreader());
    sorter->SetNumberOfWorkUnits(workUnits);
    WeightedIndexRange all; // unit cost per series
    all.Begin = 0;
    all.End = seriesList.size();
    sorter->Execute(this, all);
  }
  // The series order of every front-end (study, series number, identifier).
  std::sort(seriesList.begin(),
            seriesList.end(),
            [](const ParallelSeriesScan::SeriesRecord * a, const ParallelSeriesScan::SeriesRecord * b) {
              return ParallelSeriesScan::SeriesPrecedes(a->Summary, b->Summary);
            });
  for (const ParallelSeriesScan::SeriesRecord * s : seriesList)
  {
    results.SeriesUIDs.push_back(s->Summary.GetSeriesIdentifier());
  }
  m_Scanned = true;
  m_ScanTime.Modified();
  this->UpdateProgress(1.0f);
}

void
ParallelGDCMSeriesFileNames::ScanByFolder(ParallelGDCMSeriesFileNamesScanThreader &  scanner,
                                          const ParallelSeriesScan::StackSplitRule & split,
                                          ThreadIdType                               workUnits)
{
  ParallelSeriesScan::ScanResults & results = *m_Results;
  const SizeValueType               n = results.Files.size();
  // The folder of each entry, and the listing index of each folder's last entry (a recursive
  // listing interleaves a folder's files with its sub-folders' ones: a folder is complete only
  // once its last listed entry has been scanned).
  std::vector<std::string>             folder(n);
  std::map<std::string, SizeValueType> lastOfFolder;
  for (SizeValueType i = 0; i < n; ++i)
  {
    folder[i] = itksys::SystemTools::GetFilenamePath(results.Files[i].FileName);
    lastOfFolder[folder[i]] = i;
  }
  // Batches end at a folder's last entry and hold at least a few files per work unit, so that
  // folders of a few files do not each cost a threader round.
  const SizeValueType minimumBatch = std::max<SizeValueType>(1, 4 * static_cast<SizeValueType>(workUnits));
  struct Pending
  {
    std::vector<SizeValueType> Files;
    std::set<std::string>      Folders;
  };
  std::map<std::string, Pending>     pending;   // stock identifier -> files so far, not announced
  std::map<std::string, std::string> announced; // stock identifier -> folder completed last
  SizeValueType                      begin = 0;
  while (begin < n)
  {
    SizeValueType end = begin;
    while (end < n)
    {
      const bool folderEnds = lastOfFolder[folder[end]] == end;
      ++end;
      if (folderEnds && end - begin >= minimumBatch)
      {
        break;
      }
    }
    WeightedIndexRange batch; // unit cost per file
    batch.Begin = begin;
    batch.End = end;
    scanner.Execute(this, batch);
    for (SizeValueType i = begin; i < end; ++i)
    {
      ParallelSeriesScan::FileRecord & r = results.Files[i];
      if (!JoinsASeries(r, m_IgnoreDerived, m_IgnoreLocalizers))
      {
        continue; // grouped as a skipped file by Update()
      }
      const auto done = announced.find(r.SeriesIdentifier);
      if (done != announced.end())
      {
        r.Error = "series " + r.SeriesIdentifier + " was announced complete at the end of folder \"" + done->second +
                  "\" (SeriesCompleteAtFolderEnd: a folder holds whole series), but this file of it lies in folder \"" +
                  folder[i] + "\": not merged into it";
        continue;
      }
      Pending & p = pending[r.SeriesIdentifier];
      p.Files.push_back(i);
      p.Folders.insert(folder[i]);
    }
    this->UpdateProgress(0.8f * static_cast<float>(end) / static_cast<float>(n));
    // Announce, in stock identifier order, the series all of whose folders are complete.
    for (auto s = pending.begin(); s != pending.end();)
    {
      const bool complete = std::all_of(s->second.Folders.begin(),
                                        s->second.Folders.end(),
                                        [&lastOfFolder, end](const std::string & f) { return lastOfFolder[f] < end; });
      if (!complete)
      {
        ++s;
        continue;
      }
      announced[s->first] = itksys::SystemTools::GetFilenamePath(results.Files[s->second.Files.back()].FileName);
      this->AnnounceSeries(s->first, s->second.Files, split);
      s = pending.erase(s);
    }
    begin = end;
  }
}

void
ParallelGDCMSeriesFileNames::AnnounceSeries(const std::string &                        identifier,
                                            const std::vector<SizeValueType> &         files,
                                            const ParallelSeriesScan::StackSplitRule & split)
{
  ParallelSeriesScan::ScanResults &            results = *m_Results;
  const std::vector<ParallelSeriesScan::Stack> stacks =
    ParallelSeriesScan::SplitIntoStacks(results.Files, files, split);
  for (const auto & stack : stacks)
  {
    m_CompletedSeriesOrder = std::make_unique<ParallelSeriesScan::SeriesOrder>(
      ParallelSeriesScan::OrderSeries(results.Files, stack.Files, m_OneVolumePerFile));
    std::vector<std::string> fileNames;
    for (const SizeValueType f : m_CompletedSeriesOrder->Files)
    {
      fileNames.push_back(results.Files[f].FileName);
    }
    // The event's values, for observers that do not receive it (Python's PyCommand).
    m_CompletedSeriesIdentifier = identifier + stack.Suffix;
    m_CompletedSeriesFileNames = fileNames;
    m_CompletedSeriesScan = nullptr;
    try
    {
      this->InvokeEvent(ParallelSeriesSeriesCompletedEvent(m_CompletedSeriesIdentifier, std::move(fileNames)));
    }
    catch (...)
    {
      m_CompletedSeriesOrder.reset();
      m_CompletedSeriesScan = nullptr;
      throw;
    }
    m_CompletedSeriesOrder.reset();
    m_CompletedSeriesScan = nullptr;
  }
}

ParallelGDCMSeriesFileNames::Pointer
ParallelGDCMSeriesFileNames::GetCompletedSeriesScan()
{
  if (m_CompletedSeriesScan || !m_CompletedSeriesOrder)
  {
    return m_CompletedSeriesScan;
  }
  const ParallelSeriesScan::SeriesOrder & order = *m_CompletedSeriesOrder;
  // The series' records, copied in listing order (so that the one-series scan lists its damaged
  // files in the order a scan of them would); order's indices mapped onto them.
  std::vector<SizeValueType> listed = order.Files;
  std::sort(listed.begin(), listed.end());
  const auto local = [&listed](SizeValueType f) {
    return static_cast<SizeValueType>(std::lower_bound(listed.begin(), listed.end(), f) - listed.begin());
  };
  Pointer scan = Self::New();
  scan->m_Recursive = m_Recursive;
  scan->m_MaxDepth = m_MaxDepth;
  scan->m_IgnoreDerived = m_IgnoreDerived;
  scan->m_IgnoreLocalizers = m_IgnoreLocalizers;
  scan->m_UseSeriesDetails = m_UseSeriesDetails;
  scan->m_SplitByImageSize = m_SplitByImageSize;
  scan->m_SplitByOrientation = m_SplitByOrientation;
  scan->m_SplitBySeriesNumber = m_SplitBySeriesNumber;
  scan->m_SplitByEchoNumber = m_SplitByEchoNumber;
  scan->m_SplitByAcquisitionNumber = m_SplitByAcquisitionNumber;
  scan->m_SplitByImageType = m_SplitByImageType;
  scan->m_OneVolumePerFile = m_OneVolumePerFile;
  scan->m_Restrictions = m_Restrictions;
  scan->SetMultiThreader(this->GetMultiThreader());
  scan->SetNumberOfWorkUnits(this->GetNumberOfWorkUnits());
  scan->SetInputFileNames(m_CompletedSeriesFileNames);

  ParallelSeriesScan::ScanResults & results = *scan->m_Results;
  results.Files.reserve(listed.size());
  for (const SizeValueType f : listed)
  {
    results.Files.push_back(m_Results->Files[f]);
  }
  ParallelSeriesScan::SeriesOrder mapped;
  for (const SizeValueType f : order.Files)
  {
    mapped.Files.push_back(local(f));
  }
  for (const auto & volume : order.Volumes)
  {
    mapped.Volumes.emplace_back();
    for (const SizeValueType f : volume)
    {
      mapped.Volumes.back().push_back(local(f));
    }
  }
  mapped.Frames = order.Frames;
  mapped.Error = order.Error;
  ParallelSeriesScan::SeriesRecord & series = results.Series[m_CompletedSeriesIdentifier];
  series.Summary.SetSeriesIdentifier(m_CompletedSeriesIdentifier);
  for (SizeValueType i = 0; i < listed.size(); ++i)
  {
    series.Files.push_back(i);
  }
  AdoptOrder(results.Files, series, std::move(mapped));
  results.SeriesUIDs.push_back(m_CompletedSeriesIdentifier);
  scan->m_Scanned = true;
  scan->m_ScanTime.Modified(); // after SetInputFileNames(): Update() has nothing to do
  m_CompletedSeriesScan = scan;
  return scan;
}

void
ParallelGDCMSeriesFileNames::ScanBySeriesInstanceUID(ParallelGDCMSeriesFileNamesScanThreader &  scanner,
                                                     const ParallelSeriesScan::StackSplitRule & split,
                                                     ThreadIdType                               workUnits)
{
  ParallelSeriesScan::ScanResults & results = *m_Results;
  const SizeValueType               n = results.Files.size();
  // 1. Every file's SeriesInstanceUID (nothing else parsed).
  std::vector<std::string> uids(n);
  scanner.m_UIDs = &uids;
  WeightedIndexRange all; // unit cost per file
  all.Begin = 0;
  all.End = n;
  scanner.Execute(this, all);
  scanner.m_UIDs = nullptr;
  this->UpdateProgress(0.1f);

  // 2. The files of each UID, in listing order; the UIDs by file count, then first listing
  // position; the files without a readable UID last.
  std::map<std::string, std::vector<SizeValueType>> byUID;
  std::vector<SizeValueType>                        unknown;
  for (SizeValueType i = 0; i < n; ++i)
  {
    (uids[i].empty() ? unknown : byUID[uids[i]]).push_back(i);
  }
  std::vector<const std::vector<SizeValueType> *> groups;
  for (const auto & g : byUID)
  {
    groups.push_back(&g.second);
  }
  std::sort(groups.begin(), groups.end(), [](const auto * a, const auto * b) {
    return a->size() != b->size() ? a->size() < b->size() : a->front() < b->front();
  });
  if (!unknown.empty())
  {
    groups.push_back(&unknown);
  }

  // 3. Batches of whole groups (at least a few files per work unit, so that series of a few files
  // do not each cost a threader round); after each, its series announced in identifier order.
  const SizeValueType        minimumBatch = std::max<SizeValueType>(1, 4 * static_cast<SizeValueType>(workUnits));
  std::set<std::string>      announced;
  std::vector<SizeValueType> order;
  SizeValueType              scanned = 0;
  size_t                     g = 0;
  while (g < groups.size())
  {
    order.clear();
    while (g < groups.size() && (order.empty() || order.size() < minimumBatch))
    {
      order.insert(order.end(), groups[g]->begin(), groups[g]->end());
      ++g;
    }
    std::sort(order.begin(), order.end()); // listing order within the batch
    scanner.m_Order = &order;
    WeightedIndexRange batch; // unit cost per file
    batch.Begin = 0;
    batch.End = order.size();
    scanner.Execute(this, batch);
    scanner.m_Order = nullptr;
    std::map<std::string, std::vector<SizeValueType>> series; // stock identifier -> files
    for (const SizeValueType i : order)
    {
      ParallelSeriesScan::FileRecord & r = results.Files[i];
      if (!JoinsASeries(r, m_IgnoreDerived, m_IgnoreLocalizers))
      {
        continue; // grouped as a skipped file by Update()
      }
      if (announced.count(r.SeriesIdentifier) != 0)
      {
        r.Error =
          "series " + r.SeriesIdentifier + " was announced complete before this file was scanned " +
          "(SeriesCompleteAfterUIDPass: its SeriesInstanceUID " + uids[i] +
          " differs from the announced files' ones, or could not be read in the first pass): not merged into it";
        continue;
      }
      series[r.SeriesIdentifier].push_back(i);
    }
    scanned += order.size();
    this->UpdateProgress(0.1f + 0.7f * static_cast<float>(scanned) / static_cast<float>(n));
    for (const auto & s : series)
    {
      announced.insert(s.first);
      if (!(m_IgnoreLocalizers && OrientationVaries(results.Files, s.second))) // else Update() drops it
      {
        this->AnnounceSeries(s.first, s.second, split);
      }
    }
  }
}

void
ParallelGDCMSeriesFileNames::CheckUpToDate() const
{
  if (!m_Scanned)
  {
    itkExceptionMacro(<< "No scan yet: call Update() first");
  }
  if (this->GetMTime() > m_ScanTime.GetMTime())
  {
    itkExceptionMacro(<< "The input or a setting changed after the last scan: call Update() first");
  }
}

const ParallelSeriesScan::SeriesRecord *
ParallelGDCMSeriesFileNames::FindSeries(const std::string & uid) const
{
  this->CheckUpToDate();
  const ParallelSeriesScan::ScanResults & results = *m_Results;
  const auto                              it = results.Series.find(uid);
  if (it != results.Series.end())
  {
    return &it->second; // also for "": the series of files without SeriesInstanceUID, if any
  }
  if (uid.empty() && !results.SeriesUIDs.empty())
  {
    return &results.Series.find(results.SeriesUIDs.front())->second; // the first series
  }
  return nullptr;
}

const ParallelSeriesScan::SeriesRecord &
ParallelGDCMSeriesFileNames::GetSeries(const std::string & uid) const
{
  const ParallelSeriesScan::SeriesRecord * s = this->FindSeries(uid);
  if (!s)
  {
    itkExceptionMacro(<< "Unknown series \"" << uid << "\": not among the " << m_Results->SeriesUIDs.size()
                      << " series of the scan");
  }
  return *s;
}

const std::vector<SizeValueType> &
ParallelGDCMSeriesFileNames::GetVolume(const std::string & uid, unsigned int volume) const
{
  const ParallelSeriesScan::SeriesRecord & s = this->GetSeries(uid);
  if (volume >= s.Volumes.size())
  {
    itkExceptionMacro(<< "Series \"" << uid << "\" has no volume " << volume << " (it has " << s.Volumes.size() << ")");
  }
  return s.Volumes[volume];
}

bool
ParallelGDCMSeriesFileNames::SeriesPrecedes(const ParallelSeriesSummary & a, const ParallelSeriesSummary & b)
{
  return ParallelSeriesScan::SeriesPrecedes(a, b);
}

const ParallelGDCMSeriesFileNames::SeriesUIDContainerType &
ParallelGDCMSeriesFileNames::GetSeriesUIDs() const
{
  this->CheckUpToDate();
  return m_Results->SeriesUIDs;
}

bool
ParallelGDCMSeriesFileNames::HasSeries(const std::string & uid) const
{
  return this->FindSeries(uid) != nullptr;
}

ParallelGDCMSeriesFileNames::FileNamesContainerType
ParallelGDCMSeriesFileNames::GetFileNames(const std::string & uid) const
{
  const ParallelSeriesScan::SeriesRecord & s = this->GetSeries(uid);
  FileNamesContainerType                   names;
  names.reserve(s.Files.size());
  for (const SizeValueType i : s.Files)
  {
    names.push_back(m_Results->Files[i].FileName);
  }
  return names;
}

ParallelGDCMSeriesFileNames::FileNamesContainerType
ParallelGDCMSeriesFileNames::GetInputFileNames() const
{
  return this->HasSeries("") ? this->GetFileNames("") : FileNamesContainerType();
}

unsigned int
ParallelGDCMSeriesFileNames::GetNumberOfVolumes(const std::string & uid) const
{
  return static_cast<unsigned int>(this->GetSeries(uid).Volumes.size());
}

ParallelGDCMSeriesFileNames::FileNamesContainerType
ParallelGDCMSeriesFileNames::GetVolumeFileNames(const std::string & uid, unsigned int volume) const
{
  const std::vector<SizeValueType> & files = this->GetVolume(uid, volume);
  FileNamesContainerType             names;
  names.reserve(files.size());
  for (const SizeValueType i : files)
  {
    names.push_back(m_Results->Files[i].FileName);
  }
  return names;
}

auto
ParallelGDCMSeriesFileNames::GetVolumeImagePosition(const std::string & uid,
                                                    unsigned int        volume,
                                                    unsigned int        file) const -> PointType
{
  const std::vector<SizeValueType> & files = this->GetVolume(uid, volume);
  if (file >= files.size())
  {
    itkExceptionMacro(<< "Volume " << volume << " of series \"" << uid << "\" has no file " << file << " (it has "
                      << files.size() << ")");
  }
  PointType p;
  for (unsigned d = 0; d < 3; ++d)
  {
    p[d] = m_Results->Files[files[file]].Position[d];
  }
  return p;
}

std::vector<unsigned int>
ParallelGDCMSeriesFileNames::GetVolumeFrames(const std::string & uid, unsigned int volume) const
{
  this->GetVolume(uid, volume); // throws when out of range
  return this->GetSeries(uid).Frames[volume];
}

auto
ParallelGDCMSeriesFileNames::GetVolumeFramePosition(const std::string & uid,
                                                    unsigned int        volume,
                                                    unsigned int        frame) const -> PointType
{
  const std::vector<SizeValueType> & files = this->GetVolume(uid, volume);
  const std::vector<unsigned int> &  frames = this->GetSeries(uid).Frames[volume];
  if (frame >= frames.size())
  {
    itkExceptionMacro(<< "Volume " << volume << " of series \"" << uid << "\" has no frame " << frame << " (it has "
                      << frames.size() << ")");
  }
  const ParallelSeriesScan::FrameRecord & r = m_Results->Files[files.front()].FrameRecords[frames[frame]];
  PointType                               p;
  for (unsigned d = 0; d < 3; ++d)
  {
    p[d] = r.Position[d];
  }
  return p;
}

std::string
ParallelGDCMSeriesFileNames::GetVolumeSOPInstanceUID(const std::string & uid, unsigned int volume) const
{
  return m_Results->Files[this->GetVolume(uid, volume).front()].SOPInstanceUID;
}

bool
ParallelGDCMSeriesFileNames::GetVolumeProjectionSpacing(const std::string & uid,
                                                        unsigned int        volume,
                                                        double              spacing[2],
                                                        std::string &       source) const
{
  const std::vector<SizeValueType> &     files = this->GetVolume(uid, volume);
  const ParallelSeriesScan::FileRecord & r = m_Results->Files[files.front()];
  if (files.size() != 1 || !r.Projection || r.IsMosaic())
  {
    return false;
  }
  spacing[0] = r.Spacing[0];
  spacing[1] = r.Spacing[1];
  source = r.PixelSpacingSource;
  return true;
}

auto
ParallelGDCMSeriesFileNames::GetVolumeMosaicInfo(const std::string & uid, unsigned int volume) const
  -> ParallelSeriesMosaicInfo
{
  const std::vector<SizeValueType> & files = this->GetVolume(uid, volume);
  if (files.size() != 1)
  {
    return {};
  }
  const ParallelSeriesMosaicInfo & mosaic = m_Results->Files[files.front()].Mosaic;
  if (mosaic.GetLayout().GetNumberOfTiles() == 0 || !mosaic.GetError().empty())
  {
    return {};
  }
  return mosaic;
}

auto
ParallelGDCMSeriesFileNames::GetSeriesSummary(const std::string & uid) const -> SummaryType
{
  return this->GetSeries(uid).Summary;
}

unsigned int
ParallelGDCMSeriesFileNames::GetNumberOfDamagedFiles(const std::string & uid) const
{
  return static_cast<unsigned int>(this->GetSeries(uid).Damaged.size());
}

auto
ParallelGDCMSeriesFileNames::GetDamagedFile(const std::string & uid, unsigned int index) const -> SkippedFileType
{
  const ParallelSeriesScan::SeriesRecord & s = this->GetSeries(uid);
  if (index >= s.Damaged.size())
  {
    itkExceptionMacro(<< "Series \"" << uid << "\" has no damaged file " << index << " (it has " << s.Damaged.size()
                      << ")");
  }
  return s.Damaged[index];
}

std::string
ParallelGDCMSeriesFileNames::GetSeriesError(const std::string & uid) const
{
  return this->GetSeries(uid).Summary.GetError();
}

SizeValueType
ParallelGDCMSeriesFileNames::GetNumberOfSkippedFiles() const
{
  this->CheckUpToDate();
  return m_Results->SkippedFiles.size();
}

auto
ParallelGDCMSeriesFileNames::GetSkippedFile(SizeValueType index) const -> SkippedFileType
{
  this->CheckUpToDate();
  if (index >= m_Results->SkippedFiles.size())
  {
    itkExceptionMacro(<< "No skipped file " << index << " (there are " << m_Results->SkippedFiles.size() << ")");
  }
  return m_Results->SkippedFiles[index];
}

SizeValueType
ParallelGDCMSeriesFileNames::GetNumberOfScannedFiles() const
{
  this->CheckUpToDate();
  return m_Results->Files.size();
}

void
ParallelGDCMSeriesFileNames::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "InputDirectory: " << m_InputDirectory << std::endl;
  os << indent << "Explicit file names: " << (m_UseExplicitFileNames ? m_ExplicitFileNames.size() : 0) << std::endl;
  os << indent << "Recursive: " << (m_Recursive ? "On" : "Off") << std::endl;
  os << indent << "MaxDepth: " << m_MaxDepth << std::endl;
  os << indent << "IgnoreDerived: " << (m_IgnoreDerived ? "On" : "Off") << std::endl;
  os << indent << "IgnoreLocalizers: " << (m_IgnoreLocalizers ? "On" : "Off") << std::endl;
  os << indent << "UseSeriesDetails: " << (m_UseSeriesDetails ? "On" : "Off") << std::endl;
  os << indent << "SplitByImageSize: " << m_SplitByImageSize << std::endl;
  os << indent << "SplitByOrientation: " << m_SplitByOrientation << std::endl;
  os << indent << "SplitBySeriesNumber: " << m_SplitBySeriesNumber << std::endl;
  os << indent << "SplitByEchoNumber: " << m_SplitByEchoNumber << std::endl;
  os << indent << "SplitByAcquisitionNumber: " << m_SplitByAcquisitionNumber << std::endl;
  os << indent << "SplitByImageType: " << m_SplitByImageType << std::endl;
  os << indent << "OneVolumePerFile: " << (m_OneVolumePerFile ? "On" : "Off") << std::endl;
  os << indent << "SeriesCompleteAtFolderEnd: " << (m_SeriesCompleteAtFolderEnd ? "On" : "Off") << std::endl;
  os << indent << "SeriesCompleteAfterUIDPass: " << (m_SeriesCompleteAfterUIDPass ? "On" : "Off") << std::endl;
  os << indent << "SeriesRestrictions: " << m_Restrictions.size() << std::endl;
  os << indent << "Scanned files: " << m_Results->Files.size() << std::endl;
  os << indent << "Series: " << m_Results->SeriesUIDs.size() << std::endl;
  os << indent << "Skipped files: " << m_Results->SkippedFiles.size() << std::endl;
}

} // end namespace itk
