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
#  include "ParallelSeriesPixelSpacing.h"
#  include "ParallelSeriesTIFFWriter.h"
#  include "ParallelSeriesVersion.h"
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
 * \c sourceFile: the volume's (first) DICOM file, whose pixel spacing the TIFF resolution
 * tags take as dicom-preprocessing does (empty: the volume's spacing).
 * Runs on a writer thread (a std::thread, not a pool thread: the filters' stages use ITK's
 * pool from here). Returns an error message, empty on success. */
template <typename TPixel>
std::string
PreprocessAndWrite(const Options &         o,
                   itk::Image<TPixel, 3> * volume,
                   const std::string &     fileName,
                   ManifestRow &           r,
                   const std::string &     sourceFile = std::string())
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
    const bool resize = o.TargetSize[0] > 0 && o.TargetSize[1] > 0;
    filter->SetResize(resize);
    filter->SetPad(resize);
    if (resize)
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
      tags.Scale[d] = static_cast<float>(filter->GetScale()[d]);
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
  // dicom-preprocessing's tag rule: a transform tag only when its step ran.
  tags.HasCrop = o.Preprocess() && o.Crop;
  tags.HasScale = o.Preprocess() && o.TargetSize[0] > 0 && o.TargetSize[1] > 0;
  tags.HasPadding = tags.HasScale;
  // Resolution: the file's spacing as the peer reads it (the volume's when the file cannot be
  // read again), scaled by DefaultScale, truncated; none (1/1, no unit) when the file has none.
  float       fileSpacing[2] = { static_cast<float>(r.Spacing[0]), static_cast<float>(r.Spacing[1]) };
  std::string spacingError;
  tags.HasResolution =
    sourceFile.empty() || ReadPeerPixelSpacing(sourceFile, fileSpacing, spacingError) || !spacingError.empty();
  for (unsigned int d = 0; d < 2 && tags.HasResolution; ++d)
  {
    tags.Resolution[d] =
      ParallelSeriesTIFF::PreprocessingTags::PixelsPerCentimetre(fileSpacing[d], tags.HasScale ? tags.Scale[d] : 1.0f);
  }
  tags.Software = std::string(ProgramName) + " " + ToolVersion;
  ParallelSeriesTIFF::Compressor compressor =
    o.Compress ? ParallelSeriesTIFF::Compressor::Deflate : ParallelSeriesTIFF::Compressor::None;
  if (!o.Compressor.empty() && !ParallelSeriesTIFF::ParseCompressor(o.Compressor, compressor))
  {
    return "unknown TIFF compressor \"" + o.Compressor + "\"";
  }
  const std::string temporary = fileName.substr(0, fileName.size() - 5) + ".partial.tiff";
  std::string       error = ParallelSeriesTIFF::WriteMultiPageTIFF<TPixel>(image, temporary, tags, compressor);
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
