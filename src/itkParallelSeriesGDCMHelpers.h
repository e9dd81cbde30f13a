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

#include <streambuf>
#include <string>

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

/** Bytes of one component (0 for unknown types). */
inline size_t
ComponentSize(IOComponentEnum t)
{
  switch (t)
  {
    case IOComponentEnum::UCHAR:
    case IOComponentEnum::CHAR:
      return 1;
    case IOComponentEnum::USHORT:
    case IOComponentEnum::SHORT:
      return 2;
    case IOComponentEnum::UINT:
    case IOComponentEnum::INT:
    case IOComponentEnum::FLOAT:
      return 4;
    case IOComponentEnum::DOUBLE:
      return 8;
    default:
      return 0;
  }
}
} // namespace ParallelSeriesGDCM
} // namespace itk

#endif
