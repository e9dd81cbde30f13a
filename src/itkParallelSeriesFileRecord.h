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
#ifndef itkParallelSeriesFileRecord_h
#define itkParallelSeriesFileRecord_h

// Internal to the module (not installed): what ParallelGDCMSeriesFileNames' scan keeps of one
// file, and how it is taken from the header.

#include "ParallelSeriesExport.h"
#include "itkIOCommon.h"
#include "itkParallelSeriesMosaic.h"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace gdcm
{
class File;
class StringFilter;
} // namespace gdcm

namespace itk
{
namespace ParallelSeriesScan
{
/** What the scan keeps of one frame of a multi-frame file: its per-frame functional group
 * (PerFrameFunctionalGroupsSequence (5200,9230), item k for frame k), as GDCM parses it. */
struct FrameRecord
{
  /** ImagePositionPatient of the frame's PlanePositionSequence (0020,9113), mm, LPS. */
  double Position[3]{ 0, 0, 0 };
  /** TemporalPositionIndex (0020,9128) of the frame's FrameContentSequence (0020,9111); -1
   * when absent. */
  long long TemporalPositionIndex{ -1 };
  /** DimensionIndexValues (0020,9157) of the FrameContentSequence; empty when absent. */
  std::vector<unsigned int> DimensionIndexValues;
  /** NominalCardiacTriggerDelayTime (0020,9153) of the CardiacSynchronizationSequence
   * (0018,9118), ms; NaN when absent. */
  double TriggerDelayTime{ std::numeric_limits<double>::quiet_NaN() };
  /** StackID (0020,9056) of the FrameContentSequence ("" when absent). */
  std::string StackID;
};

/** What the scan of one file gives: a plain record (the ordering and summary functions work on
 * these only, without DICOM files). Text attributes are trimmed of leading and trailing spaces
 * and trailing NULs. Position is ImagePositionPatient (mm, LPS), Cosines ImageOrientationPatient
 * (row x, y, z, column x, y, z), both GDCM's defaults ((0,0,0), (1,0,0,0,1,0)) when absent. */
struct FileRecord
{
  std::string FileName;
  std::string SeriesIdentifier;
  std::string SeriesInstanceUID;
  std::string StudyInstanceUID;
  std::string SeriesNumber;
  std::string SeriesDescription;
  std::string Modality;
  std::string TransferSyntaxUID;
  std::string PhotometricInterpretation;
  std::string SOPInstanceUID;
  std::string SOPClassUID;                ///< (0008,0016)
  std::string ImageType;                  ///< (0008,0008), values joined by '\\'
  std::string EchoNumbers;                ///< (0018,0086)
  std::string AcquisitionNumber;          ///< (0020,0012)
  std::string TemporalPositionIdentifier; ///< (0020,0100)
  bool        Derived{ false };           ///< ImageType (0008,0008) has the value DERIVED
  /** Why the file is a localizer (LocalizerEvidence()), empty when nothing says it is. */
  std::string Localizer;
  std::string Error;                      ///< non-empty: skipped
  std::string Damage;                     ///< non-empty: part of its series, but its pixel data cannot be read
  bool        HasPosition{ false };       ///< ImagePositionPatient (or a multi-frame position) present
  double      Position[3]{ 0, 0, 0 };
  double      Cosines[6]{ 1, 0, 0, 0, 1, 0 };
  double      Spacing[3]{ 1, 1, 1 }; ///< GDCM's spacing of the file (column, row, slice), mm
  /** Where GDCM took Spacing[2] from: "SpacingBetweenSlices", "GridFrameOffsetVector" (RT dose),
   * a multi-frame's functional groups ("PixelMeasuresSequence"), another tag as "gggg|eeee", or
   * "" when nothing gives it (then Spacing[2] is GDCM's placeholder, 1). */
  std::string SliceSpacingSource;
  /** Where Spacing[0], Spacing[1] come from: "PixelSpacing" or, for a projection image only,
   * "ImagerPixelSpacing" (ParallelSeriesGeometry::ProjectionPixelSpacing()); "" when nothing
   * gives them (GDCM's placeholder 1 mm). */
  std::string PixelSpacingSource;
  /** ParallelSeriesGeometry::IsProjectionImage(): one 2D image (its frames for a multi-frame
   * file), never a slice of a stack; its in-plane spacing by ProjectionPixelSpacing(). */
  bool               Projection{ false };
  double             RescaleIntercept{ 0.0 };
  double             RescaleSlope{ 1.0 };
  int                InstanceNumber{ -1 };
  unsigned int       Columns{ 0 };
  unsigned int       Rows{ 0 };
  unsigned int       Frames{ 1 };
  unsigned int       SamplesPerPixel{ 1 };
  unsigned int       BitsAllocated{ 0 };
  IOComponentEnum    ComponentType{ IOComponentEnum::UNKNOWNCOMPONENTTYPE };
  unsigned long long FileBytes{ 0 };
  /** A Siemens mosaic (IsMosaic(), see ParallelSeriesMosaic::MosaicHeader): its layout and the
   * geometry of its de-mosaicked volume, or Mosaic.GetError() (then
   * Mosaic.GetLayout().GetNumberOfTiles() is NumberOfImagesInMosaic when known, else 0). */
  ParallelSeriesMosaicInfo Mosaic;
  /** The frames of a multi-frame file (Frames > 1) whose every frame has a per-frame
   * PlanePositionSequence with ImagePositionPatient: one record per frame, in file order;
   * empty otherwise (no per-frame positions: the file is one volume, as GDCM reads it). */
  std::vector<FrameRecord> FrameRecords;

  /** ImageType MOSAIC with a number of tiles in the CSA header, or with a Mosaic.GetError(). */
  bool
  IsMosaic() const
  {
    return Mosaic.GetLayout().GetNumberOfTiles() > 0 || !Mosaic.GetError().empty();
  }
};

/** What the series identifier is made of (ParallelGDCMSeriesFileNames' settings). */
struct SeriesIdentifierRule
{
  bool                                       UseSeriesDetails{ false };
  std::vector<std::pair<uint16_t, uint16_t>> Restrictions; ///< (group, element) of AddSeriesRestriction()
};

/** \c s without leading spaces and without trailing spaces and NULs (DICOM pads values to an
 * even length with a space, UIDs with a NUL). */
ParallelSeries_EXPORT std::string
TrimDicomString(std::string s);

/** gdcm::SerieHelper::CreateUniqueSeriesIdentifier()'s last step: \c identifier with every
 * character other than [0-9A-Za-z.] removed. */
ParallelSeries_EXPORT std::string
CleanSeriesIdentifier(const std::string & identifier);

/** The series identifier of a file, as gdcm::SerieHelper::CreateUniqueSeriesIdentifier(): its
 * SeriesInstanceUID (0020,000E) \c seriesUID (untrimmed); with \c rule.UseSeriesDetails the
 * values of SeriesNumber (0020,0011), SequenceName (0018,0024), SliceThickness (0018,0050),
 * Rows (0028,0010) and Columns (0028,0011) appended (gdcm::StringFilter::ToString()), then those
 * of \c rule.Restrictions, a '.' before the first non-empty one; then CleanSeriesIdentifier(). */
std::string
SeriesIdentifier(const gdcm::StringFilter & sf, const std::string & seriesUID, const SeriesIdentifierRule & rule);

/** Bytes that native (not encapsulated) pixel data of these dimensions needs: columns x rows x
 * frames x samples x bitsAllocated bits, rounded up to whole bytes. \c samples is 2 for
 * YBR_FULL_422 (4:2:2 chroma subsampling stores 2 samples per pixel on average). */
ParallelSeries_EXPORT unsigned long long
NativePixelDataBytes(unsigned int columns,
                     unsigned int rows,
                     unsigned int frames,
                     unsigned int samples,
                     unsigned int bitsAllocated);

/** Why an image is a localizer (scout), as dcm2niix's "-i y" tells them (nii_dicom.cpp,
 * readDICOMx(), and nii_dicom_batch.cpp, saveDcm2Nii(), dcm2niix v1.0.2024): SequenceName
 * (0018,0024) *fl2d1, *tfl2d1 or *fl3d1_ns ('*' or '_'); for Siemens (Manufacturer contains
 * SIEMENS) also a SequenceName containing fl2d1 or "AAHScout" in SeriesDescription or
 * ProtocolName, unless SeriesDescription contains b1map; for GE the 3-plane SeriesPlane
 * (0019,xx17 of GEMS_ACQU_01, \c gePlane = 256). Added to dcm2niix's rules: the DICOM defined term
 * LOCALIZER in ImageType (C.8.3.1.1.1, C.8.16.1). Empty when none applies. The series-level rule
 * (ImageOrientationPatient varying within a series) is the scanner's. */
ParallelSeries_EXPORT std::string
LocalizerEvidence(const std::string & imageType,
                  const std::string & manufacturer,
                  const std::string & sequenceName,
                  const std::string & seriesDescription,
                  const std::string & protocolName,
                  int                 gePlane);

/** Whether ImageType \c imageType (values separated by '\\') has the value \c value. */
ParallelSeries_EXPORT bool
ImageTypeHas(const std::string & imageType, const std::string & value);

/** Fills \c record (FileName and FileBytes already set) from the parsed header \c file, whose
 * PixelData value starts at byte \c pixelDataOffset: identifiers, geometry, pixel format,
 * rescaling (GDCMImageIO's component type, ParallelSeriesGDCM::RescaledComponentType()), the
 * mosaic layout and de-mosaicked geometry of a Siemens mosaic (ParallelSeriesMosaic), and
 * Damage when native pixel data would extend beyond the end of the file. Sets Error when GDCM
 * cannot interpret the image attributes or when Rows or Columns is missing or zero. */
void
ReadFileRecord(const gdcm::File & file, size_t pixelDataOffset, const SeriesIdentifierRule & rule, FileRecord & record);

/** Scans one file: HeaderReader, then ReadFileRecord(). \c record.FileName is the file; a
 * record with an Error already (an entry the listing could not list) is left as it is. Sets
 * Error when the file is skipped. GDCM's exceptions other than std::exception are not caught
 * (see ParallelSeriesGDCM::CurrentExceptionText()). Thread-safe for distinct records. */
void
ScanFile(FileRecord & record, const SeriesIdentifierRule & rule);
} // namespace ParallelSeriesScan
} // end namespace itk

#endif
