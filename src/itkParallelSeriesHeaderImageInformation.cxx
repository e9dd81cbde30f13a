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
#include "itkParallelSeriesHeaderImageInformation.h"
#include "itkParallelSeriesGDCMHelpers.h"
#include "itkParallelSeriesHeaderReading.h"

#include "gdcmExplicitDataElement.h"
#include "gdcmImplicitDataElement.h"
#include "gdcmReader.h"
#include "gdcmSwapper.h"

#include <set>
#include <vector>

#ifdef __linux__
#  include <fcntl.h>
#  include <sys/mman.h>
#  include <sys/stat.h>
#  include <unistd.h>
#endif

namespace itk
{
#ifdef __linux__
namespace
{
struct Descriptor
{
  int Fd{ -1 };
  ~Descriptor()
  {
    if (Fd >= 0)
    {
      ::close(Fd);
    }
  }
};

bool
WriteAll(int fd, const char * data, size_t bytes)
{
  while (bytes > 0)
  {
    const ssize_t written = ::write(fd, data, bytes);
    if (written <= 0)
    {
      return false;
    }
    data += written;
    bytes -= static_cast<size_t>(written);
  }
  return true;
}

/** The header copy of \c fileName (PixelData's value dropped, its length 0) in a memfd; -1 when
 * the file is not one this path handles. */
int
HeaderCopy(const std::string & fileName)
{
  Descriptor file;
  file.Fd = ::open(fileName.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat status;
  if (file.Fd < 0 || ::fstat(file.Fd, &status) != 0 || status.st_size <= 0)
  {
    return -1;
  }
  const auto        fileBytes = static_cast<unsigned long long>(status.st_size);
  const gdcm::Tag   pixelData(0x7fe0, 0x0010);
  std::vector<char> window;
  for (const size_t windowBytes : { ParallelSeriesScan::HeaderReader::kWindowBytes, size_t{ 1 } << 20 })
  {
    const auto want = static_cast<size_t>(std::min<unsigned long long>(windowBytes, fileBytes));
    window.resize(want);
    int          errorNumber = 0;
    const size_t got = ParallelSeriesGDCM::ReadAt(file.Fd, window.data(), want, 0, errorNumber);
    if (got < want)
    {
      return -1;
    }
    ParallelSeriesGDCM::MemoryStreamBuffer buffer(window.data(), got);
    std::istream                           stream(&buffer);
    gdcm::Reader                           reader;
    reader.SetStream(stream);
    size_t offset = 0;
    bool   parsed = false;
    try
    {
      parsed = reader.ReadUpToTag(pixelData, std::set<gdcm::Tag>{ pixelData }) &&
               ParallelSeriesScan::StoppedAtPixelData(reader, got, offset);
    }
    catch (...)
    {
      parsed = false;
    }
    if (!parsed)
    {
      if (got < fileBytes)
      {
        continue; // perhaps a header longer than the window
      }
      return -1;
    }
    const gdcm::TransferSyntax & ts = reader.GetFile().GetHeader().GetDataSetTransferSyntax();
    if (ts != gdcm::TransferSyntax::ImplicitVRLittleEndian && ts != gdcm::TransferSyntax::ExplicitVRLittleEndian)
    {
      return -1;
    }
    // PixelData's element header just before its value (tag, [VR, reserved,] 32-bit length).
    const bool   explicitVR = ts.GetNegociatedType() == gdcm::TransferSyntax::Explicit;
    const size_t headerBytes = explicitVR ? 12 : 8;
    if (offset < headerBytes || offset > got)
    {
      return -1;
    }
    gdcm::DataElement element;
    try
    {
      static const std::set<gdcm::Tag> noSkippedTags;
      stream.clear();
      stream.seekg(static_cast<std::streamoff>(offset - headerBytes), std::ios::beg);
      if (explicitVR)
      {
        element.ReadPreValue<gdcm::ExplicitDataElement, gdcm::SwapperNoOp>(stream, noSkippedTags);
      }
      else
      {
        element.ReadPreValue<gdcm::ImplicitDataElement, gdcm::SwapperNoOp>(stream, noSkippedTags);
      }
    }
    catch (...)
    {
      return -1;
    }
    if (!stream || static_cast<size_t>(stream.tellg()) != offset || element.GetTag() != pixelData ||
        element.GetVL().IsUndefined() ||
        (explicitVR && element.GetVR() != gdcm::VR::OW && element.GetVR() != gdcm::VR::OB))
    {
      return -1;
    }
    const unsigned long long     valueEnd = offset + static_cast<unsigned long long>(element.GetVL());
    constexpr unsigned long long maxTail = 16ull << 20;
    if (valueEnd > fileBytes || fileBytes - valueEnd > maxTail)
    {
      return -1;
    }
    Descriptor copy;
    copy.Fd = ::memfd_create("parallelseries-header", MFD_CLOEXEC);
    if (copy.Fd < 0)
    {
      return -1;
    }
    // The header with PixelData's length 0, then the elements after the value.
    for (size_t i = offset - 4; i < offset; ++i)
    {
      window[i] = 0;
    }
    std::vector<char> tail(static_cast<size_t>(fileBytes - valueEnd));
    errorNumber = 0;
    if (!tail.empty() &&
        ParallelSeriesGDCM::ReadAt(file.Fd, tail.data(), tail.size(), valueEnd, errorNumber) != tail.size())
    {
      return -1;
    }
    if (!WriteAll(copy.Fd, window.data(), offset) || !WriteAll(copy.Fd, tail.data(), tail.size()))
    {
      return -1;
    }
    const int result = copy.Fd;
    copy.Fd = -1;
    return result;
  }
  return -1;
}
} // namespace
#endif

bool
ReadGDCMImageInformationWithoutPixelData(GDCMImageIO & io, const std::string & fileName)
{
#ifdef __linux__
  Descriptor copy;
  copy.Fd = HeaderCopy(fileName);
  if (copy.Fd < 0)
  {
    return false;
  }
  bool ok = false;
  try
  {
    io.SetFileName("/proc/self/fd/" + std::to_string(copy.Fd));
    io.ReadImageInformation();
    ok = true;
  }
  catch (...) // the caller reads the file itself, which reports the error
  {
    ok = false;
  }
  io.SetFileName(fileName);
  return ok;
#else
  io.SetFileName(fileName);
  return false;
#endif
}
} // end namespace itk
