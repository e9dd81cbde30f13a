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
#ifndef itkFrameInterpolationImageFilter_hxx
#define itkFrameInterpolationImageFilter_hxx

#include "itkFrameInterpolationImageFilter.h"
#include "itkMultiThreaderBase.h"
#include <cmath>
#include <limits>
#include <type_traits>

namespace itk
{
namespace FrameInterpolationDetail
{
/** Rust's `value as T` for an integer T: toward zero, saturated, NaN -> 0. */
template <typename T, typename R>
T
SaturatingCast(R value)
{
  if (!(value == value))
  {
    return T{};
  }
  if (value <= static_cast<R>(std::numeric_limits<T>::lowest()))
  {
    return std::numeric_limits<T>::lowest();
  }
  if (value >= static_cast<R>(std::numeric_limits<T>::max()))
  {
    return std::numeric_limits<T>::max();
  }
  return static_cast<T>(value);
}
} // namespace FrameInterpolationDetail

template <typename TImage>
auto
FrameInterpolationImageFilter<TImage>::InterpolateSample(PixelType low, PixelType high, float alpha) -> PixelType
{
  if constexpr (std::is_floating_point<PixelType>::value)
  {
    // interpolate_f32_samples
    return static_cast<PixelType>(static_cast<float>(low) * (1.0f - alpha) + static_cast<float>(high) * alpha);
  }
  else if constexpr (sizeof(PixelType) == 1)
  {
    // interpolate_u8_samples: f32 arithmetic, `as u8`
    const float value = static_cast<float>(low) * (1.0f - alpha) + static_cast<float>(high) * alpha;
    return FrameInterpolationDetail::SaturatingCast<PixelType>(value);
  }
  else
  {
    // interpolate_u16_samples: alpha widened to f64, f64 arithmetic, `as u16`
    const double a = static_cast<double>(alpha);
    const double value = static_cast<double>(low) * (1.0 - a) + static_cast<double>(high) * a;
    return FrameInterpolationDetail::SaturatingCast<PixelType>(value);
  }
}

template <typename TImage>
void
FrameInterpolationImageFilter<TImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  const ImageType * input = this->GetInput();
  if (!input)
  {
    return;
  }
  if (m_TargetFrames == 0)
  {
    itkExceptionMacro("TargetFrames must be at least 1");
  }
  const RegionType    largest = input->GetLargestPossibleRegion();
  const SizeValueType n = largest.GetSize(2);
  if (n == 0)
  {
    itkExceptionMacro("The input has no slice");
  }
  SizeType size = largest.GetSize();
  auto     spacing = input->GetSpacing();
  if (n > 1)
  {
    size[2] = m_TargetFrames;
    if (m_TargetFrames > 1)
    {
      spacing[2] *= static_cast<double>(n - 1) / static_cast<double>(m_TargetFrames - 1);
    }
  }
  typename ImageType::PointType origin;
  input->TransformIndexToPhysicalPoint(largest.GetIndex(), origin);
  IndexType start;
  start.Fill(0);
  ImageType * output = this->GetOutput();
  output->SetLargestPossibleRegion(RegionType(start, size));
  output->SetOrigin(origin);
  output->SetSpacing(spacing);
  output->SetDirection(input->GetDirection());
}

template <typename TImage>
void
FrameInterpolationImageFilter<TImage>::GenerateData()
{
  const ImageType * input = this->GetInput();
  ImageType *       output = this->GetOutput();
  output->SetBufferedRegion(output->GetLargestPossibleRegion());
  output->Allocate();

  const SizeType      inSize = input->GetLargestPossibleRegion().GetSize();
  const SizeType      outSize = output->GetLargestPossibleRegion().GetSize();
  const SizeValueType row = inSize[0];
  const SizeValueType rowsPerSlice = inSize[1];
  const SizeValueType n = inSize[2];
  const SizeValueType t = outSize[2];
  SizeValueType       outer = 1;
  for (unsigned int d = 3; d < ImageDimension; ++d)
  {
    outer *= inSize[d];
  }
  const PixelType *   in = input->GetBufferPointer();
  PixelType *         out = output->GetBufferPointer();
  const SizeValueType sliceLength = row * rowsPerSlice;

  // Output rows, numbered (outer, output slice, y).
  MultiThreaderBase * multiThreader = this->GetMultiThreader();
  multiThreader->SetNumberOfWorkUnits(this->GetNumberOfWorkUnits());
  multiThreader->ParallelizeArray(
    0,
    outer * t * rowsPerSlice,
    [&](SizeValueType r) {
      const SizeValueType y = r % rowsPerSlice;
      const SizeValueType i = (r / rowsPerSlice) % t;
      const SizeValueType o = r / (rowsPerSlice * t);
      PixelType *         dst = out + (o * t + i) * sliceLength + y * row;
      if (n == 1 || t == 1)
      {
        const PixelType * src = in + (o * n) * sliceLength + y * row;
        std::copy(src, src + row, dst);
        return;
      }
      // interpolate_single_frame, in f32 as the peer.
      const float         tt = static_cast<float>(i) / static_cast<float>(t - 1);
      const float         f = tt * static_cast<float>(n - 1);
      const float         lowF = std::floor(f);
      const SizeValueType low = static_cast<SizeValueType>(lowF);
      const SizeValueType high = static_cast<SizeValueType>(std::ceil(f));
      const float         alpha = f - lowF;
      const PixelType *   a = in + (o * n + low) * sliceLength + y * row;
      const PixelType *   b = in + (o * n + high) * sliceLength + y * row;
      for (SizeValueType x = 0; x < row; ++x)
      {
        dst[x] = InterpolateSample(a[x], b[x], alpha);
      }
    },
    nullptr);
}

template <typename TImage>
void
FrameInterpolationImageFilter<TImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "TargetFrames: " << m_TargetFrames << std::endl;
}
} // end namespace itk

#endif
