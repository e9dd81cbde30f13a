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
#include "itkParallelGDCMSeriesFileNames.h"

#include "itkDomainThreader.h"
#include "itkParallelSeriesGDCMHelpers.h"
#include "itkThreadedIndexedContainerPartitioner.h"
#include "itkThreadedWeightedRangePartitioner.h"
#include "itksys/SystemTools.hxx"

#include "gdcmAttribute.h"
#include "gdcmDirectory.h"
#include "gdcmImageHelper.h"
#include "gdcmMediaStorage.h"
#include "gdcmPixelFormat.h"
#include "gdcmReader.h"
#include "gdcmRescaler.h"
#include "gdcmStringFilter.h"
#include "gdcmTrace.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <memory>
#include <set>
#include <sstream>
#ifndef _WIN32
#  include <dirent.h>
#  include <fcntl.h>
#  include <sys/stat.h>
#  include <unistd.h>
#endif

namespace itk
{

namespace
{
const gdcm::Tag kPixelData(0x7fe0, 0x0010);

/** Why a file GDCM cannot parse is skipped. GDCM does not tell truncation from other damage
 * (GDCM 3.2.5, ITK 5.4.7's, fails the parse of a file cut inside its header, where older
 * versions stopped early and reported success). */
constexpr const char * kUnparsableHeader =
  "not a DICOM file, or its header is unreadable: truncated or corrupt (GDCM could not parse it)";

/** Bytes of a file's start read at once for its header (see ScanFile()). */
constexpr size_t kHeaderWindowBytes = 16 * 1024;

std::string
TrimDicomString(std::string s)
{
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0'))
  {
    s.pop_back();
  }
  size_t b = 0;
  while (b < s.size() && s[b] == ' ')
  {
    ++b;
  }
  return s.substr(b);
}

/** The value of an element of a character-string VR (UI, LO, SH, CS, IS, ...), exactly as
 * gdcm::StringFilter::ToString() returns it (the bytes up to the first NUL), without its
 * dictionary lookup: the scan reads six such elements from every file. Elements stored with
 * another VR in an explicit-VR file, and absent elements, go through the StringFilter. */
std::string
StringValue(const gdcm::StringFilter & sf, const gdcm::DataSet & ds, const gdcm::Tag & tag)
{
  if (!ds.FindDataElement(tag))
  {
    return {};
  }
  const gdcm::DataElement & de = ds.GetDataElement(tag);
  const gdcm::VR            vr = de.GetVR();
  const gdcm::ByteValue *   bv = de.GetByteValue();
  if (bv == nullptr || !(vr == gdcm::VR::INVALID || vr == gdcm::VR::UN || gdcm::VR::IsASCII(vr)))
  {
    return sf.ToString(tag);
  }
  const char * p = bv->GetPointer();
  return std::string(p, std::find(p, p + bv->GetLength(), '\0'));
}

#ifndef _WIN32
/** gdcm::Directory::Explore() (POSIX), in the same order (readdir order, files and
 * sub-directories interleaved; names starting with '.' skipped; symbolic links followed), except
 * that (1) a directory that is one of its own ancestors (a symbolic-link loop) is not entered
 * (gdcm::Directory recurses until the path is too long, listing every file hundreds of times),
 * and (2) an entry that cannot be stat()ed (dangling link) or is neither a file nor a directory is
 * listed with the reason instead of ending the listing of its directory (gdcm::Directory stops
 * there, silently dropping the remaining entries). \c problems gets (path, reason).
 * Entries that readdir() reports as regular files (d_type DT_REG) are not stat()ed; links and
 * file systems that report DT_UNKNOWN are. */
void
ListDirectory(const std::string &                                dirName,
              bool                                               recursive,
              std::vector<std::pair<dev_t, ino_t>> &             ancestors,
              std::vector<std::string> &                         files,
              std::vector<std::pair<std::string, std::string>> & problems)
{
  DIR * dir = opendir(dirName.c_str());
  if (!dir)
  {
    problems.emplace_back(dirName, std::string("cannot open the directory: ") + std::strerror(errno));
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
      files.push_back(name); // a regular file, not a link: stat() would say the same (one syscall less)
      continue;
    }
#  endif
    struct stat buf;
    if (stat(name.c_str(), &buf) != 0)
    {
      problems.emplace_back(name, std::string("cannot access the file: ") + std::strerror(errno));
    }
    else if (S_ISREG(buf.st_mode))
    {
      files.push_back(name);
    }
    else if (S_ISDIR(buf.st_mode))
    {
      if (!recursive)
      {
        continue;
      }
      const auto id = std::make_pair(buf.st_dev, buf.st_ino);
      if (std::find(ancestors.begin(), ancestors.end(), id) != ancestors.end())
      {
        problems.emplace_back(name, "directory symbolic link loop (leads back to a parent directory): not followed");
        continue;
      }
      ancestors.push_back(id);
      ListDirectory(name, recursive, ancestors, files, problems);
      ancestors.pop_back();
    }
    else
    {
      problems.emplace_back(name, "not a regular file or directory");
    }
  }
  closedir(dir);
}
#endif

/** Distance of a position along a normal, computed as gdcm::SerieHelper does. */
double
DistanceAlong(const double normal[3], const double ipp[3])
{
  double dist = 0;
  for (int i = 0; i < 3; ++i)
  {
    dist += normal[i] * ipp[i];
  }
  return dist;
}
} // namespace

/** Scans a contiguous range of m_Files; one GDCM reader per file, owned by the work unit. */
class ParallelGDCMSeriesFileNamesScanThreader
  : public DomainThreader<ThreadedIndexedContainerPartitioner, ParallelGDCMSeriesFileNames>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(ParallelGDCMSeriesFileNamesScanThreader);
  using Self = ParallelGDCMSeriesFileNamesScanThreader;
  using Superclass = DomainThreader<ThreadedIndexedContainerPartitioner, ParallelGDCMSeriesFileNames>;
  using Pointer = SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(ParallelGDCMSeriesFileNamesScanThreader, DomainThreader);
  /** The scanner's multithreader is passed on (DomainThreader keeps the setter protected). */
  using Superclass::SetMultiThreader;

protected:
  ParallelGDCMSeriesFileNamesScanThreader() = default;
  void
  ThreadedExecution(const DomainType & range, const ThreadIdType) override
  {
    for (IndexValueType i = range[0]; i <= range[1]; ++i)
    {
      auto & record = this->m_Associate->m_Files[i];
      // ScanFile() turns std::exception into a skip reason. GDCM also throws other types: its
      // gdcmAssertAlwaysMacro throws a std::string in release builds (e.g. from
      // PixelFormat::GetScalarType() on a BitsAllocated / PixelRepresentation it rejects), which
      // would otherwise leave the work unit and abort the whole scan (found by fuzzing).
      try
      {
        this->m_Associate->ScanFile(record);
      }
      catch (const std::string & e)
      {
        record.Error = "GDCM rejected the header: " + e.substr(0, e.find_last_not_of('\n') + 1);
      }
      catch (...)
      {
        record.Error = "GDCM rejected the header (unknown exception)";
      }
    }
  }
};

/** Sorts and summarizes a contiguous range of series. */
class ParallelGDCMSeriesFileNamesSortThreader
  : public DomainThreader<ThreadedIndexedContainerPartitioner, ParallelGDCMSeriesFileNames>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(ParallelGDCMSeriesFileNamesSortThreader);
  using Self = ParallelGDCMSeriesFileNamesSortThreader;
  using Superclass = DomainThreader<ThreadedIndexedContainerPartitioner, ParallelGDCMSeriesFileNames>;
  using Pointer = SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(ParallelGDCMSeriesFileNamesSortThreader, DomainThreader);
  /** The scanner's multithreader is passed on (DomainThreader keeps the setter protected). */
  using Superclass::SetMultiThreader;

  std::vector<ParallelGDCMSeriesFileNames::SeriesRecord *> m_SeriesList;

protected:
  ParallelGDCMSeriesFileNamesSortThreader() = default;
  void
  ThreadedExecution(const DomainType & range, const ThreadIdType) override
  {
    for (IndexValueType i = range[0]; i <= range[1]; ++i)
    {
      this->m_Associate->SortSeries(*m_SeriesList[i]);
      this->m_Associate->SummarizeSeries(*m_SeriesList[i]);
    }
  }
};

ParallelGDCMSeriesFileNames::ParallelGDCMSeriesFileNames()
{
  // As gdcm::SerieHelper does: GDCM's warnings about odd files would flood stderr.
  gdcm::Trace::WarningOff();
}

ParallelGDCMSeriesFileNames::~ParallelGDCMSeriesFileNames() = default;

void
ParallelGDCMSeriesFileNames::SetInputDirectory(const char * name)
{
  if (!name)
  {
    itkExceptionMacro(<< "SetInputDirectory() received a nullptr string");
  }
  this->SetInputDirectory(std::string(name));
}

void
ParallelGDCMSeriesFileNames::SetInputDirectory(const std::string & name)
{
  if (m_InputDirectory == name && !m_UseExplicitFileNames)
  {
    return;
  }
  m_InputDirectory = name;
  m_UseExplicitFileNames = false;
  m_ExplicitFileNames.clear();
  this->Modified();
}

void
ParallelGDCMSeriesFileNames::SetInputFileNames(const FileNamesContainerType & fileNames)
{
  m_ExplicitFileNames = fileNames;
  m_UseExplicitFileNames = true;
  m_InputDirectory.clear();
  this->Modified();
}

void
ParallelGDCMSeriesFileNames::AddSeriesRestriction(const std::string & tag)
{
  gdcm::Tag t;
  if (!t.ReadFromPipeSeparatedString(tag.c_str()))
  {
    itkExceptionMacro(<< "AddSeriesRestriction: \"" << tag << "\" is not a tag of the form gggg|eeee");
  }
  m_Restrictions.emplace_back(t.GetGroup(), t.GetElement());
  this->Modified();
}

void
ParallelGDCMSeriesFileNames::ClearSeriesRestrictions()
{
  if (!m_Restrictions.empty())
  {
    m_Restrictions.clear();
    this->Modified();
  }
}

void
ParallelGDCMSeriesFileNames::ScanFile(FileRecord & r) const
{
  if (!r.Error.empty())
  {
    return; // not a file (see Update())
  }
  static const std::set<gdcm::Tag> skip{ kPixelData }; // built once (thread-safe static)
  std::unique_ptr<gdcm::Reader>    fileReader;         // only when the window is not enough
  gdcm::Reader *                   reader = nullptr;
#ifndef _WIN32
  // The header is parsed from one read of the file's first 16 KiB, in memory: GDCM reading an
  // std::ifstream makes about 13 lseek() and 3 read() calls per file (its tellg() and seekg()),
  // a fifth of the scan's time. A header that does not fit, or that GDCM cannot parse from the
  // window, is read again from the file as below, so the result is the same.
  gdcm::Reader       windowReader;
  char               window[kHeaderWindowBytes];
  ssize_t            got = -1;
  ParallelSeriesGDCM::MemoryStreamBuffer windowBuffer(window, 0);
  std::istream       windowStream(&windowBuffer);
  {
    const int fd = ::open(r.FileName.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
    {
      r.Error = std::string("cannot open the file: ") + std::strerror(errno);
      return;
    }
    struct stat st;
    if (::fstat(fd, &st) == 0)
    {
      r.FileBytes = static_cast<SizeValueType>(st.st_size);
      got = r.FileBytes > 0 ? ::pread(fd, window, sizeof(window), 0) : 0;
    }
    const int readError = errno;
    ::close(fd);
    if (got < 0)
    {
      r.Error = std::string("cannot read the file: ") + std::strerror(readError);
      return;
    }
    if (r.FileBytes == 0)
    {
      r.Error = "empty file (0 bytes)";
      return;
    }
    const bool whole = static_cast<SizeValueType>(got) >= r.FileBytes;
    bool       ok = false;
    bool       parsed = false;
    windowBuffer.Reset(window, static_cast<size_t>(got));
    windowReader.SetStream(windowStream);
    try
    {
      ok = windowReader.ReadUpToTag(kPixelData, skip);
      if (ok)
      {
        const size_t          pos = windowReader.GetStreamCurrentPosition();
        const gdcm::DataSet & ds = windowReader.GetFile().GetDataSet();
        parsed = pos != static_cast<size_t>(-1) && pos > 0 && pos <= static_cast<size_t>(got) &&
                 (ds.GetDES().empty() || ds.GetDES().rbegin()->GetTag() < kPixelData);
      }
    }
    catch (const std::exception & e)
    {
      if (whole)
      {
        r.Error = std::string("GDCM could not parse the header: ") + e.what();
        return;
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
      r.Error = kUnparsableHeader;
      return;
    }
    if (parsed || whole)
    {
      reader = &windowReader; // the whole file was in the window: GDCM's verdict on it stands
    }
  }
  if (reader == nullptr)
#endif
  {
    r.FileBytes = itksys::SystemTools::FileLength(r.FileName);
    if (r.FileBytes == 0)
    {
      r.Error = "empty file (0 bytes)";
      return;
    }
    // Why a file that GDCM could not read failed: probed only then, so that the common case
    // opens each file once.
    const auto openFailure = [&r]() -> bool {
      std::ifstream probe(r.FileName, std::ios::binary);
      if (!probe)
      {
        r.Error = std::string("cannot open the file: ") + std::strerror(errno);
        return true;
      }
      return false;
    };
    fileReader = std::make_unique<gdcm::Reader>();
    reader = fileReader.get();
    fileReader->SetFileName(r.FileName.c_str());
    bool ok = false;
    try
    {
      ok = fileReader->ReadUpToTag(kPixelData, skip);
    }
    catch (const std::exception & e)
    {
      if (!openFailure())
      {
        r.Error = std::string("GDCM could not parse the header: ") + e.what();
      }
      return;
    }
    if (!ok)
    {
      if (!openFailure())
      {
        r.Error = kUnparsableHeader;
      }
      return;
    }
  }
  const gdcm::File &    f = reader->GetFile();
  const gdcm::DataSet & ds = f.GetDataSet();

  // ReadUpToTag() stopped in front of PixelData's value if, and only if, PixelData exists:
  // then the stream is still good and no element beyond PixelData was stored.
  const size_t pos = reader->GetStreamCurrentPosition();
  const bool   stoppedAtPixelData = pos != static_cast<size_t>(-1) && pos > 0 && pos <= r.FileBytes &&
                                  (ds.GetDES().empty() || ds.GetDES().rbegin()->GetTag() < kPixelData);
  if (!stoppedAtPixelData)
  {
    r.Error = "no PixelData (7FE0,0010) before the end of the file: not an image, or truncated in its header";
    return;
  }

  gdcm::StringFilter sf;
  sf.SetFile(f);
  const std::string seriesUID = StringValue(sf, ds, gdcm::Tag(0x0020, 0x000e));
  r.SOPInstanceUID = TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0008, 0x0018)));
  r.SeriesInstanceUID = TrimDicomString(seriesUID);
  r.StudyInstanceUID = TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0020, 0x000d)));
  r.SeriesNumber = TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0020, 0x0011)));
  r.SeriesDescription = TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0008, 0x103e)));
  r.Modality = TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0008, 0x0060)));
  r.TransferSyntaxUID = gdcm::TransferSyntax::GetTSString(f.GetHeader().GetDataSetTransferSyntax());
  r.TransferSyntaxUID = TrimDicomString(r.TransferSyntaxUID);

  // Series identifier: gdcm::SerieHelper::CreateUniqueSeriesIdentifier().
  {
    const std::string &                        uid = seriesUID;
    std::string                                id = uid;
    std::vector<std::pair<uint16_t, uint16_t>> refine;
    if (m_UseSeriesDetails)
    {
      refine = { { 0x0020, 0x0011 }, { 0x0018, 0x0024 }, { 0x0018, 0x0050 }, { 0x0028, 0x0010 }, { 0x0028, 0x0011 } };
    }
    refine.insert(refine.end(), m_Restrictions.begin(), m_Restrictions.end());
    for (const auto & t : refine)
    {
      const std::string s = sf.ToString(gdcm::Tag(t.first, t.second));
      if (id == uid && !s.empty())
      {
        id += ".";
      }
      id += s;
    }
    std::string clean;
    clean.reserve(id.size());
    for (const char c : id)
    {
      if (c == '.' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))
      {
        clean.push_back(c);
      }
    }
    r.SeriesIdentifier = clean;
  }

  try
  {
    const std::vector<double> ipp = gdcm::ImageHelper::GetOriginValue(f);
    const std::vector<double> iop = gdcm::ImageHelper::GetDirectionCosinesValue(f);
    for (unsigned i = 0; i < 3 && i < ipp.size(); ++i)
    {
      r.Position[i] = ipp[i];
    }
    for (unsigned i = 0; i < 6 && i < iop.size(); ++i)
    {
      r.Cosines[i] = iop[i];
    }
    gdcm::Attribute<0x0020, 0x0013> instanceNumber;
    instanceNumber.SetValue(-1);
    instanceNumber.SetFromDataSet(ds);
    r.InstanceNumber = instanceNumber.GetValue();

    const std::vector<unsigned int> dims = gdcm::ImageHelper::GetDimensionsValue(f);
    r.Columns = dims.size() > 0 ? dims[0] : 0;
    r.Rows = dims.size() > 1 ? dims[1] : 0;
    r.Frames = dims.size() > 2 && dims[2] > 0 ? dims[2] : 1;

    // Spacing as GDCMImageIO::InternalReadImageInformation() gets it: PixelSpacing for the media
    // storages GDCM's ImageHelper does not handle there, GDCM's spacing otherwise.
    gdcm::MediaStorage ms;
    ms.SetFromFile(f);
    switch (ms)
    {
      case gdcm::MediaStorage::HardcopyGrayscaleImageStorage:
      case gdcm::MediaStorage::GEPrivate3DModelStorage:
      case gdcm::MediaStorage::Philips3D:
      case gdcm::MediaStorage::VideoEndoscopicImageStorage:
      case gdcm::MediaStorage::UltrasoundMultiFrameImageStorage:
      case gdcm::MediaStorage::UltrasoundImageStorage:
      case gdcm::MediaStorage::UltrasoundImageStorageRetired:
      case gdcm::MediaStorage::UltrasoundMultiFrameImageStorageRetired: {
        r.Spacing[0] = r.Spacing[1] = r.Spacing[2] = 1.0;
        const gdcm::Tag spacingTag(0x0028, 0x0030);
        if (ds.FindDataElement(spacingTag) && !ds.GetDataElement(spacingTag).IsEmpty())
        {
          gdcm::Attribute<0x0028, 0x0030> pixelSpacing;
          pixelSpacing.SetFromDataElement(ds.GetDataElement(spacingTag));
          r.Spacing[0] = pixelSpacing.GetValue(1); // PixelSpacing is (row, column) spacing
          r.Spacing[1] = pixelSpacing.GetValue(0);
        }
        break;
      }
      default: {
        const std::vector<double> sp = gdcm::ImageHelper::GetSpacingValue(f);
        for (unsigned i = 0; i < 3 && i < sp.size(); ++i)
        {
          r.Spacing[i] = sp[i];
        }
        break;
      }
    }

    const gdcm::PixelFormat pf = gdcm::ImageHelper::GetPixelFormatValue(f);
    // ImageHelper::GetPhotometricInterpretationValue() without its second GetPixelFormatValue()
    // (a sixth of the scan's instructions): the same GetPIType() on the same value; its
    // defaults when the attribute is missing.
    const gdcm::ByteValue * piValue = gdcm::ImageHelper::GetPointerFromElement(gdcm::Tag(0x0028, 0x0004), f);
    const gdcm::PhotometricInterpretation pi =
      piValue ? gdcm::PhotometricInterpretation(gdcm::PhotometricInterpretation::GetPIType(
                  std::string(piValue->GetPointer(), piValue->GetLength()).c_str()))
              : gdcm::ImageHelper::GetPhotometricInterpretationValue(f);
    r.PhotometricInterpretation = TrimDicomString(
      gdcm::PhotometricInterpretation::GetPIString(pi) ? gdcm::PhotometricInterpretation::GetPIString(pi) : "");
    r.SamplesPerPixel = pf.GetSamplesPerPixel();
    if (pi == gdcm::PhotometricInterpretation::PALETTE_COLOR)
    {
      r.SamplesPerPixel = 3;
    }
    r.BitsAllocated = pf.GetBitsAllocated();
    gdcm::PixelFormat::ScalarType outputType = pf.GetScalarType();
    if (pf.GetScalarType() != gdcm::PixelFormat::SINGLEBIT)
    {
      const std::vector<double> is = gdcm::ImageHelper::GetRescaleInterceptSlopeValue(f);
      r.RescaleIntercept = is.size() > 0 ? is[0] : 0.0;
      r.RescaleSlope = is.size() > 1 ? is[1] : 1.0;
      if (r.RescaleSlope != 1.0 || r.RescaleIntercept != 0.0)
      {
        gdcm::Rescaler rescaler;
        rescaler.SetIntercept(r.RescaleIntercept);
        rescaler.SetSlope(r.RescaleSlope);
        rescaler.SetPixelFormat(pf);
        outputType = rescaler.ComputeInterceptSlopePixelType();
      }
    }
    r.ComponentType = ParallelSeriesGDCM::ToIOComponent(outputType);

    // Truncation: native (not encapsulated) pixel data must fit between the start of the
    // PixelData value (where ReadUpToTag() stopped) and the end of the file.
    const gdcm::TransferSyntax & ts = f.GetHeader().GetDataSetTransferSyntax();
    if (!ts.IsEncapsulated() && ts != gdcm::TransferSyntax::DeflatedExplicitVRLittleEndian)
    {
      // YBR_FULL_422 stores 2 samples per pixel on average (4:2:2 chroma subsampling).
      const unsigned long long samples =
        pi == gdcm::PhotometricInterpretation::YBR_FULL_422 ? 2 : pf.GetSamplesPerPixel();
      const unsigned long long bits =
        static_cast<unsigned long long>(r.Columns) * r.Rows * r.Frames * samples * pf.GetBitsAllocated();
      const unsigned long long need = (bits + 7) / 8;
      if (pos + need > r.FileBytes)
      {
        std::ostringstream msg;
        msg << "truncated file: PixelData needs " << need << " bytes from offset " << pos << " but the file has "
            << r.FileBytes << " bytes";
        r.Damage = msg.str();
      }
    }
  }
  catch (const std::exception & e)
  {
    r.Error = std::string("GDCM could not interpret the image attributes: ") + e.what();
    return;
  }
  if (r.Rows == 0 || r.Columns == 0)
  {
    r.Error = "Rows (0028,0010) or Columns (0028,0011) missing or zero";
  }
}

void
ParallelGDCMSeriesFileNames::SortSeries(SeriesRecord & series) const
{
  std::vector<SizeValueType> & list = series.Files;
  const auto &                 files = m_Files;
  series.Volumes.clear();
  series.Summary.Error.clear();

  // 1. gdcm::SerieHelper::ImagePositionPatientOrdering(): normal of the first listed file.
  const double *      c = files[list.front()].Cosines;
  const double        normal[3] = { c[1] * c[5] - c[2] * c[4], c[2] * c[3] - c[0] * c[5], c[0] * c[4] - c[1] * c[3] };
  std::vector<double> dist(list.size());
  for (size_t k = 0; k < list.size(); ++k)
  {
    dist[k] = DistanceAlong(normal, files[list[k]].Position);
  }
  const auto          mm = std::minmax_element(dist.begin(), dist.end());
  const bool          allSamePosition = (*mm.first == *mm.second);
  std::vector<size_t> order(list.size());
  for (size_t k = 0; k < order.size(); ++k)
  {
    order[k] = k;
  }
  std::stable_sort(order.begin(), order.end(), [&dist](size_t a, size_t b) { return dist[a] < dist[b]; });
  bool uniquePositions = !allSamePosition;
  for (size_t k = 1; k < order.size() && uniquePositions; ++k)
  {
    if (dist[order[k]] == dist[order[k - 1]])
    {
      uniquePositions = false;
    }
  }

  std::vector<SizeValueType> sorted;
  sorted.reserve(list.size());
  if (uniquePositions)
  {
    for (const size_t k : order)
    {
      sorted.push_back(list[k]);
    }
  }
  else
  {
    // 2. ImageNumberOrdering(), else 3. FileNameOrdering().
    std::set<int> numbers;
    for (const SizeValueType i : list)
    {
      numbers.insert(files[i].InstanceNumber);
    }
    sorted = list;
    if (numbers.size() == list.size())
    {
      std::sort(sorted.begin(), sorted.end(), [&files](SizeValueType a, SizeValueType b) {
        return files[a].InstanceNumber < files[b].InstanceNumber;
      });
    }
    else
    {
      std::sort(sorted.begin(), sorted.end(), [&files](SizeValueType a, SizeValueType b) {
        return files[a].FileName < files[b].FileName;
      });
    }
  }

  // Volumes.
  const bool multiFrame =
    std::any_of(list.begin(), list.end(), [&files](SizeValueType i) { return files[i].Frames > 1; });
  if (multiFrame && list.size() > 1)
  {
    for (const SizeValueType i : sorted)
    {
      series.Volumes.push_back({ i });
    }
  }
  else if (uniquePositions || allSamePosition)
  {
    series.Volumes.push_back(sorted);
  }
  else
  {
    // Repeated positions: group files by position; copies of one instance count once.
    std::vector<std::vector<SizeValueType>> groups;
    for (size_t k = 0; k < order.size(); ++k)
    {
      if (k == 0 || dist[order[k]] != dist[order[k - 1]])
      {
        groups.emplace_back();
      }
      const FileRecord & r = files[list[order[k]]];
      const bool         copy = !r.SOPInstanceUID.empty() &&
                        std::any_of(groups.back().begin(), groups.back().end(), [&files, &r](SizeValueType j) {
                          return files[j].SOPInstanceUID == r.SOPInstanceUID;
                        });
      if (!copy)
      {
        groups.back().push_back(list[order[k]]);
      }
    }
    const size_t perPosition = groups.front().size();
    const bool regular = std::all_of(groups.begin(), groups.end(), [perPosition](const std::vector<SizeValueType> & g) {
      return g.size() == perPosition;
    });
    if (!regular)
    {
      std::ostringstream msg;
      msg << "inconsistent series: " << list.size() << " files at " << groups.size()
          << " distinct positions, with positions repeated an unequal number of times (missing or extra files?)";
      // Name the files of the first position whose count differs from the most common one.
      std::map<size_t, size_t> counts;
      for (const auto & g : groups)
      {
        ++counts[g.size()];
      }
      const size_t usual = std::max_element(counts.begin(), counts.end(), [](const auto & a, const auto & b) {
                             return a.second < b.second;
                           })->first;
      for (const auto & g : groups)
      {
        if (g.size() != usual)
        {
          msg << "; " << g.size() << " file(s) instead of " << usual << " at position (" << files[g.front()].Position[0]
              << ", " << files[g.front()].Position[1] << ", " << files[g.front()].Position[2] << "):";
          for (size_t k = 0; k < g.size() && k < 4; ++k)
          {
            msg << " \"" << files[g[k]].FileName << "\"";
          }
          msg << (g.size() > 4 ? " ..." : "");
          break;
        }
      }
      series.Summary.Error = msg.str();
    }
    else
    {
      series.Volumes.assign(perPosition, {});
      for (auto & g : groups)
      {
        std::sort(g.begin(), g.end(), [&files](SizeValueType a, SizeValueType b) {
          if (files[a].InstanceNumber != files[b].InstanceNumber)
          {
            return files[a].InstanceNumber < files[b].InstanceNumber;
          }
          return files[a].FileName < files[b].FileName;
        });
        for (size_t v = 0; v < perPosition; ++v)
        {
          series.Volumes[v].push_back(g[v]);
        }
      }
    }
  }
  series.Damaged.clear();
  for (const SizeValueType i : list)
  {
    if (!files[i].Damage.empty())
    {
      series.Damaged.push_back({ files[i].FileName, files[i].Damage });
    }
  }
  list = std::move(sorted);
}

void
ParallelGDCMSeriesFileNames::SummarizeSeries(SeriesRecord & series) const
{
  SeriesSummary &    s = series.Summary;
  const FileRecord & first = m_Files[series.Volumes.empty() ? series.Files.front() : series.Volumes.front().front()];
  s.SeriesInstanceUID = first.SeriesInstanceUID;
  s.StudyInstanceUID = first.StudyInstanceUID;
  s.SeriesNumber = first.SeriesNumber;
  s.SeriesDescription = first.SeriesDescription;
  s.Modality = first.Modality;
  s.TransferSyntaxUID = first.TransferSyntaxUID;
  s.PhotometricInterpretation = first.PhotometricInterpretation;
  s.Columns = first.Columns;
  s.Rows = first.Rows;
  s.NumberOfFiles = static_cast<unsigned int>(series.Files.size());
  s.NumberOfFramesPerFile = first.Frames;
  s.NumberOfVolumes = static_cast<unsigned int>(series.Volumes.size());
  s.SamplesPerPixel = first.SamplesPerPixel;
  s.BitsAllocated = first.BitsAllocated;
  s.ComponentType = first.ComponentType;
  s.RescaleSlope = first.RescaleSlope;
  s.RescaleIntercept = first.RescaleIntercept;
  s.TotalFileBytes = 0;
  for (const SizeValueType i : series.Files)
  {
    s.TotalFileBytes += m_Files[i].FileBytes;
  }
  const std::vector<SizeValueType> & volume = series.Volumes.empty() ? series.Files : series.Volumes.front();
  s.NumberOfSlices = static_cast<unsigned int>(volume.size()) * first.Frames;

  // Direction: GDCMImageIO::InternalReadImageInformation() orthogonalization.
  const double *    c = first.Cosines;
  Vector<double, 3> row, col;
  for (unsigned i = 0; i < 3; ++i)
  {
    row[i] = c[i];
    col[i] = c[i + 3];
  }
  Vector<double, 3> slice = CrossProduct(row, col);
  slice.Normalize();
  row = CrossProduct(col, slice);
  row.Normalize();
  col = CrossProduct(slice, row);
  for (unsigned i = 0; i < 3; ++i)
  {
    s.Direction[i][0] = row[i];
    s.Direction[i][1] = col[i];
    s.Direction[i][2] = slice[i];
    s.Origin[i] = first.Position[i];
  }
  // A single file keeps its own spacing (ImageSeriesReader with one file); then, as
  // ImageFileReader does, a negative spacing becomes positive with that axis flipped.
  s.Spacing[0] = first.Spacing[0];
  s.Spacing[1] = first.Spacing[1];
  s.Spacing[2] = first.Spacing[2];
  for (unsigned int d = 0; d < 3; ++d)
  {
    if (s.Spacing[d] < 0)
    {
      s.Spacing[d] = -s.Spacing[d];
      for (unsigned int i = 0; i < 3; ++i)
      {
        s.Direction[i][d] = -s.Direction[i][d];
      }
    }
  }
  if (volume.size() > 1)
  {
    // ImageSeriesReader: distance from the first to the last position over (n - 1).
    const FileRecord & last = m_Files[volume.back()];
    double             d2 = 0;
    for (unsigned i = 0; i < 3; ++i)
    {
      const double d = last.Position[i] - first.Position[i];
      d2 += d * d;
    }
    const double norm = std::sqrt(d2);
    s.Spacing[2] = Math::AlmostEquals(norm, 0.0) ? 1.0 : norm / static_cast<double>(volume.size() - 1);
  }
}

void
ParallelGDCMSeriesFileNames::Update()
{
  if (m_Scanned && m_ScanTime > this->GetMTime())
  {
    return;
  }
  FileNamesContainerType                           names;
  std::vector<std::pair<std::string, std::string>> listingProblems; ///< entries that are not files
  if (m_UseExplicitFileNames)
  {
    names = m_ExplicitFileNames;
  }
  else
  {
    if (m_InputDirectory.empty())
    {
      itkExceptionMacro(<< "No input: call SetInputDirectory() or SetInputFileNames() before Update()");
    }
    if (!itksys::SystemTools::FileIsDirectory(m_InputDirectory))
    {
      itkExceptionMacro(<< "Input directory \"" << m_InputDirectory << "\" does not exist or is not a directory");
    }
#ifdef _WIN32
    gdcm::Directory dir;
    dir.Load(m_InputDirectory, m_Recursive);
    names = dir.GetFilenames();
#else
    struct stat                          top;
    std::vector<std::pair<dev_t, ino_t>> ancestors;
    if (stat(m_InputDirectory.c_str(), &top) == 0)
    {
      ancestors.emplace_back(top.st_dev, top.st_ino);
    }
    ListDirectory(m_InputDirectory, m_Recursive, ancestors, names, listingProblems);
#endif
  }

  // Same global GDCM setting as GDCMImageIO::ReadImageInformation() uses.
  gdcm::ImageHelper::SetForceRescaleInterceptSlope(true);

  m_Files.clear();
  m_Files.resize(names.size());
  for (size_t i = 0; i < names.size(); ++i)
  {
    m_Files[i].FileName = names[i];
  }
  // Directory entries that are not files (loops, dangling links) are listed as skipped.
  for (const auto & problem : listingProblems)
  {
    m_Files.emplace_back();
    m_Files.back().FileName = problem.first;
    m_Files.back().Error = problem.second;
  }
  this->UpdateProgress(0.0f);

  const ThreadIdType workUnits =
    std::max<ThreadIdType>(1,
                           this->GetNumberOfWorkUnits() > 0 ? this->GetNumberOfWorkUnits()
                                                            : MultiThreaderBase::GetGlobalDefaultNumberOfThreads());
  if (!m_Files.empty())
  {
    auto scanner = ParallelGDCMSeriesFileNamesScanThreader::New();
    // More work units than threads for a queueing multithreader: it balances files of uneven cost.
    scanner->SetMultiThreader(this->GetMultiThreader());
    scanner->SetNumberOfWorkUnits(
      ThreadedWeightedRangePartitioner::NumberOfWorkUnitsFor(this->GetMultiThreader(), workUnits, 4));
    ThreadedIndexedContainerPartitioner::DomainType all;
    all[0] = 0;
    all[1] = static_cast<IndexValueType>(m_Files.size()) - 1;
    scanner->Execute(this, all);
  }
  this->UpdateProgress(0.8f);

  // Group in listing order (the insertion order gdcm::SerieHelper uses).
  m_Series.clear();
  m_SkippedFiles.clear();
  m_SeriesUIDs.clear();
  for (SizeValueType i = 0; i < m_Files.size(); ++i)
  {
    const FileRecord & r = m_Files[i];
    if (!r.Error.empty())
    {
      m_SkippedFiles.push_back({ r.FileName, r.Error });
      continue;
    }
    m_Series[r.SeriesIdentifier].Files.push_back(i);
  }
  std::vector<SeriesRecord *> seriesList;
  for (auto & s : m_Series)
  {
    s.second.Summary.SeriesIdentifier = s.first;
    m_SeriesUIDs.push_back(s.first);
    seriesList.push_back(&s.second);
  }
  if (!seriesList.empty())
  {
    auto sorter = ParallelGDCMSeriesFileNamesSortThreader::New();
    sorter->m_SeriesList = seriesList;
    sorter->SetMultiThreader(this->GetMultiThreader());
    sorter->SetNumberOfWorkUnits(workUnits);
    ThreadedIndexedContainerPartitioner::DomainType all;
    all[0] = 0;
    all[1] = static_cast<IndexValueType>(seriesList.size()) - 1;
    sorter->Execute(this, all);
  }
  m_Scanned = true;
  m_ScanTime.Modified();
  this->UpdateProgress(1.0f);
}

void
ParallelGDCMSeriesFileNames::CheckUpToDate() const
{
  if (!m_Scanned)
  {
    itkExceptionMacro(<< "No scan yet: call Update() first");
  }
  if (this->GetMTime() > m_ScanTime.GetMTime())
  {
    itkExceptionMacro(<< "The input or a setting changed after the last scan: call Update() first");
  }
}

const ParallelGDCMSeriesFileNames::SeriesRecord *
ParallelGDCMSeriesFileNames::FindSeries(const std::string & uid) const
{
  this->CheckUpToDate();
  if (uid.empty())
  {
    return m_Series.empty() ? nullptr : &m_Series.begin()->second;
  }
  const auto it = m_Series.find(uid);
  return it == m_Series.end() ? nullptr : &it->second;
}

const ParallelGDCMSeriesFileNames::SeriesUIDContainerType &
ParallelGDCMSeriesFileNames::GetSeriesUIDs() const
{
  this->CheckUpToDate();
  return m_SeriesUIDs;
}

ParallelGDCMSeriesFileNames::FileNamesContainerType
ParallelGDCMSeriesFileNames::GetFileNames(const std::string & uid) const
{
  FileNamesContainerType names;
  this->GetFileNames(uid, names);
  return names;
}

bool
ParallelGDCMSeriesFileNames::GetFileNames(const std::string & uid, FileNamesContainerType & fileNames) const
{
  fileNames.clear();
  const SeriesRecord * s = this->FindSeries(uid);
  if (!s)
  {
    return false;
  }
  fileNames.reserve(s->Files.size());
  for (const SizeValueType i : s->Files)
  {
    fileNames.push_back(m_Files[i].FileName);
  }
  return true;
}

unsigned int
ParallelGDCMSeriesFileNames::GetNumberOfVolumes(const std::string & uid) const
{
  const SeriesRecord * s = this->FindSeries(uid);
  return s ? static_cast<unsigned int>(s->Volumes.size()) : 0;
}

bool
ParallelGDCMSeriesFileNames::GetVolumeFileNames(const std::string &      uid,
                                                unsigned int             volume,
                                                FileNamesContainerType & fileNames) const
{
  fileNames.clear();
  const SeriesRecord * s = this->FindSeries(uid);
  if (!s || volume >= s->Volumes.size())
  {
    return false;
  }
  fileNames.reserve(s->Volumes[volume].size());
  for (const SizeValueType i : s->Volumes[volume])
  {
    fileNames.push_back(m_Files[i].FileName);
  }
  return true;
}

bool
ParallelGDCMSeriesFileNames::GetVolumeImagePositions(const std::string &             uid,
                                                     unsigned int                    volume,
                                                     std::vector<Point<double, 3>> & positions) const
{
  positions.clear();
  const SeriesRecord * s = this->FindSeries(uid);
  if (!s || volume >= s->Volumes.size())
  {
    return false;
  }
  for (const SizeValueType i : s->Volumes[volume])
  {
    Point<double, 3> p;
    for (unsigned d = 0; d < 3; ++d)
    {
      p[d] = m_Files[i].Position[d];
    }
    positions.push_back(p);
  }
  return true;
}

const ParallelGDCMSeriesFileNames::SeriesSummary &
ParallelGDCMSeriesFileNames::GetSeriesSummary(const std::string & uid) const
{
  const SeriesRecord * s = this->FindSeries(uid);
  if (!s)
  {
    itkExceptionMacro(<< "Unknown series \"" << uid << "\"");
  }
  return s->Summary;
}

ParallelGDCMSeriesFileNames::SkippedFileContainerType
ParallelGDCMSeriesFileNames::GetDamagedFiles(const std::string & uid) const
{
  const SeriesRecord * s = this->FindSeries(uid);
  return s ? s->Damaged : SkippedFileContainerType();
}

std::string
ParallelGDCMSeriesFileNames::GetSeriesError(const std::string & uid) const
{
  const SeriesRecord * s = this->FindSeries(uid);
  return s ? s->Summary.Error : std::string();
}

const ParallelGDCMSeriesFileNames::SkippedFileContainerType &
ParallelGDCMSeriesFileNames::GetSkippedFiles() const
{
  this->CheckUpToDate();
  return m_SkippedFiles;
}

SizeValueType
ParallelGDCMSeriesFileNames::GetNumberOfScannedFiles() const
{
  this->CheckUpToDate();
  return m_Files.size();
}

void
ParallelGDCMSeriesFileNames::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "InputDirectory: " << m_InputDirectory << std::endl;
  os << indent << "Explicit file names: " << (m_UseExplicitFileNames ? m_ExplicitFileNames.size() : 0) << std::endl;
  os << indent << "Recursive: " << (m_Recursive ? "On" : "Off") << std::endl;
  os << indent << "UseSeriesDetails: " << (m_UseSeriesDetails ? "On" : "Off") << std::endl;
  os << indent << "SeriesRestrictions: " << m_Restrictions.size() << std::endl;
  os << indent << "Scanned files: " << m_Files.size() << std::endl;
  os << indent << "Series: " << m_SeriesUIDs.size() << std::endl;
  os << indent << "Skipped files: " << m_SkippedFiles.size() << std::endl;
}

} // end namespace itk
