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

// Regression tests for what the fuzz target (fuzz/, scripts/fuzz.sh) found, as generated cases,
// run through the fuzz target's own case (fuzz/ParallelSeriesFuzzCase.h: scan, every accessor
// with its invariants, read) and with explicit expectations. Further arguments are fuzz inputs
// (files in the fuzz input format, e.g. artifacts of scripts/fuzz.sh) that are replayed too.
//
//   itkParallelSeriesFuzzRegressionTest OUTPUT_DIR [FUZZ_INPUT...]

#include "itkParallelSeriesTestUtilities.h"
#include "../fuzz/ParallelSeriesFuzzCase.h"

#include <fstream>
#include <iostream>
#include <iterator>

namespace
{
std::string
ReadBytes(const std::string & fileName)
{
  std::ifstream in(fileName, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/** Sets the US value of element (0028,eeee) of a little-endian file written by GDCMImageIO. */
bool
PatchImagePixelUS(std::string & bytes, unsigned char element, unsigned char value)
{
  const std::string tag{ '\x28', '\x00', static_cast<char>(element), '\x01' };
  for (const std::string & header : { tag + std::string("US\x02\x00", 4),         // explicit VR
                                      tag + std::string("\x02\x00\x00\x00", 4) }) // implicit VR
  {
    const size_t at = bytes.find(header);
    if (at != std::string::npos)
    {
      bytes[at + 8] = static_cast<char>(value);
      bytes[at + 9] = 0;
      return true;
    }
  }
  return false;
}

#define FuzzRegressionCheck(condition)                                                                                 \
  if (!(condition))                                                                                                    \
  {                                                                                                                    \
    std::cerr << "FAILED at line " << __LINE__ << ": " #condition << std::endl;                                        \
    return EXIT_FAILURE;                                                                                               \
  }
} // namespace

int
itkParallelSeriesFuzzRegressionTest(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "usage: " << argv[0] << " OUTPUT_DIR [FUZZ_INPUT...]" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string dir = argv[1];
  itksys::SystemTools::RemoveADirectory(dir);
  itksys::SystemTools::MakeDirectory(dir);

  // A 3-slice series, plus a copy of its first slice with BitsAllocated (0028,0100) = 0.
  ParallelSeriesTest::GeneratedSeries s;
  s.SeriesInstanceUID = ParallelSeriesTest::MakeUID(4242);
  s.Columns = 8;
  s.Rows = 6;
  s.Slices = 3;
  std::vector<std::string> contents;
  for (unsigned int z = 0; z < s.Slices; ++z)
  {
    const std::string file = dir + "/slice" + std::to_string(z) + ".dcm";
    ParallelSeriesTest::WriteSlice<short>(s, 0, 0, z, z + 1, file);
    contents.push_back(ReadBytes(file));
  }

  // 1. GDCM's gdcmAssertAlwaysMacro throws a std::string (not a std::exception) from
  //    PixelFormat::GetScalarType() when BitsStored > BitsAllocated (here 16 > 0; the fuzzer's
  //    file had no BitsAllocated at all, with the same effect). It left the scan's
  //    work unit and the process terminated ("terminate called after throwing an instance of
  //    std::string"). Now the file is skipped, with the reason, and the rest is scanned and read.
  std::string bad = contents.front();
  FuzzRegressionCheck(PatchImagePixelUS(bad, 0x00, 0));
  const std::string badFile = dir + "/bad-bits-allocated.dcm";
  std::ofstream(badFile, std::ios::binary) << bad;
  {
    auto scanner = itk::ParallelGDCMSeriesFileNames::New();
    scanner->SetInputDirectory(dir);
    scanner->Update();
    FuzzRegressionCheck(scanner->GetNumberOfSkippedFiles() == 1);
    FuzzRegressionCheck(scanner->GetSkippedFile(0).GetFileName() == badFile);
    std::cout << "skipped: " << scanner->GetSkippedFile(0).GetReason() << std::endl;
    FuzzRegressionCheck(scanner->GetSkippedFile(0).GetReason().find("GDCM") != std::string::npos);
    FuzzRegressionCheck(scanner->GetSeriesUIDs().size() == 1);
    FuzzRegressionCheck(scanner->GetFileNames("").size() == 3);

    using ImageType = itk::Image<short, 3>;
    auto reader = itk::ParallelSeriesReader<ImageType>::New();
    reader->SetFileNamesSource(scanner);
    reader->Update();
    FuzzRegressionCheck(reader->GetNumberOfVolumes() == 1 && reader->GetNumberOfFailedVolumes() == 0);
    FuzzRegressionCheck(reader->GetOutput(0)->GetLargestPossibleRegion().GetSize()[2] == 3);
  }
  // The same as a fuzz input, with every option combination the fuzz target knows.
  auto withBad = contents;
  withBad.push_back(bad);
  for (unsigned int options = 0; options < 256; options += 7)
  {
    const std::string input = ParallelSeriesFuzz::Join(static_cast<std::uint8_t>(options), withBad);
    ParallelSeriesFuzz::RunCase(
      reinterpret_cast<const std::uint8_t *>(input.data()), input.size(), dir + "/case" + std::to_string(options));
  }

  // 2. Fuzz inputs given on the command line (e.g. artifacts of scripts/fuzz.sh).
  for (int i = 2; i < argc; ++i)
  {
    const std::string input = ReadBytes(argv[i]);
    std::cout << "replaying " << argv[i] << " (" << input.size() << " bytes)" << std::endl;
    ParallelSeriesFuzz::RunCase(
      reinterpret_cast<const std::uint8_t *>(input.data()), input.size(), dir + "/replay" + std::to_string(i));
  }
  std::cout << "Test finished." << std::endl;
  return EXIT_SUCCESS;
}
