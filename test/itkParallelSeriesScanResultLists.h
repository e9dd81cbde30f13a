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
#ifndef itkParallelSeriesScanResultLists_h
#define itkParallelSeriesScanResultLists_h

// Test helpers: the scanner's count + by-index results as std::vector, for std algorithms.

#include "itkParallelGDCMSeriesFileNames.h"

#include <string>
#include <vector>

namespace ParallelSeriesTest
{
/** GetSkippedFile(i) for every i below GetNumberOfSkippedFiles(). */
inline std::vector<itk::ParallelSeriesSkippedFile>
SkippedFiles(const itk::ParallelGDCMSeriesFileNames * scanner)
{
  std::vector<itk::ParallelSeriesSkippedFile> files;
  for (itk::SizeValueType i = 0; i < scanner->GetNumberOfSkippedFiles(); ++i)
  {
    files.push_back(scanner->GetSkippedFile(i));
  }
  return files;
}

/** GetDamagedFile(uid, i) for every i below GetNumberOfDamagedFiles(uid). */
inline std::vector<itk::ParallelSeriesSkippedFile>
DamagedFiles(const itk::ParallelGDCMSeriesFileNames * scanner, const std::string & uid)
{
  std::vector<itk::ParallelSeriesSkippedFile> files;
  for (unsigned int i = 0; i < scanner->GetNumberOfDamagedFiles(uid); ++i)
  {
    files.push_back(scanner->GetDamagedFile(uid, i));
  }
  return files;
}

/** GetVolumeImagePosition(uid, volume, f) for every file f of the volume. */
inline std::vector<itk::Point<double, 3>>
VolumeImagePositions(const itk::ParallelGDCMSeriesFileNames * scanner, const std::string & uid, unsigned int volume)
{
  std::vector<itk::Point<double, 3>> positions;
  const auto                         files = static_cast<unsigned int>(scanner->GetVolumeFileNames(uid, volume).size());
  for (unsigned int f = 0; f < files; ++f)
  {
    positions.push_back(scanner->GetVolumeImagePosition(uid, volume, f));
  }
  return positions;
}
} // namespace ParallelSeriesTest

#endif
