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

#include <cstdio>
#include <sstream>

namespace itk
{
template <typename TImage>
DicomPreprocessingImageFilter<TImage>::DicomPreprocessingImageFilter()
{
  m_TargetSize.Fill(1);
  m_CropOrigin.Fill(0);
  m_CropSize.Fill(0);
  m_Scale.Fill(1.0);
  m_ResizedSize.Fill(0);
  m_Padding.Fill(0);
  m_InputStart.Fill(0);
  m_SliceSelection = SliceSelectionType::New();
  m_CropFilter = CropType::New();
  m_ResizeFilter = ResizeType::New();
  m_PadFilter = PadType::New();
}

template <typename TImage>
void
DicomPreprocessingImageFilter<TImage>::GenerateInputRequestedRegion()
{
  Superclass::GenerateInputRequestedRegion();
  auto * input = const_cast<ImageType *>(this->GetInput());
  if (input)
  {
    input->SetRequestedRegionToLargestPossibleRegion();
  }
}

template <typename TImage>
void
DicomPreprocessingImageFilter<TImage>::EnlargeOutputRequestedRegion(DataObject * output)
{
  Superclass::EnlargeOutputRequestedRegion(output);
  output->SetRequestedRegionToLargestPossibleRegion();
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
  m_SliceSelection->SetVolumeHandling(m_VolumeHandling);
  m_SliceSelection->SetMultiThreader(this->GetMultiThreader());
  m_SliceSelection->SetNumberOfWorkUnits(workUnits);
  ImageType * current = m_SliceSelection->GetOutput();
  current->UpdateOutputInformation();
  const IndexType selectionStart = current->GetLargestPossibleRegion().GetIndex();
  const SizeType  selectionSize = current->GetLargestPossibleRegion().GetSize();
  m_SourceSliceStart = m_SliceSelection->GetSelectedSliceStart();
  m_SourceSliceCount = m_SliceSelection->GetSelectedSliceCount();

  for (unsigned int d = 0; d < 2; ++d)
  {
    m_CropOrigin[d] = m_InputStart[d];
    m_CropSize[d] = selectionSize[d];
  }
  if (m_Crop)
  {
    m_CropFilter->SetInput(current);
    m_CropFilter->SetCropMax(m_CropMax);
    m_CropFilter->SetMultiThreader(this->GetMultiThreader());
    m_CropFilter->SetNumberOfWorkUnits(workUnits);
    current = m_CropFilter->GetOutput();
    current->UpdateOutputInformation();
    for (unsigned int d = 0; d < 2; ++d)
    {
      m_CropOrigin[d] = m_CropFilter->GetCropIndex()[d] - selectionStart[d] + m_InputStart[d];
      m_CropSize[d] = m_CropFilter->GetCropSize()[d];
    }
  }
  m_Scale.Fill(1.0);
  m_ResizedSize = m_CropSize;
  if (m_Resize)
  {
    m_ResizeFilter->SetInput(current);
    m_ResizeFilter->SetTargetSize(m_TargetSize);
    m_ResizeFilter->SetKeepAspectRatio(m_KeepAspectRatio);
    m_ResizeFilter->SetKernel(m_Kernel);
    m_ResizeFilter->SetMultiThreader(this->GetMultiThreader());
    m_ResizeFilter->SetNumberOfWorkUnits(workUnits);
    current = m_ResizeFilter->GetOutput();
    current->UpdateOutputInformation();
    m_Scale = m_ResizeFilter->GetScale();
    for (unsigned int d = 0; d < 2; ++d)
    {
      m_ResizedSize[d] = current->GetLargestPossibleRegion().GetSize(d);
    }
  }
  m_Padding.Fill(0);
  if (m_Pad)
  {
    m_PadFilter->SetInput(current);
    m_PadFilter->SetTargetSize(m_TargetSize);
    m_PadFilter->SetPadDirection(m_PadDirection);
    m_PadFilter->SetPadValue(m_PadValue);
    m_PadFilter->SetMultiThreader(this->GetMultiThreader());
    m_PadFilter->SetNumberOfWorkUnits(workUnits);
    current = m_PadFilter->GetOutput();
    current->UpdateOutputInformation();
    m_Padding[0] = m_PadFilter->GetPadLeft();
    m_Padding[1] = m_PadFilter->GetPadTop();
    m_Padding[2] = m_PadFilter->GetPadRight();
    m_Padding[3] = m_PadFilter->GetPadBottom();
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

  MetaDataDictionary dictionary = this->GetInput()->GetMetaDataDictionary();
  auto               join = [](std::initializer_list<double> values) {
    std::string text;
    char        buffer[64];
    for (double v : values)
    {
      std::snprintf(buffer, sizeof(buffer), "%.17g", v);
      text += (text.empty() ? "" : " ") + std::string(buffer);
    }
    return text;
  };
  EncapsulateMetaData<std::string>(
    dictionary, CropOriginKey, join({ double(m_CropOrigin[0]), double(m_CropOrigin[1]) }));
  EncapsulateMetaData<std::string>(dictionary, CropSizeKey, join({ double(m_CropSize[0]), double(m_CropSize[1]) }));
  EncapsulateMetaData<std::string>(dictionary, ScaleKey, join({ m_Scale[0], m_Scale[1] }));
  EncapsulateMetaData<std::string>(
    dictionary, ResizedSizeKey, join({ double(m_ResizedSize[0]), double(m_ResizedSize[1]) }));
  EncapsulateMetaData<std::string>(
    dictionary,
    PaddingKey,
    join({ double(m_Padding[0]), double(m_Padding[1]), double(m_Padding[2]), double(m_Padding[3]) }));
  const char * handling = m_VolumeHandling == VolumeHandlingEnum::Keep
                            ? "keep"
                            : (m_VolumeHandling == VolumeHandlingEnum::Central ? "central" : "max");
  EncapsulateMetaData<std::string>(dictionary, VolumeHandlingKey, std::string(handling));
  EncapsulateMetaData<std::string>(
    dictionary, SourceSlicesKey, join({ double(m_SourceSliceStart), double(m_SourceSliceCount) }));
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
    output[d] =
      (input[d] - static_cast<double>(m_CropOrigin[d]) + 0.5) * m_Scale[d] - 0.5 + static_cast<double>(m_Padding[d]);
  }
  for (unsigned int d = 2; d < ImageDimension; ++d)
  {
    output[d] = input[d] - static_cast<double>(m_InputStart[d]);
  }
  if (ImageDimension > 2)
  {
    constexpr unsigned int z = ImageDimension > 2 ? 2 : 0;
    const double           n = static_cast<double>(m_SourceSliceCount);
    if (m_VolumeHandling == VolumeHandlingEnum::MaximumIntensityProjection)
    {
      output[z] = (input[z] - static_cast<double>(m_SourceSliceStart) - 0.5 * (n - 1.0)) / n;
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
    input[d] =
      (output[d] - static_cast<double>(m_Padding[d]) + 0.5) / m_Scale[d] - 0.5 + static_cast<double>(m_CropOrigin[d]);
  }
  for (unsigned int d = 2; d < ImageDimension; ++d)
  {
    input[d] = output[d] + static_cast<double>(m_InputStart[d]);
  }
  if (ImageDimension > 2)
  {
    constexpr unsigned int z = ImageDimension > 2 ? 2 : 0;
    const double           n = static_cast<double>(m_SourceSliceCount);
    if (m_VolumeHandling == VolumeHandlingEnum::MaximumIntensityProjection)
    {
      input[z] = output[z] * n + static_cast<double>(m_SourceSliceStart) + 0.5 * (n - 1.0);
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
  os << indent << "VolumeHandling: " << m_VolumeHandling << std::endl;
  os << indent << "Crop: " << m_Crop << ", CropMax: " << m_CropMax << std::endl;
  os << indent << "Resize: " << m_Resize << ", TargetSize: " << m_TargetSize
     << ", KeepAspectRatio: " << m_KeepAspectRatio << ", Kernel: " << m_Kernel << std::endl;
  os << indent << "Pad: " << m_Pad << ", PadDirection: " << m_PadDirection
     << ", PadValue: " << static_cast<typename NumericTraits<PixelType>::PrintType>(m_PadValue) << std::endl;
  os << indent << "CropOrigin: " << m_CropOrigin << ", CropSize: " << m_CropSize << std::endl;
  os << indent << "Scale: " << m_Scale << ", ResizedSize: " << m_ResizedSize << std::endl;
  os << indent << "Padding: " << m_Padding << std::endl;
  os << indent << "SourceSliceStart: " << m_SourceSliceStart << ", SourceSliceCount: " << m_SourceSliceCount
     << std::endl;
}
} // end namespace itk

#endif
