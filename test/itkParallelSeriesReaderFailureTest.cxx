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
#include "itkParallelSeriesReader.h"
#include "itkTestingMacros.h"
#include "itkParallelSeriesTestUtilities.h"

int
itkParallelSeriesReaderFailureTest(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " outputDir" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string outputDir = argv[1];
  const std::string dir = outputDir + "/generated";
  itksys::SystemTools::MakeDirectory(outputDir);
  auto truth = ParallelSeriesTest::GenerateMultiSeriesDirectory(dir, 3);

  // Series 0: one file truncated in its pixel data. Series 3: one file replaced by a slice of
  // another size (same series, position and instance number). Series 7: one file truncated
  // inside its header (it can no longer be parsed: skipped by the scan, series still readable).
  const std::string truncated = ParallelSeriesTest::DamageTwoVolumes(truth)[0];
  const std::string headerTruncated = truth[7].Files[0];
  ParallelSeriesTest::TruncateFile(headerTruncated, 300);

  using ImageType = itk::Image<short, 3>;
  // First with the stock grouping (no split by size): the slice of another size fails its volume.
  auto scanner = itk::ParallelGDCMSeriesFileNames::New();
  scanner->SetInputDirectory(dir);
  scanner->SetRecursive(true);
  scanner->SetSplitByImageSize(false);
  auto reader = itk::ParallelSeriesReader<ImageType>::New();
  reader->SetFileNamesSource(scanner);
  reader->SetNumberOfWorkUnits(3);
  ITK_TRY_EXPECT_NO_EXCEPTION(reader->Update());
  std::cout << "Failure report:\n" << reader->GetFailureReport() << std::endl;
  ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfVolumes(), 11u);
  ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfFailedVolumes(), 2u);

  unsigned int checked = 0;
  for (unsigned int v = 0; v < reader->GetNumberOfVolumes(); ++v)
  {
    const auto & info = reader->GetVolumeInfo(v);
    if (info.SeriesIdentifier == truth[0].SeriesInstanceUID)
    {
      ITK_TEST_EXPECT_TRUE(info.Failed);
      ITK_TEST_EXPECT_EQUAL(info.FailedFile, truncated);
      ITK_TEST_EXPECT_TRUE(!info.FailureReason.empty());
      ITK_TEST_EXPECT_TRUE(reader->GetFailureReport().find(truncated) != std::string::npos);
      continue;
    }
    if (info.SeriesIdentifier == truth[3].SeriesInstanceUID)
    {
      ITK_TEST_EXPECT_TRUE(info.Failed);
      ITK_TEST_EXPECT_EQUAL(info.FailedFile, truth[3].Files[4]);
      ITK_TEST_EXPECT_TRUE(info.FailureReason.find("size mismatch") != std::string::npos);
      continue;
    }
    // Every other volume is complete and equals stock ITK.
    ITK_TEST_EXPECT_TRUE(!info.Failed);
    if (info.SeriesIdentifier == truth[7].SeriesInstanceUID)
    {
      ITK_TEST_EXPECT_EQUAL(info.FileNames.size(), truth[7].Files.size() - 1);
    }
    auto stock = ParallelSeriesTest::ReadWithStockITK<ImageType>(info.FileNames);
    if (!ParallelSeriesTest::SameImage<ImageType>(reader->GetOutput(v), stock, info.SeriesIdentifier))
    {
      return EXIT_FAILURE;
    }
    ++checked;
  }
  ITK_TEST_EXPECT_EQUAL(checked, 9u);

  // The header-truncated file is listed by the scan, with a reason.
  const auto & skipped = reader->GetFileNamesSource()->GetSkippedFiles();
  ITK_TEST_EXPECT_TRUE(
    std::any_of(skipped.begin(), skipped.end(), [&](const itk::ParallelGDCMSeriesFileNames::SkippedFile & s) {
      return s.FileName == headerTruncated && !s.Reason.empty();
    }));

  // ThrowOnFailure: Update() throws once all volumes are done, naming the file.
  ITK_TEST_EXPECT_TRUE(ParallelSeriesTest::UpdateThrowsNaming(reader.GetPointer(), truncated));

  // By default the slice of another size is a series of its own (<uid>.<columns>x<rows>) and
  // both parts of series 3 read, equal to stock ITK on their files; only the truncated file's
  // volume fails.
  auto splitting = itk::ParallelSeriesReader<ImageType>::New();
  splitting->SetInputDirectory(dir);
  splitting->SetRecursive(true);
  ITK_TRY_EXPECT_NO_EXCEPTION(splitting->Update());
  ITK_TEST_EXPECT_EQUAL(splitting->GetNumberOfVolumes(), 12u);
  ITK_TEST_EXPECT_EQUAL(splitting->GetNumberOfFailedVolumes(), 1u);
  unsigned int parts = 0;
  for (unsigned int v = 0; v < splitting->GetNumberOfVolumes(); ++v)
  {
    const auto & info = splitting->GetVolumeInfo(v);
    if (info.SeriesIdentifier.rfind(truth[3].SeriesInstanceUID + ".", 0) != 0)
    {
      continue;
    }
    ++parts;
    ITK_TEST_EXPECT_TRUE(!info.Failed);
    const auto size = splitting->GetOutput(v)->GetLargestPossibleRegion().GetSize();
    if (info.FileNames.size() == 1)
    {
      ITK_TEST_EXPECT_EQUAL(info.FileNames[0], truth[3].Files[4]);
      ITK_TEST_EXPECT_EQUAL(info.SeriesIdentifier, truth[3].SeriesInstanceUID + ".20x" + std::to_string(truth[3].Rows));
      ITK_TEST_EXPECT_EQUAL(size[0], 20u);
    }
    else
    {
      ITK_TEST_EXPECT_EQUAL(info.FileNames.size(), truth[3].Files.size() - 1);
      ITK_TEST_EXPECT_EQUAL(info.SeriesIdentifier,
                            truth[3].SeriesInstanceUID + "." + std::to_string(truth[3].Columns) + "x" +
                              std::to_string(truth[3].Rows));
      ITK_TEST_EXPECT_EQUAL(size[0], truth[3].Columns);
    }
    auto stock = ParallelSeriesTest::ReadWithStockITK<ImageType>(info.FileNames);
    if (!ParallelSeriesTest::SameImage<ImageType>(splitting->GetOutput(v), stock, info.SeriesIdentifier))
    {
      return EXIT_FAILURE;
    }
  }
  ITK_TEST_EXPECT_EQUAL(parts, 2u);

  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
