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
#include "itkParallelSeriesMosaic.h"

#include "itkParallelSeriesExceptionText.h"
#include "itkParallelSeriesGeometry.h"

#include "gdcmAttribute.h"
#include "gdcmCSAHeader.h"
#include "gdcmDataSet.h"
#include "gdcmElement.h"
#include "gdcmSplitMosaicFilter.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>

namespace itk
{
namespace ParallelSeriesMosaic
{
namespace
{
/** A positive DS value of \c ds (0 when absent, empty or not positive). */
template <uint16_t Group, uint16_t Element>
double
PositiveDecimal(const gdcm::DataSet & ds)
{
  const gdcm::Tag tag(Group, Element);
  if (!ds.FindDataElement(tag) || ds.GetDataElement(tag).IsEmpty())
  {
    return 0.0;
  }
  gdcm::Attribute<Group, Element> a;
  a.SetFromDataElement(ds.GetDataElement(tag));
  const double v = a.GetValue();
  return std::isfinite(v) && v > 0.0 ? v : 0.0;
}
} // namespace

void
ReadMosaicHeader(const gdcm::DataSet & ds, MosaicHeader & header)
{
  header = MosaicHeader();
  // Every file of a scan comes here: the value's bytes are searched first, so that a file that
  // is not a mosaic costs one lookup.
  const gdcm::Tag imageTypeTag(0x0008, 0x0008);
  if (!ds.FindDataElement(imageTypeTag))
  {
    return;
  }
  const gdcm::ByteValue * imageTypeBytes = ds.GetDataElement(imageTypeTag).GetByteValue();
  static constexpr char   kMosaic[] = "MOSAIC";
  if (imageTypeBytes == nullptr || imageTypeBytes->GetPointer() == nullptr ||
      std::search(imageTypeBytes->GetPointer(),
                  imageTypeBytes->GetPointer() + imageTypeBytes->GetLength(),
                  kMosaic,
                  kMosaic + sizeof(kMosaic) - 1) == imageTypeBytes->GetPointer() + imageTypeBytes->GetLength())
  {
    return;
  }
  gdcm::Attribute<0x0008, 0x0008> imageType;
  imageType.SetFromDataElement(ds.GetDataElement(imageTypeTag));
  for (unsigned int i = 0; i < imageType.GetNumberOfValues(); ++i)
  {
    if (imageType.GetValue(i).Trim() == "MOSAIC")
    {
      header.ImageTypeMosaic = true;
    }
  }
  if (!header.ImageTypeMosaic)
  {
    return; // the CSA header is parsed for mosaics only
  }
  header.SpacingBetweenSlices = PositiveDecimal<0x0018, 0x0088>(ds);
  header.SliceThickness = PositiveDecimal<0x0018, 0x0050>(ds);
  gdcm::CSAHeader csa;
  try
  {
    if (!csa.LoadFromDataElement(gdcm::SplitMosaicFilter::ComputeCSAImageHeaderInfo(ds)))
    {
      return;
    }
  }
  catch (...) // gdcm_assert's exception, or GDCM's std::string (see CurrentExceptionText())
  {
    header.CSAError = "GDCM cannot parse its CSA image header (0029,xx10): " +
                      ParallelSeriesGDCM::CurrentExceptionText("CSA image header");
    return;
  }
  if (csa.FindCSAElementByName("NumberOfImagesInMosaic"))
  {
    const gdcm::CSAElement & e = csa.GetCSAElementByName("NumberOfImagesInMosaic");
    if (!e.IsEmpty())
    {
      gdcm::Element<gdcm::VR::IS, gdcm::VM::VM1> n = { { 0 } };
      n.Set(e.GetValue());
      header.NumberOfImagesInMosaic = n.GetValue() > 0 ? static_cast<unsigned int>(n.GetValue()) : 0;
    }
  }
  if (csa.FindCSAElementByName("SliceNormalVector"))
  {
    const gdcm::CSAElement & e = csa.GetCSAElementByName("SliceNormalVector");
    const gdcm::ByteValue *  bv = e.IsEmpty() ? nullptr : e.GetByteValue();
    if (bv != nullptr)
    {
      // gdcm::SplitMosaicFilter::ComputeMOSAICSliceNormal()'s reading of the three values.
      std::istringstream is(std::string(bv->GetPointer(), bv->GetLength()));
      char               sep = 0;
      double *           n = header.SliceNormal;
      header.HasSliceNormal = static_cast<bool>(is >> n[0] >> sep >> n[1] >> sep >> n[2]) && std::isfinite(n[0]) &&
                              std::isfinite(n[1]) && std::isfinite(n[2]);
    }
  }
}

unsigned int
TilesPerRow(unsigned int numberOfTiles)
{
  unsigned long long m = static_cast<unsigned long long>(std::sqrt(static_cast<double>(numberOfTiles)));
  while (m * m > numberOfTiles)
  {
    --m;
  }
  while (m * m < numberOfTiles)
  {
    ++m;
  }
  return static_cast<unsigned int>(m);
}

std::string
ComputeLayout(unsigned int                 mosaicColumns,
              unsigned int                 mosaicRows,
              unsigned int                 numberOfTiles,
              ParallelSeriesMosaicLayout & layout)
{
  layout = ParallelSeriesMosaicLayout();
  if (numberOfTiles == 0)
  {
    return "mosaic without NumberOfImagesInMosaic in its CSA image header";
  }
  const unsigned int m = TilesPerRow(numberOfTiles);
  if (mosaicColumns % m != 0 || mosaicRows % m != 0 || mosaicColumns == 0 || mosaicRows == 0)
  {
    std::ostringstream msg;
    msg << "mosaic of " << mosaicColumns << " x " << mosaicRows << " pixels cannot hold " << numberOfTiles
        << " tiles (NumberOfImagesInMosaic) on a " << m << " x " << m << " grid: " << m
        << " does not divide Columns and Rows";
    return msg.str();
  }
  layout.SetNumberOfTiles(numberOfTiles);
  layout.SetTilesPerRow(m);
  layout.SetTileColumns(mosaicColumns / m);
  layout.SetTileRows(mosaicRows / m);
  layout.SetMosaicColumns(mosaicColumns);
  layout.SetMosaicRows(mosaicRows);
  return {};
}

std::string
ComputeGeometry(const MosaicHeader &               header,
                const double                       position[3],
                const double                       cosines[6],
                const double                       pixelSpacing[2],
                const ParallelSeriesMosaicLayout & layout,
                ParallelSeriesMosaicInfo &         info)
{
  info.SetLayout(layout);
  info.SetSliceSpacingSource({});
  if (!header.HasSliceNormal)
  {
    return "mosaic without SliceNormalVector in its CSA image header: the order of its tiles along the slice "
           "normal is unknown";
  }
  double sliceSpacing = 0.0;
  if (header.SpacingBetweenSlices > 0.0)
  {
    sliceSpacing = header.SpacingBetweenSlices;
    info.SetSliceSpacingSource("SpacingBetweenSlices");
  }
  else if (header.SliceThickness > 0.0)
  {
    sliceSpacing = header.SliceThickness;
    info.SetSliceSpacingSource("SliceThickness");
  }
  else
  {
    return "mosaic without SpacingBetweenSlices (0018,0088) or SliceThickness (0018,0050): its slice spacing is "
           "unknown";
  }
  // Row and column directions as GDCMImageIO orthogonalizes them; the slice direction is their
  // cross product with the sign of the CSA SliceNormalVector (nibabel's SiemensWrapper.slice_normal).
  Matrix<double, 3, 3> direction = ParallelSeriesGeometry::DirectionFromCosines(cosines);
  double               dot = 0.0;
  double               norm = 0.0;
  for (unsigned int i = 0; i < 3; ++i)
  {
    dot += direction[i][2] * header.SliceNormal[i];
    norm += header.SliceNormal[i] * header.SliceNormal[i];
  }
  norm = std::sqrt(norm);
  if (!(norm > 0.0) || std::abs(std::abs(dot / norm) - 1.0) > 1e-3)
  {
    std::ostringstream msg;
    msg << "CSA SliceNormalVector (" << header.SliceNormal[0] << ", " << header.SliceNormal[1] << ", "
        << header.SliceNormal[2] << ") is not along the normal of ImageOrientationPatient (dot product "
        << (norm > 0.0 ? dot / norm : 0.0) << ")";
    return msg.str();
  }
  if (dot < 0.0)
  {
    for (unsigned int i = 0; i < 3; ++i)
    {
      direction[i][2] = -direction[i][2];
    }
  }
  // nibabel's MosaicWrapper.image_position: IPP + (mosaic size - tile size) / 2 pixels along
  // the row and column directions of ImageOrientationPatient (as stored).
  const double dx = (static_cast<double>(layout.GetMosaicColumns()) - layout.GetTileColumns()) / 2.0 * pixelSpacing[0];
  const double dy = (static_cast<double>(layout.GetMosaicRows()) - layout.GetTileRows()) / 2.0 * pixelSpacing[1];
  Point<double, 3> origin;
  for (unsigned int i = 0; i < 3; ++i)
  {
    origin[i] = position[i] + dx * cosines[i] + dy * cosines[i + 3];
  }
  Vector<double, 3> spacing;
  spacing[0] = pixelSpacing[0];
  spacing[1] = pixelSpacing[1];
  spacing[2] = sliceSpacing;
  info.SetOrigin(origin);
  info.SetSpacing(spacing);
  info.SetDirection(direction);
  return {};
}

void
CopyTiles(const void * mosaic, const ParallelSeriesMosaicLayout & layout, size_t pixelBytes, void * volume)
{
  const auto * in = static_cast<const char *>(mosaic);
  auto *       out = static_cast<char *>(volume);
  const size_t tileRowBytes = static_cast<size_t>(layout.GetTileColumns()) * pixelBytes;
  const size_t mosaicRowBytes = static_cast<size_t>(layout.GetMosaicColumns()) * pixelBytes;
  for (unsigned int z = 0; z < layout.GetNumberOfTiles(); ++z)
  {
    const size_t gridRow = z / layout.GetTilesPerRow();
    const size_t gridColumn = z % layout.GetTilesPerRow();
    const char * tile = in + gridRow * layout.GetTileRows() * mosaicRowBytes + gridColumn * tileRowBytes;
    for (unsigned int y = 0; y < layout.GetTileRows(); ++y)
    {
      std::memcpy(out, tile + y * mosaicRowBytes, tileRowBytes);
      out += tileRowBytes;
    }
  }
}
} // namespace ParallelSeriesMosaic
} // end namespace itk
