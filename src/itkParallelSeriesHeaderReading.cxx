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
#include "itkParallelSeriesHeaderReading.h"

#include "itksys/SystemTools.hxx"

#include "gdcmMediaStorage.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <utility>

namespace itk
{
namespace ParallelSeriesScan
{
namespace
{
const gdcm::Tag kPixelData(0x7fe0, 0x0010);

/** Why a file GDCM cannot parse is skipped. GDCM does not tell truncation from other damage
 * (GDCM 3.2.5, ITK 5.4.7's, fails the parse of a file cut inside its header, where older
 * versions stopped early and reported success). */
constexpr const char * kUnparsableHeader =
  "not a DICOM file, or its header is unreadable: truncated or corrupt (GDCM could not parse it)";

/** Why a file is skipped whose header holds the image attributes but that ends before its
 * PixelData element is complete (see EndsBeforePixelData()). A file cut inside the PixelData
 * value is parsed, and is a damaged member of its series (FileRecord::Damage). */
constexpr const char * kTruncatedPixelData =
  "truncated: the header is complete (Rows, Columns) but the file ends before or inside its pixel data "
  "(PixelData (7FE0,0010))";

/** Why a DICOMDIR is skipped. */
constexpr const char * kDicomDir = "DICOMDIR (a directory index, not an image)";

/** Whether GDCM, stopping before PixelData (a failed parse, or the end of the file), had read
 * the image pixel attributes: Rows and Columns, and its last element is of group 0028 or later
 * (GDCM 3.2.5 fails the parse of a file that ends inside PixelData's element header, and stops
 * without error at the end of a file that ends before it). */
bool
EndsBeforePixelData(const gdcm::Reader & reader)
{
  const gdcm::DataSet & ds = reader.GetFile().GetDataSet();
  return !ds.GetDES().empty() && ds.FindDataElement(gdcm::Tag(0x0028, 0x0010)) &&
         ds.FindDataElement(gdcm::Tag(0x0028, 0x0011)) &&
         !(ds.GetDES().rbegin()->GetTag() < gdcm::Tag(0x0028, 0x0000)) && !ds.FindDataElement(kPixelData);
}

/** Whether \c reader's file is a DICOMDIR (Media Storage SOP Class 1.2.840.10008.1.3.10). */
bool
IsDicomDir(const gdcm::Reader & reader)
{
  gdcm::MediaStorage ms;
  ms.SetFromFile(reader.GetFile());
  return ms == gdcm::MediaStorage::MediaStorageDirectoryStorage;
}

/** Why an empty file is skipped. */
constexpr const char * kEmptyFile = "empty file (0 bytes)";

/** The tags whose values ReadUpToTag() skips: PixelData's (built once, thread-safe static). */
const std::set<gdcm::Tag> &
SkippedTags()
{
  static const std::set<gdcm::Tag> skip{ kPixelData };
  return skip;
}

/** Why GDCM could not read \c fileName when the reason is that it cannot be opened: probed only
 * after GDCM failed, so that the common case opens each file once. Empty when it opens. */
std::string
OpenFailure(const std::string & fileName)
{
  std::ifstream probe(fileName, std::ios::binary);
  if (!probe)
  {
    return std::string("cannot open the file: ") + std::strerror(errno);
  }
  return {};
}
} // namespace

bool
StoppedAtPixelData(const gdcm::Reader & reader, unsigned long long limit, size_t & position)
{
  position = reader.GetStreamCurrentPosition();
  const gdcm::DataSet & ds = reader.GetFile().GetDataSet();
  return position != static_cast<size_t>(-1) && position > 0 && position <= limit &&
         (ds.GetDES().empty() || ds.GetDES().rbegin()->GetTag() < kPixelData);
}

HeaderReader::HeaderReader()
#ifndef _WIN32
  : m_WindowBuffer(nullptr, 0)
  , m_WindowStream(&m_WindowBuffer)
#endif
{}

std::string
HeaderReader::Read(const std::string & fileName)
{
#ifndef _WIN32
  const ParallelSeriesGDCM::FileReadResult read = ParallelSeriesGDCM::ReadFileBytes(
    fileName, [this](unsigned long long) { return std::make_pair(m_Window, sizeof(m_Window)); });
  m_FileBytes = read.FileBytes;
  if (read.Failure == ParallelSeriesGDCM::FileReadResult::FailureEnum::Open)
  {
    return std::string("cannot open the file: ") + std::strerror(read.ErrorNumber);
  }
  if (read.Failure != ParallelSeriesGDCM::FileReadResult::FailureEnum::None)
  {
    return std::string("cannot read the file: ") + std::strerror(read.ErrorNumber);
  }
  if (m_FileBytes == 0)
  {
    return kEmptyFile;
  }
  const bool whole = read.BytesRead >= m_FileBytes;
  bool       ok = false;
  bool       parsed = false;
  m_WindowBuffer.Reset(m_Window, read.BytesRead);
  m_WindowReader.SetStream(m_WindowStream);
  try
  {
    ok = m_WindowReader.ReadUpToTag(kPixelData, SkippedTags());
    size_t position = 0;
    parsed = ok && StoppedAtPixelData(m_WindowReader, read.BytesRead, position);
  }
  catch (const std::exception & e)
  {
    if (whole)
    {
      return std::string("GDCM could not parse the header: ") + e.what();
    }
  }
  catch (...)
  {
    if (whole)
    {
      throw; // as from the file (see ParallelGDCMSeriesFileNamesScanThreader)
    }
  }
  if (whole && !ok)
  {
    return EndsBeforePixelData(m_WindowReader) ? kTruncatedPixelData : kUnparsableHeader;
  }
  if (parsed || whole)
  {
    return this->Finish(m_WindowReader); // the whole file was in the window: GDCM's verdict on it stands
  }
#endif
  return this->ReadFromFile(fileName);
}

std::string
HeaderReader::ReadFromFile(const std::string & fileName)
{
  m_FileBytes = itksys::SystemTools::FileLength(fileName);
  if (m_FileBytes == 0)
  {
    return kEmptyFile;
  }
  m_FileReader = std::make_unique<gdcm::Reader>();
  m_FileReader->SetFileName(fileName.c_str());
  bool ok = false;
  try
  {
    ok = m_FileReader->ReadUpToTag(kPixelData, SkippedTags());
  }
  catch (const std::exception & e)
  {
    const std::string openFailure = OpenFailure(fileName);
    return !openFailure.empty() ? openFailure : std::string("GDCM could not parse the header: ") + e.what();
  }
  if (!ok)
  {
    const std::string openFailure = OpenFailure(fileName);
    return !openFailure.empty()                 ? openFailure
           : EndsBeforePixelData(*m_FileReader) ? std::string(kTruncatedPixelData)
                                                : std::string(kUnparsableHeader);
  }
  return this->Finish(*m_FileReader);
}

bool
ReadSeriesInstanceUID(const std::string & fileName, std::string & uid)
{
  uid.clear();
  const gdcm::Tag seriesInstanceUID(0x0020, 0x000e);
  const auto      take = [&uid, &seriesInstanceUID](const gdcm::Reader & reader) {
    const gdcm::DataSet & ds = reader.GetFile().GetDataSet();
    if (!ds.FindDataElement(seriesInstanceUID))
    {
      return false;
    }
    const gdcm::ByteValue * value = ds.GetDataElement(seriesInstanceUID).GetByteValue();
    if (value == nullptr)
    {
      return false;
    }
    uid.assign(value->GetPointer(), value->GetLength());
    while (!uid.empty() && (uid.back() == ' ' || uid.back() == '\0'))
    {
      uid.pop_back();
    }
    return !uid.empty();
  };
#ifndef _WIN32
  constexpr size_t                         windowBytes = 8 * 1024;
  char                                     window[windowBytes];
  const ParallelSeriesGDCM::FileReadResult read = ParallelSeriesGDCM::ReadFileBytes(
    fileName, [&window](unsigned long long) { return std::make_pair(window, sizeof(window)); });
  if (read.Failure != ParallelSeriesGDCM::FileReadResult::FailureEnum::None || read.FileBytes == 0)
  {
    return false;
  }
  {
    ParallelSeriesGDCM::MemoryStreamBuffer buffer(window, read.BytesRead);
    std::istream                           stream(&buffer);
    gdcm::Reader                           reader;
    reader.SetStream(stream);
    try
    {
      if (reader.ReadUpToTag(seriesInstanceUID, SkippedTags()) && take(reader))
      {
        return true;
      }
    }
    catch (...) // a window cut inside an element, or damage: the file decides below
    {}
    if (read.BytesRead >= read.FileBytes)
    {
      return false; // the whole file was parsed
    }
  }
#endif
  gdcm::Reader reader;
  reader.SetFileName(fileName.c_str());
  try
  {
    return reader.ReadUpToTag(seriesInstanceUID, SkippedTags()) && take(reader);
  }
  catch (...)
  {
    uid.clear();
    return false;
  }
}

std::string
HeaderReader::Finish(const gdcm::Reader & reader)
{
  m_Reader = &reader;
  if (IsDicomDir(reader))
  {
    return kDicomDir;
  }
  if (!StoppedAtPixelData(reader, m_FileBytes, m_PixelDataOffset))
  {
    if (EndsBeforePixelData(reader))
    {
      return kTruncatedPixelData;
    }
    return "no PixelData (7FE0,0010) before the end of the file: not an image, or truncated in its header";
  }
  return {};
}
} // namespace ParallelSeriesScan
} // end namespace itk
