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

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

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

// dicom-preprocessing 0.1.2's crop (transform/crop.rs), the cases of docs/dicom-preprocessing.md
// confirmed against the peer, with answers derived by hand from its rules.
using Image16 = itk::Image<unsigned short, 2>;

Image16::Pointer
MakeBlank16(unsigned int w, unsigned int h)
{
  auto image = Image16::New();
  image->SetRegions(Image16::SizeType{ { w, h } });
  image->Allocate(true);
  return image;
}

void
FillBlock(Image16 * image, unsigned int x0, unsigned int y0, unsigned int w, unsigned int h, unsigned short v)
{
  for (unsigned int y = y0; y < y0 + h; ++y)
  {
    for (unsigned int x = x0; x < x0 + w; ++x)
    {
      image->SetPixel({ { x, y } }, v);
    }
  }
}

template <typename TImage>
int
ExpectBox(TImage *                    image,
          bool                        components,
          bool                        cropMax,
          double                      border,
          const std::array<long, 4> & box,
          const char *                what)
{
  auto filter = itk::CropToForegroundImageFilter<TImage>::New();
  filter->SetInput(image);
  filter->SetUseComponents(components);
  filter->SetCropMax(cropMax);
  filter->SetBorderFraction(border);
  filter->SetNumberOfWorkUnits(2);
  filter->Update();
  const std::array<long, 4> got = { long(filter->GetCropIndex()[0]),
                                    long(filter->GetCropIndex()[1]),
                                    long(filter->GetCropSize()[0]),
                                    long(filter->GetCropSize()[1]) };
  if (got != box)
  {
    std::cerr << what << ": box " << got[0] << "," << got[1] << " " << got[2] << "x" << got[3] << ", expected "
              << box[0] << "," << box[1] << " " << box[2] << "x" << box[3] << std::endl;
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}

int
TestComponentsThreshold()
{
  // The doc's case: a 140 x 200 block of 385 beside a 20 x 20 block of 65535. On the 8-bit
  // thumbnail 385 -> (385 + 128) / 257 = 1, not > 1: background, so the small block wins; 386 -> 2
  // wins as the largest component.
  int  status = EXIT_SUCCESS;
  auto image = MakeBlank16(300, 260);
  FillBlock(image, 20, 30, 140, 200, 385);
  FillBlock(image, 250, 200, 20, 20, 65535);
  status |= ExpectBox(image.GetPointer(), true, false, 0.0, { 250, 200, 20, 20 }, "components, 385");
  status |= ExpectBox(image.GetPointer(), false, false, 0.0, { 20, 30, 250, 200 }, "bounding box, 385");
  // CropMax: the label is background for the box; the thumbnail then has no component: the box.
  status |= ExpectBox(image.GetPointer(), true, true, 0.0, { 20, 30, 140, 200 }, "components + crop-max, 385");
  FillBlock(image, 20, 30, 140, 200, 386);
  status |= ExpectBox(image.GetPointer(), true, false, 0.0, { 20, 30, 140, 200 }, "components, 386");
  return status;
}

int
TestComponentsThumbnail()
{
  // 1024 x 1024 -> a 512 x 512 Nearest thumbnail: thumbnail pixel i is input 2i + 1. A burned-in
  // label (the small bright block) is dropped; the body A (x < 600, y < 500) maps to thumbnail
  // columns 0..299 and rows 0..249, back to right = ceil(300 * 1024 / 512) = 600, bottom = 500.
  int  status = EXIT_SUCCESS;
  auto image = MakeBlank16(1024, 1024);
  FillBlock(image, 0, 0, 600, 500, 30000);
  FillBlock(image, 1000, 1000, 24, 24, 65535);
  status |= ExpectBox(image.GetPointer(), true, false, 0.0, { 0, 0, 600, 500 }, "thumbnail, label dropped");
  status |= ExpectBox(image.GetPointer(), false, false, 0.0, { 0, 0, 1024, 1024 }, "thumbnail, bounding box");
  // Body rows end at 401: thumbnail rows with 2i + 1 < 401 are 0..199, back to bottom 400 (the
  // peer's mapping loses input row 400, sampled by no thumbnail row).
  auto second = MakeBlank16(1024, 1024);
  FillBlock(second, 0, 0, 600, 401, 30000);
  FillBlock(second, 1000, 1000, 24, 24, 65535);
  status |= ExpectBox(second.GetPointer(), true, false, 0.0, { 0, 0, 600, 400 }, "thumbnail, rounding down");
  return status;
}

int
TestComponentsTie()
{
  // Equal components: the one whose first pixel comes later in raster order (max_by_key).
  int  status = EXIT_SUCCESS;
  auto image = MakeBlank16(20, 10);
  FillBlock(image, 1, 1, 3, 3, 1000);
  FillBlock(image, 10, 5, 3, 3, 1000);
  status |= ExpectBox(image.GetPointer(), true, false, 0.0, { 10, 5, 3, 3 }, "tie: later component");
  FillBlock(image, 1, 4, 1, 1, 1000); // A grows by one pixel (4-connected below (1, 3))
  status |= ExpectBox(image.GetPointer(), true, false, 0.0, { 1, 1, 3, 4 }, "larger first component");
  return status;
}

int
TestBorderFraction()
{
  // The doc's "-c -n -b 0.1" case on a 320 x 256 frame: foreground x 0..299, y 13..243; the
  // search window is x [32, 288), y [25, 230): found x 32..287, y 25..229, grown by (32, 25) and
  // clamped: x 0..319, y 0..254 = 320 x 255.
  int  status = EXIT_SUCCESS;
  auto image = MakeBlank16(320, 256);
  FillBlock(image, 0, 13, 300, 231, 1000);
  status |= ExpectBox(image.GetPointer(), false, false, 0.1, { 0, 0, 320, 255 }, "border 0.1");
  status |= ExpectBox(image.GetPointer(), false, false, 0.0, { 0, 13, 300, 231 }, "border 0");
  // 0.5: an empty search window: the whole frame; with components the thumbnail is then made of
  // the whole frame, and its largest component is the block again (Crop::new_from_components).
  status |= ExpectBox(image.GetPointer(), false, false, 0.5, { 0, 0, 320, 256 }, "border 0.5");
  status |= ExpectBox(image.GetPointer(), true, false, 0.5, { 0, 13, 300, 231 }, "border 0.5, components");
  auto filter = itk::CropToForegroundImageFilter<Image16>::New();
  filter->SetInput(image);
  filter->SetBorderFraction(0.6);
  ITK_TRY_EXPECT_EXCEPTION(filter->Update());
  return status;
}

int
TestComponentsUnionOverSlices()
{
  // One box per slice, then the union (Crop::new_from_images).
  using Volume = itk::Image<unsigned short, 3>;
  auto volume = Volume::New();
  volume->SetRegions(Volume::SizeType{ { 40, 30, 2 } });
  volume->Allocate(true);
  auto put = [&](unsigned int x0, unsigned int y0, unsigned int w, unsigned int h, unsigned int z) {
    for (unsigned int y = y0; y < y0 + h; ++y)
    {
      for (unsigned int x = x0; x < x0 + w; ++x)
      {
        volume->SetPixel({ { x, y, z } }, 5000);
      }
    }
  };
  put(2, 3, 10, 10, 0); // slice 0: largest is this one
  put(30, 25, 2, 2, 0); // small
  put(20, 1, 5, 20, 1); // slice 1
  return ExpectBox(volume.GetPointer(), true, false, 0.0, { 2, 1, 23, 20 }, "components, union over slices");
}

// The reference: the whole-mask flood fill the run labelling replaced (4-connected, components
// numbered in raster order of their first pixel, the largest by count, ties to the later one).
// Returns the inclusive box left, top, right, bottom of that component, or false if none.
bool
FloodFillLargest(const std::vector<uint8_t> & mask, long w, long h, std::array<long, 4> & box)
{
  std::vector<uint8_t> seen(mask.size(), 0);
  std::vector<long>    stack;
  long                 bestCount = 0;
  bool                 any = false;
  for (long start = 0; start < w * h; ++start)
  {
    if (!mask[start] || seen[start])
    {
      continue;
    }
    long l = w, r = -1, t = h, b = -1, count = 0;
    seen[start] = 1;
    stack.assign(1, start);
    while (!stack.empty())
    {
      const long p = stack.back();
      stack.pop_back();
      const long x = p % w;
      const long y = p / w;
      ++count;
      l = std::min(l, x);
      r = std::max(r, x);
      t = std::min(t, y);
      b = std::max(b, y);
      const long neighbours[4] = {
        x > 0 ? p - 1 : -1, x + 1 < w ? p + 1 : -1, y > 0 ? p - w : -1, y + 1 < h ? p + w : -1
      };
      for (const long q : neighbours)
      {
        if (q >= 0 && mask[q] && !seen[q])
        {
          seen[q] = 1;
          stack.push_back(q);
        }
      }
    }
    if (count >= bestCount)
    {
      bestCount = count;
      box = { l, t, r, b };
      any = true;
    }
  }
  return any;
}

int
TestComponentsThresholdTypes()
{
  // The threshold (8-bit luma > 1) for other pixel types: 8-bit signed values are at most 127,
  // (127 + 128) / 257 = 0, so never foreground: no component, the box of step 1; short: 386 is
  // foreground, 385 and negative values are not; float: 385.9 is not (truncated to 385), 386 is.
  int status = EXIT_SUCCESS;
  using ImageSC = itk::Image<signed char, 2>;
  auto sc = ImageSC::New();
  sc->SetRegions(ImageSC::SizeType{ { 12, 8 } });
  sc->Allocate(true);
  for (long y = 2; y < 6; ++y)
  {
    for (long x = 1; x < 4; ++x)
    {
      sc->SetPixel({ { x, y } }, 127);
    }
  }
  sc->SetPixel({ { 9, 6 } }, -100);
  status |= ExpectBox(sc.GetPointer(), true, false, 0.0, { 1, 2, 9, 5 }, "signed char: no component");
  using ImageSS = itk::Image<short, 2>;
  using ImageF = itk::Image<float, 2>;
  auto ss = ImageSS::New();
  auto fl = ImageF::New();
  for (auto * image :
       { static_cast<itk::ImageBase<2> *>(ss.GetPointer()), static_cast<itk::ImageBase<2> *>(fl.GetPointer()) })
  {
    image->SetRegions(ImageSS::RegionType(ImageSS::SizeType{ { 20, 10 } }));
  }
  ss->Allocate(true);
  fl->Allocate(true);
  for (long y = 1; y < 9; ++y)
  {
    for (long x = 1; x < 8; ++x)
    {
      ss->SetPixel({ { x, y } }, 385); // the larger block, below the threshold
      fl->SetPixel({ { x, y } }, 385.9f);
    }
  }
  for (long y = 3; y < 5; ++y)
  {
    for (long x = 12; x < 15; ++x)
    {
      ss->SetPixel({ { x, y } }, 386);
      fl->SetPixel({ { x, y } }, 386.0f);
    }
  }
  ss->SetPixel({ { 18, 9 } }, -30000);
  status |= ExpectBox(ss.GetPointer(), true, false, 0.0, { 12, 3, 3, 2 }, "short: 386 is the component");
  status |= ExpectBox(fl.GetPointer(), true, false, 0.0, { 12, 3, 3, 2 }, "float: 386 is the component");
  return status;
}

int
TestComponentsAgainstFloodFill()
{
  // 300 random slices of at most 512 x 512 (the thumbnail is the box itself): the run labelling's
  // box must equal the flood fill's on each. Blobs of random values around the 385 / 386
  // threshold, of random densities, so that components merge through U shapes, touch only
  // diagonally (not connected) and tie.
  std::mt19937 random(20261203u);
  int          status = EXIT_SUCCESS;
  for (int trial = 0; trial < 300 && status == EXIT_SUCCESS; ++trial)
  {
    const long w = 1 + long(random() % 64);
    const long h = 1 + long(random() % 48);
    const int  density = 20 + int(random() % 60);
    auto       image = MakeBlank16(w, h);
    for (long y = 0; y < h; ++y)
    {
      for (long x = 0; x < w; ++x)
      {
        if (int(random() % 100) < density)
        {
          const unsigned short values[4] = { 385, 386, 1000, static_cast<unsigned short>(1 + random() % 65535) };
          image->SetPixel({ { x, y } }, values[random() % 4]);
        }
      }
    }
    // Expected: step 1 is the bounding box of the nonzero pixels; its components of v >= 386.
    long left = w, top = h, right = -1, bottom = -1;
    for (long y = 0; y < h; ++y)
    {
      for (long x = 0; x < w; ++x)
      {
        if (image->GetPixel({ { x, y } }) != 0)
        {
          left = std::min(left, x);
          right = std::max(right, x);
          top = std::min(top, y);
          bottom = std::max(bottom, y);
        }
      }
    }
    std::array<long, 4> expected = { 0, 0, w, h };
    if (right >= 0)
    {
      const long           bw = right - left + 1;
      const long           bh = bottom - top + 1;
      std::vector<uint8_t> mask(bw * bh);
      for (long y = 0; y < bh; ++y)
      {
        for (long x = 0; x < bw; ++x)
        {
          mask[y * bw + x] = image->GetPixel({ { left + x, top + y } }) >= 386 ? 1 : 0;
        }
      }
      std::array<long, 4> c{};
      expected = FloodFillLargest(mask, bw, bh, c)
                   ? std::array<long, 4>{ left + c[0], top + c[1], c[2] - c[0] + 1, c[3] - c[1] + 1 }
                   : std::array<long, 4>{ left, top, bw, bh };
    }
    const std::string what = "random slice " + std::to_string(trial) + " (" + std::to_string(w) + " x " +
                             std::to_string(h) + ", density " + std::to_string(density) + " %)";
    status |= ExpectBox(image.GetPointer(), true, false, 0.0, expected, what.c_str());
  }
  return status;
}

} // namespace

int
itkCropToForegroundImageFilterTest(int, char *[])
{
  int status = EXIT_SUCCESS;
  for (auto test : { TestKnownAnswer2D,
                     TestCropMaxFrame,
                     TestUnionOverSlices,
                     TestAllBackground,
                     TestWorkUnits,
                     TestComponentsThreshold,
                     TestComponentsThumbnail,
                     TestComponentsTie,
                     TestComponentsAgainstFloodFill,
                     TestComponentsThresholdTypes,
                     TestBorderFraction,
                     TestComponentsUnionOverSlices })
  {
    if (test() != EXIT_SUCCESS)
    {
      status = EXIT_FAILURE;
    }
  }
  std::cout << (status == EXIT_SUCCESS ? "Test finished." : "Test FAILED.") << std::endl;
  return status;
}
