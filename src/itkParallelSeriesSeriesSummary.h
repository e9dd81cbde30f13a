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
#ifndef itkParallelSeriesSeriesSummary_h
#define itkParallelSeriesSeriesSummary_h

// Internal to the module (not installed): ParallelSeriesSummary (what ParallelGDCMSeriesFileNames::GetSeriesSummary()
// returns) from the records of an ordered series. A pure function on plain records: no I/O, thread-safe.

#include "ParallelSeriesExport.h"
#include "itkParallelSeriesSummary.h"
#include "itkParallelSeriesFileRecord.h"

#include <vector>

namespace itk
{
namespace ParallelSeriesScan
{
/** The summary of a series whose files are \c seriesFiles and whose volumes are \c volumes
 * (indices into \c files, as OrderSeries() gives them; \c volumes may be empty: an inconsistent
 * series), from the first file of the first volume (or of \c seriesFiles when there is no
 * volume): its attributes; TotalFileBytes over \c seriesFiles; NumberOfSlices = files of the
 * first volume x frames per file; Origin = its ImagePositionPatient; Direction =
 * ParallelSeriesGeometry::DirectionFromCosines() of its ImageOrientationPatient; Spacing = its
 * spacing, negative components flipped (ParallelSeriesGeometry::FlipNegativeSpacing()), and, for a
 * volume of several files, z = ParallelSeriesGeometry::SliceSpacingFromPositions() of the first
 * and last file of the volume: what ImageSeriesReader + GDCMImageIO give the first volume.
 * For a Siemens mosaic (first.IsMosaic()) the mosaic values (NumberOfImagesInMosaic,
 * MosaicColumns, MosaicRows) are set and, when its Mosaic.GetError() is empty, Columns, Rows,
 * NumberOfSlices and the geometry are those of the de-mosaicked volume (FileRecord::Mosaic).
 * When the first volume is part of one multi-frame file (\c frames, as OrderSeries()'s
 * SeriesOrder::Frames, non-empty for it: SplitFrames()), NumberOfSlices is its number of frames,
 * Origin the ImagePositionPatient of its first frame and Spacing[2] the
 * SliceSpacingFromPositions() of its first and last frames (SliceSpacingSource
 * "ImagePositionPatient", with the deviation and the stack tilt of its frames' positions).
 * SeriesIdentifier and Error are left empty (the caller's). \c seriesFiles must not be empty. */
ParallelSeries_EXPORT ParallelSeriesSummary
SummarizeSeries(const std::vector<FileRecord> &                 files,
                const std::vector<SizeValueType> &              seriesFiles,
                const std::vector<std::vector<SizeValueType>> & volumes,
                const std::vector<std::vector<unsigned int>> &  frames = {});
} // namespace ParallelSeriesScan
} // end namespace itk

#endif
