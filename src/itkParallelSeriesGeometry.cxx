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
} // namespace ParallelSeriesGeometry
} // end namespace itk
