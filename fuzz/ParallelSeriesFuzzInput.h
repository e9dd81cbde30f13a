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
#ifndef ParallelSeriesFuzzInput_h
#define ParallelSeriesFuzzInput_h

// The fuzz input format, shared by the fuzz target and the seed generator:
//
//   byte 0        options (the bits below)
//   bytes 1...    the content of up to kMaxFiles files, separated by kSeparator
//
// Each file is written to a per-process temporary directory, then scanned and read.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ParallelSeriesFuzz
{
constexpr char        kSeparator[] = "\x01PS-FUZZ-NEXT-FILE\x01";
constexpr std::size_t kSeparatorLength = sizeof(kSeparator) - 1;
constexpr std::size_t kMaxFiles = 8;

enum Options : std::uint8_t
{
  UseSeriesDetails = 1u << 0, ///< ParallelGDCMSeriesFileNames::SetUseSeriesDetails(true)
  Restriction = 1u << 1,      ///< AddSeriesRestriction("0008|0060") (Modality)
  Directory = 1u << 2,        ///< scan the directory (recursive, odd files in a sub-directory), not a list
  PixelTypeBit0 = 1u << 3,    ///< output pixel type: 0 float, 1 unsigned short, 2 short, 3 RGB uchar
  PixelTypeBit1 = 1u << 4,
  MemoryLimit = 1u << 5,    ///< ParallelSeriesReader::SetVoxelMemoryLimit(1): one volume per batch
  OneWorkUnit = 1u << 6,    ///< one work unit (else ITK's default)
  ThrowOnFailure = 1u << 7, ///< ParallelSeriesReader::SetThrowOnFailure(true)
};

/** Splits a fuzz input into its option byte and (up to kMaxFiles) file contents. */
inline std::uint8_t
Split(const std::uint8_t * data, std::size_t size, std::vector<std::string> & files)
{
  files.clear();
  if (size == 0)
  {
    return 0;
  }
  const std::uint8_t options = data[0];
  const std::string  rest(reinterpret_cast<const char *>(data + 1), size - 1);
  std::size_t        begin = 0;
  while (files.size() + 1 < kMaxFiles)
  {
    const std::size_t end = rest.find(kSeparator, begin, kSeparatorLength);
    if (end == std::string::npos)
    {
      break;
    }
    files.push_back(rest.substr(begin, end - begin));
    begin = end + kSeparatorLength;
  }
  files.push_back(rest.substr(begin));
  return options;
}

/** The inverse of Split(). */
inline std::string
Join(std::uint8_t options, const std::vector<std::string> & files)
{
  std::string out(1, static_cast<char>(options));
  for (std::size_t i = 0; i < files.size(); ++i)
  {
    if (i > 0)
    {
      out.append(kSeparator, kSeparatorLength);
    }
    out += files[i];
  }
  return out;
}
} // namespace ParallelSeriesFuzz

#endif
