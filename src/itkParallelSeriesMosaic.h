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
#ifndef itkParallelSeriesMosaic_h
#define itkParallelSeriesMosaic_h

// Internal to the module (not installed): Siemens mosaics. What the scan takes from a file's
// header (MosaicHeader, ReadMosaicHeader(): GDCM parses the DICOM and the CSA header), and pure
// functions for the tile layout, the geometry of the de-mosaicked volume and the tile copy
// (no I/O, no state, thread-safe; unit-tested without DICOM files in
// test/itkParallelSeriesMosaicTest.cxx).

#include "ParallelSeriesExport.h"
#include "itkParallelSeriesMosaicInfo.h"

#include <cstddef>
#include <string>

namespace gdcm
{
class DataSet;
} // namespace gdcm

namespace itk
{
namespace ParallelSeriesMosaic
{
/** The attributes of one file that make it a mosaic and fix its geometry, as the scan reads
 * them. Lengths in mm. */
struct MosaicHeader
{
  bool         ImageTypeMosaic{ false };    ///< ImageType (0008,0008) has the value MOSAIC
  unsigned int NumberOfImagesInMosaic{ 0 }; ///< CSA image header (0029,xx10); 0: absent
  bool         HasSliceNormal{ false };
  double       SliceNormal[3]{ 0, 0, 0 }; ///< CSA SliceNormalVector (LPS, unit length)
  double       SpacingBetweenSlices{ 0 }; ///< (0018,0088); 0: absent, empty or not positive
  double       SliceThickness{ 0 };       ///< (0018,0050); 0: absent, empty or not positive
  std::string  CSAError;                  ///< non-empty: ImageType says MOSAIC but GDCM cannot parse the CSA header

  /** A Siemens mosaic: ImageType MOSAIC and a NumberOfImagesInMosaic > 0, or a CSAError (a
   * mosaic whose volume cannot be known) (nibabel's
   * csareader.is_mosaic() asks the same, dcm2niix's nii_readCSAImageHeader() and
   * gdcm::SplitMosaicFilter read the same CSA element). */
  bool
  IsMosaic() const
  {
    return ImageTypeMosaic && (NumberOfImagesInMosaic > 0 || !CSAError.empty());
  }
};

/** Fills \c header from a parsed data set: ImageType and, when it has the value MOSAIC,
 * SpacingBetweenSlices, SliceThickness and the CSA image header info (0029,xx10) located by
 * gdcm::SplitMosaicFilter::ComputeCSAImageHeaderInfo() (private creator "SIEMENS CSA HEADER",
 * or (0029,1010) when an anonymizer removed the creator) and parsed by gdcm::CSAHeader:
 * NumberOfImagesInMosaic (IS) and SliceNormalVector (3 x FD), read as
 * gdcm::SplitMosaicFilter::GetNumberOfImagesInMosaic() and ComputeMOSAICSliceNormal() read
 * them (without their fallbacks that guess the number from AcquisitionMatrix). When GDCM
 * fails on the CSA header (gdcm::CSAHeader asserts on a header it does not know, e.g. an "SV10"
 * header without its "\4\3\2\1" signature), CSAError says so. GDCM's std::exception on the
 * other attributes is left to the caller. */
ParallelSeries_EXPORT void
ReadMosaicHeader(const gdcm::DataSet & ds, MosaicHeader & header);

/** ceil(sqrt(numberOfTiles)), computed exactly in integers: the smallest m with m x m >=
 * numberOfTiles (nibabel's MosaicWrapper.mosaic_size, dcm2niix's nRowCol). 0 for 0. */
ParallelSeries_EXPORT unsigned int
TilesPerRow(unsigned int numberOfTiles);

/** The layout of a mosaic of \c mosaicColumns x \c mosaicRows pixels holding \c numberOfTiles
 * tiles (see ParallelSeriesMosaicLayout). Returns the empty string, or why there is no layout:
 * no tile, or the stored image is not a whole number of tiles wide and high (nibabel's reshape
 * and dcm2niix's integer division would then cut pixels of the wrong tiles). */
ParallelSeries_EXPORT std::string
                      ComputeLayout(unsigned int                 mosaicColumns,
                                    unsigned int                 mosaicRows,
                                    unsigned int                 numberOfTiles,
                                    ParallelSeriesMosaicLayout & layout);

/** The geometry of the de-mosaicked volume (see ParallelSeriesMosaicInfo for the rules and their
 * sources): \c position = ImagePositionPatient of the mosaic (mm, LPS), \c cosines =
 * ImageOrientationPatient (row x, y, z, column x, y, z), \c pixelSpacing = (column spacing,
 * row spacing) in mm (GDCMImageIO's x and y spacing, i.e. PixelSpacing's second and first
 * values), \c layout from ComputeLayout(). Fills \c info (its Layout too) and returns the empty
 * string, or returns why the geometry cannot be known (then Origin, Spacing and Direction are
 * left as they are): no SliceNormalVector; a SliceNormalVector whose dot product with
 * row x column is not within 1e-3 of +1 or -1 (nibabel asserts 1e-5 on unit vectors; the CSA
 * vector is stored with about 6 digits); neither SpacingBetweenSlices nor SliceThickness. */
ParallelSeries_EXPORT std::string
                      ComputeGeometry(const MosaicHeader &               header,
                                      const double                       position[3],
                                      const double                       cosines[6],
                                      const double                       pixelSpacing[2],
                                      const ParallelSeriesMosaicLayout & layout,
                                      ParallelSeriesMosaicInfo &         info);

/** Copies the tiles of a decoded mosaic (\c mosaic: MosaicRows rows of MosaicColumns pixels of
 * \c pixelBytes bytes each, x fastest, components interleaved) into the de-mosaicked volume
 * (\c volume: NumberOfTiles slices of TileRows rows of TileColumns pixels): voxel (x, y, z) =
 * mosaic pixel (column (z % TilesPerRow) x TileColumns + x, row (z / TilesPerRow) x TileRows +
 * y), as nibabel's MosaicWrapper.get_unscaled_data() and dcm2niix's nii_demosaic(). One memcpy
 * per tile row. The buffers must not overlap. */
ParallelSeries_EXPORT void
CopyTiles(const void * mosaic, const ParallelSeriesMosaicLayout & layout, size_t pixelBytes, void * volume);
} // namespace ParallelSeriesMosaic
} // end namespace itk

#endif
