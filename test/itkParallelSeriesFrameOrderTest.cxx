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

// dicom-preprocessing's frame-order precedence (metadata/frame_order.rs:resolve_frame_order) and
// the --spacing z frame count (preprocess.rs:compute_target_frame_count), on attribute sets.

namespace
{
itk::FrameOrderInput
Stack(unsigned int n)
{
  itk::FrameOrderInput in;
  in.Frames.resize(n);
  return in;
}

void
SetGeometry(itk::FrameOrderFrame & f, double z)
{
  f.HasPosition = true;
  f.Position[0] = 1;
  f.Position[1] = 2;
  f.Position[2] = z;
  f.HasOrientation = true;
  const double iop[6] = { 1, 0, 0, 0, 1, 0 };
  std::copy(iop, iop + 6, f.Orientation);
}

bool
Is(const std::vector<uint32_t> & order, std::initializer_list<uint32_t> expected)
{
  return order == std::vector<uint32_t>(expected);
}
} // namespace

int
itkParallelSeriesFrameOrderTest(int, char *[])
{
  using S = itk::FrameOrderStrategy;
  // (7) nothing: as stored.
  {
    auto r = itk::ResolveFrameOrder(Stack(3));
    ITK_TEST_EXPECT_TRUE(Is(r.Order, { 0, 1, 2 }) && r.Strategy == S::RawPreserved && !r.HasZSpacing);
  }
  // (1) rejections.
  {
    auto in = Stack(2);
    in.DimensionOrganizationType = "3D_TEMPORAL";
    ITK_TRY_EXPECT_EXCEPTION(itk::ResolveFrameOrder(in));
    in = Stack(2);
    in.Frames[0].HasTemporalPositionIndex = in.Frames[1].HasTemporalPositionIndex = true;
    in.Frames[1].TemporalPositionIndex = 1;
    ITK_TRY_EXPECT_EXCEPTION(itk::ResolveFrameOrder(in));
    in = Stack(2);
    in.Frames[0].HasStackID = in.Frames[1].HasStackID = true;
    in.Frames[0].StackID = "1";
    in.Frames[1].StackID = "2";
    ITK_TRY_EXPECT_EXCEPTION(itk::ResolveFrameOrder(in));
  }
  // (2) DimensionIndexValues, lexicographic; a varying unsupported pointer fails.
  {
    auto in = Stack(3);
    in.DimensionIndexPointers = { 0x00209056u /* StackID */, 0x00209057u /* InStack */ };
    in.Frames[0].DimensionIndexValues = { 1, 3 };
    in.Frames[1].DimensionIndexValues = { 1, 1 };
    in.Frames[2].DimensionIndexValues = { 1, 2 };
    // InStack numbers contradict: DimensionIndexValues win.
    for (uint32_t k = 0; k < 3; ++k)
    {
      in.Frames[k].HasInStackPositionNumber = true;
      in.Frames[k].InStackPositionNumber = k + 1;
    }
    auto r = itk::ResolveFrameOrder(in);
    ITK_TEST_EXPECT_TRUE(Is(r.Order, { 1, 2, 0 }) && r.Strategy == S::DimensionIndexValues);
    in.DimensionIndexPointers = { 0x00209128u /* TemporalPositionIndex */, 0x00209057u };
    in.Frames[0].DimensionIndexValues = { 2, 3 };
    ITK_TRY_EXPECT_EXCEPTION(itk::ResolveFrameOrder(in));
  }
  // (3) InStackPositionNumber ascending, before geometry.
  {
    auto           in = Stack(3);
    const uint32_t stack[3] = { 2, 3, 1 };
    for (uint32_t k = 0; k < 3; ++k)
    {
      in.Frames[k].HasInStackPositionNumber = true;
      in.Frames[k].InStackPositionNumber = stack[k];
      SetGeometry(in.Frames[k], double(k) * 2.5);
    }
    auto r = itk::ResolveFrameOrder(in);
    ITK_TEST_EXPECT_TRUE(Is(r.Order, { 2, 0, 1 }) && r.Strategy == S::StackPosition);
    // spacing from the geometry in that order: |5 - 0|, |0 - 2.5| -> median of (5, 2.5) = 5
    ITK_TEST_EXPECT_TRUE(r.HasZSpacing && r.ZSpacing == 5.0f);
  }
  // (4) geometry: monotonic (decreasing) kept as stored; mixed sorted; SAMPLED skips it.
  {
    auto         in = Stack(4);
    const double z[4] = { 9, 6, 3, 0 };
    for (uint32_t k = 0; k < 4; ++k)
    {
      SetGeometry(in.Frames[k], z[k]);
      in.Frames[k].HasSliceLocation = true;
      in.Frames[k].SliceLocation = double(3 - k); // would reverse nothing either way
    }
    auto r = itk::ResolveFrameOrder(in);
    ITK_TEST_EXPECT_TRUE(Is(r.Order, { 0, 1, 2, 3 }) && r.Strategy == S::Geometry && r.ZSpacing == 3.0f);
    in.Frames[1].Position[2] = -3;
    r = itk::ResolveFrameOrder(in);
    ITK_TEST_EXPECT_TRUE(Is(r.Order, { 1, 3, 2, 0 }) && r.Strategy == S::Geometry);
    // DBT: SAMPLED frames are never reordered by geometry (slice locations monotonic: kept).
    for (auto & f : in.Frames)
    {
      f.Sampled = true;
    }
    r = itk::ResolveFrameOrder(in);
    ITK_TEST_EXPECT_TRUE(Is(r.Order, { 0, 1, 2, 3 }) && r.Strategy == S::SliceLocation);
  }
  // (5) FrameIncrementPointer values, mixed: sorted; (6) SliceLocation mixed: sorted.
  {
    auto in = Stack(3);
    in.FrameIncrementValues = { 2.0, 0.0, 1.0 };
    auto r = itk::ResolveFrameOrder(in);
    ITK_TEST_EXPECT_TRUE(Is(r.Order, { 1, 2, 0 }) && r.Strategy == S::FrameIncrementPointer && r.ZSpacing == 1.0f);
    in.FrameIncrementValues = { 2.0, 2.0, 1.0 }; // not unique: next rule
    const double loc[3] = { 5, 1, 3 };
    for (uint32_t k = 0; k < 3; ++k)
    {
      in.Frames[k].HasSliceLocation = true;
      in.Frames[k].SliceLocation = loc[k];
    }
    r = itk::ResolveFrameOrder(in);
    ITK_TEST_EXPECT_TRUE(Is(r.Order, { 1, 2, 0 }) && r.Strategy == S::SliceLocation && r.ZSpacing == 2.0f);
  }
  // (7) spacing from SpacingBetweenSlices.
  {
    auto in = Stack(12);
    in.Frames[0].HasSpacingBetweenSlices = true;
    in.Frames[0].SpacingBetweenSlices = 1.0;
    auto r = itk::ResolveFrameOrder(in);
    ITK_TEST_EXPECT_TRUE(r.HasZSpacing && r.ZSpacing == 1.0f);
    // --spacing x,y,2 on 12 frames 1 mm apart: round(11 / 2) + 1 = 7 (the peer's confirmed run).
    ITK_TEST_EXPECT_EQUAL(itk::TargetFrameCountForSpacing(12, r.ZSpacing, 2.0f), 7u);
    ITK_TEST_EXPECT_EQUAL(itk::TargetFrameCountForSpacing(12, 1.0f, 1.0f), 12u);
    ITK_TEST_EXPECT_EQUAL(itk::TargetFrameCountForSpacing(1, 1.0f, 3.0f), 1u);
  }
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
