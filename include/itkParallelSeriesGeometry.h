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
#ifndef itkParallelSeriesGeometry_h
#define itkParallelSeriesGeometry_h

#include "ParallelSeriesExport.h"
#include "itkIntTypes.h"
#include "itkMatrix.h"
#include "itkPoint.h"
#include "itkVector.h"

#include <vector>

namespace itk
{
/** \brief The geometry rules of stock ITK's DICOM series reading, written once for the scanner
 * (ParallelGDCMSeriesFileNames' SeriesSummary), the reader (ParallelSeriesReader's outputs) and
 * the command-line tool.
 *
 * Conventions: positions are ImagePositionPatient (0020,0032) values, spacings are distances,
 * both in mm in the patient coordinate system (LPS, DICOM PS3.3 C.7.6.2.1.1). Spacing and
 * direction are in index order (x = column, y = row, z = slice); direction column d is the
 * physical direction of index axis d. The functions are pure (no state, no I/O): thread-safe.
 *
 * \ingroup ParallelSeries
 */
namespace ParallelSeriesGeometry
{
/** The orthonormal direction matrix of a slice, as GDCMImageIO::InternalReadImageInformation()
 * computes it from ImageOrientationPatient (0020,0037): \c cosines = (row direction x, y, z,
 * column direction x, y, z); column 2 (slice direction) = row x column, normalized; then the
 * row direction is recomputed as column x slice and the column direction as slice x row, so
 * that the matrix is orthogonal even when the stored cosines are not. */
ParallelSeries_EXPORT Matrix<double, 3, 3>
DirectionFromCosines(const double cosines[6]);

/** ImageFileReader::GenerateOutputInformation()'s rule for a negative spacing (possible for a
 * multi-frame file, whose z spacing GDCM may report negative): every negative component of
 * \c spacing is made positive and direction column d (the direction of that index axis) is
 * negated, so that the physical position of every voxel stays the same. Components that are not
 * negative are left as they are. */
ParallelSeries_EXPORT void
FlipNegativeSpacing(Vector<double, 3> & spacing, Matrix<double, 3, 3> & direction);

/** The slice spacing (mm) ImageSeriesReader::GenerateOutputInformation() gives a volume of
 * \c numberOfSlices files (>= 2): the distance from the first file's position to the last one's
 * divided by (\c numberOfSlices - 1); 1.0 when the two positions coincide
 * (Math::AlmostEquals(distance, 0)). Only the first and last positions count: unevenly spaced
 * slices are reported by NonUniformSamplingDeviation(). \c numberOfSlices < 2 gives 1.0. */
ParallelSeries_EXPORT double
SliceSpacingFromPositions(const Point<double, 3> & first, const Point<double, 3> & last, SizeValueType numberOfSlices);

/** What ImageSeriesReader::GenerateData() records as "ITK_non_uniform_sampling_deviation" (mm):
 * the largest |spacing - d| over the distances d between consecutive \c positions (in volume
 * order) that differ from \c spacing (Math::AlmostEquals), where \c spacing is the slice spacing
 * of SliceSpacingFromPositions(). 0 when the slices are evenly spaced, when there are fewer than
 * two positions, or when the first and last positions coincide (ImageSeriesReader records
 * nothing then). */
ParallelSeries_EXPORT double
NonUniformSamplingDeviation(const std::vector<Point<double, 3>> & positions, double spacing);

/** The angle (degrees, in [0, 90]) between the slice normal of \c cosines
 * (ImageOrientationPatient: the cross product of its row and column cosines) and the line from
 * the \c first to the \c last ImagePositionPatient of a stack (mm): 0 for a stack whose slices
 * lie along their normal; a CT stack acquired with gantry tilt gives the tilt angle (measured from
 * the positions, so it does not depend on GantryDetectorTilt (0018,1120), which some exports
 * leave empty or 0). 0 when the two positions coincide (Math::AlmostEquals(distance, 0)). The
 * orthogonal geometry ImageSeriesReader gives such a stack puts every slice but the first at a
 * wrong position (by up to distance x sin(angle) mm). */
ParallelSeries_EXPORT double
StackTiltDegrees(const double cosines[6], const Point<double, 3> & first, const Point<double, 3> & last);
} // namespace ParallelSeriesGeometry
} // end namespace itk

#endif
