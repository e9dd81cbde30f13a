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
#include "itkParallelSeriesFrameOrder.h"

#include "itkParallelSeriesHeaderReading.h"
#include "gdcmReader.h"
#include "gdcmSequenceOfItems.h"
#include "gdcmTag.h"

#include <cstdlib>
#include <cstring>
#include <set>
#include <sstream>

namespace itk
{
namespace
{
const gdcm::DataSet *
FirstItem(const gdcm::DataSet & ds, const gdcm::Tag & tag)
{
  if (!ds.FindDataElement(tag))
  {
    return nullptr;
  }
  gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds.GetDataElement(tag).GetValueAsSQ();
  if (!sq || sq->GetNumberOfItems() == 0)
  {
    return nullptr;
  }
  return &sq->GetItem(1).GetNestedDataSet();
}

std::string
Text(const gdcm::DataSet * ds, const gdcm::Tag & tag)
{
  if (!ds || !ds->FindDataElement(tag))
  {
    return {};
  }
  const gdcm::ByteValue * bv = ds->GetDataElement(tag).GetByteValue();
  std::string             s = bv ? std::string(bv->GetPointer(), bv->GetLength()) : std::string{};
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0'))
  {
    s.pop_back();
  }
  size_t b = 0;
  while (b < s.size() && s[b] == ' ')
  {
    ++b;
  }
  return s.substr(b);
}

std::vector<double>
Numbers(const gdcm::DataSet * ds, const gdcm::Tag & tag)
{
  std::vector<double> values;
  const std::string   s = Text(ds, tag);
  if (s.empty())
  {
    return values;
  }
  std::stringstream ss(s);
  std::string       part;
  while (std::getline(ss, part, '\\'))
  {
    char *       end = nullptr;
    const double v = std::strtod(part.c_str(), &end);
    if (end == part.c_str())
    {
      return {};
    }
    values.push_back(v);
  }
  return values;
}

std::vector<uint32_t>
Binary32(const gdcm::DataSet * ds, const gdcm::Tag & tag)
{
  std::vector<uint32_t> values;
  if (!ds || !ds->FindDataElement(tag))
  {
    return values;
  }
  const gdcm::ByteValue * bv = ds->GetDataElement(tag).GetByteValue();
  if (!bv)
  {
    return values;
  }
  const auto * p = reinterpret_cast<const unsigned char *>(bv->GetPointer());
  for (size_t i = 0; i + 4 <= bv->GetLength(); i += 4)
  {
    values.push_back(uint32_t(p[i]) | uint32_t(p[i + 1]) << 8 | uint32_t(p[i + 2]) << 16 | uint32_t(p[i + 3]) << 24);
  }
  return values;
}

/** AT: (group, element) little endian -> (group << 16) | element. */
uint32_t
AttributeTag(const gdcm::DataSet * ds, const gdcm::Tag & tag, bool & found)
{
  const std::vector<uint32_t> raw = Binary32(ds, tag);
  found = !raw.empty();
  return found ? ((raw[0] & 0xffffu) << 16) | (raw[0] >> 16) : 0;
}
} // namespace

FrameOrderInput
ReadFrameOrderInput(const std::string & fileName)
{
  // The header up to PixelData, parsed in memory from the file's first bytes where they hold it.
  ParallelSeriesScan::HeaderReader header;
  const std::string                why = header.Read(fileName);
  if (!why.empty())
  {
    itkGenericExceptionMacro("Cannot read the DICOM header of " << fileName << ": " << why);
  }
  const gdcm::DataSet & ds = header.GetFile().GetDataSet();
  FrameOrderInput       in;
  in.DimensionOrganizationType = Text(&ds, gdcm::Tag(0x0020, 0x9311));
  const std::vector<double> frameCount = Numbers(&ds, gdcm::Tag(0x0028, 0x0008));
  const size_t              n = frameCount.empty() ? 1 : static_cast<size_t>(frameCount[0]);
  in.Frames.resize(n);

  if (ds.FindDataElement(gdcm::Tag(0x0020, 0x9222)))
  {
    gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds.GetDataElement(gdcm::Tag(0x0020, 0x9222)).GetValueAsSQ();
    for (size_t i = 1; sq && i <= sq->GetNumberOfItems(); ++i)
    {
      bool           found = false;
      const uint32_t pointer = AttributeTag(&sq->GetItem(i).GetNestedDataSet(), gdcm::Tag(0x0020, 0x9165), found);
      if (found)
      {
        in.DimensionIndexPointers.push_back(pointer);
      }
    }
  }
  const gdcm::DataSet *                     shared = FirstItem(ds, gdcm::Tag(0x5200, 0x9229));
  gdcm::SmartPointer<gdcm::SequenceOfItems> perFrame;
  if (ds.FindDataElement(gdcm::Tag(0x5200, 0x9230)))
  {
    perFrame = ds.GetDataElement(gdcm::Tag(0x5200, 0x9230)).GetValueAsSQ();
  }
  const auto scoped = [&](const gdcm::DataSet * frameGroup, const gdcm::Tag & sequence) -> const gdcm::DataSet * {
    const gdcm::DataSet * item = frameGroup ? FirstItem(*frameGroup, sequence) : nullptr;
    return item ? item : (shared ? FirstItem(*shared, sequence) : nullptr);
  };
  // volumetric_properties_from_object: the object's VolumetricProperties, else that of the first
  // item of any of its sequences.
  const auto volumetric = [](const gdcm::DataSet * d) -> std::string {
    if (!d)
    {
      return {};
    }
    std::string value = Text(d, gdcm::Tag(0x0008, 0x9206));
    for (auto it = d->Begin(); value.empty() && it != d->End(); ++it)
    {
      const auto * sq = it->IsEmpty() ? nullptr : dynamic_cast<const gdcm::SequenceOfItems *>(&it->GetValue());
      if (sq && sq->GetNumberOfItems() > 0)
      {
        value = Text(&sq->GetItem(1).GetNestedDataSet(), gdcm::Tag(0x0008, 0x9206));
      }
    }
    return value;
  };
  for (size_t k = 0; k < n; ++k)
  {
    FrameOrderFrame &     f = in.Frames[k];
    const gdcm::DataSet * group =
      perFrame && k + 1 <= perFrame->GetNumberOfItems() ? &perFrame->GetItem(k + 1).GetNestedDataSet() : nullptr;
    const gdcm::DataSet * content = scoped(group, gdcm::Tag(0x0020, 0x9111));
    const gdcm::DataSet * position = scoped(group, gdcm::Tag(0x0020, 0x9113));
    const gdcm::DataSet * orientation = scoped(group, gdcm::Tag(0x0020, 0x9116));
    const gdcm::DataSet * measures = scoped(group, gdcm::Tag(0x0028, 0x9110));
    f.DimensionIndexValues = Binary32(content, gdcm::Tag(0x0020, 0x9157));
    std::vector<double> v;
    if (content && content->FindDataElement(gdcm::Tag(0x0020, 0x9128)))
    {
      const std::vector<uint32_t> b = Binary32(content, gdcm::Tag(0x0020, 0x9128)); // UL
      if (!b.empty())
      {
        f.HasTemporalPositionIndex = true;
        f.TemporalPositionIndex = b[0];
      }
    }
    f.StackID = Text(content, gdcm::Tag(0x0020, 0x9056));
    f.HasStackID = !f.StackID.empty();
    if (content && content->FindDataElement(gdcm::Tag(0x0020, 0x9057)))
    {
      const std::vector<uint32_t> b = Binary32(content, gdcm::Tag(0x0020, 0x9057)); // UL
      if (!b.empty())
      {
        f.HasInStackPositionNumber = true;
        f.InStackPositionNumber = b[0];
      }
    }
    v = Numbers(position, gdcm::Tag(0x0020, 0x0032));
    if (v.size() != 3)
    {
      v = Numbers(&ds, gdcm::Tag(0x0020, 0x0032));
    }
    if (v.size() == 3)
    {
      f.HasPosition = true;
      std::copy(v.begin(), v.end(), f.Position);
    }
    v = Numbers(orientation, gdcm::Tag(0x0020, 0x0037));
    if (v.size() != 6)
    {
      v = Numbers(&ds, gdcm::Tag(0x0020, 0x0037));
    }
    if (v.size() == 6)
    {
      f.HasOrientation = true;
      std::copy(v.begin(), v.end(), f.Orientation);
    }
    v = Numbers(group, gdcm::Tag(0x0020, 0x1041));
    if (v.empty())
    {
      v = Numbers(&ds, gdcm::Tag(0x0020, 0x1041));
    }
    if (!v.empty())
    {
      f.HasSliceLocation = true;
      f.SliceLocation = v[0];
    }
    v = Numbers(measures, gdcm::Tag(0x0018, 0x0088));
    if (v.empty())
    {
      v = Numbers(&ds, gdcm::Tag(0x0018, 0x0088));
    }
    if (!v.empty())
    {
      f.HasSpacingBetweenSlices = true;
      f.SpacingBetweenSlices = v[0];
    }
    v = Numbers(measures, gdcm::Tag(0x0018, 0x0050));
    if (v.empty())
    {
      v = Numbers(&ds, gdcm::Tag(0x0018, 0x0050));
    }
    if (!v.empty())
    {
      f.HasSliceThickness = true;
      f.SliceThickness = v[0];
    }
    // is_sampled_frame: VolumetricProperties of the per-frame group, else shared, else top level.
    std::string vp = volumetric(group);
    if (vp.empty())
    {
      vp = volumetric(shared);
    }
    if (vp.empty())
    {
      vp = volumetric(&ds);
    }
    f.Sampled = vp == "SAMPLED";
  }
  bool           found = false;
  const uint32_t fip = AttributeTag(&ds, gdcm::Tag(0x0028, 0x0009), found);
  if (found)
  {
    in.FrameIncrementValues = Numbers(&ds, gdcm::Tag(uint16_t(fip >> 16), uint16_t(fip & 0xffffu)));
  }
  return in;
}
} // end namespace itk
