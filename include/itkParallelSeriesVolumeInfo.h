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
#ifndef itkParallelSeriesVolumeInfo_h
#define itkParallelSeriesVolumeInfo_h

#include <string>
#include <utility>
#include <vector>

namespace itk
{
/** \class ParallelSeriesVolumeInfo
 * \brief Which series, volume and files one output of ParallelSeriesReader holds, and whether
 * (and why) it failed: ParallelSeriesReader::GetVolumeInfo().
 *
 * A plain value type (copyable, no reference counting); nothing throws. Thread safety: as a
 * std::string, const methods may be called concurrently on one object.
 *
 * \sa ParallelSeriesReader
 * \ingroup ParallelSeries
 */
class ParallelSeriesVolumeInfo
{
public:
  /** Series of the volume (an identifier of ParallelGDCMSeriesFileNames::GetSeriesUIDs()). */
  const std::string &
  GetSeriesIdentifier() const
  {
    return m_SeriesIdentifier;
  }
  void
  SetSeriesIdentifier(const std::string & value)
  {
    m_SeriesIdentifier = value;
  }

  /** Volume within its series, 0-based (0 unless the series holds several volumes). */
  unsigned int
  GetVolumeIndex() const
  {
    return m_VolumeIndex;
  }
  void
  SetVolumeIndex(unsigned int value)
  {
    m_VolumeIndex = value;
  }

  /** Files of the volume, in slice order (z index 0 first); all files of the series
   * when the series has no consistent volume. */
  const std::vector<std::string> &
  GetFileNames() const
  {
    return m_FileNames;
  }
  void
  SetFileNames(std::vector<std::string> value)
  {
    m_FileNames = std::move(value);
  }

  /** Whether the volume failed (its output's content is undefined). */
  bool
  GetFailed() const
  {
    return m_Failed;
  }
  void
  SetFailed(bool value)
  {
    m_Failed = value;
  }

  /** The file that failed; empty for a failure of the whole series (no consistent volume). */
  const std::string &
  GetFailedFile() const
  {
    return m_FailedFile;
  }
  void
  SetFailedFile(const std::string & value)
  {
    m_FailedFile = value;
  }

  /** Why the volume failed; empty when it did not. */
  const std::string &
  GetFailureReason() const
  {
    return m_FailureReason;
  }
  void
  SetFailureReason(const std::string & value)
  {
    m_FailureReason = value;
  }

private:
  std::string              m_SeriesIdentifier{};
  unsigned int             m_VolumeIndex{ 0 };
  std::vector<std::string> m_FileNames{};
  bool                     m_Failed{ false };
  std::string              m_FailedFile{};
  std::string              m_FailureReason{};
};
} // end namespace itk

#endif // itkParallelSeriesVolumeInfo_h
