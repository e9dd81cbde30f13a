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
#ifndef ParallelSeriesMemoryBudget_h
#define ParallelSeriesMemoryBudget_h

// The memory bound of parallel-series convert: bytes of decoded volumes held at once, being read
// or queued for writing, and the default bound (--max-memory not given).

#include <algorithm>
#include <condition_variable>
#include <mutex>

namespace ParallelSeriesApp
{
/** Default bound on the decoded voxels convert holds at once, bytes, when --max-memory is not
 * given: two of the largest volume to convert (one being read while the one before is written),
 * at least 64 MiB (so that small series are read many at a time). With the process's own
 * ~50 MB (ITK, the scan's records), the peak RSS stays near 2 x the largest volume + 100 MB. */
inline double
DefaultMemoryBudget(double largestVolumeBytes)
{
  return std::max(2.0 * largestVolumeBytes, 64.0 * 1024.0 * 1024.0);
}

/** Decoded bytes held by convert: a batch acquires its volumes' bytes before it is read (waiting
 * until what the writers still hold leaves room), and each volume's bytes are released once its
 * pixels are freed (written, failed, or not to be written). A batch larger than the bound waits
 * until nothing is held, then goes alone. Thread-safe. */
class MemoryBudget
{
public:
  explicit MemoryBudget(double bytes)
    : m_Limit(bytes)
  {}
  MemoryBudget(const MemoryBudget &) = delete;
  MemoryBudget &
  operator=(const MemoryBudget &) = delete;

  /** The bound, bytes. */
  double
  GetLimit() const
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    return m_Limit;
  }

  /** Raises the bound to \c bytes when it is lower (convert --stream without --max-memory: the
   * default bound of the largest volume known so far). */
  void
  RaiseLimit(double bytes)
  {
    {
      std::lock_guard<std::mutex> lock(m_Mutex);
      m_Limit = std::max(m_Limit, bytes);
    }
    m_Condition.notify_all();
  }

  /** Blocks until \c bytes more fit within the bound (or nothing is held), then holds them. */
  void
  Acquire(double bytes)
  {
    std::unique_lock<std::mutex> lock(m_Mutex);
    m_Condition.wait(lock, [this, bytes] { return m_Held <= 0.0 || m_Held + bytes <= m_Limit; });
    m_Held += bytes;
  }

  /** Gives back \c bytes acquired before. */
  void
  Release(double bytes)
  {
    {
      std::lock_guard<std::mutex> lock(m_Mutex);
      m_Held = std::max(0.0, m_Held - bytes);
    }
    m_Condition.notify_all();
  }

private:
  double                  m_Limit;
  mutable std::mutex      m_Mutex;
  std::condition_variable m_Condition;
  double                  m_Held{ 0.0 };
};
} // namespace ParallelSeriesApp

#endif
