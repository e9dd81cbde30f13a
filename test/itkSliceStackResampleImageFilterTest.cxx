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

#include "itkSliceStackResampleImageFilter.h"
#include "itkImageRegionConstIteratorWithIndex.h"
#include "itkImageRegionIteratorWithIndex.h"
#include "itkMultiThreaderBase.h"
#include "itkTestingMacros.h"

#include <cmath>
#include <iostream>
#include <random>

// SliceStackResampleImageFilter on synthetic stacks whose true slice positions are known:
// - a linear phantom f(X) = a + b x + c y + d z (X in mm, LPS), sampled at the true position of
//   every input voxel; trilinear interpolation reproduces f exactly, so every output voxel whose
//   physical point projects (along the normal) inside both neighbouring input slices must hold
//   f(that point), and every voxel whose point lies more than a pixel outside both must hold the
//   fill value (the input's minimum). Gantry tilt 15 and -30 degrees (image plane tilted, table
//   moving along z, as a tilted CT acquires), table steps 1, 1, 1, 2, 1 mm, both together;
// - geometry (size, spacing, origin, direction) against the values computed here from the
//   construction, on the first slice's in-plane grid and on the last one's (GridSlice);
// - constant inputs (no tilt, uniform spacing; axial and oblique; short and float) pass
//   through unchanged, bit for bit;
// - the result does not depend on the number of work units; bad positions throw.

namespace
{
using FloatImage = itk::Image<float, 3>;
using ShortImage = itk::Image<short, 3>;
using PointType = itk::Point<double, 3>;
using VectorType = itk::Vector<double, 3>;
using Positions = std::vector<PointType>;

constexpr double Pi = 3.14159265358979323846;

double
Phantom(const PointType & p)
{
  return 7.0 + 0.5 * p[0] - 1.25 * p[1] + 2.0 * p[2];
}

VectorType
Vec(double x, double y, double z)
{
  VectorType v;
  v[0] = x;
  v[1] = y;
  v[2] = z;
  return v;
}

VectorType
Cross(const VectorType & a, const VectorType & b)
{
  return Vec(a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]);
}

// A volume as the reader gives it: origin = first position, direction (r, c, r x c), z spacing
// = first-to-last distance / (n - 1) (ignored by the filter); voxel (i, j, k) at
// positions[k] + i sx r + j sy c, valued by `value`.
template <typename TImage, typename TValue>
typename TImage::Pointer
MakeStack(unsigned int       columns,
          unsigned int       rows,
          double             sx,
          double             sy,
          const VectorType & r,
          const VectorType & c,
          const Positions &  positions,
          TValue             value)
{
  auto                       image = TImage::New();
  typename TImage::SizeType  size = { { columns, rows, static_cast<itk::SizeValueType>(positions.size()) } };
  typename TImage::IndexType start = { { 0, 0, 0 } };
  image->SetRegions(typename TImage::RegionType(start, size));
  typename TImage::SpacingType spacing;
  spacing[0] = sx;
  spacing[1] = sy;
  spacing[2] = std::max(1e-3, positions.back().EuclideanDistanceTo(positions.front()) / (positions.size() - 1));
  image->SetSpacing(spacing);
  image->SetOrigin(positions.front());
  const VectorType               n = Cross(r, c);
  typename TImage::DirectionType direction;
  for (unsigned int i = 0; i < 3; ++i)
  {
    direction[i][0] = r[i];
    direction[i][1] = c[i];
    direction[i][2] = n[i];
  }
  image->SetDirection(direction);
  image->Allocate();
  for (itk::ImageRegionIteratorWithIndex<TImage> it(image, image->GetLargestPossibleRegion()); !it.IsAtEnd(); ++it)
  {
    const auto      idx = it.GetIndex();
    const PointType p = positions[idx[2]] + r * (idx[0] * sx) + c * (idx[1] * sy);
    it.Set(value(p, idx));
  }
  return image;
}

struct Stack
{
  const char * Name;
  unsigned int Columns, Rows;
  double       Sx, Sy;
  VectorType   R, C;
  Positions    P;
};

// Tilted CT: image plane tilted by `degrees` about the patient's x axis (row direction r = x,
// column direction c = (0, cos, sin)), table moving along +z by the given steps.
Stack
TiltedStack(const char * name, double degrees, const std::vector<double> & steps)
{
  const double t = degrees * Pi / 180.0;
  Stack        s{ name, 23, 17, 0.7, 0.9, Vec(1, 0, 0), Vec(0, std::cos(t), std::sin(t)), {} };
  PointType    p;
  p[0] = -12.3;
  p[1] = 4.5;
  p[2] = 101.7;
  s.P.push_back(p);
  for (double step : steps)
  {
    p[2] += step;
    s.P.push_back(p);
  }
  return s;
}

int
CheckGeometry(const FloatImage *             out,
              const char *                   name,
              const itk::Size<3> &           size,
              const itk::Vector<double, 3> & spacing,
              const PointType &              origin,
              const VectorType (&axes)[3])
{
  int failed = 0;
  if (out->GetLargestPossibleRegion().GetSize() != size)
  {
    std::cerr << name << ": size " << out->GetLargestPossibleRegion().GetSize() << " expected " << size << std::endl;
    failed = 1;
  }
  for (unsigned int d = 0; d < 3; ++d)
  {
    if (std::abs(out->GetSpacing()[d] - spacing[d]) > 1e-9 || std::abs(out->GetOrigin()[d] - origin[d]) > 1e-9)
    {
      failed = 1;
    }
    for (unsigned int i = 0; i < 3; ++i)
    {
      if (std::abs(out->GetDirection()[i][d] - axes[d][i]) > 1e-12)
      {
        failed = 1;
      }
    }
  }
  if (failed)
  {
    std::cerr << name << ": geometry spacing " << out->GetSpacing() << " expected " << spacing << ", origin "
              << out->GetOrigin() << " expected " << origin << ", direction\n"
              << out->GetDirection() << "expected columns " << axes[0] << axes[1] << axes[2] << std::endl;
  }
  return failed;
}

// Runs the filter on the linear phantom of `s` and checks geometry and every voxel.
int
CheckStack(const Stack & s, double expectedSliceSpacing, unsigned int expectedSlices, unsigned int gridSlice = 0)
{
  auto input = MakeStack<FloatImage>(
    s.Columns, s.Rows, s.Sx, s.Sy, s.R, s.C, s.P, [](const PointType & p, const FloatImage::IndexType &) {
      return static_cast<float>(Phantom(p));
    });
  auto filter = itk::SliceStackResampleImageFilter<FloatImage>::New();
  filter->SetInput(input);
  filter->SetSlicePositions(s.P);
  filter->SetGridSlice(gridSlice);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  const FloatImage * out = filter->GetOutput();

  // Expected geometry, from the construction: normal n = r x c; distances along it; in-plane
  // shifts along c (the table moves along z, r = x, so nothing moves along r), relative to the
  // grid slice, whose rows the output's rows are.
  const VectorType    n = Cross(s.R, s.C);
  std::vector<double> z, v;
  double              vMin = 0.0, vMax = 0.0;
  const double        vGrid = (s.P[gridSlice] - s.P[0]) * s.C;
  for (const auto & p : s.P)
  {
    z.push_back((p - s.P[0]) * n);
    v.push_back((p - s.P[0]) * s.C);
    vMin = std::min(vMin, (v.back() - vGrid) / s.Sy);
    vMax = std::max(vMax, (v.back() - vGrid) / s.Sy);
  }
  const double rowsBefore = std::floor(vMin + 1e-9);
  const double rowsAfter = std::ceil(vMax - 1e-9);
  itk::Size<3> size = {
    { s.Columns, s.Rows + static_cast<itk::SizeValueType>(rowsAfter - rowsBefore), expectedSlices }
  };
  itk::Vector<double, 3> spacing;
  spacing[0] = s.Sx;
  spacing[1] = s.Sy;
  spacing[2] = expectedSliceSpacing;
  const PointType  origin = s.P[0] + s.C * (vGrid + rowsBefore * s.Sy);
  const VectorType axes[3] = { s.R, s.C, n };
  if (CheckGeometry(out, s.Name, size, spacing, origin, axes))
  {
    return EXIT_FAILURE;
  }

  // Every voxel: inside both neighbouring slices -> f(X); a pixel or more outside both -> fill.
  const double fill = [&] {
    double m = 1e300;
    for (itk::ImageRegionConstIterator<FloatImage> it(input, input->GetLargestPossibleRegion()); !it.IsAtEnd(); ++it)
    {
      m = std::min(m, static_cast<double>(it.Get()));
    }
    return m;
  }();
  const double xMax = (s.Columns - 1) * s.Sx;
  const double yMax = (s.Rows - 1) * s.Sy;
  auto         where = [&](const PointType & x, unsigned int k) { // 0 inside, 2 far outside, 1 border
    const double a = (x - s.P[k]) * s.R;
    const double b = (x - s.P[k]) * s.C;
    const double e = 1e-6;
    if (a >= -e && a <= xMax + e && b >= -e && b <= yMax + e)
    {
      return 0;
    }
    if (a < -s.Sx || a > xMax + s.Sx || b < -s.Sy || b > yMax + s.Sy)
    {
      return 2;
    }
    return 1;
  };
  unsigned long inside = 0, outside = 0, border = 0, total = 0;
  double        worst = 0.0;
  for (itk::ImageRegionConstIteratorWithIndex<FloatImage> it(out, out->GetLargestPossibleRegion()); !it.IsAtEnd(); ++it)
  {
    ++total;
    PointType x;
    out->TransformIndexToPhysicalPoint(it.GetIndex(), x);
    const double zx = (x - s.P[0]) * n;
    if (zx < z.front() - 1e-9 || zx > z.back() + 1e-9)
    {
      std::cerr << s.Name << ": output slice " << it.GetIndex()[2] << " at " << zx << " mm outside the stack"
                << std::endl;
      return EXIT_FAILURE;
    }
    unsigned int b = 1;
    while (b + 1 < z.size() && z[b] < zx - 1e-9)
    {
      ++b;
    }
    const int wa = where(x, b - 1), wb = where(x, b);
    if (wa == 0 && wb == 0)
    {
      ++inside;
      const double err = std::abs(it.Get() - Phantom(x));
      worst = std::max(worst, err);
      if (err > 1e-3)
      {
        std::cerr << s.Name << ": voxel " << it.GetIndex() << " at " << x << " is " << it.Get() << ", expected "
                  << Phantom(x) << std::endl;
        return EXIT_FAILURE;
      }
    }
    else if (wa == 2 && wb == 2)
    {
      ++outside;
      if (it.Get() != static_cast<float>(fill))
      {
        std::cerr << s.Name << ": voxel " << it.GetIndex() << " outside the slices is " << it.Get()
                  << ", expected the fill value " << fill << std::endl;
        return EXIT_FAILURE;
      }
    }
    else
    {
      ++border;
    }
  }
  std::cout << s.Name << ": " << size << " voxels; " << inside << " inside (max |error| " << worst << "), " << outside
            << " outside, " << border << " border; slice spacing " << out->GetSpacing()[2] << std::endl;
  const bool tilted = rowsAfter - rowsBefore > 0;
  if (inside < total / 2 || (tilted && outside == 0))
  {
    std::cerr << s.Name << ": too few voxels checked" << std::endl;
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}

template <typename TImage>
int
CheckPassThrough(const char * name, const VectorType & r, const VectorType & c, double step)
{
  std::mt19937                       random(7);
  std::uniform_int_distribution<int> values(-1024, 3000);
  const VectorType                   n = Cross(r, c);
  Positions                          p;
  PointType                          first;
  first[0] = 10.25;
  first[1] = -33.5;
  first[2] = 7.125;
  for (unsigned int k = 0; k < 9; ++k)
  {
    p.push_back(first + n * (k * step));
  }
  auto input = MakeStack<TImage>(11, 13, 0.8, 0.6, r, c, p, [&](const PointType &, const typename TImage::IndexType &) {
    return static_cast<typename TImage::PixelType>(values(random));
  });
  input->SetSpacing([&] {
    auto sp = input->GetSpacing();
    sp[2] = step;
    return sp;
  }());
  auto filter = itk::SliceStackResampleImageFilter<TImage>::New();
  filter->SetInput(input);
  filter->SetSlicePositions(p);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  const TImage * out = filter->GetOutput();
  bool           same = out->GetLargestPossibleRegion() == input->GetLargestPossibleRegion();
  for (unsigned int d = 0; d < 3; ++d)
  {
    same = same && std::abs(out->GetSpacing()[d] - input->GetSpacing()[d]) < 1e-9 &&
           std::abs(out->GetOrigin()[d] - input->GetOrigin()[d]) < 1e-9;
    for (unsigned int i = 0; i < 3; ++i)
    {
      same = same && std::abs(out->GetDirection()[i][d] - input->GetDirection()[i][d]) < 1e-12;
    }
  }
  if (!same)
  {
    std::cerr << name << ": pass-through changed the geometry" << std::endl;
    out->Print(std::cerr);
    return EXIT_FAILURE;
  }
  itk::ImageRegionConstIterator<TImage> a(input, input->GetLargestPossibleRegion());
  itk::ImageRegionConstIterator<TImage> b(out, out->GetLargestPossibleRegion());
  for (; !a.IsAtEnd(); ++a, ++b)
  {
    if (a.Get() != b.Get())
    {
      std::cerr << name << ": pass-through changed a value at " << a.GetIndex() << ": " << a.Get() << " -> " << b.Get()
                << std::endl;
      return EXIT_FAILURE;
    }
  }
  if (!filter->GetUniformSpacing() || filter->GetMaximumInPlaneShift() > 1e-9)
  {
    std::cerr << name << ": pass-through reported non-uniform spacing or a shift" << std::endl;
    return EXIT_FAILURE;
  }
  std::cout << name << ": unchanged" << std::endl;
  return EXIT_SUCCESS;
}

int
CheckWorkUnits()
{
  const Stack                           s = TiltedStack("work units", -30.0, { 1, 1, 1, 2, 1, 1.5 });
  std::mt19937                          random(11);
  std::uniform_real_distribution<float> values(-1000.0f, 1000.0f);
  auto                                  input = MakeStack<FloatImage>(
    s.Columns, s.Rows, s.Sx, s.Sy, s.R, s.C, s.P, [&](const PointType &, const FloatImage::IndexType &) {
      return values(random);
    });
  FloatImage::Pointer reference;
  for (unsigned int units : { 1u, 2u, 7u, 64u })
  {
    auto filter = itk::SliceStackResampleImageFilter<FloatImage>::New();
    filter->SetInput(input);
    filter->SetSlicePositions(s.P);
    filter->SetNumberOfWorkUnits(units);
    ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
    FloatImage::Pointer out = filter->GetOutput();
    out->DisconnectPipeline();
    if (!reference)
    {
      reference = out;
      continue;
    }
    itk::ImageRegionConstIterator<FloatImage> a(reference, reference->GetLargestPossibleRegion());
    itk::ImageRegionConstIterator<FloatImage> b(out, out->GetLargestPossibleRegion());
    for (; !a.IsAtEnd(); ++a, ++b)
    {
      if (a.Get() != b.Get())
      {
        std::cerr << units << " work units differ from 1 at " << a.GetIndex() << std::endl;
        return EXIT_FAILURE;
      }
    }
  }
  std::cout << "1, 2, 7, 64 work units: the same output" << std::endl;
  return EXIT_SUCCESS;
}

int
CheckBadPositions()
{
  const Stack s = TiltedStack("bad", 15.0, { 1, 1, 1 });
  auto        input = MakeStack<FloatImage>(
    s.Columns, s.Rows, s.Sx, s.Sy, s.R, s.C, s.P, [](const PointType & p, const FloatImage::IndexType &) {
      return static_cast<float>(Phantom(p));
    });
  auto filter = itk::SliceStackResampleImageFilter<FloatImage>::New();
  ITK_EXERCISE_BASIC_OBJECT_METHODS(filter, SliceStackResampleImageFilter, WholeImageToImageFilter);
  filter->SetInput(input);
  ITK_TRY_EXPECT_EXCEPTION(filter->Update()); // no positions
  Positions fewer(s.P.begin(), s.P.end() - 1);
  filter->SetSlicePositions(fewer);
  ITK_TRY_EXPECT_EXCEPTION(filter->Update());
  Positions swapped = s.P;
  std::swap(swapped[1], swapped[2]);
  filter->SetSlicePositions(swapped);
  ITK_TRY_EXPECT_EXCEPTION(filter->Update());
  Positions repeated = s.P;
  repeated[2] = repeated[1];
  filter->SetSlicePositions(repeated);
  ITK_TRY_EXPECT_EXCEPTION(filter->Update());
  Positions moved = s.P;
  for (auto & p : moved)
  {
    p[0] += 1.0;
  }
  filter->SetSlicePositions(moved);
  ITK_TRY_EXPECT_EXCEPTION(filter->Update()); // the first position is not the input's origin
  filter->SetSlicePositions(s.P);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  ITK_TEST_SET_GET_VALUE(0.2, filter->GetSliceSpacingTolerance());
  filter->SetGridSlice(4);
  ITK_TRY_EXPECT_EXCEPTION(filter->Update()); // not a slice
  filter->SetGridSlice(3);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  ITK_TEST_SET_GET_BOOLEAN(filter, UsePixelPaddingValue, true);
  return EXIT_SUCCESS;
}

// Padding value: the fill value, and interpolation next to a padding voxel takes the nearest
// neighbour (dcm2niix issue 262).
int
CheckPaddingValue()
{
  const Stack s = TiltedStack("padding", 15.0, { 1, 1, 1, 1 });
  auto        input = MakeStack<ShortImage>(
    s.Columns, s.Rows, s.Sx, s.Sy, s.R, s.C, s.P, [](const PointType &, const ShortImage::IndexType & i) {
      return static_cast<short>(i[0] < 3 ? -2000 : 100 + 10 * i[1]);
    });
  auto filter = itk::SliceStackResampleImageFilter<ShortImage>::New();
  filter->SetInput(input);
  filter->SetSlicePositions(s.P);
  filter->SetPixelPaddingValue(-2000);
  filter->UsePixelPaddingValueOn();
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  for (itk::ImageRegionConstIteratorWithIndex<ShortImage> it(filter->GetOutput(),
                                                             filter->GetOutput()->GetLargestPossibleRegion());
       !it.IsAtEnd();
       ++it)
  {
    const short value = it.Get();
    if (value != -2000 && (value < 100 || value > 100 + 10 * (static_cast<int>(s.Rows) - 1)))
    {
      std::cerr << "padding: voxel " << it.GetIndex() << " mixes the padding value in: " << value << std::endl;
      return EXIT_FAILURE;
    }
    if (it.GetIndex()[0] < 3 && value != -2000)
    {
      std::cerr << "padding: voxel " << it.GetIndex() << " should be padding: " << value << std::endl;
      return EXIT_FAILURE;
    }
  }
  std::cout << "padding value: never interpolated" << std::endl;
  return EXIT_SUCCESS;
}

// The one rule of "needs a correction" (ParallelSeriesGeometry::NeededStackCorrection(), which
// the filter, the scanner's summary and the CLI use), at its thresholds, on an oblique plane:
// slice k at P_0 + z_k n + s_k c (n the normal, c the column direction).
int
CheckNeededCorrectionRule()
{
  namespace geometry = itk::ParallelSeriesGeometry;
  const double cosines[6] = { 0.8, 0.6, 0.0, 0.0, 0.0, -1.0 }; // row, column
  const auto   direction = geometry::DirectionFromCosines(cosines);
  auto         stack = [&](const std::vector<double> & z, const std::vector<double> & shift) {
    std::vector<PointType> p;
    for (size_t k = 0; k < z.size(); ++k)
    {
      PointType q;
      for (unsigned int i = 0; i < 3; ++i)
      {
        q[i] = 5.0 + z[k] * direction[i][2] + shift[k] * direction[i][1];
      }
      p.push_back(q);
    }
    return p;
  };
  struct Case
  {
    const char *        What;
    std::vector<double> Z, Shift;
    const char *        Name;
  };
  const Case cases[] = {
    { "uniform", { 0, 2, 4, 6 }, { 0, 0, 0, 0 }, "none" },
    { "distances 2, 2.19, 2", { 0, 2, 4.19, 6.19 }, { 0, 0, 0, 0 }, "none" },
    { "distances 2, 2.21, 2", { 0, 2, 4.21, 6.21 }, { 0, 0, 0, 0 }, "equidistant" },
    { "shift 0.009 mm", { 0, 2, 4, 6 }, { 0, 0.003, 0.006, 0.009 }, "none" },
    { "shift 0.011 mm", { 0, 2, 4, 6 }, { 0, 0.004, 0.008, 0.011 }, "tilt" },
    { "tilt 15 degrees", { 0, 2, 4, 6 }, { 0, 0.536, 1.072, 1.608 }, "tilt" },
    { "both", { 0, 2, 4, 8 }, { 0, 0.5, 1, 2 }, "tilt+equidistant" },
    { "two slices", { 0, 3 }, { 0, 0 }, "none" },
  };
  for (const Case & c : cases)
  {
    const auto needed = geometry::NeededStackCorrection(direction, stack(c.Z, c.Shift));
    std::cout << "needed correction, " << c.What << ": " << needed.GetName() << " (shift " << needed.MaximumInPlaneShift
              << " mm, distance difference " << needed.MaximumDistanceDifference << " mm)" << std::endl;
    if (std::string(needed.GetName()) != c.Name || needed.IsNeeded() != (std::string(c.Name) != "none"))
    {
      std::cerr << "needed correction, " << c.What << ": " << needed.GetName() << ", expected " << c.Name << std::endl;
      return EXIT_FAILURE;
    }
    // The filter agrees (on a stack of the same positions).
    if (c.Z.size() > 2)
    {
      auto input = MakeStack<FloatImage>(4,
                                         3,
                                         1.0,
                                         1.0,
                                         Vec(direction[0][0], direction[1][0], direction[2][0]),
                                         Vec(direction[0][1], direction[1][1], direction[2][1]),
                                         stack(c.Z, c.Shift),
                                         [](const PointType &, const FloatImage::IndexType &) { return 1.0f; });
      auto filter = itk::SliceStackResampleImageFilter<FloatImage>::New();
      filter->SetInput(input);
      filter->AddSlicePosition(PointType()); // replaced below
      filter->ClearSlicePositions();
      for (const PointType & p : stack(c.Z, c.Shift)) // one at a time, as wrapped languages do
      {
        filter->AddSlicePosition(p);
      }
      ITK_TEST_EXPECT_EQUAL(filter->GetSlicePositions().size(), c.Z.size());
      ITK_TRY_EXPECT_NO_EXCEPTION(filter->UpdateOutputInformation());
      if (filter->GetUniformSpacing() == needed.Equidistant ||
          (filter->GetMaximumInPlaneShift() > geometry::InPlaneShiftTolerance) != needed.Tilt)
      {
        std::cerr << "needed correction, " << c.What << ": the filter disagrees" << std::endl;
        return EXIT_FAILURE;
      }
    }
  }
  return EXIT_SUCCESS;
}
} // namespace

int
itkSliceStackResampleImageFilterTest(int, char *[])
{
  int  result = EXIT_SUCCESS;
  auto run = [&](int r) {
    if (r != EXIT_SUCCESS)
    {
      result = EXIT_FAILURE;
    }
  };
  const double c15 = std::cos(15.0 * Pi / 180.0);
  const double c30 = std::cos(30.0 * Pi / 180.0);
  // Tilt only: uniform table steps of 1.25 mm, slice spacing along the normal 1.25 cos(tilt).
  run(CheckNeededCorrectionRule());
  run(CheckStack(TiltedStack("tilt 15", 15.0, std::vector<double>(11, 1.25)), 1.25 * c15, 12));
  run(CheckStack(TiltedStack("tilt -30", -30.0, std::vector<double>(11, 1.25)), 1.25 * c30, 12));
  // On the last slice's grid (dcm2niix's when the slices move towards +c).
  run(CheckStack(TiltedStack("tilt 15, last slice's grid", 15.0, std::vector<double>(11, 1.25)), 1.25 * c15, 12, 11));
  run(CheckStack(TiltedStack("tilt 15, steps 1,1,1,2,1, last slice's grid", 15.0, { 1, 1, 1, 2, 1 }), c15, 7, 5));
  // Variable spacing only (distances 1, 1, 1, 2, 1 mm): the smallest, 1 mm; 7 slices (0..6 mm).
  run(CheckStack(TiltedStack("spacing 1,1,1,2,1", 0.0, { 1, 1, 1, 2, 1 }), 1.0, 7));
  // Both: table steps 1, 1, 1, 2, 1 mm with tilt 15 and -30 degrees.
  run(CheckStack(TiltedStack("tilt 15, steps 1,1,1,2,1", 15.0, { 1, 1, 1, 2, 1 }), c15, 7));
  run(CheckStack(TiltedStack("tilt -30, steps 1,1,1,2,1", -30.0, { 1, 1, 1, 2, 1 }), c30, 7));
  // dcm2niix's cap: more than 2 N slices -> 2 N slices over the same extent (0.1 mm smallest of
  // 4 slices spanning 10.1 mm: 8 slices, spacing 10.1 / 7).
  run(CheckStack(TiltedStack("cap at 2 N", 15.0, { 0.1, 5, 5 }), 10.1 * c15 / 7.0, 8));
  // Stack tilted against the normal in both in-plane directions (not only along c).
  {
    Stack     s = TiltedStack("oblique stack", 0.0, {});
    PointType p = s.P[0];
    for (unsigned int k = 0; k < 8; ++k)
    {
      p[0] += 0.3;
      p[1] -= 0.45;
      p[2] += 1.5;
      s.P.push_back(p);
    }
    auto input = MakeStack<FloatImage>(
      s.Columns, s.Rows, s.Sx, s.Sy, s.R, s.C, s.P, [](const PointType & x, const FloatImage::IndexType &) {
        return static_cast<float>(Phantom(x));
      });
    auto filter = itk::SliceStackResampleImageFilter<FloatImage>::New();
    filter->SetInput(input);
    filter->SetSlicePositions(s.P);
    ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
    // x grows by ceil(8 * 0.3 / 0.7) = 4 columns after, y by 4 rows before (8 * 0.45 / 0.9).
    const auto size = filter->GetOutput()->GetLargestPossibleRegion().GetSize();
    if (size[0] != s.Columns + 4 || size[1] != s.Rows + 4 || size[2] != 9)
    {
      std::cerr << "oblique stack: size " << size << std::endl;
      result = EXIT_FAILURE;
    }
    PointType x;
    for (itk::ImageRegionConstIteratorWithIndex<FloatImage> it(filter->GetOutput(),
                                                               filter->GetOutput()->GetLargestPossibleRegion());
         !it.IsAtEnd();
         ++it)
    {
      // Deep inside every slice: f(X) exactly.
      const auto i = it.GetIndex();
      if (i[0] >= 4 && i[0] < static_cast<long>(s.Columns) && i[1] >= 4 && i[1] < static_cast<long>(s.Rows))
      {
        filter->GetOutput()->TransformIndexToPhysicalPoint(i, x);
        if (std::abs(it.Get() - Phantom(x)) > 1e-3)
        {
          std::cerr << "oblique stack: voxel " << i << " is " << it.Get() << " expected " << Phantom(x) << std::endl;
          result = EXIT_FAILURE;
          break;
        }
      }
    }
    std::cout << "oblique stack: " << size << std::endl;
  }
  const VectorType ax = Vec(1, 0, 0), ay = Vec(0, 1, 0);
  const double     t = 0.3;
  const VectorType r = Vec(std::cos(t), std::sin(t), 0.0);
  const VectorType c = Vec(-std::sin(t) * std::cos(0.2), std::cos(t) * std::cos(0.2), std::sin(0.2));
  run(CheckPassThrough<ShortImage>("pass-through short axial", ax, ay, 2.5));
  run(CheckPassThrough<FloatImage>("pass-through float axial", ax, ay, 0.7));
  run(CheckPassThrough<ShortImage>("pass-through short oblique", r, c, 1.1));
  run(CheckPassThrough<FloatImage>("pass-through float oblique", r, c, 3.0));
  run(CheckWorkUnits());
  run(CheckBadPositions());
  run(CheckPaddingValue());
  return result;
}
