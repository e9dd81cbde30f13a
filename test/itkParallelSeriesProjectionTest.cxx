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

// Projection images are images, not slices (issue 14 item 1): the library's rule
// (ParallelSeriesGeometry::IsProjectionImage(), ProjectionPixelSpacing()), the scanner's volumes
// of generated MG / DX / CR files without ImagePositionPatient (one 2D volume per file, the
// spacing source said, the origin unknown), the reader's spacing, and the per-file mode on a CT
// series.

#include "itkParallelGDCMSeriesFileNames.h"
#include "itkParallelSeriesGeometry.h"
#include "itkParallelSeriesProjectionFiles.h"
#include "itkParallelSeriesReader.h"
#include "itkTestingMacros.h"

#include <cmath>
#include <iostream>

int
itkParallelSeriesProjectionTest(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "Usage: " << argv[0] << " OUTPUT_DIRECTORY" << std::endl;
    return EXIT_FAILURE;
  }
  namespace geometry = itk::ParallelSeriesGeometry;

  // The rule.
  ITK_TEST_EXPECT_TRUE(geometry::IsProjectionImage("MG", "", true));
  ITK_TEST_EXPECT_TRUE(geometry::IsProjectionImage("DX", "", true));
  ITK_TEST_EXPECT_TRUE(geometry::IsProjectionImage("CR", "", true));
  ITK_TEST_EXPECT_TRUE(geometry::IsProjectionImage("IO", "", true));
  ITK_TEST_EXPECT_TRUE(geometry::IsProjectionImage("PX", "", true));
  ITK_TEST_EXPECT_TRUE(geometry::IsProjectionImage("OT", "1.2.840.10008.5.1.4.1.1.13.1.3", true)); // DBT
  ITK_TEST_EXPECT_TRUE(geometry::IsProjectionImage("OT", "1.2.840.10008.5.1.4.1.1.1.2.1", true));  // MG for processing
  ITK_TEST_EXPECT_TRUE(geometry::IsProjectionImage("CT", "1.2.840.10008.5.1.4.1.1.2", false));     // no IPP
  ITK_TEST_EXPECT_TRUE(!geometry::IsProjectionImage("CT", "1.2.840.10008.5.1.4.1.1.2", true));
  ITK_TEST_EXPECT_TRUE(!geometry::IsProjectionImage("MR", "1.2.840.10008.5.1.4.1.1.4", true));
  ITK_TEST_EXPECT_TRUE(!geometry::IsProjectionImage("MGX", "1.2.840.10008.5.1.4.1.1.1.2.9", true));
  {
    const double ps[2] = { 0.2, 0.1 }; // (row, column)
    const double ips[2] = { 0.3, 0.3 };
    const double bad[2] = { 0.0, 0.1 };
    double       sp[2] = { 1, 1 };
    ITK_TEST_EXPECT_EQUAL(geometry::ProjectionPixelSpacing(ps, ips, sp), std::string("PixelSpacing"));
    ITK_TEST_EXPECT_TRUE(sp[0] == 0.1 && sp[1] == 0.2); // index order (column, row)
    sp[0] = sp[1] = 1;
    ITK_TEST_EXPECT_EQUAL(geometry::ProjectionPixelSpacing(nullptr, ips, sp), std::string("ImagerPixelSpacing"));
    ITK_TEST_EXPECT_TRUE(sp[0] == 0.3 && sp[1] == 0.3);
    sp[0] = sp[1] = 1;
    ITK_TEST_EXPECT_EQUAL(geometry::ProjectionPixelSpacing(bad, ips, sp), std::string("ImagerPixelSpacing"));
    sp[0] = sp[1] = 1;
    ITK_TEST_EXPECT_EQUAL(geometry::ProjectionPixelSpacing(nullptr, nullptr, sp), std::string());
    ITK_TEST_EXPECT_TRUE(sp[0] == 1 && sp[1] == 1);
  }

  // The scanner and the reader on generated files.
  const std::string dir = std::string(argv[1]) + "/Projection";
  itksys::SystemTools::RemoveADirectory(dir);
  const auto written = ParallelSeriesTest::WriteProjectionFiles(dir);
  for (const bool perFile : { false, true })
  {
    auto scanner = itk::ParallelGDCMSeriesFileNames::New();
    scanner->SetInputDirectory(dir);
    scanner->SetOneVolumePerFile(perFile);
    scanner->Update();
    ITK_TEST_EXPECT_EQUAL(scanner->GetSeriesUIDs().size(), written.size());
    ITK_TEST_EXPECT_EQUAL(scanner->GetNumberOfSkippedFiles(), 0);
    for (const auto & w : written)
    {
      const std::string  what = w.Name + (perFile ? " (per file)" : "");
      const auto         s = scanner->GetSeriesSummary(w.SeriesInstanceUID);
      const unsigned int volumes = (w.Projection || perFile) ? w.Files.size() : 1;
      std::cout << what << ": " << s.GetNumberOfVolumes() << " volumes, pixel spacing source \""
                << s.GetPixelSpacingSource() << "\", origin known " << s.GetOriginKnown() << std::endl;
      ITK_TEST_EXPECT_EQUAL(s.GetNumberOfVolumes(), volumes);
      ITK_TEST_EXPECT_EQUAL(s.GetPixelSpacingSource(), w.PixelSpacingSource);
      ITK_TEST_EXPECT_EQUAL(s.GetOriginKnown(), !w.Projection);
      ITK_TEST_EXPECT_TRUE(std::abs(s.GetSpacing()[0] - w.Spacing[0]) < 1e-9);
      ITK_TEST_EXPECT_TRUE(std::abs(s.GetSpacing()[1] - w.Spacing[1]) < 1e-9);
      for (unsigned int v = 0; v < volumes; ++v)
      {
        const auto files = scanner->GetVolumeFileNames(w.SeriesInstanceUID, v);
        ITK_TEST_EXPECT_EQUAL(files.size(), (w.Projection || perFile) ? 1u : w.Files.size());
        if (files.size() == 1)
        {
          ITK_TEST_EXPECT_EQUAL(files.front(), w.Files[v]); // instance order
          ITK_TEST_EXPECT_EQUAL(scanner->GetVolumeSOPInstanceUID(w.SeriesInstanceUID, v), w.SOPInstanceUIDs[v]);
        }
      }
    }
    // The reader: one 2D output per projection file, with the scan's in-plane spacing.
    using ImageType = itk::Image<unsigned short, 3>;
    auto reader = itk::ParallelSeriesReader<ImageType>::New();
    reader->SetFileNamesSource(scanner);
    reader->Update();
    unsigned int output = 0;
    for (const auto & uid : scanner->GetSeriesUIDs())
    {
      const auto & w =
        *std::find_if(written.begin(), written.end(), [&uid](const auto & g) { return g.SeriesInstanceUID == uid; });
      for (unsigned int v = 0; v < scanner->GetNumberOfVolumes(uid); ++v, ++output)
      {
        ImageType * image = reader->GetOutput(output);
        const auto  size = image->GetLargestPossibleRegion().GetSize();
        ITK_TEST_EXPECT_EQUAL(size[0], w.Columns);
        ITK_TEST_EXPECT_EQUAL(size[1], w.Rows);
        ITK_TEST_EXPECT_EQUAL(size[2], (w.Projection || perFile) ? 1u : w.Files.size());
        ITK_TEST_EXPECT_TRUE(std::abs(image->GetSpacing()[0] - w.Spacing[0]) < 1e-9);
        ITK_TEST_EXPECT_TRUE(std::abs(image->GetSpacing()[1] - w.Spacing[1]) < 1e-9);
        const unsigned int   instance = (w.Projection || perFile) ? v : 0;
        ImageType::IndexType index{ { 3, 2, 0 } };
        ITK_TEST_EXPECT_EQUAL(image->GetPixel(index), 3 + 14 + 100 * instance);
        std::string source;
        const bool  has = itk::ExposeMetaData<std::string>(
          image->GetMetaDataDictionary(), itk::ParallelSeriesReader<ImageType>::PixelSpacingSourceKey, source);
        ITK_TEST_EXPECT_EQUAL(has, w.Projection);
        if (has)
        {
          ITK_TEST_EXPECT_EQUAL(source, w.PixelSpacingSource);
        }
      }
    }
  }
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
