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

// The JSON sidecar of parallel-series convert.

#include "ParallelSeriesSidecar.h"

#include "ParallelSeriesCommandLine.h"
#include "ParallelSeriesReplaceFile.h"
#include "ParallelSeriesTextFormats.h"
#include "ParallelSeriesVersion.h"

#include "gdcmReader.h"
#include "gdcmStringFilter.h"
#include "itksys/SystemTools.hxx"

#include <cstdlib>
#include <exception>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace ParallelSeriesApp
{
namespace
{
/** \c s without leading and trailing spaces and NULs (DICOM's padding). */
std::string
Trim(const std::string & s)
{
  const size_t begin = s.find_first_not_of(std::string(" \0", 2));
  if (begin == std::string::npos)
  {
    return {};
  }
  return s.substr(begin, s.find_last_not_of(std::string(" \0", 2)) - begin + 1);
}

/** The values of a multi-valued text (separated by '\\'), trimmed. */
std::vector<std::string>
Values(const std::string & s)
{
  std::vector<std::string> values;
  size_t                   begin = 0;
  while (begin <= s.size())
  {
    const size_t end = std::min(s.find('\\', begin), s.size());
    values.push_back(Trim(s.substr(begin, end - begin)));
    begin = end + 1;
  }
  return values;
}

/** The first value of a DS / IS / FD text as a number; false when there is none. */
bool
FirstNumber(const std::string & text, double & value)
{
  const std::string first = Values(text).front();
  if (first.empty())
  {
    return false;
  }
  char *       end = nullptr;
  const double v = std::strtod(first.c_str(), &end);
  if (end == first.c_str() || *end != '\0')
  {
    return false;
  }
  value = v;
  return true;
}

/** A TM value ("hhmmss.ffffff", or the older "hh:mm:ss.frac") as dcm2niix writes it,
 * "hh:mm:ss.ffffff"; empty when it is not a time. */
std::string
FormatTime(const std::string & tm)
{
  std::string  digits;
  std::string  fraction;
  const size_t dot = tm.find('.');
  for (const char c : tm.substr(0, dot))
  {
    if (c >= '0' && c <= '9')
    {
      digits.push_back(c);
    }
    else if (c != ':')
    {
      return {};
    }
  }
  if (dot != std::string::npos)
  {
    fraction = tm.substr(dot + 1);
    if (fraction.find_first_not_of("0123456789") != std::string::npos)
    {
      return {};
    }
  }
  if (digits.size() < 2 || digits.size() > 6 || digits.size() % 2 != 0)
  {
    return {};
  }
  digits.resize(6, '0');
  fraction.resize(6, '0');
  return digits.substr(0, 2) + ":" + digits.substr(2, 2) + ":" + digits.substr(4, 2) + "." + fraction;
}
} // namespace

std::string
SidecarJson(const std::string & dicomFile, std::string & error)
{
  gdcm::Reader reader;
  reader.SetFileName(dicomFile.c_str());
  const std::set<gdcm::Tag> skip{ gdcm::Tag(0x7fe0, 0x0010) };
  try
  {
    if (!reader.ReadUpToTag(gdcm::Tag(0x7fe0, 0x0010), skip))
    {
      error = "GDCM cannot read the header of \"" + dicomFile + "\"";
      return {};
    }
  }
  catch (const std::exception & e)
  {
    error = "GDCM cannot read the header of \"" + dicomFile + "\": " + e.what();
    return {};
  }
  gdcm::StringFilter sf;
  sf.SetFile(reader.GetFile());
  const gdcm::DataSet & ds = reader.GetFile().GetDataSet();
  const auto            text = [&sf, &ds](uint16_t group, uint16_t element) {
    const gdcm::Tag tag(group, element);
    return ds.FindDataElement(tag) ? Trim(sf.ToString(tag)) : std::string();
  };

  std::vector<std::pair<std::string, std::string>> fields; // key, JSON value
  const auto                                       addText = [&](const char * key, uint16_t g, uint16_t e) {
    const std::string v = text(g, e);
    if (!v.empty())
    {
      fields.emplace_back(key, JsonString(v));
    }
  };
  const auto addNumber = [&](const char * key, uint16_t g, uint16_t e, double scale) {
    double v = 0.0;
    if (FirstNumber(text(g, e), v))
    {
      fields.emplace_back(key, JsonNumber(v * scale));
    }
  };
  addText("Modality", 0x0008, 0x0060);
  addText("Manufacturer", 0x0008, 0x0070);
  addText("ManufacturersModelName", 0x0008, 0x1090);
  addNumber("MagneticFieldStrength", 0x0018, 0x0087, 1.0);
  addNumber("RepetitionTime", 0x0018, 0x0080, 0.001); // ms -> s (BIDS)
  addNumber("EchoTime", 0x0018, 0x0081, 0.001);
  addNumber("FlipAngle", 0x0018, 0x1314, 1.0);
  addNumber("SliceThickness", 0x0018, 0x0050, 1.0);
  addNumber("SpacingBetweenSlices", 0x0018, 0x0088, 1.0);
  addText("SeriesDescription", 0x0008, 0x103e);
  addText("ProtocolName", 0x0018, 0x1030);
  {
    double v = 0.0;
    if (FirstNumber(text(0x0020, 0x0011), v) && v == static_cast<double>(static_cast<long long>(v)))
    {
      fields.emplace_back("SeriesNumber", std::to_string(static_cast<long long>(v)));
    }
  }
  {
    const std::string t = FormatTime(text(0x0008, 0x0032));
    if (!t.empty())
    {
      fields.emplace_back("AcquisitionTime", JsonString(t));
    }
  }
  {
    const std::string imageType = text(0x0008, 0x0008);
    if (!imageType.empty())
    {
      std::string array = "[";
      for (const std::string & v : Values(imageType))
      {
        array += (array.size() > 1 ? ", " : "") + JsonString(v);
      }
      fields.emplace_back("ImageType", array + "]");
    }
  }
  addText("SeriesInstanceUID", 0x0020, 0x000e);
  addText("StudyInstanceUID", 0x0020, 0x000d);
  fields.emplace_back("ConversionSoftware", JsonString(ProgramName));
  fields.emplace_back("ConversionSoftwareVersion", JsonString(ToolVersion));

  std::ostringstream os;
  os << "{\n";
  for (size_t i = 0; i < fields.size(); ++i)
  {
    os << "  " << JsonString(fields[i].first) << ": " << fields[i].second << (i + 1 < fields.size() ? ",\n" : "\n");
  }
  os << "}\n";
  return os.str();
}

std::string
SidecarFileName(const std::string & volumeFile)
{
  for (const char * extension : { ".nii.gz", ".nii", ".nrrd", ".mha", ".tiff" })
  {
    const std::string e(extension);
    if (volumeFile.size() > e.size() && volumeFile.compare(volumeFile.size() - e.size(), e.size(), e) == 0)
    {
      return volumeFile.substr(0, volumeFile.size() - e.size()) + ".json";
    }
  }
  return volumeFile + ".json";
}

std::string
SidecarTemporaryName(const std::string & fileName)
{
  return fileName.substr(0, fileName.size() - 5) + ".partial.json";
}

std::string
WriteSidecar(const std::string & dicomFile, const std::string & fileName)
{
  std::string       error;
  const std::string json = SidecarJson(dicomFile, error);
  if (!error.empty())
  {
    return "cannot write the sidecar \"" + fileName + "\": " + error;
  }
  const std::string temporary = SidecarTemporaryName(fileName);
  {
    std::ofstream os(temporary, std::ios::binary | std::ios::trunc);
    if (!os || !(os << json) || !os.flush())
    {
      os.close();
      itksys::SystemTools::RemoveFile(temporary);
      return "cannot write \"" + temporary + "\"";
    }
  }
  return ReplaceFile(temporary, fileName);
}
} // namespace ParallelSeriesApp
