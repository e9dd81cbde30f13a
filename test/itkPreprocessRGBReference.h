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
#ifndef itkPreprocessRGBReference_h
#define itkPreprocessRGBReference_h

// Reference RGB preprocessing for the tests: an independent implementation of the RGB
// preprocessing (PreprocessRGBReference, with ITK iterators and RegionOfInterestImageFilter) that
// itk::PreprocessRGBImageFilter and the tool's RGB outputs are checked against, for the settings
// of itkPreprocessSettings.h.

#include "itkPreprocessSettings.h"
#include "itkImage.h"
#include "itkImageRegionConstIterator.h"
#include "itkImageRegionIterator.h"
#include "itkPreprocessImageFilter.h"
#include "itkRGBPixel.h"
#include "itkRegionOfInterestImageFilter.h"
#include "itkSliceSelectionImageFilter.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace ParallelSeriesPreprocessTest
{
using ChannelImageType = itk::Image<unsigned char, 3>;
using RGBImageType = itk::Image<itk::RGBPixel<unsigned char>, 3>;

/** Reference preprocessing of an RGB volume, as the tool documents it: per-channel slice
 * selection; a key image (0 where the three channels are 0, 255 where they are 255, else
 * max(r, g, b) clamped to [1, 254]) through PreprocessImageFilter with the settings (slice
 * selection excepted), returned in \c keyFilter, decides the crop box, scale and padding; each
 * channel cut to the box (RegionOfInterestImageFilter) is resized by PreprocessImageFilter (crop
 * and pad off) and placed inside the padding (0). */
inline RGBImageType::Pointer
PreprocessRGBReference(const PreprocessSettings &                              settings,
                       const RGBImageType *                                    stock,
                       itk::PreprocessImageFilter<ChannelImageType>::Pointer & keyFilter)
{
  ChannelImageType::Pointer channels[3];
  for (unsigned int c = 0; c < 3; ++c)
  {
    auto channel = ChannelImageType::New();
    channel->CopyInformation(stock);
    channel->SetRegions(stock->GetLargestPossibleRegion());
    channel->Allocate();
    itk::ImageRegionConstIterator<RGBImageType> in(stock, stock->GetLargestPossibleRegion());
    itk::ImageRegionIterator<ChannelImageType>  out(channel, channel->GetLargestPossibleRegion());
    for (; !in.IsAtEnd(); ++in, ++out)
    {
      out.Set(in.Get()[c]);
    }
    auto selection = itk::SliceSelectionImageFilter<ChannelImageType>::New();
    selection->SetInput(channel);
    selection->SetVolumeHandling(settings.Volume);
    selection->Update();
    channels[c] = selection->GetOutput();
  }
  auto key = ChannelImageType::New();
  key->CopyInformation(channels[0]);
  key->SetRegions(channels[0]->GetLargestPossibleRegion());
  key->Allocate();
  itk::ImageRegionIterator<ChannelImageType> k(key, key->GetLargestPossibleRegion());
  for (; !k.IsAtEnd(); ++k)
  {
    const auto    i = k.GetIndex();
    unsigned char v[3] = { channels[0]->GetPixel(i), channels[1]->GetPixel(i), channels[2]->GetPixel(i) };
    const int     m = std::max(v[0], std::max(v[1], v[2]));
    k.Set(m == 0                                        ? 0
          : (v[0] == 255 && v[1] == 255 && v[2] == 255) ? 255
                                                        : static_cast<unsigned char>(std::min(254, m)));
  }
  PreprocessSettings keySettings = settings;
  keySettings.Volume = itk::PreprocessEnums::VolumeHandling::Keep;
  keyFilter = keySettings.MakeFilter<ChannelImageType>(key);
  keyFilter->Update();
  ChannelImageType * keyOutput = keyFilter->GetOutput();

  auto result = RGBImageType::New();
  result->CopyInformation(keyOutput);
  result->SetRegions(keyOutput->GetLargestPossibleRegion());
  result->Allocate();
  result->FillBuffer(itk::RGBPixel<unsigned char>(static_cast<unsigned char>(0)));
  ChannelImageType::RegionType box = key->GetLargestPossibleRegion();
  for (unsigned int d = 0; d < 2; ++d)
  {
    box.SetIndex(d, keyFilter->GetCropOrigin()[d]);
    box.SetSize(d, keyFilter->GetCropSize()[d]);
  }
  for (unsigned int c = 0; c < 3; ++c)
  {
    auto roi = itk::RegionOfInterestImageFilter<ChannelImageType, ChannelImageType>::New();
    roi->SetInput(channels[c]);
    roi->SetRegionOfInterest(box);
    PreprocessSettings resizeOnly;
    resizeOnly.TargetSize[0] = settings.TargetSize[0];
    resizeOnly.TargetSize[1] = settings.TargetSize[1];
    resizeOnly.Kernel = settings.Kernel;
    roi->Update();
    ChannelImageType::Pointer resized = roi->GetOutput();
    if (settings.TargetSize[0] > 0)
    {
      auto filter = resizeOnly.MakeFilter<ChannelImageType>(roi->GetOutput());
      filter->SetPad(false);
      filter->Update();
      resized = filter->GetOutput();
    }
    itk::ImageRegionConstIterator<ChannelImageType> in(resized, resized->GetLargestPossibleRegion());
    for (; !in.IsAtEnd(); ++in)
    {
      RGBImageType::IndexType i = result->GetLargestPossibleRegion().GetIndex() +
                                  (in.GetIndex() - resized->GetLargestPossibleRegion().GetIndex());
      i[0] += keyFilter->GetPadding()[0];
      i[1] += keyFilter->GetPadding()[1];
      auto p = result->GetPixel(i);
      p[c] = in.Get();
      result->SetPixel(i, p);
    }
  }
  return result;
}

} // namespace ParallelSeriesPreprocessTest

#endif
