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
#ifndef itkParallelSeriesTestUtilities_h
#define itkParallelSeriesTestUtilities_h

// Helpers shared by the ParallelSeries tests: a generator of multi-series DICOM directories
// with known geometry (slices written by stock GDCMImageIO, itkParallelSeriesDicomSliceWriter.h),
// a scan, and comparisons against stock ITK.

#include "itkParallelSeriesDicomSliceWriter.h"
#include "itkParallelSeriesSameImage.h"
#include "itkParallelGDCMSeriesFileNames.h"
#include "itkParallelSeriesComponentTypes.h"
#include "itkGDCMImageIO.h"
#include "itkGDCMSeriesFileNames.h"
#include "itkImage.h"
#include "itkImageRegionConstIterator.h"
#include "itkImageSeriesReader.h"
#include "itksys/SystemTools.hxx"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace ParallelSeriesTest
{

/** Ground truth of one generated series. */
struct GeneratedSeries
{
  std::string              SeriesInstanceUID;
  std::string              Description;
  itk::IOComponentEnum     ComponentType{ itk::IOComponentEnum::SHORT };
  unsigned int             Columns{ 0 };
  unsigned int             Rows{ 0 };
  unsigned int             Slices{ 0 };  ///< positions per volume
  unsigned int             Volumes{ 1 }; ///< repeated positions
  double                   Spacing[3]{ 1, 1, 1 };
  double                   Origin[3]{ 0, 0, 0 };
  double                   Direction[3][3]{ { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }; ///< columns = axes
  std::vector<std::string> Files;                                                    ///< written files
};

inline std::string
MakeUID(unsigned int a, unsigned int b = 0, unsigned int c = 0)
{
  std::ostringstream os;
  os << "1.2.826.0.1.3680043.2.1125.99." << a << "." << b << "." << c;
  return os.str();
}

/** Value of voxel (x, y, z) of volume v of series s: deterministic, structured, type-safe. */
inline double
VoxelValue(unsigned int s, unsigned int v, unsigned int x, unsigned int y, unsigned int z, itk::IOComponentEnum t)
{
  const unsigned int h = (x * 7u + y * 13u + z * 31u + s * 101u + v * 57u) % 251u;
  switch (t)
  {
    case itk::IOComponentEnum::UCHAR:
      return h;
    case itk::IOComponentEnum::USHORT:
      return h * 200.0;
    default:
      return h * 16.0 - 2000.0;
  }
}

/** Writes slice \c z of volume \c volume of generated series \c s (index \c seriesIndex) with
 * instance number \c instance to \c fileName (the one DICOM slice writer,
 * itkParallelSeriesDicomSliceWriter.h), as TPixel. */
template <typename TPixel>
void
WriteSlice(const GeneratedSeries & s,
           unsigned int            seriesIndex,
           unsigned int            volume,
           unsigned int            z,
           unsigned int            instance,
           const std::string &     fileName)
{
  DicomSliceGeometry geometry;
  geometry.Columns = s.Columns;
  geometry.Rows = s.Rows;
  for (unsigned int i = 0; i < 3; ++i)
  {
    geometry.Spacing[i] = s.Spacing[i];
    geometry.Origin[i] = s.Origin[i] + z * s.Spacing[2] * s.Direction[i][2];
    for (unsigned int j = 0; j < 3; ++j)
    {
      geometry.Direction[i][j] = s.Direction[i][j];
    }
  }
  DicomSliceAttributes attributes;
  attributes.StudyInstanceUID = MakeUID(1000);
  attributes.SeriesInstanceUID = s.SeriesInstanceUID;
  attributes.SOPInstanceUID = MakeUID(2000 + seriesIndex, volume, z);
  attributes.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2";
  attributes.Modality = "CT";
  attributes.SeriesNumber = seriesIndex + 1;
  attributes.InstanceNumber = instance;
  attributes.SeriesDescription = s.Description;
  WriteDicomSlice<TPixel>(
    geometry,
    attributes,
    [&](unsigned int x, unsigned int y) { return VoxelValue(seriesIndex, volume, x, y, z, s.ComponentType); },
    fileName);
}

/** Writes a directory of 10 series (one of them with 2 volumes), spread over nested folders
 * with random file names (so the listing order is shuffled), plus junk non-DICOM files.
 * Returns the ground truth. */
inline std::vector<GeneratedSeries>
GenerateMultiSeriesDirectory(const std::string & root, unsigned int seed = 1)
{
  itksys::SystemTools::RemoveADirectory(root);
  const std::vector<std::string> folders = { root, root + "/a", root + "/a/b", root + "/c" };
  for (const auto & f : folders)
  {
    itksys::SystemTools::MakeDirectory(f);
  }
  std::mt19937                 rng(seed);
  const double                 c = std::cos(0.3), sn = std::sin(0.3);
  std::vector<GeneratedSeries> all;
  auto                         add = [&all](itk::IOComponentEnum t,
                    unsigned             cols,
                    unsigned             rows,
                    unsigned             slices,
                    unsigned             volumes,
                    std::vector<double>  spacing,
                    std::vector<double>  origin,
                    std::vector<double>  dir) {
    GeneratedSeries s;
    s.SeriesInstanceUID = MakeUID(static_cast<unsigned int>(all.size()) + 1);
    s.Description = "generated series " + std::to_string(all.size() + 1);
    s.ComponentType = t;
    s.Columns = cols;
    s.Rows = rows;
    s.Slices = slices;
    s.Volumes = volumes;
    for (unsigned i = 0; i < 3; ++i)
    {
      s.Spacing[i] = spacing[i];
      s.Origin[i] = origin[i];
      for (unsigned j = 0; j < 3; ++j)
      {
        s.Direction[i][j] = dir[3 * i + j];
      }
    }
    all.push_back(s);
  };
  const std::vector<double> axial = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
  const std::vector<double> coronal = { 1, 0, 0, 0, 0, 1, 0, -1, 0 };
  const std::vector<double> sagittal = { 0, 0, -1, 1, 0, 0, 0, -1, 0 };
  const std::vector<double> oblique = { c, 0, sn, 0, 1, 0, -sn, 0, c };
  using T = itk::IOComponentEnum;
  add(T::SHORT, 64, 64, 24, 1, { 0.7, 0.7, 2.5 }, { -22.4, -30.1, 10.0 }, axial);
  add(T::USHORT, 48, 40, 12, 1, { 1.1, 0.9, 3.0 }, { 5.0, -7.5, 100.25 }, sagittal);
  add(T::UCHAR, 32, 32, 3, 1, { 2.0, 2.0, 10.0 }, { 0.0, 0.0, 0.0 }, coronal);
  add(T::SHORT, 40, 56, 30, 1, { 0.8, 0.6, 1.25 }, { 12.0, 3.0, -40.0 }, oblique);
  add(T::SHORT, 50, 30, 1, 1, { 0.5, 0.5, 1.0 }, { 1.0, 2.0, 3.0 }, axial);
  add(T::SHORT, 24, 24, 6, 2, { 3.0, 3.0, 4.0 }, { -36.0, -36.0, 0.0 }, axial);
  add(T::USHORT, 36, 28, 17, 1, { 0.9, 0.9, 2.0 }, { 0.0, 50.0, -12.0 }, coronal);
  add(T::SHORT, 20, 20, 40, 1, { 1.0, 1.0, 0.5 }, { 0.0, 0.0, -10.0 }, axial);
  add(T::UCHAR, 16, 24, 9, 1, { 1.5, 1.5, 1.5 }, { 7.0, 8.0, 9.0 }, oblique);
  add(T::SHORT, 64, 32, 2, 1, { 0.25, 0.5, 5.0 }, { -1.0, -1.0, -1.0 }, sagittal);

  std::uniform_int_distribution<unsigned int> pickFolder(0, static_cast<unsigned int>(folders.size()) - 1);
  std::uniform_int_distribution<unsigned int> hex(0, 0xFFFFFF);
  for (unsigned int si = 0; si < all.size(); ++si)
  {
    GeneratedSeries & s = all[si];
    for (unsigned int v = 0; v < s.Volumes; ++v)
    {
      for (unsigned int z = 0; z < s.Slices; ++z)
      {
        std::ostringstream name;
        name << folders[pickFolder(rng)] << "/IM" << std::hex << hex(rng) << "_" << si << "_" << v << "_" << z;
        if (z % 3 == 0)
        {
          name << ".dcm";
        }
        const unsigned int instance = v * s.Slices + z + 1;
        itk::ParallelSeriesComponentTypes::VisitComponentType(s.ComponentType, [&](auto tag) {
          WriteSlice<typename decltype(tag)::Type>(s, si, v, z, instance, name.str());
        });
        s.Files.push_back(name.str());
      }
    }
  }
  // Junk: text, empty, random bytes, and a file that only starts like DICOM.
  {
    std::ofstream(root + "/README.txt") << "not a DICOM file\n";
    std::ofstream(root + "/a/empty.dcm");
    std::ofstream junk(root + "/c/random.bin", std::ios::binary);
    for (int i = 0; i < 4096; ++i)
    {
      junk.put(static_cast<char>(rng() & 0xFF));
    }
    std::ofstream fake(root + "/a/b/fake.dcm", std::ios::binary);
    fake << std::string(128, '\0') << "DICM"
         << "garbage that is not a data set";
  }
  return all;
}

/** Keeps only the first \c keep bytes of a file. */
inline void
TruncateFile(const std::string & fileName, size_t keep)
{
  std::ifstream     in(fileName, std::ios::binary);
  std::vector<char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  data.resize(std::min(keep, data.size()));
  std::ofstream out(fileName, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

/** Damages a directory written by GenerateMultiSeriesDirectory() in two series: series 0, one
 * file (Files[10]) truncated in its pixel data (stock ITK reads it without error; its volume
 * fails); series 3, one file (Files[4]) replaced by a slice of another size (same series,
 * position and instance number: a series of its own by default, a failed volume with the stock
 * grouping, ParallelGDCMSeriesFileNames::SetSplitByImageSize(false)). Returns the two files. */
inline std::vector<std::string>
DamageTwoVolumes(const std::vector<GeneratedSeries> & truth)
{
  const std::string truncated = truth[0].Files[10];
  TruncateFile(truncated, itksys::SystemTools::FileLength(truncated) - 2000);
  GeneratedSeries other = truth[3];
  other.Columns = 20;
  WriteSlice<short>(other, 3, 0, 4, 5, truth[3].Files[4]);
  return { truncated, truth[3].Files[4] };
}

/** A ParallelGDCMSeriesFileNames scan of \c directory. */
inline itk::ParallelGDCMSeriesFileNames::Pointer
ScanDirectory(const std::string & directory, bool recursive)
{
  auto scanner = itk::ParallelGDCMSeriesFileNames::New();
  scanner->SetInputDirectory(directory);
  scanner->SetRecursive(recursive);
  scanner->Update();
  return scanner;
}

/** Reads \c files with stock ImageSeriesReader + GDCMImageIO. One Siemens mosaic file (whose
 * ParallelGDCMSeriesFileNames::GetVolumeMosaicInfo() has tiles), which stock ITK reads as its
 * 2D grid of tiles, is then cut into its tiles here: voxel (x, y, z) = stock pixel
 * ((z % m) tileColumns + x, (z / m) tileRows + y), m tiles per row, with the scan's mosaic
 * geometry. That is the stock reference of ParallelSeriesReader's de-mosaicked volume (the
 * geometry's oracle is nibabel: itkParallelSeriesMosaicNibabelTest). One multi-frame file that
 * the scan splits into volumes (frames at repeated positions,
 * ParallelGDCMSeriesFileNames::GetVolumeFrames()), which stock ITK reads as one stack of all its
 * frames, gives volume \c volume's frames of stock ITK's stack: voxel (x, y, z) = stock voxel
 * (x, y, frames[z]), with stock ITK's in-plane spacing and direction, and the origin and z spacing
 * (first-to-last distance over (frames - 1)) of the frames' positions as the scan gives them (the
 * geometry's oracle is pydicom: itkParallelSeriesMultiFrameTest). */
template <typename TImage>
typename TImage::Pointer
ReadWithStockITK(const std::vector<std::string> & files, unsigned int volume = 0)
{
  const auto readStock = [&files]() {
    auto reader = itk::ImageSeriesReader<TImage>::New();
    reader->SetImageIO(itk::GDCMImageIO::New());
    reader->SetFileNames(files);
    reader->Update();
    return typename TImage::Pointer(reader->GetOutput());
  };
  if (files.size() != 1)
  {
    return readStock();
  }
  auto scanner = itk::ParallelGDCMSeriesFileNames::New();
  scanner->SetInputFileNames(files);
  scanner->Update();
  const bool        oneSeries = scanner->GetSeriesUIDs().size() == 1;
  const std::string uid = oneSeries ? scanner->GetSeriesUIDs().front() : std::string();
  if (oneSeries && volume < scanner->GetNumberOfVolumes(uid) && !scanner->GetVolumeFrames(uid, volume).empty())
  {
    // Stock ITK's stack of all frames is read once for the volumes of one file (the last such
    // file per image type is kept: the tests ask for its volumes one after another).
    static std::mutex               cacheMutex;
    static std::string              cachedFile;
    static typename TImage::Pointer cachedStack;
    typename TImage::Pointer        stock;
    {
      std::lock_guard<std::mutex> lock(cacheMutex);
      if (cachedFile != files.front() || cachedStack.IsNull())
      {
        cachedStack = readStock();
        cachedFile = files.front();
      }
      stock = cachedStack;
    }
    const std::vector<unsigned int> frames = scanner->GetVolumeFrames(uid, volume);
    auto                            part = TImage::New();
    typename TImage::RegionType     region = stock->GetLargestPossibleRegion();
    region.SetSize(2, frames.size());
    part->SetRegions(region);
    part->Allocate();
    typename TImage::SpacingType spacing = stock->GetSpacing();
    const auto                   first = scanner->GetVolumeFramePosition(uid, volume, 0);
    const auto last = scanner->GetVolumeFramePosition(uid, volume, static_cast<unsigned int>(frames.size() - 1));
    if (frames.size() > 1)
    {
      spacing[2] = first.EuclideanDistanceTo(last) / static_cast<double>(frames.size() - 1);
    }
    part->SetSpacing(spacing);
    part->SetOrigin(first);
    part->SetDirection(stock->GetDirection());
    part->SetMetaDataDictionary(stock->GetMetaDataDictionary());
    const auto size = region.GetSize();
    for (unsigned int z = 0; z < frames.size(); ++z)
    {
      for (unsigned int y = 0; y < size[1]; ++y)
      {
        for (unsigned int x = 0; x < size[0]; ++x)
        {
          const typename TImage::IndexType to = { { x, y, z } };
          const typename TImage::IndexType from = { { x, y, static_cast<itk::IndexValueType>(frames[z]) } };
          part->SetPixel(to, stock->GetPixel(from));
        }
      }
    }
    return part;
  }
  typename TImage::Pointer stock = readStock();
  if (!oneSeries || scanner->GetNumberOfVolumes(uid) != 1)
  {
    return stock;
  }
  const itk::ParallelSeriesMosaicInfo info = scanner->GetVolumeMosaicInfo(uid, 0);
  if (info.GetLayout().GetNumberOfTiles() == 0)
  {
    return stock;
  }
  const itk::ParallelSeriesMosaicLayout   l = info.GetLayout();
  auto                                    tiles = TImage::New();
  typename TImage::RegionType             region;
  region.SetSize(0, l.GetTileColumns());
  region.SetSize(1, l.GetTileRows());
  region.SetSize(2, l.GetNumberOfTiles());
  tiles->SetRegions(region);
  tiles->Allocate();
  tiles->SetOrigin(info.GetOrigin());
  tiles->SetSpacing(info.GetSpacing());
  tiles->SetDirection(info.GetDirection());
  tiles->SetMetaDataDictionary(stock->GetMetaDataDictionary());
  for (unsigned int z = 0; z < l.GetNumberOfTiles(); ++z)
  {
    for (unsigned int y = 0; y < l.GetTileRows(); ++y)
    {
      for (unsigned int x = 0; x < l.GetTileColumns(); ++x)
      {
        const typename TImage::IndexType to = { { x, y, z } };
        const typename TImage::IndexType from = {
          { (z % l.GetTilesPerRow()) * l.GetTileColumns() + x, (z / l.GetTilesPerRow()) * l.GetTileRows() + y, 0 }
        };
        tiles->SetPixel(to, stock->GetPixel(from));
      }
    }
  }
  return tiles;
}

/** Pixels (exactly) and geometry (within \c tolerance) of two images; prints the first
 * difference. */
template <typename TImage>
bool
SameImage(const TImage * a, const TImage * b, const std::string & what, double tolerance = 1e-6)
{
  return ParallelSeriesTesting::SameImage(a, b, what, tolerance);
}

/** With ThrowOnFailure on, \c reader's Update() must throw (after reading every volume) an
 * exception whose description names \c file. Returns whether it did; prints the message. */
template <typename TReader>
bool
UpdateThrowsNaming(TReader * reader, const std::string & file)
{
  reader->ThrowOnFailureOn();
  reader->Modified();
  try
  {
    reader->Update();
  }
  catch (const itk::ExceptionObject & e)
  {
    const std::string message = e.GetDescription();
    std::cout << "Expected exception: " << message << std::endl;
    return message.find(file) != std::string::npos;
  }
  std::cerr << "Update() did not throw with ThrowOnFailure on" << std::endl;
  return false;
}

} // namespace ParallelSeriesTest

#endif
