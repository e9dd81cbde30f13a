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

#include "itkPillowResizeImageFilter.h"
#include "itkExtractImageFilter.h"
#include "itkPreprocessTestUtilities.h"
#include "itkTestingMacros.h"

#include <fstream>
#include <map>
#include <sstream>

// Tests of PillowResizeImageFilter: Pillow oracle (test/Baseline/PillowResize.txt, made by
// test/make_pillow_baselines.py), known answers, output size, geometry, slices, work units.

namespace
{
using Image2D = itk::Image<unsigned char, 2>;
using Float2D = itk::Image<float, 2>;
using Image3D = itk::Image<unsigned char, 3>;
using Kernel = itk::DicomPreprocessingEnums::ResizeKernel;

Image2D::Pointer
ReadBlock(std::istream & in, unsigned int width, unsigned int height)
{
  auto image = Image2D::New();
  image->SetRegions(Image2D::SizeType{ { width, height } });
  image->Allocate();
  for (unsigned int y = 0; y < height; ++y)
  {
    for (unsigned int x = 0; x < width; ++x)
    {
      int v = 0;
      in >> v;
      image->SetPixel({ { x, y } }, static_cast<unsigned char>(v));
    }
  }
  return image;
}

template <typename TImage>
typename TImage::Pointer
Resize(const TImage * input, unsigned int w, unsigned int h, Kernel kernel, bool keep = false, unsigned int units = 0)
{
  auto filter = itk::PillowResizeImageFilter<TImage>::New();
  filter->SetInput(input);
  filter->SetTargetSize(typename itk::PillowResizeImageFilter<TImage>::TargetSizeType{ { w, h } });
  filter->SetKernel(kernel);
  filter->SetKeepAspectRatio(keep);
  if (units > 0)
  {
    filter->SetNumberOfWorkUnits(units);
  }
  filter->Update();
  return filter->GetOutput();
}

int
TestPillowOracle(const char * path)
{
  std::ifstream in(path);
  if (!in)
  {
    std::cerr << "Cannot open " << path << std::endl;
    return EXIT_FAILURE;
  }
  const std::map<std::string, Kernel> modes = { { "NEAREST", Kernel::Nearest },
                                                { "BILINEAR", Kernel::Triangle },
                                                { "BICUBIC", Kernel::CatmullRom },
                                                { "LANCZOS", Kernel::Lanczos3 } };
  Image2D::Pointer                    input;
  int                                 status = EXIT_SUCCESS;
  unsigned int                        compared = 0;
  std::string                         word;
  while (in >> word)
  {
    if (word[0] == '#')
    {
      std::getline(in, word);
      continue;
    }
    if (word == "input")
    {
      unsigned int w = 0;
      unsigned int h = 0;
      in >> w >> h;
      input = ReadBlock(in, w, h);
      continue;
    }
    if (word != "resize" || !input)
    {
      std::cerr << "Bad baseline file at " << word << std::endl;
      return EXIT_FAILURE;
    }
    std::string  mode;
    unsigned int w = 0;
    unsigned int h = 0;
    in >> mode >> w >> h;
    const Image2D::Pointer expected = ReadBlock(in, w, h);
    const Kernel           kernel = modes.at(mode);
    Image2D::Pointer       output;
    ITK_TRY_EXPECT_NO_EXCEPTION(output = Resize(input.GetPointer(), w, h, kernel));
    const Image2D::SizeType size = { { w, h } };
    ITK_TEST_EXPECT_EQUAL(output->GetLargestPossibleRegion().GetSize(), size);
    int maxDiff = 0;
    for (unsigned int y = 0; y < h; ++y)
    {
      for (unsigned int x = 0; x < w; ++x)
      {
        const int d = std::abs(int(output->GetPixel({ { x, y } })) - int(expected->GetPixel({ { x, y } })));
        maxDiff = std::max(maxDiff, d);
      }
    }
    const int tolerance = kernel == Kernel::Nearest ? 0 : 1;
    std::cout << "Pillow " << mode << ' ' << w << 'x' << h << ": max difference " << maxDiff << std::endl;
    if (maxDiff > tolerance)
    {
      std::cerr << "Pillow " << mode << ' ' << w << 'x' << h << ": max difference " << maxDiff << " > " << tolerance
                << std::endl;
      status = EXIT_FAILURE;
    }
    ++compared;
  }
  ITK_TEST_EXPECT_EQUAL(compared, 36u);
  return status;
}

int
TestKnownAnswer()
{
  // 4 x 1 -> 2 x 1 with Triangle: scale 2, support 2; weights (3, 3, 1) / 7 and (1, 3, 3) / 7.
  auto                   input = PreprocessTest::MakeImage2D<Float2D>({ { 0, 10, 20, 30 } });
  const Float2D::Pointer output = Resize(input.GetPointer(), 2, 1, Kernel::Triangle);
  ITK_TEST_EXPECT_TRUE(std::abs(output->GetPixel({ { 0, 0 } }) - 50.0f / 7) < 1e-5);
  ITK_TEST_EXPECT_TRUE(std::abs(output->GetPixel({ { 1, 0 } }) - 160.0f / 7) < 1e-5);
  // Nearest 4 -> 2 takes input pixels 1 and 3 (centres 1.0 and 3.0 truncated).
  const Float2D::Pointer nearest = Resize(input.GetPointer(), 2, 1, Kernel::Nearest);
  ITK_TEST_EXPECT_EQUAL(nearest->GetPixel({ { 0, 0 } }), 10.0f);
  ITK_TEST_EXPECT_EQUAL(nearest->GetPixel({ { 1, 0 } }), 30.0f);
  // Constant images stay constant with every kernel (normalized weights), integer and float.
  auto constant = Image2D::New();
  constant->SetRegions(Image2D::SizeType{ { 13, 7 } });
  constant->Allocate();
  constant->FillBuffer(200);
  for (Kernel k : { Kernel::Nearest, Kernel::Triangle, Kernel::CatmullRom, Kernel::Gaussian, Kernel::Lanczos3 })
  {
    for (unsigned int w : { 5u, 13u, 29u })
    {
      const Image2D::Pointer out = Resize(constant.GetPointer(), w, 11, k);
      for (itk::ImageRegionConstIterator<Image2D> it(out, out->GetLargestPossibleRegion()); !it.IsAtEnd(); ++it)
      {
        ITK_TEST_EXPECT_EQUAL(int(it.Get()), 200);
      }
    }
  }
  // Integer output is clamped: a bicubic upscale of a step overshoots above 255 and below 0.
  auto                   step = PreprocessTest::MakeImage2D<Image2D>({ { 0, 0, 0, 255, 255, 255 } });
  const Image2D::Pointer up = Resize(step.GetPointer(), 24, 1, Kernel::Lanczos3);
  const Float2D::Pointer upFloat =
    Resize(PreprocessTest::MakeImage2D<Float2D>({ { 0, 0, 0, 255, 255, 255 } }).GetPointer(), 24, 1, Kernel::Lanczos3);
  bool overshoot = false;
  for (unsigned int x = 0; x < 24; ++x)
  {
    const float f = upFloat->GetPixel({ { x, 0 } });
    overshoot = overshoot || f > 255.5f || f < -0.5f;
    const int expected = static_cast<int>(std::min(255.0, std::max(0.0, std::floor(double(f) + 0.5))));
    ITK_TEST_EXPECT_TRUE(std::abs(int(up->GetPixel({ { x, 0 } })) - expected) <= 1);
  }
  ITK_TEST_EXPECT_TRUE(overshoot);
  // Gaussian downscale by 2 of an alternating row gives the mean.
  auto alternating = PreprocessTest::MakeImage2D<Float2D>({ { 0, 100, 0, 100, 0, 100, 0, 100, 0, 100, 0, 100 } });
  const Float2D::Pointer g = Resize(alternating.GetPointer(), 1, 1, Kernel::Gaussian);
  ITK_TEST_EXPECT_TRUE(std::abs(g->GetPixel({ { 0, 0 } }) - 50.0f) < 1.0f);
  return EXIT_SUCCESS;
}

int
TestSizeAndGeometry()
{
  auto input = Float2D::New();
  input->SetRegions(Float2D::RegionType(Float2D::IndexType{ { -4, 9 } }, Float2D::SizeType{ { 37, 23 } }));
  input->Allocate();
  PreprocessTest::FillPattern(input.GetPointer(), 7, 255);
  Float2D::SpacingType spacing;
  spacing[0] = 0.25;
  spacing[1] = 0.4;
  input->SetSpacing(spacing);
  Float2D::PointType origin;
  origin[0] = 12;
  origin[1] = -30;
  input->SetOrigin(origin);
  input->SetDirection(PreprocessTest::RotatedDirection<Float2D>(60.0));

  using FilterType = itk::PillowResizeImageFilter<Float2D>;
  auto filter = FilterType::New();
  ITK_EXERCISE_BASIC_OBJECT_METHODS(filter, PillowResizeImageFilter, WholeImageToImageFilter);
  ITK_TEST_SET_GET_BOOLEAN(filter, KeepAspectRatio, true);
  filter->SetKernel(Kernel::CatmullRom);
  ITK_TEST_EXPECT_EQUAL(filter->GetKernel(), Kernel::CatmullRom);
  filter->SetInput(input);
  filter->SetTargetSize(FilterType::TargetSizeType{ { 20, 20 } });
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  // s = min(20 / 37, 20 / 23) = 20 / 37: 20 x round(23 * 20 / 37 = 12.43) = 20 x 12.
  const Float2D *         output = filter->GetOutput();
  const Float2D::SizeType expectedSize = { { 20, 12 } };
  ITK_TEST_EXPECT_EQUAL(output->GetLargestPossibleRegion().GetSize(), expectedSize);
  ITK_TEST_EXPECT_TRUE(std::abs(filter->GetScale()[0] - 20.0 / 37) < 1e-12);
  ITK_TEST_EXPECT_TRUE(std::abs(filter->GetScale()[1] - 12.0 / 23) < 1e-12);
  ITK_TEST_EXPECT_TRUE(std::abs(output->GetSpacing()[0] - 0.25 * 37 / 20) < 1e-12);
  ITK_TEST_EXPECT_TRUE(std::abs(output->GetSpacing()[1] - 0.4 * 23 / 12) < 1e-12);
  ITK_TEST_EXPECT_TRUE(output->GetDirection() == input->GetDirection());

  // The physical extent is preserved: the outer corners of the first and last pixels coincide.
  using CI = itk::ContinuousIndex<double, 2>;
  for (int corner = 0; corner < 4; ++corner)
  {
    CI inIndex;
    CI outIndex;
    inIndex[0] = -4 - 0.5 + ((corner & 1) ? 37 : 0);
    inIndex[1] = 9 - 0.5 + ((corner & 2) ? 23 : 0);
    outIndex[0] = -0.5 + ((corner & 1) ? 20 : 0);
    outIndex[1] = -0.5 + ((corner & 2) ? 12 : 0);
    Float2D::PointType pIn;
    Float2D::PointType pOut;
    input->TransformContinuousIndexToPhysicalPoint(inIndex, pIn);
    output->TransformContinuousIndexToPhysicalPoint(outIndex, pOut);
    ITK_TEST_EXPECT_TRUE(PreprocessTest::SamePoint(pIn, pOut, 1e-9));
  }

  // Target larger than the image: upscaling with aspect kept.
  filter->SetTargetSize(FilterType::TargetSizeType{ { 100, 100 } });
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  const Float2D::SizeType upSize = { { 100, 62 } }; // round(23 * 100 / 37 = 62.16)
  ITK_TEST_EXPECT_EQUAL(filter->GetOutput()->GetLargestPossibleRegion().GetSize(), upSize);
  filter->KeepAspectRatioOff();
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  const Float2D::SizeType exactSize = { { 100, 100 } };
  ITK_TEST_EXPECT_EQUAL(filter->GetOutput()->GetLargestPossibleRegion().GetSize(), exactSize);

  // Errors.
  filter->SetTargetSize(FilterType::TargetSizeType{ { 0, 10 } });
  ITK_TRY_EXPECT_EXCEPTION(filter->Update());
  return EXIT_SUCCESS;
}

int
TestSlicesAndWorkUnits()
{
  // Each slice of a 37 x 23 x 3 volume is resized as the 2D image of that slice, for every
  // kernel; 1, 2 and 7 work units give identical outputs.
  auto volume = Image3D::New();
  volume->SetRegions(Image3D::SizeType{ { 37, 23, 3 } });
  volume->Allocate();
  PreprocessTest::FillPattern(volume.GetPointer(), 11, 256);
  int status = EXIT_SUCCESS;
  for (Kernel k : { Kernel::Nearest, Kernel::Triangle, Kernel::CatmullRom, Kernel::Gaussian, Kernel::Lanczos3 })
  {
    std::vector<Image3D::Pointer> outputs;
    for (unsigned int units : { 1u, 2u, 7u })
    {
      outputs.push_back(Resize(volume.GetPointer(), 16, 40, k, false, units));
    }
    if (!PreprocessTest::SameImage(outputs[0].GetPointer(), outputs[1].GetPointer(), "1 vs 2 work units") ||
        !PreprocessTest::SameImage(outputs[0].GetPointer(), outputs[2].GetPointer(), "1 vs 7 work units"))
    {
      status = EXIT_FAILURE;
    }
    for (long z = 0; z < 3; ++z)
    {
      using ExtractType = itk::ExtractImageFilter<Image3D, Image2D>;
      auto extract = ExtractType::New();
      extract->SetInput(volume);
      extract->SetDirectionCollapseToSubmatrix();
      extract->SetExtractionRegion(
        Image3D::RegionType(Image3D::IndexType{ { 0, 0, z } }, Image3D::SizeType{ { 37, 23, 0 } }));
      extract->Update();
      const Image2D::Pointer slice = Resize(extract->GetOutput(), 16, 40, k);
      if (PreprocessTest::Rows(slice.GetPointer()) != PreprocessTest::Rows(outputs[0].GetPointer(), z))
      {
        std::cerr << "Kernel " << k << ", slice " << z << " differs from the 2D resize" << std::endl;
        status = EXIT_FAILURE;
      }
    }
    const Image3D::SizeType size = { { 16, 40, 3 } };
    ITK_TEST_EXPECT_EQUAL(outputs[0]->GetLargestPossibleRegion().GetSize(), size);
  }
  return status;
}
} // namespace

int
itkPillowResizeImageFilterTest(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " PillowResize.txt" << std::endl;
    return EXIT_FAILURE;
  }
  int status = EXIT_SUCCESS;
  status |= TestPillowOracle(argv[1]);
  status |= TestKnownAnswer();
  status |= TestSizeAndGeometry();
  status |= TestSlicesAndWorkUnits();
  std::cout << (status == EXIT_SUCCESS ? "Test finished." : "Test FAILED.") << std::endl;
  return status;
}
