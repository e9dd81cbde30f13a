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
#ifndef itkPadToSizeImageFilter_hxx
#define itkPadToSizeImageFilter_hxx

#include "itkPadToSizeImageFilter.h"
#include "itkImageAlgorithm.h"
#include "itkImageRegionConstIterator.h"
#include "itkImageRegionIterator.h"

#include <cmath>

namespace itk
{
template <typename TImage>
PadToSizeImageFilter<TImage>::PadToSizeImageFilter()
{
  m_TargetSize.Fill(0);
}

template <typename TImage>
void
PadToSizeImageFilter<TImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  auto * input = const_cast<ImageType *>(this->GetInput());
  if (!input)
  {
    return;
  }
  const RegionType largest = input->GetLargestPossibleRegion();
  const SizeType   inSize = largest.GetSize();
  const IndexType  inStart = largest.GetIndex();

  SizeValueType total[2];
  for (unsigned int d = 0; d < 2; ++d)
  {
    total[d] = m_TargetSize[d] > inSize[d] ? m_TargetSize[d] - inSize[d] : 0;
  }

  SizeValueType before[2] = { 0, 0 };
  switch (m_PadDirection)
  {
    case PadDirectionEnum::TopLeft:
      before[0] = total[0];
      before[1] = total[1];
      break;
    case PadDirectionEnum::BottomRight:
      break;
    case PadDirectionEnum::Center:
      before[0] = total[0] / 2;
      before[1] = total[1] / 2;
      break;
    case PadDirectionEnum::Zero: {
      if ((total[0] > 0 || total[1] > 0) && largest.GetNumberOfPixels() > 0)
      {
        // The counts depend on the pixel values: bring the whole input up to date first.
        input->SetRequestedRegionToLargestPossibleRegion();
        input->Update();
        // counts[axis][0] = zeros on the first line (column for x, row for y), [1] = last line
        SizeValueType counts[2][2] = { { 0, 0 }, { 0, 0 } };
        for (unsigned int axis = 0; axis < 2; ++axis)
        {
          for (unsigned int side = 0; side < 2; ++side)
          {
            RegionType edge = largest;
            edge.SetSize(axis, 1);
            if (m_ZeroRuleFirstSliceOnly)
            {
              for (unsigned int d = 2; d < ImageDimension; ++d)
              {
                edge.SetSize(d, 1);
              }
            }
            edge.SetIndex(axis, inStart[axis] + (side == 0 ? 0 : static_cast<IndexValueType>(inSize[axis]) - 1));
            ImageRegionConstIterator<ImageType> it(input, edge);
            for (; !it.IsAtEnd(); ++it)
            {
              if (it.Get() == PixelType{} ||
                  (m_ZeroTolerance > 0.0 && std::abs(static_cast<double>(it.Get())) <= m_ZeroTolerance))
              {
                ++counts[axis][side];
              }
            }
          }
          before[axis] = counts[axis][0] < counts[axis][1] ? 0 : total[axis];
        }
      }
      break;
    }
  }
  m_PadLeft = before[0];
  m_PadTop = before[1];
  m_PadRight = total[0] - before[0];
  m_PadBottom = total[1] - before[1];

  SizeType outSize = inSize;
  outSize[0] += total[0];
  outSize[1] += total[1];
  IndexType outStart;
  outStart.Fill(0);
  IndexType originIndex = inStart;
  originIndex[0] -= static_cast<IndexValueType>(before[0]);
  originIndex[1] -= static_cast<IndexValueType>(before[1]);
  typename ImageType::PointType origin;
  input->TransformIndexToPhysicalPoint(originIndex, origin);

  ImageType * output = this->GetOutput();
  output->SetLargestPossibleRegion(RegionType(outStart, outSize));
  output->SetOrigin(origin);
  output->SetSpacing(input->GetSpacing());
  output->SetDirection(input->GetDirection());
}

template <typename TImage>
void
PadToSizeImageFilter<TImage>::DynamicThreadedGenerateData(const OutputImageRegionType & outputRegionForThread)
{
  const ImageType * input = this->GetInput();
  ImageType *       output = this->GetOutput();

  // The input's pixels in output index space.
  const RegionType largest = input->GetLargestPossibleRegion();
  IndexType        shift; // output index = input index + shift
  for (unsigned int d = 0; d < ImageDimension; ++d)
  {
    shift[d] = -largest.GetIndex()[d];
  }
  shift[0] += static_cast<IndexValueType>(m_PadLeft);
  shift[1] += static_cast<IndexValueType>(m_PadTop);
  RegionType inputInOutput = largest;
  IndexType  start = largest.GetIndex();
  for (unsigned int d = 0; d < ImageDimension; ++d)
  {
    start[d] += shift[d];
  }
  inputInOutput.SetIndex(start);

  RegionType copyRegion = outputRegionForThread;
  const bool overlap = copyRegion.Crop(inputInOutput);

  // Fill the region with the pad value unless it lies inside the input, then copy the input.
  if (!overlap || copyRegion != outputRegionForThread)
  {
    ImageRegionIterator<ImageType> it(output, outputRegionForThread);
    for (; !it.IsAtEnd(); ++it)
    {
      it.Set(m_PadValue);
    }
  }
  if (overlap)
  {
    RegionType inRegion = copyRegion;
    IndexType  inStart = copyRegion.GetIndex();
    for (unsigned int d = 0; d < ImageDimension; ++d)
    {
      inStart[d] -= shift[d];
    }
    inRegion.SetIndex(inStart);
    ImageAlgorithm::Copy(input, output, inRegion, copyRegion);
  }
}

template <typename TImage>
void
PadToSizeImageFilter<TImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "TargetSize: " << m_TargetSize << std::endl;
  os << indent << "PadDirection: " << m_PadDirection << std::endl;
  os << indent << "PadValue: " << static_cast<typename NumericTraits<PixelType>::PrintType>(m_PadValue) << std::endl;
  os << indent << "ZeroTolerance: " << m_ZeroTolerance << ", ZeroRuleFirstSliceOnly: " << m_ZeroRuleFirstSliceOnly
     << std::endl;
  os << indent << "PadLeft: " << m_PadLeft << ", PadTop: " << m_PadTop << ", PadRight: " << m_PadRight
     << ", PadBottom: " << m_PadBottom << std::endl;
}
} // end namespace itk

#endif
