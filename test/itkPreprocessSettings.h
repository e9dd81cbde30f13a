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
#ifndef itkPreprocessSettings_h
#define itkPreprocessSettings_h

// The settings of the parallel-series tool's preprocessing options (--crop, --crop-max, --size,
// --filter, --padding, --volume) for the tests: parsed as the tool parses them, and turned into
// an itk::DicomPreprocessingImageFilter set up as the tool sets it up.

#include "itkDicomPreprocessingImageFilter.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace ParallelSeriesPreprocessTest
{
/** The tool's preprocessing options. */
struct PreprocessSettings
{
  bool                                 Crop{ false };
  bool                                 CropMax{ false };
  unsigned long                        TargetSize[2]{ 0, 0 };
  itk::DicomPreprocessingEnums::ResizeKernel   Kernel{ itk::DicomPreprocessingEnums::ResizeKernel::Triangle };
  itk::DicomPreprocessingEnums::PadDirection   Padding{ itk::DicomPreprocessingEnums::PadDirection::Zero };
  itk::DicomPreprocessingEnums::VolumeHandling Volume{ itk::DicomPreprocessingEnums::VolumeHandling::Keep };
  bool                                           CropComponents{ false };
  double                                         BorderFraction{ 0.0 };
  bool                                           NoPadding{ false };
  itk::DicomPreprocessingEnums::ResizeConvention Resampling{ itk::DicomPreprocessingEnums::ResizeConvention::Pillow };

  bool
  Active() const
  {
    return Crop || TargetSize[0] > 0 || Volume != itk::DicomPreprocessingEnums::VolumeHandling::Keep;
  }

  /** Consumes args[i] (and its value) when it is a preprocessing option; false otherwise. */
  bool
  Parse(const std::vector<std::string> & args, size_t & i)
  {
    const std::string & a = args[i];
    auto                value = [&]() -> std::string {
      if (i + 1 >= args.size())
      {
        throw std::runtime_error(a + " needs a value");
      }
      return args[++i];
    };
    if (a == "--crop")
    {
      Crop = true;
    }
    else if (a == "--crop-max")
    {
      Crop = CropMax = true;
    }
    else if (a == "--size")
    {
      const std::string v = value();
      const size_t      comma = v.find(',');
      TargetSize[0] = std::stoul(v.substr(0, comma));
      TargetSize[1] = std::stoul(v.substr(comma + 1));
    }
    else if (a == "--components")
    {
      CropComponents = true;
    }
    else if (a == "--no-components" || a == "-n")
    {
      CropComponents = false;
    }
    else if (a == "--border-frac" || a == "-b")
    {
      BorderFraction = std::stod(value());
    }
    else if (a == "--no-padding")
    {
      NoPadding = true;
    }
    else if (a == "--resampling")
    {
      Resampling = value() == "image-crate" ? itk::DicomPreprocessingEnums::ResizeConvention::ImageCrate
                                            : itk::DicomPreprocessingEnums::ResizeConvention::Pillow;
    }
    else if (a == "--filter" || a == "-f")
    {
      using K = itk::DicomPreprocessingEnums::ResizeKernel;
      const std::string v = value();
      Kernel = v == "max-pool"
                 ? K::MaxPool
                 : v == "nearest"
                     ? K::Nearest
                     : v == "catmull-rom" ? K::CatmullRom
                                          : v == "gaussian" ? K::Gaussian : v == "lanczos3" ? K::Lanczos3 : K::Triangle;
    }
    else if (a == "--padding")
    {
      using P = itk::DicomPreprocessingEnums::PadDirection;
      const std::string v = value();
      Padding = v == "top-left"       ? P::TopLeft
                : v == "bottom-right" ? P::BottomRight
                : v == "center"       ? P::Center
                                      : P::Zero;
    }
    else if (a == "--volume")
    {
      using V = itk::DicomPreprocessingEnums::VolumeHandling;
      const std::string v = value();
      Volume = v == "central" ? V::Central : v == "mip" ? V::MaximumIntensityProjection : V::Keep;
    }
    else
    {
      return false;
    }
    return true;
  }

  /** A DicomPreprocessingImageFilter set up as the tool sets it. */
  template <typename TImage>
  typename itk::DicomPreprocessingImageFilter<TImage>::Pointer
  MakeFilter(const TImage * input) const
  {
    using FilterType = itk::DicomPreprocessingImageFilter<TImage>;
    auto filter = FilterType::New();
    filter->SetInput(input);
    filter->SetVolumeHandling(Volume);
    filter->SetCrop(Crop);
    filter->SetCropMax(CropMax);
    const bool resize = TargetSize[0] > 0;
    filter->SetResize(resize);
    filter->SetPad(resize && !NoPadding);
    filter->SetCropComponents(CropComponents);
    filter->SetBorderFraction(BorderFraction);
    filter->SetResizeConvention(Resampling);
    if (resize)
    {
      typename FilterType::TargetSizeType target;
      target[0] = TargetSize[0];
      target[1] = TargetSize[1];
      filter->SetTargetSize(target);
    }
    filter->SetKeepAspectRatio(true);
    filter->SetKernel(Kernel);
    filter->SetPadDirection(Padding);
    return filter;
  }
};
} // namespace ParallelSeriesPreprocessTest

#endif
