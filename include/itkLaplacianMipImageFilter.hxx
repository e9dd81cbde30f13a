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
#ifndef itkLaplacianMipImageFilter_hxx
#define itkLaplacianMipImageFilter_hxx

#include "itkLaplacianMipImageFilter.h"
#include "itkMultiThreaderBase.h"
#include <algorithm>
#include <cmath>
#include <limits>

namespace itk
{
namespace LaplacianMipDetail
{
using Plane = std::vector<float>;

/** gaussian_blur: [1 4 6 4 1]/16, x then y, clamped borders, sequential f32 sums. */
inline Plane
GaussianBlur(const Plane & data, size_t w, size_t h)
{
  const float kernel[5] = { 1.0f / 16.0f, 4.0f / 16.0f, 6.0f / 16.0f, 4.0f / 16.0f, 1.0f / 16.0f };
  Plane       temp(w * h);
  const auto  clampIndex = [](long v, size_t n) {
    return static_cast<size_t>(std::min<long>(std::max<long>(v, 0), long(n) - 1));
  };
  for (size_t y = 0; y < h; ++y)
  {
    for (size_t x = 0; x < w; ++x)
    {
      float sum = 0.0f;
      for (int k = 0; k < 5; ++k)
      {
        sum += data[y * w + clampIndex(long(x) + k - 2, w)] * kernel[k];
      }
      temp[y * w + x] = sum;
    }
  }
  Plane result(w * h);
  for (size_t y = 0; y < h; ++y)
  {
    for (size_t x = 0; x < w; ++x)
    {
      float sum = 0.0f;
      for (int k = 0; k < 5; ++k)
      {
        sum += temp[clampIndex(long(y) + k - 2, h) * w + x] * kernel[k];
      }
      result[y * w + x] = sum;
    }
  }
  return result;
}

/** downsample: the even pixels, size ceil(n / 2). */
inline Plane
Downsample(const Plane & data, size_t w, size_t h, size_t & nw, size_t & nh)
{
  nw = (w + 1) / 2;
  nh = (h + 1) / 2;
  Plane result(nw * nh);
  for (size_t y = 0; y < nh; ++y)
  {
    for (size_t x = 0; x < nw; ++x)
    {
      result[y * nw + x] = data[(y * 2) * w + x * 2];
    }
  }
  return result;
}

/** upsample: bilinear, align corners, in the peer's operation order. */
inline Plane
Upsample(const Plane & data, size_t w, size_t h, size_t tw, size_t th)
{
  Plane result(tw * th);
  for (size_t y = 0; y < th; ++y)
  {
    const float srcY =
      static_cast<float>(y) * static_cast<float>(h - 1) / static_cast<float>(std::max<size_t>(th - 1, 1));
    const size_t y0 = static_cast<size_t>(std::floor(srcY));
    const size_t y1 = std::min(y0 + 1, h - 1);
    const float  fy = srcY - static_cast<float>(y0);
    for (size_t x = 0; x < tw; ++x)
    {
      const float srcX =
        static_cast<float>(x) * static_cast<float>(w - 1) / static_cast<float>(std::max<size_t>(tw - 1, 1));
      const size_t x0 = static_cast<size_t>(std::floor(srcX));
      const size_t x1 = std::min(x0 + 1, w - 1);
      const float  fx = srcX - static_cast<float>(x0);
      const float  v00 = data[y0 * w + x0];
      const float  v10 = data[y0 * w + x1];
      const float  v01 = data[y1 * w + x0];
      const float  v11 = data[y1 * w + x1];
      result[y * tw + x] =
        v00 * (1.0f - fx) * (1.0f - fy) + v10 * fx * (1.0f - fy) + v01 * (1.0f - fx) * fy + v11 * fx * fy;
    }
  }
  return result;
}
} // namespace LaplacianMipDetail

template <typename TInputImage, typename TOutputImage>
void
LaplacianMipImageFilter<TInputImage, TOutputImage>::GenerateInputRequestedRegion()
{
  Superclass::GenerateInputRequestedRegion();
  if (auto * input = const_cast<InputImageType *>(this->GetInput()))
  {
    input->SetRequestedRegionToLargestPossibleRegion();
  }
}

template <typename TInputImage, typename TOutputImage>
void
LaplacianMipImageFilter<TInputImage, TOutputImage>::EnlargeOutputRequestedRegion(DataObject * output)
{
  Superclass::EnlargeOutputRequestedRegion(output);
  output->SetRequestedRegionToLargestPossibleRegion();
}

template <typename TInputImage, typename TOutputImage>
void
LaplacianMipImageFilter<TInputImage, TOutputImage>::GenerateOutputInformation()
{
  const InputImageType * input = this->GetInput();
  if (!input)
  {
    return;
  }
  const auto          largest = input->GetLargestPossibleRegion();
  const SizeValueType n = largest.GetSize(2);
  // validate_trimmed_frame_range
  const SizeValueType start = std::min(n, m_SkipStart);
  const SizeValueType end = n > m_SkipEnd ? n - m_SkipEnd : 0;
  if (start >= end || start >= n)
  {
    itkExceptionMacro("laplacian-mip: insufficient frames: "
                      << n << " frame(s), skipping " << m_SkipStart << " at the start and " << m_SkipEnd
                      << " at the end leaves none (needs more than " << m_SkipStart + m_SkipEnd << ")");
  }
  if (largest.GetSize(0) < 3 || largest.GetSize(1) < 3)
  {
    itkExceptionMacro("laplacian-mip: the frames are " << largest.GetSize(0) << " x " << largest.GetSize(1)
                                                       << " pixels; at least 3 x 3 are needed");
  }
  m_UsedSliceStart = start;
  m_UsedSliceCount = end - start;

  ContinuousIndex<double, ImageDimension> originIndex;
  for (unsigned int d = 0; d < ImageDimension; ++d)
  {
    originIndex[d] = static_cast<double>(largest.GetIndex(d));
  }
  originIndex[2] += static_cast<double>(start) + 0.5 * static_cast<double>(m_UsedSliceCount - 1);
  typename OutputImageType::PointType origin;
  input->TransformContinuousIndexToPhysicalPoint(originIndex, origin);
  typename OutputImageType::SpacingType spacing = input->GetSpacing();
  spacing[2] *= static_cast<double>(m_UsedSliceCount);
  typename OutputImageType::SizeType size;
  size[0] = largest.GetSize(0);
  size[1] = largest.GetSize(1);
  size[2] = 1;
  typename OutputImageType::IndexType zero;
  zero.Fill(0);
  OutputImageType * output = this->GetOutput();
  output->SetLargestPossibleRegion(typename OutputImageType::RegionType(zero, size));
  output->SetOrigin(origin);
  output->SetSpacing(spacing);
  output->SetDirection(input->GetDirection());
}

template <typename TInputImage, typename TOutputImage>
auto
LaplacianMipImageFilter<TInputImage, TOutputImage>::Bilateral(const Plane & data, size_t w, size_t h) const -> Plane
{
  // bilateral_filter(data, w, h, 3.0, 0.015)
  const float sigmaS = std::max(3.0f, std::numeric_limits<float>::epsilon());
  const float sigmaR = std::max(0.015f, std::numeric_limits<float>::epsilon());
  const int   radius = static_cast<int>(std::ceil(sigmaS * 2.0f));
  struct Tap
  {
    int   dx, dy;
    float weight;
  };
  std::vector<Tap> spatial;
  const float      spatialDivisor = 2.0f * sigmaS * sigmaS;
  for (int dy = -radius; dy <= radius; ++dy)
  {
    for (int dx = -radius; dx <= radius; ++dx)
    {
      const float d = static_cast<float>(dx * dx + dy * dy);
      spatial.push_back(Tap{ dx, dy, std::exp(-d / spatialDivisor) });
    }
  }
  constexpr size_t   bins = 2048;
  const float        rangeDivisor = 2.0f * sigmaR * sigmaR;
  const float        lutScale = static_cast<float>(bins - 1) / 1.0f;
  std::vector<float> lut(bins);
  for (size_t i = 0; i < bins; ++i)
  {
    const float d = static_cast<float>(i) / lutScale;
    lut[i] = std::exp(-d / rangeDivisor);
  }
  Plane               result(w * h);
  const long          wl = static_cast<long>(w);
  const long          hl = static_cast<long>(h);
  MultiThreaderBase * multiThreader = this->GetMultiThreader();
  multiThreader->SetNumberOfWorkUnits(this->GetNumberOfWorkUnits());
  multiThreader->ParallelizeArray(
    0,
    h,
    [&](SizeValueType y) {
      for (long x = 0; x < wl; ++x)
      {
        const float center = data[y * w + x];
        float       sum = 0.0f;
        float       weightSum = 0.0f;
        for (const Tap & tap : spatial)
        {
          const long   nx = std::min(std::max(x + tap.dx, 0L), wl - 1);
          const long   ny = std::min(std::max(static_cast<long>(y) + tap.dy, 0L), hl - 1);
          const float  neighbor = data[ny * wl + nx];
          const float  diff = neighbor - center;
          const float  rangeDist = std::min(diff * diff, 1.0f);
          const size_t index = static_cast<size_t>(std::round(rangeDist * lutScale));
          const float  weight = tap.weight * lut[std::min(index, bins - 1)];
          sum += neighbor * weight;
          weightSum += weight;
        }
        result[y * w + x] = weightSum > 0.0f ? sum / weightSum : center;
      }
    },
    nullptr);
  return result;
}

template <typename TInputImage, typename TOutputImage>
void
LaplacianMipImageFilter<TInputImage, TOutputImage>::GenerateData()
{
  using namespace LaplacianMipDetail;
  const InputImageType * input = this->GetInput();
  OutputImageType *      output = this->GetOutput();
  output->SetBufferedRegion(output->GetLargestPossibleRegion());
  output->Allocate();
  const auto             size = input->GetLargestPossibleRegion().GetSize();
  const size_t           w = size[0];
  const size_t           h = size[1];
  const size_t           count = w * h;
  const InputPixelType * in = input->GetBufferPointer() + m_UsedSliceStart * count;
  OutputPixelType *      out = output->GetBufferPointer();
  const size_t           m = m_UsedSliceCount;
  const auto             gray = [](InputPixelType v) {
    const unsigned int v16 = sizeof(InputPixelType) == 1 ? static_cast<unsigned int>(v) * 257u : v;
    return static_cast<float>(v16) / 65535.0f;
  };
  if (m == 1)
  {
    std::copy(in, in + count, out); // project_laplacian_mip: one frame is returned as is
    return;
  }

  // aggregate_frames: MIP, and the central image (sum / max, or the frame m / 2).
  Plane               mip(count, std::numeric_limits<float>::lowest());
  Plane               central(count, 0.0f);
  const bool          parallelBeam = m_ProjectionMode == ProjectionModeEnum::ParallelBeam;
  MultiThreaderBase * multiThreader = this->GetMultiThreader();
  multiThreader->SetNumberOfWorkUnits(this->GetNumberOfWorkUnits());
  multiThreader->ParallelizeArray(
    0,
    h,
    [&](SizeValueType y) {
      for (size_t k = 0; k < m; ++k)
      {
        const InputPixelType * row = in + k * count + y * w;
        for (size_t x = 0; x < w; ++x)
        {
          const float v = gray(row[x]);
          float &     mx = mip[y * w + x];
          mx = std::max(mx, v);
          if (parallelBeam)
          {
            central[y * w + x] += v;
          }
          else if (k == m / 2)
          {
            central[y * w + x] = v;
          }
        }
      }
    },
    nullptr);
  if (parallelBeam)
  {
    float maxValue = 0.0f;
    for (const float v : central)
    {
      maxValue = std::max(maxValue, v);
    }
    if (maxValue > 0.0f)
    {
      for (float & v : central)
      {
        v /= maxValue;
      }
    }
  }

  // fuse_projected_frames, level 0 of the reconstruction (see the class documentation).
  const Plane centralG0 = Bilateral(central, w, h);
  const Plane mipG0 = Bilateral(mip, w, h);
  size_t      w1 = 0;
  size_t      h1 = 0;
  const Plane centralG1 = Downsample(GaussianBlur(centralG0, w, h), w, h, w1, h1);
  const Plane mipG1 = Downsample(GaussianBlur(mipG0, w, h), w, h, w1, h1);
  const Plane centralUp = Upsample(centralG1, w1, h1, w, h);
  const Plane mipUp = Upsample(mipG1, w1, h1, w, h);
  const float alpha = 1.0f;
  const float beta = 2.0f;
  const float p = 1.0f;
  for (size_t i = 0; i < count; ++i)
  {
    const float lc = centralG0[i] - centralUp[i];
    const float lm = mipG0[i] - mipUp[i];
    const float g = centralUp[i];
    const float combined = lc + m_MipWeight * lm;
    const float r = alpha * g + beta * std::pow(g, p) * combined;
    // from_grayscale_f32: clamp to [0, 1], * 65535, `as u16` (NaN -> 0)
    const float clamped = r != r ? r : std::min(std::max(r, 0.0f), 1.0f);
    out[i] = clamped != clamped ? OutputPixelType{ 0 } : static_cast<OutputPixelType>(clamped * 65535.0f);
  }
}

template <typename TInputImage, typename TOutputImage>
void
LaplacianMipImageFilter<TInputImage, TOutputImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "MipWeight: " << m_MipWeight << std::endl;
  os << indent << "SkipStart: " << m_SkipStart << ", SkipEnd: " << m_SkipEnd << std::endl;
  os << indent << "ProjectionMode: " << m_ProjectionMode << std::endl;
  os << indent << "UsedSliceStart: " << m_UsedSliceStart << ", UsedSliceCount: " << m_UsedSliceCount << std::endl;
}
} // end namespace itk

#endif
