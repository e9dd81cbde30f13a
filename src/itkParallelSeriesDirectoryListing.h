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
#ifndef itkParallelSeriesDirectoryListing_h
#define itkParallelSeriesDirectoryListing_h

// Internal to the module (not installed): the directory listing of ParallelGDCMSeriesFileNames.

#include <string>
#include <utility>
#include <vector>

namespace itk
{
namespace ParallelSeriesScan
{
/** What ListDirectory() found. */
struct DirectoryListing
{
  std::vector<std::string>                         Files;    ///< in listing order
  std::vector<std::pair<std::string, std::string>> Problems; ///< (path, reason): entries that are not files
};

/** The files of \c directory (and of its sub-directories when \c recursive, down to \c maxDepth
 * levels below \c directory: 1 lists its sub-directories' files but not theirs; negative: no
 * limit), as
 * gdcm::Directory::Load() lists them, in the same order (readdir order, files and
 * sub-directories interleaved; names starting with '.' skipped; symbolic links followed),
 * except on POSIX systems that (1) a directory that is one of its own ancestors (a symbolic-link
 * loop) is not entered (gdcm::Directory recurses until the path is too long, listing every file
 * hundreds of times), and (2) an entry that cannot be stat()ed (dangling link) or is neither a
 * file nor a directory is listed in Problems with the reason instead of ending the listing of
 * its directory (gdcm::Directory stops there, silently dropping the remaining entries); a
 * directory that cannot be opened is a problem too. Entries that readdir() reports as regular
 * files (d_type DT_REG) are not stat()ed; links and file systems that report DT_UNKNOWN are.
 * On Windows this is gdcm::Directory itself (no problems reported). Paths are \c directory
 * followed by '/' and the entry names. Thread-safe (no shared state). */
DirectoryListing
ListDirectory(const std::string & directory, bool recursive, int maxDepth = -1);
} // namespace ParallelSeriesScan
} // end namespace itk

#endif
