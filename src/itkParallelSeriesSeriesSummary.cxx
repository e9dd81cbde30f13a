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
#include "itkParallelSeriesSeriesSummary.h"

#include "itkParallelSeriesGeometry.h"

namespace itk
{
namespace ParallelSeriesScan
{
namespace
{
Point<double, 3>
PositionOf(const FileRecord & r)
{
  Point<double, 3> p;
  for (unsigned int i = 0; i < 3; ++i)
  {
    p[i] = r.Position[i];
  }
  return p;
}
} // namespace

ParallelGDCMSeriesFileNames::SeriesSummary
SummarizeSeries(const std::vector<FileRecord> &                 files,
                const std::vector<SizeValueType> &              seriesFiles,
                const std::vector<std::vector<SizeValueType>> & volumes)
{
  ParallelGDCMSeriesFileNames::SeriesSummary s;
  const std::vector<SizeValueType> &         volume = volumes.empty() ? seriesFiles : volumes.front();
  const FileRecord &                         first = files[volume.front()];
  s.SeriesInstanceUID = first.SeriesInstanceUID;
  s.StudyInstanceUID = first.StudyInstanceUID;
  s.SeriesNumber = first.SeriesNumber;
  s.SeriesDescription = first.SeriesDescription;
  s.Modality = first.Modality;
  s.TransferSyntaxUID = first.TransferSyntaxUID;
  s.PhotometricInterpretation = first.PhotometricInterpretation;
  s.Columns = first.Columns;
  s.Rows = first.Rows;
  s.NumberOfFiles = static_cast<unsigned int>(seriesFiles.size());
  s.NumberOfFramesPerFile = first.Frames;
  s.NumberOfVolumes = static_cast<unsigned int>(volumes.size());
  s.SamplesPerPixel = first.SamplesPerPixel;
  s.BitsAllocated = first.BitsAllocated;
  s.ComponentType = first.ComponentType;
  s.RescaleSlope = first.RescaleSlope;
  s.RescaleIntercept = first.RescaleIntercept;
  s.TotalFileBytes = 0;
  for (const SizeValueType i : seriesFiles)
  {
    s.TotalFileBytes += files[i].FileBytes;
  }
  s.NumberOfSlices = static_cast<unsigned int>(volume.size()) * first.Frames;

  // GDCMImageIO's geometry of the first file; a single file keeps its own spacing
  // (ImageSeriesReader with one file), a negative one flipped as ImageFileReader does.
  s.Origin = PositionOf(first);
  s.Direction = ParallelSeriesGeometry::DirectionFromCosines(first.Cosines);
  for (unsigned int d = 0; d < 3; ++d)
  {
    s.Spacing[d] = first.Spacing[d];
  }
  ParallelSeriesGeometry::FlipNegativeSpacing(s.Spacing, s.Direction);
  s.SliceSpacingSource = first.SliceSpacingSource;
  if (first.IsMosaic())
  {
    // A Siemens mosaic: the de-mosaicked volume (when its geometry is known; else the series
    // has an Error and the stored image's attributes stay).
    s.NumberOfImagesInMosaic = first.Mosaic.Layout.NumberOfTiles;
    s.MosaicColumns = first.Columns;
    s.MosaicRows = first.Rows;
    if (first.Mosaic.Error.empty())
    {
      s.Columns = first.Mosaic.Layout.TileColumns;
      s.Rows = first.Mosaic.Layout.TileRows;
      s.NumberOfSlices = first.Mosaic.Layout.NumberOfTiles;
      s.Origin = first.Mosaic.Origin;
      s.Spacing = first.Mosaic.Spacing;
      s.Direction = first.Mosaic.Direction;
      s.SliceSpacingSource = first.Mosaic.SliceSpacingSource;
    }
    return s;
  }
  if (volume.size() > 1)
  {
    // ImageSeriesReader: distance from the first to the last position over (n - 1).
    const Point<double, 3> last = PositionOf(files[volume.back()]);
    s.Spacing[2] = ParallelSeriesGeometry::SliceSpacingFromPositions(s.Origin, last, volume.size());
    s.SliceSpacingSource = "ImagePositionPatient";
    std::vector<Point<double, 3>> positions;
    for (const SizeValueType i : volume)
    {
      positions.push_back(PositionOf(files[i]));
    }
    s.SliceSpacingDeviation = ParallelSeriesGeometry::NonUniformSamplingDeviation(positions, s.Spacing[2]);
    s.StackTiltDegrees = ParallelSeriesGeometry::StackTiltDegrees(first.Cosines, s.Origin, last);
  }
  return s;
}
} // namespace ParallelSeriesScan
} // end namespace itk
