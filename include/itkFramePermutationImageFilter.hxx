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
#ifndef itkFramePermutationImageFilter_hxx
#define itkFramePermutationImageFilter_hxx

#include "itkFramePermutationImageFilter.h"
#include "itkImageAlgorithm.h"

#include <algorithm>
#include <sstream>

namespace itk
{
template <typename TImage>
void
FramePermutationImageFilter<TImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  const ImageType * input = this->GetInput();
  ImageType *       output = this->GetOutput();
  m_GeometryPreserved = true;
  if (!input || !output || m_FrameOrder.empty())
  {
    return;
  }
  const RegionType    largest = input->GetLargestPossibleRegion();
  const SizeValueType frames = largest.GetSize(2);
  std::vector<bool>   seen(frames, false);
  bool                valid = m_FrameOrder.size() == frames;
  for (size_t k = 0; valid && k < m_FrameOrder.size(); ++k)
  {
    valid = m_FrameOrder[k] < frames && !seen[m_FrameOrder[k]];
    if (valid)
    {
      seen[m_FrameOrder[k]] = true;
    }
  }
  if (!valid)
  {
    std::ostringstream msg;
    msg << "the frame order (";
    for (size_t k = 0; k < m_FrameOrder.size(); ++k)
    {
      msg << (k ? " " : "") << m_FrameOrder[k];
    }
    msg << ") is not a permutation of the input's " << frames << " frames";
    itkExceptionMacro(<< msg.str());
  }
  bool identity = true;
  bool reverse = true;
  for (size_t k = 0; k < m_FrameOrder.size(); ++k)
  {
    identity = identity && m_FrameOrder[k] == k;
    reverse = reverse && m_FrameOrder[k] == frames - 1 - k;
  }
  if (identity)
  {
    return;
  }
  if (!reverse)
  {
    m_GeometryPreserved = false;
    return;
  }
  // The reverse order: output index (i, j, k) is input index (i, j, N-1-k), the same point.
  typename ImageType::IndexType last = largest.GetIndex();
  last[2] += static_cast<IndexValueType>(frames) - 1;
  typename ImageType::PointType origin;
  input->TransformIndexToPhysicalPoint(last, origin);
  // TransformIndexToPhysicalPoint includes the start index; the output keeps the same start.
  typename ImageType::DirectionType direction = input->GetDirection();
  for (unsigned int r = 0; r < 3; ++r)
  {
    direction[r][2] = -direction[r][2];
  }
  // origin is the point of index `last`; with the negated z direction, index start[2] must map to it.
  for (unsigned int r = 0; r < 3; ++r)
  {
    for (unsigned int c = 0; c < 3; ++c)
    {
      origin[r] -= direction[r][c] * input->GetSpacing()[c] * static_cast<double>(largest.GetIndex(c));
    }
  }
  output->SetOrigin(origin);
  output->SetDirection(direction);
}

template <typename TImage>
void
FramePermutationImageFilter<TImage>::DynamicThreadedGenerateData(const OutputImageRegionType & outputRegionForThread)
{
  const ImageType *    input = this->GetInput();
  ImageType *          output = this->GetOutput();
  const IndexValueType z0 = input->GetLargestPossibleRegion().GetIndex(2);
  for (IndexValueType z = outputRegionForThread.GetIndex(2);
       z < outputRegionForThread.GetIndex(2) + static_cast<IndexValueType>(outputRegionForThread.GetSize(2));
       ++z)
  {
    RegionType outFrame = outputRegionForThread;
    outFrame.SetIndex(2, z);
    outFrame.SetSize(2, 1);
    RegionType inFrame = outFrame;
    inFrame.SetIndex(2, m_FrameOrder.empty() ? z : z0 + static_cast<IndexValueType>(m_FrameOrder[z - z0]));
    // memcpy of each contiguous run (the whole frame when the region spans it).
    ImageAlgorithm::Copy(input, output, inFrame, outFrame);
  }
}

template <typename TImage>
void
FramePermutationImageFilter<TImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "FrameOrder: (";
  for (size_t k = 0; k < m_FrameOrder.size(); ++k)
  {
    os << (k ? " " : "") << m_FrameOrder[k];
  }
  os << ")" << std::endl;
  os << indent << "GeometryPreserved: " << m_GeometryPreserved << std::endl;
}
} // end namespace itk

#endif
