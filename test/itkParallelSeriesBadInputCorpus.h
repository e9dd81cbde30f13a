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
#ifndef itkParallelSeriesBadInputCorpus_h
#define itkParallelSeriesBadInputCorpus_h

// A directory of bad DICOM input mixed with good series, generated from valid files (written by
// GDCMImageIO, then modified with GDCM or damaged at known byte offsets), with the expected
// outcome of every case. Used by itkParallelSeriesBadInputTest and by the CLI test driver
// (--generate-corpus).

#include "itkParallelSeriesTestUtilities.h"

#include "gdcmImageChangeTransferSyntax.h"
#include "gdcmImageReader.h"
#include "gdcmImageWriter.h"
#include "gdcmReader.h"
#include "gdcmSequenceOfItems.h"
#include "gdcmWriter.h"

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace ParallelSeriesTest
{

/** What must happen to one bad input. */
struct BadInputCase
{
  enum class Outcome
  {
    Skipped,       ///< listed by GetSkippedFile() with a reason; belongs to no series
    VolumeFailed,  ///< its volume fails (ParallelSeriesVolumeInfo::GetFailedFile() == File), all other volumes read
    SeriesFailed,  ///< its series has no volume (series-level error naming the file)
    ReadLikeStock, ///< read, and equal to stock ITK over the same files (a quirk, not an error)
  };
  std::string Name;      ///< short description, printed
  std::string File;      ///< the bad file (or directory entry)
  std::string SeriesUID; ///< SeriesInstanceUID of its series when it has one (empty otherwise)
  Outcome     Expected{ Outcome::Skipped };
  std::string ReasonContains; ///< the reason given must contain this (case-sensitive)
};

struct BadInputCorpus
{
  std::vector<GeneratedSeries> Series;                      ///< every series written (good and bad)
  std::vector<BadInputCase>    Cases;                       ///< the bad inputs
  std::vector<std::string>     GoodSeriesUIDs;              ///< series that must read completely, equal to stock ITK
  bool                         PermissionsEnforced{ true }; ///< false when running as root
  std::string                  UnreadableFile;
};

namespace Corpus
{
inline std::vector<char>
ReadBytes(const std::string & fileName)
{
  std::ifstream in(fileName, std::ios::binary);
  return std::vector<char>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline void
WriteBytes(const std::string & fileName, const std::vector<char> & data)
{
  std::ofstream out(fileName, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

/** Offset of the first occurrence of \c pattern at or after \c from; throws when absent. */
inline size_t
Find(const std::vector<char> & data, const std::vector<unsigned char> & pattern, size_t from = 0)
{
  for (size_t i = from; i + pattern.size() <= data.size(); ++i)
  {
    if (std::memcmp(&data[i], pattern.data(), pattern.size()) == 0)
    {
      return i;
    }
  }
  throw std::runtime_error("byte pattern not found");
}

/** Offset of the element tag (gggg,eeee) (little endian) in an explicit VR file. */
inline size_t
FindTag(const std::vector<char> & data, uint16_t group, uint16_t element)
{
  const std::vector<unsigned char> p = { static_cast<unsigned char>(group & 0xFF),
                                         static_cast<unsigned char>(group >> 8),
                                         static_cast<unsigned char>(element & 0xFF),
                                         static_cast<unsigned char>(element >> 8) };
  return Find(data, p, 132);
}

/** Overwrites the declared value length of element (gggg,eeee) of \c fileName, a file written
 * by GDCMImageIO in implicit VR little endian (tag: 4 bytes, then the length: 4 bytes). */
inline void
SetDeclaredLength(const std::string & fileName, uint16_t group, uint16_t element, uint32_t length)
{
  auto         data = ReadBytes(fileName);
  const size_t at = FindTag(data, group, element);
  std::memcpy(&data[at + 4], &length, 4);
  WriteBytes(fileName, data);
}

/** Rewrites \c fileName with GDCM after removing the given tags. */
inline void
RemoveTags(const std::string & fileName, const std::vector<gdcm::Tag> & tags)
{
  gdcm::Reader reader;
  reader.SetFileName(fileName.c_str());
  if (!reader.Read())
  {
    throw std::runtime_error("cannot read " + fileName);
  }
  for (const auto & t : tags)
  {
    reader.GetFile().GetDataSet().Remove(t);
  }
  gdcm::Writer writer;
  writer.SetFile(reader.GetFile());
  writer.SetFileName(fileName.c_str());
  if (!writer.Write())
  {
    throw std::runtime_error("cannot write " + fileName);
  }
}

/** Re-encodes \c fileName with GDCM in transfer syntax \c ts. */
inline void
Compress(const std::string & fileName, gdcm::TransferSyntax::TSType ts)
{
  gdcm::ImageReader reader;
  reader.SetFileName(fileName.c_str());
  if (!reader.Read())
  {
    throw std::runtime_error("cannot read " + fileName);
  }
  gdcm::ImageChangeTransferSyntax change;
  change.SetTransferSyntax(ts);
  change.SetInput(reader.GetImage());
  if (!change.Change())
  {
    throw std::runtime_error("cannot compress " + fileName);
  }
  gdcm::ImageWriter writer;
  writer.SetFileName(fileName.c_str());
  writer.SetFile(reader.GetFile());
  writer.SetImage(change.GetOutput());
  if (!writer.Write())
  {
    throw std::runtime_error("cannot write " + fileName);
  }
}

template <typename TPixel>
void
WriteSeries(GeneratedSeries & s, unsigned int seriesIndex, const std::string & prefix)
{
  for (unsigned int z = 0; z < s.Slices; ++z)
  {
    const std::string name = prefix + "_" + std::to_string(z) + ".dcm";
    WriteSlice<TPixel>(s, seriesIndex, 0, z, z + 1, name);
    s.Files.push_back(name);
  }
}

inline GeneratedSeries
SmallSeries(unsigned int index, const std::string & description, itk::IOComponentEnum type, unsigned int slices)
{
  GeneratedSeries s;
  s.SeriesInstanceUID = MakeUID(index + 1);
  s.Description = description;
  s.ComponentType = type;
  s.Columns = 32;
  s.Rows = 24;
  s.Slices = slices;
  s.Spacing[0] = 0.8;
  s.Spacing[1] = 0.9;
  s.Spacing[2] = 2.0;
  s.Origin[0] = -10.0 - index;
  s.Origin[1] = 5.0;
  s.Origin[2] = 3.0 * index;
  return s;
}

inline void
Rename(std::string & file, const std::string & newName)
{
  if (std::rename(file.c_str(), newName.c_str()) != 0)
  {
    throw std::runtime_error("cannot rename " + file);
  }
  file = newName;
}
} // namespace Corpus

/** Writes the corpus into \c root (removed first): the 10 series of GenerateMultiSeriesDirectory()
 * (with its junk files), some of them damaged, plus further small series, each exercising one
 * kind of bad input. Non-UTF-8 file names (byte 0xFF) are used for a damaged and a good file. */
inline BadInputCorpus
GenerateBadInputCorpus(const std::string & root)
{
  using Case = BadInputCase;
  using O = Case::Outcome;
  using T = itk::IOComponentEnum;
  if (itksys::SystemTools::FileIsDirectory(root))
  {
    // A previous run may have left an unreadable file behind: make everything removable.
    const std::string command = "chmod -R u+rwX '" + root + "' 2>/dev/null";
    if (std::system(command.c_str()) != 0)
    {
      std::cerr << "warning: chmod -R failed on " << root << std::endl;
    }
  }
  BadInputCorpus corpus;
  corpus.Series = GenerateMultiSeriesDirectory(root, 5);
  auto & S = corpus.Series;
  auto   uid = [&S](unsigned int i) { return S[i].SeriesInstanceUID; };

  // Series 0: a file truncated in its pixel data, with a non-UTF-8 name.
  {
    std::string & f = S[0].Files[10];
    TruncateFile(f, itksys::SystemTools::FileLength(f) - 1000);
    Corpus::Rename(f, root + "/a/trunc_pixels_\xff.dcm");
    corpus.Cases.push_back({ "truncated pixel data (non-UTF-8 name)", f, uid(0), O::VolumeFailed, "truncated" });
  }
  // Series 1: good, one file with a non-UTF-8 name.
  Corpus::Rename(S[1].Files[5], root + "/c/good_\xff\xfe_name.dcm");
  // Series 3: one slice with other columns (same position and instance number): a stack of its
  // own (series <uid>.20x<rows>), read like stock ITK reads that file; the rest of series 3 reads
  // too (the CLI's corpus test and the reader's failure test check the stock grouping, where it
  // fails its volume).
  {
    GeneratedSeries other = S[3];
    other.Columns = 20;
    WriteSlice<short>(other, 3, 0, 4, 5, S[3].Files[4]);
    corpus.Cases.push_back({ "slice of another size", S[3].Files[4], uid(3), O::ReadLikeStock, "" });
  }
  // Series 6: a file truncated inside its header: GDCM cannot parse it.
  {
    TruncateFile(S[6].Files[0], 300);
    corpus.Cases.push_back({ "truncated header", S[6].Files[0], "", O::Skipped, "truncated" });
  }
  // Series 7: one slice of another pixel type (unsigned char in a short series, values that
  // fit): stock ITK converts it, so does the reader.
  {
    GeneratedSeries other = S[7];
    other.ComponentType = T::UCHAR;
    WriteSlice<unsigned char>(other, 7, 0, 20, 21, S[7].Files[20]);
    corpus.Cases.push_back({ "slice of another pixel type", S[7].Files[20], uid(7), O::ReadLikeStock, "" });
  }
  // Series 8: an extra file at an occupied position (another instance): duplicate position.
  {
    const std::string extra = root + "/a/b/duplicate_position.dcm";
    WriteSlice<unsigned char>(S[8], 8, 7, 3, 100, extra);
    S[8].Files.push_back(extra);
    corpus.Cases.push_back({ "duplicate position", extra, uid(8), O::SeriesFailed, "inconsistent series" });
  }

  // Further series, 10 and up (32 x 24 pixels).
  const std::string d = root + "/more";
  itksys::SystemTools::MakeDirectory(d);
  auto add = [&S](GeneratedSeries s) -> GeneratedSeries & {
    S.push_back(s);
    return S.back();
  };
  // 10: PixelData's declared length far beyond the end of the file.
  {
    auto & s = add(Corpus::SmallSeries(10, "pixel data length beyond file", T::SHORT, 4));
    Corpus::WriteSeries<short>(s, 10, d + "/pixlen");
    Corpus::SetDeclaredLength(s.Files[2], 0x7fe0, 0x0010, 0x7ffffff0u);
    // GDCM 3.2.5 (ITK 5.4.7) refuses the file, as stock ITK 5.4.7 does (GDCMImageIO cannot
    // read it), though its values are complete: the volume fails, naming the file.
    corpus.Cases.push_back(
      { "PixelData length beyond the file", s.Files[2], s.SeriesInstanceUID, O::VolumeFailed, "cannot read" });
  }
  // 11: a header element's declared length beyond the end of the file.
  {
    auto & s = add(Corpus::SmallSeries(11, "element length beyond file", T::SHORT, 4));
    Corpus::WriteSeries<short>(s, 11, d + "/ellen");
    // GDCM allocates the declared ~4 GiB, then fails at the end of the file (the length is not
    // checked by hand: GDCM parses DICOM).
    Corpus::SetDeclaredLength(s.Files[1], 0x0008, 0x103e, 0xfff00010u);
    corpus.Cases.push_back({ "element length beyond the file", s.Files[1], "", O::Skipped, "header is unreadable" });
  }
  // 12: good JPEG 2000 series; 13: JPEG 2000 with a damaged codestream; 14: JPEG (lossless,
  // process 14) with a damaged stream.
  {
    auto & s = add(Corpus::SmallSeries(12, "jpeg2000 good", T::SHORT, 4));
    Corpus::WriteSeries<short>(s, 12, d + "/j2kgood");
    for (const auto & f : s.Files)
    {
      Corpus::Compress(f, gdcm::TransferSyntax::JPEG2000Lossless);
    }
  }
  {
    auto & s = add(Corpus::SmallSeries(13, "jpeg2000 damaged", T::SHORT, 4));
    Corpus::WriteSeries<short>(s, 13, d + "/j2kbad");
    for (const auto & f : s.Files)
    {
      Corpus::Compress(f, gdcm::TransferSyntax::JPEG2000Lossless);
    }
    // The codestream (SOC FF4F, SIZ FF51) starts the first fragment: overwrite the SIZ segment
    // (image and tile sizes, components) with 0xFF.
    auto         data = Corpus::ReadBytes(s.Files[2]);
    const size_t at = Corpus::Find(data, { 0xff, 0x4f, 0xff, 0x51 }, Corpus::FindTag(data, 0x7fe0, 0x0010));
    std::memset(&data[at + 6], 0xff, 36);
    Corpus::WriteBytes(s.Files[2], data);
    corpus.Cases.push_back({ "corrupt JPEG 2000 stream", s.Files[2], s.SeriesInstanceUID, O::VolumeFailed, "" });
  }
  {
    auto & s = add(Corpus::SmallSeries(14, "jpeg damaged", T::SHORT, 4));
    Corpus::WriteSeries<short>(s, 14, d + "/jpegbad");
    for (const auto & f : s.Files)
    {
      Corpus::Compress(f, gdcm::TransferSyntax::JPEGLosslessProcess14_1);
    }
    // Overwrite everything between SOI (FFD8) and EOI (FFD9) of the fragment with 0x00: no
    // frame header, no tables, no scan.
    auto         data = Corpus::ReadBytes(s.Files[1]);
    const size_t soi = Corpus::Find(data, { 0xff, 0xd8, 0xff }, Corpus::FindTag(data, 0x7fe0, 0x0010));
    const size_t eoi = Corpus::Find(data, { 0xff, 0xd9 }, soi + 2);
    std::memset(&data[soi + 2], 0x00, eoi - soi - 2);
    Corpus::WriteBytes(s.Files[1], data);
    corpus.Cases.push_back({ "corrupt JPEG stream", s.Files[1], s.SeriesInstanceUID, O::VolumeFailed, "" });
  }
  // 15: no ImagePositionPatient / ImageOrientationPatient in any file: no position tells how they
  // stack, so each file is a volume of its own (stock ITK stacks them 1 mm apart), with the
  // default geometry, as stock ITK reads each file.
  {
    auto & s = add(Corpus::SmallSeries(15, "no position", T::SHORT, 4));
    Corpus::WriteSeries<short>(s, 15, d + "/nopos");
    s.Volumes = 4; // the expectation (written as 1 volume of 4 slices)
    for (const auto & f : s.Files)
    {
      Corpus::RemoveTags(f, { gdcm::Tag(0x0020, 0x0032), gdcm::Tag(0x0020, 0x0037) });
    }
    corpus.Cases.push_back({ "missing IPP/IOP", s.Files[0], s.SeriesInstanceUID, O::ReadLikeStock, "" });
  }
  // 16: no SeriesInstanceUID: grouped under the empty series identifier, as stock
  // GDCMSeriesFileNames (gdcm::SerieHelper) does.
  {
    auto & s = add(Corpus::SmallSeries(16, "no series uid", T::SHORT, 3));
    Corpus::WriteSeries<short>(s, 16, d + "/nouid");
    for (const auto & f : s.Files)
    {
      Corpus::RemoveTags(f, { gdcm::Tag(0x0020, 0x000e) });
    }
    s.SeriesInstanceUID.clear();
    corpus.Cases.push_back({ "missing SeriesInstanceUID", s.Files[0], "", O::ReadLikeStock, "" });
  }
  // 17: one file without read permission.
  {
    auto & s = add(Corpus::SmallSeries(17, "unreadable file", T::SHORT, 3));
    Corpus::WriteSeries<short>(s, 17, d + "/perm");
    corpus.UnreadableFile = s.Files[1];
    chmod(s.Files[1].c_str(), 0);
    // Root (CAP_DAC_OVERRIDE) reads the file anyway: then the series is simply complete.
    corpus.PermissionsEnforced = access(s.Files[1].c_str(), R_OK) != 0;
    corpus.Cases.push_back({ "unreadable file",
                             s.Files[1],
                             s.SeriesInstanceUID,
                             corpus.PermissionsEnforced ? O::Skipped : O::ReadLikeStock,
                             corpus.PermissionsEnforced ? "ermission denied" : "" });
  }

  // A copy of a file of series 9 cut inside PixelData's element header: the header is complete,
  // the pixel data is missing ("truncated", not "not a DICOM file").
  {
    const std::string cut = root + "/c/cut_at_pixel_data.dcm";
    auto              data = Corpus::ReadBytes(S[9].Files[0]);
    data.resize(Corpus::FindTag(data, 0x7fe0, 0x0010) + 6);
    Corpus::WriteBytes(cut, data);
    corpus.Cases.push_back(
      { "file cut in PixelData's element header", cut, "", O::Skipped, "truncated: the header is complete" });
  }
  // A DICOMDIR (Media Storage Directory Storage, an empty directory record sequence; written
  // without GDCM's file meta check, which wants a SOP Class UID in the data set).
  {
    const std::string dicomdir = root + "/a/DICOMDIR";
    gdcm::Writer      writer;
    gdcm::File &      file = writer.GetFile();
    const auto addElement = [](auto & set, uint16_t group, uint16_t element, gdcm::VR vr, const char * value, uint32_t n) {
      gdcm::DataElement de(gdcm::Tag(group, element));
      de.SetVR(vr);
      de.SetByteValue(value, n);
      set.Insert(de);
    };
    const char version[2] = { 0, 1 };
    addElement(file.GetHeader(), 0x0002, 0x0001, gdcm::VR::OB, version, 2);
    addElement(file.GetHeader(), 0x0002, 0x0002, gdcm::VR::UI, "1.2.840.10008.1.3.10", 20);
    addElement(file.GetHeader(), 0x0002, 0x0003, gdcm::VR::UI, "1.2.826.0.1.3680043.2.1125.99.77", 32);
    addElement(file.GetHeader(), 0x0002, 0x0010, gdcm::VR::UI, "1.2.840.10008.1.2.1", 20);
    file.GetHeader().SetDataSetTransferSyntax(gdcm::TransferSyntax::ExplicitVRLittleEndian);
    addElement(file.GetDataSet(), 0x0004, 0x1130, gdcm::VR::CS, "CORPUS", 6);
    gdcm::DataElement records(gdcm::Tag(0x0004, 0x1220));
    records.SetVR(gdcm::VR::SQ);
    records.SetValue(*gdcm::SequenceOfItems::New());
    records.SetVLToUndefined();
    file.GetDataSet().Insert(records);
    writer.SetFileName(dicomdir.c_str());
    writer.CheckFileMetaInformationOff();
    if (!writer.Write())
    {
      throw std::runtime_error("cannot write " + dicomdir);
    }
    corpus.Cases.push_back({ "DICOMDIR", dicomdir, "", O::Skipped, "DICOMDIR (a directory index, not an image)" });
  }

  // Junk: empty file and garbage named .dcm (GenerateMultiSeriesDirectory adds more).
  std::ofstream(root + "/zero_bytes.dcm");
  corpus.Cases.push_back({ "zero-byte file", root + "/zero_bytes.dcm", "", O::Skipped, "empty" });
  {
    std::ofstream garbage(root + "/c/garbage.dcm", std::ios::binary);
    std::mt19937  rng(17);
    for (int i = 0; i < 3000; ++i)
    {
      garbage.put(static_cast<char>(rng() & 0xff));
    }
  }
  corpus.Cases.push_back({ "garbage named .dcm", root + "/c/garbage.dcm", "", O::Skipped, "" });
  // Directory symbolic links that loop (to an ancestor and to itself), and a dangling link.
  if (symlink("../..", (root + "/a/b/loop").c_str()) != 0 || symlink(".", (root + "/c/self").c_str()) != 0 ||
      symlink("does_not_exist.dcm", (root + "/a/dangling.dcm").c_str()) != 0)
  {
    throw std::runtime_error("cannot create symbolic links in " + root);
  }
  corpus.Cases.push_back({ "directory symlink loop to an ancestor", root + "/a/b/loop", "", O::Skipped, "loop" });
  corpus.Cases.push_back({ "directory symlink loop to itself", root + "/c/self", "", O::Skipped, "loop" });
  corpus.Cases.push_back({ "dangling symlink", root + "/a/dangling.dcm", "", O::Skipped, "" });

  // Series read completely: untouched ones and the quirks.
  for (const unsigned int i : { 1u, 2u, 4u, 5u, 6u, 7u, 9u, 11u, 12u, 15u, 16u, 17u })
  {
    corpus.GoodSeriesUIDs.push_back(S[i].SeriesInstanceUID);
  }
  return corpus;
}

} // namespace ParallelSeriesTest

#endif
