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
#ifndef itkParallelSeriesSeriesCompletedEvent_h
#define itkParallelSeriesSeriesCompletedEvent_h

#include "itkEventObject.h"

#include <string>
#include <utility>
#include <vector>

namespace itk
{
/** \class ParallelSeriesSeriesCompletedEvent
 * \brief Sent by ParallelGDCMSeriesFileNames during Update(), with SeriesCompleteAtFolderEnd on,
 * when every file of a series has been scanned (under the assumption that a folder holds whole
 * series), before the rest of the input is scanned.
 *
 * GetSeriesIdentifier() is the identifier the series will have in GetSeriesUIDs() after Update()
 * (see ParallelGDCMSeriesFileNames::SetSeriesCompleteAtFolderEnd() for the exceptions), and
 * GetFileNames() its files in the order GetFileNames(identifier) will give. The scanner's series
 * accessors are not usable before Update() returns; to read the series at once, give the file
 * names to another scanner (SetInputFileNames()) and a ParallelSeriesReader.
 *
 * Thread: invoked on the thread that called Update(), between two batches of scanned folders
 * (no scan work unit runs meanwhile, so an observer may run filters on ITK's pool, e.g. read the
 * series; the scan waits for it). Each series is announced at most once per Update().
 *
 * \ingroup ParallelSeries
 */
class ParallelSeriesSeriesCompletedEvent : public AnyEvent
{
public:
  using Self = ParallelSeriesSeriesCompletedEvent;
  using Superclass = AnyEvent;

  explicit ParallelSeriesSeriesCompletedEvent(std::string              seriesIdentifier = std::string(),
                                              std::vector<std::string> fileNames = std::vector<std::string>())
    : m_SeriesIdentifier(std::move(seriesIdentifier))
    , m_FileNames(std::move(fileNames))
  {}
  ParallelSeriesSeriesCompletedEvent(const Self & s) = default;
  Self &
  operator=(const Self &) = delete;
  ~ParallelSeriesSeriesCompletedEvent() override = default;

  const char *
  GetEventName() const override
  {
    return "ParallelSeriesSeriesCompletedEvent";
  }
  bool
  CheckEvent(const EventObject * e) const override
  {
    return dynamic_cast<const Self *>(e) != nullptr;
  }
  EventObject *
  MakeObject() const override
  {
    return new Self(m_SeriesIdentifier, m_FileNames);
  }

  /** Identifier of the completed series (as GetSeriesUIDs() names it after Update()). */
  const std::string &
  GetSeriesIdentifier() const
  {
    return m_SeriesIdentifier;
  }

  /** The files of the series, in stock order (as ParallelGDCMSeriesFileNames::GetFileNames()). */
  const std::vector<std::string> &
  GetFileNames() const
  {
    return m_FileNames;
  }

private:
  std::string              m_SeriesIdentifier;
  std::vector<std::string> m_FileNames;
};
} // end namespace itk

#endif // itkParallelSeriesSeriesCompletedEvent_h
