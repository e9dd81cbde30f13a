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

// Unit tests of the Siemens mosaic functions (src/itkParallelSeriesMosaic.h) and of how the
// scanner's pure functions treat mosaic records (OrderSeries(), SummarizeSeries()): no DICOM
// files. Every expected value is computed here from the rules (nibabel's MosaicWrapper,
// dcm2niix's nii_demosaic()), independently of the code under test.

#include "itkParallelSeriesFileRecord.h"
#include "itkParallelSeriesMosaic.h"
#include "itkParallelSeriesSeriesOrdering.h"
#include "itkParallelSeriesSeriesSummary.h"
#include "itkTestingMacros.h"

#include <cmath>
#include <cstdint>
#include <iostream>
#include <vector>

namespace
{
using itk::ParallelSeriesMosaicInfo;
using itk::ParallelSeriesMosaicLayout;
using itk::SizeValueType;
using itk::ParallelSeriesMosaic::MosaicHeader;
using itk::ParallelSeriesScan::FileRecord;

bool
Near(double a, double b, double tolerance = 1e-9)
{
  return std::abs(a - b) <= tolerance;
}

/** A mosaic header with SliceNormalVector \c n and the given spacings. */
MosaicHeader
Header(unsigned int tiles, double nx, double ny, double nz, double between, double thickness)
{
  MosaicHeader h;
  h.ImageTypeMosaic = true;
  h.NumberOfImagesInMosaic = tiles;
  h.HasSliceNormal = true;
  h.SliceNormal[0] = nx;
  h.SliceNormal[1] = ny;
  h.SliceNormal[2] = nz;
  h.SpacingBetweenSlices = between;
  h.SliceThickness = thickness;
  return h;
}

/** A mosaic record: \c tiles tiles of 4 x 3 pixels on a 2 x 2 grid (8 x 6 pixels). */
FileRecord
MosaicRecord(const std::string & name, int instance, unsigned int tiles = 4)
{
  FileRecord r;
  r.FileName = name;
  r.InstanceNumber = instance;
  r.SOPInstanceUID = "1.2.3." + name;
  r.Columns = 8;
  r.Rows = 6;
  r.Position[0] = -100;
  r.Position[1] = -120;
  r.Position[2] = 30;
  r.Spacing[0] = 2.0;
  r.Spacing[1] = 3.0;
  ParallelSeriesMosaicLayout layout;
  itk::ParallelSeriesMosaic::ComputeLayout(r.Columns, r.Rows, tiles, layout);
  itk::ParallelSeriesMosaic::ComputeGeometry(
    Header(tiles, 0, 0, 1, 3.5, 0), r.Position, r.Cosines, r.Spacing, layout, r.Mosaic);
  return r;
}
} // namespace

int
itkParallelSeriesMosaicTest(int, char *[])
{
  namespace mosaic = itk::ParallelSeriesMosaic;
  using namespace itk::ParallelSeriesScan;

  // 1. Tiles per row = ceil(sqrt(N)): the smallest m with m * m >= N, checked by brute force,
  //    and at the edges of 32-bit arithmetic.
  ITK_TEST_EXPECT_EQUAL(mosaic::TilesPerRow(0), 0u);
  for (unsigned int n = 1; n <= 20000; ++n)
  {
    unsigned int m = 0;
    while (static_cast<unsigned long long>(m) * m < n)
    {
      ++m;
    }
    if (mosaic::TilesPerRow(n) != m)
    {
      std::cerr << "TilesPerRow(" << n << ") = " << mosaic::TilesPerRow(n) << ", expected " << m << std::endl;
      return EXIT_FAILURE;
    }
  }
  ITK_TEST_EXPECT_EQUAL(mosaic::TilesPerRow(48), 7u); // nibabel's DWI mosaics: 48 slices on 7 x 7
  ITK_TEST_EXPECT_EQUAL(mosaic::TilesPerRow(65535u * 65535u), 65535u);
  ITK_TEST_EXPECT_EQUAL(mosaic::TilesPerRow(65535u * 65535u + 1u), 65536u);
  ITK_TEST_EXPECT_EQUAL(mosaic::TilesPerRow(4294967295u), 65536u);

  // 2. Layout: 896 x 896 with 48 tiles -> 7 x 7 grid of 128 x 128; 384 x 384 with 32 -> 6 x 6 of
  //    64 x 64; 256 x 256 with 48 is not a whole number of 7 x 7 tiles (256 = 7 x 36 + 4).
  {
    ParallelSeriesMosaicLayout l;
    ITK_TEST_EXPECT_TRUE(mosaic::ComputeLayout(896, 896, 48, l).empty());
    ITK_TEST_EXPECT_EQUAL(l.GetTilesPerRow(), 7u);
    ITK_TEST_EXPECT_EQUAL(l.GetTileColumns(), 128u);
    ITK_TEST_EXPECT_EQUAL(l.GetTileRows(), 128u);
    ITK_TEST_EXPECT_EQUAL(l.GetNumberOfTiles(), 48u);
    ITK_TEST_EXPECT_EQUAL(l.GetMosaicColumns(), 896u);
    ITK_TEST_EXPECT_TRUE(mosaic::ComputeLayout(384, 384, 32, l).empty());
    ITK_TEST_EXPECT_EQUAL(l.GetTilesPerRow(), 6u);
    ITK_TEST_EXPECT_EQUAL(l.GetTileColumns(), 64u);
    // Not square: 6 columns x 4 rows of a 2 x 2 grid (3 tiles) -> tiles of 3 x 2.
    ITK_TEST_EXPECT_TRUE(mosaic::ComputeLayout(6, 4, 3, l).empty());
    ITK_TEST_EXPECT_EQUAL(l.GetTileColumns(), 3u);
    ITK_TEST_EXPECT_EQUAL(l.GetTileRows(), 2u);
    const std::string notDivisible = mosaic::ComputeLayout(256, 256, 48, l);
    std::cout << "256 x 256, 48 tiles: " << notDivisible << std::endl;
    ITK_TEST_EXPECT_TRUE(notDivisible.find("7 x 7") != std::string::npos);
    ITK_TEST_EXPECT_EQUAL(l.GetNumberOfTiles(), 0u);
    ITK_TEST_EXPECT_TRUE(!mosaic::ComputeLayout(256, 256, 0, l).empty());
  }

  // 3. Geometry of the de-mosaicked volume.
  {
    // Axial: IOP (1,0,0 / 0,1,0), PixelSpacing 3 (rows) \ 2 (columns), a 8 x 6 mosaic of 4 tiles
    // (2 x 2 grid of 4 x 3). Origin = IPP + (8 - 4) / 2 x 2 mm along x + (6 - 3) / 2 x 3 mm along
    // y = (-100 + 4, -120 + 4.5, 30).
    const double               ipp[3] = { -100, -120, 30 };
    const double               axial[6] = { 1, 0, 0, 0, 1, 0 };
    const double               pixelSpacing[2] = { 2.0, 3.0 };
    ParallelSeriesMosaicLayout l;
    mosaic::ComputeLayout(8, 6, 4, l);
    ParallelSeriesMosaicInfo info;
    ITK_TEST_EXPECT_TRUE(
      mosaic::ComputeGeometry(Header(4, 0, 0, 1, 3.5, 2.5), ipp, axial, pixelSpacing, l, info).empty());
    ITK_TEST_EXPECT_TRUE(Near(info.GetOrigin()[0], -96) && Near(info.GetOrigin()[1], -115.5) &&
                         Near(info.GetOrigin()[2], 30));
    ITK_TEST_EXPECT_TRUE(Near(info.GetSpacing()[0], 2) && Near(info.GetSpacing()[1], 3) &&
                         Near(info.GetSpacing()[2], 3.5));
    ITK_TEST_EXPECT_EQUAL(info.GetSliceSpacingSource(), std::string("SpacingBetweenSlices"));
    ITK_TEST_EXPECT_EQUAL(info.GetLayout().GetTileColumns(), 4u);
    for (unsigned int r = 0; r < 3; ++r)
    {
      for (unsigned int c = 0; c < 3; ++c)
      {
        ITK_TEST_EXPECT_TRUE(Near(info.GetDirection()[r][c], r == c ? 1.0 : 0.0));
      }
    }
    // SliceNormalVector opposite to row x column: tiles go along -z (determinant -1); no
    // SpacingBetweenSlices: SliceThickness.
    ITK_TEST_EXPECT_TRUE(
      mosaic::ComputeGeometry(Header(4, 0, 0, -1, 0, 2.5), ipp, axial, pixelSpacing, l, info).empty());
    ITK_TEST_EXPECT_TRUE(Near(info.GetDirection()[2][2], -1) && Near(info.GetDirection()[0][0], 1) &&
                         Near(info.GetDirection()[1][1], 1));
    ITK_TEST_EXPECT_TRUE(Near(info.GetSpacing()[2], 2.5));
    ITK_TEST_EXPECT_EQUAL(info.GetSliceSpacingSource(), std::string("SliceThickness"));

    // Oblique: rows along (1,0,0), columns tilted by t about x: (0, cos t, -sin t); row x column
    // = (0, sin t, cos t). The CSA vector as stored (6 digits) still decides only the sign.
    const double t = 0.4;
    const double oblique[6] = { 1, 0, 0, 0, std::cos(t), -std::sin(t) };
    ITK_TEST_EXPECT_TRUE(
      mosaic::ComputeGeometry(Header(4, 0, -0.389418, -0.921061, 3, 0), ipp, oblique, pixelSpacing, l, info).empty());
    const double expectedOrigin[3] = { -100 + 4, -120 + 4.5 * std::cos(t), 30 - 4.5 * std::sin(t) };
    const double expectedSlice[3] = { 0, -std::sin(t), -std::cos(t) };
    for (unsigned int i = 0; i < 3; ++i)
    {
      ITK_TEST_EXPECT_TRUE(Near(info.GetOrigin()[i], expectedOrigin[i]));
      ITK_TEST_EXPECT_TRUE(Near(info.GetDirection()[i][2], expectedSlice[i], 1e-12));
      ITK_TEST_EXPECT_TRUE(Near(info.GetDirection()[i][1], oblique[3 + i], 1e-12));
    }

    // What cannot be known is reported, never guessed.
    MosaicHeader noNormal = Header(4, 0, 0, 1, 3, 0);
    noNormal.HasSliceNormal = false;
    std::string why = mosaic::ComputeGeometry(noNormal, ipp, axial, pixelSpacing, l, info);
    std::cout << "no SliceNormalVector: " << why << std::endl;
    ITK_TEST_EXPECT_TRUE(why.find("SliceNormalVector") != std::string::npos);
    why = mosaic::ComputeGeometry(Header(4, 0, 0, 1, 0, 0), ipp, axial, pixelSpacing, l, info);
    std::cout << "no spacing: " << why << std::endl;
    ITK_TEST_EXPECT_TRUE(why.find("SliceThickness") != std::string::npos);
    why = mosaic::ComputeGeometry(Header(4, 1, 0, 0, 3, 0), ipp, axial, pixelSpacing, l, info);
    std::cout << "in-plane SliceNormalVector: " << why << std::endl;
    ITK_TEST_EXPECT_TRUE(why.find("not along the normal") != std::string::npos);
    ITK_TEST_EXPECT_TRUE(!mosaic::ComputeGeometry(Header(4, 0, 0, 0, 3, 0), ipp, axial, pixelSpacing, l, info).empty());
  }

  // 4. Tile copy: voxel (x, y, z) = mosaic pixel (column (z % m) x tileColumns + x, row (z / m) x
  //    tileRows + y). A 6 x 4 mosaic of 3 tiles (2 x 2 grid of 3 x 2; the fourth tile unused),
  //    pixel value = 100 x row + column; then 3-component 8-bit pixels.
  {
    ParallelSeriesMosaicLayout l;
    mosaic::ComputeLayout(6, 4, 3, l);
    std::vector<std::uint16_t> in(6 * 4);
    for (unsigned int row = 0; row < 4; ++row)
    {
      for (unsigned int column = 0; column < 6; ++column)
      {
        in[row * 6 + column] = static_cast<std::uint16_t>(100 * row + column);
      }
    }
    std::vector<std::uint16_t> out(3 * 2 * 3, 0xffff);
    mosaic::CopyTiles(in.data(), l, sizeof(std::uint16_t), out.data());
    bool ok = true;
    for (unsigned int z = 0; z < 3; ++z)
    {
      for (unsigned int y = 0; y < 2; ++y)
      {
        for (unsigned int x = 0; x < 3; ++x)
        {
          const unsigned int expected = 100 * ((z / 2) * 2 + y) + (z % 2) * 3 + x;
          ok = ok && out[(z * 2 + y) * 3 + x] == expected;
        }
      }
    }
    ITK_TEST_EXPECT_TRUE(ok);
    // Tile 2 (grid row 1, column 0), voxel (2, 1): mosaic row 3, column 2.
    ITK_TEST_EXPECT_EQUAL(out[(2 * 2 + 1) * 3 + 2], 302);

    std::vector<std::uint8_t> rgb(6 * 4 * 3);
    for (size_t i = 0; i < rgb.size(); ++i)
    {
      rgb[i] = static_cast<std::uint8_t>(i);
    }
    std::vector<std::uint8_t> rgbOut(3 * 2 * 3 * 3);
    mosaic::CopyTiles(rgb.data(), l, 3, rgbOut.data());
    ok = true;
    for (unsigned int z = 0; z < 3; ++z)
    {
      for (unsigned int y = 0; y < 2; ++y)
      {
        for (unsigned int x = 0; x < 3; ++x)
        {
          for (unsigned int c = 0; c < 3; ++c)
          {
            const size_t source = (((z / 2) * 2 + y) * 6 + (z % 2) * 3 + x) * 3 + c;
            ok = ok && rgbOut[((z * 2 + y) * 3 + x) * 3 + c] == rgb[source];
          }
        }
      }
    }
    ITK_TEST_EXPECT_TRUE(ok);
  }

  // 5. A series of mosaics: one volume per file, by InstanceNumber (listed 3, 1, 2), whatever
  //    their positions; the summary is the de-mosaicked volume of the first.
  {
    std::vector<FileRecord> files = { MosaicRecord("m3", 3), MosaicRecord("m1", 1), MosaicRecord("m2", 2) };
    files[2].Position[2] = 31; // motion-corrected series: positions may differ
    itk::Point<double, 3> movedOrigin = files[2].Mosaic.GetOrigin();
    movedOrigin[2] = 31;
    files[2].Mosaic.SetOrigin(movedOrigin);
    const SeriesOrder order = OrderSeries(files, { 0, 1, 2 });
    ITK_TEST_EXPECT_TRUE(order.Error.empty());
    ITK_TEST_EXPECT_TRUE(order.Files == std::vector<SizeValueType>({ 1, 2, 0 }));
    ITK_TEST_EXPECT_EQUAL(order.Volumes.size(), 3u);
    ITK_TEST_EXPECT_TRUE(order.Volumes[0] == std::vector<SizeValueType>({ 1 }));
    ITK_TEST_EXPECT_TRUE(order.Volumes[2] == std::vector<SizeValueType>({ 0 }));
    const itk::ParallelSeriesSummary s = SummarizeSeries(files, order.Files, order.Volumes);
    ITK_TEST_EXPECT_EQUAL(s.GetColumns(), 4u);
    ITK_TEST_EXPECT_EQUAL(s.GetRows(), 3u);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfSlices(), 4u);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfVolumes(), 3u);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfImagesInMosaic(), 4u);
    ITK_TEST_EXPECT_EQUAL(s.GetMosaicColumns(), 8u);
    ITK_TEST_EXPECT_EQUAL(s.GetMosaicRows(), 6u);
    ITK_TEST_EXPECT_EQUAL(s.GetSliceSpacingSource(), std::string("SpacingBetweenSlices"));
    ITK_TEST_EXPECT_TRUE(Near(s.GetOrigin()[0], -96) && Near(s.GetOrigin()[1], -115.5) && Near(s.GetOrigin()[2], 30));
    ITK_TEST_EXPECT_TRUE(Near(s.GetSpacing()[0], 2) && Near(s.GetSpacing()[1], 3) && Near(s.GetSpacing()[2], 3.5));

    // A single mosaic is one volume too.
    ITK_TEST_EXPECT_EQUAL(OrderSeries(files, { 1 }).Volumes.size(), 1u);

    // A series that mixes a mosaic with another image, a mosaic whose geometry is unknown, or
    // two layouts, has no volume and says why.
    std::vector<FileRecord> mixed = files;
    mixed[0].Mosaic = ParallelSeriesMosaicInfo();
    SeriesOrder bad = OrderSeries(mixed, { 0, 1, 2 });
    std::cout << "mixed: " << bad.Error << std::endl;
    ITK_TEST_EXPECT_TRUE(bad.Volumes.empty() && bad.Error.find("is not a mosaic") != std::string::npos);
    std::vector<FileRecord> unknown = files;
    unknown[1].Mosaic.SetError("mosaic without SliceNormalVector");
    bad = OrderSeries(unknown, { 0, 1, 2 });
    std::cout << "unknown geometry: " << bad.Error << std::endl;
    ITK_TEST_EXPECT_TRUE(bad.Volumes.empty() && bad.Error.find("SliceNormalVector") != std::string::npos);
    const itk::ParallelSeriesSummary badSummary = SummarizeSeries(unknown, bad.Files, bad.Volumes);
    ITK_TEST_EXPECT_EQUAL(badSummary.GetColumns(), 8u); // the stored image: no de-mosaicked volume
    ITK_TEST_EXPECT_EQUAL(badSummary.GetNumberOfImagesInMosaic(), 4u);
    std::vector<FileRecord> layouts = files;
    layouts[2] = MosaicRecord("m2", 2, 3);
    bad = OrderSeries(layouts, { 0, 1, 2 });
    std::cout << "layouts: " << bad.Error << std::endl;
    ITK_TEST_EXPECT_TRUE(bad.Volumes.empty() && bad.Error.find("different layouts") != std::string::npos);
  }

  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
