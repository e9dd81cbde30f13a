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
#ifndef ParallelSeriesPreprocessAndWrite_h
#define ParallelSeriesPreprocessAndWrite_h

// One volume of parallel-series convert from decoded image to file: the preprocessing the
// options ask for (DicomPreprocessingImageFilter, DicomPreprocessingRGBImageFilter for RGB), then the output
// format's writer (ParallelSeriesVolumeWriter.h, or multi-page TIFF with the preprocessing tags,
// ParallelSeriesTIFFWriter.h). Runs on the writer threads.

#include "ParallelSeriesCommandLine.h"
#include "ParallelSeriesManifest.h"
#include "ParallelSeriesVolumeWriter.h"
#ifdef PARALLELSERIES_CLI_HAVE_TIFF
#  include "ParallelSeriesTIFFWriter.h"
#endif

#include "itkImage.h"
#include "itkDicomPreprocessingImageFilter.h"
#include "itkDicomPreprocessingRGBImageFilter.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>

namespace ParallelSeriesApp
{
/** Preprocesses (when asked) and writes one volume; fills the row's spacing and output size.
 * Runs on a writer thread (a std::thread, not a pool thread: the filters' stages use ITK's
 * pool from here). Returns an error message, empty on success. */
template <typename TPixel>
std::string
PreprocessAndWrite(const Options & o, itk::Image<TPixel, 3> * volume, const std::string & fileName, ManifestRow & r)
{
  using ImageType = itk::Image<TPixel, 3>;
  typename ImageType::Pointer image = ShareVolume<ImageType>(volume);
  for (unsigned int d = 0; d < 3; ++d)
  {
    r.Spacing[d] = std::abs(image->GetSpacing()[d]);
  }
#ifdef PARALLELSERIES_CLI_HAVE_TIFF
  const auto inputSize = image->GetLargestPossibleRegion().GetSize();
  auto       tags = ParallelSeriesTIFF::PreprocessingTags::Identity(static_cast<uint32_t>(inputSize[0]),
                                                              static_cast<uint32_t>(inputSize[1]));
#endif
  if (o.Preprocess())
  {
    // Scalar volumes: DicomPreprocessingImageFilter; RGB volumes: DicomPreprocessingRGBImageFilter (channel by
    // channel, one crop box, scale and padding).
    using FilterType = std::conditional_t<std::is_arithmetic<TPixel>::value,
                                          itk::DicomPreprocessingImageFilter<ImageType>,
                                          itk::DicomPreprocessingRGBImageFilter<ImageType>>;
    auto filter = FilterType::New();
    filter->SetInput(image);
    filter->SetVolumeHandling(o.Volume);
    filter->SetCrop(o.Crop);
    filter->SetCropMax(o.CropMax);
    filter->SetCropComponents(o.CropComponents);
    filter->SetBorderFraction(o.BorderFraction);
    const bool bySize = o.TargetSize[0] > 0 && o.TargetSize[1] > 0;
    const bool bySpacing = o.TargetSpacing[0] > 0.0 && o.TargetSpacing[1] > 0.0;
    filter->SetResize(bySize || bySpacing);
    filter->SetPad(bySize && !o.NoPadding);
    filter->SetResizeConvention(o.Resampling);
    filter->SetPeerZeroRule(o.PeerZeroRule);
    if (bySpacing)
    {
      // --spacing: the in-plane spacing of the image as read (x, y, mm). Hook: a file without
      // PixelSpacing / ImagerPixelSpacing should pass (0, 0) here (no resize, as the peer); the
      // z value (o.TargetSpacing[2]) is the volume stage's (frame resampling).
      typename FilterType::SpacingType target;
      typename FilterType::SpacingType source;
      for (unsigned int d = 0; d < 2; ++d)
      {
        target[d] = o.TargetSpacing[d];
        source[d] = std::abs(image->GetSpacing()[d]);
      }
      filter->SetTargetSpacing(target);
      filter->SetSourceSpacing(source);
    }
    if (bySize)
    {
      typename FilterType::TargetSizeType target;
      target[0] = o.TargetSize[0];
      target[1] = o.TargetSize[1];
      filter->SetTargetSize(target);
    }
    filter->SetKeepAspectRatio(true);
    filter->SetKernel(o.Kernel);
    filter->SetPadDirection(o.Padding);
    try
    {
      filter->Update();
    }
    catch (const itk::ExceptionObject & e)
    {
      return std::string("cannot preprocess the volume for \"") + fileName + "\": " + e.GetDescription();
    }
    image = filter->GetOutput();
    image->DisconnectPipeline();
#ifdef PARALLELSERIES_CLI_HAVE_TIFF
    for (unsigned int d = 0; d < 2; ++d)
    {
      // DefaultScale: the requested scale (s, s) with the image crate's convention (the peer's
      // tag), the realised ratio with Pillow's. filter->GetCropped/Resized/Padded() tell which
      // steps ran (the peer writes a tag only for those).
      tags.Scale[d] = static_cast<float>(filter->GetDefaultScale()[d]);
      tags.CropSize[d] = static_cast<uint32_t>(filter->GetCropSize()[d]);
      tags.CropCentre[d] = static_cast<uint32_t>(filter->GetCropOrigin()[d]) + tags.CropSize[d] / 2;
    }
    for (unsigned int i = 0; i < 4; ++i)
    {
      tags.Padding[i] = static_cast<uint32_t>(filter->GetPadding()[i]);
    }
#endif
  }
  const auto outputSize = image->GetLargestPossibleRegion().GetSize();
  for (unsigned int d = 0; d < 3; ++d)
  {
    r.OutputSize[d] = outputSize[d];
  }
  if (o.Format != "tiff")
  {
    double writtenSpacing[3];
    return WriteVolume<ImageType>(image, fileName, o.Compress, o.GzipSingleMember, writtenSpacing);
  }
#ifdef PARALLELSERIES_CLI_HAVE_TIFF
  const std::string temporary = fileName.substr(0, fileName.size() - 5) + ".partial.tiff";
  const double      spacing[2] = { std::abs(image->GetSpacing()[0]), std::abs(image->GetSpacing()[1]) };
  std::string       error = ParallelSeriesTIFF::WriteMultiPageTIFF<TPixel>(image, temporary, tags, spacing, o.Compress);
  if (!error.empty())
  {
    itksys::SystemTools::RemoveFile(temporary);
    return error;
  }
  return ReplaceFile(temporary, fileName);
#else
  return "TIFF output is not available in this build";
#endif
}
} // namespace ParallelSeriesApp

#endif
