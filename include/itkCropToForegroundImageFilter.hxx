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
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <type_traits>
#include <vector>

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

  if (!(m_BorderFraction >= 0.0 && m_BorderFraction <= 0.5))
  {
    itkExceptionMacro("BorderFraction must be in [0, 0.5], got " << m_BorderFraction);
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

  if ((m_UseComponents || m_BorderFraction > 0.0) && largest.GetNumberOfPixels() > 0)
  {
    // dicom-preprocessing's rule: one box per slice, then their union (Crop::new_from_images).
    if (input->GetBufferedRegion() != largest)
    {
      itkExceptionMacro("the input's buffered region must be its largest possible region");
    }
    const SizeValueType w = largest.GetSize(0);
    const SizeValueType h = largest.GetSize(1);
    SizeValueType       slices = 1;
    for (unsigned int d = 2; d < ImageDimension; ++d)
    {
      slices *= largest.GetSize(d);
    }
    std::vector<SizeValueType> boxes(4 * slices);
    std::vector<uint8_t>       found(slices, 0);
    const PixelType *          buffer = input->GetBufferPointer();
    MultiThreaderBase *        threader = this->GetMultiThreader();
    threader->SetNumberOfWorkUnits(this->GetNumberOfWorkUnits());
    threader->ParallelizeArray(
      0,
      slices,
      [&](SizeValueType z) { found[z] = this->ComputeSliceBox(buffer + z * w * h, w, h, &boxes[4 * z]) ? 1 : 0; },
      nullptr);
    SizeValueType x1 = boxes[0];
    SizeValueType y1 = boxes[1];
    SizeValueType x2 = boxes[0] + boxes[2];
    SizeValueType y2 = boxes[1] + boxes[3];
    for (SizeValueType z = 1; z < slices; ++z)
    {
      x1 = std::min(x1, boxes[4 * z]);
      y1 = std::min(y1, boxes[4 * z + 1]);
      x2 = std::max(x2, boxes[4 * z] + boxes[4 * z + 2]);
      y2 = std::max(y2, boxes[4 * z + 1] + boxes[4 * z + 3]);
    }
    m_CropIndex = largest.GetIndex();
    m_CropSize = largest.GetSize();
    m_CropIndex[0] += static_cast<IndexValueType>(x1);
    m_CropIndex[1] += static_cast<IndexValueType>(y1);
    m_CropSize[0] = x2 - x1;
    m_CropSize[1] = y2 - y1;
    m_ForegroundFound = std::find(found.begin(), found.end(), uint8_t{ 1 }) != found.end();
    return;
  }

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
unsigned int
CropToForegroundImageFilter<TImage>::ToLuma8(const PixelType & value)
{
  // image crate, color.rs: u16 -> u8 is (v + 128) / 257.
  if (std::is_same<PixelType, unsigned char>::value)
  {
    return static_cast<unsigned int>(value);
  }
  const double clamped = std::min(std::max(static_cast<double>(value), 0.0), 65535.0);
  const auto   v16 = static_cast<uint32_t>(clamped);
  return (v16 + 128u) / 257u;
}

template <typename TImage>
bool
CropToForegroundImageFilter<TImage>::ComputeSliceBox(const PixelType * pixels,
                                                     SizeValueType     w,
                                                     SizeValueType     h,
                                                     SizeValueType     box[4]) const
{
  // transform/crop.rs:Crop::new: the search window, then the box grown by the border.
  const auto          b = static_cast<float>(m_BorderFraction);
  const SizeValueType startW = static_cast<SizeValueType>(static_cast<float>(w) * b);
  const SizeValueType startH = static_cast<SizeValueType>(static_cast<float>(h) * b);
  const SizeValueType endW = static_cast<SizeValueType>(static_cast<float>(w) * (1.0f - b));
  const SizeValueType endH = static_cast<SizeValueType>(static_cast<float>(h) * (1.0f - b));
  SizeValueType       left = w;
  SizeValueType       right = 0;
  SizeValueType       top = h;
  SizeValueType       bottom = 0;
  bool                found = false;
  for (SizeValueType y = startH; y < endH; ++y)
  {
    // The row's first and last foreground pixels (the box needs no others): scanned from each end.
    const PixelType * row = pixels + y * w;
    SizeValueType     first = startW;
    while (first < endW && this->IsBackground(row[first]))
    {
      ++first;
    }
    if (first == endW)
    {
      continue;
    }
    SizeValueType last = endW - 1;
    while (this->IsBackground(row[last]))
    {
      --last; // stops at first at the latest
    }
    found = true;
    left = std::min(left, first);
    right = std::max(right, last);
    top = std::min(top, y);
    bottom = y;
  }
  if (!found)
  {
    left = 0;
    right = w - 1;
    top = 0;
    bottom = h - 1;
  }
  const SizeValueType offsetW = startW;
  const SizeValueType offsetH = startH;
  left = left > offsetW ? left - offsetW : 0;
  top = top > offsetH ? top - offsetH : 0;
  right = std::min(right + offsetW, w - 1);
  bottom = std::min(bottom + offsetH, h - 1);
  const SizeValueType cropW = right - left + 1;
  const SizeValueType cropH = bottom - top + 1;
  box[0] = left;
  box[1] = top;
  box[2] = cropW;
  box[3] = cropH;
  if (!m_UseComponents)
  {
    return found;
  }

  // Crop::new_from_components: the thumbnail (image crate Nearest, resize_dimensions in f64).
  constexpr SizeValueType thumb = 512;
  SizeValueType           tw = cropW;
  SizeValueType           th = cropH;
  if (cropW > thumb || cropH > thumb)
  {
    const double ratio = std::min(double(thumb) / double(cropW), double(thumb) / double(cropH));
    tw = std::max<SizeValueType>(static_cast<SizeValueType>(std::round(double(cropW) * ratio)), 1);
    th = std::max<SizeValueType>(static_cast<SizeValueType>(std::round(double(cropH) * ratio)), 1);
  }
  auto nearest = [](SizeValueType inSize, SizeValueType outSize) {
    std::vector<SizeValueType> index(outSize);
    const float                ratio = static_cast<float>(inSize) / static_cast<float>(outSize);
    for (SizeValueType i = 0; i < outSize; ++i)
    {
      const float c = (static_cast<float>(i) + 0.5f) * ratio;
      index[i] = std::min(static_cast<SizeValueType>(std::floor(c)), inSize - 1);
    }
    return index;
  };
  const std::vector<SizeValueType> sx = nearest(cropW, tw);
  const std::vector<SizeValueType> sy = nearest(cropH, th);
  // into_luma8, then imageproc threshold(.., 1, Binary): foreground when the 8-bit value > 1,
  // i.e. v > 1 for 8-bit unsigned pixels and v >= 386 for every other type ((v + 128) / 257 > 1).
  const auto isForeground = [](const PixelType & v) -> bool {
    if constexpr (std::is_same<PixelType, unsigned char>::value)
    {
      return v > 1;
    }
    else if constexpr (std::is_integral<PixelType>::value && std::is_signed<PixelType>::value)
    {
      return static_cast<long long>(v) >= 386; // never for 8-bit signed types
    }
    else if constexpr (std::is_integral<PixelType>::value)
    {
      return static_cast<unsigned long long>(v) >= 386u;
    }
    else
    {
      return ToLuma8(v) > 1u;
    }
  };
  // 4-connected components, labelled by runs (Rosenfeld & Pfaltz's two-pass labelling on runs,
  // union-find with path halving): a run is a maximal horizontal span of foreground thumbnail
  // pixels; runs are numbered in raster order of their first pixel, a run joins every run of the
  // previous row whose columns overlap its own, and a component's root is its lowest-numbered
  // run. So the roots' order is imageproc's label order (raster order of first appearance), and
  // the largest component, ties to the later label, is the one the flood fill would pick.
  struct RunComponent
  {
    SizeValueType parent;
    SizeValueType count;
    SizeValueType left;
    SizeValueType right;
    SizeValueType top;
    SizeValueType bottom;
  };
  std::vector<SizeValueType> runStart; // first column of each run
  std::vector<SizeValueType> runEnd;   // last column of each run
  std::vector<RunComponent>  comps;
  const auto                 findRoot = [&comps](SizeValueType i) {
    while (comps[i].parent != i)
    {
      comps[i].parent = comps[comps[i].parent].parent;
      i = comps[i].parent;
    }
    return i;
  };
  const auto unite = [&](SizeValueType runA, SizeValueType runB) {
    SizeValueType a = findRoot(runA);
    SizeValueType c = findRoot(runB);
    if (a == c)
    {
      return;
    }
    if (c < a)
    {
      std::swap(a, c);
    }
    RunComponent &       keep = comps[a];
    const RunComponent & gone = comps[c];
    keep.count += gone.count;
    keep.left = std::min(keep.left, gone.left);
    keep.right = std::max(keep.right, gone.right);
    keep.top = std::min(keep.top, gone.top);
    keep.bottom = std::max(keep.bottom, gone.bottom);
    comps[c].parent = a;
  };
  std::vector<uint8_t> rowMask(tw);
  SizeValueType        previousBegin = 0;
  SizeValueType        previousEnd = 0;
  for (SizeValueType y = 0; y < th; ++y)
  {
    const PixelType * row = pixels + (top + sy[y]) * w + left;
    for (SizeValueType x = 0; x < tw; ++x)
    {
      rowMask[x] = isForeground(row[sx[x]]) ? 1 : 0;
    }
    const SizeValueType currentBegin = runStart.size();
    SizeValueType       p = previousBegin; // first previous-row run that may overlap
    SizeValueType       x = 0;
    while (x < tw)
    {
      while (x < tw && !rowMask[x])
      {
        ++x;
      }
      if (x == tw)
      {
        break;
      }
      const SizeValueType x0 = x;
      while (x < tw && rowMask[x])
      {
        ++x;
      }
      const SizeValueType x1 = x - 1;
      const SizeValueType run = runStart.size();
      runStart.push_back(x0);
      runEnd.push_back(x1);
      comps.push_back(RunComponent{ run, x1 - x0 + 1, x0, x1, y, y });
      while (p < previousEnd && runEnd[p] < x0)
      {
        ++p;
      }
      SizeValueType q = p;
      while (q < previousEnd && runStart[q] <= x1)
      {
        unite(run, q);
        ++q;
      }
      if (q > p)
      {
        p = q - 1; // the last overlapping run may reach the next run of this row too
      }
    }
    previousBegin = currentBegin;
    previousEnd = runStart.size();
  }
  SizeValueType bestCount = 0;
  SizeValueType best[4] = { 0, tw - 1, 0, th - 1 }; // left, right, top, bottom
  for (SizeValueType i = 0; i < comps.size(); ++i)
  {
    if (comps[i].parent == i && comps[i].count >= bestCount)
    {
      bestCount = comps[i].count;
      best[0] = comps[i].left;
      best[1] = comps[i].right;
      best[2] = comps[i].top;
      best[3] = comps[i].bottom;
    }
  }
  // Mapped back to the box, conservatively (u64 arithmetic, div_ceil).
  const uint64_t W = cropW;
  const uint64_t H = cropH;
  uint64_t       ml = uint64_t(best[0]) * W / tw;
  uint64_t       mt = uint64_t(best[2]) * H / th;
  uint64_t       mr = (uint64_t(best[1] + 1) * W + tw - 1) / tw;
  uint64_t       mb = (uint64_t(best[3] + 1) * H + th - 1) / th;
  ml = std::min(ml, W - 1);
  mt = std::min(mt, H - 1);
  mr = std::max(std::min(mr, W), ml + 1);
  mb = std::max(std::min(mb, H), mt + 1);
  box[0] = left + static_cast<SizeValueType>(ml);
  box[1] = top + static_cast<SizeValueType>(mt);
  box[2] = static_cast<SizeValueType>(mr - ml);
  box[3] = static_cast<SizeValueType>(mb - mt);
  return found;
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
  os << indent << "UseComponents: " << m_UseComponents << std::endl;
  os << indent << "BorderFraction: " << m_BorderFraction << std::endl;
  os << indent << "CropMax: " << m_CropMax << std::endl;
  os << indent << "ForegroundFound: " << m_ForegroundFound << std::endl;
  os << indent << "CropIndex: " << m_CropIndex << std::endl;
  os << indent << "CropSize: " << m_CropSize << std::endl;
}
} // end namespace itk

#endif
