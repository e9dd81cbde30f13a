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

ParallelSeriesSummary
SummarizeSeries(const std::vector<FileRecord> &                 files,
                const std::vector<SizeValueType> &              seriesFiles,
                const std::vector<std::vector<SizeValueType>> & volumes,
                const std::vector<std::vector<unsigned int>> &  frames)
{
  ParallelSeriesSummary              s;
  const std::vector<SizeValueType> & volume = volumes.empty() ? seriesFiles : volumes.front();
  const FileRecord &                 first = files[volume.front()];
  s.SetSeriesInstanceUID(first.SeriesInstanceUID);
  s.SetStudyInstanceUID(first.StudyInstanceUID);
  s.SetSeriesNumber(first.SeriesNumber);
  s.SetSeriesDescription(first.SeriesDescription);
  s.SetModality(first.Modality);
  s.SetTransferSyntaxUID(first.TransferSyntaxUID);
  s.SetPhotometricInterpretation(first.PhotometricInterpretation);
  s.SetColumns(first.Columns);
  s.SetRows(first.Rows);
  s.SetNumberOfFiles(static_cast<unsigned int>(seriesFiles.size()));
  s.SetNumberOfFramesPerFile(first.Frames);
  s.SetNumberOfVolumes(static_cast<unsigned int>(volumes.size()));
  s.SetSamplesPerPixel(first.SamplesPerPixel);
  s.SetBitsAllocated(first.BitsAllocated);
  s.SetComponentType(first.ComponentType);
  s.SetRescaleSlope(first.RescaleSlope);
  s.SetRescaleIntercept(first.RescaleIntercept);
  unsigned long long totalFileBytes = 0;
  for (const SizeValueType i : seriesFiles)
  {
    totalFileBytes += files[i].FileBytes;
  }
  s.SetTotalFileBytes(totalFileBytes);
  s.SetNumberOfSlices(static_cast<unsigned int>(volume.size()) * first.Frames);

  // GDCMImageIO's geometry of the first file; a single file keeps its own spacing
  // (ImageSeriesReader with one file), a negative one flipped as ImageFileReader does.
  const Point<double, 3> origin = PositionOf(first);
  Matrix<double, 3, 3>   direction = ParallelSeriesGeometry::DirectionFromCosines(first.Cosines);
  Vector<double, 3>      spacing;
  for (unsigned int d = 0; d < 3; ++d)
  {
    spacing[d] = first.Spacing[d];
  }
  ParallelSeriesGeometry::FlipNegativeSpacing(spacing, direction);
  s.SetSliceSpacingSource(first.SliceSpacingSource);
  s.SetPixelSpacingSource(first.PixelSpacingSource);
  s.SetOriginKnown(first.HasPosition);
  if (first.IsMosaic())
  {
    // A Siemens mosaic: the de-mosaicked volume (when its geometry is known; else the series
    // has an Error and the stored image's attributes stay).
    const ParallelSeriesMosaicInfo & mosaic = first.Mosaic;
    s.SetNumberOfImagesInMosaic(mosaic.GetLayout().GetNumberOfTiles());
    s.SetMosaicColumns(first.Columns);
    s.SetMosaicRows(first.Rows);
    if (mosaic.GetError().empty())
    {
      s.SetColumns(mosaic.GetLayout().GetTileColumns());
      s.SetRows(mosaic.GetLayout().GetTileRows());
      s.SetNumberOfSlices(mosaic.GetLayout().GetNumberOfTiles());
      s.SetOrigin(mosaic.GetOrigin());
      s.SetSpacing(mosaic.GetSpacing());
      s.SetDirection(mosaic.GetDirection());
      s.SetSliceSpacingSource(mosaic.GetSliceSpacingSource());
    }
    else
    {
      s.SetOrigin(origin);
      s.SetDirection(direction);
      s.SetSpacing(spacing);
    }
    return s;
  }
  if (!volumes.empty() && !frames.empty() && !frames.front().empty())
  {
    // Part of one multi-frame file: its frames' per-frame positions, as for files (the frames
    // are in ascending order along the normal).
    std::vector<Point<double, 3>> positions;
    for (const unsigned int k : frames.front())
    {
      Point<double, 3> p;
      for (unsigned int i = 0; i < 3; ++i)
      {
        p[i] = first.FrameRecords[k].Position[i];
      }
      positions.push_back(p);
    }
    s.SetNumberOfSlices(static_cast<unsigned int>(positions.size()));
    if (positions.size() > 1) // one frame keeps the file's spacing, as a single file
    {
      direction = ParallelSeriesGeometry::DirectionFromCosines(first.Cosines); // z: the normal
      spacing[2] =
        ParallelSeriesGeometry::SliceSpacingFromPositions(positions.front(), positions.back(), positions.size());
      s.SetSliceSpacingSource("ImagePositionPatient");
      s.SetSliceSpacingDeviation(ParallelSeriesGeometry::NonUniformSamplingDeviation(positions, spacing[2]));
      s.SetStackTiltDegrees(
        ParallelSeriesGeometry::StackTiltDegrees(first.Cosines, positions.front(), positions.back()));
    }
    s.SetOrigin(positions.front());
    s.SetDirection(direction);
    s.SetSpacing(spacing);
    return s;
  }
  if (volume.size() > 1)
  {
    // ImageSeriesReader: distance from the first to the last position over (n - 1).
    const Point<double, 3> last = PositionOf(files[volume.back()]);
    spacing[2] = ParallelSeriesGeometry::SliceSpacingFromPositions(origin, last, volume.size());
    s.SetSliceSpacingSource("ImagePositionPatient");
    std::vector<Point<double, 3>> positions;
    for (const SizeValueType i : volume)
    {
      positions.push_back(PositionOf(files[i]));
    }
    s.SetSliceSpacingDeviation(ParallelSeriesGeometry::NonUniformSamplingDeviation(positions, spacing[2]));
    s.SetStackTiltDegrees(ParallelSeriesGeometry::StackTiltDegrees(first.Cosines, origin, last));
    s.SetGeometryCorrection(ParallelSeriesGeometry::NeededStackCorrection(direction, positions).GetName());
  }
  s.SetOrigin(origin);
  s.SetDirection(direction);
  s.SetSpacing(spacing);
  return s;
}
} // namespace ParallelSeriesScan
} // end namespace itk
