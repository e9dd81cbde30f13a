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
#ifndef itkParallelSeriesProjectionFiles_h
#define itkParallelSeriesProjectionFiles_h

// Test data: projection images (MG, DX, CR without ImagePositionPatient, several per series)
// and a small CT series, written with GDCMImageIO (WriteDicomSlice()) and then edited with GDCM
// so that they carry exactly the position and spacing attributes a projection file has.

#include "itkParallelSeriesDicomSliceWriter.h"

#include "gdcmReader.h"
#include "gdcmWriter.h"
#include "itksys/SystemTools.hxx"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ParallelSeriesTest
{
/** One generated series: its files (in instance order), what the scan must report. */
struct ProjectionSeries
{
  std::string              Name;
  std::string              SeriesInstanceUID;
  std::vector<std::string> Files;
  std::vector<std::string> SOPInstanceUIDs;
  unsigned int             Columns{ 0 };
  unsigned int             Rows{ 0 };
  bool                     Projection{ true };
  std::string              PixelSpacingSource; ///< expected: "PixelSpacing", "ImagerPixelSpacing" or ""
  double                   Spacing[2]{ 1, 1 }; ///< expected in-plane spacing (x, y), mm
};

constexpr const char * ProjectionStudyUID = "1.2.826.0.1.3680043.2.1125.14.1";

/** Rewrites \c fileName without \c removed and with \c added (tag -> DS value). */
inline void
EditTags(const std::string &                      fileName,
         const std::vector<gdcm::Tag> &           removed,
         const std::map<gdcm::Tag, std::string> & added)
{
  gdcm::Reader reader;
  reader.SetFileName(fileName.c_str());
  if (!reader.Read())
  {
    throw std::runtime_error("cannot read " + fileName);
  }
  gdcm::DataSet & ds = reader.GetFile().GetDataSet();
  for (const auto & t : removed)
  {
    ds.Remove(t);
  }
  for (const auto & a : added)
  {
    std::string value = a.second;
    if (value.size() % 2)
    {
      value += ' ';
    }
    gdcm::DataElement e(a.first);
    e.SetVR(gdcm::VR::DS);
    e.SetByteValue(value.data(), static_cast<uint32_t>(value.size()));
    ds.Replace(e);
  }
  gdcm::Writer writer;
  writer.CheckFileMetaInformationOff(); // keep the meta header as it is (a removed SOPInstanceUID)
  writer.SetFile(reader.GetFile());
  writer.SetFileName(fileName.c_str());
  if (!writer.Write())
  {
    throw std::runtime_error("cannot write " + fileName);
  }
}

/** Writes into \c dir (created): "mg" (3 mammograms, Digital Mammography SOP class, no IPP/IOP,
 * no PixelSpacing, ImagerPixelSpacing 0.085), "dx" (2 DX files, no IPP, PixelSpacing 0.15 and
 * ImagerPixelSpacing 0.2), "cr" (2 CR files, no IPP, no spacing attribute) and "ct" (4 CT
 * slices 2 mm apart, PixelSpacing 0.5). 16-bit pixels, value x + 7 y + 100 instance. */
inline std::vector<ProjectionSeries>
WriteProjectionFiles(const std::string & dir)
{
  itksys::SystemTools::MakeDirectory(dir);
  const gdcm::Tag ipp(0x0020, 0x0032), iop(0x0020, 0x0037), ps(0x0028, 0x0030), ips(0x0018, 0x1164);
  const gdcm::Tag thickness(0x0018, 0x0050), between(0x0018, 0x0088);
  struct Spec
  {
    const char * Name;
    const char * Modality;
    const char * SOPClass;
    unsigned int Files;
    bool         Projection;
    const char * PixelSpacing;       // "" : removed
    const char * ImagerPixelSpacing; // "" : none
    const char * Source;
    double       Spacing;
  };
  const Spec specs[] = {
    { "mg", "MG", "1.2.840.10008.5.1.4.1.1.1.2", 3, true, "", "0.085\\0.085", "ImagerPixelSpacing", 0.085 },
    { "dx", "DX", "1.2.840.10008.5.1.4.1.1.1.1", 2, true, "0.15\\0.15", "0.2\\0.2", "PixelSpacing", 0.15 },
    { "cr", "CR", "1.2.840.10008.5.1.4.1.1.1", 2, true, "", "", "", 1.0 },
    { "ct", "CT", "1.2.840.10008.5.1.4.1.1.2", 4, false, "0.5\\0.5", "", "PixelSpacing", 0.5 },
  };
  std::vector<ProjectionSeries> result;
  unsigned int                  number = 0;
  for (const Spec & spec : specs)
  {
    ++number;
    ProjectionSeries s;
    s.Name = spec.Name;
    s.SeriesInstanceUID = std::string(ProjectionStudyUID) + "." + std::to_string(number);
    s.Columns = 24 + 4 * number;
    s.Rows = 20 + 2 * number;
    s.Projection = spec.Projection;
    s.PixelSpacingSource = spec.Source;
    s.Spacing[0] = s.Spacing[1] = spec.Spacing;
    for (unsigned int k = 0; k < spec.Files; ++k)
    {
      DicomSliceGeometry g;
      g.Columns = s.Columns;
      g.Rows = s.Rows;
      g.Spacing[0] = g.Spacing[1] = 0.5;
      g.Spacing[2] = 2.0;
      g.Origin[2] = 2.0 * k;
      DicomSliceAttributes a;
      a.StudyInstanceUID = ProjectionStudyUID;
      a.SeriesInstanceUID = s.SeriesInstanceUID;
      a.SOPInstanceUID = s.SeriesInstanceUID + "." + std::to_string(k + 1);
      a.SOPClassUID = spec.SOPClass;
      a.Modality = spec.Modality;
      a.SeriesNumber = number;
      a.InstanceNumber = k + 1;
      a.SeriesDescription = spec.Name;
      const std::string file = dir + "/" + spec.Name + "_" + std::to_string(k + 1) + ".dcm";
      WriteDicomSlice<unsigned short>(
        g, a, [k](unsigned int x, unsigned int y) { return x + 7.0 * y + 100.0 * k; }, file);
      std::vector<gdcm::Tag>           removed{ ps, ips, thickness, between };
      std::map<gdcm::Tag, std::string> added;
      if (spec.Projection)
      {
        removed.push_back(ipp);
        removed.push_back(iop);
      }
      if (*spec.PixelSpacing)
      {
        added[ps] = spec.PixelSpacing;
      }
      if (*spec.ImagerPixelSpacing)
      {
        added[ips] = spec.ImagerPixelSpacing;
      }
      EditTags(file, removed, added);
      s.Files.push_back(file);
      s.SOPInstanceUIDs.push_back(a.SOPInstanceUID);
    }
    result.push_back(s);
  }
  return result;
}
} // namespace ParallelSeriesTest

#endif
