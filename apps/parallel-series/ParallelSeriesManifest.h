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
#ifndef ParallelSeriesManifest_h
#define ParallelSeriesManifest_h

// The manifest of parallel-series convert: OUTDIR/manifest.csv, one row per output (failed
// volumes included; a volume with a corrected output has two rows), written through a temporary file renamed at the end.

#include "ParallelSeriesSeriesOrder.h"

#include "itkPoint.h"

#include <cstddef>
#include <string>
#include <vector>

namespace ParallelSeriesApp
{
/** One row of manifest.csv: one output of a volume. */
struct ManifestRow
{
  const SeriesEntry * Series{ nullptr };
  unsigned int        Volume{ 0 };
  std::string         Path;                     ///< relative to the output directory
  unsigned long long  Size[3]{ 0, 0, 0 };       ///< of the DICOM volume
  double              Spacing[3]{ 1, 1, 1 };    ///< of the DICOM volume (positive)
  unsigned long long  OutputSize[3]{ 0, 0, 0 }; ///< of the written image (after preprocessing)
  size_t              Files{ 0 };
  double              Bytes{ 0.0 }; ///< decoded size
  bool                Ok{ false };
  std::string         Error;
  std::string         FailedFile;
  /** The geometry correction of this output (ParallelSeriesGeometry::StackCorrection::GetName()):
   * "none" for the volume as read; else the output is the volume resampled onto the true
   * positions of its slices, \c SlicePositions. */
  std::string                        Correction{ "none" };
  std::vector<itk::Point<double, 3>> SlicePositions;
  std::string                        SOPInstanceUID; ///< of the volume's first file
  unsigned long long                 Inode{ 0 };     ///< of the volume's first file (0: unknown)
};

/** Writes \c rows to \c fileName (CSV with a header line) through the temporary file
 * \c fileName.partial, renamed at the end. Returns an error message naming the file, empty on
 * success; on failure no temporary file is left behind. */
std::string
WriteManifest(const std::vector<ManifestRow> & rows, const std::string & fileName);
} // namespace ParallelSeriesApp

#endif
