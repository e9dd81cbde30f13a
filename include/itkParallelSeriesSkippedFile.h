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
#ifndef itkParallelSeriesSkippedFile_h
#define itkParallelSeriesSkippedFile_h

#include <string>
#include <utility>

namespace itk
{
/** \class ParallelSeriesSkippedFile
 * \brief A file and why it was set aside: a file of no series
 * (ParallelGDCMSeriesFileNames::GetSkippedFile()) or a file of a series whose pixel data cannot
 * be read (ParallelGDCMSeriesFileNames::GetDamagedFile()).
 *
 * A plain value type (copyable, no reference counting); nothing throws. Thread safety: as a
 * std::string, const methods may be called concurrently on one object.
 *
 * \ingroup ParallelSeries
 */
class ParallelSeriesSkippedFile
{
public:
  ParallelSeriesSkippedFile() = default;
  ParallelSeriesSkippedFile(std::string fileName, std::string reason)
    : m_FileName(std::move(fileName))
    , m_Reason(std::move(reason))
  {}

  /** The file (as listed: the directory joined with the entry name, or as given). */
  const std::string &
  GetFileName() const
  {
    return m_FileName;
  }
  void
  SetFileName(const std::string & value)
  {
    m_FileName = value;
  }

  /** Why (GDCM's parse error, a missing PixelData, the bytes a truncated file lacks, ...). */
  const std::string &
  GetReason() const
  {
    return m_Reason;
  }
  void
  SetReason(const std::string & value)
  {
    m_Reason = value;
  }

private:
  std::string m_FileName{};
  std::string m_Reason{};
};
} // end namespace itk

#endif // itkParallelSeriesSkippedFile_h
