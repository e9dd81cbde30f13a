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
#ifndef itkParallelSeriesForegroundDirectory_h
#define itkParallelSeriesForegroundDirectory_h

// A test directory with a known foreground, for the preprocessing options of parallel-series
// convert: 3 series (unsigned short, short, unsigned char with a frame of 255) with a zero
// background, a foreground rectangle and, inside it, a bright block whose centre must land where
// the written TIFF tags say.

#include "itkParallelSeriesDicomSliceWriter.h"
#include "itkNumericTraits.h"
#include "itksys/SystemTools.hxx"

#include <cstdint>
#include <string>
#include <vector>

namespace ParallelSeriesCLITest
{
/** Series of the foreground directory (--generate-foreground): zero background, a uniform
 * foreground rectangle, and inside it a bright block whose centre must land on the tags' mapping. */
struct ForegroundSeries
{
  std::string          UID;
  itk::IOComponentEnum Type;
  unsigned int         Columns, Rows, Slices;
  int                  Border; ///< width of a frame of the pixel type's maximum (crop-max test)
  unsigned int         Fg[4];  ///< foreground x0, y0, x1, y1 (inclusive)
  unsigned int         Block[4];
  double               FgValue, BlockValue;
};

inline std::vector<ForegroundSeries>
ForegroundSeriesList()
{
  using T = itk::IOComponentEnum;
  const std::string root = "1.2.826.0.1.3680043.2.1125.99.77.";
  return { { root + "1", T::USHORT, 200, 120, 4, 0, { 30, 20, 170, 100 }, { 100, 50, 123, 73 }, 1000, 40000 },
           { root + "2", T::SHORT, 90, 150, 3, 0, { 10, 40, 79, 139 }, { 20, 60, 41, 81 }, -500, 3000 },
           { root + "3", T::UCHAR, 100, 100, 2, 5, { 20, 30, 69, 79 }, { 35, 45, 54, 64 }, 100, 200 } };
}

/** The pixel at (x, y) of slice z of series \c s, for the maximum value \c maximum of its pixel
 * type. */
inline double
ForegroundValue(const ForegroundSeries & s, unsigned int x, unsigned int y, unsigned int z, double maximum)
{
  const int64_t xs = x, ys = y;
  if (xs < s.Border || ys < s.Border || xs >= int64_t(s.Columns) - s.Border || ys >= int64_t(s.Rows) - s.Border)
  {
    return maximum;
  }
  if (x >= s.Block[0] && x <= s.Block[2] && y >= s.Block[1] && y <= s.Block[3])
  {
    return s.BlockValue;
  }
  if (x >= s.Fg[0] && x <= s.Fg[2] && y >= s.Fg[1] && y <= s.Fg[3])
  {
    return s.FgValue + ((x + y + z) % 3); // slight texture, never 0
  }
  return 0.0;
}

/** Writes the foreground directory. */
inline void
GenerateForegroundDirectory(const std::string & root)
{
  itksys::SystemTools::RemoveADirectory(root);
  itksys::SystemTools::MakeDirectory(root);
  const auto list = ForegroundSeriesList();
  for (unsigned int si = 0; si < list.size(); ++si)
  {
    const ForegroundSeries & s = list[si];
    double                   maximum = 0.0;
    itk::ParallelSeriesComponentTypes::VisitComponentType(
      s.Type, [&maximum](auto tag) { maximum = itk::NumericTraits<typename decltype(tag)::Type>::max(); });
    for (unsigned int z = 0; z < s.Slices; ++z)
    {
      ParallelSeriesTest::DicomSliceGeometry geometry;
      geometry.Columns = s.Columns;
      geometry.Rows = s.Rows;
      geometry.Spacing[0] = 0.5;
      geometry.Spacing[1] = 0.75;
      geometry.Spacing[2] = 2.0;
      geometry.Origin[0] = -10.0;
      geometry.Origin[1] = 5.0;
      geometry.Origin[2] = z * 2.0;
      ParallelSeriesTest::DicomSliceAttributes attributes;
      attributes.StudyInstanceUID = "1.2.826.0.1.3680043.2.1125.99.77.0";
      attributes.SeriesInstanceUID = s.UID;
      attributes.SOPInstanceUID = s.UID + "." + std::to_string(z + 1);
      // CT Image Storage, so that GDCM writes ImagePositionPatient: slices without a position
      // are not a stack (each is an image of its own).
      attributes.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2";
      attributes.Modality = "CT";
      attributes.SeriesNumber = si + 1;
      attributes.InstanceNumber = z + 1;
      attributes.SeriesDescription = "foreground " + std::to_string(si + 1);
      ParallelSeriesTest::WriteDicomSlice(
        s.Type,
        geometry,
        attributes,
        [&](unsigned int x, unsigned int y) { return ForegroundValue(s, x, y, z, maximum); },
        root + "/FG" + std::to_string(si + 1) + "_" + std::to_string(z) + ".dcm");
    }
  }
}
} // namespace ParallelSeriesCLITest

#endif
