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

// The check of one multi-page TIFF file written by parallel-series convert (read back with
// itkParallelSeriesTIFFReader.h) against the image it must hold.

#include "itkParallelSeriesForegroundDirectory.h"
#include "itkParallelSeriesTIFFReader.h"
#include "itkImage.h"
#include "itkImageRegionConstIterator.h"

#include <cmath>
#include <cstdint>
#include <iostream>
#include <map>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace ParallelSeriesCLITest
{
/** What the TIFF container must hold besides the image (set by the test's options). */
struct TIFFExpectation
{
  uint16_t Compression{ 1 }; ///< COMPRESSION_NONE; 32773 PackBits, 5 LZW, 8 Deflate
  bool     Crop{ false };    ///< --crop / --crop-max given: DefaultCropOrigin/Size present
  bool     Resize{ false };  ///< --size given: DefaultScale and ActiveArea present
};
inline TIFFExpectation &
ExpectedTIFF()
{
  static TIFFExpectation e;
  return e;
}

/** Checks of a TIFF written by the tool against the expected image (stock ITK's, preprocessed
 * by \c filter when not null): pixels, tags on every page, the tags' coordinate mapping against
 * DicomPreprocessingImageFilter's, the on-disk tag types, and the foreground block of the generated
 * foreground series. */
template <typename TPixel, typename TFilter>
bool
CheckTIFF(const std::string &                        fileName,
          const itk::Image<TPixel, 3> *              expected,
          const TFilter *                            filter,
          const std::map<std::string, std::string> & row,
          const std::string &                        what,
          typename itk::Image<TPixel, 3>::Pointer &  written)
{
#ifdef PARALLELSERIES_TEST_HAVE_TIFF
  using ImageType = itk::Image<TPixel, 3>;
  std::vector<TagValues> tags;
  const std::string      error = ReadTIFF<TPixel>(fileName, written, tags);
  if (!error.empty())
  {
    std::cerr << what << ": " << error << std::endl;
    return false;
  }
  // Pixels (the TIFF holds no geometry).
  if (written->GetLargestPossibleRegion().GetSize() != expected->GetLargestPossibleRegion().GetSize())
  {
    std::cerr << what << ": TIFF size " << written->GetLargestPossibleRegion().GetSize() << " (x, y, pages), expected "
              << expected->GetLargestPossibleRegion().GetSize() << std::endl;
    return false;
  }
  itk::ImageRegionConstIterator<ImageType> iw(written, written->GetLargestPossibleRegion());
  itk::ImageRegionConstIterator<ImageType> ie(expected, expected->GetLargestPossibleRegion());
  for (; !iw.IsAtEnd(); ++iw, ++ie)
  {
    if (iw.Get() != ie.Get())
    {
      std::cerr << what << ": TIFF pixel " << iw.GetIndex() << " (x, y, page) is " << iw.Get() << ", expected "
                << ie.Get() << std::endl;
      return false;
    }
  }
  // Tags: identical on every page, the filter's recorded values, each present only when its
  // step ran (dicom-preprocessing's rule).
  const auto inSize = expected->GetLargestPossibleRegion().GetSize();
  TagValues  reference;
  const auto pages = static_cast<uint16_t>(inSize[2]);
  reference.PageNumber[0] = 0;
  reference.PageNumber[1] = pages;
  reference.HasCrop = filter && ExpectedTIFF().Crop;
  reference.HasScale = filter && ExpectedTIFF().Resize;
  reference.HasPadding = reference.HasScale;
  if (filter)
  {
    for (unsigned int d = 0; d < 2; ++d)
    {
      if (reference.HasScale)
      {
        reference.Scale[d] = static_cast<float>(filter->GetScale()[d]);
      }
      if (reference.HasCrop)
      {
        reference.CropSize[d] = static_cast<double>(filter->GetCropSize()[d]);
        reference.CropOrigin[d] = static_cast<double>(filter->GetCropOrigin()[d] +
                                                      static_cast<itk::IndexValueType>(filter->GetCropSize()[d] / 2));
      }
    }
    for (unsigned int i = 0; i < 4 && reference.HasPadding; ++i)
    {
      reference.Padding[i] = static_cast<uint32_t>(filter->GetPadding()[i]);
    }
  }
  // Resolution: trunc(10 / spacing x scale) pixels per cm in f32 (dicom-preprocessing's
  // resolution.rs), from the DICOM spacing (stock ITK's); 1/1 without unit only where GDCM found
  // no spacing either (its placeholder 1, 1).
  const auto   stockSpacing = filter ? filter->GetInput()->GetSpacing() : expected->GetSpacing();
  const auto & first = tags.front();
  // A file with neither PixelSpacing nor ImagerPixelSpacing (the manifest's pixel_spacing_source
  // empty) has no spacing for dicom-preprocessing either, even where GDCM derives one from
  // another attribute (e.g. NominalScannedPixelSpacing of secondary captures): 1/1 without unit.
  const auto spacingSource = row.find("pixel_spacing_source");
  const bool noFileSpacing = spacingSource != row.end() && spacingSource->second.empty();
  if (first.ResolutionUnit == 1)
  {
    if (first.Resolution[0] != 1.0f || first.Resolution[1] != 1.0f ||
        (!noFileSpacing && (stockSpacing[0] != 1.0 || stockSpacing[1] != 1.0)))
    {
      std::cerr << what << ": resolution " << first.Resolution[0] << " x " << first.Resolution[1]
                << " without unit, the DICOM spacing is " << stockSpacing[0] << " x " << stockSpacing[1] << std::endl;
      return false;
    }
  }
  for (unsigned int d = 0; d < 2 && first.ResolutionUnit != 1; ++d)
  {
    const float perMillimetre = (1.0f / static_cast<float>(stockSpacing[d])) * static_cast<float>(reference.Scale[d]);
    const auto  perCentimetre = static_cast<float>(static_cast<uint32_t>(perMillimetre * 10.0f));
    if (first.ResolutionUnit != 3 || first.Resolution[d] != perCentimetre)
    {
      std::cerr << what << ": resolution " << first.Resolution[d] << " (unit " << first.ResolutionUnit
                << ") along axis " << d << ", expected " << perCentimetre << " pixels per cm (spacing "
                << stockSpacing[d] << ", scale " << reference.Scale[d] << ")" << std::endl;
      return false;
    }
  }
  // RowsPerStrip as stored (libtiff's reader chops uncompressed strips and clamps the value).
  std::map<uint16_t, RawEntry> raw;
  if (!ReadFirstIFDEntries(fileName, raw) || raw[278].Values.size() != 1)
  {
    std::cerr << what << ": cannot parse the first IFD of \"" << fileName << "\"" << std::endl;
    return false;
  }
  tags.front().RowsPerStrip = static_cast<uint32_t>(raw[278].Values[0]);
  const uint32_t rowBytes = static_cast<uint32_t>(written->GetLargestPossibleRegion().GetSize(0) * sizeof(TPixel));
  const uint32_t rowsPerStrip = ExpectedTIFF().Compression == COMPRESSION_PACKBITS ? 1 : (999999 + rowBytes) / rowBytes;
  for (size_t p = 0; p < tags.size(); ++p)
  {
    const auto & t = tags[p];
    if (t.Compression != ExpectedTIFF().Compression || (p == 0 && t.RowsPerStrip != rowsPerStrip) ||
        t.Software.compare(0, 16, "parallel-series ") != 0 || t.ResolutionUnit != first.ResolutionUnit ||
        t.Resolution[0] != first.Resolution[0] || t.Resolution[1] != first.Resolution[1])
    {
      std::cerr << what << ": page " << p << ": compression " << t.Compression << ", rows per strip " << t.RowsPerStrip
                << ", software \"" << t.Software << "\"; expected " << ExpectedTIFF().Compression << ", "
                << rowsPerStrip << ", \"parallel-series <version>\", the first page's resolution" << std::endl;
      return false;
    }
    if (!(tags[p] == reference))
    {
      std::cerr << what << ": page " << p << " tags: scale " << t.HasScale << " " << t.Scale[0] << " " << t.Scale[1]
                << ", crop origin " << t.HasCrop << " " << t.CropOrigin[0] << " " << t.CropOrigin[1] << ", crop size "
                << t.CropSize[0] << " " << t.CropSize[1] << ", padding " << t.HasPadding << " " << t.Padding[0] << " "
                << t.Padding[1] << " " << t.Padding[2] << " " << t.Padding[3] << ", page number " << t.PageNumber[0]
                << " " << t.PageNumber[1] << "; expected scale " << reference.HasScale << " " << reference.Scale[0]
                << " " << reference.Scale[1] << ", crop origin " << reference.HasCrop << " " << reference.CropOrigin[0]
                << " " << reference.CropOrigin[1] << ", crop size " << reference.CropSize[0] << " "
                << reference.CropSize[1] << ", padding " << reference.HasPadding << " " << reference.Padding[0] << " "
                << reference.Padding[1] << " " << reference.Padding[2] << " " << reference.Padding[3]
                << ", page number 0 " << pages << std::endl;
      return false;
    }
  }
  // On-disk types, as dicom-preprocessing writes and reads them; absent tags absent.
  const std::vector<std::pair<uint16_t, RawEntry>> types = {
    { 297, { TIFF_SHORT, 2, {} } },  { 339, { TIFF_SHORT, 1, {} } },  { 50718, { TIFF_FLOAT, 2, {} } },
    { 50719, { TIFF_LONG, 2, {} } }, { 50720, { TIFF_LONG, 2, {} } }, { 50829, { TIFF_LONG, 4, {} } }
  };
  for (const auto & t : types)
  {
    const bool present = t.first == 297 || t.first == 339 || (t.first == 50718 && reference.HasScale) ||
                         (t.first == 50829 && reference.HasPadding) ||
                         ((t.first == 50719 || t.first == 50720) && reference.HasCrop);
    if (!present)
    {
      if (raw.count(t.first))
      {
        std::cerr << what << ": tag " << t.first << " is written although its step did not run" << std::endl;
        return false;
      }
      continue;
    }
    // SampleFormat holds one value per sample (TIFF 6.0): 3 for RGB.
    uint64_t expectedCount = t.second.Count;
    if (t.first == 339 && raw.count(277) && !raw[277].Values.empty())
    {
      expectedCount = raw[277].Values[0];
    }
    if (!raw.count(t.first) || raw[t.first].Type != t.second.Type || raw[t.first].Count != expectedCount)
    {
      std::cerr << what << ": tag " << t.first << " is stored with type " << raw[t.first].Type << " count "
                << raw[t.first].Count << ", expected type " << t.second.Type << " count " << expectedCount
                << std::endl;
      return false;
    }
  }
  if (raw.count(65000))
  {
    std::cerr << what << ": tag 65000 (DBT flip) written for a volume that was not flipped" << std::endl;
    return false;
  }
  // The tags map output pixels back as DicomPreprocessingImageFilter does.
  const auto                             outSize = written->GetLargestPossibleRegion().GetSize();
  const TagValues &                      t = tags.front();
  std::vector<std::pair<double, double>> points = { { 0, 0 },
                                                    { outSize[0] - 1.0, outSize[1] - 1.0 },
                                                    { outSize[0] / 2.0, outSize[1] / 3.0 },
                                                    { double(t.Padding[0]), double(t.Padding[1]) },
                                                    { outSize[0] - 1.0 - t.Padding[2],
                                                      outSize[1] - 1.0 - t.Padding[3] },
                                                    { 7.25, 3.5 } };
  for (const auto & pt : points)
  {
    typename TFilter::ContinuousIndexType o;
    o[0] = pt.first;
    o[1] = pt.second;
    o[2] = 0;
    double reference2[2] = { pt.first, pt.second }; // identity without filter
    if (filter)
    {
      const auto in = filter->MapOutputIndexToInputIndex(o);
      reference2[0] = in[0];
      reference2[1] = in[1];
    }
    for (unsigned int d = 0; d < 2; ++d)
    {
      const double fromTags = t.MapToInput(d, d == 0 ? pt.first : pt.second);
      if (std::abs(fromTags - reference2[d]) > 1e-3 + 1e-6 * std::abs(reference2[d]))
      {
        std::cerr << what << ": output (" << pt.first << ", " << pt.second << ") maps with the tags to " << fromTags
                  << " along axis " << d << ", DicomPreprocessingImageFilter says " << reference2[d] << std::endl;
        return false;
      }
    }
  }
  // The generated foreground's bright block: its centre lands where the tags say.
  for (const auto & s : ForegroundSeriesList())
  {
    if (s.UID != row.at("series_instance_uid") || !filter)
    {
      continue;
    }
    typename TFilter::ContinuousIndexType centre;
    centre[0] = (s.Block[0] + s.Block[2]) / 2.0;
    centre[1] = (s.Block[1] + s.Block[3]) / 2.0;
    centre[2] = 0;
    const auto   out = filter->MapInputIndexToOutputIndex(centre);
    const long   xo = std::lround(out[0]), yo = std::lround(out[1]);
    const double xi = t.MapToInput(0, xo), yi = t.MapToInput(1, yo);
    if (xo < 0 || yo < 0 || xo >= long(outSize[0]) || yo >= long(outSize[1]) || xi < s.Block[0] - 0.5 ||
        xi > s.Block[2] + 0.5 || yi < s.Block[1] - 0.5 || yi > s.Block[3] + 0.5)
    {
      std::cerr << what << ": the block's centre maps to output (" << xo << ", " << yo
                << "), which the tags map back to (" << xi << ", " << yi << "), outside the block" << std::endl;
      return false;
    }
    for (unsigned int z = 0; z < outSize[2]; ++z)
    {
      typename ImageType::IndexType index = { { xo, yo, z } };
      double                        v = 0.0;
      if constexpr (std::is_arithmetic<TPixel>::value)
      {
        v = static_cast<double>(written->GetPixel(index));
      }
      if (std::abs(v - s.BlockValue) > 1.0)
      {
        std::cerr << what << ": output pixel " << index << " (the block's centre) is " << v << ", expected "
                  << s.BlockValue << std::endl;
        return false;
      }
    }
    std::cout << what << ": block centre (" << centre[0] << ", " << centre[1] << ") -> output (" << xo << ", " << yo
              << ") -> tags (" << xi << ", " << yi << ")" << std::endl;
  }
  return true;
#else
  (void)expected;
  (void)filter;
  (void)row;
  (void)written;
  std::cerr << what << ": \"" << fileName << "\" is a TIFF file; this test was built without libtiff" << std::endl;
  return false;
#endif
}
} // namespace ParallelSeriesCLITest

#endif
