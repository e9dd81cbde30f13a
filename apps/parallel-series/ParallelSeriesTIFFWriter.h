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
#ifndef ParallelSeriesTIFFWriter_h
#define ParallelSeriesTIFFWriter_h

// Multi-page TIFF output of the parallel-series tool (--format tiff), written with the system
// libtiff, in the container of dicom-preprocessing 0.1.2 (medcognetics; save.rs:TiffSaver,
// metadata/preprocessing.rs:PreprocessingMetadata::write_tags), so that its loaders and
// dicom-manifest read the files.
//
// Pages: one per slice (z index 0, 1, ...), each a full IFD (SubfileType = page),
// PlanarConfiguration contig, compressed as asked (Compressor): PackBits (one row a strip, as the
// tiff crate writes it), LZW, Deflate or none (strips of ceil(1e6 / row bytes) rows, the tiff
// crate's rule). No Predictor tag (1, none, is the default; the tiff crate writes it explicitly).
//   8/16/32-bit unsigned integers: SampleFormat UINT; signed integers: SampleFormat INT;
//   float/double: SampleFormat IEEEFP; BitsPerSample = 8 * sizeof(component);
//   grayscale: Photometric MINISBLACK, 1 sample; RGB 8-bit: Photometric RGB, 3 samples.
//   XResolution/YResolution: PreprocessingTags::Resolution / 1 pixels per cm, ResolutionUnit cm;
//   1/1 and ResolutionUnit none without (the tiff crate's defaults).
//   Software (ASCII): PreprocessingTags::Software when not empty.
//
// Preprocessing tags, identical on every page, each only when its step ran (Has...; x first; all
// in pixels of the source slice, i.e. the DICOM frame, except the padding, in output pixels):
//   297   PageNumber         SHORT[2]  (0, number of pages); always.
//   50718 DefaultScale       FLOAT[2]  (sx, sy) = resized size / crop size (resize).
//   50719 DefaultCropOrigin  LONG[2]   CENTRE of the crop box: (left + width / 2, top + height / 2)
//                                      with integer division, as dicom-preprocessing writes it
//                                      (its reader recovers left = cx - width / 2) (crop).
//   50720 DefaultCropSize    LONG[2]   (width, height) of the crop box (crop).
//   50829 ActiveArea         LONG[4]   the PADDING added (left, top, right, bottom), not the DNG
//                                      meaning (top, left, bottom, right of the active area)
//                                      (padding, even when all 0).
//   65000 (private)          LONG[4]   (width, height, flip x, flip y) of the frame before the
//                                      DBT orientation flip, flags 0 or 1 (transform/flip.rs).
// A missing tag is the identity. Mapping an output pixel (continuous index, pixel centres at
// integers) back to the frame (sx = sy = 1, pad = 0, cx - width / 2 = 0 when absent):
//   x_in = (x_out - pad_left + 0.5) / sx - 0.5 + (cx - width / 2),
//   y_in = (y_out - pad_top + 0.5) / sy - 0.5 + (cy - height / 2),
// then, with 65000, x = width - 1 - x when flip x, y = height - 1 - y when flip y.
//
// Tag types: libtiff knows 50718-50720 as DNG tags of type RATIONAL and always writes them so,
// but dicom-preprocessing writes them with the Rust tiff crate as FLOAT (scale) and LONG (crop),
// and its readers (get_tag_f32_vec / get_tag_u32_vec of the tiff crate 0.9) reject RATIONAL
// (checked: "FormatError(SignedIntegerExpected(Rational(1, 2)))" on libtiff's output). The file is
// therefore written by libtiff and, once closed, the type, count and value of these three
// entries are rewritten in place (PatchPreprocessingTagTypes); libtiff itself reads FLOAT and
// LONG entries of these tags back as floats. ActiveArea (LONG), PageNumber (SHORT) and 65000
// (LONG, registered with TIFFMergeFieldInfo) are written by libtiff with the types
// dicom-preprocessing uses.

#include "itkImage.h"
#include "itkRGBPixel.h"

#include <tiffio.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#ifndef _WIN32
#  include <sys/types.h>
#endif
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace ParallelSeriesTIFF
{

/** Compression of the pages (-z/--compressor; --compress is Deflate). */
enum class Compressor
{
  None,
  PackBits,
  LZW,
  Deflate
};

/** The private tag of dicom-preprocessing's DBT orientation flip (transform/flip.rs). */
constexpr uint32_t TagPreprocessingFlip = 65000;

/** Values of the preprocessing tags (see the comment block above); a tag is written only when
 * its Has... is set. */
struct PreprocessingTags
{
  bool     HasScale{ false };
  float    Scale[2]{ 1.0f, 1.0f };
  bool     HasCrop{ false };
  uint32_t CropCentre[2]{ 0, 0 }; ///< left + width / 2, top + height / 2 (integer division)
  uint32_t CropSize[2]{ 0, 0 };
  bool     HasPadding{ false };
  uint32_t Padding[4]{ 0, 0, 0, 0 }; ///< left, top, right, bottom
  /** 65000: (width, height, flip x, flip y) of the frame before the DBT flip, flags 0 or 1. */
  bool     HasFlip{ false };
  uint32_t Flip[4]{ 0, 0, 0, 0 };
  /** X/YResolution in whole pixels per cm (PixelsPerCentimetre()); without: 1/1, no unit. */
  bool        HasResolution{ false };
  uint32_t    Resolution[2]{ 1, 1 };
  std::string Software; ///< 305 Software (ASCII); none when empty

  /** Identity values for a frame of width x height (no tag but PageNumber is written). */
  static PreprocessingTags
  Identity(uint32_t width, uint32_t height)
  {
    PreprocessingTags t;
    t.CropCentre[0] = width / 2;
    t.CropCentre[1] = height / 2;
    t.CropSize[0] = width;
    t.CropSize[1] = height;
    return t;
  }

  /** dicom-preprocessing's resolution (metadata/resolution.rs: Resolution::try_from, scale_xy,
   * write_tags): trunc(10 * (1 / spacing) * scale) in f32 arithmetic, \c spacing in mm as f32
   * (PixelSpacing parsed as f32), \c scale the DefaultScale value (1 without resize). */
  static uint32_t
  PixelsPerCentimetre(float spacing, float scale)
  {
    const float perMillimetre = (1.0f / spacing) * scale;
    const float perCentimetre = perMillimetre * 10.0f;
    if (!(perCentimetre > 0.0f)) // NaN, 0, negative: Rust's "as u32" saturates at 0
    {
      return 0;
    }
    return perCentimetre >= 4294967295.0f ? std::numeric_limits<uint32_t>::max() : static_cast<uint32_t>(perCentimetre);
  }
};

/** Parses a --compressor value (packbits, lzw, uncompressed, deflate); false when unknown. */
inline bool
ParseCompressor(const std::string & name, Compressor & c)
{
  if (name == "packbits")
  {
    c = Compressor::PackBits;
  }
  else if (name == "lzw")
  {
    c = Compressor::LZW;
  }
  else if (name == "uncompressed" || name == "none")
  {
    c = Compressor::None;
  }
  else if (name == "deflate")
  {
    c = Compressor::Deflate;
  }
  else
  {
    return false;
  }
  return true;
}

/** Sample format of a pixel type. */
template <typename TPixel>
struct PixelTraits
{
  static_assert(std::is_arithmetic<TPixel>::value, "scalar pixel types and RGBPixel<unsigned char> only");
  static constexpr uint16_t SamplesPerPixel = 1;
  static constexpr uint16_t BitsPerSample = 8 * sizeof(TPixel);
  static constexpr uint16_t SampleFormat = std::is_floating_point<TPixel>::value
                                             ? SAMPLEFORMAT_IEEEFP
                                             : (std::is_signed<TPixel>::value ? SAMPLEFORMAT_INT : SAMPLEFORMAT_UINT);
  static constexpr uint16_t Photometric = PHOTOMETRIC_MINISBLACK;
};

template <>
struct PixelTraits<itk::RGBPixel<unsigned char>>
{
  static constexpr uint16_t SamplesPerPixel = 3;
  static constexpr uint16_t BitsPerSample = 8;
  static constexpr uint16_t SampleFormat = SAMPLEFORMAT_UINT;
  static constexpr uint16_t Photometric = PHOTOMETRIC_RGB;
};

namespace Detail
{
inline bool
HostIsLittleEndian()
{
  const uint16_t one = 1;
  unsigned char  first = 0;
  std::memcpy(&first, &one, 1);
  return first == 1;
}

/** fseek with 64-bit offsets (BigTIFF files exceed 2 GiB). */
inline int
Seek(std::FILE * file, uint64_t offset)
{
#ifdef _WIN32
  return _fseeki64(file, static_cast<__int64>(offset), SEEK_SET);
#else
  return fseeko(file, static_cast<off_t>(offset), SEEK_SET);
#endif
}

/** Byte access to a TIFF file on disk (stdio), for ByteOrdered. */
struct FileStore
{
  std::FILE * File;
  bool
  ReadAt(uint64_t offset, unsigned char * bytes, unsigned int n)
  {
    return Seek(File, offset) == 0 && std::fread(bytes, 1, n, File) == n;
  }
  bool
  WriteAt(uint64_t offset, const unsigned char * bytes, unsigned int n)
  {
    return Seek(File, offset) == 0 && std::fwrite(bytes, 1, n, File) == n;
  }
};

/** A TIFF file written in memory through libtiff's client I/O (TIFFClientOpen: libtiff still
 * writes every byte; the file is then written with one call instead of libtiff's write and seek
 * per strip, two system calls per row with PackBits' one-row strips). Also a store for
 * ByteOrdered. */
struct MemoryFile
{
  std::vector<unsigned char> Bytes;
  uint64_t                   Position{ 0 };

  bool
  ReadAt(uint64_t offset, unsigned char * bytes, unsigned int n) const
  {
    if (offset > Bytes.size() || Bytes.size() - offset < n)
    {
      return false;
    }
    std::memcpy(bytes, Bytes.data() + offset, n);
    return true;
  }
  bool
  WriteAt(uint64_t offset, const unsigned char * bytes, unsigned int n)
  {
    if (offset > Bytes.size() || Bytes.size() - offset < n)
    {
      return false;
    }
    std::memcpy(Bytes.data() + offset, bytes, n);
    return true;
  }

  // libtiff's TIFFClientOpen procedures (thandle_t is the MemoryFile).
  static tmsize_t
  Read(thandle_t handle, void * buffer, tmsize_t size)
  {
    auto *         m = static_cast<MemoryFile *>(handle);
    const uint64_t available = m->Position < m->Bytes.size() ? m->Bytes.size() - m->Position : 0;
    const uint64_t n = std::min<uint64_t>(available, static_cast<uint64_t>(size));
    if (n == 0)
    {
      return 0;
    }
    std::memcpy(buffer, m->Bytes.data() + m->Position, static_cast<size_t>(n));
    m->Position += n;
    return static_cast<tmsize_t>(n);
  }
  static tmsize_t
  Write(thandle_t handle, void * buffer, tmsize_t size)
  {
    auto *         m = static_cast<MemoryFile *>(handle);
    const uint64_t end = m->Position + static_cast<uint64_t>(size);
    if (end > m->Bytes.size())
    {
      if (end > m->Bytes.capacity())
      {
        m->Bytes.reserve(static_cast<size_t>(std::max<uint64_t>(end, 2 * m->Bytes.capacity())));
      }
      m->Bytes.resize(static_cast<size_t>(end)); // a gap left by a seek past the end reads as zeros
    }
    std::memcpy(m->Bytes.data() + m->Position, buffer, static_cast<size_t>(size));
    m->Position = end;
    return size;
  }
  static toff_t
  SeekTo(thandle_t handle, toff_t offset, int whence)
  {
    auto *         m = static_cast<MemoryFile *>(handle);
    const uint64_t base = whence == SEEK_CUR ? m->Position : (whence == SEEK_END ? m->Bytes.size() : 0);
    m->Position = base + offset;
    return m->Position;
  }
  static int
  Close(thandle_t)
  {
    return 0;
  }
  static toff_t
  Size(thandle_t handle)
  {
    return static_cast<MemoryFile *>(handle)->Bytes.size();
  }
  static int
  Map(thandle_t, void **, toff_t *)
  {
    return 0;
  }
  static void
  Unmap(thandle_t, void *, toff_t)
  {}
};

/** Reads/writes unsigned integers of 2, 4 or 8 bytes in the file's byte order (TStore: FileStore
 * or MemoryFile). */
template <typename TStore>
class ByteOrdered
{
public:
  ByteOrdered(TStore & store, bool littleEndian)
    : m_Store(store)
    , m_Little(littleEndian)
  {}
  bool
  Read(uint64_t offset, unsigned int bytes, uint64_t & value)
  {
    unsigned char b[8];
    if (!m_Store.ReadAt(offset, b, bytes))
    {
      return false;
    }
    value = 0;
    for (unsigned int i = 0; i < bytes; ++i)
    {
      const unsigned int k = m_Little ? bytes - 1 - i : i;
      value = (value << 8) | b[k];
    }
    return true;
  }
  bool
  Write(uint64_t offset, unsigned int bytes, uint64_t value)
  {
    unsigned char b[8];
    for (unsigned int i = 0; i < bytes; ++i)
    {
      const unsigned int k = m_Little ? i : bytes - 1 - i;
      b[k] = static_cast<unsigned char>(value >> (8 * i));
    }
    return m_Store.WriteAt(offset, b, bytes);
  }

private:
  TStore & m_Store;
  bool     m_Little;
};

/** PatchPreprocessingTagTypes() on a store; returns an error message (without the file name),
 * empty on success. */
template <typename TStore>
std::string
PatchTagTypes(TStore & store, const PreprocessingTags & tags)
{
  unsigned char header[4] = { 0, 0, 0, 0 };
  if (!store.ReadAt(0, header, 4) ||
      !((header[0] == 'I' && header[1] == 'I') || (header[0] == 'M' && header[1] == 'M')))
  {
    return "not a TIFF file";
  }
  ByteOrdered<TStore> f(store, header[0] == 'I');
  std::string         error;
  uint64_t            version = 0;
  f.Read(2, 2, version);
  const bool         big = version == TIFF_VERSION_BIG;
  const unsigned int countBytes = big ? 8 : 2;   // entries per IFD
  const unsigned int entryBytes = big ? 20 : 12; // one entry
  const unsigned int fieldBytes = big ? 8 : 4;   // count, value/offset
  uint64_t           ifd = 0;
  f.Read(big ? 8 : 4, fieldBytes, ifd);
  unsigned int guard = 0;
  while (ifd != 0 && error.empty())
  {
    if (++guard > 1000000)
    {
      error = "too many IFDs";
      break;
    }
    uint64_t entries = 0;
    if (!f.Read(ifd, countBytes, entries))
    {
      error = "cannot read an IFD";
      break;
    }
    for (uint64_t e = 0; e < entries && error.empty(); ++e)
    {
      const uint64_t entry = ifd + countBytes + e * entryBytes;
      uint64_t       tag = 0;
      f.Read(entry, 2, tag);
      if (tag != TIFFTAG_DEFAULTSCALE && tag != TIFFTAG_DEFAULTCROPORIGIN && tag != TIFFTAG_DEFAULTCROPSIZE)
      {
        continue;
      }
      uint32_t v[2];
      if (tag == TIFFTAG_DEFAULTSCALE)
      {
        std::memcpy(&v[0], &tags.Scale[0], 4);
        std::memcpy(&v[1], &tags.Scale[1], 4);
      }
      else
      {
        const uint32_t * source = tag == TIFFTAG_DEFAULTCROPORIGIN ? tags.CropCentre : tags.CropSize;
        v[0] = source[0];
        v[1] = source[1];
      }
      // 8 bytes of data: out of line in classic TIFF (at the RATIONAL's 16-byte block), inline
      // in BigTIFF.
      uint64_t dataOffset = entry + 4 + fieldBytes;
      if (!big && !f.Read(entry + 8, 4, dataOffset))
      {
        error = "cannot read an entry";
        break;
      }
      if (!f.Write(entry + 2, 2, tag == TIFFTAG_DEFAULTSCALE ? TIFF_FLOAT : TIFF_LONG) ||
          !f.Write(entry + 4, fieldBytes, 2) || !f.Write(dataOffset, 4, v[0]) || !f.Write(dataOffset + 4, 4, v[1]))
      {
        error = "cannot rewrite an entry";
      }
    }
    uint64_t next = 0;
    if (error.empty() && !f.Read(ifd + countBytes + entries * entryBytes, fieldBytes, next))
    {
      error = "cannot read the next IFD offset";
    }
    ifd = next;
  }
  return error;
}
} // namespace Detail

/** Rewrites the entries 50718 (FLOAT[2]), 50719 and 50720 (LONG[2]) of every IFD of a TIFF or
 * BigTIFF file written by libtiff (as RATIONAL[2]) with the types of dicom-preprocessing.
 * Returns an error message, empty on success. */
inline std::string
PatchPreprocessingTagTypes(const std::string & fileName, const PreprocessingTags & tags)
{
  std::FILE * file = std::fopen(fileName.c_str(), "r+b");
  if (file == nullptr)
  {
    return "cannot reopen \"" + fileName + "\" to set the tag types";
  }
  Detail::FileStore store{ file };
  std::string       error = Detail::PatchTagTypes(store, tags);
  if (std::fclose(file) != 0 && error.empty())
  {
    error = "cannot close";
  }
  return error.empty() ? error : "\"" + fileName + "\": " + error;
}

/** Up to this many bytes of pixel data, WriteMultiPageTIFF() builds the file in memory. */
constexpr uint64_t DefaultInMemoryBytes = uint64_t{ 256 } << 20;

/** Writes the slices of \c image (x, y, z) as the pages of a TIFF file with the tags \c tags
 * and the compression \c compressor. Returns an error message, empty on success. Uses no thread
 * pool. Up to \c inMemoryBytes of pixel data (uncompressed), libtiff writes the file into memory
 * (Detail::MemoryFile), the tag types are set there and the file is written in one call; larger
 * images are written by libtiff to the file directly. Both give the same bytes. */
template <typename TPixel>
std::string
WriteMultiPageTIFF(const itk::Image<TPixel, 3> * image,
                   const std::string &           fileName,
                   const PreprocessingTags &     tags,
                   Compressor                    compressor,
                   uint64_t                      inMemoryBytes = DefaultInMemoryBytes)
{
  using Traits = PixelTraits<TPixel>;
  static_assert(sizeof(TPixel) == Traits::SamplesPerPixel * Traits::BitsPerSample / 8, "unexpected pixel layout");
  const auto     region = image->GetBufferedRegion();
  const uint64_t width = region.GetSize(0);
  const uint64_t height = region.GetSize(1);
  const uint64_t pages = region.GetSize(2);
  if (width == 0 || height == 0 || pages == 0)
  {
    return "cannot write \"" + fileName + "\": empty image";
  }
  if (width > std::numeric_limits<uint32_t>::max() || height > std::numeric_limits<uint32_t>::max() ||
      pages > std::numeric_limits<uint16_t>::max())
  {
    return "cannot write \"" + fileName + "\": too large for TIFF (at most 65535 pages)";
  }
  const uint64_t dataBytes = width * height * pages * sizeof(TPixel);
  // BigTIFF when the classic 32-bit offsets might not do (data plus directories), or when the
  // environment variable PARALLELSERIES_TIFF_BIGTIFF is set (tests of the BigTIFF layout).
  const bool big =
    dataBytes > (uint64_t{ 1 } << 32) - (uint64_t{ 64 } << 20) || std::getenv("PARALLELSERIES_TIFF_BIGTIFF") != nullptr;
  const bool         inMemory = dataBytes <= inMemoryBytes;
  Detail::MemoryFile memory;
  if (inMemory)
  {
    memory.Bytes.reserve(static_cast<size_t>(std::min<uint64_t>(dataBytes + 4096 * (pages + 1), inMemoryBytes)));
  }
  TIFF * tif = inMemory ? TIFFClientOpen(fileName.c_str(),
                                         big ? "w8" : "w",
                                         &memory,
                                         Detail::MemoryFile::Read,
                                         Detail::MemoryFile::Write,
                                         Detail::MemoryFile::SeekTo,
                                         Detail::MemoryFile::Close,
                                         Detail::MemoryFile::Size,
                                         Detail::MemoryFile::Map,
                                         Detail::MemoryFile::Unmap)
                        : TIFFOpen(fileName.c_str(), big ? "w8" : "w");
  if (tif == nullptr)
  {
    return "cannot create \"" + fileName + "\"";
  }
  static const TIFFFieldInfo flipField[] = { { TagPreprocessingFlip,
                                               TIFF_VARIABLE,
                                               TIFF_VARIABLE,
                                               TIFF_LONG,
                                               FIELD_CUSTOM,
                                               1,
                                               1,
                                               const_cast<char *>("PreprocessingFlip") } };
  uint16_t                   compression = COMPRESSION_NONE;
  switch (compressor)
  {
    case Compressor::PackBits:
      compression = COMPRESSION_PACKBITS;
      break;
    case Compressor::LZW:
      compression = COMPRESSION_LZW;
      break;
    case Compressor::Deflate:
      compression = COMPRESSION_ADOBE_DEFLATE;
      break;
    case Compressor::None:
      break;
  }
  // The tiff crate's strips: one row with PackBits, else about 1 MB (ceil(1e6 / row bytes) rows).
  const uint64_t rowBytes = width * sizeof(TPixel);
  const uint32_t rowsPerStrip =
    compressor == Compressor::PackBits
      ? 1u
      : static_cast<uint32_t>(std::min<uint64_t>((1000000 + rowBytes - 1) / rowBytes, 0xffffffffu));
  const TPixel * buffer = image->GetBufferPointer();
  const size_t   rowPixels = static_cast<size_t>(width);
  std::string    error;
  float          cropCentre[2] = { static_cast<float>(tags.CropCentre[0]), static_cast<float>(tags.CropCentre[1]) };
  float          cropSize[2] = { static_cast<float>(tags.CropSize[0]), static_cast<float>(tags.CropSize[1]) };
  float          scale[2] = { tags.Scale[0], tags.Scale[1] };
  uint32_t       activeArea[4] = { tags.Padding[0], tags.Padding[1], tags.Padding[2], tags.Padding[3] };
  uint32_t       flip[4] = { tags.Flip[0], tags.Flip[1], tags.Flip[2], tags.Flip[3] };
  std::vector<TPixel> row(rowPixels); // TIFFWriteScanline may modify its buffer
  for (uint64_t z = 0; z < pages && error.empty(); ++z)
  {
    bool ok = TIFFSetField(tif, TIFFTAG_SUBFILETYPE, static_cast<uint32_t>(FILETYPE_PAGE)) &&
              TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, static_cast<uint32_t>(width)) &&
              TIFFSetField(tif, TIFFTAG_IMAGELENGTH, static_cast<uint32_t>(height)) &&
              TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, static_cast<int>(Traits::BitsPerSample)) &&
              TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, static_cast<int>(Traits::SamplesPerPixel)) &&
              TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, static_cast<int>(Traits::SampleFormat)) &&
              TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, static_cast<int>(Traits::Photometric)) &&
              TIFFSetField(tif, TIFFTAG_PLANARCONFIG, static_cast<int>(PLANARCONFIG_CONTIG)) &&
              TIFFSetField(tif, TIFFTAG_COMPRESSION, static_cast<int>(compression)) &&
              TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, rowsPerStrip) &&
              TIFFSetField(tif, TIFFTAG_PAGENUMBER, 0, static_cast<int>(pages)) &&
              TIFFSetField(tif,
                           TIFFTAG_RESOLUTIONUNIT,
                           static_cast<int>(tags.HasResolution ? RESUNIT_CENTIMETER : RESUNIT_NONE)) &&
              TIFFSetField(tif, TIFFTAG_XRESOLUTION, tags.HasResolution ? double(tags.Resolution[0]) : 1.0) &&
              TIFFSetField(tif, TIFFTAG_YRESOLUTION, tags.HasResolution ? double(tags.Resolution[1]) : 1.0);
    ok = ok && (tags.Software.empty() || TIFFSetField(tif, TIFFTAG_SOFTWARE, tags.Software.c_str()));
    ok = ok && (!tags.HasScale || TIFFSetField(tif, TIFFTAG_DEFAULTSCALE, scale));
    ok = ok && (!tags.HasCrop || (TIFFSetField(tif, TIFFTAG_DEFAULTCROPORIGIN, cropCentre) &&
                                  TIFFSetField(tif, TIFFTAG_DEFAULTCROPSIZE, cropSize)));
    ok = ok && (!tags.HasPadding || TIFFSetField(tif, TIFFTAG_ACTIVEAREA, activeArea));
    // 65000 is registered per directory (TIFFWriteDirectory resets the field list).
    ok = ok && (!tags.HasFlip || ((TIFFFindField(tif, TagPreprocessingFlip, TIFF_ANY) != nullptr ||
                                   TIFFMergeFieldInfo(tif, flipField, 1) == 0) &&
                                  TIFFSetField(tif, TagPreprocessingFlip, 4, flip)));
    if (!ok)
    {
      error = "cannot set the tags of page " + std::to_string(z);
      break;
    }
    for (uint64_t y = 0; y < height; ++y)
    {
      const TPixel * source = buffer + (z * height + y) * rowPixels;
      std::copy(source, source + rowPixels, row.begin());
      if (TIFFWriteScanline(tif, row.data(), static_cast<uint32_t>(y), 0) < 0)
      {
        error = "cannot write row " + std::to_string(y) + " of page " + std::to_string(z);
        break;
      }
    }
    if (error.empty() && !TIFFWriteDirectory(tif))
    {
      error = "cannot write the directory of page " + std::to_string(z);
    }
  }
  TIFFClose(tif);
  if (!error.empty())
  {
    return "cannot write \"" + fileName + "\": " + error;
  }
  if (!inMemory)
  {
    return PatchPreprocessingTagTypes(fileName, tags);
  }
  error = Detail::PatchTagTypes(memory, tags);
  if (!error.empty())
  {
    return "\"" + fileName + "\": " + error;
  }
  std::FILE * file = std::fopen(fileName.c_str(), "wb");
  if (file == nullptr)
  {
    return "cannot create \"" + fileName + "\"";
  }
  const bool written = std::fwrite(memory.Bytes.data(), 1, memory.Bytes.size(), file) == memory.Bytes.size();
  if (std::fclose(file) != 0 || !written)
  {
    return "cannot write \"" + fileName + "\"";
  }
  return {};
}

} // namespace ParallelSeriesTIFF

#endif
