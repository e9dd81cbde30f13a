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
#ifndef itkDicomPreprocessingImageFilter_hxx
#define itkDicomPreprocessingImageFilter_hxx

#include "itkDicomPreprocessingImageFilter.h"
#include "itkMetaDataObject.h"

#include <string>
#include <type_traits>
#include <vector>

namespace itk
{
template <typename TImage>
DicomPreprocessingImageFilter<TImage>::DicomPreprocessingImageFilter()
{
  m_InputStart.Fill(0);
  m_SliceSelection = SliceSelectionType::New();
  m_CropFilter = CropType::New();
  m_ResizeFilter = ResizeType::New();
  m_CrateResizeFilter = CrateResizeType::New();
  m_PadFilter = PadType::New();
  m_FlipFilter = FlipImageFilter<ImageType>::New();
}

template <typename TImage>
void
DicomPreprocessingImageFilter<TImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  const ImageType * input = this->GetInput();
  if (!input)
  {
    return;
  }
  const RegionType inputRegion = input->GetLargestPossibleRegion();
  m_InputStart = inputRegion.GetIndex();
  const unsigned int workUnits = this->GetNumberOfWorkUnits();

  // Build the internal pipeline.
  m_SliceSelection->SetInput(input);
  m_SliceSelection->SetVolumeHandling(this->GetVolumeHandling());
  m_SliceSelection->SetTargetFrames(this->GetTargetFrames());
  m_SliceSelection->SetMipWeight(this->GetMipWeight());
  m_SliceSelection->SetSkipFrames(this->GetSkipFrames());
  m_SliceSelection->SetProjectionMode(this->GetProjectionMode());
  m_SliceSelection->SetMultiThreader(this->GetMultiThreader());
  m_SliceSelection->SetNumberOfWorkUnits(workUnits);
  ImageType * current = m_SliceSelection->GetOutput();
  current->UpdateOutputInformation();
  const IndexType selectionStart = current->GetLargestPossibleRegion().GetIndex();
  const SizeType  selectionSize = current->GetLargestPossibleRegion().GetSize();
  m_SourceSliceStart = m_SliceSelection->GetSelectedSliceStart();
  m_SourceSliceCount = m_SliceSelection->GetSelectedSliceCount();
  m_OutputSliceCount = ImageDimension > 2 ? selectionSize[ImageDimension > 2 ? 2 : 0] : 1;
  for (unsigned int d = 0; d < 2; ++d)
  {
    m_FlipStart[d] = m_InputStart[d];
    m_FlipSize[d] = selectionSize[d];
  }
  if (this->GetOrientationFlip())
  {
    // The DBT 180° rotation (transform/volume.rs:apply_orientation_flip): ITK's FlipImageFilter
    // on x and y (same region, the physical positions of the pixels kept).
    typename FlipImageFilter<ImageType>::FlipAxesArrayType axes;
    axes.Fill(false);
    axes[0] = true;
    axes[1] = true;
    m_FlipFilter->SetInput(current);
    m_FlipFilter->SetFlipAxes(axes);
    m_FlipFilter->FlipAboutOriginOff();
    m_FlipFilter->SetMultiThreader(this->GetMultiThreader());
    m_FlipFilter->SetNumberOfWorkUnits(workUnits);
    current = m_FlipFilter->GetOutput();
    current->UpdateOutputInformation();
  }

  for (unsigned int d = 0; d < 2; ++d)
  {
    this->m_CropOrigin[d] = m_InputStart[d];
    this->m_CropSize[d] = selectionSize[d];
  }
  if (this->GetCrop())
  {
    m_CropFilter->SetInput(current);
    m_CropFilter->SetCropMax(this->GetCropMax());
    m_CropFilter->SetUseComponents(this->GetCropComponents());
    m_CropFilter->SetBorderFraction(this->GetBorderFraction());
    m_CropFilter->SetMultiThreader(this->GetMultiThreader());
    m_CropFilter->SetNumberOfWorkUnits(workUnits);
    current = m_CropFilter->GetOutput();
    current->UpdateOutputInformation();
    for (unsigned int d = 0; d < 2; ++d)
    {
      this->m_CropOrigin[d] = m_CropFilter->GetCropIndex()[d] - selectionStart[d] + m_InputStart[d];
      this->m_CropSize[d] = m_CropFilter->GetCropSize()[d];
    }
  }
  this->m_Cropped = this->GetCrop();
  this->m_Scale.Fill(1.0);
  this->m_DefaultScale.Fill(1.0);
  this->m_ResizedSize = this->m_CropSize;
  this->m_Resized = false;
  // --spacing (preprocess.rs:get_resize): only with a known source spacing; never pads.
  const bool bySpacing = this->GetTargetSpacing()[0] > 0.0 && this->GetTargetSpacing()[1] > 0.0;
  const bool spacingKnown = this->GetSourceSpacing()[0] > 0.0 && this->GetSourceSpacing()[1] > 0.0;
  if (this->GetResize() && (!bySpacing || spacingKnown))
  {
    const bool crate = this->GetResizeConvention() == DicomPreprocessingEnums::ResizeConvention::ImageCrate ||
                       this->GetKernel() == KernelEnum::MaxPool || bySpacing;
    if (crate)
    {
      const SizeValueType                  w = this->m_CropSize[0];
      const SizeValueType                  h = this->m_CropSize[1];
      typename CrateResizeType::Size2DType outSize;
      if (bySpacing)
      {
        const double source[2] = { this->GetSourceSpacing()[0], this->GetSourceSpacing()[1] };
        const double target[2] = { this->GetTargetSpacing()[0], this->GetTargetSpacing()[1] };
        outSize = CrateResizeType::ComputeSizeForSpacing(w, h, source, target);
        for (unsigned int d = 0; d < 2; ++d)
        {
          this->m_DefaultScale[d] =
            static_cast<double>(static_cast<float>(outSize[d]) / static_cast<float>(d == 0 ? w : h));
        }
      }
      else if (this->GetKeepAspectRatio())
      {
        float s = 1.0f;
        outSize = CrateResizeType::ComputeSizeForTarget(w, h, this->GetTargetSize(), s);
        this->m_DefaultScale.Fill(static_cast<double>(s));
      }
      else
      {
        outSize = this->GetTargetSize();
        this->m_DefaultScale[0] = static_cast<double>(outSize[0]) / static_cast<double>(w);
        this->m_DefaultScale[1] = static_cast<double>(outSize[1]) / static_cast<double>(h);
      }
      m_CrateResizeFilter->SetInput(current);
      m_CrateResizeFilter->SetOutputSize(outSize);
      m_CrateResizeFilter->SetKernel(this->GetKernel());
      m_CrateResizeFilter->SetMultiThreader(this->GetMultiThreader());
      m_CrateResizeFilter->SetNumberOfWorkUnits(workUnits);
      current = m_CrateResizeFilter->GetOutput();
      current->UpdateOutputInformation();
      this->m_Scale = m_CrateResizeFilter->GetScale();
    }
    else
    {
      m_ResizeFilter->SetInput(current);
      m_ResizeFilter->SetTargetSize(this->GetTargetSize());
      m_ResizeFilter->SetKeepAspectRatio(this->GetKeepAspectRatio());
      m_ResizeFilter->SetKernel(this->GetKernel());
      m_ResizeFilter->SetMultiThreader(this->GetMultiThreader());
      m_ResizeFilter->SetNumberOfWorkUnits(workUnits);
      current = m_ResizeFilter->GetOutput();
      current->UpdateOutputInformation();
      this->m_Scale = m_ResizeFilter->GetScale();
      this->m_DefaultScale = this->m_Scale;
    }
    this->m_Resized = true;
    for (unsigned int d = 0; d < 2; ++d)
    {
      this->m_ResizedSize[d] = current->GetLargestPossibleRegion().GetSize(d);
    }
  }
  this->m_Padding.Fill(0);
  this->m_Padded = this->GetPad() && !bySpacing;
  if (this->m_Padded)
  {
    m_PadFilter->SetInput(current);
    m_PadFilter->SetTargetSize(this->GetTargetSize());
    m_PadFilter->SetPadDirection(this->GetPadDirection());
    m_PadFilter->SetPadValue(m_PadValue);
    // dicom-preprocessing (pad.rs:Padding::new): the first frame, 8-bit luma (16-bit: <= 128).
    m_PadFilter->SetZeroRuleFirstSliceOnly(this->GetPeerZeroRule());
    constexpr bool sixteen =
      std::is_integral<PixelType>::value && std::is_unsigned<PixelType>::value && sizeof(PixelType) == 2;
    m_PadFilter->SetZeroTolerance(this->GetPeerZeroRule() && sixteen ? 128.0 : 0.0);
    m_PadFilter->SetMultiThreader(this->GetMultiThreader());
    m_PadFilter->SetNumberOfWorkUnits(workUnits);
    current = m_PadFilter->GetOutput();
    current->UpdateOutputInformation();
    this->m_Padding[0] = m_PadFilter->GetPadLeft();
    this->m_Padding[1] = m_PadFilter->GetPadTop();
    this->m_Padding[2] = m_PadFilter->GetPadRight();
    this->m_Padding[3] = m_PadFilter->GetPadBottom();
  }
  m_Last = current;

  // The output: the last stage's geometry, with the region start moved to 0.
  ImageType *      output = this->GetOutput();
  const RegionType lastRegion = current->GetLargestPossibleRegion();
  IndexType        zero;
  zero.Fill(0);
  typename ImageType::PointType origin;
  current->TransformIndexToPhysicalPoint(lastRegion.GetIndex(), origin);
  output->SetLargestPossibleRegion(RegionType(zero, lastRegion.GetSize()));
  output->SetOrigin(origin);
  output->SetSpacing(current->GetSpacing());
  output->SetDirection(current->GetDirection());
}

template <typename TImage>
void
DicomPreprocessingImageFilter<TImage>::GenerateData()
{
  ImageType *      output = this->GetOutput();
  const RegionType outputRegion = output->GetLargestPossibleRegion();
  const auto       origin = output->GetOrigin();

  m_Last->SetRequestedRegionToLargestPossibleRegion();
  m_Last->Update();
  this->GraftOutput(m_Last);
  output->SetRegions(outputRegion);
  output->SetOrigin(origin);

  // The recorded parameters, typed (see the class documentation).
  MetaDataDictionary dictionary = this->GetInput()->GetMetaDataDictionary();
  using Numbers = std::vector<double>;
  EncapsulateMetaData<Numbers>(
    dictionary, CropOriginKey, Numbers{ double(this->m_CropOrigin[0]), double(this->m_CropOrigin[1]) });
  EncapsulateMetaData<Numbers>(
    dictionary, CropSizeKey, Numbers{ double(this->m_CropSize[0]), double(this->m_CropSize[1]) });
  EncapsulateMetaData<Numbers>(dictionary, ScaleKey, Numbers{ this->m_Scale[0], this->m_Scale[1] });
  EncapsulateMetaData<Numbers>(
    dictionary, ResizedSizeKey, Numbers{ double(this->m_ResizedSize[0]), double(this->m_ResizedSize[1]) });
  EncapsulateMetaData<Numbers>(
    dictionary,
    PaddingKey,
    Numbers{
      double(this->m_Padding[0]), double(this->m_Padding[1]), double(this->m_Padding[2]), double(this->m_Padding[3]) });
  std::string handling = "keep";
  switch (this->GetVolumeHandling())
  {
    case VolumeHandlingEnum::Keep:
      break;
    case VolumeHandlingEnum::Central:
      handling = "central";
      break;
    case VolumeHandlingEnum::MaximumIntensityProjection:
      handling = "max";
      break;
    case VolumeHandlingEnum::Interpolate:
      handling = "interpolate";
      break;
    case VolumeHandlingEnum::LaplacianMip:
      handling = "laplacian-mip";
      break;
  }
  EncapsulateMetaData<std::string>(dictionary, VolumeHandlingKey, handling);
  if (this->GetOrientationFlip())
  {
    EncapsulateMetaData<Numbers>(
      dictionary, OrientationFlipKey, Numbers{ double(m_FlipSize[0]), double(m_FlipSize[1]), 1.0, 1.0 });
  }
  EncapsulateMetaData<Numbers>(
    dictionary, SourceSlicesKey, Numbers{ double(m_SourceSliceStart), double(m_SourceSliceCount) });
  output->SetMetaDataDictionary(dictionary);
}

template <typename TImage>
auto
DicomPreprocessingImageFilter<TImage>::MapInputIndexToOutputIndex(const ContinuousIndexType & input) const
  -> ContinuousIndexType
{
  ContinuousIndexType output;
  for (unsigned int d = 0; d < 2; ++d)
  {
    const double in = this->GetOrientationFlip() ? this->FlipIndex(input[d], d) : input[d];
    output[d] = (in - static_cast<double>(this->m_CropOrigin[d]) + 0.5) * this->m_Scale[d] - 0.5 +
                static_cast<double>(this->m_Padding[d]);
  }
  for (unsigned int d = 2; d < ImageDimension; ++d)
  {
    output[d] = input[d] - static_cast<double>(m_InputStart[d]);
  }
  if (ImageDimension > 2)
  {
    constexpr unsigned int z = ImageDimension > 2 ? 2 : 0;
    const double           n = static_cast<double>(m_SourceSliceCount);
    if (this->GetVolumeHandling() == VolumeHandlingEnum::MaximumIntensityProjection ||
        this->GetVolumeHandling() == VolumeHandlingEnum::LaplacianMip)
    {
      output[z] = (input[z] - static_cast<double>(m_SourceSliceStart) - 0.5 * (n - 1.0)) / n;
    }
    else if (this->GetVolumeHandling() == VolumeHandlingEnum::Interpolate && n > 1.0 && m_OutputSliceCount > 1)
    {
      output[z] =
        (input[z] - static_cast<double>(m_SourceSliceStart)) * static_cast<double>(m_OutputSliceCount - 1) / (n - 1.0);
    }
    else
    {
      output[z] = input[z] - static_cast<double>(m_SourceSliceStart);
    }
  }
  return output;
}

template <typename TImage>
auto
DicomPreprocessingImageFilter<TImage>::MapOutputIndexToInputIndex(const ContinuousIndexType & output) const
  -> ContinuousIndexType
{
  ContinuousIndexType input;
  for (unsigned int d = 0; d < 2; ++d)
  {
    input[d] = (output[d] - static_cast<double>(this->m_Padding[d]) + 0.5) / this->m_Scale[d] - 0.5 +
               static_cast<double>(this->m_CropOrigin[d]);
    if (this->GetOrientationFlip())
    {
      input[d] = this->FlipIndex(input[d], d);
    }
  }
  for (unsigned int d = 2; d < ImageDimension; ++d)
  {
    input[d] = output[d] + static_cast<double>(m_InputStart[d]);
  }
  if (ImageDimension > 2)
  {
    constexpr unsigned int z = ImageDimension > 2 ? 2 : 0;
    const double           n = static_cast<double>(m_SourceSliceCount);
    if (this->GetVolumeHandling() == VolumeHandlingEnum::MaximumIntensityProjection ||
        this->GetVolumeHandling() == VolumeHandlingEnum::LaplacianMip)
    {
      input[z] = output[z] * n + static_cast<double>(m_SourceSliceStart) + 0.5 * (n - 1.0);
    }
    else if (this->GetVolumeHandling() == VolumeHandlingEnum::Interpolate && n > 1.0 && m_OutputSliceCount > 1)
    {
      input[z] =
        output[z] * (n - 1.0) / static_cast<double>(m_OutputSliceCount - 1) + static_cast<double>(m_SourceSliceStart);
    }
    else
    {
      input[z] = output[z] + static_cast<double>(m_SourceSliceStart);
    }
  }
  return input;
}

template <typename TImage>
void
DicomPreprocessingImageFilter<TImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "PadValue: " << static_cast<typename NumericTraits<PixelType>::PrintType>(m_PadValue) << std::endl;
  os << indent << "SourceSliceStart: " << m_SourceSliceStart << ", SourceSliceCount: " << m_SourceSliceCount
     << std::endl;
}
} // end namespace itk

#endif
