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
#ifndef itkCropToForegroundImageFilter_hxx
#define itkCropToForegroundImageFilter_hxx

#include "itkCropToForegroundImageFilter.h"
#include "itkImageAlgorithm.h"
#include "itkImageScanlineIterator.h"

#include <algorithm>
#include <limits>
#include <mutex>

namespace itk
{
template <typename TImage>
CropToForegroundImageFilter<TImage>::CropToForegroundImageFilter()
{
  m_CropIndex.Fill(0);
  m_CropSize.Fill(0);
}

template <typename TImage>
void
CropToForegroundImageFilter<TImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  auto * input = const_cast<ImageType *>(this->GetInput());
  if (!input)
  {
    return;
  }

  // The crop box depends on the pixel values: bring the whole input up to date first.
  input->SetRequestedRegionToLargestPossibleRegion();
  input->Update();

  this->ComputeCropBox();

  ImageType * output = this->GetOutput();
  IndexType   outputStart;
  outputStart.Fill(0);
  output->SetLargestPossibleRegion(RegionType(outputStart, m_CropSize));
  typename ImageType::PointType origin;
  input->TransformIndexToPhysicalPoint(m_CropIndex, origin);
  output->SetOrigin(origin);
  output->SetSpacing(input->GetSpacing());
  output->SetDirection(input->GetDirection());
}

template <typename TImage>
void
CropToForegroundImageFilter<TImage>::ComputeCropBox()
{
  const ImageType * input = this->GetInput();
  const RegionType  largest = input->GetLargestPossibleRegion();

  // Box over x and y, reduced over work units.
  IndexValueType minX = std::numeric_limits<IndexValueType>::max();
  IndexValueType maxX = std::numeric_limits<IndexValueType>::min();
  IndexValueType minY = std::numeric_limits<IndexValueType>::max();
  IndexValueType maxY = std::numeric_limits<IndexValueType>::min();
  std::mutex     mutex;

  MultiThreaderBase * multiThreader = this->GetMultiThreader();
  multiThreader->SetNumberOfWorkUnits(this->GetNumberOfWorkUnits());
  multiThreader->template ParallelizeImageRegion<ImageDimension>(
    largest,
    [&](const RegionType & region) {
      IndexValueType                        lminX = std::numeric_limits<IndexValueType>::max();
      IndexValueType                        lmaxX = std::numeric_limits<IndexValueType>::min();
      IndexValueType                        lminY = std::numeric_limits<IndexValueType>::max();
      IndexValueType                        lmaxY = std::numeric_limits<IndexValueType>::min();
      ImageScanlineConstIterator<ImageType> it(input, region);
      while (!it.IsAtEnd())
      {
        const IndexValueType y = it.GetIndex()[1];
        IndexValueType       x = it.GetIndex()[0];
        IndexValueType       first = std::numeric_limits<IndexValueType>::max();
        IndexValueType       last = std::numeric_limits<IndexValueType>::min();
        while (!it.IsAtEndOfLine())
        {
          if (!this->IsBackground(it.Get()))
          {
            first = std::min(first, x);
            last = x;
          }
          ++it;
          ++x;
        }
        if (first <= last)
        {
          lminX = std::min(lminX, first);
          lmaxX = std::max(lmaxX, last);
          lminY = std::min(lminY, y);
          lmaxY = std::max(lmaxY, y);
        }
        it.NextLine();
      }
      if (lminX <= lmaxX)
      {
        const std::lock_guard<std::mutex> lock(mutex);
        minX = std::min(minX, lminX);
        maxX = std::max(maxX, lmaxX);
        minY = std::min(minY, lminY);
        maxY = std::max(maxY, lmaxY);
      }
    },
    nullptr);

  m_CropIndex = largest.GetIndex();
  m_CropSize = largest.GetSize();
  m_ForegroundFound = minX <= maxX;
  if (m_ForegroundFound)
  {
    m_CropIndex[0] = minX;
    m_CropIndex[1] = minY;
    m_CropSize[0] = static_cast<SizeValueType>(maxX - minX + 1);
    m_CropSize[1] = static_cast<SizeValueType>(maxY - minY + 1);
  }
}

template <typename TImage>
void
CropToForegroundImageFilter<TImage>::DynamicThreadedGenerateData(const OutputImageRegionType & outputRegionForThread)
{
  const ImageType * input = this->GetInput();
  ImageType *       output = this->GetOutput();

  RegionType inputRegion = outputRegionForThread;
  IndexType  inputIndex = outputRegionForThread.GetIndex();
  for (unsigned int d = 0; d < ImageDimension; ++d)
  {
    inputIndex[d] += m_CropIndex[d];
  }
  inputRegion.SetIndex(inputIndex);
  ImageAlgorithm::Copy(input, output, inputRegion, outputRegionForThread);
}

template <typename TImage>
void
CropToForegroundImageFilter<TImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "CropMax: " << m_CropMax << std::endl;
  os << indent << "ForegroundFound: " << m_ForegroundFound << std::endl;
  os << indent << "CropIndex: " << m_CropIndex << std::endl;
  os << indent << "CropSize: " << m_CropSize << std::endl;
}
} // end namespace itk

#endif
