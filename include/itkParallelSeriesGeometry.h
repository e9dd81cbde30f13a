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

#include <string>
#include <vector>

namespace itk
{
/** \brief The geometry rules of stock ITK's DICOM series reading, written once for the scanner
 * (ParallelSeriesSummary), the reader (ParallelSeriesReader's outputs) and
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

/** Neighbour slice distances (along the slice normal) that differ from the first one by at most
 * this (mm) count as uniform: dcm2niix's threshold (isSameFloatT() in nii_dicom_batch.cpp). */
constexpr double SliceDistanceTolerance = 0.2;

/** A slice whose position is shifted in its own plane (along the IOP row and column) by more than
 * this (mm) relative to the first slice is not where the orthogonal geometry puts it (gantry
 * tilt, or a sheared stack). */
constexpr double InPlaneShiftTolerance = 0.01;

/** \brief What a stack of slices needs to be placed right on an orthogonal grid of equidistant
 * slices (NeededStackCorrection()): the one rule of the scanner's summary, the command-line
 * tool's --geometry-correction and SliceStackResampleImageFilter. */
struct StackCorrection
{
  /** Some slice is shifted in its plane by more than InPlaneShiftTolerance (gantry tilt):
   * dcm2niix's `_Tilt`. */
  bool Tilt{ false };
  /** Some neighbour distance along the normal differs from the first by more than the tolerance
   * (variable slice distance): dcm2niix's `_Eq`. */
  bool Equidistant{ false };
  /** Largest in-plane shift of a slice relative to the first (mm). */
  double MaximumInPlaneShift{ 0.0 };
  /** Largest |neighbour distance along the normal - the first one| (mm). */
  double MaximumDistanceDifference{ 0.0 };

  bool
  IsNeeded() const
  {
    return Tilt || Equidistant;
  }

  /** "none", "tilt", "equidistant" or "tilt+equidistant" (the manifest's and the metadata's
   * spelling). */
  const char *
  GetName() const
  {
    return Tilt ? (Equidistant ? "tilt+equidistant" : "tilt") : (Equidistant ? "equidistant" : "none");
  }
};

/** Whether the slices at \c positions (ImagePositionPatient of every slice, mm, in volume order)
 * lie where the orthogonal geometry of \c direction (columns: IOP row, IOP column, normal, as
 * DirectionFromCosines() gives) and equidistant slices put them. With r, c, n the columns and
 * d_k = P_k - P_0: the in-plane shift of slice k is |(d_k.r, d_k.c)|, its distance along the
 * normal z_k = d_k.n; Tilt when a shift exceeds InPlaneShiftTolerance, Equidistant when some
 * |(z_k - z_{k-1}) - (z_1 - z_0)| exceeds \c sliceDistanceTolerance. Fewer than 3 positions are
 * never Equidistant, fewer than 2 need nothing. Pure function: thread-safe. */
ParallelSeries_EXPORT StackCorrection
NeededStackCorrection(const Matrix<double, 3, 3> &          direction,
                      const std::vector<Point<double, 3>> & positions,
                      double                                sliceDistanceTolerance = SliceDistanceTolerance);
/** Whether a file is a projection image (one 2D image, never a slice of a stack): Modality
 * (0008,0060) DX, MG, CR, IO or PX, or SOPClassUID (0008,0016) one of the Digital X-Ray,
 * Digital Mammography, Digital Intra-Oral X-Ray (for presentation and for processing),
 * Computed Radiography or Breast Tomosynthesis storages (a DBT file is one multi-frame image:
 * its frames, never a stack of files), or a file without ImagePositionPatient (\c hasPosition
 * false: nothing places it in a cross-sectional stack). \c modality and \c sopClassUID are
 * trimmed values. The scanner makes every projection image a volume of its own (its frames for a
 * multi-frame file), with the in-plane spacing of ProjectionPixelSpacing() and an unknown origin
 * when it has no position. Pure function: thread-safe. */
ParallelSeries_EXPORT bool
IsProjectionImage(const std::string & modality, const std::string & sopClassUID, bool hasPosition);

/** The in-plane spacing of a projection image (IsProjectionImage()), mm, index order (column,
 * row): PixelSpacing (0028,0030) when the file has it (\c pixelSpacing, DICOM order (row,
 * column), null when absent or empty), else ImagerPixelSpacing (0018,1164) (\c imagerPixelSpacing,
 * the spacing at the detector, same order), else unknown. Returns where \c spacing came from:
 * "PixelSpacing", "ImagerPixelSpacing", or "" (then \c spacing is left as it is: the
 * placeholder 1 mm of GDCM, reported as unknown). A non-positive or non-finite pair counts as
 * absent. Pure function: thread-safe. */
ParallelSeries_EXPORT std::string
                      ProjectionPixelSpacing(const double * pixelSpacing, const double * imagerPixelSpacing, double spacing[2]);
} // namespace ParallelSeriesGeometry
} // end namespace itk

#endif
