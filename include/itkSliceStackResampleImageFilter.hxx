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
#ifndef itkSliceStackResampleImageFilter_hxx
#define itkSliceStackResampleImageFilter_hxx

#include "itkSliceStackResampleImageFilter.h"
#include "itkImageRegionConstIterator.h"
#include "itkImageScanlineIterator.h"
#include "itkMath.h"
#include "itkNumericTraits.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace itk
{
namespace SliceStackResampleDetail
{
// A fraction within this of a whole pixel or slice is that pixel or slice (exact pass-through).
constexpr double SnapTolerance = 1e-6;

inline double
Snap(double x)
{
  const double r = std::round(x);
  return std::abs(x - r) <= SnapTolerance ? r : x;
}

template <typename TPixel>
TPixel
ToPixel(double value)
{
  if constexpr (std::is_integral_v<TPixel>)
  {
    const double r = std::round(value);
    const double lo = static_cast<double>(NumericTraits<TPixel>::NonpositiveMin());
    const double hi = static_cast<double>(NumericTraits<TPixel>::max());
    return static_cast<TPixel>(std::clamp(r, lo, hi));
  }
  else
  {
    return static_cast<TPixel>(value);
  }
}
} // namespace SliceStackResampleDetail

template <typename TInputImage, typename TOutputImage>
SliceStackResampleImageFilter<TInputImage, TOutputImage>::SliceStackResampleImageFilter()
{
  this->DynamicMultiThreadingOn();
}

template <typename TInputImage, typename TOutputImage>
void
SliceStackResampleImageFilter<TInputImage, TOutputImage>::SetSlicePositions(const PositionContainerType & positions)
{
  m_SlicePositions = positions;
  this->Modified();
}

template <typename TInputImage, typename TOutputImage>
void
SliceStackResampleImageFilter<TInputImage, TOutputImage>::AddSlicePosition(const PointType & position)
{
  m_SlicePositions.push_back(position);
  this->Modified();
}

template <typename TInputImage, typename TOutputImage>
void
SliceStackResampleImageFilter<TInputImage, TOutputImage>::ClearSlicePositions()
{
  m_SlicePositions.clear();
  this->Modified();
}

template <typename TInputImage, typename TOutputImage>
void
SliceStackResampleImageFilter<TInputImage, TOutputImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  const InputImageType * input = this->GetInput();
  OutputImageType *      output = this->GetOutput();
  if (!input || !output)
  {
    itkExceptionMacro("no input");
  }
  const auto          largest = input->GetLargestPossibleRegion();
  const SizeValueType columns = largest.GetSize(0);
  const SizeValueType rows = largest.GetSize(1);
  const SizeValueType slices = largest.GetSize(2);
  if (slices < 2)
  {
    itkExceptionMacro("needs at least 2 slices, the input has " << slices);
  }
  if (m_SlicePositions.size() != slices)
  {
    itkExceptionMacro("needs one position per slice: " << m_SlicePositions.size() << " positions for " << slices
                                                       << " slices");
  }
  const auto &      inDirection = input->GetDirection();
  const auto &      inSpacing = input->GetSpacing();
  Vector<double, 3> axis[3];
  for (unsigned int d = 0; d < 3; ++d)
  {
    for (unsigned int i = 0; i < 3; ++i)
    {
      axis[d][i] = inDirection[i][d];
    }
  }
  // The first position is the input's origin (the physical point of its first index).
  PointType first;
  input->TransformIndexToPhysicalPoint(largest.GetIndex(), first);
  if (first.EuclideanDistanceTo(m_SlicePositions[0]) > 0.01)
  {
    itkExceptionMacro("the first slice position " << m_SlicePositions[0] << " is not the input's first slice "
                                                  << first);
  }
  const PointType & p0 = m_SlicePositions[0];

  // Distances along the normal; the slice axis points the way the slices advance.
  const double sign = (m_SlicePositions[slices - 1] - p0) * axis[2] < 0.0 ? -1.0 : 1.0;
  axis[2] *= sign;
  std::vector<double> u(slices), v(slices), z(slices);
  for (SizeValueType k = 0; k < slices; ++k)
  {
    const Vector<double, 3> d = m_SlicePositions[k] - p0;
    u[k] = d * axis[0];
    v[k] = d * axis[1];
    z[k] = d * axis[2];
    if (k > 0 && !(z[k] > z[k - 1]))
    {
      itkExceptionMacro("slice positions are not strictly monotone along the normal: slice "
                        << k << " at " << m_SlicePositions[k] << " is " << z[k]
                        << " mm from the first along the normal, slice " << k - 1 << " " << z[k - 1] << " mm");
    }
  }

  // Slice spacing: uniform (first to last / (N - 1)) or the smallest neighbour distance, capped
  // at 2 N slices (nii_saveNII3Deq()).
  // Uniform or not: the library's one rule (ParallelSeriesGeometry::NeededStackCorrection(),
  // also the scanner's and the command-line tool's).
  const ParallelSeriesGeometry::StackCorrection needed =
    ParallelSeriesGeometry::NeededStackCorrection(inDirection, m_SlicePositions, m_SliceSpacingTolerance);
  const double extent = z[slices - 1];
  double       smallest = z[1] - z[0];
  m_UniformSpacing = !needed.Equidistant;
  for (SizeValueType k = 1; k < slices; ++k)
  {
    smallest = std::min(smallest, z[k] - z[k - 1]);
  }
  double        dz = m_UniformSpacing ? extent / static_cast<double>(slices - 1) : smallest;
  SizeValueType outSlices = 0;
  if (m_SliceSpacing > 0.0)
  {
    dz = m_SliceSpacing;
  }
  outSlices = static_cast<SizeValueType>(std::floor(extent / dz + 1e-4)) + 1;
  if (m_SliceSpacing <= 0.0 && outSlices > 2 * slices)
  {
    outSlices = 2 * slices;
    dz = extent / static_cast<double>(outSlices - 1);
  }
  m_OutputSliceSpacing = dz;

  // In-plane grid: the pixel grid of slice GridSlice (default the first), extended by whole
  // pixels to cover every slice.
  if (m_GridSlice >= slices)
  {
    itkExceptionMacro("GridSlice " << m_GridSlice << " is not a slice of the input (" << slices << " slices)");
  }
  const double uRef = u[m_GridSlice];
  const double vRef = v[m_GridSlice];
  for (SizeValueType k = 0; k < slices; ++k)
  {
    u[k] -= uRef;
    v[k] -= vRef;
  }
  double uMin = 0.0, uMax = 0.0, vMin = 0.0, vMax = 0.0;
  m_MaximumInPlaneShift = needed.MaximumInPlaneShift;
  for (SizeValueType k = 0; k < slices; ++k)
  {
    uMin = std::min(uMin, u[k] / inSpacing[0]);
    uMax = std::max(uMax, u[k] / inSpacing[0]);
    vMin = std::min(vMin, v[k] / inSpacing[1]);
    vMax = std::max(vMax, v[k] / inSpacing[1]);
  }
  const auto x0 = static_cast<IndexValueType>(std::floor(uMin + SliceStackResampleDetail::SnapTolerance));
  const auto x1 = static_cast<IndexValueType>(std::ceil(uMax - SliceStackResampleDetail::SnapTolerance));
  const auto y0 = static_cast<IndexValueType>(std::floor(vMin + SliceStackResampleDetail::SnapTolerance));
  const auto y1 = static_cast<IndexValueType>(std::ceil(vMax - SliceStackResampleDetail::SnapTolerance));

  typename OutputImageType::SizeType size;
  size[0] = columns + static_cast<SizeValueType>(x1 - x0);
  size[1] = rows + static_cast<SizeValueType>(y1 - y0);
  size[2] = outSlices;
  typename OutputImageType::IndexType start;
  start.Fill(0);
  typename OutputImageType::SpacingType spacing;
  spacing[0] = inSpacing[0];
  spacing[1] = inSpacing[1];
  spacing[2] = dz;
  typename OutputImageType::DirectionType direction;
  for (unsigned int d = 0; d < 3; ++d)
  {
    for (unsigned int i = 0; i < 3; ++i)
    {
      direction[i][d] = axis[d][i];
    }
  }
  typename OutputImageType::PointType origin;
  for (unsigned int i = 0; i < 3; ++i)
  {
    origin[i] = p0[i] + (uRef + x0 * inSpacing[0]) * axis[0][i] + (vRef + y0 * inSpacing[1]) * axis[1][i];
  }
  output->SetLargestPossibleRegion(typename OutputImageType::RegionType(start, size));
  output->SetSpacing(spacing);
  output->SetOrigin(origin);
  output->SetDirection(direction);

  // Per output slice: the neighbouring input slices, the weight, and where output pixel (0, 0)
  // falls on each (continuous input index relative to the input's start).
  m_OutputSlices.assign(outSlices, OutputSlice{});
  for (SizeValueType s = 0; s < outSlices; ++s)
  {
    const double  zs = static_cast<double>(s) * dz;
    SizeValueType b = 1;
    while (b < slices - 1 && z[b] < zs)
    {
      ++b;
    }
    const SizeValueType a = b - 1;
    double              w = (zs - z[a]) / (z[b] - z[a]);
    w = std::clamp(w, 0.0, 1.0);
    if (w <= SliceStackResampleDetail::SnapTolerance)
    {
      w = 0.0;
    }
    else if (w >= 1.0 - SliceStackResampleDetail::SnapTolerance)
    {
      w = 1.0;
    }
    OutputSlice & o = m_OutputSlices[s];
    o.SliceA = a;
    o.SliceB = b;
    o.WeightB = w;
    o.OffsetA[0] = SliceStackResampleDetail::Snap(x0 - u[a] / inSpacing[0]);
    o.OffsetA[1] = SliceStackResampleDetail::Snap(y0 - v[a] / inSpacing[1]);
    o.OffsetB[0] = SliceStackResampleDetail::Snap(x0 - u[b] / inSpacing[0]);
    o.OffsetB[1] = SliceStackResampleDetail::Snap(y0 - v[b] / inSpacing[1]);
  }
}

template <typename TInputImage, typename TOutputImage>
void
SliceStackResampleImageFilter<TInputImage, TOutputImage>::BeforeThreadedGenerateData()
{
  const InputImageType * input = this->GetInput();
  if (input->GetBufferedRegion() != input->GetLargestPossibleRegion())
  {
    itkExceptionMacro("the input's buffered region " << input->GetBufferedRegion()
                                                     << " is not its largest possible region "
                                                     << input->GetLargestPossibleRegion());
  }
  if (m_UsePixelPaddingValue)
  {
    m_FillValue = m_PixelPaddingValue;
    return;
  }
  double lowest = std::numeric_limits<double>::infinity();
  for (ImageRegionConstIterator<InputImageType> it(input, input->GetLargestPossibleRegion()); !it.IsAtEnd(); ++it)
  {
    lowest = std::min(lowest, static_cast<double>(it.Get()));
  }
  m_FillValue = lowest;
}

template <typename TInputImage, typename TOutputImage>
void
SliceStackResampleImageFilter<TInputImage, TOutputImage>::DynamicThreadedGenerateData(
  const OutputImageRegionType & outputRegionForThread)
{
  const InputImageType * input = this->GetInput();
  OutputImageType *      output = this->GetOutput();
  const auto             largest = input->GetLargestPossibleRegion();
  // The whole input is buffered (checked in BeforeThreadedGenerateData()): index it directly.
  const InputPixelType * buffer = input->GetBufferPointer();
  const IndexValueType   columns = static_cast<IndexValueType>(largest.GetSize(0));
  const IndexValueType   rows = static_cast<IndexValueType>(largest.GetSize(1));
  const OffsetValueType  sliceStride = static_cast<OffsetValueType>(columns) * rows;
  const auto             outStart = output->GetLargestPossibleRegion().GetIndex();
  const double           fill = m_FillValue;
  const bool             usePadding = m_UsePixelPaddingValue;
  const double           padding = m_PixelPaddingValue;

  // One sample of slice k at continuous index (x, y) relative to the input's start: bilinear,
  // clamped to the edge within half a pixel, else not inside. With the padding value on, a
  // neighbourhood holding a padding voxel gives its nearest neighbour.
  auto sample = [&](SizeValueType k, double x, double y, double & value) -> bool {
    if (x < -0.5 || y < -0.5 || x >= columns - 0.5 || y >= rows - 0.5)
    {
      return false;
    }
    const double           xc = std::clamp(x, 0.0, static_cast<double>(columns - 1));
    const double           yc = std::clamp(y, 0.0, static_cast<double>(rows - 1));
    IndexValueType         xl = static_cast<IndexValueType>(std::floor(xc));
    IndexValueType         yl = static_cast<IndexValueType>(std::floor(yc));
    const double           fx = xc - xl;
    const double           fy = yc - yl;
    const IndexValueType   xh = std::min(xl + 1, columns - 1);
    const IndexValueType   yh = std::min(yl + 1, rows - 1);
    const InputPixelType * plane = buffer + static_cast<OffsetValueType>(k) * sliceStride;
    auto                   at = [plane, columns](IndexValueType xi, IndexValueType yi) {
      return static_cast<double>(plane[yi * columns + xi]);
    };
    const double v00 = at(xl, yl);
    const double v10 = fx > 0.0 ? at(xh, yl) : v00;
    const double v01 = fy > 0.0 ? at(xl, yh) : v00;
    const double v11 = (fx > 0.0 && fy > 0.0) ? at(xh, yh) : (fx > 0.0 ? v10 : v01);
    if (usePadding && (v00 == padding || v10 == padding || v01 == padding || v11 == padding))
    {
      value = at(fx >= 0.5 ? xh : xl, fy >= 0.5 ? yh : yl);
      return true;
    }
    value = (v00 * (1.0 - fx) + v10 * fx) * (1.0 - fy) + (v01 * (1.0 - fx) + v11 * fx) * fy;
    return true;
  };

  ImageScanlineIterator<OutputImageType> it(output, outputRegionForThread);
  while (!it.IsAtEnd())
  {
    const auto          index = it.GetIndex();
    const OutputSlice & o = m_OutputSlices[static_cast<SizeValueType>(index[2] - outStart[2])];
    const double        y = static_cast<double>(index[1] - outStart[1]);
    while (!it.IsAtEndOfLine())
    {
      const double x = static_cast<double>(it.GetIndex()[0] - outStart[0]);
      double       result = fill;
      double       va = 0.0, vb = 0.0;
      if (o.WeightB == 0.0)
      {
        if (sample(o.SliceA, x + o.OffsetA[0], y + o.OffsetA[1], va))
        {
          result = va;
        }
      }
      else if (o.WeightB == 1.0)
      {
        if (sample(o.SliceB, x + o.OffsetB[0], y + o.OffsetB[1], vb))
        {
          result = vb;
        }
      }
      else
      {
        const bool ina = sample(o.SliceA, x + o.OffsetA[0], y + o.OffsetA[1], va);
        const bool inb = sample(o.SliceB, x + o.OffsetB[0], y + o.OffsetB[1], vb);
        if (ina && inb)
        {
          if (usePadding && (va == padding || vb == padding))
          {
            result = o.WeightB >= 0.5 ? vb : va;
          }
          else
          {
            result = va * (1.0 - o.WeightB) + vb * o.WeightB;
          }
        }
        else if (ina || inb)
        {
          // Between an inside and an outside sample: the fill value takes the outside one's part,
          // as dcm2niix's _Eq step does with the padding rows of its _Tilt step.
          const double a = ina ? va : fill;
          const double b = inb ? vb : fill;
          if (usePadding)
          {
            result = o.WeightB >= 0.5 ? b : a;
          }
          else
          {
            result = a * (1.0 - o.WeightB) + b * o.WeightB;
          }
        }
      }
      it.Set(SliceStackResampleDetail::ToPixel<OutputPixelType>(result));
      ++it;
    }
    it.NextLine();
  }
}

template <typename TInputImage, typename TOutputImage>
void
SliceStackResampleImageFilter<TInputImage, TOutputImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "SlicePositions: " << m_SlicePositions.size() << " positions" << std::endl;
  os << indent << "SliceSpacingTolerance: " << m_SliceSpacingTolerance << std::endl;
  os << indent << "SliceSpacing: " << m_SliceSpacing << std::endl;
  os << indent << "GridSlice: " << m_GridSlice << std::endl;
  os << indent << "PixelPaddingValue: " << m_PixelPaddingValue << std::endl;
  os << indent << "UsePixelPaddingValue: " << (m_UsePixelPaddingValue ? "On" : "Off") << std::endl;
  os << indent << "UniformSpacing: " << (m_UniformSpacing ? "true" : "false") << std::endl;
  os << indent << "MaximumInPlaneShift: " << m_MaximumInPlaneShift << std::endl;
  os << indent << "OutputSliceSpacing: " << m_OutputSliceSpacing << std::endl;
}
} // end namespace itk

#endif
