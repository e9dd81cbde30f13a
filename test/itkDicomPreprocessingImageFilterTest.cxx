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

#include "itkDicomPreprocessingImageFilter.h"
#include "itkPlatformMultiThreader.h"
#include "itkMetaDataObject.h"

#include <vector>
#include "itkPreprocessTestUtilities.h"
#include "itkTestingMacros.h"

// Tests of DicomPreprocessingImageFilter: known answer and metadata, equality with the stages run by
// hand, index-mapping round trip and world-coordinate consistency, work units.

namespace
{
using Image2D = itk::Image<unsigned char, 2>;
using Image3D = itk::Image<short, 3>;
using Handling = itk::DicomPreprocessingEnums::VolumeHandling;
using Kernel = itk::DicomPreprocessingEnums::ResizeKernel;
using Dir = itk::DicomPreprocessingEnums::PadDirection;

std::string
Meta(const itk::MetaDataDictionary & dictionary, const char * key)
{
  std::string value;
  if (!itk::ExposeMetaData<std::string>(dictionary, key, value))
  {
    std::cerr << "Missing metadata key " << key << " of type std::string" << std::endl;
  }
  return value;
}

/** A recorded parameter: typed, std::vector<double>. */
std::vector<double>
Numbers(const itk::MetaDataDictionary & dictionary, const char * key)
{
  std::vector<double> value;
  if (!itk::ExposeMetaData<std::vector<double>>(dictionary, key, value))
  {
    std::cerr << "Missing metadata key " << key << " of type std::vector<double>" << std::endl;
  }
  return value;
}

int
TestKnownAnswer2D()
{
  // 20 x 10 image; foreground in x 4..13, y 2..6 (10 x 5). Target 8 x 8: crop 10 x 5,
  // s = min(0.8, 1.6) = 0.8, resized 8 x 4, Center padding top 2, bottom 2.
  auto input = Image2D::New();
  input->SetRegions(Image2D::SizeType{ { 20, 10 } });
  input->Allocate(true);
  for (long y = 2; y <= 6; ++y)
  {
    for (long x = 4; x <= 13; ++x)
    {
      input->SetPixel({ { x, y } }, static_cast<unsigned char>(10 + 7 * x + 3 * y));
    }
  }
  itk::EncapsulateMetaData<std::string>(input->GetMetaDataDictionary(), "0008|0060", "MG");

  using FilterType = itk::DicomPreprocessingImageFilter<Image2D>;
  auto filter = FilterType::New();
  ITK_EXERCISE_BASIC_OBJECT_METHODS(filter, DicomPreprocessingImageFilter, WholeImageToImageFilter);
  filter->SetInput(input);
  filter->SetTargetSize(FilterType::TargetSizeType{ { 8, 8 } });
  filter->SetPadDirection(Dir::Center);
  filter->SetKernel(Kernel::CatmullRom);
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  const Image2D *         output = filter->GetOutput();
  const Image2D::SizeType expectedSize = { { 8, 8 } };
  ITK_TEST_EXPECT_EQUAL(output->GetLargestPossibleRegion().GetSize(), expectedSize);

  const itk::MetaDataDictionary & dictionary = output->GetMetaDataDictionary();
  ITK_TEST_EXPECT_TRUE(Numbers(dictionary, FilterType::CropOriginKey) == (std::vector<double>{ 4, 2 }));
  ITK_TEST_EXPECT_TRUE(Numbers(dictionary, FilterType::CropSizeKey) == (std::vector<double>{ 10, 5 }));
  ITK_TEST_EXPECT_TRUE(Numbers(dictionary, FilterType::ScaleKey) == (std::vector<double>{ 0.8, 0.8 }));
  ITK_TEST_EXPECT_TRUE(Numbers(dictionary, FilterType::ResizedSizeKey) == (std::vector<double>{ 8, 4 }));
  ITK_TEST_EXPECT_TRUE(Numbers(dictionary, FilterType::PaddingKey) == (std::vector<double>{ 0, 2, 0, 2 }));
  ITK_TEST_EXPECT_EQUAL(Meta(dictionary, FilterType::VolumeHandlingKey), std::string("keep"));
  ITK_TEST_EXPECT_TRUE(Numbers(dictionary, FilterType::SourceSlicesKey) == (std::vector<double>{ 0, 1 }));
  ITK_TEST_EXPECT_EQUAL(Meta(dictionary, "0008|0060"), std::string("MG")); // input keys are kept
  ITK_TEST_EXPECT_EQUAL(filter->GetPadding()[1], 2u);

  // Same pixels and geometry as the stages run by hand.
  auto crop = itk::CropToForegroundImageFilter<Image2D>::New();
  crop->SetInput(input);
  auto resize = itk::PillowResizeImageFilter<Image2D>::New();
  resize->SetInput(crop->GetOutput());
  resize->SetTargetSize({ { 8, 8 } });
  resize->SetKernel(Kernel::CatmullRom);
  auto pad = itk::PadToSizeImageFilter<Image2D>::New();
  pad->SetInput(resize->GetOutput());
  pad->SetTargetSize({ { 8, 8 } });
  pad->SetPadDirection(Dir::Center);
  ITK_TRY_EXPECT_NO_EXCEPTION(pad->Update());
  ITK_TEST_EXPECT_TRUE(PreprocessTest::SameImage(output, pad->GetOutput(), "composite vs stages"));

  // Known mapping: output (0, 2) is the first resized pixel: input (4 + 0.5 / 0.8 - 0.5, 2 + 0.125).
  itk::ContinuousIndex<double, 2> o;
  o[0] = 0;
  o[1] = 2;
  const auto i = filter->MapOutputIndexToInputIndex(o);
  ITK_TEST_EXPECT_TRUE(std::abs(i[0] - 4.125) < 1e-12 && std::abs(i[1] - 2.125) < 1e-12);

  // Everything off: the input, with region start 0.
  filter->CropOff();
  filter->ResizeOff();
  filter->PadOff();
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  ITK_TEST_EXPECT_TRUE(PreprocessTest::SameImage(filter->GetOutput(), input.GetPointer(), "all off"));
  ITK_TEST_EXPECT_TRUE(Numbers(filter->GetOutput()->GetMetaDataDictionary(), FilterType::PaddingKey) ==
                       (std::vector<double>{ 0, 0, 0, 0 }));
  return EXIT_SUCCESS;
}

Image3D::Pointer
MakeVolume()
{
  auto               volume = Image3D::New();
  Image3D::IndexType start = { { -5, 8, 2 } };
  volume->SetRegions(Image3D::RegionType(start, Image3D::SizeType{ { 41, 27, 5 } }));
  volume->Allocate(true);
  // Foreground in a different place per slice.
  for (long z = 0; z < 5; ++z)
  {
    for (long y = 3 + z; y < 15 + 2 * z; ++y)
    {
      for (long x = 6 + 2 * z; x < 30 - z; ++x)
      {
        volume->SetPixel({ { start[0] + x, start[1] + y, start[2] + z } },
                         static_cast<short>(1 + ((x * 13 + y * 7 + z * 29) % 300)));
      }
    }
  }
  Image3D::SpacingType spacing;
  spacing[0] = 0.3;
  spacing[1] = 0.45;
  spacing[2] = 1.25;
  volume->SetSpacing(spacing);
  Image3D::PointType origin;
  origin[0] = -40;
  origin[1] = 22;
  origin[2] = 5;
  volume->SetOrigin(origin);
  volume->SetDirection(PreprocessTest::RotatedDirection<Image3D>(-35.0));
  return volume;
}

int
TestMappingAndWorkUnits3D()
{
  const Image3D::Pointer volume = MakeVolume();
  int                    status = EXIT_SUCCESS;
  for (Handling handling : { Handling::Keep, Handling::Central, Handling::MaximumIntensityProjection })
  {
    for (Dir direction : { Dir::TopLeft, Dir::BottomRight, Dir::Center, Dir::Zero })
    {
      std::vector<Image3D::Pointer> outputs;
      for (unsigned int units : { 1u, 2u, 7u, 5u })
      {
        auto filter = itk::DicomPreprocessingImageFilter<Image3D>::New();
        if (units == 5)
        {
          // A caller's multithreader, passed on to every stage.
          auto platform = itk::PlatformMultiThreader::New();
          platform->SetMaximumNumberOfThreads(3);
          filter->SetMultiThreader(platform);
        }
        filter->SetInput(volume);
        filter->SetVolumeHandling(handling);
        filter->SetTargetSize({ { 16, 16 } });
        filter->SetKernel(Kernel::Lanczos3);
        filter->SetPadDirection(direction);
        filter->SetNumberOfWorkUnits(units);
        ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
        const Image3D * output = filter->GetOutput();
        outputs.push_back(filter->GetOutput());
        if (units != 1)
        {
          continue;
        }
        const Image3D::SizeType size = output->GetLargestPossibleRegion().GetSize();
        ITK_TEST_EXPECT_TRUE(size[0] == 16 && size[1] == 16);
        ITK_TEST_EXPECT_EQUAL(size[2], handling == Handling::Keep ? 5u : 1u);
        // Round trip and world coordinates at a few output continuous indices.
        for (double ox : { -0.5, 0.0, 3.25, 15.5 })
        {
          for (double oy : { -0.5, 7.0, 11.75, 15.5 })
          {
            for (double oz : { 0.0, 0.5 })
            {
              itk::ContinuousIndex<double, 3> o;
              o[0] = ox;
              o[1] = oy;
              o[2] = oz;
              const auto         i = filter->MapOutputIndexToInputIndex(o);
              const auto         back = filter->MapInputIndexToOutputIndex(i);
              Image3D::PointType pOut;
              Image3D::PointType pIn;
              output->TransformContinuousIndexToPhysicalPoint(o, pOut);
              volume->TransformContinuousIndexToPhysicalPoint(i, pIn);
              for (unsigned int d = 0; d < 3; ++d)
              {
                if (std::abs(back[d] - o[d]) > 1e-9)
                {
                  std::cerr << "Round trip failed: " << o << " -> " << i << " -> " << back << std::endl;
                  status = EXIT_FAILURE;
                }
              }
              if (!PreprocessTest::SamePoint(pOut, pIn, 1e-9))
              {
                std::cerr << "World coordinates differ (" << handling << ", " << direction << "): " << o << " at "
                          << pOut << ", " << i << " at " << pIn << std::endl;
                status = EXIT_FAILURE;
              }
            }
          }
        }
      }
      if (!PreprocessTest::SameImage(outputs[0].GetPointer(), outputs[1].GetPointer(), "1 vs 2 work units") ||
          !PreprocessTest::SameImage(outputs[0].GetPointer(), outputs[2].GetPointer(), "1 vs 7 work units") ||
          !PreprocessTest::SameImage(
            outputs[0].GetPointer(), outputs[3].GetPointer(), "1 work unit vs a caller's platform multithreader"))
      {
        status = EXIT_FAILURE;
      }
    }
  }
  return status;
}

int
TestPeerSettings()
{
  // dicom-preprocessing's settings on the composite: the doc's "-s 100,70 --no-padding" on
  // 320 x 256 (88 x 70, DefaultScale (70/256, 70/256) in f32), "--spacing 0.2,0.2" on 0.1 mm
  // (160 x 128, DefaultScale (0.5, 0.5), no padding), no spacing known (no resize), and which
  // steps ran; the pixels equal ImageCrateResizeImageFilter run by hand.
  using Image16 = itk::Image<unsigned short, 2>;
  using Filter16 = itk::DicomPreprocessingImageFilter<Image16>;
  int  status = EXIT_SUCCESS;
  auto image = Image16::New();
  image->SetRegions(Image16::SizeType{ { 320, 256 } });
  image->Allocate();
  for (unsigned int y = 0; y < 256; ++y)
  {
    for (unsigned int x = 0; x < 320; ++x)
    {
      image->SetPixel({ { x, y } }, static_cast<unsigned short>(1000 + (x * 37 + y * 101) % 60000));
    }
  }
  auto make = [&](Kernel kernel) {
    auto f = Filter16::New();
    f->SetInput(image);
    f->SetCrop(false);
    f->SetResizeConvention(itk::DicomPreprocessingEnums::ResizeConvention::ImageCrate);
    f->SetKernel(kernel);
    f->SetTargetSize(Filter16::TargetSizeType{ { 100, 70 } });
    return f;
  };
  for (Kernel kernel : { Kernel::Triangle, Kernel::MaxPool, Kernel::Nearest })
  {
    auto f = make(kernel);
    f->SetPad(false);
    ITK_TRY_EXPECT_NO_EXCEPTION(f->Update());
    const Image16::SizeType expectedSize = { { 88, 70 } };
    ITK_TEST_EXPECT_EQUAL(f->GetOutput()->GetLargestPossibleRegion().GetSize(), expectedSize);
    ITK_TEST_EXPECT_EQUAL(f->GetDefaultScale()[0], static_cast<double>(70.0f / 256.0f));
    ITK_TEST_EXPECT_EQUAL(f->GetDefaultScale()[1], static_cast<double>(70.0f / 256.0f));
    ITK_TEST_EXPECT_TRUE(std::abs(f->GetScale()[0] - 88.0 / 320.0) < 1e-12);
    ITK_TEST_EXPECT_TRUE(!f->GetCropped() && f->GetResized() && !f->GetPadded());
    auto byHand = itk::ImageCrateResizeImageFilter<Image16>::New();
    byHand->SetInput(image);
    byHand->SetOutputSize(itk::ImageCrateResizeImageFilter<Image16>::Size2DType{ { 88, 70 } });
    byHand->SetKernel(kernel);
    byHand->Update();
    ITK_TEST_EXPECT_TRUE(PreprocessTest::SameImage(f->GetOutput(), byHand->GetOutput(), "composite vs by hand"));
  }
  {
    auto f = make(Kernel::Triangle);
    f->SetPad(true);
    ITK_TRY_EXPECT_NO_EXCEPTION(f->Update());
    const Image16::SizeType expectedSize = { { 100, 70 } };
    ITK_TEST_EXPECT_EQUAL(f->GetOutput()->GetLargestPossibleRegion().GetSize(), expectedSize);
    ITK_TEST_EXPECT_TRUE(f->GetPadded());
    ITK_TEST_EXPECT_EQUAL(f->GetPadding()[0] + f->GetPadding()[2], 12);
  }
  {
    auto f = make(Kernel::Triangle);
    f->SetPad(true); // --spacing never pads
    Filter16::SpacingType target;
    target.Fill(0.2);
    Filter16::SpacingType source;
    source.Fill(0.1);
    f->SetTargetSpacing(target);
    f->SetSourceSpacing(source);
    ITK_TRY_EXPECT_NO_EXCEPTION(f->Update());
    const Image16::SizeType expectedSize = { { 160, 128 } };
    ITK_TEST_EXPECT_EQUAL(f->GetOutput()->GetLargestPossibleRegion().GetSize(), expectedSize);
    ITK_TEST_EXPECT_EQUAL(f->GetDefaultScale()[0], 0.5);
    ITK_TEST_EXPECT_EQUAL(f->GetDefaultScale()[1], 0.5);
    ITK_TEST_EXPECT_TRUE(f->GetResized() && !f->GetPadded());
    // No spacing known: no resize.
    source.Fill(0.0);
    f->SetSourceSpacing(source);
    ITK_TRY_EXPECT_NO_EXCEPTION(f->Update());
    const Image16::SizeType inputSize = { { 320, 256 } };
    ITK_TEST_EXPECT_EQUAL(f->GetOutput()->GetLargestPossibleRegion().GetSize(), inputSize);
    ITK_TEST_EXPECT_TRUE(!f->GetResized() && !f->GetPadded());
  }
  {
    // Components crop through the composite: the burned-in label is dropped.
    auto labelled = Image16::New();
    labelled->SetRegions(Image16::SizeType{ { 300, 260 } });
    labelled->Allocate(true);
    for (unsigned int y = 30; y < 230; ++y)
    {
      for (unsigned int x = 20; x < 160; ++x)
      {
        labelled->SetPixel({ { x, y } }, 5000);
      }
    }
    for (unsigned int y = 200; y < 220; ++y)
    {
      for (unsigned int x = 250; x < 270; ++x)
      {
        labelled->SetPixel({ { x, y } }, 65535);
      }
    }
    auto f = Filter16::New();
    f->SetInput(labelled);
    f->SetCrop(true);
    f->SetCropComponents(true);
    f->SetResize(false);
    f->SetPad(false);
    ITK_TRY_EXPECT_NO_EXCEPTION(f->Update());
    ITK_TEST_EXPECT_EQUAL(f->GetCropOrigin()[0], 20);
    ITK_TEST_EXPECT_EQUAL(f->GetCropSize()[0], 140);
    ITK_TEST_EXPECT_EQUAL(f->GetCropSize()[1], 200);
    ITK_TEST_EXPECT_TRUE(f->GetCropped() && !f->GetResized() && !f->GetPadded());
    f->SetCropComponents(false);
    ITK_TRY_EXPECT_NO_EXCEPTION(f->Update());
    ITK_TEST_EXPECT_EQUAL(f->GetCropSize()[0], 250);
  }
  return status;
}

} // namespace

int
itkDicomPreprocessingImageFilterTest(int, char *[])
{
  int status = EXIT_SUCCESS;
  status |= TestKnownAnswer2D();
  status |= TestMappingAndWorkUnits3D();
  status |= TestPeerSettings();
  std::cout << (status == EXIT_SUCCESS ? "Test finished." : "Test FAILED.") << std::endl;
  return status;
}
