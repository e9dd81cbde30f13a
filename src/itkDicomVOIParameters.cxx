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
#include "itkDicomVOIParameters.h"

#include "itkMacro.h"

#include "gdcmAttribute.h"
#include "gdcmImageHelper.h"
#include "itkParallelSeriesHeaderReading.h"
#include "gdcmReader.h"
#include "gdcmSequenceOfItems.h"

#include <cstdlib>
#include <cstring>
#include <set>

namespace itk
{
namespace
{
const gdcm::Tag PixelDataTag(0x7fe0, 0x0010);
const gdcm::Tag SharedGroupsTag(0x5200, 0x9229);
const gdcm::Tag PerFrameGroupsTag(0x5200, 0x9230);
const gdcm::Tag PixelValueTransformationTag(0x0028, 0x9145);
const gdcm::Tag FrameVOILUTTag(0x0028, 0x9132);
const gdcm::Tag VOILUTSequenceTag(0x0028, 0x3010);
const gdcm::Tag WindowCenterTag(0x0028, 0x1050);
const gdcm::Tag WindowWidthTag(0x0028, 0x1051);
const gdcm::Tag VOILUTFunctionTag(0x0028, 0x1056);
const gdcm::Tag RescaleInterceptTag(0x0028, 0x1052);
const gdcm::Tag RescaleSlopeTag(0x0028, 0x1053);
const gdcm::Tag LUTDescriptorTag(0x0028, 0x3002);
const gdcm::Tag LUTDataTag(0x0028, 0x3006);

/** The element's value as text, trailing/leading spaces and NULs removed; empty when absent. */
std::string
Text(const gdcm::DataSet & ds, const gdcm::Tag & tag)
{
  if (!ds.FindDataElement(tag))
  {
    return {};
  }
  const gdcm::DataElement & de = ds.GetDataElement(tag);
  const gdcm::ByteValue *   bv = de.GetByteValue();
  if (!bv || bv->GetLength() == 0)
  {
    return {};
  }
  std::string  s(bv->GetPointer(), bv->GetLength());
  const size_t first = s.find_first_not_of(std::string(" \0", 2));
  const size_t last = s.find_last_not_of(std::string(" \0", 2));
  return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

/** The first value of a DS/IS element; false when absent, empty or not a number (the peer's
 * `to_float64().ok()`: such a value counts as absent). */
bool
FirstNumber(const gdcm::DataSet & ds, const gdcm::Tag & tag, double & value)
{
  std::string s = Text(ds, tag);
  s = s.substr(0, s.find('\\'));
  while (!s.empty() && s.back() == ' ')
  {
    s.pop_back();
  }
  if (s.empty())
  {
    return false;
  }
  char *       end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0')
  {
    return false;
  }
  value = v;
  return true;
}

const gdcm::DataSet *
FirstItem(const gdcm::DataSet & ds, const gdcm::Tag & sequence)
{
  if (!ds.FindDataElement(sequence))
  {
    return nullptr;
  }
  gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds.GetDataElement(sequence).GetValueAsSQ();
  if (!sq || sq->GetNumberOfItems() == 0)
  {
    return nullptr;
  }
  return &sq->GetItem(1).GetNestedDataSet();
}

/** dicom-pixeldata attribute.rs:get_from_per_frame: for every per-frame item holding
 * selector[0]'s first item holding selector[1], that data set (items without it are skipped). */
std::vector<const gdcm::DataSet *>
PerFrame(const gdcm::DataSet & ds, const gdcm::Tag & group, const gdcm::Tag & element)
{
  std::vector<const gdcm::DataSet *> result;
  if (!ds.FindDataElement(PerFrameGroupsTag))
  {
    return result;
  }
  gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds.GetDataElement(PerFrameGroupsTag).GetValueAsSQ();
  if (!sq)
  {
    return result;
  }
  for (gdcm::SequenceOfItems::SizeType i = 1; i <= sq->GetNumberOfItems(); ++i)
  {
    const gdcm::DataSet * item = FirstItem(sq->GetItem(i).GetNestedDataSet(), group);
    if (item && item->FindDataElement(element))
    {
      result.push_back(item);
    }
  }
  return result;
}

/** attribute.rs:get_from_shared: the shared item's selector[0] first item, else the shared item
 * itself, when it holds the element. */
const gdcm::DataSet *
Shared(const gdcm::DataSet & ds, const gdcm::Tag & group, const gdcm::Tag & element)
{
  const gdcm::DataSet * shared = FirstItem(ds, SharedGroupsTag);
  if (!shared)
  {
    return nullptr;
  }
  const gdcm::DataSet * item = FirstItem(*shared, group);
  if (item && item->FindDataElement(element))
  {
    return item;
  }
  return shared->FindDataElement(element) ? shared : nullptr;
}

/** A numeric attribute as dicom-pixeldata collects it: the top level (first value), else one value
 * per frame, else the shared groups. Empty when absent or when any value is not a number. */
std::vector<double>
Numbers(const gdcm::DataSet & ds, const gdcm::Tag & group, const gdcm::Tag & element)
{
  double v = 0.0;
  if (ds.FindDataElement(element))
  {
    if (FirstNumber(ds, element, v))
    {
      return { v };
    }
    // the peer: an element whose value is not a number falls through to the functional groups
  }
  std::vector<double> values;
  for (const gdcm::DataSet * item : PerFrame(ds, group, element))
  {
    if (!FirstNumber(*item, element, v))
    {
      values.clear();
      break;
    }
    values.push_back(v);
  }
  if (!values.empty())
  {
    return values;
  }
  if (const gdcm::DataSet * item = Shared(ds, group, element))
  {
    if (FirstNumber(*item, element, v))
    {
      return { v };
    }
  }
  return {};
}

unsigned int
UnsignedShort(const gdcm::DataSet & ds, const gdcm::Tag & tag, unsigned int fallback)
{
  if (!ds.FindDataElement(tag))
  {
    return fallback;
  }
  const gdcm::ByteValue * bv = ds.GetDataElement(tag).GetByteValue();
  if (!bv || bv->GetLength() < 2)
  {
    return fallback;
  }
  const auto * p = reinterpret_cast<const unsigned char *>(bv->GetPointer());
  return static_cast<unsigned int>(p[0] | (p[1] << 8));
}

/** attribute.rs:parse_voi_lut_entry; false where the peer's parse fails (the whole sequence is
 * then ignored). */
bool
ParseLUT(const gdcm::DataSet & item, DicomVOILUT & lut)
{
  if (!item.FindDataElement(LUTDescriptorTag) || !item.FindDataElement(LUTDataTag))
  {
    return false;
  }
  const gdcm::DataElement & descriptor = item.GetDataElement(LUTDescriptorTag);
  const gdcm::ByteValue *   dv = descriptor.GetByteValue();
  if (!dv || dv->GetLength() != 6)
  {
    return false;
  }
  const auto * p = reinterpret_cast<const unsigned char *>(dv->GetPointer());
  const int    d0 = p[0] | (p[1] << 8);
  const int    d1u = p[2] | (p[3] << 8);
  const int    d2 = p[4] | (p[5] << 8);
  const bool   signedDescriptor = descriptor.GetVR() == gdcm::VR::SS;
  const int    d0v = signedDescriptor && d0 >= 32768 ? d0 - 65536 : d0;
  if (d0v <= 0 || d2 > 16)
  {
    return false;
  }
  const gdcm::ByteValue * data = item.GetDataElement(LUTDataTag).GetByteValue();
  if (!data || data->GetLength() != static_cast<unsigned int>(2 * d0v))
  {
    return false;
  }
  lut.FirstMapped = signedDescriptor && d1u >= 32768 ? d1u - 65536 : d1u;
  lut.Bits = static_cast<unsigned int>(d2);
  lut.Data.resize(static_cast<size_t>(d0v));
  const auto * q = reinterpret_cast<const unsigned char *>(data->GetPointer());
  for (size_t i = 0; i < lut.Data.size(); ++i)
  {
    lut.Data[i] = static_cast<std::uint16_t>(q[2 * i] | (q[2 * i + 1] << 8));
  }
  return true;
}

/** attribute.rs:voi_lut_sequence: all items of the top-level sequence, else of the per-frame
 * FrameVOILUTSequence items' sequences, else of the shared one. Empty when absent or when any item
 * does not parse. */
std::vector<DicomVOILUT>
LUTs(const gdcm::DataSet & ds)
{
  auto itemsOf = [](const gdcm::DataSet & holder, std::vector<DicomVOILUT> & out) -> bool {
    gdcm::SmartPointer<gdcm::SequenceOfItems> sq = holder.GetDataElement(VOILUTSequenceTag).GetValueAsSQ();
    if (!sq)
    {
      return false;
    }
    for (gdcm::SequenceOfItems::SizeType i = 1; i <= sq->GetNumberOfItems(); ++i)
    {
      DicomVOILUT lut;
      if (!ParseLUT(sq->GetItem(i).GetNestedDataSet(), lut))
      {
        return false;
      }
      out.push_back(std::move(lut));
    }
    return true;
  };
  std::vector<DicomVOILUT> luts;
  if (ds.FindDataElement(VOILUTSequenceTag))
  {
    if (!itemsOf(ds, luts))
    {
      luts.clear();
    }
    return luts;
  }
  const auto perFrame = PerFrame(ds, FrameVOILUTTag, VOILUTSequenceTag);
  if (!perFrame.empty())
  {
    for (const gdcm::DataSet * item : perFrame)
    {
      if (!itemsOf(*item, luts))
      {
        return {};
      }
    }
    return luts;
  }
  if (const gdcm::DataSet * item = Shared(ds, FrameVOILUTTag, VOILUTSequenceTag))
  {
    if (!itemsOf(*item, luts))
    {
      luts.clear();
    }
  }
  return luts;
}

DicomVOIParameters::FunctionEnum
ToFunction(const std::string & s)
{
  if (s == "LINEAR_EXACT")
  {
    return DicomVOIParameters::FunctionEnum::LinearExact;
  }
  if (s == "SIGMOID")
  {
    return DicomVOIParameters::FunctionEnum::Sigmoid;
  }
  return DicomVOIParameters::FunctionEnum::Linear;
}

/** attribute.rs:voi_lut_function (top level, then shared, then per frame; an empty top-level value is
 * dropped as preprocess.rs:sanitize_voi_lut_function does). An unknown word anywhere means LINEAR for all
 * (the peer's collect into Option). */
std::vector<DicomVOIParameters::FunctionEnum>
Functions(const gdcm::DataSet & ds)
{
  std::vector<std::string> words;
  const std::string        top = Text(ds, VOILUTFunctionTag);
  if (!top.empty())
  {
    words.push_back(top);
  }
  else if (const gdcm::DataSet * shared = Shared(ds, FrameVOILUTTag, VOILUTFunctionTag))
  {
    words.push_back(Text(*shared, VOILUTFunctionTag));
  }
  else
  {
    for (const gdcm::DataSet * item : PerFrame(ds, FrameVOILUTTag, VOILUTFunctionTag))
    {
      words.push_back(Text(*item, VOILUTFunctionTag));
    }
  }
  std::vector<DicomVOIParameters::FunctionEnum> functions;
  for (const std::string & w : words)
  {
    if (w != "LINEAR" && w != "LINEAR_EXACT" && w != "SIGMOID")
    {
      return { DicomVOIParameters::FunctionEnum::Linear };
    }
    functions.push_back(ToFunction(w));
  }
  return functions;
}

/** lib.rs's per-frame choice: a list of one value, or of one per frame; any other length means the
 * first value for all frames. */
template <typename T>
const T &
ForFrame(const std::vector<T> & values, size_t frames, size_t frame)
{
  return values.size() == frames ? values[frame] : values.front();
}
} // namespace

std::vector<DicomVOIParameters>
ReadDicomVOIParameters(const std::string & fileName)
{
  // The header up to PixelData, parsed in memory from the file's first bytes where they hold it.
  ParallelSeriesScan::HeaderReader header;
  const std::string                why = header.Read(fileName);
  if (!why.empty())
  {
    itkGenericExceptionMacro("cannot read the DICOM header of \"" << fileName << "\": " << why);
  }
  const gdcm::File &    file = header.GetFile();
  const gdcm::DataSet & ds = file.GetDataSet();

  DicomVOIParameters base;
  base.BitsAllocated = UnsignedShort(ds, gdcm::Tag(0x0028, 0x0100), 0);
  base.BitsStored = UnsignedShort(ds, gdcm::Tag(0x0028, 0x0101), base.BitsAllocated);
  base.Signed = UnsignedShort(ds, gdcm::Tag(0x0028, 0x0103), 0) == 1;
  base.SamplesPerPixel = UnsignedShort(ds, gdcm::Tag(0x0028, 0x0002), 1);
  base.Monochrome1 = Text(ds, gdcm::Tag(0x0028, 0x0004)) == "MONOCHROME1";
  if (base.BitsAllocated == 0)
  {
    itkGenericExceptionMacro("\"" << fileName << "\" has no BitsAllocated");
  }
  {
    // What GDCM applied (GDCMImageIO forces the rescale of every SOP class: the same here).
    if (!gdcm::ImageHelper::GetForceRescaleInterceptSlope())
    {
      gdcm::ImageHelper::SetForceRescaleInterceptSlope(true);
    }
    const std::vector<double> is = gdcm::ImageHelper::GetRescaleInterceptSlopeValue(file);
    if (is.size() == 2)
    {
      base.AppliedRescaleIntercept = is[0];
      base.AppliedRescaleSlope = is[1];
    }
  }
  double frameCount = 1.0;
  size_t frames = 1;
  if (FirstNumber(ds, gdcm::Tag(0x0028, 0x0008), frameCount) && frameCount >= 1.0)
  {
    frames = static_cast<size_t>(frameCount);
  }

  const std::vector<double> intercepts = Numbers(ds, PixelValueTransformationTag, RescaleInterceptTag);
  const std::vector<double> slopes = Numbers(ds, PixelValueTransformationTag, RescaleSlopeTag);
  const std::vector<double> centers = Numbers(ds, FrameVOILUTTag, WindowCenterTag);
  const std::vector<double> widths = Numbers(ds, FrameVOILUTTag, WindowWidthTag);
  const auto                functions = Functions(ds);
  const auto                luts = LUTs(ds);
  // lib.rs:ImagingProperties::from_obj: an absent slope or intercept is 1 or 0 (one value).
  const std::vector<double> slopeList = slopes.empty() ? std::vector<double>{ 1.0 } : slopes;
  const std::vector<double> interceptList = intercepts.empty() ? std::vector<double>{ 0.0 } : intercepts;
  if (slopeList.size() != interceptList.size())
  {
    itkGenericExceptionMacro("\"" << fileName << "\": " << slopeList.size() << " RescaleSlope against "
                                  << interceptList.size() << " RescaleIntercept values");
  }
  if (!centers.empty() && !widths.empty() && centers.size() != widths.size())
  {
    itkGenericExceptionMacro("\"" << fileName << "\": " << centers.size() << " WindowCenter against " << widths.size()
                                  << " WindowWidth values");
  }

  std::vector<DicomVOIParameters> result(frames, base);
  for (size_t f = 0; f < frames; ++f)
  {
    DicomVOIParameters & p = result[f];
    p.RescaleSlope = ForFrame(slopeList, frames, f);
    p.RescaleIntercept = ForFrame(interceptList, frames, f);
    if (!centers.empty() && !widths.empty())
    {
      p.HasWindow = true;
      p.WindowCenter = ForFrame(centers, frames, f);
      p.WindowWidth = ForFrame(widths, frames, f);
    }
    if (!functions.empty())
    {
      p.Function = ForFrame(functions, frames, f);
    }
    if (!luts.empty())
    {
      p.HasLUT = true;
      p.LUT = ForFrame(luts, frames, f);
    }
  }
  return result;
}
} // end namespace itk
