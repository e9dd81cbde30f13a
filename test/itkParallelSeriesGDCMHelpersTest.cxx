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

// Unit tests of the module's internal GDCM-facing helpers (src/itkParallelSeriesGDCMHelpers.h),
// of the exception-text helper (include/itkParallelSeriesExceptionText.h) and of the
// component-type dispatch (include/itkParallelSeriesComponentTypes.h): no DICOM files.

#include "itkParallelSeriesComponentTypes.h"
#include "itkParallelSeriesExceptionText.h"
#include "itkParallelSeriesGDCMHelpers.h"
#include "itkTestingMacros.h"
#include "itksys/SystemTools.hxx"

#include <cerrno>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace
{
template <typename TThrow>
std::string
TextOf(TThrow && doThrow)
{
  try
  {
    doThrow();
  }
  catch (...)
  {
    return itk::ParallelSeriesGDCM::CurrentExceptionText("file");
  }
  return "nothing thrown";
}
} // namespace

int
itkParallelSeriesGDCMHelpersTest(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "Usage: " << itkNameOfTestExecutableMacro(argv) << " outputDir" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string outputDir = argv[1];
  itksys::SystemTools::MakeDirectory(outputDir);
  namespace helpers = itk::ParallelSeriesGDCM;

  // 1. Exception text: ExceptionObject, std::exception, GDCM's std::string (trailing newlines
  // dropped), anything else.
  ITK_TEST_EXPECT_EQUAL(TextOf([] { throw std::runtime_error("runtime"); }), std::string("runtime"));
  ITK_TEST_EXPECT_EQUAL(TextOf([] { throw itk::ExceptionObject(__FILE__, __LINE__, "described", "here"); }),
                        std::string("described"));
  ITK_TEST_EXPECT_EQUAL(TextOf([] { throw std::string("bad BitsAllocated\n\n"); }),
                        std::string("GDCM rejected the file: bad BitsAllocated"));
  ITK_TEST_EXPECT_EQUAL(TextOf([] { throw 42; }), std::string("GDCM failed on the file (unknown exception)"));

  // 2. Component type after rescaling (GDCMImageIO): the stored type without rescaling; 12-bit
  // unsigned [0, 4095] with intercept -1024 holds [-1024, 3071]: signed 16-bit; single-bit
  // pixels are never rescaled (UCHAR).
  const gdcm::PixelFormat u16(1, 16, 12, 11, 0);
  ITK_TEST_EXPECT_EQUAL(helpers::RescaledComponentType(u16, 0.0, 1.0), itk::IOComponentEnum::USHORT);
  ITK_TEST_EXPECT_EQUAL(helpers::RescaledComponentType(u16, -1024.0, 1.0), itk::IOComponentEnum::SHORT);
  const gdcm::PixelFormat bit(gdcm::PixelFormat::SINGLEBIT);
  ITK_TEST_EXPECT_EQUAL(helpers::RescaledComponentType(bit, 0.0, 1.0), itk::IOComponentEnum::UCHAR);
  ITK_TEST_EXPECT_EQUAL(helpers::RescaledComponentType(bit, 5.0, 2.0), itk::IOComponentEnum::UCHAR);
  // Other values: what gdcm::Rescaler chooses.
  gdcm::Rescaler rescaler;
  rescaler.SetIntercept(0.5);
  rescaler.SetSlope(0.25);
  rescaler.SetPixelFormat(u16);
  ITK_TEST_EXPECT_EQUAL(helpers::RescaledComponentType(u16, 0.5, 0.25),
                        helpers::ToIOComponent(rescaler.ComputeInterceptSlopePixelType()));

#ifndef _WIN32
  // 3. ReadFileBytes(): the first min(capacity, size) bytes; the size; failures by call.
  const std::string file = outputDir + "/hundred.bin";
  {
    std::ofstream out(file, std::ios::binary);
    for (int i = 0; i < 100; ++i)
    {
      out.put(static_cast<char>(i));
    }
  }
  std::vector<char>  buffer(1000, 'x');
  unsigned long long seen = 0;
  auto               bufferOf = [&buffer, &seen](size_t capacity) {
    return [&buffer, &seen, capacity](unsigned long long fileBytes) {
      seen = fileBytes;
      return std::make_pair(buffer.data(), capacity);
    };
  };
  helpers::FileReadResult r = helpers::ReadFileBytes(file, bufferOf(16));
  ITK_TEST_EXPECT_TRUE(r.Failure == helpers::FileReadResult::FailureEnum::None);
  ITK_TEST_EXPECT_EQUAL(r.FileBytes, 100u);
  ITK_TEST_EXPECT_EQUAL(seen, 100u);
  ITK_TEST_EXPECT_EQUAL(r.BytesRead, 16u);
  ITK_TEST_EXPECT_TRUE(buffer[15] == 15 && buffer[16] == 'x');
  r = helpers::ReadFileBytes(file, bufferOf(buffer.size()));
  ITK_TEST_EXPECT_EQUAL(r.BytesRead, 100u);
  ITK_TEST_EXPECT_TRUE(buffer[99] == 99 && buffer[100] == 'x');
  r = helpers::ReadFileBytes(file, bufferOf(0)); // nothing asked: nothing read
  ITK_TEST_EXPECT_TRUE(r.Failure == helpers::FileReadResult::FailureEnum::None);
  ITK_TEST_EXPECT_EQUAL(r.BytesRead, 0u);

  const std::string empty = outputDir + "/empty.bin";
  std::ofstream(empty).close();
  r = helpers::ReadFileBytes(empty, bufferOf(16));
  ITK_TEST_EXPECT_TRUE(r.Failure == helpers::FileReadResult::FailureEnum::None);
  ITK_TEST_EXPECT_EQUAL(r.FileBytes, 0u);
  ITK_TEST_EXPECT_EQUAL(r.BytesRead, 0u);

  r = helpers::ReadFileBytes(outputDir + "/does-not-exist", bufferOf(16));
  ITK_TEST_EXPECT_TRUE(r.Failure == helpers::FileReadResult::FailureEnum::Open);
  ITK_TEST_EXPECT_EQUAL(r.ErrorNumber, ENOENT);

  // A directory opens and has a size, but cannot be read.
  r = helpers::ReadFileBytes(outputDir, bufferOf(16));
  std::cout << "directory: failure " << static_cast<int>(r.Failure) << ", errno " << r.ErrorNumber << ", "
            << r.FileBytes << " bytes" << std::endl;
  ITK_TEST_EXPECT_TRUE(r.Failure == helpers::FileReadResult::FailureEnum::Read || r.FileBytes == 0);
  ITK_TEST_EXPECT_EQUAL(r.BytesRead, 0u);
#endif

  // The component-type dispatch: every GDCM scalar type to its C++ type, RGB, and the rest refused.
  {
    namespace types = itk::ParallelSeriesComponentTypes;
    std::string visited;
    auto        record = [&visited](auto tag) {
      using T = typename decltype(tag)::Type;
      visited += std::to_string(sizeof(T)) + (std::is_signed<T>::value ? "s" : "u") +
                 (std::is_floating_point<T>::value ? "f" : "") + " ";
    };
    using E = itk::IOComponentEnum;
    for (const E e : { E::UCHAR, E::CHAR, E::USHORT, E::SHORT, E::UINT, E::INT, E::FLOAT, E::DOUBLE })
    {
      ITK_TEST_EXPECT_TRUE(types::VisitComponentType(e, record));
    }
    std::cout << "visited: " << visited << std::endl;
    const std::string charSign = std::is_signed<char>::value ? "s" : "u";
    ITK_TEST_EXPECT_EQUAL(visited, "1u 1" + charSign + " 2u 2s 4u 4s 4sf 8sf ");
    ITK_TEST_EXPECT_TRUE(!types::VisitComponentType(E::UNKNOWNCOMPONENTTYPE, record));
    ITK_TEST_EXPECT_TRUE(!types::VisitComponentType(E::LONGLONG, record));

    bool rgb = false;
    ITK_TEST_EXPECT_TRUE(types::VisitNativePixelType(E::UCHAR, 3, [&rgb](auto tag) {
      rgb = std::is_same<typename decltype(tag)::Type, itk::RGBPixel<unsigned char>>::value;
    }));
    ITK_TEST_EXPECT_TRUE(rgb);
    bool shortScalar = false;
    ITK_TEST_EXPECT_TRUE(types::VisitNativePixelType(
      E::SHORT, 1, [&shortScalar](auto tag) { shortScalar = std::is_same<typename decltype(tag)::Type, short>::value; }));
    ITK_TEST_EXPECT_TRUE(shortScalar);
    ITK_TEST_EXPECT_TRUE(!types::VisitNativePixelType(E::USHORT, 3, record)); // RGB of 16 bits: not native here
    ITK_TEST_EXPECT_TRUE(!types::VisitNativePixelType(E::UCHAR, 4, record));

    ITK_TEST_EXPECT_EQUAL(types::ComponentSize(E::UCHAR), 1u);
    ITK_TEST_EXPECT_EQUAL(types::ComponentSize(E::SHORT), 2u);
    ITK_TEST_EXPECT_EQUAL(types::ComponentSize(E::FLOAT), 4u);
    ITK_TEST_EXPECT_EQUAL(types::ComponentSize(E::DOUBLE), 8u);
    ITK_TEST_EXPECT_EQUAL(types::ComponentSize(E::UNKNOWNCOMPONENTTYPE), 0u);

    ITK_TEST_EXPECT_EQUAL(types::PixelTypeName(E::SHORT, 1), std::string("short"));
    ITK_TEST_EXPECT_EQUAL(types::PixelTypeName(E::UCHAR, 3), std::string("unsigned_char[3]"));
    ITK_TEST_EXPECT_EQUAL(types::PixelTypeName(E::USHORT, 1), std::string("unsigned_short"));
  }

  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
