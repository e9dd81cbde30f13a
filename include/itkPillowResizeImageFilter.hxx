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
#ifndef itkPillowResizeImageFilter_hxx
#define itkPillowResizeImageFilter_hxx

#include "itkPillowResizeImageFilter.h"
#include "itkImageScanlineIterator.h"
#include "itkMath.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace itk
{
template <typename TInputImage, typename TOutputImage>
PillowResizeImageFilter<TInputImage, TOutputImage>::PillowResizeImageFilter()
{
  m_TargetSize.Fill(1);
  m_Scale.Fill(1.0);
}

template <typename TInputImage, typename TOutputImage>
auto
PillowResizeImageFilter<TInputImage, TOutputImage>::ComputeOutputSize(SizeValueType          width,
                                                                SizeValueType          height,
                                                                const TargetSizeType & target,
                                                                bool keepAspectRatio) -> TargetSizeType
{
  TargetSizeType out = target;
  if (keepAspectRatio && width > 0 && height > 0)
  {
    const double s = std::min(static_cast<double>(target[0]) / static_cast<double>(width),
                              static_cast<double>(target[1]) / static_cast<double>(height));
    out[0] = static_cast<SizeValueType>(std::max(1.0, std::round(static_cast<double>(width) * s)));
    out[1] = static_cast<SizeValueType>(std::max(1.0, std::round(static_cast<double>(height) * s)));
  }
  return out;
}

template <typename TInputImage, typename TOutputImage>
double
PillowResizeImageFilter<TInputImage, TOutputImage>::KernelSupport(KernelEnum kernel)
{
  switch (kernel)
  {
    case KernelEnum::Nearest:
      return 0.5;
    case KernelEnum::Triangle:
      return 1.0;
    case KernelEnum::CatmullRom:
      return 2.0;
    case KernelEnum::Gaussian:
    case KernelEnum::Lanczos3:
      return 3.0;
    case KernelEnum::MaxPool: // not a convolution kernel (rejected by GenerateOutputInformation())
      return 0.5;
  }
  return 1.0;
}

template <typename TInputImage, typename TOutputImage>
double
PillowResizeImageFilter<TInputImage, TOutputImage>::EvaluateKernel(KernelEnum kernel, double x)
{
  switch (kernel)
  {
    case KernelEnum::Nearest: // Pillow's box_filter
      return (x > -0.5 && x <= 0.5) ? 1.0 : 0.0;
    case KernelEnum::Triangle: // Pillow's bilinear_filter
    {
      x = std::abs(x);
      return x < 1.0 ? 1.0 - x : 0.0;
    }
    case KernelEnum::CatmullRom: // Pillow's bicubic_filter, a = -0.5
    {
      constexpr double a = -0.5;
      x = std::abs(x);
      if (x < 1.0)
      {
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
      }
      if (x < 2.0)
      {
        return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
      }
      return 0.0;
    }
    case KernelEnum::Gaussian: // image crate: gaussian(x, 0.5) up to a constant factor
      return std::exp(-2.0 * x * x);
    case KernelEnum::Lanczos3: // Pillow's lanczos_filter
    {
      if (-3.0 <= x && x < 3.0)
      {
        auto sinc = [](double v) {
          if (v == 0.0)
          {
            return 1.0;
          }
          v *= itk::Math::pi;
          return std::sin(v) / v;
        };
        return sinc(x) * sinc(x / 3.0);
      }
      return 0.0;
    }
    case KernelEnum::MaxPool: // not a convolution kernel (rejected by GenerateOutputInformation())
      return 0.0;
  }
  return 0.0;
}

template <typename TInputImage, typename TOutputImage>
void
PillowResizeImageFilter<TInputImage, TOutputImage>::ComputeAxisCoefficients(SizeValueType      inSize,
                                                                      SizeValueType      outSize,
                                                                      KernelEnum         kernel,
                                                                      AxisCoefficients & coeffs)
{
  coeffs.First.assign(outSize, 0);
  coeffs.Count.assign(outSize, 0);
  if (inSize == outSize)
  {
    // Pillow skips the pass: identity.
    coeffs.KernelSize = 1;
    coeffs.Weights.assign(outSize, 1.0);
    for (SizeValueType i = 0; i < outSize; ++i)
    {
      coeffs.First[i] = i;
      coeffs.Count[i] = 1;
    }
    return;
  }
  const double scale = static_cast<double>(inSize) / static_cast<double>(outSize);
  const double filterscale = std::max(scale, 1.0);
  const double support = KernelSupport(kernel) * filterscale;
  const auto   ksize = static_cast<SizeValueType>(std::ceil(support)) * 2 + 1;
  coeffs.KernelSize = ksize;
  coeffs.Weights.assign(outSize * ksize, 0.0);
  const double ss = 1.0 / filterscale;
  for (SizeValueType xx = 0; xx < outSize; ++xx)
  {
    const double center = (static_cast<double>(xx) + 0.5) * scale;
    // C truncation toward zero, as Pillow's "(int)" casts.
    long xmin = static_cast<long>(center - support + 0.5);
    xmin = std::max(xmin, 0L);
    long xmax = static_cast<long>(center + support + 0.5);
    xmax = std::min(xmax, static_cast<long>(inSize));
    const long n = std::max(xmax - xmin, 0L);
    double *   k = &coeffs.Weights[xx * ksize];
    double     ww = 0.0;
    for (long x = 0; x < n; ++x)
    {
      const double w = EvaluateKernel(kernel, (static_cast<double>(x + xmin) - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    if (ww != 0.0)
    {
      for (long x = 0; x < n; ++x)
      {
        k[x] /= ww;
      }
    }
    coeffs.First[xx] = static_cast<SizeValueType>(xmin);
    coeffs.Count[xx] = static_cast<SizeValueType>(n);
  }
}

template <typename TInputImage, typename TOutputImage>
std::vector<SizeValueType>
PillowResizeImageFilter<TInputImage, TOutputImage>::ComputeNearestIndices(SizeValueType inSize, SizeValueType outSize)
{
  std::vector<SizeValueType> indices(outSize, 0);
  const double               a = static_cast<double>(inSize) / static_cast<double>(outSize);
  double                     xo = a * 0.5;
  for (SizeValueType x = 0; x < outSize; ++x)
  {
    const auto xin = static_cast<long>(xo); // xo >= 0
    indices[x] = static_cast<SizeValueType>(std::min(std::max(xin, 0L), static_cast<long>(inSize) - 1));
    xo += a;
  }
  return indices;
}

template <typename TInputImage, typename TOutputImage>
double
PillowResizeImageFilter<TInputImage, TOutputImage>::ToOutputRange(double value)
{
  if (std::is_integral<OutputPixelType>::value)
  {
    value = std::floor(value + 0.5);
    const auto lowest = static_cast<double>(std::numeric_limits<OutputPixelType>::lowest());
    const auto highest = static_cast<double>(std::numeric_limits<OutputPixelType>::max());
    value = std::min(std::max(value, lowest), highest);
  }
  return value;
}

template <typename TInputImage, typename TOutputImage>
void
PillowResizeImageFilter<TInputImage, TOutputImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  const InputImageType * input = this->GetInput();
  if (!input)
  {
    return;
  }
  if (m_TargetSize[0] == 0 || m_TargetSize[1] == 0)
  {
    itkExceptionMacro("TargetSize must be positive, got " << m_TargetSize);
  }
  if (m_Kernel == KernelEnum::MaxPool)
  {
    itkExceptionMacro("the MaxPool kernel is not one of Pillow's: use ImageCrateResizeImageFilter");
  }
  const typename InputImageType::RegionType largest = input->GetLargestPossibleRegion();
  const SizeValueType                       w = largest.GetSize(0);
  const SizeValueType                       h = largest.GetSize(1);
  if (w == 0 || h == 0)
  {
    itkExceptionMacro("The input is empty in x or y: " << largest.GetSize());
  }
  const TargetSizeType outSize2D = ComputeOutputSize(w, h, m_TargetSize, m_KeepAspectRatio);
  m_Scale[0] = static_cast<double>(outSize2D[0]) / static_cast<double>(w);
  m_Scale[1] = static_cast<double>(outSize2D[1]) / static_cast<double>(h);

  OutputImageType * output = this->GetOutput();
  SizeType          outSize;
  IndexType         outStart;
  outStart.Fill(0);
  typename OutputImageType::SpacingType   spacing = input->GetSpacing();
  ContinuousIndex<double, ImageDimension> originIndex;
  for (unsigned int d = 0; d < ImageDimension; ++d)
  {
    outSize[d] = largest.GetSize(d);
    originIndex[d] = static_cast<double>(largest.GetIndex(d));
  }
  for (unsigned int d = 0; d < 2; ++d)
  {
    const double scaleInv = static_cast<double>(largest.GetSize(d)) / static_cast<double>(outSize2D[d]);
    outSize[d] = outSize2D[d];
    spacing[d] *= scaleInv;
    originIndex[d] += 0.5 * scaleInv - 0.5;
  }
  typename OutputImageType::PointType origin;
  input->TransformContinuousIndexToPhysicalPoint(originIndex, origin);
  output->SetLargestPossibleRegion(RegionType(outStart, outSize));
  output->SetSpacing(spacing);
  output->SetOrigin(origin);
  output->SetDirection(input->GetDirection());
}

template <typename TInputImage, typename TOutputImage>
void
PillowResizeImageFilter<TInputImage, TOutputImage>::BeforeThreadedGenerateData()
{
  const InputImageType *                    input = this->GetInput();
  const typename InputImageType::RegionType largest = input->GetLargestPossibleRegion();
  if (input->GetBufferedRegion() != largest)
  {
    itkExceptionMacro("The input's buffered region " << input->GetBufferedRegion()
                                                     << " is not its largest possible region " << largest);
  }
  const OutputImageType * output = this->GetOutput();
  const SizeValueType     inW = largest.GetSize(0);
  const SizeValueType     inH = largest.GetSize(1);
  const SizeValueType     outW = output->GetLargestPossibleRegion().GetSize(0);
  const SizeValueType     outH = output->GetLargestPossibleRegion().GetSize(1);
  SizeValueType           slices = 1;
  for (unsigned int d = 2; d < ImageDimension; ++d)
  {
    slices *= largest.GetSize(d);
  }

  if (m_Kernel == KernelEnum::Nearest)
  {
    m_NearestX = ComputeNearestIndices(inW, outW);
    m_NearestY = ComputeNearestIndices(inH, outH);
    return;
  }

  ComputeAxisCoefficients(inW, outW, m_Kernel, m_CoefficientsX);
  ComputeAxisCoefficients(inH, outH, m_Kernel, m_CoefficientsY);

  // Horizontal pass: every input row (of every slice) into the out_w x in_h x slices intermediate.
  m_Intermediate.assign(outW * inH * slices, 0.0);
  const InputPixelType *   buffer = input->GetBufferPointer();
  double *                 intermediate = m_Intermediate.data();
  const AxisCoefficients & cx = m_CoefficientsX;
  MultiThreaderBase *      multiThreader = this->GetMultiThreader();
  multiThreader->SetNumberOfWorkUnits(this->GetNumberOfWorkUnits());
  multiThreader->ParallelizeArray(
    0,
    inH * slices,
    [&](SizeValueType row) {
      const InputPixelType * in = buffer + row * inW;
      double *               out = intermediate + row * outW;
      for (SizeValueType x = 0; x < outW; ++x)
      {
        const double *         w = &cx.Weights[x * cx.KernelSize];
        const InputPixelType * src = in + cx.First[x];
        double                 sum = 0.0;
        for (SizeValueType k = 0; k < cx.Count[x]; ++k)
        {
          sum += w[k] * static_cast<double>(src[k]);
        }
        out[x] = ToOutputRange(sum);
      }
    },
    nullptr);
}

template <typename TInputImage, typename TOutputImage>
void
PillowResizeImageFilter<TInputImage, TOutputImage>::DynamicThreadedGenerateData(
  const OutputImageRegionType & outputRegionForThread)
{
  const InputImageType * input = this->GetInput();
  OutputImageType *      output = this->GetOutput();
  const SizeType         inSize = input->GetLargestPossibleRegion().GetSize();
  const SizeValueType    inW = inSize[0];
  const SizeValueType    inH = inSize[1];
  const SizeValueType    outW = output->GetLargestPossibleRegion().GetSize(0);
  const InputPixelType * buffer = input->GetBufferPointer();
  const IndexType        outStart = output->GetLargestPossibleRegion().GetIndex();

  ImageScanlineIterator<OutputImageType> it(output, outputRegionForThread);
  while (!it.IsAtEnd())
  {
    const IndexType     index = it.GetIndex();
    const SizeValueType y = static_cast<SizeValueType>(index[1] - outStart[1]);
    SizeValueType       slice = 0;
    SizeValueType       stride = 1;
    for (unsigned int d = 2; d < ImageDimension; ++d)
    {
      slice += static_cast<SizeValueType>(index[d] - outStart[d]) * stride;
      stride *= inSize[d];
    }
    auto x = static_cast<SizeValueType>(index[0] - outStart[0]);
    if (m_Kernel == KernelEnum::Nearest)
    {
      const InputPixelType * row = buffer + (slice * inH + m_NearestY[y]) * inW;
      for (; !it.IsAtEndOfLine(); ++it, ++x)
      {
        it.Set(static_cast<OutputPixelType>(row[m_NearestX[x]]));
      }
    }
    else
    {
      const AxisCoefficients & cy = m_CoefficientsY;
      const double *           w = &cy.Weights[y * cy.KernelSize];
      const double *           column0 = m_Intermediate.data() + (slice * inH + cy.First[y]) * outW;
      const SizeValueType      count = cy.Count[y];
      for (; !it.IsAtEndOfLine(); ++it, ++x)
      {
        double sum = 0.0;
        for (SizeValueType k = 0; k < count; ++k)
        {
          sum += w[k] * column0[k * outW + x];
        }
        it.Set(static_cast<OutputPixelType>(ToOutputRange(sum)));
      }
    }
    it.NextLine();
  }
}

template <typename TInputImage, typename TOutputImage>
void
PillowResizeImageFilter<TInputImage, TOutputImage>::AfterThreadedGenerateData()
{
  m_Intermediate = std::vector<double>();
  m_NearestX.clear();
  m_NearestY.clear();
}

template <typename TInputImage, typename TOutputImage>
void
PillowResizeImageFilter<TInputImage, TOutputImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "TargetSize: " << m_TargetSize << std::endl;
  os << indent << "KeepAspectRatio: " << m_KeepAspectRatio << std::endl;
  os << indent << "Kernel: " << m_Kernel << std::endl;
  os << indent << "Scale: " << m_Scale << std::endl;
}
} // end namespace itk

#endif
