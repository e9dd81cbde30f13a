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
#ifndef itkParallelSeriesMosaicInfo_h
#define itkParallelSeriesMosaicInfo_h

#include "itkMatrix.h"
#include "itkPoint.h"
#include "itkVector.h"

#include <string>

namespace itk
{
/** \class ParallelSeriesMosaicLayout
 * \brief How the tiles of a Siemens mosaic are laid out in its stored image.
 *
 * A Siemens mosaic (ImageType (0008,0008) contains MOSAIC) stores a whole volume of
 * NumberOfTiles slices in one 2D image of MosaicColumns x MosaicRows pixels: a square grid of
 * TilesPerRow x TilesPerRow tiles of TileColumns x TileRows pixels, tile k (the k-th slice,
 * 0-based) at grid row k / TilesPerRow and grid column k % TilesPerRow, the unused tiles of the
 * last grid rows left blank. NumberOfTiles is NumberOfImagesInMosaic of the CSA image header
 * (0029,xx10); TilesPerRow = ceil(sqrt(NumberOfTiles)); TileColumns = MosaicColumns /
 * TilesPerRow, TileRows = MosaicRows / TilesPerRow (nibabel's MosaicWrapper.mosaic_size and
 * image_shape, dcm2niix's nii_demosaic() in nii_dicom_batch.cpp, gdcm::SplitMosaicFilter).
 * All counts are pixels; NumberOfTiles == 0: not a mosaic.
 *
 * A plain value type (copyable, no reference counting): the Get methods never throw; the Set
 * methods are for the scanner (and tests) that fill it.
 *
 * \ingroup ParallelSeries
 */
class ParallelSeriesMosaicLayout
{
public:
  /** NumberOfImagesInMosaic (slices); 0: not a mosaic. */
  unsigned int
  GetNumberOfTiles() const
  {
    return m_NumberOfTiles;
  }
  void
  SetNumberOfTiles(unsigned int value)
  {
    m_NumberOfTiles = value;
  }

  /** Tiles per grid row and per grid column. */
  unsigned int
  GetTilesPerRow() const
  {
    return m_TilesPerRow;
  }
  void
  SetTilesPerRow(unsigned int value)
  {
    m_TilesPerRow = value;
  }

  /** Columns of one tile (x size of the volume). */
  unsigned int
  GetTileColumns() const
  {
    return m_TileColumns;
  }
  void
  SetTileColumns(unsigned int value)
  {
    m_TileColumns = value;
  }

  /** Rows of one tile (y size of the volume). */
  unsigned int
  GetTileRows() const
  {
    return m_TileRows;
  }
  void
  SetTileRows(unsigned int value)
  {
    m_TileRows = value;
  }

  /** Columns (0028,0011) of the stored image. */
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

  /** Rows (0028,0010) of the stored image. */
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
  unsigned int m_NumberOfTiles{ 0 };
  unsigned int m_TilesPerRow{ 0 };
  unsigned int m_TileColumns{ 0 };
  unsigned int m_TileRows{ 0 };
  unsigned int m_MosaicColumns{ 0 };
  unsigned int m_MosaicRows{ 0 };
};

/** \class ParallelSeriesMosaicInfo
 * \brief The de-mosaicked volume of one Siemens mosaic file: its tile layout and geometry.
 *
 * The volume's index order is x = column within a tile, y = row within a tile, z = tile index
 * (size TileColumns x TileRows x NumberOfTiles). Geometry in mm, LPS patient coordinates, as
 * nibabel's MosaicWrapper (image_position, rotation_matrix, voxel_sizes; nibabel 5.4) and
 * dcm2niix's set_nii_header_x() (nii_dicom.cpp, called by headerDcm2Nii2(): the origin shift
 * lFactorX / lFactorY, and the z axis negated when det(row, column, SliceNormalVector) < 0)
 * compute it:
 * - Origin: the centre of voxel (0, 0, 0), i.e. of the first pixel of tile 0: the mosaic's
 *   ImagePositionPatient plus (MosaicColumns - TileColumns) / 2 column spacings along the row
 *   direction and (MosaicRows - TileRows) / 2 row spacings along the column direction (Siemens
 *   writes the position of a virtual slice as large as the whole mosaic, centred on the volume).
 * - Spacing: (column spacing, row spacing) from PixelSpacing (0028,0030) as GDCMImageIO reads
 *   it; z from SpacingBetweenSlices (0018,0088), else SliceThickness (0018,0050), as nibabel's
 *   Wrapper.voxel_sizes; SliceSpacingSource names the attribute used.
 * - Direction: columns 0 and 1 are the row and column directions of ImageOrientationPatient
 *   (orthogonalized as GDCMImageIO does, ParallelSeriesGeometry::DirectionFromCosines()); column
 *   2 is their cross product, negated when the CSA SliceNormalVector points the other way:
 *   nibabel's SiemensWrapper.slice_normal (the cross product, with the sign of the CSA vector),
 *   so that tile k lies at Origin + k x Spacing[2] along the slice direction the scanner
 *   acquired. The matrix has determinant -1 when the CSA vector is opposite to row x column
 *   (ITK images accept such a direction; NIfTI writers store it with qfac = -1).
 *
 * Error (non-empty) says why this file's volume cannot be known (the layout does not divide the
 * stored image, no SliceNormalVector, a SliceNormalVector not parallel to the IOP normal, no
 * slice spacing, a CSA header GDCM cannot parse): the geometry is then not filled in, never
 * guessed (where nibabel falls back to row x column and a 1 mm spacing, and dcm2niix to the
 * normal (0, 0, 1) and integer tile sizes).
 *
 * A plain value type (copyable, no reference counting): the Get methods never throw; the Set
 * methods are for the scanner (and tests) that fill it.
 *
 * \ingroup ParallelSeries
 */
class ParallelSeriesMosaicInfo
{
public:
  /** The tile layout (a copy: in Python, info.GetLayout() outlives a temporary info). */
  ParallelSeriesMosaicLayout
  GetLayout() const
  {
    return m_Layout;
  }
  void
  SetLayout(const ParallelSeriesMosaicLayout & value)
  {
    m_Layout = value;
  }

  /** Centre of voxel (0, 0, 0) of the de-mosaicked volume, mm, LPS (see the class documentation). */
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

  /** Spacing (x, y, z) of the de-mosaicked volume, mm. */
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

  /** "SpacingBetweenSlices" or "SliceThickness": the attribute that gave Spacing[2]. */
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

  /** Non-empty: no volume can be made of this file (and why). */
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

private:
  ParallelSeriesMosaicLayout m_Layout{};
  Point<double, 3>           m_Origin{};
  Vector<double, 3>          m_Spacing{};
  Matrix<double, 3, 3>       m_Direction{};
  std::string                m_SliceSpacingSource{};
  std::string                m_Error{};
};
} // end namespace itk

#endif
