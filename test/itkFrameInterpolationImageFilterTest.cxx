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

#include "itkFrameInterpolationImageFilter.h"
#include "itkSliceSelectionImageFilter.h"
#include "itkTestingMacros.h"
#include <cmath>
#include <iostream>

// FrameInterpolationImageFilter against dicom-preprocessing's arithmetic
// (transform/volume.rs:InterpolateVolume::interpolate_single_frame): hand-computed values where
// the positions are exact, and the formula (f32 positions, f64 for 16-bit, f32 for 8-bit,
// truncation) on every pixel otherwise.

namespace
{
template <typename TPixel>
typename itk::Image<TPixel, 3>::Pointer
MakeStack(unsigned int w, unsigned int h, unsigned int n, unsigned int seed)
{
  using ImageType = itk::Image<TPixel, 3>;
  auto                          image = ImageType::New();
  typename ImageType::SizeType  size = { { w, h, n } };
  typename ImageType::IndexType start = { { 2, -3, 4 } };
  image->SetRegions(typename ImageType::RegionType(start, size));
  image->Allocate();
  TPixel *            p = image->GetBufferPointer();
  const unsigned long maxValue = sizeof(TPixel) == 1 ? 256 : 65536;
  unsigned long       state = seed;
  for (size_t i = 0; i < size_t(w) * h * n; ++i)
  {
    state = (state * 1103515245u + 12345u) & 0x7fffffffu;
    p[i] = static_cast<TPixel>((state >> 8) % maxValue);
  }
  typename ImageType::SpacingType spacing;
  spacing[0] = 0.1;
  spacing[1] = 0.2;
  spacing[2] = 1.5;
  image->SetSpacing(spacing);
  return image;
}

// The peer's formula, written out again.
template <typename TPixel>
TPixel
Expected(const TPixel * in, size_t sliceLength, size_t pixel, unsigned int n, unsigned int t, unsigned int i)
{
  if (n == 1 || t == 1)
  {
    return in[pixel];
  }
  const float  tt = float(i) / float(t - 1);
  const float  f = tt * float(n - 1);
  const size_t lo = size_t(std::floor(f));
  const size_t hi = size_t(std::ceil(f));
  const float  a = f - float(lo);
  const TPixel x = in[lo * sliceLength + pixel];
  const TPixel y = in[hi * sliceLength + pixel];
  if (sizeof(TPixel) == 1)
  {
    return TPixel(float(x) * (1.0f - a) + float(y) * a);
  }
  return TPixel(double(x) * (1.0 - double(a)) + double(y) * double(a));
}

template <typename TPixel>
int
CheckFormula(unsigned int n, unsigned int t)
{
  using ImageType = itk::Image<TPixel, 3>;
  auto input = MakeStack<TPixel>(7, 5, n, n * 31 + t);
  auto filter = itk::FrameInterpolationImageFilter<ImageType>::New();
  filter->SetInput(input);
  filter->SetTargetFrames(t);
  filter->SetNumberOfWorkUnits(3);
  filter->Update();
  const ImageType *  out = filter->GetOutput();
  const unsigned int expectedFrames = n == 1 ? 1 : t;
  ITK_TEST_EXPECT_EQUAL(out->GetLargestPossibleRegion().GetSize(2), expectedFrames);
  ITK_TEST_EXPECT_EQUAL(out->GetLargestPossibleRegion().GetIndex(2), 0);
  typename ImageType::PointType first;
  input->TransformIndexToPhysicalPoint(input->GetLargestPossibleRegion().GetIndex(), first);
  ITK_TEST_EXPECT_TRUE(out->GetOrigin().EuclideanDistanceTo(first) < 1e-9);
  const double dz = (n > 1 && t > 1) ? 1.5 * double(n - 1) / double(t - 1) : 1.5;
  ITK_TEST_EXPECT_TRUE(std::abs(out->GetSpacing()[2] - dz) < 1e-12);
  const size_t sliceLength = 7 * 5;
  size_t       wrong = 0;
  for (unsigned int i = 0; i < expectedFrames; ++i)
  {
    for (size_t p = 0; p < sliceLength; ++p)
    {
      if (out->GetBufferPointer()[i * sliceLength + p] !=
          Expected<TPixel>(input->GetBufferPointer(), sliceLength, p, n, t, i))
      {
        ++wrong;
      }
    }
  }
  if (wrong != 0)
  {
    std::cerr << "n " << n << " T " << t << ": " << wrong << " pixels differ from the formula" << std::endl;
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
} // namespace

int
itkFrameInterpolationImageFilterTest(int, char *[])
{
  using ImageType = itk::Image<unsigned short, 3>;
  auto filter = itk::FrameInterpolationImageFilter<ImageType>::New();
  ITK_EXERCISE_BASIC_OBJECT_METHODS(filter, FrameInterpolationImageFilter, WholeImageToImageFilter);
  ITK_TEST_EXPECT_EQUAL(filter->GetTargetFrames(), 32u);

  // Hand-computed: n = 3, T = 5: positions 0, 0.5, 1, 1.5, 2 (exact in f32).
  {
    auto input = ImageType::New();
    input->SetRegions(ImageType::SizeType{ { 1, 1, 3 } });
    input->Allocate();
    input->GetBufferPointer()[0] = 10;
    input->GetBufferPointer()[1] = 21;
    input->GetBufferPointer()[2] = 65535;
    filter->SetInput(input);
    filter->SetTargetFrames(5);
    filter->Update();
    const unsigned short * o = filter->GetOutput()->GetBufferPointer();
    // 10; (10 + 21) / 2 = 15.5 -> 15; 21; (21 + 65535) / 2 = 32778; 65535
    ITK_TEST_EXPECT_EQUAL(o[0], 10);
    ITK_TEST_EXPECT_EQUAL(o[1], 15);
    ITK_TEST_EXPECT_EQUAL(o[2], 21);
    ITK_TEST_EXPECT_EQUAL(o[3], 32778);
    ITK_TEST_EXPECT_EQUAL(o[4], 65535);
    // T = 1: the first frame.
    filter->SetTargetFrames(1);
    filter->Update();
    ITK_TEST_EXPECT_EQUAL(filter->GetOutput()->GetLargestPossibleRegion().GetSize(2), 1u);
    ITK_TEST_EXPECT_EQUAL(filter->GetOutput()->GetBufferPointer()[0], 10);
    filter->SetTargetFrames(0);
    ITK_TRY_EXPECT_EXCEPTION(filter->Update());
  }
  // 8-bit in f32: 3 frames (0, 255, 100) to 4: positions 0, 2/3, 4/3, 2.
  {
    using Image8 = itk::Image<unsigned char, 3>;
    auto input = Image8::New();
    input->SetRegions(Image8::SizeType{ { 1, 1, 3 } });
    input->Allocate();
    input->GetBufferPointer()[0] = 0;
    input->GetBufferPointer()[1] = 255;
    input->GetBufferPointer()[2] = 100;
    auto f8 = itk::FrameInterpolationImageFilter<Image8>::New();
    f8->SetInput(input);
    f8->SetTargetFrames(4);
    f8->Update();
    const unsigned char * o = f8->GetOutput()->GetBufferPointer();
    // 255 * 2/3 = 170 (f32: 169.99998 or 170.00002: the formula decides), 255 * 2/3 + 100 / 3 = 203.3 -> 203
    ITK_TEST_EXPECT_EQUAL(o[0], 0);
    ITK_TEST_EXPECT_TRUE(o[1] == 169 || o[1] == 170);
    ITK_TEST_EXPECT_EQUAL(o[2], 203);
    ITK_TEST_EXPECT_EQUAL(o[3], 100);
  }

  int status = EXIT_SUCCESS;
  for (unsigned int n : { 1u, 2u, 5u, 12u, 13u })
  {
    for (unsigned int t : { 1u, 2u, 5u, 12u, 20u, 32u, 33u })
    {
      status |= CheckFormula<unsigned short>(n, t);
      status |= CheckFormula<unsigned char>(n, t);
      status |= CheckFormula<short>(n, t);
    }
  }

  // Through SliceSelectionImageFilter (VolumeHandling Interpolate).
  {
    auto input = MakeStack<unsigned short>(4, 3, 12, 7);
    auto selection = itk::SliceSelectionImageFilter<ImageType>::New();
    selection->SetInput(input);
    selection->SetVolumeHandling(itk::DicomPreprocessingEnums::VolumeHandling::Interpolate);
    selection->SetTargetFrames(5);
    selection->Update();
    ITK_TEST_EXPECT_EQUAL(selection->GetOutput()->GetLargestPossibleRegion().GetSize(2), 5u);
    for (unsigned int i = 0; i < 5; ++i)
    {
      for (size_t p = 0; p < 12; ++p)
      {
        ITK_TEST_EXPECT_EQUAL(selection->GetOutput()->GetBufferPointer()[i * 12 + p],
                              Expected<unsigned short>(input->GetBufferPointer(), 12, p, 12, 5, i));
      }
    }
  }
  return status;
}
