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

#include "itkSliceSelectionImageFilter.h"
#include "itkPreprocessTestUtilities.h"
#include "itkTestingMacros.h"

// Tests of SliceSelectionImageFilter: keep, central slice, maximum-intensity projection.

namespace
{
using Image3D = itk::Image<unsigned short, 3>;
using Image2D = itk::Image<unsigned short, 2>;
using Handling = itk::DicomPreprocessingEnums::VolumeHandling;

Image3D::Pointer
MakeVolume()
{
  auto               volume = Image3D::New();
  Image3D::IndexType start = { { 3, -1, 7 } };
  volume->SetRegions(Image3D::RegionType(start, Image3D::SizeType{ { 6, 4, 5 } }));
  volume->Allocate();
  for (itk::ImageRegionIteratorWithIndex<Image3D> it(volume, volume->GetLargestPossibleRegion()); !it.IsAtEnd(); ++it)
  {
    const auto i = it.GetIndex();
    it.Set(static_cast<unsigned short>(((i[2] - 7) * 37 + (i[0] - 3) * 5 + (i[1] + 1) * 11) % 50));
  }
  Image3D::SpacingType spacing;
  spacing[0] = 0.5;
  spacing[1] = 0.6;
  spacing[2] = 2.0;
  volume->SetSpacing(spacing);
  Image3D::PointType origin;
  origin[0] = 4;
  origin[1] = 5;
  origin[2] = -6;
  volume->SetOrigin(origin);
  volume->SetDirection(PreprocessTest::RotatedDirection<Image3D>(25.0));
  return volume;
}

Image3D::Pointer
Select(const Image3D * volume, Handling handling, unsigned int units = 0)
{
  auto filter = itk::SliceSelectionImageFilter<Image3D>::New();
  filter->SetInput(volume);
  filter->SetVolumeHandling(handling);
  if (units > 0)
  {
    filter->SetNumberOfWorkUnits(units);
  }
  filter->Update();
  return filter->GetOutput();
}
} // namespace

int
itkSliceSelectionImageFilterTest(int, char *[])
{
  const Image3D::Pointer volume = MakeVolume();

  auto filter = itk::SliceSelectionImageFilter<Image3D>::New();
  ITK_EXERCISE_BASIC_OBJECT_METHODS(filter, SliceSelectionImageFilter, WholeImageToImageFilter);
  filter->SetInput(volume);
  filter->SetVolumeHandling(Handling::Central);
  ITK_TEST_EXPECT_EQUAL(filter->GetVolumeHandling(), Handling::Central);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  ITK_TEST_EXPECT_EQUAL(filter->GetSelectedSliceStart(), 9); // 7 + 5 / 2
  ITK_TEST_EXPECT_EQUAL(filter->GetSelectedSliceCount(), 1u);

  // Keep: the input itself.
  const Image3D::Pointer kept = Select(volume, Handling::Keep);
  ITK_TEST_EXPECT_TRUE(PreprocessTest::SameImage(kept.GetPointer(), volume.GetPointer(), "keep"));

  // Central: slice 7 + 5 / 2 = 9, region start 0, origin at that slice.
  const Image3D::Pointer  central = Select(volume, Handling::Central);
  const Image3D::SizeType sliceSize = { { 6, 4, 1 } };
  ITK_TEST_EXPECT_EQUAL(central->GetLargestPossibleRegion().GetSize(), sliceSize);
  ITK_TEST_EXPECT_EQUAL(central->GetLargestPossibleRegion().GetIndex(), (Image3D::IndexType{ { 0, 0, 0 } }));
  for (long y = 0; y < 4; ++y)
  {
    for (long x = 0; x < 6; ++x)
    {
      const Image3D::IndexType o = { { x, y, 0 } };
      const Image3D::IndexType i = { { x + 3, y - 1, 9 } };
      ITK_TEST_EXPECT_EQUAL(central->GetPixel(o), volume->GetPixel(i));
      Image3D::PointType pOut;
      Image3D::PointType pIn;
      central->TransformIndexToPhysicalPoint(o, pOut);
      volume->TransformIndexToPhysicalPoint(i, pIn);
      ITK_TEST_EXPECT_TRUE(PreprocessTest::SamePoint(pOut, pIn));
    }
  }

  // Maximum-intensity projection: maximum over z, origin at the slab centre, z spacing 5 x 2.
  std::vector<Image3D::Pointer> mips;
  for (unsigned int units : { 1u, 2u, 7u })
  {
    mips.push_back(Select(volume, Handling::MaximumIntensityProjection, units));
  }
  const Image3D::Pointer & mip = mips[0];
  ITK_TEST_EXPECT_EQUAL(mip->GetLargestPossibleRegion().GetSize(), sliceSize);
  ITK_TEST_EXPECT_EQUAL(mip->GetLargestPossibleRegion().GetIndex(), (Image3D::IndexType{ { 0, 0, 0 } }));
  ITK_TEST_EXPECT_TRUE(std::abs(mip->GetSpacing()[2] - 10.0) < 1e-12);
  for (long y = 0; y < 4; ++y)
  {
    for (long x = 0; x < 6; ++x)
    {
      unsigned short expected = 0;
      for (long z = 7; z < 12; ++z)
      {
        expected = std::max(expected, volume->GetPixel({ { x + 3, y - 1, z } }));
      }
      ITK_TEST_EXPECT_EQUAL(mip->GetPixel({ { x, y, 0 } }), expected);
    }
  }
  Image3D::PointType              centre;
  itk::ContinuousIndex<double, 3> centreIndex;
  centreIndex[0] = 3;
  centreIndex[1] = -1;
  centreIndex[2] = 9; // 7 + (5 - 1) / 2
  volume->TransformContinuousIndexToPhysicalPoint(centreIndex, centre);
  ITK_TEST_EXPECT_TRUE(PreprocessTest::SamePoint(mip->GetOrigin(), centre));
  ITK_TEST_EXPECT_TRUE(PreprocessTest::SameImage(mips[0].GetPointer(), mips[1].GetPointer(), "mip 1 vs 2"));
  ITK_TEST_EXPECT_TRUE(PreprocessTest::SameImage(mips[0].GetPointer(), mips[2].GetPointer(), "mip 1 vs 7"));

  // 2D images: every mode returns the input.
  auto image2D = PreprocessTest::MakeImage2D<Image2D>({ { 1, 2 }, { 3, 4 } });
  auto filter2D = itk::SliceSelectionImageFilter<Image2D>::New();
  filter2D->SetInput(image2D);
  filter2D->SetVolumeHandling(Handling::MaximumIntensityProjection);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter2D->Update());
  ITK_TEST_EXPECT_TRUE(PreprocessTest::SameImage(filter2D->GetOutput(), image2D.GetPointer(), "2D"));

  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
