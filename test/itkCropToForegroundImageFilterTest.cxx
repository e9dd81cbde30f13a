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

#include "itkCropToForegroundImageFilter.h"
#include "itkPreprocessTestUtilities.h"
#include "itkTestingMacros.h"

// Known-answer and geometry tests of CropToForegroundImageFilter.

namespace
{
using Image2D = itk::Image<unsigned char, 2>;
using Image3D = itk::Image<unsigned short, 3>;
using Rows8 = std::vector<std::vector<unsigned char>>;

int
TestKnownAnswer2D()
{
  // Foreground spans x 2..4, y 1..3; a max-valued pixel is foreground without CropMax.
  const Rows8          rows = { { 0, 0, 0, 0, 0, 0, 0 },
                                { 0, 0, 5, 0, 0, 0, 0 },
                                { 0, 0, 0, 0, 255, 0, 0 },
                                { 0, 0, 0, 7, 0, 0, 0 },
                                { 0, 0, 0, 0, 0, 0, 0 } };
  auto                 input = PreprocessTest::MakeImage2D<Image2D>(rows);
  Image2D::SpacingType spacing;
  spacing[0] = 0.5;
  spacing[1] = 2.0;
  input->SetSpacing(spacing);
  Image2D::PointType origin;
  origin[0] = 10.0;
  origin[1] = -3.0;
  input->SetOrigin(origin);
  input->SetDirection(PreprocessTest::RotatedDirection<Image2D>(30.0));

  auto filter = itk::CropToForegroundImageFilter<Image2D>::New();
  filter->SetInput(input);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  Image2D::Pointer output = filter->GetOutput();

  ITK_TEST_EXPECT_TRUE(filter->GetForegroundFound());
  ITK_TEST_EXPECT_EQUAL(filter->GetCropIndex()[0], 2);
  ITK_TEST_EXPECT_EQUAL(filter->GetCropIndex()[1], 1);
  ITK_TEST_EXPECT_EQUAL(filter->GetCropSize()[0], 3);
  ITK_TEST_EXPECT_EQUAL(filter->GetCropSize()[1], 3);
  const Rows8 expected = { { 5, 0, 0 }, { 0, 0, 255 }, { 0, 7, 0 } };
  if (PreprocessTest::Rows(output.GetPointer()) != expected)
  {
    PreprocessTest::PrintRows(PreprocessTest::Rows(output.GetPointer()));
    std::cerr << "2D crop: wrong pixels" << std::endl;
    return EXIT_FAILURE;
  }
  ITK_TEST_EXPECT_EQUAL(output->GetLargestPossibleRegion().GetIndex()[0], 0);
  ITK_TEST_EXPECT_EQUAL(output->GetLargestPossibleRegion().GetIndex()[1], 0);
  ITK_TEST_EXPECT_TRUE(output->GetSpacing() == input->GetSpacing());
  ITK_TEST_EXPECT_TRUE(output->GetDirection() == input->GetDirection());

  // Geometry: every output pixel keeps its world coordinates.
  for (long y = 0; y < 3; ++y)
  {
    for (long x = 0; x < 3; ++x)
    {
      Image2D::IndexType outIndex = { { x, y } };
      Image2D::IndexType inIndex = { { x + 2, y + 1 } };
      Image2D::PointType pOut;
      Image2D::PointType pIn;
      output->TransformIndexToPhysicalPoint(outIndex, pOut);
      input->TransformIndexToPhysicalPoint(inIndex, pIn);
      ITK_TEST_EXPECT_TRUE(PreprocessTest::SamePoint(pOut, pIn));
      ITK_TEST_EXPECT_EQUAL(output->GetPixel(outIndex), input->GetPixel(inIndex));
    }
  }
  // A physical point maps to the same continuous location.
  Image2D::PointType p;
  p[0] = 11.3;
  p[1] = -0.7;
  const auto cIn = input->TransformPhysicalPointToContinuousIndex<double>(p);
  const auto cOut = output->TransformPhysicalPointToContinuousIndex<double>(p);
  ITK_TEST_EXPECT_TRUE(std::abs(cOut[0] + 2 - cIn[0]) < 1e-9 && std::abs(cOut[1] + 1 - cIn[1]) < 1e-9);

  // CropMax: the 255 pixel becomes background, the box shrinks to x 2..3.
  filter->CropMaxOn();
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  const Rows8 expectedMax = { { 5, 0 }, { 0, 0 }, { 0, 7 } };
  ITK_TEST_EXPECT_TRUE(PreprocessTest::Rows(filter->GetOutput()) == expectedMax);
  return EXIT_SUCCESS;
}

int
TestCropMaxFrame()
{
  // A frame of 255 (burned-in border) around a 0 ring around the content.
  const Rows8 rows = { { 255, 255, 255, 255, 255, 255 },
                       { 255, 0, 0, 0, 0, 255 },
                       { 255, 0, 9, 8, 0, 255 },
                       { 255, 0, 0, 0, 0, 255 },
                       { 255, 255, 255, 255, 255, 255 } };
  auto        input = PreprocessTest::MakeImage2D<Image2D>(rows);
  auto        filter = itk::CropToForegroundImageFilter<Image2D>::New();
  filter->SetInput(input);
  filter->SetCropMax(false);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  ITK_TEST_EXPECT_TRUE(PreprocessTest::Rows(filter->GetOutput()) == rows);
  filter->SetCropMax(true);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  const Rows8 expected = { { 9, 8 } };
  ITK_TEST_EXPECT_TRUE(PreprocessTest::Rows(filter->GetOutput()) == expected);
  ITK_TEST_EXPECT_EQUAL(filter->GetCropIndex()[0], 2);
  ITK_TEST_EXPECT_EQUAL(filter->GetCropIndex()[1], 2);

  // 16-bit: 65535 is the maximum.
  using Image16 = itk::Image<unsigned short, 2>;
  auto image16 = PreprocessTest::MakeImage2D<Image16>({ { 65535, 0, 0 }, { 0, 300, 0 }, { 0, 0, 65535 } });
  auto filter16 = itk::CropToForegroundImageFilter<Image16>::New();
  filter16->SetInput(image16);
  filter16->CropMaxOn();
  ITK_TRY_EXPECT_NO_EXCEPTION(filter16->Update());
  ITK_TEST_EXPECT_EQUAL(filter16->GetCropSize()[0], 1);
  ITK_TEST_EXPECT_EQUAL(filter16->GetCropSize()[1], 1);
  ITK_TEST_EXPECT_EQUAL(filter16->GetOutput()->GetPixel({ { 0, 0 } }), 300);
  return EXIT_SUCCESS;
}

int
TestUnionOverSlices()
{
  // 9 x 7 x 3; slice 0 has foreground at (1, 5), slice 1 at (6, 2), slice 2 at (4, 1).
  auto               input = Image3D::New();
  Image3D::SizeType  size = { { 9, 7, 3 } };
  Image3D::IndexType start = { { 3, -2, 10 } }; // a non-zero start index
  input->SetRegions(Image3D::RegionType(start, size));
  input->Allocate(true);
  Image3D::SpacingType spacing;
  spacing[0] = 0.7;
  spacing[1] = 0.9;
  spacing[2] = 2.5;
  input->SetSpacing(spacing);
  Image3D::PointType origin;
  origin[0] = -5;
  origin[1] = 7;
  origin[2] = 100;
  input->SetOrigin(origin);
  input->SetDirection(PreprocessTest::RotatedDirection<Image3D>(-20.0));
  auto at = [&](long x, long y, long z) { return Image3D::IndexType{ { start[0] + x, start[1] + y, start[2] + z } }; };
  input->SetPixel(at(1, 5, 0), 11);
  input->SetPixel(at(6, 2, 1), 22);
  input->SetPixel(at(4, 1, 2), 33);

  auto filter = itk::CropToForegroundImageFilter<Image3D>::New();
  ITK_EXERCISE_BASIC_OBJECT_METHODS(filter, CropToForegroundImageFilter, WholeImageToImageFilter);
  ITK_TEST_SET_GET_BOOLEAN(filter, CropMax, false);
  filter->SetInput(input);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  const Image3D * output = filter->GetOutput();
  ITK_TEST_EXPECT_EQUAL(filter->GetCropIndex(), at(1, 1, 0));
  const Image3D::SizeType expectedSize = { { 6, 5, 3 } };
  ITK_TEST_EXPECT_EQUAL(filter->GetCropSize(), expectedSize);
  ITK_TEST_EXPECT_EQUAL(output->GetLargestPossibleRegion().GetSize(), expectedSize);
  ITK_TEST_EXPECT_EQUAL(output->GetPixel({ { 0, 4, 0 } }), 11);
  ITK_TEST_EXPECT_EQUAL(output->GetPixel({ { 5, 1, 1 } }), 22);
  ITK_TEST_EXPECT_EQUAL(output->GetPixel({ { 3, 0, 2 } }), 33);
  Image3D::PointType p0;
  Image3D::PointType p1;
  output->TransformIndexToPhysicalPoint({ { 5, 1, 1 } }, p0);
  input->TransformIndexToPhysicalPoint(at(6, 2, 1), p1);
  ITK_TEST_EXPECT_TRUE(PreprocessTest::SamePoint(p0, p1));
  return EXIT_SUCCESS;
}

int
TestAllBackground()
{
  auto input = PreprocessTest::MakeImage2D<Image2D>({ { 0, 0, 0 }, { 0, 0, 0 } }, Image2D::IndexType{ { 4, 5 } });
  auto filter = itk::CropToForegroundImageFilter<Image2D>::New();
  filter->SetInput(input);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  ITK_TEST_EXPECT_TRUE(!filter->GetForegroundFound());
  ITK_TEST_EXPECT_TRUE(filter->GetCropRegion() == input->GetLargestPossibleRegion());
  const Image2D::SizeType expectedSize = { { 3, 2 } };
  ITK_TEST_EXPECT_EQUAL(filter->GetOutput()->GetLargestPossibleRegion().GetSize(), expectedSize);
  Image2D::PointType expectedOrigin;
  input->TransformIndexToPhysicalPoint({ { 4, 5 } }, expectedOrigin);
  ITK_TEST_EXPECT_TRUE(PreprocessTest::SamePoint(filter->GetOutput()->GetOrigin(), expectedOrigin));
  return EXIT_SUCCESS;
}

int
TestWorkUnits()
{
  // 37 x 23 x 5, content in a sub-box; results identical for 1, 2 and 7 work units.
  auto              input = Image3D::New();
  Image3D::SizeType size = { { 37, 23, 5 } };
  input->SetRegions(size);
  input->Allocate(true);
  auto inner = Image3D::New();
  inner->SetRegions(Image3D::SizeType{ { 20, 11, 5 } });
  inner->Allocate();
  PreprocessTest::FillPattern(inner.GetPointer(), 3, 1000);
  for (itk::ImageRegionConstIteratorWithIndex<Image3D> it(inner, inner->GetLargestPossibleRegion()); !it.IsAtEnd();
       ++it)
  {
    Image3D::IndexType idx = it.GetIndex();
    idx[0] += 9;
    idx[1] += 6;
    input->SetPixel(idx, it.Get() + 1);
  }
  std::vector<Image3D::Pointer> outputs;
  for (unsigned int workUnits : { 1u, 2u, 7u })
  {
    auto filter = itk::CropToForegroundImageFilter<Image3D>::New();
    filter->SetInput(input);
    filter->SetNumberOfWorkUnits(workUnits);
    ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
    const Image3D::IndexType expectedIndex = { { 9, 6, 0 } };
    ITK_TEST_EXPECT_EQUAL(filter->GetCropIndex(), expectedIndex);
    outputs.push_back(filter->GetOutput());
  }
  ITK_TEST_EXPECT_TRUE(PreprocessTest::SameImage(outputs[0].GetPointer(), outputs[1].GetPointer(), "1 vs 2"));
  ITK_TEST_EXPECT_TRUE(PreprocessTest::SameImage(outputs[0].GetPointer(), outputs[2].GetPointer(), "1 vs 7"));
  return EXIT_SUCCESS;
}
} // namespace

int
itkCropToForegroundImageFilterTest(int, char *[])
{
  int status = EXIT_SUCCESS;
  for (auto test : { TestKnownAnswer2D, TestCropMaxFrame, TestUnionOverSlices, TestAllBackground, TestWorkUnits })
  {
    if (test() != EXIT_SUCCESS)
    {
      status = EXIT_FAILURE;
    }
  }
  std::cout << (status == EXIT_SUCCESS ? "Test finished." : "Test FAILED.") << std::endl;
  return status;
}
