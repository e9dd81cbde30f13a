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

// The TIFF container of parallel-series (apps/parallel-series/ParallelSeriesTIFFWriter.h) on its
// own: a 3-page 16-bit image written with each compressor (none, PackBits, LZW, Deflate), read
// back with libtiff (pixels equal to the written image, Compression, RowsPerStrip as the tiff
// crate writes them), the tags of every step set (on-disk types and values) including the
// private tag 65000 of dicom-preprocessing's DBT flip (LONG[4]: width, height, flip x, flip y),
// and none of them when no step ran; the resolution arithmetic of dicom-preprocessing
// (trunc(10 / spacing x scale) in f32: CT_small's 0.661468 mm resized x0.5 gives 7, its own
// test's value; truncation, not rounding: 0.15 mm gives 66).

#include "ParallelSeriesTIFFWriter.h"
#include "itkParallelSeriesTIFFReader.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <iostream>
#include <string>
#include <vector>

namespace
{
std::string
FileBytes(const std::string & fileName)
{
  std::ifstream in(fileName, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}
} // namespace

int
itkParallelSeriesTIFFWriterTest(int argc, char * argv[])
{
  using namespace ParallelSeriesCLITest;
  namespace W = ParallelSeriesTIFF;
  if (argc != 2)
  {
    std::cerr << "Usage: " << argv[0] << " OUTDIR" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string dir = argv[1];
  bool              ok = true;
  const auto        fail = [&ok](const std::string & message) {
    std::cerr << message << std::endl;
    ok = false;
  };
  if (W::PreprocessingTags::PixelsPerCentimetre(0.661468f, 0.5f) != 7 ||
      W::PreprocessingTags::PixelsPerCentimetre(0.15f, 1.0f) != 66 ||
      W::PreprocessingTags::PixelsPerCentimetre(0.1f, 1.0f) != 100)
  {
    fail("PixelsPerCentimetre: " + std::to_string(W::PreprocessingTags::PixelsPerCentimetre(0.661468f, 0.5f)) + " " +
         std::to_string(W::PreprocessingTags::PixelsPerCentimetre(0.15f, 1.0f)) + " " +
         std::to_string(W::PreprocessingTags::PixelsPerCentimetre(0.1f, 1.0f)) + ", expected 7 66 100");
  }
  // A 3-page image with runs (PackBits packs them) and noise.
  using ImageType = itk::Image<unsigned short, 3>;
  auto                image = ImageType::New();
  ImageType::SizeType size = { { 37, 5, 3 } };
  image->SetRegions(size);
  image->Allocate();
  unsigned short * p = image->GetBufferPointer();
  for (size_t i = 0; i < 37 * 5 * 3; ++i)
  {
    p[i] = (i % 37) < 12 ? 0 : static_cast<unsigned short>((i * 2654435761u) >> 13);
  }
  const std::vector<std::pair<W::Compressor, uint16_t>> compressors = { { W::Compressor::None, 1 },
                                                                        { W::Compressor::PackBits, 32773 },
                                                                        { W::Compressor::LZW, 5 },
                                                                        { W::Compressor::Deflate, 8 } };
  for (const bool steps : { false, true })
  {
    for (const auto & c : compressors)
    {
      W::PreprocessingTags tags = W::PreprocessingTags::Identity(37, 5);
      if (steps)
      {
        tags.HasScale = tags.HasCrop = tags.HasPadding = tags.HasFlip = tags.HasResolution = true;
        tags.Scale[0] = 0.5f;
        tags.Scale[1] = 0.25f;
        tags.CropCentre[0] = 40;
        tags.CropCentre[1] = 30;
        tags.CropSize[0] = 70;
        tags.CropSize[1] = 20;
        const uint32_t padding[4] = { 1, 0, 2, 3 };
        const uint32_t flip[4] = { 80, 60, 0, 1 };
        std::copy(padding, padding + 4, tags.Padding);
        std::copy(flip, flip + 4, tags.Flip);
        tags.Resolution[0] = 7;
        tags.Resolution[1] = 66;
        tags.Software = "parallel-series test";
      }
      const std::string name = dir + "/writer_" + std::to_string(c.second) + (steps ? "_steps" : "_plain") + ".tiff";
      const std::string error = W::WriteMultiPageTIFF<unsigned short>(image, name, tags, c.first);
      if (!error.empty())
      {
        fail(error);
        continue;
      }
      // Built in memory (the default at this size) and written by libtiff to the file directly
      // (no in-memory bytes allowed): the same bytes.
      const std::string direct = name + ".direct.tiff";
      const std::string directError = W::WriteMultiPageTIFF<unsigned short>(image, direct, tags, c.first, 0);
      if (!directError.empty() || FileBytes(direct) != FileBytes(name) || FileBytes(name).size() < 37 * 5 * 3)
      {
        fail(name + ": written in memory, it differs from the file libtiff writes directly " + directError);
      }
      ImageType::Pointer     back;
      std::vector<TagValues> pages;
      const std::string      readError = ReadTIFF<unsigned short>(name, back, pages);
      if (!readError.empty())
      {
        fail(readError);
        continue;
      }
      if (back->GetLargestPossibleRegion().GetSize() != size ||
          !std::equal(p, p + 37 * 5 * 3, back->GetBufferPointer()))
      {
        fail(name + ": the pixels read back differ from those written");
      }
      // RowsPerStrip as stored (libtiff's reader chops uncompressed strips).
      std::map<uint16_t, RawEntry> raw;
      if (!ReadFirstIFDEntries(name, raw))
      {
        fail(name + ": cannot parse the first IFD");
        continue;
      }
      const uint32_t              rowsPerStrip = c.first == W::Compressor::PackBits ? 1 : (1000000 + 73) / 74;
      const std::vector<uint64_t> strips = { rowsPerStrip };
      if (raw[278].Values != strips)
      {
        fail(name + ": RowsPerStrip is not " + std::to_string(rowsPerStrip));
      }
      for (const TagValues & t : pages)
      {
        if (t.Compression != c.second || t.PageNumber[0] != 0 || t.PageNumber[1] != 3 || t.HasScale != steps ||
            t.HasCrop != steps || t.HasPadding != steps || t.ResolutionUnit != (steps ? 3 : 1) ||
            t.Resolution[0] != (steps ? 7.0f : 1.0f) || t.Resolution[1] != (steps ? 66.0f : 1.0f) ||
            t.Software != (steps ? "parallel-series test" : ""))
        {
          fail(name + ": compression " + std::to_string(t.Compression) + ", rows per strip " +
               std::to_string(t.RowsPerStrip) + ", resolution unit " + std::to_string(t.ResolutionUnit) +
               ", software \"" + t.Software + "\" or a step tag is not as written");
        }
        if (steps && (t.Scale[0] != 0.5 || t.Scale[1] != 0.25 || t.CropOrigin[0] != 40 || t.CropOrigin[1] != 30 ||
                      t.CropSize[0] != 70 || t.CropSize[1] != 20 || t.Padding[0] != 1 || t.Padding[1] != 0 ||
                      t.Padding[2] != 2 || t.Padding[3] != 3))
        {
          fail(name + ": a transform tag's value is not as written");
        }
      }
      const std::vector<uint64_t> flip = { 80, 60, 0, 1 };
      if (steps && (!raw.count(65000) || raw[65000].Type != 4 || raw[65000].Count != 4 || raw[65000].Values != flip))
      {
        fail(name + ": tag 65000 is not LONG[4] (80, 60, 0, 1)");
      }
      for (const uint16_t tag : { 50718, 50719, 50720, 50829, 65000 })
      {
        if (!steps && raw.count(tag))
        {
          fail(name + ": tag " + std::to_string(tag) + " written although no step ran");
        }
      }
      if (steps && (raw[50718].Type != 11 || raw[50719].Type != 4 || raw[50720].Type != 4 || raw[50829].Type != 4))
      {
        fail(name + ": the transform tags' types are not FLOAT, LONG, LONG, LONG");
      }
      if (raw[339].Type != 3 || raw[339].Values != std::vector<uint64_t>{ 1 })
      {
        fail(name + ": SampleFormat is not SHORT 1");
      }
    }
  }
  std::cout << (ok ? "all TIFF container checks passed" : "TIFF container checks failed") << std::endl;
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
