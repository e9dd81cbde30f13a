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

#include "itkFramePermutationImageFilter.h"
#include "itkImageRegionIteratorWithIndex.h"
#include "itkTestingMacros.h"

#include <cmath>
#include <iostream>

// FramePermutationImageFilter: voxels of every permutation against the input read at the permuted
// index, the physical position of every voxel for the identity and the reverse order (a nonzero
// start index, anisotropic spacing, an oblique direction), and the errors of a non-permutation.

namespace
{
using ImageType = itk::Image<short, 3>;
using FilterType = itk::FramePermutationImageFilter<ImageType>;

ImageType::Pointer
MakeInput()
{
  ImageType::RegionType region;
  region.SetIndex({ { 3, -2, 5 } });
  region.SetSize({ { 4, 3, 5 } });
  auto image = ImageType::New();
  image->SetRegions(region);
  image->SetSpacing(itk::MakeVector(0.5, 0.75, 2.5));
  image->SetOrigin(itk::MakePoint(-10.0, 20.0, 7.5));
  ImageType::DirectionType direction; // a rotation about x by 30 degrees
  direction.SetIdentity();
  const double c = std::cos(M_PI / 6.0);
  const double s = std::sin(M_PI / 6.0);
  direction[1][1] = c;
  direction[1][2] = -s;
  direction[2][1] = s;
  direction[2][2] = c;
  image->SetDirection(direction);
  image->Allocate();
  for (itk::ImageRegionIteratorWithIndex<ImageType> it(image, region); !it.IsAtEnd(); ++it)
  {
    const auto & i = it.GetIndex();
    it.Set(static_cast<short>(1000 * i[2] + 100 * i[1] + i[0]));
  }
  return image;
}

// out(x, y, z0 + k) == in(x, y, z0 + order[k]); with `positions`, also the same physical point.
int
Check(const std::vector<unsigned int> & order, bool expectPreserved, bool checkPositions, const char * what)
{
  auto input = MakeInput();
  auto filter = FilterType::New();
  filter->SetInput(input);
  filter->SetFrameOrder(order);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  ImageType::Pointer output = filter->GetOutput();
  ITK_TEST_EXPECT_EQUAL(output->GetLargestPossibleRegion(), input->GetLargestPossibleRegion());
  ITK_TEST_EXPECT_EQUAL(output->GetSpacing(), input->GetSpacing());
  ITK_TEST_EXPECT_EQUAL(filter->GetGeometryPreserved(), expectPreserved);
  const itk::IndexValueType z0 = input->GetLargestPossibleRegion().GetIndex(2);
  for (itk::ImageRegionConstIteratorWithIndex<ImageType> it(output, output->GetLargestPossibleRegion()); !it.IsAtEnd();
       ++it)
  {
    ImageType::IndexType source = it.GetIndex();
    const auto           k = static_cast<size_t>(source[2] - z0);
    source[2] = z0 + static_cast<itk::IndexValueType>(order.empty() ? k : order[k]);
    if (it.Get() != input->GetPixel(source))
    {
      std::cerr << what << ": output " << it.GetIndex() << " = " << it.Get() << ", expected input " << source << " = "
                << input->GetPixel(source) << std::endl;
      return EXIT_FAILURE;
    }
    if (checkPositions)
    {
      ImageType::PointType p;
      ImageType::PointType q;
      output->TransformIndexToPhysicalPoint(it.GetIndex(), p);
      input->TransformIndexToPhysicalPoint(source, q);
      if (p.EuclideanDistanceTo(q) > 1e-9)
      {
        std::cerr << what << ": output " << it.GetIndex() << " at " << p << ", its input voxel " << source << " at "
                  << q << std::endl;
        return EXIT_FAILURE;
      }
    }
  }
  if (!checkPositions)
  {
    // Another permutation: the geometry is the input's, unchanged.
    ITK_TEST_EXPECT_EQUAL(output->GetOrigin(), input->GetOrigin());
    ITK_TEST_EXPECT_EQUAL(output->GetDirection(), input->GetDirection());
  }
  return EXIT_SUCCESS;
}
} // namespace

int
itkFramePermutationImageFilterTest(int, char *[])
{
  auto filter = FilterType::New();
  ITK_EXERCISE_BASIC_OBJECT_METHODS(filter, FramePermutationImageFilter, WholeImageToImageFilter);

  int        status = EXIT_SUCCESS;
  const auto run = [&status](int result) {
    if (result != EXIT_SUCCESS)
    {
      status = EXIT_FAILURE;
    }
  };
  run(Check({}, true, true, "empty (identity)"));
  run(Check({ 0, 1, 2, 3, 4 }, true, true, "identity"));
  run(Check({ 4, 3, 2, 1, 0 }, true, true, "reverse"));
  run(Check({ 2, 0, 4, 1, 3 }, false, false, "permutation"));
  run(Check({ 1, 0, 2, 3, 4 }, false, false, "one swap"));

  // Not a permutation of the 5 frames: a repeated frame, an index out of range, another length.
  for (const std::vector<unsigned int> & bad : { std::vector<unsigned int>{ 0, 1, 1, 3, 4 },
                                                 std::vector<unsigned int>{ 0, 1, 2, 3, 5 },
                                                 std::vector<unsigned int>{ 0, 1, 2, 3 } })
  {
    auto f = FilterType::New();
    f->SetInput(MakeInput());
    f->SetFrameOrder(bad);
    ITK_TRY_EXPECT_EXCEPTION(f->Update());
  }
  std::cout << (status == EXIT_SUCCESS ? "Test passed." : "Test FAILED.") << std::endl;
  return status;
}
