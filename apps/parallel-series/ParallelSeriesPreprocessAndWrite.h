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
#include "itkDbtOrientationFlip.h"
#include "itkDicomPreprocessingImageFilter.h"
#include "itkDicomPreprocessingRGBImageFilter.h"
#include "itkDicomVOIParameters.h"
#include "itkFrameInterpolationImageFilter.h"
#include "itkFramePermutationImageFilter.h"
#include "itkParallelSeriesFrameOrder.h"
#include "itkVOILUTImageFilter.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace ParallelSeriesApp
{
/** Preprocesses (when asked) and writes one volume; fills the row's spacing and output size.
 * \c sourceFile: the volume's (first) DICOM file, whose pixel spacing the TIFF resolution
 * tags take as dicom-preprocessing does (empty: the volume's spacing).
 * Runs on a writer thread (a std::thread, not a pool thread: the filters' stages use ITK's
 * pool from here). Returns an error message, empty on success. */
template <typename TPixel>
std::string
PreprocessAndWriteValues(const Options &         o,
                         itk::Image<TPixel, 3> * volume,
                         const std::string &     fileName,
                         ManifestRow &           r,
                         const std::string &     sourceFile);

/** The display stage (--values display): the VOI parameters of each slice's file (one file: its frames;
 * several: the first frame of each), or of the first file for all slices when the slice count is not
 * theirs (a geometry-corrected volume), then itk::VOILUTImageFilter to unsigned char (every file
 * BitsAllocated 8) or unsigned short. Returns an error message, empty on success. */
template <typename TPixel>
std::string
DisplayAndWrite(const Options &                  o,
                itk::Image<TPixel, 3> *          volume,
                const std::vector<std::string> & sliceFiles,
                const std::string &              fileName,
                ManifestRow &                    r,
                const std::string &              sourceFile)
{
  using ImageType = itk::Image<TPixel, 3>;
  if (sliceFiles.empty())
  {
    return "cannot compute display values for \"" + fileName + "\": the volume has no files";
  }
  std::vector<itk::DicomVOIParameters> parameters;
  std::string                          current;
  try
  {
    if (sliceFiles.size() == 1)
    {
      current = sliceFiles.front();
      parameters = itk::ReadDicomVOIParameters(current);
    }
    else
    {
      for (const std::string & file : sliceFiles)
      {
        current = file;
        parameters.push_back(itk::ReadDicomVOIParameters(file).front());
      }
    }
  }
  catch (const itk::ExceptionObject & e)
  {
    return std::string("cannot read the VOI of \"") + current + "\": " + e.GetDescription();
  }
  if (parameters.size() != volume->GetLargestPossibleRegion().GetSize(2))
  {
    parameters.resize(1);
  }
  bool eightBit = true;
  for (const auto & p : parameters)
  {
    eightBit = eightBit && p.BitsAllocated == 8;
  }
  // -v max-intensity: the filter projects the mapped frames itself (no mapped copy of every frame,
  // 51 MB for a DBT file of the benchmark); the volume handler then sees one frame. Not with
  // --spacing's z step (the frames are resampled before the projection).
  const bool project = o.Volume == itk::DicomPreprocessingEnums::VolumeHandling::MaximumIntensityProjection &&
                       o.TargetSpacing[2] <= 0.0 && volume->GetLargestPossibleRegion().GetSize(2) > 1;
  const double                frameSpacing = std::abs(volume->GetSpacing()[2]);
  typename ImageType::Pointer input = ShareVolume<ImageType>(volume);
  auto                        run = [&](auto outputPixel) -> std::string {
    using OutputPixelType = decltype(outputPixel);
    using OutputImageType = itk::Image<OutputPixelType, 3>;
    auto filter = itk::VOILUTImageFilter<ImageType, OutputImageType>::New();
    filter->SetInput(input);
    filter->SetSliceParameters(parameters);
    filter->SetMaximumIntensityProjection(project);
    if (o.WindowGiven)
    {
      filter->SetWindow(o.WindowCenter, o.WindowWidth);
    }
    try
    {
      filter->Update();
    }
    catch (const itk::ExceptionObject & e)
    {
      return std::string("cannot compute display values for \"") + fileName + "\" (" + sliceFiles.front() +
             "): " + e.GetDescription();
    }
    typename OutputImageType::Pointer display = filter->GetOutput();
    display->DisconnectPipeline();
    filter = nullptr;
    input = nullptr; // the stored values are freed here when nothing else holds them
    const std::string error =
      PreprocessAndWriteValues<OutputPixelType>(o, display.GetPointer(), fileName, r, sourceFile);
    if (project)
    {
      r.Spacing[2] = frameSpacing; // the volume's, as when the volume handler projects
    }
    return error;
  };
  return eightBit ? run(static_cast<unsigned char>(0)) : run(static_cast<unsigned short>(0));
}

/** --values display for scalar volumes (DisplayAndWrite), else PreprocessAndWriteValues. */
template <typename TPixel>
std::string
PreprocessAndWrite(const Options &                  o,
                   itk::Image<TPixel, 3> *          volume,
                   const std::vector<std::string> & sliceFiles,
                   const std::string &              fileName,
                   ManifestRow &                    r,
                   const std::string &              sourceFile = std::string())
{
  if constexpr (std::is_arithmetic<TPixel>::value)
  {
    if (o.Values == "display")
    {
      return DisplayAndWrite<TPixel>(o, volume, sliceFiles, fileName, r, sourceFile);
    }
  }
  return PreprocessAndWriteValues<TPixel>(o, volume, fileName, r, sourceFile); // RGB passes through
}

template <typename TPixel>
std::string
PreprocessAndWriteValues(const Options &         o,
                         itk::Image<TPixel, 3> * volume,
                         const std::string &     fileName,
                         ManifestRow &           r,
                         const std::string &     sourceFile)
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
  bool cropped = false; // which preprocessing steps ran (the TIFF writes a tag only for those)
  bool resized = false;
  bool padded = false;
  // The DBT flip (preprocess): decided by the source file's attributes, read with GDCM.
  bool flip = false;
  if (o.DbtFlip && !sourceFile.empty())
  {
    try
    {
      flip = itk::ShouldFlipInverseStandardDbtOrientation(itk::ReadDbtOrientationAttributes(sourceFile));
    }
    catch (const itk::ExceptionObject & e)
    {
      return std::string("cannot read the orientation attributes of \"") + sourceFile + "\": " + e.GetDescription();
    }
  }
  // A multi-frame file's frames in the peer's display order (preprocess: PeerFrameOrder;
  // metadata/frame_order.rs:resolve_frame_order, e.g. InStackPositionNumber), before the volume
  // handler, the frame resampling and the in-plane steps, as the peer's volume handlers see them.
  const bool            multiFrame = !sourceFile.empty() && image->GetLargestPossibleRegion().GetSize()[2] > 1;
  itk::FrameOrderResult order;
  bool                  orderRead = false;
  if (multiFrame && (o.PeerFrameOrder || o.TargetSpacing[2] > 0.0))
  {
    try
    {
      order = itk::ResolveFrameOrder(itk::ReadFrameOrderInput(sourceFile));
      orderRead = true;
    }
    catch (const itk::ExceptionObject & e)
    {
      return std::string("cannot order the frames of \"") + sourceFile + "\": " + e.GetDescription();
    }
  }
  bool storedOrder = true; // nothing to permute (no copy)
  for (size_t k = 0; k < order.Order.size(); ++k)
  {
    storedOrder = storedOrder && order.Order[k] == k;
  }
  if (orderRead && o.PeerFrameOrder && !storedOrder)
  {
    auto permute = itk::FramePermutationImageFilter<ImageType>::New();
    permute->SetInput(image);
    permute->SetFrameOrder(std::vector<unsigned int>(order.Order.begin(), order.Order.end()));
    try
    {
      permute->Update();
    }
    catch (const itk::ExceptionObject & e)
    {
      return std::string("cannot order the frames of \"") + sourceFile + "\": " + e.GetDescription();
    }
    image = permute->GetOutput();
    image->DisconnectPipeline();
  }
  // --spacing x,y,z: the frames of a multi-frame file whose z spacing is known (the peer's frame
  // order rules, ResolveFrameOrder) are first resampled linearly to the peer's frame count
  // (preprocess.rs:compute_target_frame_count), before the volume handler and the in-plane steps.
  if constexpr (std::is_arithmetic<TPixel>::value)
  {
    if (o.TargetSpacing[2] > 0.0 && orderRead)
    {
      if (order.HasZSpacing && order.ZSpacing > 0.0f)
      {
        auto frames = itk::FrameInterpolationImageFilter<ImageType>::New();
        frames->SetInput(image);
        frames->SetTargetFrames(
          itk::TargetFrameCountForSpacing(static_cast<uint32_t>(image->GetLargestPossibleRegion().GetSize()[2]),
                                          order.ZSpacing,
                                          static_cast<float>(o.TargetSpacing[2])));
        try
        {
          frames->Update();
        }
        catch (const itk::ExceptionObject & e)
        {
          return std::string("cannot resample the frames for \"") + fileName + "\": " + e.GetDescription();
        }
        image = frames->GetOutput();
        image->DisconnectPipeline();
      }
    }
  }
  if (o.Preprocess() || flip)
  {
    // Scalar volumes: DicomPreprocessingImageFilter; RGB volumes: DicomPreprocessingRGBImageFilter (channel by
    // channel, one crop box, scale and padding).
    using FilterType = std::conditional_t<std::is_arithmetic<TPixel>::value,
                                          itk::DicomPreprocessingImageFilter<ImageType>,
                                          itk::DicomPreprocessingRGBImageFilter<ImageType>>;
    auto filter = FilterType::New();
    filter->SetInput(image);
    filter->SetVolumeHandling(o.Volume);
    filter->SetTargetFrames(o.TargetFrames);
    filter->SetMipWeight(o.MipWeight);
    filter->SetSkipFrames(o.SkipFrames);
    filter->SetProjectionMode(o.ProjectionMode);
    filter->SetOrientationFlip(flip);
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
      // --spacing: the in-plane spacing of the source file as the peer reads it (PixelSpacing, else
      // ImagerPixelSpacing, else the functional groups; x, y, mm); a file without any gives (0, 0):
      // no resize, as the peer. Without a source file (or when it cannot be read again), the
      // image's spacing. The z value (o.TargetSpacing[2]) is the volume stage's.
      typename FilterType::SpacingType target;
      typename FilterType::SpacingType source;
      for (unsigned int d = 0; d < 2; ++d)
      {
        target[d] = o.TargetSpacing[d];
        source[d] = std::abs(image->GetSpacing()[d]);
      }
#ifdef PARALLELSERIES_CLI_HAVE_TIFF
      float       peerSpacing[2] = { 0.0f, 0.0f };
      std::string peerSpacingError;
      if (!sourceFile.empty())
      {
        if (ReadPeerPixelSpacing(sourceFile, peerSpacing, peerSpacingError, o.PeerSpacingParse))
        {
          source[0] = peerSpacing[0];
          source[1] = peerSpacing[1];
        }
        else if (peerSpacingError.empty())
        {
          source.Fill(0.0);
        }
      }
#endif
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
    cropped = filter->GetCropped();
    resized = filter->GetResized();
    padded = filter->GetPadded();
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
    // The DBT flip record (tag 65000), from the filter's "Preprocess_OrientationFlip" entry.
    std::vector<double> flipRecord;
    if (itk::ExposeMetaData(image->GetMetaDataDictionary(), "Preprocess_OrientationFlip", flipRecord) &&
        flipRecord.size() == 4)
    {
      tags.HasFlip = true;
      for (unsigned int i = 0; i < 4; ++i)
      {
        tags.Flip[i] = static_cast<uint32_t>(flipRecord[i]);
      }
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
  tags.HasCrop = cropped;
  tags.HasScale = resized;
  tags.HasPadding = padded;
  // Resolution: the file's spacing as the peer reads it (the volume's when the file cannot be
  // read again), scaled by DefaultScale, truncated; none (1/1, no unit) when the file has none.
  float       fileSpacing[2] = { static_cast<float>(r.Spacing[0]), static_cast<float>(r.Spacing[1]) };
  std::string spacingError;
  tags.HasResolution = sourceFile.empty() ||
                       ReadPeerPixelSpacing(sourceFile, fileSpacing, spacingError, o.PeerSpacingParse) ||
                       !spacingError.empty();
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
