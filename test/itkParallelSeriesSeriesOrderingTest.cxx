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

// Unit tests of the scanner's pure functions (src/itkParallelSeriesSeriesOrdering.h,
// itkParallelSeriesSeriesSummary.h, itkParallelSeriesFileRecord.h) and of the shared geometry
// rules (include/itkParallelSeriesGeometry.h), on hand-made records: no DICOM files. The
// expected values are computed by hand in the comments.

#include "itkParallelSeriesFileRecord.h"
#include "itkParallelSeriesGeometry.h"
#include "itkParallelSeriesSeriesOrdering.h"
#include "itkParallelSeriesSeriesSummary.h"
#include "itkTestingMacros.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <random>

namespace
{
using itk::SizeValueType;
using itk::ParallelSeriesScan::FileRecord;
using Indices = std::vector<SizeValueType>;
using SummaryType = itk::ParallelSeriesSummary;

bool
Near(double a, double b, double tolerance = 1e-9)
{
  return std::abs(a - b) <= tolerance;
}

/** A record at \c position with orientation \c cosines. */
FileRecord
Slice(const std::string & name,
      double              x,
      double              y,
      double              z,
      int                 instance = -1,
      const double        cosines[6] = nullptr,
      const std::string & sopInstanceUID = "")
{
  FileRecord r;
  r.FileName = name;
  r.Position[0] = x;
  r.Position[1] = y;
  r.Position[2] = z;
  r.InstanceNumber = instance;
  r.SOPInstanceUID = sopInstanceUID.empty() ? "1.2.3." + name : sopInstanceUID;
  if (cosines)
  {
    std::copy(cosines, cosines + 6, r.Cosines);
  }
  r.Columns = 4;
  r.Rows = 3;
  return r;
}

Indices
AllOf(const std::vector<FileRecord> & files)
{
  Indices all(files.size());
  for (size_t i = 0; i < all.size(); ++i)
  {
    all[i] = i;
  }
  return all;
}

/** File names of \c indices, for readable comparisons. */
std::vector<std::string>
Names(const std::vector<FileRecord> & files, const Indices & indices)
{
  std::vector<std::string> names;
  for (const SizeValueType i : indices)
  {
    names.push_back(files[i].FileName);
  }
  return names;
}

SummaryType
SeriesKey(const std::string & study, const std::string & number, const std::string & identifier)
{
  SummaryType s;
  s.SetStudyInstanceUID(study);
  s.SetSeriesNumber(number);
  s.SetSeriesIdentifier(identifier);
  return s;
}
} // namespace

int
itkParallelSeriesSeriesOrderingTest(int, char *[])
{
  using namespace itk::ParallelSeriesScan;
  namespace geometry = itk::ParallelSeriesGeometry;

  // 1. Axial stack (IOP 1,0,0 / 0,1,0: normal (0,0,1)), listed out of order: sorted by z.
  {
    const std::vector<FileRecord> files = { Slice("z10", -100, -120, 10, 3),
                                            Slice("z0", -100, -120, 0, 1),
                                            Slice("z5", -100, -120, 5, 2) };
    const std::vector<double>     dist = DistancesAlongNormal(files, AllOf(files));
    ITK_TEST_EXPECT_TRUE(dist == std::vector<double>({ 10, 0, 5 }));
    const SeriesOrder order = OrderSeries(files, AllOf(files));
    ITK_TEST_EXPECT_TRUE(Names(files, order.Files) == std::vector<std::string>({ "z0", "z5", "z10" }));
    ITK_TEST_EXPECT_EQUAL(order.Volumes.size(), 1u);
    ITK_TEST_EXPECT_TRUE(order.Volumes[0] == order.Files);
    ITK_TEST_EXPECT_TRUE(order.Error.empty());

    // Summary: origin = first slice, identity direction, in-plane spacing of the file, z spacing
    // = |(0,0,10) - (0,0,0)| / (3 - 1) = 5 (not the file's 3).
    std::vector<FileRecord> spaced = files;
    for (auto & r : spaced)
    {
      r.Spacing[0] = 0.7;
      r.Spacing[1] = 0.8;
      r.Spacing[2] = 3.0;
      r.FileBytes = 1000;
    }
    const SummaryType s = SummarizeSeries(spaced, order.Files, order.Volumes);
    ITK_TEST_EXPECT_TRUE(Near(s.GetOrigin()[0], -100) && Near(s.GetOrigin()[1], -120) && Near(s.GetOrigin()[2], 0));
    ITK_TEST_EXPECT_TRUE(Near(s.GetSpacing()[0], 0.7) && Near(s.GetSpacing()[1], 0.8) && Near(s.GetSpacing()[2], 5.0));
    for (unsigned int i = 0; i < 3; ++i)
    {
      for (unsigned int j = 0; j < 3; ++j)
      {
        ITK_TEST_EXPECT_TRUE(Near(s.GetDirection()[i][j], i == j ? 1.0 : 0.0));
      }
    }
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfFiles(), 3u);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfVolumes(), 1u);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfSlices(), 3u);
    ITK_TEST_EXPECT_EQUAL(s.GetTotalFileBytes(), 3000u);
    ITK_TEST_EXPECT_EQUAL(s.GetColumns(), 4u);
    ITK_TEST_EXPECT_EQUAL(s.GetRows(), 3u);
  }

  // 2. Reversed stack: column cosines (0,-1,0) give the normal (1,0,0) x (0,-1,0) = (0,0,-1), so
  // the distances are -z and the volume starts at the highest z. Direction (GDCMImageIO):
  // columns (1,0,0), (0,-1,0), (0,0,-1).
  {
    const double                  iop[6] = { 1, 0, 0, 0, -1, 0 };
    const std::vector<FileRecord> files = { Slice("z0", 0, 0, 0, 1, iop),
                                            Slice("z10", 0, 0, 10, 3, iop),
                                            Slice("z5", 0, 0, 5, 2, iop) };
    const std::vector<double>     dist = DistancesAlongNormal(files, AllOf(files));
    ITK_TEST_EXPECT_TRUE(Near(dist[0], 0) && Near(dist[1], -10) && Near(dist[2], -5));
    const SeriesOrder order = OrderSeries(files, AllOf(files));
    ITK_TEST_EXPECT_TRUE(Names(files, order.Files) == std::vector<std::string>({ "z10", "z5", "z0" }));
    ITK_TEST_EXPECT_EQUAL(order.Volumes.size(), 1u);
    const SummaryType s = SummarizeSeries(files, order.Files, order.Volumes);
    ITK_TEST_EXPECT_TRUE(Near(s.GetOrigin()[2], 10));
    ITK_TEST_EXPECT_TRUE(Near(s.GetSpacing()[2], 5.0));
    const double expected[3][3] = { { 1, 0, 0 }, { 0, -1, 0 }, { 0, 0, -1 } };
    for (unsigned int i = 0; i < 3; ++i)
    {
      for (unsigned int j = 0; j < 3; ++j)
      {
        ITK_TEST_EXPECT_TRUE(Near(s.GetDirection()[i][j], expected[i][j]));
      }
    }
  }

  // 3. Oblique stack: row (1,0,0), column (0,0.8,0.6): normal (0,-0.6,0.8) (unit). Slices 2.5 mm
  // apart along it from (10,20,30): step (0,-1.5,2), distances -0.6 y + 0.8 z = 12, 14.5, 17,
  // 19.5. Listed as p2, p0, p3, p1; z spacing |(0,-4.5,6)| / 3 = 7.5 / 3 = 2.5.
  {
    const double                  iop[6] = { 1, 0, 0, 0, 0.8, 0.6 };
    const std::vector<FileRecord> files = { Slice("p2", 10, 17, 34, -1, iop),
                                            Slice("p0", 10, 20, 30, -1, iop),
                                            Slice("p3", 10, 15.5, 36, -1, iop),
                                            Slice("p1", 10, 18.5, 32, -1, iop) };
    const std::vector<double>     dist = DistancesAlongNormal(files, AllOf(files));
    ITK_TEST_EXPECT_TRUE(Near(dist[0], 17) && Near(dist[1], 12) && Near(dist[2], 19.5) && Near(dist[3], 14.5));
    const SeriesOrder order = OrderSeries(files, AllOf(files));
    ITK_TEST_EXPECT_TRUE(Names(files, order.Files) == std::vector<std::string>({ "p0", "p1", "p2", "p3" }));
    ITK_TEST_EXPECT_EQUAL(order.Volumes.size(), 1u);
    const SummaryType s = SummarizeSeries(files, order.Files, order.Volumes);
    ITK_TEST_EXPECT_TRUE(Near(s.GetSpacing()[2], 2.5));
    ITK_TEST_EXPECT_TRUE(Near(s.GetOrigin()[1], 20) && Near(s.GetOrigin()[2], 30));
    // Slice direction = the normal; column direction kept: (0,0.8,0.6).
    ITK_TEST_EXPECT_TRUE(Near(s.GetDirection()[0][2], 0) && Near(s.GetDirection()[1][2], -0.6) &&
                         Near(s.GetDirection()[2][2], 0.8));
    ITK_TEST_EXPECT_TRUE(Near(s.GetDirection()[1][1], 0.8) && Near(s.GetDirection()[2][1], 0.6));
    // The normal comes from the first listed file only.
    const Indices fromP0 = { 1, 0, 2, 3 };
    ITK_TEST_EXPECT_TRUE(DistancesAlongNormal(files, fromP0)[0] == dist[1]);
  }

  // 4. Ties. Two files at one position, one at another: positions are not unique, instance
  // numbers are: stock order by InstanceNumber. The positions hold 2 and 1 files: inconsistent,
  // no volume; the error names the position that differs from the most common count (counts 1
  // and 2 are as common: the smaller, 1, is taken as usual, as std::max_element gives it).
  {
    const std::vector<FileRecord> files = { Slice("b", 0, 0, 0, 3), Slice("a", 0, 0, 0, 1), Slice("c", 0, 0, 5, 2) };
    const SeriesOrder             order = OrderSeries(files, AllOf(files));
    ITK_TEST_EXPECT_TRUE(Names(files, order.Files) == std::vector<std::string>({ "a", "c", "b" }));
    ITK_TEST_EXPECT_TRUE(order.Volumes.empty());
    std::cout << "inconsistent: " << order.Error << std::endl;
    ITK_TEST_EXPECT_TRUE(order.Error.find("inconsistent series: 3 files at 2 distinct positions") == 0);
    ITK_TEST_EXPECT_TRUE(order.Error.find("2 file(s) instead of 1 at position (0, 0, 0): \"b\" \"a\"") !=
                         std::string::npos);
  }
  // Same, with equal instance numbers: stock order by file name.
  {
    const std::vector<FileRecord> files = { Slice("b", 0, 0, 0, 7), Slice("c", 0, 0, 5, 7), Slice("a", 0, 0, 0, 7) };
    const SeriesOrder             order = OrderSeries(files, AllOf(files));
    ITK_TEST_EXPECT_TRUE(Names(files, order.Files) == std::vector<std::string>({ "a", "b", "c" }));
  }
  // All files at one position (e.g. a time series of one slice, one image saved three times):
  // not a stack (stock ITK stacks them 1 mm apart); one volume per file, by InstanceNumber.
  {
    std::vector<FileRecord> files = { Slice("t2", 1, 2, 3, 2), Slice("t3", 1, 2, 3, 3), Slice("t1", 1, 2, 3, 1) };
    const SeriesOrder       order = OrderSeries(files, AllOf(files));
    ITK_TEST_EXPECT_TRUE(Names(files, order.Files) == std::vector<std::string>({ "t1", "t2", "t3" }));
    ITK_TEST_EXPECT_EQUAL(order.Volumes.size(), 3u);
    for (size_t v = 0; v < order.Volumes.size(); ++v)
    {
      ITK_TEST_EXPECT_TRUE(order.Volumes[v] == Indices({ order.Files[v] }));
    }
    // One slice per volume; its z spacing is the file's, and where it comes from is said: no
    // attribute gives it here (CT: GDCM's placeholder 1), so the source is empty.
    SummaryType s = SummarizeSeries(files, order.Files, order.Volumes);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfSlices(), 1u);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfVolumes(), 3u);
    ITK_TEST_EXPECT_EQUAL(s.GetSliceSpacingSource(), std::string());
    ITK_TEST_EXPECT_EQUAL(s.GetStackTiltDegrees(), 0.0);
    for (auto & r : files)
    {
      r.Spacing[2] = 4.0;
      r.SliceSpacingSource = "SpacingBetweenSlices";
    }
    s = SummarizeSeries(files, order.Files, order.Volumes);
    ITK_TEST_EXPECT_TRUE(Near(s.GetSpacing()[2], 4.0));
    ITK_TEST_EXPECT_EQUAL(s.GetSliceSpacingSource(), std::string("SpacingBetweenSlices"));

    // Copies of one instance among co-located files count once; an undamaged copy is preferred
    // to a damaged one, whichever is listed first (pydicom's MR_small*.dcm: one instance in
    // several encodings, one of them truncated).
    std::vector<FileRecord> copies = { Slice("a-truncated", 1, 2, 3, 1, nullptr, "1.9.1"),
                                       Slice("big-endian", 1, 2, 3, 1, nullptr, "1.9.1"),
                                       Slice("other", 1, 2, 3, 2, nullptr, "1.9.2"),
                                       Slice("implicit", 1, 2, 3, 1, nullptr, "1.9.1") };
    copies[0].Damage = "truncated file";
    const SeriesOrder c = OrderSeries(copies, AllOf(copies));
    ITK_TEST_EXPECT_EQUAL(c.Volumes.size(), 2u);
    ITK_TEST_EXPECT_TRUE(Names(copies, c.Volumes[0]) == std::vector<std::string>({ "big-endian" }));
    ITK_TEST_EXPECT_TRUE(Names(copies, c.Volumes[1]) == std::vector<std::string>({ "other" }));
    // Only damaged copies: the damaged one stays (and fails its volume when read).
    std::vector<FileRecord> damaged = { copies[0] };
    ITK_TEST_EXPECT_TRUE(Names(damaged, OrderSeries(damaged, AllOf(damaged)).Volumes[0]) ==
                         std::vector<std::string>({ "a-truncated" }));
    // Files without ImagePositionPatient (projection images: all at GDCM's (0,0,0)) likewise.
    std::vector<FileRecord> projections = { Slice("cr2", 0, 0, 0, 2), Slice("cr1", 0, 0, 0, 1) };
    ITK_TEST_EXPECT_EQUAL(OrderSeries(projections, AllOf(projections)).Volumes.size(), 2u);
  }

  // 5. Repeated positions (fMRI, DWI): 3 positions x 2 files, volume A = instances 1..3, B = 4..6,
  // listed shuffled. Stock order: by InstanceNumber. Volume v = the v-th file (by InstanceNumber)
  // of every position, by position.
  {
    std::vector<FileRecord> files = { Slice("B5", 0, 0, 5, 5),   Slice("A0", 0, 0, 0, 1), Slice("B10", 0, 0, 10, 6),
                                      Slice("A10", 0, 0, 10, 3), Slice("B0", 0, 0, 0, 4), Slice("A5", 0, 0, 5, 2) };
    const SeriesOrder       order = OrderSeries(files, AllOf(files));
    ITK_TEST_EXPECT_TRUE(Names(files, order.Files) ==
                         std::vector<std::string>({ "A0", "A5", "A10", "B0", "B5", "B10" }));
    ITK_TEST_EXPECT_EQUAL(order.Volumes.size(), 2u);
    ITK_TEST_EXPECT_TRUE(Names(files, order.Volumes[0]) == std::vector<std::string>({ "A0", "A5", "A10" }));
    ITK_TEST_EXPECT_TRUE(Names(files, order.Volumes[1]) == std::vector<std::string>({ "B0", "B5", "B10" }));
    ITK_TEST_EXPECT_TRUE(order.Error.empty());
    // The summary describes the first volume: 3 slices, z spacing 10 / 2 = 5, 6 files.
    const SummaryType s = SummarizeSeries(files, order.Files, order.Volumes);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfSlices(), 3u);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfFiles(), 6u);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfVolumes(), 2u);
    ITK_TEST_EXPECT_TRUE(Near(s.GetSpacing()[2], 5.0));
    // Equal instance numbers at a position: by file name within the position.
    for (auto & r : files)
    {
      r.InstanceNumber = 1;
    }
    const SeriesOrder byName = OrderSeries(files, AllOf(files));
    ITK_TEST_EXPECT_TRUE(Names(files, byName.Volumes[0]) == std::vector<std::string>({ "A0", "A5", "A10" }));
    ITK_TEST_EXPECT_TRUE(Names(files, byName.Volumes[1]) == std::vector<std::string>({ "B0", "B5", "B10" }));
  }

  // 6. Copies of one instance (same SOPInstanceUID at the same position, e.g. the same file in
  // two folders) count once: one volume of 2 slices, while the series keeps all 3 files.
  {
    const std::vector<FileRecord> files = { Slice("d1/a", 0, 0, 0, 1, nullptr, "1.9.1"),
                                            Slice("d2/a", 0, 0, 0, 1, nullptr, "1.9.1"),
                                            Slice("d1/b", 0, 0, 2, 2, nullptr, "1.9.2") };
    const SeriesOrder             order = OrderSeries(files, AllOf(files));
    ITK_TEST_EXPECT_TRUE(Names(files, order.Files) == std::vector<std::string>({ "d1/a", "d1/b", "d2/a" }));
    ITK_TEST_EXPECT_EQUAL(order.Volumes.size(), 1u);
    ITK_TEST_EXPECT_TRUE(Names(files, order.Volumes[0]) == std::vector<std::string>({ "d1/a", "d1/b" }));
    // Without SOPInstanceUIDs they are not copies: 2 files and 1 file, inconsistent.
    std::vector<FileRecord> anonymous = files;
    for (auto & r : anonymous)
    {
      r.SOPInstanceUID.clear();
    }
    ITK_TEST_EXPECT_TRUE(OrderSeries(anonymous, AllOf(anonymous)).Volumes.empty());
    // A damaged first copy gives way to an undamaged one at the same position.
    std::vector<FileRecord> damaged = files;
    damaged[0].Damage = "truncated file";
    const SeriesOrder d = OrderSeries(damaged, AllOf(damaged));
    ITK_TEST_EXPECT_EQUAL(d.Volumes.size(), 1u);
    ITK_TEST_EXPECT_TRUE(Names(damaged, d.Volumes[0]) == std::vector<std::string>({ "d2/a", "d1/b" }));
  }

  // 7. Multi-frame files: one volume per file (in stock order); a single one is one volume.
  {
    std::vector<FileRecord> files = { Slice("m2", 0, 0, 4), Slice("m1", 0, 0, 0) };
    files[0].Frames = files[1].Frames = 10;
    const SeriesOrder order = OrderSeries(files, AllOf(files));
    ITK_TEST_EXPECT_EQUAL(order.Volumes.size(), 2u);
    ITK_TEST_EXPECT_TRUE(Names(files, order.Volumes[0]) == std::vector<std::string>({ "m1" }));
    ITK_TEST_EXPECT_TRUE(Names(files, order.Volumes[1]) == std::vector<std::string>({ "m2" }));
    // A single multi-frame file with GDCM's negative z spacing: spacing made positive, the slice
    // direction flipped (ImageFileReader); 10 slices.
    files[1].Spacing[0] = 0.5;
    files[1].Spacing[1] = 0.5;
    files[1].Spacing[2] = -2.0;
    const Indices     one = { 1 };
    const SeriesOrder single = OrderSeries(files, one);
    ITK_TEST_EXPECT_EQUAL(single.Volumes.size(), 1u);
    const SummaryType s = SummarizeSeries(files, single.Files, single.Volumes);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfSlices(), 10u);
    ITK_TEST_EXPECT_TRUE(Near(s.GetSpacing()[0], 0.5) && Near(s.GetSpacing()[1], 0.5) && Near(s.GetSpacing()[2], 2.0));
    ITK_TEST_EXPECT_TRUE(Near(s.GetDirection()[2][2], -1.0) && Near(s.GetDirection()[0][0], 1.0) &&
                         Near(s.GetDirection()[1][1], 1.0));
  }

  // 8. Geometry rules shared with the reader and the command-line tool.
  {
    using PointType = itk::Point<double, 3>;
    auto at = [](double x, double y, double z) {
      PointType p;
      p[0] = x;
      p[1] = y;
      p[2] = z;
      return p;
    };
    // Spacing from the first to the last position: |(3,4,0)| / (3 - 1) = 2.5; coincident: 1.
    ITK_TEST_EXPECT_TRUE(Near(geometry::SliceSpacingFromPositions(at(0, 0, 0), at(3, 4, 0), 3), 2.5));
    ITK_TEST_EXPECT_TRUE(Near(geometry::SliceSpacingFromPositions(at(1, 1, 1), at(1, 1, 1), 5), 1.0));
    ITK_TEST_EXPECT_TRUE(Near(geometry::SliceSpacingFromPositions(at(0, 0, 0), at(0, 0, 9), 1), 1.0));
    // Non-uniform spacing: z = 0, 1, 2, 4: spacing 4 / 3, gaps 1, 1, 2: deviation |4/3 - 2| = 2/3.
    const std::vector<PointType> uneven = { at(0, 0, 0), at(0, 0, 1), at(0, 0, 2), at(0, 0, 4) };
    const double                 spacing = geometry::SliceSpacingFromPositions(uneven.front(), uneven.back(), 4);
    ITK_TEST_EXPECT_TRUE(Near(spacing, 4.0 / 3.0));
    ITK_TEST_EXPECT_TRUE(Near(geometry::NonUniformSamplingDeviation(uneven, spacing), 2.0 / 3.0));
    // Even spacing (oblique): no deviation; coincident ends or one position: none recorded.
    const std::vector<PointType> even = { at(10, 20, 30), at(10, 18.5, 32), at(10, 17, 34), at(10, 15.5, 36) };
    ITK_TEST_EXPECT_EQUAL(geometry::NonUniformSamplingDeviation(even, 2.5), 0.0);
    ITK_TEST_EXPECT_EQUAL(geometry::NonUniformSamplingDeviation({ at(0, 0, 0), at(0, 0, 5), at(0, 0, 0) }, 1.0), 0.0);
    ITK_TEST_EXPECT_EQUAL(geometry::NonUniformSamplingDeviation({ at(0, 0, 0) }, 1.0), 0.0);

    // Negative spacing: (0.5, -2, 3) becomes (0.5, 2, 3) with direction column 1 negated.
    itk::Vector<double, 3> s;
    s[0] = 0.5;
    s[1] = -2.0;
    s[2] = 3.0;
    itk::Matrix<double, 3, 3> d;
    d.SetIdentity();
    d[0][1] = 0.25; // any matrix: only column 1 changes
    geometry::FlipNegativeSpacing(s, d);
    ITK_TEST_EXPECT_TRUE(s[0] == 0.5 && s[1] == 2.0 && s[2] == 3.0);
    ITK_TEST_EXPECT_TRUE(d[0][0] == 1 && d[1][0] == 0 && d[0][1] == -0.25 && d[1][1] == -1 && d[2][1] == 0);
    ITK_TEST_EXPECT_TRUE(d[2][2] == 1);

    // Direction from cosines that are not orthogonal: row (1,0,0), column (0.1,1,0): slice (0,0,1),
    // the column kept (normalized), the row made orthogonal to it.
    const double                    cosines[6] = { 1, 0, 0, 0.1, 1, 0 };
    const itk::Matrix<double, 3, 3> m = geometry::DirectionFromCosines(cosines);
    const double                    n = std::sqrt(1.01);
    ITK_TEST_EXPECT_TRUE(Near(m[0][1], 0.1 / n) && Near(m[1][1], 1 / n) && Near(m[2][1], 0));
    ITK_TEST_EXPECT_TRUE(Near(m[0][0], 1 / n) && Near(m[1][0], -0.1 / n) && Near(m[2][0], 0));
    ITK_TEST_EXPECT_TRUE(Near(m[0][2], 0) && Near(m[1][2], 0) && Near(m[2][2], 1));
  }

  // 8b. Stack tilt (gantry tilt): axial slices (normal z) stacked 2 mm apart along z and
  // shifted 2 x tan(20 deg) mm along y per slice: 20 degrees; along the normal: 0; coincident: 0.
  {
    using PointType = itk::Point<double, 3>;
    const double pi = std::acos(-1.0);
    const double axial[6] = { 1, 0, 0, 0, 1, 0 };
    PointType    first;
    first.Fill(0.0);
    PointType last = first;
    last[2] = 10 * 2.0;
    last[1] = 10 * 2.0 * std::tan(20 * pi / 180);
    ITK_TEST_EXPECT_TRUE(Near(geometry::StackTiltDegrees(axial, first, last), 20.0, 1e-9));
    PointType straight = first;
    straight[2] = -7.5;
    ITK_TEST_EXPECT_TRUE(Near(geometry::StackTiltDegrees(axial, first, straight), 0.0, 1e-9));
    ITK_TEST_EXPECT_EQUAL(geometry::StackTiltDegrees(axial, first, first), 0.0);
    // The summary of a tilted stack of 11 slices reports the tilt, the spacing from the positions
    // (distance / 10) and its source; uneven gaps give the deviation.
    std::vector<FileRecord> tilted;
    for (int k = 0; k <= 10; ++k)
    {
      tilted.push_back(Slice("s" + std::to_string(k), 0, k * 2.0 * std::tan(20 * pi / 180), k * 2.0, k + 1));
    }
    const SeriesOrder order = OrderSeries(tilted, AllOf(tilted));
    const SummaryType s = SummarizeSeries(tilted, order.Files, order.Volumes);
    ITK_TEST_EXPECT_TRUE(Near(s.GetStackTiltDegrees(), 20.0, 1e-9));
    ITK_TEST_EXPECT_TRUE(Near(s.GetSpacing()[2], 2.0 / std::cos(20 * pi / 180), 1e-9));
    ITK_TEST_EXPECT_EQUAL(s.GetSliceSpacingSource(), std::string("ImagePositionPatient"));
    ITK_TEST_EXPECT_EQUAL(s.GetSliceSpacingDeviation(), 0.0);
    std::vector<FileRecord> uneven = {
      Slice("z0", 0, 0, 0, 1), Slice("z1", 0, 0, 1, 2), Slice("z2", 0, 0, 2, 3), Slice("z4", 0, 0, 4, 4)
    };
    const SeriesOrder u = OrderSeries(uneven, AllOf(uneven));
    ITK_TEST_EXPECT_TRUE(Near(SummarizeSeries(uneven, u.Files, u.Volumes).GetSliceSpacingDeviation(), 2.0 / 3.0));
  }

  // 8c. Stacks: files of one series identifier that differ in size or orientation (default), or
  // in echo, acquisition or image type (when asked), are split; suffixes name what differs.
  {
    const double axial[6] = { 1, 0, 0, 0, 1, 0 };
    const double coronal[6] = { 1, 0, 0, 0, 0, -1 };
    const double sagittal[6] = { 0, 1, 0, 0, 0, -1 };
    // A tri-planar localizer, listed interleaved: 3 stacks of 3 in listing order.
    std::vector<FileRecord> localizer;
    for (int k = 0; k < 3; ++k)
    {
      localizer.push_back(Slice("ax" + std::to_string(k), 0, 0, 10.0 * k, 1 + k, axial));
      localizer.push_back(Slice("cor" + std::to_string(k), 0, 10.0 * k, 0, 4 + k, coronal));
      localizer.push_back(Slice("sag" + std::to_string(k), 10.0 * k, 0, 0, 7 + k, sagittal));
    }
    const itk::ParallelSeriesScan::StackSplitRule rule;
    const auto stacks = itk::ParallelSeriesScan::SplitIntoStacks(localizer, AllOf(localizer), rule);
    ITK_TEST_EXPECT_EQUAL(stacks.size(), 3u);
    ITK_TEST_EXPECT_EQUAL(stacks[0].Suffix, std::string(".ax"));
    ITK_TEST_EXPECT_EQUAL(stacks[1].Suffix, std::string(".cor"));
    ITK_TEST_EXPECT_EQUAL(stacks[2].Suffix, std::string(".sag"));
    ITK_TEST_EXPECT_TRUE(Names(localizer, stacks[1].Files) == std::vector<std::string>({ "cor0", "cor1", "cor2" }));
    // Each stack then orders as a stack of 3 slices 10 mm apart.
    const SeriesOrder sag = OrderSeries(localizer, stacks[2].Files);
    ITK_TEST_EXPECT_EQUAL(sag.Volumes.size(), 1u);
    ITK_TEST_EXPECT_TRUE(Near(SummarizeSeries(localizer, sag.Files, sag.Volumes).GetSpacing()[2], 10.0));
    // Orientation within the tolerance (1e-4 per cosine) is the same stack; beyond it is not.
    std::vector<FileRecord> nearly = { Slice("a", 0, 0, 0, 1, axial), Slice("b", 0, 0, 1, 2, axial) };
    nearly[1].Cosines[1] = 0.5e-4;
    ITK_TEST_EXPECT_EQUAL(itk::ParallelSeriesScan::SplitIntoStacks(nearly, AllOf(nearly), rule).size(), 1u);
    ITK_TEST_EXPECT_EQUAL(itk::ParallelSeriesScan::SplitIntoStacks(nearly, AllOf(nearly), rule).front().Suffix,
                          std::string());
    nearly[1].Cosines[1] = 2e-4;
    const auto two = itk::ParallelSeriesScan::SplitIntoStacks(nearly, AllOf(nearly), rule);
    ITK_TEST_EXPECT_EQUAL(two.size(), 2u);
    // Two axial orientations: the same plane name, numbered.
    ITK_TEST_EXPECT_EQUAL(two[0].Suffix, std::string(".ax"));
    ITK_TEST_EXPECT_EQUAL(two[1].Suffix, std::string(".ax.2"));
    // Sizes: a CT series with a 1024 x 768 dose report image.
    std::vector<FileRecord> ct = { Slice("ct1", 0, 0, 0, 1), Slice("dose", 0, 0, 0, 100), Slice("ct2", 0, 0, 1, 2) };
    ct[1].Columns = 1024;
    ct[1].Rows = 768;
    const auto sized = itk::ParallelSeriesScan::SplitIntoStacks(ct, AllOf(ct), rule);
    ITK_TEST_EXPECT_EQUAL(sized.size(), 2u);
    ITK_TEST_EXPECT_EQUAL(sized[0].Suffix, std::string(".1024x768"));
    ITK_TEST_EXPECT_EQUAL(sized[1].Suffix, std::string(".4x3"));
    ITK_TEST_EXPECT_TRUE(Names(ct, sized[1].Files) == std::vector<std::string>({ "ct1", "ct2" }));
    // Split by size off: one stack.
    itk::ParallelSeriesScan::StackSplitRule noSize;
    noSize.ImageSize = false;
    ITK_TEST_EXPECT_EQUAL(itk::ParallelSeriesScan::SplitIntoStacks(ct, AllOf(ct), noSize).size(), 1u);
    // Series numbers: one image saved under series numbers 6 and 7 in one SeriesInstanceUID.
    std::vector<FileRecord> twice = { Slice("s7", 0, 0, 0, 1), Slice("s6", 0, 0, 0, 1) };
    twice[0].SeriesNumber = "7";
    twice[1].SeriesNumber = "6";
    const auto numbered = itk::ParallelSeriesScan::SplitIntoStacks(twice, AllOf(twice), rule);
    ITK_TEST_EXPECT_EQUAL(numbered.size(), 2u);
    ITK_TEST_EXPECT_EQUAL(numbered[0].Suffix, std::string(".n6"));
    ITK_TEST_EXPECT_TRUE(Names(twice, numbered[0].Files) == std::vector<std::string>({ "s6" }));
    ITK_TEST_EXPECT_EQUAL(numbered[1].Suffix, std::string(".n7"));
    itk::ParallelSeriesScan::StackSplitRule noNumber;
    noNumber.SeriesNumber = false;
    ITK_TEST_EXPECT_EQUAL(itk::ParallelSeriesScan::SplitIntoStacks(twice, AllOf(twice), noNumber).size(), 1u);
    // Echoes: not split by default (they are the volumes of one series), split when asked.
    std::vector<FileRecord> echoes = {
      Slice("e1a", 0, 0, 0, 1), Slice("e2a", 0, 0, 0, 2), Slice("e1b", 0, 0, 1, 3), Slice("e2b", 0, 0, 1, 4)
    };
    echoes[0].EchoNumbers = echoes[2].EchoNumbers = "1";
    echoes[1].EchoNumbers = echoes[3].EchoNumbers = "2";
    ITK_TEST_EXPECT_EQUAL(itk::ParallelSeriesScan::SplitIntoStacks(echoes, AllOf(echoes), rule).size(), 1u);
    ITK_TEST_EXPECT_EQUAL(OrderSeries(echoes, AllOf(echoes)).Volumes.size(), 2u);
    itk::ParallelSeriesScan::StackSplitRule byEcho;
    byEcho.EchoNumber = true;
    const auto e = itk::ParallelSeriesScan::SplitIntoStacks(echoes, AllOf(echoes), byEcho);
    ITK_TEST_EXPECT_EQUAL(e.size(), 2u);
    ITK_TEST_EXPECT_EQUAL(e[0].Suffix, std::string(".e1"));
    ITK_TEST_EXPECT_TRUE(Names(echoes, e[1].Files) == std::vector<std::string>({ "e2a", "e2b" }));
    // Acquisition number and image type.
    std::vector<FileRecord> kinds = { Slice("o", 0, 0, 0, 1), Slice("d", 0, 0, 0, 2) };
    kinds[0].ImageType = "ORIGINAL\\PRIMARY\\AXIAL";
    kinds[1].ImageType = "DERIVED\\SECONDARY";
    kinds[0].AcquisitionNumber = "1";
    kinds[1].AcquisitionNumber = "2";
    ITK_TEST_EXPECT_EQUAL(itk::ParallelSeriesScan::SplitIntoStacks(kinds, AllOf(kinds), rule).size(), 1u);
    itk::ParallelSeriesScan::StackSplitRule byType;
    byType.ImageType = true;
    const auto t = itk::ParallelSeriesScan::SplitIntoStacks(kinds, AllOf(kinds), byType);
    ITK_TEST_EXPECT_EQUAL(t.size(), 2u);
    ITK_TEST_EXPECT_EQUAL(t[0].Suffix, std::string(".DERIVEDSECONDARY"));
    ITK_TEST_EXPECT_EQUAL(t[1].Suffix, std::string(".ORIGINALPRIMARYAXIAL"));
    itk::ParallelSeriesScan::StackSplitRule byAcquisition;
    byAcquisition.AcquisitionNumber = true;
    const auto a = itk::ParallelSeriesScan::SplitIntoStacks(kinds, AllOf(kinds), byAcquisition);
    ITK_TEST_EXPECT_EQUAL(a.size(), 2u);
    ITK_TEST_EXPECT_EQUAL(a[0].Suffix, std::string(".a1"));
    ITK_TEST_EXPECT_EQUAL(a[1].Suffix, std::string(".a2"));
  }

  // 9. The order of series: study (as text), then series number numerically (numbered first),
  // then identifier.
  {
    long long value = 0;
    ITK_TEST_EXPECT_TRUE(ParseSeriesNumber("12", value) && value == 12);
    ITK_TEST_EXPECT_TRUE(ParseSeriesNumber("  7", value) && value == 7);
    ITK_TEST_EXPECT_TRUE(ParseSeriesNumber("-3", value) && value == -3);
    ITK_TEST_EXPECT_TRUE(ParseSeriesNumber("12abc", value) && value == 12);
    ITK_TEST_EXPECT_TRUE(!ParseSeriesNumber("", value));
    ITK_TEST_EXPECT_TRUE(!ParseSeriesNumber("   ", value));
    ITK_TEST_EXPECT_TRUE(!ParseSeriesNumber("abc", value));
    ITK_TEST_EXPECT_TRUE(!ParseSeriesNumber("+4", value));

    const std::vector<SummaryType> expected = {
      SeriesKey("1.10", "5", "1.10.9"), // study "1.10" < "1.2" as text
      SeriesKey("1.2", "-1", "1.2.99"), SeriesKey("1.2", "2", "1.2.50"),
      SeriesKey("1.2", "10", "1.2.1"),  SeriesKey("1.2", "10", "1.2.3"), // same number: by identifier
      SeriesKey("1.2", "", "1.2.0"),                                     // no number: after the numbered series
      SeriesKey("1.2", "x", "1.2.7"),
    };
    std::vector<SummaryType> shuffled = expected;
    std::mt19937             rng(5);
    for (int repetition = 0; repetition < 10; ++repetition)
    {
      std::shuffle(shuffled.begin(), shuffled.end(), rng);
      std::sort(shuffled.begin(), shuffled.end(), SeriesPrecedes);
      bool same = true;
      for (size_t i = 0; i < expected.size(); ++i)
      {
        same = same && shuffled[i].GetSeriesIdentifier() == expected[i].GetSeriesIdentifier();
      }
      ITK_TEST_EXPECT_TRUE(same);
    }
    ITK_TEST_EXPECT_TRUE(!SeriesPrecedes(expected[0], expected[0]));
  }

  // 10. Frames of one multi-frame file at repeated positions (the layout of Philips' enhanced
  // cardiac MR: slice-major, phases inner, as ITK's Philips_4D_DICOM.dcm). Sagittal IOP
  // (0,1,0 / 0,0,-1): normal (1,0,0) x ... = (1*(-1) - 0*0, 0*0 - 0*(-1), 0*0 - 1*0) = (-1,0,0),
  // so the distance is -x. 3 positions x = 10, 6.3, 2.6 (3.7 mm apart, the file's order is
  // ascending along the normal), listed in the file with x = 6.3 first, 2 phases each:
  // frames 0, 1 at x = 6.3, 2, 3 at x = 10, 4, 5 at x = 2.6. At each position the phase is the
  // last DimensionIndexValue (TemporalPositionIndex is 1 for every frame, as in the Philips
  // file), and the trigger delay is listed in the opposite order of the frame numbers for
  // position x = 10 (frame 3 = phase 1), so that only the key, not the frame number, orders
  // them. Volume 0 = phase 1 at x = 10, 6.3, 2.6 = frames 3, 0, 4; volume 1 = frames 2, 1, 5.
  {
    const double iop[6] = { 0, 1, 0, 0, 0, -1 };
    FileRecord   file = Slice("4d", 6.3, -5, 7, 1, iop);
    file.Frames = 6;
    const double       x[6] = { 6.3, 6.3, 10, 10, 2.6, 2.6 };
    const unsigned int phase[6] = { 1, 2, 2, 1, 1, 2 };
    const unsigned int slice[6] = { 2, 2, 1, 1, 3, 3 };
    for (unsigned int k = 0; k < 6; ++k)
    {
      FrameRecord f;
      f.Position[0] = x[k];
      f.Position[1] = -5;
      f.Position[2] = 7;
      f.TemporalPositionIndex = 1;
      f.DimensionIndexValues = { 1, slice[k], phase[k] };
      f.TriggerDelayTime = 35.0 * (phase[k] - 1);
      file.FrameRecords.push_back(f);
    }
    const FrameSplit split = SplitFrames(file);
    ITK_TEST_EXPECT_TRUE(split.Error.empty());
    ITK_TEST_EXPECT_EQUAL(split.Volumes.size(), 2u);
    ITK_TEST_EXPECT_TRUE(split.Volumes[0] == std::vector<unsigned int>({ 3, 0, 4 }));
    ITK_TEST_EXPECT_TRUE(split.Volumes[1] == std::vector<unsigned int>({ 2, 1, 5 }));

    // Without DimensionIndexValues the trigger delay orders the frames at one position.
    FileRecord byTrigger = file;
    for (auto & f : byTrigger.FrameRecords)
    {
      f.DimensionIndexValues.clear();
    }
    ITK_TEST_EXPECT_TRUE(SplitFrames(byTrigger).Volumes == split.Volumes);
    // TemporalPositionIndex comes first: phase 2 given index 1 and phase 1 index 2 swap the volumes.
    FileRecord byTemporal = file;
    for (unsigned int k = 0; k < 6; ++k)
    {
      byTemporal.FrameRecords[k].TemporalPositionIndex = 3 - phase[k];
    }
    const FrameSplit swapped = SplitFrames(byTemporal);
    ITK_TEST_EXPECT_EQUAL(swapped.Volumes.size(), 2u);
    ITK_TEST_EXPECT_TRUE(swapped.Volumes[0] == split.Volumes[1] && swapped.Volumes[1] == split.Volumes[0]);

    // The series of that one file: 2 volumes of the file, with their frames; the summary is
    // that of volume 0: 3 slices, origin = frame 3's position (10,-5,7), z spacing =
    // |(2.6 - 10, 0, 0)| / (3 - 1) = 3.7 from the positions (not the file's spacing 1), z
    // direction = the normal (-1,0,0), no deviation, no tilt.
    const std::vector<FileRecord> files = { file };
    const SeriesOrder             order = OrderSeries(files, AllOf(files));
    ITK_TEST_EXPECT_TRUE(order.Error.empty());
    ITK_TEST_EXPECT_EQUAL(order.Volumes.size(), 2u);
    ITK_TEST_EXPECT_TRUE(order.Volumes[0] == Indices({ 0 }) && order.Volumes[1] == Indices({ 0 }));
    ITK_TEST_EXPECT_TRUE(order.Frames == split.Volumes);
    const SummaryType s = SummarizeSeries(files, order.Files, order.Volumes, order.Frames);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfVolumes(), 2u);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfSlices(), 3u);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfFramesPerFile(), 6u);
    ITK_TEST_EXPECT_TRUE(Near(s.GetOrigin()[0], 10) && Near(s.GetOrigin()[1], -5) && Near(s.GetOrigin()[2], 7));
    ITK_TEST_EXPECT_TRUE(Near(s.GetSpacing()[2], 3.7, 1e-12));
    ITK_TEST_EXPECT_TRUE(Near(s.GetDirection()[0][2], -1) && Near(s.GetDirection()[1][2], 0) &&
                         Near(s.GetDirection()[2][2], 0));
    ITK_TEST_EXPECT_EQUAL(s.GetSliceSpacingSource(), std::string("ImagePositionPatient"));
    ITK_TEST_EXPECT_TRUE(Near(s.GetSliceSpacingDeviation(), 0, 1e-9));
    ITK_TEST_EXPECT_TRUE(Near(s.GetStackTiltDegrees(), 0, 1e-6));

    // A position holding 1 frame where the others hold 2: no volume, the error says where.
    FileRecord uneven = file;
    uneven.FrameRecords[5].Position[0] = 1.0;
    const FrameSplit bad = SplitFrames(uneven);
    ITK_TEST_EXPECT_TRUE(bad.Volumes.empty());
    std::cout << "uneven frames: " << bad.Error << std::endl;
    ITK_TEST_EXPECT_TRUE(bad.Error.find("inconsistent frames: 6 frames at 4 distinct positions") == 0);
    const SeriesOrder badOrder = OrderSeries({ uneven }, Indices({ 0 }));
    ITK_TEST_EXPECT_TRUE(badOrder.Volumes.empty() && badOrder.Error.find("multi-frame file \"4d\"") == 0);

    // Every frame at a position of its own (a plain enhanced volume: MPRAGE): one volume, all
    // frames in file order (Frames empty), as GDCM reads the file.
    FileRecord plain = file;
    for (unsigned int k = 0; k < 6; ++k)
    {
      plain.FrameRecords[k].Position[0] = 10 - 1.5 * k;
    }
    ITK_TEST_EXPECT_TRUE(SplitFrames(plain).Volumes.empty() && SplitFrames(plain).Error.empty());
    const SeriesOrder plainOrder = OrderSeries({ plain }, Indices({ 0 }));
    ITK_TEST_EXPECT_EQUAL(plainOrder.Volumes.size(), 1u);
    ITK_TEST_EXPECT_TRUE(plainOrder.Frames.size() == 1 && plainOrder.Frames[0].empty());
    // No per-frame positions (or not one per frame): one volume.
    FileRecord noPositions = file;
    noPositions.FrameRecords.pop_back();
    ITK_TEST_EXPECT_TRUE(SplitFrames(noPositions).Volumes.empty() && SplitFrames(noPositions).Error.empty());
    // Every frame at one position (a cine of one slice): one volume per frame, in key order.
    FileRecord cine = file;
    for (unsigned int k = 0; k < 6; ++k)
    {
      cine.FrameRecords[k].Position[0] = 4;
      cine.FrameRecords[k].DimensionIndexValues = { 1, 1, 6 - k };
    }
    const FrameSplit frames = SplitFrames(cine);
    ITK_TEST_EXPECT_EQUAL(frames.Volumes.size(), 6u);
    ITK_TEST_EXPECT_TRUE(frames.Volumes[0] == std::vector<unsigned int>({ 5 }) &&
                         frames.Volumes[5] == std::vector<unsigned int>({ 0 }));
  }

  // 11. File record helpers.
  {
    ITK_TEST_EXPECT_EQUAL(TrimDicomString("  CT "), std::string("CT"));
    ITK_TEST_EXPECT_EQUAL(TrimDicomString(std::string("1.2.3\0", 6)), std::string("1.2.3"));
    ITK_TEST_EXPECT_EQUAL(TrimDicomString("   "), std::string());
    ITK_TEST_EXPECT_EQUAL(CleanSeriesIdentifier("1.2.3.4 T1_SE/ax"), std::string("1.2.3.4T1SEax"));
    // 512 x 512 x 1 frame x 1 sample x 16 bits = 524288 bytes; bits rounded up to bytes;
    // YBR_FULL_422 (2 samples on average): 4 x 2 x 1 x 2 x 8 bits = 16 bytes.
    ITK_TEST_EXPECT_EQUAL(NativePixelDataBytes(512, 512, 1, 1, 16), 524288ull);
    ITK_TEST_EXPECT_EQUAL(NativePixelDataBytes(3, 1, 1, 1, 1), 1ull);
    ITK_TEST_EXPECT_EQUAL(NativePixelDataBytes(4, 2, 1, 2, 8), 16ull);
    ITK_TEST_EXPECT_EQUAL(NativePixelDataBytes(70000, 70000, 2, 3, 16), 58800000000ull);
  }

  // 11. Derived images and localizers (--ignore-derived, --ignore-localizers): ImageType values,
  // and dcm2niix's "-i y" localizer rules (nii_dicom.cpp readDICOMx(), nii_dicom_batch.cpp
  // saveDcm2Nii()) plus DICOM's LOCALIZER image type.
  {
    ITK_TEST_EXPECT_TRUE(ImageTypeHas("DERIVED\\SECONDARY", "DERIVED"));
    ITK_TEST_EXPECT_TRUE(ImageTypeHas("ORIGINAL\\PRIMARY\\ DERIVED ", "DERIVED"));
    ITK_TEST_EXPECT_TRUE(!ImageTypeHas("ORIGINAL\\PRIMARY\\DERIVEDX", "DERIVED"));
    ITK_TEST_EXPECT_TRUE(!ImageTypeHas("", "DERIVED"));
    const auto loc = [](const char * imageType,
                        const char * manufacturer,
                        const char * sequence,
                        const char * description,
                        const char * protocol,
                        int          gePlane) {
      return !LocalizerEvidence(imageType, manufacturer, sequence, description, protocol, gePlane).empty();
    };
    ITK_TEST_EXPECT_TRUE(loc("ORIGINAL\\PRIMARY\\LOCALIZER", "", "", "", "", 0));
    ITK_TEST_EXPECT_TRUE(loc("ORIGINAL\\PRIMARY", "GE", "*fl2d1", "", "", 0)); // any vendor
    ITK_TEST_EXPECT_TRUE(loc("", "", "_tfl2d1", "", "", 0));
    ITK_TEST_EXPECT_TRUE(loc("", "", "*fl3d1_ns", "", "", 0));
    ITK_TEST_EXPECT_TRUE(!loc("", "Philips", "fl2d1r4", "", "", 0)); // "contains" is Siemens only
    ITK_TEST_EXPECT_TRUE(loc("", "SIEMENS", "*fl2d1r4", "", "", 0));
    ITK_TEST_EXPECT_TRUE(loc("", "Siemens Healthineers", "", "AAHScout_MPR", "", 0));
    ITK_TEST_EXPECT_TRUE(loc("", "SIEMENS", "", "", "AAHScout", 0));
    ITK_TEST_EXPECT_TRUE(!loc("", "SIEMENS", "*fl2d1r4", "b1map", "", 0)); // issue751: b1map is no scout,
    ITK_TEST_EXPECT_TRUE(loc("", "SIEMENS", "*fl2d1", "b1map", "", 0));    // but saveDcm2Nii's exact names apply
    ITK_TEST_EXPECT_TRUE(loc("", "GE MEDICAL SYSTEMS", "", "", "", 256));  // 3-plane
    ITK_TEST_EXPECT_TRUE(!loc("", "GE MEDICAL SYSTEMS", "", "", "", 2));   // axial
    ITK_TEST_EXPECT_TRUE(!loc("ORIGINAL\\PRIMARY\\AXIAL", "SIEMENS", "*tse2d1_15", "t2_tse_tra", "t2_tse_tra", 0));
  }

  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
