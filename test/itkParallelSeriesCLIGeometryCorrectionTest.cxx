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

// parallel-series convert --geometry-correction off|extra|replace on stacks of known geometry:
//
//   itkParallelSeriesCLIGeometryCorrectionTest CLI OUTDIR
//
// Writes four axial CT series (int16, 7 x 5 pixels of 1 x 1 mm) with the DICOM slice writer:
// "tilt" (5 slices 2 mm apart along z, each shifted +0.5 mm along y: gantry tilt of
// atan(0.25) = 14.04 degrees), "eq" (z = 0, 1, 2, 4, 5 mm: variable slice distance), "both"
// (z = 0, 2, 4, 8, 10 mm, shifted 0.25 mm along y per mm of z) and "plain" (uniform, 1 mm).
// Every pixel holds the linear phantom f(X) = 2 X_x + 4 X_y + 3 X_z + 100 of its physical point X
// (mm): an integer at every pixel and at every voxel of the corrected grids, and exactly what
// linear interpolation gives between the true slices. Then checks, against the geometry computed
// here:
// - extra (default): one row per volume plus one per corrected output, <name>_Tilt, <name>_Eq,
//   <name>_Tilt_Eq, geometry_correction tilt / equidistant / tilt+equidistant (none for the
//   volumes as read and for "plain", which gets nothing extra); each corrected grid: orthogonal
//   (identity direction), spacing (1, 1, dz), origin, size; every voxel whose projection lies on
//   both neighbouring true slices equals f at its point, every voxel a pixel or more outside a
//   slice holds the fill value (the input's minimum); the uncorrected outputs are the volumes as
//   read (stock ITK's size and z spacing);
// - off: the four volumes only, no corrected file; replace: four rows, the corrected grids under
//   the volumes' own names;
// - the other formats (nii.gz, mha: read back and checked as above; tiff: pages) and the
//   preprocessing (--volume central, --size) applied to the corrected outputs (manifest sizes).

#include "itkParallelSeriesDicomSliceWriter.h"
#include "itkParallelSeriesManifestReader.h"
#include "itkParallelSeriesRunProgram.h"

#include "itkImageFileReader.h"
#include "itkImageRegionConstIteratorWithIndex.h"
#include "itksys/SystemTools.hxx"

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace
{
using ImageType = itk::Image<short, 3>;
constexpr unsigned int Columns = 7;
constexpr unsigned int Rows = 5;

double
Phantom(double x, double y, double z)
{
  return 2.0 * x + 4.0 * y + 3.0 * z + 100.0;
}

/** One generated stack: the true IPP of every slice (x = 10, y = -20 + shift, z = 30 + z_k). */
struct Stack
{
  std::string         Name;
  unsigned int        Number{ 0 };
  std::vector<double> Z;                 ///< mm from the first slice along the normal
  double              ShiftPerMm{ 0.0 }; ///< y shift per mm of z
  std::string         Correction;        ///< the expected geometry_correction
  std::string         Suffix;            ///< the expected file name suffix
  double              Dz{ 0.0 };         ///< expected output slice spacing
};

void
WriteStack(const Stack & s, const std::string & directory)
{
  for (unsigned int k = 0; k < s.Z.size(); ++k)
  {
    ParallelSeriesTest::DicomSliceGeometry g;
    g.Columns = Columns;
    g.Rows = Rows;
    g.Origin[0] = 10.0;
    g.Origin[1] = -20.0 + s.ShiftPerMm * s.Z[k];
    g.Origin[2] = 30.0 + s.Z[k];
    ParallelSeriesTest::DicomSliceAttributes a;
    a.StudyInstanceUID = "1.2.826.0.1.3680043.2.1125.98.1";
    a.SeriesInstanceUID = "1.2.826.0.1.3680043.2.1125.98.2." + std::to_string(s.Number);
    a.SOPInstanceUID = a.SeriesInstanceUID + "." + std::to_string(k + 1);
    a.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2";
    a.Modality = "CT";
    a.SeriesNumber = s.Number;
    a.InstanceNumber = k + 1;
    a.SeriesDescription = s.Name;
    ParallelSeriesTest::WriteDicomSlice<short>(
      g,
      a,
      [&](unsigned int x, unsigned int y) { return Phantom(g.Origin[0] + x, g.Origin[1] + y, g.Origin[2]); },
      directory + "/" + s.Name + std::to_string(k) + ".dcm");
  }
}

/** The corrected grid of stack \c s against the analytic truth; prints and returns false on a
 * mismatch. */
bool
CheckCorrected(const Stack & s, const ImageType * image, const std::string & what)
{
  bool         ok = true;
  const double extent = s.Z.back();
  const auto   slices = static_cast<unsigned int>(std::floor(extent / s.Dz + 1e-4)) + 1;
  // In-plane: the first slice's grid extended by whole pixels over the shifted slices (+y).
  const auto extraRows = static_cast<unsigned int>(std::ceil(s.ShiftPerMm * extent - 1e-6));
  const auto size = image->GetLargestPossibleRegion().GetSize();
  if (size[0] != Columns || size[1] != Rows + extraRows || size[2] != slices)
  {
    std::cerr << what << ": size " << size << ", expected " << Columns << "x" << Rows + extraRows << "x" << slices
              << std::endl;
    return false;
  }
  const auto & spacing = image->GetSpacing();
  const auto & origin = image->GetOrigin();
  const auto & direction = image->GetDirection();
  for (unsigned int i = 0; i < 3; ++i)
  {
    for (unsigned int j = 0; j < 3; ++j)
    {
      ok = ok && std::abs(direction[i][j] - (i == j ? 1.0 : 0.0)) < 1e-6;
    }
  }
  ok =
    ok && std::abs(spacing[0] - 1.0) < 1e-6 && std::abs(spacing[1] - 1.0) < 1e-6 && std::abs(spacing[2] - s.Dz) < 1e-6;
  ok =
    ok && std::abs(origin[0] - 10.0) < 1e-6 && std::abs(origin[1] + 20.0) < 1e-6 && std::abs(origin[2] - 30.0) < 1e-6;
  if (!ok)
  {
    std::cerr << what << ": geometry spacing " << spacing << " origin " << origin << " direction " << direction
              << ", expected spacing (1, 1, " << s.Dz << "), origin (10, -20, 30), identity" << std::endl;
    return false;
  }
  // The fill value: the input's minimum (no PixelPaddingValue).
  double fill = 1e300;
  for (const double z : s.Z)
  {
    fill = std::min(fill, Phantom(10.0, -20.0 + s.ShiftPerMm * z, 30.0 + z));
  }
  unsigned int inside = 0, outside = 0, bad = 0;
  for (itk::ImageRegionConstIteratorWithIndex<ImageType> it(image, image->GetLargestPossibleRegion()); !it.IsAtEnd();
       ++it)
  {
    ImageType::PointType p;
    image->TransformIndexToPhysicalPoint(it.GetIndex(), p);
    const double z = p[2] - 30.0;
    size_t       b = 1;
    while (b + 1 < s.Z.size() && s.Z[b] < z - 1e-9)
    {
      ++b;
    }
    // Row of the point on slices b - 1 and b (continuous index).
    const double rowA = p[1] - (-20.0 + s.ShiftPerMm * s.Z[b - 1]);
    const double rowB = p[1] - (-20.0 + s.ShiftPerMm * s.Z[b]);
    const double weightB = (z - s.Z[b - 1]) / (s.Z[b] - s.Z[b - 1]);
    const bool   onA = weightB > 1.0 - 1e-9 || (rowA >= -1e-9 && rowA <= Rows - 1 + 1e-9);
    const bool   onB = weightB < 1e-9 || (rowB >= -1e-9 && rowB <= Rows - 1 + 1e-9);
    // Off: a contributing slice a pixel or more outside (a slice of weight 0 does not count).
    const bool offA = weightB > 1.0 - 1e-9 || rowA <= -1.0 || rowA >= Rows;
    const bool offB = weightB < 1e-9 || rowB <= -1.0 || rowB >= Rows;
    if (onA && onB)
    {
      ++inside;
      bad += it.Get() == static_cast<short>(Phantom(p[0], p[1], p[2])) ? 0 : 1;
      if (it.Get() != static_cast<short>(Phantom(p[0], p[1], p[2])) && bad < 5)
      {
        std::cerr << what << ": voxel " << it.GetIndex() << " at " << p << " = " << it.Get() << ", truth "
                  << Phantom(p[0], p[1], p[2]) << std::endl;
      }
    }
    else if (offA && offB)
    {
      ++outside;
      bad += it.Get() == static_cast<short>(fill) ? 0 : 1;
    }
  }
  std::cout << what << ": " << size << ", " << inside << " voxels equal to the phantom, " << outside
            << " holding the fill value " << fill << ", " << bad << " wrong" << std::endl;
  return bad == 0 && inside > 0 && (s.ShiftPerMm == 0.0 || outside > 0);
}

/** The manifest as rows of column name -> value. */
std::vector<std::map<std::string, std::string>>
Manifest(const std::string & directory)
{
  const auto                                      csv = ParallelSeriesCLITest::ReadCsv(directory + "/manifest.csv");
  std::vector<std::map<std::string, std::string>> rows;
  if (csv.empty() || csv[0] != ParallelSeriesCLITest::ManifestColumns())
  {
    std::cerr << "manifest \"" << directory << "/manifest.csv\" missing or with another header" << std::endl;
    return rows;
  }
  for (size_t line = 1; line < csv.size(); ++line)
  {
    std::map<std::string, std::string> row;
    for (size_t c = 0; c < csv[0].size() && c < csv[line].size(); ++c)
    {
      row[csv[0][c]] = csv[line][c];
    }
    rows.push_back(row);
  }
  return rows;
}

ImageType::Pointer
Read(const std::string & fileName)
{
  auto reader = itk::ImageFileReader<ImageType>::New();
  reader->SetFileName(fileName);
  reader->Update();
  return reader->GetOutput();
}

int
Convert(const std::string & cli, const std::string & in, const std::string & out, std::vector<std::string> options)
{
  itksys::SystemTools::RemoveADirectory(out);
  std::vector<std::string> command = { cli, "convert", in, out };
  command.insert(command.end(), options.begin(), options.end());
  std::string output;
  const int   code = ParallelSeriesCLITest::RunProgram(command, output);
  std::cout << output;
  return code;
}
} // namespace

int
itkParallelSeriesCLIGeometryCorrectionTest(int argc, char * argv[])
{
  if (argc != 3)
  {
    std::cerr << "Usage: " << argv[0] << " CLI OUTDIR" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string cli = argv[1];
  const std::string root = argv[2];
  const std::string dicom = root + "/dicom";
  itksys::SystemTools::RemoveADirectory(root);
  itksys::SystemTools::MakeDirectory(dicom);

  std::vector<Stack> stacks(4);
  stacks[0] = { "tilt", 1, { 0, 2, 4, 6, 8 }, 0.25, "tilt", "_Tilt", 2.0 };
  stacks[1] = { "eq", 2, { 0, 1, 2, 4, 5 }, 0.0, "equidistant", "_Eq", 1.0 };
  stacks[2] = { "both", 3, { 0, 2, 4, 8, 10 }, 0.25, "tilt+equidistant", "_Tilt_Eq", 2.0 };
  stacks[3] = { "plain", 4, { 0, 1, 2, 3 }, 0.0, "none", "", 1.0 };
  for (const Stack & s : stacks)
  {
    WriteStack(s, dicom);
  }
  bool ok = true;
  auto fail = [&ok](const std::string & message) {
    std::cerr << "FAIL: " << message << std::endl;
    ok = false;
  };

  // The uncorrected volume of a stack, as stock ITK reads it: first-to-last distance / (n - 1).
  auto checkUncorrected = [&](const Stack & s, const ImageType * image, const std::string & what) {
    const auto   size = image->GetLargestPossibleRegion().GetSize();
    const double dz = std::hypot(s.Z.back(), s.ShiftPerMm * s.Z.back()) / static_cast<double>(s.Z.size() - 1);
    if (size[0] != Columns || size[1] != Rows || size[2] != s.Z.size() || std::abs(image->GetSpacing()[2] - dz) > 1e-4)
    {
      fail(what + ": not the volume as read (size, z spacing " + std::to_string(image->GetSpacing()[2]) + ")");
    }
  };

  //-- extra (the default) ---------------------------------------------------------------------
  {
    const std::string out = root + "/extra";
    if (Convert(cli, dicom, out, {}) != 0)
    {
      fail("extra: exit code not 0");
    }
    const auto rows = Manifest(out);
    if (rows.size() != 7)
    {
      fail("extra: " + std::to_string(rows.size()) + " manifest rows, expected 4 volumes + 3 corrected outputs");
    }
    for (const Stack & s : stacks)
    {
      std::vector<std::map<std::string, std::string>> mine;
      for (const auto & r : rows)
      {
        if (r.at("series_description") == s.Name)
        {
          mine.push_back(r);
        }
      }
      const size_t expected = s.Correction == "none" ? 1 : 2;
      if (mine.size() != expected)
      {
        fail("extra: series " + s.Name + " has " + std::to_string(mine.size()) + " rows");
        continue;
      }
      const auto & plain = mine[0];
      if (plain.at("geometry_correction") != "none" || plain.at("status") != "ok")
      {
        fail("extra: " + s.Name + ": the first row is not the uncorrected volume");
        continue;
      }
      checkUncorrected(s, Read(out + "/" + plain.at("path")), "extra " + plain.at("path"));
      if (expected == 1)
      {
        continue;
      }
      const auto &      corrected = mine[1];
      const std::string stem = plain.at("path").substr(0, plain.at("path").size() - 5);
      if (corrected.at("geometry_correction") != s.Correction || corrected.at("status") != "ok" ||
          corrected.at("path") != stem + s.Suffix + ".nrrd" || corrected.at("volume") != plain.at("volume"))
      {
        fail("extra: " + s.Name + ": corrected row " + corrected.at("path") + " (" +
             corrected.at("geometry_correction") + "), expected " + stem + s.Suffix + ".nrrd (" + s.Correction + ")");
        continue;
      }
      const auto image = Read(out + "/" + corrected.at("path"));
      if (!CheckCorrected(s, image, "extra " + corrected.at("path")))
      {
        fail("extra: " + corrected.at("path") + " is not the corrected grid");
      }
      const auto size = image->GetLargestPossibleRegion().GetSize();
      if (corrected.at("size_z") != std::to_string(size[2]) ||
          corrected.at("output_frames") != std::to_string(size[2]) ||
          std::abs(std::stod(corrected.at("spacing_z")) - s.Dz) > 1e-6)
      {
        fail("extra: " + corrected.at("path") + ": manifest size/spacing not the corrected grid's");
      }
    }
  }

  //-- off and replace --------------------------------------------------------------------------
  {
    const std::string out = root + "/off";
    if (Convert(cli, dicom, out, { "--geometry-correction", "off" }) != 0)
    {
      fail("off: exit code not 0");
    }
    const auto rows = Manifest(out);
    if (rows.size() != 4)
    {
      fail("off: " + std::to_string(rows.size()) + " rows, expected 4");
    }
    for (const auto & r : rows)
    {
      if (r.at("geometry_correction") != "none" || r.at("path").find("_Tilt") != std::string::npos ||
          r.at("path").find("_Eq") != std::string::npos)
      {
        fail("off: " + r.at("path") + " is a corrected output");
      }
    }
    for (const Stack & s : stacks)
    {
      for (const auto & r : rows)
      {
        if (r.at("series_description") == s.Name)
        {
          checkUncorrected(s, Read(out + "/" + r.at("path")), "off " + r.at("path"));
        }
      }
    }
  }
  {
    const std::string out = root + "/replace";
    if (Convert(cli, dicom, out, { "--geometry-correction=replace" }) != 0)
    {
      fail("replace: exit code not 0");
    }
    const auto rows = Manifest(out);
    if (rows.size() != 4)
    {
      fail("replace: " + std::to_string(rows.size()) + " rows, expected 4");
    }
    for (const Stack & s : stacks)
    {
      for (const auto & r : rows)
      {
        if (r.at("series_description") != s.Name)
        {
          continue;
        }
        if (r.at("geometry_correction") != s.Correction || r.at("path").find("_Tilt") != std::string::npos ||
            r.at("path").find("_Eq") != std::string::npos)
        {
          fail("replace: " + r.at("path") + " (" + r.at("geometry_correction") + "), expected " + s.Correction +
               " under the volume's own name");
        }
        const auto image = Read(out + "/" + r.at("path"));
        if (s.Correction == "none")
        {
          checkUncorrected(s, image, "replace " + r.at("path"));
        }
        else if (!CheckCorrected(s, image, "replace " + r.at("path")))
        {
          fail("replace: " + r.at("path") + " is not the corrected grid");
        }
      }
    }
  }

  //-- other formats, preprocessing -------------------------------------------------------------
  for (const std::string format : { "nii.gz", "mha" })
  {
    const std::string out = root + "/" + format;
    if (Convert(cli, dicom, out, { "--format", format }) != 0)
    {
      fail(format + ": exit code not 0");
    }
    for (const auto & r : Manifest(out))
    {
      for (const Stack & s : stacks)
      {
        if (r.at("series_description") == s.Name && r.at("geometry_correction") != "none" &&
            !CheckCorrected(s, Read(out + "/" + r.at("path")), format + " " + r.at("path")))
        {
          fail(format + ": " + r.at("path") + " is not the corrected grid");
        }
      }
    }
  }
  struct Variant
  {
    std::vector<std::string> Options;
    bool                     Central;       ///< --volume central: one frame
    unsigned long            Width, Height; ///< --size (0: none)
  };
  std::vector<Variant> variants = { { { "--volume", "central" }, true, 0, 0 },
                                    { { "--size", "16,12" }, false, 16, 12 } };
#ifdef PARALLELSERIES_TEST_HAVE_TIFF
  variants.push_back({ { "--format", "tiff" }, false, 0, 0 });
#endif
  for (const Variant & v : variants)
  {
    const std::string out = root + "/variant";
    std::string       what;
    for (const auto & o : v.Options)
    {
      what += o + " ";
    }
    if (Convert(cli, dicom, out, v.Options) != 0)
    {
      fail(what + ": exit code not 0");
    }
    const auto   rows = Manifest(out);
    unsigned int corrected = 0;
    for (const auto & r : rows)
    {
      if (r.at("geometry_correction") == "none")
      {
        continue;
      }
      ++corrected;
      const std::string expectedFrames = v.Central ? std::string("1") : r.at("size_z");
      const std::string expectedWidth = v.Width ? std::to_string(v.Width) : r.at("size_x");
      const std::string expectedHeight = v.Height ? std::to_string(v.Height) : r.at("size_y");
      if (r.at("status") != "ok" || r.at("output_frames") != expectedFrames || r.at("output_width") != expectedWidth ||
          r.at("output_height") != expectedHeight || !itksys::SystemTools::FileExists(out + "/" + r.at("path"), true))
      {
        fail(what + ": corrected output " + r.at("path") + ": status " + r.at("status") + ", output " +
             r.at("output_width") + "x" + r.at("output_height") + "x" + r.at("output_frames") + " of " +
             r.at("size_x") + "x" + r.at("size_y") + "x" + r.at("size_z"));
      }
    }
    if (corrected != 3)
    {
      fail(what + ": " + std::to_string(corrected) + " corrected outputs, expected 3");
    }
  }

  // --geometry-correction is a convert option with three values.
  {
    std::string output;
    if (ParallelSeriesCLITest::RunProgram({ cli, "convert", dicom, root + "/bad", "--geometry-correction", "on" },
                                          output) != 2 ||
        ParallelSeriesCLITest::RunProgram({ cli, "scan", dicom, "--geometry-correction", "off" }, output) != 2)
    {
      fail("a bad --geometry-correction value, or the option with scan, is not a usage error");
    }
  }
  std::cout << (ok ? "all checks passed" : "some checks FAILED") << std::endl;
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
