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
#ifndef itkParallelSeriesGDCMHelpers_h
#define itkParallelSeriesGDCMHelpers_h

// Internal helpers shared by the module's GDCM-facing sources (not installed, not public).

#include "itkIOCommon.h"
#include "gdcmPixelFormat.h"
#include "gdcmRescaler.h"

#include <algorithm>
#include <cerrno>
#include <streambuf>
#include <string>
#include <utility>
#ifndef _WIN32
#  include <fcntl.h>
#  include <sys/stat.h>
#  include <unistd.h>
#endif

namespace itk
{
namespace ParallelSeriesGDCM
{
/** A read-only std::streambuf over bytes in memory, seekable within them (GDCM seeks back while
 * parsing). The scanner parses each header window from one, the slice decoder each whole file:
 * one read() instead of the hundreds of small reads and seeks GDCM makes through std::ifstream. */
class MemoryStreamBuffer : public std::streambuf
{
public:
  MemoryStreamBuffer(char * data, size_t size) { this->Reset(data, size); }
  void
  Reset(char * data, size_t size)
  {
    this->setg(data, data, data + size);
  }

protected:
  pos_type
  seekoff(off_type offset, std::ios_base::seekdir dir, std::ios_base::openmode) override
  {
    char * const   base = dir == std::ios_base::beg   ? this->eback()
                          : dir == std::ios_base::cur ? this->gptr()
                                                      : this->egptr();
    const off_type target = (base - this->eback()) + offset;
    if (target < 0 || target > this->egptr() - this->eback())
    {
      return pos_type(off_type(-1));
    }
    this->setg(this->eback(), this->eback() + target, this->egptr());
    return pos_type(target);
  }
  pos_type
  seekpos(pos_type position, std::ios_base::openmode mode) override
  {
    return this->seekoff(off_type(position), std::ios_base::beg, mode);
  }
};

/** ITK component type of a GDCM scalar type, as GDCMImageIO maps it (SINGLEBIT becomes UCHAR). */
inline IOComponentEnum
ToIOComponent(gdcm::PixelFormat::ScalarType t)
{
  switch (t)
  {
    case gdcm::PixelFormat::INT8:
      return IOComponentEnum::CHAR;
    case gdcm::PixelFormat::UINT8:
    case gdcm::PixelFormat::SINGLEBIT:
      return IOComponentEnum::UCHAR;
    case gdcm::PixelFormat::INT12:
    case gdcm::PixelFormat::INT16:
      return IOComponentEnum::SHORT;
    case gdcm::PixelFormat::UINT12:
    case gdcm::PixelFormat::UINT16:
      return IOComponentEnum::USHORT;
    case gdcm::PixelFormat::INT32:
      return IOComponentEnum::INT;
    case gdcm::PixelFormat::UINT32:
      return IOComponentEnum::UINT;
    case gdcm::PixelFormat::FLOAT32:
      return IOComponentEnum::FLOAT;
    case gdcm::PixelFormat::FLOAT64:
      return IOComponentEnum::DOUBLE;
    default:
      return IOComponentEnum::UNKNOWNCOMPONENTTYPE;
  }
}

/** The component type GDCMImageIO reports for pixels of format \c pf with RescaleIntercept
 * \c intercept and RescaleSlope \c slope (GDCMImageIO::InternalReadImageInformation()): the
 * stored type when they are 0 and 1, else the type gdcm::Rescaler::ComputeInterceptSlopePixelType()
 * chooses to hold the rescaled values; single-bit pixels are never rescaled and become UCHAR. */
inline IOComponentEnum
RescaledComponentType(const gdcm::PixelFormat & pf, double intercept, double slope)
{
  gdcm::PixelFormat::ScalarType type = pf.GetScalarType();
  if (type != gdcm::PixelFormat::SINGLEBIT && (slope != 1.0 || intercept != 0.0))
  {
    gdcm::Rescaler rescaler;
    rescaler.SetIntercept(intercept);
    rescaler.SetSlope(slope);
    rescaler.SetPixelFormat(pf);
    type = rescaler.ComputeInterceptSlopePixelType();
  }
  return ToIOComponent(type);
}

#ifndef _WIN32
/** How ReadFileBytes() ended. */
struct FileReadResult
{
  enum class FailureEnum
  {
    None,  ///< the bytes were read (BytesRead may still be short of the request: end of file)
    Open,  ///< open() failed
    Stat,  ///< fstat() failed
    Read   ///< pread() failed before any byte was read
  };
  FailureEnum        Failure{ FailureEnum::None };
  int                ErrorNumber{ 0 }; ///< errno of the failed call (0 when none failed)
  unsigned long long FileBytes{ 0 };   ///< the file's size, from fstat()
  size_t             BytesRead{ 0 };   ///< bytes read from the start of the file
};

/** Reads \c bytes bytes at \c offset of the open file \c fd into \c buffer with pread(), again
 * after EINTR or a short read, stopping at the end of the file. Returns the bytes read (short of
 * \c bytes at the end of the file, or after an error: \c errorNumber then receives errno when no
 * byte was read, else 0). POSIX only; thread-safe. */
inline size_t
ReadAt(int fd, char * buffer, size_t bytes, unsigned long long offset, int & errorNumber)
{
  size_t done = 0;
  errorNumber = 0;
  while (done < bytes)
  {
    const ssize_t n = ::pread(fd, buffer + done, bytes - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR)
    {
      continue;
    }
    if (n < 0 && done == 0)
    {
      errorNumber = errno;
    }
    if (n <= 0)
    {
      break; // an error after some bytes, or the end of the file: what was read is returned
    }
    done += static_cast<size_t>(n);
  }
  return done;
}

/** The first bytes of a file, in as few system calls as possible: open() (O_RDONLY, O_CLOEXEC),
 * fstat(), then pread() from offset 0 of min(capacity, file size) bytes into the buffer that
 * \c bufferFor(fileBytes) returns as a (char *, capacity) pair (capacity 0: nothing is read),
 * again after EINTR or a short read, stopping at the end of the file (a file shorter than fstat()
 * said). The file is closed before it returns. The scanner reads its header window this way (a
 * fixed buffer), the slice decoder whole files (a buffer grown to the file's size). POSIX only.
 * Thread-safe (no shared state; \c bufferFor is called once, on the calling thread, unless open()
 * or fstat() failed). */
template <typename TBufferFor>
FileReadResult
ReadFileBytes(const std::string & fileName, TBufferFor && bufferFor)
{
  FileReadResult result;
  const int      fd = ::open(fileName.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
  {
    result.Failure = FileReadResult::FailureEnum::Open;
    result.ErrorNumber = errno;
    return result;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0)
  {
    result.Failure = FileReadResult::FailureEnum::Stat;
    result.ErrorNumber = errno;
    ::close(fd);
    return result;
  }
  result.FileBytes = st.st_size > 0 ? static_cast<unsigned long long>(st.st_size) : 0;
  const std::pair<char *, size_t> buffer = bufferFor(result.FileBytes);
  const size_t want = static_cast<size_t>(std::min<unsigned long long>(buffer.second, result.FileBytes));
  int                             errorNumber = 0;
  result.BytesRead = ReadAt(fd, buffer.first, want, 0, errorNumber);
  if (errorNumber != 0)
  {
    result.Failure = FileReadResult::FailureEnum::Read;
    result.ErrorNumber = errorNumber;
  }
  ::close(fd);
  return result;
}
#endif

} // namespace ParallelSeriesGDCM
} // namespace itk

#endif
