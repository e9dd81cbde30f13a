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
#include "itkParallelSeriesGeometry.h"

#include "itkMath.h"

#include <algorithm>
#include <cmath>

namespace itk
{
namespace ParallelSeriesGeometry
{

Matrix<double, 3, 3>
DirectionFromCosines(const double cosines[6])
{
  Vector<double, 3> row;
  Vector<double, 3> col;
  for (unsigned int i = 0; i < 3; ++i)
  {
    row[i] = cosines[i];
    col[i] = cosines[i + 3];
  }
  Vector<double, 3> slice = CrossProduct(row, col);
  slice.Normalize();
  row = CrossProduct(col, slice);
  row.Normalize();
  col = CrossProduct(slice, row);
  Matrix<double, 3, 3> direction;
  for (unsigned int i = 0; i < 3; ++i)
  {
    direction[i][0] = row[i];
    direction[i][1] = col[i];
    direction[i][2] = slice[i];
  }
  return direction;
}

void
FlipNegativeSpacing(Vector<double, 3> & spacing, Matrix<double, 3, 3> & direction)
{
  for (unsigned int d = 0; d < 3; ++d)
  {
    if (spacing[d] < 0)
    {
      spacing[d] = -spacing[d];
      for (unsigned int r = 0; r < 3; ++r)
      {
        direction[r][d] = -direction[r][d];
      }
    }
  }
}

double
SliceSpacingFromPositions(const Point<double, 3> & first, const Point<double, 3> & last, SizeValueType numberOfSlices)
{
  if (numberOfSlices < 2)
  {
    return 1.0;
  }
  const double norm = (last - first).GetNorm();
  return Math::AlmostEquals(norm, 0.0) ? 1.0 : norm / static_cast<double>(numberOfSlices - 1);
}

double
NonUniformSamplingDeviation(const std::vector<Point<double, 3>> & positions, double spacing)
{
  if (positions.size() < 2 || Math::AlmostEquals((positions.back() - positions.front()).GetNorm(), 0.0))
  {
    return 0.0;
  }
  double maxDeviation = 0.0;
  for (size_t k = 1; k < positions.size(); ++k)
  {
    const double d = (positions[k] - positions[k - 1]).GetNorm();
    if (!Math::AlmostEquals(d, spacing))
    {
      maxDeviation = std::max(maxDeviation, std::abs(spacing - d));
    }
  }
  return maxDeviation;
}

double
StackTiltDegrees(const double c[6], const Point<double, 3> & first, const Point<double, 3> & last)
{
  const Vector<double, 3> along = last - first;
  const double            length = along.GetNorm();
  Vector<double, 3>       normal;
  normal[0] = c[1] * c[5] - c[2] * c[4];
  normal[1] = c[2] * c[3] - c[0] * c[5];
  normal[2] = c[0] * c[4] - c[1] * c[3];
  const double normalLength = normal.GetNorm();
  if (Math::AlmostEquals(length, 0.0) || Math::AlmostEquals(normalLength, 0.0))
  {
    return 0.0;
  }
  const double cosine = std::min(1.0, std::abs(normal * along) / (length * normalLength));
  return std::acos(cosine) * 180.0 / Math::pi;
}

StackCorrection
NeededStackCorrection(const Matrix<double, 3, 3> &          direction,
                      const std::vector<Point<double, 3>> & positions,
                      double                                sliceDistanceTolerance)
{
  StackCorrection result;
  if (positions.size() < 2)
  {
    return result;
  }
  Vector<double, 3> axis[3];
  for (unsigned int d = 0; d < 3; ++d)
  {
    for (unsigned int i = 0; i < 3; ++i)
    {
      axis[d][i] = direction[i][d];
    }
  }
  double firstDistance = 0.0;
  double previous = 0.0;
  for (size_t k = 1; k < positions.size(); ++k)
  {
    const Vector<double, 3> d = positions[k] - positions[0];
    const double            u = d * axis[0];
    const double            v = d * axis[1];
    const double            z = d * axis[2];
    result.MaximumInPlaneShift = std::max(result.MaximumInPlaneShift, std::sqrt(u * u + v * v));
    const double distance = z - previous;
    if (k == 1)
    {
      firstDistance = distance;
    }
    result.MaximumDistanceDifference = std::max(result.MaximumDistanceDifference, std::abs(distance - firstDistance));
    previous = z;
  }
  result.Tilt = result.MaximumInPlaneShift > InPlaneShiftTolerance;
  result.Equidistant = result.MaximumDistanceDifference > sliceDistanceTolerance;
  return result;
}
bool
IsProjectionImage(const std::string & modality, const std::string & sopClassUID, bool hasPosition)
{
  static const char * const modalities[] = { "DX", "MG", "CR", "IO", "PX" };
  static const char * const classes[] = {
    "1.2.840.10008.5.1.4.1.1.1",      // Computed Radiography Image Storage
    "1.2.840.10008.5.1.4.1.1.1.1",    // Digital X-Ray Image Storage - For Presentation
    "1.2.840.10008.5.1.4.1.1.1.1.1",  // Digital X-Ray Image Storage - For Processing
    "1.2.840.10008.5.1.4.1.1.1.2",    // Digital Mammography X-Ray Image Storage - For Presentation
    "1.2.840.10008.5.1.4.1.1.1.2.1",  // Digital Mammography X-Ray Image Storage - For Processing
    "1.2.840.10008.5.1.4.1.1.1.3",    // Digital Intra-Oral X-Ray Image Storage - For Presentation
    "1.2.840.10008.5.1.4.1.1.1.3.1",  // Digital Intra-Oral X-Ray Image Storage - For Processing
    "1.2.840.10008.5.1.4.1.1.13.1.3", // Breast Tomosynthesis Image Storage
    "1.2.840.10008.5.1.4.1.1.13.1.4", // Breast Projection X-Ray Image Storage - For Presentation
    "1.2.840.10008.5.1.4.1.1.13.1.5"  // Breast Projection X-Ray Image Storage - For Processing
  };
  if (!hasPosition)
  {
    return true;
  }
  return std::any_of(std::begin(modalities), std::end(modalities), [&](const char * m) { return modality == m; }) ||
         std::any_of(std::begin(classes), std::end(classes), [&](const char * c) { return sopClassUID == c; });
}

std::string
ProjectionPixelSpacing(const double * pixelSpacing, const double * imagerPixelSpacing, double spacing[2])
{
  const auto usable = [](const double * p) {
    return p && std::isfinite(p[0]) && std::isfinite(p[1]) && p[0] > 0.0 && p[1] > 0.0;
  };
  const double * chosen =
    usable(pixelSpacing) ? pixelSpacing : (usable(imagerPixelSpacing) ? imagerPixelSpacing : nullptr);
  if (!chosen)
  {
    return {};
  }
  spacing[0] = chosen[1]; // DICOM gives (row spacing, column spacing)
  spacing[1] = chosen[0];
  return chosen == pixelSpacing ? "PixelSpacing" : "ImagerPixelSpacing";
}
} // namespace ParallelSeriesGeometry
} // end namespace itk
