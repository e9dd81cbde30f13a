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

// Siemens mosaics on nibabel's real files (nibabel/nicom/tests/data/ of nibabel's PyPI wheel:
// scripts/get-nibabel-data.sh), against nibabel's MosaicWrapper: test/Baseline/NibabelMosaic.txt
// and NibabelMosaicPattern.mha, written by test/make_nibabel_mosaic_baselines.py (nibabel's
// affine turned into ITK's LPS geometry, the MD5 of nibabel's de-mosaicked voxels). Modes:
//
//   itkParallelSeriesMosaicNibabelTest DATA OUT BASELINE PATTERN_OUT ITK_DICOM
//       DATA: nibabel's files; OUT: a scratch directory; BASELINE: NibabelMosaic.txt; PATTERN_OUT:
//       where the pattern volume is written (for the driver's --compare with
//       NibabelMosaicPattern.mha); ITK_DICOM: ITK's DICOM test files (itkDCMTKNonSquare.dcm). Cases:
//       - OUT/dwi: siemens_dwi_0.dcm and siemens_dwi_1000.dcm, one series of two mosaics: two
//         volumes (instance order), scan summary and reader outputs against nibabel (size, MD5 of
//         the voxels, geometry: every corner voxel within 1e-3 mm of nibabel's);
//       - OUT/pattern: siemens_dwi_0.dcm with its (zero) pixels replaced, with GDCM, by
//         value(row, column) = 1000 + (37 row + column) % 251 (the script writes the same file with
//         pydicom): voxels against nibabel's MD5 and against the formula, for an unsigned short
//         and a float output (the decoder's direct and converting paths);
//       - OUT/oblique: csa_slice_norm.dcm (oblique), a header without pixel data: skipped; with
//         Pattern() pixels added (GDCM), a series error (GDCM rejects its CSA header, which lacks
//         the signature bytes of Siemens' SV10 format); with those bytes too, scan and read against
//         nibabel's geometry and the formula;
//       - OUT/not-divisible: 0.dcm and 1.dcm (256 x 256 images that say 48 tiles, i.e. 7 x 7 tiles
//         of 36.57 pixels: not a mosaic nibabel or dcm2niix can cut): the series has no volume and
//         says why;
//       - OUT/itk-nonsquare: ITK's itkDCMTKNonSquare.dcm, a real DTI mosaic (65 tiles of 128 x 96):
//         geometry and voxels against nibabel's.
//   itkParallelSeriesMosaicNibabelTest --check-converted DIR BASELINE CASE...
//       The image files of DIR (what "parallel-series convert" wrote; manifest.csv skipped), in
//       name order, read back with ITK's readers, against the cases CASE... of BASELINE.

#include "itkImageFileReader.h"
#include "itkImageFileWriter.h"
#include "itkMetaDataObject.h"
#include "itkParallelGDCMSeriesFileNames.h"
#include "itkParallelSeriesReader.h"
#include "itkTestingMacros.h"
#include "itksys/Directory.hxx"
#include "itksys/MD5.h"
#include "itksys/SystemTools.hxx"

#include "gdcmAttribute.h"
#include "gdcmReader.h"
#include "gdcmWriter.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <vector>

namespace
{
using ShortImage = itk::Image<unsigned short, 3>;
using FloatImage = itk::Image<float, 3>;

/** One case of NibabelMosaic.txt: nibabel's volume in ITK's conventions. */
struct Expected
{
  unsigned int Size[3]{ 0, 0, 0 };
  double       Origin[3]{ 0, 0, 0 };
  double       Spacing[3]{ 0, 0, 0 };
  double       Direction[3][3]{};
  std::string  SliceSpacingSource;
  std::string  MD5; ///< "none": no voxels
};

std::map<std::string, Expected>
ReadBaseline(const std::string & fileName)
{
  std::map<std::string, Expected> cases;
  std::ifstream                   in(fileName);
  std::string                     line;
  Expected *                      current = nullptr;
  while (std::getline(in, line))
  {
    std::istringstream is(line);
    std::string        key;
    if (!(is >> key) || key[0] == '#')
    {
      continue;
    }
    if (key == "case")
    {
      std::string name;
      is >> name;
      current = &cases[name];
      continue;
    }
    if (current == nullptr)
    {
      continue;
    }
    if (key == "size")
    {
      is >> current->Size[0] >> current->Size[1] >> current->Size[2];
    }
    else if (key == "origin")
    {
      is >> current->Origin[0] >> current->Origin[1] >> current->Origin[2];
    }
    else if (key == "spacing")
    {
      is >> current->Spacing[0] >> current->Spacing[1] >> current->Spacing[2];
    }
    else if (key == "direction")
    {
      for (auto & row : current->Direction)
      {
        is >> row[0] >> row[1] >> row[2];
      }
    }
    else if (key == "slice_spacing_source")
    {
      is >> current->SliceSpacingSource;
    }
    else if (key == "md5")
    {
      is >> current->MD5;
    }
  }
  return cases;
}

std::string
MD5Of(const void * data, size_t bytes)
{
  itksysMD5 * md5 = itksysMD5_New();
  itksysMD5_Initialize(md5);
  itksysMD5_Append(md5, static_cast<const unsigned char *>(data), static_cast<int>(bytes));
  char hex[33] = {};
  itksysMD5_FinalizeHex(md5, hex);
  itksysMD5_Delete(md5);
  return std::string(hex, 32);
}

/** The largest distance (mm) between the physical points of the 8 corner voxels of a volume of
 * \c size with geometry (origin, spacing, direction) \c a, and those of \c expected. */
double
CornerDeviation(const unsigned int                size[3],
                const itk::Point<double, 3> &     origin,
                const itk::Vector<double, 3> &    spacing,
                const itk::Matrix<double, 3, 3> & direction,
                const Expected &                  expected)
{
  double worst = 0.0;
  for (unsigned int corner = 0; corner < 8; ++corner)
  {
    double index[3];
    for (unsigned int d = 0; d < 3; ++d)
    {
      index[d] = (corner >> d) & 1u ? size[d] - 1.0 : 0.0;
    }
    double distance2 = 0.0;
    for (unsigned int r = 0; r < 3; ++r)
    {
      double ours = origin[r];
      double theirs = expected.Origin[r];
      for (unsigned int c = 0; c < 3; ++c)
      {
        ours += direction[r][c] * spacing[c] * index[c];
        theirs += expected.Direction[r][c] * expected.Spacing[c] * index[c];
      }
      distance2 += (ours - theirs) * (ours - theirs);
    }
    worst = std::max(worst, std::sqrt(distance2));
  }
  return worst;
}

/** Geometry of an image against \c expected: size, every corner within 1e-3 mm, spacing and
 * direction within 1e-5 (nibabel's affine is built from the stored, not quite unit, cosines). */
template <typename TImage>
bool
SameGeometry(const TImage * image, const Expected & expected, const std::string & what)
{
  const auto   size = image->GetLargestPossibleRegion().GetSize();
  unsigned int s[3];
  bool         ok = true;
  for (unsigned int d = 0; d < 3; ++d)
  {
    s[d] = static_cast<unsigned int>(size[d]);
    ok = ok && s[d] == expected.Size[d];
    ok = ok && std::abs(image->GetSpacing()[d] - expected.Spacing[d]) <= 1e-5;
    for (unsigned int c = 0; c < 3; ++c)
    {
      ok = ok && std::abs(image->GetDirection()[d][c] - expected.Direction[d][c]) <= 1e-5;
    }
  }
  const double deviation =
    CornerDeviation(s, image->GetOrigin(), image->GetSpacing(), image->GetDirection().GetVnlMatrix(), expected);
  std::cout << what << ": " << s[0] << " x " << s[1] << " x " << s[2] << ", origin " << image->GetOrigin()
            << ", spacing " << image->GetSpacing() << ", corners within " << deviation << " mm of nibabel's"
            << std::endl;
  if (!ok || !(deviation <= 1e-3))
  {
    std::cerr << what << ": geometry differs from nibabel's (size " << expected.Size[0] << " x " << expected.Size[1]
              << " x " << expected.Size[2] << ", spacing " << expected.Spacing[0] << " " << expected.Spacing[1] << " "
              << expected.Spacing[2] << "; direction\n"
              << image->GetDirection() << ")" << std::endl;
    return false;
  }
  return true;
}

/** The scan summary's geometry against \c expected. */
bool
SameSummaryGeometry(const itk::ParallelSeriesSummary & s, const Expected & expected, const std::string & what)
{
  const unsigned int size[3] = { s.GetColumns(), s.GetRows(), s.GetNumberOfSlices() };
  bool               ok = size[0] == expected.Size[0] && size[1] == expected.Size[1] && size[2] == expected.Size[2] &&
            s.GetSliceSpacingSource() == expected.SliceSpacingSource;
  for (unsigned int d = 0; d < 3; ++d)
  {
    ok = ok && std::abs(s.GetSpacing()[d] - expected.Spacing[d]) <= 1e-5;
  }
  const double deviation = CornerDeviation(size, s.GetOrigin(), s.GetSpacing(), s.GetDirection(), expected);
  std::cout << what << " (scan summary): " << size[0] << " x " << size[1] << " x " << size[2] << ", Spacing[2] from "
            << s.GetSliceSpacingSource() << ", corners within " << deviation << " mm of nibabel's" << std::endl;
  if (!ok || !(deviation <= 1e-3))
  {
    std::cerr << what << ": scan summary differs from nibabel's" << std::endl;
    return false;
  }
  return true;
}

std::string
MakeDirectory(const std::string &              root,
              const std::string &              name,
              const std::vector<std::string> & copies,
              const std::string &              data)
{
  const std::string dir = root + "/" + name;
  itksys::SystemTools::RemoveADirectory(dir);
  itksys::SystemTools::MakeDirectory(dir);
  for (const std::string & f : copies)
  {
    if (!itksys::SystemTools::CopyFileAlways(data + "/" + f, dir + "/" + f))
    {
      std::cerr << "cannot copy " << data << "/" << f << std::endl;
    }
  }
  return dir;
}

/** The pattern of make_nibabel_mosaic_baselines.py: value(row, column) of the mosaic. */
unsigned short
Pattern(unsigned int row, unsigned int column)
{
  return static_cast<unsigned short>(1000 + (37 * row + column) % 251);
}

/** \c source with its pixel data replaced (or, when it has none, completed) by Pattern()
 * (GDCM reads and writes the file); with \c csaSignature, bytes 4 to 7 of its CSA image header
 * set to the "\4\3\2\1" of Siemens' "SV10" format. */
bool
WritePatternFile(const std::string & source, const std::string & target, bool csaSignature = false)
{
  gdcm::Reader reader;
  reader.SetFileName(source.c_str());
  if (!reader.Read())
  {
    std::cerr << "GDCM cannot read " << source << std::endl;
    return false;
  }
  gdcm::DataSet &                 ds = reader.GetFile().GetDataSet();
  gdcm::Attribute<0x0028, 0x0010> rows;
  gdcm::Attribute<0x0028, 0x0011> columns;
  rows.SetFromDataSet(ds);
  columns.SetFromDataSet(ds);
  std::vector<std::uint16_t> pixels(static_cast<size_t>(rows.GetValue()) * columns.GetValue());
  for (unsigned int r = 0; r < rows.GetValue(); ++r)
  {
    for (unsigned int c = 0; c < columns.GetValue(); ++c)
    {
      pixels[static_cast<size_t>(r) * columns.GetValue() + c] = Pattern(r, c);
    }
  }
  gdcm::DataElement pixelData(gdcm::Tag(0x7fe0, 0x0010));
  pixelData.SetVR(gdcm::VR::OW);
  pixelData.SetByteValue(reinterpret_cast<const char *>(pixels.data()),
                         static_cast<uint32_t>(pixels.size() * sizeof(std::uint16_t)));
  ds.Replace(pixelData);
  if (csaSignature)
  {
    // The CSA image header (0029,1010) as Siemens writes it: "SV10" then "\4\3\2\1".
    gdcm::DataElement       csa = ds.GetDataElement(gdcm::Tag(0x0029, 0x1010));
    const gdcm::ByteValue * bv = csa.GetByteValue();
    if (bv == nullptr || bv->GetLength() < 8 || std::string(bv->GetPointer(), 4) != "SV10")
    {
      std::cerr << source << ": no SV10 CSA image header at (0029,1010)" << std::endl;
      return false;
    }
    std::string bytes(bv->GetPointer(), bv->GetLength());
    bytes.replace(4, 4, "\4\3\2\1", 4);
    csa.SetByteValue(bytes.data(), static_cast<uint32_t>(bytes.size()));
    ds.Replace(csa);
  }
  gdcm::Writer writer;
  writer.SetFile(reader.GetFile());
  writer.SetFileName(target.c_str());
  if (!writer.Write())
  {
    std::cerr << "GDCM cannot write " << target << std::endl;
    return false;
  }
  return true;
}

/** The voxels of a de-mosaicked Pattern() file, independently of nibabel: voxel (x, y, z) =
 * mosaic pixel (row (z / m) tileRows + y, column (z % m) tileColumns + x), m tiles per row.
 * Returns the number of voxels that differ. */
unsigned int
PatternMismatches(const ShortImage * image, unsigned int m)
{
  const auto   size = image->GetLargestPossibleRegion().GetSize();
  unsigned int mismatches = 0;
  for (unsigned int z = 0; z < size[2]; ++z)
  {
    for (unsigned int y = 0; y < size[1]; ++y)
    {
      for (unsigned int x = 0; x < size[0]; ++x)
      {
        const ShortImage::IndexType index = { { x, y, z } };
        mismatches += image->GetPixel(index) != Pattern((z / m) * static_cast<unsigned int>(size[1]) + y,
                                                        (z % m) * static_cast<unsigned int>(size[0]) + x);
      }
    }
  }
  return mismatches;
}

template <typename TImage>
typename itk::ParallelSeriesReader<TImage>::Pointer
ReadDirectory(const std::string & dir)
{
  auto reader = itk::ParallelSeriesReader<TImage>::New();
  reader->SetInputDirectory(dir);
  reader->Update();
  return reader;
}

int
CheckConverted(const std::vector<std::string> & args)
{
  const std::map<std::string, Expected> baseline = ReadBaseline(args[1]);
  itksys::Directory                     dir;
  if (!dir.Load(args[0]))
  {
    std::cerr << "cannot list " << args[0] << std::endl;
    return EXIT_FAILURE;
  }
  std::vector<std::string> files;
  for (unsigned long i = 0; i < dir.GetNumberOfFiles(); ++i)
  {
    const std::string f = dir.GetFile(i);
    const bool        sidecar = f.size() > 5 && f.compare(f.size() - 5, 5, ".json") == 0; // the volumes' JSON sidecars
    if (f != "." && f != ".." && f != "manifest.csv" && !sidecar &&
        !itksys::SystemTools::FileIsDirectory(args[0] + "/" + f))
    {
      files.push_back(f);
    }
  }
  std::sort(files.begin(), files.end());
  if (files.size() != args.size() - 2)
  {
    std::cerr << args[0] << " holds " << files.size() << " images, expected " << args.size() - 2 << std::endl;
    return EXIT_FAILURE;
  }
  bool ok = true;
  for (size_t k = 0; k < files.size(); ++k)
  {
    const auto it = baseline.find(args[k + 2]);
    if (it == baseline.end())
    {
      std::cerr << "no case " << args[k + 2] << " in " << args[1] << std::endl;
      return EXIT_FAILURE;
    }
    const ShortImage::Pointer image = itk::ReadImage<ShortImage>(args[0] + "/" + files[k]);
    ok = SameGeometry(image.GetPointer(), it->second, files[k]) && ok;
    const std::string md5 =
      MD5Of(image->GetBufferPointer(), image->GetPixelContainer()->Size() * sizeof(ShortImage::PixelType));
    if (md5 != it->second.MD5)
    {
      std::cerr << files[k] << ": voxels differ from nibabel's (MD5 " << md5 << ", nibabel's " << it->second.MD5 << ")"
                << std::endl;
      ok = false;
    }
  }
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
} // namespace

int
itkParallelSeriesMosaicNibabelTest(int argc, char * argv[])
{
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "--check-converted" && args.size() >= 4)
  {
    return CheckConverted(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  if (args.size() != 5)
  {
    std::cerr << "Usage: " << argv[0]
              << " DATA OUT BASELINE PATTERN_OUT ITK_DICOM | --check-converted DIR BASELINE CASE..." << std::endl;
    return EXIT_FAILURE;
  }
  const std::string                     data = args[0];
  const std::string                     out = args[1];
  const std::map<std::string, Expected> baseline = ReadBaseline(args[2]);
  ITK_TEST_EXPECT_EQUAL(baseline.size(), 5u);
  itksys::SystemTools::MakeDirectory(out);

  // 1. One series of two DWI mosaics (b = 0, b = 1000; same position): two volumes, in
  //    InstanceNumber order, each the de-mosaicked 128 x 128 x 48 volume with nibabel's geometry.
  {
    const std::string dir = MakeDirectory(out, "dwi", { "siemens_dwi_1000.dcm", "siemens_dwi_0.dcm" }, data);
    auto              scanner = itk::ParallelGDCMSeriesFileNames::New();
    scanner->SetInputDirectory(dir);
    scanner->Update();
    ITK_TEST_EXPECT_EQUAL(scanner->GetSeriesUIDs().size(), 1u);
    const std::string uid = scanner->GetSeriesUIDs().front();
    ITK_TEST_EXPECT_TRUE(scanner->GetSeriesError(uid).empty());
    ITK_TEST_EXPECT_EQUAL(scanner->GetNumberOfVolumes(uid), 2u);
    const itk::ParallelSeriesSummary s = scanner->GetSeriesSummary(uid);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfImagesInMosaic(), 48u);
    ITK_TEST_EXPECT_EQUAL(s.GetMosaicColumns(), 896u);
    ITK_TEST_EXPECT_EQUAL(s.GetMosaicRows(), 896u);
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfVolumes(), 2u);
    ITK_TEST_EXPECT_TRUE(SameSummaryGeometry(s, baseline.at("siemens_dwi_0.dcm"), "siemens_dwi"));
    std::vector<std::string> names = scanner->GetVolumeFileNames(uid, 0);
    ITK_TEST_EXPECT_TRUE(names.size() == 1 && itksys::SystemTools::GetFilenameName(names[0]) == "siemens_dwi_0.dcm");
    names = scanner->GetVolumeFileNames(uid, 1);
    ITK_TEST_EXPECT_TRUE(names.size() == 1 && itksys::SystemTools::GetFilenameName(names[0]) == "siemens_dwi_1000.dcm");
    const itk::ParallelSeriesMosaicInfo info = scanner->GetVolumeMosaicInfo(uid, 1);
    ITK_TEST_EXPECT_EQUAL(info.GetLayout().GetNumberOfTiles(), 48u);
    ITK_TEST_EXPECT_EQUAL(info.GetLayout().GetTilesPerRow(), 7u);
    ITK_TEST_EXPECT_EQUAL(info.GetLayout().GetTileColumns(), 128u);

    const auto reader = ReadDirectory<ShortImage>(dir);
    ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfVolumes(), 2u);
    ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfFailedVolumes(), 0u);
    const char * cases[2] = { "siemens_dwi_0.dcm", "siemens_dwi_1000.dcm" };
    for (unsigned int v = 0; v < 2; ++v)
    {
      const ShortImage * image = reader->GetOutput(v);
      const Expected &   e = baseline.at(cases[v]);
      ITK_TEST_EXPECT_TRUE(SameGeometry(image, e, cases[v]));
      ITK_TEST_EXPECT_EQUAL(MD5Of(image->GetBufferPointer(), image->GetPixelContainer()->Size() * 2), e.MD5);
      unsigned int tiles = 0;
      std::string  source;
      ITK_TEST_EXPECT_TRUE(itk::ExposeMetaData<unsigned int>(
        image->GetMetaDataDictionary(), "ParallelSeries_NumberOfImagesInMosaic", tiles));
      ITK_TEST_EXPECT_EQUAL(tiles, 48u);
      ITK_TEST_EXPECT_TRUE(
        itk::ExposeMetaData<std::string>(image->GetMetaDataDictionary(), "ParallelSeries_SliceSpacingSource", source));
      ITK_TEST_EXPECT_EQUAL(source, std::string("SpacingBetweenSlices"));
    }
  }

  // 2. The pattern: every voxel tells which mosaic pixel it came from.
  {
    const std::string dir = MakeDirectory(out, "pattern", {}, data);
    ITK_TEST_EXPECT_TRUE(WritePatternFile(data + "/siemens_dwi_0.dcm", dir + "/pattern.dcm"));
    const Expected & e = baseline.at("pattern");
    const auto       reader = ReadDirectory<ShortImage>(dir);
    ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfVolumes(), 1u);
    ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfFailedVolumes(), 0u);
    const ShortImage * image = reader->GetOutput(0);
    ITK_TEST_EXPECT_TRUE(SameGeometry(image, e, "pattern"));
    ITK_TEST_EXPECT_EQUAL(MD5Of(image->GetBufferPointer(), image->GetPixelContainer()->Size() * 2), e.MD5);
    ITK_TEST_EXPECT_EQUAL(PatternMismatches(image, 7), 0u); // 48 tiles: 7 per row
    // For the driver's --compare (without the DICOM dictionary, which MetaImage cannot hold).
    const auto copy = ShortImage::New();
    copy->Graft(image);
    copy->SetMetaDataDictionary(itk::MetaDataDictionary());
    itk::WriteImage(copy, args[3]);

    // A float output: the decoder's converting path gives the same values.
    const auto         floats = ReadDirectory<FloatImage>(dir);
    const FloatImage * f = floats->GetOutput(0);
    ITK_TEST_EXPECT_TRUE(SameGeometry(f, e, "pattern (float)"));
    unsigned int differ = 0;
    for (size_t i = 0; i < image->GetPixelContainer()->Size(); ++i)
    {
      differ += f->GetBufferPointer()[i] != static_cast<float>(image->GetBufferPointer()[i]);
    }
    ITK_TEST_EXPECT_EQUAL(differ, 0u);
  }

  // 3. Oblique (SliceNormalVector (0, 0.43994, 0.89803)): csa_slice_norm.dcm is a header without
  //    pixel data (skipped by the scan, as any file without PixelData); completed with Pattern()
  //    pixels, its volume has nibabel's geometry (nibabel's affine does not depend on the pixels)
  //    and the pattern's voxels.
  {
    const std::string dir = MakeDirectory(out, "oblique", { "csa_slice_norm.dcm" }, data);
    auto              scanner = itk::ParallelGDCMSeriesFileNames::New();
    scanner->SetInputDirectory(dir);
    scanner->Update();
    ITK_TEST_EXPECT_EQUAL(scanner->GetSeriesUIDs().size(), 0u);
    ITK_TEST_EXPECT_EQUAL(scanner->GetNumberOfSkippedFiles(), 1u);
    itksys::SystemTools::RemoveFile(dir + "/csa_slice_norm.dcm");

    // Its CSA header starts "SV10" without the "\4\3\2\1" that follows in Siemens files (nibabel
    // ignores those 4 bytes); gdcm::CSAHeader rejects it: the series fails and says why.
    ITK_TEST_EXPECT_TRUE(WritePatternFile(data + "/csa_slice_norm.dcm", dir + "/csa_slice_norm_with_pixels.dcm"));
    auto rejected = itk::ParallelGDCMSeriesFileNames::New();
    rejected->SetInputDirectory(dir);
    rejected->Update();
    ITK_TEST_EXPECT_EQUAL(rejected->GetSeriesUIDs().size(), 1u);
    std::cout << "csa_slice_norm.dcm as it is: " << rejected->GetSeriesError(rejected->GetSeriesUIDs().front())
              << std::endl;
    ITK_TEST_EXPECT_TRUE(rejected->GetSeriesError(rejected->GetSeriesUIDs().front()).find("CSA image header") !=
                         std::string::npos);
    ITK_TEST_EXPECT_EQUAL(rejected->GetNumberOfVolumes(rejected->GetSeriesUIDs().front()), 0u);

    // With the signature bytes as Siemens writes them: nibabel's geometry.
    ITK_TEST_EXPECT_TRUE(WritePatternFile(data + "/csa_slice_norm.dcm", dir + "/csa_slice_norm_with_pixels.dcm", true));
    auto completed = itk::ParallelGDCMSeriesFileNames::New();
    completed->SetInputDirectory(dir);
    completed->Update();
    ITK_TEST_EXPECT_EQUAL(completed->GetSeriesUIDs().size(), 1u);
    const std::string uid = completed->GetSeriesUIDs().front();
    const itk::ParallelSeriesSummary s = completed->GetSeriesSummary(uid);
    const Expected &  e = baseline.at("csa_slice_norm.dcm");
    ITK_TEST_EXPECT_EQUAL(s.GetNumberOfImagesInMosaic(), 32u);
    ITK_TEST_EXPECT_TRUE(SameSummaryGeometry(s, e, "csa_slice_norm"));
    const auto reader = ReadDirectory<ShortImage>(dir);
    ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfFailedVolumes(), 0u);
    ITK_TEST_EXPECT_TRUE(SameGeometry(reader->GetOutput(0), e, "csa_slice_norm (with pixels)"));
    ITK_TEST_EXPECT_EQUAL(PatternMismatches(reader->GetOutput(0), 6), 0u); // 32 tiles: 6 per row
  }

  // 4. Not a whole number of tiles: reported, not cut.
  {
    const std::string dir = MakeDirectory(out, "not-divisible", { "0.dcm", "1.dcm" }, data);
    auto              scanner = itk::ParallelGDCMSeriesFileNames::New();
    scanner->SetInputDirectory(dir);
    scanner->Update();
    const std::string uid = scanner->GetSeriesUIDs().front();
    std::cout << "0.dcm, 1.dcm: " << scanner->GetSeriesError(uid) << std::endl;
    ITK_TEST_EXPECT_TRUE(scanner->GetSeriesError(uid).find("does not divide") != std::string::npos);
    ITK_TEST_EXPECT_EQUAL(scanner->GetNumberOfVolumes(uid), 0u);
    ITK_TEST_EXPECT_EQUAL(scanner->GetSeriesSummary(uid).GetNumberOfImagesInMosaic(), 48u);
    const auto reader = ReadDirectory<ShortImage>(dir);
    ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfFailedVolumes(), 1u);
    ITK_TEST_EXPECT_TRUE(reader->GetVolumeInfo(0).GetFailureReason().find("does not divide") != std::string::npos);
  }

  // 5. ITK's own Siemens DTI mosaic (itkDCMTKNonSquare.dcm: 65 tiles of 128 x 96 on a 9 x 9 grid,
  //    real pixels; its CSA header lost its private creator, GDCM finds it at (0029,1010)).
  {
    const std::string dir = out + "/itk-nonsquare";
    itksys::SystemTools::RemoveADirectory(dir);
    itksys::SystemTools::MakeDirectory(dir);
    ITK_TEST_EXPECT_TRUE(
      itksys::SystemTools::CopyFileAlways(args[4] + "/itkDCMTKNonSquare.dcm", dir + "/itkDCMTKNonSquare.dcm"));
    const Expected & e = baseline.at("itkDCMTKNonSquare.dcm");
    const auto       reader = ReadDirectory<ShortImage>(dir);
    ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfVolumes(), 1u);
    ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfFailedVolumes(), 0u);
    const ShortImage * image = reader->GetOutput(0);
    ITK_TEST_EXPECT_TRUE(SameGeometry(image, e, "itkDCMTKNonSquare.dcm"));
    ITK_TEST_EXPECT_EQUAL(MD5Of(image->GetBufferPointer(), image->GetPixelContainer()->Size() * 2), e.MD5);
  }

  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
