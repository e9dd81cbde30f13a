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
#ifndef itkParallelSeriesSummary_h
#define itkParallelSeriesSummary_h

#include "itkIOCommon.h"
#include "itkMatrix.h"
#include "itkPoint.h"
#include "itkVector.h"

#include <string>

namespace itk
{
/** \class ParallelSeriesSummary
 * \brief What ParallelGDCMSeriesFileNames::GetSeriesSummary() reports about one series, computed
 * from the headers only (no pixel data is read).
 *
 * The attributes are those of the first file of the first volume (of the first file of the
 * series when it has no volume). Geometry is that of the first volume as ImageSeriesReader +
 * GDCMImageIO would report it: Origin = ImagePositionPatient of its first file (mm, LPS patient
 * coordinates); the columns of Direction are the row, column and slice directions (the
 * ImageOrientationPatient cosines, orthogonalized as GDCMImageIO does); Spacing = (column
 * spacing, row spacing, slice spacing) in mm, the slice spacing being the distance between the
 * first and last ImagePositionPatient divided by (number of slices - 1), or GDCM's spacing of
 * the file for a single-file volume (SpacingBetweenSlices / SliceThickness, or the multi-frame
 * spacing); a negative spacing is made positive by flipping that direction column, as
 * ImageFileReader does. Sizes are in index order (x = column, y = row, z = slice). For a series
 * of Siemens mosaics (GetNumberOfImagesInMosaic() > 0) they are those of the de-mosaicked volume.
 *
 * A plain value type (copyable, no reference counting): the Get methods never throw; the Set
 * methods are for the scanner (and tests) that fill it. Thread safety: as a std::string, const
 * methods may be called concurrently on one object.
 *
 * \sa ParallelGDCMSeriesFileNames::GetSeriesSummary()
 * \ingroup ParallelSeries
 */
class ParallelSeriesSummary
{
public:
  /** Key of the series in ParallelGDCMSeriesFileNames::GetSeriesUIDs() / GetFileNames(). */
  const std::string &
  GetSeriesIdentifier() const
  {
    return m_SeriesIdentifier;
  }
  void
  SetSeriesIdentifier(const std::string & value)
  {
    m_SeriesIdentifier = value;
  }

  /** SeriesInstanceUID (0020,000E) of the first file. */
  const std::string &
  GetSeriesInstanceUID() const
  {
    return m_SeriesInstanceUID;
  }
  void
  SetSeriesInstanceUID(const std::string & value)
  {
    m_SeriesInstanceUID = value;
  }

  /** StudyInstanceUID (0020,000D) of the first file. */
  const std::string &
  GetStudyInstanceUID() const
  {
    return m_StudyInstanceUID;
  }
  void
  SetStudyInstanceUID(const std::string & value)
  {
    m_StudyInstanceUID = value;
  }

  /** SeriesNumber (0020,0011) of the first file, as text (empty when absent). */
  const std::string &
  GetSeriesNumber() const
  {
    return m_SeriesNumber;
  }
  void
  SetSeriesNumber(const std::string & value)
  {
    m_SeriesNumber = value;
  }

  /** SeriesDescription (0008,103E) of the first file. */
  const std::string &
  GetSeriesDescription() const
  {
    return m_SeriesDescription;
  }
  void
  SetSeriesDescription(const std::string & value)
  {
    m_SeriesDescription = value;
  }

  /** Modality (0008,0060) of the first file. */
  const std::string &
  GetModality() const
  {
    return m_Modality;
  }
  void
  SetModality(const std::string & value)
  {
    m_Modality = value;
  }

  /** Transfer syntax UID of the first file. */
  const std::string &
  GetTransferSyntaxUID() const
  {
    return m_TransferSyntaxUID;
  }
  void
  SetTransferSyntaxUID(const std::string & value)
  {
    m_TransferSyntaxUID = value;
  }

  /** PhotometricInterpretation (0028,0004) of the first file. */
  const std::string &
  GetPhotometricInterpretation() const
  {
    return m_PhotometricInterpretation;
  }
  void
  SetPhotometricInterpretation(const std::string & value)
  {
    m_PhotometricInterpretation = value;
  }

  /** Columns (0028,0011): size along x (index 0), pixels. */
  unsigned int
  GetColumns() const
  {
    return m_Columns;
  }
  void
  SetColumns(unsigned int value)
  {
    m_Columns = value;
  }

  /** Rows (0028,0010): size along y (index 1), pixels. */
  unsigned int
  GetRows() const
  {
    return m_Rows;
  }
  void
  SetRows(unsigned int value)
  {
    m_Rows = value;
  }

  /** Files of the series (all volumes). */
  unsigned int
  GetNumberOfFiles() const
  {
    return m_NumberOfFiles;
  }
  void
  SetNumberOfFiles(unsigned int value)
  {
    m_NumberOfFiles = value;
  }

  /** NumberOfFrames (0028,0008) of the first file (1 when absent). */
  unsigned int
  GetNumberOfFramesPerFile() const
  {
    return m_NumberOfFramesPerFile;
  }
  void
  SetNumberOfFramesPerFile(unsigned int value)
  {
    m_NumberOfFramesPerFile = value;
  }

  /** Slices of one volume (size along z, index 2): files per volume x frames per file. */
  unsigned int
  GetNumberOfSlices() const
  {
    return m_NumberOfSlices;
  }
  void
  SetNumberOfSlices(unsigned int value)
  {
    m_NumberOfSlices = value;
  }

  /** Volumes of the series; 0 when the series is inconsistent (see GetError()). */
  unsigned int
  GetNumberOfVolumes() const
  {
    return m_NumberOfVolumes;
  }
  void
  SetNumberOfVolumes(unsigned int value)
  {
    m_NumberOfVolumes = value;
  }

  /** SamplesPerPixel (0028,0002): 1 for grayscale, 3 for RGB. */
  unsigned int
  GetSamplesPerPixel() const
  {
    return m_SamplesPerPixel;
  }
  void
  SetSamplesPerPixel(unsigned int value)
  {
    m_SamplesPerPixel = value;
  }

  /** BitsAllocated (0028,0100). */
  unsigned int
  GetBitsAllocated() const
  {
    return m_BitsAllocated;
  }
  void
  SetBitsAllocated(unsigned int value)
  {
    m_BitsAllocated = value;
  }

  /** Pixel component type GDCMImageIO reports: the stored type, widened as gdcm::Rescaler
   * requires when RescaleSlope / RescaleIntercept are not 1 / 0. */
  IOComponentEnum
  GetComponentType() const
  {
    return m_ComponentType;
  }
  void
  SetComponentType(IOComponentEnum value)
  {
    m_ComponentType = value;
  }

  /** RescaleSlope (0028,1053) of the first file (1 when absent). */
  double
  GetRescaleSlope() const
  {
    return m_RescaleSlope;
  }
  void
  SetRescaleSlope(double value)
  {
    m_RescaleSlope = value;
  }

  /** RescaleIntercept (0028,1052) of the first file (0 when absent). */
  double
  GetRescaleIntercept() const
  {
    return m_RescaleIntercept;
  }
  void
  SetRescaleIntercept(double value)
  {
    m_RescaleIntercept = value;
  }

  /** Spacing (x, y, z) in mm, all components positive (see the class documentation). */
  const Vector<double, 3> &
  GetSpacing() const
  {
    return m_Spacing;
  }
  void
  SetSpacing(const Vector<double, 3> & value)
  {
    m_Spacing = value;
  }

  /** ImagePositionPatient of the first file of the first volume, mm, LPS patient coordinates. */
  const Point<double, 3> &
  GetOrigin() const
  {
    return m_Origin;
  }
  void
  SetOrigin(const Point<double, 3> & value)
  {
    m_Origin = value;
  }

  /** Direction cosines: columns are the x, y and z directions (see the class documentation). */
  const Matrix<double, 3, 3> &
  GetDirection() const
  {
    return m_Direction;
  }
  void
  SetDirection(const Matrix<double, 3, 3> & value)
  {
    m_Direction = value;
  }

  /** Where Spacing[2] comes from: "ImagePositionPatient" (first-to-last distance of a volume
   * of several files), the attribute GDCM read for a single-file volume
   * ("SpacingBetweenSlices", "PixelMeasuresSequence", ...), for a Siemens mosaic the attribute
   * that gave it ("SpacingBetweenSlices" or "SliceThickness"), or "" when nothing gives it:
   * Spacing[2] is then a placeholder (1 mm) that no file states. */
  const std::string &
  GetSliceSpacingSource() const
  {
    return m_SliceSpacingSource;
  }
  void
  SetSliceSpacingSource(const std::string & value)
  {
    m_SliceSpacingSource = value;
  }

  /** Where Spacing[0], Spacing[1] come from: "PixelSpacing", or for a projection image without
   * PixelSpacing "ImagerPixelSpacing" (ParallelSeriesGeometry::ProjectionPixelSpacing()), or ""
   * when no attribute gives them (a placeholder 1 mm). */
  const std::string &
  GetPixelSpacingSource() const
  {
    return m_PixelSpacingSource;
  }
  void
  SetPixelSpacingSource(const std::string & value)
  {
    m_PixelSpacingSource = value;
  }

  /** Whether the first file has an ImagePositionPatient: when false, Origin is GDCM's (0,0,0),
   * a placeholder that no attribute states (the origin is unknown: projection images). */
  bool
  GetOriginKnown() const
  {
    return m_OriginKnown;
  }
  void
  SetOriginKnown(bool value)
  {
    m_OriginKnown = value;
  }

  /** Largest |distance between consecutive slices - Spacing[2]| of the first volume (mm), as
   * ImageSeriesReader's "ITK_non_uniform_sampling_deviation"; 0 when evenly spaced. */
  double
  GetSliceSpacingDeviation() const
  {
    return m_SliceSpacingDeviation;
  }
  void
  SetSliceSpacingDeviation(double value)
  {
    m_SliceSpacingDeviation = value;
  }

  /** Angle (degrees) between the slice normal of IOP and the line through the first and last
   * positions of the first volume (ParallelSeriesGeometry::StackTiltDegrees()): gantry tilt.
   * Above about 0.01 degree the orthogonal Direction misplaces the slices. */
  double
  GetStackTiltDegrees() const
  {
    return m_StackTiltDegrees;
  }
  void
  SetStackTiltDegrees(double value)
  {
    m_StackTiltDegrees = value;
  }

  /** The correction the first volume needs to be placed right
   * (ParallelSeriesGeometry::NeededStackCorrection() on its positions: the rule the command-line
   * tool's --geometry-correction and SliceStackResampleImageFilter use): "none", "tilt",
   * "equidistant" or "tilt+equidistant". "none" for single-file volumes. */
  const std::string &
  GetGeometryCorrection() const
  {
    return m_GeometryCorrection;
  }
  void
  SetGeometryCorrection(const std::string & value)
  {
    m_GeometryCorrection = value;
  }

  /** Sum of the sizes of the files of the series, bytes. */
  unsigned long long
  GetTotalFileBytes() const
  {
    return m_TotalFileBytes;
  }
  void
  SetTotalFileBytes(unsigned long long value)
  {
    m_TotalFileBytes = value;
  }

  /** Why the series has no volume; empty when it is consistent. */
  const std::string &
  GetError() const
  {
    return m_Error;
  }
  void
  SetError(const std::string & value)
  {
    m_Error = value;
  }

  /** Siemens mosaics (ParallelSeriesMosaicInfo): NumberOfImagesInMosaic of the first file (0:
   * not a mosaic series). Then Columns, Rows, NumberOfSlices, Origin, Spacing and Direction
   * are those of the de-mosaicked volume (tile columns, tile rows, tiles) and MosaicColumns x
   * MosaicRows is the size of the stored image. */
  unsigned int
  GetNumberOfImagesInMosaic() const
  {
    return m_NumberOfImagesInMosaic;
  }
  void
  SetNumberOfImagesInMosaic(unsigned int value)
  {
    m_NumberOfImagesInMosaic = value;
  }

  /** Columns (0028,0011) of the stored image of a Siemens mosaic (0: not a mosaic series). */
  unsigned int
  GetMosaicColumns() const
  {
    return m_MosaicColumns;
  }
  void
  SetMosaicColumns(unsigned int value)
  {
    m_MosaicColumns = value;
  }

  /** Rows (0028,0010) of the stored image of a Siemens mosaic (0: not a mosaic series). */
  unsigned int
  GetMosaicRows() const
  {
    return m_MosaicRows;
  }
  void
  SetMosaicRows(unsigned int value)
  {
    m_MosaicRows = value;
  }

private:
  std::string          m_SeriesIdentifier{};
  std::string          m_SeriesInstanceUID{};
  std::string          m_StudyInstanceUID{};
  std::string          m_SeriesNumber{};
  std::string          m_SeriesDescription{};
  std::string          m_Modality{};
  std::string          m_TransferSyntaxUID{};
  std::string          m_PhotometricInterpretation{};
  unsigned int         m_Columns{ 0 };
  unsigned int         m_Rows{ 0 };
  unsigned int         m_NumberOfFiles{ 0 };
  unsigned int         m_NumberOfFramesPerFile{ 1 };
  unsigned int         m_NumberOfSlices{ 0 };
  unsigned int         m_NumberOfVolumes{ 0 };
  unsigned int         m_SamplesPerPixel{ 1 };
  unsigned int         m_BitsAllocated{ 0 };
  IOComponentEnum      m_ComponentType{ IOComponentEnum::UNKNOWNCOMPONENTTYPE };
  double               m_RescaleSlope{ 1.0 };
  double               m_RescaleIntercept{ 0.0 };
  Vector<double, 3>    m_Spacing{};
  Point<double, 3>     m_Origin{};
  Matrix<double, 3, 3> m_Direction{};
  std::string          m_SliceSpacingSource{};
  std::string          m_PixelSpacingSource{};
  bool                 m_OriginKnown{ true };
  double               m_SliceSpacingDeviation{ 0.0 };
  double               m_StackTiltDegrees{ 0.0 };
  std::string          m_GeometryCorrection{ "none" };
  unsigned long long   m_TotalFileBytes{ 0 };
  std::string          m_Error{};
  unsigned int         m_NumberOfImagesInMosaic{ 0 };
  unsigned int         m_MosaicColumns{ 0 };
  unsigned int         m_MosaicRows{ 0 };
};
} // end namespace itk

#endif // itkParallelSeriesSummary_h
