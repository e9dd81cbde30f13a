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
#ifndef itkPreprocessTestUtilities_h
#define itkPreprocessTestUtilities_h

// Helpers shared by the tests of the preprocessing filters (crop, resize, pad, composite).

#include "itkParallelSeriesSameImage.h"
#include "itkImage.h"
#include "itkImageRegionConstIterator.h"
#include "itkImageRegionConstIteratorWithIndex.h"
#include "itkImageRegionIterator.h"
#include "itkImageRegionIteratorWithIndex.h"

#include <cmath>
#include <iostream>
#include <string>
#include <vector>

namespace PreprocessTest
{

/** A 2D image from rows of values (rows[y][x]); start index, spacing, origin and direction
 * as given. */
template <typename TImage>
typename TImage::Pointer
MakeImage2D(const std::vector<std::vector<typename TImage::PixelType>> & rows,
            typename TImage::IndexType                                   start = typename TImage::IndexType{ { 0 } })
{
  static_assert(TImage::ImageDimension == 2, "2D only");
  auto                      image = TImage::New();
  typename TImage::SizeType size;
  size[0] = rows.empty() ? 0 : rows[0].size();
  size[1] = rows.size();
  image->SetRegions(typename TImage::RegionType(start, size));
  image->Allocate();
  for (unsigned int y = 0; y < size[1]; ++y)
  {
    for (unsigned int x = 0; x < size[0]; ++x)
    {
      typename TImage::IndexType idx = start;
      idx[0] += x;
      idx[1] += y;
      image->SetPixel(idx, rows[y][x]);
    }
  }
  return image;
}

/** Rows of a 2D image (or of slice z of a 3D image). */
template <typename TImage>
std::vector<std::vector<typename TImage::PixelType>>
Rows(const TImage * image, long z = 0)
{
  std::vector<std::vector<typename TImage::PixelType>> rows;
  const auto                                           region = image->GetLargestPossibleRegion();
  for (unsigned int y = 0; y < region.GetSize(1); ++y)
  {
    std::vector<typename TImage::PixelType> row;
    for (unsigned int x = 0; x < region.GetSize(0); ++x)
    {
      typename TImage::IndexType idx = region.GetIndex();
      idx[0] += x;
      idx[1] += y;
      if (TImage::ImageDimension > 2)
      {
        idx[2] += z;
      }
      row.push_back(image->GetPixel(idx));
    }
    rows.push_back(row);
  }
  return rows;
}

template <typename TPixel>
void
PrintRows(const std::vector<std::vector<TPixel>> & rows, std::ostream & os = std::cerr)
{
  for (const auto & row : rows)
  {
    for (const auto & v : row)
    {
      os << static_cast<double>(v) << ' ';
    }
    os << '\n';
  }
}

/** Whether two images have equal pixels, regions and geometry (exactly). */
using ParallelSeriesTesting::SameImage;

/** Deterministic pseudo-random fill (a small LCG, identical on every platform). */
template <typename TImage>
void
FillPattern(TImage * image, unsigned int seed, unsigned int modulo)
{
  unsigned long                    state = seed * 2654435761UL + 12345UL;
  itk::ImageRegionIterator<TImage> it(image, image->GetLargestPossibleRegion());
  for (; !it.IsAtEnd(); ++it)
  {
    state = (state * 1103515245UL + 12345UL) & 0x7fffffffUL;
    it.Set(static_cast<typename TImage::PixelType>((state >> 8) % modulo));
  }
}

/** A direction matrix rotating the plane by \a degrees about z (tests of geometry). */
template <typename TImage>
typename TImage::DirectionType
RotatedDirection(double degrees)
{
  typename TImage::DirectionType direction;
  direction.SetIdentity();
  const double a = degrees * 3.14159265358979323846 / 180.0;
  direction[0][0] = std::cos(a);
  direction[0][1] = -std::sin(a);
  direction[1][0] = std::sin(a);
  direction[1][1] = std::cos(a);
  return direction;
}

/** Whether two points agree within \a tolerance (mm). */
template <typename TPoint>
bool
SamePoint(const TPoint & a, const TPoint & b, double tolerance = 1e-9)
{
  for (unsigned int d = 0; d < TPoint::PointDimension; ++d)
  {
    if (std::abs(a[d] - b[d]) > tolerance)
    {
      return false;
    }
  }
  return true;
}

} // namespace PreprocessTest

#endif
