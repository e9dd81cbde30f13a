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

#include "itkImageCrateResizeImageFilter.h"
#include "itkTestingMacros.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>

// Tests of ImageCrateResizeImageFilter against test/Baseline/ImageCrateResize.txt (made by
// test/make_image_crate_baselines.py from benchmark/peers/dicom_preprocessing_reference.py, the
// NumPy emulations confirmed against dicom-preprocessing 0.1.2), plus the size rules, slices,
// work units and geometry.

namespace
{
using Image2D = itk::Image<unsigned short, 2>;
using Image3D = itk::Image<unsigned short, 3>;
using Kernel = itk::DicomPreprocessingEnums::ResizeKernel;
using FilterType = itk::ImageCrateResizeImageFilter<Image2D>;

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
      long v = 0;
      in >> v;
      image->SetPixel({ { x, y } }, static_cast<unsigned short>(v));
    }
  }
  return image;
}

template <typename TImage>
typename TImage::Pointer
Resize(const TImage * input, unsigned int w, unsigned int h, Kernel kernel, unsigned int units = 0)
{
  using F = itk::ImageCrateResizeImageFilter<TImage>;
  auto filter = F::New();
  filter->SetInput(input);
  filter->SetOutputSize(typename F::Size2DType{ { w, h } });
  filter->SetKernel(kernel);
  if (units > 0)
  {
    filter->SetNumberOfWorkUnits(units);
  }
  filter->Update();
  return filter->GetOutput();
}

int
TestOracle(const char * path)
{
  std::ifstream in(path);
  if (!in)
  {
    std::cerr << "Cannot open " << path << std::endl;
    return EXIT_FAILURE;
  }
  const std::map<std::string, Kernel> kernels = {
    { "nearest", Kernel::Nearest },   { "triangle", Kernel::Triangle }, { "catmull-rom", Kernel::CatmullRom },
    { "gaussian", Kernel::Gaussian }, { "lanczos3", Kernel::Lanczos3 }, { "max-pool", Kernel::MaxPool }
  };
  Image2D::Pointer input;
  int              status = EXIT_SUCCESS;
  unsigned int     compared = 0;
  unsigned int     inexact = 0;
  std::string      word;
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
    std::string  name;
    unsigned int w = 0;
    unsigned int h = 0;
    int          tolerance = 0;
    in >> name >> w >> h >> tolerance;
    const Image2D::Pointer expected = ReadBlock(in, w, h);
    const Kernel           kernel = kernels.at(name);
    for (unsigned int units : { 1u, 3u })
    {
      Image2D::Pointer output;
      ITK_TRY_EXPECT_NO_EXCEPTION(output = Resize(input.GetPointer(), w, h, kernel, units));
      const Image2D::SizeType size = { { w, h } };
      ITK_TEST_EXPECT_EQUAL(output->GetLargestPossibleRegion().GetSize(), size);
      int maxDiff = 0;
      for (unsigned int y = 0; y < h; ++y)
      {
        for (unsigned int x = 0; x < w; ++x)
        {
          const int d = std::abs(int(output->GetPixel({ { x, y } })) - int(expected->GetPixel({ { x, y } })));
          maxDiff = std::max(maxDiff, d);
          inexact += d != 0 ? 1 : 0;
          if (kernel == Kernel::MaxPool && output->GetPixel({ { x, y } }) % 257 != 0)
          {
            std::cerr << "max-pool value not a multiple of 257 at " << x << "," << y << std::endl;
            status = EXIT_FAILURE;
          }
        }
      }
      if (maxDiff > tolerance)
      {
        std::cerr << name << " " << w << "x" << h << " (" << units << " work units): max difference " << maxDiff
                  << " > " << tolerance << std::endl;
        status = EXIT_FAILURE;
      }
      ++compared;
    }
  }
  std::cout << compared << " resizes compared with the image crate emulation; " << inexact
            << " pixels off by the tolerated 1" << std::endl;
  if (compared < 100)
  {
    std::cerr << "too few baselines" << std::endl;
    status = EXIT_FAILURE;
  }
  return status;
}

int
TestSizeRules()
{
  int   status = EXIT_SUCCESS;
  float s = 0.0f;
  // The doc's example: 320 x 256 with -s 100,70 gives 88 x 70 and s = 70/256 (f32).
  const auto size = FilterType::ComputeSizeForTarget(320, 256, FilterType::Size2DType{ { 100, 70 } }, s);
  ITK_TEST_EXPECT_EQUAL(size[0], 88);
  ITK_TEST_EXPECT_EQUAL(size[1], 70);
  ITK_TEST_EXPECT_EQUAL(s, 70.0f / 256.0f);
  // --spacing 0.2,0.2 on 0.1 mm, 320 x 256: 160 x 128.
  const double in[2] = { 0.1, 0.1 };
  const double target[2] = { 0.2, 0.2 };
  const auto   bySpacing = FilterType::ComputeSizeForSpacing(320, 256, in, target);
  ITK_TEST_EXPECT_EQUAL(bySpacing[0], 160);
  ITK_TEST_EXPECT_EQUAL(bySpacing[1], 128);
  return status;
}

int
TestSlicesAndGeometry()
{
  // Every slice is resized alike: slice z of the 3D result equals the 2D resize of slice z.
  int  status = EXIT_SUCCESS;
  auto volume = Image3D::New();
  volume->SetRegions(Image3D::SizeType{ { 23, 17, 3 } });
  volume->Allocate();
  volume->SetSpacing(itk::MakeVector(0.5, 0.25, 2.0));
  for (unsigned int z = 0; z < 3; ++z)
  {
    for (unsigned int y = 0; y < 17; ++y)
    {
      for (unsigned int x = 0; x < 23; ++x)
      {
        volume->SetPixel({ { x, y, z } }, static_cast<unsigned short>((x * 977 + y * 131 + z * 7919) % 65536));
      }
    }
  }
  // Output heights 30 and 5: the horizontal pass takes rows in blocks of eight across slices;
  // 5 rows per slice alone never fill a block (each row summed alone), 15 rows of the volume do
  // (a block spanning slices 0 and 1): the two must agree exactly.
  for (const unsigned int outH : { 30u, 5u })
  {
    for (Kernel kernel :
         { Kernel::Triangle, Kernel::Lanczos3, Kernel::CatmullRom, Kernel::Gaussian, Kernel::MaxPool, Kernel::Nearest })
    {
      const Image3D::Pointer out3 = Resize(volume.GetPointer(), 10, outH, kernel, 2);
      ITK_TEST_EXPECT_EQUAL(out3->GetLargestPossibleRegion().GetSize()[2], 3);
      ITK_TEST_EXPECT_TRUE(std::abs(out3->GetSpacing()[0] - 0.5 * 23.0 / 10.0) < 1e-12);
      ITK_TEST_EXPECT_TRUE(std::abs(out3->GetSpacing()[1] - 0.25 * 17.0 / outH) < 1e-12);
      for (unsigned int z = 0; z < 3; ++z)
      {
        auto slice = Image2D::New();
        slice->SetRegions(Image2D::SizeType{ { 23, 17 } });
        slice->Allocate();
        for (unsigned int y = 0; y < 17; ++y)
        {
          for (unsigned int x = 0; x < 23; ++x)
          {
            slice->SetPixel({ { x, y } }, volume->GetPixel({ { x, y, z } }));
          }
        }
        const Image2D::Pointer out2 = Resize(slice.GetPointer(), 10, outH, kernel, 1);
        for (unsigned int y = 0; y < outH; ++y)
        {
          for (unsigned int x = 0; x < 10; ++x)
          {
            if (out2->GetPixel({ { x, y } }) != out3->GetPixel({ { x, y, z } }))
            {
              std::cerr << "slice " << z << " differs at " << x << "," << y << " (output height " << outH << ")"
                        << std::endl;
              return EXIT_FAILURE;
            }
          }
        }
      }
    }
  }
  // Same size: a copy.
  const Image3D::Pointer same = Resize(volume.GetPointer(), 23, 17, Kernel::Lanczos3);
  ITK_TEST_EXPECT_EQUAL(same->GetPixel({ { 4, 5, 1 } }), volume->GetPixel({ { 4, 5, 1 } }));
  // Same size with max-pool: no copy, the values still go through 8 bits (the peer's output on a
  // 256 x 256 CT file with -s 256,256 -f max-pool: every value (v + 128) / 257 * 257).
  const Image3D::Pointer samePool = Resize(volume.GetPointer(), 23, 17, Kernel::MaxPool);
  for (unsigned int z = 0; z < 3; ++z)
  {
    for (unsigned int y = 0; y < 17; ++y)
    {
      for (unsigned int x = 0; x < 23; ++x)
      {
        const unsigned int v = volume->GetPixel({ { x, y, z } });
        if (samePool->GetPixel({ { x, y, z } }) != (v + 128u) / 257u * 257u)
        {
          std::cerr << "same-size max-pool at " << x << "," << y << "," << z << ": "
                    << samePool->GetPixel({ { x, y, z } }) << " for " << v << std::endl;
          return EXIT_FAILURE;
        }
      }
    }
  }
  // Errors.
  auto filter = itk::ImageCrateResizeImageFilter<Image3D>::New();
  filter->SetInput(volume);
  filter->SetOutputSize(itk::ImageCrateResizeImageFilter<Image3D>::Size2DType{ { 0, 4 } });
  ITK_TRY_EXPECT_EXCEPTION(filter->Update());
  return status;
}
// The final conversion (clamp to the type, round half away from zero) of the image crate, as
// written first: a double clamp and std::round. The float arithmetic the filter uses for types of
// up to 16 bits must give the same value at every integer, half-integer and their neighbouring
// floats from -70000 to 70000, and at the infinities.
template <typename TPixel>
int
CheckRounding(const char * name)
{
  auto reference = [](float value) {
    const double v =
      std::min(std::max(static_cast<double>(value), static_cast<double>(itk::NumericTraits<TPixel>::min())),
               static_cast<double>(itk::NumericTraits<TPixel>::max()));
    return static_cast<TPixel>(std::round(v));
  };
  constexpr float inf = std::numeric_limits<float>::infinity();
  unsigned long   checked = 0;
  for (int n = -70000; n <= 70000; ++n)
  {
    const float base = static_cast<float>(n);
    const float half = base + 0.5f;
    for (const float v : { base,
                           std::nextafter(base, -inf),
                           std::nextafter(base, inf),
                           base + 0.25f,
                           half,
                           std::nextafter(half, -inf),
                           std::nextafter(half, inf),
                           base + 0.75f })
    {
      ++checked;
      if (itk::ImageCrateResizeDetail::ToPixel<TPixel>(v) != reference(v))
      {
        std::cerr << name << ": " << v << " rounds to " << double(itk::ImageCrateResizeDetail::ToPixel<TPixel>(v))
                  << ", expected " << double(reference(v)) << std::endl;
        return EXIT_FAILURE;
      }
      if constexpr (sizeof(TPixel) <= 2)
      {
        if (itk::ImageCrateResizeDetail::ToPixelNearInteger<TPixel>(v) != reference(v))
        {
          std::cerr << name << ": " << v << " rounds to "
                    << double(itk::ImageCrateResizeDetail::ToPixelNearInteger<TPixel>(v)) << " in integers, expected "
                    << double(reference(v)) << std::endl;
          return EXIT_FAILURE;
        }
      }
    }
  }
  for (const float v : { inf, -inf, 1e30f, -1e30f, 0.49999997f, -0.49999997f })
  {
    ++checked;
    if (itk::ImageCrateResizeDetail::ToPixel<TPixel>(v) != reference(v))
    {
      std::cerr << name << ": " << v << " rounds wrong" << std::endl;
      return EXIT_FAILURE;
    }
  }
  if constexpr (sizeof(TPixel) <= 2)
  {
    // The integer rounding's whole domain, (-2^30, 2^30): where floats are integers (|v| >= 2^24).
    for (const float v : { 16777216.0f,
                           -16777216.0f,
                           16777218.0f,
                           33554436.0f,
                           1073741760.0f,
                           -1073741760.0f,
                           8388607.5f,
                           -8388607.5f,
                           8388608.0f })
    {
      ++checked;
      if (itk::ImageCrateResizeDetail::ToPixelNearInteger<TPixel>(v) != reference(v))
      {
        std::cerr << name << ": " << v << " rounds wrong in integers" << std::endl;
        return EXIT_FAILURE;
      }
    }
  }
  std::cout << name << ": " << checked << " values rounded as std::round" << std::endl;
  return EXIT_SUCCESS;
}

int
TestRounding()
{
  return CheckRounding<unsigned char>("unsigned char") | CheckRounding<signed char>("signed char") |
         CheckRounding<unsigned short>("unsigned short") | CheckRounding<short>("short") | CheckRounding<int>("int") |
         CheckRounding<unsigned int>("unsigned int");
}

} // namespace

int
itkImageCrateResizeImageFilterTest(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " ImageCrateResize.txt" << std::endl;
    return EXIT_FAILURE;
  }
  auto filter = FilterType::New();
  ITK_EXERCISE_BASIC_OBJECT_METHODS(filter, ImageCrateResizeImageFilter, WholeImageToImageFilter);
  int status = TestOracle(argv[1]);
  status |= TestSizeRules();
  status |= TestSlicesAndGeometry();
  status |= TestRounding();
  return status;
}
