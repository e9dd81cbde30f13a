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
#ifndef ParallelSeriesProgressBar_h
#define ParallelSeriesProgressBar_h

// The progress bar of parallel-series convert (stderr, only on a terminal).

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>

namespace ParallelSeriesApp
{
/** Progress bar on stderr (only when stderr is a terminal). Thread-safe. Progress is the
 * decoded bytes read plus the bytes written, over twice the total. */
class ProgressBar
{
public:
  ProgressBar(bool enabled, double totalBytes, size_t totalVolumes)
    : m_Enabled(enabled)
    , m_TotalBytes(std::max(1.0, totalBytes))
    , m_TotalVolumes(totalVolumes)
  {}

  void
  BeginBatch(double bytes)
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    m_BatchBytes = bytes;
    m_ReaderProgress = 0.0;
  }
  void
  EndBatch()
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    m_BatchBase += m_BatchBytes;
    m_BatchBytes = 0.0;
    m_ReaderProgress = 0.0;
    m_ReadBytes = std::max(m_ReadBytes, m_BatchBase);
    this->Draw(false);
  }
  /** ProgressEvent of the current reader (calling thread). */
  void
  SetReaderProgress(double fraction)
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    m_ReaderProgress = fraction;
    this->Draw(false);
  }
  /** A volume was decoded (any thread). */
  void
  VolumeRead(double bytes)
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    ++m_VolumesRead;
    m_ReadBytes += bytes;
    this->Draw(false);
  }
  /** A volume was written, or will never be (any thread). */
  void
  VolumeDone(double bytes, bool written)
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    m_VolumesWritten += written ? 1 : 0;
    m_WrittenBytes += bytes;
    this->Draw(false);
  }
  void
  Finish()
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    if (m_Enabled && m_Drawn)
    {
      m_ReadBytes = m_WrittenBytes = m_TotalBytes;
      this->Draw(true);
      std::fputc('\n', stderr);
      std::fflush(stderr);
    }
  }

private:
  void
  Draw(bool force)
  {
    if (!m_Enabled)
    {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (!force && m_Drawn && now - m_LastDraw < std::chrono::milliseconds(100))
    {
      return;
    }
    m_LastDraw = now;
    m_Drawn = true;
    const double read = std::min(m_TotalBytes, std::max(m_ReadBytes, m_BatchBase + m_ReaderProgress * m_BatchBytes));
    const double fraction = std::min(1.0, (read + m_WrittenBytes) / (2.0 * m_TotalBytes));
    const int    width = 30;
    const int    filled = static_cast<int>(fraction * width + 0.5);
    std::fprintf(stderr,
                 "\r[%s%s] %3d%%  read %zu/%zu  written %zu/%zu volumes ",
                 std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(),
                 static_cast<int>(fraction * 100.0),
                 std::min(m_VolumesRead, m_TotalVolumes),
                 m_TotalVolumes,
                 m_VolumesWritten,
                 m_TotalVolumes);
    std::fflush(stderr);
  }

  std::mutex                            m_Mutex;
  const bool                            m_Enabled;
  const double                          m_TotalBytes;
  const size_t                          m_TotalVolumes;
  double                                m_BatchBase{ 0.0 };
  double                                m_BatchBytes{ 0.0 };
  double                                m_ReaderProgress{ 0.0 };
  double                                m_ReadBytes{ 0.0 };
  double                                m_WrittenBytes{ 0.0 };
  size_t                                m_VolumesRead{ 0 };
  size_t                                m_VolumesWritten{ 0 };
  bool                                  m_Drawn{ false };
  std::chrono::steady_clock::time_point m_LastDraw;
};
} // namespace ParallelSeriesApp

#endif
