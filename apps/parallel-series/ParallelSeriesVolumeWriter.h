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
#ifndef ParallelSeriesVolumeWriter_h
#define ParallelSeriesVolumeWriter_h

// Writing one volume of parallel-series convert with ITK's writers (NRRD, NIfTI, MetaImage;
// .nii.gz compressed in parallel by ParallelSeriesGzip.h): through a temporary file renamed on
// success (ParallelSeriesReplaceFile.h), so that an interrupted or failed write leaves no
// partial output file.

#ifdef PARALLELSERIES_CLI_HAVE_ZLIB
#  include "ParallelSeriesGzip.h"
#endif

#include "ParallelSeriesReplaceFile.h"

#include "itkParallelSeriesGeometry.h"
#include "itkImageFileWriter.h"
#include "itkMultiThreaderBase.h"
#include "itksys/SystemTools.hxx"

#include <exception>
#include <string>

namespace ParallelSeriesApp
{
/** Writes \c volume to \c fileName (through a temporary file renamed on success). Runs on the
 * writer threads: the written image is a new object sharing the volume's pixel buffer, so that
 * the writer's pipeline never reaches the reader. A negative spacing (possible for multi-frame
 * files) is made positive by flipping the axis' direction, as ImageFileReader does; the written
 * spacing is returned in \c spacing. \c gzipSingleMember: .nii.gz in one gzip member (zlib engine
 * of ParallelSeriesGzip.h) rather than the default engine's. Returns an error message, empty on
 * success. */
template <typename TImage>
std::string
WriteVolume(TImage * volume, const std::string & fileName, bool compress, bool gzipSingleMember, double spacing[3])
{
  const std::string stem = itksys::SystemTools::GetFilenameWithoutLastExtension(fileName);
  std::string       extension = itksys::SystemTools::GetFilenameLastExtension(fileName);
  std::string       base = fileName.substr(0, fileName.size() - extension.size());
  if (extension == ".gz")
  {
    const std::string inner = itksys::SystemTools::GetFilenameLastExtension(base);
    base = base.substr(0, base.size() - inner.size());
    extension = inner + extension;
  }
  const std::string temporary = base + ".partial" + extension;
  try
  {
    typename TImage::SpacingType   imageSpacing = volume->GetSpacing();
    typename TImage::DirectionType direction = volume->GetDirection();
    itk::ParallelSeriesGeometry::FlipNegativeSpacing(imageSpacing, direction); // as ImageFileReader
    for (unsigned int d = 0; d < 3; ++d)
    {
      spacing[d] = imageSpacing[d];
    }
    auto image = TImage::New();
    image->SetRegions(volume->GetLargestPossibleRegion());
    image->SetSpacing(imageSpacing);
    image->SetOrigin(volume->GetOrigin());
    image->SetDirection(direction);
    image->SetPixelContainer(volume->GetPixelContainer());

    auto writer = itk::ImageFileWriter<TImage>::New();
    writer->SetInput(image);
#ifdef PARALLELSERIES_CLI_HAVE_ZLIB
    if (extension == ".nii.gz")
    {
      // ITK writes the .nii; it is compressed on the thread pool (ParallelSeriesGzip.h), not by
      // gzwrite() on this thread.
      const std::string uncompressed = base + ".partial.nii";
      writer->SetFileName(uncompressed);
      writer->Update();
      auto              threader = itk::MultiThreaderBase::New();
      const std::string error = ParallelSeriesGzip::CompressFile(
        uncompressed,
        temporary,
        6,
        threader,
        itk::MultiThreaderBase::GetGlobalDefaultNumberOfThreads(),
        gzipSingleMember ? ParallelSeriesGzip::Engine::Zlib : ParallelSeriesGzip::DefaultEngine);
      itksys::SystemTools::RemoveFile(uncompressed);
      if (!error.empty())
      {
        itksys::SystemTools::RemoveFile(temporary);
        return std::string("cannot write \"") + fileName + "\": " + error;
      }
    }
    else
#else
    (void)gzipSingleMember; // ITK's writer: one member anyway
#endif
    {
      writer->SetFileName(temporary);
      writer->SetUseCompression(compress);
      writer->Update();
    }
  }
  catch (const itk::ExceptionObject & e)
  {
    itksys::SystemTools::RemoveFile(temporary);
    itksys::SystemTools::RemoveFile(base + ".partial.nii");
    return std::string("cannot write \"") + fileName + "\": " + e.GetDescription();
  }
  catch (const std::exception & e)
  {
    itksys::SystemTools::RemoveFile(temporary);
    itksys::SystemTools::RemoveFile(base + ".partial.nii");
    return std::string("cannot write \"") + fileName + "\": " + e.what();
  }
  return ReplaceFile(temporary, fileName);
}

/** A new image with the geometry of \c volume sharing its pixel buffer: filters and writers
 * connected to it never reach the reader's pipeline. */
template <typename TImage>
typename TImage::Pointer
ShareVolume(const TImage * volume)
{
  auto image = TImage::New();
  image->SetRegions(volume->GetLargestPossibleRegion());
  image->SetSpacing(volume->GetSpacing());
  image->SetOrigin(volume->GetOrigin());
  image->SetDirection(volume->GetDirection());
  image->SetPixelContainer(const_cast<TImage *>(volume)->GetPixelContainer());
  return image;
}
} // namespace ParallelSeriesApp

#endif
