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
#ifndef ParallelSeriesReplaceFile_h
#define ParallelSeriesReplaceFile_h

// The last step of every atomic write of parallel-series convert (volumes, manifest.csv): the
// complete temporary file is renamed over the final name, so that an interrupted or failed write
// leaves neither a partial file nor the temporary one.

#include "itksys/SystemTools.hxx"

#include <cerrno>
#include <cstdio>
#include <string>
#include <system_error>

namespace ParallelSeriesApp
{
/** Replaces \c fileName by \c temporary (rename); on failure removes \c temporary. Returns an
 * error message naming both files and the reason, empty on success. Thread-safe. */
inline std::string
ReplaceFile(const std::string & temporary, const std::string & fileName)
{
  itksys::SystemTools::RemoveFile(fileName);
  if (std::rename(temporary.c_str(), fileName.c_str()) != 0)
  {
    const std::string reason = std::error_code(errno, std::generic_category()).message();
    itksys::SystemTools::RemoveFile(temporary);
    return "cannot rename \"" + temporary + "\" to \"" + fileName + "\": " + reason;
  }
  return std::string();
}
} // namespace ParallelSeriesApp

#endif
