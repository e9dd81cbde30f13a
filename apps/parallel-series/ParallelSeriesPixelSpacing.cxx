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

#include "ParallelSeriesPixelSpacing.h"

#include "gdcmReader.h"
#include "gdcmSequenceOfItems.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <exception>
#include <set>

namespace ParallelSeriesApp
{
namespace
{
/** The first item's data set of the sequence \c tag in \c ds, or null. */
const gdcm::DataSet *
FirstItem(const gdcm::DataSet & ds, const gdcm::Tag & tag)
{
  if (!ds.FindDataElement(tag))
  {
    return nullptr;
  }
  const gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds.GetDataElement(tag).GetValueAsSQ();
  if (!sq || sq->GetNumberOfItems() == 0)
  {
    return nullptr;
  }
  return &sq->GetItem(1).GetNestedDataSet();
}

/** One value of a DS string as Rust's f32::parse (trailing spaces and NULs of the DICOM value
 * removed, as dicom-rs does; leading spaces kept). */
bool
ParseFloat(std::string text, float & value, bool peerParse)
{
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0'))
  {
    text.pop_back();
  }
  // Leading spaces stay: Rust's f32::parse rejects them, so the peer finds no spacing in a file
  // whose PixelSpacing is "  0.85939\0.859375" (one of ITK's GE MR test files) and writes no unit.
  if (text.empty() || (peerParse && std::isspace(static_cast<unsigned char>(text.front()))) ||
      text.find_first_of("xX") != std::string::npos)
  {
    return false; // strtof would skip the spaces (and read C's hexadecimal floats), f32::parse does not
  }
  errno = 0;
  char * end = nullptr;
  value = std::strtof(text.c_str(), &end);
  return end == text.c_str() + text.size() && errno == 0;
}

/** The pair "y\x" of the element \c tag of \c ds (x second, as PixelSpacing stores it). */
bool
ParsePair(const gdcm::DataSet & ds, const gdcm::Tag & tag, float spacing[2], bool peerParse)
{
  const gdcm::ByteValue * bv = ds.GetDataElement(tag).GetByteValue();
  if (bv == nullptr)
  {
    return false;
  }
  const std::string text(bv->GetPointer(), bv->GetLength());
  const size_t      slash = text.find('\\');
  if (slash == std::string::npos)
  {
    return false;
  }
  const size_t next = text.find('\\', slash + 1);
  float        y = 0.0f, x = 0.0f;
  if (!ParseFloat(text.substr(0, slash), y, peerParse) ||
      !ParseFloat(
        text.substr(slash + 1, next == std::string::npos ? std::string::npos : next - slash - 1), x, peerParse))
  {
    return false;
  }
  spacing[0] = x;
  spacing[1] = y;
  return true;
}
} // namespace

bool
ReadPeerPixelSpacing(const std::string & dicomFile, float spacing[2], std::string & error, bool peerParse)
{
  error.clear();
  gdcm::Reader reader;
  reader.SetFileName(dicomFile.c_str());
  const std::set<gdcm::Tag> skip{ gdcm::Tag(0x7fe0, 0x0010) };
  try
  {
    if (!reader.ReadUpToTag(gdcm::Tag(0x7fe0, 0x0010), skip))
    {
      error = "GDCM cannot read the header of \"" + dicomFile + "\"";
      return false;
    }
  }
  catch (const std::exception & e)
  {
    error = "GDCM cannot read the header of \"" + dicomFile + "\": " + e.what();
    return false;
  }
  const gdcm::DataSet & ds = reader.GetFile().GetDataSet();
  const gdcm::Tag       pixelSpacing(0x0028, 0x0030);
  const gdcm::Tag       imagerPixelSpacing(0x0018, 0x1164);
  const gdcm::Tag       top = ds.FindDataElement(pixelSpacing) ? pixelSpacing : imagerPixelSpacing;
  if (ds.FindDataElement(top) && ParsePair(ds, top, spacing, peerParse))
  {
    return true;
  }
  const gdcm::Tag       pixelMeasures(0x0028, 0x9110);
  const gdcm::DataSet * group = FirstItem(ds, gdcm::Tag(0x5200, 0x9229));
  const gdcm::DataSet * measures = group ? FirstItem(*group, pixelMeasures) : nullptr;
  if (measures == nullptr)
  {
    group = FirstItem(ds, gdcm::Tag(0x5200, 0x9230));
    measures = group ? FirstItem(*group, pixelMeasures) : nullptr;
  }
  return measures != nullptr && measures->FindDataElement(pixelSpacing) &&
         ParsePair(*measures, pixelSpacing, spacing, peerParse);
}
} // namespace ParallelSeriesApp
