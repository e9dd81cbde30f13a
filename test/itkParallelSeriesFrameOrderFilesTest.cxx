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

#include "itkParallelSeriesFrameOrder.h"
#include "itkTestingMacros.h"
#include <iostream>

// ReadFrameOrderInput + ResolveFrameOrder on the multi-frame files of
// test/make_frame_order_inputs.py (pydicom, written at test time): the expected orders are the
// peer's rules (metadata/frame_order.rs) applied to what each file holds, listed in the script.

int
itkParallelSeriesFrameOrderFilesTest(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "usage: " << argv[0] << " DIR (written by make_frame_order_inputs.py)" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string dir = argv[1];
  using S = itk::FrameOrderStrategy;
  auto r = itk::ResolveFrameOrder(itk::ReadFrameOrderInput(dir + "/instack.dcm"));
  ITK_TEST_EXPECT_TRUE(r.Order == std::vector<uint32_t>({ 1, 2, 0 }));
  ITK_TEST_EXPECT_EQUAL(static_cast<int>(r.Strategy), static_cast<int>(S::StackPosition));
  // z spacing from the geometry in that order: 0, 9, 5 -> diffs 9, 4 -> median 9
  ITK_TEST_EXPECT_TRUE(r.HasZSpacing && r.ZSpacing == 9.0f);

  const itk::FrameOrderInput dbt = itk::ReadFrameOrderInput(dir + "/dbt.dcm");
  ITK_TEST_EXPECT_EQUAL(dbt.Frames.size(), 4u);
  ITK_TEST_EXPECT_TRUE(dbt.Frames[0].Sampled && dbt.Frames[3].Sampled && dbt.Frames[2].HasPosition);
  r = itk::ResolveFrameOrder(dbt);
  ITK_TEST_EXPECT_TRUE(r.Order == std::vector<uint32_t>({ 0, 1, 2, 3 }));
  ITK_TEST_EXPECT_EQUAL(static_cast<int>(r.Strategy), static_cast<int>(S::RawPreserved));
  ITK_TEST_EXPECT_TRUE(r.HasZSpacing && r.ZSpacing == 1.0f);

  const itk::FrameOrderInput dim = itk::ReadFrameOrderInput(dir + "/dimindex.dcm");
  ITK_TEST_EXPECT_TRUE(dim.DimensionIndexPointers == std::vector<uint32_t>({ 0x00209056u, 0x00209057u }));
  r = itk::ResolveFrameOrder(dim);
  ITK_TEST_EXPECT_TRUE(r.Order == std::vector<uint32_t>({ 2, 0, 1 }));
  ITK_TEST_EXPECT_EQUAL(static_cast<int>(r.Strategy), static_cast<int>(S::DimensionIndexValues));

  ITK_TRY_EXPECT_EXCEPTION(itk::ResolveFrameOrder(itk::ReadFrameOrderInput(dir + "/temporal.dcm")));

  r = itk::ResolveFrameOrder(itk::ReadFrameOrderInput(dir + "/fip.dcm"));
  ITK_TEST_EXPECT_TRUE(r.Order == std::vector<uint32_t>({ 1, 2, 0 }));
  ITK_TEST_EXPECT_EQUAL(static_cast<int>(r.Strategy), static_cast<int>(S::FrameIncrementPointer));

  ITK_TRY_EXPECT_EXCEPTION(itk::ReadFrameOrderInput(dir + "/missing.dcm"));
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
