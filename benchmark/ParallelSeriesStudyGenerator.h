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
#ifndef ParallelSeriesStudyGenerator_h
#define ParallelSeriesStudyGenerator_h

// Writes realistic benchmark studies: series of 512 x 512 CT slices made from a real DICOM file
// used as header template (its pixel module, private tags and sequences are kept; identity,
// geometry and pixel data are replaced), with GDCM. See GenerateStudy().

#include "gdcmAttribute.h"
#include "gdcmReader.h"
#include "gdcmUIDGenerator.h"
#include "gdcmWriter.h"
#include "itksys/SystemTools.hxx"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ParallelSeriesBenchmark
{

/** One series to write: geometry (mm, patient coordinates) and identity. */
struct SeriesPlan
{
  std::string              StudyInstanceUID;
  std::string              SeriesInstanceUID;
  std::string              PatientID;
  std::string              Description;
  unsigned int             SeriesNumber{ 1 };
  unsigned int             Slices{ 1 };
  double                   PixelSpacing{ 0.7 };                ///< in-plane, mm
  double                   SliceSpacing{ 1.0 };                ///< along the IOP normal, mm
  double                   Orientation[6]{ 1, 0, 0, 0, 1, 0 }; ///< IOP: row then column direction
  double                   Origin[3]{ 0, 0, 0 };               ///< IPP of the first slice
  std::vector<std::string> SOPInstanceUIDs;                    ///< one per slice
  std::vector<std::string> FileNames;                          ///< one per slice (shuffled names)
  unsigned int             Rows{ 512 };                        ///< written only when not the template's
  unsigned int             Columns{ 512 };                     ///< written only when not the template's
  std::string              Modality;   ///< "MR": MR Image Storage without rescale; empty: the template's
  std::string              ImageType;  ///< (0008,0008); empty: the template's
  std::string              StudyDate;  ///< YYYYMMDD: study, series, acquisition and content date; empty: the template's
  std::string              StudyTime;  ///< HHMMSS; empty: the template's
  std::string              SeriesTime; ///< HHMMSS: series, acquisition and content time; empty: the template's
};

/** Preset sizes: bytes of pixel data to write (each 512 x 512 x 2-byte slice is 0.5 MiB). */
inline double
PresetBytes(const std::string & preset)
{
  if (preset == "tiny")
  {
    return 0.04e9;
  }
  if (preset == "small")
  {
    return 0.25e9;
  }
  if (preset == "medium")
  {
    return 1.5e9;
  }
  if (preset == "large")
  {
    return 4.0e9;
  }
  throw std::runtime_error("unknown preset \"" + preset + "\" (tiny, small, medium, large)");
}

inline std::string
RandomHex(std::mt19937 & rng, unsigned int digits)
{
  static const char *                hex = "0123456789ABCDEF";
  std::uniform_int_distribution<int> d(0, 15);
  std::string                        s;
  for (unsigned int i = 0; i < digits; ++i)
  {
    s += hex[d(rng)];
  }
  return s;
}

/** Plans the studies of a preset: each study is one patient with a 3-slice localizer and 2 to 4
 * series of 40 to 600 slices (uniform), a quarter of them oblique; files get random names (a
 * third with ".dcm") in 1 to 3 folders per series under OUT/<patient>/<study>/. */
inline std::vector<SeriesPlan>
PlanStudies(const std::string & root, double targetBytes, unsigned int seed)
{
  constexpr double                            sliceBytes = 512.0 * 512.0 * 2.0;
  std::mt19937                                rng(seed);
  gdcm::UIDGenerator                          uid;
  std::vector<SeriesPlan>                     plans;
  double                                      bytes = 0.0;
  const double                                spacingsZ[] = { 0.625, 1.0, 1.25, 2.0, 2.5, 3.0, 5.0 };
  std::uniform_int_distribution<unsigned int> seriesPerStudy(2, 4);
  std::uniform_int_distribution<unsigned int> slicesOf(40, 600);
  std::uniform_real_distribution<double>      unit(0.0, 1.0);
  while (bytes < targetBytes)
  {
    const std::string  patient = "P" + RandomHex(rng, 6);
    const std::string  studyUID = uid.Generate();
    const std::string  folder = root + "/" + patient + "/" + RandomHex(rng, 8);
    const unsigned int n = seriesPerStudy(rng);
    for (unsigned int s = 0; s <= n && bytes < targetBytes; ++s)
    {
      SeriesPlan p;
      p.StudyInstanceUID = studyUID;
      p.SeriesInstanceUID = uid.Generate();
      p.PatientID = patient;
      p.SeriesNumber = s + 1;
      p.PixelSpacing = 0.55 + 0.4 * unit(rng);
      if (s == 0)
      {
        // Localizer: 3 orthogonal-ish slices 20 mm apart, coronal.
        p.Description = "localizer";
        p.Slices = 3;
        p.SliceSpacing = 20.0;
        const double cor[6] = { 1, 0, 0, 0, 0, -1 };
        std::copy(cor, cor + 6, p.Orientation);
      }
      else
      {
        p.Slices = std::min<unsigned int>(
          slicesOf(rng), static_cast<unsigned int>(std::max(1.0, std::ceil((targetBytes - bytes) / sliceBytes))));
        p.Slices = std::max(p.Slices, 40u);
        p.SliceSpacing = spacingsZ[rng() % 7];
        if (unit(rng) < 0.25)
        {
          // Oblique: rotation about x by 10..25 degrees, then about y by 5..15 degrees.
          const double a = (10.0 + 15.0 * unit(rng)) * M_PI / 180.0;
          const double b = (5.0 + 10.0 * unit(rng)) * M_PI / 180.0;
          const double row[3] = { std::cos(b), 0.0, -std::sin(b) };
          const double col[3] = { std::sin(a) * std::sin(b), std::cos(a), std::sin(a) * std::cos(b) };
          std::copy(row, row + 3, p.Orientation);
          std::copy(col, col + 3, p.Orientation + 3);
          p.Description = "oblique " + std::to_string(p.Slices);
        }
        else
        {
          p.Description = "axial " + std::to_string(p.Slices);
        }
      }
      for (unsigned int d = 0; d < 3; ++d)
      {
        // Centre the 512 x 512 frame on the patient axis.
        p.Origin[d] = -256.0 * p.PixelSpacing * (p.Orientation[d] + p.Orientation[3 + d]);
      }
      p.Origin[2] -= 0.5 * p.SliceSpacing * p.Slices;
      const unsigned int       folders = 1 + rng() % 3;
      std::vector<std::string> dirs;
      for (unsigned int f = 0; f < folders; ++f)
      {
        dirs.push_back(folder + "/" + RandomHex(rng, 4));
      }
      for (unsigned int z = 0; z < p.Slices; ++z)
      {
        p.SOPInstanceUIDs.push_back(uid.Generate());
        p.FileNames.push_back(dirs[rng() % folders] + "/" + RandomHex(rng, 12) + (rng() % 3 == 0 ? ".dcm" : ""));
      }
      bytes += p.Slices * sliceBytes;
      plans.push_back(std::move(p));
    }
  }
  return plans;
}

/** Synthetic CT slice (p.Columns x p.Rows, x fastest) in Hounsfield units stored as the
 * template's pixel module expects (stored = HU + 1024, 12 bits): body ellipse (soft tissue) with
 * a bone ring, two lungs, air outside, and noise, varying along z so that compressors see
 * realistic content. The shapes scale with the frame (a 512 x 512 frame is the reference). */
inline void
FillSlice(std::vector<std::uint16_t> & pixels, const SeriesPlan & p, unsigned int z)
{
  const double  sx = p.Columns / 512.0, sy = p.Rows / 512.0;
  const double  cx = p.Columns / 2.0, cy = p.Rows / 2.0;
  const double  t = static_cast<double>(z) / std::max(1u, p.Slices - 1);
  const double  rx = (200.0 + 30.0 * std::sin(3.0 * t)) * sx, ry = (150.0 + 20.0 * std::cos(2.0 * t)) * sy;
  std::uint32_t state = 2463534242u ^ (z * 2654435761u) ^ static_cast<std::uint32_t>(p.SeriesNumber * 97u);
  for (int y = 0; y < static_cast<int>(p.Rows); ++y)
  {
    for (int x = 0; x < static_cast<int>(p.Columns); ++x)
    {
      const double dx = (x - cx) / rx, dy = (y - cy) / ry;
      const double r2 = dx * dx + dy * dy;
      double       hu = -1000.0;
      if (r2 < 1.0)
      {
        hu = r2 > 0.85 ? 700.0 : 40.0;
        const double lx = (std::abs(x - cx) - 0.45 * rx) / (0.3 * rx), ly = (y - 240.0 * sy) / (0.6 * ry);
        if (lx * lx + ly * ly < 1.0)
        {
          hu = -800.0;
        }
      }
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      hu += static_cast<double>(state % 41) - 20.0;
      pixels[static_cast<size_t>(y) * p.Columns + x] = static_cast<std::uint16_t>(std::clamp(hu + 1024.0, 0.0, 4095.0));
    }
  }
}

inline std::string
FormatDS(double v)
{
  std::ostringstream s;
  s.precision(10);
  s << v;
  std::string r = s.str();
  return r.size() > 16 ? r.substr(0, 16) : r;
}

inline void
ReplaceString(gdcm::DataSet & ds, const gdcm::Tag & tag, const gdcm::VR & vr, std::string value)
{
  if (value.size() % 2)
  {
    value += (vr == gdcm::VR::UI) ? '\0' : ' ';
  }
  gdcm::DataElement de(tag);
  de.SetVR(vr);
  de.SetByteValue(value.data(), static_cast<gdcm::VL::Type>(value.size()));
  ds.Replace(de);
}

/** Writes slice \c z of \c p with \c tmpl's header; throws std::runtime_error on failure. */
inline void
WriteStudySlice(const gdcm::File & tmpl, const SeriesPlan & p, unsigned int z, std::vector<std::uint16_t> & pixels)
{
  // gdcm::Writer holds the file through a SmartPointer: it must live on the heap. The copy
  // shares the template's values, which are replaced below, never modified in place.
  gdcm::SmartPointer<gdcm::File> file = new gdcm::File(tmpl);
  gdcm::DataSet &                ds = file->GetDataSet();
  ds.Remove(gdcm::Tag(0x0008, 0x2112)); // Source Image Sequence (would name the template)
  ds.Remove(gdcm::Tag(0x0020, 0x0030)); // retired Image Position
  ds.Remove(gdcm::Tag(0x0020, 0x0035)); // retired Image Orientation
  ds.Remove(gdcm::Tag(0x0020, 0x0050)); // retired Location
  ds.Remove(gdcm::Tag(0x7fe0, 0x0000)); // group length, recomputed by nobody
  ReplaceString(ds, gdcm::Tag(0x0008, 0x0018), gdcm::VR::UI, p.SOPInstanceUIDs[z]);
  ReplaceString(ds, gdcm::Tag(0x0020, 0x000d), gdcm::VR::UI, p.StudyInstanceUID);
  ReplaceString(ds, gdcm::Tag(0x0020, 0x000e), gdcm::VR::UI, p.SeriesInstanceUID);
  ReplaceString(ds, gdcm::Tag(0x0010, 0x0010), gdcm::VR::PN, "BENCHMARK^" + p.PatientID);
  ReplaceString(ds, gdcm::Tag(0x0010, 0x0020), gdcm::VR::LO, p.PatientID);
  ReplaceString(ds, gdcm::Tag(0x0008, 0x103e), gdcm::VR::LO, p.Description);
  ReplaceString(ds, gdcm::Tag(0x0020, 0x0011), gdcm::VR::IS, std::to_string(p.SeriesNumber));
  ReplaceString(ds, gdcm::Tag(0x0020, 0x0013), gdcm::VR::IS, std::to_string(z + 1));
  const double * o = p.Orientation;
  const double   n[3] = { o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3] };
  double         ipp[3];
  for (unsigned int d = 0; d < 3; ++d)
  {
    ipp[d] = p.Origin[d] + z * p.SliceSpacing * n[d];
  }
  ReplaceString(
    ds, gdcm::Tag(0x0020, 0x0032), gdcm::VR::DS, FormatDS(ipp[0]) + "\\" + FormatDS(ipp[1]) + "\\" + FormatDS(ipp[2]));
  std::string iop;
  for (unsigned int i = 0; i < 6; ++i)
  {
    iop += (i ? "\\" : "") + FormatDS(o[i]);
  }
  ReplaceString(ds, gdcm::Tag(0x0020, 0x0037), gdcm::VR::DS, iop);
  ReplaceString(ds, gdcm::Tag(0x0020, 0x1041), gdcm::VR::DS, FormatDS(ipp[0] * n[0] + ipp[1] * n[1] + ipp[2] * n[2]));
  ReplaceString(
    ds, gdcm::Tag(0x0028, 0x0030), gdcm::VR::DS, FormatDS(p.PixelSpacing) + "\\" + FormatDS(p.PixelSpacing));
  ReplaceString(ds, gdcm::Tag(0x0018, 0x0050), gdcm::VR::DS, FormatDS(p.SliceSpacing));
  gdcm::Attribute<0x0028, 0x0010> rows;
  gdcm::Attribute<0x0028, 0x0011> columns;
  rows.SetFromDataSet(ds);
  columns.SetFromDataSet(ds);
  if (rows.GetValue() != p.Rows || columns.GetValue() != p.Columns)
  {
    rows.SetValue(static_cast<unsigned short>(p.Rows));
    columns.SetValue(static_cast<unsigned short>(p.Columns));
    ds.Replace(rows.GetAsDataElement());
    ds.Replace(columns.GetAsDataElement());
  }
  if (!p.StudyDate.empty())
  {
    for (const std::uint16_t element : { 0x0020, 0x0021, 0x0022, 0x0023 })
    {
      ReplaceString(ds, gdcm::Tag(0x0008, element), gdcm::VR::DA, p.StudyDate);
    }
  }
  if (!p.StudyTime.empty())
  {
    ReplaceString(ds, gdcm::Tag(0x0008, 0x0030), gdcm::VR::TM, p.StudyTime);
  }
  if (!p.SeriesTime.empty())
  {
    for (const std::uint16_t element : { 0x0031, 0x0032, 0x0033 })
    {
      ReplaceString(ds, gdcm::Tag(0x0008, element), gdcm::VR::TM, p.SeriesTime);
    }
  }
  if (!p.ImageType.empty())
  {
    ReplaceString(ds, gdcm::Tag(0x0008, 0x0008), gdcm::VR::CS, p.ImageType);
  }
  if (p.Modality == "MR")
  {
    ReplaceString(ds, gdcm::Tag(0x0008, 0x0060), gdcm::VR::CS, "MR");
    ReplaceString(ds, gdcm::Tag(0x0008, 0x0016), gdcm::VR::UI, "1.2.840.10008.5.1.4.1.1.4"); // MR Image Storage
    ReplaceString(file->GetHeader(), gdcm::Tag(0x0002, 0x0002), gdcm::VR::UI, "1.2.840.10008.5.1.4.1.1.4");
    ds.Remove(gdcm::Tag(0x0028, 0x1052)); // Rescale Intercept: MR stores its values as they are
    ds.Remove(gdcm::Tag(0x0028, 0x1053)); // Rescale Slope
    ds.Remove(gdcm::Tag(0x0028, 0x1054)); // Rescale Type
    ds.Remove(gdcm::Tag(0x0018, 0x0060)); // KVP
  }
  pixels.resize(static_cast<size_t>(p.Rows) * p.Columns);
  FillSlice(pixels, p, z);
  gdcm::DataElement pixelData(gdcm::Tag(0x7fe0, 0x0010));
  pixelData.SetVR(gdcm::VR::OW);
  pixelData.SetByteValue(reinterpret_cast<const char *>(pixels.data()),
                         static_cast<gdcm::VL::Type>(pixels.size() * sizeof(std::uint16_t)));
  ds.Replace(pixelData);
  gdcm::FileMetaInformation & meta = file->GetHeader();
  ReplaceString(meta, gdcm::Tag(0x0002, 0x0003), gdcm::VR::UI, p.SOPInstanceUIDs[z]);
  gdcm::Writer writer;
  writer.SetFile(*file);
  writer.SetFileName(p.FileNames[z].c_str());
  if (!writer.Write())
  {
    throw std::runtime_error("cannot write " + p.FileNames[z]);
  }
}

/** Summary of a generated study. */
struct StudySummary
{
  unsigned int Series{ 0 };
  unsigned int Files{ 0 };    ///< DICOM files
  unsigned int Junk{ 0 };     ///< non-DICOM files
  double       Bytes{ 0.0 };  ///< bytes on disk, all files
  double       Voxels{ 0.0 }; ///< decoded voxels
};

/** Writes every slice of \c plans (their folders made first) with the header of the template
 * DICOM file \c templateFile, on \c threads threads; returns the summary of what was written
 * (Junk 0). \throws std::runtime_error on a bad template or a write error. */
inline StudySummary
WritePlans(const std::vector<SeriesPlan> & plans, const std::string & templateFile, unsigned int threads)
{
  struct Job
  {
    const SeriesPlan * Plan;
    unsigned int       Z;
  };
  std::vector<Job> jobs;
  StudySummary     summary;
  for (const SeriesPlan & p : plans)
  {
    for (unsigned int z = 0; z < p.Slices; ++z)
    {
      itksys::SystemTools::MakeDirectory(itksys::SystemTools::GetFilenamePath(p.FileNames[z]));
      jobs.push_back({ &p, z });
    }
    ++summary.Series;
    summary.Files += p.Slices;
    summary.Voxels += static_cast<double>(p.Rows) * p.Columns * p.Slices;
  }
  std::atomic<size_t>      next{ 0 };
  std::vector<std::string> errors(threads);
  auto                     work = [&](unsigned int t) {
    try
    {
      // One template per thread: GDCM's reference counts are not atomic.
      gdcm::Reader reader;
      reader.SetFileName(templateFile.c_str());
      if (!reader.Read())
      {
        throw std::runtime_error("cannot read template " + templateFile);
      }
      std::vector<std::uint16_t> pixels;
      for (size_t j = next++; j < jobs.size(); j = next++)
      {
        WriteStudySlice(reader.GetFile(), *jobs[j].Plan, jobs[j].Z, pixels);
      }
    }
    catch (const std::exception & e)
    {
      errors[t] = e.what();
      next = jobs.size();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned int t = 0; t < threads; ++t)
  {
    pool.emplace_back(work, t);
  }
  for (auto & t : pool)
  {
    t.join();
  }
  for (const auto & e : errors)
  {
    if (!e.empty())
    {
      throw std::runtime_error(e);
    }
  }
  for (const SeriesPlan & p : plans)
  {
    for (const std::string & f : p.FileNames)
    {
      summary.Bytes += static_cast<double>(itksys::SystemTools::FileLength(f));
    }
  }
  return summary;
}

/** Writes the studies of \c preset (tiny, small, medium, large) under \c root from the
 * template DICOM file \c templateFile (a 512 x 512 single-frame image with a native,
 * uncompressed transfer syntax), on \c threads threads, plus a few non-DICOM files.
 * \throws std::runtime_error on a bad template, preset or write error. */
inline StudySummary
GenerateStudy(const std::string & root,
              const std::string & preset,
              const std::string & templateFile,
              unsigned int        seed,
              unsigned int        threads)
{
  const std::vector<SeriesPlan> plans = PlanStudies(root, PresetBytes(preset), seed);
  StudySummary                  summary = WritePlans(plans, templateFile, threads);
  // Non-DICOM files users find in exported archives.
  std::mt19937      rng(seed + 1);
  const std::string first = itksys::SystemTools::GetFilenamePath(plans.front().FileNames.front());
  std::ofstream(root + "/README.txt") << "Exported study (benchmark data)\n";
  std::ofstream(first + "/Thumbs.db", std::ios::binary) << RandomHex(rng, 2000);
  std::ofstream(first + "/notes.dcm") << "not a DICOM file despite the name\n";
  std::ofstream(itksys::SystemTools::GetFilenamePath(plans.back().FileNames.back()) + "/.DS_Store", std::ios::binary)
    << std::string(4096, '\0');
  summary.Junk = 4;
  return summary;
}

} // namespace ParallelSeriesBenchmark

#endif
