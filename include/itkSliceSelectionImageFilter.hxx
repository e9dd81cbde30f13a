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
#ifndef itkSliceSelectionImageFilter_hxx
#define itkSliceSelectionImageFilter_hxx

#include "itkSliceSelectionImageFilter.h"
#include "itkMaximumProjectionImageFilter.h"
#include "itkRegionOfInterestImageFilter.h"
#include "itkFrameInterpolationImageFilter.h"
#include "itkLaplacianMipImageFilter.h"
#include <algorithm>
#include <type_traits>

namespace itk
{
template <typename TImage>
typename TImage::Pointer
SliceSelectionImageFilter<TImage>::RunDerived(bool update)
{
  auto input = ImageType::New();
  input->Graft(const_cast<ImageType *>(this->GetInput()));
  if constexpr (ImageDimension >= 3)
  {
    if (m_VolumeHandling == VolumeHandlingEnum::Interpolate)
    {
      auto filter = FrameInterpolationImageFilter<ImageType>::New();
      filter->SetInput(input);
      filter->SetTargetFrames(m_TargetFrames);
      filter->SetMultiThreader(this->GetMultiThreader());
      filter->SetNumberOfWorkUnits(this->GetNumberOfWorkUnits());
      if (update)
      {
        filter->Update();
      }
      else
      {
        filter->UpdateOutputInformation();
      }
      typename ImageType::Pointer result = filter->GetOutput();
      result->DisconnectPipeline();
      return result;
    }
  }
  if constexpr (ImageDimension == 3 && std::is_same<PixelType, unsigned short>::value)
  {
    auto filter = LaplacianMipImageFilter<ImageType, ImageType>::New();
    filter->SetInput(input);
    filter->SetMipWeight(m_MipWeight);
    filter->SetSkipStart(m_SkipFrames);
    filter->SetSkipEnd(m_SkipFrames);
    filter->SetProjectionMode(m_ProjectionMode);
    filter->SetMultiThreader(this->GetMultiThreader());
    filter->SetNumberOfWorkUnits(this->GetNumberOfWorkUnits());
    if (update)
    {
      filter->Update();
    }
    else
    {
      filter->UpdateOutputInformation();
    }
    m_SelectedSliceStart = this->GetInput()->GetLargestPossibleRegion().GetIndex(2) +
                           static_cast<IndexValueType>(filter->GetUsedSliceStart());
    m_SelectedSliceCount = filter->GetUsedSliceCount();
    typename ImageType::Pointer result = filter->GetOutput();
    result->DisconnectPipeline();
    return result;
  }
  else
  {
    itkExceptionMacro("laplacian-mip needs a 3D image of unsigned 16-bit pixels (its output is always 16-bit; "
                      "dicom-preprocessing fails on 8-bit multi-frame files too); this image has "
                      << ImageDimension << " dimensions and " << sizeof(PixelType) << "-byte pixels");
  }
}

template <typename TImage>
void
SliceSelectionImageFilter<TImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  const ImageType * input = this->GetInput();
  if (!input)
  {
    return;
  }
  const RegionType largest = input->GetLargestPossibleRegion();
  if (this->KeepsInput(largest))
  {
    m_SelectedSliceStart = ImageDimension < 3 ? 0 : largest.GetIndex(ImageDimension < 3 ? 0 : 2);
    m_SelectedSliceCount = ImageDimension < 3 ? 1 : largest.GetSize(ImageDimension < 3 ? 0 : 2);
    return; // the superclass copied the input's information
  }
  constexpr unsigned int z = ImageDimension < 3 ? 0 : 2;
  const SizeValueType    n = largest.GetSize(z);
  if (n == 0)
  {
    itkExceptionMacro("The input has no slice");
  }
  if (m_VolumeHandling == VolumeHandlingEnum::Interpolate || m_VolumeHandling == VolumeHandlingEnum::LaplacianMip)
  {
    const typename ImageType::Pointer derived = this->RunDerived(false);
    if (m_VolumeHandling == VolumeHandlingEnum::Interpolate)
    {
      m_SelectedSliceStart = largest.GetIndex(z);
      m_SelectedSliceCount = n;
    }
    ImageType * output = this->GetOutput();
    output->SetLargestPossibleRegion(derived->GetLargestPossibleRegion());
    output->SetOrigin(derived->GetOrigin());
    output->SetSpacing(derived->GetSpacing());
    output->SetDirection(derived->GetDirection());
    return;
  }
  ContinuousIndex<double, ImageDimension> originIndex;
  for (unsigned int d = 0; d < ImageDimension; ++d)
  {
    originIndex[d] = static_cast<double>(largest.GetIndex(d));
  }
  typename ImageType::SpacingType spacing = input->GetSpacing();
  if (m_VolumeHandling == VolumeHandlingEnum::Central)
  {
    m_SelectedSliceStart = largest.GetIndex(z) + static_cast<IndexValueType>(n / 2);
    m_SelectedSliceCount = 1;
    originIndex[z] = static_cast<double>(m_SelectedSliceStart);
  }
  else
  {
    m_SelectedSliceStart = largest.GetIndex(z);
    m_SelectedSliceCount = n;
    if constexpr (ImageDimension == 3)
    {
      SetMaximumIntensityProjectionInformation(input, this->GetOutput());
      return;
    }
    originIndex[z] += 0.5 * static_cast<double>(n - 1);
    spacing[z] *= static_cast<double>(n);
  }
  typename ImageType::PointType origin;
  input->TransformContinuousIndexToPhysicalPoint(originIndex, origin);
  SizeType size = largest.GetSize();
  size[z] = 1;
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
SliceSelectionImageFilter<TImage>::GenerateData()
{
  ImageType * output = this->GetOutput();
  auto        input = ImageType::New();
  input->Graft(const_cast<ImageType *>(this->GetInput()));

  if (this->KeepsInput(input->GetLargestPossibleRegion()))
  {
    this->GraftOutput(input);
    return;
  }
  constexpr unsigned int z = ImageDimension < 3 ? 0 : 2;
  // Keep the geometry computed by GenerateOutputInformation(); take the pixels from ITK's filters.
  const RegionType                    outputRegion = output->GetLargestPossibleRegion();
  const typename ImageType::PointType origin = output->GetOrigin();
  const auto                          spacing = output->GetSpacing();
  const auto                          direction = output->GetDirection();
  typename ImageType::Pointer         result;
  if (m_VolumeHandling == VolumeHandlingEnum::Interpolate || m_VolumeHandling == VolumeHandlingEnum::LaplacianMip)
  {
    result = this->RunDerived(true);
  }
  else if (m_VolumeHandling == VolumeHandlingEnum::Central)
  {
    using ROIType = RegionOfInterestImageFilter<ImageType, ImageType>;
    auto       roi = ROIType::New();
    RegionType region = input->GetLargestPossibleRegion();
    region.SetIndex(z, m_SelectedSliceStart);
    region.SetSize(z, 1);
    roi->SetInput(input);
    roi->SetRegionOfInterest(region);
    roi->SetMultiThreader(this->GetMultiThreader());
    roi->SetNumberOfWorkUnits(this->GetNumberOfWorkUnits());
    roi->Update();
    result = roi->GetOutput();
  }
  else if constexpr (ImageDimension == 3 && std::is_integral<PixelType>::value)
  {
    // The maximum along z frame by frame over contiguous rows (vectorised), in parallel over
    // blocks of rows: the same values as MaximumProjectionImageFilter (integers: max is exact),
    // which walks z per output pixel.
    const RegionType    buffered = input->GetBufferedRegion();
    const SizeValueType nx = buffered.GetSize(0);
    const SizeValueType ny = buffered.GetSize(1);
    const SizeValueType frames = buffered.GetSize(2);
    const SizeValueType frameLength = nx * ny;
    const PixelType *   in = input->GetBufferPointer();
    output->SetBufferedRegion(outputRegion);
    output->Allocate();
    PixelType *         out = output->GetBufferPointer();
    const SizeValueType blocks = std::min<SizeValueType>(ny, 8 * std::max(1u, this->GetNumberOfWorkUnits()));
    this->GetMultiThreader()->ParallelizeArray(
      0,
      blocks,
      [=](SizeValueType b) {
        const SizeValueType first = ny * b / blocks * nx;
        const SizeValueType last = ny * (b + 1) / blocks * nx;
        PixelType *         o = out + first;
        const SizeValueType length = last - first;
        std::copy(in + first, in + last, o);
        for (SizeValueType f = 1; f < frames; ++f)
        {
          const PixelType * frame = in + f * frameLength + first;
          for (SizeValueType i = 0; i < length; ++i)
          {
            o[i] = std::max(o[i], frame[i]);
          }
        }
      },
      nullptr);
    return;
  }
  else
  {
    using MIPType = MaximumProjectionImageFilter<ImageType, ImageType>;
    auto mip = MIPType::New();
    mip->SetInput(input);
    mip->SetProjectionDimension(z);
    mip->SetMultiThreader(this->GetMultiThreader());
    mip->SetNumberOfWorkUnits(this->GetNumberOfWorkUnits());
    mip->Update();
    result = mip->GetOutput();
  }
  this->GraftOutput(result);
  output->SetRegions(outputRegion);
  output->SetOrigin(origin);
  output->SetSpacing(spacing);
  output->SetDirection(direction);
}

template <typename TImage>
void
SliceSelectionImageFilter<TImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "VolumeHandling: " << m_VolumeHandling << std::endl;
  os << indent << "SelectedSliceStart: " << m_SelectedSliceStart << std::endl;
  os << indent << "SelectedSliceCount: " << m_SelectedSliceCount << std::endl;
  os << indent << "TargetFrames: " << m_TargetFrames << ", MipWeight: " << m_MipWeight
     << ", SkipFrames: " << m_SkipFrames << ", ProjectionMode: " << m_ProjectionMode << std::endl;
}
} // end namespace itk

#endif
