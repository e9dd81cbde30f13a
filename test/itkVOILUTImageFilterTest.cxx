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

#include "itkDicomVOIParameters.h"
#include "itkGDCMImageIO.h"
#include "itkImageFileReader.h"
#include "itkImageRegionConstIterator.h"
#include "itkSliceSelectionImageFilter.h"
#include "itkTestingMacros.h"
#include "itkVOILUTImageFilter.h"
#include "itksys/SystemTools.hxx"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

// VOILUTImageFilter and ReadDicomVOIParameters against the display values of
// test/make_voilut_cases.py (an emulation of dicom-pixeldata 0.9.0's build_monochrome_image,
// cross-checked with benchmark/peers/dicom_preprocessing_reference.py:voi_lut16, which matched the
// peer's output bit for bit). Argument: the cases.txt the script wrote. Every pixel must agree.
// And MaximumIntensityProjection: SliceSelectionImageFilter's projection of the checked mapping,
// on the multi-frame cases and on synthetic slices of different parameters.

namespace
{
using InputImage = itk::Image<double, 3>;

/** MaximumIntensityProjection on: the output equals SliceSelectionImageFilter's projection of the
 * filter's mapped volume (the pixels, the per-(x, y) maxima over the slices of the mapped values,
 * and the geometry). */
template <typename TPixel>
int
CheckProjection(const InputImage *                           input,
                const std::vector<itk::DicomVOIParameters> & parameters,
                bool                                         window,
                double                                       center,
                double                                       width,
                const std::string &                          what)
{
  using OutputImage = itk::Image<TPixel, 3>;
  using FilterType = itk::VOILUTImageFilter<InputImage, OutputImage>;
  auto mapped = FilterType::New();
  auto projected = FilterType::New();
  for (auto * f : { mapped.GetPointer(), projected.GetPointer() })
  {
    f->SetInput(input);
    f->SetSliceParameters(parameters);
    if (window)
    {
      f->SetWindow(center, width);
    }
  }
  projected->MaximumIntensityProjectionOn();
  auto expected = itk::SliceSelectionImageFilter<OutputImage>::New();
  expected->SetInput(mapped->GetOutput());
  expected->SetVolumeHandling(itk::DicomPreprocessingEnums::VolumeHandling::MaximumIntensityProjection);
  ITK_TRY_EXPECT_NO_EXCEPTION(expected->Update());
  ITK_TRY_EXPECT_NO_EXCEPTION(projected->Update());
  const OutputImage * a = projected->GetOutput();
  const OutputImage * b = expected->GetOutput();
  if (a->GetLargestPossibleRegion() != b->GetLargestPossibleRegion() || a->GetOrigin() != b->GetOrigin() ||
      a->GetSpacing() != b->GetSpacing() || a->GetDirection() != b->GetDirection())
  {
    std::cerr << what << ": projection geometry " << a->GetLargestPossibleRegion() << a->GetOrigin() << a->GetSpacing()
              << ", expected " << b->GetLargestPossibleRegion() << b->GetOrigin() << b->GetSpacing() << std::endl;
    return EXIT_FAILURE;
  }
  const size_t pixels = a->GetLargestPossibleRegion().GetNumberOfPixels();
  const size_t differ =
    pixels - static_cast<size_t>(std::inner_product(a->GetBufferPointer(),
                                                    a->GetBufferPointer() + pixels,
                                                    b->GetBufferPointer(),
                                                    size_t{ 0 },
                                                    std::plus<>(),
                                                    [](TPixel x, TPixel y) { return size_t{ x == y }; }));
  std::cout << what << ": projection " << (pixels - differ) << " of " << pixels << " pixels equal" << std::endl;
  return differ == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

template <typename TPixel>
int
RunCase(const InputImage *                           input,
        const std::vector<itk::DicomVOIParameters> & parameters,
        const std::string &                          expectedFile,
        bool                                         window,
        double                                       center,
        double                                       width,
        const std::string &                          what)
{
  using OutputImage = itk::Image<TPixel, 3>;
  using FilterType = itk::VOILUTImageFilter<InputImage, OutputImage>;
  auto filter = FilterType::New();
  filter->SetInput(input);
  filter->SetSliceParameters(parameters);
  if (window)
  {
    filter->SetWindow(center, width);
  }
  ITK_TRY_EXPECT_NO_EXCEPTION(filter->Update());
  std::ifstream           in(expectedFile, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const OutputImage *     output = filter->GetOutput();
  const size_t            pixels = output->GetLargestPossibleRegion().GetNumberOfPixels();
  if (bytes.size() != pixels * sizeof(TPixel))
  {
    std::cerr << what << ": " << bytes.size() << " expected bytes for " << pixels << " pixels" << std::endl;
    return EXIT_FAILURE;
  }
  size_t                                     equal = 0;
  size_t                                     k = 0;
  size_t                                     firstBad = pixels;
  itk::ImageRegionConstIterator<OutputImage> it(output, output->GetLargestPossibleRegion());
  for (; !it.IsAtEnd(); ++it, ++k)
  {
    TPixel expected;
    std::memcpy(&expected, bytes.data() + k * sizeof(TPixel), sizeof(TPixel)); // little-endian host
    if (it.Get() == expected)
    {
      ++equal;
    }
    else if (firstBad == pixels)
    {
      firstBad = k;
      std::cerr << what << ": pixel " << k << " is " << +it.Get() << ", expected " << +expected << std::endl;
    }
  }
  std::cout << what << ": " << equal << " of " << pixels << " pixels equal" << std::endl;
  if (equal != pixels)
  {
    return EXIT_FAILURE;
  }
  return input->GetLargestPossibleRegion().GetSize(2) > 1
           ? CheckProjection<TPixel>(input, parameters, window, center, width, what)
           : EXIT_SUCCESS;
}
} // namespace

int
itkVOILUTImageFilterTest(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " cases.txt" << std::endl;
    return EXIT_FAILURE;
  }
  {
    auto filter = itk::VOILUTImageFilter<InputImage, itk::Image<unsigned short, 3>>::New();
    ITK_EXERCISE_BASIC_OBJECT_METHODS(filter, VOILUTImageFilter, ImageToImageFilter);
  }
  std::ifstream cases(argv[1]);
  std::string   line;
  int           status = EXIT_SUCCESS;
  unsigned int  count = 0;
  while (std::getline(cases, line))
  {
    std::istringstream fields(line);
    std::string        dicom, expected, windowText;
    unsigned int       bytesPerPixel = 0;
    if (!(fields >> dicom >> expected >> bytesPerPixel))
    {
      continue;
    }
    if (itksys::SystemTools::FileIsDirectory(dicom))
    {
      continue; // a series: checked through the CLI (test/check_display_cli.py)
    }
    fields >> windowText;
    double     center = 0.0, width = 0.0;
    const bool window = !windowText.empty();
    if (window)
    {
      const size_t comma = windowText.find(',');
      center = std::stod(windowText.substr(0, comma));
      width = std::stod(windowText.substr(comma + 1));
    }
    auto reader = itk::ImageFileReader<InputImage>::New();
    reader->SetImageIO(itk::GDCMImageIO::New());
    reader->SetFileName(dicom);
    ITK_TRY_EXPECT_NO_EXCEPTION(reader->Update());
    std::vector<itk::DicomVOIParameters> parameters;
    ITK_TRY_EXPECT_NO_EXCEPTION(parameters = itk::ReadDicomVOIParameters(dicom));
    if (parameters.size() != reader->GetOutput()->GetLargestPossibleRegion().GetSize(2))
    {
      std::cerr << dicom << ": " << parameters.size() << " frame parameters for "
                << reader->GetOutput()->GetLargestPossibleRegion().GetSize(2) << " slices" << std::endl;
      status = EXIT_FAILURE;
      continue;
    }
    const std::string what = expected.substr(expected.find_last_of('/') + 1);
    const int         r = bytesPerPixel == 1
                            ? RunCase<unsigned char>(reader->GetOutput(), parameters, expected, window, center, width, what)
                            : RunCase<unsigned short>(reader->GetOutput(), parameters, expected, window, center, width, what);
    if (r != EXIT_SUCCESS)
    {
      status = EXIT_FAILURE;
    }
    ++count;
  }
  if (count < 10)
  {
    std::cerr << "only " << count << " cases in " << argv[1] << std::endl;
    return EXIT_FAILURE;
  }
  // The projection of slices of different values and parameters (the min-max fallback: each
  // slice its own window; a window; MONOCHROME1, whose mapping decreases), 3 slices of 4 x 3,
  // origin, spacing and direction not the defaults.
  {
    auto image = InputImage::New();
    image->SetRegions(
      InputImage::RegionType(InputImage::IndexType{ { 2, -1, 5 } }, InputImage::SizeType{ { 4, 3, 3 } }));
    image->Allocate();
    image->SetOrigin(itk::MakePoint(-10.0, 4.0, 2.5));
    image->SetSpacing(itk::MakeVector(0.5, 0.7, 1.25));
    InputImage::DirectionType direction;
    direction.SetIdentity();
    direction(0, 0) = -1.0;
    image->SetDirection(direction);
    double * values = image->GetBufferPointer();
    for (size_t i = 0; i < 36; ++i)
    {
      values[i] = static_cast<double>((i * 37 + (i / 12) * 500) % 1024);
    }
    std::vector<itk::DicomVOIParameters> parameters(3);
    for (auto & p : parameters)
    {
      p.BitsAllocated = 16;
      p.BitsStored = 12;
    }
    parameters[1].HasWindow = true;
    parameters[1].WindowCenter = 400;
    parameters[1].WindowWidth = 300;
    parameters[2].Monochrome1 = true;
    if (CheckProjection<unsigned short>(image, parameters, false, 0, 0, "synthetic 3 slices") != EXIT_SUCCESS ||
        CheckProjection<unsigned short>(image, parameters, true, 500, 200, "synthetic 3 slices, --window") !=
          EXIT_SUCCESS)
    {
      status = EXIT_FAILURE;
    }
  }
  // A parameter count that matches neither 1 nor the slices is refused.
  {
    auto image = InputImage::New();
    image->SetRegions(InputImage::SizeType{ { 2, 2, 3 } });
    image->Allocate(true);
    auto filter = itk::VOILUTImageFilter<InputImage, itk::Image<unsigned short, 3>>::New();
    filter->SetInput(image);
    filter->SetSliceParameters(std::vector<itk::DicomVOIParameters>(2));
    ITK_TRY_EXPECT_EXCEPTION(filter->Update());
  }
  return status;
}
