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
#ifndef itkDicomPreprocessingRGBImageFilter_hxx
#define itkDicomPreprocessingRGBImageFilter_hxx

#include "itkDicomPreprocessingRGBImageFilter.h"
#include "itkSliceSelectionImageFilter.h"

#include <algorithm>

namespace itk
{
template <typename TImage>
void
DicomPreprocessingRGBImageFilter<TImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  auto * input = const_cast<ImageType *>(this->GetInput());
  if (!input)
  {
    return;
  }
  // The crop box depends on the pixel values: bring the whole input up to date first.
  input->SetRequestedRegionToLargestPossibleRegion();
  input->Update();
  const unsigned int workUnits = this->GetNumberOfWorkUnits();

  // (1) Channels, slice selection.
  for (unsigned int c = 0; c < 3; ++c)
  {
    auto channel = ChannelImageType::New();
    channel->CopyInformation(input);
    channel->SetRegions(input->GetLargestPossibleRegion());
    channel->Allocate();
    const PixelType * in = input->GetBufferPointer();
    unsigned char *   out = channel->GetBufferPointer();
    const size_t      n = input->GetLargestPossibleRegion().GetNumberOfPixels();
    for (size_t i = 0; i < n; ++i)
    {
      out[i] = in[i][c];
    }
    if (this->GetVolumeHandling() != VolumeHandlingEnum::Keep)
    {
      auto selection = SliceSelectionImageFilter<ChannelImageType>::New();
      selection->SetInput(channel);
      selection->SetVolumeHandling(this->GetVolumeHandling());
      selection->SetTargetFrames(this->GetTargetFrames());
      selection->SetMipWeight(this->GetMipWeight());
      selection->SetSkipFrames(this->GetSkipFrames());
      selection->SetProjectionMode(this->GetProjectionMode());
      selection->SetMultiThreader(this->GetMultiThreader());
      selection->SetNumberOfWorkUnits(workUnits);
      selection->Update();
      channel = selection->GetOutput();
      channel->DisconnectPipeline();
    }
    m_Channels[c] = channel;
  }

  // (2) Key image.
  m_Key = ChannelImageType::New();
  m_Key->CopyInformation(m_Channels[0]);
  m_Key->SetRegions(m_Channels[0]->GetLargestPossibleRegion());
  m_Key->Allocate();
  {
    const size_t          n = m_Key->GetLargestPossibleRegion().GetNumberOfPixels();
    const unsigned char * r = m_Channels[0]->GetBufferPointer();
    const unsigned char * g = m_Channels[1]->GetBufferPointer();
    const unsigned char * b = m_Channels[2]->GetBufferPointer();
    unsigned char *       k = m_Key->GetBufferPointer();
    if (this->GetPeerZeroRule())
    {
      // dicom-preprocessing's rules judge an RGB pixel by its 8-bit luma (transform/crop.rs:
      // is_uncroppable_pixel, `to_luma`; the components' `into_luma8`; pad.rs): the image crate's
      // color.rs:rgb_to_luma, (2126 r + 7152 g + 722 b) / 10000 in integers, truncated.
      for (size_t i = 0; i < n; ++i)
      {
        k[i] = static_cast<unsigned char>((2126u * r[i] + 7152u * g[i] + 722u * b[i]) / 10000u);
      }
    }
    for (size_t i = 0; i < n && !this->GetPeerZeroRule(); ++i)
    {
      const unsigned int m = std::max({ r[i], g[i], b[i] });
      if (m == 0)
      {
        k[i] = 0;
      }
      else if (r[i] == 255 && g[i] == 255 && b[i] == 255)
      {
        k[i] = 255;
      }
      else
      {
        k[i] = static_cast<unsigned char>(std::min(254u, m));
      }
    }
  }

  // (3) The key's preprocessing decides the crop box, scale, padding and output geometry.
  auto keyFilter = ChannelFilterType::New();
  keyFilter->SetInput(m_Key);
  keyFilter->SetCrop(this->GetCrop());
  keyFilter->SetCropMax(this->GetCropMax());
  keyFilter->SetResize(this->GetResize());
  keyFilter->SetPad(this->GetPad());
  keyFilter->SetTargetSize(this->GetTargetSize());
  keyFilter->SetKeepAspectRatio(this->GetKeepAspectRatio());
  keyFilter->SetKernel(this->GetKernel());
  keyFilter->SetPadDirection(this->GetPadDirection());
  this->ForwardPeerSettings(keyFilter.GetPointer());
  keyFilter->SetMultiThreader(this->GetMultiThreader());
  keyFilter->SetNumberOfWorkUnits(workUnits);
  keyFilter->UpdateOutputInformation();
  this->m_CropOrigin = keyFilter->GetCropOrigin();
  this->m_CropSize = keyFilter->GetCropSize();
  this->m_Scale = keyFilter->GetScale();
  this->m_ResizedSize = keyFilter->GetResizedSize();
  this->m_Padding = keyFilter->GetPadding();
  this->m_Cropped = keyFilter->GetCropped();
  this->m_Resized = keyFilter->GetResized();
  this->m_Padded = keyFilter->GetPadded();
  this->m_DefaultScale = keyFilter->GetDefaultScale();

  this->GetOutput()->CopyInformation(keyFilter->GetOutput());
}

template <typename TImage>
void
DicomPreprocessingRGBImageFilter<TImage>::GenerateData()
{
  this->AllocateOutputs();
  ImageType * output = this->GetOutput();
  output->FillBuffer(PixelType(static_cast<unsigned char>(0)));
  const auto         outSize = output->GetLargestPossibleRegion().GetSize();
  const auto         keyRegion = m_Key->GetLargestPossibleRegion();
  const unsigned int workUnits = this->GetNumberOfWorkUnits();
  for (unsigned int c = 0; c < 3; ++c)
  {
    // (4) Cut to the crop box, resize, place.
    auto                                cut = ChannelImageType::New();
    typename ChannelImageType::SizeType cutSize = keyRegion.GetSize();
    cutSize[0] = this->m_CropSize[0];
    cutSize[1] = this->m_CropSize[1];
    cut->SetRegions(cutSize);
    cut->SetSpacing(m_Key->GetSpacing());
    cut->SetDirection(m_Key->GetDirection());
    cut->Allocate();
    const size_t          w = keyRegion.GetSize(0);
    const size_t          h = keyRegion.GetSize(1);
    const size_t          x0 = static_cast<size_t>(this->m_CropOrigin[0] - keyRegion.GetIndex(0));
    const size_t          y0 = static_cast<size_t>(this->m_CropOrigin[1] - keyRegion.GetIndex(1));
    const unsigned char * in = m_Channels[c]->GetBufferPointer();
    unsigned char *       out = cut->GetBufferPointer();
    for (size_t z = 0; z < cutSize[2]; ++z)
    {
      for (size_t y = 0; y < cutSize[1]; ++y)
      {
        const unsigned char * row = in + (z * h + y0 + y) * w + x0;
        std::copy(row, row + cutSize[0], out + (z * cutSize[1] + y) * cutSize[0]);
      }
    }
    typename ChannelImageType::Pointer resized = cut;
    if (this->GetResize())
    {
      auto filter = ChannelFilterType::New();
      filter->SetInput(cut);
      filter->SetCrop(false);
      filter->SetResize(true);
      filter->SetPad(false);
      filter->SetTargetSize(this->GetTargetSize());
      filter->SetKeepAspectRatio(this->GetKeepAspectRatio());
      filter->SetKernel(this->GetKernel());
      this->ForwardPeerSettings(filter.GetPointer());
      filter->SetMultiThreader(this->GetMultiThreader());
      filter->SetNumberOfWorkUnits(workUnits);
      filter->Update();
      resized = filter->GetOutput();
    }
    const auto rs = resized->GetBufferedRegion().GetSize();
    if (rs[0] + this->m_Padding[0] + this->m_Padding[2] != outSize[0] ||
        rs[1] + this->m_Padding[1] + this->m_Padding[3] != outSize[1] || rs[2] != outSize[2])
    {
      itkExceptionMacro("RGB preprocessing: the resized channel does not fit the key's output");
    }
    const unsigned char * rp = resized->GetBufferPointer();
    PixelType *           op = output->GetBufferPointer();
    for (size_t z = 0; z < rs[2]; ++z)
    {
      for (size_t y = 0; y < rs[1]; ++y)
      {
        for (size_t x = 0; x < rs[0]; ++x)
        {
          op[(z * outSize[1] + y + this->m_Padding[1]) * outSize[0] + x + this->m_Padding[0]][c] =
            rp[(z * rs[1] + y) * rs[0] + x];
        }
      }
    }
    m_Channels[c] = nullptr;
  }
  m_Key = nullptr;
}

} // end namespace itk

#endif
