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
#ifndef ParallelSeriesWriterQueue_h
#define ParallelSeriesWriterQueue_h

// The writer threads of parallel-series convert: a queue of jobs run by plain std::threads (not
// ITK's pool: the jobs run filters that use the pool, and ITK's pool deadlocks on nested waits).

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace ParallelSeriesApp
{
/** Writer threads: jobs start in the order they were enqueued, each on the first free thread,
 * so that CPU-bound encoders (nii.gz and compressed NRRD/MetaImage/TIFF) run in parallel.
 * Jobs must not throw. */
class WriterQueue
{
public:
  explicit WriterQueue(unsigned int threads)
    : m_NumberOfThreads(std::max(1u, threads))
  {}
  WriterQueue(const WriterQueue &) = delete;
  WriterQueue &
  operator=(const WriterQueue &) = delete;
  ~WriterQueue() { this->Stop(); }

  void
  Start()
  {
    for (unsigned int t = 0; t < m_NumberOfThreads; ++t)
    {
      m_Threads.emplace_back([this] { this->Run(); });
    }
  }

  void
  Enqueue(std::function<void()> job)
  {
    {
      std::lock_guard<std::mutex> lock(m_Mutex);
      m_Jobs.emplace_back(m_Finished.size(), std::move(job));
      m_Finished.push_back(false);
    }
    m_WorkCondition.notify_one();
  }

  /** Number of jobs enqueued so far. */
  size_t
  GetNumberOfEnqueuedJobs()
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    return m_Finished.size();
  }

  /** Blocks until the first \c count jobs enqueued have all finished. */
  void
  WaitUntilDone(size_t count)
  {
    std::unique_lock<std::mutex> lock(m_Mutex);
    m_DoneCondition.wait(lock, [this, count] { return m_FinishedPrefix >= count; });
  }

  /** Runs the remaining jobs, then ends the threads. */
  void
  Stop()
  {
    {
      std::lock_guard<std::mutex> lock(m_Mutex);
      m_Stop = true;
    }
    m_WorkCondition.notify_all();
    for (std::thread & t : m_Threads)
    {
      if (t.joinable())
      {
        t.join();
      }
    }
    m_Threads.clear();
  }

private:
  void
  Run()
  {
    std::unique_lock<std::mutex> lock(m_Mutex);
    for (;;)
    {
      m_WorkCondition.wait(lock, [this] { return m_Stop || !m_Jobs.empty(); });
      if (m_Jobs.empty())
      {
        return;
      }
      std::pair<size_t, std::function<void()>> job = std::move(m_Jobs.front());
      m_Jobs.pop_front();
      lock.unlock();
      job.second();
      job.second = nullptr; // release what the job holds (the volume) before counting it done
      lock.lock();
      m_Finished[job.first] = true;
      while (m_FinishedPrefix < m_Finished.size() && m_Finished[m_FinishedPrefix])
      {
        ++m_FinishedPrefix;
      }
      m_DoneCondition.notify_all();
    }
  }

  const unsigned int                                   m_NumberOfThreads;
  std::mutex                                           m_Mutex;
  std::condition_variable                              m_WorkCondition;
  std::condition_variable                              m_DoneCondition;
  std::deque<std::pair<size_t, std::function<void()>>> m_Jobs;                ///< (sequence number, job)
  std::vector<bool>                                    m_Finished;            ///< per sequence number
  size_t                                               m_FinishedPrefix{ 0 }; ///< jobs 0 .. prefix-1 finished
  bool                                                 m_Stop{ false };
  std::vector<std::thread>                             m_Threads;
};
} // namespace ParallelSeriesApp

#endif
