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
#ifndef itkParallelSeriesSameImage_h
#define itkParallelSeriesSameImage_h

// The tests' image comparison, shared by the reader's and the filters' test helpers.

#include "itkImageRegionConstIterator.h"
#include "itkImageRegionConstIteratorWithIndex.h"

#include <cmath>
#include <iostream>
#include <string>
#include <type_traits>

namespace ParallelSeriesTesting
{
/** Whether \c a and \c b have the same region, the same geometry (origin, spacing, direction,
 * each element within \c tolerance; 0: exactly) and exactly the same pixels. Prints the first
 * difference, prefixed by \c what. */
template <typename TImage>
bool
SameImage(const TImage * a, const TImage * b, const std::string & what, double tolerance = 0.0)
{
  if (a->GetLargestPossibleRegion() != b->GetLargestPossibleRegion())
  {
    std::cerr << what << ": region differs: " << a->GetLargestPossibleRegion() << " vs "
              << b->GetLargestPossibleRegion() << std::endl;
    return false;
  }
  for (unsigned int i = 0; i < TImage::ImageDimension; ++i)
  {
    bool differs = std::abs(a->GetSpacing()[i] - b->GetSpacing()[i]) > tolerance ||
                   std::abs(a->GetOrigin()[i] - b->GetOrigin()[i]) > tolerance;
    for (unsigned int j = 0; j < TImage::ImageDimension; ++j)
    {
      differs = differs || std::abs(a->GetDirection()[i][j] - b->GetDirection()[i][j]) > tolerance;
    }
    if (differs)
    {
      std::cerr << what << ": geometry differs: spacing " << a->GetSpacing() << " vs " << b->GetSpacing() << ", origin "
                << a->GetOrigin() << " vs " << b->GetOrigin() << ", direction\n"
                << a->GetDirection() << "vs\n"
                << b->GetDirection() << std::endl;
      return false;
    }
  }
  using PixelType = typename TImage::PixelType;
  itk::ImageRegionConstIteratorWithIndex<TImage> ia(a, a->GetLargestPossibleRegion());
  itk::ImageRegionConstIterator<TImage>          ib(b, b->GetLargestPossibleRegion());
  for (; !ia.IsAtEnd(); ++ia, ++ib)
  {
    if (ia.Get() != ib.Get())
    {
      std::cerr << what << ": pixel " << ia.GetIndex() << " differs: ";
      if constexpr (std::is_arithmetic<PixelType>::value)
      {
        std::cerr << static_cast<double>(ia.Get()) << " vs " << static_cast<double>(ib.Get()) << std::endl;
      }
      else
      {
        std::cerr << ia.Get() << " vs " << ib.Get() << std::endl;
      }
      return false;
    }
  }
  return true;
}
} // namespace ParallelSeriesTesting

#endif
