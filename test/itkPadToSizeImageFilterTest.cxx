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

#include "itkPadToSizeImageFilter.h"
#include "itkPreprocessTestUtilities.h"
#include "itkTestingMacros.h"

// Known-answer and geometry tests of PadToSizeImageFilter, one per pad direction; the Zero
// cases are the test cases of dicom-preprocessing's pad.rs.

namespace
{
using Image2D = itk::Image<unsigned char, 2>;
using Image3D = itk::Image<short, 3>;
using Rows8 = std::vector<std::vector<unsigned char>>;
using Filter2D = itk::PadToSizeImageFilter<Image2D>;
using Dir = itk::DicomPreprocessingEnums::PadDirection;

int
CheckPad(const Rows8 & rows,
         unsigned int  targetWidth,
         unsigned int  targetHeight,
         Dir           direction,
         const unsigned long (&expectedPadding)[4],
         const Rows8 & expectedRows,
         const char *  what)
{
  auto input = PreprocessTest::MakeImage2D<Image2D>(rows);
  auto filter = Filter2D::New();
  filter->SetInput(input);
  filter->SetTargetSize(Filter2D::TargetSizeType{ { targetWidth, targetHeight } });
  filter->SetPadDirection(direction);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  const unsigned long padding[4] = {
    filter->GetPadLeft(), filter->GetPadTop(), filter->GetPadRight(), filter->GetPadBottom()
  };
  for (unsigned int i = 0; i < 4; ++i)
  {
    if (padding[i] != expectedPadding[i])
    {
      std::cerr << what << ": padding " << padding[0] << ' ' << padding[1] << ' ' << padding[2] << ' ' << padding[3]
                << " expected " << expectedPadding[0] << ' ' << expectedPadding[1] << ' ' << expectedPadding[2] << ' '
                << expectedPadding[3] << std::endl;
      return EXIT_FAILURE;
    }
  }
  if (!expectedRows.empty() && PreprocessTest::Rows(filter->GetOutput()) != expectedRows)
  {
    std::cerr << what << ": wrong pixels" << std::endl;
    PreprocessTest::PrintRows(PreprocessTest::Rows(filter->GetOutput()));
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}

int
TestDirections()
{
  int         status = EXIT_SUCCESS;
  const Rows8 ring = { { 0, 0, 0, 0 }, { 0, 1, 1, 0 }, { 0, 1, 1, 0 }, { 0, 0, 0, 0 } };
  const Rows8 block = { { 1, 1, 0 }, { 1, 1, 0 }, { 0, 0, 0 } };
  const Rows8 small = { { 1, 2 }, { 3, 4 } };
  // Center, even totals (dicom-preprocessing test case).
  status |= CheckPad(ring,
                     6,
                     6,
                     Dir::Center,
                     { 1, 1, 1, 1 },
                     { { 0, 0, 0, 0, 0, 0 },
                       { 0, 0, 0, 0, 0, 0 },
                       { 0, 0, 1, 1, 0, 0 },
                       { 0, 0, 1, 1, 0, 0 },
                       { 0, 0, 0, 0, 0, 0 },
                       { 0, 0, 0, 0, 0, 0 } },
                     "center even");
  // Center, odd totals: floor half left/top, the rest right/bottom.
  status |= CheckPad(small,
                     5,
                     4,
                     Dir::Center,
                     { 1, 1, 2, 1 },
                     { { 0, 0, 0, 0, 0 }, { 0, 1, 2, 0, 0 }, { 0, 3, 4, 0, 0 }, { 0, 0, 0, 0, 0 } },
                     "center odd");
  status |= CheckPad(ring, 6, 6, Dir::TopLeft, { 2, 2, 0, 0 }, {}, "top-left ring");
  status |= CheckPad(
    block, 3, 4, Dir::TopLeft, { 0, 1, 0, 0 }, { { 0, 0, 0 }, { 1, 1, 0 }, { 1, 1, 0 }, { 0, 0, 0 } }, "top-left");
  status |= CheckPad(
    small, 4, 3, Dir::BottomRight, { 0, 0, 2, 1 }, { { 1, 2, 0, 0 }, { 3, 4, 0, 0 }, { 0, 0, 0, 0 } }, "bottom-right");
  // Zero (dicom-preprocessing test cases).
  status |= CheckPad(
    { { 1, 1, 0, 0 }, { 1, 1, 0, 0 }, { 1, 1, 0, 0 }, { 1, 0, 0, 0 } }, 6, 8, Dir::Zero, { 0, 0, 2, 4 }, {}, "zero 1");
  status |= CheckPad(
    { { 0, 0, 0, 1 }, { 0, 0, 1, 1 }, { 0, 0, 1, 1 }, { 0, 0, 1, 1 } }, 6, 8, Dir::Zero, { 2, 4, 0, 0 }, {}, "zero 2");
  status |=
    CheckPad(block, 4, 3, Dir::Zero, { 0, 0, 1, 0 }, { { 1, 1, 0, 0 }, { 1, 1, 0, 0 }, { 0, 0, 0, 0 } }, "zero 3");
  // Zero, ties go left/top.
  status |= CheckPad(small, 3, 3, Dir::Zero, { 1, 1, 0, 0 }, { { 0, 0, 0 }, { 0, 1, 2 }, { 0, 3, 4 } }, "zero tie");
  // Target smaller than the image on one axis: that axis is not padded (nor cropped).
  status |= CheckPad(small, 1, 3, Dir::BottomRight, { 0, 0, 0, 1 }, { { 1, 2 }, { 3, 4 }, { 0, 0 } }, "smaller");
  return status;
}

int
TestPadValueAndGeometry3D()
{
  // 3 x 2 x 2 volume, rotated, non-zero start; pad to 6 x 5, Center, value -7.
  auto               input = Image3D::New();
  Image3D::IndexType start = { { 2, -3, 4 } };
  input->SetRegions(Image3D::RegionType(start, Image3D::SizeType{ { 3, 2, 2 } }));
  input->Allocate();
  PreprocessTest::FillPattern(input.GetPointer(), 5, 100);
  Image3D::SpacingType spacing;
  spacing[0] = 0.3;
  spacing[1] = 0.6;
  spacing[2] = 1.5;
  input->SetSpacing(spacing);
  Image3D::PointType origin;
  origin[0] = 1;
  origin[1] = 2;
  origin[2] = 3;
  input->SetOrigin(origin);
  input->SetDirection(PreprocessTest::RotatedDirection<Image3D>(45.0));

  auto filter = itk::PadToSizeImageFilter<Image3D>::New();
  ITK_EXERCISE_BASIC_OBJECT_METHODS(filter, PadToSizeImageFilter, WholeImageToImageFilter);
  filter->SetInput(input);
  filter->SetTargetSize(itk::PadToSizeImageFilter<Image3D>::TargetSizeType{ { 6, 5 } });
  filter->SetPadDirection(Dir::Center);
  ITK_TEST_EXPECT_EQUAL(filter->GetPadDirection(), Dir::Center);
  filter->SetPadValue(-7);
  ITK_TEST_EXPECT_EQUAL(filter->GetPadValue(), -7);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  const Image3D *         output = filter->GetOutput();
  const Image3D::SizeType expectedSize = { { 6, 5, 2 } };
  ITK_TEST_EXPECT_EQUAL(output->GetLargestPossibleRegion().GetSize(), expectedSize);
  ITK_TEST_EXPECT_EQUAL(filter->GetPadLeft(), 1);
  ITK_TEST_EXPECT_EQUAL(filter->GetPadTop(), 1);
  ITK_TEST_EXPECT_EQUAL(filter->GetPadRight(), 2);
  ITK_TEST_EXPECT_EQUAL(filter->GetPadBottom(), 2);
  for (itk::ImageRegionConstIteratorWithIndex<Image3D> it(output, output->GetLargestPossibleRegion()); !it.IsAtEnd();
       ++it)
  {
    const Image3D::IndexType o = it.GetIndex();
    const Image3D::IndexType i = { { o[0] - 1 + start[0], o[1] - 1 + start[1], o[2] + start[2] } };
    if (input->GetLargestPossibleRegion().IsInside(i))
    {
      ITK_TEST_EXPECT_EQUAL(it.Get(), input->GetPixel(i));
      // Existing pixels keep their world coordinates.
      Image3D::PointType pOut;
      Image3D::PointType pIn;
      output->TransformIndexToPhysicalPoint(o, pOut);
      input->TransformIndexToPhysicalPoint(i, pIn);
      ITK_TEST_EXPECT_TRUE(PreprocessTest::SamePoint(pOut, pIn));
    }
    else
    {
      ITK_TEST_EXPECT_EQUAL(it.Get(), -7);
    }
  }
  return EXIT_SUCCESS;
}

int
TestWorkUnitsAndZero3D()
{
  // Zero counts are summed over slices: slice 0 has zeros on the right column, slice 1 more
  // zeros on the left column, in total the left wins.
  auto input = Image3D::New();
  input->SetRegions(Image3D::SizeType{ { 4, 3, 2 } });
  input->Allocate();
  input->FillBuffer(1);
  input->SetPixel({ { 3, 0, 0 } }, 0);
  input->SetPixel({ { 0, 0, 1 } }, 0);
  input->SetPixel({ { 0, 1, 1 } }, 0);
  input->SetPixel({ { 1, 2, 1 } }, 0); // bottom row has one zero, top row has one
  std::vector<Image3D::Pointer> outputs;
  for (unsigned int workUnits : { 1u, 2u, 7u })
  {
    auto filter = itk::PadToSizeImageFilter<Image3D>::New();
    filter->SetInput(input);
    filter->SetNumberOfWorkUnits(workUnits);
    filter->SetTargetSize(itk::PadToSizeImageFilter<Image3D>::TargetSizeType{ { 9, 7 } });
    filter->SetPadDirection(Dir::Zero);
    ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
    ITK_TEST_EXPECT_EQUAL(filter->GetPadLeft(), 5);
    ITK_TEST_EXPECT_EQUAL(filter->GetPadRight(), 0);
    ITK_TEST_EXPECT_EQUAL(filter->GetPadTop(), 4); // 2 zeros on the top rows, 1 on the bottom ones
    ITK_TEST_EXPECT_EQUAL(filter->GetPadBottom(), 0);
    outputs.push_back(filter->GetOutput());
  }
  ITK_TEST_EXPECT_TRUE(PreprocessTest::SameImage(outputs[0].GetPointer(), outputs[1].GetPointer(), "1 vs 2"));
  ITK_TEST_EXPECT_TRUE(PreprocessTest::SameImage(outputs[0].GetPointer(), outputs[2].GetPointer(), "1 vs 7"));
  return EXIT_SUCCESS;
}

int
TestPeerZeroRule()
{
  // dicom-preprocessing's zero rule (pad.rs:Padding::new): the first frame only, and a 16-bit pixel
  // is zero when its 8-bit luma (v + 128) / 257 is 0, i.e. v <= 128. Slice 0: the first column
  // holds 100s (zero for the peer, not for the exact rule), the last column one exact 0; slice 1:
  // the last column all 0.
  using Volume = itk::Image<unsigned short, 3>;
  auto volume = Volume::New();
  volume->SetRegions(Volume::SizeType{ { 4, 3, 2 } });
  volume->Allocate();
  volume->FillBuffer(1000);
  for (unsigned int y = 0; y < 3; ++y)
  {
    volume->SetPixel({ { 0, y, 0 } }, 100);
    volume->SetPixel({ { 3, y, 1 } }, 0);
  }
  volume->SetPixel({ { 3, 0, 0 } }, 0);
  auto pad = [&](bool peer) {
    auto filter = itk::PadToSizeImageFilter<Volume>::New();
    filter->SetInput(volume);
    filter->SetTargetSize(itk::PadToSizeImageFilter<Volume>::TargetSizeType{ { 6, 3 } });
    filter->SetPadDirection(itk::DicomPreprocessingEnums::PadDirection::Zero);
    filter->SetZeroTolerance(peer ? 128.0 : 0.0);
    filter->SetZeroRuleFirstSliceOnly(peer);
    filter->Update();
    return filter->GetPadLeft();
  };
  int status = EXIT_SUCCESS;
  // Exact zeros over all slices: left 0, right 1 + 3: padding right.
  ITK_TEST_EXPECT_EQUAL(pad(false), 0);
  // The peer's rule: slice 0 only, left 3 (100 <= 128), right 1: padding left.
  ITK_TEST_EXPECT_EQUAL(pad(true), 2);
  return status;
}

} // namespace

int
itkPadToSizeImageFilterTest(int, char *[])
{
  int status = EXIT_SUCCESS;
  for (auto test : { TestDirections, TestPadValueAndGeometry3D, TestWorkUnitsAndZero3D, TestPeerZeroRule })
  {
    if (test() != EXIT_SUCCESS)
    {
      status = EXIT_FAILURE;
    }
  }
  std::cout << (status == EXIT_SUCCESS ? "Test finished." : "Test FAILED.") << std::endl;
  return status;
}
