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
#ifndef itkParallelSeriesVolumeCompletedEvent_h
#define itkParallelSeriesVolumeCompletedEvent_h

#include "itkEventObject.h"

namespace itk
{
/** \class ParallelSeriesVolumeCompletedEvent
 * \brief Sent by ParallelSeriesReader when every file of one output volume has been decoded
 * (or the volume failed), so that it can be processed before the other volumes are done.
 *
 * GetVolumeIndex() is the index of the output (ParallelSeriesReader::GetOutput(index)).
 *
 * Thread: the event is invoked on the thread that finished the volume's last file, which is
 * usually a thread of ITK's pool, not the thread that called Update(). Observers may run
 * concurrently for different volumes; they must be thread-safe, must only read the completed
 * output, and must not use ITK's thread pool (no filter Update() inside the observer: ITK 5.2's
 * pool deadlocks on nested waits). Queue the work for another thread instead.
 *
 * \ingroup ParallelSeries
 */
class ParallelSeriesVolumeCompletedEvent : public AnyEvent
{
public:
  using Self = ParallelSeriesVolumeCompletedEvent;
  using Superclass = AnyEvent;

  explicit ParallelSeriesVolumeCompletedEvent(unsigned int volumeIndex = 0, bool failed = false)
    : m_VolumeIndex(volumeIndex)
    , m_Failed(failed)
  {}
  ParallelSeriesVolumeCompletedEvent(const Self & s) = default;
  Self &
  operator=(const Self &) = delete;
  ~ParallelSeriesVolumeCompletedEvent() override = default;

  const char *
  GetEventName() const override
  {
    return "ParallelSeriesVolumeCompletedEvent";
  }
  bool
  CheckEvent(const EventObject * e) const override
  {
    return dynamic_cast<const Self *>(e) != nullptr;
  }
  EventObject *
  MakeObject() const override
  {
    return new Self(m_VolumeIndex, m_Failed);
  }

  /** Index of the completed output volume. */
  unsigned int
  GetVolumeIndex() const
  {
    return m_VolumeIndex;
  }
  /** True when the volume failed (see ParallelSeriesReader::GetVolumeInfo()). */
  bool
  GetFailed() const
  {
    return m_Failed;
  }

private:
  unsigned int m_VolumeIndex;
  bool         m_Failed;
};
} // end namespace itk

#endif
