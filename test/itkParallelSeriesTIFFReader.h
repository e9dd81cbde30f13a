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
#ifndef itkParallelSeriesTIFFReader_h
#define itkParallelSeriesTIFFReader_h

// An independent reader of the multi-page TIFF files parallel-series convert writes (for the
// tests): libtiff for the pages (decoding PackBits, LZW, Deflate), the pixels and the tags
// (DefaultScale, DefaultCropOrigin, DefaultCropSize, ActiveArea when present, PageNumber,
// Compression, RowsPerStrip, X/YResolution, ResolutionUnit, Software), and a minimal IFD parser
// for the tags' on-disk types and the private tag 65000. ReadTIFF() needs the system libtiff
// (PARALLELSERIES_TEST_HAVE_TIFF).

#include "itkImage.h"
#include "itkRGBPixel.h"

#ifdef PARALLELSERIES_TEST_HAVE_TIFF
#  include <tiffio.h>
#endif

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace ParallelSeriesCLITest
{
/** Values of the preprocessing tags as read back. */
struct TagValues
{
  bool     HasScale{ false };
  bool     HasCrop{ false };
  bool     HasPadding{ false };
  double   Scale[2]{ 1, 1 };
  double   CropOrigin[2]{ 0, 0 }; ///< centre
  double   CropSize[2]{ 0, 0 };
  uint32_t Padding[4]{ 0, 0, 0, 0 };
  uint16_t PageNumber[2]{ 0, 0 };
  // Container tags (not compared by operator==).
  uint16_t    Compression{ 0 };
  uint32_t    RowsPerStrip{ 0 };
  uint16_t    ResolutionUnit{ 0 };
  float       Resolution[2]{ 0, 0 };
  std::string Software;

  bool
  operator==(const TagValues & o) const
  {
    if (HasScale != o.HasScale || HasCrop != o.HasCrop || HasPadding != o.HasPadding)
    {
      return false;
    }
    for (unsigned int i = 0; i < 2; ++i)
    {
      if (Scale[i] != o.Scale[i] || CropOrigin[i] != o.CropOrigin[i] || CropSize[i] != o.CropSize[i] ||
          PageNumber[i] != o.PageNumber[i])
      {
        return false;
      }
    }
    for (unsigned int i = 0; i < 4; ++i)
    {
      if (Padding[i] != o.Padding[i])
      {
        return false;
      }
    }
    return true;
  }

  /** Input continuous index (d = 0: x, 1: y) of an output continuous index, from the tags only:
   * x_in = (x_out - pad_left + 0.5) / scale_x - 0.5 + crop_left, crop_left = centre - size / 2
   * (integer division, as dicom-preprocessing's reader). */
  double
  MapToInput(unsigned int d, double output) const
  {
    const auto   size = static_cast<uint32_t>(CropSize[d]);
    const double left = HasCrop ? static_cast<uint32_t>(CropOrigin[d]) - size / 2 : 0.0;
    const double pad = HasPadding ? Padding[d] : 0.0;
    const double scale = HasScale ? Scale[d] : 1.0;
    return (output - pad + 0.5) / scale - 0.5 + left;
  }
};

/** Type and count of one IFD entry as stored in the file. */
struct RawEntry
{
  uint16_t              Type{ 0 };
  uint64_t              Count{ 0 };
  std::vector<uint64_t> Values; ///< SHORT and LONG values (at most 16)
};

/** Reads the entries of the first IFD of a classic or BigTIFF file (independent of libtiff). */
inline bool
ReadFirstIFDEntries(const std::string & fileName, std::map<uint16_t, RawEntry> & entries)
{
  std::ifstream in(fileName, std::ios::binary);
  const auto    read = [&in](uint64_t offset, unsigned int bytes, bool little, uint64_t & value) {
    unsigned char b[8];
    in.seekg(static_cast<std::streamoff>(offset));
    if (!in.read(reinterpret_cast<char *>(b), bytes))
    {
      return false;
    }
    value = 0;
    for (unsigned int i = 0; i < bytes; ++i)
    {
      value = (value << 8) | b[little ? bytes - 1 - i : i];
    }
    return true;
  };
  char order[2];
  if (!in.read(order, 2) || (order[0] != order[1]) || (order[0] != 'I' && order[0] != 'M'))
  {
    return false;
  }
  const bool little = order[0] == 'I';
  uint64_t   version = 0, ifd = 0, n = 0;
  if (!read(2, 2, little, version))
  {
    return false;
  }
  const bool big = version == 43;
  if (!read(big ? 8 : 4, big ? 8 : 4, little, ifd) || !read(ifd, big ? 8 : 2, little, n))
  {
    return false;
  }
  for (uint64_t e = 0; e < n; ++e)
  {
    const uint64_t entry = ifd + (big ? 8 : 2) + e * (big ? 20 : 12);
    uint64_t       tag = 0, type = 0, count = 0;
    if (!read(entry, 2, little, tag) || !read(entry + 2, 2, little, type) ||
        !read(entry + 4, big ? 8 : 4, little, count))
    {
      return false;
    }
    RawEntry           raw{ static_cast<uint16_t>(type), count, {} };
    const unsigned int size = type == 3 ? 2 : type == 4 ? 4 : 0; // SHORT, LONG
    if (size > 0 && count <= 16)
    {
      uint64_t data = entry + 4 + (big ? 8 : 4);
      if (count * size > (big ? 8u : 4u) && !read(data, big ? 8 : 4, little, data))
      {
        return false;
      }
      for (uint64_t k = 0; k < count; ++k)
      {
        uint64_t v = 0;
        if (!read(data + k * size, size, little, v))
        {
          return false;
        }
        raw.Values.push_back(v);
      }
    }
    entries[static_cast<uint16_t>(tag)] = raw;
  }
  return true;
}

#ifdef PARALLELSERIES_TEST_HAVE_TIFF
template <typename TPixel>
struct TIFFTraits
{
  static constexpr uint16_t Samples = 1;
  static constexpr uint16_t Bits = 8 * sizeof(TPixel);
  static constexpr uint16_t Format = std::is_floating_point<TPixel>::value
                                       ? SAMPLEFORMAT_IEEEFP
                                       : (std::is_signed<TPixel>::value ? SAMPLEFORMAT_INT : SAMPLEFORMAT_UINT);
  static constexpr uint16_t Photometric = PHOTOMETRIC_MINISBLACK;
};
template <>
struct TIFFTraits<itk::RGBPixel<unsigned char>>
{
  static constexpr uint16_t Samples = 3;
  static constexpr uint16_t Bits = 8;
  static constexpr uint16_t Format = SAMPLEFORMAT_UINT;
  static constexpr uint16_t Photometric = PHOTOMETRIC_RGB;
};

/** Reads every page of a TIFF file written by the tool into a 3D image (z = page), checking
 * the layout for TPixel; the preprocessing tags of every page go to \c pageTags. Returns an
 * error message, empty on success. */
template <typename TPixel>
std::string
ReadTIFF(const std::string &                       fileName,
         typename itk::Image<TPixel, 3>::Pointer & image,
         std::vector<TagValues> &                  pageTags)
{
  using Traits = TIFFTraits<TPixel>;
  TIFFSetWarningHandler(nullptr);                // "unknown field with tag 65000"
  TIFF * tif = TIFFOpen(fileName.c_str(), "rc"); // c: no strip chopping (RowsPerStrip as stored)
  if (tif == nullptr)
  {
    return "libtiff cannot open \"" + fileName + "\"";
  }
  std::vector<std::vector<TPixel>> pages;
  uint32_t                         width = 0, height = 0;
  std::string                      error;
  do
  {
    uint32_t w = 0, h = 0;
    uint16_t bits = 0, samples = 0, format = SAMPLEFORMAT_UINT, photometric = 0, planar = PLANARCONFIG_CONTIG;
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h);
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &samples);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &format);
    TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
    const std::string page = "page " + std::to_string(pages.size());
    if (pages.empty())
    {
      width = w;
      height = h;
    }
    if (w != width || h != height || w == 0 || h == 0)
    {
      error = page + ": size " + std::to_string(w) + "x" + std::to_string(h) + " differs from the first page's";
      break;
    }
    if (bits != Traits::Bits || samples != Traits::Samples || format != Traits::Format ||
        photometric != Traits::Photometric || planar != PLANARCONFIG_CONTIG)
    {
      std::ostringstream os;
      os << page << ": BitsPerSample " << bits << ", SamplesPerPixel " << samples << ", SampleFormat " << format
         << ", Photometric " << photometric << ", PlanarConfig " << planar << "; expected " << Traits::Bits << ", "
         << Traits::Samples << ", " << Traits::Format << ", " << Traits::Photometric << ", 1";
      error = os.str();
      break;
    }
    if (TIFFScanlineSize(tif) != static_cast<tmsize_t>(w * sizeof(TPixel)))
    {
      error = page + ": unexpected scanline size";
      break;
    }
    std::vector<TPixel> pixels(static_cast<size_t>(w) * h);
    for (uint32_t y = 0; y < h && error.empty(); ++y)
    {
      if (TIFFReadScanline(tif, pixels.data() + static_cast<size_t>(y) * w, y, 0) < 0)
      {
        error = page + ": cannot read row " + std::to_string(y);
      }
    }
    TagValues  t;
    float *    scale = nullptr;
    float *    origin = nullptr;
    float *    size = nullptr;
    uint32_t * area = nullptr;
    if (!TIFFGetField(tif, TIFFTAG_PAGENUMBER, &t.PageNumber[0], &t.PageNumber[1]))
    {
      error = page + ": PageNumber (297) is missing";
      break;
    }
    t.HasScale = TIFFGetField(tif, TIFFTAG_DEFAULTSCALE, &scale) != 0;
    t.HasCrop = TIFFGetField(tif, TIFFTAG_DEFAULTCROPORIGIN, &origin) != 0;
    if (t.HasCrop != (TIFFGetField(tif, TIFFTAG_DEFAULTCROPSIZE, &size) != 0))
    {
      error = page + ": one of DefaultCropOrigin (50719) and DefaultCropSize (50720) without the other";
      break;
    }
    t.HasPadding = TIFFGetField(tif, TIFFTAG_ACTIVEAREA, &area) != 0;
    for (unsigned int d = 0; d < 2; ++d)
    {
      t.Scale[d] = t.HasScale ? scale[d] : 1.0;
      t.CropOrigin[d] = t.HasCrop ? origin[d] : 0.0;
      t.CropSize[d] = t.HasCrop ? size[d] : 0.0;
    }
    for (unsigned int i = 0; i < 4; ++i)
    {
      t.Padding[i] = t.HasPadding ? area[i] : 0;
    }
    char * software = nullptr;
    TIFFGetField(tif, TIFFTAG_COMPRESSION, &t.Compression);
    TIFFGetField(tif, TIFFTAG_ROWSPERSTRIP, &t.RowsPerStrip);
    TIFFGetField(tif, TIFFTAG_RESOLUTIONUNIT, &t.ResolutionUnit);
    TIFFGetField(tif, TIFFTAG_XRESOLUTION, &t.Resolution[0]);
    TIFFGetField(tif, TIFFTAG_YRESOLUTION, &t.Resolution[1]);
    if (TIFFGetField(tif, TIFFTAG_SOFTWARE, &software) && software != nullptr)
    {
      t.Software = software;
    }
    pageTags.push_back(t);
    pages.push_back(std::move(pixels));
  } while (error.empty() && TIFFReadDirectory(tif));
  TIFFClose(tif);
  if (!error.empty())
  {
    return "\"" + fileName + "\": " + error;
  }
  using ImageType = itk::Image<TPixel, 3>;
  image = ImageType::New();
  typename ImageType::SizeType size = { { width, height, pages.size() } };
  image->SetRegions(size);
  image->Allocate();
  TPixel * out = image->GetBufferPointer();
  for (const auto & p : pages)
  {
    out = std::copy(p.begin(), p.end(), out);
  }
  return std::string();
}
#endif
} // namespace ParallelSeriesCLITest

#endif
