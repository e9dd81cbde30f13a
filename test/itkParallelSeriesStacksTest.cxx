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

// Stacks, co-located files and stack tilt on DICOM files written by GDCMImageIO, through the
// scanner and the reader: a tri-planar localizer (one SeriesInstanceUID, three orientations),
// a CT series with one image of another size, co-located files (one position, three
// instances), a stack acquired with a 15 degree gantry tilt. Ground truth: the generating
// geometry, and stock ITK reading the same files.

#include "itkParallelGDCMSeriesFileNames.h"
#include "itkParallelSeriesReader.h"
#include "itkParallelSeriesSameImage.h"
#include "itkParallelSeriesTestUtilities.h"
#include "itkTestingMacros.h"

#include <cmath>

namespace
{
using ParallelSeriesTest::GeneratedSeries;

GeneratedSeries
Base(const std::string & uid, unsigned int columns, unsigned int rows)
{
  GeneratedSeries s;
  s.SeriesInstanceUID = uid;
  s.Description = "stacks";
  s.Columns = columns;
  s.Rows = rows;
  s.Slices = 3;
  s.Spacing[0] = 0.5;
  s.Spacing[1] = 0.5;
  s.Spacing[2] = 4.0;
  return s;
}

/** Direction with columns row, column, normal. */
void
SetDirection(GeneratedSeries & s, const double row[3], const double column[3])
{
  const double normal[3] = { row[1] * column[2] - row[2] * column[1],
                             row[2] * column[0] - row[0] * column[2],
                             row[0] * column[1] - row[1] * column[0] };
  for (unsigned int i = 0; i < 3; ++i)
  {
    s.Direction[i][0] = row[i];
    s.Direction[i][1] = column[i];
    s.Direction[i][2] = normal[i];
  }
}
} // namespace

int
itkParallelSeriesStacksTest(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " outputDir" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string dir = std::string(argv[1]) + "/files";
  itksys::SystemTools::RemoveADirectory(dir);
  itksys::SystemTools::MakeDirectory(dir);
  const double pi = std::acos(-1.0);

  // 1. Tri-planar localizer: one UID, three orientations of 3 slices each.
  const std::string localizer = ParallelSeriesTest::MakeUID(500);
  const double      x[3] = { 1, 0, 0 }, y[3] = { 0, 1, 0 }, minusZ[3] = { 0, 0, -1 };
  GeneratedSeries   axial = Base(localizer, 8, 6), coronal = Base(localizer, 8, 6), sagittal = Base(localizer, 8, 6);
  SetDirection(axial, x, y);
  SetDirection(coronal, x, minusZ);
  SetDirection(sagittal, y, minusZ);
  unsigned int instance = 1;
  for (GeneratedSeries * s : { &axial, &coronal, &sagittal })
  {
    for (unsigned int z = 0; z < 3; ++z, ++instance)
    {
      const std::string file = dir + "/loc" + std::to_string(instance) + ".dcm";
      ParallelSeriesTest::WriteSlice<short>(*s, 0, instance, z, instance, file); // distinct SOPInstanceUIDs
      s->Files.push_back(file);
    }
  }
  // 2. CT series of 4 slices with a dose-report-like image of another size (same UID).
  const std::string ct = ParallelSeriesTest::MakeUID(501);
  GeneratedSeries   stack = Base(ct, 8, 6);
  stack.Slices = 4;
  for (unsigned int z = 0; z < 4; ++z)
  {
    stack.Files.push_back(dir + "/ct" + std::to_string(z) + ".dcm");
    ParallelSeriesTest::WriteSlice<short>(stack, 1, 0, z, z + 1, stack.Files.back());
  }
  GeneratedSeries report = Base(ct, 12, 10);
  report.Files.push_back(dir + "/dose.dcm");
  ParallelSeriesTest::WriteSlice<short>(report, 1, 1, 0, 99, report.Files.back());
  // 3. Co-located: three instances at one position.
  GeneratedSeries colocated = Base(ParallelSeriesTest::MakeUID(502), 8, 6);
  for (unsigned int v = 0; v < 3; ++v)
  {
    colocated.Files.push_back(dir + "/same" + std::to_string(v) + ".dcm");
    ParallelSeriesTest::WriteSlice<short>(colocated, 2, v, 0, v + 1, colocated.Files.back());
  }
  // 4. Gantry tilt of 15 degrees: axial slices 4 mm apart along z, each shifted by 4 tan(15) mm
  // along y (the positions a tilted CT gantry writes).
  GeneratedSeries tilted = Base(ParallelSeriesTest::MakeUID(503), 8, 6);
  tilted.Slices = 5;
  for (unsigned int z = 0; z < 5; ++z)
  {
    GeneratedSeries shifted = tilted;
    shifted.Origin[1] = z * 4.0 * std::tan(15 * pi / 180);
    tilted.Files.push_back(dir + "/tilt" + std::to_string(z) + ".dcm");
    ParallelSeriesTest::WriteSlice<short>(shifted, 3, 0, z, z + 1, tilted.Files.back());
  }

  //-- Scanner ---------------------------------------------------------------------------------
  auto scanner = itk::ParallelGDCMSeriesFileNames::New();
  scanner->SetInputDirectory(dir);
  ITK_TRY_EXPECT_NO_EXCEPTION(scanner->Update());
  const auto & uids = scanner->GetSeriesUIDs();
  for (const auto & uid : uids)
  {
    std::cout << uid << ": " << scanner->GetFileNames(uid).size() << " files" << std::endl;
  }
  ITK_TEST_EXPECT_EQUAL(uids.size(), 7u);
  // The localizer: three stacks named by plane, each the files of one orientation, 4 mm apart.
  const std::pair<const char *, const GeneratedSeries *> planes[] = { { ".ax", &axial },
                                                                      { ".cor", &coronal },
                                                                      { ".sag", &sagittal } };
  for (const auto & p : planes)
  {
    const std::string id = localizer + p.first;
    ITK_TEST_EXPECT_TRUE(scanner->GetFileNames(id) == p.second->Files);
    const auto & s = scanner->GetSeriesSummary(id);
    ITK_TEST_EXPECT_EQUAL(s.NumberOfVolumes, 1u);
    ITK_TEST_EXPECT_EQUAL(s.NumberOfSlices, 3u);
    ITK_TEST_EXPECT_TRUE(std::abs(s.Spacing[2] - 4.0) < 1e-6);
    ITK_TEST_EXPECT_EQUAL(s.SliceSpacingSource, std::string("ImagePositionPatient"));
    for (unsigned int i = 0; i < 3; ++i)
    {
      ITK_TEST_EXPECT_TRUE(std::abs(s.Direction[i][2] - p.second->Direction[i][2]) < 1e-6);
    }
    ITK_TEST_EXPECT_TRUE(s.StackTiltDegrees < 1e-6);
  }
  // The CT series and its image of another size.
  ITK_TEST_EXPECT_TRUE(scanner->GetFileNames(ct + ".8x6") == stack.Files);
  ITK_TEST_EXPECT_TRUE(scanner->GetFileNames(ct + ".12x10") == report.Files);
  ITK_TEST_EXPECT_EQUAL(scanner->GetSeriesSummary(ct + ".12x10").Columns, 12u);
  // Split by size off: one series again (stock grouping), which then fails its volume when read.
  scanner->SetSplitByImageSize(false);
  scanner->Update();
  ITK_TEST_EXPECT_EQUAL(scanner->GetFileNames(ct).size(), 5u);
  ITK_TEST_EXPECT_EQUAL(scanner->GetSeriesUIDs().size(), 6u);
  scanner->SetSplitByImageSize(true);
  scanner->Update();
  // Co-located files: one volume per instance, in instance order.
  ITK_TEST_EXPECT_EQUAL(scanner->GetNumberOfVolumes(colocated.SeriesInstanceUID), 3u);
  for (unsigned int v = 0; v < 3; ++v)
  {
    std::vector<std::string> files;
    ITK_TEST_EXPECT_TRUE(scanner->GetVolumeFileNames(colocated.SeriesInstanceUID, v, files));
    ITK_TEST_EXPECT_TRUE(files == std::vector<std::string>({ colocated.Files[v] }));
  }
  // The tilted stack: 15 degrees, z spacing from the positions = 4 / cos(15) mm.
  {
    const auto & s = scanner->GetSeriesSummary(tilted.SeriesInstanceUID);
    ITK_TEST_EXPECT_TRUE(std::abs(s.StackTiltDegrees - 15.0) < 1e-3);
    ITK_TEST_EXPECT_TRUE(std::abs(s.Spacing[2] - 4.0 / std::cos(15 * pi / 180)) < 1e-4);
    ITK_TEST_EXPECT_TRUE(s.SliceSpacingDeviation < 1e-4);
  }

  //-- Reader: every volume equals stock ITK on its files; metadata says where z comes from -----
  using ImageType = itk::Image<short, 3>;
  auto reader = itk::ParallelSeriesReader<ImageType>::New();
  reader->SetFileNamesSource(scanner);
  ITK_TRY_EXPECT_NO_EXCEPTION(reader->Update());
  ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfVolumes(), 3u + 2u + 3u + 1u);
  ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfFailedVolumes(), 0u);
  for (unsigned int v = 0; v < reader->GetNumberOfVolumes(); ++v)
  {
    const auto & info = reader->GetVolumeInfo(v);
    auto         stock = ParallelSeriesTest::ReadWithStockITK<ImageType>(info.FileNames);
    if (!ParallelSeriesTest::SameImage<ImageType>(reader->GetOutput(v), stock, info.SeriesIdentifier))
    {
      return EXIT_FAILURE;
    }
    const auto & dictionary = reader->GetOutput(v)->GetMetaDataDictionary();
    std::string  source;
    ITK_TEST_EXPECT_TRUE(itk::ExposeMetaData<std::string>(
      dictionary, itk::ParallelSeriesReader<ImageType>::SliceSpacingSourceKey, source));
    double     tilt = -1.0;
    const bool hasTilt =
      itk::ExposeMetaData<double>(dictionary, itk::ParallelSeriesReader<ImageType>::StackTiltDegreesKey, tilt);
    if (info.FileNames.size() > 1)
    {
      ITK_TEST_EXPECT_EQUAL(source, std::string("ImagePositionPatient"));
      ITK_TEST_EXPECT_TRUE(hasTilt);
      const double expected = info.SeriesIdentifier == tilted.SeriesInstanceUID ? 15.0 : 0.0;
      ITK_TEST_EXPECT_TRUE(std::abs(tilt - expected) < 1e-3);
    }
    else
    {
      // A single slice: stock ITK's z spacing is the generating 4 mm only when an attribute of
      // the file gives it (GDCM reads SpacingBetweenSlices for MR, nothing for CT), else GDCM's
      // placeholder 1 mm, for which the source must be empty.
      auto io = itk::GDCMImageIO::New();
      io->SetFileName(info.FileNames[0]);
      io->ReadImageInformation();
      const bool stated = std::abs(io->GetSpacing(2) - 4.0) < 1e-6;
      std::cout << info.SeriesIdentifier << ": stock z spacing " << io->GetSpacing(2) << ", source \"" << source << "\""
                << std::endl;
      ITK_TEST_EXPECT_EQUAL(source.empty(), !stated);
      ITK_TEST_EXPECT_TRUE(!hasTilt);
    }
  }

  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
