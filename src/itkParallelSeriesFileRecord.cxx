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
#include "itkParallelSeriesFileRecord.h"

#include "itkParallelSeriesGDCMHelpers.h"
#include "itkParallelSeriesHeaderReading.h"
#include "itkParallelSeriesGeometry.h"

#include "gdcmAttribute.h"
#include "gdcmImageHelper.h"
#include "gdcmMediaStorage.h"
#include "gdcmPixelFormat.h"
#include "gdcmPrivateTag.h"
#include "gdcmSequenceOfItems.h"
#include "gdcmStringFilter.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>

namespace itk
{
namespace ParallelSeriesScan
{
namespace
{
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

/** gdcm::ImageHelper's (protected) choice of the slice-spacing attribute of a media storage,
 * the one GetSpacingValue() reads. */
struct SliceSpacingTag : gdcm::ImageHelper
{
  using gdcm::ImageHelper::GetZSpacingTagFromMediaStorage;
};

/** Spacing as GDCMImageIO::InternalReadImageInformation() gets it: PixelSpacing for the media
 * storages GDCM's ImageHelper does not handle there, GDCM's spacing otherwise. \c source is
 * where GDCM took the slice spacing from (FileRecord::SliceSpacingSource): the tag
 * gdcm::ImageHelper::GetZSpacingTagFromMediaStorage() names when the file has a value for it,
 * the multi-frame functional groups, else "" (GDCM's placeholder 1). */
void
ReadSpacing(const gdcm::File & f, double spacing[3], std::string & source)
{
  source.clear();
  const gdcm::DataSet & ds = f.GetDataSet();
  gdcm::MediaStorage    ms;
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
    case gdcm::MediaStorage::UltrasoundMultiFrameImageStorageRetired:
    {
      spacing[0] = spacing[1] = spacing[2] = 1.0;
      const gdcm::Tag spacingTag(0x0028, 0x0030);
      if (ds.FindDataElement(spacingTag) && !ds.GetDataElement(spacingTag).IsEmpty())
      {
        gdcm::Attribute<0x0028, 0x0030> pixelSpacing;
        pixelSpacing.SetFromDataElement(ds.GetDataElement(spacingTag));
        spacing[0] = pixelSpacing.GetValue(1); // PixelSpacing is (row, column) spacing
        spacing[1] = pixelSpacing.GetValue(0);
      }
      break;
    }
    default:
    {
      const std::vector<double> sp = gdcm::ImageHelper::GetSpacingValue(f);
      for (unsigned i = 0; i < 3 && i < sp.size(); ++i)
      {
        spacing[i] = sp[i];
      }
      const gdcm::Tag zTag = SliceSpacingTag::GetZSpacingTagFromMediaStorage(ms);
      if (ds.FindDataElement(gdcm::Tag(0x5200, 0x9229)) || ds.FindDataElement(gdcm::Tag(0x5200, 0x9230)))
      {
        source = "PixelMeasuresSequence";
      }
      else if (zTag != gdcm::Tag(0xffff, 0xffff) && ds.FindDataElement(zTag) && !ds.GetDataElement(zTag).IsEmpty())
      {
        source = zTag == gdcm::Tag(0x0018, 0x0088)
                   ? "SpacingBetweenSlices"
                   : zTag == gdcm::Tag(0x3004, 0x000c) ? "GridFrameOffsetVector" : zTag.PrintAsPipeSeparatedString();
      }
      break;
    }
  }
}

/** The nested data set of the first item of the sequence \c tag of \c ds, or null when \c ds
 * has no such sequence or it has no item. */
const gdcm::DataSet *
FirstItemOf(const gdcm::DataSet & ds, const gdcm::Tag & tag)
{
  if (!ds.FindDataElement(tag))
  {
    return nullptr;
  }
  const gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds.GetDataElement(tag).GetValueAsSQ();
  if (!sq || sq->GetNumberOfItems() == 0)
  {
    return nullptr;
  }
  return &sq->GetItem(1).GetNestedDataSet();
}

/** The per-frame functional groups of a multi-frame file (FileRecord::FrameRecords): item k of
 * PerFrameFunctionalGroupsSequence (5200,9230) for frame k, its PlanePositionSequence's
 * ImagePositionPatient as gdcm::ImageHelper::GetOriginValue() reads the first frame's, and
 * what tells frames at one position apart. Empty when a frame has no position, or when GDCM
 * cannot interpret a value (then the file is one volume, as GDCM reads it). */
std::vector<FrameRecord>
ReadFrameRecords(const gdcm::DataSet & ds, unsigned int frames)
{
  std::vector<FrameRecord> records;
  const gdcm::Tag          perFrame(0x5200, 0x9230);
  if (frames < 2 || !ds.FindDataElement(perFrame))
  {
    return records;
  }
  try
  {
    const gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds.GetDataElement(perFrame).GetValueAsSQ();
    if (!sq || sq->GetNumberOfItems() != frames)
    {
      return records;
    }
    records.resize(frames);
    for (unsigned int k = 0; k < frames; ++k)
    {
      const gdcm::DataSet & item = sq->GetItem(k + 1).GetNestedDataSet();
      FrameRecord &         r = records[k];
      const gdcm::DataSet * plane = FirstItemOf(item, gdcm::Tag(0x0020, 0x9113));
      if (!plane || !plane->FindDataElement(gdcm::Tag(0x0020, 0x0032)) ||
          plane->GetDataElement(gdcm::Tag(0x0020, 0x0032)).IsEmpty())
      {
        return {};
      }
      gdcm::Attribute<0x0020, 0x0032> ipp;
      ipp.SetFromDataSet(*plane);
      for (unsigned int i = 0; i < 3; ++i)
      {
        r.Position[i] = ipp.GetValue(i);
      }
      if (const gdcm::DataSet * content = FirstItemOf(item, gdcm::Tag(0x0020, 0x9111)))
      {
        const gdcm::Tag temporal(0x0020, 0x9128);
        if (content->FindDataElement(temporal) && !content->GetDataElement(temporal).IsEmpty())
        {
          gdcm::Attribute<0x0020, 0x9128> a;
          a.SetFromDataSet(*content);
          r.TemporalPositionIndex = a.GetValue();
        }
        const gdcm::Tag dimension(0x0020, 0x9157);
        if (content->FindDataElement(dimension) && !content->GetDataElement(dimension).IsEmpty())
        {
          gdcm::Attribute<0x0020, 0x9157> a;
          a.SetFromDataElement(content->GetDataElement(dimension));
          r.DimensionIndexValues.assign(a.GetValues(), a.GetValues() + a.GetNumberOfValues());
        }
        const gdcm::Tag stack(0x0020, 0x9056);
        if (content->FindDataElement(stack))
        {
          const gdcm::ByteValue * bv = content->GetDataElement(stack).GetByteValue();
          r.StackID = bv ? TrimDicomString(std::string(bv->GetPointer(), bv->GetLength())) : std::string();
        }
      }
      if (const gdcm::DataSet * cardiac = FirstItemOf(item, gdcm::Tag(0x0018, 0x9118)))
      {
        const gdcm::Tag delay(0x0020, 0x9153);
        if (cardiac->FindDataElement(delay) && !cardiac->GetDataElement(delay).IsEmpty())
        {
          gdcm::Attribute<0x0020, 0x9153> a;
          a.SetFromDataSet(*cardiac);
          r.TriggerDelayTime = a.GetValue();
        }
      }
    }
  }
  catch (const std::exception &)
  {
    records.clear();
  }
  return records;
}

/** The two values of the DS attribute (g,e) of \c ds (VM 2) into \c value; false when it is
 * absent, empty or unreadable. */
template <uint16_t G, uint16_t E>
bool
ReadPair(const gdcm::DataSet & ds, double value[2])
{
  const gdcm::Tag tag(G, E);
  if (!ds.FindDataElement(tag) || ds.GetDataElement(tag).IsEmpty())
  {
    return false;
  }
  try
  {
    gdcm::Attribute<G, E> a;
    a.SetFromDataElement(ds.GetDataElement(tag));
    value[0] = a.GetValue(0);
    value[1] = a.GetValue(1);
    return true;
  }
  catch (...)
  {
    return false;
  }
}

/** Geometry, pixel format, rescaling and truncation of \c r (see ReadFileRecord()); GDCM's
 * std::exception on attributes it cannot interpret is left to the caller. */
void
ReadImageAttributes(const gdcm::File & f, size_t pixelDataOffset, FileRecord & r)
{
  const gdcm::DataSet &     ds = f.GetDataSet();
  const std::vector<double> ipp = gdcm::ImageHelper::GetOriginValue(f);
  const std::vector<double> iop = gdcm::ImageHelper::GetDirectionCosinesValue(f);
  for (unsigned i = 0; i < 3 && i < ipp.size(); ++i)
  {
    r.Position[i] = ipp[i];
  }
  // GetOriginValue() answers (0,0,0) when there is no position: whether there is one is kept.
  r.HasPosition = ds.FindDataElement(gdcm::Tag(0x0020, 0x0032)) || ds.FindDataElement(gdcm::Tag(0x5200, 0x9229)) ||
                  ds.FindDataElement(gdcm::Tag(0x5200, 0x9230));
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
  ReadSpacing(f, r.Spacing, r.SliceSpacingSource);
  {
    // The in-plane spacing of a projection image (ParallelSeriesGeometry::ProjectionPixelSpacing()).
    double     pixelSpacing[2]{ 0, 0 };
    double     imagerPixelSpacing[2]{ 0, 0 };
    const bool hasPixelSpacing = ReadPair<0x0028, 0x0030>(ds, pixelSpacing);
    const bool hasImagerPixelSpacing = ReadPair<0x0018, 0x1164>(ds, imagerPixelSpacing);
    r.Projection = ParallelSeriesGeometry::IsProjectionImage(r.Modality, r.SOPClassUID, r.HasPosition);
    if (r.Projection)
    {
      r.PixelSpacingSource = ParallelSeriesGeometry::ProjectionPixelSpacing(
        hasPixelSpacing ? pixelSpacing : nullptr, hasImagerPixelSpacing ? imagerPixelSpacing : nullptr, r.Spacing);
    }
    else
    {
      r.PixelSpacingSource = hasPixelSpacing ? "PixelSpacing" : "";
    }
  }
  r.FrameRecords = ReadFrameRecords(ds, r.Frames);

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
  if (pf.GetScalarType() != gdcm::PixelFormat::SINGLEBIT)
  {
    const std::vector<double> is = gdcm::ImageHelper::GetRescaleInterceptSlopeValue(f);
    r.RescaleIntercept = is.size() > 0 ? is[0] : 0.0;
    r.RescaleSlope = is.size() > 1 ? is[1] : 1.0;
  }
  r.ComponentType = ParallelSeriesGDCM::RescaledComponentType(pf, r.RescaleIntercept, r.RescaleSlope);

  // Siemens mosaic: the tile layout and the geometry of the de-mosaicked volume.
  ParallelSeriesMosaic::MosaicHeader mosaic;
  ParallelSeriesMosaic::ReadMosaicHeader(ds, mosaic);
  if (mosaic.IsMosaic())
  {
    ParallelSeriesMosaicLayout layout;
    std::string                error =
      !mosaic.CSAError.empty()
        ? "ImageType MOSAIC, but " + mosaic.CSAError
        : ParallelSeriesMosaic::ComputeLayout(r.Columns, r.Rows, mosaic.NumberOfImagesInMosaic, layout);
    if (error.empty() && r.Frames > 1)
    {
      error = "mosaic with more than one frame";
    }
    if (error.empty())
    {
      error = ParallelSeriesMosaic::ComputeGeometry(mosaic, r.Position, r.Cosines, r.Spacing, layout, r.Mosaic);
    }
    r.Mosaic.SetError(error);
    // A mosaic whose volume cannot be made is still known as one (its series reports Error).
    layout = r.Mosaic.GetLayout();
    layout.SetNumberOfTiles(mosaic.NumberOfImagesInMosaic);
    r.Mosaic.SetLayout(layout);
  }

  // Truncation: native (not encapsulated) pixel data must fit between the start of the
  // PixelData value (where ReadUpToTag() stopped) and the end of the file.
  const gdcm::TransferSyntax & ts = f.GetHeader().GetDataSetTransferSyntax();
  if (!ts.IsEncapsulated() && ts != gdcm::TransferSyntax::DeflatedExplicitVRLittleEndian)
  {
    // YBR_FULL_422 stores 2 samples per pixel on average (4:2:2 chroma subsampling).
    const bool               ybr422 = pi == gdcm::PhotometricInterpretation::YBR_FULL_422;
    const unsigned int       samples = ybr422 ? 2u : static_cast<unsigned int>(pf.GetSamplesPerPixel());
    const unsigned long long need = NativePixelDataBytes(r.Columns, r.Rows, r.Frames, samples, pf.GetBitsAllocated());
    if (pixelDataOffset + need > r.FileBytes)
    {
      std::ostringstream msg;
      msg << "truncated file: PixelData needs " << need << " bytes from offset " << pixelDataOffset
          << " but the file has " << r.FileBytes << " bytes";
      r.Damage = msg.str();
    }
  }
}
} // namespace

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

std::string
CleanSeriesIdentifier(const std::string & identifier)
{
  std::string clean;
  clean.reserve(identifier.size());
  for (const char c : identifier)
  {
    if (c == '.' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))
    {
      clean.push_back(c);
    }
  }
  return clean;
}

std::string
SeriesIdentifier(const gdcm::StringFilter & sf, const std::string & seriesUID, const SeriesIdentifierRule & rule)
{
  std::string                                id = seriesUID;
  std::vector<std::pair<uint16_t, uint16_t>> refine;
  if (rule.UseSeriesDetails)
  {
    refine = { { 0x0020, 0x0011 }, { 0x0018, 0x0024 }, { 0x0018, 0x0050 }, { 0x0028, 0x0010 }, { 0x0028, 0x0011 } };
  }
  refine.insert(refine.end(), rule.Restrictions.begin(), rule.Restrictions.end());
  for (const auto & t : refine)
  {
    const std::string s = sf.ToString(gdcm::Tag(t.first, t.second));
    if (id == seriesUID && !s.empty())
    {
      id += ".";
    }
    id += s;
  }
  return CleanSeriesIdentifier(id);
}

bool
ImageTypeHas(const std::string & imageType, const std::string & value)
{
  size_t begin = 0;
  while (begin <= imageType.size())
  {
    const size_t end = std::min(imageType.find('\\', begin), imageType.size());
    if (TrimDicomString(imageType.substr(begin, end - begin)) == value)
    {
      return true;
    }
    begin = end + 1;
  }
  return false;
}

std::string
LocalizerEvidence(const std::string & imageType,
                  const std::string & manufacturer,
                  const std::string & sequenceName,
                  const std::string & seriesDescription,
                  const std::string & protocolName,
                  int                 gePlane)
{
  if (ImageTypeHas(imageType, "LOCALIZER"))
  {
    return "ImageType " + imageType + " (LOCALIZER)";
  }
  for (const char * name : { "fl2d1", "tfl2d1", "fl3d1_ns" })
  {
    if (sequenceName == std::string("*") + name || sequenceName == std::string("_") + name)
    {
      return "SequenceName " + sequenceName + " (a localizer sequence)";
    }
  }
  std::string upper = manufacturer;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  if (upper.find("SIEMENS") != std::string::npos && seriesDescription.find("b1map") == std::string::npos)
  {
    if (sequenceName.find("fl2d1") != std::string::npos)
    {
      return "SequenceName " + sequenceName + " (Siemens localizer sequence)";
    }
    if (seriesDescription.find("AAHScout") != std::string::npos)
    {
      return "SeriesDescription " + seriesDescription + " (Siemens AAHScout)";
    }
    if (protocolName.find("AAHScout") != std::string::npos)
    {
      return "ProtocolName " + protocolName + " (Siemens AAHScout)";
    }
  }
  if (gePlane == 256)
  {
    return "GE SeriesPlane (0019,xx17) 256 (3-plane localizer)";
  }
  return {};
}

unsigned long long
NativePixelDataBytes(unsigned int columns,
                     unsigned int rows,
                     unsigned int frames,
                     unsigned int samples,
                     unsigned int bitsAllocated)
{
  const unsigned long long bits = static_cast<unsigned long long>(columns) * rows * frames * samples * bitsAllocated;
  return (bits + 7) / 8;
}

void
ReadFileRecord(const gdcm::File & f, size_t pixelDataOffset, const SeriesIdentifierRule & rule, FileRecord & r)
{
  const gdcm::DataSet & ds = f.GetDataSet();
  gdcm::StringFilter    sf;
  sf.SetFile(f);
  const std::string seriesUID = StringValue(sf, ds, gdcm::Tag(0x0020, 0x000e));
  r.SOPInstanceUID = TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0008, 0x0018)));
  r.SOPClassUID = TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0008, 0x0016)));
  r.SeriesInstanceUID = TrimDicomString(seriesUID);
  r.StudyInstanceUID = TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0020, 0x000d)));
  r.SeriesNumber = TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0020, 0x0011)));
  r.SeriesDescription = TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0008, 0x103e)));
  r.ImageType = TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0008, 0x0008)));
  r.EchoNumbers = TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0018, 0x0086)));
  r.AcquisitionNumber = TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0020, 0x0012)));
  r.TemporalPositionIdentifier = TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0020, 0x0100)));
  r.Modality = TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0008, 0x0060)));
  r.Derived = ImageTypeHas(r.ImageType, "DERIVED");
  {
    int                    gePlane = 0;
    const gdcm::PrivateTag seriesPlane(0x0019, 0x0017, "GEMS_ACQU_01");
    if (ds.FindDataElement(seriesPlane))
    {
      try
      {
        const std::string text = TrimDicomString(sf.ToString(ds.GetDataElement(seriesPlane).GetTag()));
        gePlane = text.empty() ? 0 : std::atoi(text.c_str());
      }
      catch (const std::exception &)
      {
        gePlane = 0; // unreadable: not evidence
      }
    }
    r.Localizer = LocalizerEvidence(r.ImageType,
                                    TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0008, 0x0070))),
                                    TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0018, 0x0024))),
                                    r.SeriesDescription,
                                    TrimDicomString(StringValue(sf, ds, gdcm::Tag(0x0018, 0x1030))),
                                    gePlane);
  }
  r.TransferSyntaxUID = TrimDicomString(gdcm::TransferSyntax::GetTSString(f.GetHeader().GetDataSetTransferSyntax()));
  r.SeriesIdentifier = SeriesIdentifier(sf, seriesUID, rule);
  try
  {
    ReadImageAttributes(f, pixelDataOffset, r);
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
ScanFile(FileRecord & record, const SeriesIdentifierRule & rule)
{
  if (!record.Error.empty())
  {
    return; // not a file (see ParallelGDCMSeriesFileNames::Update())
  }
  HeaderReader header;
  record.Error = header.Read(record.FileName);
  record.FileBytes = header.GetFileBytes();
  if (!record.Error.empty())
  {
    return;
  }
  ReadFileRecord(header.GetFile(), header.GetPixelDataOffset(), rule, record);
}
} // namespace ParallelSeriesScan
} // end namespace itk
