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
#ifndef itkVOILUTImageFilter_hxx
#define itkVOILUTImageFilter_hxx

#include "itkImageScanlineConstIterator.h"
#include "itkImageScanlineIterator.h"
#include "itkMultiThreaderBase.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>
#include <type_traits>

namespace itk
{
namespace VOILUTDetail
{
/** Rust's u16::next_power_of_two for 1..16. */
inline unsigned int
NextPowerOfTwo(unsigned int n)
{
  unsigned int p = 1;
  while (p < n)
  {
    p <<= 1;
  }
  return p;
}

/** transform.rs:window_level_linear (C.11.2.1.2.1 with the peer's lower bound). */
inline double
Linear(double value, double ww, double wc, double yMax)
{
  const double min = wc - (ww - 1.) / 2.;
  const double max = wc - 0.5 + (ww - 1.) / 2.;
  if (value <= min)
  {
    return 0.;
  }
  if (value > max)
  {
    return yMax;
  }
  return ((value - (wc - 0.5)) / (ww - 1.) + 0.5) * yMax;
}

/** transform.rs:window_level_linear_exact (C.11.2.1.3.2). */
inline double
LinearExact(double value, double ww, double wc, double yMax)
{
  const double min = wc - ww / 2.;
  const double max = wc + ww / 2.;
  if (value <= min)
  {
    return 0.;
  }
  if (value > max)
  {
    return yMax;
  }
  return ((value - wc) / ww + 0.5) * yMax;
}

/** Whether two slices' parameters give the same table (every field the table depends on). */
inline bool
SameParameters(const DicomVOIParameters & a, const DicomVOIParameters & b)
{
  return a.BitsAllocated == b.BitsAllocated && a.BitsStored == b.BitsStored && a.Signed == b.Signed &&
         a.Monochrome1 == b.Monochrome1 && a.SamplesPerPixel == b.SamplesPerPixel && a.RescaleSlope == b.RescaleSlope &&
         a.RescaleIntercept == b.RescaleIntercept && a.AppliedRescaleSlope == b.AppliedRescaleSlope &&
         a.AppliedRescaleIntercept == b.AppliedRescaleIntercept && a.HasWindow == b.HasWindow &&
         a.WindowCenter == b.WindowCenter && a.WindowWidth == b.WindowWidth && a.Function == b.Function &&
         a.HasLUT == b.HasLUT && a.LUT.FirstMapped == b.LUT.FirstMapped && a.LUT.Bits == b.LUT.Bits &&
         a.LUT.Data == b.LUT.Data;
}

/** transform.rs:window_level_sigmoid (C.11.2.1.3.1). */
inline double
Sigmoid(double value, double ww, double wc, double yMax)
{
  return yMax / (1. + std::exp(-4. * (value - wc) / ww));
}
} // namespace VOILUTDetail

template <typename TInputImage, typename TOutputImage>
VOILUTImageFilter<TInputImage, TOutputImage>::VOILUTImageFilter()
{
  this->DynamicMultiThreadingOn();
  this->ThreaderUpdateProgressOff();
}

template <typename TInputImage, typename TOutputImage>
void
VOILUTImageFilter<TInputImage, TOutputImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  const InputImageType * input = this->GetInput();
  if (m_MaximumIntensityProjection && input && input->GetLargestPossibleRegion().GetSize(2) > 0)
  {
    SetMaximumIntensityProjectionInformation(input, this->GetOutput());
  }
}

template <typename TInputImage, typename TOutputImage>
void
VOILUTImageFilter<TInputImage, TOutputImage>::GenerateInputRequestedRegion()
{
  Superclass::GenerateInputRequestedRegion();
  if (auto * input = const_cast<InputImageType *>(this->GetInput()))
  {
    input->SetRequestedRegionToLargestPossibleRegion();
  }
}

template <typename TInputImage, typename TOutputImage>
void
VOILUTImageFilter<TInputImage, TOutputImage>::EnlargeOutputRequestedRegion(DataObject * output)
{
  Superclass::EnlargeOutputRequestedRegion(output);
  output->SetRequestedRegionToLargestPossibleRegion();
}

template <typename TInputImage, typename TOutputImage>
long long
VOILUTImageFilter<TInputImage, TOutputImage>::Stored(const Table & t, InputPixelType v)
{
  long long x = 0;
  if (!t.Rescaled)
  {
    if constexpr (std::is_integral<InputPixelType>::value)
    {
      x = static_cast<long long>(v);
    }
    else
    {
      x = std::llround(static_cast<double>(v));
    }
  }
  else
  {
    x = std::llround((static_cast<double>(v) - t.Intercept) / t.Slope);
  }
  return t.Uninvert == 0 ? x : t.Uninvert == 1 ? t.UninvertMax - x : -x - 1;
}

template <typename TInputImage, typename TOutputImage>
void
VOILUTImageFilter<TInputImage, TOutputImage>::BuildTable(SizeValueType z, Table & table) const
{
  const ParametersType & p = m_SliceParameters.size() == 1 ? m_SliceParameters[0] : m_SliceParameters[z];
  if (p.SamplesPerPixel != 1)
  {
    itkExceptionMacro("slice " << z << ": SamplesPerPixel " << p.SamplesPerPixel << " (only monochrome is mapped)");
  }
  if (p.BitsAllocated != 8 && p.BitsAllocated != 16)
  {
    itkExceptionMacro("slice " << z << ": BitsAllocated " << p.BitsAllocated << " (8 or 16 only)");
  }
  const unsigned int n = p.BitsAllocated == 8 ? 8u : p.BitsStored;
  if (n == 0 || n > 16)
  {
    itkExceptionMacro("slice " << z << ": BitsStored " << p.BitsStored);
  }
  const unsigned int  np = VOILUTDetail::NextPowerOfTwo(n);
  const double        yMax = static_cast<double>((1u << np) - 1u);
  const std::uint32_t size = 1u << n;
  const std::uint32_t typeMax = p.BitsAllocated == 8 ? 255u : 65535u; // Luma8 / Luma16
  if (static_cast<double>(typeMax) > static_cast<double>(std::numeric_limits<OutputPixelType>::max()))
  {
    itkExceptionMacro("slice " << z << ": BitsAllocated " << p.BitsAllocated
                               << " needs an output pixel type holding 0.." << typeMax);
  }
  table.Mask = size - 1u;
  table.Rescaled = p.AppliedRescaleSlope != 1.0 || p.AppliedRescaleIntercept != 0.0;
  table.Slope = p.AppliedRescaleSlope;
  table.Intercept = p.AppliedRescaleIntercept;
  if (p.Monochrome1 && m_InputInvertedMonochrome1)
  {
    table.Uninvert = p.Signed ? 2 : 1;
    table.UninvertMax = p.BitsAllocated == 8 ? 255 : (1LL << p.BitsStored) - 1;
  }

  using FunctionEnum = DicomVOIParameters::FunctionEnum;
  const double slope = p.RescaleSlope;
  const double intercept = p.RescaleIntercept;
  bool         useLUT = false;
  FunctionEnum function = p.Function;
  double       center = 0.0;
  double       width = 0.0;
  if (m_UseWindow)
  {
    center = m_WindowCenter;
    width = m_WindowWidth;
  }
  else if (p.HasLUT)
  {
    useLUT = true;
  }
  else if (p.HasWindow)
  {
    center = p.WindowCenter;
    width = p.WindowWidth;
  }
  else
  {
    // lut.rs:new_rescale_and_normalize over the frame's raw words (frame_data_ow / frame_data).
    const InputImageType * input = this->GetInput();
    auto                   region = input->GetLargestPossibleRegion();
    region.SetIndex(2, region.GetIndex(2) + static_cast<IndexValueType>(z));
    region.SetSize(2, 1);
    const long long wordMask = p.BitsAllocated == 8 ? 0xFF : 0xFFFF;
    double          lo = std::numeric_limits<double>::max();
    double          hi = std::numeric_limits<double>::lowest();
    bool            scanned = false;
    if constexpr (std::is_integral<InputPixelType>::value)
    {
      if (!table.Rescaled && table.Uninvert == 0 && region.GetNumberOfPixels() > 0 &&
          input->GetBufferedRegion() == input->GetLargestPossibleRegion())
      {
        // The stored value is the input value: the slice's contiguous pixels, integer min and max.
        const InputPixelType * pixels = input->GetBufferPointer() + input->ComputeOffset(region.GetIndex());
        const SizeValueType    count = region.GetNumberOfPixels();
        const auto             mask32 = static_cast<std::uint32_t>(wordMask);
        std::uint32_t          ilo = std::numeric_limits<std::uint32_t>::max();
        std::uint32_t          ihi = 0;
        for (SizeValueType i = 0; i < count; ++i)
        {
          const auto word = static_cast<std::uint32_t>(static_cast<long long>(pixels[i])) & mask32;
          ilo = std::min(ilo, word);
          ihi = std::max(ihi, word);
        }
        lo = static_cast<double>(ilo);
        hi = static_cast<double>(ihi);
        scanned = true;
      }
    }
    for (ImageScanlineConstIterator<InputImageType> it(input, region); !scanned && !it.IsAtEnd(); it.NextLine())
    {
      for (; !it.IsAtEndOfLine(); ++it)
      {
        const double word = static_cast<double>(Stored(table, it.Get()) & wordMask);
        lo = std::min(lo, word);
        hi = std::max(hi, word);
      }
    }
    if (slope < 0.)
    {
      std::swap(lo, hi);
    }
    hi = hi * slope + intercept;
    lo = lo * slope + intercept;
    width = hi - lo + 1.;
    center = (lo + hi) / 2.;
    function = FunctionEnum::Linear;
  }
  // transform.rs:WindowLevelTransform::new: the width clamped.
  width = function == FunctionEnum::LinearExact ? std::fmax(width, 0.) : std::fmax(width, 1.);

  unsigned int shift = 0;
  if (useLUT)
  {
    if (p.LUT.Data.empty() || np < p.LUT.Bits)
    {
      itkExceptionMacro("slice " << z << ": a VOI LUT of " << p.LUT.Bits << " bits and " << p.LUT.Data.size()
                                 << " entries cannot map " << n << "-bit values");
    }
    shift = np - p.LUT.Bits;
  }

  table.Values.resize(size);
  for (std::uint32_t i = 0; i < size; ++i)
  {
    const double x =
      p.Signed && i >= size / 2 ? static_cast<double>(i) - static_cast<double>(size) : static_cast<double>(i);
    const double u = slope * x + intercept;
    double       y = 0.0;
    if (useLUT)
    {
      // transform.rs:VoiLutTransform::apply
      const double    r = std::round(u);
      const long long rounded =
        static_cast<long long>(std::min(std::max(r, static_cast<double>(std::numeric_limits<std::int32_t>::min())),
                                        static_cast<double>(std::numeric_limits<std::int32_t>::max())));
      std::uint16_t entry = 0;
      if (rounded <= p.LUT.FirstMapped)
      {
        entry = p.LUT.Data.front();
      }
      else
      {
        const auto k = static_cast<unsigned long long>(rounded - p.LUT.FirstMapped);
        entry = k < p.LUT.Data.size() ? p.LUT.Data[k] : p.LUT.Data.back();
      }
      y = static_cast<double>(static_cast<std::uint16_t>(entry << shift));
    }
    else if (function == FunctionEnum::LinearExact)
    {
      y = VOILUTDetail::LinearExact(u, width, center, yMax);
    }
    else if (function == FunctionEnum::Sigmoid)
    {
      y = VOILUTDetail::Sigmoid(u, width, center, yMax);
    }
    else
    {
      y = VOILUTDetail::Linear(u, width, center, yMax);
    }
    // NumCast to u8/u16: truncation toward zero; out of range fails (the peer's CreateLutError).
    if (!(y > -1.0 && y < static_cast<double>(typeMax) + 1.0))
    {
      itkExceptionMacro("slice " << z << ": the VOI maps stored value " << x << " to " << y << ", outside 0.."
                                 << typeMax);
    }
    auto value = static_cast<std::uint32_t>(std::trunc(y));
    if (p.Monochrome1)
    {
      value = typeMax - value;
    }
    table.Values[i] = static_cast<OutputPixelType>(value);
  }
}

template <typename TInputImage, typename TOutputImage>
void
VOILUTImageFilter<TInputImage, TOutputImage>::BeforeThreadedGenerateData()
{
  const InputImageType * input = this->GetInput();
  const SizeValueType    slices = input->GetLargestPossibleRegion().GetSize(2);
  if (m_SliceParameters.empty() || (m_SliceParameters.size() != 1 && m_SliceParameters.size() != slices))
  {
    itkExceptionMacro("" << m_SliceParameters.size() << " slice parameters for " << slices
                         << " slices (one for all, or one per slice)");
  }
  // One table per distinct parameter set (the min-max fallback depends on the slice's pixels:
  // its own table); m_TableOfSlice maps each slice to the table it uses.
  auto parametersOf = [this](SizeValueType z) -> const ParametersType & {
    return m_SliceParameters.size() == 1 ? m_SliceParameters[0] : m_SliceParameters[z];
  };
  auto usesPixels = [this](const ParametersType & p) { return !m_UseWindow && !p.HasLUT && !p.HasWindow; };
  std::vector<SizeValueType> built; // the slice whose parameters each table is built from
  m_TableOfSlice.assign(slices, 0);
  for (SizeValueType z = 0; z < slices; ++z)
  {
    const ParametersType & p = parametersOf(z);
    SizeValueType          table = built.size();
    if (!usesPixels(p))
    {
      for (SizeValueType k = 0; k < built.size(); ++k)
      {
        const ParametersType & q = parametersOf(built[k]);
        if (!usesPixels(q) && VOILUTDetail::SameParameters(p, q))
        {
          table = k;
          break;
        }
      }
    }
    if (table == built.size())
    {
      built.push_back(z);
    }
    m_TableOfSlice[z] = table;
  }
  m_Tables.assign(built.size(), Table{});
  std::mutex                 mutex;
  std::string                error;
  MultiThreaderBase::Pointer threader = MultiThreaderBase::New();
  threader->SetNumberOfWorkUnits(this->GetNumberOfWorkUnits());
  threader->ParallelizeArray(
    0,
    built.size(),
    [&](SizeValueType k) {
      try
      {
        this->BuildTable(built[k], m_Tables[k]);
      }
      catch (const ExceptionObject & e)
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (error.empty())
        {
          error = e.GetDescription();
        }
      }
    },
    nullptr);
  if (!error.empty())
  {
    itkExceptionMacro(<< error);
  }
}

template <typename TInputImage, typename TOutputImage>
template <bool VMaximum>
void
VOILUTImageFilter<TInputImage, TOutputImage>::MapLine(const Table &          t,
                                                      const InputPixelType * source,
                                                      OutputPixelType *      target,
                                                      SizeValueType          length)
{
  // target[i] = mapped value (VMaximum: the maximum of target[i] and the mapped value).
  const OutputPixelType * values = t.Values.data();
  const std::uint32_t     mask = t.Mask;
  const auto              put = [target](SizeValueType i, OutputPixelType y) {
    if constexpr (VMaximum)
    {
      target[i] = std::max(target[i], y);
    }
    else
    {
      target[i] = y;
    }
  };
  if constexpr (std::is_integral<InputPixelType>::value)
  {
    if (!t.Rescaled && t.Uninvert == 0)
    {
      // The common case (the stored value is the input value): a plain table look-up.
      for (SizeValueType i = 0; i < length; ++i)
      {
        put(i, values[static_cast<std::uint32_t>(static_cast<long long>(source[i])) & mask]);
      }
      return;
    }
    if (t.Rescaled && t.Uninvert == 0 && t.Slope == 1.0 && std::floor(t.Intercept) == t.Intercept &&
        std::fabs(t.Intercept) < 1e15)
    {
      // Slope 1 and an integer intercept (CT's -1024): Stored()'s llround(v - intercept) is exact.
      const auto intercept = static_cast<long long>(t.Intercept);
      for (SizeValueType i = 0; i < length; ++i)
      {
        put(i, values[static_cast<std::uint32_t>(static_cast<long long>(source[i]) - intercept) & mask]);
      }
      return;
    }
  }
  for (SizeValueType i = 0; i < length; ++i)
  {
    put(i, values[static_cast<std::uint32_t>(Stored(t, source[i])) & mask]);
  }
}

template <typename TInputImage, typename TOutputImage>
void
VOILUTImageFilter<TInputImage, TOutputImage>::DynamicThreadedGenerateData(const OutputImageRegionType & outputRegion)
{
  const InputImageType *       input = this->GetInput();
  OutputImageType *            output = this->GetOutput();
  const IndexValueType         z0 = input->GetLargestPossibleRegion().GetIndex(2);
  const SizeValueType          length = outputRegion.GetSize(0);
  const InputPixelType * const inBuffer = input->GetBufferPointer();
  OutputPixelType * const      outBuffer = output->GetBufferPointer();
  if (m_MaximumIntensityProjection)
  {
    // Output rows (z = 0) of the projection: slice by slice, each slice's row mapped into the row's
    // running maximum (contiguous rows in and out).
    const SizeValueType                    slices = input->GetLargestPossibleRegion().GetSize(2);
    ImageScanlineIterator<OutputImageType> out(output, outputRegion);
    for (; !out.IsAtEnd(); out.NextLine())
    {
      const IndexType   outIndex = out.GetIndex();
      OutputPixelType * target = outBuffer + output->ComputeOffset(outIndex);
      IndexType         inIndex = outIndex;
      for (unsigned int d = 0; d < 2; ++d)
      {
        inIndex[d] += input->GetLargestPossibleRegion().GetIndex(d) - output->GetLargestPossibleRegion().GetIndex(d);
      }
      for (SizeValueType k = 0; k < slices; ++k)
      {
        inIndex[2] = z0 + static_cast<IndexValueType>(k);
        const InputPixelType * source = inBuffer + input->ComputeOffset(inIndex);
        const Table &          t = m_Tables[m_TableOfSlice[k]];
        if (k == 0)
        {
          MapLine<false>(t, source, target, length);
        }
        else
        {
          MapLine<true>(t, source, target, length);
        }
      }
    }
    return;
  }
  ImageScanlineConstIterator<InputImageType> in(input, outputRegion);
  for (; !in.IsAtEnd(); in.NextLine())
  {
    const IndexType index = in.GetIndex();
    const Table &   t = m_Tables[m_TableOfSlice[static_cast<SizeValueType>(index[2] - z0)]];
    MapLine<false>(t, inBuffer + input->ComputeOffset(index), outBuffer + output->ComputeOffset(index), length);
  }
}

template <typename TInputImage, typename TOutputImage>
void
VOILUTImageFilter<TInputImage, TOutputImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "SliceParameters: " << m_SliceParameters.size() << " entries" << std::endl;
  os << indent << "UseWindow: " << m_UseWindow << std::endl;
  os << indent << "WindowCenter: " << m_WindowCenter << std::endl;
  os << indent << "WindowWidth: " << m_WindowWidth << std::endl;
  os << indent << "InputInvertedMonochrome1: " << m_InputInvertedMonochrome1 << std::endl;
  os << indent << "MaximumIntensityProjection: " << m_MaximumIntensityProjection << std::endl;
}
} // end namespace itk

#endif // itkVOILUTImageFilter_hxx
