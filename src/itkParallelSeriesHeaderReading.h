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
#ifndef itkParallelSeriesHeaderReading_h
#define itkParallelSeriesHeaderReading_h

// Internal to the module (not installed): how ParallelGDCMSeriesFileNames reads one header.

#include "itkParallelSeriesGDCMHelpers.h"

#include "gdcmReader.h"

#include <istream>
#include <memory>
#include <string>

namespace itk
{
namespace ParallelSeriesScan
{
/** \brief Parses the header of one DICOM file, up to PixelData (7FE0,0010), never reading the
 * pixel data.
 *
 * On POSIX systems the file's first kWindowBytes bytes are read with one pread()
 * (ParallelSeriesGDCM::ReadFileBytes()) and GDCM parses them in memory: GDCM reading an
 * std::ifstream makes about 13 lseek() and 3 read() calls per file (its tellg() and seekg()), a
 * fifth of the scan's time. A header that does not fit, or that GDCM cannot parse from the
 * window, is parsed again from the file (gdcm::Reader::SetFileName()), so the result does not
 * depend on the window; when the window holds the whole file, GDCM's verdict on it stands.
 *
 * One object per file: it owns its GDCM readers (distinct objects may read concurrently; one
 * object is not thread-safe). It holds a kWindowBytes buffer: construct it on the stack of a
 * work unit or keep it.
 */
class HeaderReader
{
public:
  /** Bytes of a file's start read at once for its header. */
  static constexpr size_t kWindowBytes = 16 * 1024;

  HeaderReader();
  HeaderReader(const HeaderReader &) = delete;
  HeaderReader &
  operator=(const HeaderReader &) = delete;

  /** Parses the header of \c fileName (call once per object). Returns the empty string when
   * ReadUpToTag() stopped in front of the value of PixelData, else why the file is skipped (it
   * cannot be opened or read, is empty, GDCM cannot parse it, or it has no PixelData before its
   * end). GDCM's exceptions other than std::exception (its gdcmAssertAlwaysMacro's std::string)
   * are not caught: see ParallelSeriesGDCM::CurrentExceptionText(). */
  std::string
  Read(const std::string & fileName);

  /** The parsed header (valid after Read() returned the empty string). */
  const gdcm::File &
  GetFile() const
  {
    return m_Reader->GetFile();
  }

  /** Offset (bytes from the start of the file) of the value of PixelData (valid after Read()
   * returned the empty string). */
  size_t
  GetPixelDataOffset() const
  {
    return m_PixelDataOffset;
  }

  /** The file's size in bytes (0 when it is unknown: it could not be opened or stat()ed). */
  unsigned long long
  GetFileBytes() const
  {
    return m_FileBytes;
  }

private:
  /** Parses from the file (no window). */
  std::string
  ReadFromFile(const std::string & fileName);

  /** Uses \c reader's parse: the empty string when it stopped in front of the value of
   * PixelData within the file, else why the file is skipped. */
  std::string
  Finish(const gdcm::Reader & reader);

  std::unique_ptr<gdcm::Reader> m_FileReader; ///< only when the window is not enough
  const gdcm::Reader *          m_Reader{ nullptr };
  size_t                        m_PixelDataOffset{ 0 };
  unsigned long long            m_FileBytes{ 0 };
#ifndef _WIN32
  gdcm::Reader                           m_WindowReader;
  ParallelSeriesGDCM::MemoryStreamBuffer m_WindowBuffer;
  std::istream                           m_WindowStream;
  char                                   m_Window[kWindowBytes];
#endif
};

/** The SeriesInstanceUID (0020,000E) of \c fileName, its trailing spaces and NULs removed, read
 * without parsing the rest of the header: GDCM's ReadUpToTag((0020,000E)) on the file's first
 * 8 KiB (one pread() on POSIX systems), else on the file. Returns false (\c uid empty) when the
 * file cannot be read, GDCM cannot parse it up to there, or it has no SeriesInstanceUID; the full
 * scan then says why. Thread-safe (no shared state). The first pass of
 * ParallelGDCMSeriesFileNames::SetSeriesCompleteAfterUIDPass(). */
bool
ReadSeriesInstanceUID(const std::string & fileName, std::string & uid);

/** Whether \c reader's ReadUpToTag(PixelData) stopped in front of the value of PixelData
 * (7FE0,0010), within the first \c limit bytes: it does if, and only if, PixelData exists, and
 * then the stream position is valid and no element beyond PixelData was stored. \c position
 * receives the stream position. */
bool
StoppedAtPixelData(const gdcm::Reader & reader, unsigned long long limit, size_t & position);
} // namespace ParallelSeriesScan
} // end namespace itk

#endif
