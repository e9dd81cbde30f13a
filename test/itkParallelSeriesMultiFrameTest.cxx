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

// A multi-frame file whose frames repeat positions, on ITK's Philips_4D_DICOM.dcm (enhanced MR,
// 1625 frames: 65 slice positions x 25 cardiac phases), against
// test/Baseline/MultiFramePhilips4D.txt, written by test/make_multiframe_baselines.py from the
// file's per-frame functional groups read with pydicom (one volume per trigger delay time; its
// frames sorted along the normal; origin, spacing and direction from their positions and the
// IOP). Checked: the scan (25 volumes, each volume's frames and frame positions, the summary),
// the reader's 25 outputs (size, origin, spacing, direction within 1e-6 mm, metadata) and their
// voxels against stock ITK's (ImageFileReader, which stacks all 1625 frames): voxel (x, y, z) of
// volume v = stock voxel (x, y, frames[v][z]).
//
//   itkParallelSeriesMultiFrameTest ITK_DICOM BASELINE
//       ITK_DICOM: ITK's DICOM test files (Philips_4D_DICOM.dcm); BASELINE: MultiFramePhilips4D.txt.

#include "itkImageFileReader.h"
#include "itkMetaDataObject.h"
#include "itkParallelGDCMSeriesFileNames.h"
#include "itkParallelSeriesReader.h"
#include "itkTestingMacros.h"

#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

namespace
{
using FloatImage = itk::Image<float, 3>;

/** One volume of MultiFramePhilips4D.txt. */
struct Expected
{
  double                    TriggerDelay{ 0 };
  std::vector<unsigned int> Frames;
  double                    Origin[3]{ 0, 0, 0 };
  double                    Spacing[3]{ 0, 0, 0 };
  double                    Direction[3][3]{};
};

std::vector<Expected>
ReadBaseline(const std::string & fileName, unsigned int & fileFrames)
{
  std::vector<Expected> volumes;
  std::ifstream         in(fileName);
  std::string           line;
  while (std::getline(in, line))
  {
    std::istringstream is(line);
    std::string        key;
    if (!(is >> key) || key[0] == '#')
    {
      continue;
    }
    if (key == "file")
    {
      std::string name;
      is >> name >> fileFrames;
    }
    else if (key == "volume")
    {
      unsigned int v = 0;
      volumes.emplace_back();
      is >> v >> volumes.back().TriggerDelay;
    }
    else if (volumes.empty())
    {
      continue;
    }
    else if (key == "frames")
    {
      unsigned int k = 0;
      while (is >> k)
      {
        volumes.back().Frames.push_back(k);
      }
    }
    else if (key == "origin")
    {
      is >> volumes.back().Origin[0] >> volumes.back().Origin[1] >> volumes.back().Origin[2];
    }
    else if (key == "spacing")
    {
      is >> volumes.back().Spacing[0] >> volumes.back().Spacing[1] >> volumes.back().Spacing[2];
    }
    else if (key == "direction")
    {
      for (auto & row : volumes.back().Direction)
      {
        is >> row[0] >> row[1] >> row[2];
      }
    }
  }
  return volumes;
}

bool
Near(double a, double b, double tolerance)
{
  return std::abs(a - b) <= tolerance;
}
} // namespace

int
itkParallelSeriesMultiFrameTest(int argc, char * argv[])
{
  if (argc < 3)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " ITK_DICOM BASELINE" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string     file = std::string(argv[1]) + "/Philips_4D_DICOM.dcm";
  unsigned int          fileFrames = 0;
  std::vector<Expected> expected = ReadBaseline(argv[2], fileFrames);
  ITK_TEST_EXPECT_EQUAL(expected.size(), 25u);
  ITK_TEST_EXPECT_EQUAL(fileFrames, 1625u);
  if (expected.size() != 25)
  {
    return EXIT_FAILURE;
  }
  constexpr double tolerance = 1e-6; // mm: the baseline's positions are the file's DS values

  // Scan.
  auto names = itk::ParallelGDCMSeriesFileNames::New();
  names->SetInputFileNames({ file });
  names->Update();
  ITK_TEST_EXPECT_EQUAL(names->GetSeriesUIDs().size(), 1u);
  const std::string uid = names->GetSeriesUIDs().front();
  std::cout << "series error: \"" << names->GetSeriesError(uid) << "\"" << std::endl;
  ITK_TEST_EXPECT_EQUAL(names->GetNumberOfVolumes(uid), 25u);
  if (names->GetNumberOfVolumes(uid) != 25)
  {
    return EXIT_FAILURE;
  }
  bool framesAgree = true;
  for (unsigned int v = 0; v < 25; ++v)
  {
    framesAgree = framesAgree && names->GetVolumeFrames(uid, v) == expected[v].Frames &&
                  names->GetVolumeFileNames(uid, v) == std::vector<std::string>{ file };
    const auto p = names->GetVolumeFramePosition(uid, v, 0);
    framesAgree = framesAgree && Near(p[0], expected[v].Origin[0], tolerance) &&
                  Near(p[1], expected[v].Origin[1], tolerance) && Near(p[2], expected[v].Origin[2], tolerance);
  }
  ITK_TEST_EXPECT_TRUE(framesAgree);
  ITK_TRY_EXPECT_EXCEPTION(names->GetVolumeFramePosition(uid, 0, 65));
  const itk::ParallelSeriesSummary s = names->GetSeriesSummary(uid);
  ITK_TEST_EXPECT_EQUAL(s.GetNumberOfVolumes(), 25u);
  ITK_TEST_EXPECT_EQUAL(s.GetNumberOfSlices(), 65u);
  ITK_TEST_EXPECT_EQUAL(s.GetNumberOfFramesPerFile(), 1625u);
  ITK_TEST_EXPECT_EQUAL(s.GetSliceSpacingSource(), std::string("ImagePositionPatient"));
  ITK_TEST_EXPECT_TRUE(Near(s.GetSpacing()[2], expected[0].Spacing[2], tolerance));
  ITK_TEST_EXPECT_TRUE(Near(s.GetOrigin()[0], expected[0].Origin[0], tolerance));

  // Read: 25 outputs, against the baseline's geometry and stock ITK's voxels.
  using ReaderType = itk::ParallelSeriesReader<FloatImage>;
  auto reader = ReaderType::New();
  reader->SetFileNamesSource(names);
  ITK_TRY_EXPECT_NO_EXCEPTION(reader->Update());
  ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfVolumes(), 25u);
  ITK_TEST_EXPECT_EQUAL(reader->GetNumberOfFailedVolumes(), 0u);
  std::cout << reader->GetFailureReport();

  auto stock = itk::ImageFileReader<FloatImage>::New();
  stock->SetFileName(file);
  ITK_TRY_EXPECT_NO_EXCEPTION(stock->Update());
  const FloatImage * all = stock->GetOutput();
  ITK_TEST_EXPECT_EQUAL(all->GetLargestPossibleRegion().GetSize()[2], 1625u); // stock: every frame stacked

  bool geometryAgrees = true;
  bool voxelsAgree = true;
  for (unsigned int v = 0; v < 25 && v < reader->GetNumberOfVolumes(); ++v)
  {
    const FloatImage * out = reader->GetOutput(v);
    const auto         size = out->GetLargestPossibleRegion().GetSize();
    const Expected &   e = expected[v];
    geometryAgrees = geometryAgrees && size[0] == 128 && size[1] == 128 && size[2] == e.Frames.size();
    for (unsigned int i = 0; i < 3; ++i)
    {
      geometryAgrees = geometryAgrees && Near(out->GetOrigin()[i], e.Origin[i], tolerance) &&
                       Near(out->GetSpacing()[i], e.Spacing[i], tolerance);
      for (unsigned int j = 0; j < 3; ++j)
      {
        geometryAgrees = geometryAgrees && Near(out->GetDirection()[i][j], e.Direction[i][j], 1e-9);
      }
    }
    std::string source;
    itk::ExposeMetaData<std::string>(out->GetMetaDataDictionary(), ReaderType::SliceSpacingSourceKey, source);
    geometryAgrees = geometryAgrees && source == "ImagePositionPatient";
    if (!geometryAgrees)
    {
      std::cerr << "volume " << v << ": size " << size << " origin " << out->GetOrigin() << " spacing "
                << out->GetSpacing() << " direction " << out->GetDirection() << std::endl;
      break;
    }
    for (unsigned int z = 0; z < size[2] && voxelsAgree; ++z)
    {
      for (unsigned int y = 0; y < size[1]; ++y)
      {
        for (unsigned int x = 0; x < size[0]; ++x)
        {
          const FloatImage::IndexType ours = { { x, y, z } };
          const FloatImage::IndexType theirs = { { x, y, static_cast<itk::IndexValueType>(e.Frames[z]) } };
          if (out->GetPixel(ours) != all->GetPixel(theirs))
          {
            std::cerr << "volume " << v << " voxel " << ours << ": " << out->GetPixel(ours) << ", stock frame "
                      << e.Frames[z] << ": " << all->GetPixel(theirs) << std::endl;
            voxelsAgree = false;
          }
        }
      }
    }
  }
  ITK_TEST_EXPECT_TRUE(geometryAgrees);
  ITK_TEST_EXPECT_TRUE(voxelsAgree);

  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
