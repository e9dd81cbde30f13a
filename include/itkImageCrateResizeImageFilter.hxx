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
#ifndef itkImageCrateResizeImageFilter_hxx
#define itkImageCrateResizeImageFilter_hxx

#include "itkImageCrateResizeImageFilter.h"
#include "itkImageAlgorithm.h"
#include "itkMath.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

namespace itk
{
template <typename TInputImage, typename TOutputImage>
ImageCrateResizeImageFilter<TInputImage, TOutputImage>::ImageCrateResizeImageFilter()
{
  m_OutputSize.Fill(1);
  m_Scale.Fill(1.0);
}

template <typename TInputImage, typename TOutputImage>
auto
ImageCrateResizeImageFilter<TInputImage, TOutputImage>::ComputeSizeForTarget(SizeValueType      width,
                                                                             SizeValueType      height,
                                                                             const Size2DType & target,
                                                                             float &            scale) -> Size2DType
{
  // resize.rs:Resize::new, then Resize::apply: f32 throughout, f32::round (half away from zero).
  scale = std::min(static_cast<float>(target[0]) / static_cast<float>(width),
                   static_cast<float>(target[1]) / static_cast<float>(height));
  Size2DType out;
  out[0] = static_cast<SizeValueType>(std::max(1.0f, std::round(static_cast<float>(width) * scale)));
  out[1] = static_cast<SizeValueType>(std::max(1.0f, std::round(static_cast<float>(height) * scale)));
  return out;
}

template <typename TInputImage, typename TOutputImage>
auto
ImageCrateResizeImageFilter<TInputImage, TOutputImage>::ComputeSizeForSpacing(SizeValueType width,
                                                                              SizeValueType height,
                                                                              const double  inputSpacing[2],
                                                                              const double  target[2]) -> Size2DType
{
  // preprocess.rs:get_resize: (w as f32 * spacing_x / x).round(), then Resize::new_exact and
  // Resize::apply round(w * (W / w)) again, in f32.
  const SizeValueType in[2] = { width, height };
  Size2DType          out;
  for (unsigned int d = 0; d < 2; ++d)
  {
    const float n =
      std::round(static_cast<float>(in[d]) * static_cast<float>(inputSpacing[d]) / static_cast<float>(target[d]));
    const float s = std::max(1.0f, n) / static_cast<float>(in[d]);
    out[d] = static_cast<SizeValueType>(std::max(1.0f, std::round(static_cast<float>(in[d]) * s)));
  }
  return out;
}

template <typename TInputImage, typename TOutputImage>
float
ImageCrateResizeImageFilter<TInputImage, TOutputImage>::KernelSupport(KernelEnum kernel)
{
  switch (kernel)
  {
    case KernelEnum::Nearest:
    case KernelEnum::MaxPool:
      return 0.0f;
    case KernelEnum::Triangle:
      return 1.0f;
    case KernelEnum::CatmullRom:
      return 2.0f;
    case KernelEnum::Gaussian:
    case KernelEnum::Lanczos3:
      return 3.0f;
  }
  return 1.0f;
}

template <typename TInputImage, typename TOutputImage>
float
ImageCrateResizeImageFilter<TInputImage, TOutputImage>::EvaluateKernel(KernelEnum kernel, float x)
{
  // image/imageops/sample.rs, in its operation order (f32; powi(n) as products).
  constexpr float pi = 3.14159265358979323846f; // f32::consts::PI
  switch (kernel)
  {
    case KernelEnum::Nearest: // box_kernel
    case KernelEnum::MaxPool:
      return 1.0f;
    case KernelEnum::Triangle: // triangle_kernel
      return std::abs(x) < 1.0f ? 1.0f - std::abs(x) : 0.0f;
    case KernelEnum::CatmullRom: // bc_cubic_spline(x, 0, 0.5)
    {
      constexpr float b = 0.0f;
      constexpr float c = 0.5f;
      const float     a = std::abs(x);
      const float     a2 = a * a;
      const float     a3 = a2 * a;
      float           k = 0.0f;
      if (a < 1.0f)
      {
        k = (12.0f - 9.0f * b - 6.0f * c) * a3 + (-18.0f + 12.0f * b + 6.0f * c) * a2 + (6.0f - 2.0f * b);
      }
      else if (a < 2.0f)
      {
        k = (-b - 6.0f * c) * a3 + (6.0f * b + 30.0f * c) * a2 + (-12.0f * b - 48.0f * c) * a + (8.0f * b + 24.0f * c);
      }
      return k / 6.0f;
    }
    case KernelEnum::Gaussian: // gaussian(x, 0.5)
    {
      constexpr float r = 0.5f;
      const float     norm = 1.0f / (std::sqrt(2.0f * pi) * r);
      return norm * std::exp(-(x * x) / (2.0f * (r * r)));
    }
    case KernelEnum::Lanczos3: // lanczos(x, 3)
    {
      auto sinc = [pi](float t) {
        const float a = t * pi;
        return t == 0.0f ? 1.0f : std::sin(a) / a;
      };
      return std::abs(x) < 3.0f ? sinc(x) * sinc(x / 3.0f) : 0.0f;
    }
  }
  return 0.0f;
}

template <typename TInputImage, typename TOutputImage>
void
ImageCrateResizeImageFilter<TInputImage, TOutputImage>::ComputeAxisWeights(SizeValueType inSize,
                                                                           SizeValueType outSize,
                                                                           KernelEnum    kernel,
                                                                           AxisWeights & weights)
{
  // sample.rs:vertical_sample / horizontal_sample, the loop head.
  weights.First.assign(outSize, 0);
  weights.Count.assign(outSize, 0);
  weights.Offset.assign(outSize, 0);
  weights.Weights.clear();
  const float ratio = static_cast<float>(inSize) / static_cast<float>(outSize);
  const float sratio = ratio < 1.0f ? 1.0f : ratio;
  const float srcSupport = KernelSupport(kernel) * sratio;
  const auto  inSizeI = static_cast<int64_t>(inSize);
  for (SizeValueType o = 0; o < outSize; ++o)
  {
    const float input = (static_cast<float>(o) + 0.5f) * ratio;
    int64_t     left = static_cast<int64_t>(std::floor(input - srcSupport));
    left = std::min(std::max<int64_t>(left, 0), inSizeI - 1);
    int64_t right = static_cast<int64_t>(std::ceil(input + srcSupport));
    right = std::min(std::max<int64_t>(right, left + 1), inSizeI);
    const float centre = input - 0.5f;
    weights.First[o] = static_cast<SizeValueType>(left);
    weights.Count[o] = static_cast<SizeValueType>(right - left);
    weights.Offset[o] = weights.Weights.size();
    float sum = 0.0f;
    for (int64_t i = left; i < right; ++i)
    {
      const float w = EvaluateKernel(kernel, (static_cast<float>(i) - centre) / sratio);
      weights.Weights.push_back(w);
      sum += w;
    }
    for (SizeValueType k = 0; k < weights.Count[o]; ++k)
    {
      weights.Weights[weights.Offset[o] + k] /= sum;
    }
  }
}

template <typename TInputImage, typename TOutputImage>
void
ImageCrateResizeImageFilter<TInputImage, TOutputImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  const InputImageType * input = this->GetInput();
  if (!input)
  {
    return;
  }
  if (m_OutputSize[0] == 0 || m_OutputSize[1] == 0)
  {
    itkExceptionMacro("OutputSize must be positive, got " << m_OutputSize);
  }
  const typename InputImageType::RegionType largest = input->GetLargestPossibleRegion();
  if (largest.GetSize(0) == 0 || largest.GetSize(1) == 0)
  {
    itkExceptionMacro("The input is empty in x or y: " << largest.GetSize());
  }
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
    const double scaleInv = static_cast<double>(largest.GetSize(d)) / static_cast<double>(m_OutputSize[d]);
    m_Scale[d] = 1.0 / scaleInv;
    outSize[d] = m_OutputSize[d];
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

namespace ImageCrateResizeDetail
{
/** The image crate's final conversion: clamp to the type's range, round half away from zero
 * (FloatNearest); floating point types unchanged. */
template <typename TPixel>
inline TPixel
ToPixel(float value)
{
  if constexpr (std::is_floating_point<TPixel>::value)
  {
    return static_cast<TPixel>(value);
  }
  else if constexpr (sizeof(TPixel) <= 2)
  {
    // The same result in float arithmetic, without the call to std::round (a loop of it still
    // does not vectorize: its float comparisons, see ToPixelNearInteger()): the type's limits are
    // exact in a float, so clamping in float equals clamping in double; for |v| < 2^16 the
    // truncation r and v - r are exact, and half away from zero adds one step when |v - r| >= 0.5.
    const float   v = std::min(std::max(value, static_cast<float>(NumericTraits<TPixel>::min())),
                             static_cast<float>(NumericTraits<TPixel>::max()));
    const int32_t r = static_cast<int32_t>(v);
    const float   fraction = v - static_cast<float>(r);
    return static_cast<TPixel>(r + (fraction >= 0.5f ? 1 : 0) - (fraction <= -0.5f ? 1 : 0));
  }
  else
  {
    const double v = std::min(std::max(static_cast<double>(value), static_cast<double>(NumericTraits<TPixel>::min())),
                              static_cast<double>(NumericTraits<TPixel>::max()));
    return static_cast<TPixel>(std::round(v));
  }
}

/** ToPixel() for a value known to lie in (-2^30, 2^30) and an integral TPixel of up to 16 bits,
 * in integer arithmetic and without comparing floats (a loop of it vectorizes; GCC keeps float
 * comparisons out of vector code under -ftrapping-math). r = trunc(v) is exact; for |v| < 2^24,
 * v - r is exact and trunc(2 (v - r)) is +1 or -1 exactly when rounding half away from zero steps
 * away from r, else 0; for larger |v| the float is an integer and the step is 0. Clamping to the
 * type's (integer) limits after rounding equals rounding after clamping. */
template <typename TPixel>
inline TPixel
ToPixelNearInteger(float value)
{
  static_assert(std::is_integral<TPixel>::value && sizeof(TPixel) <= 2, "an integral type of up to 16 bits");
  int32_t r = static_cast<int32_t>(value);
  r += static_cast<int32_t>(2.0f * (value - static_cast<float>(r)));
  r = std::min(std::max(r, static_cast<int32_t>(NumericTraits<TPixel>::min())),
               static_cast<int32_t>(NumericTraits<TPixel>::max()));
  return static_cast<TPixel>(r);
}

/** The largest sum of |weight| over the outputs of one axis. */
inline float
MaxAbsoluteWeightSum(const std::vector<SizeValueType> & count,
                     const std::vector<SizeValueType> & offset,
                     const std::vector<float> &         weights)
{
  float largest = 0.0f;
  for (SizeValueType o = 0; o < count.size(); ++o)
  {
    float sum = 0.0f;
    for (SizeValueType k = 0; k < count[o]; ++k)
    {
      sum += std::abs(weights[offset[o] + k]);
    }
    largest = std::max(largest, sum);
  }
  return largest;
}
} // namespace ImageCrateResizeDetail

template <typename TInputImage, typename TOutputImage>
void
ImageCrateResizeImageFilter<TInputImage, TOutputImage>::GenerateData()
{
  this->AllocateOutputs();
  const InputImageType * input = this->GetInput();
  OutputImageType *      output = this->GetOutput();
  const auto             largest = input->GetLargestPossibleRegion();
  if (input->GetBufferedRegion() != largest)
  {
    itkExceptionMacro("the input's buffered region must be its largest possible region");
  }
  const SizeValueType inW = largest.GetSize(0);
  const SizeValueType inH = largest.GetSize(1);
  const SizeValueType outW = m_OutputSize[0];
  const SizeValueType outH = m_OutputSize[1];
  SizeValueType       slices = 1;
  for (unsigned int d = 2; d < ImageDimension; ++d)
  {
    slices *= largest.GetSize(d);
  }
  const InputPixelType * in = input->GetBufferPointer();
  OutputPixelType *      out = output->GetBufferPointer();

  if (m_Kernel == KernelEnum::MaxPool)
  {
    // resize.rs: max-pool has no same-size shortcut; 16-bit values still go through 8 bits.
    this->GenerateMaxPool();
    return;
  }
  if (inW == outW && inH == outH)
  {
    // sample.rs:resize: same dimensions, a copy.
    for (SizeValueType i = 0, n = inW * inH * slices; i < n; ++i)
    {
      out[i] = static_cast<OutputPixelType>(in[i]);
    }
    return;
  }
  this->GenerateConvolution();
}

template <typename TInputImage, typename TOutputImage>
void
ImageCrateResizeImageFilter<TInputImage, TOutputImage>::GenerateConvolution()
{
  const InputImageType * input = this->GetInput();
  OutputImageType *      output = this->GetOutput();
  const auto             largest = input->GetLargestPossibleRegion();
  const SizeValueType    inW = largest.GetSize(0);
  const SizeValueType    inH = largest.GetSize(1);
  const SizeValueType    outW = m_OutputSize[0];
  const SizeValueType    outH = m_OutputSize[1];
  SizeValueType          slices = 1;
  for (unsigned int d = 2; d < ImageDimension; ++d)
  {
    slices *= largest.GetSize(d);
  }
  const InputPixelType * in = input->GetBufferPointer();
  OutputPixelType *      out = output->GetBufferPointer();

  AxisWeights wy;
  AxisWeights wx;
  ComputeAxisWeights(inH, outH, m_Kernel, wy);
  ComputeAxisWeights(inW, outW, m_Kernel, wx);

  // Vertical pass first (sample.rs:vertical_sample): inW x outH x slices floats, not rounded.
  std::vector<float>  intermediate(inW * outH * slices);
  MultiThreaderBase * multiThreader = this->GetMultiThreader();
  multiThreader->SetNumberOfWorkUnits(this->GetNumberOfWorkUnits());
  multiThreader->ParallelizeArray(
    0,
    outH * slices,
    [&](SizeValueType row) {
      const SizeValueType    z = row / outH;
      const SizeValueType    oy = row % outH;
      const InputPixelType * src = in + (z * inH + wy.First[oy]) * inW;
      const float *          w = &wy.Weights[wy.Offset[oy]];
      float *                t = intermediate.data() + row * inW;
      std::fill(t, t + inW, 0.0f);
      // Per x, the terms are added in the crate's order (k = 0, 1, ...).
      for (SizeValueType k = 0; k < wy.Count[oy]; ++k)
      {
        const InputPixelType * line = src + k * inW;
        const float            wk = w[k];
        for (SizeValueType x = 0; x < inW; ++x)
        {
          const float product = static_cast<float>(line[x]) * wk;
          t[x] += product;
        }
      }
    },
    nullptr);

  // Then horizontal (sample.rs:horizontal_sample), clamped and rounded once. Rows go in blocks of
  // eight, transposed so that one output column of all eight is summed at once (a vector per
  // term); each row's terms are still added one by one in the crate's order (k = 0, 1, ...), so
  // the sums are those of a row at a time.
  constexpr SizeValueType block = 8;
  const SizeValueType     rows = outH * slices;
  // Integral input and output of up to 16 bits: every sum is bounded by 65536 times the largest
  // sums of |weight| of the two passes (float rounding adds far less than the factor 2 of margin);
  // below 2^30 the vectorizable integer rounding (ToPixelNearInteger) applies.
  constexpr bool integerTypes = std::is_integral<InputPixelType>::value && sizeof(InputPixelType) <= 2 &&
                                std::is_integral<OutputPixelType>::value && sizeof(OutputPixelType) <= 2;
  [[maybe_unused]] bool sumsNearInteger = false;
  if constexpr (integerTypes)
  {
    const double bound = 2.0 * 65536.0 *
                         double(ImageCrateResizeDetail::MaxAbsoluteWeightSum(wy.Count, wy.Offset, wy.Weights)) *
                         double(ImageCrateResizeDetail::MaxAbsoluteWeightSum(wx.Count, wx.Offset, wx.Weights));
    sumsNearInteger = bound < 1073741824.0;
  }
  auto horizontalRow = [&](SizeValueType row) {
    const float *     t = intermediate.data() + row * inW;
    OutputPixelType * dst = out + row * outW;
    for (SizeValueType ox = 0; ox < outW; ++ox)
    {
      const float * w = &wx.Weights[wx.Offset[ox]];
      const float * s = t + wx.First[ox];
      float         sum = 0.0f;
      for (SizeValueType k = 0; k < wx.Count[ox]; ++k)
      {
        const float product = s[k] * w[k];
        sum += product;
      }
      dst[ox] = ImageCrateResizeDetail::ToPixel<OutputPixelType>(sum);
    }
  };
  multiThreader->ParallelizeArray(
    0,
    (rows + block - 1) / block,
    [&](SizeValueType b) {
      const SizeValueType first = b * block;
      if (first + block > rows)
      {
        for (SizeValueType row = first; row < rows; ++row)
        {
          horizontalRow(row);
        }
        return;
      }
      std::vector<float> transposed(inW * block); // transposed[x * block + j]: row first + j
      for (SizeValueType j = 0; j < block; ++j)
      {
        const float * t = intermediate.data() + (first + j) * inW;
        for (SizeValueType x = 0; x < inW; ++x)
        {
          transposed[x * block + j] = t[x];
        }
      }
      std::vector<float> sums(outW * block); // sums[ox * block + j]: row first + j
      for (SizeValueType ox = 0; ox < outW; ++ox)
      {
        const float * w = &wx.Weights[wx.Offset[ox]];
        const float * s = transposed.data() + wx.First[ox] * block;
        float         sum[block] = {};
        for (SizeValueType k = 0; k < wx.Count[ox]; ++k)
        {
          const float wk = w[k];
          for (SizeValueType j = 0; j < block; ++j)
          {
            const float product = s[k * block + j] * wk;
            sum[j] += product;
          }
        }
        std::copy(sum, sum + block, sums.data() + ox * block);
      }
      // Rounded in one contiguous pass, then written back row by row.
      std::vector<OutputPixelType> rounded(outW * block);
      if constexpr (integerTypes)
      {
        if (sumsNearInteger)
        {
          for (SizeValueType i = 0; i < outW * block; ++i)
          {
            rounded[i] = ImageCrateResizeDetail::ToPixelNearInteger<OutputPixelType>(sums[i]);
          }
        }
        else
        {
          for (SizeValueType i = 0; i < outW * block; ++i)
          {
            rounded[i] = ImageCrateResizeDetail::ToPixel<OutputPixelType>(sums[i]);
          }
        }
      }
      else
      {
        for (SizeValueType i = 0; i < outW * block; ++i)
        {
          rounded[i] = ImageCrateResizeDetail::ToPixel<OutputPixelType>(sums[i]);
        }
      }
      OutputPixelType * dst = out + first * outW;
      for (SizeValueType j = 0; j < block; ++j)
      {
        for (SizeValueType ox = 0; ox < outW; ++ox)
        {
          dst[j * outW + ox] = rounded[ox * block + j];
        }
      }
    },
    nullptr);
}

template <typename TInputImage, typename TOutputImage>
void
ImageCrateResizeImageFilter<TInputImage, TOutputImage>::GenerateMaxPool()
{
  const InputImageType * input = this->GetInput();
  OutputImageType *      output = this->GetOutput();
  const auto             largest = input->GetLargestPossibleRegion();
  const SizeValueType    inW = largest.GetSize(0);
  const SizeValueType    inH = largest.GetSize(1);
  const SizeValueType    outW = m_OutputSize[0];
  const SizeValueType    outH = m_OutputSize[1];
  SizeValueType          slices = 1;
  for (unsigned int d = 2; d < ImageDimension; ++d)
  {
    slices *= largest.GetSize(d);
  }
  const InputPixelType * in = input->GetBufferPointer();
  OutputPixelType *      out = output->GetBufferPointer();
  // The peer goes through Rgba<u8>: 16-bit unsigned values are quantised to 8 bits and back.
  constexpr bool quantise =
    std::is_integral<InputPixelType>::value && std::is_unsigned<InputPixelType>::value && sizeof(InputPixelType) == 2;
  auto value = [&](SizeValueType index) -> double {
    const InputPixelType v = in[index];
    return quantise ? static_cast<double>((static_cast<uint32_t>(v) + 128u) / 257u) : static_cast<double>(v);
  };

  MultiThreaderBase * multiThreader = this->GetMultiThreader();
  multiThreader->SetNumberOfWorkUnits(this->GetNumberOfWorkUnits());
  multiThreader->ParallelizeArray(
    0,
    outH * slices,
    [&](SizeValueType row) {
      const SizeValueType z = row / outH;
      const SizeValueType y = row % outH;
      const SizeValueType startY = std::min(y * inH / outH, inH - 1);
      const SizeValueType endY = std::min((y + 1) * inH / outH, inH);
      const SizeValueType base = z * inH * inW;
      for (SizeValueType x = 0; x < outW; ++x)
      {
        const SizeValueType startX = std::min(x * inW / outW, inW - 1);
        const SizeValueType endX = std::min((x + 1) * inW / outW, inW);
        double              m = value(base + startY * inW + startX);
        for (SizeValueType ky = startY; ky < endY; ++ky)
        {
          for (SizeValueType kx = startX; kx < endX; ++kx)
          {
            m = std::max(m, value(base + ky * inW + kx));
          }
        }
        out[row * outW + x] = static_cast<OutputPixelType>(quantise ? m * 257.0 : m);
      }
    },
    nullptr);
}

template <typename TInputImage, typename TOutputImage>
void
ImageCrateResizeImageFilter<TInputImage, TOutputImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "OutputSize: " << m_OutputSize << std::endl;
  os << indent << "Kernel: " << m_Kernel << std::endl;
  os << indent << "Scale: " << m_Scale << std::endl;
}
} // end namespace itk

#endif
