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
#ifndef itkParallelSeriesCLITIFFCheck_h
#define itkParallelSeriesCLITIFFCheck_h

// Helpers of the CLI output test for the preprocessing options and the TIFF output of
// parallel-series convert: the preprocessing settings (parsed like the tool's options) and a
// reference preprocessing of stock ITK's image (itkPreprocessRGBReference.h), an independent
// reader of the written TIFF files (libtiff for pages, pixels and tags; a minimal IFD parser for
// the on-disk tag types), and the generator of a directory with a known foreground.

#include "itkPreprocessRGBReference.h"

#include "itkGDCMImageIO.h"
#include "itkImage.h"
#include "itkImageFileWriter.h"
#include "itkImageRegionIterator.h"
#include "itkMetaDataObject.h"
#include "itkRGBPixel.h"
#include "itksys/SystemTools.hxx"

#ifdef PARALLELSERIES_TEST_HAVE_TIFF
#  include <tiffio.h>
#endif

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <stdexcept>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace ParallelSeriesCLITest
{

// The preprocessing settings and the RGB reference live with the filter tests.
using ParallelSeriesPreprocessTest::ChannelImageType;
using ParallelSeriesPreprocessTest::PreprocessRGBReference;
using ParallelSeriesPreprocessTest::PreprocessSettings;
using ParallelSeriesPreprocessTest::RGBImageType;

/** Values of the preprocessing tags as read back. */
struct TagValues
{
  double   Scale[2]{ 0, 0 };
  double   CropOrigin[2]{ 0, 0 }; ///< centre
  double   CropSize[2]{ 0, 0 };
  uint32_t Padding[4]{ 0, 0, 0, 0 };
  uint16_t PageNumber[2]{ 0, 0 };

  bool
  operator==(const TagValues & o) const
  {
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
    const auto size = static_cast<uint32_t>(CropSize[d]);
    const auto left = static_cast<uint32_t>(CropOrigin[d]) - size / 2;
    return (output - Padding[d] + 0.5) / Scale[d] - 0.5 + left;
  }
};

/** Type and count of one IFD entry as stored in the file. */
struct RawEntry
{
  uint16_t Type{ 0 };
  uint64_t Count{ 0 };
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
    entries[static_cast<uint16_t>(tag)] = RawEntry{ static_cast<uint16_t>(type), count };
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
  TIFF * tif = TIFFOpen(fileName.c_str(), "r");
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
    if (!TIFFGetField(tif, TIFFTAG_DEFAULTSCALE, &scale) || !TIFFGetField(tif, TIFFTAG_DEFAULTCROPORIGIN, &origin) ||
        !TIFFGetField(tif, TIFFTAG_DEFAULTCROPSIZE, &size) || !TIFFGetField(tif, TIFFTAG_ACTIVEAREA, &area) ||
        !TIFFGetField(tif, TIFFTAG_PAGENUMBER, &t.PageNumber[0], &t.PageNumber[1]))
    {
      error = page + ": a preprocessing tag (50718, 50719, 50720, 50829, 297) is missing";
      break;
    }
    for (unsigned int d = 0; d < 2; ++d)
    {
      t.Scale[d] = scale[d];
      t.CropOrigin[d] = origin[d];
      t.CropSize[d] = size[d];
    }
    for (unsigned int i = 0; i < 4; ++i)
    {
      t.Padding[i] = area[i];
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

/** Series of the foreground directory (--generate-foreground): zero background, a uniform
 * foreground rectangle, and inside it a bright block whose centre must land on the tags' mapping. */
struct ForegroundSeries
{
  std::string          UID;
  itk::IOComponentEnum Type;
  unsigned int         Columns, Rows, Slices;
  int                  Border; ///< width of a frame of the pixel type's maximum (crop-max test)
  unsigned int         Fg[4];  ///< foreground x0, y0, x1, y1 (inclusive)
  unsigned int         Block[4];
  double               FgValue, BlockValue;
};

inline std::vector<ForegroundSeries>
ForegroundSeriesList()
{
  using T = itk::IOComponentEnum;
  const std::string root = "1.2.826.0.1.3680043.2.1125.99.77.";
  return { { root + "1", T::USHORT, 200, 120, 4, 0, { 30, 20, 170, 100 }, { 100, 50, 123, 73 }, 1000, 40000 },
           { root + "2", T::SHORT, 90, 150, 3, 0, { 10, 40, 79, 139 }, { 20, 60, 41, 81 }, -500, 3000 },
           { root + "3", T::UCHAR, 100, 100, 2, 5, { 20, 30, 69, 79 }, { 35, 45, 54, 64 }, 100, 200 } };
}

template <typename TPixel>
void
WriteForegroundSlice(const ForegroundSeries & s, unsigned int number, unsigned int z, const std::string & fileName)
{
  using ImageType = itk::Image<TPixel, 3>;
  auto                         image = ImageType::New();
  typename ImageType::SizeType size = { { s.Columns, s.Rows, 1 } };
  image->SetRegions(size);
  typename ImageType::SpacingType spacing;
  spacing[0] = 0.5;
  spacing[1] = 0.75;
  spacing[2] = 2.0;
  image->SetSpacing(spacing);
  typename ImageType::PointType origin;
  origin[0] = -10.0;
  origin[1] = 5.0;
  origin[2] = z * 2.0;
  image->SetOrigin(origin);
  image->Allocate();
  itk::ImageRegionIterator<ImageType> it(image, image->GetLargestPossibleRegion());
  for (; !it.IsAtEnd(); ++it)
  {
    const auto    i = it.GetIndex();
    const int64_t x = i[0], y = i[1];
    double        v = 0.0;
    if (x < s.Border || y < s.Border || x >= int64_t(s.Columns) - s.Border || y >= int64_t(s.Rows) - s.Border)
    {
      v = itk::NumericTraits<TPixel>::max();
    }
    else if (x >= s.Block[0] && x <= s.Block[2] && y >= s.Block[1] && y <= s.Block[3])
    {
      v = s.BlockValue;
    }
    else if (x >= s.Fg[0] && x <= s.Fg[2] && y >= s.Fg[1] && y <= s.Fg[3])
    {
      v = s.FgValue + ((x + y + z) % 3); // slight texture, never 0
    }
    it.Set(static_cast<TPixel>(v));
  }
  itk::MetaDataDictionary & dict = image->GetMetaDataDictionary();
  itk::EncapsulateMetaData<std::string>(dict, "0020|000e", s.UID);
  itk::EncapsulateMetaData<std::string>(dict, "0020|000d", "1.2.826.0.1.3680043.2.1125.99.77.0");
  itk::EncapsulateMetaData<std::string>(dict, "0008|0018", s.UID + "." + std::to_string(z + 1));
  // CT Image Storage, so that GDCM writes ImagePositionPatient: slices without a position are not
  // a stack (each is an image of its own).
  itk::EncapsulateMetaData<std::string>(dict, "0008|0060", "CT");
  itk::EncapsulateMetaData<std::string>(dict, "0008|0016", "1.2.840.10008.5.1.4.1.1.2");
  itk::EncapsulateMetaData<std::string>(dict, "0020|0011", std::to_string(number));
  itk::EncapsulateMetaData<std::string>(dict, "0020|0013", std::to_string(z + 1));
  itk::EncapsulateMetaData<std::string>(dict, "0008|103e", "foreground " + std::to_string(number));
  itk::EncapsulateMetaData<std::string>(dict, "0010|0020", "PARALLELSERIES");
  auto io = itk::GDCMImageIO::New();
  io->KeepOriginalUIDOn();
  auto writer = itk::ImageFileWriter<ImageType>::New();
  writer->SetImageIO(io);
  writer->SetInput(image);
  writer->SetFileName(fileName);
  writer->Update();
}

/** Writes the foreground directory. */
inline void
GenerateForegroundDirectory(const std::string & root)
{
  itksys::SystemTools::RemoveADirectory(root);
  itksys::SystemTools::MakeDirectory(root);
  const auto list = ForegroundSeriesList();
  for (unsigned int si = 0; si < list.size(); ++si)
  {
    const ForegroundSeries & s = list[si];
    for (unsigned int z = 0; z < s.Slices; ++z)
    {
      const std::string name = root + "/FG" + std::to_string(si + 1) + "_" + std::to_string(z) + ".dcm";
      switch (s.Type)
      {
        case itk::IOComponentEnum::UCHAR:
          WriteForegroundSlice<unsigned char>(s, si + 1, z, name);
          break;
        case itk::IOComponentEnum::USHORT:
          WriteForegroundSlice<unsigned short>(s, si + 1, z, name);
          break;
        default:
          WriteForegroundSlice<short>(s, si + 1, z, name);
          break;
      }
    }
  }
}

} // namespace ParallelSeriesCLITest

#endif
