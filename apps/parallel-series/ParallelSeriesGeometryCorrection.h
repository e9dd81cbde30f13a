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
#ifndef ParallelSeriesGeometryCorrection_h
#define ParallelSeriesGeometryCorrection_h

// --geometry-correction of parallel-series convert: which volumes need a corrected output
// (the library's rule, ParallelSeriesGeometry::NeededStackCorrection(), on the true positions the
// scanner recorded) and the correction itself (itk::SliceStackResampleImageFilter, dcm2niix's
// _Tilt / _Eq), run on a writer thread before the preprocessing. See docs/geometry-correction.md.

#include "ParallelSeriesSeriesOrder.h"

#include "itkImage.h"
#include "itkMetaDataObject.h"
#include "itkParallelSeriesGeometry.h"
#include "itkSliceStackResampleImageFilter.h"

#include <cstdlib>
#include <string>
#include <type_traits>
#include <vector>

namespace ParallelSeriesApp
{
/** The true ImagePositionPatient of every file of volume \c volume of a series (in volume order)
 * and the correction they need (ParallelSeriesGeometry::NeededStackCorrection() with the series'
 * direction). Only volumes of two or more single-frame scalar files can be corrected: for a
 * Siemens mosaic, a multi-frame file, an RGB series or a single file the result needs nothing
 * and \c positions is left empty. */
inline itk::ParallelSeriesGeometry::StackCorrection
VolumeStackCorrection(const ScannerType *                  scanner,
                      const SeriesEntry &                  series,
                      unsigned int                         volume,
                      std::vector<itk::Point<double, 3>> & positions)
{
  positions.clear();
  const SummaryType & s = series.Summary;
  if (s.GetNumberOfImagesInMosaic() > 0 || s.GetNumberOfFramesPerFile() > 1 || s.GetSamplesPerPixel() != 1)
  {
    return {};
  }
  const auto files = static_cast<unsigned int>(scanner->GetVolumeFileNames(series.Identifier, volume).size());
  if (files < 2)
  {
    return {};
  }
  for (unsigned int f = 0; f < files; ++f)
  {
    positions.push_back(scanner->GetVolumeImagePosition(series.Identifier, volume, f));
  }
  return itk::ParallelSeriesGeometry::NeededStackCorrection(s.GetDirection(), positions);
}

/** The volume resampled onto the orthogonal grid of equidistant slices covering its slices
 * (SliceStackResampleImageFilter with the true \c positions). The fill value outside a slice is
 * DICOM's PixelPaddingValue (0028,0120) when the first file has one (GDCMImageIO's dictionary
 * of the volume, key "0028|0120"), else the volume's minimum: dcm2niix's rule. Scalar pixel types
 * only. Throws itk::ExceptionObject (positions that do not fit the volume). */
template <typename TPixel>
typename itk::Image<TPixel, 3>::Pointer
CorrectGeometry(const itk::Image<TPixel, 3> * volume, const std::vector<itk::Point<double, 3>> & positions)
{
  static_assert(std::is_arithmetic<TPixel>::value, "geometry correction of scalar volumes only");
  using ImageType = itk::Image<TPixel, 3>;
  using FilterType = itk::SliceStackResampleImageFilter<ImageType>;
  // A new image sharing the pixels: the filter must not pull on the reader's pipeline.
  auto input = ImageType::New();
  input->SetRegions(volume->GetLargestPossibleRegion());
  input->SetSpacing(volume->GetSpacing());
  input->SetOrigin(volume->GetOrigin());
  input->SetDirection(volume->GetDirection());
  input->SetPixelContainer(const_cast<ImageType *>(volume)->GetPixelContainer());
  auto filter = FilterType::New();
  filter->SetInput(input);
  filter->SetSlicePositions(positions);
  std::string padding;
  if (itk::ExposeMetaData<std::string>(volume->GetMetaDataDictionary(), "0028|0120", padding))
  {
    char *       end = nullptr;
    const double value = std::strtod(padding.c_str(), &end);
    if (end != padding.c_str())
    {
      filter->SetPixelPaddingValue(value);
      filter->UsePixelPaddingValueOn();
    }
  }
  filter->Update();
  typename ImageType::Pointer output = filter->GetOutput();
  output->DisconnectPipeline();
  return output;
}
} // namespace ParallelSeriesApp

#endif
