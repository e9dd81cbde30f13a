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

#include "itkLaplacianMipImageFilter.h"
#include "itkSliceSelectionImageFilter.h"
#include "itkTestingMacros.h"
#include <iostream>

// LaplacianMipImageFilter (dicom-preprocessing's transform/volume.rs:LaplacianMip): the error
// rules, the geometry, and a constant stack: in real arithmetic the bilateral filter and the
// pyramid keep a constant and the Laplacians are 0, so the output is the central image.
// Parallel-beam: sum / max = 1 exactly, and every stage keeps 1.0 exactly (the weighted sums of
// 1 * w and w are the same f32 sums) -> 65535 on every pixel. Central-slice c: the f32 sums of
// c * w / sum(w) round, so c within one unit (the peer's own f32 arithmetic is what the filter
// reproduces; its exact output is compared in the oracle lane).

namespace
{
using Image16 = itk::Image<unsigned short, 3>;
using Image8 = itk::Image<unsigned char, 3>;

template <typename TImage>
typename TImage::Pointer
Constant(unsigned int w, unsigned int h, unsigned int n, typename TImage::PixelType value)
{
  auto image = TImage::New();
  image->SetRegions(typename TImage::SizeType{ { w, h, n } });
  image->Allocate();
  image->FillBuffer(value);
  typename TImage::SpacingType spacing;
  spacing[0] = 0.1;
  spacing[1] = 0.1;
  spacing[2] = 1.0;
  image->SetSpacing(spacing);
  return image;
}
} // namespace

int
itkLaplacianMipImageFilterTest(int, char *[])
{
  using FilterType = itk::LaplacianMipImageFilter<Image16>;
  using Mode = itk::DicomPreprocessingEnums::ProjectionMode;
  auto filter = FilterType::New();
  ITK_EXERCISE_BASIC_OBJECT_METHODS(filter, LaplacianMipImageFilter, ImageToImageFilter);
  ITK_TEST_EXPECT_EQUAL(filter->GetSkipStart(), 5u);
  ITK_TEST_EXPECT_EQUAL(filter->GetSkipEnd(), 5u);
  ITK_TEST_EXPECT_TRUE(filter->GetMipWeight() == 1.5f);
  ITK_TEST_EXPECT_EQUAL(filter->GetProjectionMode(), Mode::ParallelBeam);

  // Insufficient frames: n = 10 with 5 + 5 skipped fails, n = 12 with --skip-frames 6 fails.
  filter->SetInput(Constant<Image16>(16, 12, 10, 1000));
  ITK_TRY_EXPECT_EXCEPTION(filter->Update());
  filter->SetInput(Constant<Image16>(16, 12, 12, 1000));
  filter->SetSkipStart(6);
  filter->SetSkipEnd(6);
  ITK_TRY_EXPECT_EXCEPTION(filter->Update());
  // Too small frames (the peer panics): 2 rows.
  filter->SetSkipStart(0);
  filter->SetSkipEnd(0);
  filter->SetInput(Constant<Image16>(16, 2, 4, 1000));
  ITK_TRY_EXPECT_EXCEPTION(filter->Update());

  // Constant 12-frame stack, default skips (frames 5 and 6 used).
  filter->SetSkipStart(5);
  filter->SetSkipEnd(5);
  filter->SetInput(Constant<Image16>(16, 12, 12, 1000));
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  const Image16 * out = filter->GetOutput();
  ITK_TEST_EXPECT_EQUAL(out->GetLargestPossibleRegion().GetSize(0), 16u);
  ITK_TEST_EXPECT_EQUAL(out->GetLargestPossibleRegion().GetSize(1), 12u);
  ITK_TEST_EXPECT_EQUAL(out->GetLargestPossibleRegion().GetSize(2), 1u);
  ITK_TEST_EXPECT_EQUAL(filter->GetUsedSliceStart(), 5u);
  ITK_TEST_EXPECT_EQUAL(filter->GetUsedSliceCount(), 2u);
  // slab [5, 7): centre at z = 5.5, thickness 2
  ITK_TEST_EXPECT_TRUE(std::abs(out->GetOrigin()[2] - 5.5) < 1e-12);
  ITK_TEST_EXPECT_TRUE(std::abs(out->GetSpacing()[2] - 2.0) < 1e-12);
  for (size_t i = 0; i < 16 * 12; ++i)
  {
    ITK_TEST_EXPECT_EQUAL(out->GetBufferPointer()[i], 65535);
  }
  filter->SetProjectionMode(Mode::CentralSlice);
  filter->Update();
  for (size_t i = 0; i < 16 * 12; ++i)
  {
    ITK_TEST_EXPECT_TRUE(out->GetBufferPointer()[i] == 999 || out->GetBufferPointer()[i] == 1000);
  }

  // 8-bit input: v * 257 / 65535 (to_luma16).
  {
    auto f8 = itk::LaplacianMipImageFilter<Image8>::New();
    f8->SetInput(Constant<Image8>(9, 9, 13, 100));
    f8->SetProjectionMode(Mode::CentralSlice);
    f8->Update();
    const unsigned short v = f8->GetOutput()->GetBufferPointer()[40];
    ITK_TEST_EXPECT_TRUE(v == 25699 || v == 25700);
  }

  // One frame left after trimming: returned as is.
  {
    auto input = Constant<Image16>(5, 4, 11, 0);
    for (size_t i = 0; i < 20; ++i)
    {
      input->GetBufferPointer()[5 * 20 + i] = static_cast<unsigned short>(i * 1000 + 7);
    }
    filter->SetInput(input);
    filter->Update();
    for (size_t i = 0; i < 20; ++i)
    {
      ITK_TEST_EXPECT_EQUAL(out->GetBufferPointer()[i], i * 1000 + 7);
    }
  }

  // A bright dot in one frame: the MIP's Laplacian lifts it above its surroundings.
  {
    auto input = Constant<Image16>(32, 32, 12, 20000);
    input->GetBufferPointer()[6 * 32 * 32 + 16 * 32 + 16] = 60000;
    filter->SetInput(input);
    filter->SetProjectionMode(Mode::ParallelBeam);
    filter->Update();
    ITK_TEST_EXPECT_TRUE(out->GetBufferPointer()[16 * 32 + 16] > out->GetBufferPointer()[4 * 32 + 4]);
  }

  // Through SliceSelectionImageFilter; 8-bit there is an error (the output is always 16-bit).
  {
    auto selection = itk::SliceSelectionImageFilter<Image16>::New();
    selection->SetInput(Constant<Image16>(16, 12, 12, 1000));
    selection->SetVolumeHandling(itk::DicomPreprocessingEnums::VolumeHandling::LaplacianMip);
    selection->Update();
    ITK_TEST_EXPECT_EQUAL(selection->GetOutput()->GetLargestPossibleRegion().GetSize(2), 1u);
    ITK_TEST_EXPECT_EQUAL(selection->GetSelectedSliceStart(), 5);
    ITK_TEST_EXPECT_EQUAL(selection->GetSelectedSliceCount(), 2u);
    ITK_TEST_EXPECT_EQUAL(selection->GetOutput()->GetBufferPointer()[0], 65535);
    selection->SetSkipFrames(6);
    ITK_TRY_EXPECT_EXCEPTION(selection->Update());
    auto selection8 = itk::SliceSelectionImageFilter<Image8>::New();
    selection8->SetInput(Constant<Image8>(16, 12, 12, 100));
    selection8->SetVolumeHandling(itk::DicomPreprocessingEnums::VolumeHandling::LaplacianMip);
    ITK_TRY_EXPECT_EXCEPTION(selection8->Update());
  }

  // One slice: kept whatever the handler, as dicom-preprocessing keeps a single-frame file
  // (preprocess.rs:prepare_volume): the same pixels and geometry, 8-bit no error either.
  {
    auto one8 = Constant<Image8>(16, 12, 1, 100);
    one8->GetBufferPointer()[5] = 7;
    auto selection8 = itk::SliceSelectionImageFilter<Image8>::New();
    selection8->SetInput(one8);
    selection8->SetVolumeHandling(itk::DicomPreprocessingEnums::VolumeHandling::LaplacianMip);
    ITK_TRY_EXPECT_NO_EXCEPTION(selection8->Update());
    const Image8 * out8 = selection8->GetOutput();
    ITK_TEST_EXPECT_EQUAL(out8->GetLargestPossibleRegion(), one8->GetLargestPossibleRegion());
    ITK_TEST_EXPECT_EQUAL(out8->GetBufferPointer()[5], 7);
    ITK_TEST_EXPECT_EQUAL(out8->GetBufferPointer()[6], 100);
    ITK_TEST_EXPECT_EQUAL(out8->GetSpacing(), one8->GetSpacing());
    ITK_TEST_EXPECT_EQUAL(selection8->GetSelectedSliceCount(), 1u);
    auto one16 = Constant<Image16>(16, 12, 1, 1000);
    auto selection16 = itk::SliceSelectionImageFilter<Image16>::New();
    selection16->SetInput(one16);
    selection16->SetVolumeHandling(itk::DicomPreprocessingEnums::VolumeHandling::LaplacianMip);
    ITK_TRY_EXPECT_NO_EXCEPTION(selection16->Update());
    ITK_TEST_EXPECT_EQUAL(selection16->GetOutput()->GetBufferPointer()[0], 1000);
  }
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
