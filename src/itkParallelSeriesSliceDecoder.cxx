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
#include "itkParallelSeriesSliceDecoder.h"
#include "itkParallelSeriesComponentTypes.h"

#include "itkMacro.h"
#include "itkParallelSeriesGDCMHelpers.h"
#include "itkParallelSeriesHeaderReading.h"
#include "itkParallelSeriesMosaic.h"

#include "gdcmImageApplyLookupTable.h"
#include "gdcmImageChangePhotometricInterpretation.h"
#include "gdcmImageChangePlanarConfiguration.h"
#include "gdcmImageChangeTransferSyntax.h"
#include "gdcmImageReader.h"
#include "gdcmImageRegionReader.h"
#include "gdcmExplicitDataElement.h"
#include "gdcmImplicitDataElement.h"
#include "gdcmSwapper.h"
#include "gdcmJPEG2000Codec.h"
#include "gdcmRescaler.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <set>
#include <type_traits>
#include <sstream>
#include <utility>

namespace itk
{
namespace
{
bool
IsJPEG2000(const gdcm::TransferSyntax & ts)
{
  return ts == gdcm::TransferSyntax::JPEG2000Lossless || ts == gdcm::TransferSyntax::JPEG2000 ||
         ts == gdcm::TransferSyntax::JPEG2000Part2Lossless || ts == gdcm::TransferSyntax::JPEG2000Part2;
}

/** gdcm::Bitmap::GetBuffer(), except that JPEG 2000 is decoded without OpenJPEG threads
 * (the body follows gdcm::Bitmap::TryJPEG2000Codec()). */
bool
GetBufferSingleThreaded(const gdcm::Image & image, char * buffer)
{
  const gdcm::TransferSyntax & ts = image.GetTransferSyntax();
  if (!IsJPEG2000(ts))
  {
    return image.GetBuffer(buffer);
  }
  gdcm::JPEG2000Codec codec;
  codec.SetNumberOfThreadsForDecompression(0);
  if (!codec.CanDecode(ts))
  {
    return false;
  }
  const unsigned long len = image.GetBufferLength();
  codec.SetPixelFormat(image.GetPixelFormat());
  codec.SetNumberOfDimensions(image.GetNumberOfDimensions());
  codec.SetPlanarConfiguration(image.GetPlanarConfiguration());
  codec.SetPhotometricInterpretation(image.GetPhotometricInterpretation());
  codec.SetNeedOverlayCleanup(image.AreOverlaysInPixelData() || image.UnusedBitsPresentInPixelData());
  codec.SetDimensions(image.GetDimensions());
  gdcm::DataElement out;
  if (!codec.Decode(image.GetDataElement(), out))
  {
    return false;
  }
  const gdcm::ByteValue * outbv = out.GetByteValue();
  if (!outbv || outbv->GetLength() < len)
  {
    return false;
  }
  std::memcpy(buffer, outbv->GetPointer(), len);
  return true;
}

/** Bytes of the decoded pixels: columns x rows x frames x components x component size. */
size_t
OutputBytes(const ParallelSeriesSliceDecoder::Result & result)
{
  return static_cast<size_t>(result.NumberOfPixels) * result.NumberOfComponents *
         ParallelSeriesComponentTypes::ComponentSize(result.ComponentType);
}

/** The pixel data of \c image when it is native 16-bit monochrome that can be used in place
 * (little endian, no overlays in the pixel data, HighBit = BitsStored - 1); null otherwise.
 * For such data gdcm::Bitmap::GetBuffer() copies the pixels through several std::stringstreams
 * (ImageCodec::DecodeByStreams) as soon as BitsStored < BitsAllocated, the usual 12-bit CT. */
bool
IsNativeMonochrome16Format(const gdcm::Image & image, const gdcm::TransferSyntax & ts)
{
  const gdcm::PixelFormat & pf = image.GetPixelFormat();
  return (ts == gdcm::TransferSyntax::ImplicitVRLittleEndian || ts == gdcm::TransferSyntax::ExplicitVRLittleEndian ||
          ts == gdcm::TransferSyntax::DeflatedExplicitVRLittleEndian) &&
         !image.GetNeedByteSwap() && pf.GetBitsAllocated() == 16 && pf.GetBitsStored() != 0 &&
         pf.GetBitsStored() <= 16 && pf.GetHighBit() + 1 == pf.GetBitsStored() && !image.AreOverlaysInPixelData() &&
         image.GetPlanarConfiguration() == 0;
}

const std::uint16_t *
NativeMonochrome16(const gdcm::Image & image, size_t length)
{
  if (!IsNativeMonochrome16Format(image, image.GetTransferSyntax()))
  {
    return nullptr;
  }
  const gdcm::ByteValue * bv = image.GetDataElement().GetByteValue();
  if (bv == nullptr || bv->GetPointer() == nullptr || bv->GetLength() < length ||
      reinterpret_cast<std::uintptr_t>(bv->GetPointer()) % alignof(std::uint16_t) != 0)
  {
    return nullptr;
  }
  return reinterpret_cast<const std::uint16_t *>(bv->GetPointer());
}

/** gdcm::ImageCodec::DoOverlayCleanup() for 16 bits allocated, HighBit = BitsStored - 1 (the
 * unused high bits cleared, or set from the sign bit for signed pixels: the same as sign
 * extension of the low BitsStored bits), fused with gdcm::Rescaler's RescaleFunction
 * (out = (TOut)(slope * in + intercept), in double) when \c rescale: the same arithmetic, in
 * one pass. With slope 1 and an integral intercept into an integer type, the sum is computed
 * in integers (exact, and equal to the double expression for every value that fits TOut, the
 * type gdcm::Rescaler::ComputeInterceptSlopePixelType() chose to hold them). The loops are
 * written so that the compiler vectorizes them. */
template <typename TOut, bool Signed>
void
CleanAndRescale16(const std::uint16_t * in,
                  size_t                n,
                  unsigned int          bitsStored,
                  bool                  rescale,
                  double                slope,
                  double                intercept,
                  TOut *                out)
{
  const unsigned int  shift = 16 - bitsStored;
  const std::uint16_t pmask = static_cast<std::uint16_t>(0xffffu >> shift);
  auto                clean = [shift, pmask](std::uint16_t c) -> std::int32_t {
    if (Signed)
    {
      return static_cast<std::int16_t>(static_cast<std::uint16_t>(c << shift)) >> shift;
    }
    return c & pmask;
  };
  const bool integral = std::is_integral<TOut>::value && slope == 1.0 && intercept == std::floor(intercept) &&
                        std::abs(intercept) < 2147483647.0;
  if (!rescale || integral)
  {
    const std::int32_t add = rescale ? static_cast<std::int32_t>(intercept) : 0;
    for (size_t i = 0; i < n; ++i)
    {
      out[i] = static_cast<TOut>(clean(in[i]) + add);
    }
    return;
  }
  for (size_t i = 0; i < n; ++i)
  {
    out[i] = static_cast<TOut>(slope * clean(in[i]) + intercept);
  }
}

template <typename TOut>
void
CleanAndRescale16(const std::uint16_t *     in,
                  size_t                    n,
                  const gdcm::PixelFormat & pf,
                  bool                      rescale,
                  double                    slope,
                  double                    intercept,
                  TOut *                    out)
{
  if (pf.GetPixelRepresentation() != 0)
  {
    CleanAndRescale16<TOut, true>(in, n, pf.GetBitsStored(), rescale, slope, intercept, out);
  }
  else
  {
    CleanAndRescale16<TOut, false>(in, n, pf.GetBitsStored(), rescale, slope, intercept, out);
  }
}

/** Whether CleanAndRescale16To() handles output component type \c type. */
bool
CleanAndRescale16Handles(IOComponentEnum type)
{
  return type == IOComponentEnum::USHORT || type == IOComponentEnum::SHORT || type == IOComponentEnum::UINT ||
         type == IOComponentEnum::INT || type == IOComponentEnum::FLOAT || type == IOComponentEnum::DOUBLE;
}

/** Dispatches CleanAndRescale16 on the output component type; false when not handled. */
bool
CleanAndRescale16To(IOComponentEnum           type,
                    const std::uint16_t *     in,
                    size_t                    n,
                    const gdcm::PixelFormat & pf,
                    bool                      rescale,
                    double                    slope,
                    double                    intercept,
                    void *                    out)
{
  switch (type)
  {
    case IOComponentEnum::USHORT:
      CleanAndRescale16(in, n, pf, rescale, slope, intercept, static_cast<std::uint16_t *>(out));
      return true;
    case IOComponentEnum::SHORT:
      CleanAndRescale16(in, n, pf, rescale, slope, intercept, static_cast<std::int16_t *>(out));
      return true;
    case IOComponentEnum::UINT:
      CleanAndRescale16(in, n, pf, rescale, slope, intercept, static_cast<std::uint32_t *>(out));
      return true;
    case IOComponentEnum::INT:
      CleanAndRescale16(in, n, pf, rescale, slope, intercept, static_cast<std::int32_t *>(out));
      return true;
    case IOComponentEnum::FLOAT:
      CleanAndRescale16(in, n, pf, rescale, slope, intercept, static_cast<float *>(out));
      return true;
    case IOComponentEnum::DOUBLE:
      CleanAndRescale16(in, n, pf, rescale, slope, intercept, static_cast<double *>(out));
      return true;
    default:
      return false;
  }
}

void
YCbCrToRGB(unsigned char * p, const size_t len)
{
  for (size_t x = 0; x + 2 < len; x += 3)
  {
    const unsigned char in[] = { p[x], p[x + 1], p[x + 2] };
    gdcm::ImageChangePhotometricInterpretation::YBR2RGB<unsigned char>(&p[x], in);
  }
}
} // namespace

#define ParallelSeriesDecodeError(file, msg)                                                                           \
  {                                                                                                                    \
    std::ostringstream message;                                                                                        \
    message << "Cannot decode DICOM file \"" << (file) << "\": " << msg;                                               \
    throw ExceptionObject(__FILE__, __LINE__, message.str(), ITK_LOCATION);                                            \
  }

bool
ParallelSeriesSliceDecoder::ReadWholeFile(const std::string & fileName, ParallelSeriesGDCM::MemoryStreamBuffer & buffer)
{
#ifdef _WIN32
  (void)fileName;
  (void)buffer;
  return false;
#else
  constexpr size_t kMaxInMemoryFileBytes = size_t{ 256 } << 20;
  bool             inMemory = false;
  const auto       bufferFor = [this, &inMemory](unsigned long long fileBytes) -> std::pair<char *, size_t> {
    if (fileBytes == 0 || fileBytes > kMaxInMemoryFileBytes)
    {
      return { nullptr, 0 }; // GDCM reads it (and says what is wrong with an empty file)
    }
    const auto size = static_cast<size_t>(fileBytes);
    if (size > m_FileCapacity)
    {
      m_File.reset(new char[size]);
      m_FileCapacity = size;
    }
    inMemory = true;
    return { m_File.get(), size };
  };
  const ParallelSeriesGDCM::FileReadResult read = ParallelSeriesGDCM::ReadFileBytes(fileName, bufferFor);
  if (read.Failure == ParallelSeriesGDCM::FileReadResult::FailureEnum::Open)
  {
    ParallelSeriesDecodeError(fileName, "cannot open the file: " << std::strerror(read.ErrorNumber));
  }
  if (!inMemory)
  {
    return false; // fstat() failed, empty or too large: GDCM reads the file
  }
  if (read.BytesRead == 0)
  {
    ParallelSeriesDecodeError(fileName, "cannot read the file: " << std::strerror(read.ErrorNumber));
  }
  // Shorter than fstat() said: GDCM parses what is there and reports the truncation.
  buffer.Reset(m_File.get(), read.BytesRead);
  return true;
#endif
}

#ifndef _WIN32
namespace
{
/** Closes a file descriptor at the end of its scope. */
struct FileDescriptorCloser
{
  int Descriptor;
  ~FileDescriptorCloser() { ::close(Descriptor); }
};

/** The value length of PixelData (7FE0,0010), parsed by GDCM (gdcm::DataElement::ReadPreValue())
 * from the element's tag, VR and length just in front of \c valueOffset in \c stream, little
 * endian, explicit or implicit VR; false unless that element is PixelData, ends at \c valueOffset
 * and has a defined length. */
bool
PixelDataValueLength(std::istream & stream, size_t valueOffset, bool explicitVR, unsigned long long & length)
{
  static const std::set<gdcm::Tag> noSkippedTags;
  const size_t                     headerBytes = explicitVR ? 12 : 8; // tag, (VR, reserved,) 32-bit length
  if (valueOffset < headerBytes)
  {
    return false;
  }
  gdcm::DataElement element;
  try
  {
    stream.clear();
    stream.seekg(static_cast<std::streamoff>(valueOffset - headerBytes), std::ios::beg);
    if (explicitVR)
    {
      element.ReadPreValue<gdcm::ExplicitDataElement, gdcm::SwapperNoOp>(stream, noSkippedTags);
    }
    else
    {
      element.ReadPreValue<gdcm::ImplicitDataElement, gdcm::SwapperNoOp>(stream, noSkippedTags);
    }
  }
  catch (...)
  {
    return false;
  }
  if (!stream || static_cast<size_t>(stream.tellg()) != valueOffset || element.GetTag() != gdcm::Tag(0x7fe0, 0x0010) ||
      element.GetVL().IsUndefined())
  {
    return false;
  }
  length = element.GetVL();
  return true;
}
} // namespace
#endif

bool
ParallelSeriesSliceDecoder::DecodeNative16(const std::string & fileName,
                                           void *              destination,
                                           SizeValueType       destinationPixels,
                                           IOComponentEnum     destinationComponentType,
                                           unsigned int        destinationComponents,
                                           Result &            result)
{
#ifdef _WIN32
  (void)fileName;
  (void)destination;
  (void)destinationPixels;
  (void)destinationComponentType;
  (void)destinationComponents;
  (void)result;
  return false;
#else
  const int fd = ::open(fileName.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
  {
    return false; // the general path says why
  }
  const FileDescriptorCloser closer{ fd };
  struct stat                status;
  if (::fstat(fd, &status) != 0 || status.st_size <= 0)
  {
    return false;
  }
  const auto fileBytes = static_cast<unsigned long long>(status.st_size);
  // The header window: the scanner's size first, a larger one when the header does not fit.
  for (const size_t windowBytes : { ParallelSeriesScan::HeaderReader::kWindowBytes, size_t{ 256 } << 10 })
  {
    const auto want = static_cast<size_t>(std::min<unsigned long long>(windowBytes, fileBytes));
    if (want > m_FileCapacity)
    {
      m_File.reset(new char[want]);
      m_FileCapacity = want;
    }
    int          errorNumber = 0;
    const size_t got = ParallelSeriesGDCM::ReadAt(fd, m_File.get(), want, 0, errorNumber);
    if (got < want)
    {
      return false; // shorter than fstat() said, or unreadable: the general path reports it
    }
    // GDCM parses the header up to PixelData and describes the image (gdcm::ImageRegionReader:
    // the same gdcm::PixmapReader code as gdcm::ImageReader, without the pixel data).
    ParallelSeriesGDCM::MemoryStreamBuffer buffer(m_File.get(), got);
    std::istream                           stream(&buffer);
    gdcm::ImageRegionReader                reader;
    reader.SetStream(stream);
    bool   parsed = false;
    size_t offset = 0;
    try
    {
      parsed = reader.ReadInformation() && ParallelSeriesScan::StoppedAtPixelData(reader, got, offset);
    }
    catch (...)
    {
      parsed = false;
    }
    if (!parsed)
    {
      if (got < fileBytes)
      {
        continue; // perhaps a header longer than the window
      }
      return false;
    }
    const gdcm::File &           file = reader.GetFile();
    const gdcm::TransferSyntax & ts = file.GetHeader().GetDataSetTransferSyntax();
    gdcm::MediaStorage           ms;
    ms.SetFromFile(file);
    const gdcm::Image &       image = reader.GetImage();
    const gdcm::PixelFormat & pf = image.GetPixelFormat();
    // Uncompressed little endian in the file (deflate and big endian take GDCM's path), one-sample
    // MONOCHROME2 of 16 bits as NativeMonochrome16(); an image as gdcm::ImageReader sees it.
    if ((ts != gdcm::TransferSyntax::ImplicitVRLittleEndian && ts != gdcm::TransferSyntax::ExplicitVRLittleEndian) ||
        !gdcm::MediaStorage::IsImage(file.GetHeader().GetMediaStorage()) || ms != file.GetHeader().GetMediaStorage() ||
        (image.GetNumberOfDimensions() != 2 && image.GetNumberOfDimensions() != 3) || pf.GetSamplesPerPixel() != 1 ||
        image.GetPhotometricInterpretation() != gdcm::PhotometricInterpretation::MONOCHROME2 ||
        !IsNativeMonochrome16Format(image, ts))
    {
      return false;
    }
    Result               r;
    const unsigned int * dims = image.GetDimensions();
    r.Columns = dims[0];
    r.Rows = dims[1];
    r.Frames = image.GetNumberOfDimensions() == 3 ? dims[2] : 1;
    r.NumberOfPixels = static_cast<SizeValueType>(r.Columns) * r.Rows * r.Frames;
    r.RescaleIntercept = image.GetIntercept();
    r.RescaleSlope = image.GetSlope();
    r.ComponentType = ParallelSeriesGDCM::RescaledComponentType(pf, r.RescaleIntercept, r.RescaleSlope);
    r.NumberOfComponents = 1;
    const size_t       len = image.GetBufferLength();
    unsigned long long valueLength = 0;
    if (!CleanAndRescale16Handles(r.ComponentType) || len != r.NumberOfPixels * 2 ||
        !PixelDataValueLength(stream, offset, ts.GetNegociatedType() == gdcm::TransferSyntax::Explicit, valueLength) ||
        valueLength < len || offset + valueLength > fileBytes)
    {
      return false; // a pixel data element shorter than the image or than its length: GDCM's verdict
    }
    // The pixel data straight from the file into the output when it has the file's 16-bit type
    // (then cleaned and rescaled in place), else into scratch; the bytes the window already
    // holds are copied from it.
    const bool direct = destination != nullptr && r.ComponentType == destinationComponentType &&
                        destinationComponents == 1 && r.NumberOfPixels == destinationPixels;
    char * raw = nullptr;
    if (direct && ParallelSeriesComponentTypes::ComponentSize(r.ComponentType) == 2)
    {
      raw = static_cast<char *>(destination);
    }
    else
    {
      m_Scratch.resize(len);
      raw = m_Scratch.data();
    }
    const size_t inWindow = std::min(got - offset, len);
    std::memcpy(raw, m_File.get() + offset, inWindow);
    if (ParallelSeriesGDCM::ReadAt(fd, raw + inWindow, len - inWindow, offset + inWindow, errorNumber) !=
        len - inWindow)
    {
      return false; // shorter than fstat() said: the general path reports it
    }
    char * out = static_cast<char *>(destination);
    if (!direct)
    {
      m_Rescaled.resize(OutputBytes(r));
      out = m_Rescaled.data();
    }
    const bool rescale = r.RescaleSlope != 1.0 || r.RescaleIntercept != 0.0;
    CleanAndRescale16To(r.ComponentType,
                        reinterpret_cast<const std::uint16_t *>(raw),
                        len / 2,
                        pf,
                        rescale,
                        r.RescaleSlope,
                        r.RescaleIntercept,
                        out);
    r.Data = direct ? nullptr : m_Rescaled.data();
    r.DirectRead = true;
    result = r;
    return true;
  }
  return false;
#endif
}

ParallelSeriesSliceDecoder::Result
ParallelSeriesSliceDecoder::Decode(const std::string & fileName,
                                   void *              destination,
                                   SizeValueType       destinationPixels,
                                   IOComponentEnum     destinationComponentType,
                                   unsigned int        destinationComponents)
{
  Result native;
  if (this->DecodeNative16(
        fileName, destination, destinationPixels, destinationComponentType, destinationComponents, native))
  {
    return native;
  }
  return this->DecodeMosaic(
    fileName, destination, destinationPixels, destinationComponentType, destinationComponents, nullptr);
}

ParallelSeriesSliceDecoder::Result
ParallelSeriesSliceDecoder::DecodeMosaic(const std::string &                fileName,
                                         void *                             destination,
                                         SizeValueType                      destinationPixels,
                                         IOComponentEnum                    destinationComponentType,
                                         unsigned int                       destinationComponents,
                                         const ParallelSeriesMosaicLayout * mosaic)
{
  gdcm::ImageReader reader;
  // The whole file in one read, parsed by GDCM from memory: through std::ifstream, GDCM 3.2.5
  // (ITK 5.4) makes about 86 read() and 340 lseek() calls per 512 x 512 slice (strace), which
  // cost more CPU time than the copy. Files larger than kMaxInMemoryFileBytes are read by GDCM.
  ParallelSeriesGDCM::MemoryStreamBuffer fileBuffer(nullptr, 0);
  std::istream                           fileStream(&fileBuffer);
  if (!this->ReadWholeFile(fileName, fileBuffer))
  {
    reader.SetFileName(fileName.c_str());
  }
  else
  {
    reader.SetStream(fileStream);
  }
  bool ok = false;
  try
  {
    ok = reader.Read();
  }
  catch (const std::exception & e)
  {
    ParallelSeriesDecodeError(fileName, "GDCM failed while reading it (" << e.what() << ")");
  }
  if (!ok)
  {
    ParallelSeriesDecodeError(fileName, "GDCM cannot read it as an image (not DICOM, truncated or corrupt)");
  }
  gdcm::Image & image = reader.GetImage();
  if (image.GetNumberOfDimensions() != 2 && image.GetNumberOfDimensions() != 3)
  {
    ParallelSeriesDecodeError(fileName, "unsupported number of dimensions " << image.GetNumberOfDimensions());
  }

  Result                  result;
  const unsigned int *    dims = image.GetDimensions();
  const gdcm::PixelFormat pixeltype = image.GetPixelFormat();
  const bool              singleBit = pixeltype.GetScalarType() == gdcm::PixelFormat::SINGLEBIT;
  result.Columns = dims[0];
  result.Rows = dims[1];
  result.Frames = image.GetNumberOfDimensions() == 3 ? dims[2] : 1;
  result.NumberOfPixels = static_cast<SizeValueType>(result.Columns) * result.Rows * result.Frames;

  // Output type, as GDCMImageIO::InternalReadImageInformation().
  if (!singleBit)
  {
    result.RescaleIntercept = image.GetIntercept();
    result.RescaleSlope = image.GetSlope();
  }
  result.ComponentType =
    ParallelSeriesGDCM::RescaledComponentType(pixeltype, result.RescaleIntercept, result.RescaleSlope);
  if (result.ComponentType == IOComponentEnum::UNKNOWNCOMPONENTTYPE)
  {
    ParallelSeriesDecodeError(fileName, "unhandled pixel format " << pixeltype);
  }
  const gdcm::PhotometricInterpretation pi = image.GetPhotometricInterpretation();
  result.NumberOfComponents = pixeltype.GetSamplesPerPixel();
  if (pi == gdcm::PhotometricInterpretation::PALETTE_COLOR)
  {
    result.NumberOfComponents = 3;
  }
  if (mosaic != nullptr &&
      (result.Columns != mosaic->GetMosaicColumns() || result.Rows != mosaic->GetMosaicRows() || result.Frames != 1 ||
       mosaic->GetTilesPerRow() == 0 ||
       static_cast<unsigned long long>(mosaic->GetTilesPerRow()) * mosaic->GetTilesPerRow() <
         mosaic->GetNumberOfTiles() ||
       static_cast<unsigned long long>(mosaic->GetTileColumns()) * mosaic->GetTilesPerRow() >
         mosaic->GetMosaicColumns() ||
       static_cast<unsigned long long>(mosaic->GetTileRows()) * mosaic->GetTilesPerRow() > mosaic->GetMosaicRows()))
  {
    ParallelSeriesDecodeError(fileName,
                              "the file is " << result.Columns << " x " << result.Rows << " x " << result.Frames
                                             << " pixels, not the " << mosaic->GetMosaicColumns() << " x "
                                             << mosaic->GetMosaicRows() << " mosaic of " << mosaic->GetNumberOfTiles()
                                             << " tiles the scan found");
  }
  const SizeValueType outputPixels = mosaic != nullptr ? static_cast<SizeValueType>(mosaic->GetTileColumns()) *
                                                           mosaic->GetTileRows() * mosaic->GetNumberOfTiles()
                                                       : result.NumberOfPixels;
  const bool direct = destination != nullptr && result.ComponentType == destinationComponentType &&
                      result.NumberOfComponents == destinationComponents && outputPixels == destinationPixels;
  // A mosaic is decoded into scratch, then its tiles are copied out.
  char * const target = direct && mosaic == nullptr ? static_cast<char *>(destination) : nullptr;
  if (!singleBit && pixeltype.GetSamplesPerPixel() == 1 && pi == gdcm::PhotometricInterpretation::MONOCHROME2)
  {
    result.Data = this->DecodeMonochrome2(fileName, image, target, result);
  }
  else
  {
    result.Data = this->DecodeGeneral(fileName, image, target, result);
  }
  if (mosaic != nullptr)
  {
    const size_t pixelBytes = static_cast<size_t>(result.NumberOfComponents) *
                              ParallelSeriesComponentTypes::ComponentSize(result.ComponentType);
    void * volume = destination;
    if (!direct)
    {
      // The other scratch buffer than the one holding the decoded mosaic.
      std::vector<char> & out = result.Data == m_Scratch.data() ? m_Rescaled : m_Scratch;
      out.resize(outputPixels * pixelBytes);
      volume = out.data();
    }
    ParallelSeriesMosaic::CopyTiles(result.Data, *mosaic, pixelBytes, volume);
    result.Columns = mosaic->GetTileColumns();
    result.Rows = mosaic->GetTileRows();
    result.Frames = mosaic->GetNumberOfTiles();
    result.NumberOfPixels = outputPixels;
    result.Data = direct ? nullptr : volume;
  }
  return result;
}

const void *
ParallelSeriesSliceDecoder::DecodeMonochrome2(const std::string & fileName,
                                              const gdcm::Image & image,
                                              char *              target,
                                              const Result &      result)
{
  const gdcm::PixelFormat & pixeltype = image.GetPixelFormat();
  const bool                rescale = result.RescaleSlope != 1.0 || result.RescaleIntercept != 0.0;
  const size_t              outputBytes = OutputBytes(result);
  const size_t              len = image.GetBufferLength();
  // Native 16-bit data: straight from GDCM's pixel data element into the output, cleaned and
  // rescaled in one pass (no intermediate copy).
  if (const std::uint16_t * native = NativeMonochrome16(image, len))
  {
    char * out = target;
    if (!out)
    {
      m_Rescaled.resize(std::max(outputBytes, len * 8));
      out = m_Rescaled.data();
    }
    if (CleanAndRescale16To(
          result.ComponentType, native, len / 2, pixeltype, rescale, result.RescaleSlope, result.RescaleIntercept, out))
    {
      return target ? nullptr : m_Rescaled.data();
    }
  }
  if (!rescale)
  {
    char * out = target;
    if (!out)
    {
      m_Scratch.resize(std::max(len, outputBytes));
      out = m_Scratch.data();
    }
    if (!GetBufferSingleThreaded(image, out))
    {
      ParallelSeriesDecodeError(
        fileName, "GDCM failed to decode the pixel data (transfer syntax " << image.GetTransferSyntax() << ")");
    }
    return target ? nullptr : m_Scratch.data();
  }
  m_Scratch.resize(len);
  if (!GetBufferSingleThreaded(image, m_Scratch.data()))
  {
    ParallelSeriesDecodeError(
      fileName, "GDCM failed to decode the pixel data (transfer syntax " << image.GetTransferSyntax() << ")");
  }
  char * out = target;
  if (!out)
  {
    m_Rescaled.resize(std::max(outputBytes, len * 8));
    out = m_Rescaled.data();
  }
  gdcm::Rescaler r;
  r.SetIntercept(result.RescaleIntercept);
  r.SetSlope(result.RescaleSlope);
  r.SetPixelFormat(pixeltype);
  r.ComputeInterceptSlopePixelType();
  if (!r.Rescale(out, m_Scratch.data(), len))
  {
    ParallelSeriesDecodeError(fileName, "rescaling failed");
  }
  return target ? nullptr : m_Rescaled.data();
}

const void *
ParallelSeriesSliceDecoder::DecodeGeneral(const std::string & fileName,
                                          gdcm::Image &       image,
                                          char *              target,
                                          const Result &      result)
{
  const bool    singleBit = image.GetPixelFormat().GetScalarType() == gdcm::PixelFormat::SINGLEBIT;
  const bool    rescale = !singleBit && (result.RescaleSlope != 1.0 || result.RescaleIntercept != 0.0);
  const size_t  outputBytes = OutputBytes(result);
  SizeValueType len = image.GetBufferLength();
  if (IsJPEG2000(image.GetTransferSyntax()))
  {
    // What ImageChangeTransferSyntax does to decompress (GetBuffer(), then raw pixel data with
    // the photometric interpretation of uncompressed data), with OpenJPEG's threads off.
    auto * raw = new gdcm::ByteValue();
    raw->SetLength(static_cast<uint32_t>(image.GetBufferLength()));
    gdcm::DataElement pixelData(gdcm::Tag(0x7fe0, 0x0010));
    pixelData.SetValue(*raw);
    if (!GetBufferSingleThreaded(image, static_cast<char *>(raw->GetVoidPointer())))
    {
      ParallelSeriesDecodeError(fileName, "failed to decompress transfer syntax " << image.GetTransferSyntax());
    }
    const gdcm::PhotometricInterpretation encodedPI = image.GetPhotometricInterpretation();
    image.SetDataElement(pixelData);
    image.SetTransferSyntax(gdcm::TransferSyntax::ImplicitVRLittleEndian);
    if (encodedPI == gdcm::PhotometricInterpretation::YBR_RCT || encodedPI == gdcm::PhotometricInterpretation::YBR_ICT)
    {
      image.SetPhotometricInterpretation(gdcm::PhotometricInterpretation::RGB);
    }
    else if (encodedPI == gdcm::PhotometricInterpretation::YBR_FULL_422)
    {
      image.SetPhotometricInterpretation(gdcm::PhotometricInterpretation::YBR_FULL);
    }
  }
  else if (image.GetTransferSyntax().IsEncapsulated())
  {
    gdcm::ImageChangeTransferSyntax icts;
    icts.SetInput(image);
    icts.SetTransferSyntax(gdcm::TransferSyntax::ImplicitVRLittleEndian);
    if (!icts.Change())
    {
      ParallelSeriesDecodeError(fileName, "failed to decompress transfer syntax " << image.GetTransferSyntax());
    }
    image = icts.GetOutput();
  }
  if (image.GetPlanarConfiguration() == 1)
  {
    gdcm::ImageChangePlanarConfiguration icpc;
    icpc.SetInput(image);
    icpc.SetPlanarConfiguration(0);
    if (!icpc.Change())
    {
      ParallelSeriesDecodeError(fileName, "failed to change the planar configuration");
    }
    image = icpc.GetOutput();
  }
  const gdcm::PhotometricInterpretation pi = image.GetPhotometricInterpretation();
  if (singleBit)
  {
    const size_t x = result.NumberOfPixels;
    if (x > len * 8)
    {
      ParallelSeriesDecodeError(fileName, "SINGLEBIT buffer too small (" << len << " bytes)");
    }
  }
  else if (pi == gdcm::PhotometricInterpretation::PALETTE_COLOR)
  {
    gdcm::ImageApplyLookupTable ialut;
    ialut.SetInput(image);
    ialut.Apply();
    image = ialut.GetOutput();
    len *= 3;
  }
  else if (pi == gdcm::PhotometricInterpretation::MONOCHROME1)
  {
    gdcm::ImageChangePhotometricInterpretation icpi;
    icpi.SetInput(image);
    icpi.SetPhotometricInterpretation(gdcm::PhotometricInterpretation::MONOCHROME2);
    if (!icpi.Change())
    {
      ParallelSeriesDecodeError(fileName, "failed to change MONOCHROME1 to MONOCHROME2");
    }
    image = icpi.GetOutput();
  }
  const size_t scratchBytes = std::max<size_t>(std::max<size_t>(len, image.GetBufferLength()), outputBytes) +
                              (singleBit ? result.NumberOfPixels : 0);
  m_Scratch.resize(scratchBytes);
  char * buffer = m_Scratch.data();
  if (!image.GetBuffer(buffer))
  {
    ParallelSeriesDecodeError(fileName, "GDCM failed to decode the pixel data");
  }
  if (singleBit)
  {
    std::vector<unsigned char> copy(result.NumberOfPixels);
    const auto *               t = reinterpret_cast<const unsigned char *>(buffer);
    for (size_t j = 0; j < copy.size(); ++j)
    {
      copy[j] = (t[j / 8] & (1u << (j % 8))) ? 255 : 0;
    }
    std::memcpy(buffer, copy.data(), copy.size());
  }
  else
  {
    const gdcm::PixelFormat & pt = image.GetPixelFormat();
    if (rescale)
    {
      gdcm::Rescaler r;
      r.SetIntercept(result.RescaleIntercept);
      r.SetSlope(result.RescaleSlope);
      r.SetPixelFormat(pt);
      const gdcm::PixelFormat outpf = r.ComputeInterceptSlopePixelType();
      m_Rescaled.resize(std::max<size_t>(outputBytes, len * outpf.GetPixelSize() / pt.GetPixelSize()));
      r.Rescale(m_Rescaled.data(), buffer, len);
      m_Scratch.swap(m_Rescaled);
      buffer = m_Scratch.data();
      len = len * outpf.GetPixelSize() / pt.GetPixelSize();
    }
    const bool ybr =
      result.NumberOfComponents == 3 &&
      (pi == gdcm::PhotometricInterpretation::YBR_FULL || pi == gdcm::PhotometricInterpretation::YBR_FULL_422) &&
      (pt == gdcm::PixelFormat::UINT8 || pt == gdcm::PixelFormat::INT8);
    if (ybr)
    {
      if (len % 3 != 0)
      {
        ParallelSeriesDecodeError(fileName, "buffer size " << len << " is not valid for YBR");
      }
      YCbCrToRGB(reinterpret_cast<unsigned char *>(buffer), static_cast<size_t>(len));
    }
  }
  if (target)
  {
    std::memcpy(target, buffer, outputBytes);
    return nullptr;
  }
  return buffer;
}

} // end namespace itk
