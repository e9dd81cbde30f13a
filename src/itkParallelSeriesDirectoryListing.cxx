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
#include "itkParallelSeriesDirectoryListing.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#ifdef _WIN32
#  include "gdcmDirectory.h"
#else
#  include <dirent.h>
#  include <sys/stat.h>
#endif

namespace itk
{
namespace ParallelSeriesScan
{
#ifndef _WIN32
namespace
{
/** Lists \c dirName into \c listing; \c ancestors holds the (device, inode) of the directories
 * being listed, from the top one down (see ListDirectory()). */
void
ListInto(const std::string &                    dirName,
         bool                                   recursive,
         int                                    depthLeft,
         std::vector<std::pair<dev_t, ino_t>> & ancestors,
         DirectoryListing &                     listing)
{
  DIR * dir = opendir(dirName.c_str());
  if (!dir)
  {
    listing.Problems.emplace_back(dirName, std::string("cannot open the directory: ") + std::strerror(errno));
    return;
  }
  const std::string prefix = dirName.back() == '/' ? dirName : dirName + "/";
  for (const dirent * d = readdir(dir); d; d = readdir(dir))
  {
    if (d->d_name[0] == '.')
    {
      continue; // ".", ".." and hidden entries, as gdcm::Directory
    }
    const std::string name = prefix + d->d_name;
#  ifdef _DIRENT_HAVE_D_TYPE
    if (d->d_type == DT_REG)
    {
      listing.Files.push_back(name); // a regular file, not a link: stat() would say the same (one syscall less)
      continue;
    }
#  endif
    struct stat buf;
    if (stat(name.c_str(), &buf) != 0)
    {
      listing.Problems.emplace_back(name, std::string("cannot access the file: ") + std::strerror(errno));
    }
    else if (S_ISREG(buf.st_mode))
    {
      listing.Files.push_back(name);
    }
    else if (S_ISDIR(buf.st_mode))
    {
      if (!recursive || depthLeft == 0)
      {
        continue;
      }
      const auto id = std::make_pair(buf.st_dev, buf.st_ino);
      if (std::find(ancestors.begin(), ancestors.end(), id) != ancestors.end())
      {
        listing.Problems.emplace_back(name,
                                      "directory symbolic link loop (leads back to a parent directory): not followed");
        continue;
      }
      ancestors.push_back(id);
      ListInto(name, recursive, depthLeft - 1, ancestors, listing);
      ancestors.pop_back();
    }
    else
    {
      listing.Problems.emplace_back(name, "not a regular file or directory");
    }
  }
  closedir(dir);
}
} // namespace
#endif

DirectoryListing
ListDirectory(const std::string & directory, bool recursive, int maxDepth)
{
  DirectoryListing listing;
#ifdef _WIN32
  gdcm::Directory dir;
  dir.Load(directory, recursive);
  listing.Files = dir.GetFilenames();
  if (recursive && maxDepth >= 0)
  {
    // gdcm::Directory has no depth limit: files deeper than maxDepth are dropped.
    const std::string::size_type top = directory.size();
    listing.Files.erase(std::remove_if(listing.Files.begin(),
                                       listing.Files.end(),
                                       [top, maxDepth](const std::string & f) {
                                         const std::string rest = f.substr(std::min(top + 1, f.size()));
                                         return std::count_if(rest.begin(), rest.end(), [](char c) {
                                                  return c == '/' || c == '\\';
                                                }) > maxDepth;
                                       }),
                        listing.Files.end());
  }
#else
  struct stat                          top;
  std::vector<std::pair<dev_t, ino_t>> ancestors;
  if (stat(directory.c_str(), &top) == 0)
  {
    ancestors.emplace_back(top.st_dev, top.st_ino);
  }
  ListInto(directory, recursive, maxDepth < 0 ? -1 : maxDepth, ancestors, listing);
#endif
  return listing;
}
} // namespace ParallelSeriesScan
} // end namespace itk
