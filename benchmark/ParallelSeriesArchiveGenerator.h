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
#ifndef ParallelSeriesArchiveGenerator_h
#define ParallelSeriesArchiveGenerator_h

// Writes a benchmark archive: many patients of small CT- and MR-like series (64 x 64 to
// 256 x 256) in nested folders, with junk, from the same header template and slice writer as
// the studies of ParallelSeriesStudyGenerator.h. See PlanArchive() and GenerateArchive().

#include "ParallelSeriesStudyGenerator.h"
#include "itkGDCMSeriesFileNames.h"
#include "itkParallelGDCMSeriesFileNames.h"

#include <cstdio>
#include <map>
#include <set>

namespace ParallelSeriesBenchmark
{

/** Whether \c preset names an archive (archive-tiny, archive-10k, archive-30k, archive-100k). */
inline bool
IsArchivePreset(const std::string & preset)
{
  return preset.compare(0, 8, "archive-") == 0;
}

/** DICOM files of an archive preset (the planner stops at the first series that reaches it).
 * \throws std::runtime_error for an unknown preset. */
inline unsigned int
ArchiveFiles(const std::string & preset)
{
  if (preset == "archive-tiny")
  {
    return 600;
  }
  if (preset == "archive-10k")
  {
    return 10000;
  }
  if (preset == "archive-30k")
  {
    return 30000;
  }
  if (preset == "archive-100k")
  {
    return 100000;
  }
  throw std::runtime_error("unknown preset \"" + preset + "\" (archive-tiny, archive-10k, archive-30k, archive-100k)");
}

/** A file of an archive that belongs to no series. */
struct JunkFile
{
  std::string FileName;
  std::string Kind;   ///< text, binary, empty, truncated, dicomdir
  std::string Source; ///< truncated: the DICOM file whose first bytes it holds
};

/** What PlanArchive() plans: the series (written by WritePlans()) and the junk. */
struct ArchivePlan
{
  std::vector<SeriesPlan> Series;
  std::vector<JunkFile>   Junk;
};

/** Plans an archive of at least \c targetFiles DICOM files under \c root (same \c seed, same
 * archive; a smaller target plans a prefix of a larger one's series):
 * - patients ROOT/P<hex>/, each with 1 study (3 in 4) or 2, in ROOT/P<hex>/<hex>/, on a random
 *   date (2015 to 2025) and time (07:00 to 18:00), its series 5 minutes apart;
 * - a study is CT-like or MR-like (1 in 2): a 3-slice coronal localizer (ImageType
 *   ORIGINAL\PRIMARY\LOCALIZER, 3 studies in 5), then 2 to 4 series: CT 128 x 128 (7 in 10) or
 *   256 x 256, 20 to 100 slices, 0.625 to 5 mm apart, field of view 320 to 400 mm; MR 64 x 64,
 *   128 x 128, 192 x 192 or 256 columns x 192 rows, 12 to 60 slices 2 to 6 mm apart, field of
 *   view 200 to 260 mm, no rescale; oblique (rotations about x then y) 1 in 7 for CT, 2 in 5 for MR;
 * - each series in its folder SE<n>/ of the study, 1 in 4 spread over 2 or 3 folders (SE<n>_2/,
 *   SE<n>_3/ beside it), file names IM<hex> with ".dcm" 1 in 3;
 * - junk, after every third series (rotating): a text file named .dcm, a binary Thumbs.db, an
 *   empty file, a DICOM file cut after its first 1024 bytes (inside the header, before the
 *   series identity), and a DICOMDIR (with no records) in the folder of every 8th patient,
 *   plus ROOT/README.txt. */
inline ArchivePlan
PlanArchive(const std::string & root, unsigned int targetFiles, unsigned int seed)
{
  std::mt19937                           rng(seed);
  gdcm::UIDGenerator                     uid;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double                           ctSpacingsZ[] = { 0.625, 1.0, 1.25, 2.0, 2.5, 3.0, 5.0 };
  ArchivePlan                            plan;
  unsigned int                           files = 0, patients = 0;
  const char *                           junkKinds[] = { "text", "binary", "empty", "truncated" };
  auto                                   uniform = [&rng](unsigned int lo, unsigned int hi) {
    return lo + static_cast<unsigned int>(rng() % (hi - lo + 1));
  };
  plan.Junk.push_back({ root + "/README.txt", "text", "" });
  while (files < targetFiles)
  {
    const std::string  patient = "P" + RandomHex(rng, 6);
    const unsigned int studies = unit(rng) < 0.25 ? 2 : 1;
    if (patients++ % 8 == 0)
    {
      plan.Junk.push_back({ root + "/" + patient + "/DICOMDIR", "dicomdir", "" });
    }
    for (unsigned int st = 0; st < studies && files < targetFiles; ++st)
    {
      const std::string  studyUID = uid.Generate();
      const std::string  folder = root + "/" + patient + "/" + RandomHex(rng, 8);
      const bool         mr = unit(rng) < 0.5;
      const bool         localizer = unit(rng) < 0.6;
      const unsigned int n = uniform(2, 4);
      char               date[16], time[16];
      const unsigned int startSeconds = uniform(7 * 3600, 18 * 3600);
      std::snprintf(date, sizeof(date), "%04u%02u%02u", uniform(2015, 2025), uniform(1, 12), uniform(1, 28));
      for (unsigned int s = localizer ? 0 : 1; s <= n && files < targetFiles; ++s)
      {
        SeriesPlan p;
        p.StudyInstanceUID = studyUID;
        p.SeriesInstanceUID = uid.Generate();
        p.PatientID = patient;
        p.SeriesNumber = s + 1;
        p.Modality = mr ? "MR" : "";
        p.StudyDate = date;
        const unsigned int seriesSeconds = startSeconds + 300 * s;
        std::snprintf(
          time, sizeof(time), "%02u%02u%02u", startSeconds / 3600, startSeconds / 60 % 60, startSeconds % 60);
        p.StudyTime = time;
        std::snprintf(
          time, sizeof(time), "%02u%02u%02u", seriesSeconds / 3600, seriesSeconds / 60 % 60, seriesSeconds % 60);
        p.SeriesTime = time;
        double fov = 0.0;
        if (mr)
        {
          const unsigned int sizes[4][2] = { { 64, 64 }, { 128, 128 }, { 192, 192 }, { 192, 256 } }; // rows, columns
          const unsigned int k = rng() % 4;
          p.Rows = sizes[k][0];
          p.Columns = sizes[k][1];
          fov = 200.0 + 60.0 * unit(rng);
          p.Slices = uniform(12, 60);
          p.SliceSpacing = 2.0 + 0.5 * (rng() % 9);
        }
        else
        {
          p.Rows = p.Columns = unit(rng) < 0.7 ? 128 : 256;
          fov = 320.0 + 80.0 * unit(rng);
          p.Slices = uniform(20, 100);
          p.SliceSpacing = ctSpacingsZ[rng() % 7];
        }
        p.PixelSpacing = fov / p.Columns;
        if (s == 0)
        {
          p.Description = "localizer";
          p.ImageType = "ORIGINAL\\PRIMARY\\LOCALIZER";
          p.Slices = 3;
          p.SliceSpacing = 20.0;
          const double cor[6] = { 1, 0, 0, 0, 0, -1 };
          std::copy(cor, cor + 6, p.Orientation);
        }
        else if (unit(rng) < (mr ? 0.4 : 1.0 / 7.0))
        {
          const double a = (10.0 + 15.0 * unit(rng)) * M_PI / 180.0;
          const double b = (5.0 + 10.0 * unit(rng)) * M_PI / 180.0;
          const double row[3] = { std::cos(b), 0.0, -std::sin(b) };
          const double col[3] = { std::sin(a) * std::sin(b), std::cos(a), std::sin(a) * std::cos(b) };
          std::copy(row, row + 3, p.Orientation);
          std::copy(col, col + 3, p.Orientation + 3);
          p.Description = std::string(mr ? "MR" : "CT") + " oblique " + std::to_string(p.Slices);
        }
        else
        {
          p.Description = std::string(mr ? "MR" : "CT") + " axial " + std::to_string(p.Slices);
        }
        for (unsigned int d = 0; d < 3; ++d)
        {
          // Centre the frame on the patient axis.
          p.Origin[d] = -0.5 * p.PixelSpacing * (p.Columns * p.Orientation[d] + p.Rows * p.Orientation[3 + d]);
        }
        p.Origin[2] -= 0.5 * p.SliceSpacing * p.Slices;
        const unsigned int       folders = unit(rng) < 0.25 ? uniform(2, 3) : 1;
        std::vector<std::string> dirs;
        for (unsigned int f = 0; f < folders; ++f)
        {
          dirs.push_back(folder + "/SE" + std::to_string(p.SeriesNumber) + (f ? "_" + std::to_string(f + 1) : ""));
        }
        for (unsigned int z = 0; z < p.Slices; ++z)
        {
          p.SOPInstanceUIDs.push_back(uid.Generate());
          p.FileNames.push_back(dirs[rng() % folders] + "/IM" + RandomHex(rng, 10) + (rng() % 3 == 0 ? ".dcm" : ""));
        }
        files += p.Slices;
        plan.Series.push_back(std::move(p));
        if (plan.Series.size() % 3 == 1)
        {
          const SeriesPlan & last = plan.Series.back();
          const std::string  kind = junkKinds[(plan.Series.size() / 3) % 4];
          const std::string  dir = itksys::SystemTools::GetFilenamePath(last.FileNames.front());
          const std::string  name =
            kind == "text"
              ? "notes.dcm"
              : kind == "binary" ? "Thumbs.db"
                                 : kind == "empty" ? "IM" + RandomHex(rng, 10) : "IM" + RandomHex(rng, 10) + ".part";
          plan.Junk.push_back({ dir + "/" + name, kind, kind == "truncated" ? last.FileNames.front() : "" });
        }
      }
    }
  }
  return plan;
}

/** Writes a DICOMDIR with no directory records (File-set ID, offsets 0, empty Directory Record
 * Sequence): what a reader meets at the top of a media export. \throws std::runtime_error. */
inline void
WriteEmptyDicomDir(const std::string & fileName)
{
  gdcm::Writer    writer;
  gdcm::File &    file = writer.GetFile();
  gdcm::DataSet & ds = file.GetDataSet();
  ReplaceString(ds, gdcm::Tag(0x0004, 0x1130), gdcm::VR::CS, "BENCHMARK");
  gdcm::Attribute<0x0004, 0x1200> firstRoot = { 0 };
  gdcm::Attribute<0x0004, 0x1202> lastRoot = { 0 };
  gdcm::Attribute<0x0004, 0x1212> consistency = { 0 };
  ds.Replace(firstRoot.GetAsDataElement());
  ds.Replace(lastRoot.GetAsDataElement());
  ds.Replace(consistency.GetAsDataElement());
  gdcm::SmartPointer<gdcm::SequenceOfItems> records = new gdcm::SequenceOfItems;
  gdcm::DataElement                         sequence(gdcm::Tag(0x0004, 0x1220));
  sequence.SetVR(gdcm::VR::SQ);
  sequence.SetValue(*records);
  sequence.SetVLToUndefined();
  ds.Replace(sequence);
  gdcm::FileMetaInformation & meta = file.GetHeader();
  ReplaceString(meta, gdcm::Tag(0x0002, 0x0002), gdcm::VR::UI, "1.2.840.10008.1.3.10"); // Media Storage Directory
  gdcm::UIDGenerator uid;
  ReplaceString(meta, gdcm::Tag(0x0002, 0x0003), gdcm::VR::UI, uid.Generate());
  meta.SetDataSetTransferSyntax(gdcm::TransferSyntax::ExplicitVRLittleEndian);
  writer.SetFileName(fileName.c_str());
  if (!writer.Write())
  {
    throw std::runtime_error("cannot write " + fileName);
  }
}

/** Writes the archive preset \c preset under \c root (see PlanArchive()) with the header of
 * \c templateFile, on \c threads threads. \throws std::runtime_error on a bad template, preset or
 * write error. */
inline StudySummary
GenerateArchive(const std::string & root,
                const std::string & preset,
                const std::string & templateFile,
                unsigned int        seed,
                unsigned int        threads,
                ArchivePlan *       planned = nullptr)
{
  ArchivePlan  plan = PlanArchive(root, ArchiveFiles(preset), seed);
  StudySummary summary = WritePlans(plan.Series, templateFile, threads);
  std::mt19937 rng(seed + 1);
  for (const JunkFile & j : plan.Junk)
  {
    itksys::SystemTools::MakeDirectory(itksys::SystemTools::GetFilenamePath(j.FileName));
    if (j.Kind == "dicomdir")
    {
      WriteEmptyDicomDir(j.FileName);
    }
    else if (j.Kind == "truncated")
    {
      std::ifstream     in(j.Source, std::ios::binary);
      std::vector<char> head(1024);
      in.read(head.data(), static_cast<std::streamsize>(head.size()));
      std::ofstream(j.FileName, std::ios::binary).write(head.data(), in.gcount());
    }
    else if (j.Kind == "binary")
    {
      std::ofstream(j.FileName, std::ios::binary) << RandomHex(rng, 2000);
    }
    else if (j.Kind == "empty")
    {
      std::ofstream(j.FileName, std::ios::binary);
    }
    else
    {
      std::ofstream(j.FileName) << "Exported archive (benchmark data): not a DICOM file\n";
    }
    summary.Bytes += static_cast<double>(itksys::SystemTools::FileLength(j.FileName));
  }
  summary.Junk = static_cast<unsigned int>(plan.Junk.size());
  if (planned)
  {
    *planned = std::move(plan);
  }
  return summary;
}

/** Scans \c root with ParallelGDCMSeriesFileNames (recursive, series details off) and with stock
 * GDCMSeriesFileNames (recursive, series details on) and compares both with \c plan: same series
 * identifiers, each with exactly the planned files; ours also skips exactly the junk files.
 * Returns the differences, one a line (empty: none). */
inline std::string
CheckArchive(const std::string & root, const ArchivePlan & plan)
{
  std::ostringstream                           problems;
  std::map<std::string, std::set<std::string>> planned;
  std::set<std::string>                        junk;
  for (const SeriesPlan & p : plan.Series)
  {
    planned[p.SeriesInstanceUID] = std::set<std::string>(p.FileNames.begin(), p.FileNames.end());
  }
  for (const JunkFile & j : plan.Junk)
  {
    junk.insert(itksys::SystemTools::CollapseFullPath(j.FileName));
  }
  auto ours = itk::ParallelGDCMSeriesFileNames::New();
  ours->SetRecursive(true);
  ours->SetInputDirectory(root);
  ours->Update();
  const auto oursUIDs = ours->GetSeriesUIDs();
  if (oursUIDs.size() != planned.size())
  {
    problems << "ParallelGDCMSeriesFileNames found " << oursUIDs.size() << " series, planned " << planned.size()
             << "\n";
  }
  for (const auto & uid : oursUIDs)
  {
    const auto names = ours->GetFileNames(uid);
    auto       found = planned.find(uid);
    if (found == planned.end())
    {
      problems << "ParallelGDCMSeriesFileNames: unplanned series " << uid << "\n";
    }
    else if (std::set<std::string>(names.begin(), names.end()) != found->second)
    {
      problems << "ParallelGDCMSeriesFileNames: series " << uid << " has " << names.size() << " files, planned "
               << found->second.size() << " (or other names)\n";
    }
  }
  std::set<std::string> skipped;
  for (itk::SizeValueType i = 0; i < ours->GetNumberOfSkippedFiles(); ++i)
  {
    skipped.insert(itksys::SystemTools::CollapseFullPath(ours->GetSkippedFile(i).GetFileName()));
  }
  if (skipped != junk)
  {
    problems << "ParallelGDCMSeriesFileNames skipped " << skipped.size() << " files, planned junk " << junk.size()
             << "\n";
  }
  auto stock = itk::GDCMSeriesFileNames::New();
  stock->SetRecursive(true);
  stock->SetUseSeriesDetails(true);
  stock->SetInputDirectory(root);
  const auto & stockUIDs = stock->GetSeriesUIDs();
  if (stockUIDs.size() != planned.size())
  {
    problems << "GDCMSeriesFileNames found " << stockUIDs.size() << " series, planned " << planned.size() << "\n";
  }
  size_t stockFiles = 0, plannedFiles = 0;
  for (const auto & uid : stockUIDs)
  {
    stockFiles += stock->GetFileNames(uid).size();
  }
  for (const auto & entry : planned)
  {
    plannedFiles += entry.second.size();
  }
  if (stockFiles != plannedFiles)
  {
    problems << "GDCMSeriesFileNames found " << stockFiles << " files in series, planned " << plannedFiles << "\n";
  }
  return problems.str();
}

} // namespace ParallelSeriesBenchmark

#endif
