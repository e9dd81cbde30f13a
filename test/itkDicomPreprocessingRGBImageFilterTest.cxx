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

#include "itkDicomPreprocessingRGBImageFilter.h"
#include "itkPreprocessRGBReference.h"
#include "itkTestingMacros.h"

#include <iostream>
#include <string>
#include <vector>

// Tests of DicomPreprocessingRGBImageFilter against the independent reference of the tests
// (itkPreprocessRGBReference.h, the one the parallel-series tool's RGB outputs are checked
// against): pixels equal, the same output geometry and recorded parameters, for the option
// combinations of the tool's tests (crop, crop-max, sizes, kernels, paddings, slice selection),
// on volumes with a non-zero region start and a rotated geometry; exceptions.

namespace
{
using RGBImageType = ParallelSeriesPreprocessTest::RGBImageType;
using FilterType = itk::DicomPreprocessingRGBImageFilter<RGBImageType>;
using Settings = ParallelSeriesPreprocessTest::PreprocessSettings;

/** 37 x 29 x 5 volume, region start (3, -2, 1): zero background, a foreground rectangle of mixed
 * colours (some pixels with one channel only), a white block, and (frame) a border of 255. */
RGBImageType::Pointer
MakeVolume(bool frame)
{
  auto                     image = RGBImageType::New();
  RGBImageType::RegionType region;
  region.SetIndex({ { 3, -2, 1 } });
  region.SetSize({ { 37, 29, 5 } });
  image->SetRegions(region);
  const double spacing[3] = { 0.7, 0.9, 2.5 };
  const double origin[3] = { -12.0, 4.5, 30.0 };
  image->SetSpacing(spacing);
  image->SetOrigin(origin);
  RGBImageType::DirectionType direction;
  direction.SetIdentity();
  direction[0][0] = 0.0;
  direction[0][1] = 1.0;
  direction[1][0] = -1.0;
  direction[1][1] = 0.0;
  image->SetDirection(direction);
  image->Allocate();
  image->FillBuffer(itk::RGBPixel<unsigned char>(static_cast<unsigned char>(0)));
  itk::ImageRegionIterator<RGBImageType> it(image, region);
  for (; !it.IsAtEnd(); ++it)
  {
    const auto                   i = it.GetIndex();
    const long                   x = i[0] - 3, y = i[1] + 2, z = i[2] - 1;
    itk::RGBPixel<unsigned char> p(static_cast<unsigned char>(0));
    if (x >= 6 && x < 31 && y >= 5 && y < 22)
    {
      p[0] = static_cast<unsigned char>((7 * x + 3 * z) % 256);
      p[1] = static_cast<unsigned char>((x + y) % 3 == 0 ? 0 : (11 * y) % 200);
      p[2] = static_cast<unsigned char>((x * y + z) % 5 == 0 ? 0 : (x + 2 * y + 5 * z) % 256);
      if (x >= 12 && x < 18 && y >= 9 && y < 13)
      {
        p.Fill(255);
      }
    }
    if (frame && (x == 0 || y == 0 || x == 36 || y == 28))
    {
      p.Fill(255);
    }
    it.Set(p);
  }
  return image;
}

/** Runs the filter and the reference with \c args (the tool's options); 0 when they agree. */
int
Compare(const RGBImageType * input, const std::vector<std::string> & args)
{
  std::string label;
  for (const std::string & a : args)
  {
    label += (label.empty() ? "" : " ") + a;
  }
  Settings settings;
  for (size_t i = 0; i < args.size(); ++i)
  {
    if (!settings.Parse(args, i))
    {
      std::cerr << "bad option " << args[i] << std::endl;
      return 1;
    }
  }
  std::cout << "Options: " << label << std::endl;

  auto filter = FilterType::New();
  filter->SetInput(input);
  filter->SetVolumeHandling(settings.Volume);
  filter->SetCrop(settings.Crop);
  filter->SetCropMax(settings.CropMax);
  const bool resize = settings.TargetSize[0] > 0;
  filter->SetResize(resize);
  filter->SetPad(resize);
  if (resize)
  {
    filter->SetTargetSize(FilterType::TargetSizeType{ { settings.TargetSize[0], settings.TargetSize[1] } });
  }
  filter->SetKernel(settings.Kernel);
  filter->SetPadDirection(settings.Padding);
  filter->Update();
  const RGBImageType * output = filter->GetOutput();

  itk::DicomPreprocessingImageFilter<ParallelSeriesPreprocessTest::ChannelImageType>::Pointer keyFilter;
  const RGBImageType::Pointer                                                                 expected =
    ParallelSeriesPreprocessTest::PreprocessRGBReference(settings, input, keyFilter);

  int failures = 0;
  if (output->GetLargestPossibleRegion() != expected->GetLargestPossibleRegion() ||
      output->GetBufferedRegion() != output->GetLargestPossibleRegion())
  {
    std::cerr << label << ": region " << output->GetLargestPossibleRegion() << " expected "
              << expected->GetLargestPossibleRegion() << std::endl;
    return 1;
  }
  if (output->GetOrigin() != expected->GetOrigin() || output->GetSpacing() != expected->GetSpacing() ||
      output->GetDirection() != expected->GetDirection())
  {
    std::cerr << label << ": geometry differs: origin " << output->GetOrigin() << " expected " << expected->GetOrigin()
              << ", spacing " << output->GetSpacing() << " expected " << expected->GetSpacing() << std::endl;
    ++failures;
  }
  if (filter->GetCropOrigin() != keyFilter->GetCropOrigin() || filter->GetCropSize() != keyFilter->GetCropSize() ||
      filter->GetScale() != keyFilter->GetScale() || filter->GetResizedSize() != keyFilter->GetResizedSize() ||
      filter->GetPadding() != keyFilter->GetPadding())
  {
    std::cerr << label << ": recorded parameters differ: crop " << filter->GetCropOrigin() << " "
              << filter->GetCropSize() << " expected " << keyFilter->GetCropOrigin() << " " << keyFilter->GetCropSize()
              << ", padding " << filter->GetPadding() << " expected " << keyFilter->GetPadding() << std::endl;
    ++failures;
  }
  size_t                                      differing = 0;
  itk::ImageRegionConstIterator<RGBImageType> a(output, output->GetLargestPossibleRegion());
  itk::ImageRegionConstIterator<RGBImageType> b(expected, expected->GetLargestPossibleRegion());
  for (; !a.IsAtEnd(); ++a, ++b)
  {
    if (a.Get() != b.Get())
    {
      if (differing == 0)
      {
        std::cerr << label << ": first differing pixel " << a.GetIndex() << ": " << a.Get() << " expected " << b.Get()
                  << std::endl;
      }
      ++differing;
    }
  }
  if (differing > 0)
  {
    std::cerr << label << ": " << differing << " pixels differ" << std::endl;
    ++failures;
  }
  if (!output->GetMetaDataDictionary().GetKeys().empty())
  {
    std::cerr << label << ": the output's MetaDataDictionary is not empty" << std::endl;
    ++failures;
  }
  return failures;
}
} // namespace

int
itkDicomPreprocessingRGBImageFilterTest(int, char *[])
{
  auto filter = FilterType::New();
  ITK_EXERCISE_BASIC_OBJECT_METHODS(filter, DicomPreprocessingRGBImageFilter, WholeImageToImageFilter);
  // Defaults, as DicomPreprocessingImageFilter's.
  ITK_TEST_EXPECT_TRUE(filter->GetCrop() && !filter->GetCropMax() && filter->GetResize() && filter->GetPad());
  ITK_TEST_EXPECT_TRUE(filter->GetKeepAspectRatio());
  ITK_TEST_EXPECT_EQUAL(filter->GetTargetSize()[0], 1u);
  ITK_TEST_EXPECT_EQUAL(filter->GetVolumeHandling(), itk::DicomPreprocessingEnums::VolumeHandling::Keep);
  ITK_TEST_EXPECT_EQUAL(filter->GetKernel(), itk::DicomPreprocessingEnums::ResizeKernel::Triangle);
  ITK_TEST_EXPECT_EQUAL(filter->GetPadDirection(), itk::DicomPreprocessingEnums::PadDirection::Zero);

  // No input.
  ITK_TRY_EXPECT_EXCEPTION(filter->Update());

  const RGBImageType::Pointer plain = MakeVolume(false);
  const RGBImageType::Pointer framed = MakeVolume(true);

  // A zero target size while resizing: the resize stage throws.
  filter->SetInput(plain);
  filter->SetTargetSize(FilterType::TargetSizeType{ { 0, 16 } });
  ITK_TRY_EXPECT_EXCEPTION(filter->Update());

  // Known answer: crop only; the foreground is x 6..30, y 5..21 of the frame (25 x 17).
  filter = FilterType::New();
  filter->SetInput(plain);
  filter->SetResize(false);
  filter->SetPad(false);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  ITK_TEST_EXPECT_EQUAL(filter->GetCropOrigin()[0], 9);
  ITK_TEST_EXPECT_EQUAL(filter->GetCropOrigin()[1], 3);
  ITK_TEST_EXPECT_EQUAL(filter->GetCropSize()[0], 25u);
  ITK_TEST_EXPECT_EQUAL(filter->GetCropSize()[1], 17u);
  ITK_TEST_EXPECT_EQUAL(filter->GetOutput()->GetLargestPossibleRegion().GetSize()[2], 5u);
  ITK_TEST_EXPECT_EQUAL(filter->GetOutput()->GetLargestPossibleRegion().GetIndex()[0], 0);
  std::cout << filter << std::endl;

  // The option combinations of the tool's tests (test/CLITests.cmake) and a few more.
  const std::vector<std::vector<std::string>> combinations = {
    { "--crop" },
    { "--crop-max" },
    { "--volume", "central" },
    { "--volume", "mip" },
    { "--size", "64,64" },
    { "--crop", "--size", "40,64", "--padding", "bottom-right", "--filter", "catmull-rom" },
    { "--crop", "--size", "64,64", "--filter", "triangle" },
    { "--crop", "--size", "64,64", "--volume", "keep" },
    { "--crop-max", "--size", "64,48", "--padding", "center", "--volume", "central", "--filter", "lanczos3" },
    { "--crop", "--size", "48,64", "--volume", "mip", "--padding", "zero", "--filter", "nearest" },
    { "--crop", "--size", "64,64", "--volume", "mip", "--filter", "gaussian" },
    { "--crop", "--size", "64,64", "--padding", "top-left" },
    { "--crop", "--size", "16,12", "--padding", "center", "--filter", "lanczos3" },
    { "--size", "20,90", "--padding", "zero", "--filter", "catmull-rom" },
  };
  int failures = 0;
  for (const auto & args : combinations)
  {
    failures += Compare(plain, args);
    failures += Compare(framed, args);
  }

  // --crop keeps a frame of 255, --crop-max crops it away.
  for (const bool cropMax : { false, true })
  {
    auto f = FilterType::New();
    f->SetInput(framed);
    f->SetCropMax(cropMax);
    f->SetResize(false);
    f->SetPad(false);
    ITK_TRY_EXPECT_NO_EXCEPTION(f->Update());
    ITK_TEST_EXPECT_EQUAL(f->GetCropSize()[0], cropMax ? 25u : 37u);
    ITK_TEST_EXPECT_EQUAL(f->GetCropSize()[1], cropMax ? 17u : 29u);
  }

  // PeerZeroRule: the key is the image crate's luma. A dark blue pixel (0, 0, 13) has luma
  // 722 * 13 / 10000 = 0 (background for the peer), (0, 0, 14) has 1; (3, 0, 0) has 0.
  for (const bool peer : { false, true })
  {
    RGBImageType::Pointer        dark = MakeVolume(false);
    itk::RGBPixel<unsigned char> blue;
    blue[0] = 0;
    blue[1] = 0;
    blue[2] = 13;
    itk::RGBPixel<unsigned char> red;
    red[0] = 3;
    red[1] = 0;
    red[2] = 0;
    itk::RGBPixel<unsigned char> blue14 = blue;
    blue14[2] = 14;
    const auto start = dark->GetLargestPossibleRegion().GetIndex();
    dark->SetPixel({ { start[0] + 1, start[1] + 1, start[2] } }, blue);  // left of and above the box
    dark->SetPixel({ { start[0] + 36, start[1] + 27, start[2] } }, red); // right of and below it
    auto f = FilterType::New();
    f->SetInput(dark);
    f->SetResize(false);
    f->SetPad(false);
    f->SetPeerZeroRule(peer);
    ITK_TRY_EXPECT_NO_EXCEPTION(f->Update());
    // Without the rule both pixels are foreground: the box spans x 1..36, y 1..27 of the frame.
    ITK_TEST_EXPECT_EQUAL(f->GetCropSize()[0], peer ? 25u : 36u);
    ITK_TEST_EXPECT_EQUAL(f->GetCropSize()[1], peer ? 17u : 27u);
    dark->SetPixel({ { start[0] + 1, start[1] + 1, start[2] } }, blue14);
    dark->Modified();
    ITK_TRY_EXPECT_NO_EXCEPTION(f->Update());
    ITK_TEST_EXPECT_EQUAL(f->GetCropOrigin()[0], start[0] + 1);
    ITK_TEST_EXPECT_EQUAL(f->GetCropOrigin()[1], start[1] + 1);
  }

  if (failures > 0)
  {
    std::cerr << failures << " comparison(s) failed" << std::endl;
    return EXIT_FAILURE;
  }
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
