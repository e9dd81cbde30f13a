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
#ifndef itkParallelSeriesSliceDecoder_h
#define itkParallelSeriesSliceDecoder_h

#include "ParallelSeriesExport.h"
#include "itkIOCommon.h"
#include "itkImageIOBase.h"
#include "itkParallelSeriesMosaicInfo.h"

#include <string>
#include <memory>
#include <vector>

namespace gdcm
{
class Image;
}

namespace itk
{
namespace ParallelSeriesGDCM
{
class MemoryStreamBuffer; // internal (src/itkParallelSeriesGDCMHelpers.h)
}

/** \class ParallelSeriesSliceDecoder
 * \brief Decodes the pixel data of one DICOM file with GDCM, straight into a caller's buffer.
 *
 * One full parse per file (gdcm::ImageReader), then the same pixel pipeline as
 * GDCMImageIO::Read(): decompression through GDCM's codecs (JPEG, JPEG-LS, JPEG 2000, RLE),
 * planar configuration 1 to 0, PALETTE COLOR expanded to RGB, MONOCHROME1 turned into
 * MONOCHROME2, single-bit images expanded to 0/255, RescaleSlope/RescaleIntercept applied with
 * gdcm::Rescaler (output type from gdcm::Rescaler::ComputeInterceptSlopePixelType(), as
 * GDCMImageIO), YBR_FULL / YBR_FULL_422 8-bit turned into RGB. Pixel values therefore equal
 * those GDCMImageIO gives for the same file.
 *
 * Uncompressed little endian files of native 16-bit one-sample MONOCHROME2 pixels (the usual CT
 * and MR slice; HighBit = BitsStored - 1, no overlays in the pixel data) take a direct path:
 * GDCM parses the header only (gdcm::ImageRegionReader::ReadInformation(), from a window of the
 * file's start) and so says where the pixel data is, how long and how encoded; the pixels are
 * read with pread() straight into the caller's buffer and cleaned (unused high bits) and
 * rescaled there, with GDCM's arithmetic. Every other file, and one whose pixel data is shorter
 * than the image or than the file, is decoded by GDCM as above (which also reports damage such
 * as truncation). Result::DirectRead says which path a file took.
 *
 * Decode() writes the result into the caller's buffer when its component type, number of
 * components and number of pixels match what the file yields (the common case: no
 * intermediate copy for uncompressed or compressed monochrome files without rescaling; one
 * scratch buffer when rescaling). Otherwise the result stays in the decoder's scratch buffer
 * and the caller converts it (ParallelSeriesReader uses ConvertPixelBuffer, as ImageFileReader).
 *
 * JPEG 2000 files are decoded with OpenJPEG's own threading switched off (GDCM defaults to
 * one OpenJPEG thread per CPU), so that decoding never adds threads on top of the caller's
 * work units.
 *
 * Buffers are laid out x fastest (columns), then y (rows), then frame; components interleaved.
 *
 * Thread safety: an instance keeps scratch buffers, so use one instance per work unit;
 * distinct instances may decode concurrently. Decode() calls no ITK thread pool.
 *
 * \ingroup ParallelSeries
 */
class ParallelSeries_EXPORT ParallelSeriesSliceDecoder
{
public:
  /** What Decode() produced. */
  struct Result
  {
    IOComponentEnum ComponentType{ IOComponentEnum::UNKNOWNCOMPONENTTYPE };
    unsigned int    NumberOfComponents{ 1 };
    SizeValueType   NumberOfPixels{ 0 }; ///< columns x rows x frames
    unsigned int    Columns{ 0 };
    unsigned int    Rows{ 0 };
    unsigned int    Frames{ 1 };
    /** Null when the pixels were written into the caller's buffer; else the decoder's scratch
     * buffer (valid until the next Decode()). */
    const void * Data{ nullptr };
    double       RescaleSlope{ 1.0 };
    double       RescaleIntercept{ 0.0 };
    /** True when the pixel data was read from the file straight into its place (uncompressed
     * native 16-bit MONOCHROME2, see the class documentation), false when GDCM decoded it. */
    bool DirectRead{ false };
  };

  ParallelSeriesSliceDecoder() = default;

  /** Decode \c fileName. The pixels go into \c destination (capacity \c destinationPixels
   * pixels of \c destinationComponents components of type \c destinationComponentType) when the
   * file yields exactly that; see class documentation.
   * \throws ExceptionObject naming the file when GDCM cannot read or decode it (not DICOM,
   * truncated, unsupported transfer syntax or pixel format). */
  Result
  Decode(const std::string & fileName,
         void *              destination,
         SizeValueType       destinationPixels,
         IOComponentEnum     destinationComponentType,
         unsigned int        destinationComponents);

  /** Decode a Siemens mosaic \c fileName laid out as \c mosaic (from the scan,
   * ParallelGDCMSeriesFileNames::GetVolumeMosaicInfo()) and de-mosaic it: the result is the
   * volume of GetTileColumns() x GetTileRows() x GetNumberOfTiles() pixels of \c mosaic (Result's
   * Columns, Rows, Frames), voxel (x, y, z) = pixel (x, y) of tile z (see
   * ParallelSeriesMosaicLayout). The mosaic is decoded as Decode() decodes any file, into this
   * decoder's scratch buffer, and its tiles are copied (one memcpy per tile row) into
   * \c destination when its type, components and number of pixels match the volume, else into a
   * second scratch buffer returned as Result::Data. \c mosaic null: Decode().
   * \throws ExceptionObject as Decode(), and when the file's size is not the mosaic's. */
  Result
  DecodeMosaic(const std::string &                fileName,
               void *                             destination,
               SizeValueType                      destinationPixels,
               IOComponentEnum                    destinationComponentType,
               unsigned int                       destinationComponents,
               const ParallelSeriesMosaicLayout * mosaic);

private:
  /** Reads \c fileName whole into m_File and points \c buffer at it; false when GDCM should
   * read the file itself (empty, larger than 256 MiB, or not a POSIX system).
   * \throws ExceptionObject naming the file when it cannot be opened or read. */
  bool
  ReadWholeFile(const std::string & fileName, ParallelSeriesGDCM::MemoryStreamBuffer & buffer);

  /** The direct read path, for uncompressed (implicit or explicit VR little endian) native 16-bit
   * one-sample MONOCHROME2 files (HighBit = BitsStored - 1, no overlays in the pixel data): GDCM
   * parses the header up to PixelData from a window of the file's start
   * (gdcm::ImageRegionReader::ReadInformation(), the image description gdcm::ImageReader gives)
   * and says where the pixel data is, its length and encoding; the pixels are then read with
   * pread() straight into \c destination when it has the file's 16-bit type (else into scratch)
   * and cleaned and rescaled in place, as DecodeMonochrome2() does from GDCM's pixel data
   * element. Returns false, having decoded nothing, for every other file (and for a file whose
   * pixel data is shorter than the image or than the file): Decode() then takes GDCM's path,
   * which also reports what is wrong with the file. */
  bool
  DecodeNative16(const std::string & fileName,
                 void *              destination,
                 SizeValueType       destinationPixels,
                 IOComponentEnum     destinationComponentType,
                 unsigned int        destinationComponents,
                 Result &            result);

  /** The fast path, for one-sample MONOCHROME2 images that are not single-bit: native 16-bit
   * pixels (little endian, HighBit = BitsStored - 1, no overlays in the pixel data) are cleaned
   * and rescaled in one pass straight from GDCM's pixel data element; other pixels go through
   * gdcm::Bitmap::GetBuffer() (JPEG 2000 without OpenJPEG threads) and gdcm::Rescaler. The
   * pixels go into \c target when not null (the caller's buffer, of the decoded size), else into
   * a scratch buffer. \c result holds the file's geometry, component type and rescaling. Returns
   * the scratch buffer, or null when the pixels went into \c target.
   * \throws ExceptionObject naming the file when GDCM cannot decode or rescale the pixels. */
  const void *
  DecodeMonochrome2(const std::string & fileName, const gdcm::Image & image, char * target, const Result & result);

  /** The general path, GDCMImageIO::Read() step by step (every other image): decompression
   * (JPEG 2000 without OpenJPEG threads), planar configuration 1 to 0, single-bit expanded to
   * 0/255, PALETTE COLOR through its lookup table, MONOCHROME1 to MONOCHROME2, rescaling, 8-bit
   * YBR_FULL / YBR_FULL_422 to RGB; \c image is modified. Target and return value as
   * DecodeMonochrome2().
   * \throws ExceptionObject naming the file when a step fails. */
  const void *
  DecodeGeneral(const std::string & fileName, gdcm::Image & image, char * target, const Result & result);

  std::vector<char> m_Scratch;
  std::vector<char> m_Rescaled;
  /** The file being decoded, read whole (not zero-initialized; grows to the largest file). */
  std::unique_ptr<char[]> m_File;
  size_t                  m_FileCapacity{ 0 };
};
} // end namespace itk

#endif
